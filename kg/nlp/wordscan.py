"""Finding words in a text: one pattern for a whole word list, and the occurrences of
one word without a regular expression compiled for it (the recognizers call these
per article, so no per-call compiling or pattern-cache churn)."""
from __future__ import annotations

import re
from typing import Iterable, Iterator


def any_word(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern for a word list: matched at a position it gives the first word of the
    list found there (the longest, for a ``longest_first`` list); searched, whether any
    word occurs. An empty list never matches."""
    words = list(words)
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


def occurrences(text: str, word: str) -> Iterator[int]:
    """Start offsets of ``word`` in ``text``, left to right, not overlapping: the starts
    ``re.finditer(re.escape(word), text)`` gives (every offset for an empty word)."""
    if not word:
        yield from range(len(text) + 1)
        return
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + len(word))
