"""Tests of tables written as text (kg.relations.tables) and of their figures in kg_metrics."""
from __future__ import annotations

import pytest

from kg.nlp.sentences import split_sentences
from kg.relations.metric_subjects import Anchor
from kg.relations.metrics import find_metrics, load_rules
from kg.relations.numbers import default_grammar
from kg.relations.tables import find_table_figures
from tests.relations.test_metrics import make_entities, metrics_of

SCOPE = ("PLACE", "青石县")
TOWNS = [SCOPE, ("PLACE", "白沙镇"), ("PLACE", "红旗乡"), ("PLACE", "东岭镇")]

HEADED = ("全县集体经济稳步发展。\n"
          "附：2023年部分乡镇村级集体经济发展情况（单位：万元、个）\n"
          "乡镇 集体经济总收入 经营性收入 经营性收入50万元以上村\n"
          "白沙镇 5126 2380 27\n"
          "红旗乡 3318 1472 19\n"
          "合计 8444 3852 46\n")

GRID = ("四、各乡镇衔接资金安排情况（单位：万元）\n"
        "白沙镇 1860 红旗乡 2630\n"
        "东岭镇 2240 县直统筹 5420\n"
        "下一步，全县将加强项目资产管理。")


def test_tables_a_header_row_names_each_columns_figures_of_the_rows_places():
    found = metrics_of(HEADED, TOWNS, "青石县")
    assert found == [
        ("白沙镇", 51260000, "元", None, 2023), ("白沙镇", 23800000, "元", None, 2023), ("白沙镇", 27, "个", None, 2023),
        ("红旗乡", 33180000, "元", None, 2023), ("红旗乡", 14720000, "元", None, 2023), ("红旗乡", 19, "个", None, 2023),
    ]  # 合计 names no entity; the header's 50万元 is no figure


def test_tables_indicators_are_the_column_names_and_the_evidence_the_row():
    entities = make_entities(HEADED, TOWNS)
    found = find_metrics(HEADED, split_sentences(HEADED), entities, "e1", load_rules(), default_grammar())
    assert [m.indicator for m in found[:3]] == ["集体经济总收入", "经营性收入", "经营性收入50万元以上村"]
    row = HEADED.index("白沙镇 5126")
    assert found[0].sentence == (row, HEADED.index("\n", row))
    assert found[0].rule == "metrics.table"


def test_tables_a_grid_of_pairs_gives_each_number_to_the_place_before_it():
    found = metrics_of(GRID, TOWNS, "青石县")
    assert found == [("白沙镇", 18600000, "元", None, None), ("红旗乡", 26300000, "元", None, None),
                     ("东岭镇", 22400000, "元", None, None)]
    figures, covered = find_table_figures(GRID, _mentions(GRID), load_rules(), default_grammar())
    assert {f.indicator for f in figures} == {"各乡镇衔接资金安排情况"}
    assert covered == [(GRID.index("白沙镇"), GRID.index("\n下一步"))]


@pytest.mark.parametrize("text", [
    "白沙镇 5126\n",  # one row is no table
    "白沙镇 5126 2380\n红旗乡 3318\n",  # rows of different widths
    "白沙镇新发展党员 12 名，红旗乡 8 名。\n东岭镇 3 名。\n",  # prose with spaces: cells of words, numbers and words
])
def test_tables_what_is_no_table_gives_no_table_figures(text):
    figures, _ = find_table_figures(text, _mentions(text), load_rules(), default_grammar())
    assert figures == []


def test_tables_a_column_with_its_own_unit_keeps_it():
    text = "乡镇 户数（户） 收入（万元）\n白沙镇 120 35.5\n红旗乡 98 20\n"
    assert metrics_of(text, TOWNS, "青石县") == [
        ("白沙镇", 120, "户", None, None), ("白沙镇", 355000, "元", None, None),
        ("红旗乡", 98, "户", None, None), ("红旗乡", 200000, "元", None, None)]


def _mentions(text: str) -> list[Anchor]:
    return sorted((Anchor(m.start, m.end, e) for e in make_entities(text, TOWNS) for m in e.mentions),
                  key=lambda a: a.start)


def test_tables_numbers_of_a_long_table_are_read_once():
    rows = "".join(f"红旗乡 {100 + k} {k}%\n" for k in range(40))  # a % is read outside tables too
    found = metrics_of("乡镇 户数（户） 占比\n" + rows, TOWNS, "青石县")
    assert len(found) == 80 and found[-1] == ("红旗乡", 39, "%", None, None)
