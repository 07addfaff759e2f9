"""Stable IRIs: same entity → same IRI, different entities apart, every IRI safe for Turtle and Jena."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from kg.graph import iri as iris
from kg.graph.serialize import ntriples_bytes, turtle_bytes

BASE = iris.DEFAULT_BASE_IRI


@pytest.mark.parametrize("a, b", [
    ("四议两公开", "“四议两公开”"),
    ("四议两公开", " 四议两公开 "),
    ("3+3", "３＋３"),          # full-width forms fold (NFKC)
    ("ABC党建", "abc党建"),     # ASCII case does not matter
])
def test_iri_entity_name_variants_give_one_iri(a, b):
    assert iris.entity_iri("MECHANISM", a) == iris.entity_iri("MECHANISM", b)


@pytest.mark.parametrize("a, b", [
    (("PLACE", "新街镇"), ("PLACE", "新街村")),
    (("PLACE", "新街镇"), ("ORG", "新街镇")),
    (("PROGRAM", "一亲三心"), ("MECHANISM", "一亲三心")),
    (("PLACE", "陆丰"), ("PLACE", "陆丰市")),  # without a code the record's canonical name decides
])
def test_iri_entity_different_entities_stay_apart(a, b):
    assert iris.entity_iri(*a) != iris.entity_iri(*b)


def test_iri_entity_place_keyed_by_code():
    short = iris.entity_iri("PLACE", "陆丰", {"adcode": "441581"})
    full = iris.entity_iri("PLACE", "陆丰市", {"adcode": "441581"})
    assert short == full == f"{BASE}place/adcode/441581"


def test_iri_entity_same_name_villages_with_different_codes_apart():
    one = iris.entity_iri("PLACE", "新山村", {"adcode": "441521101201"})
    two = iris.entity_iri("PLACE", "新山村", {"adcode": "441702105203"})
    assert one != two


@pytest.mark.parametrize("code", ["44158", "abc123", "4415810", "", None])
def test_iri_entity_bad_code_falls_back_to_name(code):
    assert iris.entity_iri("PLACE", "陆丰市", {"adcode": code}) == iris.entity_iri("PLACE", "陆丰市")


def test_iri_entity_stable_value():
    # a change here changes every IRI users have stored: it must be deliberate
    assert iris.entity_iri("PLACE", "陆丰市") == f"{BASE}place/%E9%99%86%E4%B8%B0%E5%B8%82"
    assert iris.article_iri("003_474a7aeec4351096") == f"{BASE}article/003_474a7aeec4351096"


def test_iri_base_configurable():
    assert iris.entity_iri("PERSON", "张三", base="urn:kg:").startswith("urn:kg:person/")
    assert iris.check_base("http://example.org/kg#") == "http://example.org/kg#"


@pytest.mark.parametrize("bad", ["http://example.org/kg", "example.org/kg/", "http://exa mple.org/",
                                 "http://example.org/知识/", "http://example.org/a%zz/", "http://ex.org/<x>/"])
def test_iri_base_rejected_with_a_hint(bad):
    with pytest.raises(iris.IRIError, match="e.g."):
        iris.check_base(bad)


def test_iri_long_name_shortened_with_hash():
    a, b = "长" * 300, "长" * 299 + "短"
    ia, ib = iris.entity_iri("PROGRAM", a), iris.entity_iri("PROGRAM", b)
    assert ia != ib and len(ia) < len(BASE) + 200 and iris.is_safe_iri(ia)


@pytest.mark.parametrize("url", ["http://ex.org/a b?q=\"x\"", "http://ex.org/%zz/{x}|^`", "http://ex.org/新闻.html"])
def test_iri_safe_iri_encodes_urls(url):
    assert iris.is_safe_iri(iris.safe_iri(url))


@settings(max_examples=300, deadline=None)
@given(etype=st.sampled_from(["PLACE", "PERSON", "ORG", "PROGRAM", "MECHANISM", "odd type"]), name=st.text())
def test_iri_any_name_gives_a_safe_absolute_ascii_iri(etype, name):
    value = iris.entity_iri(etype, name)
    assert value.isascii() and value.startswith(BASE) and iris.is_safe_iri(value)
    assert not any(c in value for c in ' "<>{}|^`\\')


@settings(max_examples=150, deadline=None)
@given(name=st.text(min_size=1))
def test_iri_any_name_round_trips_through_turtle(name):
    node = URIRef(iris.entity_iri("PLACE", name))
    g = Graph()
    g.add((node, URIRef("https://kg.example.org/ontology#level"), Literal("village")))
    for data, fmt in ((turtle_bytes(g), ox.RdfFormat.TURTLE), (ntriples_bytes(g), ox.RdfFormat.N_TRIPLES)):
        triples = list(ox.parse(data, format=fmt))
        assert [t.subject.value for t in triples] == [str(node)]
    assert set(Graph().parse(data=turtle_bytes(g).decode(), format="turtle").subjects()) == {node}


def test_iri_node_digest_stable_value():
    # n-ary node IRIs users may have stored: a change here must be deliberate
    assert iris.digest() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert iris.digest("mention", "https://x/a", "d", 1, None, "", "文本\ud800", 2.5, True) == \
        "eb8bd0dd743441e9f4b4e46cb3e8244dd333e578dfbf88e30d500d7193cf3ee6"
    assert iris.node_iri("evidence", ("k", "d", 0, 3, "r", "text", '引号"')) == \
        f"{BASE}evidence/7862045033f90db167096c46"


_part = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                  st.text(st.characters(blacklist_categories=()), max_size=8))


@settings(max_examples=300, deadline=None)
@given(node=st.text(max_size=8), doc=_part, start=_part, end=_part, text=_part, rule=_part, source=_part,
       base=st.sampled_from([BASE, "urn:kg:"]))
def test_iri_mention_and_evidence_iris_are_their_node_iris(node, doc, start, end, text, rule, source, base):
    assert iris.mention_iri(node, doc, start, end, text, rule, base) == \
        iris.node_iri("mention", (node, doc, start, end, rule, text), base)
    assert iris.evidence_iri(node, doc, start, end, text, rule, source, base) == \
        iris.node_iri("evidence", (node, doc, start, end, rule, source, text), base)


def test_iri_safe_iri_lowercases_the_scheme_only():
    """Schemes are case-insensitive and written in lower case (Jena warns on ``U:x``); the rest stays."""
    assert iris.safe_iri("HTTP://Example.com/A B") == "http://Example.com/A%20B"
    assert iris.safe_iri("U:x") == "u:x"
    assert iris.safe_iri("/Rel/Path") == "/Rel/Path"
