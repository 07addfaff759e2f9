"""spaCy's Chinese tokenizer with linear-time alignment (registered as ``kg.ChineseTokenizer``).

spaCy's ``ChineseTokenizer`` (char, jieba and pkuseg segmenters) aligns the
segmenter's words to the text with ``util.get_words_and_spaces``, which slices the
rest of the text for every word: quadratic, 2.4 s for a 280 k-character article.
This subclass keeps the segmenters and their settings and only replaces that
alignment with a linear one that yields the same words and spaces. For the char
segmenter it hands ``Doc`` each character's orth id, looked up for the whole text in
one array indexed by code point, instead of the character (no hashing and lexicon
search per token, and no Python step per character), and every
segmenter stores the text it was given as ``doc.user_data["kg_text"]``, which the
components read (``kg.nlp.extensions.text_of``) instead of joining the tokens again.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

import numpy
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.tokens import Doc
from spacy.util import registry


def words_and_spaces(words: Iterable[str], text: str) -> tuple[list[str], list[bool]]:
    """Same result as ``spacy.util.get_words_and_spaces``, in one pass over ``text``."""
    out_words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for word in words:
        if not word or word.isspace():
            continue
        start = text.find(word, pos)
        if start < 0:
            raise ValueError(f"segmenter word {word!r} not found in the text after offset {pos}")
        if start > pos:
            out_words.append(text[pos:start])
            spaces.append(False)
        out_words.append(word)
        spaces.append(False)
        pos = start + len(word)
        if pos < len(text) and text[pos] == " ":
            spaces[-1] = True
            pos += 1
    if pos < len(text):
        out_words.append(text[pos:])
        spaces.append(False)
    return out_words, spaces


WHITE_RUN = re.compile(r"(\s+)")


def char_words_and_spaces(text: str, orth: Callable[[str], int] | None = None) -> tuple[list, list[bool]]:
    """``words_and_spaces(text, text)`` (one word per character) without a Python step per
    character: the runs between white space are copied whole. With ``orth``, each word is
    given as ``orth(word)`` (its id in the vocabulary) instead."""
    words: list = []
    trailing: list[int] = []  # words followed by one space
    for i, run in enumerate(WHITE_RUN.split(text)):
        if not i % 2:  # characters: one word each
            words += run if orth is None else map(orth, run)
            continue
        if words and run[0] == " ":
            trailing.append(len(words) - 1)
            run = run[1:]
        if run:  # the rest of the white space is a word of its own
            words.append(run if orth is None else orth(run))
    spaces = [False] * len(words)
    for k in trailing:
        spaces[k] = True
    return words, spaces


class OrthCache(dict):
    """Word → orth id in ``vocab``, the lexeme made on the first look-up of a word (kept
    by the vocabulary for good, as ``Doc`` would keep it; no memory zones are used)."""

    def __init__(self, vocab):
        super().__init__()
        self.vocab = vocab
        self.bmp = numpy.zeros(0x10000, dtype=numpy.uint64)  # a character's orth id by code point (0: not yet)

    def __missing__(self, word: str) -> int:
        orth = self[word] = self.vocab[word].orth
        return orth

    def of_chars(self, text: str) -> numpy.ndarray | None:
        """Each character's orth id, by one array look-up for the whole text (None for a
        text with characters beyond the Basic Multilingual Plane)."""
        points = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32)
        if points.size and int(points.max()) >= len(self.bmp):
            return None
        ids = self.bmp[points]
        if not ids.all():
            for point in numpy.unique(points[ids == 0]).tolist():
                self.bmp[point] = self[chr(point)]
            ids = self.bmp[points]
        return ids


def char_orths_and_spaces(text: str, orths: OrthCache) -> tuple[list[int], list[bool]]:
    """``char_words_and_spaces(text, orths.__getitem__)`` from the characters' ids looked up
    as one array: only the runs of white space (a few per article) are seen one by one."""
    ids = orths.of_chars(text)
    if ids is None:
        return char_words_and_spaces(text, orths.__getitem__)
    runs = [m.span() for m in WHITE_RUN.finditer(text)]
    if not runs:
        return ids.tolist(), [False] * len(ids)
    keep, spaces = numpy.ones(len(ids), dtype=bool), numpy.zeros(len(ids), dtype=bool)
    for a, b in runs:
        if a and text[a] == " ":  # a space after a word is that word's
            spaces[a - 1], keep[a] = True, False
            a += 1
        if a < b:  # the rest of the white space is a word of its own
            ids[a], keep[a + 1:b] = orths[text[a:b]], False
    return ids[keep].tolist(), spaces[keep].tolist()


class LinearChineseTokenizer(ChineseTokenizer):
    def __init__(self, vocab, segmenter: Segmenter = Segmenter.char):
        super().__init__(vocab, segmenter)
        self._orths = OrthCache(vocab)

    def __call__(self, text: str) -> Doc:
        doc = self._doc(text)
        doc.user_data["kg_text"] = text  # every segmenter keeps the text exactly
        return doc

    def _doc(self, text: str) -> Doc:
        if self.segmenter == Segmenter.jieba:
            words: Iterable[str] = (w for w in self.jieba_seg.cut(text, cut_all=False) if w)
        elif self.segmenter == Segmenter.pkuseg:
            if self.pkuseg_seg is None:
                return super().__call__(text)  # spaCy's own error: pkuseg not initialized
            words = self.pkuseg_seg.cut(text)
        else:
            w, s = char_orths_and_spaces(text, self._orths)
            return Doc(self.vocab, words=w, spaces=s)
        w, s = words_and_spaces(words, text)
        return Doc(self.vocab, words=w, spaces=s)


@registry.tokenizers("kg.ChineseTokenizer")
def create_tokenizer(segmenter: Segmenter = Segmenter.char):
    def factory(nlp):
        return LinearChineseTokenizer(nlp.vocab, segmenter=segmenter)

    return factory
