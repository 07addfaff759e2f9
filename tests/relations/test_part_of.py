from __future__ import annotations

import pytest

from kg.relations import part_of
from kg.relations.view import DocView
from tests.relations.conftest import Builder


def run(text, a, b, rules):
    return run_list(text, b, [a], rules)


def run_list(text, whole, parts, rules):
    builder = Builder(text)
    builder.add("PROGRAM", whole, f"“{whole}”")
    for part in parts:
        builder.add("MECHANISM", part, f"“{part}”")
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


@pytest.mark.parametrize("text", [
    "“清风村居”行动下设“三议一审”“四事联办”等专项行动。",
    "“清风村居”工程包括“三议一审”、“四事联办”和“五星支部”。",
    "某镇启动“清风村居”三年行动，把“三议一审”、“四事联办”和“五星支部”作为行动的三项重点任务。",
    "启动“清风村居”行动，将“三议一审”“四事联办”“五星支部”作为该行动的主要内容。",
    # the list's count and kind between it and 作为
    "深入实施“清风村居”工程，把“三议一审”“四事联办”“五星支部”三个专项行动作为工程的主要抓手。",
])
def test_a_list_of_parts(text, rules):
    parts = ["三议一审", "四事联办", "五星支部"] if "五星支部" in text else ["三议一审", "四事联办"]
    assert run_list(text, "清风村居", parts, rules) == sorted(("PART_OF", p, "清风村居") for p in parts)


@pytest.mark.parametrize("text", [
    "“清风村居”行动下设办公室，“三议一审”“四事联办”另行推进。",  # the list does not follow the trigger
    "推行“清风村居”工程，把“三议一审”作为“四事联办”的重要内容。",  # the whole is named after 作为: the pair rule
    "推行“清风村居”工程。把“三议一审”“四事联办”作为重点任务。",  # no initiative before 把 in the sentence
    "推行“清风村居”工程，把“三议一审”“四事联办”作为经验推广。",  # no word of parts after 作为
    "“清风村居”行动包括“三议一审”；“四事联办”另有安排。",  # the list ends at the clause
])
def test_no_list_of_parts_without_its_shape(text, rules):
    got = run_list(text, "清风村居", ["三议一审", "四事联办"], rules)
    assert ("PART_OF", "四事联办", "清风村居") not in got
    if "作为“四事联办”" in text:
        assert got == [("PART_OF", "三议一审", "四事联办")]


def test_no_list_of_parts_when_negated(rules):
    assert run_list("“清风村居”行动不包括“三议一审”“四事联办”。", "清风村居", ["三议一审", "四事联办"], rules) == []


@pytest.mark.parametrize("text", [
    # the whole named before, the list led by a deictic with its head word
    "全面推开“清风村居”工程。该工程包括“三议一审”“四事联办”“五星支部”三大行动。",
    "构建“清风村居”治理机制。这一机制主要包括“三议一审”、“四事联办”和“五星支部”。",
    # a short descriptor after each quoted item
    "推行“清风村居”机制。该机制包括“三议一审”网格管理、“四事联办”积分评议和“五星支部”矛盾化解三项内容。",
])
def test_a_list_of_parts_after_a_deictic(text, rules):
    parts = ["三议一审", "四事联办", "五星支部"]
    assert run_list(text, "清风村居", parts, rules) == sorted(("PART_OF", p, "清风村居") for p in parts)


@pytest.mark.parametrize("text", [
    "全面推开“清风村居”活动。该工程包括“三议一审”“四事联办”。",  # the deictic's head names no initiative before
    "全面推开“清风村居”工程。该工程不包括“三议一审”“四事联办”。",  # negated
])
def test_no_list_of_parts_after_an_unmatched_deictic(text, rules):
    assert run_list(text, "清风村居", ["三议一审", "四事联办"], rules) == []


def test_a_list_of_parts_in_a_clause_that_opens_with_the_trigger(rules):
    """开展“X”专项整治行动，聚焦…，下设“A”“B”: the clause goes on with the sentence's initiative."""
    text = "开展“清风村居”专项整治行动，聚焦重点领域，下设“三议一审”“四事联办”两个子行动。"
    assert run_list(text, "清风村居", ["三议一审", "四事联办"], rules) == [
        ("PART_OF", "三议一审", "清风村居"), ("PART_OF", "四事联办", "清风村居")]


@pytest.mark.parametrize("text", [
    "在“清风村居”模式下，某县建立了“三议一审”制度、“四事联办”机制。",
    "在“清风村居”治理框架下，某镇推行“三议一审”“四事联办”。",
])
def test_a_list_of_parts_set_up_under_a_frame(text, rules):
    """在“X”模式下，某县建立了“A”制度、“B”机制: what the clause after the frame sets up is X's."""
    assert run_list(text, "清风村居", ["三议一审", "四事联办"], rules) == [
        ("PART_OF", "三议一审", "清风村居"), ("PART_OF", "四事联办", "清风村居")]


@pytest.mark.parametrize("text", [
    "在“清风村居”行动中，某县建立了“三议一审”制度、“四事联办”机制。",  # no frame 在…下
    "“清风村居”模式下，某县建立了“三议一审”制度、“四事联办”机制。",  # no 在
    "在“清风村居”模式下，全县干部下沉一线，建立了“三议一审”制度、“四事联办”机制。",  # another clause
])
def test_no_parts_without_the_frame_and_its_clause(text, rules):
    assert run_list(text, "清风村居", ["三议一审", "四事联办"], rules) == []


@pytest.mark.parametrize("text,last", [
    ("某县实施“清风村居”行动，通过“三议一审”“四事联办”两项子行动，推动治理。", "“四事联办”"),
    ("某县实施“清风村居”行动，通过“三议一审”“四事联办”两项子行动，推动治理。", "“四事联办”两项子行动"),
    ("某县实施“清风村居”工程，下分“三议一审”、“四事联办”等2个子项目。", "“四事联办”"),
])
def test_a_list_counted_as_sub_actions_is_the_parts_of_the_initiative_before_it(text, last, rules):
    b = Builder(text)
    b.add("PROGRAM", "清风村居", "“清风村居”")
    b.add("MECHANISM", "三议一审", "“三议一审”")
    b.add("MECHANISM", "四事联办", last)
    got = b.names(part_of.triggered(DocView(text, b.entities), rules["part_of.trigger"]))
    assert got == [("PART_OF", "三议一审", "清风村居"), ("PART_OF", "四事联办", "清风村居")]


def test_a_counted_list_that_is_no_sub_action_has_no_whole(rules):
    text = "某县实施“清风村居”行动，推广“三议一审”“四事联办”两项机制。"
    assert run_list(text, "清风村居", ["三议一审", "四事联办"], rules) == []


def test_a_list_of_parts_after_the_wholes_head_word_alone(rules):
    """，工程下设“A”和“B”: a clause opening with the head word alone refers to the whole named before."""
    text = "某镇以“润心工程”为抓手。他介绍，工程下设“三议一审”和“四事联办”两个子项目。"
    assert run_list(text, "润心工程", ["三议一审", "四事联办"], rules) == [
        ("PART_OF", "三议一审", "润心工程"), ("PART_OF", "四事联办", "润心工程")]


ENUMERATION = ("某镇党委实施“先锋领航”党建工程，全镇党组织战斗力持续增强。\n\n"
               "一是实施“头雁领飞”计划，建强带头人队伍。\n\n"
               "二是推行“村社一体”机制，壮大集体经济。\n\n"
               "三是开展“红星闪耀”活动，激发党员活力。")


@pytest.mark.parametrize("text", [
    ENUMERATION,
    ENUMERATION.replace("\n\n", ""),  # one paragraph
    ENUMERATION.replace("一是", "（一）").replace("二是", "（二）").replace("三是", "（三）"),
])
def test_the_items_of_an_enumeration_are_parts_of_the_whole_its_lead_names(text, rules):
    got = run_list(text, "先锋领航", ["头雁领飞", "村社一体", "红星闪耀"], rules)
    assert got == [("PART_OF", "头雁领飞", "先锋领航"), ("PART_OF", "村社一体", "先锋领航"), ("PART_OF", "红星闪耀", "先锋领航")]


@pytest.mark.parametrize("text", [
    ENUMERATION.replace("“先锋领航”党建工程", "“先锋领航”党建工程和“三会一课”制度"),  # two wholes: which one?
    ENUMERATION.replace("某镇党委实施“先锋领航”党建工程，", "某镇党委抓党建，"),  # no whole
    ENUMERATION.replace("二是", "三是"),  # not numbered in order
    ENUMERATION.replace("一是实施“头雁领飞”计划，", "一是建强带头人队伍，实施“头雁领飞”计划，"),  # the items do not open with one
])
def test_no_parts_from_an_enumeration_without_its_shape(text, rules):
    builder = Builder(text)
    for name in ("先锋领航", "三会一课", "头雁领飞", "村社一体", "红星闪耀"):
        builder.add("PROGRAM", name, f"“{name}”")
    assert builder.names(part_of.triggered(DocView(text, builder.entities), rules["part_of.trigger"])) == []
