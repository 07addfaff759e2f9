"""PLACE recognition (kg/nlp/places.py) on short sentences, with exact spans and codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from kg.nlp.places import (PlaceIndex, PlaceRules, default_index, expand_short, find_places,
                           place_level_of_suffix)

ROOT = Path(__file__).resolve().parents[2]


def found(text, index=None):
    """(surface, name, level, adcode) of every candidate, in text order."""
    cands = find_places(text, index=index or default_index())
    assert all(c.type == "PLACE" and c.rule.startswith("place.") for c in cands)
    return [(text[c.start:c.end], c.name, c.attr_dict.get("level"), c.attr_dict.get("adcode")) for c in cands]


@pytest.mark.parametrize("text,expected", [
    ("陆丰金厢红色文化馆", [("陆丰", "陆丰市", "county", "441581"), ("金厢", "金厢镇", "township", "441581110")]),
    ("柞水将木耳确定为全县重点扶贫产业", [("柞水", "柞水县", "county", "611026")]),
    ("陕西加快新时代追赶超越", [("陕西", "陕西省", "province", "61")]),
    ("西安市莲湖区积极探索", [("西安市", "西安市", "city", "6101"), ("莲湖区", "莲湖区", "county", "610104")]),
    ("革命老区吕梁市兴县漫山遍野", [("吕梁市", "吕梁市", "city", "1411"), ("兴县", "兴县", "county", "141123")]),
    ("四川省凉山彝族自治州昭觉县", [("四川省", "四川省", "province", "51"),
                                  ("凉山彝族自治州", "凉山彝族自治州", "city", "5134"),
                                  ("昭觉县", "昭觉县", "county", "513431")]),
    ("北京市朝阳区建外街道", [("北京市", "北京市", "province", "11"), ("朝阳区", "朝阳区", "county", "110105"),
                           ("建外街道", "建外街道", "township", "110105001")]),
    ("他来自吉林，在宜昌工作", [("吉林", "吉林省", "province", "22"), ("宜昌", "宜昌市", "city", "4205")]),
    ("红海湾开发区田墘街道通过组建执法队", [("红海湾开发区", "红海湾开发区", "zone", None),
                                    ("田墘街道", "田墘街道", "township", "441502004")]),
    ("西安国际港务区机关党委", [("西安国际港务区", "西安国际港务区", "zone", None)]),
    ("苏州工业园区管委会", [("苏州工业园区", "苏州工业园区", "zone", "320576")]),
    ("上海浦东新区", [("上海", "上海市", "province", "31"), ("浦东新区", "浦东新区", "county", "310115")]),
    ("家住白水县城关街道西文化村的村民", [("白水县", "白水县", "county", "610527"),
                                   ("城关街道", "城关街道", "township", "610527001"),
                                   ("西文化村", "西文化村", "village", None)]),
    ("王店镇新岗村10年来没有信访事项", [("王店镇", "王店镇", "township", None), ("新岗村", "新岗村", "village", None)]),
    # an autonomous area's short form with its level word, as it is usually written
    ("恭城县坚持党建引领", [("恭城县", "恭城瑶族自治县", "county", "450332")]),
    ("近年来，琼中县委把抓党建作为一号工程。", [("琼中县", "琼中黎族苗族自治县", "county", "469030")]),
    ("延边州和龙市", [("延边州", "延边朝鲜族自治州", "city", "2224"), ("和龙市", "和龙市", "county", "222406")]),
])
def test_places_spans_names_levels_codes(text, expected):
    assert found(text) == expected


def test_places_hierarchy_picks_the_village_under_the_written_chain():
    text = "海丰县附城镇新山村、陆丰市金厢镇下埔村等省定红色村发挥扛旗引路作用"
    assert found(text)[:6] == [
        ("海丰县", "海丰县", "county", "441521"), ("附城镇", "附城镇", "township", "441521119"),
        ("新山村", "新山村", "village", "441521119211"), ("陆丰市", "陆丰市", "county", "441581"),
        ("金厢镇", "金厢镇", "township", "441581110"), ("下埔村", "下埔村", "village", "441581110204")]


def test_places_hierarchy_from_other_places_of_the_article():
    text = "孝昌县周巷镇在苗木长廊建设中实现零上访；该镇龙泉村被列为试点。"
    assert found(text)[-1] == ("龙泉村", "龙泉村", "village", "420921102224")


def test_places_hierarchy_picks_the_most_specific_context():
    text = "西安市莲湖区和宝鸡市都有经验。时任西关街道党工委书记介绍。"
    assert found(text)[-1] == ("西关街道", "西关街道", "township", "610104006")


def test_places_ambiguous_name_without_context_has_no_code():
    assert found("新山村的村民很高兴。") == [("新山村", "新山村", "village", None)]
    assert found("鼓楼区委书记调研") == [("鼓楼区", "鼓楼区", "county", None)]


def test_places_a_suffix_starting_a_word_ends_no_name_even_after_a_place():
    assert [f[1] for f in found("这是海丰县抓党建促乡村振兴的一个缩影。")] == ["海丰县"]


def test_places_a_lone_village_of_another_province_is_a_word():
    """清廉村 is a village of Shanxi; in an article whose places all lie in Gansu, 清廉村居
    is a word, not a mention of it. Alone, or beside places of its province, it stays."""
    assert [f[1] for f in found("临夏州深入开展“清廉村居”建设。")] == ["临夏回族自治州"]
    assert [f[1] for f in found("清廉村的村民很高兴。")] == ["清廉村"]
    assert [f[1] for f in found("山西省深入开展“清廉村居”建设。")] == ["山西省", "清廉村"]
    # its other mentions, and other lone words, are no evidence that it lies here
    assert [f[1] for f in found("湖州市安吉县推行“清廉村居+民宿”模式，清廉村居建设成效明显，2022年村集体收入增长。")] == [
        "湖州市", "安吉县"]


def test_places_no_county_of_a_conjunction_between_two_organs():
    """县委和县政府 names no 和县; after its province it is the county."""
    assert found("县委和县政府高度重视。") == []
    assert [f[1] for f in found("安徽省和县政府高度重视。")] == ["安徽省", "和县"]


def test_places_a_table_name_after_a_deixis_lies_in_the_articles_area():
    """全镇 says where 建成社区 would lie: a community of three other provinces is a verb and
    a word here (全镇建成社区工厂), while one of the article's province stays."""
    assert [f[1] for f in found("陕西省宁陕县城关镇大力发展产业，全镇建成社区工厂5家。")] == ["陕西省", "宁陕县", "城关镇"]
    assert [f[1] for f in found("浙江省全省建成社区工厂5家。")] == ["浙江省", "建成社区"]


def test_places_a_table_name_found_in_a_chain_is_found_again_anywhere():
    """同属龙泉关镇的: with no boundary before it, a township is only taken where the article
    names it where it stands (after its county, at a clause start) somewhere; otherwise the
    short form 龙泉 (of 龙泉市) stands."""
    text = "阜平县龙泉关镇骆驼湾村游人不断。同属龙泉关镇的顾家台村。"
    assert [f[1] for f in found(text)].count("龙泉关镇") == 2 and "龙泉市" not in [f[1] for f in found(text)]
    assert [f[1] for f in found("同属龙泉关镇的顾家台村。")] == ["龙泉市"]
    # named where it stands later in the article: an earlier mention after a verb is taken too
    assert [f[0] for f in found("组建下党村茶叶专业合作社。下党村先后获评全国文明村。")] == ["下党村", "下党村"]


def test_places_a_named_community_before_cun_jiti_is_no_longer_village():
    """某某社区村集体经济: the community named before, then 村集体 — not a village 某某社区村
    of the table, unless the article names that one."""
    text = "楚江街道龙凤社区推行积分制。\n2023年，龙凤社区村集体经济收入达到37.9万元。"
    assert [f[0] for f in found(text)] == ["楚江街道", "龙凤社区", "龙凤社区"]
    assert "龙凤社区村" in [f[0] for f in found("龙凤社区村推行积分制。")]


def test_places_a_lone_table_name_before_ji_is_a_word():
    """新建村级: 村级 (village-level) is a word, and 新建 (newly built) a verb: no village 新建村
    alone; chained to its township it stays, as does a township followed by 街道村."""
    assert [f[1] for f in found("西岭镇投入资金420万元，新建村级党群服务中心7个。")] == ["西岭镇"]
    assert [f[1] for f in found("走进大堡镇街道村，村道干净整洁。")] == ["大堡镇", "街道村"]


def test_places_village_missing_under_its_township_gets_no_code():
    # 新岗村 exists elsewhere in the table, not under 王店镇: no borrowed code
    assert ("新岗村", "新岗村", "village", None) in found("孝昌县王店镇新岗村")
    # nor where the article names it again alone: the same village, not the table's other one
    assert [f[3] for f in found("鄯善县吐峪沟乡麻扎村的晾房。近年来，麻扎村党支部坚持党建引领。")] == [
        "650421", "650421202", None, None]


def test_places_enumerated_villages():
    text = "陈仓区新街镇着力打造东沟门、新街、菜园等3个村为代表的党建示范带"
    assert found(text)[2:] == [("东沟门", "东沟门村", "village", "610304110201"),
                               ("新街", "新街村", "village", "610304110200"),
                               ("菜园", "菜园村", "village", None)]


def test_places_listed_communities_start_after_a_verb_and_beat_a_county_short_form():
    text = "鼓东街道地处福州市鼓楼区，辖中山、庆城、贤南等6个社区。"  # 庆城 is also 庆城县's short form
    assert [(s, n) for s, n, _, _ in found(text)[3:]] == [("中山", "中山社区"), ("庆城", "庆城社区"), ("贤南", "贤南社区")]


@pytest.mark.parametrize("text", [
    "提高一中心对四平台的统筹能力",  # 四平市
    "在浙江大学开办乡村振兴干部学习培训班",  # 浙江省
    "全县共有村(社区)219个，县直单位和乡镇干部参加，村级组织活动场所",
    "我市在全省率先完成镇街机构改革",
    "市委和县委联合发文，省市和县级部门参加",  # 和县
    "合作社带动农户增收，资源共享，互助合作，比如说会同有关部门",  # 合作市, 资源县, 比如县, 会同县
    "推动党建引领乡村振兴，打造一批示范村、先进村，驻村第一书记走村入户",
    "建立村干部包村湾、党员联户机制，实现村级集体经济发展",  # 建立村, 实现村 are in the table
    "全国民主法治示范村，全国一村一品示范村镇，全省产业融合发展示范乡镇",
    "开发区管委会、高新区、经开区和新区建设，中心城区、老城区、新城区改造",
    "省定“红色村”发挥扛旗引路作用",
    "常态化开展“幸福小镇”建设",
    "推动乡村振兴和基层党建，组织机关党支部与12个城郊村结对",  # 兴和县, 城郊村
    "青瓦白墙的农家小院沿河而建",  # 沿河土家族自治县
    "「侨乡村落的治理，离不开乡贤」",  # 侨乡村|落
    "组建强村公司，推动强村富民",  # 强村, the policy word, though a few villages are so named
    "召开2023年度镇（街道）党（工）委书记述职评议会",  # 年度|镇
    "联建成立古村片区联合党委，环太湖茶果产业带",  # 古村 (an old village), 太湖 the lake, not 太湖县
    "现任县发展和改革局副局长，拟任县审计局党组书记；",  # 现任|县, 拟任|县: the article's county
])
def test_places_false_hits_are_guarded(text):
    assert found(text) == []


def test_places_a_post_of_zhucun_after_a_county_is_no_village():
    """永宁县新一轮驻村第一书记: 驻村 (stationed in villages) ends no village name."""
    assert [f[0] for f in found("永宁县新一轮驻村第一书记全部到岗")] == ["永宁县"]
    assert [f[0] for f in found("永宁县大力推行村党支部领办合作社")] == ["永宁县"]  # a verb for a stem


@pytest.mark.parametrize("text,surface,not_name", [
    ("西安国际港务区机关党委", "安国", "安国市"),
    ("该镇龙泉村被列为试点", "龙泉", "龙泉市"),
])
def test_places_no_short_form_inside_longer_name(text, surface, not_name):
    assert all(name != not_name for _, name, _, _ in found(text))


def test_places_inside_organization_names():
    assert found("兴县县委组织部派出5个工作组") == [("兴县", "兴县", "county", "141123")]
    assert found("中共孝昌县委组织部")[0][:2] == ("孝昌县", "孝昌县")
    assert found("汕尾日报记者报道") == [("汕尾", "汕尾市", "city", "4415")]


def test_places_candidates_carry_offsets_and_rules():
    text = "陆丰金厢红色文化馆"
    cands = find_places(text, index=default_index())
    assert [(c.start, c.end, c.rule) for c in cands] == [(0, 2, "place.short"), (2, 4, "place.sub_short")]


# -- on the tiny gazetteer built by the build script ----------------------------------------
@pytest.fixture(scope="module")
def tiny_index(tiny_gaz):
    return PlaceIndex(tiny_gaz, PlaceRules.load())


@pytest.mark.parametrize("text,expected", [
    ("海丰县附城镇新山村", [("海丰县", "海丰县", "county", "441521"), ("附城镇", "附城镇", "township", "441521119"),
                         ("新山村", "新山村", "village", "441521119211")]),
    ("海丰县城东镇新山村", [("海丰县", "海丰县", "county", "441521"), ("城东镇", "城东镇", "township", "441521120"),
                         ("新山村", "新山村", "village", "441521120201")]),
    ("陆丰金厢", [("陆丰", "陆丰市", "county", "441581"), ("金厢", "金厢镇", "township", "441581110")]),
    ("提高四平台的能力", []),
])
def test_places_tiny_gazetteer(tiny_index, text, expected):
    assert found(text, tiny_index) == expected


# -- helpers and component --------------------------------------------------------------------
@pytest.mark.parametrize("name,level", [
    ("陕西省", "province"), ("广西壮族自治区", "province"), ("汕尾市", "city"), ("延边朝鲜族自治州", "city"),
    ("柞水县", "county"), ("莲湖区", "county"), ("金厢镇", "township"), ("西关街道", "township"),
    ("新山村", "village"), ("冯山社区", "village"), ("红海湾开发区", "zone"), ("雄安新区", "zone"),
    ("柞水", None),
])
def test_place_level_of_suffix(name, level):
    assert place_level_of_suffix(name) == level


@pytest.mark.parametrize("name,context,expected", [
    ("陆丰", (), "441581"),
    ("汕尾", (), "4415"),
    ("吉林", (), "22"),
    ("朝阳", (), "2113"),  # the city: the highest level
    ("朝阳", ("110105001",), "110105"),  # a street of Beijing's 朝阳区 is in the article
    ("西关街道", ("610104",), "610104006"),
    ("西关街道", (), None),
    ("没有这个地方", (), None),
])
def test_expand_short(real_gaz, name, context, expected):
    div = expand_short(name, real_gaz, context)
    assert (div.code if div else None) == expected


def test_place_rules_reject_unknown_keys():
    with pytest.raises(ValueError, match="unknown keys"):
        PlaceRules.from_dict({"suffixes": {}, "bogus": 1})


def test_places_component_on_blank_pipeline():
    import kg.nlp.places  # noqa: F401  (registers the factory)
    from kg.nlp import extensions  # noqa: F401

    nlp = spacy.blank("zh")
    nlp.add_pipe("kg_places")
    nlp.initialize()
    doc = nlp("长武县彭公镇马坊村的五保老人")
    cands = doc._.kg_candidates
    assert [(c.start, c.end, c.name, c.attr_dict["adcode"]) for c in cands] == [
        (0, 3, "长武县", "610428"), (3, 6, "彭公镇", "610428106"), (6, 9, "马坊村", "610428106211")]
    assert [s.text for s in doc.spans["kg_candidates"]] == ["长武县", "彭公镇", "马坊村"]


def test_place_lexicons_hold_no_sample_names():
    """Place names come from the national table only, never from the sample articles."""
    gold = ROOT.parent / "shared" / "gold"
    if not gold.exists():
        pytest.skip("no ../shared/gold here")
    names = set()
    for f in gold.glob("*.json"):
        for e in json.loads(f.read_text(encoding="utf-8"))["entities"]:
            if e["type"] == "PLACE":
                names |= {e["name"], *e.get("aliases", ())}
                names |= {e["name"][:-1], e["name"][:-2]} - {""}
    names = {n for n in names if len(n) >= 2}
    for path in [*(ROOT / "data" / "lexicons").glob("place*.*"), ROOT / "kg" / "nlp" / "places.py"]:
        text = path.read_text(encoding="utf-8")
        body = text if path.suffix != ".py" else text.split('"""', 2)[2]  # the module doc may cite examples
        assert not [n for n in names if n in body], path


def test_names_in_finds_every_name_once_whatever_the_characters_around_it():
    idx = default_index()
    names = sorted({*idx.full, *idx.short})[:400]
    text = "a".join(names[::7]) + "x愀\U00020bb7ç" + "１".join(names[1::7]) + "\udc80" + names[3]
    found = sorted(idx.names_in(text))
    every = sorted((i, n) for n in {*idx.full, *idx.short} for i in range(len(text)) if text.startswith(n, i))
    assert found == every and len(found) >= 100


def test_list_matches_are_those_of_a_scan_at_every_character():
    import random

    from kg.nlp.places import LIST_RE, _list_matches

    rng = random.Random(1)
    for _ in range(5000):
        text = "".join(rng.choice("甲乙丙丁、等3个村社区级") for _ in range(rng.randint(0, 40)))
        assert [m.span() for m in _list_matches(text)] == [m.span() for m in LIST_RE.finditer(text)]


def test_places_no_township_short_form_opening_a_department_name():
    """延边朝鲜族自治州文化广播电视和旅游局: 文化 is no short form of a 文化街道 of the prefecture."""
    assert [f[0] for f in found("延边朝鲜族自治州文化广播电视和旅游局选派的干部")] == ["延边朝鲜族自治州"]


def test_places_a_generic_village_after_a_city_is_a_designation():
    """大南坡村先后获评焦作市文明村: 文明村 (a table name) is the city's designation."""
    assert "文明村" not in [f[0] for f in found("石桥村获评焦作市文明村")]


@pytest.mark.parametrize("text,expected", [
    ("“我们会同县财政局实行全程监管。”", []),  # the verb 会同, then 县财政局
    ("霍山县探索新模式，时任县委副书记陶立新带队调研。", ["霍山县"]),  # 时任县 is no county
])
def test_places_a_verb_before_a_level_word_is_no_name(text, expected):
    assert [f[0] for f in found(text)] == expected


def test_places_the_policy_word_qiangcun_after_a_county_is_no_village():
    """永康市强村富民发展有限公司: 强村 (strengthening villages) names no village there."""
    assert [name for _, name, _, _ in found("永康市强村富民发展有限公司组建强村公司")] == ["永康市"]


def test_places_a_flag_is_no_banner():
    """让党旗在边境一线飘扬: 让党 + 旗 would be a banner found by its suffix after punctuation."""
    assert found("推动联盟向所有抵边村寨延伸，让党旗在边境一线高高飘扬。") == []


def test_places_a_banners_abbreviation_is_the_banner_the_article_names():
    """西乌旗 abbreviates 西乌珠穆沁旗 (first and last characters, the rest in order)."""
    text = "锡林郭勒盟西乌珠穆沁旗高日罕镇。组织部部长介绍，西乌旗结合嘎查换届选优配强班子。"
    places = found(text)
    abbr = [p for p in places if p[0] == "西乌旗"]
    full = [p for p in places if p[0] == "西乌珠穆沁旗"]
    assert len(abbr) == 1 and abbr[0][1:] == full[0][1:] and full[0][3]  # same name, level, code


def test_places_a_township_of_another_province_before_xiangcun_is_a_word():
    """石头寨乡村旅游合作社 in an article on a Qinghai county: 乡村 is a word, the Yunnan
    township 石头寨乡 is not meant; in its own county it is."""
    far = found("称多县拉司通村成立了拉司通村石头寨乡村旅游专业合作社。")
    assert "石头寨乡" not in [p[1] for p in far]
    near = found("红河县石头寨乡村旅游专业合作社成立。")
    assert "石头寨乡" in [p[1] for p in near]


def test_places_two_townships_side_by_side_are_a_list_not_a_chain():
    """孙某到先锋镇惠七满族镇调研: the second township does not lie in the first; both keep their codes."""
    places = found("县委书记到先锋镇惠七满族镇调研。望奎县")
    codes = {p[1]: p[3] for p in places}
    assert codes["先锋镇"] and codes["惠七满族镇"] and codes["惠七满族镇"].startswith(codes["望奎县"])


@pytest.mark.parametrize("text", ["其余33名乡镇和县直部门党组织书记进行书面述职。", "推进城乡和县域统筹。"])
def test_places_a_conjunction_before_a_level_word_is_no_he_county(text):
    assert found(text) == []


def test_places_the_villages_an_official_is_in_charge_of():
    """镇党委书记某某：联系甲村、乙村 (a notice on who keeps in touch with which villages)."""
    names = [p[1] for p in found("竹溪县蒋家堰镇。镇长刘某：联系中原村、东桥村；")]
    assert names == ["竹溪县", "蒋家堰镇", "中原村", "东桥村"]


@pytest.mark.parametrize("text,expected", [
    # right after its village: a 寨, 屯 or 组 of a two- or three-character stem
    ("南江县青山镇石桥村龙潭寨的芦笙坪上", "龙潭寨"),
    ("南江县青山镇石桥村那龙屯共有48户", "那龙屯"),
    ("南江县青山镇石桥村下坝组组长李明说", "下坝组"),
    # a 村民小组 after the village's committee, and one written whole after a 寨
    ("南江县青山镇石桥村委会下坝村民小组，", "下坝村民小组"),
    ("南江县青山镇石桥村龙潭寨村民小组建成茶厂", "龙潭寨村民小组"),
    # a 村民小组 or 自然村 where a name may start, with no village before it
    ("南江县青山镇。阿者田自然村村民说", "阿者田自然村"),
    ("南江县青山镇，在坝子村民小组，党员巡边", "坝子村民小组"),
])
def test_places_below_the_village_are_places_of_level_other(text, expected):
    assert (expected, expected, "other", None) in found(text)


@pytest.mark.parametrize("text", [
    "全村各村民小组都成立了党小组",  # a quantifier, not a name
    "南江县青山镇石桥村党小组组长说",  # a party group
    "制定出台村民小组管理办法、推进村民小组建设",  # words before 村民小组
    "南江县青山镇石桥村辖大寨、上寨等寨子",  # 辖, a verb, opens no name
    "南江县青山镇石桥村委会主任说",
])
def test_places_below_the_village_need_a_name(text):
    assert not [f for f in found(text) if f[2] == "other"]


def test_places_a_name_found_by_its_suffix_is_found_again_anywhere():
    """某镇木耳坡村 (no table village) after its township, then 派驻木耳坡村的第一书记: the
    second mention follows a verb, where a name found by its suffix alone could not start."""
    text = "三都水族自治县都江镇木耳坡村。省农业农村厅派驻木耳坡村的第一书记说。"
    assert [(s, lv) for s, _, lv, _ in found(text) if s == "木耳坡村"] == [("木耳坡村", "village")] * 2
