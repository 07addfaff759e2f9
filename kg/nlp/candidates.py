"""Entity candidates: what the recognizers propose before resolution.

A recognizer's ``match(doc)`` returns ``Candidate`` records with exact character
offsets into ``doc.text``; ``add_candidates`` stores them on the ``Doc`` (the
``kg_candidates`` extension and the ``doc.spans["kg_candidates"]`` group, so spaCy
tools such as displaCy see them too).
"""
from __future__ import annotations

from typing import Any, Iterable, NamedTuple

import numpy
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span

from kg.nlp.extensions import text_of

ENTITY_TYPES = ("PLACE", "PERSON", "ORG", "PROGRAM", "MECHANISM")
SPAN_KEY = "kg_candidates"


class Candidate(NamedTuple):
    """A proposed entity mention (an immutable record; a named tuple, as recognizers make
    tens of thousands per corpus).

    ``name`` is the canonical name the recognizer proposes (e.g. 陆丰 → 陆丰市);
    ``attrs`` holds type-specific attributes (PLACE: level, adcode; PERSON: role);
    ``rule`` names the rule that made it; ``priority`` breaks overlaps (higher wins);
    ``aliases`` are further surface forms of the same name (“X”活动 → X活动, X).
    """

    start: int
    end: int
    type: str
    name: str
    rule: str
    attrs: tuple[tuple[str, Any], ...] = ()
    priority: int = 0
    aliases: tuple[str, ...] = ()

    @property
    def attr_dict(self) -> dict[str, Any]:
        return dict(self.attrs)

    def overlaps(self, other: "Candidate") -> bool:
        return self.start < other.end and other.start < self.end


def make_attrs(**kwargs: Any) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, v) for k, v in kwargs.items() if v is not None))


def add_candidates(doc: Doc, candidates: Iterable[Candidate]) -> None:
    cands = list(candidates)
    doc._.kg_candidates = list(doc._.kg_candidates or []) + cands
    spans = token_spans(doc, cands)
    if SPAN_KEY in doc.spans:
        doc.spans[SPAN_KEY].extend(spans)  # in place: no copy of the spans already there
    else:
        doc.spans[SPAN_KEY] = spans


def token_spans(doc: Doc, cands: list[Candidate]) -> list[Span]:
    """The spans ``doc.char_span(c.start, c.end, label=c.type, alignment_mode="expand")``
    gives (none for offsets outside the text), for all candidates at once: the token
    bounds come from two bisections over the tokens' offsets (numpy), not from a ``Token``
    object or two per edge, and labels are passed as ids (a string label costs a look-up
    per span)."""
    n = len(text_of(doc))
    cands = [c for c in cands if 0 <= c.start < n and 0 < c.end <= n]
    if not cands:
        return []
    starts, ends = _token_bounds(doc)
    first = numpy.searchsorted(ends, [c.start for c in cands], side="right").tolist()  # first token ending after
    last = numpy.searchsorted(starts, [c.end - 1 for c in cands], side="right").tolist()  # past the token of end - 1
    labels = {t: doc.vocab.strings.add(t) for t in {c.type for c in cands}}
    return [Span(doc, i, j, labels[c.type]) for c, i, j in zip(cands, first, last)]


def _token_bounds(doc: Doc) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Start and end (trailing space excluded) offset of each token, made once per ``Doc``."""
    bounds = doc.user_data.get("kg_token_bounds")
    if bounds is None:
        arr = doc.to_array([IDX, LENGTH]).astype("int64")
        bounds = doc.user_data["kg_token_bounds"] = (arr[:, 0], arr[:, 0] + arr[:, 1])
    return bounds


def candidates_of(doc: Doc, *types: str) -> list[Candidate]:
    cands = doc._.kg_candidates or []
    return [c for c in cands if not types or c.type in types]
