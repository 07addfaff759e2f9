"""The data a viewer page carries (subgraph → layout → *payload* → page).

A pyvis ``Network`` is built from the networkx model (``docs/graph-model.md``):
one vis node per entity, designation and metric node (article nodes are not drawn;
their titles, dates and sources go into an article table for the side panel) and
one vis edge per model edge. pyvis's node and edge dicts, its options and our side
tables (names, aliases, codes, evidence sentences, articles) become one JSON
object that the page embeds as data. No titles are given to pyvis: its template
switches tooltips to ``innerHTML`` when a title contains "href"; the page builds
tooltips and the side panel from this data with DOM text nodes instead.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import networkx as nx
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from kg.viewer.layout import PHYSICS_MAX_NODES, LayoutPlan, plan_layout, static_positions, vis_options
from kg.viewer.select import is_drawn
from kg.viewer.style import edge_label, edge_visual, legend, load_style, node_group, node_label, node_visual, short

MAX_EVIDENCE = 30  # evidence sentences kept per edge (the count of the rest is shown)
MAX_DOCS = 50      # articles listed per node, most mentions first (the count of the rest is shown)
EVIDENCE_BUDGET = 20_000  # evidence sentences per page: many edges get fewer each (at least 1)


@dataclass(frozen=True)
class ViewerOptions:
    title: str = "知识图谱浏览"
    physics_max_nodes: int = PHYSICS_MAX_NODES
    seed: int = 7


def build_network(graph: nx.MultiDiGraph, plan: LayoutPlan, seed: int = 7) -> tuple[Network, dict, dict]:
    """A pyvis Network for the drawn nodes of ``graph`` plus the node and edge side tables.

    Nodes and edges are appended through pyvis's ``Node``/``Edge`` classes, as
    ``Network.add_node``/``add_edge`` do, but with dict lookups: those methods test
    membership in a list for every call (O(nodes x edges), minutes at 20 000 nodes).
    """
    style = load_style()
    drawn = sorted(n for n, a in graph.nodes(data=True) if is_drawn(a))
    ids = {n: i for i, n in enumerate(drawn)}
    edges = sorted(((u, v, k, a) for u, v, k, a in graph.edges(keys=True, data=True) if u in ids and v in ids),
                   key=lambda e: (ids[e[0]], ids[e[1]], str(e[3].get("type")), str(e[2])))
    positions = {} if plan.physics else static_positions(
        [ids[n] for n in drawn], [(ids[u], ids[v]) for u, v, _, _ in edges], seed=seed)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    node_info: dict[int, dict] = {}
    for n in drawn:
        attrs = graph.nodes[n]
        i = ids[n]
        opts: dict[str, Any] = {**node_visual(attrs, style), "kgType": node_group(attrs)}
        if i in positions:
            opts["x"], opts["y"] = positions[i]
        node = Node(i, opts.pop("shape"), label=short(node_label(attrs)), font_color=net.font_color, **opts)
        net.nodes.append(node.options)
        net.node_ids.append(i)
        net.node_map[i] = node.options
        node_info[i] = node_details(n, attrs)
    edge_info: dict[str, dict] = {}
    parallel: Counter = Counter()
    per_edge = max(1, min(MAX_EVIDENCE, EVIDENCE_BUDGET // max(1, len(edges))))
    for j, (u, v, _key, attrs) in enumerate(edges):
        eid = f"e{j}"
        opts = {"id": eid, "kgType": str(attrs.get("type") or ""), **edge_visual(attrs, style)}
        if plan.edge_labels:
            opts["label"] = edge_label(attrs, style)
        pair = frozenset((ids[u], ids[v]))
        k = parallel[pair]
        parallel[pair] += 1
        if k:  # parallel edges curve apart instead of drawing on top of each other
            opts["smooth"] = {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW",
                              "roundness": 0.2 * ((k + 1) // 2)}
        net.edges.append(Edge(ids[u], ids[v], directed=True, **opts).options)
        edge_info[eid] = edge_details(attrs, per_edge)
    net.options = vis_options(plan, style["font"], len(drawn))
    return net, node_info, edge_info


def node_details(key: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """What the side panel shows for a node (plain data; the page renders it as text)."""
    kind = attrs.get("kind", "entity")
    out: dict[str, Any] = {"iri": key, "kind": kind, "group": node_group(attrs), "name": node_label(attrs)}
    label = attrs.get("label")
    aliases = [a for a in attrs.get("aliases") or () if a != label]
    if aliases:
        out["aliases"] = aliases
    for field in ("level", "adcode", "role", "indicator", "value", "unit", "qualifier", "year"):
        if attrs.get(field) not in (None, ""):
            out[field] = _clean(attrs[field])
    per_doc = Counter(m.get("doc") for m in attrs.get("mentions") or () if m.get("doc"))
    docs = list(attrs.get("docs") or ())
    if kind == "metric" and attrs.get("doc"):
        docs = [attrs["doc"]]
    if docs:
        total = max(len(docs), attrs.get("doc_count") or 0)  # a large build's viewer reads only some
        ranked = sorted(docs, key=lambda d: -per_doc.get(d, 0))[:MAX_DOCS] if total > MAX_DOCS else docs
        out["docs"] = [{"doc": d, "mentions": per_doc.get(d, 0)} for d in ranked]
        if total > len(ranked):
            out["more_docs"] = total - len(ranked)
    evidence = attrs.get("evidence")
    if isinstance(evidence, Mapping):
        evidence = [evidence]
    if evidence:
        out["evidence"] = [_evidence(e) for e in evidence[:MAX_EVIDENCE]]
    return out


def edge_details(attrs: Mapping[str, Any], limit: int = MAX_EVIDENCE) -> dict[str, Any]:
    """What the side panel shows for an edge: type, source, title and evidence sentences."""
    out: dict[str, Any] = {"type": attrs.get("type"), "source": attrs.get("source") or "text"}
    if attrs.get("title"):
        out["title"] = attrs["title"]
    if attrs.get("former"):
        out["former"] = True
    evidence = attrs.get("evidence") or []
    if isinstance(evidence, Mapping):
        evidence = [evidence]
    out["evidence"] = [_evidence(e) for e in evidence[:limit]]
    total = max(len(evidence), attrs.get("evidence_count") or 0)  # a large build's viewer reads only some
    if total > len(out["evidence"]):
        out["more_evidence"] = total - len(out["evidence"])
    return out


def cited_docs(infos: Iterable[Mapping[str, Any]]) -> set[str]:
    """The articles the side panels name (listed articles and evidence)."""
    docs: set[str] = set()
    for info in infos:
        docs.update(str(d["doc"]) for d in info.get("docs") or ())
        docs.update(str(e["doc"]) for e in info.get("evidence") or () if e.get("doc"))
    return docs


def article_table(graph: nx.MultiDiGraph, wanted: set[str] | None = None) -> dict[str, dict[str, Any]]:
    """doc id → title, date, source, url, authors, from the article nodes (those in ``wanted``)."""
    out: dict[str, dict[str, Any]] = {}
    for _, a in graph.nodes(data=True):
        if a.get("kind") == "article" and a.get("doc") and (wanted is None or str(a["doc"]) in wanted):
            out[str(a["doc"])] = {k: _clean(a[k]) for k in ("title", "date", "source", "url", "authors")
                                  if a.get(k) not in (None, "", [])}
    return out


def page_payload(graph: nx.MultiDiGraph, options: ViewerOptions = ViewerOptions(),
                 total_nodes: int | None = None) -> dict[str, Any]:
    """The JSON object the page embeds: vis nodes/edges/options from pyvis plus the side tables."""
    n_drawn = sum(1 for _, a in graph.nodes(data=True) if is_drawn(a))
    plan = plan_layout(n_drawn, graph.number_of_edges(), options.physics_max_nodes)
    net, node_info, edge_info = build_network(graph, plan, options.seed)
    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    return {
        "title": options.title,
        "nodes": nodes,
        "edges": edges,
        "options": net.options,
        "info": {"nodes": {str(k): v for k, v in node_info.items()}, "edges": edge_info},
        "articles": article_table(graph, cited_docs([*node_info.values(), *edge_info.values()])),
        "legend": legend(),
        "meta": {"nodes": len(nodes), "edges": len(edges), "layout": plan.mode,
                 "total_nodes": total_nodes if total_nodes is not None else len(nodes)},
    }


def _evidence(e: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _clean(e[k]) for k in ("doc", "start", "end", "text", "rule") if e.get(k) is not None}


def _clean(value: Any) -> Any:
    """JSON-safe scalars: NaN/inf become None, tuples lists, anything else its string."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return str(value)
