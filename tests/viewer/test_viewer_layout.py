"""Layout by size: physics with bounded stabilization when small, precomputed positions when large."""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from kg.viewer.demo import synthetic_graph
from kg.viewer.layout import (PHYSICS_MAX_NODES, force_layout, pivot_mds, plan_layout, static_positions,
                              vis_options)
from kg.viewer.payload import ViewerOptions, page_payload


@pytest.mark.parametrize("n, physics", [(1, True), (200, True), (PHYSICS_MAX_NODES, True),
                                        (PHYSICS_MAX_NODES + 1, False), (20_000, False)])
def test_plan_layout_switches_at_the_limit(n, physics):
    plan = plan_layout(n, 2 * n)
    assert plan.physics is physics
    if physics:
        assert 100 <= plan.iterations <= 600
    else:
        assert not plan.smooth


def test_plan_layout_iterations_shrink_with_size():
    assert plan_layout(100).iterations > plan_layout(900).iterations


def test_vis_options_physics_on_and_off():
    small = vis_options(plan_layout(50), "sans-serif", 50)
    assert small["physics"]["enabled"] and small["physics"]["solver"] == "barnesHut"
    assert small["physics"]["stabilization"]["iterations"] == plan_layout(50).iterations
    large = vis_options(plan_layout(5000), "sans-serif", 5000)
    assert large["physics"] == {"enabled": False}
    assert large["edges"]["smooth"] is False
    assert large["layout"]["improvedLayout"] is False
    assert large["interaction"]["hideEdgesOnDrag"]


def test_page_payload_small_graph_leaves_layout_to_the_browser():
    data = page_payload(synthetic_graph(80))
    assert data["meta"]["layout"] == "physics"
    assert not any("x" in n for n in data["nodes"])
    assert data["options"]["physics"]["enabled"]


def test_page_payload_large_graph_has_positions_and_no_physics():
    data = page_payload(synthetic_graph(300), ViewerOptions(physics_max_nodes=100))
    assert data["meta"]["layout"] == "static"
    assert all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in data["nodes"])
    assert data["options"]["physics"] == {"enabled": False}
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"]), "no two nodes on one spot"


def test_static_positions_deterministic_and_components_apart():
    g = nx.disjoint_union(nx.path_graph(30), nx.cycle_graph(12))
    g.add_nodes_from(range(100, 105))  # five isolated nodes
    edges = list(g.edges())
    a = static_positions(list(g.nodes()), edges, seed=3)
    assert a == static_positions(list(g.nodes()), edges, seed=3)
    assert set(a) == set(g.nodes())
    boxes = []
    for comp in nx.connected_components(g):
        xy = np.array([a[n] for n in comp])
        boxes.append((*xy.min(axis=0), *xy.max(axis=0)))
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        for X0, Y0, X1, Y1 in boxes[i + 1:]:
            assert x1 < X0 or X1 < x0 or y1 < Y0 or Y1 < y0, "component boxes overlap"


def test_force_layout_puts_neighbours_closer_than_strangers():
    g = nx.grid_2d_graph(30, 30)
    order = list(g.nodes())
    index = {v: i for i, v in enumerate(order)}
    pairs = np.array([(index[u], index[v]) for u, v in g.edges()])
    pos = force_layout(len(order), pairs[:, 0], pairs[:, 1], iterations=60,
                       init=pivot_mds(g, order) + np.random.default_rng(0).normal(scale=0.3, size=(900, 2)))
    edge = np.linalg.norm(pos[pairs[:, 0]] - pos[pairs[:, 1]], axis=1)
    rng = np.random.default_rng(1)
    a, b = rng.integers(0, 900, 2000), rng.integers(0, 900, 2000)
    stranger = np.linalg.norm(pos[a] - pos[b], axis=1)
    assert np.median(edge) * 5 < np.median(stranger)


def test_pivot_mds_recovers_a_path_as_a_line():
    g = nx.path_graph(50)
    xy = pivot_mds(g, list(g.nodes()), pivots=10)
    main = xy[:, 0] if np.ptp(xy[:, 0]) > np.ptp(xy[:, 1]) else xy[:, 1]
    assert abs(np.corrcoef(main, np.arange(50))[0, 1]) > 0.99
