"""The html exporter: one offline page, data only ever escaped, written atomically."""
from __future__ import annotations

import html.parser
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from kg.export.registry import ExportContext, get_exporter
from kg.export.viewer import render_viewer, write_viewer
from kg.viewer.demo import HOSTILE, hostile_graph, synthetic_graph
from kg.viewer.page import script_json

DATA_RE = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


class Tags(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text of each <script> element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> Tags:
    t = Tags()
    t.feed(page)
    t.close()
    return t


def embedded(page: str) -> dict:
    m = DATA_RE.search(page)
    assert m, "page has no #kg-data element"
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return render_viewer(hostile_graph())[0]


def test_viewer_exporter_registered_as_html():
    info = get_exporter("html")
    assert info.filename == "kg.html"
    assert info.fn.__module__ == "kg.export.viewer"


def test_viewer_exporter_writes_page_from_context_graph(tmp_path):
    ctx = ExportContext(records=[])
    ctx.graph = synthetic_graph(40)  # cached_property: the model is given instead of built
    out = get_exporter("html").fn(ctx, tmp_path / "kg.html")
    page = (tmp_path / "kg.html").read_text(encoding="utf-8")
    assert out == {"nodes": 40, "edges": len(embedded(page)["edges"]), "layout": "physics"}
    assert len(embedded(page)["nodes"]) == 40


def test_viewer_page_has_no_external_resource(hostile_page):
    tags = parse(hostile_page)
    for tag, attrs in tags.tags:
        for name in ("src", "href", "data", "action", "poster"):
            assert not re.match(r"\s*(https?:)?//", attrs.get(name) or "", re.I), (tag, attrs)
        if tag == "script":
            assert "src" not in attrs, "every script is inline"
        assert tag not in ("link", "iframe", "img", "object", "embed"), tag
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", hostile_page, re.I)
    assert not re.search(r"cdnjs|jsdelivr|unpkg\.com|googleapis", hostile_page, re.I)
    assert "bootstrap" not in hostile_page.lower()
    assert "sourceMappingURL" not in hostile_page


def test_viewer_page_inlines_vis_network_from_pyvis(hostile_page):
    lib = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2", "vis-network.min.js")
    head = lib.read_text(encoding="utf-8")[:400]
    assert head in hostile_page, "the licence header of vis-network travels with the inlined copy"
    assert "@version 9.1.2" in hostile_page


def test_viewer_page_sets_a_restrictive_content_security_policy(hostile_page):
    csp = next(a["content"] for t, a in parse(hostile_page).tags
               if t == "meta" and a.get("http-equiv", "").lower() == "content-security-policy")
    assert "default-src 'none'" in csp and "http" not in csp


@pytest.mark.parametrize("payload", HOSTILE)
def test_viewer_payload_never_appears_raw(hostile_page, payload):
    assert payload not in hostile_page


def test_viewer_page_script_elements_are_only_ours(hostile_page):
    tags = parse(hostile_page)
    assert [a.get("type") for t, a in tags.tags if t == "script"] == ["application/json", None, None]
    assert hostile_page.count("</script") == 3
    assert "\u2028" not in hostile_page and "\u2029" not in hostile_page
    assert "<img" not in hostile_page.lower()


def test_viewer_payload_round_trips_through_embedded_json(hostile_page):
    data = embedded(hostile_page)
    names = {i["name"] for i in data["info"]["nodes"].values()}
    assert set(HOSTILE[:5]) | {HOSTILE[6], f"{HOSTILE[5]} 3{HOSTILE[6]}"} <= names
    sentences = [e["text"] for i in data["info"]["edges"].values() for e in i["evidence"]]
    assert f"{HOSTILE[0]} {HOSTILE[1]} {HOSTILE[2]}" in sentences
    assert f"{HOSTILE[3]} {HOSTILE[4]} {HOSTILE[5]} {HOSTILE[6]}" in sentences
    assert data["articles"]["evil"]["title"] == HOSTILE[0]


def test_viewer_nodes_carry_no_pyvis_title(hostile_page):
    """pyvis switches its template to innerHTML tooltips when a title holds "href"; we give none."""
    data = embedded(hostile_page)
    assert all("title" not in n for n in data["nodes"])
    assert all("title" not in e for e in data["edges"])


def test_viewer_script_never_writes_html():
    js = resources.files("kg.viewer").joinpath("viewer.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", js, flags=re.S)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in code, sink
    assert "textContent" in code


@pytest.mark.parametrize("text, expected", [
    ("</script>", "\\u003c/script\\u003e"),
    ("a&b", "a\\u0026b"),
    ("x\u2028y\u2029", "x\\u2028y\\u2029"),
    ('"q" \\', '\\"q\\" \\\\'),
])
def test_viewer_script_json_escapes(text, expected):
    out = script_json(text)
    assert out == f'"{expected}"'
    assert json.loads(out) == text


def test_viewer_write_leaves_no_files_beside_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_viewer(hostile_graph(), Path("out") / "kg.html")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["out", "out/kg.html"]


def test_viewer_title_is_escaped(tmp_path):
    page, _ = render_viewer(synthetic_graph(10), title=HOSTILE[0])
    assert HOSTILE[0] not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _records():
    from tests.graph.graph_data import hand_records

    return hand_records()


def _skeleton(records):
    from kg.graph.model import GraphBuilder

    skeleton = GraphBuilder(detail=False)
    for rec in records:
        skeleton.add(rec)
    return skeleton


def test_large_build_viewer_reads_detail_of_the_chosen_nodes_only():
    """The viewer of a large build: nodes chosen on the global share, detail read again —
    the same nodes, relations (with evidence) and metrics as the whole model has for them."""
    from kg.viewer.detail import Caps, detail_of, top_nodes
    from kg.graph.model import GraphBuilder, build_graph

    records = _records()
    skeleton = GraphBuilder(detail=False)
    for rec in records:
        skeleton.add(rec)
    chosen = top_nodes(skeleton, 3)
    degree = {n: sum(1 for e in skeleton.edges.values() for end in (e.head, e.tail) if end == n)
              for n in [*skeleton.entities, *skeleton.designations]}
    assert len(chosen) == 3 and min(degree[n] for n in chosen) >= max(
        d for n, d in degree.items() if n not in chosen)
    part, full = detail_of(records, chosen, skeleton, Caps(metrics_per_node=10**6)), build_graph(records)
    drawn = {n for n, a in part.nodes(data=True) if a["kind"] in ("entity", "designation")}
    assert drawn == chosen
    for node in chosen:
        assert part.nodes[node] == full.nodes[node]
    inner = [(u, v, k, d) for u, v, k, d in full.edges(keys=True, data=True)
             if u in chosen and (v in chosen or full.nodes[v]["kind"] == "metric")]
    assert sorted(map(repr, part.edges(keys=True, data=True))) == sorted(map(repr, inner))


def test_large_build_viewer_is_used_by_build(tmp_path, monkeypatch):
    from kg.build import BuildOptions, build
    import kg.viewer.detail as viewer

    corpus = Path(__file__).resolve().parents[2] / "data" / "corpus"
    calls, chosen = [], []
    real, real_top = viewer.detail_of, viewer.top_nodes
    monkeypatch.setattr(viewer, "detail_of", lambda *a, **k: calls.append(len(a[1])) or real(*a, **k))
    monkeypatch.setattr(viewer, "top_nodes", lambda *a: chosen.append(a[1]) or real_top(*a))
    build([corpus], tmp_path, BuildOptions(formats=("jsonl", "html"), view={"view_max_nodes": 40}))
    assert calls == [40] and chosen == [40]  # one process: the nodes chosen once, read after
    page = (tmp_path / "kg.html").read_text(encoding="utf-8")
    assert embedded(page)["meta"]["nodes"] <= 40


def test_large_build_viewer_draws_a_few_metrics_per_node():
    from collections import Counter

    from kg.viewer.detail import Caps, detail_of
    from kg.graph.model import build_graph

    records = _records()
    for rec in records:  # three observations of each metric, with other values
        rec["metrics"] = [{**m, "value": m["value"] + k} for m in rec.get("metrics") or () for k in range(3)]
    full = build_graph(records)
    nodes = {n for n, a in full.nodes(data=True) if a["kind"] == "entity"}
    assert max(Counter(a["subject"] for _, a in full.nodes(data=True) if a["kind"] == "metric").values()) > 1
    part = detail_of(records, nodes, _skeleton(records), Caps(metrics_per_node=1))
    per = Counter(a["subject"] for _, a in part.nodes(data=True) if a["kind"] == "metric")
    assert per and max(per.values()) == 1


def test_large_build_viewer_reads_the_records_in_parallel_to_the_same_graph(tmp_path):
    from kg.export.jsonl import RecordFile, write_records
    from kg.viewer.detail import Caps, detail_of, line_ranges

    records = _records()
    for k, rec in enumerate(_records()):  # more records, same entities: the caps matter
        records.append({**rec, "doc": f"{rec['doc']}-copy{k}"})
    path = tmp_path / "extractions.jsonl"
    write_records(records, path)
    ranges = line_ranges(path, 5)
    assert ranges[0][0] == 0 and ranges[-1][1] == path.stat().st_size
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    from kg.graph.model import build_graph

    nodes = {n for n, a in build_graph(records).nodes(data=True) if a["kind"] in ("entity", "designation")}
    caps = dict(docs_per_node=1, evidence_per_edge=1, metrics_per_node=1)
    skeleton = _skeleton(records)
    one = detail_of(RecordFile(path), nodes, skeleton, Caps(**caps), jobs=1)
    two = detail_of(RecordFile(path), nodes, skeleton, Caps(**caps), jobs=2)
    assert list(one.nodes(data=True)) == list(two.nodes(data=True))
    assert list(one.edges(keys=True, data=True)) == list(two.edges(keys=True, data=True))
    assert any("doc_count" in a for _, a in one.nodes(data=True))


def test_large_build_viewer_reads_no_more_evidence_than_the_page_shows():
    from kg.graph.model import GraphBuilder
    from kg.viewer.detail import caps_for
    from kg.viewer.payload import EVIDENCE_BUDGET, MAX_EVIDENCE

    skeleton = GraphBuilder(detail=False)
    for rec in _records():
        skeleton.add(rec)
    everything = {*skeleton.entities, *skeleton.designations}
    assert caps_for(skeleton, everything).evidence_per_edge == MAX_EVIDENCE  # a few edges: all 30
    many = len(skeleton.edges)
    assert caps_for(skeleton, everything).evidence_per_edge == max(1, min(MAX_EVIDENCE, EVIDENCE_BUDGET // many))
    assert caps_for(skeleton, set()).evidence_per_edge == MAX_EVIDENCE


def test_large_build_viewer_counts_what_the_caps_leave_out(tmp_path, monkeypatch):
    """Read in small ranges by two processes or in one pass, the capped detail is the
    same and the counts on nodes and edges are those of the whole model; names come from
    the global share, which saw every record."""
    import kg.viewer.detail as detail
    from kg.export.jsonl import RecordFile, write_records
    from kg.graph.model import build_graph

    records = [{**rec, "doc": f"{rec['doc']}-copy{k}"} for rec in _records() for k in range(6)]
    path = tmp_path / "extractions.jsonl"
    write_records(records, path)
    monkeypatch.setattr(detail, "RANGE_BYTES", path.stat().st_size // 6)  # copies of a record share a range
    full, skeleton = build_graph(records), _skeleton(records)
    nodes = {n for n, a in full.nodes(data=True) if a["kind"] in ("entity", "designation")}
    caps = dict(docs_per_node=1, evidence_per_edge=1, metrics_per_node=1)
    one = detail.detail_of(RecordFile(path), nodes, skeleton, detail.Caps(**caps), jobs=1)
    two = detail.detail_of(RecordFile(path), nodes, skeleton, detail.Caps(**caps), jobs=2)
    assert list(one.nodes(data=True)) == list(two.nodes(data=True))
    assert list(one.edges(keys=True, data=True)) == list(two.edges(keys=True, data=True))
    counted = 0
    for node in nodes:
        got, want = one.nodes[node], full.nodes[node]
        assert got["label"] == want["label"] and got.get("aliases") == want.get("aliases")
        if want["kind"] == "entity":
            assert len(got["docs"]) == 1
            assert got.get("doc_count", len(got["docs"])) == len(want["docs"])
            counted += "doc_count" in got
    assert counted
    for u, v, key, d in one.edges(keys=True, data=True):
        if d["type"] != "HAS_METRIC":
            want = full.edges[u, v, key]
            assert len(d["evidence"]) == 1 and d.get("evidence_count", 1) == len(want["evidence"])
            assert d.get("title") == want.get("title")
