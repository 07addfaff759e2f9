"""The viewer of a large build (global share → **chosen nodes** → their detail → page).

A build of 100,000 articles cannot hold the whole graph model, so its ``kg.html`` is made
in two steps: :func:`top_nodes` picks the best-connected entities and designations on the
graph's global share (``GraphBuilder(detail=False)``, which the build keeps anyway), and
:func:`detail_of` reads the records once more and keeps only the detail the page shows of
those nodes: their mentions in the first articles that name them, the first pieces of
evidence of the relations among them, and a few metrics each. Names, aliases, codes and
titles come from the global share, which has counted every record. The reading is split
over the build's processes in small ranges whose detail is capped where it is read, so
memory stays bounded however large the corpus and however often a place is named; what
the caps leave out is counted for the page (``doc_count``, ``evidence_count``).
"""
from __future__ import annotations

import heapq
import json
import multiprocessing as mp
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import networkx as nx

from kg.graph.model import GraphBuilder
from kg.graph.parts import RecordPart, record_part
from kg.viewer.payload import EVIDENCE_BUDGET, MAX_DOCS, MAX_EVIDENCE

METRICS_PER_NODE = 5  # metric nodes drawn per entity (all of them are in kg.ttl)
RANGE_BYTES = 8 << 20  # records a pool worker reads per task: its capped detail is sent back at once


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
    designations: set = field(default_factory=set)
    measured: set = field(default_factory=set)  # subjects with all the metrics they may keep

    def limits(self) -> "Caps":
        """The same limits with nothing counted yet (what a reader caps the ranges it reads with)."""
        return Caps(self.docs_per_node, self.evidence_per_edge, self.metrics_per_node)

    def apply(self, part: RecordPart, dropped: "Caps | None" = None) -> RecordPart:
        """``part`` without the detail over the caps (counted all the same): an entity past
        its first ``docs_per_node`` articles, a relation past its first ``evidence_per_edge``
        statements, metrics past ``metrics_per_node`` per subject, a designation seen before.
        The articles and statements dropped are also counted in ``dropped``, if given."""
        for node in {e.node for e in part.entities}:
            self.docs[node] += 1
            if dropped is not None and self.docs[node] > self.docs_per_node:
                dropped.docs[node] += 1
        part.entities = [e for e in part.entities if self.docs[e.node] <= self.docs_per_node]
        rels = []
        for r in part.relations:
            self.evidence[r.key] += 1
            if self.evidence[r.key] <= self.evidence_per_edge:
                rels.append(r)
            elif dropped is not None:
                dropped.evidence[r.key] += 1
        part.relations = rels
        kept = {}
        for key, met in part.metrics.items():
            if self.metrics[met["subject"]] < self.metrics_per_node:
                self.metrics[met["subject"]] += 1
                kept[key] = met
                if self.metrics[met["subject"]] == self.metrics_per_node:
                    self.measured.add(met["subject"])
        part.metrics = kept
        part.designations = [d for d in part.designations if d[0] not in self.designations]
        self.designations.update(d[0] for d in part.designations)
        return part

    def count(self, dropped: "Caps") -> None:
        """Add what a reader's caps dropped from one range after its kept parts went through
        :meth:`apply`: a node's or a relation's statements past the caps come after its kept
        ones in the range, so the counts stay in record order."""
        self.docs.update(dropped.docs)
        self.evidence.update(dropped.evidence)


def caps_for(builder: GraphBuilder, nodes: set[str]) -> Caps:
    """Caps that read no more evidence than the page will show: the page's evidence budget
    spread over the relations among ``nodes``."""
    inner = sum(1 for e in builder.edges.values() if e.head in nodes and e.tail in nodes)
    return Caps(evidence_per_edge=max(1, min(MAX_EVIDENCE, EVIDENCE_BUDGET // max(1, inner))))


def _parts(records: Iterable[dict[str, Any]], nodes: set[str], base: str, caps: Caps,
           dropped: Caps | None = None) -> Iterator[RecordPart]:
    """The capped parts of ``records`` that still hold some detail of ``nodes``."""
    for rec in records:
        part = record_part(rec, base, within=nodes, no_metrics_of=caps.measured)
        if part.entities or part.designations:
            part = caps.apply(part, dropped)
            if part.entities or part.relations or part.metrics or part.designations:
                yield part


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
    _TASK["args"], _TASK["caps"] = args[:3], args[3].limits()


def _range_parts(span: tuple[int, int]) -> tuple[list[RecordPart], Caps]:
    """(pool worker) One range of the records file: its parts capped by this reader's caps,
    and the counts of what they dropped from the range. A reader counts only the ranges it
    read, never more than the whole file before them, so it keeps a superset of what the
    global caps keep (which the parent applies in order) and soon drops nearly everything."""
    path, nodes, base = _TASK["args"]
    dropped = Caps()
    kept = list(_parts(_lines(path, *span), nodes, base, _TASK["caps"], dropped))
    return kept, dropped


class Readers:
    """The records file read by ``jobs`` pool processes, started at once: the ranges are
    handed out as soon as the pool is up, so the reading goes on while the caller does
    other work (``kg build`` writes ``kg.ttl`` meanwhile) until :meth:`parts` takes them."""

    def __init__(self, path: Path, nodes: set[str], base: str, caps: Caps, jobs: int) -> None:
        # the readers need the chosen nodes only, not the build's large global share: started from
        # a fork server (or spawned), they do not map the main process's gigabytes
        methods = mp.get_all_start_methods()
        ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload([__name__])
        self.nodes, self.caps = nodes, caps
        self.pool = ctx.Pool(jobs, initializer=_init, initargs=((path, nodes, base, caps.limits()),))
        ranges = line_ranges(path, max(jobs * 4, path.stat().st_size // RANGE_BYTES))
        self.results = self.pool.imap(_range_parts, ranges)

    def parts(self) -> Iterator[RecordPart]:
        """The capped parts in file order (the global caps applied here, in order)."""
        with self.pool:
            for kept, dropped in self.results:
                for part in kept:
                    yield self.caps.apply(part)
                self.caps.count(dropped)

    def close(self) -> None:
        self.pool.terminate()


def start_readers(records: Iterable[dict[str, Any]], nodes: set[str], skeleton: GraphBuilder,
                  caps: Caps | None = None, jobs: int = 1) -> Readers | None:
    """The reading of :func:`detail_of`, started in the background when ``records`` is a
    file to be read by more than one process (None otherwise: it is read in this one)."""
    path = getattr(records, "path", None)
    jobs = jobs if jobs > 0 else os.cpu_count() or 1
    if path is None or jobs < 2:
        return None
    return Readers(Path(path), nodes, skeleton.base, caps or caps_for(skeleton, nodes), jobs)


def detail_of(records: Iterable[dict[str, Any]], nodes: set[str], skeleton: GraphBuilder,
              caps: Caps | None = None, jobs: int = 1, readers: Readers | None = None) -> nx.MultiDiGraph:
    """The graph model of ``nodes`` only, from one more pass over the records (a
    ``RecordFile`` is read by ``jobs`` processes, or by ``readers`` already started for these
    nodes) and the global share ``skeleton``: their mentions in the first
    ``caps.docs_per_node`` articles, the relations among them with their first
    ``caps.evidence_per_edge`` pieces of evidence, and the first ``caps.metrics_per_node``
    metrics of each; what is left out is counted on the nodes and edges. ``caps`` defaults
    to :func:`caps_for` the nodes."""
    builder = GraphBuilder(skeleton.base)
    readers = readers or start_readers(records, nodes, skeleton, caps, jobs)
    if readers is not None:
        caps, parts = readers.caps, readers.parts()
    else:
        caps = caps or caps_for(skeleton, nodes)
        parts = _parts(records, nodes, builder.base, caps)
    for part in parts:  # an article is kept only where the page can cite it
        cites = any(e.mentions for e in part.entities) or part.metrics or part.relations
        builder.add_part(part, with_article=bool(cites))
    graph = builder.graph()
    for node, attrs in graph.nodes(data=True):  # names, codes and levels as every record gave them
        if node in skeleton.entities:
            attrs.update(skeleton.entity_attrs(node))
        elif node in skeleton.designations:
            attrs.update(skeleton.designation_attrs(node))
        if caps.docs.get(node, 0) > caps.docs_per_node:
            attrs["doc_count"] = caps.docs[node]
    for _, _, key, d in graph.edges(keys=True, data=True):
        if key in skeleton.edges and d["type"] == "HOLDS_POSITION":
            d["title"] = skeleton.edge_attrs(key)["title"]
        if caps.evidence.get(key, 0) > caps.evidence_per_edge:
            d["evidence_count"] = caps.evidence[key]
    return graph
