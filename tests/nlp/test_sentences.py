from __future__ import annotations

import pytest

from kg.nlp.sentences import sentence_of, split_clauses, split_sentences


def sents(text):
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize("text,expected", [
    ("第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
    # a quotation keeps its inner stops, and its closing mark stays with the sentence
    ("他说：“我们要干。大家都干。”然后走了。", ["他说：“我们要干。大家都干。”", "然后走了。"]),
    # a semicolon ends an item of a long enumeration
    ("一是抓班子；二是强队伍；三是促发展。", ["一是抓班子；", "二是强队伍；", "三是促发展。"]),
    ("标题行\n正文第一句。", ["标题行", "正文第一句。"]),
    ("到此为止……下一段", ["到此为止……", "下一段"]),
    ("  \n  ", []),
])
def test_split_sentences(text, expected):
    assert sents(text) == expected


def test_unclosed_quote_does_not_swallow_the_article():
    text = "他说“开始。" + "后面的话。" * 60
    assert len(split_sentences(text, max_quote=50)) > 10


def test_clauses_split_at_commas_outside_quotes_and_brackets():
    text = "近年来，我县推行“积分制，红黑榜”（试点，推广）制度，成效明显。"
    assert [text[s:e] for s, e in split_clauses(text, 0, len(text))] == [
        "近年来", "我县推行“积分制，红黑榜”（试点，推广）制度", "成效明显。"]


def test_sentence_of_finds_the_span():
    spans = split_sentences("甲。乙。丙。")
    assert sentence_of(spans, 2) == (2, 4) and sentence_of(spans, 99) == (99, 99)


def test_clauses_of_a_span_inside_a_longer_text():
    text = "前文，不算。甲，乙（丙，丁）：戊"
    assert [text[s:e] for s, e in split_clauses(text, 6, len(text))] == ["甲", "乙（丙，丁）", "戊"]
