"""spaCy's Chinese tokenizer with linear-time alignment (registered as ``kg.ChineseTokenizer``).

spaCy's ``ChineseTokenizer`` (char, jieba and pkuseg segmenters) aligns the
segmenter's words to the text with ``util.get_words_and_spaces``, which slices the
rest of the text for every word: quadratic, 2.4 s for a 280 k-character article.
This subclass keeps the segmenters and their settings and only replaces that
alignment with a linear one that yields the same words and spaces. For the char
segmenter it hands ``Doc`` each character's orth id from a cache instead of the
character (one dictionary look-up, no hashing and lexicon search per token), and every
segmenter stores the text it was given as ``doc.user_data["kg_text"]``, which the
components read (``kg.nlp.extensions.text_of``) instead of joining the tokens again.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

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

    def __missing__(self, word: str) -> int:
        orth = self[word] = self.vocab[word].orth
        return orth


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
            w, s = char_words_and_spaces(text, self._orths.__getitem__)
            return Doc(self.vocab, words=w, spaces=s)
        w, s = words_and_spaces(words, text)
        return Doc(self.vocab, words=w, spaces=s)


@registry.tokenizers("kg.ChineseTokenizer")
def create_tokenizer(segmenter: Segmenter = Segmenter.char):
    def factory(nlp):
        return LinearChineseTokenizer(nlp.vocab, segmenter=segmenter)

    return factory
