"""Candidates stored on the Doc: the extension and the span group."""
from __future__ import annotations

from kg.nlp.candidates import Candidate, add_candidates
from kg.nlp.pipeline import make_nlp

TEXT = "  甲县 乙镇\n\n丙村  丁社区 戊"


def test_candidates_add_to_the_extension_and_the_span_group():
    doc = make_nlp("char", components=()).make_doc(TEXT)
    add_candidates(doc, [Candidate(2, 4, "PLACE", "甲县", "r")])
    add_candidates(doc, [Candidate(5, 7, "ORG", "乙镇", "r")])
    assert [c.name for c in doc._.kg_candidates] == ["甲县", "乙镇"]
    assert [(s.text, s.label_) for s in doc.spans["kg_candidates"]] == [("甲县", "PLACE"), ("乙镇", "ORG")]
