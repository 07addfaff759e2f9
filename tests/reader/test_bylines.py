from __future__ import annotations

import pytest

from kg.reader.bylines import find_bylines, find_editors, find_outlet, parse_names, trailing_names


@pytest.mark.parametrize("text, outlet, names, photo", [
    ("汕尾日报记者钟佳韦近年来,我市加强农村基层党组织建设", "汕尾日报", ("钟佳韦",), False),   # sample 000
    ("图为市民游客参观文化馆。 汕尾日报记者 施辰亮 摄 党员带头", "汕尾日报", ("施辰亮",), True),  # sample 000
    ("通讯员:马江 黄正清", None, ("马江", "黄正清"), False),                                  # sample 001
    ("时间:2024-04-17 06:37:53 来源:蓝影头条 作者:百科", None, ("百科",), False),           # sample 002
    ("本报讯(记者 王小明 通讯员 李华)近日,", None, ("王小明",), False),
    ("本报记者 张三、李四", None, ("张三", "李四"), False),
    ("某某融媒体中心记者刘洋在现场看到", "某某融媒体中心", ("刘洋",), False),
    ("文/赵敏", None, ("赵敏",), False),
    ("记者 王芳 摄影报道", None, ("王芳",), True),
    ("特约记者 欧阳明", None, ("欧阳明",), False),
])
def test_bylines_found(text: str, outlet: str | None, names: tuple[str, ...], photo: bool, cues) -> None:
    byline = find_bylines(text, cues)[0]
    assert (byline.outlet, byline.names, byline.photo) == (outlet, names, photo)


@pytest.mark.parametrize("text", [
    "他接受记者采访时说",          # 记者 inside a sentence
    "记者了解到,全县共有",          # no name after the label
    "记者从县委组织部获悉",
    "作者:",
    "通讯员队伍不断壮大",
])
def test_bylines_none(text: str, cues) -> None:
    assert [b.names for b in find_bylines(text, cues)] == []


def test_bylines_glued_offset(cues) -> None:
    text = "汕尾日报记者钟佳韦近年来,我市"
    byline = find_bylines(text, cues)[0]
    assert text[byline.glued_at:] == "近年来,我市"


@pytest.mark.parametrize("text, expected", [
    ("编辑:彭扬 责编:陈腊梅 终审:李健初", ["彭扬", "陈腊梅", "李健初"]),   # sample 003
    ("(责任编辑:探索)", ["探索"]),                                      # sample 002
    ("责任编辑:张三、李四", ["张三", "李四"]),
    ("他担任编辑:负责稿件", []),
    ("新闻编辑部", []),
])
def test_bylines_editors(text: str, expected: list[str], cues) -> None:
    assert find_editors(text, cues) == expected


@pytest.mark.parametrize("line, expected", [
    ("用专项行动的实际成效促进基层基础稳步提升。(樊艳春)", ["樊艳春"]),   # sample 004 after t2s
    ("全面提升。(张三 李四)", ["张三", "李四"]),
    ("细化了乡镇、村(社区)", []),
    ("成立了党组织(完)", []),
    ("获批示范村(2019)", []),
])
def test_bylines_trailing_names(line: str, expected: list[str], cues) -> None:
    assert trailing_names(line, cues) == expected


@pytest.mark.parametrize("text, need_surname, expected", [
    ("钟佳韦近年来,我市", True, (["钟佳韦"], False, 3)),
    ("王小明在村里", True, (["王小明"], False, 3)),
    ("了解到,全县", True, ([], False, None)),
    ("张三 李四 摄", False, (["张三", "李四"], True, None)),
    ("马江  黄正清  ", False, (["马江", "黄正清"], False, None)),
])
def test_bylines_parse_names(text: str, need_surname: bool, expected, cues) -> None:
    assert parse_names(text, cues, need_surname) == expected


@pytest.mark.parametrize("text, expected", [
    ("汕尾日报记者钟佳韦近年来,我市", "汕尾日报"),
    ("某某县融媒体中心讯(通讯员 孙丽)12月1日,", "某某县融媒体中心"),
    ("本报讯 记者 王小明", None),
    ("近年来,某某日报记者走访了", None),
])
def test_bylines_find_outlet(text: str, expected: str | None, cues) -> None:
    assert find_outlet(text, cues) == expected
