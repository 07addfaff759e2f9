"""What the page carries: styled vis nodes/edges from pyvis, side tables, legend."""
from __future__ import annotations

import pytest

from kg.viewer.demo import hostile_graph, synthetic_graph
from kg.viewer.payload import page_payload
from kg.viewer.style import edge_label, edge_visual, legend, load_style, node_group, node_label, node_visual


@pytest.fixture(scope="module")
def payload() -> dict:
    return page_payload(hostile_graph())


def test_payload_omits_article_nodes(payload):
    assert len(payload["nodes"]) == 7
    assert {n["kgType"] for n in payload["nodes"]} == {"PLACE", "ORG", "PERSON", "PROGRAM", "MECHANISM",
                                                       "DESIGNATION", "METRIC"}
    assert set(payload["articles"]) == {"evil"}


def test_payload_every_edge_has_details_and_known_ends(payload):
    ids = {n["id"] for n in payload["nodes"]}
    assert len(payload["edges"]) == 6
    for e in payload["edges"]:
        assert e["from"] in ids and e["to"] in ids
        info = payload["info"]["edges"][e["id"]]
        assert info["type"] == e["kgType"] and info["evidence"]
        assert all({"doc", "text", "rule"} <= set(ev) for ev in info["evidence"])


def test_payload_node_details(payload):
    info = {i["group"]: i for i in payload["info"]["nodes"].values()}
    place = info["PLACE"]
    assert place["level"] == "village" and place["adcode"] and place["aliases"]
    assert place["docs"] == [{"doc": "evil", "mentions": 1}]
    assert place["iri"].endswith("place/evil")
    assert info["METRIC"]["value"] == 3 and info["METRIC"]["evidence"][0]["doc"] == "evil"
    assert info["PERSON"]["role"]


def test_payload_holds_position_edge_keeps_title_and_former(payload):
    info = next(i for i in payload["info"]["edges"].values() if i["type"] == "HOLDS_POSITION")
    assert info["title"] and info["former"] is True


def test_payload_parallel_edges_curve_apart():
    g = hostile_graph()
    u, v = "http://example.org/kg/org/evil", "http://example.org/kg/place/evil"
    g.add_edge(u, v, key="X", type="IMPLEMENTS", source="text", evidence=[])
    data = page_payload(g)
    ids = {i["iri"]: int(k) for k, i in data["info"]["nodes"].items()}
    between = [e for e in data["edges"] if {e["from"], e["to"]} == {ids[u], ids[v]}]
    assert len(between) == 2
    curved = [e for e in between if e.get("smooth")]
    assert len(curved) == 1 and curved[0]["smooth"]["type"].startswith("curved")


def test_style_shapes_and_colours_distinct_per_group():
    style = load_style()
    shapes = [t["shape"] for k, t in style["node_types"].items() if k != "METRIC"]
    colours = [t["color"] for t in style["node_types"].values()]
    assert len(set(shapes)) == len(shapes) and len(set(colours)) == len(colours)
    assert style["node_types"]["DESIGNATION"]["shape"] == "star"


def test_style_place_levels_grow_with_rank():
    sizes = [node_visual({"kind": "entity", "type": "PLACE", "level": lvl})["size"]
             for lvl in ("village", "township", "county", "city", "province")]
    borders = [node_visual({"kind": "entity", "type": "PLACE", "level": lvl})["borderWidth"]
               for lvl in ("village", "township", "county", "city", "province")]
    assert sizes == sorted(sizes) and len(set(sizes)) == 5
    assert borders == sorted(borders)


@pytest.mark.parametrize("attrs, expected", [
    ({"kind": "entity", "type": "ORG"}, "ORG"), ({"kind": "designation"}, "DESIGNATION"),
    ({"kind": "metric"}, "METRIC"), ({"kind": "article"}, "ARTICLE"),
])
def test_style_node_group(attrs, expected):
    assert node_group(attrs) == expected


def test_style_labels():
    assert node_label({"kind": "metric", "indicator": "党员", "value": 12.0, "unit": "名"}) == "党员 12名"
    assert edge_label({"type": "LOCATED_IN"}) == "位于"
    assert edge_label({"type": "HOLDS_POSITION", "title": "书记", "former": True}) == "原书记"
    assert edge_visual({"type": "LOCATED_IN", "source": "gazetteer"})["dashes"]
    assert edge_visual({"type": "LOCATED_IN", "source": "text"})["dashes"] is False


def test_style_load_returns_a_copy():
    load_style()["node_types"]["PLACE"]["color"] = "#000000"
    assert load_style()["node_types"]["PLACE"]["color"] != "#000000"


def test_legend_lists_every_relation_type():
    assert [r["key"] for r in legend()["relations"]] == ["LOCATED_IN", "HOLDS_POSITION", "IMPLEMENTS", "PART_OF",
                                                          "RECOGNIZED_AS", "HAS_METRIC"]


def test_payload_counts_total_nodes_when_cut():
    data = page_payload(synthetic_graph(30), total_nodes=99)
    assert data["meta"]["total_nodes"] == 99 and data["meta"]["nodes"] == 30


def test_node_details_list_the_most_mentioning_articles_and_count_the_rest():
    from kg.viewer.payload import MAX_DOCS, node_details

    docs = [f"d{i:04d}" for i in range(MAX_DOCS + 7)]
    mentions = [{"doc": "d0055", "start": 1, "end": 2}] * 3 + [{"doc": "d0001", "start": 1, "end": 2}]
    out = node_details("urn:x", {"kind": "entity", "type": "PLACE", "label": "某县", "docs": docs,
                                 "mentions": mentions})
    assert len(out["docs"]) == MAX_DOCS and out["more_docs"] == 7
    assert [d["doc"] for d in out["docs"][:2]] == ["d0055", "d0001"]


def test_page_carries_only_the_articles_its_panels_cite():
    import networkx as nx

    from kg.viewer.payload import page_payload

    g = nx.MultiDiGraph()
    g.add_node("urn:a1", kind="article", doc="a1", title="一")
    g.add_node("urn:a2", kind="article", doc="a2", title="二")
    g.add_node("urn:p", kind="entity", type="PLACE", label="某县", docs=["a1"], mentions=[])
    assert set(page_payload(g)["articles"]) == {"a1"}


def test_edge_details_count_evidence_left_out_by_a_large_build():
    from kg.viewer.payload import edge_details

    ev = [{"doc": f"d{i}", "start": i, "end": i + 1, "text": "句"} for i in range(5)]
    out = edge_details({"type": "IMPLEMENTS", "evidence": ev, "evidence_count": 40}, limit=2)
    assert len(out["evidence"]) == 2 and out["more_evidence"] == 38
