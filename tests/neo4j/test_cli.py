"""``kg neo4j``: writes the kit from a built graph, takes no password flag, and says clearly when the
server is not there."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.export.jsonl import write_records
from kg.export.rdf import export_turtle
from kg.export.registry import ExportContext
from tests.graph.graph_data import hand_records

runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("built")
    export_turtle(ExportContext(records=hand_records()), folder / "kg.ttl")
    write_records(hand_records(), folder / "extractions.jsonl")
    return folder


@pytest.mark.parametrize("source", ["kg.ttl", "extractions.jsonl"])
def test_cli_neo4j_writes_the_kit_from_turtle_or_records(built, tmp_path, source):
    result = runner.invoke(app, ["neo4j", str(built / source), "--out", str(tmp_path / "kit")])
    assert result.exit_code == 0, result.output
    assert "n10s import of" in result.output and "CSV import" in result.output
    assert (tmp_path / "kit" / "import-n10s.cypher").is_file() and (tmp_path / "kit" / "NEO4J.md").is_file()


def test_cli_neo4j_same_kit_from_turtle_and_from_records(built, tmp_path):
    for source in ("kg.ttl", "extractions.jsonl"):
        assert runner.invoke(app, ["neo4j", str(built / source), "--out", str(tmp_path / source)]).exit_code == 0
    for name in ("nodes-Place.csv", "rels-IMPLEMENTS.csv", "kg-n10s.ttl"):
        assert (tmp_path / "kg.ttl" / name).read_bytes() == (tmp_path / "extractions.jsonl" / name).read_bytes(), name


def test_cli_neo4j_has_no_password_flag(built, tmp_path):
    result = runner.invoke(app, ["neo4j", str(built / "kg.ttl"), "--out", str(tmp_path), "--password", "secret"])
    assert result.exit_code != 0 and "No such option" in result.output


def test_cli_neo4j_unreachable_server_is_a_clear_error(built, tmp_path):
    result = runner.invoke(app, ["neo4j", str(built / "kg.ttl"), "--out", str(tmp_path), "--uri", "bolt://127.0.0.1:1"],
                           env={"NEO4J_PASSWORD": "pw"})
    assert result.exit_code == 2
    assert "cannot reach Neo4j at bolt://127.0.0.1:1" in result.output


def test_cli_neo4j_rejects_unknown_mode_and_missing_graph(built, tmp_path):
    result = runner.invoke(app, ["neo4j", str(built / "kg.ttl"), "--out", str(tmp_path), "--mode", "rdf"])
    assert result.exit_code == 2 and "--mode rdf" in result.output
    result = runner.invoke(app, ["neo4j", str(tmp_path / "nothing.ttl"), "--out", str(tmp_path / "k")])
    assert result.exit_code == 2 and "does not exist" in result.output
