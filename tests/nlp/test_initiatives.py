"""PROGRAM / MECHANISM recognition on short sentences (names invented, not from the dev set)."""
from __future__ import annotations

import pytest

from kg.nlp.initiatives import find_initiatives, find_quotes, load_lexicon


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def names(text, lex):
    return sorted((c.type, c.name) for c in find_initiatives(text, lex))


@pytest.mark.parametrize("text,expected", [
    # quoted name + head word: the head gives the type, the name drops it
    ("全县深入开展“百村千户”活动。", [("PROGRAM", "百村千户")]),
    ("该镇推行“积分超市”管理模式。", [("MECHANISM", "积分超市")]),
    ("建立“红黄绿”三色预警机制。", [("MECHANISM", "红黄绿三色预警机制")]),
    # quote + modifier + head keeps the modifier
    ("开展“清源”环境整治专项行动。", [("PROGRAM", "清源环境整治专项行动")]),
    # quote + 的 + head: the core only
    ("形成“党员带头、群众参与”的长效机制。", [("MECHANISM", "党员带头、群众参与")]),
    # numeric slogans name practices
    ("严格落实“三议一审”。", [("MECHANISM", "三议一审")]),
    ("村里推行“五事共商”，效果明显。", [("MECHANISM", "五事共商")]),
    # a quoted name ending in a head word
    ("深化“乡贤回归计划”。", [("PROGRAM", "乡贤回归计划")]),
    # bare quote right after a trigger verb
    ("该县实行“周一夜访”。", [("MECHANISM", "周一夜访")]),
    # chain of quotes sharing one head
    ("推广“以地入股”“以房联营”的利益联结方式。", [("MECHANISM", "以地入股"), ("MECHANISM", "以房联营")]),
    # unquoted name ending in a head word, cut at the trigger verb
    ("今年实施乡村治理能力提升工程。", [("PROGRAM", "乡村治理能力提升工程")]),
    ("制定出台村务监督管理办法。", [("MECHANISM", "村务监督管理办法")]),
    # 建设 stops a name on its left, but not in 建设项目/建设工程, a head of its own
    ("1.白沙镇茶叶精深加工厂房建设项目：总投资860万元。", [("PROGRAM", "白沙镇茶叶精深加工厂房建设项目")]),
    # a name ends at its head before a verb that relates it: 作为, 成为, 是, 纳入, 列入 …
    ("把“庭院经济”增收计划作为行动的重点任务。", [("PROGRAM", "庭院经济增收计划")]),
    ("“清风家园”治理模式成为乡村治理的好帮手。", [("MECHANISM", "清风家园")]),
    ("将“同心纽带”实践活动纳入年度考核。", [("PROGRAM", "同心纽带")]),
    # a quoted name coordinated with one after a trigger shares the trigger
    ("推行“积分制”管理和“红黑榜”评比。", [("MECHANISM", "积分制"), ("MECHANISM", "红黑榜")]),
    ("镇里推行「双联户」制度和「红黑榜」评比。", [("MECHANISM", "双联户"), ("MECHANISM", "红黑榜")]),
    # a two-character numeric name after a trigger
    ("华溪村深化“三变”改革。", [("MECHANISM", "三变")]),
    # the parts named after a program's 下设 are programs too
    ("“红培强村”行动下设“支部书记擂台赛”和“红色讲解员培育”两个子项目。",
     [("PROGRAM", "支部书记擂台赛"), ("PROGRAM", "红培强村"), ("PROGRAM", "红色讲解员培育")]),
    # 子 before the head marks a part, not a word of the name
    ("纳入“红色网格”子工程。", [("PROGRAM", "红色网格")]),
    # a head followed by what tells the initiative's own time: 开展以来, 启动后, 第一场
    ("“山海同行”行动开展以来，全县新增岗位300个。", [("PROGRAM", "山海同行")]),
    ("“山海同行”专项行动启动后，成效明显。", [("PROGRAM", "山海同行")]),
    ("“山海同行”直播带货行动第一场开播。", [("PROGRAM", "山海同行直播带货行动")]),
    # single quotes: ‘’ nested in a quote too long to be a name, or on their own
    ("“3月12日，阴。‘山海同行’行动首场开播，卖出400多单。”", [("PROGRAM", "山海同行")]),
    ("村里推行‘积分超市’管理模式。", [("MECHANISM", "积分超市")]),
])
def test_initiatives_found(text, expected, lex):
    assert names(text, lex) == expected


@pytest.mark.parametrize("text", [
    "他把党建当作“第一抓手”，干劲十足。",  # figurative quote, no trigger
    "这是一场“及时雨”。",
    "全县有四大产业。",
    "增强“四个意识”。",  # national slogan, not a local practice
    "努力当好“一线指挥员”。",
    "依托“村村通”平台发布信息。",  # platform, not an initiative
    "加强工作管理制度。",  # generic head-word phrase
    "县里有20个重点项目。",
    "开展“年画”制作技艺培训。",  # 制作: the one-character head 制 does not end before 作
    "他说“好人”和“坏人”都有。",  # coordinated, but with no trigger before the first
    "实施“两委”换届。",  # a general term
    "推进“三个”工作。",  # a numeral and a counter
    "党员领办创办产业项目215个。",  # 领办创办 is the verb, 产业项目 a kind
    "建立健全工作机制，完善治理体制。",  # 机制, 体制 are words, not names with the head 制
    "村干部以“课堂+实践、线上+线下”方式开展培训。",  # 开展 alone after the head is what the name is for
])
def test_initiatives_not_found(text, lex):
    assert names(text, lex) == []


def test_components_share_type_and_part_of(lex):
    text = "开展干部“进村走访”、党员“结对帮扶”的“双联”活动。"
    cands = {c.name: c for c in find_initiatives(text, lex)}
    assert cands["双联"].type == "PROGRAM"
    assert cands["进村走访"].type == "PROGRAM"
    assert cands["进村走访"].attr_dict["part_of"] == "双联"
    assert cands["结对帮扶"].attr_dict["part_of"] == "双联"


def test_a_name_after_zhong_de_is_no_whole_of_the_one_before(lex):
    """“双联”活动中的“进村走访”行动: 进村走访 is the part (a relation rule reads it), so
    双联 gets no part_of."""
    cands = {c.name: c for c in find_initiatives("开展“双联”活动中的“进村走访”行动。", lex)}
    assert "part_of" not in cands["双联"].attr_dict


def test_offsets_and_aliases(lex):
    text = "全面推行“一码通办”服务模式。"
    (c,) = find_initiatives(text, lex)
    assert text[c.start:c.end] == "“一码通办”服务模式"
    assert c.name == "一码通办"
    assert "一码通办服务模式" in c.aliases


def test_quotes_skip_unclosed_and_sentence_breaks():
    text = "他说“今天。明天”以及“好的”"
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["“好的”"]


def test_a_lists_count_and_kind_are_every_items_head(lex):
    text = "该工程包括“先行帮带”“先行创业”“先行护航”三大行动。"
    cands = sorted(find_initiatives(text, lex), key=lambda c: c.start)
    assert [(c.type, c.name, text[c.start:c.end]) for c in cands] == [
        ("PROGRAM", "先行帮带", "“先行帮带”"), ("PROGRAM", "先行创业", "“先行创业”"), ("PROGRAM", "先行护航", "“先行护航”")]


@pytest.mark.parametrize("text", [
    "分“先行帮带”“先行创业”“先行护航”三个子行动组织实施。",  # 行动组: no name may end there but for the count
    "工程下设“先行帮带”“先行创业”和“先行护航”三个子项目：前者",
])
def test_a_lists_count_of_parts_is_every_items_head(text, lex):
    """The items counted as a whole's parts (三个子行动) are programs named without the count."""
    cands = sorted(find_initiatives(text, lex), key=lambda c: c.start)
    assert [(c.type, c.name) for c in cands] == [("PROGRAM", "先行帮带"), ("PROGRAM", "先行创业"), ("PROGRAM", "先行护航")]
    assert all("子" not in alias for c in cands for alias in c.aliases)


def test_a_slogan_of_parallel_phrases_after_a_trigger(lex):
    assert names("全镇推行“小事不出网格、大事不出村、难事不出镇”，群众满意。", lex) == [
        ("MECHANISM", "小事不出网格、大事不出村、难事不出镇")]
    assert names("全镇推行“在每个自然村建设一个标准化的村民议事活动场所”。", lex) == []  # a long phrase is no name


def test_an_unquoted_name_starts_after_a_verb_of_counting(lex):
    assert names("县级公司累计承接工程项目和物业经营项目86个。", lex) == [("PROGRAM", "物业经营项目")]


def test_a_name_whose_head_is_followed_by_a_list_trigger(lex):
    assert names("“山海同行”行动包括三个方面。", lex) == [("PROGRAM", "山海同行")]


@pytest.mark.parametrize("text,expected", [
    ("在全区行政村推行积分制，群众参与。", [("MECHANISM", "积分制")]),
    ("各镇全面实行河长制。", [("MECHANISM", "河长制")]),
])
def test_an_unquoted_system_after_a_trigger(text, expected, lex):
    assert names(text, lex) == expected


@pytest.mark.parametrize("text,expected", [
    ("扶持30个村发展集体经济项目，项目当年见效率达93%。", []),  # what is counted is no name
    ("重点支持146个乡村振兴项目。", []),
    ("实施白沙镇茶叶加工厂建设项目。", [("PROGRAM", "白沙镇茶叶加工厂建设项目")]),
])
def test_a_counted_noun_phrase_is_no_initiative(text, expected, lex):
    assert names(text, lex) == expected
