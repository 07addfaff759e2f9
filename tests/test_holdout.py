"""Held-out article sets with gold annotations in the annotation guide's format.

- ``tests/data/holdout``: seven invented articles from provinces the dev set lacks —
  traditional script with pinyin noise, a cut-off text, page furniture;
- ``tests/data/holdout2``: eight more (Gansu, Jiangxi, Hunan, Fujian in traditional
  script, Hebei as a junk-laden re-post, Anhui, Guangxi, Jilin), written by a separate
  author from the guide alone in session 7 and scored blind once (entities 0.924,
  relations 0.814, metrics 0.892) before the rules were improved on them;
- ``tests/data/holdout3``: eight more (Ningxia, Tianjin cut off, Tibet in traditional
  script, Qinghai with pinyin ruby, Xinjiang with mojibake lines, Shandong in GB18030 with
  page junk, Chongqing, Hainan) by a third author, scored blind once later in session 7
  (entities 0.899, relations 0.908, metrics 0.941; the code of the session's start scored
  0.879 / 0.755 / 0.941 on them);
- ``tests/data/holdout4``: eight more (Zhejiang short, Jiangxi feature, Hubei cut off,
  Shaanxi in traditional script, Jiangsu page junk, Heilongjiang figures, Liaoning programs,
  an Inner Mongolian interview) by a fourth author, scored blind once at the end of session 7
  (entities 0.938, relations 0.891, metrics 0.846; the session's starting code 0.891 /
  0.750 / 0.846);
- ``tests/data/holdout5`` and ``holdout6``: eight each, by two more authors in session 8 (Yunnan,
  Shanxi, Beijing cut off, Guangdong in traditional script, Henan page junk, Sichuan figures,
  Guizhou programs, a Shanghai interview; Shanxi short, Hunan with pinyin, a Guangxi county
  speech, Jilin in traditional script, Anhui with mojibake, Fujian designations, Hebei officials,
  Gansu cooperatives), scored blind once (holdout5 0.918 / 0.903 / 0.861, holdout6 0.939 /
  0.897 / 0.780; the session's starting code 0.915 / 0.900 / 0.861 and 0.939 / 0.897 / 0.780);
- ``tests/data/holdout7``: eight by a seventh author in session 9, chosen by genre (a county
  organization department's dispatch, village elections cut off, a program with parts, a
  cooperative with figures, lists of designations, a governance mechanism, a county report in
  traditional script with page junk, a short item with pinyin and mojibake; Jiangxi, Hubei,
  Zhejiang, Shandong, Liaoning, Chongqing, Inner Mongolia, Shaanxi), scored blind once
  (0.893 / 0.745 / 0.720, the code of the session's start);
- ``tests/data/holdout8``: eight by an eighth author later in session 9 (a township's year-end
  summary, a commendation decision with its lists, an interview, a first secretary's diary cut
  off, an HTML page, a GB18030 prefecture report, a campaign with parts, a very short item;
  Heilongjiang, Guangxi, Yunnan, Fujian, Henan, Anhui, Jiangsu, Gansu), scored blind once after
  the session's rules on holdout7 (0.921 / 0.775 / 0.863; the session's starting code 0.918 /
  0.771 / 0.863);
- ``tests/data/holdout9`` and ``holdout10``: eight each by two more authors in session 10, from
  provinces and counties no set had (a county app's cut-off item, a portal re-post full of junk,
  a Hong Kong re-post in traditional script, pinyin and mojibake, a township's work report, a
  feature on a program with sub-actions, a county commendation decision with its rosters, an
  HTML village story; a cut-off flash, a Q&A interview, a traditional re-post with junk, a first
  secretary's story, a grid mechanism, a WeChat re-post, a short item with pinyin and mojibake,
  a campaign summary in 一是…四是 form; Hunan, Shandong, Hubei, Jiangxi, Liaoning, Zhejiang,
  Hebei, Chongqing; Hainan, Jilin, Guangdong, Guizhou, Ningxia, Yunnan, Qinghai, Gansu), scored
  blind once with the session's code of that hour (holdout9 0.862 / 0.716 / 0.728, holdout10
  0.911 / 0.795 / 0.649; the session's starting code 0.862 / 0.716 / 0.704 and 0.911 / 0.798 /
  0.660);
- ``tests/data/holdout11`` and ``holdout12``: eight each by two more authors in session 11. The
  first stresses short and damaged input (a 226-character app flash, a county report cut off,
  a Hong Kong re-post saved in Big5, an e-paper item in GB18030, pinyin tags and mojibake, a
  portal HTML page with menus and related links, an appointment notice 任前公示, a township
  item with designations and figures; Heilongjiang, Sichuan, Anhui, Jiangsu, Henan, Fujian,
  Inner Mongolia, Guangxi); the second everyday genres (an organization department's year-end
  summary, a published list of designated villages, a first secretary's feature, a township
  party-building brand in 一是…四是 form, a points mechanism, a 学习强国 re-post cut off, a
  grid item, a Q&A interview; Shandong, Jiangxi, Gansu, Guizhou, Hunan, Ningxia, Hebei,
  Chongqing). Scored blind once with the session's code of that hour (holdout11 0.893 / 0.839 /
  0.966, holdout12 0.944 / 0.808 / 0.783);
- ``tests/data/holdout13``, ``holdout14`` and ``holdout15``: eight each by three more authors in
  session 12, by genre. Meetings and officials (a county standing committee's meeting, a
  secretary's inspection tour, a 述职评议 report, village elections, a commendation conference
  with its lists, first secretaries sent to villages, a Big5 interview re-post, a county news
  HTML page cut off; Anhui, Hebei, Shandong, Zhejiang, Jiangsu, Chongqing, Guizhou, Gansu);
  governance mechanisms (a points system, dispute mediation, grid management, village rules and
  councils, 吹哨报到 outside Beijing, a WeChat re-post with pinyin and mojibake, a digital-village
  platform cut off, a traditional-script feature; Anhui, Zhejiang, Hebei, Shandong, Hunan,
  Guangdong, Jiangsu); economy and designations (collective-economy tables, joint party
  committees, a list of designations in a city paper, a cooperative, funds and projects, a
  talent program, a GB18030 portal re-post, a traditional-script village feature; Zhejiang,
  Jiangsu, Anhui, Ningxia, Jiangxi, Hunan, Shanxi, Fujian). Scored blind once with the
  session's code of that hour (holdout13 0.891 / 0.807 / 0.823, holdout14 0.872 / 0.839 /
  0.740, holdout15 0.848 / 0.743 / 0.454).
- ``tests/data/holdout16`` to ``holdout19``: eight each by four more authors in session 13, by
  genre. Minority and border regions (a banner's 嘎查 and 苏木 in Inner Mongolia, a 访惠聚 work
  team in Xinjiang, a Qinghai Tibetan village, 村民小组 under a Yunnan border village, Dong
  villages in Hunan, a Liangshan flash cut off, a Big5 re-post from Jilin, a Gansu Hui township
  with page junk); urban communities and organizations (红色物业, a city's 双报到, 两新组织 in a
  development zone, 机关 paired with villages, a 党群服务中心 opening, a district portal HTML page,
  a WeChat re-post, a traditional-script 街道 feature; Fujian, Hunan, Jiangsu, Henan, Jiangxi,
  Zhejiang, Anhui, Guangdong); personnel and discipline texts (任前公示, 任免, a 纪委 notice with
  masked names, 两委换届 figures, a secretary's profile, a 表彰决定, first secretaries rotated, a
  GB18030 re-post on a township's leaders; Hunan, Shanxi, Anhui, Shandong, Fujian, Henan); noisy
  input (a news flash, pinyin noise, mojibake, a cut-off item, a 学习强国 re-post with 推荐阅读, a
  county HTML page, a Big5 item, a long work summary; Henan, Hunan, Guizhou, Hebei, Zhejiang,
  Shandong, Fujian, Jiangxi). Scored blind once with the session's code of that hour (holdout16
  0.823 / 0.705 / 0.711, holdout17 0.841 / 0.746 / 0.654, holdout18 0.852 / 0.775 / 0.796,
  holdout19 0.840 / 0.777 / 0.837; the session's starting code gave the same figures).
- ``tests/data/holdout20`` to ``holdout22``: eight each by three more authors in session 14, by
  genre. Village economy and money (counts of villages by income band, a 强村公司 of five
  villages, land transfer to a cooperative, e-commerce, a project item cut off, a first
  secretary's funds, a GB18030 re-post on 衔接资金 and its projects, a half-year work summary;
  Shandong, Zhejiang, Jilin, Guangxi, Henan, Yunnan, Anhui, Jiangxi); governance mechanisms (积分制
  in Xinjiang with Uyghur names, 小微权力清单, 枫桥经验 mediation, a city's grid governance, village
  rules in a WeChat post, a 新时代文明实践所, a 政法委 HTML page, a Big5 re-post on 四议两公开;
  Xinjiang, Hebei, Fujian, Liaoning, Shanxi, Jiangsu, Gansu, Hainan); officials (a county
  secretary's tour of two townships, a 述职评议会, a training course, a Q&A interview, a 任免
  notice, a commendation list cut at 等, a work team's handover in Tibet, a Big5 notice of which
  committee member keeps in touch with which villages; Heilongjiang, Sichuan, Yunnan, Shandong,
  Qinghai, Jiangxi, Tibet, Hubei). Scored blind once with the session's code of that hour (holdout20
  0.882 / 0.856 / 0.623, holdout21 0.877 / 0.843 / 0.807, holdout22 0.905 / 0.698 / 0.689; the
  session's starting code: holdout20 metrics 0.612, the rest the same).

- ``tests/data/holdout23`` to ``holdout25``: eight each by three more authors in session 15, by
  genre. Short, cut-off and noisy re-posts (a 180-character brief cut mid-word, a portal page
  full of junk, pinyin noise, mojibake lines between paragraphs, Big5, a GB18030 WeChat post, an
  HTML page, a 学习强国 re-post cut at （未完）; Hebei, Zhejiang, Guizhou, Shanxi, Fujian, Jilin,
  Hunan, Jiangsu); designations and results (a province's 命名 list of model villages and towns,
  a 全国文明村镇, a city's 五星/红旗 party organizations, a township's assessment ranking, a
  人民网 feature, a district's 星级评定, a 公示 cut at 等, a Big5 text; Henan, Anhui, Guangxi,
  Shandong, Hunan, Ningxia, Hainan, Jiangxi); minority and border regions below the village
  (苏木 and 嘎查, 寨 and 屯, 村民小组 and 自然村, Tibetan, Uyghur and Yi names, a 访惠聚 team, a
  Big5 border village; Inner Mongolia, Guangxi, Yunnan, Tibet, Xinjiang). Scored blind once
  with the session's starting code (holdout23 0.961 / 0.838 / 0.773, holdout24 0.929 / 0.828 /
  0.773, holdout25 0.840 / 0.663 / 0.719; the code of that hour, with the session's first rules:
  the same, holdout25 relations 0.670).

Rules have since been written against both, so these figures guard against regressions;
they are not an unbiased estimate of accuracy on unseen news.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import BuildOptions, build
from kg.eval.scorer import score_files

DATA = Path(__file__).parent / "data"
SETS = {"holdout": 7, "holdout2": 8, "holdout3": 8, "holdout4": 8, "holdout5": 8, "holdout6": 8, "holdout7": 8, "holdout8": 8,
        "holdout9": 8, "holdout10": 8, "holdout11": 8, "holdout12": 8, "holdout13": 8, "holdout14": 8,
        "holdout15": 8, "holdout16": 8, "holdout17": 8, "holdout18": 8, "holdout19": 8, "holdout20": 8,
        "holdout21": 8, "holdout22": 8, "holdout23": 8, "holdout24": 8, "holdout25": 8}  # folder → articles


# where a set stays below the common floor, measured: holdout6's figures of residents' incomes
# and of what a cooperative a branch founds does (metrics 0.810 at the end of session 8);
# holdout7's village secretaries listed under one heading (新当选的村党组织书记中，甲村某某、乙村某某…),
# whose posts no rule reads (HOLDS_POSITION 0.851 in session 9, too close to 0.85 to guard)
# holdout8's posts no rule reads (an outlet's reporters named only in the header, a first secretary
# named without his title; HOLDS_POSITION 0.773 at the end of session 9, 0.800 in session 12 with
# 网格员 as a post)
# holdout9 and holdout10 (session 10), measured at the end of the session: relations 0.851 and
# 0.803 (programs named only in 一是聚焦“A” lines, slogans as mechanisms with no trigger, an outlet's
# prefecture taken for the article's place), metrics 0.728 and 0.649 (figures of villages listed
# under headings, of departments in a county summary, of cooperatives a branch founds),
# HOLDS_POSITION 0.806 and 0.865 (in session 11 relations 0.864 and 0.852, metrics 0.741 and 0.824)
# holdout11 HOLDS_POSITION 0.839 in session 15: its gold joins two titles at one township
# (党委委员、副镇长) into one relation, where the rules give one per title, since a bare 副镇长
# is read as the township's post
# holdout12 (session 11): metrics 0.843 (figures of a township's party committee and of a village
# branch, which the guide's 某乡党委 → 某乡 reading gives the place; a grid member's households),
# HOLDS_POSITION 0.857 (网格员 as a post; a reporter of the outlet named only in the header)
# holdout13-15 (session 12), measured at the end of the session: holdout13 HOLDS_POSITION 0.800
# (its gold joins several titles at one place into one relation, where the rules give one a
# title); holdout14 metrics 0.773 (figures of a mechanism's own terms, 1+3+N); holdout15
# entities 0.880, relations 0.827, metrics 0.572, HOLDS_POSITION 0.727 (figures in tables of
# townships, a joint committee of a 片区 no rule reads, figures counted in list headings); in
# session 13 tables, joint committees and list headings are read: 0.890 / 0.873 / 0.840, HOLDS 0.788
# holdout16-19 (session 13), measured at the end of the session (entities / relations / metrics,
# HOLDS_POSITION): holdout16 minority regions 0.835 / 0.720 / 0.714, 0.708 (Mongolian and Uyghur
# names, 村民小组 and 自然村 as places, a work team written with its quoted name acting); holdout17
# urban communities 0.859 / 0.793 / 0.706, 0.820 (figures of a bare 社区/街道 or a named service
# centre, companies' figures); holdout18 personnel 0.920 / 0.837 / 0.796, 0.725 (posts proposed
# and removed, 免去其…职务, posts of list lines); holdout19 noisy input 0.882 / 0.860 / 0.918, 0.880
# holdout20-22 (session 14), measured at the end of the session (entities / relations / metrics,
# HOLDS_POSITION): holdout20 village economy 0.890 / 0.865 / 0.626, 0.889 (figures of projects and
# companies named in lists, incomes per household, a mechanism's terms); holdout21 governance
# 0.881 / 0.843 / 0.807, 0.741 (mechanisms named in quotes with no trigger, posts of a 政法委);
# holdout22 officials 0.934 / 0.770 / 0.689, 0.701 (posts of people listed as accompanying, teachers'
# posts at universities and party schools, a work team's posts, a training course's figures)
# holdout23-25 (session 15), measured when they were added (entities / relations / metrics,
# HOLDS_POSITION): holdout24 designations 0.929 / 0.916 / 0.773 (figures per village in a ranking,
# criteria written out as a mechanism); holdout25 minority regions 0.886 / 0.720 / 0.758, 0.756
# (Mongolian, Yi and Uyghur names; a work team as the actor; posts of a work team)
LOWER_FLOORS = {("holdout6", "metrics"): 0.8, ("holdout7", "relation HOLDS_POSITION"): 0.8,
                ("holdout8", "relation HOLDS_POSITION"): 0.75,
                ("holdout9", "relations (micro)"): 0.8, ("holdout9", "metrics"): 0.7,
                ("holdout9", "relation HOLDS_POSITION"): 0.75,
                ("holdout10", "relations (micro)"): 0.8, ("holdout10", "metrics"): 0.75,
                ("holdout10", "relation HOLDS_POSITION"): 0.8,
                ("holdout11", "relation HOLDS_POSITION"): 0.8,
                ("holdout12", "metrics"): 0.8, ("holdout12", "relation HOLDS_POSITION"): 0.8,
                ("holdout13", "relation HOLDS_POSITION"): 0.75, ("holdout14", "metrics"): 0.75,
                ("holdout15", "entities (micro)"): 0.85, ("holdout15", "metrics"): 0.8,
                ("holdout15", "relation HOLDS_POSITION"): 0.75,
                ("holdout16", "entities (micro)"): 0.8, ("holdout16", "entity PLACE"): 0.85,
                ("holdout16", "entity PERSON"): 0.8, ("holdout16", "relations (micro)"): 0.7,
                ("holdout16", "metrics"): 0.65, ("holdout16", "relation HOLDS_POSITION"): 0.65,
                ("holdout17", "entities (micro)"): 0.8, ("holdout17", "entity PERSON"): 0.85,
                ("holdout17", "relations (micro)"): 0.75, ("holdout17", "metrics"): 0.65,
                ("holdout17", "relation HOLDS_POSITION"): 0.8,
                ("holdout18", "relations (micro)"): 0.8, ("holdout18", "metrics"): 0.75,
                ("holdout18", "relation HOLDS_POSITION"): 0.7,
                ("holdout19", "entities (micro)"): 0.85, ("holdout19", "entity PERSON"): 0.85,
                ("holdout19", "relations (micro)"): 0.8,
                ("holdout20", "entities (micro)"): 0.85, ("holdout20", "entity PERSON"): 0.85,
                ("holdout20", "relations (micro)"): 0.8, ("holdout20", "metrics"): 0.55,
                ("holdout21", "entities (micro)"): 0.85, ("holdout21", "relations (micro)"): 0.8,
                ("holdout21", "metrics"): 0.75, ("holdout21", "relation HOLDS_POSITION"): 0.7,
                ("holdout22", "relations (micro)"): 0.72, ("holdout22", "metrics"): 0.65,
                ("holdout22", "relation HOLDS_POSITION"): 0.65,
                ("holdout24", "metrics"): 0.75,
                ("holdout25", "entities (micro)"): 0.85, ("holdout25", "entity PERSON"): 0.8,
                ("holdout25", "relations (micro)"): 0.7, ("holdout25", "metrics"): 0.72,
                ("holdout25", "relation HOLDS_POSITION"): 0.7}


@pytest.fixture(scope="module", params=sorted(SETS))
def scores(request, tmp_path_factory):
    folder = DATA / request.param
    out = tmp_path_factory.mktemp(request.param)
    report = build([folder / "articles"], out, BuildOptions(formats=("jsonl",)))
    assert report.articles == SETS[request.param] and not report.skipped
    result = score_files(folder / "gold", out / "extractions.jsonl")
    result.name = request.param
    return result


@pytest.mark.parametrize("key,floor", [
    ("entities (micro)", 0.9), ("relations (micro)", 0.85), ("metrics", 0.85),
    ("entity PLACE", 0.9), ("entity PERSON", 0.9), ("relation HOLDS_POSITION", 0.85),
])
def test_holdout_scores_stay_above_their_floor(scores, key, floor):
    floor = LOWER_FLOORS.get((scores.name, key), floor)
    assert key in scores.tallies and scores.tallies[key].f1 >= floor
