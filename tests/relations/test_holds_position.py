from __future__ import annotations

import pytest

from kg.nlp.lexicons import load_titles
from kg.relations import holds_position
from kg.relations.view import DocView
from tests.relations.conftest import Builder

TITLES = load_titles()


def run(b, rules, scope=None):
    view = DocView(b.text, b.entities, scope=scope)
    rels = holds_position.title_relations(view, rules["holds_position.title"], TITLES)
    by_id = {e.id: e.name for e in b.entities}
    return sorted((by_id[r.head], by_id[r.tail], r.attrs.get("title"), r.attrs.get("former", False)) for r in rels)


@pytest.mark.parametrize("text,org,person,title", [
    ("平安县农业农村局局长林海峰说。", "平安县农业农村局", "林海峰", "局长"),
    # an organization running into the title (平安县委政法委|书记, read as 政法委书记) owns the rest
    ("平安县委政法委书记吴刚参加。", "平安县委政法委", "吴刚", "书记"),
    # a unit of the organization between it and the title is part of the title as written
    ("平安县人民医院心血管内科主任林海峰说。", "平安县人民医院", "林海峰", "心血管内科主任"),
    ("平安县委组织部组织一股股长林海峰说。", "平安县委组织部", "林海峰", "组织一股股长"),
    ("平安县农业农村局农技推广站站长林海峰说。", "平安县农业农村局", "林海峰", "农技推广站站长"),
    # a roster line: the name, then its post to the end of the line
    ("名单\n林海峰（女）　平安县农业农村局农技推广站站长\n", "平安县农业农村局", "林海峰", "农技推广站站长"),
    ("名单\n林海峰　平安县人民医院生产部经理", "平安县人民医院", "林海峰", "生产部经理"),
])
def test_department_title_goes_to_the_org(rules, text, org, person, title):
    b = Builder(text)
    b.add("PLACE", "平安县", level="county")
    b.add("ORG", org)
    b.add("PERSON", person)
    assert run(b, rules) == [(person, org, title, False)]



def titled(rules, text, person, *places):
    """The relations of ``person`` in ``text`` with these (name, level) places."""
    b = Builder(text)
    for name, level in places:
        b.add("PLACE", name, level=level)
    b.add("PERSON", person)
    return run(b, rules)

def test_party_title_goes_to_the_place_and_former_is_marked(rules):
    assert titled(rules, "时任青山街道党工委书记王建国介绍。", "王建国", ("青山街道", "township")) == [("王建国", "青山街道", "党工委书记", True)]


def test_city_party_secretary_with_the_place_written_before(rules):
    assert titled(rules, "南江市委书记周明说。", "周明", ("南江市", "city")) == [("周明", "南江市", "市委书记", False)]


def test_every_level_of_committee_has_its_deputies(rules):
    """The posts come from the committees of slots.yaml: a province's deputy secretary is
    a post in its committee (the place), as a county's is."""
    b = Builder("南江省委副书记周明、北岭盟委常委李刚出席。")
    b.add("PLACE", "南江省", level="province")
    b.add("PLACE", "北岭盟", level="city")
    b.add("PERSON", "周明")
    b.add("PERSON", "李刚")
    assert run(b, rules) == [("周明", "南江省", "省委副书记", False), ("李刚", "北岭盟", "盟委常委", False)]


def test_a_bare_department_is_part_of_the_post_in_the_neighbouring_committee(rules):
    """县委常委、宣传部部长 with no 宣传部 named: the department head's post is in the
    committee whose place the neighbouring title names; 宣传部长 is its short form."""
    b = Builder("南坡旗委常委、宣传部部长赵刚陪同，北岭市委常委、统战部长黄建军参加。")
    b.add("PLACE", "南坡旗", level="county")
    b.add("PLACE", "北岭市", level="city")
    b.add("PERSON", "赵刚")
    b.add("PERSON", "黄建军")
    assert run(b, rules) == [("赵刚", "南坡旗", "宣传部部长", False), ("赵刚", "南坡旗", "旗委常委", False),
                             ("黄建军", "北岭市", "市委常委", False), ("黄建军", "北岭市", "统战部长", False)]


@pytest.mark.parametrize("text,place,level,person,titles", [
    ("东山村党组织书记、村委会主任何家枝说。", "东山村", "village", "何家枝", ["党组织书记", "村委会主任"]),
    ("东山乡党委委员、组织委员王芳介绍。", "东山乡", "township", "王芳", ["党委委员", "组织委员"]),
    ("东山乡党委书记、人大主席王芳讲话。", "东山乡", "township", "王芳", ["党委书记", "人大主席"]),
])
def test_posts_of_village_and_township_bodies(rules, text, place, level, person, titles):
    """Posts composed from the party organs (党组织书记, 党委委员) and the township's own
    posts (组织委员, 人大主席): each in the place written before the first."""
    b = Builder(text)
    b.add("PLACE", place, level=level)
    b.add("PERSON", person)
    assert run(b, rules) == sorted((person, place, t, False) for t in titles)


def test_a_bare_department_follows_its_committee_to_the_article_place(rules):
    b = Builder("县委常委、组织部部长吴志强介绍。")
    county = b.add("PLACE", "平安县", level="county")
    b.add("PERSON", "吴志强")
    assert run(b, rules, scope=county.id) == [("吴志强", "平安县", "县委常委", False),
                                              ("吴志强", "平安县", "组织部部长", False)]


def test_title_without_place_means_the_article_place(rules):
    b = Builder("市委书记周明强调。")
    city = b.add("PLACE", "南江市", "南江", level="city")
    b.add("PERSON", "周明")
    assert run(b, rules, scope=city.id) == [("周明", "南江市", "市委书记", False)]


@pytest.mark.parametrize("text,title", [("副县长周明陪同。", "副县长"), ("常务副县长周明陪同。", "常务副县长")])
def test_a_deputy_without_place_means_the_article_place_of_the_principals_level(rules, text, title):
    b = Builder(text)
    county = b.add("PLACE", "平安县", "平安", level="county")
    b.add("PERSON", "周明")
    assert run(b, rules, scope=county.id) == [("周明", "平安县", title, False)]


def test_a_deputy_of_another_level_is_not_the_article_place(rules):
    b = Builder("副镇长周明陪同。")
    county = b.add("PLACE", "平安县", "平安", level="county")
    b.add("PERSON", "周明")
    assert run(b, rules, scope=county.id) == []


@pytest.mark.parametrize("text,org,title", [
    ("平安大学副教授周明授课。", "平安大学", "副教授"),
    ("平安县农业农村局高级农艺师周明授课。", "平安县农业农村局", "高级农艺师"),
    # a long unit of an organization is part of the title as written
    ("平安州委党校党史党建教研部主任周明授课。", "平安州委党校", "党史党建教研部主任"),
])
def test_professional_ranks_and_long_units_of_an_organization(rules, text, org, title):
    b = Builder(text)
    b.add("ORG", org)
    b.add("PERSON", "周明")
    assert run(b, rules) == [("周明", org, title, False)]


def test_a_long_unit_after_a_place_is_no_post_of_the_place(rules):
    """平安社会工作服务中心党支部书记: a body of its own named after the place, not the place's unit."""
    b = Builder("平安社会工作服务中心党支部书记周明说。")
    b.add("PLACE", "平安街道", "平安", level="township")
    b.add("PERSON", "周明")
    assert run(b, rules) == []


def test_a_post_in_a_departments_party_group_and_its_neighbour_are_the_departments(rules):
    """某局党组书记、局长: 党组 is the bureau's own party group, and 局长 beside it is the bureau's."""
    b = Builder("县教育局党组书记、局长周明说。")
    b.add("ORG", "平安县教育局", "县教育局")
    b.add("PERSON", "周明")
    assert run(b, rules) == [("周明", "平安县教育局", "党组书记", False), ("周明", "平安县教育局", "局长", False)]


def test_several_titles_give_several_relations(rules):
    b = Builder("平安县县委常委、组织部部长陈静说。")
    b.add("PLACE", "平安县", level="county")
    b.add("ORG", "平安县县委组织部", "组织部")
    b.add("PERSON", "陈静")
    assert run(b, rules) == [("陈静", "平安县", "县委常委", False), ("陈静", "平安县县委组织部", "部长", False)]


def test_byline(rules):
    b = Builder("南江日报记者 周晓燕 摄")
    b.add("ORG", "南江日报")
    b.add("PERSON", "周晓燕")
    rels = holds_position.byline_relations(DocView(b.text, b.entities), rules["holds_position.byline"])
    assert [(r.head, r.tail, r.attrs["title"]) for r in rels] == [("e2", "e1", "记者")]


def bylines(rules, text, org, *people):
    b = Builder(text)
    b.add("ORG", org, *(("本报",) if "本报" in text else ()))
    for p in people:
        b.add("PERSON", p)
    rels = holds_position.byline_relations(DocView(b.text, b.entities), rules["holds_position.byline"])
    return [(r.head, r.attrs["title"]) for r in rels]


def test_every_name_of_a_byline_is_the_outlets(rules):
    """记者 甲 乙　通讯员 丙: a name after a name keeps its title, a later title in the line
    keeps the outlet; 本报 is the outlet the metadata names (an ORG mention of it)."""
    assert bylines(rules, "南江日报记者 钟文斌 刘晓芸　通讯员 曾庆林\n正文。", "南江日报", "钟文斌", "刘晓芸", "曾庆林") == [
        ("e2", "记者"), ("e3", "记者"), ("e4", "通讯员")]
    assert bylines(rules, "本报记者 吴海涛　通讯员 孟庆伟", "南江日报", "吴海涛", "孟庆伟") == [
        ("e2", "记者"), ("e3", "通讯员")]


def test_a_byline_ends_with_its_line(rules):
    assert bylines(rules, "南江日报记者 钟文斌\n通讯员 曾庆林说，县委书记王强、刘晓芸出席。", "南江日报",
                   "钟文斌", "曾庆林", "王强", "刘晓芸") == [("e2", "记者")]


def test_a_title_without_its_place_takes_the_neighbours(rules):
    b = Builder("青山镇党委副书记、镇长王志强告诉记者。")
    b.add("PLACE", "青山镇", level="township")
    b.add("PERSON", "王志强")
    assert run(b, rules) == [("王志强", "青山镇", "党委副书记", False), ("王志强", "青山镇", "镇长", False)]


def test_village_party_secretary_title_without_the_place(rules):
    b = Builder("石桥村党支部书记刘海说。")
    b.add("PLACE", "石桥村", level="village")
    b.add("PERSON", "刘海")
    assert run(b, rules) == [("刘海", "石桥村", "党支部书记", False)]


def test_title_ending_takes_the_first_listed_title_whatever_the_list_order():
    text = "县委副书记"
    assert holds_position._title_ending(text, len(text), ("副书记", "书记", "县委副书记")) == "副书记"
    assert holds_position._title_ending(text, len(text), ("县委副书记", "书记")) == "县委副书记"
    assert holds_position._title_ending(text, 2, ("书记",)) is None


@pytest.mark.parametrize("text,titles", [
    ("潭头村党支部书记兼村委会主任黄国良介绍。", ["党支部书记", "村委会主任"]),  # titles joined by 兼
    ("光东村。某厅派驻光东村的第一书记黄国良介绍。", ["第一书记"]),  # the village before 的, not the sender
    ("光东村有合作社。驻村第一书记黄国良介绍。", ["驻村第一书记"]),  # a village post: the village named last
])
def test_village_posts(rules, text, titles):
    village = "光东村" if "光东村" in text else "潭头村"
    b = Builder(text)
    b.add("PLACE", village, level="village")
    b.add("ORG", "某厅")
    b.add("PERSON", "黄国良")
    assert run(b, rules) == sorted(("黄国良", village, t, False) for t in titles)


def test_a_bare_level_title_belongs_to_the_place_of_its_level_named_last(rules):
    assert titled(rules, "东城镇光东村。包村干部、镇党委委员崔英姬说。", "崔英姬", ("东城镇", "township"),
                  ("光东村", "village")) == [("崔英姬", "东城镇", "镇党委委员", False)]


def test_no_earlier_place_when_an_unknown_owner_is_written(rules):
    assert titled(rules, "光东村有合作社。某某牧委会驻村第一书记黄国良介绍。", "黄国良", ("光东村", "village")) == []


def test_a_department_starting_the_title_owns_it(rules):
    """县委常委、组织部部长某某 with the ORG 组织部 (某县委组织部) found: 部长 of the department,
    as the annotation guide has it, and 县委常委 of the county."""
    b = Builder("平安县委常委、组织部部长陈静说。")
    b.add("PLACE", "平安县", level="county")
    b.add("ORG", "平安县委组织部", "组织部")
    b.add("PERSON", "陈静")
    assert run(b, rules) == [("陈静", "平安县", "县委常委", False), ("陈静", "平安县委组织部", "部长", False)]


@pytest.mark.parametrize("text", [
    "王福生是青山镇石桥村党支部书记，也是村民口中的“大管家”。",
    "“路修好了。”王福生（青山镇石桥村党支部书记）说。",
])
def test_a_post_written_after_the_name(rules, text):
    assert titled(rules, text, "王福生", ("青山镇", "township"), ("石桥村", "village")) == [
        ("王福生", "石桥村", "党支部书记", False)]


def test_no_post_after_the_name_without_is_or_a_bracket(rules):
    assert titled(rules, "王福生说青山镇石桥村党支部书记很忙。", "王福生", ("青山镇", "township"), ("石桥村", "village")) == []


def test_a_committee_post_after_the_committee_of_a_place_is_the_places(rules):
    """某镇党委组织委员某某: the committee stands between the place and the post."""
    b = Builder("白沙镇党委组织委员谭丽说。")
    b.add("PLACE", "白沙镇", level="township")
    b.add("ORG", "白沙镇党委")
    b.add("PERSON", "谭丽")
    assert run(b, rules) == [("谭丽", "白沙镇", "党委组织委员", False)]


@pytest.mark.parametrize("text,title", [
    ("名单\n林海峰　青山镇党委组织委员\n", "党委组织委员"),  # the ORG 青山镇党委 is the place's committee
    ("名单\n林海峰（女）　青山镇妇联主席\n", "妇联主席"),  # a unit of the place
])
def test_a_roster_post_in_a_places_committee_or_unit_is_the_places(rules, text, title):
    b = Builder(text)
    b.add("PLACE", "青山镇", level="township")
    if "党委" in text:
        b.add("ORG", "青山镇党委")
    b.add("PERSON", "林海峰")
    assert run(b, rules) == [("林海峰", "青山镇", title, False)]


def test_a_resume_line_holds_the_posts_after_xianren(rules):
    """任前公示: 某某，男，…，现任某镇党委副书记、镇长，拟任…: the current posts, not the planned one."""
    b = Builder("公示如下：\n张宏伟，男，汉族，1979年8月生，现任青山镇党委副书记、镇长，拟任白沙镇党委书记；\n")
    b.add("PLACE", "青山镇", level="township")
    b.add("PLACE", "白沙镇", level="township")
    b.add("PERSON", "张宏伟")
    assert sorted(run(b, rules)) == [("张宏伟", "青山镇", "党委副书记", False), ("张宏伟", "青山镇", "镇长", False)]


def test_no_roster_post_when_the_line_goes_on_with_words(rules):
    b = Builder("名单\n林海峰　青山镇党委组织委员，在会上发言。\n")
    b.add("PLACE", "青山镇", level="township")
    b.add("PERSON", "林海峰")
    assert run(b, rules) == []


@pytest.mark.parametrize("title", ["网格员", "专职网格长"])
def test_a_grid_member_holds_a_post_in_the_village(rules, title):
    b = Builder(f"青山镇河口村{title}李秀英说，她负责42户。")
    b.add("PLACE", "青山镇", level="township")
    b.add("PLACE", "河口村", level="village")
    b.add("PERSON", "李秀英")
    assert run(b, rules) == [("李秀英", "河口村", title, False)]


def test_a_post_a_person_is_appointed_to_after_the_name(rules):
    """县人民医院主治医师杨蕾任某村第一书记: the post before the name and the one after 任."""
    b = Builder("平安县人民医院主治医师杨蕾任青山镇河口村第一书记，负责帮扶工作。")
    b.add("PLACE", "平安县", level="county")
    b.add("ORG", "平安县人民医院")
    b.add("PLACE", "青山镇", level="township")
    b.add("PLACE", "河口村", level="village")
    b.add("PERSON", "杨蕾")
    assert run(b, rules) == [("杨蕾", "平安县人民医院", "主治医师", False), ("杨蕾", "河口村", "第一书记", False)]


@pytest.mark.parametrize("text,place,person,title", [
    ("在巴彦花镇某某嘎查，嘎查党支部书记斯琴巴特尔正在育种基地。", "某某嘎查", "斯琴巴特尔", "嘎查党支部书记"),
    ("走进中山社区，社区党委书记王丽萍正在开会。", "中山社区", "王丽萍", "社区党委书记"),
])
def test_a_bare_title_of_a_gacha_or_community_is_in_the_one_named_before(rules, text, place, person, title):
    assert titled(rules, text, person, (place, "village")) == [(person, place, title, False)]


def test_a_county_committee_member_and_standing_member_are_posts_of_the_county(rules):
    b = Builder("高志鹏同志任平安县委委员、常委。")
    b.add("PLACE", "平安县", level="county")
    b.add("PERSON", "高志鹏")
    assert run(b, rules) == [("高志鹏", "平安县", "县委委员", False), ("高志鹏", "平安县", "常委", False)]


def test_a_post_taken_away_in_an_appointment_is_a_former_post(rules):
    """某某同志任甲镇党委书记，免去其乙乡党委副书记、乡长职务: the new post, and two former ones."""
    text = "马福林同志任青山镇党委书记，免去其白石乡党委副书记、乡长职务；"
    assert titled(rules, text, "马福林", ("青山镇", "township"), ("白石乡", "township")) == sorted([
        ("马福林", "青山镇", "党委书记", False), ("马福林", "白石乡", "党委副书记", True), ("马福林", "白石乡", "乡长", True)])
