from __future__ import annotations

import pytest

from kg.reader.mojibake import repair_line, repair_mojibake
from kg.reader.rules import load_reader_data

GOOD = "近年来，安吉县坚持党建引领，深入推进乡村治理工作。"


@pytest.fixture(scope="module")
def common():
    return load_reader_data().common_chars


@pytest.mark.parametrize("broken", [
    GOOD.encode("utf-8").decode("gbk", errors="replace"),  # 杩戝勾鏉ワ紝…
    GOOD.encode("utf-8").decode("latin-1"),  # è¿\x91å¹´…
    GOOD.encode("gb18030").decode("latin-1"),  # ½üÄêÀ´£¬…: a GB2312 page read as ISO-8859-1
    GOOD.encode("gb18030").decode("cp1252", errors="replace"),  # the same read as Windows-1252
])
def test_mojibake_lines_are_repaired(broken, common):
    fixed = repair_line(broken, common)
    assert fixed != broken
    assert sum(a == b for a, b in zip(fixed, GOOD)) >= len(GOOD) * 0.8


@pytest.mark.parametrize("clean", [GOOD, "村(社区)党组织书记培训", "Café au lait 2023", "鬯龘爨",
                                   "Ça a été très réussi à Besançon, dès Noël"])
def test_clean_text_is_untouched(clean, common):
    assert repair_line(clean, common) == clean


def test_only_broken_lines_change(common):
    text = GOOD + "\n" + GOOD.encode("utf-8").decode("gbk", errors="replace")
    fixed, n = repair_mojibake(text, common)
    assert n == 1 and fixed.split("\n")[0] == GOOD


def test_traditional_lines_are_untouched(common):
    """Mostly rare as written, common once converted: the line is kept as it is."""
    from kg.reader.encoding import common_share
    from kg.reader.normalize import to_simplified

    line = "近年來，臨縣堅持黨建引領，深入推進鄉村治理，網格員隊伍壯大，黨員幹部聯繫群眾。"
    assert common_share(line, common) < 0.6 <= common_share(line, common, to_simplified)
    assert repair_line(line, common, to_simplified) == line
    assert repair_mojibake(line + "\n" + GOOD, common, to_simplified) == (line + "\n" + GOOD, 0)
