"""Mojibake repair: text that was decoded with the wrong codec somewhere upstream.

Three kinds are common in scraped Chinese pages:

- UTF-8 bytes shown as GBK (``杩戝勾鏉ワ紝`` for 近年来，): the line is re-encoded
  as GB18030 and decoded as UTF-8;
- UTF-8 bytes shown as Latin-1 / cp1252 (``è¿‘å¹´``): repaired with ftfy;
- GBK bytes shown as Latin-1 / cp1252 (``Ïç´åÕñÐË`` for 乡村振兴, a GB2312 page read
  as ISO-8859-1): the line is re-encoded as Latin-1 (or cp1252) and decoded as GB18030.

A repair is kept only where it turns a line whose Han characters are mostly rare
into one whose Han characters are mostly common (the same measure the encoding
detector uses), so correct text is never touched.
"""
from __future__ import annotations

import re
from typing import Callable

from kg.reader.encoding import HAN, common_share

LATIN_MOJIBAKE = re.compile(r"[\u00c2-\u00ef][\u0080-\u00bf\u2018-\u203a\u0152-\u0192\u02c6-\u02dc]")
LATIN_HIGH = re.compile(r"[\u00a1-\u00ff]")  # what GBK's two-byte characters turn into, read as Latin-1
MIN_HAN = 4
GOOD = 0.6


def _gbk_round_trip(line: str) -> str:
    raw = line.encode("gb18030", errors="replace")
    return raw.decode("utf-8", errors="replace").replace("\ufffd", "").replace("?", "")


def _gbk_from_latin(line: str) -> str | None:
    """The line's bytes, read back as GB18030 (None when they are not Latin-1 / cp1252
    characters, or not GB18030)."""
    for codec in ("latin-1", "cp1252"):
        try:
            return line.encode(codec).decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return None


def repair_line(line: str, common: frozenset[str], t2s: Callable[[str], str] | None = None) -> str:
    if len(LATIN_HIGH.findall(line)) >= 2 * MIN_HAN and not HAN.search(line):
        fixed = _gbk_from_latin(line)
        if fixed is not None and len(HAN.findall(fixed)) >= MIN_HAN and common_share(fixed, common, t2s) >= GOOD:
            return fixed
    if LATIN_MOJIBAKE.search(line):
        import ftfy

        fixed = ftfy.fix_encoding(line)
        if fixed != line and len(HAN.findall(fixed)) >= 1:
            return fixed
    han = HAN.findall(line)
    if len(han) < MIN_HAN or sum(map(common.__contains__, han)) / len(han) >= GOOD:
        return line  # mostly common as it stands (nearly every line): no need to convert it first
    if t2s is not None and common_share(line, common, t2s) >= GOOD:
        return line
    fixed = _gbk_round_trip(line)
    if len(HAN.findall(fixed)) >= MIN_HAN // 2 and common_share(fixed, common, t2s) >= GOOD:
        return fixed
    return line


def repair_mojibake(text: str, common: frozenset[str],
                    t2s: Callable[[str], str] | None = None) -> tuple[str, int]:
    """``text`` with mojibake lines repaired, and how many lines were."""
    lines = text.split("\n")
    out = [repair_line(line, common, t2s) for line in lines]
    return "\n".join(out), sum(a != b for a, b in zip(lines, out))
