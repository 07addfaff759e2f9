"""select_subgraph: neighbourhood, types and node budget over the graph model."""
from __future__ import annotations

import networkx as nx
import pytest

from kg.viewer.select import find_nodes, parse_types, select_subgraph

B = "http://example.org/kg/"


def ent(g: nx.MultiDiGraph, key: str, etype: str, label: str, **extra) -> str:
    g.add_node(B + key, kind="entity", type=etype, label=label, aliases=sorted({label, *extra.pop("aliases", ())}),
               docs=["d1"], mentions=[], **extra)
    return B + key


def rel(g: nx.MultiDiGraph, u: str, v: str, rtype: str) -> None:
    g.add_edge(u, v, key=rtype, type=rtype, source="text", evidence=[])


@pytest.fixture
def chain() -> nx.MultiDiGraph:
    """village → township → county → city (LOCATED_IN), an org in the township, a person in the org,
    a programme the county implements, a metric of the county, an article node, an isolated place."""
    g = nx.MultiDiGraph()
    g.add_node(B + "article/d1", kind="article", doc="d1", label="标题", title="标题")
    v = ent(g, "v", "PLACE", "甲村", level="village")
    t = ent(g, "t", "PLACE", "乙镇", level="township", aliases=["乙"])
    c = ent(g, "c", "PLACE", "丙县", level="county")
    city = ent(g, "city", "PLACE", "丁市", level="city")
    o = ent(g, "o", "ORG", "乙镇党委")
    p = ent(g, "p", "PERSON", "某人", role="official")
    prog = ent(g, "prog", "PROGRAM", "某行动")
    ent(g, "lonely", "PLACE", "戊村", level="village")
    g.add_node(B + "metric/1", kind="metric", label="户数", indicator="户数", value=5, unit="户", doc="d1")
    for a, b_, r in [(v, t, "LOCATED_IN"), (t, c, "LOCATED_IN"), (c, city, "LOCATED_IN"), (o, t, "LOCATED_IN"),
                     (p, o, "HOLDS_POSITION"), (c, prog, "IMPLEMENTS"), (c, B + "metric/1", "HAS_METRIC")]:
        rel(g, a, b_, r)
    return g


def drawn(g: nx.MultiDiGraph) -> set[str]:
    return {g.nodes[n]["label"] for n in g if g.nodes[n]["kind"] != "article"}


@pytest.mark.parametrize("depth, expected", [
    (0, {"乙镇"}),
    (1, {"乙镇", "甲村", "丙县", "乙镇党委"}),
    (2, {"乙镇", "甲村", "丙县", "乙镇党委", "丁市", "某人", "某行动", "户数"}),
])
def test_select_subgraph_around_depth(chain, depth, expected):
    assert drawn(select_subgraph(chain, around="乙镇", depth=depth)) == expected


def test_select_subgraph_around_alias_and_iri(chain):
    assert drawn(select_subgraph(chain, around="乙", depth=0)) == {"乙镇"}
    assert drawn(select_subgraph(chain, around=B + "c", depth=0)) == {"丙县"}
    assert drawn(select_subgraph(chain, around=["甲村", "丁市"], depth=0)) == {"甲村", "丁市"}


def test_select_subgraph_keeps_article_nodes(chain):
    sub = select_subgraph(chain, around="甲村", depth=0, types="ORG", max_nodes=1)
    assert B + "article/d1" in sub


def test_select_subgraph_types_keep_around_nodes(chain):
    assert drawn(select_subgraph(chain, types="PLACE")) == {"甲村", "乙镇", "丙县", "丁市", "戊村"}
    assert drawn(select_subgraph(chain, around="某人", depth=2, types=["place"])) == {"某人", "乙镇"}
    assert drawn(select_subgraph(chain, types="METRIC,PROGRAM")) == {"户数", "某行动"}


def test_select_subgraph_max_nodes_keeps_most_connected(chain):
    # degrees: 丙县 4, 乙镇 3, then 2s (甲村 1, 丁市 1, 乙镇党委 2 ...)
    assert drawn(select_subgraph(chain, max_nodes=2)) == {"丙县", "乙镇"}
    assert drawn(select_subgraph(chain, around="戊村", depth=1, max_nodes=1)) == {"戊村"}


def test_select_subgraph_max_nodes_keeps_around_node_first(chain):
    assert drawn(select_subgraph(chain, around="甲村", depth=3, max_nodes=2)) == {"甲村", "丙县"}


def test_select_subgraph_does_not_change_input(chain):
    before = (chain.number_of_nodes(), chain.number_of_edges())
    sub = select_subgraph(chain, around="乙镇", depth=1, types="PLACE", max_nodes=2)
    sub.nodes[B + "t"]["label"] = "changed"
    assert (chain.number_of_nodes(), chain.number_of_edges()) == before
    assert chain.nodes[B + "t"]["label"] == "乙镇"


def test_select_subgraph_without_options_keeps_everything(chain):
    sub = select_subgraph(chain)
    assert nx.utils.graphs_equal(sub, chain)


def test_find_nodes_unknown_name_suggests(chain):
    with pytest.raises(ValueError, match="乙镇"):
        find_nodes(chain, "镇")
    with pytest.raises(ValueError, match="check the spelling"):
        find_nodes(chain, "无此地")


def test_find_nodes_does_not_return_article_nodes(chain):
    with pytest.raises(ValueError):
        find_nodes(chain, B + "article/d1")


@pytest.mark.parametrize("bad", [{"depth": -1}, {"max_nodes": 0}, {"types": "PLACE,CITY"}])
def test_select_subgraph_rejects_bad_options(chain, bad):
    with pytest.raises(ValueError):
        select_subgraph(chain, **bad)


@pytest.mark.parametrize("text, expected", [
    ("PLACE,org", {"PLACE", "ORG"}), (" designation , metric ", {"DESIGNATION", "METRIC"}), ("", None), (None, None),
])
def test_parse_types(text, expected):
    assert parse_types(text) == expected
