"""Figures in tables written as text: rows of cells apart by white space, one row a line.

Two layouts are read (annotation guide §3: a number about a named subject):

- a header row of column names, then rows that open with an entity and give one number
  per column (``乡镇 集体经济总收入 经营性收入`` / ``某镇 5126 2380``): each number is the row's
  entity's, its indicator the column's name;
- a grid of pairs (``某镇 1860 某乡 2630 某乡 2240``) under a heading line: each number is
  the entity before it's, its indicator the heading's.

The unit comes from the column's name (收入（万元）) or the heading's ``单位：万元、个``:
with several, a column counting things (…以上村, 户数) takes the measure word and one of
money (收入, 资金) the money unit. A row whose first cell is no entity (合计, 县直统筹) is
skipped. The numbers of a table and its header are read nowhere else.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from kg.relations.metric_rules import MetricRules
from kg.relations.numbers import NumberGrammar, Quantity, QuantitySpan, parse_quantity
from kg.relations.sections import DECOR, Mention
from kg.spans import Span, line_spans


class TableFigure(NamedTuple):
    """One number of a table: whose it is, what it counts, and the row it stands in."""

    subject: str
    indicator: str
    quantity: QuantitySpan
    year: int | None
    row: Span


CELL = re.compile(r"[^ \t\u3000]+")
NUMBER_CELL = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
# a line that may be a row: a word, a space, a number (most texts have none, and are done)
MAYBE_ROW = re.compile(r"[\u4e00-\u9fff][ \t\u3000]+\d[\d,.]*%?(?:[ \t\u3000]|$)", re.M)
UNITS = re.compile(r"单位[:：]\s*([^）)\n]{1,20})")
COLUMN_UNIT = re.compile(r"[（(]([^（）()\d]{1,4})[)）]$")
HEADING_TAIL = re.compile(r"(?:[（(][^（）()]*[)）])?[:：]?$")
YEAR = re.compile(r"((?:19|20)\d{2})年")
MIN_ROWS = 2


class _Line(NamedTuple):
    start: int
    end: int
    cells: list[Span]


def find_table_figures(text: str, mentions: list[Mention], rules: MetricRules,
                       grammar: NumberGrammar) -> tuple[list[TableFigure], list[Span]]:
    """The figures of the tables in ``text`` and the spans (header and rows) they cover.
    ``mentions``: the outermost entity mentions, sorted by start."""
    if not MAYBE_ROW.search(text):
        return [], []
    lines = [_Line(s, e, [m.span() for m in CELL.finditer(text, s, e)]) for s, e in line_spans(text)]
    by_start = {m.start: m for m in mentions}
    figures: list[TableFigure] = []
    covered: list[Span] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_row(text, lines[j]) and len(lines[j].cells) == len(lines[i].cells):
            j += 1
        if j - i >= MIN_ROWS:
            found = _read_block(text, lines, i, j, by_start, rules, grammar)
            if found is not None:
                figures += found[0]
                covered.append(found[1])
            i = j
        else:
            i += 1
    return figures, covered


def _is_row(text: str, line: _Line) -> bool:
    """Cells of words and of bare numbers, at least two, a number among them."""
    kinds = [bool(NUMBER_CELL.fullmatch(text, s, e)) for s, e in line.cells]
    return len(kinds) >= 2 and any(kinds) and not all(kinds)


def _read_block(text: str, lines: list[_Line], i: int, j: int, by_start: dict[int, Mention],
                rules: MetricRules, grammar: NumberGrammar) -> tuple[list[TableFigure], Span] | None:
    rows = lines[i:j]
    width = len(rows[0].cells)
    header = lines[i - 1] if i and len(lines[i - 1].cells) == width and not _is_row(text, lines[i - 1]) else None
    heading_at = i - 1 - (header is not None)
    heading = text[lines[heading_at].start:lines[heading_at].end] if heading_at >= 0 else ""
    units = _units(heading + (text[header.start:header.end] if header else ""))
    year_m = YEAR.search(heading)
    year = int(year_m.group(1)) if year_m else None
    first = rows[0].start if header is None else header.start
    figures: list[TableFigure] = []
    if header is not None and all(_numbers_after_first(text, r) for r in rows):
        names = [text[s:e] for s, e in header.cells]
        for row in rows:
            subject = _entity(row.cells[0], by_start)
            if subject is None:
                continue
            for k, cell in enumerate(row.cells[1:], 1):
                figures += _figure(text, cell, subject, _indicator(names[k]),
                                   _column_unit(names[k], units, rules), year, row, grammar)
    elif width % 2 == 0 and all(_pairs(text, r) for r in rows):
        indicator = _indicator(heading[DECOR.match(heading).end():].removeprefix("附：").strip())
        for row in rows:
            for k in range(0, width, 2):
                subject = _entity(row.cells[k], by_start)
                if subject is not None:
                    figures += _figure(text, row.cells[k + 1], subject, indicator,
                                       units[0] if len(units) == 1 else None, year, row, grammar)
    else:
        return None
    return figures, (first, rows[-1].end)


def _numbers_after_first(text: str, row: _Line) -> bool:
    return not NUMBER_CELL.fullmatch(text, *row.cells[0]) and all(NUMBER_CELL.fullmatch(text, *c) for c in row.cells[1:])


def _pairs(text: str, row: _Line) -> bool:
    return all(bool(NUMBER_CELL.fullmatch(text, *c)) == (k % 2 == 1) for k, c in enumerate(row.cells))


def _entity(cell: Span, by_start: dict[int, Mention]) -> str | None:
    """The entity a cell names whole."""
    m = by_start.get(cell[0])
    return m.entity.id if m is not None and m.end == cell[1] else None


def _units(heading: str) -> list[str]:
    m = UNITS.search(heading)
    return [u.strip() for u in re.split(r"[、，,/；;]", m.group(1)) if u.strip()] if m else []


def _column_unit(name: str, units: list[str], rules: MetricRules) -> str | None:
    """The unit of a column: its own (收入（万元）), the only one of the table, or the one
    that fits what it counts."""
    own = COLUMN_UNIT.search(name)
    if own:
        return own.group(1)
    if len(units) <= 1:
        return units[0] if units else None
    money = [u for u in units if u.endswith("元")]
    counts = [u for u in units if not u.endswith("元")]
    if name.endswith(rules.table_count_ends) and counts:
        return next((u for u in counts if name.endswith(u)), counts[0])
    if any(w in name for w in rules.table_money_words) and money:
        return money[0]
    return None


def _indicator(name: str) -> str:
    return HEADING_TAIL.sub("", name).strip()


def _figure(text: str, cell: Span, subject: str, indicator: str, unit: str | None, year: int | None,
            row: _Line, grammar: NumberGrammar) -> list[TableFigure]:
    numeral = text[cell[0]:cell[1]]
    quantity = parse_quantity(numeral if numeral.endswith("%") or not unit else numeral + unit, grammar)
    if quantity is None:
        return []
    if quantity.unit is None and unit:
        quantity = Quantity(quantity.value, unit)
    q = QuantitySpan(cell[0], cell[1], cell[0], cell[1] - numeral.endswith("%"), quantity)
    return [TableFigure(subject, indicator, q, year, (row.start, row.end))]
