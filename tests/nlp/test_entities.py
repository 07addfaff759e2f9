"""Entity resolution: overlaps, grouping into entities, types of initiatives."""
from __future__ import annotations

import pytest

from kg.nlp.candidates import Candidate, make_attrs
from kg.nlp.entities import drop_unanchored, group_entities, settle_overlaps


def C(start, end, type_, name, priority=0, **attrs):
    return Candidate(start, end, type_, name, "test", make_attrs(**attrs), priority)


def test_same_type_overlap_keeps_priority_then_length():
    a, b = C(0, 4, "PLACE", "甲乙丙丁"), C(2, 6, "PLACE", "丙丁戊己", priority=1)
    assert settle_overlaps([a, b]) == [b]


def test_different_types_may_nest_but_not_cross_or_coincide():
    org, place = C(0, 7, "ORG", "平安县农业农村局"), C(0, 3, "PLACE", "平安县")
    assert settle_overlaps([org, place]) == [place, org]
    crossing = C(5, 9, "MECHANISM", "村局机制")
    assert crossing not in settle_overlaps([org, place, crossing])
    same_span = C(0, 7, "MECHANISM", "平安县农业农村局", priority=3)
    assert settle_overlaps([org, same_span]) == [same_span]


def test_orgs_nest_in_orgs():
    outer, inner = C(0, 10, "ORG", "某中心道路建设指挥部"), C(0, 3, "ORG", "某中心")
    assert settle_overlaps([outer, inner]) == [inner, outer]


def test_grouping_merges_mentions_and_collects_aliases():
    text = "陆河县推进工作。陆河的干部。"
    ents = group_entities(text, [C(0, 3, "PLACE", "陆河县", adcode="441523", level="county"),
                                 C(8, 10, "PLACE", "陆河县", adcode="441523", level="county")])
    (e,) = ents
    assert (e.id, e.name, e.aliases, len(e.mentions)) == ("e1", "陆河县", ["陆河县", "陆河"], 2)
    assert e.attrs == {"adcode": "441523", "level": "county"}


def test_initiative_type_follows_the_strongest_evidence():
    text = "“双联”和“双联”活动"
    weak = Candidate(0, 4, "MECHANISM", "双联", "test", make_attrs(weak_type=True), 1)
    strong = Candidate(5, 11, "PROGRAM", "双联", "test", (), 3)
    (e,) = group_entities(text, [weak, strong])
    assert e.type == "PROGRAM" and "weak_type" not in e.attrs


def test_metadata_zones_yield_no_entities_but_people():
    from kg.nlp.entities import metadata_zones, outside_zones

    text = "正文完。来源:南江日报 编辑:王丽\n通讯员:陈静"
    zones = metadata_zones(text)
    assert [text[s:e] for s, e in zones] == ["来源:南江日报 编辑:王丽"]  # a byline is no metadata zone
    org = C(text.index("南江日报"), text.index("南江日报") + 4, "ORG", "南江日报")
    person = C(text.index("王丽"), text.index("王丽") + 2, "PERSON", "王丽")
    assert outside_zones([org, person], zones) == [person]


def test_short_place_inside_an_initiative_name_is_dropped():
    from kg.nlp.entities import drop_shorts_in_names

    name = C(0, 6, "MECHANISM", "一约四会")
    short = Candidate(3, 5, "PLACE", "四会市", "place.short", make_attrs(level="county"))
    full = Candidate(1, 3, "PLACE", "石桥村", "place.village", make_attrs(level="village"))
    assert drop_shorts_in_names([name, short, full]) == [name, full]


def test_departments_take_the_article_place_name():
    from kg.nlp.entities import name_departments
    from kg.records import Entity

    county = Entity("e1", "PLACE", "平安县", ["平安县"], {"level": "county"})
    dept = Entity("e2", "ORG", "县农业农村局", ["县农业农村局"], {"deictic_level": "county"})
    city_dept = Entity("e3", "ORG", "市民政局", ["市民政局"], {"deictic_level": "city"})
    name_departments([county, dept, city_dept], county)
    assert (dept.name, dept.aliases, dept.attrs["place"]) == ("平安县农业农村局", ["平安县农业农村局", "县农业农村局"], "e1")
    assert city_dept.name == "市民政局"


@pytest.mark.parametrize("counties,expected", [
    (["平安县"], "平安县教育局"),  # a city paper's report on one of its counties
    (["平安县", "青山县"], "县教育局"),  # two counties: either could be meant
])
def test_a_department_of_another_level_is_the_one_place_of_its_level_inside_the_article_place(counties, expected):
    from kg.nlp.entities import name_departments
    from kg.records import Entity

    city = Entity("e1", "PLACE", "南江市", ["南江市"], {"level": "city", "adcode": "5108"})
    places = [city] + [Entity(f"c{i}", "PLACE", n, [n], {"level": "county", "adcode": f"51082{i}"})
                       for i, n in enumerate(counties)]
    dept = Entity("e9", "ORG", "县教育局", ["县教育局"], {"deictic_level": "county"})
    name_departments(places + [dept], city, places)
    assert dept.name == expected


def test_a_department_named_in_full_elsewhere_is_one_entity():
    from kg.nlp.entities import name_departments
    from kg.records import Entity, Mention

    county = Entity("e1", "PLACE", "平安县", ["平安县"], {"level": "county"})
    full = Entity("e2", "ORG", "平安县委组织部", ["平安县委组织部"], {}, mentions=[Mention(20, 27, "平安县委组织部", "x")])
    bare = Entity("e3", "ORG", "县委组织部", ["组织部"], {"deictic_level": "county"}, mentions=[Mention(2, 5, "组织部", "y")])
    entities = [county, full, bare]
    name_departments(entities, county)
    assert entities == [county, full] and [m.start for m in full.mentions] == [2, 20]
    assert full.aliases == ["平安县委组织部", "组织部", "县委组织部"]


def test_a_committee_department_of_a_one_character_county_doubles_its_level_word():
    """康县 writes its committee's departments 康县县委组织部; other departments and longer
    county names do not double (平安县委组织部, 平县农业农村局); a full name the article
    writes wins (平县委组织部)."""
    from kg.nlp.entities import name_departments
    from kg.records import Entity

    def named(place: str, short: str, *full: str) -> str:
        county = Entity("e1", "PLACE", place, [place], {"level": "county"})
        others = [Entity(f"f{i}", "ORG", n, [n], {}) for i, n in enumerate(full)]
        dept = Entity("e2", "ORG", short, [short], {"deictic_level": "county"})
        entities = [county, *others, dept]
        name_departments(entities, county)
        return dept.name if dept in entities else "merged into " + others[0].name

    assert named("平县", "县委组织部") == "平县县委组织部"
    assert named("平县", "县纪委监委") == "平县纪委监委"
    assert named("平县", "县农业农村局") == "平县农业农村局"
    assert named("平安县", "县委组织部") == "平安县委组织部"
    assert named("平县", "县委组织部", "平县委组织部") == "merged into 平县委组织部"
    assert named("平县", "县委组织部", "平县县委组织部") == "merged into 平县县委组织部"


def test_short_place_inside_a_person_name_is_dropped():
    from kg.nlp.entities import drop_shorts_in_names

    person = C(0, 3, "PERSON", "罗平林")
    short = Candidate(0, 2, "PLACE", "罗平县", "place.short", make_attrs(level="county"))
    assert drop_shorts_in_names([person, short]) == [person]


def test_no_place_without_a_name_reaches_the_record():
    """A county's short form right after a village cannot lie inside it: no nameless place."""
    from kg.nlp.extract import extract
    from kg.nlp.pipeline import make_nlp
    from kg.records import Article

    rec = extract(make_nlp(), Article("x", "大群村罗平林是种植大户。")).to_dict()
    assert rec["entities"] and all(e["name"] for e in rec["entities"])


def test_records_the_stages_make_stay_frozen_dataclasses_with_fresh_defaults():
    import dataclasses

    from kg.records import Mention, Relation

    m = Mention(1, 3, "甲县")
    assert m == Mention(1, 3, "甲县", "") and hash(m) == hash(Mention(1, 3, "甲县"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.start = 2  # type: ignore[misc]
    a, b = Relation("LOCATED_IN", "e1", "e2"), Relation("LOCATED_IN", "e1", "e2")
    assert a == b and a.attrs == {} and a.attrs is not b.attrs and a.source == "text"
    assert [f.name for f in dataclasses.fields(Mention)] == ["start", "end", "text", "rule"]


def test_an_organization_named_from_a_syllable_inside_a_placed_one_is_dropped():
    """江苏晨阳新材料公司: 阳新 is a syllable, and 阳新材料公司 named from it no organization; an
    organization inside one not named from a place (企业福州某某公司) stays."""
    from kg.nlp.entities import drop_shorts_in_names

    outer, province = C(0, 12, "ORG", "江苏晨阳新材料股份有限公司"), C(0, 2, "PLACE", "江苏省")
    short = Candidate(3, 5, "PLACE", "阳新县", "place.short", make_attrs(level="county"))
    inner = C(3, 12, "ORG", "阳新材料股份有限公司")
    assert drop_shorts_in_names([outer, province, short, inner]) == [outer, province]
    assert drop_shorts_in_names([C(0, 12, "ORG", "x"), short, inner]) == [C(0, 12, "ORG", "x"), inner]


def test_short_place_forms_inside_names_are_those_a_span_by_span_test_drops():
    import random

    from kg.nlp.entities import drop_shorts_in_names

    def by_every_span(cands):
        names = [(c.start, c.end) for c in cands if c.type in ("PROGRAM", "MECHANISM", "PERSON")]
        orgs = [(c.start, c.end) for c in cands if c.type == "ORG"]
        place_ends = {c.end for c in cands if c.type == "PLACE"}
        syllables = [c for c in cands if c.type == "PLACE" and c.rule == "place.short" and (any(
            s <= c.start and c.end <= e and (s, e) != (c.start, c.end) for s, e in names) or (
            c.start not in place_ends and c.attr_dict.get("level") != "province"
            and any(s < c.start and c.end <= e for s, e in orgs)))]
        opened, place_starts = {c.start for c in syllables}, {c.start for c in cands if c.type == "PLACE"}
        return [c for c in cands if c not in syllables and not (  # and an org from a syllable inside a placed one
            c.type == "ORG" and c.start in opened
            and any(s < c.start and c.end <= e for s, e in orgs if s in place_starts))]

    rng = random.Random(5)
    for _ in range(3000):
        cands = [Candidate(s, s + rng.randint(1, 5), rng.choice(["PLACE", "PERSON", "PROGRAM", "ORG"]), "x",
                           rng.choice(["place.short", "place.full"])) for s in (rng.randint(0, 10) for _ in range(8))]
        assert drop_shorts_in_names(cands) == by_every_span(cands)


def test_an_organization_lies_in_the_place_its_recognizer_named():
    from kg.nlp.entities import link_org_places
    from kg.records import Entity

    county = Entity("e1", "PLACE", "于都县", ["于都县", "于都"], {"level": "county"})
    dept = Entity("e2", "ORG", "于都县委组织部", ["组织部"], {"in_place": "于都县"})
    other = Entity("e3", "ORG", "某局", ["某局"], {"in_place": "别的县"})
    link_org_places([county, dept, other])
    assert dept.attrs == {"place": "e1"} and other.attrs == {}


def test_a_person_inside_an_organization_name_is_dropped():
    from kg.nlp.entities import settle_overlaps

    org = C(2, 10, "ORG", "郭家沟村民宿协会")
    person = C(7, 10, "PERSON", "宿协会")
    founder = C(2, 4, "PERSON", "郭家")  # at the name's start: a name may open one (张三家庭农场)
    assert settle_overlaps([org, person, founder]) == [founder, org]


def test_a_person_found_only_as_a_repeat_is_dropped():
    """金山区委副书记某某 … 金山: when the anchored 金山 lost to the place, its repeats go too."""
    text = "王强说。李明（记者）。李明又说。"
    cands = [Candidate(0, 2, "PERSON", "王强", "person.title"), Candidate(9, 11, "PERSON", "李明", "person.repeat")]
    names = [e.name for e in drop_unanchored(group_entities(text, cands))]
    assert names == ["王强"]


def test_an_organization_named_as_anothers_alias_is_that_one():
    from kg.nlp.entities import merge_alias_names
    from kg.records import Entity, Mention

    full = Entity("e1", "ORG", "中共平安县委", ["中共平安县委", "平安县委"], {}, mentions=[Mention(0, 6, "中共平安县委", "x")])
    short = Entity("e2", "ORG", "平安县委", ["平安县委", "县委"], {}, mentions=[Mention(30, 32, "县委", "y")])
    other = Entity("e3", "ORG", "平安县委组织部", ["平安县委组织部"], {}, mentions=[Mention(40, 47, "平安县委组织部", "y")])
    assert merge_alias_names([full, short, other]) == [full, other]
    assert [m.start for m in full.mentions] == [0, 30] and full.aliases == ["中共平安县委", "平安县委", "县委"]


def test_an_initiative_named_as_anothers_alias_is_that_one():
    from kg.nlp.entities import merge_alias_names
    from kg.records import Entity

    long = Entity("e1", "MECHANISM", "1+3+N网格化服务管理机制", ["1+3+N网格化服务管理机制", "1+3+N"], {})
    short = Entity("e2", "MECHANISM", "1+3+N", ["1+3+N", "1+3+N机制"], {})
    program = Entity("e3", "PROGRAM", "1+3+N", ["1+3+N"], {})  # another type stays apart
    assert merge_alias_names([long, short, program]) == [long, program]
    assert long.aliases == ["1+3+N网格化服务管理机制", "1+3+N", "1+3+N机制"]


def test_a_short_form_inside_an_organizations_name_after_no_place_is_a_syllable():
    from kg.nlp.entities import drop_shorts_in_names

    org = C(0, 12, "ORG", "江苏晨阳新材料股份有限公司")  # 江苏晨|阳新|材料: no 阳新县
    province = Candidate(0, 2, "PLACE", "江苏省", "place.short", make_attrs(level="province"))
    inner = Candidate(3, 5, "PLACE", "阳新县", "place.short", make_attrs(level="county"))
    assert drop_shorts_in_names([org, province, inner]) == [org, province]
    county = Candidate(0, 3, "PLACE", "平安县", "place.full", make_attrs(level="county"))
    chained = Candidate(3, 5, "PLACE", "白沙镇", "place.short", make_attrs(level="township"))  # 平安县|白沙|农业服务中心
    assert drop_shorts_in_names([org, county, chained]) == [org, county, chained]
    state = C(0, 10, "ORG", "国营陕西华山企业公司")
    province = Candidate(2, 4, "PLACE", "陕西省", "place.short", make_attrs(level="province"))
    assert drop_shorts_in_names([state, province]) == [state, province]  # a province's short form stays
