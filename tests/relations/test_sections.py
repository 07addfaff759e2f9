"""Tests of kg.relations.sections: places heading the sections of a showcase, and what the
metric and IMPLEMENTS stages make of them."""
from __future__ import annotations

import re

from kg.records import Entity, Mention
from kg.relations.implements import implements
from kg.relations.sections import Sections
from kg.relations.view import DocView, Spot
from tests.relations.test_metrics import metrics_of

SHOWCASE = ("青石县白沙镇深入实施“一村一品”行动。一起来看——\n"
            "河口村\n依托古集市，推行“党支部+商户”联建机制，成立商户党小组5个。\n"
            "二、石桥村\n组建村民文艺队8支，全村民宿增加到31家。\n"
            "【龙潭村】\n发展青梅种植2300亩。\n"
            "镇党委书记表示，将持续深化“党建+文旅”模式，建成服务站12个。")
VILLAGES = ("河口村", "石桥村", "龙潭村")


def _spots(text: str, *names: str) -> list[Spot]:
    return [Spot(m.start(), m.end(), Entity(n, "PLACE", n, [n], {"level": "village"}))
            for n in names for m in re.finditer(n, text)]


def test_a_line_naming_a_place_alone_heads_the_lines_after_it():
    sections = Sections(SHOWCASE, _spots(SHOWCASE, *VILLAGES))
    at = {n: sections.at(SHOWCASE.index(w)) for n, w in (("河口村", "依托"), ("石桥村", "组建"), ("龙潭村", "青梅"))}
    assert {n: e.name for n, e in at.items()} == {n: n for n in VILLAGES}
    assert sections.at(SHOWCASE.index("镇党委书记")) is None  # the last section is its first paragraph
    assert sections.at(SHOWCASE.index("一村一品")) is None


def test_one_heading_makes_no_showcase_and_a_line_going_on_is_no_heading():
    text = "河口村\n依托古集市，成立商户党小组5个。\n石桥村组建文艺队8支。"
    assert Sections(text, _spots(text, "河口村", "石桥村")).spans == []


def test_under_marked_headings_of_a_list_a_marked_line_ends_the_section_before_it():
    text = ("名单如下：\n一、示范村（2个）\n河口村\n石桥村\n二、示范乡镇（1个）\n龙潭村\n"
            "三、文明村（3个）\n")
    sections = Sections(text, _spots(text, *VILLAGES))
    assert sections.at(text.index("二、")) is None  # not 石桥村's
    assert sections.at(text.index("三、")) is None
    assert metrics_of(text, [("PLACE", "青石县"), *[("PLACE", v) for v in VILLAGES]], "青石县") == [
        ("青石县", 2, "个", None, None), ("青石县", 1, "个", None, None), ("青石县", 3, "个", None, None)]


def test_metrics_and_implements_of_a_section_are_its_places():
    specs = [("PLACE", "青石县"), ("PLACE", "白沙镇"), *[("PLACE", v) for v in VILLAGES],
             ("MECHANISM", "党支部+商户联建机制", "“党支部+商户”联建机制"), ("MECHANISM", "党建+文旅", "“党建+文旅”")]
    got = metrics_of(SHOWCASE, specs, "青石县")
    assert [(s, v) for s, v, *_ in got] == [("河口村", 5), ("石桥村", 8), ("石桥村", 31), ("龙潭村", 2300), ("青石县", 12)]
    entities = []
    for i, (etype, name, *forms) in enumerate(specs):
        mentions = [Mention(m.start(), m.end(), m.group(), "test") for f in (forms or [name])
                    for m in re.finditer(re.escape(f), SHOWCASE)]
        entities.append(Entity(f"e{i}", etype, name, [name], {"level": "village"} if name in VILLAGES else {}, mentions))
    from kg.relations.rules import load_rules

    rule = next(r for r in load_rules() if r.id == "implements.clause_subject")
    names = {e.id: e.name for e in entities}
    rels = implements(DocView(SHOWCASE, entities, scope="e0"), rule)
    assert sorted((names[r.head], names[r.tail]) for r in rels) == [
        ("河口村", "党支部+商户联建机制"), ("青石县", "党建+文旅")]
