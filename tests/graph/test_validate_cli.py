"""``kg validate``: exit 0 for a conforming graph, 1 with the reasons for a broken one."""
from __future__ import annotations

from rdflib import BNode
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.model import build_graph
from kg.graph.namespace import KG
from kg.graph.rdf import to_rdf
from kg.graph.serialize import turtle_bytes

runner = CliRunner()


def test_validate_cli_conforming_graph(records, tmp_path):
    (tmp_path / "kg.ttl").write_bytes(turtle_bytes(to_rdf(build_graph(records))))
    out = runner.invoke(app, ["validate", str(tmp_path)])
    assert out.exit_code == 0 and out.output.startswith("CONFORMS:"), out.output


def test_validate_cli_broken_graph(records, tmp_path):
    g = to_rdf(build_graph(records))
    g.remove((None, KG.evidence, None))
    g.add((BNode(), KG.level, BNode()))
    (tmp_path / "bad.ttl").write_bytes(turtle_bytes(g))
    out = runner.invoke(app, ["validate", str(tmp_path / "bad.ttl"), "--limit", "3"])
    assert out.exit_code == 1 and out.output.startswith("DOES NOT CONFORM:")
    assert "blank node" in out.output and "more" in out.output


def test_validate_cli_missing_file(tmp_path):
    out = runner.invoke(app, ["validate", str(tmp_path / "none.ttl")])
    assert out.exit_code == 2 and "no such graph file" in out.output
