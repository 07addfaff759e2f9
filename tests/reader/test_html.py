from __future__ import annotations

import pytest

from kg.reader.html import read_html

PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="gbk">
<title>某县召开党建工作会议_某某新闻网</title>
<meta name="PubDate" content="2022-11-16 10:04">
<meta name="ContentSource" content="某某日报">
<meta name="author" content="张三、李四">
<style>body { color: red } .x::before { content: "样式文字" }</style>
<script>document.write("脚本文字"); var s = "</p>";</script>
</head>
<body>
<div class="nav">设为首页|加入收藏</div>
<noscript>请开启脚本</noscript>
<template><p>模板文字</p></template>
<iframe src="javascript:alert(1)">框架文字</iframe>
<h1>某县召开党建工作会议</h1>
<p>第一段<b>加粗</b>文字。<a href="javascript:alert('x')">链接文字</a></p>
<p style="display: none">隐藏文字</p><div hidden>也隐藏</div>
<p>第二段<br>换行</p>
<table><tr><td>甲</td><td>乙</td></tr></table>
<pre>保留
  缩进</pre>
<!-- 注释文字 -->
</body></html>"""


def test_html_visible_text_only(reader_data) -> None:
    text, _ = read_html(PAGE, reader_data.cues)
    for hidden in ("脚本文字", "样式文字", "请开启脚本", "模板文字", "框架文字", "隐藏文字", "也隐藏", "注释文字",
                   "javascript", "color: red"):
        assert hidden not in text
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    assert lines == ["设为首页|加入收藏", "某县召开党建工作会议", "第一段加粗文字。链接文字", "第二段", "换行",
                     "甲 乙", "保留", "缩进"]


def test_html_head_metadata(reader_data) -> None:
    _, hints = read_html(PAGE, reader_data.cues)
    assert (hints.title, hints.date, hints.source, hints.authors) == (
        "某县召开党建工作会议", "2022-11-16 10:04", "某某日报", ("张三", "李四"))


@pytest.mark.parametrize("markup, expected", [
    ("", ""),
    ("<p>只有正文</p>", "只有正文"),
    ("纯文本没有标签", "纯文本没有标签"),
    ("<div>" * 5000 + "很深" + "</div>" * 5000, "很深"),          # deep nesting: no recursion error
    ("<p>a &lt;b&gt; &amp; &quot;c&quot;</p>", 'a <b> & "c"'),
    ("<p>未闭合<div>标签", "未闭合\n标签"),
])
def test_html_edge_cases(markup: str, expected: str, reader_data) -> None:
    text, _ = read_html(markup, reader_data.cues)
    assert "\n".join(ln.strip() for ln in text.splitlines() if ln.strip()) == expected
