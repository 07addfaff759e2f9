"""``kg.html``: the offline browser viewer of the graph model (graph → *viewer page*).

Registered as the ``html`` exporter, so ``kg build`` writes ``OUT/kg.html``; ``kg
view`` calls ``write_viewer`` on a built graph with subgraph options. The work is
done in the ``kg.viewer`` package; this module ties it to the exporter registry and
writes the file atomically.
"""
from __future__ import annotations

import heapq
import logging
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from kg.export.atomic import atomic_write
from kg.export.registry import ExportContext, exporter
from kg.viewer.layout import PHYSICS_MAX_NODES
from kg.viewer.page import render_page
from kg.viewer.payload import MAX_DOCS, MAX_EVIDENCE, ViewerOptions, page_payload
from kg.viewer.select import is_drawn, select_subgraph

log = logging.getLogger("kg")

METRICS_PER_NODE = 5  # a large build's viewer: metric nodes drawn per entity (all are in kg.ttl)


def render_viewer(graph: nx.MultiDiGraph, *, around: str | Iterable[str] | None = None, depth: int = 1,
                  types: str | Iterable[str] | None = None, max_nodes: int | None = None,
                  title: str | None = None, physics_max_nodes: int = PHYSICS_MAX_NODES) -> tuple[str, dict[str, Any]]:
    """The viewer page for ``graph`` (or the part chosen by the subgraph options) and its counts."""
    total = sum(1 for _, a in graph.nodes(data=True) if is_drawn(a))
    if around is not None or types is not None or max_nodes is not None:
        graph = select_subgraph(graph, around=around, depth=depth, types=types, max_nodes=max_nodes)
    options = ViewerOptions(physics_max_nodes=physics_max_nodes, **({"title": title} if title else {}))
    payload = page_payload(graph, options, total_nodes=total)
    meta = payload["meta"]
    return render_page(payload), {"nodes": meta["nodes"], "edges": meta["edges"], "layout": meta["layout"]}


def write_viewer(graph: nx.MultiDiGraph, path: str | Path, **kwargs: Any) -> dict[str, Any]:
    """Write the viewer page for ``graph`` to ``path`` (atomically); keyword options as ``render_viewer``."""
    page, counts = render_viewer(graph, **kwargs)
    with atomic_write(path) as fh:
        fh.write(page)
    log.info("viewer: wrote %s (%d nodes, %d edges, %s layout)", path, counts["nodes"], counts["edges"],
             counts["layout"])
    return counts


def top_nodes(builder, limit: int) -> set[str]:
    """The ``limit`` entities and designations with the most relations in a graph builder's
    global share (ties by label, then IRI): the nodes a large build's viewer starts from."""
    degree: Counter = Counter()
    for e in builder.edges.values():
        degree[e.head] += 1
        degree[e.tail] += 1

    def rank(node: str) -> tuple:
        attrs = builder.entity_attrs(node) if node in builder.entities else builder.designation_attrs(node)
        return (-degree[node], str(attrs["label"]), node)

    return set(heapq.nsmallest(limit, [*builder.entities, *builder.designations], key=rank))


def detail_of(records: Iterable[dict[str, Any]], nodes: set[str], base_iri: str | None,
              metrics_per_node: int = METRICS_PER_NODE, docs_per_node: int = MAX_DOCS,
              evidence_per_edge: int = MAX_EVIDENCE) -> nx.MultiDiGraph:
    """The graph model of ``nodes`` only, from one more pass over the records: their
    mentions in the first ``docs_per_node`` articles, the relations among them with their
    first ``evidence_per_edge`` pieces of evidence, and the first ``metrics_per_node``
    metrics of each. What is left out is counted (``doc_count``, ``evidence_count``), so the
    viewer can say how much more there is; memory stays bounded however often a place is named."""
    from dataclasses import replace

    from kg.graph.model import GraphBuilder
    from kg.graph.parts import record_part

    builder = GraphBuilder(base_iri)
    metrics: Counter = Counter()
    docs: Counter = Counter()
    evidence: Counter = Counter()
    for rec in records:
        part = record_part(rec, builder.base).within(nodes)
        if not (part.entities or part.designations):
            continue
        for node in {e.node for e in part.entities}:
            docs[node] += 1
        part.entities = [e if docs[e.node] <= docs_per_node else replace(e, mentions=()) for e in part.entities]
        rels = []
        for r in part.relations:
            evidence[r.key] += 1
            rels.append(r if evidence[r.key] <= evidence_per_edge else replace(r, evidence=None))
        part.relations = rels
        kept = {}
        for key, met in part.metrics.items():
            if metrics[met["subject"]] < metrics_per_node:
                metrics[met["subject"]] += 1
                kept[key] = met
        part.metrics = kept
        builder.add_part(part)
    graph = builder.graph()
    for node, n in docs.items():
        if n > docs_per_node:
            graph.nodes[node]["doc_count"] = n
    for head, tail, key, d in graph.edges(keys=True, data=True):
        if evidence.get(key, 0) > evidence_per_edge:
            d["evidence_count"] = evidence[key]
    return graph


@exporter("html", "kg.html", "offline browser viewer (vis-network inlined; search, filters, evidence)")
def export_html(ctx: ExportContext, path: Path) -> dict:
    opts = ctx.options
    graph = ctx.__dict__.get("graph")
    if graph is None and ctx.skeleton is not None and opts.get("view_max_nodes") and not (
            opts.get("view_around") or opts.get("view_types")):
        # kg build of a large corpus: the best-connected nodes are chosen on the global share,
        # and only their detail is read again (the whole model would not fit in memory)
        graph = detail_of(ctx.records, top_nodes(ctx.skeleton, opts["view_max_nodes"]), opts.get("base_iri"))
    return write_viewer(graph if graph is not None else ctx.graph, path, around=opts.get("view_around"),
                        depth=opts.get("view_depth", 1), types=opts.get("view_types"),
                        max_nodes=opts.get("view_max_nodes"))
