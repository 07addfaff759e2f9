"""The page in headless Chromium: it draws, shows hostile text as text, and runs no injected code.

Skipped when Chromium is not installed (``apt-get install chromium``). The network is
blocked for the browser (as in ``../shared/tools/html-check.py``), so a page that
needed a CDN would fail to draw here.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.export.viewer import render_viewer
from kg.viewer.demo import HOSTILE, hostile_graph, synthetic_graph

CHROMIUM = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM, reason="headless Chromium not installed (apt-get install chromium)")]

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,900", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"]

HEAD = """<script>window.__kgv = {alerts: [], errors: []};
["alert", "confirm", "prompt"].forEach(function (f) { window[f] = function (m) { window.__kgv.alerts.push(f + ": " + m); }; });
window.addEventListener("error", function (e) { window.__kgv.errors.push(String(e.message || e.type)); }, true);
document.addEventListener("securitypolicyviolation", function (e) { window.__kgv.errors.push("csp " + e.blockedURI); });
</script>"""

TAIL = """<script>(function () {
  var r = window.__kgv, done = false, tries = 0;
  function text(id) { return document.getElementById(id).textContent; }
  function painted() {
    var c = document.querySelector("#mynetwork canvas"), d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data, n = 0;
    for (var i = 3; i < d.length; i += 4) if (d[i]) n++;
    return n;
  }
  function act() {
    if (done) return;
    r.painted = painted();
    if (!r.painted && ++tries < 40) { setTimeout(act, 250); return; }  // wait for the first paint
    done = true;
    try {
      r.nodes = network.body.data.nodes.length; r.edges = network.body.data.edges.length;
      r.positions = Object.keys(network.getPositions()).length;
      r.scripts_before = document.scripts.length;
      var s = document.getElementById("kg-search"); s.value = "alert(1)"; s.dispatchEvent(new Event("input"));
      r.results = text("kg-results");
      var hit = document.querySelector("#kg-results button");
      if (hit) hit.click();
      r.node_panel = text("kg-details");
      r.links = Array.prototype.map.call(document.querySelectorAll("a"), function (a) { return a.getAttribute("href"); });
      document.getElementById("kg-focus1").click();
      r.stats_focus = text("kg-stats");
      document.getElementById("kg-reset").click();
      network.emit("click", {nodes: [], edges: ["e0"]});
      r.edge_panel = text("kg-details");
      r.tips = network.body.data.nodes.getIds().map(function (id) {
        var t = network.body.nodes[id].options.title; return t instanceof Element ? t.textContent : null; });
      var box = document.querySelector("#kg-types input"); box.click();
      r.stats_filter = text("kg-stats"); box.click();
      r.stats_reset = text("kg-stats");
      r.imgs = document.querySelectorAll("img, iframe, object, embed").length;
      r.scripts_after = document.scripts.length;
    } catch (e) { r.errors.push("probe: " + e); }
    var pre = document.createElement("pre"); pre.id = "kgv-probe"; pre.hidden = true;
    pre.textContent = JSON.stringify(r); document.body.appendChild(pre);
  }
  // vis-network paints once stabilization is done
  network.once("stabilizationIterationsDone", function () { setTimeout(act, 100); });
  setTimeout(act, 6000);
})();</script>"""


def run_probe(page: str, tmp_path: Path) -> dict:
    page = re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + HEAD, page, count=1).replace("</body>", TAIL + "</body>")
    path = tmp_path / "probe.html"
    path.write_text(page, encoding="utf-8")
    run = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000",
                          "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=180)
    m = re.search(r'<pre id="kgv-probe"[^>]*>(.*?)</pre>', run.stdout, re.S)
    assert m, f"no probe result; chromium exit {run.returncode}: {run.stderr[-2000:]}"
    return json.loads(html.unescape(m.group(1)))


@pytest.fixture(scope="module")
def hostile_result(tmp_path_factory) -> dict:
    return run_probe(render_viewer(hostile_graph())[0], tmp_path_factory.mktemp("hostile"))


def test_browser_page_draws_every_node(hostile_result):
    r = hostile_result
    assert r["errors"] == []
    assert (r["nodes"], r["edges"], r["positions"]) == (7, 6, 7)
    assert r["painted"] > 1000


def test_browser_payloads_run_nothing(hostile_result):
    r = hostile_result
    assert r["alerts"] == []
    assert r["imgs"] == 0
    assert r["scripts_after"] == r["scripts_before"] == 5  # the page's 3 and the 2 of the probe
    assert not any((h or "").lower().startswith("javascript") for h in r["links"])


def test_browser_payloads_show_as_text(hostile_result):
    r = hostile_result
    assert HOSTILE[0] in r["results"] and HOSTILE[1] in r["results"]
    assert r["node_panel"].startswith(HOSTILE[0])  # the name heads the panel, as text
    assert HOSTILE[4] in r["node_panel"]  # the code field (U+2028/2029 inside) is shown too
    assert f"{HOSTILE[0]} {HOSTILE[1]} {HOSTILE[2]}" in r["edge_panel"]
    assert f"{HOSTILE[3]} {HOSTILE[4]} {HOSTILE[5]} {HOSTILE[6]}" in r["edge_panel"]
    assert any(t and HOSTILE[0] in t for t in r["tips"]) and all(t is not None for t in r["tips"])


def test_browser_filter_and_focus_change_what_is_shown(hostile_result):
    r = hostile_result
    assert r["stats_reset"].startswith("显示 7 / 7")
    assert r["stats_filter"].startswith("显示 6 / 7")  # the first type box (PLACE) unticked
    assert r["stats_focus"].startswith("显示 6 / 7")  # one hop from the place: all but the person


def test_browser_static_layout_draws(tmp_path):
    page, counts = render_viewer(synthetic_graph(400), physics_max_nodes=100)
    assert counts["layout"] == "static"
    r = run_probe(page, tmp_path)
    assert r["errors"] == [] and r["alerts"] == []
    assert r["positions"] == r["nodes"] == 400 and r["painted"] > 1000


def _html_check(page: Path, *args: str) -> subprocess.CompletedProcess:
    tool = SHARED / "tools" / "html-check.py"
    if not tool.exists():
        pytest.skip(f"{tool} not found")
    return subprocess.run([sys.executable, str(tool), str(page), *args], capture_output=True, text=True,
                          timeout=600)


def test_browser_html_check_passes_on_the_sample_graph(tmp_path):
    gold = sorted((SHARED / "gold").glob("*.json"))
    if not gold:
        pytest.skip("../shared/gold not found")
    from kg.graph.model import build_graph

    graph = build_graph([json.loads(p.read_text(encoding="utf-8")) for p in gold])
    page, counts = render_viewer(graph)
    path = tmp_path / "kg.html"
    path.write_text(page, encoding="utf-8")
    run = _html_check(path, "--expect-nodes", str(counts["nodes"]), "--expect-edges", str(counts["edges"]))
    assert run.returncode == 0 and "RESULT: PASS" in run.stdout, run.stdout + run.stderr


@pytest.mark.slow
def test_browser_5000_nodes_draw_within_a_minute():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "viewer_scale.py"), "5000", "--limit", "60"],
                         capture_output=True, text=True, timeout=400)
    assert run.returncode == 0, run.stdout + run.stderr
