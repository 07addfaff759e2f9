"""Deictic mentions and the article's place."""
from __future__ import annotations

from collections import Counter

import pytest

from kg.nlp.deixis import choose_scope, find_deictics, resolve_deictics
from kg.records import Entity, Mention


def place(id_, name, level, *starts, adcode=None):
    return Entity(id_, "PLACE", name, [name], {"level": level, **({"adcode": adcode} if adcode else {})},
                  [Mention(s, s + len(name), name) for s in starts])


@pytest.mark.parametrize("text,expected", [
    ("我市加强党建。全县推进。", [("我市", "city"), ("全县", "county")]),
    ("该镇和本村都很好。", [("该镇", "township"), ("本村", "village")]),
    ("全区域覆盖", []),  # 全区域 is not 全区
    ("平安县委书记", []),
    # 村里, 镇里 opening a clause point at this village, this township
    ("书记介绍，村里成立了合作社。镇里每月开会。", [("村里", "village"), ("镇里", "township")]),
    ("城镇里的居民，农村里的老人，乡里乡亲", []),
])
def test_find_deictics(text, expected):
    assert [(text[d.start:d.end], d.level) for d in find_deictics(text)] == expected


def test_cun_li_points_nearby_but_does_not_choose_the_article_place():
    text = "平安县：推进乡村治理\n青山镇书记说，镇里推行积分制。镇里每月开会。镇里很忙。"
    county, town = place("e1", "平安县", "county", 0), place("e2", "青山镇", "township", 11)
    deictics = find_deictics(text)
    assert [d.scoping for d in deictics] == [False, False, False]
    assert choose_scope(text, {"title": "平安县：推进乡村治理"}, [county, town], deictics) is county
    pairs = resolve_deictics(deictics, county, [county, town])
    assert [e.name for _, e in pairs] == ["青山镇"] * 3


def test_scope_prefers_title_place_matching_the_deictic_level():
    text = "平安县：推进乡村治理\n我县今年在青山镇试点。全县推广。"
    county, town = place("e1", "平安县", "county", 0), place("e2", "青山镇", "township", 17)
    scope = choose_scope(text, {"title": "平安县：推进乡村治理"}, [county, town], find_deictics(text))
    assert scope is county


def test_gai_zhen_means_the_last_township_named():
    text = "青山镇很美。全县推广。该镇石桥村获奖。"
    county, town = place("e1", "平安县", "county"), place("e2", "青山镇", "township", 0)
    pairs = resolve_deictics(find_deictics(text), county, [county, town])
    assert [(text[d.start:d.end], e.name) for d, e in pairs] == [("全县", "平安县"), ("该镇", "青山镇")]


class FakeGazetteer:
    class Div:
        def __init__(self, code, name, level):
            self.code, self.name, self.level, self.parent = code, name, level, None

    def by_short(self, short):
        return [self.Div("9901", "南江市", "city")] if short == "南江" else []

    def lookup(self, name):
        return []


def test_scope_from_the_outlet_when_the_body_never_names_it():
    text = "南江日报记者 王丽\n我市推进基层党建。全市各县都参与。"
    county = place("e1", "平安县", "county", 30)
    scope = choose_scope(text, {"source": "南江日报"}, [county], find_deictics(text), FakeGazetteer())
    assert (scope.name, scope.aliases, scope.attrs) == ("南江市", ["南江市", "南江"], {"level": "city", "adcode": "9901"})


def test_no_scope_from_an_outlet_of_another_province():
    """An outlet whose name starts like a place elsewhere (华龙网 and some 华龙区) names no scope
    for an article whose coded places lie in another province."""
    text = "南江日报记者 王丽\n我市推进基层党建。全市各县都参与。"
    county = place("e1", "平安县", "county", 30, adcode="880101")
    scope = choose_scope(text, {"source": "南江日报"}, [county], find_deictics(text), FakeGazetteer())
    assert scope.name == "平安县"
    county = place("e1", "平安县", "county", 30, adcode="990101")
    assert choose_scope(text, {"source": "南江日报"}, [county], find_deictics(text), FakeGazetteer()).name == "南江市"


def test_the_outlet_of_a_city_and_its_district_of_the_same_name_is_the_citys():
    """北川日报 writing 我市: 北川市, not its 北川区; two places of the name in different cities name none."""
    text = "北川日报记者 王丽\n我市推进基层党建。全市各县都参与。"
    county = place("e1", "平安县", "county", 30)
    gazetteer = FakeGazetteer()
    gazetteer.by_short = lambda short: [FakeGazetteer.Div("990003", "北川区", "county"),
                                        FakeGazetteer.Div("990000", "北川市", "city")] if short == "北川" else []
    assert choose_scope(text, {"source": "北川日报"}, [county], find_deictics(text), gazetteer).name == "北川市"
    gazetteer.by_short = lambda short: [FakeGazetteer.Div("990003", "北川区", "county"),
                                        FakeGazetteer.Div("980000", "北川市", "city")] if short == "北川" else []
    assert choose_scope(text, {"source": "北川日报"}, [county], find_deictics(text), gazetteer).name == "平安县"


def test_a_county_level_city_the_title_names_is_what_quan_shi_means_in_its_citys_outlet():
    """南江学习平台 (the city's) on 平安市, a county-level city of 南江市 named in the title:
    全市 is 平安市; named only in the body, among the city's counties, it is not."""
    text = "平安：两新党建出新彩\n来源：南江学习平台\n平安市推进两新党建。全市建立党组织612个。"
    city = place("e1", "平安市", "county", 0, text.index("平安市"), adcode="990101")
    scope = choose_scope(text, {"source": "南江学习平台", "title": "平安：两新党建出新彩"}, [city],
                         find_deictics(text), FakeGazetteer())
    assert scope.name == "平安市"
    text = "南江村镇获评荣誉\n来源：南江日报\n我市9个村镇榜上有名。平安市某镇获评文明村镇。全市持续推进。"
    city = place("e1", "平安市", "county", text.index("平安市"), adcode="990101")
    scope = choose_scope(text, {"source": "南江日报", "title": "南江村镇获评荣誉"}, [city], find_deictics(text),
                         FakeGazetteer())
    assert scope.name == "南江市"


def test_a_title_naming_two_townships_is_about_the_county_holding_them():
    """县委书记到甲镇乙镇调研: the two townships share the title; the county holding both is the
    article's place, though each township is named more often than the county."""
    title = "县委书记到青山镇白石镇调研"
    text = title + "\n青山镇推进。白石镇推广。全县10个村参与。平安县农业公司参与。"
    a = place("e1", "青山镇", "township", 5, 14, adcode="123456101")
    b = place("e2", "白石镇", "township", 8, 20, adcode="123456102")
    county = place("e3", "平安县", "county", 35, adcode="123456")
    assert [text[m.start:m.end] for p in (a, b, county) for m in p.mentions] == ["青山镇"] * 2 + ["白石镇"] * 2 + ["平安县"]
    assert choose_scope(text, {"title": title}, [a, b, county], find_deictics(text)) is county
    assert choose_scope(text, {"title": title}, [a, b], find_deictics(text)) is a  # no county named: as before


def test_departments_named_without_their_place_speak_for_its_level():
    text = "青山镇推进积分制。全镇推广。平安县参与。"
    town, county = place("e1", "青山镇", "township", 0), place("e2", "平安县", "county", 14)
    assert choose_scope(text, {}, [town, county], find_deictics(text)) is town
    departments = Counter({"county": 3})  # 县委组织部, 县财政局, 县农业农村局
    assert choose_scope(text, {}, [town, county], find_deictics(text), None, departments) is county


@pytest.mark.parametrize("text,title,span", [
    ("平安县推进乡村治理\n正文", "平安县推进乡村治理", (0, 9)),
    # a title and its subtitle on two lines: the title ends with the subtitle
    ("山村的领头雁\n——记青山镇石桥村书记\n正文", "山村的领头雁——记青山镇石桥村书记", (0, 18)),
    # under an e-paper's masthead: what the masthead names is not in the title
    ("南江日报 2023年8月21日 第3版\n石桥村：党建引领\n正文", "石桥村：党建引领", (20, 28)),
    ("正文", "", (0, 0)),
])
def test_title_span(text, title, span):
    from kg.nlp.deixis import _title_span

    assert _title_span(text, title) == span
