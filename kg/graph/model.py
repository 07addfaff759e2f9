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

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

import networkx as nx

from kg.graph import iri as iris

log = logging.getLogger("kg")

RELATION_TYPES = ("LOCATED_IN", "HOLDS_POSITION", "IMPLEMENTS", "PART_OF", "RECOGNIZED_AS")
SOURCE_RANK = {"text": 0, "gazetteer": 1, "inferred": 2}
EVIDENCE_FIELDS = ("doc", "start", "end", "text", "rule", "source")
MENTION_FIELDS = ("doc", "start", "end", "text", "rule")
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


def number(value: Any) -> int | float:
    """A metric value as int when integral, else float (so 80.0 and 80 are one value)."""
    num = float(value)
    return int(num) if num.is_integer() and abs(num) < 1e18 else num


def _evidence(doc: str, ev: dict | None, rule: str | None, source: str | None) -> tuple:
    ev = ev or {}
    return (doc, ev.get("start"), ev.get("end"), ev.get("text"), rule or ev.get("rule") or "", source or "text")


def _ev_sort(t: tuple) -> tuple:
    doc, start, end, text, rule, *rest = t
    return (doc, start is None, start or 0, end is None, end or 0, rule, text or "", *rest)


def evidence_list(items: Iterable[tuple]) -> list[dict[str, Any]]:
    return [dict(zip(EVIDENCE_FIELDS, t)) for t in sorted(set(items), key=_ev_sort)]


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


@dataclass
class _Entity:
    type: str
    names: Counter = field(default_factory=Counter)
    aliases: set = field(default_factory=set)
    docs: set = field(default_factory=set)
    mentions: set = field(default_factory=set)
    attrs: dict = field(default_factory=lambda: {"level": Counter(), "adcode": Counter(), "role": Counter()})


@dataclass
class _Edge:
    head: str
    tail: str
    type: str
    titles: Counter = field(default_factory=Counter)
    former: bool = False
    evidence: set = field(default_factory=set)


class GraphBuilder:
    """Accumulates records; :meth:`graph` returns the merged model. ``build_graph`` is the usual entry."""

    def __init__(self, base_iri: str | None = None) -> None:
        self.base = iris.check_base(base_iri)
        self.articles: dict[str, dict[str, Any]] = {}
        self.entities: dict[str, _Entity] = {}
        self.designations: dict[str, Counter] = {}
        self.edges: dict[str, _Edge] = {}
        self.metrics: dict[str, dict[str, Any]] = {}

    # ------------------------------------------------------------------ adding
    def add(self, rec: dict[str, Any]) -> None:
        doc = str(rec.get("doc") or "")
        if not doc:
            raise ValueError("an extraction record has no 'doc' id; every record needs the article id")
        self._add_article(doc, rec.get("meta") or {})
        ids: dict[str, str] = {}
        for ent in rec.get("entities") or []:
            node = self._add_entity(doc, ent)
            if node:
                ids[str(ent.get("id", ent.get("name")))] = node
                ids.setdefault(str(ent.get("name")), node)
        for rel in rec.get("relations") or []:
            self._add_relation(doc, rel, ids)
        for met in rec.get("metrics") or []:
            self._add_metric(doc, met, ids)

    def _add_article(self, doc: str, meta: dict[str, Any]) -> None:
        art = self.articles.setdefault(doc, {"authors": set(), "editors": set()})
        for key in ("title", "date", "source", "url"):
            if meta.get(key) and not art.get(key):
                art[key] = str(meta[key])
        art["authors"].update(str(a) for a in meta.get("authors") or ())
        art["editors"].update(str(a) for a in meta.get("editors") or ())

    def _add_entity(self, doc: str, ent: dict[str, Any]) -> str | None:
        etype, name = ent.get("type"), str(ent.get("name") or "").strip()
        if etype not in iris.ENTITY_PATHS or not name:
            log.warning("%s: entity %r skipped: needs a type in %s and a name", doc, ent.get("id"),
                        "/".join(iris.ENTITY_PATHS))
            return None
        attrs = {**{k: ent[k] for k in ("level", "role", "adcode") if ent.get(k)}, **(ent.get("attrs") or {})}
        node = iris.entity_iri(etype, name, attrs, self.base)
        acc = self.entities.setdefault(node, _Entity(etype))
        acc.names[name] += 1
        acc.aliases.update(str(a) for a in ent.get("aliases") or () if str(a).strip())
        acc.aliases.add(name)
        acc.docs.add(doc)
        for m in ent.get("mentions") or ():
            acc.mentions.add((doc, m.get("start"), m.get("end"), m.get("text"), m.get("rule") or ""))
        if attrs.get("adcode") is not None:
            attrs["adcode"] = iris.valid_adcode(attrs["adcode"])
        for key, counter in acc.attrs.items():
            if attrs.get(key):
                counter[str(attrs[key])] += 1
        return node

    def _resolve(self, doc: str, ref: Any, ids: dict[str, str], what: str) -> str | None:
        node = ids.get(str(ref))
        if node is None:
            log.warning("%s: %s refers to unknown entity %r; dropped", doc, what, ref)
        return node

    def _add_relation(self, doc: str, rel: dict[str, Any], ids: dict[str, str]) -> None:
        rtype = rel.get("type")
        if rtype not in RELATION_TYPES:
            log.warning("%s: relation type %r unknown (known: %s); dropped", doc, rtype, ", ".join(RELATION_TYPES))
            return
        head = self._resolve(doc, rel.get("head"), ids, rtype)
        if rtype == "RECOGNIZED_AS":
            text = str(rel.get("tail") or "").strip()
            tail = iris.designation_iri(text, self.base) if text else None
            if tail:
                self.designations.setdefault(tail, Counter())[text] += 1
        else:
            tail = self._resolve(doc, rel.get("tail"), ids, rtype)
        if not head or not tail:
            return
        attrs = rel.get("attrs") or {}
        title = str(attrs.get("title", rel.get("title")) or "").strip()
        former = bool(attrs.get("former", rel.get("former")) or False)
        parts = (head, rtype, tail) + ((iris.normalize_name(title), former) if rtype == "HOLDS_POSITION" else ())
        key = iris.node_iri("relation", parts, self.base)
        edge = self.edges.setdefault(key, _Edge(head, tail, rtype, former=former))
        if title:
            edge.titles[title] += 1
        edge.evidence.add(_evidence(doc, rel.get("evidence"), rel.get("rule"), rel.get("source")))

    def _add_metric(self, doc: str, met: dict[str, Any], ids: dict[str, str]) -> None:
        subject = self._resolve(doc, met.get("subject"), ids, "metric")
        try:
            value = number(met.get("value"))
        except (TypeError, ValueError):
            log.warning("%s: metric %r has no numeric value; dropped", doc, met.get("indicator"))
            return
        if not subject:
            return
        indicator = str(met.get("indicator") or "").strip()
        fields = {"indicator": indicator, "value": value, "unit": met.get("unit") or None,
                  "qualifier": met.get("qualifier") or None,
                  "year": int(met["year"]) if met.get("year") not in (None, "") else None}
        key = iris.node_iri("metric", (doc, subject, iris.normalize_name(indicator), repr(value),
                                       fields["unit"], fields["qualifier"], fields["year"]), self.base)
        ev = _evidence(doc, met.get("evidence"), met.get("rule"), met.get("source"))
        old = self.metrics.get(key)
        if old is None or _ev_sort(ev) < _ev_sort(old["ev"]):
            self.metrics[key] = {"subject": subject, "doc": doc, "ev": ev, **fields}

    # ------------------------------------------------------------------ the graph
    def graph(self) -> nx.MultiDiGraph:
        G = nx.MultiDiGraph(base_iri=self.base)
        nodes: dict[str, dict[str, Any]] = {}
        for doc, a in self.articles.items():
            nodes[iris.article_iri(doc, self.base)] = {
                "kind": "article", "doc": doc, "label": a.get("title") or doc, "title": a.get("title"),
                "date": a.get("date"), "source": a.get("source"), "authors": sorted(a["authors"]),
                "editors": sorted(a["editors"]), "url": a.get("url")}
        for node, e in self.entities.items():
            attrs = {"kind": "entity", "type": e.type, "label": _pick(e.names), "aliases": sorted(e.aliases),
                     "docs": sorted(e.docs), "mentions": [dict(zip(MENTION_FIELDS, m))
                                                          for m in sorted(e.mentions, key=_ev_sort)]}
            if e.type == "PLACE":
                attrs["level"] = _pick(e.attrs["level"]) or "other"
                if e.attrs["adcode"]:
                    attrs["adcode"] = _pick(e.attrs["adcode"])
            if e.type == "PERSON":
                attrs["role"] = _pick(e.attrs["role"]) or "other"
            nodes[node] = attrs
        for node, names in self.designations.items():
            label = _pick(names)
            nodes[node] = {"kind": "designation", "label": label, "level": designation_level(label)}
        for node, m in self.metrics.items():
            nodes[node] = {"kind": "metric", "label": m["indicator"] or "metric", "subject": m["subject"],
                           **{k: m[k] for k in ("indicator", "value", "unit", "qualifier", "year", "doc")},
                           "evidence": evidence_list([m["ev"]])[0]}
        G.add_nodes_from(sorted(nodes.items()))
        edges = []
        for key, e in self.edges.items():
            evidence = evidence_list(e.evidence)
            data = {"type": e.type, "source": best_source(evidence), "evidence": evidence}
            if e.type == "HOLDS_POSITION":
                data.update(title=_pick(e.titles) or "", former=e.former)
            edges.append((e.head, e.tail, key, data))
        for node, m in self.metrics.items():
            evidence = evidence_list([m["ev"]])
            edges.append((m["subject"], node, node, {"type": "HAS_METRIC", "source": best_source(evidence),
                                                     "evidence": evidence}))
        G.add_edges_from(sorted(edges, key=lambda t: (t[0], t[1], t[2])))
        return G


def build_graph(records: Iterable[dict[str, Any]], base_iri: str | None = None) -> nx.MultiDiGraph:
    """Merge extraction records (dicts of ``extractions.jsonl``) into the graph model."""
    builder = GraphBuilder(base_iri)
    for rec in records:
        builder.add(rec)
    return builder.graph()
