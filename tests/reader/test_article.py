from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.reader import read_file
from kg.reader.article import make_article
from kg.reader.base import RawDoc, ReadError
from kg.records import Meta

from .conftest import CORPUS


def _article(text: str, reader_data, hints: Meta = Meta()):
    return make_article(RawDoc("doc", text, "doc.txt", hints), reader_data)


@pytest.mark.parametrize("doc, first_lines", [
    ("000_bf86cf27f8036a8f", ["走实走好新时代群众路线——我市抓实基层党建促进乡村振兴小记", "汕尾日报记者钟佳韦",
                              "近年来,我市加强农村基层党组织建设,"]),
    ("001_2e6890469b97fbf0", ["华夏传媒网今日头条", "陈仓区新街镇:“3+3”模式提升镇域乡村治理工作水平",
                              "2020-04-13 09:49:41 来源:中国传媒网", "通讯员:马江 黄正清"]),
    ("003_474a7aeec4351096", ["孝昌县:坚持“四化”并举,全力推动基层党建向纵深发展", "2022-11-16 10:04 0 近年来,"]),
    ("004_5f273f7fff855111", ["党建引领为基层治理“聚势赋能”", "金秋十月,正值收获时节,革命老区吕梁市兴县漫山遍野"]),
])
def test_article_sample_text_starts(doc: str, first_lines: list[str]) -> None:
    (article,) = read_file(CORPUS / f"{doc}.txt")
    lines = article.text.split("\n")
    for got, want in zip(lines, first_lines):
        assert got.startswith(want)


@pytest.mark.parametrize("doc, gone", [
    ("000_bf86cf27f8036a8f", ["页:", "[1]"]),
    ("001_2e6890469b97fbf0", ["设为首页", "浏览量"]),
    ("002_239a53b70b4d050e", ["当前位置", "责任编辑", "相关内容", "精彩推荐", "热门点击", "友情链接", "点击:12次"]),
    ("003_474a7aeec4351096", ["请输入验证码", "编辑:", "责编", "终审"]),
    ("004_5f273f7fff855111", ["版权声明", "(xing)", "(dang)", "黨", "興"]),
])
def test_article_sample_furniture_gone(doc: str, gone: list[str]) -> None:
    (article,) = read_file(CORPUS / f"{doc}.txt")
    for s in gone:
        assert s not in article.text


def test_article_sample_keeps_real_parentheses() -> None:
    (article,) = read_file(CORPUS / "004_5f273f7fff855111.txt")
    assert "村(社区)" in article.text and "(樊艳春)" in article.text
    (article,) = read_file(CORPUS / "003_474a7aeec4351096.txt")
    assert "乡镇(区)党(工)委书记" in article.text


def test_article_hint_title_prepended(reader_data) -> None:
    article = _article("近年来,我市加强农村基层党组织建设。", reader_data, Meta(title="某县 党建 工作"))
    assert article.text == "某县 党建 工作\n近年来,我市加强农村基层党组织建设。"
    assert article.meta.title == "某县 党建 工作"


def test_article_hints_win(reader_data) -> None:
    text = "某县党建工作综述\n2022-11-16 来源:某某日报\n近年来,我市加强农村基层党组织建设。"
    article = _article(text, reader_data, Meta(date="2023/1/2", source="某某网", authors=("張三",)))
    assert (article.meta.date, article.meta.source, article.meta.authors) == ("2023-01-02", "某某网", ("张三",))


def test_article_meta_serializes(reader_data) -> None:
    article = _article("某县党建工作综述\n通讯员:张三 李四\n近年来,我市加强农村基层党组织建设。", reader_data)
    assert json.loads(json.dumps(article.meta.to_dict()))["authors"] == ["张三", "李四"]


SNIPPETS = st.sampled_from(["党建", "(dang)", "（社区）", "记者", "通讯员:", "编辑:", "来源:", "责编", "摄", " ", "\n",
                            "2022-11-16", "年", "月", "日", "“", "”", "【", "]", "<", "\\", "\x00", "\u200b",
                            "\u202e", "\ufffd", "興", "縣", "日报", "讯", "张", "页:", "[1]", "设为首页", "相关内容"])


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(SNIPPETS | st.text(max_size=5), max_size=60).map("".join))
def test_article_any_text_reads_or_is_refused(reader_data, text: str) -> None:
    try:
        article = make_article(RawDoc("doc", text, "doc.txt"), reader_data)
    except ReadError:
        return
    assert article.text and article.text == article.text.strip()
    assert not set(article.text) & {"\x00", "\u200b", "\u202e", "\ufffd"}
    assert all(2 <= len(name) <= 4 for name in article.meta.authors + article.meta.editors)


@pytest.mark.parametrize("url,kept", [
    ("https://news.example.cn/a.html", "https://news.example.cn/a.html"),
    ("javascript:alert(1)", None), ("data:text/html,x", None), ("www.example.cn/a", None), ("", None),
])
def test_only_web_urls_are_kept(url, kept):
    from kg.reader.article import web_url

    assert web_url(url) == kept
