"""Character spans ``(start, end)``, the one lookup every stage needs on them, and lines as spans."""
from __future__ import annotations

from bisect import bisect_left
from typing import Iterator

Span = tuple[int, int]


def overlaps_any(spans: list[Span], start: int, end: int, window: int = 64) -> bool:
    """Whether [start, end) overlaps one of ``spans`` (sorted by start, none longer than
    ``window``): a bisection, so a long article does not cost O(n²)."""
    i = bisect_left(spans, (start - window, -1))
    while i < len(spans) and spans[i][0] < end:
        if start < spans[i][1]:
            return True
        i += 1
    return False


def line_spans(text: str, pos: int = 0) -> Iterator[Span]:
    """The (start, end) of each line of ``text`` from ``pos``, without its line break."""
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        yield pos, end
        pos = end + 1
