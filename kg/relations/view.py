"""A read-only view of a processed ``Doc`` that relation extractors share.

It indexes entity mentions (deictic ones included, resolved to their entity) by
offset, and gives sentence and clause spans and evidence records, so each
extractor is a small pure function of (view, rule).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from kg.nlp.extensions import text_of
from kg.nlp.sentences import ClauseCache, clauses_of, sentence_of, split_sentences
from kg.records import Entity, Evidence


class Spot(NamedTuple):
    """One mention of an entity in the text (``deictic`` for 我市, 该镇 …)."""

    start: int
    end: int
    entity: Entity
    rule: str = ""

    @property
    def deictic(self) -> bool:
        return self.rule == "deixis"


@dataclass
class DocView:
    text: str
    entities: list[Entity]
    scope: str | None = None
    deictic: list = field(default_factory=list)
    sentences: list[tuple[int, int]] | None = None
    clause_cache: ClauseCache | None = None

    def __post_init__(self) -> None:
        if self.sentences is None:
            self.sentences = split_sentences(self.text)
        self.by_id = {e.id: e for e in self.entities}
        self._clauses = self.clause_cache or ClauseCache(self.text)
        self._evidence: dict[tuple[int, int], Evidence] = {}
        spots = [Spot(m.start, m.end, e, m.rule) for e in self.entities for m in e.mentions]
        spots += [Spot(d.start, d.end, self.by_id[eid], "deixis") for d, eid in self.deictic if eid in self.by_id]
        self.spots = sorted(spots, key=lambda s: (s.start, -s.end))
        self._starts = [s.start for s in self.spots]

    @classmethod
    def from_doc(cls, doc) -> "DocView":
        return cls(text_of(doc), list(doc._.kg_entities or []), doc._.kg_scope, list(doc._.kg_deictic or []),
                   doc._.kg_sentences, clauses_of(doc))

    @property
    def scope_entity(self) -> Entity | None:
        return self.by_id.get(self.scope) if self.scope else None

    def spots_in(self, start: int, end: int, *types: str) -> list[Spot]:
        """Mentions lying inside [start, end), optionally of some entity types."""
        i, j = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [s for s in self.spots[i:j] if s.end <= end and (not types or s.entity.type in types)]

    def spot_ending_at(self, end: int, *types: str) -> Spot | None:
        """The longest mention ending exactly at ``end`` (of at most 40 characters)."""
        for s in self._ending.get(end, ()):
            if s.start >= end - 40 and (not types or s.entity.type in types):
                return s
        return None

    @cached_property
    def _ending(self) -> dict[int, list[Spot]]:
        """Mentions by end offset, longest first (in ``spots`` order where as long)."""
        out: dict[int, list[Spot]] = {}
        for s in self.spots:
            out.setdefault(s.end, []).append(s)
        return out

    def sentence(self, offset: int) -> tuple[int, int]:
        return sentence_of(self.sentences, offset)

    def clauses(self, sentence: tuple[int, int]) -> list[tuple[int, int]]:
        return self._clauses(*sentence)

    def evidence(self, offset: int) -> Evidence:
        """The sentence of ``offset`` as evidence; one record per sentence, shared by the
        relations read from it (records are frozen)."""
        span = self.sentence(offset)
        found = self._evidence.get(span)
        if found is None:
            found = self._evidence[span] = Evidence(span[0], span[1], self.text[span[0]:span[1]])
        return found
