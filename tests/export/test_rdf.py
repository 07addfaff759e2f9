"""The RDF exporters: registered by format, atomic, deterministic, and parsing back to the same graph."""
from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.export import ExportContext, get_exporter
from kg.graph.rdf import file_triples
from kg.graph.serialize import to_rdflib
from tests.graph.graph_data import hand_records

FORMATS = {"ttl": ("kg.ttl", "turtle"), "nt": ("kg.nt", "nt"), "jsonld": ("kg.jsonld", "json-ld")}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_rdf_exporter_registered_with_its_file_name(name):
    assert get_exporter(name).filename == FORMATS[name][0]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_rdf_exporter_writes_deterministic_file(name, tmp_path):
    info = get_exporter(name)
    outs = []
    for run in ("one", "two"):
        ctx = ExportContext(records=hand_records())
        path = tmp_path / run / info.filename
        counts = info.fn(ctx, path)
        assert counts == {"triples": len(file_triples(ctx.graph))} and len(file_triples(ctx.graph)) > len(ctx.rdf)
        assert sorted(p.name for p in path.parent.iterdir()) == [info.filename]  # no temporary file left
        outs.append(path.read_bytes())
    assert outs[0] == outs[1]
    back = Graph().parse(data=outs[0].decode("utf-8"), format=FORMATS[name][1])
    assert isomorphic(back, to_rdflib(file_triples(ExportContext(records=hand_records()).graph)))


def test_rdf_exporter_honours_base_iri(tmp_path):
    ctx = ExportContext(records=hand_records(), options={"base_iri": "http://example.org/kg/"})
    get_exporter("ttl").fn(ctx, tmp_path / "kg.ttl")
    text = (tmp_path / "kg.ttl").read_text(encoding="utf-8")
    assert "<http://example.org/kg/place/adcode/441581>" in text and "kg.example.org/id/" not in text


def test_rdf_exporter_empty_records_give_valid_turtle(tmp_path):
    ctx = ExportContext(records=[{"doc": "x", "meta": {}, "entities": [], "relations": [], "metrics": []}])
    # the article's 3 triples and the VoID description: the dataset (2) and its one class, Article (3)
    assert get_exporter("ttl").fn(ctx, tmp_path / "kg.ttl")["triples"] == 8
    assert len(Graph().parse(tmp_path / "kg.ttl", format="turtle")) == 8
