#!/usr/bin/env python3
"""How long a viewer page for a synthetic graph of N nodes takes to draw in headless Chromium.

For each size: build ``kg.viewer.demo.synthetic_graph(N)``, write the page (timed),
then load a copy with a small probe in headless Chromium (network blocked, as
html-check.py does) and report the wall-clock time of the whole Chromium run, the
page time of the first ``afterDrawing`` event, nodes with positions, painted canvas
pixels and JS errors. The wall-clock time includes Chromium's start-up and the
virtual-time budget fast-forward, so it is an upper bound on "opened to drawn".

    .venv/bin/python scripts/viewer_scale.py 1000 5000 20000 [--keep DIR] [--limit 60]

Exit status 1 when a page fails to draw or takes longer than --limit seconds.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,900", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"]

HEAD_PROBE = """<script>window.__kgv = {errors: [], draws: 0};
window.addEventListener("error", function (e) { window.__kgv.errors.push(String(e.message || e.type)); }, true);
</script>"""
TAIL_PROBE = """<script>(function () {
  var r = window.__kgv;
  function report() {
    var pre = document.getElementById("kgv-probe") || document.body.appendChild(document.createElement("pre"));
    pre.id = "kgv-probe"; pre.hidden = true;
    var c = document.querySelector("#mynetwork canvas"), painted = 0;
    if (c) { var d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      for (var i = 3; i < d.length; i += 4) if (d[i]) painted++; }
    r.painted = painted;
    r.nodes = network ? network.body.data.nodes.length : null;
    r.positions = network ? Object.keys(network.getPositions()).length : null;
    pre.textContent = JSON.stringify(r);
  }
  if (typeof network === "undefined" || !network) { r.errors.push("no network object"); report(); return; }
  // with physics off vis-network draws inside its constructor, before this script runs
  r.network_ms = Math.round(performance.now());
  network.on("afterDrawing", function () { r.draws++; if (!r.first_draw_ms) { r.first_draw_ms = Math.round(performance.now()); report(); } });
  window.addEventListener("load", function () { r.load_ms = Math.round(performance.now()); report(); setInterval(report, 1000); });
})();</script>"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("chromium not found; install it with `apt-get install chromium`")


def probe(page: Path, budget_ms: int, timeout: int) -> tuple[float, dict]:
    src = page.read_text(encoding="utf-8")
    src = re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + HEAD_PROBE, src, count=1)
    src = src.replace("</body>", TAIL_PROBE + "</body>")
    with tempfile.TemporaryDirectory(prefix="kgv-scale.") as tmp:
        copy = Path(tmp) / "probe.html"
        copy.write_text(src, encoding="utf-8")
        t0 = time.perf_counter()
        run = subprocess.run([chromium(), *CHROME_FLAGS, f"--user-data-dir={tmp}/profile",
                              f"--virtual-time-budget={budget_ms}", "--dump-dom", copy.as_uri()],
                             capture_output=True, text=True, timeout=timeout)
        wall = time.perf_counter() - t0
    m = re.search(r'<pre id="kgv-probe"[^>]*>(.*?)</pre>', run.stdout, re.S)
    return wall, json.loads(html.unescape(m.group(1))) if m else {"errors": ["no probe result"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[5000])
    ap.add_argument("--keep", help="folder to keep the pages in")
    ap.add_argument("--limit", type=float, default=60.0, help="seconds allowed per page (default 60)")
    ap.add_argument("--budget", type=int, default=5000, help="chromium virtual-time budget, ms")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from kg.export.viewer import write_viewer
    from kg.viewer.demo import synthetic_graph

    out_dir = Path(args.keep or tempfile.mkdtemp(prefix="kgv-pages."))
    out_dir.mkdir(parents=True, exist_ok=True)
    ok = True
    print("nodes  edges  layout   build_s  page_MB  chromium_s  first_draw_ms  drawn  painted_px  errors")
    for n in args.sizes:
        graph = synthetic_graph(n)
        page = out_dir / f"viewer_{n}.html"
        t0 = time.perf_counter()
        counts = write_viewer(graph, page)
        build = time.perf_counter() - t0
        wall, r = probe(page, args.budget, timeout=int(args.limit * 3) + 60)
        drawn = r.get("painted", 0) > 0 and r.get("positions") == counts["nodes"]
        first = r.get("first_draw_ms") or (f"<{r['network_ms']}" if r.get("network_ms") else "-")
        good = drawn and not r.get("errors") and wall <= args.limit
        ok &= good
        print(f"{counts['nodes']:5d}  {counts['edges']:5d}  {counts['layout']:7s}  {build:7.1f}  "
              f"{page.stat().st_size / 1e6:7.1f}  {wall:10.1f}  {first!s:>13}  "
              f"{r.get('positions', '-')!s:>5}  {r.get('painted', '-')!s:>10}  {r.get('errors') or '-'}"
              f"{'' if good else '  FAIL'}")
    if not args.keep:
        shutil.rmtree(out_dir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
