"""kg.graph.terms.curie: the prefixed names of Turtle (kg.ttl) and the compact IRIs of JSON-LD."""
from __future__ import annotations

import pytest

from kg.graph.namespace import KG_NS
from kg.graph.terms import curie

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


@pytest.mark.parametrize("iri, turtle, jsonld", [
    (KG_NS + "Place", "kg:Place", "kg:Place"),
    (XSD_DECIMAL, "xsd:decimal", "xsd:decimal"),
    ("http://purl.org/dc/terms/issued", "dcterms:issued", "dcterms:issued"),
    (RDF_TYPE, "a", "rdf:type"),                                      # Turtle's keyword
    (KG_NS + "a-b", f"<{KG_NS}a-b>", "kg:a-b"),                       # not a plain name
    (KG_NS + "2020", f"<{KG_NS}2020>", "kg:2020"),
    (KG_NS + "地方", f"<{KG_NS}地方>", "kg:地方"),
    (KG_NS + "a/b", f"<{KG_NS}a/b>", f"{KG_NS}a/b"),                  # neither takes a slash
    (KG_NS + "a:b", f"<{KG_NS}a:b>", f"{KG_NS}a:b"),
    (KG_NS, f"<{KG_NS}>", KG_NS),                                     # no local part
    ("https://kg.example.org/id/place/x", "<https://kg.example.org/id/place/x>", "https://kg.example.org/id/place/x"),
])
def test_curie_turtle_and_jsonld(iri, turtle, jsonld):
    assert curie(iri) == turtle
    assert curie(iri, jsonld=True) == jsonld
