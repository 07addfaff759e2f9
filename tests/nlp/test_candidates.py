"""Candidates stored on the Doc: the span group matches what ``Doc.char_span`` gives."""
from __future__ import annotations

import pytest

from kg.nlp.candidates import Candidate, add_candidates, token_spans
from kg.nlp.pipeline import make_nlp

TEXT = "  甲县 乙镇\n\n丙村  丁社区 戊"


def _every_span(n: int) -> list[Candidate]:
    return [Candidate(s, e, "PLACE", "x", "r") for s in range(-1, n + 1) for e in range(s + 1, n + 2)]


@pytest.mark.parametrize("segmenter", ["char", "jieba"])
def test_token_spans_equal_char_span_expand(segmenter):
    doc = make_nlp(segmenter, components=()).make_doc(TEXT)
    cands = _every_span(len(TEXT))
    expected = [(s.start, s.end, s.label_) for c in cands
                if (s := doc.char_span(c.start, c.end, label=c.type, alignment_mode="expand")) is not None]
    assert [(s.start, s.end, s.label_) for s in token_spans(doc, cands)] == expected


def test_candidates_add_to_the_extension_and_the_span_group():
    doc = make_nlp("char", components=()).make_doc(TEXT)
    add_candidates(doc, [Candidate(2, 4, "PLACE", "甲县", "r")])
    add_candidates(doc, [Candidate(5, 7, "ORG", "乙镇", "r")])
    assert [c.name for c in doc._.kg_candidates] == ["甲县", "乙镇"]
    assert [(s.text, s.label_) for s in doc.spans["kg_candidates"]] == [("甲县", "PLACE"), ("乙镇", "ORG")]
