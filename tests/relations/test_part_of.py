from __future__ import annotations

import pytest

from kg.relations import part_of
from kg.relations.view import DocView
from tests.relations.conftest import Builder


def run(text, a, b, rules):
    builder = Builder(text)
    builder.add("MECHANISM", a, f"“{a}”")
    builder.add("PROGRAM", b, f"“{b}”")
    return builder.names(part_of.triggered(DocView(text, builder.entities), rules["part_of.trigger"]))


@pytest.mark.parametrize("text", [
    "把“三议一审”纳入“清风村居”建设。",
    "将“三议一审”嵌入“清风村居”管理模式。",
    "把“三议一审”纳入到“清风村居”建设之中。",
    "推行“三议一审”工作法，作为“清风村居”工程的重要内容。",
    "“三议一审”是“清风村居”建设的重要组成部分。",
])
def test_a_part_before_its_whole(text, rules):
    assert run(text, "三议一审", "清风村居", rules) == [("PART_OF", "三议一审", "清风村居")]


def test_a_part_after_its_whole(rules):
    assert run("开展“清风村居”活动中的“三议一审”行动。", "三议一审", "清风村居", rules) == \
        [("PART_OF", "三议一审", "清风村居")]


@pytest.mark.parametrize("text", [
    "推行“三议一审”，推进“清风村居”建设。",  # two initiatives of one actor
    "“三议一审”作为“清风村居”的经验推广。",  # 作为 without a word of parts after the whole
    "推行“三议一审”。纳入“清风村居”建设。",  # not in one clause
    "推行“三议一审”工作法，全面纳入“清风村居”建设。",  # 纳入 after a comma: the clause's subject is unknown
])
def test_no_part_without_a_word_that_makes_one(text, rules):
    assert run(text, "三议一审", "清风村居", rules) == []
