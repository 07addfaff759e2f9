"""PERSON recognition: anchored names only, with the role each anchor implies."""
from __future__ import annotations

import pytest

from kg.nlp.persons import PersonLexicon, find_persons, name_at


@pytest.fixture(scope="module")
def lex():
    return PersonLexicon.load()


def found(text, lex, authors=()):
    return sorted({(c.name, c.attr_dict["role"], c.rule) for c in find_persons(text, lex, authors)
                   if c.rule != "person.repeat"})


@pytest.mark.parametrize("text,expected", [
    ("县委书记王建国在会上强调。", [("王建国", "official", "person.title")]),
    ("镇长李强说，要抓落实。", [("李强", "official", "person.title")]),
    ("该局局长欧阳明介绍了情况。", [("欧阳明", "official", "person.title")]),
    ("本报记者 周晓燕 摄", [("周晓燕", "reporter", "person.byline")]),
    ("通讯员:刘洋  陈静", [("刘洋", "reporter", "person.byline"), ("陈静", "reporter", "person.byline")]),
    ("村民赵大山感激地说。", [("赵大山", "resident", "person.role_word")]),
    ("“日子越过越好。”孙秀兰说。", [("孙秀兰", "resident", "person.speech")]),
    ("以吴刚、郑丽、冯晓东等为代表的青年人才。",
     [("冯晓东", "other", "person.enumeration"), ("吴刚", "other", "person.enumeration"),
      ("郑丽", "other", "person.enumeration")]),
    # what an official does right after the name ends it: 到, 作, 陪同
    ("北岭盟委副书记李强到南坡旗调研。", [("李强", "official", "person.title")]),
    ("县委书记曾志明作动员讲话。", [("曾志明", "official", "person.title")]),
    ("旗委常委、宣传部部长赵刚陪同。", [("赵刚", "official", "person.title")]),
    # a surname that is also a function word is a name when no role or title follows it
    ("县委书记向帆到村里。", [("向帆", "official", "person.title")]),
    # posts of township committees and village party organizations
    ("乡党委委员、组织委员王芳介绍。", [("王芳", "official", "person.title")]),
    ("村党组织书记何家枝说。", [("何家枝", "official", "person.title")]),
    # what a resident is doing as they speak ends the name
    ("62岁的村民刘桂英一边分拣蔬菜一边说。", [("刘桂英", "resident", "person.role_word")]),
    # where a resident is as they speak, and resident roles of trades and places (茶农, 侨胞)
    ("72岁的村民赵守田坐在自家门楼下。", [("赵守田", "resident", "person.role_word")]),
    ("旅居海外多年的侨胞方少明每年都要回村看看。", [("方少明", "resident", "person.role_word")]),
    # a post written after the name, opening a clause
    ("王福生是青山镇石桥村党支部书记，也是村民口中的大管家。", [("王福生", "official", "person.post_after")]),
    ("“路修好了。”王福生（石桥村党支部书记）说。", [("王福生", "official", "person.post_after")]),
    ("主要任务是抓好党支部书记队伍建设。", []),
    # what an official wins or does right after the name
    ("石桥村党支部书记王永华获评全省优秀党务工作者。", [("王永华", "official", "person.title")]),
    ("县委副书记、县长杨秀英通报了评议情况。", [("杨秀英", "official", "person.title")]),
    # so does how often or how long an official does something
    ("组织委员兼包村干部王晓兰一周有大半时间住在村里。", [("王晓兰", "official", "person.title")]),
    # a byline's names end with its line
    ("日报记者 钟文斌 刘晓芸　通讯员 曾庆林\n\n盛夏时节，走进村里。",
     [("刘晓芸", "reporter", "person.byline"), ("曾庆林", "reporter", "person.byline"),
      ("钟文斌", "reporter", "person.byline")]),
    # names with no family name: Tibetan and Mongolian name parts, transliterations with a middle dot
    ("村党支部书记扎西平措介绍。", [("扎西平措", "official", "person.title")]),
    ("村民格桑旺姆说。", [("格桑旺姆", "resident", "person.role_word")]),
    ("嘎查党支部书记巴特尔说。", [("巴特尔", "official", "person.title")]),
    ("村党支部书记艾尔肯·吐尔逊介绍。", [("艾尔肯·吐尔逊", "official", "person.title")]),
    ("记者 阿依努尔·托乎提", [("阿依努尔·托乎提", "reporter", "person.byline")]),
    # an age, then who they are, then the name and what they do
    ("“好。”52岁的绣娘李桂兰说。", [("李桂兰", "resident", "person.age")]),
    # posts of village cadres, and of a gacha (the village of Inner Mongolia)
    ("镇党委委员、组织委员兼包村干部曾晓兰介绍。", [("曾晓兰", "official", "person.title")]),
    ("嘎查委员会主任孟和巴雅尔说。", [("孟和巴雅尔", "official", "person.title")]),
    # where an official comes from ends the name
    ("某村第一书记罗建杰来自县人民医院。", [("罗建杰", "official", "person.title")]),
    # a post in brackets after a name that 由 introduces
    ("会议由刘建明（县委组织部副部长）主持。", [("刘建明", "official", "person.post_after")]),
    # an age and a role word: the name that follows, whatever ends it
    ("62岁的果农王秀珍算起收入账。", [("王秀珍", "resident", "person.age")]),
    # a Mongolian name of one element
    ("（记者 格日勒图）", [("格日勒图", "reporter", "person.byline")]),
    ("县委组织部组织一股股长蒙晓光", [("蒙晓光", "official", "person.title")]),
    ("官成镇福岭村党员、种养大户黎秋兰", [("黎秋兰", "resident", "person.role_word")]),
    # the surname 和 (common in Yunnan) of a full name
    ("市委书记和建华在调研时强调。", [("和建华", "official", "person.title")]),
])
def test_persons_found(text, expected, lex):
    assert found(text, lex) == expected


@pytest.mark.parametrize("text", [
    "党员干部带头示范。",  # 干部 is a word, not 干 + 部
    "走好群众路线。",
    "由县长任组长的领导小组。",  # 任组长 contains a title
    "全市文明创建工作。",
    "他说今天下雨。",  # no anchor
    "村民孙大爷说：“好。”",  # surname + honorific is no full name
    "驻村第一书记向村民介绍政策。",  # 向 + a role word: the preposition
    "村党支部书记和村民一起劳动。",
    "第一书记和党建指导员到村里。",  # 和 + a title
    "县委书记曾多次到村里。",  # 曾 + a name-ending word
    "镇党委书记于今年到任。",  # a given name cannot open with a name-ending word (今年)
    "镇党委建立“班子包片、党员包组”责任机制。",  # a role word inside a quoted name
    "村民扎西岗的路修好了。",  # one short name part is no name
    "全村60岁的老人有120人。",  # an age and a group
    "新一轮驻村第一书记和工作队全部到岗。",  # 和 + 工|作: a one-character word does not end a name after 和
    "村党组织书记和村(居)委会主任全部由一人担任。",  # nor does a bracket
    "最后问群众满不满意。",  # a negation opens no given name
])
def test_persons_not_found(text, lex):
    assert found(text, lex) == []


def test_name_length_follows_what_comes_after(lex):
    assert name_at("书记张伟说", 2, lex) == 4
    assert name_at("张伟有一个比喻", 0, lex) == 2
    assert name_at("张晓伟说", 0, lex) == 3


def test_repeats_and_signature(lex):
    text = "副县长林海峰主持会议。会后林海峰走访了农户。（何小平）"
    cands = find_persons(text, lex)
    mentions = sorted((c.start, c.name, c.rule) for c in cands)
    assert mentions == [(3, "林海峰", "person.title"), (13, "林海峰", "person.repeat"),
                        (text.index("何小平"), "何小平", "person.signature")]


def test_author_from_metadata(lex):
    (c,) = find_persons("据袁芳报道", lex, authors=("袁芳",))
    assert (c.name, c.attr_dict["role"]) == ("袁芳", "reporter")


def test_names_listed_each_after_its_village(lex):
    """甲村张某某、乙村李某某为连任: a list of village and name pairs needs no title."""
    text = "新当选的村党组织书记中，石桥村熊国强、河口村李春兰为连任，龙潭村陈立东为首次当选。"
    villages = tuple((text.index(v), text.index(v) + len(v)) for v in ("石桥村", "河口村", "龙潭村"))
    got = sorted(c.name for c in find_persons(text, lex, villages=villages) if c.rule == "person.village_list")
    assert got == ["李春兰", "熊国强"]  # 龙潭村陈立东 is a pair on its own after the comma
    one = "石桥村熊国强为连任。"  # one pair is no list
    assert [c for c in find_persons(one, lex, villages=((0, 3),)) if c.rule == "person.village_list"] == []


@pytest.mark.parametrize("text,expected", [
    ("二、优秀共产党员（2名）\n杨振国　北岭乡北岭村党支部书记、村委会主任\n李秀芬（女）  南坡镇南坡村网格员\n",
     [("李秀芬", "official", "person.roster"), ("杨振国", "official", "person.roster")]),
    ("名单\n杨振国　在会上发言\n", []),  # the rest of the line is no post
    ("名单\n工作部署　县委组织部部长\n", []),  # no surname
    # a résumé line of an appointment notice: the name, 男/女, …, 现任 and the post
    ("公示如下：\n张宏伟，男，蒙古族，1979年8月生，大学学历，现任青山镇党委副书记、镇长，拟任白沙镇党委书记；\n",
     [("张宏伟", "official", "person.roster")]),
    ("公示如下：\n张宏伟，男，1979年8月生，大学学历，曾在青山镇工作。\n", []),  # no 现任: no post
    # the line may open with its number in the list
    ("名单：\n1．张宏伟，男，1979年8月生，现任青山镇镇长，拟任白沙镇党委书记；\n",
     [("张宏伟", "official", "person.roster")]),
])
def test_roster_lines_name_a_person_before_a_post(text, expected, lex):
    assert [x for x in found(text, lex) if x[2] == "person.roster"] == expected


@pytest.mark.parametrize("text,name", [
    ("镇党委书记于海涛认真履行第一责任人职责。", "于海涛"),
    ("镇党委副书记、镇长孙立新落实“一岗双责”。", "孙立新"),
    ("镇党委副书记王春梅具体负责党建日常工作。", "王春梅"),
    ("某局派驻某村第一书记郝文军积极协调帮扶资源。", "郝文军"),
    ("副县长、县公安局局长韩立军列席会议。", "韩立军"),
    ("乡贤理事会理事长武立山耐心劝说。", "武立山"),
])
def test_how_an_official_goes_about_the_work_ends_the_name(text, name, lex):
    assert [x[0] for x in found(text, lex) if x[2] == "person.title"] == [name]


@pytest.mark.parametrize("text", [
    "记者:和龙市地处中朝边境,抓党建有什么考虑?",  # an interview's question, not a byline
    "记者：华溪村是全县乡村振兴的一个缩影。",  # …even when 是 (which may end a name) follows
    "全村民宿增加到31家。",  # 全村|民宿, not the role word 村民
    "群众安全感满意度达到98.2%。",  # 满意度 is a noun
])
def test_no_person_in_an_interview_label_a_deictic_or_a_noun(text, lex):
    assert found(text, lex) == []


def test_ren_after_a_name_ends_it(lex):
    assert found("成立由县委副书记王建新任组长的领导小组。", lex) == [("王建新", "official", "person.title")]


@pytest.mark.parametrize("text,name", [
    ("一早，村民胡秀香拎着刚兑换的物品出来。", "胡秀香"),  # a verb with 着 after the name
    ("过去，村民彭建和为此跑了好几个部门。", "彭建和"),  # 和 is the name's: a word ending names follows
    ("村民李建和王明商量。", "李建"),  # 和 joins two names
    ("乡贤周立远回乡创办竹艺公司。", "周立远"),
    ("听取了镇党委书记陈立英关于产业的汇报。", "陈立英"),
])
def test_what_follows_a_residents_name_ends_it(text, name, lex):
    assert [x[0] for x in found(text, lex)][:1] == [name]


@pytest.mark.parametrize("text,expected", [
    ("县委决定：张宏伟同志任青山镇党委书记；李秀芬同志任县委组织部副部长。", ["张宏伟", "李秀芬"]),
    ("免去欧阳明辉同志的白沙镇镇长职务。", ["欧阳明辉"]),
    ("会议决定和张宏伟同志任青山镇镇长。", ["张宏伟"]),  # 和 is the conjunction, not a surname
])
def test_a_name_before_tongzhi_in_an_appointment_is_an_official(text, expected, lex):
    assert [(n, r) for n, r, rule in found(text, lex) if rule == "person.comrade"] == [(n, "official") for n in expected]


@pytest.mark.parametrize("text,name", [
    ("拉布乡党委书记尼玛说：“我们要守住。”", "尼玛"),  # one Tibetan name part alone
    ("村党支部书记扎西才让一起走访。", "扎西才让"),
    ("嘎查党支部书记巴特尔扎布正和牧民商量。", "巴特尔扎布"),  # two Mongolian parts
    ("苏木党委书记孟根其其格介绍。", "孟根其其格"),
    ("党员中心户朝鲁门带领党员转移羊群。", "朝鲁门"),  # a household the branch names as its centre
    ("村民白玛多吉带动6户人家养牛。", "白玛多吉"),  # 带动 ends the name
])
def test_a_name_of_tibetan_or_mongolian_parts_after_a_title(text, name, lex):
    assert [n for n, _, _ in found(text, lex)] == [name]


@pytest.mark.parametrize("text,name", [
    ("“日子越过越有奔头。”阿卜杜热合曼·买买提说。", "阿卜杜热合曼·买买提"),  # opening a clause, no title
    ("工作队队员古丽米热·吐尔逊是夜校的老师。", "古丽米热·吐尔逊"),  # 工作队队员 is a post
    ("村党支部书记阿卜杜热合曼·买买提并肩站在队列前排。", "阿卜杜热合曼·买买提"),  # 并 ends the name
    ("走进村民热依汗古丽·吾斯曼家的小院。", "热依汗古丽·吾斯曼"),  # whose home: 家的
    ("嘎查党支部书记乌力吉图说。", "乌力吉图"),  # a Mongolian name part and 图
    ("今年68岁的村民吐尔逊·巴克说。", "吐尔逊·巴克"),  # after an age, the role word is no part of it
])
def test_transliterated_and_mongolian_names_end_where_the_name_does(text, name, lex):
    assert [n for n, _, _ in found(text, lex)] == [name]


@pytest.mark.parametrize("text", [
    "聚焦·乡村振兴\n正文从这里开始。",  # a column heading with a middle dot: no word that follows names
    "开展“五·四”青年节活动。",
])
def test_a_middle_dot_alone_makes_no_name(text, lex):
    assert found(text, lex) == []


def test_a_dotted_name_after_a_role_word_is_read_without_it(lex):
    assert found("游人如织。村民阿依努尔·托乎提在自家老宅开了民宿。", lex) == [
        ("阿依努尔·托乎提", "resident", "person.role_word")]


def test_a_name_before_deng_tongzhi_is_the_name(lex):
    """关于马某某等同志职务任免的通知: 马某某 and others, not the surname 林 of 林等."""
    assert [n for n, _, _ in found("中共某县委员会关于马福林等同志职务任免的通知", lex)] == ["马福林"]
