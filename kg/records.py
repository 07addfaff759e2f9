"""Typed records that travel between the stages.

``Article`` comes out of the reader; ``Extraction`` (entities, relations, metrics,
each with provenance) comes out of the NLP stage and is what ``extractions.jsonl``
stores, one per line, in the form of ``shared/spec/extraction-record.md``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Meta:
    title: str | None = None
    date: str | None = None
    source: str | None = None
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["authors"] = list(self.authors)
        d["editors"] = list(self.editors)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Meta":
        return cls(
            title=d.get("title"),
            date=d.get("date"),
            source=d.get("source"),
            authors=tuple(d.get("authors") or ()),
            editors=tuple(d.get("editors") or ()),
            url=d.get("url"),
        )


@dataclass(frozen=True)
class Article:
    """One normalized article: the text all offsets refer to, and its metadata."""

    doc_id: str
    text: str
    meta: Meta = field(default_factory=Meta)
    path: str | None = None


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "rule": self.rule}


@dataclass
class Entity:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    iri: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "aliases": list(self.aliases),
            "attrs": dict(self.attrs),
            "iri": self.iri,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True)
class Relation:
    type: str
    head: str
    tail: str
    attrs: dict[str, Any] = field(default_factory=dict)
    source: str = "text"  # text | gazetteer | inferred
    evidence: Evidence | None = None
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "head": self.head,
            "tail": self.tail,
            "attrs": dict(self.attrs),
            "source": self.source,
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Metric:
    subject: str
    indicator: str
    value: float | int
    unit: str | None = None
    qualifier: str | None = None
    year: int | None = None
    evidence: Evidence | None = None
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "indicator": self.indicator,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "year": self.year,
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "rule": self.rule,
        }


@dataclass
class Extraction:
    """What the builder extracted from one article (one line of extractions.jsonl)."""

    doc: str
    meta: Meta
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "meta": self.meta.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "relations": [r.to_dict() for r in self.relations],
            "metrics": [m.to_dict() for m in self.metrics],
        }
