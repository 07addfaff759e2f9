"""Which part of the graph the viewer draws (graph → *subgraph* → layout → page).

``select_subgraph`` is a pure function over the networkx model of
``docs/graph-model.md``: a neighbourhood around named nodes (``--around NAME
--depth N``), a set of node types (``--types PLACE,ORG``) and a node budget
(``--max-nodes N``, keeping the most connected). Article nodes are context (the
side panel reads titles and dates from them), not drawn: they are always kept and
never counted.
"""
from __future__ import annotations

import logging
from collections import deque
from typing import Any, Iterable, Mapping

import networkx as nx

from kg.viewer.style import node_group

log = logging.getLogger("kg")

KNOWN_GROUPS = ("PLACE", "ORG", "PERSON", "PROGRAM", "MECHANISM", "DESIGNATION", "METRIC")


def is_drawn(attrs: Mapping[str, Any]) -> bool:
    return attrs.get("kind") != "article"


def find_nodes(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """Nodes called ``name``: its IRI, else its label, else one of its aliases (exact, after trimming).

    Raises ``ValueError`` naming close matches when nothing matches exactly.
    """
    name = name.strip()
    if name in graph and is_drawn(graph.nodes[name]):
        return [name]
    drawn = [(n, a) for n, a in graph.nodes(data=True) if is_drawn(a)]
    hits = [n for n, a in drawn if str(a.get("label", "")).strip() == name]
    if not hits:
        hits = [n for n, a in drawn if name in (a.get("aliases") or ())]
    if hits:
        return sorted(hits)
    low = name.lower()
    close = sorted({str(a.get("label")) for n, a in drawn
                    if low and (low in str(a.get("label", "")).lower()
                                or any(low in str(x).lower() for x in a.get("aliases") or ()))})
    hint = f"; did you mean: {', '.join(close[:8])}" if close else "; check the spelling (names are matched exactly)"
    raise ValueError(f"no node named {name!r} in the graph{hint}")


def parse_types(types: str | Iterable[str] | None) -> set[str] | None:
    """``"PLACE,org"`` → ``{"PLACE", "ORG"}``; unknown names raise ``ValueError`` listing the known ones."""
    if types is None:
        return None
    items = types.split(",") if isinstance(types, str) else list(types)
    wanted = {str(t).strip().upper() for t in items if str(t).strip()}
    unknown = sorted(wanted - set(KNOWN_GROUPS))
    if unknown:
        raise ValueError(f"unknown node type(s) {', '.join(unknown)}; choose from {', '.join(KNOWN_GROUPS)}")
    return wanted or None


def neighbourhood(graph: nx.MultiDiGraph, seeds: Iterable[str], depth: int) -> set[str]:
    """Nodes within ``depth`` hops of ``seeds``, following edges in either direction."""
    seen = {s for s in seeds if s in graph}
    frontier = deque((s, 0) for s in seen)
    while frontier:
        node, d = frontier.popleft()
        if d >= depth:
            continue
        for nb in _adjacent(graph, node):
            if nb not in seen and is_drawn(graph.nodes[nb]):
                seen.add(nb)
                frontier.append((nb, d + 1))
    return seen


def _adjacent(graph: nx.MultiDiGraph, node: str) -> Iterable[str]:
    if graph.is_directed():
        yield from graph.successors(node)
        yield from graph.predecessors(node)
    else:
        yield from graph.neighbors(node)


def select_subgraph(graph: nx.MultiDiGraph, around: str | Iterable[str] | None = None, depth: int = 1,
                    types: str | Iterable[str] | None = None, max_nodes: int | None = None) -> nx.MultiDiGraph:
    """The part of ``graph`` to draw, as a new graph (the input is not changed).

    Steps, in order: ``around`` (a name, or several) keeps the nodes within ``depth``
    hops of the nodes it names; ``types`` keeps nodes of those groups (the ``around``
    nodes themselves always stay); ``max_nodes`` keeps the nodes with the most edges
    inside what is left (``around`` nodes first, ties broken by label) so the
    picture stays drawable. Article nodes are kept throughout and not counted.
    """
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, not {depth}")
    if max_nodes is not None and max_nodes < 1:
        raise ValueError(f"max_nodes must be 1 or more, not {max_nodes}")
    wanted = parse_types(types)
    drawn = {n for n, a in graph.nodes(data=True) if is_drawn(a)}
    seeds: set[str] = set()
    if around is not None:
        names = [around] if isinstance(around, str) else list(around)
        for name in names:
            seeds.update(find_nodes(graph, name))
        drawn = neighbourhood(graph, seeds, depth)
    if wanted is not None:
        drawn = {n for n in drawn if n in seeds or node_group(graph.nodes[n]) in wanted}
    if max_nodes is not None and len(drawn) > max_nodes:
        drawn = most_connected(graph, drawn, max_nodes, keep_first=seeds)
    articles = {n for n, a in graph.nodes(data=True) if not is_drawn(a)}
    sub = graph.subgraph(drawn | articles).copy()
    log.debug("viewer subgraph: %d of %d nodes", len(drawn), graph.number_of_nodes() - len(articles))
    return sub


def most_connected(graph: nx.MultiDiGraph, nodes: set[str], limit: int,
                   keep_first: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """The ``limit`` nodes of ``nodes`` with the highest degree inside ``nodes``."""
    inner = graph.subgraph(nodes)
    degree = dict(inner.degree())

    def rank(n: str) -> tuple:
        return (n not in keep_first, -degree.get(n, 0), str(graph.nodes[n].get("label", "")), n)

    return set(sorted(nodes, key=rank)[:limit])
