"""The viewer of a large build (global share → **chosen nodes** → their detail → page).

A build of 100,000 articles cannot hold the whole graph model, so its ``kg.html`` is made
in two steps: :func:`top_nodes` picks the best-connected entities and designations on the
graph's global share (``GraphBuilder(detail=False)``, which the build keeps anyway), and
:func:`detail_of` reads the records once more and keeps only what concerns those nodes:
their mentions, the relations among them with evidence, and a few metrics each. The
reading is split over the build's processes; caps keep memory bounded however often a
place is named, and what they leave out is counted for the page (``doc_count``,
``evidence_count``).
"""
from __future__ import annotations

import gc
import heapq
import json
import multiprocessing as mp
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator

import networkx as nx

from kg.graph.model import GraphBuilder
from kg.graph.parts import RecordPart, record_part
from kg.viewer.payload import EVIDENCE_BUDGET, MAX_DOCS, MAX_EVIDENCE

METRICS_PER_NODE = 5  # metric nodes drawn per entity (all of them are in kg.ttl)


def top_nodes(builder: GraphBuilder, limit: int) -> set[str]:
    """The ``limit`` entities and designations with the most relations in a graph builder's
    global share (ties by label, then IRI)."""
    degree: Counter = Counter()
    for e in builder.edges.values():
        degree[e.head] += 1
        degree[e.tail] += 1

    def rank(node: str) -> tuple:
        return (-degree[node], str(builder.label(node)), node)

    return set(heapq.nsmallest(limit, [*builder.entities, *builder.designations], key=rank))


@dataclass
class Caps:
    """How much detail to keep, and the counts of what was seen (in record order)."""

    docs_per_node: int = MAX_DOCS
    evidence_per_edge: int = MAX_EVIDENCE
    metrics_per_node: int = METRICS_PER_NODE
    docs: Counter = field(default_factory=Counter)
    evidence: Counter = field(default_factory=Counter)
    metrics: Counter = field(default_factory=Counter)

    def apply(self, part: RecordPart) -> RecordPart:
        """``part`` with the detail over the caps dropped (counted all the same)."""
        for node in {e.node for e in part.entities}:
            self.docs[node] += 1
        part.entities = [e if self.docs[e.node] <= self.docs_per_node else replace(e, mentions=())
                         for e in part.entities]
        rels = []
        for r in part.relations:
            self.evidence[r.key] += 1
            rels.append(r if self.evidence[r.key] <= self.evidence_per_edge else replace(r, evidence=None))
        part.relations = rels
        kept = {}
        for key, met in part.metrics.items():
            if self.metrics[met["subject"]] < self.metrics_per_node:
                self.metrics[met["subject"]] += 1
                kept[key] = met
        part.metrics = kept
        return part


def caps_for(builder: GraphBuilder, nodes: set[str]) -> Caps:
    """Caps that read no more evidence than the page will show: the page's evidence budget
    spread over the relations among ``nodes``."""
    inner = sum(1 for e in builder.edges.values() if e.head in nodes and e.tail in nodes)
    return Caps(evidence_per_edge=max(1, min(MAX_EVIDENCE, EVIDENCE_BUDGET // max(1, inner))))


def _parts(records: Iterable[dict[str, Any]], nodes: set[str], base: str, caps: Caps) -> Iterator[RecordPart]:
    for rec in records:
        part = record_part(rec, base).within(nodes)
        if part.entities or part.designations:
            yield caps.apply(part)


def _lines(path: Path, start: int, end: int) -> Iterator[dict[str, Any]]:
    with open(path, "rb") as fh:
        fh.seek(start)
        while fh.tell() < end:
            line = fh.readline()
            if not line:
                return
            if line.strip():
                yield json.loads(line)


def line_ranges(path: Path, parts: int) -> list[tuple[int, int]]:
    """``parts`` byte ranges of a JSONL file, cut at line ends."""
    size = path.stat().st_size
    cuts = [0]
    with open(path, "rb") as fh:
        for k in range(1, parts):
            fh.seek(max(cuts[-1], size * k // parts))
            fh.readline()
            cuts.append(min(fh.tell(), size))
    cuts.append(size)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


_TASK: dict[str, Any] = {}


def _init(args: tuple) -> None:
    _TASK["args"] = args


def _range_parts(span: tuple[int, int]) -> list[RecordPart]:
    """(pool worker) The capped parts of one range of the records file; the caps of a range
    keep a superset of what the global caps keep, which the parent applies in order."""
    path, nodes, base = _TASK["args"]
    return list(_parts(_lines(path, *span), nodes, base, Caps()))


def _pooled(path: Path, nodes: set[str], base: str, jobs: int) -> Iterator[RecordPart]:
    # forked workers share the build's large global share copy-on-write; frozen, its objects
    # are left alone by the workers' garbage collector, which would otherwise copy every page
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    gc.freeze()
    try:
        pool = ctx.Pool(jobs, initializer=_init, initargs=((path, nodes, base),))
    finally:
        gc.unfreeze()
    with pool:
        for parts in pool.imap(_range_parts, line_ranges(path, jobs * 4)):
            yield from parts


def detail_of(records: Iterable[dict[str, Any]], nodes: set[str], base_iri: str | None, caps: Caps | None = None,
              jobs: int = 1) -> nx.MultiDiGraph:
    """The graph model of ``nodes`` only, from one more pass over the records (a
    ``RecordFile`` is read by ``jobs`` processes): their mentions in the first
    ``caps.docs_per_node`` articles, the relations among them with their first
    ``caps.evidence_per_edge`` pieces of evidence, and the first ``caps.metrics_per_node``
    metrics of each; what is left out is counted on the nodes and edges."""
    builder = GraphBuilder(base_iri)
    caps = caps or Caps()
    path = getattr(records, "path", None)
    jobs = jobs if jobs > 0 else os.cpu_count() or 1
    if path is not None and jobs > 1:
        parts = (caps.apply(p) for p in _pooled(Path(path), nodes, builder.base, jobs))
    else:
        parts = _parts(records, nodes, builder.base, caps)
    for part in parts:  # an article is kept only where the page can cite it
        cites = any(e.mentions for e in part.entities) or part.metrics or any(
            r.evidence is not None for r in part.relations)
        builder.add_part(part, with_article=bool(cites))
    graph = builder.graph()
    for node, n in caps.docs.items():
        if n > caps.docs_per_node:
            graph.nodes[node]["doc_count"] = n
    for _, _, key, d in graph.edges(keys=True, data=True):
        if caps.evidence.get(key, 0) > caps.evidence_per_edge:
            d["evidence_count"] = caps.evidence[key]
    return graph
