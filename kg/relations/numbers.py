"""The number reader: quantities in Chinese text (used by the metric stage ``kg_metrics``).

Pure functions. ``find_quantities`` scans a text for numerals (Arabic with decimals and
thousands separators, or Chinese 三/两/一百五十), an optional scale (万, 亿, 千) and
approximation mark (余, 多), an optional measure word from ``data/lexicons/units.txt``
and the qualifier words around them; ``parse_quantity`` reads one such phrase:
2.9万余 → 29000 approx_min, 1.5亿 → 150000000, 近3年 → 3 年 approx_max, 80%以上 → 80 %
approx_min. Numeral conversion is cn2an's. Which quantities are metrics is decided
by the metric stage, not here.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Callable, Iterable, NamedTuple

import cn2an

from kg.nlp.lexicons import longest_first
from kg.nlp.wordscan import word_trie

APPROX_MIN, APPROX_MAX, APPROX = "approx_min", "approx_max", "approx"

#: qualifier words (annotation guide §3): before the numeral, between numeral and unit, after the unit
QUALIFIERS_BEFORE = {"近": APPROX_MAX, "将近": APPROX_MAX, "接近": APPROX_MAX, "不到": APPROX_MAX,
                     "不足": APPROX_MAX, "约": APPROX, "大约": APPROX, "逾": APPROX_MIN, "超过": APPROX_MIN,
                     "超": APPROX_MIN, "多达": APPROX_MIN}
QUALIFIERS_INNER = {"余": APPROX_MIN, "多": APPROX_MIN}
QUALIFIERS_AFTER = {"以上": APPROX_MIN, "之多": APPROX_MIN, "多": APPROX_MIN, "左右": APPROX, "上下": APPROX}
UNIT_ALIASES = {"％": "%"}

ARABIC = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"
CHINESE = r"[一二两三四五六七八九十][〇零一二两三四五六七八九十百千万亿]*"
#: ``ARABIC|CHINESE`` written to open with one class of first characters, the rest of either
#: kind told by the character just read: a pattern that opens so lets the regex engine skip
#: to the next such character instead of trying the whole pattern at every position.
CHINESE_REST = r"[〇零一二两三四五六七八九十百千万亿]*"
NUMERAL = rf"[\d一二两三四五六七八九十](?:(?<=\d)\d*(?:[,，]\d{{3}})*(?:\.\d+)?|(?<!\d){CHINESE_REST})"


@dataclass(frozen=True)
class Quantity:
    value: int | float
    unit: str | None = None
    qualifier: str | None = None


class QuantitySpan(NamedTuple):
    """A quantity found in a text: the whole phrase ``start:end`` and the numeral ``num_start:num_end``
    (a named tuple: the metric stage makes one per number of a corpus)."""

    start: int
    end: int
    num_start: int
    num_end: int
    quantity: Quantity
    chinese: bool = False

    def shifted(self, offset: int) -> "QuantitySpan":
        """The same span in a text where the scanned one starts at ``offset``."""
        return self._replace(start=self.start + offset, end=self.end + offset,
                       num_start=self.num_start + offset, num_end=self.num_end + offset)


@dataclass(frozen=True)
class NumberGrammar:
    units: tuple[str, ...]

    @classmethod
    def from_units(cls, units: Iterable[str]) -> "NumberGrammar":
        return cls(longest_first(units))

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return self._compile(NUMERAL)

    @cached_property
    def pattern_past_bare_chinese(self) -> re.Pattern[str]:
        """``pattern`` failing where it would match one Chinese numeral character alone (the
        一 of 一些): that match would end one character on, where a failed try moves the
        scan too, so all other matches stay as they are (for callers that drop such ones)."""
        grows = rf"(?=[余多]|{self._unit_alt}|{self._after_alt})"  # what else can follow it in ``pattern``
        return self._compile(NUMERAL.replace(CHINESE_REST, f"(?:{CHINESE_REST[:-1]}+|{grows})"))

    def _compile(self, numeral: str) -> re.Pattern[str]:
        return re.compile(
            rf"(?P<num>{numeral})(?P<inner1>[余多])?(?P<scale>千万|百万|万亿|[千万亿])?"
            rf"(?P<inner2>[余多])?(?P<unit>{self._unit_alt})?(?P<after>{self._after_alt})?"
        )

    @cached_property
    def _unit_alt(self) -> str:
        return word_trie(self.units) or "(?!)"  # units longest first (from_units)

    @cached_property
    def _after_alt(self) -> str:
        return "|".join(sorted(QUALIFIERS_AFTER, key=len, reverse=True))

    READINGS = 100_000  # remembered phrases: the same ones (3个, 2.9万元) recur across a corpus

    def reading(self, m: re.Match[str]) -> Reading | None:
        """What a phrase ``pattern`` matched says whatever stands before it (None: a numeral
        cn2an rejects, such as 十十). Remembered per phrase: the groups of a match depend only
        on the characters it holds, as the pattern looks neither behind nor ahead."""
        phrase = m.group()
        found = self._readings.get(phrase, False)
        if found is False:
            found = _reading(m)
            if len(self._readings) >= self.READINGS:
                self._readings.clear()
            self._readings[phrase] = found
        return found

    @cached_property
    def _readings(self) -> dict[str, Reading | None]:
        return {}


class Reading(NamedTuple):
    """A quantity phrase read on its own: ``quantity`` carries the qualifier written inside
    or after it (余, 以上), or none (``fixed`` false: one before it may still apply)."""

    quantity: Quantity
    fixed: bool
    num_length: int
    chinese: bool


def _reading(m: re.Match[str]) -> Reading | None:
    num, scale, inner1, inner2, unit, after = m.group("num", "scale", "inner1", "inner2", "unit", "after")
    try:
        value = to_number(num, scale or "")
    except (ValueError, KeyError, TypeError, OverflowError):  # cn2an rejects malformed numerals (十十, 二百百)
        return None
    qualifier = None
    for mark in (inner1, inner2):
        if mark:
            qualifier = QUALIFIERS_INNER[mark]
    if after:
        qualifier = QUALIFIERS_AFTER[after]
    unit = UNIT_ALIASES.get(unit, unit) if unit else None
    return Reading(Quantity(value, unit, qualifier), qualifier is not None, len(num), not num[0].isdigit())


@lru_cache(maxsize=1)
def default_grammar() -> NumberGrammar:
    from kg.nlp.lexicons import load_list

    return NumberGrammar.from_units(load_list("lexicons", "units.txt"))


THOUSANDS_SEPARATOR = re.compile(r"[,，]")
DECIMAL = re.compile(r"\d+(?:\.\d+)?")


@lru_cache(maxsize=65536)
def to_number(numeral: str, scale: str = "") -> int | float:
    """The value of a numeral with an optional scale word: ("2.9", "万") → 29000, ("三", "") → 3."""
    text = THOUSANDS_SEPARATOR.sub("", numeral) + scale
    if DECIMAL.fullmatch(text):
        value: int | float = float(text)
    else:
        value = cn2an.cn2an(text, "smart")
    value = round(float(value), 6)
    if not math.isfinite(value):  # 400 digits: no metric, and no xsd:decimal either
        raise ValueError(f"{numeral}{scale}: too large a number")
    return int(value) if value.is_integer() else value


QUALIFIER_LENGTHS = sorted({len(w) for w in QUALIFIERS_BEFORE}, reverse=True)
QUALIFIER_LAST_CHARS = frozenset(w[-1] for w in QUALIFIERS_BEFORE)


def _qualifier_before(text: str, pos: int, start: int = 0) -> tuple[str | None, int]:
    """The qualifier word ending at ``pos`` (the longest one), not reaching before ``start``."""
    if pos <= start or text[pos - 1] not in QUALIFIER_LAST_CHARS:
        return None, pos  # most numbers: no qualifier ends with the character before
    for n in QUALIFIER_LENGTHS:
        if pos - n >= start and text[pos - n:pos] in QUALIFIERS_BEFORE:
            return QUALIFIERS_BEFORE[text[pos - n:pos]], pos - n
    return None, pos


#: a test of a phrase's reading and match: those it fails are left out of the spans found
Keep = Callable[["Reading", re.Match[str]], bool]


def _span(text: str, m: re.Match[str], grammar: NumberGrammar, start: int, keep: Keep | None) -> QuantitySpan | None:
    """The quantity ``m`` reads in a scan from ``start``; None for digits matched after a
    digit or point before them (from ``start`` on: the tail of a longer number the scan
    started inside), a numeral cn2an rejects, or a phrase ``keep`` fails."""
    num_start = m.start()  # the numeral opens the match
    if num_start > start and (text[num_start - 1].isdigit() or text[num_start - 1] == ".") and text[num_start].isdigit():
        return None  # the rarest condition is asked first
    r = grammar.reading(m)
    if r is None or (keep is not None and not keep(r, m)):
        return None
    qualifier, begin = _qualifier_before(text, num_start, start)
    quantity = r.quantity if r.fixed or qualifier is None else Quantity(r.quantity.value, r.quantity.unit, qualifier)
    return QuantitySpan(begin, m.end(), num_start, num_start + r.num_length, quantity, r.chinese)


def find_quantities(text: str, grammar: NumberGrammar | None = None, start: int = 0,
                    end: int | None = None, keep: Keep | None = None, bare_chinese: bool = True) -> list[QuantitySpan]:
    """Every quantity phrase in ``text[start:end]``, left to right, not overlapping, with
    offsets into ``text`` (the part before ``start`` and from ``end`` on is not looked at);
    with ``keep``, only those passing it (a caller's filter, applied before a span is made);
    without ``bare_chinese``, no Chinese numeral standing alone (一 of 一些, 三 of 三个代表 is not alone)."""
    return quantities_by_span(text, [(start, len(text) if end is None else end)], grammar, keep, bare_chinese)[0]


def quantities_by_span(text: str, spans: list[tuple[int, int]], grammar: NumberGrammar | None = None,
                       keep: Keep | None = None, bare_chinese: bool = True) -> list[list[QuantitySpan]]:
    """``[find_quantities(text, grammar, s, e, keep, bare_chinese) for s, e in spans]`` (spans sorted and not
    overlapping, such as sentences) from one scan of the text instead of one per span: a
    match lying inside a span is the one that span's own scan finds there, as the pattern
    looks neither behind nor ahead; a span that a match runs into from before is read
    on its own (no sentence edge falls inside a quantity, so that is for other spans)."""
    grammar = grammar or default_grammar()
    out: list[list[QuantitySpan]] = [[] for _ in spans]
    if not spans:
        return out
    starts = [s for s, _ in spans]
    redo: set[int] = set()
    pattern = grammar.pattern if bare_chinese else grammar.pattern_past_bare_chinese
    for m in pattern.finditer(text, spans[0][0], spans[-1][1]):
        i = bisect_right(starts, m.start()) - 1
        if m.end() > spans[i][1]:  # runs past its span (or lies between two)
            reached = bisect_left(starts, m.end())  # the spans starting before the match ends
            redo.update(range(i + (m.start() >= spans[i][1]), reached))
            continue
        span = _span(text, m, grammar, starts[i], keep)
        if span is not None:
            out[i].append(span)
    for i in redo:
        out[i] = find_quantities(text, grammar, *spans[i], keep, bare_chinese)
    return out


def parse_quantity(text: str, grammar: NumberGrammar | None = None) -> Quantity | None:
    """The quantity a short phrase states (近3年, 2.9万余名, 80%以上), or None without a numeral.

    The first quantity in ``text`` is read; words before its qualifier are ignored.
    """
    found = find_quantities(text.strip(), grammar)
    return found[0].quantity if found else None
