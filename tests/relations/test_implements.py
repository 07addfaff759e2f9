from __future__ import annotations

import pytest

from kg.nlp.deixis import Deictic
from kg.relations import part_of
from kg.relations.implements import implements
from kg.relations.view import DocView
from tests.relations.conftest import Builder


def test_clause_subject_is_the_actor(rules):
    b = Builder("青山镇在“花海长廊”建设中，实现零上访。")
    b.add("PLACE", "青山镇", level="township")
    b.add("PROGRAM", "花海长廊", "“花海长廊”")
    rels = implements(DocView(b.text, b.entities), rules["implements.clause_subject"])
    assert b.names(rels) == [("IMPLEMENTS", "青山镇", "花海长廊")]
    assert rels[0].rule == "implements.clause_subject"


def test_actor_carries_over_to_later_clauses(rules):
    b = Builder("近年来，平安县委组织部以党建为主线，推行“三议一审”。")
    b.add("ORG", "平安县委组织部")
    b.add("MECHANISM", "三议一审", "“三议一审”")
    rels = implements(DocView(b.text, b.entities), rules["implements.clause_subject"])
    assert b.names(rels) == [("IMPLEMENTS", "平安县委组织部", "三议一审")]
    assert rels[0].attrs["trigger"] == "推行"


def test_deictic_subject_means_the_article_place(rules):
    b = Builder("我县全面推行“积分超市”。")
    county = b.add("PLACE", "平安县", "平安县城", level="county")
    b.add("MECHANISM", "积分超市", "“积分超市”")
    d = Deictic(0, 2, "county")
    rels = implements(DocView(b.text, b.entities, scope=county.id, deictic=[(d, county.id)]),
                      rules["implements.clause_subject"])
    assert b.names(rels) == [("IMPLEMENTS", "平安县", "积分超市")]


def test_no_actor_falls_back_to_scope_but_not_when_an_actor_exists(rules):
    b = Builder("深化“周一夜访”。青山镇党委坚持“周一夜访”。")
    county = b.add("PLACE", "平安县", level="county")
    b.add("ORG", "青山镇党委")
    b.add("MECHANISM", "周一夜访", "“周一夜访”")
    rels = implements(DocView(b.text, b.entities, scope=county.id), rules["implements.clause_subject"])
    assert b.names(rels) == [("IMPLEMENTS", "青山镇党委", "周一夜访")]


def test_outlets_are_not_actors(rules):
    b = Builder("南江日报记者摄 党员开展“义诊下乡”活动。")
    city = b.add("PLACE", "南江市", level="city")
    b.add("ORG", "南江日报")
    b.add("PROGRAM", "义诊下乡", "“义诊下乡”活动")
    rels = implements(DocView(b.text, b.entities, scope=city.id), rules["implements.clause_subject"])
    assert b.names(rels) == [("IMPLEMENTS", "南江市", "义诊下乡")]


def test_a_place_after_a_preposition_is_no_subject(rules):
    b = Builder("近年来，平安县委组织部联合有关部门，在全县推广“积分超市”。")
    county = b.add("PLACE", "平安县", level="county")
    b.add("ORG", "平安县委组织部")
    b.add("MECHANISM", "积分超市", "“积分超市”")
    d = Deictic(b.text.index("全县"), b.text.index("全县") + 2, "county")
    rels = implements(DocView(b.text, b.entities, scope=county.id, deictic=[(d, county.id)]),
                      rules["implements.clause_subject"])
    assert b.names(rels) == [("IMPLEMENTS", "平安县委组织部", "积分超市")]


def test_the_head_noun_after_de_is_the_actor(rules):
    b = Builder("同属青山镇的石桥村，全面推行“一约四会”村民自治机制。")
    b.add("PLACE", "青山镇", level="township")
    b.add("PLACE", "石桥村", level="village")
    b.add("MECHANISM", "一约四会", "“一约四会”")
    assert b.names(implements(DocView(b.text, b.entities), rules["implements.clause_subject"])) == [
        ("IMPLEMENTS", "石桥村", "一约四会")]


def test_an_object_opening_a_clause_is_no_actor(rules):
    b = Builder("青山镇党委坚持党建引领，组建石桥村茶叶专业合作社，创新推出“定制茶园”认购模式。")
    b.add("ORG", "青山镇党委")
    b.add("ORG", "石桥村茶叶专业合作社")
    b.add("MECHANISM", "定制茶园认购模式", "“定制茶园”认购模式")
    assert b.names(implements(DocView(b.text, b.entities), rules["implements.clause_subject"])) == [
        ("IMPLEMENTS", "青山镇党委", "定制茶园认购模式")]


def _with_posts(rules, text, *entities):
    from kg.records import Relation
    from kg.relations.implements import Posts

    b = Builder(text)
    made = {name: b.add(typ, name, **attrs) for typ, name, attrs in entities}
    view = DocView(b.text, b.entities)
    posts = [Relation("HOLDS_POSITION", made[p].id, made[t].id, {"title": "x"}, "text", view.evidence(text.find(p)), "t")
             for p, t in (("张强", "石桥村"), ("王芳", "平安日报"))]
    return b.names(implements(view, rules["implements.clause_subject"], Posts(view, posts)))


@pytest.mark.parametrize("text,actor", [
    ("石桥村有合作社。村党支部书记张强带领村民探索“股份合作”模式。", "石桥村"),  # an official opening the clause
    ("石桥村有合作社。张强到村后，他牵头建立“股份合作”机制。", "石桥村"),  # 他: the official named last
    ("平安县有合作社。记者王芳了解到，村民探索“股份合作”模式。", None),  # a reporter acts for no outlet
])
def test_an_official_acts_for_the_place_of_their_post(rules, text, actor):
    got = _with_posts(rules, text, ("PLACE", "石桥村", {"level": "village"}), ("PLACE", "平安县", {"level": "county"}),
                      ("ORG", "平安日报", {}), ("PERSON", "张强", {}), ("PERSON", "王芳", {}),
                      ("MECHANISM", "股份合作", {}))
    assert got == ([("IMPLEMENTS", actor, "股份合作")] if actor else [])


def test_a_sentence_after_a_semicolon_goes_on_with_the_one_before(rules):
    b = Builder("青山镇实施“人才培育”工程，培训1.2万人次；推行“红色代办”机制。平安县推行“积分制”。")
    b.add("PLACE", "青山镇", level="township")
    b.add("PLACE", "平安县", level="county")
    for name in ("人才培育", "红色代办", "积分制"):
        b.add("MECHANISM", name, f"“{name}”")
    assert b.names(implements(DocView(b.text, b.entities), rules["implements.clause_subject"])) == [
        ("IMPLEMENTS", "平安县", "积分制"), ("IMPLEMENTS", "青山镇", "人才培育"), ("IMPLEMENTS", "青山镇", "红色代办")]


def test_places_listed_as_co_subjects_each_act(rules):
    b = Builder("东山镇、大洋镇等山区乡镇把“先锋护航”行动与老人关爱结合起来。")
    b.add("PLACE", "东山镇", level="township")
    b.add("PLACE", "大洋镇", level="township")
    b.add("PROGRAM", "先锋护航", "“先锋护航”")
    rels = implements(DocView(b.text, b.entities), rules["implements.clause_subject"])
    assert b.names(rels) == [("IMPLEMENTS", "东山镇", "先锋护航"), ("IMPLEMENTS", "大洋镇", "先锋护航")]


def test_a_place_opening_a_longer_name_is_no_co_subject(rules):
    """某村与江苏某集团建立…: 江苏 opens the company's name; the village acts alone."""
    b = Builder("永安村与江苏永达集团建立“村企共建”机制。")
    b.add("PLACE", "永安村", level="village")
    b.add("PLACE", "江苏省", "江苏")
    b.add("ORG", "江苏永达集团")
    b.add("MECHANISM", "村企共建", "“村企共建”")
    rels = implements(DocView(b.text, b.entities), rules["implements.clause_subject"])
    assert b.names(rels) == [("IMPLEMENTS", "永安村", "村企共建")]


def test_a_village_party_branch_acts_for_its_village(rules):
    b = Builder("河口村党支部探索“党支部+合作社+农户”模式。")
    b.add("PLACE", "河口村", level="village")
    b.add("ORG", "河口村党支部")
    b.add("MECHANISM", "党支部+合作社+农户", "“党支部+合作社+农户”")
    rels = implements(DocView(b.text, b.entities), rules["implements.clause_subject"])
    assert b.names(rels) == [("IMPLEMENTS", "河口村", "党支部+合作社+农户")]


def test_a_part_with_no_subject_of_its_own_goes_with_its_wholes_actor(rules):
    """一是实施“A”计划 under 某镇党委实施“X”工程: the committee carries out A; a part whose
    clause has a subject of its own keeps it."""
    b = Builder("青山县青山镇党委实施“先锋领航”工程。一是实施“头雁领飞”计划；二是河口村推行“村社一体”机制。")
    b.add("PLACE", "青山县", level="county")
    b.add("PLACE", "青山镇", level="township")
    b.add("PLACE", "河口村", level="village")
    b.add("ORG", "青山镇党委", "青山县青山镇党委")
    for name in ("先锋领航", "头雁领飞", "村社一体"):
        b.add("PROGRAM", name, f"“{name}”")
    view = DocView(b.text, b.entities, scope="e1")
    rels = implements(view, rules["implements.clause_subject"], wholes=part_of.wholes(view, rules["part_of.trigger"]))
    assert b.names(rels) == [("IMPLEMENTS", "河口村", "村社一体"), ("IMPLEMENTS", "青山镇党委", "先锋领航"),
                             ("IMPLEMENTS", "青山镇党委", "头雁领飞")]


def test_an_organization_written_with_its_places_is_the_actor(rules):
    """青山县青山镇党委实施…: the committee acts, not the township its name holds."""
    b = Builder("今年以来，青山县青山镇党委实施“先锋领航”工程。")
    b.add("PLACE", "青山县", level="county")
    b.add("PLACE", "青山镇", level="township")
    b.add("ORG", "青山镇党委", "青山县青山镇党委")
    b.add("PROGRAM", "先锋领航", "“先锋领航”")
    rels = implements(DocView(b.text, b.entities), rules["implements.clause_subject"])
    assert b.names(rels) == [("IMPLEMENTS", "青山镇党委", "先锋领航")]
