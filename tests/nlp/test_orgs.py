"""ORG recognition with hand-made PLACE candidates (the place stage is tested on its own)."""
from __future__ import annotations

import pytest

from kg.nlp.candidates import Candidate, make_attrs
from kg.nlp.orgs import find_orgs, load_lexicon


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def place(text, surface, name=None, level="county", nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Candidate(start, start + len(surface), "PLACE", name or surface, "test", make_attrs(level=level))


TITLES = ("局长", "书记", "副书记", "部长", "副部长", "记者", "常委")


@pytest.mark.parametrize("text,places,expected", [
    ("平安县农业农村局局长到村调研。", [("平安县", None, "county")], ["平安县农业农村局"]),
    ("平安县县委组织部派出工作组。", [("平安县", None, "county")], ["平安县县委组织部"]),
    ("青山镇党委召开会议。", [("青山镇", None, "township")], ["青山镇党委"]),
    ("在东海大学开办培训班。", [], ["东海大学"]),
    ("南江日报记者报道。", [], ["南江日报"]),
    # a department ends before the verb of what it does (选派, 牵头)
    ("驻村第一书记是平安省农业农村厅选派的干部。", [("平安省", None, "province")], ["平安省农业农村厅"]),
    # a department name holding 和 (自然资源和规划局); elsewhere 和 ends a name
    ("平安市自然资源和规划局选派干部。", [("平安市", None, "city")], ["平安市自然资源和规划局"]),
    ("央视报道了这件事。", [], ["央视"]),
    ("全市新增大学生500名。", [], []),
    ("召开村级议事协商会。", [], []),
    # 党组 is a head, but not inside 党组织
    ("获评平安县先进基层党组织称号。", [("平安县", None, "county")], []),
    ("平安县委党组织建设", [("平安县", None, "county")], ["平安县委"]),
    ("平安县财政局党组书记说。", [("平安县", None, "county")], ["平安县财政局党组"]),
    # a committee acts or is named as a body; before a title of its own it is only the post's
    ("平安县委把抓党建作为一号工程。", [("平安县", None, "county")], ["平安县委"]),
    ("平安县委书记王强说。", [("平安县", None, "county")], []),
    ("平安县委常委、组织部部长王强说。", [("平安县", None, "county")], ["平安县委组织部"]),    # so is a village's party branch before its secretary; acting, it is a body
    ("石桥村党总支书记王强说。", [("石桥村", None, "village")], []),
    ("青山镇党委副书记、镇长王强说。", [("青山镇", None, "township")], []),  # a township's committee, too
    ("青山街道党工委书记王强说。", [("青山街道", None, "township")], []),
    ("石桥村党总支坚持党建引领。", [("石桥村", None, "village")], ["石桥村党总支"]),
    # a time word is no part of a bare institution's name
    ("年底合作社又分红8600元，今年合作社计划扩建。", [], []),
    ("全镇已有村办合作社27家。", [], []),  # what a place has
    # a village's party branch named as a body (a commendation list), not before a title
    ("白沙镇河口村党支部\n", [("白沙镇", None, "township"), ("河口村", None, "village")], ["河口村党支部"]),
])
def test_orgs_found(text, places, expected, lex):
    cands = [place(text, *p) for p in places]
    assert sorted(c.name for c in find_orgs(text, lex, cands, TITLES)) == sorted(expected)


def test_innermost_place_names_the_organ(lex):
    text = "河西区青山党委推进工作。"
    cands = [place(text, "河西区"), Candidate(3, 5, "PLACE", "青山镇", "test", make_attrs(level="township"))]
    (org,) = find_orgs(text, lex, cands, TITLES)
    assert (text[org.start:org.end], org.name) == ("河西区青山党委", "青山镇党委")


def test_bare_organ_resolves_to_the_only_full_one(lex):
    text = "平安县县委组织部召开会议。组织部部长讲话。"
    found = find_orgs(text, lex, [place(text, "平安县")], TITLES)
    abbrev = [c for c in found if c.rule == "org.abbrev"]
    assert [(text[c.start:c.end], c.name) for c in abbrev] == [("组织部", "平安县县委组织部")]


def test_a_department_named_without_its_place(lex):
    text = "县委组织部联合县农业农村局开展调研。"
    (c,) = [c for c in find_orgs(text, lex, [], TITLES) if c.rule == "org.deictic_department"]
    assert (text[c.start:c.end], c.attr_dict["deictic_level"]) == ("县农业农村局", "county")
    assert find_orgs("全县农业局长会议", lex, [], TITLES) == []


@pytest.mark.parametrize("text,expected", [
    ("县乡村振兴局局长黄某通报了情况。", "县乡村振兴局"),  # its chief's title after it
    ("他来自县人民医院。", "县人民医院"),
    ("县纪委监委推行村级“小微权力”清单制度。", "县纪委监委"),  # the joint discipline commission
    ("县人大常委会主任朱某某说。", "县人大常委会"),  # the people's congress, …
    ("县政协主席吴某某列席会议。", "县政协"),  # … and the political consultative conference
    ("市公安局城关派出所所长蔡某某说。", "市公安局城关派出所"),  # a police station, not its bureau
    ("县直机关工委书记陈某说。", "县直机关工委"),  # the working committee of the county's organs
])
def test_a_department_named_without_its_place_before_a_title(text, expected, lex):
    assert [text[c.start:c.end] for c in find_orgs(text, lex, [], TITLES) if c.rule == "org.deictic_department"] == [expected]


@pytest.mark.parametrize("text,places,expected", [
    # after the committee's 常委 post: the department of that committee, its mention the bare name
    ("于都县委常委、组织部部长陈立新表示。", ["于都县"], [("组织部", "于都县委组织部", None)]),
    ("兴县县委常委、宣传部部长刘彦文说。", ["兴县"], [("宣传部", "兴县县委宣传部", None)]),
    # with the committee's level word alone: a department of the article's place (named later)
    ("县委常委、统战部部长王强说。", [], [("统战部", "县委统战部", "county")]),
    ("会上，市委组织部部署工作。", [], [("市委组织部", "市委组织部", "city")]),
    # the committee's general office and party school are bodies of it too
    ("县委常委、县委办公室主任王强说。", [], [("县委办公室", "县委办公室", "county")]),
    ("县委党校副校长王强授课。", [], [("县委党校", "县委党校", "county")]),
    ("市委两新工委书记王强到会。", [], [("市委两新工委", "市委两新工委", "city")]),
    # inside a name the place organ has, or after a name we do not know: none of these
    ("于都县委组织部部署工作。", ["于都县"], []),
    ("某某县委组织部部署工作。", [], []),
])
def test_departments_of_a_committee(text, places, expected, lex):
    cands = [place(text, p) for p in places]
    found = [c for c in find_orgs(text, lex, cands, TITLES) if c.rule == "org.committee_department"]
    assert [(text[c.start:c.end], c.name, c.attr_dict.get("deictic_level")) for c in found] == expected


@pytest.mark.parametrize("head", ["党委", "组织部", "委委"])
def test_abbreviation_matches_are_those_of_a_scan_at_every_character(head):
    import random

    from kg.nlp.orgs import _abbreviation_matches, _abbreviation_pattern

    rng = random.Random(2)
    for _ in range(3000):
        text = "".join(rng.choice(["镇", "县", "街道", "街", "区", "甲", head, head[0], "委"])
                       for _ in range(rng.randint(0, 15)))
        assert [m.span() for m in _abbreviation_matches(text, head)] == \
            [m.span() for m in _abbreviation_pattern(head).finditer(text)]


def test_head_at_checks_blocked_words_for_every_head_one_can_run_through(lex):
    """The check is skipped for heads no blocked word overlaps: the answers are those of
    checking every head, at every position of texts where a head meets a blocked word."""
    from kg.nlp.orgs import _inside_word

    def checked(text, pos):
        for pattern, loose in lex._head_patterns:
            m = pattern.match(text, pos)
            if m:
                return None if _inside_word(text, pos, m.end(), lex) else (m.group(0), loose)
        return None

    heads = (*lex.all_heads, *lex.department_suffixes)
    texts = [a + b for h in heads for w in lex.blocked_words for a, b in ((h, w), (w, h), (h[:-1], w), (w, h[1:]))]
    assert len(texts) > 8_000
    assert all(lex.head_at(t, i) == checked(t, i) for t in texts for i in range(len(t)))


def test_this_paper_is_the_source_outlet():
    from kg.nlp.orgs import this_paper

    text = "本报讯（记者 王强）近日，本报记者在村里看到，本报告显示。"
    assert [(text[c.start:c.end], c.name) for c in this_paper(text, "南江日报")] == [("本报", "南江日报")] * 2
    assert this_paper(text, "南江市人民政府网") == [] and this_paper(text, "") == []
    # named in the body (a dateline 某某网讯): a site is, but it is no 本报
    text = "华东网-新客户端2月26日讯　本报记者获悉。"
    assert [(text[c.start:c.end], c.name) for c in this_paper(text, "华东网")] == [("华东网", "华东网")]


def test_a_paper_named_in_a_byline_and_no_kind_of_body_in_a_formula(lex):
    text = "林芝报记者 次仁曲珍\n县里召开汇报会。推行“党支部+民宿协会+农户”模式，成立郭家沟村民宿协会。"
    names = sorted(c.name for c in find_orgs(text, lex, [], TITLES))
    assert names == ["林芝报", "郭家沟村民宿协会"]


def test_a_bare_institution_head_is_the_one_named_in_full(lex):
    text = "村里成立了平安县红旗专业合作社。合作社销售额达到380万元，协会很少。"
    cands = [place(text, "平安县")]
    found = [(text[c.start:c.end], c.name) for c in find_orgs(text, lex, cands, TITLES) if c.rule == "org.abbrev"]
    assert found == [("合作社", "平安县红旗专业合作社")]
    two = "成立了甲乙专业合作社和丙丁专业合作社。合作社销售额达到380万元。"
    assert [c for c in find_orgs(two, lex, [], TITLES) if c.rule == "org.abbrev"] == []  # which one: none


def test_what_a_party_branch_founds_starts_after_the_verb(lex):
    text = "石桥村党支部领办石桥村茶叶专业合作社。"
    cands = [place(text, "石桥村", level="village"), place(text, "石桥村", level="village", nth=1)]
    assert {c.name for c in find_orgs(text, lex, cands, TITLES)} == {"石桥村党支部", "石桥村茶叶专业合作社"}


def test_a_bare_township_organ_is_that_of_the_township_named_before_it(lex):
    text = "在青山镇，镇党委推行“田间党课”制度。"
    found = [(text[c.start:c.end], c.name, c.attr_dict.get("in_place"))
             for c in find_orgs(text, lex, [place(text, "青山镇", level="township")], TITLES)]
    assert found == [("镇党委", "青山镇党委", "青山镇")]
    far = "青山镇发展茶叶。镇党委推行“田间党课”制度。"  # another sentence: not this township's for sure
    assert [c for c in find_orgs(far, lex, [place(far, "青山镇", level="township")], TITLES)
            if c.rule == "org.local_organ"] == []


def test_a_committee_written_after_its_county_is_the_posts_before_a_title(lex):
    """某县县委常委、组织部部长: the committee of 某县县委 is the post's, as in 某县委常委."""
    text = "平安县县委常委、组织部部长王强说。"
    assert "平安县县委" not in [c.name for c in find_orgs(text, lex, [place(text, "平安县")], TITLES)]
    acting = "平安县县委高度重视。"
    assert "平安县县委" in [c.name for c in find_orgs(acting, lex, [place(acting, "平安县")], TITLES)]


def test_a_kind_of_company_and_a_designation_are_no_organizations(lex):
    text = "建立县、乡、村三级强村公司，同时完善强村公司收益分配。合作社获评国家农民合作社示范社。"
    assert find_orgs(text, lex, [], TITLES) == []


def test_a_villages_council_and_a_committees_social_work_department(lex):
    text = "河口村乡贤理事会理事长武某某说。各村规范红白理事会运行。平安县委社会工作部部署工作。"
    cands = [place(text, "河口村", level="village"), place(text, "平安县")]
    assert sorted(c.name for c in find_orgs(text, lex, cands, TITLES)) == ["平安县委社会工作部", "河口村乡贤理事会"]


def test_a_joint_committee_is_an_organization_and_its_bare_head_the_one_named(lex):
    text = ("河口镇将3个村党组织联建成立河口镇东片区联合党委。现在一个联合党委统筹，联合党委共谋划项目12个。"
            "全区推广片区联合党委做法。")
    cands = [place(text, "河口镇", level="township", nth=n) for n in (0, 1)]
    found = find_orgs(text, lex, cands, TITLES)
    assert {c.name for c in found} == {"河口镇东片区联合党委"}  # no 一个联合党委, no 推广片区联合党委
    bare = text.index("联合党委共谋划")
    assert any(c.start == bare and c.end == bare + 4 for c in found)  # the bare head: the one named in full


def test_a_department_of_the_county_named_after_a_post_verb(lex):
    text = "某某，现任县财政局副局长，拟任县审计局局长。"
    assert [text[c.start:c.end] for c in find_orgs(text, lex, [], TITLES)] == ["县财政局", "县审计局"]


def test_a_committee_department_after_member_and_standing_member(lex):
    text = "高志鹏同志任平安县委委员、常委、组织部部长。"
    cands = [place(text, "平安县")]
    assert "平安县委组织部" in {c.name for c in find_orgs(text, lex, cands, TITLES)}


def test_a_share_paid_in_or_a_firm_brought_in_starts_no_name(lex):
    text = "把38户牧民的草场和牲畜入股合作社。工作队协调引进某某纺织服装有限公司落户村里。"
    assert sorted(c.name for c in find_orgs(text, lex, [], TITLES)) == ["某某纺织服装有限公司"]


def test_an_institution_name_with_no_stop_within_reach_is_none_and_jiancheng_stops_one(lex):
    """组建了梨树县郭家店镇丰泽农机农民专业合作社: twelve characters back from the head no stop is
    met, so the name would open inside a word (树县…); （简称丰泽合作社）: the short name alone."""
    text = "组建了梨树县郭家店镇丰泽农机农民专业合作社（简称丰泽合作社）。"
    names = {c.name for c in find_orgs(text, lex, [], TITLES)}
    assert "丰泽合作社" in names and not any(n.startswith(("树县", "简称")) for n in names)
