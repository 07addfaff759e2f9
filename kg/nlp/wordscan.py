"""Finding words in a text: one pattern for a whole word list, and the occurrences of
one word without a regular expression compiled for it (the recognizers call these
per article, so no per-call compiling or pattern-cache churn)."""
from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")


def alternation(words: Iterable[str]) -> str:
    """The words as one regular-expression alternation, in list order, to write into a
    larger pattern (推行|实施|…)."""
    return "|".join(map(re.escape, words))


def any_word(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern for a word list: matched at a position it gives the first word of the
    list found there (the longest, for a ``longest_first`` list); searched, whether any
    word occurs. An empty list never matches."""
    return re.compile(alternation(words) or "(?!)")


def longest_word(words: Iterable[str]) -> re.Pattern[str]:
    """``any_word(words)`` for a list whose longer words come before their prefixes (a
    ``longest_first`` list), written as a trie (``word_trie``)."""
    return re.compile(word_trie(words) or "(?!)")


def word_trie(words: Iterable[str]) -> str:
    """The alternation of a longest-first word list as a trie (甲(?:乙丙|丁)?): at each
    position the engine reads each next character once instead of trying every word in
    turn, and takes the longest word there, as the list order would ("" for no words)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _alternatives(trie)


def _alternatives(node: dict) -> str:
    branches = [re.escape(ch) + _alternatives(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:%s)" % "|".join(branches)
    return f"(?:{body})?" if "" in node else body


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


def by_identity(fn: Callable[[tuple[str, ...]], T]) -> Callable[[tuple[str, ...]], T]:
    """``fn(words)`` remembered per list object, by identity (the list kept with the result,
    so that its id stays its own): an ``lru_cache`` hashes the whole list on every call,
    which for a hundred titles costs as much as the look-up it saves."""
    memo: dict[int, tuple[tuple[str, ...], T]] = {}

    def cached(words: tuple[str, ...]) -> T:
        found = memo.get(id(words))
        if found is None or found[0] is not words:
            if len(memo) >= 64:
                memo.clear()
            found = memo[id(words)] = (words, fn(words))
        return found[1]

    return cached


@by_identity
def _ending_index(words: tuple[str, ...]) -> tuple[dict[str, int], tuple[int, ...]]:
    """Each word's place in the list (the first, for a repeated one) and the word lengths."""
    return {w: i for i, w in reversed(list(enumerate(words)))}, tuple(sorted({len(w) for w in words}))
