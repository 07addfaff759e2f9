from __future__ import annotations

import pytest

from kg.relations.rules import RelationRule, load_rules


def test_rules_load_with_unique_ids_and_known_kinds():
    rules = load_rules()
    assert len({r.id for r in rules}) == len(rules)
    assert {r.type for r in rules} == {"LOCATED_IN", "HOLDS_POSITION", "IMPLEMENTS", "PART_OF", "RECOGNIZED_AS"}


def test_rule_rejects_unknown_keys():
    with pytest.raises(ValueError, match="unknown keys"):
        RelationRule.from_dict({"id": "x", "type": "LOCATED_IN", "kind": "place_chain", "trigers": ["a"]})


@pytest.mark.parametrize("bad", [
    {"id": "x", "type": "LIVES_IN", "kind": "place_chain"},
    {"id": "x", "type": "LOCATED_IN", "kind": "place_chain", "source": "guess"},
    {"type": "LOCATED_IN", "kind": "place_chain"},
])
def test_rule_rejects_bad_values(bad):
    with pytest.raises(ValueError):
        RelationRule.from_dict(bad)
