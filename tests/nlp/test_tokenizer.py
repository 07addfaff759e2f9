from __future__ import annotations

import jieba
import pytest
from spacy.util import get_words_and_spaces

from kg.nlp.pipeline import make_nlp
from kg.nlp.tokenizer import char_words_and_spaces, words_and_spaces

TEXTS = ["近年来，我县推行“积分制”。", "  前导空格 and  two  spaces\n换行\t制表 ", "", "ABC 123", "全角　空格"]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("cut", ["char", "jieba"])
def test_alignment_equals_spacys(text, cut):
    words = list(text) if cut == "char" else [w for w in jieba.cut(text) if w]
    assert words_and_spaces(words, text) == get_words_and_spaces(words, text)


@pytest.mark.parametrize("text", TEXTS + [" 甲", "甲 ", "甲 \n 乙", "\n\n", " ", "甲  乙   "])
def test_character_alignment_in_runs_equals_the_general_one(text):
    assert char_words_and_spaces(text) == words_and_spaces(list(text), text)


def test_pipeline_tokens_keep_the_text():
    nlp = make_nlp("char", components=())
    text = TEXTS[1]
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert [t.text for t in doc][:3] == ["  ", "前", "导"]


@pytest.mark.parametrize("segmenter", ["char", "jieba"])
def test_tokenizer_keeps_the_text_for_the_components(segmenter):
    nlp = make_nlp(segmenter, components=())
    for text in TEXTS:
        doc = nlp.make_doc(text)
        assert doc.user_data["kg_text"] == doc.text == text


@pytest.mark.parametrize("text", TEXTS + ["甲 \n 乙"])
def test_character_words_given_as_orth_ids_make_the_same_tokens(text):
    nlp = make_nlp("char", components=())
    ids, spaces = char_words_and_spaces(text, lambda w: nlp.vocab[w].orth)
    assert [nlp.vocab.strings[i] for i in ids] == char_words_and_spaces(text)[0]
    assert [(t.text, t.whitespace_) for t in nlp.make_doc(text)] == \
        [(w, " " if s else "") for w, s in zip(*char_words_and_spaces(text))]


def test_word_missing_from_text_is_an_error():
    with pytest.raises(ValueError, match="not found"):
        words_and_spaces(["甲", "乙"], "甲丙")


@pytest.mark.parametrize("text", TEXTS + ["甲 \n 乙", "  ", "😀甲 乙", "甲 😀", "\n甲\n\n乙 "])
def test_character_orth_ids_looked_up_as_an_array_equal_the_word_by_word_ones(text):
    from kg.nlp.tokenizer import OrthCache, char_orths_and_spaces

    nlp = make_nlp("char", components=())
    ids, spaces = char_orths_and_spaces(text, OrthCache(nlp.vocab))
    assert ([nlp.vocab.strings[i] for i in ids], spaces) == char_words_and_spaces(text)
