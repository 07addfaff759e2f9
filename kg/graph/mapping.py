"""The RDF mapping of ``docs/rdf-mapping.md``, node by node (graph model → **triples**).

:class:`Mapper` writes each kind of node of the graph model as triples made by a term
factory (:mod:`kg.graph.terms`): pyoxigraph objects for :func:`kg.graph.rdf.rdf_triples`,
Turtle text for the streamed ``kg.ttl`` (:mod:`kg.graph.stream`). Nodes are named by their
IRI strings. What merges across articles (entities, designations, relations, posts) and what
belongs to one article (the article, mentions, metric observations, evidence) are written
by separate methods, so a build can write an article's triples as soon as it is processed.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any, Iterable

from kg.graph import iri as iris
from kg.graph.parts import EVIDENCE_FIELDS, MENTION_FIELDS
from kg.graph.terms import OX

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_date(text: str) -> bool:
    """A real calendar date in ``YYYY-MM-DD`` form (``2022-13-45`` is not one: no ill-typed ``xsd:date``)."""
    if not _FULL_DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=1 << 14)
def _post_iri(tail: str, title: str, base: str) -> tuple[str, str] | None:
    """Remembered: an edge asks three times (its direct triple, its relation node, the post)."""
    title = iris.normalize_name(title)
    return (iris.node_iri("post", (tail, title), base), title) if title else None


class Mapper:
    """Appends ``(subject, predicate, object)`` triples of ``terms`` to :attr:`triples`."""

    def __init__(self, base: str, terms=OX, docs: dict[str, Any] | None = None) -> None:
        self.base, self.t, self.v = base, terms, terms.v
        self.triples: list[tuple] = []
        self.docs = docs if docs is not None else {}  # article id → its term

    def add(self, s, p, o) -> None:
        self.triples.append((s, p, o))

    def take(self) -> list[tuple]:
        """The triples written so far (duplicates dropped), and start again."""
        out, self.triples = list(dict.fromkeys(self.triples)), []
        return out

    def article_ref(self, doc: str):
        if doc not in self.docs:  # evidence from an article without a node: give it one
            t, v = self.t, self.v
            self.docs[doc] = ref = t.iri(iris.article_iri(doc, self.base))
            self.add(ref, v.type, v.Article)
            self.add(ref, v.identifier, t.string(doc))
            self.add(ref, v.label, t.zh(doc))
        return self.docs[doc]

    def span(self, node, cls, sp: dict[str, Any]) -> None:
        t, v, add = self.t, self.v, self.add
        add(node, v.type, cls)
        add(node, v.inArticle, self.article_ref(sp["doc"]))
        if isinstance(sp.get("start"), int):
            add(node, v.start, t.integer(sp["start"]))
        if isinstance(sp.get("end"), int):
            add(node, v.end, t.integer(sp["end"]))
        if sp.get("text"):
            add(node, v.text, t.zh(sp["text"]))
        if sp.get("rule"):
            add(node, v.rule, t.string(sp["rule"]))
        if cls is v.Evidence:
            add(node, v.source, t.string(sp.get("source") or "text"))

    def evidence(self, fact: str, items: list[dict[str, Any]]) -> None:
        ref = self.t.iri(fact)
        for ev in items:
            node = self.t.iri(iris.evidence_iri(fact, *map(ev.get, EVIDENCE_FIELDS), self.base))
            self.add(ref, self.v.evidence, node)
            self.span(node, self.v.Evidence, ev)

    def article(self, node: str, d: dict[str, Any]) -> None:
        t, v, add = self.t, self.v, self.add
        self.docs[d["doc"]] = ref = t.iri(node)
        add(ref, v.type, v.Article)
        add(ref, v.identifier, t.string(d["doc"]))
        add(ref, v.label, t.zh(d.get("label") or d["doc"]))
        if d.get("title"):
            add(ref, v.title, t.zh(d["title"]))
        if d.get("date"):
            add(ref, v.dateText, t.string(d["date"]))
            if is_date(d["date"]):
                add(ref, v.issued, t.date(d["date"]))
        if d.get("source"):
            add(ref, v.dc_source, t.zh(d["source"]))
        for name in d.get("authors") or ():
            add(ref, v.creator, t.zh(name))
        for name in d.get("editors") or ():
            add(ref, v.editor, t.zh(name))
        if d.get("url") and iris.is_safe_iri(iris.safe_iri(d["url"])):  # a relative URL is no IRI: left out
            add(ref, v.url, t.iri(iris.safe_iri(d["url"])))

    def entity(self, node: str, d: dict[str, Any]) -> None:
        t, v, add = self.t, self.v, self.add
        ref = t.iri(node)
        add(ref, v.type, v.classes[d["type"]])
        label = d["label"]
        add(ref, v.label, t.zh(label))
        add(ref, v.prefLabel, t.zh(label))
        for alias in d.get("aliases") or ():
            if alias != label:
                add(ref, v.altLabel, t.zh(alias))
        if d["type"] == "PLACE":
            add(ref, v.level, t.string(d.get("level") or "other"))
            if d.get("level") in v.levels:
                add(ref, v.type, v.levels[d["level"]])
            if d.get("adcode"):
                add(ref, v.adcode, t.string(d["adcode"]))
        if d["type"] == "PERSON":
            add(ref, v.role, t.string(d.get("role") or "other"))
        self.mentions(node, d.get("docs") or (), d.get("mentions") or ())

    def mentions(self, node: str, docs: Iterable[str], mentions: Iterable[dict[str, Any]]) -> None:
        """An entity's articles and mentions (the part of an entity that belongs to articles)."""
        t, v = self.t, self.v
        ref = t.iri(node)
        for doc in docs:
            self.add(ref, v.mentionedIn, self.article_ref(doc))
        for m in mentions:
            mention = t.iri(iris.mention_iri(node, *map(m.get, MENTION_FIELDS), self.base))
            self.add(ref, v.mention, mention)
            self.span(mention, v.Mention, m)

    def designation(self, node: str, d: dict[str, Any]) -> None:
        t, v = self.t, self.v
        ref = t.iri(node)
        self.add(ref, v.type, v.Designation)
        self.add(ref, v.label, t.zh(d["label"]))
        self.add(ref, v.prefLabel, t.zh(d["label"]))
        self.add(ref, v.designationLevel, t.string(d.get("level") or "other"))

    def metric(self, node: str, d: dict[str, Any]) -> None:
        t, v, add = self.t, self.v, self.add
        ref = t.iri(node)
        add(ref, v.type, v.MetricObservation)
        add(ref, v.label, t.zh(d["label"]))
        if d.get("indicator"):
            add(ref, v.indicator, t.zh(d["indicator"]))
        add(ref, v.value, t.decimal(d["value"]))
        if d.get("unit"):
            add(ref, v.unit, t.string(d["unit"]))
        if d.get("qualifier"):
            add(ref, v.qualifier, t.string(d["qualifier"]))
        if d.get("year") is not None:
            add(ref, v.year, t.integer(d["year"]))
        self.evidence(node, [d["evidence"]] if d.get("evidence") else [])

    def post_iri(self, tail: str, d: dict[str, Any]) -> tuple[str, str] | None:
        """The official post a HOLDS_POSITION edge names (IRI and normalized title), if it has a title."""
        return _post_iri(tail, d.get("title") or "", self.base) if d["type"] == "HOLDS_POSITION" else None

    def direct(self, head: str, tail: str, d: dict[str, Any]) -> None:
        """The plain triples of an edge, on its head: ``?head kg:implements ?tail``, ``org:holds``."""
        t, v = self.t, self.v
        h = t.iri(head)
        if d["type"] == "HAS_METRIC":
            self.add(h, v.hasMetric, t.iri(tail))
            return
        self.add(h, v.relations[d["type"]], t.iri(tail))
        post = self.post_iri(tail, d)
        if post:
            self.add(h, v.formerlyHeld if d.get("former") else v.holds, t.iri(post[0]))

    def relation(self, head: str, tail: str, key: str, d: dict[str, Any]) -> None:
        """The ``kg:Relation`` node of an edge, with its evidence."""
        t, v, add = self.t, self.v, self.add
        key = key if iris.is_safe_iri(key) else iris.node_iri("relation", (head, d["type"], tail), self.base)
        rel = t.iri(key)
        add(rel, v.type, v.Relation)
        add(rel, v.subject, t.iri(head))
        add(rel, v.predicate, v.relations[d["type"]])
        add(rel, v.object, t.iri(tail))
        if d["type"] == "HOLDS_POSITION":
            add(rel, v.former, t.boolean(bool(d.get("former"))))
            post = self.post_iri(tail, d)
            if post:
                add(rel, v.kg_title, t.zh(d["title"]))
                add(rel, v.post, t.iri(post[0]))
        self.evidence(key, d.get("evidence") or [])

    def post(self, node: str, tail: str, title: str, tail_label: str, holders: Iterable[str]) -> None:
        """An official post (a title in a place or organization) and who holds it now."""
        t, v = self.t, self.v
        ref = t.iri(node)
        self.add(ref, v.type, v.OfficialPost)
        self.add(ref, v.postIn, t.iri(tail))
        self.add(ref, v.kg_title, t.zh(title))
        self.add(ref, v.label, t.zh(f"{tail_label}{title}"))
        for head in holders:
            self.add(ref, v.heldBy, t.iri(head))

    def edge(self, head: str, tail: str, key: str, d: dict[str, Any], tail_label: str) -> None:
        """Every triple of one edge of the model (direct, relation node, post)."""
        self.direct(head, tail, d)
        if d["type"] == "HAS_METRIC":
            return
        self.relation(head, tail, key, d)
        post = self.post_iri(tail, d)
        if post:
            self.post(post[0], tail, post[1], tail_label, () if d.get("former") else (head,))
