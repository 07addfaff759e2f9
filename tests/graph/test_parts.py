"""A record's share of the graph (kg.graph.parts)."""
from __future__ import annotations

import random

from kg.graph.iri import check_base
from kg.graph.parts import record_part
from tests.graph.graph_data import hand_records


def test_a_part_within_nodes_is_the_whole_part_restricted(gold_records):
    """``record_part(rec, base, within=nodes)`` skips the relations and metrics of other
    entities and gives what ``record_part(rec, base).within(nodes)`` gives, for any nodes."""
    base, rng = check_base(None), random.Random(3)
    records = [*hand_records(), *gold_records]
    wholes = [record_part(rec, base) for rec in records]
    assert any(w.metrics for w in wholes) and any(w.designations for w in wholes)
    for rec, whole in zip(records, wholes):
        nodes = sorted({e.node for e in whole.entities} | {d[0] for d in whole.designations})
        for k in (0, 1, len(nodes) // 2, len(nodes)):
            chosen = set(rng.sample(nodes, k))
            assert record_part(rec, base, within=chosen) == whole.within(chosen)
            unmeasured = record_part(rec, base, within=chosen, no_metrics_of=set(nodes[:k // 2]))
            assert unmeasured.metrics == {key: m for key, m in whole.within(chosen).metrics.items()
                                          if m["subject"] not in nodes[:k // 2]}
