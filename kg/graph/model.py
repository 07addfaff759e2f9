"""The graph model (extraction records → **networkx graph** → Turtle / viewer / Neo4j).

:func:`build_graph` merges the records of many articles into one ``MultiDiGraph`` keyed by
stable IRIs (:mod:`kg.graph.iri`): the same entity in two articles is one node whose
aliases, articles and mentions are the union of both, and the same relation stated twice
is one edge whose evidence lists both sentences. The result does not depend on the order
of the records: nodes and edges are inserted sorted, lists are sorted, and a choice between
conflicting values (a label, a level) takes the most frequent, ties broken by sort order.
The contract (node kinds, attributes, edge types) is ``docs/graph-model.md``.
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

import networkx as nx

from kg.graph import iri as iris
from kg.graph.parts import EVIDENCE_FIELDS, MENTION_FIELDS, RecordPart, ev_sort, record_part


SOURCE_RANK = {"text": 0, "gazetteer": 1, "inferred": 2}
_DESIGNATION_LEVELS = (("national", ("全国", "国家级", "国家", "中国", "中央")),
                       ("provincial", ("全省", "省级", "省定", "省")),
                       ("city", ("全市", "市级", "市")),
                       ("county", ("全县", "县级", "县", "全区", "区级")))


def designation_level(text: str) -> str:
    """The level a designation's wording gives: national, provincial, city, county or other."""
    for level, prefixes in _DESIGNATION_LEVELS:
        if text.startswith(prefixes):
            return level
    return "other"


def evidence_list(items: Iterable[tuple]) -> list[dict[str, Any]]:
    return [dict(zip(EVIDENCE_FIELDS, t)) for t in sorted(set(items), key=ev_sort)]


def best_source(evidence: list[dict[str, Any]]) -> str:
    """The strongest source kind among an edge's evidence: text, then gazetteer, then inferred."""
    sources = {e.get("source") or "text" for e in evidence} or {"text"}
    return min(sources, key=lambda s: (SOURCE_RANK.get(s, 9), s))


def _pick(counter: Counter) -> Any:
    """The most frequent value; ties go to the smallest, so the choice is order-free."""
    if not counter:
        return None
    top = max(counter.values())
    return min(v for v, n in counter.items() if n == top)


@dataclass(slots=True)
class _Entity:
    type: str
    names: Counter = field(default_factory=Counter)
    aliases: set = field(default_factory=set)
    attrs: Counter = field(default_factory=Counter)  # (level|adcode|role, value) → count
    docs: set | None = None       # with detail only
    mentions: set | None = None   # with detail only

    def pick(self, key: str) -> str | None:
        return _pick(Counter({v: n for (k, v), n in self.attrs.items() if k == key}))


@dataclass(slots=True)
class _Edge:
    head: str
    tail: str
    type: str
    titles: Counter | None = None
    former: bool = False
    evidence: set | None = None   # with detail only


class GraphBuilder:
    """Accumulates records; :meth:`graph` returns the merged model. ``build_graph`` is the usual entry."""

    def __init__(self, base_iri: str | None = None, detail: bool = True) -> None:
        self.base = iris.check_base(base_iri)
        self.detail = detail
        self.articles: dict[str, dict[str, Any]] = {}
        self.entities: dict[str, _Entity] = {}
        self.designations: dict[str, Counter] = {}
        self.edges: dict[str, _Edge] = {}
        self.metrics: dict[str, dict[str, Any]] = {}

    # ------------------------------------------------------------------ adding
    def add(self, rec: dict[str, Any]) -> None:
        """Merge one extraction record."""
        self.add_part(record_part(rec, self.base))

    def add_part(self, part: RecordPart, with_article: bool = True) -> None:
        """Merge a resolved record (:func:`kg.graph.parts.record_part`); a builder made with
        ``detail=False`` keeps only the global share (no mentions, evidence or metrics).
        ``with_article=False`` leaves out the article node (a part that cites nothing)."""
        doc, detail = part.doc, self.detail
        if with_article:
            art = self.articles.setdefault(doc, {"authors": set(), "editors": set()})
            for key in ("title", "date", "source", "url"):
                if part.meta.get(key) and not art.get(key):
                    art[key] = part.meta[key]
            art["authors"].update(part.meta.get("authors") or ())
            art["editors"].update(part.meta.get("editors") or ())
        for ep in part.entities:
            acc = self.entities.get(ep.node)
            if acc is None:
                acc = self.entities[sys.intern(ep.node)] = _Entity(ep.type, docs=set() if detail else None,
                                                                   mentions=set() if detail else None)
            acc.names[ep.name] += 1
            acc.aliases.update(ep.aliases)
            acc.attrs.update(ep.attrs)
            if detail:
                acc.docs.add(doc)
                acc.mentions.update(ep.mentions)
        for node, text in part.designations:
            self.designations.setdefault(node, Counter())[text] += 1
        for rp in part.relations:
            edge = self.edges.get(rp.key)
            if edge is None:
                edge = self.edges[rp.key] = _Edge(sys.intern(rp.head), sys.intern(rp.tail), rp.type,
                                                  former=rp.former, evidence=set() if detail else None)
            if rp.title:
                edge.titles = edge.titles or Counter()
                edge.titles[rp.title] += 1
            if detail and rp.evidence is not None:
                edge.evidence.add(rp.evidence)
        if detail:
            for key, met in part.metrics.items():
                old = self.metrics.get(key)
                if old is None or ev_sort(met["ev"]) < ev_sort(old["ev"]):
                    self.metrics[key] = met

    # ------------------------------------------------------------------ node and edge attributes
    def article_attrs(self, doc: str) -> dict[str, Any]:
        return article_attrs(doc, self.articles[doc])

    def label(self, node: str) -> str:
        """The label of an entity or designation (its most frequent name); "" for another node."""
        if node in self.entities:
            return _pick(self.entities[node].names)
        return _pick(self.designations[node]) if node in self.designations else ""

    def entity_attrs(self, node: str) -> dict[str, Any]:
        """An entity node's attributes; ``docs`` and ``mentions`` only with ``detail``."""
        e = self.entities[node]
        attrs = {"kind": "entity", "type": e.type, "label": self.label(node), "aliases": sorted(e.aliases)}
        if self.detail:
            attrs["docs"] = sorted(e.docs)
            attrs["mentions"] = [dict(zip(MENTION_FIELDS, m)) for m in sorted(e.mentions, key=ev_sort)]
        if e.type == "PLACE":
            attrs["level"] = e.pick("level") or "other"
            if e.pick("adcode"):
                attrs["adcode"] = e.pick("adcode")
        if e.type == "PERSON":
            attrs["role"] = e.pick("role") or "other"
        return attrs

    def designation_attrs(self, node: str) -> dict[str, Any]:
        label = self.label(node)
        return {"kind": "designation", "label": label, "level": designation_level(label)}

    def edge_attrs(self, key: str) -> dict[str, Any]:
        """A relation edge's attributes (its evidence is empty without ``detail``)."""
        e = self.edges[key]
        evidence = evidence_list(e.evidence) if e.evidence else []  # none without detail
        data = {"type": e.type, "source": best_source(evidence) if evidence else "text", "evidence": evidence}
        if e.type == "HOLDS_POSITION":
            data.update(title=_pick(e.titles or Counter()) or "", former=e.former)
        return data

    # ------------------------------------------------------------------ the graph
    def graph(self) -> nx.MultiDiGraph:
        G = nx.MultiDiGraph(base_iri=self.base)
        nodes: dict[str, dict[str, Any]] = {}
        for doc in self.articles:
            nodes[iris.article_iri(doc, self.base)] = self.article_attrs(doc)
        for node in self.entities:
            nodes[node] = self.entity_attrs(node)
        for node in self.designations:
            nodes[node] = self.designation_attrs(node)
        for node, m in self.metrics.items():
            nodes[node] = metric_attrs(m)
        G.add_nodes_from(sorted(nodes.items()))
        edges = [(e.head, e.tail, key, self.edge_attrs(key)) for key, e in self.edges.items()]
        for node, m in self.metrics.items():
            evidence = evidence_list([m["ev"]])
            edges.append((m["subject"], node, node, {"type": "HAS_METRIC", "source": best_source(evidence),
                                                     "evidence": evidence}))
        G.add_edges_from(sorted(edges, key=lambda t: (t[0], t[1], t[2])))
        return G


def article_attrs(doc: str, a: dict[str, Any]) -> dict[str, Any]:
    """An article node's attributes from its merged metadata, or from one record's
    (:attr:`RecordPart.meta`, whose author and editor lists may repeat a name)."""
    return {"kind": "article", "doc": doc, "label": a.get("title") or doc, "title": a.get("title"),
            "date": a.get("date"), "source": a.get("source"), "authors": sorted(set(a["authors"])),
            "editors": sorted(set(a["editors"])), "url": a.get("url")}


def metric_attrs(m: dict[str, Any]) -> dict[str, Any]:
    """A metric node's attributes from a resolved metric (:attr:`RecordPart.metrics`)."""
    return {"kind": "metric", "label": m["indicator"] or "metric", "subject": m["subject"],
            **{k: m[k] for k in ("indicator", "value", "unit", "qualifier", "year", "doc")},
            "evidence": evidence_list([m["ev"]])[0]}


def build_graph(records: Iterable[dict[str, Any]], base_iri: str | None = None) -> nx.MultiDiGraph:
    """Merge extraction records (dicts of ``extractions.jsonl``) into the graph model."""
    builder = GraphBuilder(base_iri)
    for rec in records:
        builder.add(rec)
    return builder.graph()
