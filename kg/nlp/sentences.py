"""Sentence and clause splitting for Chinese news text (pipeline stage ``kg_sentences``).

Sentences end at 。！？!? ；; …… and line breaks. A closing quote or bracket right
after the end mark stays with its sentence (他说：“……。” belongs together), and no
split happens inside an open quotation unless it runs past ``max_quote`` characters
(scraped pages often lose the closing quote). Clauses subdivide a sentence at ，,：:
— used by relation rules that look for the actor of a clause.
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import text_of

END_MARKS = set("。！？!?；;")
CLOSERS = set("”’」』）)】》\"'")
OPEN_Q = {"“": "”", "「": "」", "『": "』"}
CLAUSE_MARKS = set("，,：:")
# a word joining the items of a list (甲、乙和丙; 甲与乙; 甲以及乙), as a pattern: the list rules
# (parts, designations and their bearers, chained initiative names) all read lists with it
LIST_JOINER = "(?:以及|、|和|及|与)"
LIST_JOIN = re.compile(LIST_JOINER)  # compiled, for match/fullmatch between two items
# the mark of a numbered list item: 一、 （二） (3) 4. 5、
LIST_MARK = r"(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．])"
SENTENCE_BREAK = re.compile("[%s]" % re.escape("".join(sorted(END_MARKS | {"\n"}))))  # no sentence runs across one


# the characters that can change the state of ``split_sentences``: the others are skipped
MARKS = re.compile("[%s]" % re.escape("".join(sorted(END_MARKS | set(OPEN_Q) | set(OPEN_Q.values()) | {"\n", "…"}))))


def split_sentences(text: str, max_quote: int = 200) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (white space trimmed, none empty)."""
    spans: list[tuple[int, int]] = []
    start = 0
    quote_open_at = -1
    closer = ""
    n = len(text)
    for m in MARKS.finditer(text):
        i = m.start()
        if i < start:  # consumed by the sentence just closed (its closers, a second …)
            continue
        ch = text[i]
        if quote_open_at < 0 and ch in OPEN_Q:
            quote_open_at, closer = i, OPEN_Q[ch]
        elif quote_open_at >= 0 and ch == closer:
            quote_open_at = -1
        in_quote = quote_open_at >= 0 and i - quote_open_at <= max_quote
        end = None
        if ch == "\n":
            end = i
        elif ch in END_MARKS and not in_quote:
            end = i + 1
        elif ch == "…" and i + 1 < n and text[i + 1] == "…" and not in_quote:
            end = i + 2
        elif ch in END_MARKS and in_quote and i + 1 < n and text[i + 1] == closer:
            end = i + 2  # 。” closes both
        if end is None:
            continue
        while end < n and text[end] in CLOSERS and ch != "\n":
            end += 1
        _push(text, start, end, spans)
        if ch == "\n":
            end += 1  # the line break itself belongs to no sentence
        start = end
        quote_open_at = -1
    _push(text, start, n, spans)
    return spans


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


class ClauseCache:
    """``split_clauses`` memoized per sentence for one text (rules ask many times); one
    per ``Doc`` (``clauses_of``), shared by the relation and metric stages."""

    def __init__(self, text: str):
        self.text = text
        self._cache: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def __call__(self, start: int, end: int) -> list[tuple[int, int]]:
        key = (start, end)
        if key not in self._cache:
            self._cache[key] = split_clauses(self.text, start, end)
        return self._cache[key]


def clauses_of(doc: Doc) -> ClauseCache:
    """The clause cache of ``doc`` (made on first use, kept in ``doc.user_data``)."""
    cache = doc.user_data.get("kg_clauses")
    if cache is None:
        cache = doc.user_data["kg_clauses"] = ClauseCache(text_of(doc))
    return cache


OPENERS, CLOSERS_INSIDE = set(OPEN_Q) | set("(（"), set(OPEN_Q.values()) | set(")）")
CLAUSE_CHARS = re.compile("[%s]" % re.escape("".join(sorted(OPENERS | CLOSERS_INSIDE | CLAUSE_MARKS))))


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans inside one sentence span (split at commas and colons outside quotes)."""
    out: list[tuple[int, int]] = []
    depth = 0
    s = start
    for m in CLAUSE_CHARS.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS_INSIDE:
            depth = max(0, depth - 1)
        elif depth == 0:  # a clause mark
            if i > s:
                out.append((s, i))
            s = i + 1
    if end > s:
        out.append((s, end))
    return out


def sentence_of(sentences: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence span containing ``offset`` (binary search)."""
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s, e = sentences[mid]
        if offset < s:
            hi = mid - 1
        elif offset >= e:
            lo = mid + 1
        else:
            return s, e
    return (offset, offset)


class SentenceSplitter:
    def __init__(self, nlp: Language, name: str = "kg_sentences", max_quote: int = 200):
        self.name = name
        self.max_quote = max_quote

    def __call__(self, doc: Doc) -> Doc:
        spans = split_sentences(text_of(doc), self.max_quote)
        doc._.kg_sentences = spans
        if len(doc) and not doc.has_annotation("SENT_START"):
            # one vectorized write: setting token.is_sent_start one by one is quadratic
            idx = doc.to_array("IDX").astype("int64")  # strictly increasing
            starts = numpy.array([s for s, _ in spans], dtype="int64")
            at = numpy.searchsorted(idx, starts).clip(0, len(idx) - 1)
            values = numpy.full(len(idx), -1, dtype="int64")
            values[at[idx[at] == starts]] = 1
            values[0] = 1
            doc.from_array([SENT_START], values.astype("uint64").reshape(-1, 1))
        return doc


@Language.factory("kg_sentences", assigns=["doc._.kg_sentences", "token.is_sent_start"],
                  default_config={"max_quote": 200})
def make_sentence_splitter(nlp: Language, name: str, max_quote: int) -> SentenceSplitter:
    return SentenceSplitter(nlp, name, max_quote)
