"""The streamed Turtle of kg build: the same triples as the whole-model mapping, order-free, valid."""
from __future__ import annotations

import io
import random

import pyoxigraph as ox
import pytest

from kg.graph.iri import check_base
from kg.graph.model import GraphBuilder, build_graph
from kg.graph.parts import record_part
from kg.graph.rdf import rdf_triples
from kg.graph.stream import TurtleBlocks, article_block, turtle_body
from kg.graph.terms import TEXT, escape

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


def triples(data: bytes) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in ox.parse(data, format=ox.RdfFormat.TURTLE)}


def test_stream_holds_exactly_the_triples_of_the_whole_model(records, tmp_path):
    assert triples(streamed(records, tmp_path)) == {str(t) for t in rdf_triples(build_graph(records))}


def test_stream_on_gold_records(gold_records, tmp_path):
    assert triples(streamed(gold_records, tmp_path)) == {str(t) for t in rdf_triples(build_graph(gold_records))}


def test_stream_is_byte_identical_whatever_the_record_order(records, tmp_path):
    first = streamed(records, tmp_path)
    for seed in range(3):
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        assert streamed(shuffled, tmp_path) == first


def test_stream_replaced_article_block_wins(records, tmp_path):
    blocks = TurtleBlocks(tmp_path)
    part = record_part(records[0], BASE)
    blocks.add(part.doc, b"<urn:x:old> <urn:x:p> 1 .\n", 1)
    blocks.add(part.doc, *article_block(part, BASE))
    out = io.BytesIO()
    blocks.write(out, GraphBuilder(BASE, detail=False))
    blocks.close()
    assert b"urn:x:old" not in out.getvalue() and not blocks.path.exists()


@pytest.mark.parametrize("text", ['引号"和\\反斜杠', "换行\n回车\r制表\t", "控制\x01\x7f字符", "孤立\ud800代理", "<script>"])
def test_stream_literals_parse_back_as_written(text):
    body = turtle_body([("<urn:x:s>", "<urn:x:p>", TEXT.zh(text))])
    (quad,) = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert quad.object.value == text.replace("\ud800", "\ufffd") and quad.object.language == "zh"


def test_escape_leaves_plain_text_alone():
    assert escape("党建引领") == "党建引领"


def test_blocks_are_grouped_by_subject(records):
    data, n = article_block(record_part(records[0], BASE), BASE)
    subjects = [line.split(b" ", 1)[0] for line in data.split(b"\n") if line and not line.startswith(b"\t")]
    assert subjects == sorted(subjects) and len(subjects) == len(set(subjects)) and n > len(subjects)


@pytest.mark.parametrize("date,typed", [("2022-11-16", True), ("2022-13-45", False), ("2023-02-29", False),
                                        ("2024-02-29", True), ("2022-11", False)])
def test_only_real_dates_become_xsd_dates(date, typed):
    from kg.graph.mapping import is_date

    assert is_date(date) is typed
