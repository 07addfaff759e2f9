"""``kg view`` and the graph files it reads (extractions.jsonl, kg.ttl)."""
from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.viewer.source import GraphSourceError, load_graph

RECORDS = [
    {"doc": "a1", "meta": {"title": "某县推进基层治理", "date": "2022-01-02", "source": "某日报", "authors": [], "editors": []},
     "entities": [
         {"id": "e1", "type": "PLACE", "name": "某县", "aliases": ["某县"], "attrs": {"level": "county"},
          "mentions": [{"start": 0, "end": 2, "text": "某县"}]},
         {"id": "e2", "type": "PLACE", "name": "某镇", "aliases": ["某镇"], "attrs": {"level": "township"},
          "mentions": [{"start": 3, "end": 5, "text": "某镇"}]},
         {"id": "e3", "type": "MECHANISM", "name": "<script>alert(1)</script>", "aliases": [],
          "mentions": [{"start": 6, "end": 9, "text": "x"}]}],
     "relations": [
         {"type": "LOCATED_IN", "head": "e2", "tail": "e1", "source": "text", "rule": "located.nested",
          "evidence": {"start": 0, "end": 5, "text": "某县某镇</script>"}},
         {"type": "IMPLEMENTS", "head": "e1", "tail": "e3", "source": "text", "rule": "implements.verb",
          "evidence": {"start": 0, "end": 9, "text": "某县推行\"><img src=x onerror=alert(1)>"}}],
     "metrics": [{"subject": "e2", "indicator": "党员", "value": 12, "unit": "名",
                  "evidence": {"start": 10, "end": 14, "text": "党员12名"}}]},
]


@pytest.fixture
def records_file(tmp_path):
    path = tmp_path / "extractions.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    return path


def drawn(graph) -> int:
    return sum(1 for _, a in graph.nodes(data=True) if a.get("kind") != "article")


def test_load_graph_from_records(records_file):
    g = load_graph(records_file)
    assert drawn(g) == 4  # two places, one mechanism, one metric
    assert load_graph(records_file.parent).number_of_nodes() == g.number_of_nodes()  # the folder works too


def test_load_graph_from_turtle(records_file, tmp_path):
    rdf = pytest.importorskip("kg.graph.rdf")
    from kg.export.registry import ExportContext, get_exporter

    ctx = ExportContext(records=RECORDS)
    get_exporter("ttl").fn(ctx, tmp_path / "kg.ttl")
    g = load_graph(tmp_path / "kg.ttl")
    assert hasattr(rdf, "from_rdf")
    assert drawn(g) == drawn(load_graph(records_file))
    labels = {a.get("label") for _, a in g.nodes(data=True)}
    assert {"某县", "某镇", "<script>alert(1)</script>"} <= labels


@pytest.mark.parametrize("name, message", [("missing.ttl", "does not exist"), ("graph.csv", "unknown kind")])
def test_load_graph_errors_say_what_to_do(tmp_path, name, message):
    if name.endswith(".csv"):
        (tmp_path / name).write_text("a,b\n")
    with pytest.raises(GraphSourceError, match=message):
        load_graph(tmp_path / name)


def test_load_graph_bad_record_line_names_the_line(tmp_path):
    bad = tmp_path / "extractions.jsonl"
    bad.write_text(json.dumps(RECORDS[0], ensure_ascii=False) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(GraphSourceError, match=r"extractions.jsonl:2"):
        load_graph(bad)


def test_cli_view_writes_page(records_file, tmp_path):
    out = tmp_path / "v" / "kg.html"
    result = CliRunner().invoke(app, ["view", str(records_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "4 nodes" in result.output
    page = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page


def test_cli_view_subgraph_options(records_file, tmp_path):
    out = tmp_path / "part.html"
    result = CliRunner().invoke(app, ["view", str(records_file), "--out", str(out), "--around", "某镇",
                                      "--depth", "1", "--types", "PLACE"])
    assert result.exit_code == 0, result.output
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', out.read_text(encoding="utf-8"), re.S).group(1))
    assert sorted(i["name"] for i in data["info"]["nodes"].values()) == ["某县", "某镇"]
    assert data["meta"]["total_nodes"] == 4


@pytest.mark.parametrize("args, message", [
    (["--around", "无此地"], "no node named"),
    (["--types", "CITY"], "unknown node type"),
    (["--out", "page.txt"], ".html"),
])
def test_cli_view_bad_arguments_fail_with_a_message(records_file, tmp_path, args, message):
    argv = ["view", str(records_file), "--out", str(tmp_path / "x.html"), *args]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 2
    assert message in result.output


def test_cli_view_missing_graph(tmp_path):
    result = CliRunner().invoke(app, ["view", str(tmp_path / "kg.ttl"), "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "kg build" in result.output
