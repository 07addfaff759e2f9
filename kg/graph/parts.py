"""One record's share of the graph (extraction record → **RecordPart** → graph model / Turtle).

:func:`record_part` resolves a record once: entity IRIs, relation keys, metric keys, the
evidence of each fact, and the warnings about what it must drop. Everything downstream
works on the part: :class:`kg.graph.model.GraphBuilder` merges parts into the model, and
:mod:`kg.graph.stream` writes the article's own triples from it. A part splits into

* what is **global** — entities (names, aliases, level, code, role), designations,
  relations (ends, type, title, former): these merge across articles, and the
  :meth:`RecordPart.compact` part keeps only them (small, cheap to send between processes);
* what belongs to **this article** — its metadata, the entities' mentions, the metric
  observations, and the evidence of every fact: these never merge with another article's,
  so they can be written out as soon as the article is processed.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from kg.graph import iri as iris

log = logging.getLogger("kg")

RELATION_TYPES = ("LOCATED_IN", "HOLDS_POSITION", "IMPLEMENTS", "PART_OF", "RECOGNIZED_AS")
ENTITY_ATTRS = ("level", "adcode", "role")
EVIDENCE_FIELDS = ("doc", "start", "end", "text", "rule", "source")
MENTION_FIELDS = ("doc", "start", "end", "text", "rule")
Evidence = tuple  # EVIDENCE_FIELDS
Mention = tuple   # MENTION_FIELDS


def number(value: Any) -> int | float:
    """A metric value as int when integral, else float (so 80.0 and 80 are one value)."""
    num = float(value)
    return int(num) if num.is_integer() and abs(num) < 1e18 else num


def evidence_tuple(doc: str, ev: dict | None, rule: str | None, source: str | None) -> Evidence:
    ev = ev or {}
    return (doc, ev.get("start"), ev.get("end"), ev.get("text"), rule or ev.get("rule") or "", source or "text")


def ev_sort(t: tuple) -> tuple:
    """The order of evidence and mentions: article, offsets, rule, text (None offsets last), source."""
    start, end = t[1], t[2]
    return (t[0], start is None, start or 0, end is None, end or 0, t[4], t[3] or "") + t[5:]


@dataclass(frozen=True)
class EntityPart:
    node: str
    type: str
    name: str
    aliases: tuple[str, ...]
    attrs: tuple[tuple[str, str], ...]       # (level|adcode|role, value) given by the record
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class RelationPart:
    key: str
    head: str
    tail: str
    type: str
    title: str = ""
    former: bool = False
    evidence: Evidence | None = None


@dataclass
class RecordPart:
    doc: str
    meta: dict[str, Any]                                   # title, date, source, url, authors, editors
    entities: list[EntityPart] = field(default_factory=list)
    designations: list[tuple[str, str]] = field(default_factory=list)   # (node, text)
    relations: list[RelationPart] = field(default_factory=list)
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)    # metric IRI → fields, subject, ev

    def within(self, nodes: set[str] | frozenset[str]) -> "RecordPart":
        """The part restricted to ``nodes``: their entities and designations, the relations
        between them, and the metrics of their subjects (what a subgraph viewer needs)."""
        return RecordPart(self.doc, self.meta, [e for e in self.entities if e.node in nodes],
                          [d for d in self.designations if d[0] in nodes],
                          [r for r in self.relations if r.head in nodes and r.tail in nodes],
                          {k: m for k, m in self.metrics.items() if m["subject"] in nodes})

    def compact(self) -> "RecordPart":
        """The global share only: no mentions, evidence or metrics (what the graph index merges)."""
        ents = [EntityPart(e.node, e.type, e.name, e.aliases, e.attrs) for e in self.entities]
        rels = [RelationPart(r.key, r.head, r.tail, r.type, r.title, r.former) for r in self.relations]
        return RecordPart(self.doc, self.meta, ents, list(self.designations), rels)


def _meta(meta: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {k: str(meta[k]) for k in ("title", "date", "source", "url") if meta.get(k)}
    out["authors"] = tuple(str(a) for a in meta.get("authors") or ())
    out["editors"] = tuple(str(a) for a in meta.get("editors") or ())
    return out


def _entity(doc: str, ent: dict[str, Any], base: str) -> EntityPart | None:
    etype, name = ent.get("type"), str(ent.get("name") or "").strip()
    if etype not in iris.ENTITY_PATHS or not name:
        log.warning("%s: entity %r skipped: needs a type in %s and a name", doc, ent.get("id"),
                    "/".join(iris.ENTITY_PATHS))
        return None
    attrs = {**{k: ent[k] for k in ("level", "role", "adcode") if ent.get(k)}, **(ent.get("attrs") or {})}
    node = iris.entity_iri(etype, name, attrs, base)
    if attrs.get("adcode") is not None:
        attrs["adcode"] = iris.valid_adcode(attrs["adcode"])
    aliases = {str(a) for a in ent.get("aliases") or () if str(a).strip()} | {name}
    mentions = tuple([(doc, m.get("start"), m.get("end"), m.get("text"), m.get("rule") or "")
                      for m in ent.get("mentions") or ()])
    return EntityPart(node, etype, name, tuple(sorted(aliases)),
                      tuple((k, str(attrs[k])) for k in ENTITY_ATTRS if attrs.get(k)), mentions)


def _resolve(doc: str, ref: Any, ids: dict[str, str], what: str) -> str | None:
    node = ids.get(str(ref))
    if node is None:
        log.warning("%s: %s refers to unknown entity %r; dropped", doc, what, ref)
    return node


def _relation(part: RecordPart, rel: dict[str, Any], ids: dict[str, str], base: str) -> None:
    doc, rtype = part.doc, rel.get("type")
    if rtype not in RELATION_TYPES:
        log.warning("%s: relation type %r unknown (known: %s); dropped", doc, rtype, ", ".join(RELATION_TYPES))
        return
    head = _resolve(doc, rel.get("head"), ids, rtype)
    if rtype == "RECOGNIZED_AS":
        text = str(rel.get("tail") or "").strip()
        tail = iris.designation_iri(text, base) if text else None
        if tail:
            part.designations.append((tail, text))
    else:
        tail = _resolve(doc, rel.get("tail"), ids, rtype)
    if not head or not tail:
        return
    attrs = rel.get("attrs") or {}
    title = str(attrs.get("title", rel.get("title")) or "").strip()
    former = bool(attrs.get("former", rel.get("former")) or False)
    parts = (head, rtype, tail) + ((iris.normalize_name(title), former) if rtype == "HOLDS_POSITION" else ())
    key = iris.node_iri("relation", parts, base)
    ev = evidence_tuple(doc, rel.get("evidence"), rel.get("rule"), rel.get("source"))
    part.relations.append(RelationPart(key, head, tail, rtype, title, former, ev))


def _metric(part: RecordPart, met: dict[str, Any], ids: dict[str, str], base: str) -> None:
    doc = part.doc
    subject = _resolve(doc, met.get("subject"), ids, "metric")
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
                                   fields["unit"], fields["qualifier"], fields["year"]), base)
    ev = evidence_tuple(doc, met.get("evidence"), met.get("rule"), met.get("source"))
    old = part.metrics.get(key)
    if old is None or ev_sort(ev) < ev_sort(old["ev"]):
        part.metrics[key] = {"subject": subject, "doc": doc, "ev": ev, **fields}


def record_part(rec: dict[str, Any], base: str, within: set[str] | frozenset[str] | None = None,
                no_metrics_of: set[str] | frozenset[str] = frozenset()) -> RecordPart:
    """Resolve one extraction record (a dict of ``extractions.jsonl``) against ``base``;
    with ``within``, only what concerns those nodes (``record_part(rec, base).within(nodes)``,
    without resolving the relations and metrics of other entities), and no metrics of the
    subjects in ``no_metrics_of``."""
    doc = str(rec.get("doc") or "")
    if not doc:
        raise ValueError("an extraction record has no 'doc' id; every record needs the article id")
    part = RecordPart(doc, _meta(rec.get("meta") or {}))
    ids: dict[str, str] = {}
    for ent in rec.get("entities") or []:
        ep = _entity(doc, ent, base)
        if ep:
            part.entities.append(ep)
            ids[str(ent.get("id", ent.get("name")))] = ep.node
            ids.setdefault(str(ent.get("name")), ep.node)
    if within is not None:
        inside = {ref for ref, node in ids.items() if node in within}
        measured = {ref for ref in inside if ids[ref] not in no_metrics_of}
    for rel in rec.get("relations") or []:
        if within is None or rel.get("type") == "RECOGNIZED_AS" or (
                str(rel.get("head")) in inside and str(rel.get("tail")) in inside):
            _relation(part, rel, ids, base)
    for met in rec.get("metrics") or []:
        if within is None or str(met.get("subject")) in measured:
            _metric(part, met, ids, base)
    return part if within is None else part.within(within)
