from __future__ import annotations

import pytest

from kg.reader.masthead import find_masthead, page_link


@pytest.mark.parametrize("lines,paper,first,last", [
    (["某某日报 2023年08月15日 第A03版：区县", "标题"], "某某日报", 0, 0),
    (["2024-02-05　　某某日报　　第02版：要闻", "标题"], "某某日报", 0, 0),
    (["某某日报数字报", "2023年06月14日 星期三", "第03版：综合新闻", "标题"], "某某日报", 0, 2),
    (["《某某晚报》2023年9月5日 第3版"], "某某晚报", 0, 0),
    (["标题", "本报记者 王明", "《 某某日报 》（ 2023年06月19日　 第 04 版）"], "某某日报", 2, 2),
])
def test_a_masthead_names_the_paper_and_its_lines(lines, paper, first, last, reader_data):
    head = find_masthead(lines, reader_data.cues)
    assert (head.paper, head.first, head.last) == (paper, first, last)


@pytest.mark.parametrize("lines", [
    ["第03版：综合新闻", "标题"],  # a page with no paper named
    ["某县召开会议", "本报讯 某某日报记者王明报道"],  # a paper with no page
    ["会上传达了某某日报第3版的评论文章精神。"],  # a paper inside a sentence
])
def test_no_masthead(lines, reader_data):
    assert find_masthead(lines, reader_data.cues) is None


def test_page_links(reader_data):
    assert page_link("< 上一篇   下一篇 >", reader_data.cues)
    assert not page_link("某村：上一任书记留下的账本", reader_data.cues)
