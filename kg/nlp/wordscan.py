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


def first_ending(text: str, end: int, words: tuple[str, ...], start: int = 0) -> str | None:
    """The first of ``words`` (in list order) that ``text`` has right before ``end``,
    starting at ``start`` or after: a look-up per word length, not a test per word."""
    rank, lengths = _ending_index(words)
    best: tuple[int, str] | None = None
    for n in lengths:
        if n <= end - start and (i := rank.get(text[end - n:end])) is not None and (best is None or i < best[0]):
            best = (i, text[end - n:end])
    return best[1] if best else None


_ENDING_INDEX: dict[int, tuple[tuple[str, ...], dict[str, int], tuple[int, ...]]] = {}


def _ending_index(words: tuple[str, ...]) -> tuple[dict[str, int], tuple[int, ...]]:
    """Each word's place in the list (the first, for a repeated one) and the word lengths;
    remembered per list object (by identity: hashing a list of a hundred titles on every
    call cost as much as the look-up), the list kept with it so that its id stays its own."""
    found = _ENDING_INDEX.get(id(words))
    if found is None or found[0] is not words:
        if len(_ENDING_INDEX) >= 64:
            _ENDING_INDEX.clear()
        rank = {w: i for i, w in reversed(list(enumerate(words)))}
        found = _ENDING_INDEX[id(words)] = (words, rank, tuple(sorted({len(w) for w in words})))
    return found[1], found[2]
