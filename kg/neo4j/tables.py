"""The graph model as property-graph tables (graph model → **node and relationship tables** → CSV).

The route without plugins: one node per model node, one relationship per model edge, and
the provenance on the relationship itself (a property graph has relationship properties,
so no n-ary node is needed). Every node carries the label ``Resource`` and its IRI as
``uri`` (the same key n10s uses), then its kind (``Entity`` + ``Place`` …, ``Article``,
``Designation``, ``MetricObservation``) and, for places, the level class (``County`` …).

A table is a list of :class:`Column` s and rows of Python values; :mod:`kg.neo4j.loadcsv`
writes them. Column types are ``neo4j-admin`` header types: ``int``, ``double``,
``boolean``, ``date``, ``string[]`` (empty for string).
"""
from __future__ import annotations

import json
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

import networkx as nx

from kg.graph.parts import RELATION_TYPES
from kg.graph.namespace import ENTITY_CLASSES, LEVEL_CLASSES

log = logging.getLogger("kg")

ENTITY_LABELS = {etype: str(cls).rsplit("#", 1)[-1] for etype, cls in ENTITY_CLASSES.items()}
LEVEL_LABELS = {level: str(cls).rsplit("#", 1)[-1] for level, cls in LEVEL_CLASSES.items()}
REL_TYPES = (*RELATION_TYPES, "HAS_METRIC")
MENTIONED_IN = "MENTIONED_IN"  # entity → article, derived from the entity's ``docs``
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Column:
    name: str                   # property name (or :ID / :START_ID / :END_ID / :TYPE / :LABEL)
    get: Callable[[dict], Any]  # value from the row's source dict
    type: str = ""              # neo4j-admin type; "" is string

    @property
    def header(self) -> str:
        if self.name.startswith(":"):
            return self.name
        return f"{self.name}:{self.type}" if self.type else self.name


@dataclass
class Table:
    """Rows for one node label (``kind='node'``) or one relationship type (``kind='rel'``)."""

    kind: str
    key: str                              # the label or relationship type the file is named after
    labels: tuple[str, ...] = ()          # labels every row of a node table has
    optional_labels: tuple[str, ...] = ()  # labels some rows have (named in their :LABEL cell)
    columns: list[Column] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"{'nodes' if self.kind == 'node' else 'rels'}-{self.key}.csv"


_JSON_ESCAPE = re.compile(r"\\(.)")


def _json(value: Any) -> str:
    """Compact JSON whose quotes and backslashes inside strings are written ``\\u0022``/``\\u005c``:
    LOAD CSV's legacy quote escaping would read a ``\\"`` as an escaped quote of the CSV field."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _JSON_ESCAPE.sub(lambda m: {'"': "\\u0022", "\\": "\\u005c"}.get(m.group(1), m.group(0)), text)


def _date(d: dict) -> str | None:
    date = d.get("date") or ""
    return date if _FULL_DATE.match(date) else None


def _labels(base: tuple[str, ...]) -> Callable[[dict], list[str]]:
    def get(d: dict) -> list[str]:
        extra = [LEVEL_LABELS[d["level"]]] if d.get("kind") == "entity" and d.get("level") in LEVEL_LABELS else []
        return [*base, *extra]
    return get


def _id(d: dict) -> str:
    return d["_id"]


ENTITY_COLUMNS = [Column("name", lambda d: d.get("label")), Column("aliases", lambda d: d.get("aliases"), "string[]"),
                  Column("docs", lambda d: d.get("docs"), "string[]"),
                  Column("mention_count", lambda d: len(d.get("mentions") or ()), "int"),
                  Column("mentions_json", lambda d: _json(d.get("mentions") or []))]
NODE_COLUMNS: dict[str, list[Column]] = {
    "Article": [Column("name", lambda d: d.get("label")), Column("doc", lambda d: d.get("doc")),
                Column("title", lambda d: d.get("title")), Column("date", lambda d: d.get("date")),
                Column("issued", _date, "date"), Column("source", lambda d: d.get("source")),
                Column("authors", lambda d: d.get("authors"), "string[]"),
                Column("editors", lambda d: d.get("editors"), "string[]"), Column("url", lambda d: d.get("url"))],
    "Place": [*ENTITY_COLUMNS, Column("level", lambda d: d.get("level")), Column("adcode", lambda d: d.get("adcode"))],
    "Person": [*ENTITY_COLUMNS, Column("role", lambda d: d.get("role"))],
    "Designation": [Column("name", lambda d: d.get("label")), Column("level", lambda d: d.get("level"))],
    "MetricObservation": [
        Column("name", lambda d: d.get("label")), Column("indicator", lambda d: d.get("indicator")),
        Column("value", lambda d: d.get("value"), "double"), Column("unit", lambda d: d.get("unit")),
        Column("qualifier", lambda d: d.get("qualifier")), Column("year", lambda d: d.get("year"), "int"),
        Column("doc", lambda d: d.get("doc")),
        *(Column(f"evidence_{k}", (lambda k: lambda d: (d.get("evidence") or {}).get(k))(k), t)
          for k, t in (("text", ""), ("start", "int"), ("end", "int"), ("rule", ""), ("source", "")))]}
REL_COLUMNS = [Column("uri", lambda d: d.get("_key")), Column("source", lambda d: d.get("source")),
               Column("evidence_count", lambda d: len(d.get("evidence") or ()), "int"),
               Column("evidence_docs", lambda d: sorted({e.get("doc") for e in d.get("evidence") or () if e.get("doc")}),
                      "string[]"),
               Column("evidence_text", lambda d: next((e.get("text") for e in d.get("evidence") or ()
                                                        if e.get("text")), None)),
               Column("evidence_json", lambda d: _json(d.get("evidence") or []))]
POSITION_COLUMNS = [Column("title", lambda d: d.get("title")), Column("former", lambda d: bool(d.get("former")),
                                                                       "boolean")]


def _node_key(d: dict) -> tuple[str, tuple[str, ...]] | None:
    kind = d.get("kind")
    if kind == "entity" and d.get("type") in ENTITY_LABELS:
        return ENTITY_LABELS[d["type"]], ("Resource", "Entity", ENTITY_LABELS[d["type"]])
    if kind == "article":
        return "Article", ("Resource", "Article")
    if kind == "designation":
        return "Designation", ("Resource", "Designation")
    if kind == "metric":
        return "MetricObservation", ("Resource", "MetricObservation")
    return None


def node_tables(G: nx.MultiDiGraph) -> dict[str, Table]:
    """One table per main label; nodes of unknown kind are skipped (as ``to_rdf`` skips them)."""
    tables: dict[str, Table] = {}
    skipped: Counter = Counter()
    for node, d in G.nodes(data=True):
        found = _node_key(d)
        if found is None:
            skipped[d.get("kind")] += 1
            continue
        key, base = found
        t = tables.get(key)
        if t is None:
            cols = NODE_COLUMNS.get(key, ENTITY_COLUMNS)
            optional = tuple(LEVEL_LABELS.values()) if key == "Place" else ()
            t = tables[key] = Table("node", key, base, optional,
                                    [Column("uri", _id, "ID"), Column(":LABEL", _labels(base)), *cols])
        row = {**d, "_id": node}
        t.rows.append([c.get(row) for c in t.columns])
    for kind, n in skipped.items():
        log.warning("neo4j: %d node(s) of kind %r have no label in the property graph; skipped", n, kind)
    return dict(sorted(tables.items()))


def rel_tables(G: nx.MultiDiGraph, nodes: dict[str, Table] | None = None) -> dict[str, Table]:
    """One table per relationship type of the model, plus ``MENTIONED_IN`` (entity → article)."""
    ids = {row[0] for t in (nodes or node_tables(G)).values() for row in t.rows}
    tables: dict[str, Table] = {}
    for head, tail, key, d in G.edges(keys=True, data=True):
        rtype = d.get("type")
        if rtype not in REL_TYPES or head not in ids or tail not in ids:
            log.warning("neo4j: edge %s -[%s]-> %s skipped (unknown type or end node)", head, rtype, tail)
            continue
        t = tables.get(rtype)
        if t is None:
            extra = POSITION_COLUMNS if rtype == "HOLDS_POSITION" else []
            t = tables[rtype] = Table("rel", rtype, columns=[
                Column(":START_ID", lambda r: r["_head"]), Column(":END_ID", lambda r: r["_tail"]),
                Column(":TYPE", lambda r: r["type"]), *REL_COLUMNS, *extra])
        row = {**d, "_head": head, "_tail": tail, "_key": str(key)}
        t.rows.append([c.get(row) for c in t.columns])
    articles = {d.get("doc"): n for n, d in G.nodes(data=True) if d.get("kind") == "article"}
    mentioned = Table("rel", MENTIONED_IN, columns=[Column(":START_ID", lambda r: r[0]), Column(":END_ID", lambda r: r[1]),
                                                    Column(":TYPE", lambda r: MENTIONED_IN)])
    for node, d in G.nodes(data=True):
        if d.get("kind") == "entity" and node in ids:
            for doc in d.get("docs") or ():
                if doc in articles:
                    pair = (node, articles[doc])
                    mentioned.rows.append([c.get(pair) for c in mentioned.columns])
    if mentioned.rows:
        tables[MENTIONED_IN] = mentioned
    return dict(sorted(tables.items()))


__all__ = ["Column", "ENTITY_LABELS", "LEVEL_LABELS", "MENTIONED_IN", "REL_TYPES", "Table", "node_tables",
           "rel_tables"]
