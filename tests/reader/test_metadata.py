from __future__ import annotations

import json

import pytest

from kg.reader import read_file
from kg.reader.article import make_article
from kg.reader.base import RawDoc
from kg.reader.metadata import find_source, find_title, parse_date, strip_site_name

from .conftest import CORPUS, ROOT

# The "meta" of ../shared/gold/<doc>.json for the five sample articles.
GOLD_META = {
    "000_bf86cf27f8036a8f": {"title": "走实走好新时代群众路线——我市抓实基层党建促进乡村振兴小记", "date": None,
                             "source": "汕尾日报", "authors": ["钟佳韦"], "editors": []},
    "001_2e6890469b97fbf0": {"title": "陈仓区新街镇:“3+3”模式提升镇域乡村治理工作水平", "date": "2020-04-13",
                             "source": "中国传媒网", "authors": ["马江", "黄正清"], "editors": []},
    "002_239a53b70b4d050e": {"title": "构建“大党建” 实干开新局", "date": "2024-04-17", "source": "蓝影头条",
                             "authors": ["百科"], "editors": ["探索"]},
    "003_474a7aeec4351096": {"title": "孝昌县:坚持“四化”并举,全力推动基层党建向纵深发展", "date": "2022-11-16",
                             "source": "孝感党建、中共孝昌县委组织部", "authors": [],
                             "editors": ["彭扬", "陈腊梅", "李健初"]},
    "004_5f273f7fff855111": {"title": "党建引领为基层治理“聚势赋能”", "date": None, "source": None,
                             "authors": ["樊艳春"], "editors": []},
}
FIELDS = ("title", "date", "source", "authors", "editors")


@pytest.mark.parametrize("doc", sorted(GOLD_META))
def test_metadata_samples_match_gold(doc: str) -> None:
    (article,) = read_file(CORPUS / f"{doc}.txt")
    got = article.meta.to_dict()
    assert {k: got[k] for k in FIELDS} == GOLD_META[doc]


def test_metadata_gold_table_is_current() -> None:
    gold_dir = ROOT.parent / "shared" / "gold"
    if not gold_dir.is_dir():
        pytest.skip("../shared/gold is not next to this checkout")
    for doc, meta in GOLD_META.items():
        gold = json.loads((gold_dir / f"{doc}.json").read_text(encoding="utf-8"))["meta"]
        assert {k: gold[k] for k in FIELDS} == meta


@pytest.mark.parametrize("text, expected", [
    ("2022-11-16 10:04", "2022-11-16"),
    ("时间:2024-04-17 06:37:53", "2024-04-17"),
    ("2022年11月16日", "2022-11-16"),
    ("2022 年 1 月 6 日", "2022-01-06"),
    ("2020/4/13", "2020-04-13"),
    ("2020.04.13", "2020-04-13"),
    ("二〇二二年十一月十六日", "2022-11-16"),
    ("2022-11-16T10:04:00+08:00", "2022-11-16"),
    ("2022年11月", "2022-11"),
    ("2022-02-30", "2022-02"),          # no such day: falls back to the month
    ("2020年全市新增大学生7932名", None),
    ("8000余万元", None),
])
def test_metadata_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("lines, title, line, split_at", [
    (["走实走好新时代群众路线—— 我市抓实基层党建促进乡村振兴小记", "汕尾日报记者钟佳韦近年来,我市加强"],
     "走实走好新时代群众路线——我市抓实基层党建促进乡村振兴小记", 0, None),
    (["华夏传媒网今日头条", "陈仓区新街镇:“3+3”模式提升镇域乡村治理工作水平", "2020-04-13 09:49:41 来源:中国传媒网"],
     "陈仓区新街镇:“3+3”模式提升镇域乡村治理工作水平", 1, None),
    (["构建“大党建” 实干开新局", "[知识] 时间:2024-04-17 06:37:53 来源:蓝影头条 作者:百科"],
     "构建“大党建” 实干开新局", 0, None),
    (["孝昌县:坚持“四化”并举,全力推动基层党建向纵深发展 2022-11-16 10:04 0 近年来,孝昌县以提升基层党组织"],
     "孝昌县:坚持“四化”并举,全力推动基层党建向纵深发展", 0, 27),
    (["近年来,我市加强农村基层党组织建设,深挖红色资源。"], None, 0, None),
    (["记者从县委组织部获悉,2022年11月15日,全县召开党建工作会议,部署下一阶段工作。"], None, 0, None),
])
def test_metadata_find_title(lines: list[str], title: str | None, line: int, split_at: int | None,
                             reader_data) -> None:
    spot = find_title(lines, reader_data.cues)
    assert (spot.title, spot.line, spot.split_at) == (title, line, split_at)


@pytest.mark.parametrize("text, expected", [
    ("2020-04-13 09:49:41 来源:中国传媒网", "中国传媒网"),
    ("示范乡镇。来源:孝感党建、中共孝昌县委组织部", "孝感党建、中共孝昌县委组织部"),
    ("凡注明“来源:某某平台”的作品", None),      # quoted in a copyright notice
    ("来源:本站原创", None),
    ("数据来源:国家统计局", None),               # a label inside a word is not a credit
    ("稿源:某某日报", "某某日报"),
])
def test_metadata_find_source(text: str, expected: str | None, reader_data) -> None:
    assert find_source(text, reader_data.cues) == expected


@pytest.mark.parametrize("title, expected", [
    ("某县召开党建工作会议_某某新闻网", "某县召开党建工作会议"),
    ("某县召开党建工作会议 - 某某日报", "某县召开党建工作会议"),
    ("走实走好新时代群众路线——我市抓实基层党建促进乡村振兴小记", "走实走好新时代群众路线——我市抓实基层党建促进乡村振兴小记"),
])
def test_metadata_strip_site_name(title: str, expected: str, reader_data) -> None:
    assert strip_site_name(title, reader_data.cues) == expected


# Pages made up for the tests, in the shapes Chinese news sites use: the rules must
# not be tuned to the five samples only.
INVENTED = [
    ("某县推行“积分制”激活乡村治理新动能\n新华社北京11月16日电(记者张三 李四)近日,某县推行积分制管理。",
     {"title": "某县推行“积分制”激活乡村治理新动能", "date": None, "source": None,
      "authors": ["张三", "李四"], "editors": []}),
    ("首页 > 新闻 > 正文\n某镇“红色物业”让小区治理更有温度\n发布时间：2023年5月6日 来源：某某日报\n"
     "本报讯 记者 王小明 通讯员 陈红 报道 近日,某镇召开会议。\n（责任编辑：刘芳）",
     {"title": "某镇“红色物业”让小区治理更有温度", "date": "2023-05-06", "source": "某某日报",
      "authors": ["王小明", "陈红"], "editors": ["刘芳"]}),
    ("某村党支部带领群众致富\n2021-07-01 08:00:00 来源: 某某新闻网 作者：周杰\n为了推动集体经济发展,某村成立合作社。\n（记者 赵强）",
     {"title": "某村党支部带领群众致富", "date": "2021-07-01", "source": "某某新闻网",
      "authors": ["周杰", "赵强"], "editors": []}),
    ("某县开展主题党日活动\n某某县融媒体中心讯（通讯员 孙丽 吴刚）12月1日,某县开展主题党日活动。\n编辑：钱多多\n审核：郑重",
     {"title": "某县开展主题党日活动", "date": None, "source": "某某县融媒体中心",
      "authors": ["孙丽", "吴刚"], "editors": ["钱多多", "郑重"]}),
    ("某乡村振兴示范带建设见闻\n近年来,我县加强基层党组织建设。图为示范带一角。 吴敏 摄\n2022年3月,全县召开推进会。",
     {"title": "某乡村振兴示范带建设见闻", "date": None, "source": None, "authors": [], "editors": []}),
    # e-paper pages: the masthead names the paper; the title (with its subtitle) follows it …
    ("某某日报数字报 > 2024年01月26日 > 第02版：县区新闻\n某县召开基层党建述职评议会\n"
     "□本报记者 王小明 通讯员 陈红\n本报讯 1月24日，某县召开述职评议会。",
     {"title": "某县召开基层党建述职评议会", "date": "2024-01-26", "source": "某某日报",
      "authors": ["王小明", "陈红"], "editors": []}),
    ("某某日报数字报\n2023年06月14日 星期三\n第03版：综合新闻\n< 上一版 下一版 >\n工作队住进村 民心连成片\n"
     "——某厅驻某村工作队见闻\n本报记者 王小明\n清晨8点，村委会院子里响起了歌声。",
     {"title": "工作队住进村 民心连成片——某厅驻某村工作队见闻", "date": "2023-06-14", "source": "某某日报",
      "authors": ["王小明"], "editors": []}),
    # … or stands under the byline, after the title
    ("某村的“羊倌书记”\n——记某村第一书记周明\n本报记者 王小明\n《 某某日报 》（ 2023年06月19日 第 04 版）\n"
     "清晨，某村的羊圈里已经热闹起来。",
     {"title": "某村的“羊倌书记”——记某村第一书记周明", "date": "2023-06-19", "source": "某某日报",
      "authors": ["王小明"], "editors": []}),
]


@pytest.mark.parametrize("text, meta", INVENTED)
def test_metadata_invented_pages(text: str, meta: dict, reader_data) -> None:
    got = make_article(RawDoc("doc", text, "doc.txt"), reader_data).meta.to_dict()
    assert {k: got[k] for k in FIELDS} == meta
