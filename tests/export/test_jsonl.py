"""extractions.jsonl lines (kg.export.jsonl)."""
from __future__ import annotations

import json

import pytest

from kg.export.jsonl import dumps
from tests.graph.graph_data import hand_records, load_gold_records


def _json(rec):
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


def test_record_lines_are_compact_json_with_text_as_is():
    for rec in [*hand_records(), *load_gold_records()]:
        line = dumps(rec)
        assert line == _json(rec) and "\n" not in line and json.loads(line) == rec


@pytest.mark.parametrize("value", [2**70, "\ud800 lone surrogate", {"控制": "\x1f\t\u2028"}, 12.5, -0.0])
def test_values_orjson_refuses_or_escapes_are_written_as_the_json_module_does(value):
    rec = {"doc": "d1", "value": value}
    assert dumps(rec) == _json(rec)
