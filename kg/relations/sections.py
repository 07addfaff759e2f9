"""Sections headed by a place: in a showcase (一起来看——), a line that is a place's name
alone (寺登村; 一、寺登村; 【寺登村】) heads the lines after it, and what they report with no
subject of their own (依托古集市，推行“某”机制，成立商户党小组5个) is that place's.

Two such headings at least make a showcase; a section runs to the next heading, the
last one over its first paragraph only (what follows is the article's close). When the
names stand bare under marked headings of a list (一、某称号（2个）), a marked line ends
the section before it: its count is no village's.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Protocol, Sequence

from kg.nlp.sentences import LIST_MARK
from kg.records import Entity
from kg.spans import line_spans

DECOR = re.compile(rf"[ \t\u3000]*(?:{LIST_MARK}|[【\[〖▶►●◆■★☆·•])?[ \t\u3000]*")
MARKED_LINE = re.compile(rf"[ \t\u3000]*{LIST_MARK}")
HEADING_END = re.compile(r"[ \t\u3000]*[】\]〗]?[ \t\u3000]*[:：]?[ \t\u3000]*")
MIN_HEADINGS = 2


class Mention(Protocol):
    start: int
    end: int
    entity: Entity


class Sections:
    """The place heading the section that holds an offset, if any."""

    def __init__(self, text: str, mentions: Sequence[Mention]) -> None:
        places = {m.start: m for m in mentions if m.entity.type == "PLACE"}
        heads = [(start, end, place) for start, end in line_spans(text)  # (line start, line end, place)
                 if (place := _heading(text, start, end, places)) is not None]
        self.spans: list[tuple[int, int, Entity]] = []
        if len(heads) >= MIN_HEADINGS:
            # names listed bare under marked headings (一、某称号（2个）): a marked line ends a section
            breaks = [] if any(MARKED_LINE.match(text, s) for s, _, _ in heads) else \
                [s for s, _ in line_spans(text) if MARKED_LINE.match(text, s)]
            for k, (_, line_end, place) in enumerate(heads):
                if k + 1 < len(heads):
                    stop = heads[k + 1][0]
                else:  # the last section: its first paragraph
                    stop = next(line_spans(text, line_end + 1), (0, len(text)))[1]
                i = bisect_right(breaks, line_end)
                self.spans.append((line_end, min(stop, breaks[i]) if i < len(breaks) else stop, place))
        self._starts = [s for s, _, _ in self.spans]

    def at(self, pos: int) -> Entity | None:
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]:
            return self.spans[i][2]
        return None


def _heading(text: str, start: int, end: int, places: dict[int, Mention]) -> Entity | None:
    """The place a line from ``start`` to ``end`` names alone (a chain 某镇某村 names its last)."""
    pos = DECOR.match(text, start, end).end()
    m = places.get(pos)
    if m is None:
        return None
    while (nxt := places.get(m.end)) is not None:
        m = nxt
    return m.entity if HEADING_END.fullmatch(text, m.end, end) else None
