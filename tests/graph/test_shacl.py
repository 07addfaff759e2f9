"""SHACL: the graphs we write conform; deliberately broken graphs do not, each for its reason."""
from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef

from kg.graph import iri as iris
from kg.graph.model import build_graph
from kg.graph.namespace import KG
from kg.graph.rdf import to_rdf
from kg.graph.serialize import turtle_bytes
from kg.graph.shacl import format_report, load_shapes, sparql_constraints, validate

LUFENG = URIRef(iris.entity_iri("PLACE", "陆丰市", {"adcode": "441581"}))
MECH = URIRef(iris.entity_iri("MECHANISM", "四议两公开"))


@pytest.fixture
def good(records) -> Graph:
    return to_rdf(build_graph(records))


def test_shacl_hand_graph_conforms(good):
    report = validate(good)
    assert report.conforms, format_report(report)
    assert report.issues == []


def test_shacl_gold_graph_conforms(gold_records, tmp_path):
    path = tmp_path / "kg.ttl"
    path.write_bytes(turtle_bytes(to_rdf(build_graph(gold_records))))
    report = validate(path)
    assert report.conforms, format_report(report)
    # gold-derived evidence lacks a sentence where none names the subject: warnings, not violations
    assert all(i.shape.endswith("EvidenceShape") for i in report.warnings)


def _relation(g: Graph) -> URIRef:
    return next(r for r in g.subjects(KG.predicate, KG.implements) if (r, KG.subject, LUFENG) in g)


def _drop_evidence(g):
    g.remove((_relation(g), KG.evidence, None))


def _blank(g):
    g.add((LUFENG, KG.hasMetric, BNode()))


def _integer_value(g):
    m = next(g.subjects(RDF.type, KG.MetricObservation))
    g.set((m, KG.value, Literal(875, datatype=XSD.integer)))


def _direct_only(g):
    g.add((LUFENG, KG.partOf, MECH))


def _orphan_relation_node(g):
    g.remove((LUFENG, KG.implements, MECH))


def _english(g):
    g.add((LUFENG, RDFS.label, Literal("Lufeng", lang="en")))


def _two_labels(g):
    g.add((LUFENG, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("陆丰", lang="zh")))


def _bad_level(g):
    g.set((LUFENG, KG.level, Literal("metropolis")))


def _undeclared(g):
    g.add((LUFENG, URIRef(str(KG.implements) + "s"), MECH))


def _unsafe_iri(g):
    g.add((URIRef("https://kg.example.org/id/place/a b"), RDF.type, KG.Place))


def _person_implements(g):
    g.add((URIRef(iris.entity_iri("PERSON", "张三")), KG.implements, MECH))


def _no_metric_subject(g):
    m = next(g.subjects(RDF.type, KG.MetricObservation))
    g.remove((None, KG.hasMetric, m))


def _offsets_reversed(g):
    e = next(g.objects(_relation(g), KG.evidence))
    g.set((e, KG.end, Literal(0, datatype=XSD.integer)))


@pytest.mark.parametrize("breaker, expected", [
    (_drop_evidence, "kg:Evidence"),
    (_blank, "blank node"),
    (_integer_value, "kg:value"),
    (_direct_only, "no kg:Relation node"),
    (_orphan_relation_node, "direct triple"),
    (_english, "@zh only"),
    (_two_labels, "prefLabel"),
    (_bad_level, "kg:level"),
    (_undeclared, "not declared"),
    (_unsafe_iri, "IRI is not absolute ASCII"),
    (_person_implements, "place or an organization"),
    (_no_metric_subject, "exactly one entity"),
    (_offsets_reversed, "end offset is before its start"),
])
def test_shacl_broken_graph_fails(good, breaker, expected):
    breaker(good)
    report = validate(good)
    assert not report.conforms
    assert expected in format_report(report, limit=100), format_report(report)


def test_shacl_shapes_sparql_constraints_all_have_targets_and_messages():
    found = sparql_constraints(load_shapes())
    assert len(found) >= 10
    assert all(msg and "?this" in query and "$this" not in query for _, _, _, msg, query in found)
