"""The ontology and its DefinedNamespace stay in step; the ontology is bilingual and blank-node free."""
from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph

from kg.graph.namespace import KG, KG_NS, ONTOLOGY_IRI, PREFIXES, TERMS, new_graph, ontology_path, shapes_path


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def test_namespace_terms_match_ontology(onto):
    declared = {str(s) for s in onto.subjects() if str(s).startswith(KG_NS)}
    assert declared == set(TERMS), (f"only in ontology: {sorted(declared - TERMS)}; "
                                    f"only in namespace.py: {sorted(TERMS - declared)}")


def test_namespace_unknown_term_raises():
    with pytest.raises(AttributeError):
        KG.implement  # noqa: B018


def test_namespace_every_term_typed_and_labelled_in_zh_and_en(onto):
    for term in sorted(TERMS):
        s = KG[term[len(KG_NS):]]
        assert set(onto.objects(s, RDF.type)) & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, term
        for prop in (RDFS.label, RDFS.comment):
            langs = sorted(lit.language for lit in onto.objects(s, prop))
            assert langs == ["en", "zh"], f"{term} {prop}: {langs}"


@pytest.mark.parametrize("path", [ontology_path(), shapes_path()])
def test_namespace_ontology_files_have_no_blank_nodes(path):
    g = Graph().parse(path, format="turtle")
    assert not [t for t in g if any(isinstance(x, BNode) for x in t)]


def test_namespace_ontology_header(onto):
    assert (None, RDF.type, OWL.Ontology) in onto
    assert str(next(onto.subjects(RDF.type, OWL.Ontology))) == ONTOLOGY_IRI


def test_namespace_prefix_map_bound_on_new_graphs():
    assert dict((p, str(n)) for p, n in new_graph().namespaces()) == PREFIXES
