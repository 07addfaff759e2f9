"""The streamed Turtle of kg build: the same triples as the whole-model mapping, order-free, valid."""
from __future__ import annotations

import io
import random
from decimal import Decimal

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.graph.iri import article_iri, check_base
from kg.graph.mapping import Mapper
from kg.graph.model import GraphBuilder, build_graph, metric_attrs
from kg.graph.parts import record_part
from kg.graph.rdf import file_triples
from kg.graph.stream import BLOCK_COUNTS, TurtleBlocks, article_block, turtle_body
from kg.graph.terms import _ESCAPES, TEXT, decimal_text, escape

BASE = check_base(None)


def streamed(records, tmp_path) -> bytes:
    builder, blocks = GraphBuilder(BASE, detail=False), TurtleBlocks(tmp_path)
    for rec in records:
        part = record_part(rec, BASE)
        blocks.add(part.doc, *article_block(part, BASE))
        builder.add_part(part.compact())
    out = io.BytesIO()
    n = blocks.write(out, builder)
    blocks.close()
    data = out.getvalue()
    assert n == len(set(ox.parse(data, format=ox.RdfFormat.TURTLE)))  # the count is of distinct triples
    return data


TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def void(graph, prop: str) -> list:
    """The values of a VoID property in ``graph`` (quads): numbers as text, classes as IRIs."""
    p = ox.NamedNode(f"http://rdfs.org/ns/void#{prop}")
    return sorted((q.object.value if isinstance(q.object, ox.Literal) else q.object) for q in graph
                  if q.predicate == p) if prop != "class" else [q.object for q in graph if q.predicate == p]


def triples(data: bytes) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in ox.parse(data, format=ox.RdfFormat.TURTLE)}


def test_stream_holds_exactly_the_triples_of_the_whole_model(records, tmp_path):
    assert triples(streamed(records, tmp_path)) == {str(t) for t in file_triples(build_graph(records))}


def test_stream_on_gold_records(gold_records, tmp_path):
    assert triples(streamed(gold_records, tmp_path)) == {str(t) for t in file_triples(build_graph(gold_records))}


def test_stream_is_byte_identical_whatever_the_record_order(records, tmp_path):
    first = streamed(records, tmp_path)
    for seed in range(3):
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        assert streamed(shuffled, tmp_path) == first


def test_stream_replaced_article_block_wins(records, tmp_path):
    blocks = TurtleBlocks(tmp_path)
    part = record_part(records[0], BASE)
    blocks.add(part.doc, b"<urn:x:old> a kg:Mention .\n", (1, 1, 1, 0, 0))
    blocks.add(part.doc, *article_block(part, BASE))
    out = io.BytesIO()
    n = blocks.write(out, GraphBuilder(BASE, detail=False))
    blocks.close()
    assert b"urn:x:old" not in out.getvalue() and not blocks.path.exists()
    graph = set(ox.parse(out.getvalue(), format=ox.RdfFormat.TURTLE))  # the old block's counts are gone too
    assert n == len(graph) == int(void(graph, "triples")[0])
    assert void(graph, "entities") == sorted(str(sum(1 for q in graph if q.predicate == TYPE and q.object == cls))
                                             for cls in void(graph, "class"))


@pytest.mark.parametrize("text", ['引号"和\\反斜杠', "换行\n回车\r制表\t", "控制\x01\x7f字符", "孤立\ud800代理", "<script>"])
def test_stream_literals_parse_back_as_written(text):
    body = turtle_body([("<urn:x:s>", "<urn:x:p>", TEXT.zh(text))])
    (quad,) = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert quad.object.value == text.replace("\ud800", "\ufffd") and quad.object.language == "zh"


def test_escape_leaves_plain_text_alone():
    assert escape("党建引领") == "党建引领"


def test_blocks_are_grouped_by_subject(records):
    data, (n, *_) = article_block(record_part(records[0], BASE), BASE)
    subjects = [line.split(b" ", 1)[0] for line in data.split(b"\n") if line and not line.startswith(b"\t")]
    assert subjects == sorted(subjects) and len(subjects) == len(set(subjects)) and n > len(subjects)


@pytest.mark.parametrize("date,typed", [("2022-11-16", True), ("2022-13-45", False), ("2023-02-29", False),
                                        ("2024-02-29", True), ("2022-11", False)])
def test_only_real_dates_become_xsd_dates(date, typed):
    from kg.graph.mapping import is_date

    assert is_date(date) is typed


def mapper_block(part) -> tuple[bytes, tuple[int, ...]]:
    """An article block as the :class:`Mapper` writes it, the definition ``article_block`` must
    meet byte for byte: the part alone in a ``GraphBuilder``, its article's share of the mapping
    (article, mentions, metrics, evidence), duplicates dropped, sorted by subject (stable); its
    triples and its typed nodes of each class of ``BLOCK_COUNTS``."""
    one = GraphBuilder(BASE)
    one.add_part(part)
    w = Mapper(BASE, TEXT)
    w.article(article_iri(part.doc, BASE), one.article_attrs(part.doc))
    for node in one.entities:
        attrs = one.entity_attrs(node)
        w.mentions(node, attrs["docs"], attrs["mentions"])
    for node, met in one.metrics.items():
        w.metric(node, metric_attrs(met))
        w.direct(met["subject"], node, {"type": "HAS_METRIC"})
    for key in one.edges:
        w.evidence(key, one.edge_attrs(key)["evidence"])
    triples = sorted(w.take(), key=lambda t: t[0])
    typed = [o for _, p, o in triples if p == "a"]
    return turtle_body(triples), (len(triples), *(typed.count(f"kg:{cls}") for cls in BLOCK_COUNTS[1:]))


def assert_blocks_are_the_mappers(records) -> None:
    for rec in records:
        part = record_part(rec, BASE)
        assert article_block(part, BASE) == mapper_block(part)


def test_article_block_is_the_mappers(records):
    assert_blocks_are_the_mappers(records)


def test_article_block_is_the_mappers_on_gold_records(gold_records):
    assert_blocks_are_the_mappers(gold_records)


_text = st.one_of(st.none(), st.text(st.sampled_from('长垣"\\\n\t\x01\x7f\ud800a '), max_size=6), st.text(max_size=4))
_offset = st.one_of(st.none(), st.integers(-3, 5000), st.booleans(), st.sampled_from([2.0, 2.5]))
_span = st.fixed_dictionaries({}, optional={"start": _offset, "end": _offset, "text": _text, "rule": _text})
_ids = st.sampled_from(["e1", "e2", "e3", "e4"])


@st.composite
def odd_records(draw) -> dict:
    """Records with what real ones seldom have: missing, odd or repeated spans, an entity twice,
    a relation stated twice, metrics without unit or year, literals to escape."""
    names = draw(st.lists(st.sampled_from(["陆丰市", "新街村", "张三", "“四议两公开”", "a\"b"]), min_size=4, max_size=4))
    entities = [{"id": eid, "type": draw(st.sampled_from(["PLACE", "PERSON", "ORG", "MECHANISM"])), "name": name,
                 "mentions": draw(st.lists(_span, max_size=4))} for eid, name in zip(["e1", "e2", "e3", "e4"], names)]
    relations = [{"type": draw(st.sampled_from(["LOCATED_IN", "IMPLEMENTS", "HOLDS_POSITION", "RECOGNIZED_AS"])),
                  "head": draw(_ids), "tail": draw(_ids), "evidence": draw(st.one_of(st.none(), _span)),
                  "rule": draw(_text), "source": draw(st.sampled_from([None, "text", "gazetteer"]))}
                 for _ in range(draw(st.integers(0, 5)))]
    metrics = [{"subject": draw(_ids), "indicator": draw(_text), "unit": draw(_text), "qualifier": draw(_text),
                "value": draw(st.sampled_from([875, 3100.0, 0.5, -2, 1e-7])), "rule": draw(_text),
                "year": draw(st.sampled_from([None, 2021, "2022"])), "evidence": draw(st.one_of(st.none(), _span))}
               for _ in range(draw(st.integers(0, 3)))]
    meta = {"title": draw(_text), "date": draw(st.sampled_from([None, "2022-11-16", "2022-13-45", "2023-05"])),
            "authors": draw(st.lists(st.sampled_from(["甲", "乙"]), max_size=3)),
            "url": draw(st.sampled_from([None, "http://x.org/新闻", "a b"]))}
    return {"doc": draw(st.sampled_from(["a1", "新闻 1"])), "meta": meta, "entities": entities, "relations": relations,
            "metrics": metrics}


@settings(max_examples=300, deadline=None)
@given(rec=odd_records())
def test_article_block_is_the_mappers_on_odd_records(rec):
    assert_blocks_are_the_mappers([rec])


@settings(max_examples=500, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=())))
def test_escape_is_the_turtle_escapes(text):
    expected = text.translate(_ESCAPES)
    assert escape(text) == "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in expected)


@given(value=st.integers(-10**30, 10**30))
def test_decimal_text_of_an_int_is_its_decimal(value):
    assert decimal_text(value) == format(Decimal(value), "f") + ".0"


def test_blocks_in_document_order_become_the_file_itself(records, tmp_path):
    """In document-id order the scratch file is moved into place with the global sections
    appended; out of order the blocks are copied. Both give the same bytes as ``write``."""
    def finished(order, name):
        builder, blocks = GraphBuilder(BASE, detail=False), TurtleBlocks(tmp_path)
        for rec in order:
            part = record_part(rec, BASE)
            blocks.add(part.doc, *article_block(part, BASE))
            builder.add_part(part.compact())
        scratch, in_order = blocks.path, blocks.in_order
        n = blocks.finish(tmp_path / name, builder)
        moved = not scratch.exists()
        blocks.close()
        return (tmp_path / name).read_bytes(), n, in_order, moved

    ordered = sorted(records, key=lambda r: r["doc"])
    data, n, in_order, moved = finished(ordered, "a.ttl")
    assert in_order and moved and data == streamed(records, tmp_path)
    assert n == len(set(ox.parse(data, format=ox.RdfFormat.TURTLE)))
    again, n2, in_order, moved = finished(ordered[::-1], "b.ttl")
    assert not in_order and not moved and (again, n2) == (data, n)
