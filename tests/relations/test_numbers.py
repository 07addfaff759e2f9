"""Tests of kg.relations.numbers: numerals, scales, qualifiers and units."""
from __future__ import annotations

import pytest

from kg.relations.numbers import NumberGrammar, Quantity, find_quantities, parse_quantity, to_number


@pytest.mark.parametrize("text, expected", [
    ("2.9万余", Quantity(29000, None, "approx_min")),
    ("2.9万余名", Quantity(29000, "名", "approx_min")),
    ("1.5亿", Quantity(150000000, None, None)),
    ("1.5亿余元", Quantity(150000000, "元", "approx_min")),
    ("三", Quantity(3, None, None)),
    ("两次", Quantity(2, "次", None)),
    ("一百五十名", Quantity(150, "名", None)),
    ("三千余名", Quantity(3000, "名", "approx_min")),
    ("80%", Quantity(80, "%", None)),
    ("80%以上", Quantity(80, "%", "approx_min")),
    ("65％", Quantity(65, "%", None)),
    ("近3年", Quantity(3, "年", "approx_max")),
    ("不到10个", Quantity(10, "个", "approx_max")),
    ("不足5户", Quantity(5, "户", "approx_max")),
    ("约300人", Quantity(300, "人", "approx")),
    ("300人左右", Quantity(300, "人", "approx")),
    ("逾千", None),  # no numeral the reader accepts on its own
    ("8000余万元", Quantity(80000000, "元", "approx_min")),
    ("7000多名", Quantity(7000, "名", "approx_min")),
    ("1.26万平方米", Quantity(12600, "平方米", None)),
    ("57577平方", Quantity(57577, "平方", None)),
    ("36.5万亩", Quantity(365000, "亩", None)),
    ("1,200个", Quantity(1200, "个", None)),
    ("3.5个百分点", Quantity(3.5, "个百分点", None)),
    ("10分钟", Quantity(10, "分钟", None)),
    ("3亿余袋", Quantity(300000000, "袋", "approx_min")),
    ("10万余枝", Quantity(100000, "枝", "approx_min")),
    ("5000人次", Quantity(5000, "人次", None)),
    ("没有数字", None),
])
def test_numbers_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("numeral, scale, value", [
    ("2.9", "万", 29000), ("1.26", "万", 12600), ("21.5", "万", 215000), ("0.5", "", 0.5),
    ("十二", "", 12), ("两百", "", 200), ("1,024", "", 1024), ("3", "千", 3000),
])
def test_numbers_to_number(numeral, scale, value):
    got = to_number(numeral, scale)
    assert got == value and type(got) is type(value)


def test_numbers_find_quantities_offsets_in_a_real_sentence():
    text = "全县539个农村基层党支部深入开展查、评、改,建设示范支部124个,提升中间支部369个"
    found = find_quantities(text)
    assert [(text[q.start:q.end], q.quantity.value, q.quantity.unit) for q in found] == [
        ("539个", 539, "个"), ("124个", 124, "个"), ("369个", 369, "个")]
    assert [(q.num_start, q.num_end) for q in found] == [(2, 5), (29, 32), (40, 43)]
    assert text[29:32] == "124" and text[40:43] == "369"


def test_numbers_qualifier_before_belongs_to_the_span():
    text = "至今仍有近9300人坚守扶贫一线"
    q = find_quantities(text)[0]
    assert text[q.start:q.end] == "近9300人" and q.quantity == Quantity(9300, "人", "approx_max")


def test_numbers_digits_are_not_split_inside_a_longer_number():
    assert [q.quantity.value for q in find_quantities("电话13812345678")] == [13812345678]


def test_numbers_custom_grammar_units():
    grammar = NumberGrammar.from_units(["头"])
    assert parse_quantity("养牛300头", grammar) == Quantity(300, "头", None)
    assert parse_quantity("300名", grammar) == Quantity(300, None, None)


def test_numbers_chinese_marks_chinese_numerals():
    (a, b) = find_quantities("两次组织干部学习,51人参加")
    assert (a.chinese, b.chinese) == (True, False)


def test_quantities_of_a_part_of_the_text_keep_its_offsets_and_edges():
    text = "共计3人，近5年新增12户"
    whole = find_quantities(text[5:])
    part = find_quantities(text, start=5)
    assert [(q.start - 5, q.end - 5, q.quantity) for q in part] == [(q.start, q.end, q.quantity) for q in whole]
    assert part[0].quantity.qualifier == "approx_max"  # 近 lies inside the part
    assert find_quantities("约3人", start=1)[0].quantity.qualifier is None  # 约 lies before it
    assert find_quantities("12户", start=1)[0].quantity.value == 2  # the part is read as the text "2户"


def test_quantities_by_span_are_those_each_span_reads_on_its_own():
    import random

    from kg.relations.numbers import quantities_by_span

    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice(["1", "2", ".", "，", "3个", "万", "余", "人", "以上", "近", "二", "十", "甲", "。"])
                       for _ in range(rng.randint(0, 25)))
        cuts = sorted(rng.sample(range(len(text) + 1), k=min(len(text) + 1, rng.randint(0, 8))))
        spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
        assert quantities_by_span(text, spans) == [find_quantities(text, None, s, e) for s, e in spans]


def test_numeral_opening_with_one_class_matches_as_arabic_or_chinese():
    """``NUMERAL`` (written for the regex engine's skip-ahead) matches as ``ARABIC|CHINESE``."""
    import random
    import re

    from kg.relations.numbers import ARABIC, CHINESE, NUMERAL, default_grammar

    fast = default_grammar().pattern
    plain = re.compile(fast.pattern.replace(f"(?P<num>{NUMERAL})", f"(?P<num>{ARABIC}|{CHINESE})", 1))
    assert plain.pattern != fast.pattern
    pieces = ["1", "0", "25", "１", "٣", ",", "，", ".", "一", "二", "两", "十", "百", "万", "亿", "〇", "零",
              "余", "多", "个", "人", "%", "以上", "年", "甲", " "]
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        assert ([(m.span(), m.groupdict()) for m in fast.finditer(text)]
                == [(m.span(), m.groupdict()) for m in plain.finditer(text)]), text


def test_a_keep_test_leaves_out_what_it_fails_and_nothing_else():
    text = "共3人，一些村，近2年，多达5个、12户"
    every = find_quantities(text)
    kept = find_quantities(text, keep=lambda r, m: r.quantity.unit in ("人", "户"))
    assert kept == [q for q in every if q.quantity.unit in ("人", "户")] and len(kept) == 2


def test_a_scan_past_bare_chinese_numerals_finds_all_else_as_the_full_scan():
    import random

    from kg.relations.numbers import quantities_by_span

    pieces = ["1", "25", ".", "，", "一", "二", "三十", "百", "万", "千", "余", "多", "个", "个月", "人", "千米", "以上",
              "左右", "近", "些", "甲", "。"]
    rng = random.Random(19)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        cuts = sorted(rng.sample(range(len(text) + 1), k=min(len(text) + 1, rng.randint(0, 6))))
        spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b] or [(0, len(text))]
        bare = lambda q: q.chinese and q.end - q.num_start == 1  # noqa: E731
        expected = [[q for q in found if not bare(q)] for found in quantities_by_span(text, spans)]
        assert quantities_by_span(text, spans, bare_chinese=False) == expected, text
