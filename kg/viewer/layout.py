"""Layout and physics by graph size (subgraph → *layout* → page).

vis-network's force simulation is pleasant on small graphs and hopeless on large
ones (measured for issue 6: 1 000 nodes took minutes to settle in headless
Chromium, 20 000 never drew; with physics off and positions given, 20 000 drew in
15 s). So: up to ``PHYSICS_MAX_NODES`` nodes the browser runs barnesHut with a
bounded number of stabilization iterations; above it, positions are computed here
and physics is off.

The static layout packs connected components in rows. A component under 400
nodes is laid out by ``networkx.spring_layout`` (dense numpy Fruchterman–Reingold);
a larger one by ``force_layout`` below, a Fruchterman–Reingold whose repulsion is
estimated from a random sample of nodes, O(n·s) per step instead of O(n²).
networkx's own sparse variant needs SciPy, which the project does not depend on,
and its dense one needs n² memory (5 000 nodes: 400 MB per step).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Hashable, Iterable, Sequence

import networkx as nx
import numpy as np

PHYSICS_MAX_NODES = 1000
SPACING = 110.0  # canvas units between neighbouring nodes in a static layout
SPRING_MAX_NODES = 400


@dataclass(frozen=True)
class LayoutPlan:
    """How the page lays the graph out."""

    physics: bool
    iterations: int = 0          # vis stabilization iterations (physics only)
    edge_labels: bool = True     # draw relation names on edges
    smooth: bool = True          # curved edges (costly on large graphs)

    @property
    def mode(self) -> str:
        return "physics" if self.physics else "static"


def plan_layout(n_nodes: int, n_edges: int = 0, physics_max_nodes: int = PHYSICS_MAX_NODES) -> LayoutPlan:
    """Physics with bounded stabilization for small graphs, precomputed positions above the limit."""
    if n_nodes <= physics_max_nodes:
        # fewer iterations as the graph grows: each one costs O(n log n) in the browser
        iterations = int(max(100, min(600, 150_000 / max(n_nodes, 1))))
        return LayoutPlan(physics=True, iterations=iterations, edge_labels=True, smooth=True)
    return LayoutPlan(physics=False, edge_labels=n_edges <= 2000, smooth=False)


def vis_options(plan: LayoutPlan, font: str, n_nodes: int) -> dict[str, Any]:
    """The vis-network options object for a plan."""
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {
            "font": {"face": font, "size": 16, "color": "#1f2328", "strokeWidth": 4, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 4}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"face": font, "size": 11, "color": "#4a4a4a", "strokeWidth": 3, "strokeColor": "#ffffff",
                     "align": "middle"},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3} if plan.smooth else False,
            "width": 1.3,
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
            "hideEdgesOnDrag": not plan.physics,
            "hideEdgesOnZoom": not plan.physics,
        },
        "layout": {"improvedLayout": plan.physics and n_nodes <= 150, "randomSeed": 7},
    }
    if plan.physics:
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -3500, "centralGravity": 0.35, "springLength": 90,
                          "springConstant": 0.04, "damping": 0.35, "avoidOverlap": 0.3},
            "minVelocity": 1.0,
            "stabilization": {"enabled": True, "iterations": plan.iterations, "updateInterval": 20, "fit": True},
        }
    else:
        options["physics"] = {"enabled": False}
    return options


def static_positions(nodes: Sequence[Hashable], edges: Iterable[tuple[Hashable, Hashable]], seed: int = 7,
                     spacing: float = SPACING) -> dict[Hashable, tuple[float, float]]:
    """Canvas positions for every node: components laid out one by one and packed in rows."""
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((u, v) for u, v in edges if u != v)
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(g)), key=lambda c: (-len(c), str(c[0])))
    boxes = []
    for comp in comps:
        xy = _component_layout(g.subgraph(comp), comp, seed) * spacing
        xy -= xy.min(axis=0) if len(xy) else 0
        w, h = (xy.max(axis=0) if len(xy) else np.zeros(2)) + spacing
        boxes.append((comp, xy, float(w), float(h)))
    total_area = sum(w * h for _, _, w, h in boxes)
    row_width = max([w for _, _, w, _ in boxes] + [math.sqrt(total_area) * 1.3])
    out: dict[Hashable, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for comp, xy, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for node, (px, py) in zip(comp, xy):
            out[node] = (round(float(px + x), 1), round(float(py + y), 1))
        x += w
        row_h = max(row_h, h)
    return out


def _component_layout(sub: nx.Graph, order: list, seed: int) -> np.ndarray:
    """Positions with neighbours about one unit apart, in the order of ``order``."""
    n = len(order)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    if n <= SPRING_MAX_NODES:
        pos = nx.spring_layout(sub, seed=seed, iterations=60, scale=None)
        xy = np.array([pos[v] for v in order], dtype=float)
        return xy * math.sqrt(n)  # spring_layout's ideal edge length is 1/sqrt(n)
    index = {v: i for i, v in enumerate(order)}
    pairs = np.array([(index[u], index[v]) for u, v in sub.edges()], dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    start = pivot_mds(sub, order, seed=seed) + rng.normal(scale=0.3, size=(n, 2))
    return force_layout(n, pairs[:, 0], pairs[:, 1], seed=seed, init=start, iterations=50)


def pivot_mds(graph: nx.Graph, order: list, pivots: int = 40, seed: int = 7) -> np.ndarray:
    """Pivot MDS (Brandes & Pich 2006): classical MDS of the hop distances to a few far-apart pivots.

    Gives the global shape of a large component in ``pivots`` breadth-first searches;
    the force layout then only has to sort out the neighbourhoods.
    """
    n = len(order)
    index = {v: i for i, v in enumerate(order)}
    k = min(pivots, n)
    dist = np.zeros((n, k))
    closest = np.full(n, np.inf)
    pivot = order[int(np.random.default_rng(seed).integers(n))]
    for j in range(k):
        for v, d in nx.single_source_shortest_path_length(graph, pivot).items():
            dist[index[v], j] = d
        closest = np.minimum(closest, dist[:, j])
        pivot = order[int(np.argmax(closest))]  # the next pivot: farthest from those chosen
    sq = dist ** 2
    centred = -0.5 * (sq - sq.mean(axis=0) - sq.mean(axis=1)[:, None] + sq.mean())
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    return u[:, :2] * s[:2]


def force_layout(n: int, u: np.ndarray, v: np.ndarray, iterations: int = 80, seed: int = 7,
                 sample: int = 256, chunk: int = 2048, init: np.ndarray | None = None) -> np.ndarray:
    """Fruchterman–Reingold with sampled repulsion: ``n`` nodes, edges ``u[i]``–``v[i]``, ideal length 1.

    From ``init`` (e.g. ``pivot_mds``) it starts cooler, refining instead of untangling.
    """
    rng = np.random.default_rng(seed)
    side = math.sqrt(n)
    start = rng.random((n, 2)) * side if init is None else init
    pos = np.asarray(start, dtype=np.float32)  # float32: half the memory traffic
    s = min(sample, n)
    scale = n / s  # each sampled node stands for n/s nodes
    temp = side / 8 if init is None else 3.0
    cool = temp / (iterations + 1)
    for _ in range(iterations):
        disp = np.zeros((n, 2), dtype=np.float32)
        ref = pos[rng.choice(n, size=s, replace=False)]
        for a in range(0, n, chunk):
            delta = pos[a:a + chunk, None, :] - ref[None, :, :]
            d2 = np.maximum(np.einsum("ijk,ijk->ij", delta, delta), 1e-2)
            disp[a:a + chunk] += np.einsum("ijk,ij->ik", delta, np.float32(scale) / d2)
        delta = pos[u] - pos[v]
        dist = np.sqrt(np.einsum("ij,ij->i", delta, delta)) + 1e-9
        pull = delta * dist[:, None]
        np.add.at(disp, u, -pull)
        np.add.at(disp, v, pull)
        disp -= (pos - pos.mean(axis=0)) * 0.02  # mild gravity keeps stray nodes near the rest
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp)) + 1e-9
        pos += disp * (np.minimum(length, temp) / length)[:, None]
        temp -= cool
    return pos
