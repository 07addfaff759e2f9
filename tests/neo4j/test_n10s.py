"""The RDF shaped for n10s: each pitfall of the issue is found, fixed or refused, and the counts are right."""
from __future__ import annotations

import pytest
from rdflib import DC, RDF, SKOS, BNode, Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.compare import isomorphic

from kg.graph.model import build_graph
from kg.graph.namespace import KG, PREFIXES, TERMS
from kg.graph.rdf import to_rdf
from kg.neo4j.n10s import (MULTIVALUED, N10S_STANDARD_PREFIXES, N10sShapeError, expected_counts, graph_config,
                           n10s_prefixes, shape_for_n10s, short_name)
from kg.neo4j.queries import QUERIES
from tests.graph.graph_data import hand_records

EX = "https://kg.example.org/id/"


@pytest.fixture(scope="module")
def rdf() -> Graph:
    return to_rdf(build_graph(hand_records()))


def test_n10s_shape_keeps_a_clean_graph_as_it_is(rdf):
    shape = shape_for_n10s(rdf)
    assert shape.changes == [] and shape.warnings == []
    assert isomorphic(shape.graph, rdf)
    assert shape.languages == ["zh"] and shape.keep_lang_tag is False
    assert shape.multival == list(MULTIVALUED)


def test_n10s_config_makes_list_properties_arrays(rdf):
    config = graph_config(shape_for_n10s(rdf))
    assert config["handleMultival"] == "ARRAY"
    assert set(config["multivalPropList"]) == {str(SKOS.altLabel), str(DC.creator), str(KG.editor)}
    assert config["handleVocabUris"] == "SHORTEN" and config["handleRDFTypes"] == "LABELS"
    assert config["keepLangTag"] is False


def test_n10s_graph_has_one_language_tag_and_no_predicate_mixing_datatypes(rdf):
    kinds: dict = {}
    for _, p, o in rdf:
        if isinstance(o, Literal):
            kinds.setdefault(p, set()).add(o.datatype if not o.language else "@" + o.language)
    assert {k for ks in kinds.values() for k in ks if str(k).startswith("@")} == {"@zh"}
    assert all(len(ks) == 1 for ks in kinds.values()), {p: ks for p, ks in kinds.items() if len(ks) > 1}


def test_n10s_shape_refuses_blank_nodes():
    g = Graph()
    g.add((URIRef(EX + "a"), KG.evidence, BNode()))
    with pytest.raises(N10sShapeError, match="blank node"):
        shape_for_n10s(g)


def test_n10s_shape_encodes_unsafe_iris_and_refuses_relative_ones():
    g = Graph()
    g.add((URIRef(EX + 'a b"<{}|^`%'), SKOS.prefLabel, Literal("甲", lang="zh")))
    shape = shape_for_n10s(g)
    (s,) = set(shape.graph.subjects())
    assert str(s) == EX + "a%20b%22%3C%7B%7D%7C%5E%60%25" and shape.changes
    rel = Graph()
    rel.add((URIRef("place/甲"), SKOS.prefLabel, Literal("甲")))
    with pytest.raises(N10sShapeError, match="absolute"):
        shape_for_n10s(rel)


def test_n10s_shape_writes_web_addresses_as_strings():
    g = Graph()
    g.add((URIRef(EX + "article/a"), rns.SDO.url, URIRef("https://news.example.cn/a?id=1")))
    shape = shape_for_n10s(g)
    assert list(shape.graph.objects(None, rns.SDO.url)) == [Literal("https://news.example.cn/a?id=1")]
    assert shape.counts["relationships"] == 0 and shape.counts["resources"] == 1


def test_n10s_shape_makes_mixed_datatypes_strings():
    g = Graph()
    g.add((URIRef(EX + "a"), KG.year, Literal(2021)))
    g.add((URIRef(EX + "b"), KG.year, Literal("2021年")))
    shape = shape_for_n10s(g)
    assert {o.datatype for o in shape.graph.objects(None, KG.year)} == {None}
    assert any("mixes datatypes" in c for c in shape.changes)


def test_n10s_shape_adds_other_multivalued_predicates_and_keeps_several_languages_tagged():
    g = Graph()
    s = URIRef(EX + "a")
    g.add((s, KG.unit, Literal("个", lang="zh")))
    g.add((s, KG.unit, Literal("piece", lang="en")))
    shape = shape_for_n10s(g)
    assert str(KG.unit) in shape.multival and shape.keep_lang_tag is True
    assert graph_config(shape)["keepLangTag"] is True


def test_n10s_expected_counts_on_a_tiny_graph():
    a, b = URIRef(EX + "a"), URIRef(EX + "b")
    triples = [(a, RDF.type, KG.Place), (a, RDF.type, KG.County), (a, SKOS.prefLabel, Literal("甲")),
               (a, KG.locatedIn, b), (b, KG.year, Literal(1, datatype=rns.XSD.integer))]
    assert expected_counts(triples) == {"triples": 5, "resources": 2, "relationships": 1, "untyped": 1,
                                        "labels": {"kg__County": 1, "kg__Place": 1}}


def test_n10s_prefixes_use_the_prefixes_n10s_reserves():
    prefixes = n10s_prefixes()
    assert prefixes["dct"] == "http://purl.org/dc/terms/" and "dcterms" not in prefixes
    assert set(prefixes.values()) == set(PREFIXES.values())
    for ns, prefix in N10S_STANDARD_PREFIXES.items():
        if ns in prefixes.values():
            assert prefixes[prefix] == ns


def test_n10s_short_names_of_our_terms():
    assert short_name(KG.Place) == "kg__Place"
    assert short_name(URIRef("http://purl.org/dc/terms/title")) == "dct__title"
    assert short_name(SKOS.altLabel) == "skos__altLabel"


def test_n10s_example_queries_only_use_registered_prefixes_and_declared_terms():
    import re

    prefixes = n10s_prefixes()
    for q in QUERIES.values():
        for prefix, local in re.findall(r"\b([a-z]+)__([A-Za-z]+)\b", q.n10s):
            assert prefix in prefixes, (q.name, prefix)
            if prefix == "kg":
                assert prefixes["kg"] + local in TERMS, (q.name, local)
