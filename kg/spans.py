"""Character spans ``(start, end)`` and the one lookup every stage needs on them."""
from __future__ import annotations

from bisect import bisect_left

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
