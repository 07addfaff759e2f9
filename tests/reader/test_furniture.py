from __future__ import annotations

import pytest

from kg.reader.furniture import remove_furniture
from kg.reader.rules import FurnitureRule

BODY = "近年来,我市加强农村基层党组织建设,深挖红色资源,打造了一批特色“红色村”,助推红色旅游产业发展,促进乡村振兴。"


@pytest.mark.parametrize("line", [
    "设为首页|加入收藏",                                          # sample 001
    "当前位置:当前位置:首页 >知识 >构建“大党建” 实干开新局 正文",    # sample 002
    "您的位置:首页 > 新闻中心 > 基层党建",
    "首页 > 新闻 > 正文",
    "(责任编辑:探索)",                                            # sample 002
    "责任编辑:张三",
    "【责任编辑:张三 李四】",
    "请输入验证码",                                               # sample 003
    "页:",                                                      # sample 000
    "[1]",
    "[1] [2] [3]",
    "上一页 1 2 3 下一页",
    "版权声明:凡注明“来源:XX平台”的所有作品,版权归XX有限公司。任何媒体转载须注明来源。",  # like sample 004
    "免责声明:本文仅代表作者观点。",
    "Copyright © 2020 某某网 All Rights Reserved",
    "某某网 版权所有 京ICP备12345678号",
    "分享到:微信 微博 QQ空间",
    "扫一扫在手机打开当前页",
    "【打印】【关闭】",
    "字号:大 中 小",
    "【字体：大 中 小】 分享到：微信 微博 QQ空间",
    "网站首页 | 新闻中心 | 政务公开 | 网站地图",
    "上一篇:关于开展主题党日活动的通知",
    "主办:某某县委组织部",
    "相关内容",
    "精彩推荐",
    "相关新闻：某县某镇：红色资源激活乡村旅游",  # one related link on the heading's line
    "• 相关新闻：某镇某村入选省级特色田园乡村",  # … after a bullet
    "• 上一篇  • 下一篇",
    "收录于合集 #基层党建 36个",  # a WeChat post's collection tags
])
def test_furniture_lines_removed(line: str, reader_data) -> None:
    cleaned = remove_furniture([BODY, line, BODY], reader_data.furniture)
    assert cleaned.lines == (BODY, BODY)


@pytest.mark.parametrize("line, kept", [
    ("2020-04-13 09:49:41 来源:中国传媒网 浏览量:", "2020-04-13 09:49:41 来源:中国传媒网"),   # sample 001
    ("[知识] 时间:2024-04-17 06:37:53 来源:蓝影头条 作者:百科 点击:12次",
     "[知识] 时间:2024-04-17 06:37:53 来源:蓝影头条 作者:百科"),                            # sample 002
    ("示范乡镇。来源:孝感党建、中共孝昌县委组织部 编辑:彭扬 责编:陈腊梅 终审:李健初",
     "示范乡镇。来源:孝感党建、中共孝昌县委组织部"),                                          # sample 003
    (BODY + "请输入验证码", BODY),
    (BODY + " 编辑:张三 李四", BODY),
    (BODY + "(责任编辑:张三)", BODY),
])
def test_furniture_tails_cut(line: str, kept: str, reader_data) -> None:
    assert remove_furniture([line], reader_data.furniture).lines == (kept,)


@pytest.mark.parametrize("line", [
    BODY,
    "通讯员:马江 黄正清",                       # bylines are metadata and entities, not furniture
    "汕尾日报记者钟佳韦",
    "2020-04-13 09:49:41 来源:中国传媒网",
    "推广“村(社区)干部+网格员+社工+志愿者”服务模式",
    "党建引领人才下沉",
    "他说:“相关内容我们会尽快公布。”",
    "他担任编辑:负责稿件审核",
    "当前位置:" + BODY * 4,                     # too long to be a breadcrumb: never dropped whole
])
def test_furniture_article_lines_kept(line: str, reader_data) -> None:
    assert remove_furniture([line], reader_data.furniture).lines == (line,)


def test_furniture_trailer_cut_only_late(reader_data) -> None:
    lines = [BODY, BODY, BODY, "相关内容", "某县召开党建工作会议", "友情链接", "某某网"]
    assert remove_furniture(lines, reader_data.furniture).lines == (BODY, BODY, BODY)
    wechat = [BODY, BODY, BODY, "往期推荐", "● 某街道：“红色管家”上岗啦", "阅读原文"]
    assert remove_furniture(wechat, reader_data.furniture).lines == (BODY, BODY, BODY)
    sidebar = [BODY, BODY, BODY, "热点排行", "某镇：“渔家议事会”议出和谐新风尚", "地址：某市某街道某路"]
    assert remove_furniture(sidebar, reader_data.furniture).lines == (BODY, BODY, BODY)
    early = ["相关阅读", BODY, BODY]     # a heading early on: only the heading goes
    assert remove_furniture(early, reader_data.furniture).lines == (BODY, BODY)


def test_furniture_editor_credits_kept_for_metadata(reader_data) -> None:
    cleaned = remove_furniture([BODY, "(责任编辑:探索)"], reader_data.furniture)
    assert cleaned.meta_text == ("(责任编辑:探索)",)
    assert ("credits.editor_line", "(责任编辑:探索)") in cleaned.removed


def test_furniture_custom_rule() -> None:
    rule = FurnitureRule.from_dict({"id": "x", "kind": "line", "pattern": "^广告$"})
    assert remove_furniture(["广告", BODY], [rule]).lines == (BODY,)


def test_a_menu_before_the_article_is_removed_but_a_list_after_prose_stays(reader_data) -> None:
    """Short lines of words alone, four or more in a row before the first line of prose, are
    a site's menu (宁德要闻 / 县区新闻 …); the same after prose (a roster of names) stays."""
    menu = ["首页", "本地要闻", "县区新闻", "党建在线", "乡村振兴"]
    roster = ["张三丰", "李四海", "王五岳", "赵六合"]
    lines = ["某县：党建引领乡村振兴", *menu, BODY, *roster]
    assert remove_furniture(lines, reader_data.furniture).lines == ("某县：党建引领乡村振兴", BODY, *roster)
    assert remove_furniture([*menu[1:4], BODY], reader_data.furniture).lines == (*menu[1:4], BODY)  # three are no menu
