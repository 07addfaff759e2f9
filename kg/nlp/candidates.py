"""Entity candidates: what the recognizers propose before resolution.

A recognizer's ``match(doc)`` returns ``Candidate`` records with exact character
offsets into ``doc.text``; ``add_candidates`` stores them on the ``Doc`` (the
``kg_candidates`` extension and the ``doc.spans["kg_candidates"]`` group, so spaCy
tools such as displaCy see them too).
"""
from __future__ import annotations

from typing import Any, Iterable, NamedTuple

from spacy.tokens import Doc

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
    """The attributes given (None: not given), sorted by name; made once per candidate,
    so a single one (the usual case) goes without a generator and a sort."""
    if len(kwargs) == 1:
        (item,) = kwargs.items()
        return (item,) if item[1] is not None else ()
    return tuple(sorted(item for item in kwargs.items() if item[1] is not None))


def add_candidates(doc: Doc, candidates: Iterable[Candidate]) -> None:
    cands = list(candidates)
    doc._.kg_candidates = list(doc._.kg_candidates or []) + cands
    spans = [span for c in cands
             if (span := doc.char_span(c.start, c.end, label=c.type, alignment_mode="expand")) is not None]
    if SPAN_KEY in doc.spans:
        doc.spans[SPAN_KEY].extend(spans)  # in place: no copy of the spans already there
    else:
        doc.spans[SPAN_KEY] = spans


def candidates_of(doc: Doc, *types: str) -> list[Candidate]:
    cands = doc._.kg_candidates or []
    return [c for c in cands if not types or c.type in types]
