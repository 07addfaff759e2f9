from __future__ import annotations

import pytest

from kg.reader.normalize import (clean_chars, fold_width, is_pinyin, normalize_lines, normalize_text,
                                 strip_pinyin, to_simplified)


@pytest.mark.parametrize("text, expected", [
    # sample 004: traditional script with pinyin readings, some followed by a space
    ("革命老區呂梁市興(xing) 縣漫山遍野的紅棗掛滿了枝頭", "革命老区吕梁市兴县漫山遍野的红枣挂满了枝头"),
    ("但並沒有打亂(luan) 人們(men) 的生活節奏。", "但并没有打乱人们的生活节奏。"),
    ("細化了鄉(xiang) 鎮、村(社區)不同層級", "细化了乡镇、村(社区)不同层级"),
    ("鄉(xiang) 村振興(xing) 、人才引進", "乡村振兴、人才引进"),
    ("黨(dang)", "党"),
    ("網(wǎng)", "网"),
    ("中國(zhōng guó) 人", "中国人"),
    ("興（xing）縣", "兴县"),
])
def test_normalize_traditional_and_pinyin(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


@pytest.mark.parametrize("text", [
    "推广“村(社区)干部+网格员+社工+志愿者”服务模式",   # sample 000
    "组织乡镇(区)党(工)委书记",                        # sample 003
    "乡党委(2019)",
    "世界卫生组织(WHO)",
    "国内生产总值(GDP)增长",
    "情形(a)",
    "第一(App) 下载",
    "高原(北京)文化传播有限公司",
])
def test_normalize_real_parentheses_kept(text: str) -> None:
    assert strip_pinyin(text) == text


@pytest.mark.parametrize("text, expected", [
    # ruby text flattened into the line: tone-marked pinyin next to Han or punctuation
    ("wǒ xiàn 我县推行“三务公开”", "我县推行“三务公开”"),
    ("乡村振兴 xiāng cūn zhèn xīng，要抓好。", "乡村振兴，要抓好。"),
    ("乡xiāng村cūn振兴", "乡村振兴"),
    ("党建引领 Dǎngjiàn yǐnlǐng 工作", "党建引领工作"),
    # after a digit or a plus sign, before Han text
    ("推行“党支部 + hé 合作社”模式，带动 86 míng 名妇女", "推行“党支部 +合作社”模式，带动 86名妇女"),
    # no tone mark, not all syllables, or not next to Han text: kept
    ("xiang cun 乡村", "xiang cun 乡村"),
    ("Café de Flore 在巴黎", "Café de Flore 在巴黎"),
    ("Pékin express", "Pékin express"),
    ("Café 2019 résumé", "Café 2019 résumé"),  # between digits and Latin text only
])
def test_normalize_pinyin_runs(text: str, expected: str) -> None:
    assert strip_pinyin(text) == expected


@pytest.mark.parametrize("annotation, expected", [
    ("dang", True), ("zhuan", True), ("xiang", True), ("wǎng", True), ("lü", True), ("nv3", True),
    ("zhong guo", True), ("Dang", True), ("WHO", False), ("app", False), ("a", False), ("xyz", False),
])
def test_normalize_is_pinyin(annotation: str, expected: bool) -> None:
    assert is_pinyin(annotation) is expected


@pytest.mark.parametrize("text, expected", [
    ("ＡＢＣ１２３", "ABC123"),
    ("增长３．５％", "增长3.5%"),
    ("全年，完成：（一）！？；", "全年，完成：（一）！？；"),   # Chinese punctuation kept
    ("“四化”并举,全力推动", "“四化”并举,全力推动"),         # ASCII comma in the source kept too
    ("党建\u3000引领", "党建 引领"),
    ("\u2f00\u2f08", "一人"),                                 # Kangxi radicals → unified
    ("ｱ｡", "ｱ。"),
])
def test_normalize_width(text: str, expected: str) -> None:
    assert fold_width(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("党\x00建", "党建"),
    ("党\u200b建\u200d", "党建"),
    ("\u202e党建\u202c\u200f", "党建"),
    ("\ufeff党建", "党建"),
    ("党\ufffd\ufffd建", "党建"),
    ("党\x1b[31m建", "党[31m建"),
    ("a\r\nb\rc\u2028d", "a\nb\nc\nd"),
    ("党\ue000建\ud800", "党建"),
])
def test_normalize_invisible_characters(text: str, expected: str) -> None:
    assert clean_chars(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("  党建   引领 \t 治理  \n\n\n 第二段 ", ["党建 引领 治理", "第二段"]),
    ("\n \n\t\n", []),
    ("一\v二\f三", ["一", "二", "三"]),
    ("党建\u00a0\u2003引领", ["党建 引领"]),
])
def test_normalize_white_space(text: str, expected: list[str]) -> None:
    assert normalize_lines(text) == expected


def test_normalize_simplified_text_unchanged() -> None:
    text = "孝昌县:坚持“四化”并举,全力推动基层党建向纵深发展"
    assert to_simplified(text) == text


def test_stacked_pinyin_goes_in_one_pass():
    from kg.reader.normalize import normalize_text

    once = normalize_text("黨(dang)(dang)建")
    assert once == "党建" and normalize_text(once) == once


def test_fold_width_changes_exactly_the_width_table_characters():
    """Character by character over the BMP (surrogates and the NFKC-folded compatibility
    ranges aside), inside a text and alone: what WIDTH_TABLE maps, and nothing else."""
    from kg.reader.normalize import COMPAT, WIDTH_TABLE

    chars = [chr(cp) for cp in range(0x20, 0x10000)
             if not 0xD800 <= cp <= 0xDFFF and not COMPAT.match(chr(cp)) and chr(cp) not in "．."]
    expected = [chr(WIDTH_TABLE.get(ord(c), ord(c))) for c in chars]
    assert fold_width("".join(chars)) == "".join(expected)
    assert [fold_width(c) for c in chars[::97]] == expected[::97]
    assert sum(a != b for a, b in zip(chars, expected)) == len(WIDTH_TABLE)
