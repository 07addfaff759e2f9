#!/usr/bin/env python3
"""Screenshot of the viewer on a realistic graph: the gold annotations of the sample articles.

Builds the graph model from ``../shared/gold/*.json`` (gold files are extraction
records by shape), writes the viewer page, and takes a screenshot with
``../shared/tools/html-shot.sh`` (headless Chromium, network blocked) of a copy of
the page in which a small script searches for a node, opens its details and
focuses its neighbourhood once the layout has settled, as a user would.

    .venv/bin/python scripts/viewer_shot.py --select 陕西省 --depth 2 --out docs/viewer.png
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

DEMO_JS = """
<script>
(function () {
  var done = false;
  function act() {
    if (done) return; done = true;
    var s = document.getElementById("kg-search");
    s.value = %(name)s;
    s.dispatchEvent(new Event("input"));
    s.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter"}));
    var b = document.getElementById(%(button)s);
    if (b) b.click();
  }
  network.once("stabilizationIterationsDone", function () { setTimeout(act, 50); });
  setTimeout(act, 4000);
})();
</script>
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(SHARED / "gold"), help="folder of gold JSON files")
    ap.add_argument("--out", default=str(ROOT / "docs" / "viewer.png"), help="PNG to write")
    ap.add_argument("--html", default=None, help="also keep the (unmodified) page here")
    ap.add_argument("--select", default=None, help="name to search for and open (default: none)")
    ap.add_argument("--depth", type=int, default=2, choices=(0, 1, 2), help="focus depth after selecting (0: none)")
    ap.add_argument("--size", default="1400,900", help="window size W,H")
    args = ap.parse_args()

    sys.path.insert(0, str(ROOT))
    from kg.export.viewer import render_viewer
    from kg.graph.model import build_graph

    files = sorted(glob.glob(os.path.join(args.gold, "*.json")))
    if not files:
        sys.exit(f"no gold files in {args.gold}")
    graph = build_graph([json.load(open(f, encoding="utf-8")) for f in files])
    page, counts = render_viewer(graph, title="知识图谱浏览 · 样例文章")
    print(f"graph from {len(files)} gold files: {counts}")
    if args.html:
        Path(args.html).write_text(page, encoding="utf-8")
    if args.select:
        button = json.dumps(f"kg-focus{args.depth}" if args.depth else "")
        demo = DEMO_JS % {"name": json.dumps(args.select), "button": button}
        page = page.replace("</body>", demo + "</body>")
    # Headless Chromium lays the page out in a shorter viewport and enlarges it just before
    # the capture, too late for the page to refit; a fixed canvas height keeps the view as fitted.
    height = int(args.size.split(",")[1]) - 42
    page = page.replace("</head>", f"<style>#mynetwork {{ bottom: auto; height: {height}px; }}</style></head>")
    with tempfile.TemporaryDirectory(prefix="kgv-shot.") as tmp:
        html = os.path.join(tmp, "viewer.html")
        Path(html).write_text(page, encoding="utf-8")
        env = dict(os.environ, KGH_VTB=os.environ.get("KGH_VTB", "12000"))
        rc = subprocess.run(["bash", str(SHARED / "tools" / "html-shot.sh"), html, args.out, args.size], env=env).returncode
    return rc


if __name__ == "__main__":
    sys.exit(main())
