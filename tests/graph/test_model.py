"""The graph model: one node per real entity across articles, merged evidence, order-free results."""
from __future__ import annotations

import json
import logging
import random
from itertools import combinations

import pytest

from kg.graph import iri as iris
from kg.graph.model import GraphBuilder, build_graph, designation_level
from tests.graph.graph_data import GOLD

LUFENG = iris.entity_iri("PLACE", "陆丰市", {"adcode": "441581"})
MECH = iris.entity_iri("MECHANISM", "四议两公开")


def _snapshot(G) -> tuple:
    return (json.dumps(list(G.nodes(data=True)), ensure_ascii=False, sort_keys=True),
            json.dumps(list(G.edges(keys=True, data=True)), ensure_ascii=False, sort_keys=True))


def test_model_merge_by_code_aggregates_articles_and_aliases(records):
    G = build_graph(records)
    node = G.nodes[LUFENG]
    assert node["label"] == "陆丰市"  # two articles say 陆丰市, one says 陆丰
    assert node["aliases"] == ["陆丰", "陆丰市"]
    assert node["docs"] == ["a1", "b2", "c3"]
    assert node["adcode"] == "441581" and node["level"] == "county"
    assert [m["doc"] for m in node["mentions"]] == ["a1", "b2", "c3"]


def test_model_same_name_villages_with_codes_stay_apart(records):
    G = build_graph(records)
    villages = [n for n, d in G.nodes(data=True) if d.get("label") == "新山村"]
    assert len(villages) == 2


def test_model_relation_evidence_merged_over_articles(records):
    G = build_graph(records)
    edges = [d for _, _, d in G.edges(LUFENG, data=True) if d["type"] == "IMPLEMENTS"]
    assert len(edges) == 1
    assert [(e["doc"], e["start"], e["rule"]) for e in edges[0]["evidence"]] == [
        ("a1", 20, "test.implements"), ("b2", 12, "test.implements")]
    assert edges[0]["source"] == "text"


def test_model_position_former_and_current_are_separate_edges(records):
    G = build_graph(records)
    person = iris.entity_iri("PERSON", "张三")
    posts = sorted((d["title"], d["former"]) for _, _, d in G.edges(person, data=True))
    assert posts == [("县长", True), ("市委书记", False)]


def test_model_metric_and_designation_nodes(records):
    G = build_graph(records)
    metrics = {d["indicator"]: d for _, d in G.nodes(data=True) if d["kind"] == "metric"}
    assert metrics["党员中心户"]["value"] == 3100 and isinstance(metrics["党员中心户"]["value"], int)
    assert metrics["设立党小组"]["evidence"]["start"] == 60 and metrics["设立党小组"]["subject"] == LUFENG
    levels = {d["label"]: d["level"] for _, d in G.nodes(data=True) if d["kind"] == "designation"}
    assert levels == {"全国民主法治示范村": "national", "省定红色村": "provincial"}


@pytest.mark.parametrize("text, level", [("全国文明村", "national"), ("国家级示范区", "national"),
                                         ("全省先进", "provincial"), ("市级示范点", "city"),
                                         ("县级文明单位", "county"), ("革命老区", "other")])
def test_model_designation_level(text, level):
    assert designation_level(text) == level


def test_model_order_of_records_does_not_matter(records):
    expected = _snapshot(build_graph(records))
    for seed in range(5):
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        assert _snapshot(build_graph(shuffled)) == expected


def test_model_incremental_builder_equals_all_at_once(records):
    b = GraphBuilder()
    for rec in records:
        b.add(rec)
    assert _snapshot(b.graph()) == _snapshot(build_graph(records))


def test_model_unknown_reference_dropped_with_warning(records, caplog):
    clean = build_graph(records)
    records[0]["relations"].append({"type": "IMPLEMENTS", "head": "e99", "tail": "e4"})
    with caplog.at_level(logging.WARNING, logger="kg"):
        G = build_graph(records)
    assert "a1: IMPLEMENTS refers to unknown entity 'e99'" in caplog.text
    assert _snapshot(G) == _snapshot(clean)


def test_model_record_without_doc_is_an_error():
    with pytest.raises(ValueError, match="'doc'"):
        build_graph([{"entities": []}])


def test_model_base_iri_used_for_every_node(records):
    G = build_graph(records, base_iri="urn:test:")
    assert all(n.startswith("urn:test:") for n in G) and G.graph["base_iri"] == "urn:test:"


def test_model_gold_has_no_duplicate_nodes(gold_records):
    """One node per (type, canonical name) of the gold files; no two same-type nodes share a name or alias."""
    G = build_graph(gold_records)
    ents = {n: d for n, d in G.nodes(data=True) if d["kind"] == "entity"}
    gold = {(e["type"], iris.normalize_name(e["name"]))
            for f in sorted(GOLD.glob("*.json")) for e in json.loads(f.read_text(encoding="utf-8"))["entities"]}
    assert len(ents) == len(gold)
    dups = [(a["label"], b["label"]) for a, b in combinations(ents.values(), 2) if a["type"] == b["type"]
            and {iris.normalize_name(x) for x in a["aliases"]} & {iris.normalize_name(x) for x in b["aliases"]}]
    assert dups == []
