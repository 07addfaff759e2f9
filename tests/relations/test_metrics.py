"""Tests of the metric stage kg_metrics: which numbers count, their subject, year and indicator."""
from __future__ import annotations

import re

import pytest
import spacy

from kg.nlp.sentences import split_sentences
from kg.records import Entity, Evidence, Mention, Metric
from kg.relations.metrics import MetricRules, find_metrics, load_rules
from kg.relations.numbers import default_grammar


def make_entities(text: str, specs: list[tuple[str, ...]]) -> list[Entity]:
    """Entities ``(type, name, *surface forms)`` with a mention at every occurrence of a form."""
    out = []
    for i, (etype, name, *forms) in enumerate(specs):
        spans = {(m.start(), m.end()) for f in (forms or [name]) for m in re.finditer(re.escape(f), text)}
        mentions = [Mention(s, e, text[s:e], "test") for s, e in sorted(spans)]
        out.append(Entity(f"e{i + 1}", etype, name, [name, *forms], {}, mentions))
    return out


def metrics_of(text: str, specs: list[tuple[str, ...]], scope: str | None = None) -> list[tuple]:
    entities = make_entities(text, specs)
    names = {e.id: e.name for e in entities}
    scope_id = next((e.id for e in entities if e.name == scope), None)
    found = find_metrics(text, split_sentences(text), entities, scope_id, load_rules(), default_grammar())
    return [(names[m.subject], m.quantity.quantity.value, m.quantity.quantity.unit,
             m.quantity.quantity.qualifier, m.year) for m in found]


SCOPE_SW = ("PLACE", "汕尾市")
SCOPE_XC = ("PLACE", "孝昌县")
SCOPE_XX = ("PLACE", "兴县")
SCOPE_QS = ("PLACE", "青石县")

CASES = [
    # subject opening the sentence; the last of a chain of places
    ("红海湾开发区田墘街道通过组建综合行政执法队,在“两违”建设整治专项行动中,排查违法占地面积57577平方,"
     "拆除建筑面积29251平方,有效破解难题。",
     [SCOPE_SW, ("PLACE", "红海湾开发区"), ("PLACE", "田墘街道"),
      ("PROGRAM", "两违建设整治专项行动", "“两违”建设整治专项行动")], "汕尾市",
     [("田墘街道", 57577, "平方", None, None), ("田墘街道", 29251, "平方", None, None)]),
    # no subject in the sentence: the article's place; the year from the clause
    ("截至2020年底,市县10342名机关干部走访联系群众26750户,收集意见建议20635条。", [SCOPE_SW], "汕尾市",
     [("汕尾市", 10342, "名", None, 2020), ("汕尾市", 26750, "户", None, 2020),
      ("汕尾市", 20635, "条", None, 2020)]),
    # subject after a time lead-in, carried to later clauses
    ("2017年,柞水将木耳确定为全县重点扶贫产业,派驻132名干部担任46个木耳专业村第一书记。",
     [("PLACE", "陕西省", "陕西"), ("PLACE", "柞水县", "柞水")], "陕西省",
     [("柞水县", 132, "名", None, 2017), ("柞水县", 46, "个", None, 2017)]),
    # 某县全县 and a bare 全县 in the same sentence
    ("目前,木耳产业已遍布柞水全县80%以上的村子,全县累计栽种木耳3亿余袋,带动了7000余户贫困户脱贫致富。",
     [("PLACE", "陕西省", "陕西"), ("PLACE", "柞水县", "柞水")], "陕西省",
     [("柞水县", 80, "%", "approx_min", None), ("柞水县", 300000000, "袋", "approx_min", None),
      ("柞水县", 7000, "户", "approx_min", None)]),
    # X的N所…; 4月 is a date
    ("春光明媚的4月,旬邑县的8所小学和幼儿园的7000多名小朋友,双颊红润。",
     [("PLACE", "咸阳市"), ("PLACE", "旬邑县")], "咸阳市",
     [("旬邑县", 8, "所", None, None), ("旬邑县", 7000, "名", "approx_min", None)]),
    # 近3年 is a time span, not a metric
    ("近3年,陕西累计整顿软弱涣散村级党组织3992个,带动4600个“空壳村”实现集体经济从无到有的转变。",
     [("PLACE", "陕西省", "陕西")], None,
     [("陕西省", 3992, "个", None, None), ("陕西省", 4600, "个", None, None)]),
    # members of an enumeration are not the subject
    ("花园镇冯山社区等3个村(社区)获评全国民主法治示范村。",
     [SCOPE_XC, ("PLACE", "花园镇"), ("PLACE", "冯山社区")], "孝昌县", [("孝昌县", 3, "个", None, None)]),
    # a place of action (在某大学) is not the subject
    ("在浙江大学开办乡村振兴干部学习培训班,组织驻村第一书记和村党组织书记等51人学习提能。",
     [SCOPE_XC, ("ORG", "浙江大学")], "孝昌县", [("孝昌县", 51, "人", None, None)]),
    # durations are not metrics
    ("王店镇新岗村10年来没有信访事项。", [SCOPE_XC, ("PLACE", "王店镇"), ("PLACE", "新岗村")], "孝昌县", []),
    # an organization as subject, carried over ；; a threshold (未达到2人以上的) left out
    ("兴县县委组织部派出5个工作组对乡镇领导班子进行了分析研判,为“五方面人员”未达到2人以上的5个乡镇进行了选拔配备;"
     "清理了县直单位借调乡镇的29名干部,交流了在关键岗位任职满10年的干部;15个乡镇的综合行政执法队已全部组建完成。",
     [SCOPE_XX, ("ORG", "兴县县委组织部")], "兴县",
     [("兴县县委组织部", 5, "个", None, None), ("兴县县委组织部", 5, "个", None, None),
      ("兴县县委组织部", 29, "名", None, None), ("兴县", 15, "个", None, None)]),
    # 100%交叉任职 is an adverb
    ("除25个村(社区)因支部委员100%交叉任职外,其他228个村(社区)都实现了“三员合一”。", [SCOPE_XX], "兴县",
     [("兴县", 25, "个", None, None), ("兴县", 228, "个", None, None)]),
    # a place wins over an initiative opening a later clause
    ("全县有15个乡镇举办活动10次,“移风易俗我承诺”签名15次,发放祭祀菊花10万余枝。",
     [SCOPE_XX, ("MECHANISM", "移风易俗我承诺")], "兴县",
     [("兴县", 15, "个", None, None), ("兴县", 10, "次", None, None), ("兴县", 15, "次", None, None),
      ("兴县", 100000, "枝", "approx_min", None)]),
    # an initiative heading the paragraph is the subject of the next sentence
    ("“十分钟服务承诺”联户联心。村民有事线上线下“吹哨”,服务人员10分钟现场“报到”服务。",
     [SCOPE_XC, ("MECHANISM", "十分钟服务承诺")], "孝昌县", [("十分钟服务承诺", 10, "分钟", None, None)]),
    # a place's party committee stands for the place; the subject carries to the next sentence
    ("新街镇党委紧紧围绕工作思路,不断加强基层党组织建设。一是不断加强阵地建设,着力打造东沟门、新街、菜园等3个村为代表的党建示范带。",
     [("PLACE", "新街镇"), ("ORG", "新街镇党委"), ("PLACE", "东沟门村", "东沟门")], "新街镇",
     [("新街镇", 3, "个", None, None)]),
    ("2019年全镇续建、新建重点项目5个,累计完成投资8000余万元。", [("PLACE", "新街镇")], "新街镇",
     [("新街镇", 5, "个", None, 2019), ("新街镇", 80000000, "元", "approx_min", 2019)]),
    # a date (2023年12月) is not the year of the number
    ("从今年7月至2023年12月,投入1.5亿余元,新建1.26万平方米乡镇办公用房。", [SCOPE_XX], "兴县",
     [("兴县", 150000000, "元", "approx_min", None), ("兴县", 12600, "平方米", None, None)]),
    # --- sentences of the kind unseen articles bring -----------------------------------
    ("该县每月开展1次主题党日活动,每村配备2名网格员。", [SCOPE_QS], "青石县", []),
    ("点击:12次 发布时间:2024-04-17", [SCOPE_QS], "青石县", []),
    ("第二批96名大学生正在招聘中。", [SCOPE_QS], "青石县", [("青石县", 96, "名", None, None)]),
    ("坚持“3+3”模式,打造“15分钟服务圈”,对收入低于5000元的农户重点帮扶。", [SCOPE_QS], "青石县", []),
    ("树牢四个意识,推行四位一体考核,落实三会一课制度。", [SCOPE_QS], "青石县", []),
    ("青石县白沙镇共有党员1200余名,其中女党员300名。", [SCOPE_QS, ("PLACE", "白沙镇")], "青石县",
     [("白沙镇", 1200, "名", "approx_min", None), ("白沙镇", 300, "名", None, None)]),
    ("白沙镇位于县城东部。该镇今年新发展党员12名。", [SCOPE_QS, ("PLACE", "白沙镇")], "青石县",
     [("白沙镇", 12, "名", None, None)]),
    ("我县今年新建党群服务中心15个,服务群众约3万人次。", [SCOPE_QS, ("PLACE", "白沙镇")], "青石县",
     [("青石县", 15, "个", None, None), ("青石县", 30000, "人次", "approx", None)]),
    ("35岁以下的村干部有38名,占比65%。", [SCOPE_QS], "青石县",
     [("青石县", 38, "名", None, None), ("青石县", 65, "%", None, None)]),
    ("青石县农业农村局今年培训高素质农民800人次。", [SCOPE_QS, ("ORG", "青石县农业农村局")], "青石县",
     [("青石县农业农村局", 800, "人次", None, None)]),
    ("全县村集体经济收入同比增长15%,连续3年获评先进。", [SCOPE_QS], "青石县", [("青石县", 15, "%", None, None)]),
    ("“三进四代”工作法在全县推广后,矛盾纠纷化解率达到98%。", [SCOPE_QS, ("MECHANISM", "三进四代", "“三进四代”工作法")],
     "青石县", [("青石县", 98, "%", None, None)]),
    ("数十名党员参与二期工程建设,十件实事全部完成。", [SCOPE_QS], "青石县", []),
    ("今年全县投入500万,建成示范点3个。", [SCOPE_QS], "青石县",
     [("青石县", 5000000, None, None, None), ("青石县", 3, "个", None, None)]),
    # 我们村 and 我县 when the article's place is of another level: the place of that level named just before
    ("红旗村党支部书记说:“我们村今年种了300亩木耳。”", [("PLACE", "白沙镇"), ("PLACE", "红旗村")], "白沙镇",
     [("红旗村", 300, "亩", None, None)]),
    ("青石县组织部来白沙镇调研。我县今年培训党员2000人次。", [("PLACE", "白沙镇"), SCOPE_QS], "白沙镇",
     [("青石县", 2000, "人次", None, None)]),
    # an outlet in a byline is no subject
    ("青石日报记者王明近日,全县新增党员120名。", [SCOPE_QS, ("ORG", "青石日报")], "青石县",
     [("青石县", 120, "名", None, None)]),
    ("青石日报记者王明 报道,新建村史馆8个。", [SCOPE_QS, ("ORG", "青石日报")], "青石县",
     [("青石县", 8, "个", None, None)]),
    ("红旗村党总支书记介绍,每名党员联系10至15户群众,去年村集体经济收入突破100万元。",
     [SCOPE_QS, ("PLACE", "红旗村"), ("ORG", "红旗村党总支")], "青石县", [("红旗村", 1000000, "元", None, None)]),
    ("没有任何数字的一句话。", [SCOPE_QS], None, []),
    # a short modifier ending in 的 before the subject; a main verb's object is none
    ("某厅派驻红旗村的第一书记介绍，村党支部领办的红旗合作社已吸纳212户村民入社。",
     [SCOPE_QS, ("ORG", "某厅"), ("ORG", "红旗合作社")], "青石县", [("红旗合作社", 212, "户", None, None)]),
    # the modifier opens with a mention of its own: the mention after 的 is the subject
    ("红旗村党总支领办的红旗茶叶合作社吸纳茶农326户。",
     [SCOPE_QS, ("PLACE", "红旗村"), ("ORG", "红旗村党总支"), ("ORG", "红旗茶叶合作社")], "青石县",
     [("红旗茶叶合作社", 326, "户", None, None)]),
    ("红旗村的集体经济收入突破100万元。", [SCOPE_QS, ("PLACE", "红旗村")], "青石县",
     [("红旗村", 1000000, "元", None, None)]),
    # 村集体经济 with no prefix in the number's clause is the village's, not the cooperative's
    ("红旗村党支部书记介绍，合作社现有社员146户，村集体经济收入突破70万元。",
     [SCOPE_QS, ("PLACE", "红旗村"), ("ORG", "合作社")], "青石县",
     [("合作社", 146, "户", None, None), ("红旗村", 700000, "元", None, None)]),
    # … but a deictic with a prefix before it wins, and it says nothing to later clauses
    ("红旗村发展茶叶，全县村集体经济收入达到4800万元。", [SCOPE_QS, ("PLACE", "红旗村")], "青石县",
     [("青石县", 48000000, "元", None, None)]),
    ("红旗村发展茶叶。\n村集体经济扶持壮大，带动46个村发展。", [SCOPE_QS, ("PLACE", "红旗村")], "青石县",
     [("青石县", 46, "个", None, None)]),
    ("红旗村发展旅游。\n县长表示，力争年底前每个村集体经济收入都达到10万元。", [SCOPE_QS, ("PLACE", "红旗村")],
     "青石县", [("青石县", 100000, "元", None, None)]),  # 每个|村集体经济: a quantifier's, not a bare deictic
    ("红旗村发展茶叶。\n县长表示，将加大对村级集体经济的扶持力度。党员联系群众403户。", [SCOPE_QS, ("PLACE", "红旗村")],
     "青石县", [("青石县", 403, "户", None, None)]),  # nor to the next sentence
    # 村集体经济 after the clause's verb points nowhere: the department opening the sentence
    ("县农业农村局推行利益联结机制，落实村集体经济发展资金3500万元。", [SCOPE_QS, ("ORG", "县农业农村局")], "青石县",
     [("县农业农村局", 35000000, "元", None, None)]),
    # a clause opening with 对 has its deictic as object: the subject of later clauses is earlier
    ("县委组织部实施计划，对全县村党组织书记逐一研判，调整村党组织书记23名。", [SCOPE_QS, ("ORG", "县委组织部")],
     "青石县", [("县委组织部", 23, "名", None, None)]),
    # … but in the number's own clause the deictic counts
    ("县委决定，对全县6个先进基层党组织予以表彰。", [SCOPE_QS, ("ORG", "县委")], "青石县",
     [("青石县", 6, "个", None, None)]),
    # 在某镇， as a clause of its own: the place the clauses after it are about
    ("在红旗镇，当地依托茶叶品牌，串联起8个村。", [SCOPE_QS, ("PLACE", "红旗镇")], "青石县",
     [("红旗镇", 8, "个", None, None)]),
    ("在红旗镇推广茶叶，串联起8个村。", [SCOPE_QS, ("PLACE", "红旗镇")], "青石县", [("青石县", 8, "个", None, None)]),
    ("青石县成立了由县长任组长的领导小组,派驻干部46名。", [SCOPE_QS, ("ORG", "领导小组")], "青石县",
     [("青石县", 46, "名", None, None)]),
    # an age right before the person it is about (a figure of the person); thresholds are none
    ("68岁的村民王桂英种了3亩茶。", [SCOPE_QS, ("PERSON", "王桂英")], "青石县",
     [("王桂英", 68, "岁", None, None), ("青石县", 3, "亩", None, None)]),
    ("70岁的原村党支部书记王德旺仍在调解。", [SCOPE_QS, ("PERSON", "王德旺")], "青石县", [("王德旺", 70, "岁", None, None)]),
    ("招录35岁以下的青年干部。", [SCOPE_QS], "青石县", []),
    # 该公司/该合作社/该项目: the last organization or initiative named with that head word
    ("白沙镇12个村入股组建白沙镇强村发展有限公司，该公司建设标准厂房2.8万平方米，年租金收入660万元。",
     [SCOPE_QS, ("PLACE", "白沙镇"), ("ORG", "白沙镇强村发展有限公司")], "青石县",
     [("白沙镇", 12, "个", None, None), ("白沙镇强村发展有限公司", 28000, "平方米", None, None),
      ("白沙镇强村发展有限公司", 6600000, "元", None, None)]),
    ("红旗村成立红旗茶叶合作社。该合作社现有社员146户。", [SCOPE_QS, ("PLACE", "红旗村"), ("ORG", "红旗茶叶合作社")],
     "青石县", [("红旗茶叶合作社", 146, "户", None, None)]),
    # … with none named, it points nowhere
    ("红旗村发展茶叶。该公司吸纳村民就业30人。", [SCOPE_QS, ("PLACE", "红旗村")], "青石县",
     [("红旗村", 30, "人", None, None)]),
    # a list item's mark (1. 、（二）、三是) is a lead-in: the initiative opening the item is the subject
    ("重点项目有：\n1.白沙镇茶叶加工厂建设项目：总投资860万元，新建厂房3200平方米。\n"
     "2.红旗村道路提升工程：投入资金420万元。",
     [SCOPE_QS, ("PLACE", "白沙镇"), ("PROGRAM", "白沙镇茶叶加工厂建设项目"), ("PROGRAM", "红旗村道路提升工程")],
     "青石县", [("白沙镇茶叶加工厂建设项目", 8600000, "元", None, None),
                ("白沙镇茶叶加工厂建设项目", 3200, "平方米", None, None), ("红旗村道路提升工程", 4200000, "元", None, None)]),
    ("（二）白沙镇新发展党员12名。", [SCOPE_QS, ("PLACE", "白沙镇")], "青石县", [("白沙镇", 12, "名", None, None)]),
    # a bare 公司 opening a clause: the company named from its place on just before; 在…的某公司， opens
    ("在开发区内的白沙镇晨光新材料有限公司，52名党员全部在岗，公司设立党员责任区18个。",
     [SCOPE_QS, ("PLACE", "白沙镇"), ("ORG", "白沙镇晨光新材料有限公司")], "青石县",
     [("白沙镇晨光新材料有限公司", 52, "名", None, None), ("白沙镇晨光新材料有限公司", 18, "个", None, None)]),
    # … not a cooperative named without a place (a kind as much as a name): the village's
    ("红旗村成立盘绣合作社，合作社销售收入达到126万元。", [SCOPE_QS, ("PLACE", "红旗村"), ("ORG", "盘绣合作社")],
     "青石县", [("红旗村", 1260000, "元", None, None)]),
    # … whose place is written as a chain (某县某镇某某合作社): a mention of the county opens it
    ("组建了青石县白沙镇丰泽农机专业合作社。如今，合作社流转土地3600亩。",
     [SCOPE_QS, ("PLACE", "白沙镇"), ("ORG", "白沙镇丰泽农机专业合作社", "青石县白沙镇丰泽农机专业合作社")], "青石县",
     [("白沙镇丰泽农机专业合作社", 3600, "亩", None, None)]),
    # a level word before 各: the place whose units are summed
    ("白沙街道红旗社区建立议事会。街道各社区共召开议事会142场。",
     [SCOPE_QS, ("PLACE", "白沙街道"), ("PLACE", "红旗社区")], "青石县", [("白沙街道", 142, "场", None, None)]),
    # a figure of the title that the body restates is one fact
    ("青石县下达衔接资金3.18亿元\n近日，青石县下达衔接资金3.18亿元，安排项目146个。", [SCOPE_QS], "青石县",
     [("青石县", 318000000, "元", None, None), ("青石县", 146, "个", None, None)]),
    ("青石县新发展党员12名\n全县新建服务站12个。", [SCOPE_QS], "青石县",
     [("青石县", 12, "名", None, None), ("青石县", 12, "个", None, None)]),  # another unit: another fact
]


@pytest.mark.parametrize("text, specs, scope, expected", CASES, ids=[c[0][:12] for c in CASES])
def test_metrics_find_metrics_table(text, specs, scope, expected):
    assert metrics_of(text, specs, scope) == expected


def test_metrics_without_scope_or_subject_nothing_is_reported():
    assert metrics_of("设立875个党小组。", [], None) == []


def test_metrics_component_on_blank_pipeline():
    nlp = spacy.blank("zh")
    stage = nlp.add_pipe("kg_metrics")
    text = "近年来,我县加强基层党建。截至2020年底,全县在村湾设立党小组875个。"
    doc = nlp.make_doc(text)
    doc._.kg_entities = [Entity("e1", "PLACE", "青石县", ["青石县"], {"level": "county"}, [])]
    doc._.kg_scope = "e1"
    doc._.kg_sentences = split_sentences(text)
    doc = stage(doc)
    s = text.index("截至")
    assert doc._.kg_metrics == [Metric(subject="e1", indicator="在村湾设立党小组", value=875, unit="个",
                                       qualifier=None, year=2020, evidence=Evidence(s, len(text), text[s:]),
                                       rule="metrics.deictic")]


def test_metrics_component_match_is_pure():
    nlp = spacy.blank("zh")
    stage = nlp.add_pipe("kg_metrics")
    doc = nlp.make_doc("白沙镇今年发展党员12名。")
    doc._.kg_entities = make_entities(doc.text, [("PLACE", "白沙镇")])
    first = stage.match(doc)
    assert doc._.kg_metrics is None and stage.match(doc) == first
    assert [(m.subject, m.quantity.quantity.value, m.rule) for m in first] == [("e1", 12, "metrics.clause_subject")]


def test_metrics_rules_from_dict_rejects_unknown_keys():
    with pytest.raises(ValueError, match="unknown keys \\['unit_words'\\]"):
        MetricRules.from_dict({"unit_words": ["个"]})
    with pytest.raises(ValueError, match="'per_marks' must be a list"):
        MetricRules.from_dict({"per_marks": "每"})


def test_metrics_rules_file_loads_with_longest_words_first():
    rules = load_rules()
    assert "年" in rules.non_metric_units and rules.inherit_sentences >= 0
    assert list(rules.threshold_before) == sorted(rules.threshold_before, key=len, reverse=True)


def test_deictics_of_a_clause_cut_at_a_limit_are_those_a_scan_of_that_part_finds():
    from kg.relations.metric_subjects import SubjectResolver

    rules = MetricRules.from_dict({"deictic_prefixes": {"全": ["scope"], "我": ["scope"]},
                                   "deictic_heads": {"县": "county", "县城": "county", "市": "city"}})
    text = "全县城里我市全县"
    resolver = SubjectResolver(text, [(0, len(text))], [], None, rules)
    for start in range(len(text) + 1):
        for limit in range(start, len(text) + 1):
            expected = [m.span() for m in rules.deictic_pattern.finditer(text, start, limit)]
            assert [m.span() for m in resolver._deictics((start, len(text)), limit)] == expected


def _random_texts(seed: int, n: int) -> list[str]:
    import random

    pieces = ["某县", "全县", "3", "12", "二", "一", "万", "亿", "余", "个", "名", "人", "次", "年", "%", "以上",
              "第", "每", "数", "约", "+", "“", "”", "，", "、", "。", "党员", "的", "以下", "点击"]
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 24))) for _ in range(n)]


def test_metrics_the_phrase_test_of_the_scan_drops_only_numbers_that_never_count():
    """``_phrase_may_count`` in the scan and ``counts_here`` after it keep what ``is_metric_quantity`` keeps."""
    from kg.relations.metrics import _phrase_may_count, counts_here, is_metric_quantity
    from kg.relations.numbers import find_quantities

    rules, grammar = load_rules(), default_grammar()
    keep = _phrase_may_count(rules)
    for text in [c[0] for c in CASES] + _random_texts(7, 3000):
        expected = [q for q in find_quantities(text, grammar) if is_metric_quantity(text, q, rules, [], 0)]
        assert [q for q in find_quantities(text, grammar, keep=keep) if counts_here(text, q, rules, [], 0)] == expected


def test_mention_index_overlaps_is_a_check_against_every_mention():
    import random

    from kg.relations.metric_subjects import MentionIndex
    from kg.spans import overlaps_any

    rng = random.Random(11)
    for _ in range(500):
        entities = []
        for i in range(rng.randint(0, 5)):
            spans = {(s, s + rng.randint(1, 8)) for s in rng.sample(range(30), rng.randint(0, 4))}
            entities.append(Entity(f"e{i}", "PLACE", f"n{i}", [], {}, [Mention(s, e, "", "test") for s, e in spans]))
        index = MentionIndex(entities)
        spans = sorted((m.start, m.end) for e in entities for m in e.mentions)
        for start in range(40):
            for end in range(start + 1, 41):
                assert index.overlaps(start, end) == overlaps_any(spans, start, end, 8), (spans, start, end)


def test_metrics_indicator_bounded_by_the_numbers_beside_it_as_by_all_of_its_sentence():
    """``find_metrics`` gives ``indicator`` the numbers next to one, not all of the sentence's."""
    from kg.relations.metric_subjects import SubjectResolver
    from kg.relations.numbers import find_quantities

    rules = load_rules()
    texts = [c[0] for c in CASES] + ["某县新建党组织12个、培训党员300人次、发展党员45名和3名，投入资金500万元。"]
    for text in texts + _random_texts(13, 1000):
        entities = make_entities(text, [("PLACE", "某县")])
        resolver = SubjectResolver(text, split_sentences(text), entities, None, rules)
        for s, e in split_sentences(text):
            found = find_quantities(text, default_grammar(), s, e)
            for clause in resolver.clauses(s, e):
                for j, q in enumerate(found):
                    if clause[0] <= q.start < clause[1]:
                        others = [o for o in found if o is not q]
                        assert resolver.indicator(q, clause, found[max(0, j - 1):j + 2]) == resolver.indicator(q, clause, others)


def test_mention_index_with_a_span_listed_twice_answers_as_with_it_once():
    """An entity listing a span twice (skipped de-duplication) answers every look-up as the
    index that drops repeats (forced here by an extra entity repeating an id)."""
    import random
    from itertools import groupby

    from kg.relations.metric_subjects import MentionIndex

    def answers(index: MentionIndex) -> list:  # ``between`` may give such a span twice, side by side
        types = ("PLACE",), ("ORG", "PLACE")
        ident = lambda a: a and (a.start, a.end, a.entity.id)  # noqa: E731
        return [(ident(index.starting_at(p, t)), ident(index.ending_at(p, t)), index.inside(p),
                 [k for k, _ in groupby(ident(a) for a in index.between(p, p + 9, t))], index.overlaps(p, p + 2),
                 ident(index.chain(index.starting_at(p, t), t)) if index.starting_at(p, t) else None)
                for p in range(32) for t in types]

    rng = random.Random(17)
    for _ in range(300):
        entities = []
        for i in range(rng.randint(1, 5)):
            spans = [(s, s + rng.randint(1, 6)) for s in rng.choices(range(24), k=rng.randint(0, 5))]
            entities.append(Entity(f"e{i}", rng.choice(["PLACE", "ORG"]), f"n{i}", [], {},
                                   [Mention(s, e, "", "test") for s, e in spans]))
        repeated_id = Entity(entities[0].id, entities[0].type, "x", [], {}, [])
        assert answers(MentionIndex(entities)) == answers(MentionIndex([repeated_id] + entities))


def test_metrics_a_local_deictic_opening_a_clause_is_its_subject():
    """村里 (resolved by the entity stage to the village named before) opens the clause."""
    text = "青石县红旗村推行积分制。\n村党支部书记说，村里去年以来共召开村民代表会议14次。"
    entities = make_entities(text, [SCOPE_QS, ("PLACE", "红旗村")])
    local = [(text.index("村里"), text.index("村里") + 2, "e2")]
    found = find_metrics(text, split_sentences(text), entities, "e1", load_rules(), default_grammar(), local=local)
    assert [(m.subject, m.quantity.quantity.value) for m in found] == [("e2", 14)]
    found = find_metrics(text, split_sentences(text), entities, "e1", load_rules(), default_grammar())
    assert [(m.subject, m.quantity.quantity.value) for m in found] == [("e1", 14)]


def _speech_metrics(text: str, role: str) -> list[tuple[str, float]]:
    entities = make_entities(text, [SCOPE_QS, ("PERSON", "王秀珍")])
    entities[1].attrs["role"] = role
    names = {e.id: e.name for e in entities}
    found = find_metrics(text, split_sentences(text), entities, "e1", load_rules(), default_grammar())
    return [(names[m.subject], m.quantity.quantity.value) for m in found]


def test_metrics_a_residents_own_figures_in_her_words_are_hers():
    """“…我家就卖了12万多元。”62岁的果农某某说: the speaker's figure, not the place's."""
    text = "青石县发展苹果产业。“去年光苹果我家就卖了12万多元。”62岁的果农王秀珍算起收入账。"
    assert _speech_metrics(text, "resident") == [("王秀珍", 120000), ("王秀珍", 62)]  # and her age


@pytest.mark.parametrize("text", [
    "青石县发展苹果产业。村民王秀珍正在打扫庭院，“去年光苹果我家就卖了12万多元。”\n下一段。",  # no speaker after
    "青石县发展苹果产业。村民王秀珍正在分拣苹果。“去年光苹果我家就卖了12万多元。”她说。",
    "青石县发展苹果产业。村民王秀珍正在分拣苹果。“去年光苹果我家就卖了12万多元。”六十岁的她笑着说。",
])
def test_metrics_a_residents_figures_in_words_after_her_name_are_hers(text):
    """村民某某正在…，“…”她说 (or no speaker): the person named just before the quote speaks."""
    assert _speech_metrics(text, "resident") == [("王秀珍", 120000)]


@pytest.mark.parametrize("text,role", [
    ("青石县发展苹果产业。村民王秀珍正在分拣苹果。“去年光苹果我家就卖了12万多元。”县长说。", "resident"),  # another speaker
    ("青石县发展苹果产业。县长王秀珍正在调研。“去年全县苹果卖了12万多元。”她说。", "official"),
    ("村民王秀珍是种植能手。\n青石县发展苹果产业。“去年光苹果我家就卖了12万多元。”她说。", "resident"),  # another paragraph
])
def test_metrics_figures_in_words_after_a_name_stay_the_places_when_not_hers(text, role):
    assert _speech_metrics(text, role) == [("青石县", 120000)]


@pytest.mark.parametrize("text,role", [
    ("青石县发展苹果产业。“去年光苹果我家就卖了12万多元。”县长王秀珍说。", "official"),  # an official's words
    ("青石县发展苹果产业。“我们村去年卖了12万多元。”村民王秀珍说。", "resident"),  # words for a place
    ("青石县发展苹果产业。“青石县去年卖了12万多元。”村民王秀珍说。", "resident"),
])
def test_metrics_figures_in_words_for_a_place_stay_the_places(text, role):
    assert _speech_metrics(text, role) == [("青石县", 120000)]


def test_metrics_quan_shi_of_a_county_level_city_is_that_city():
    """全市 in an article about a county-level city (某某市 of level county) means it, not the
    prefecture named elsewhere in the article."""
    text = "产品销往东州市。青石市大力推行村党支部领办合作社，全市已有542个村党支部领办合作社。"
    entities = make_entities(text, [("PLACE", "青石市"), ("PLACE", "东州市")])
    entities[0].attrs["level"], entities[1].attrs["level"] = "county", "city"
    names = {e.id: e.name for e in entities}
    found = find_metrics(text, split_sentences(text), entities, "e1", load_rules(), default_grammar())
    assert [(names[m.subject], m.quantity.quantity.value) for m in found] == [("青石市", 542)]


def test_metrics_the_indicator_drops_a_modifier_and_its_subject():
    text = "红旗村党总支领办的红旗茶叶合作社吸纳茶农326户。"
    entities = make_entities(text, [SCOPE_QS, ("PLACE", "红旗村"), ("ORG", "红旗村党总支"), ("ORG", "红旗茶叶合作社")])
    found = find_metrics(text, split_sentences(text), entities, "e1", load_rules(), default_grammar())
    assert [m.indicator for m in found] == ["吸纳茶农"]
