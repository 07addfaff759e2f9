"""``kg.html``: the offline browser viewer of the graph model (graph → *viewer page*).

Registered as the ``html`` exporter, so ``kg build`` writes ``OUT/kg.html``; ``kg
view`` calls ``write_viewer`` on a built graph with subgraph options. The work is
done in the ``kg.viewer`` package; this module ties it to the exporter registry and
writes the file atomically.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from kg.export.atomic import atomic_write
from kg.export.registry import ExportContext, exporter
from kg.viewer.layout import PHYSICS_MAX_NODES
from kg.viewer.page import render_page
from kg.viewer.payload import ViewerOptions, page_payload
from kg.viewer.select import is_drawn, select_subgraph

log = logging.getLogger("kg")


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


def _large_build(ctx: ExportContext) -> bool:
    """``kg build`` of a corpus whose whole graph model is not held: the page's nodes are
    chosen on the global share and only their detail is read again."""
    opts = ctx.options
    return not ctx.has_graph and ctx.skeleton is not None and bool(opts.get("view_max_nodes")) and not (
        opts.get("view_around") or opts.get("view_types"))


def start_html(ctx: ExportContext) -> None:
    """A large build's second pass over the records, begun before the other outputs are written."""
    if _large_build(ctx):
        from kg.viewer.detail import start_readers, top_nodes

        chosen = top_nodes(ctx.skeleton, ctx.options["view_max_nodes"])  # kept even when read here later
        readers = start_readers(ctx.records, chosen, ctx.skeleton, jobs=ctx.options.get("jobs", 1))
        ctx.started["html"] = readers or chosen


@exporter("html", "kg.html", "offline browser viewer (vis-network inlined; search, filters, evidence)",
          start=start_html)
def export_html(ctx: ExportContext, path: Path) -> dict:
    opts = ctx.options
    graph = ctx.graph if ctx.has_graph else None
    if _large_build(ctx):
        from kg.viewer.detail import Readers, detail_of, top_nodes

        started = ctx.started.pop("html", None)  # the readers at work, or the nodes to read here
        readers = started if isinstance(started, Readers) else None
        chosen = readers.nodes if readers else started or top_nodes(ctx.skeleton, opts["view_max_nodes"])
        graph = detail_of(ctx.records, chosen, ctx.skeleton, jobs=opts.get("jobs", 1), readers=readers)
    return write_viewer(graph if graph is not None else ctx.graph, path, around=opts.get("view_around"),
                        depth=opts.get("view_depth", 1), types=opts.get("view_types"),
                        max_nodes=opts.get("view_max_nodes"))
