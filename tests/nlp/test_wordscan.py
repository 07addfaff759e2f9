from __future__ import annotations

import re

import pytest

from kg.nlp.wordscan import any_word, occurrences


@pytest.mark.parametrize("text,word", [("甲乙甲乙甲", "甲乙"), ("啊啊啊啊啊", "啊啊"), ("", "甲"), ("甲乙", ""), ("abc", "x")])
def test_occurrences_are_the_starts_finditer_gives(text, word):
    assert list(occurrences(text, word)) == [m.start() for m in re.finditer(re.escape(word), text)]


def test_any_word_takes_the_first_listed_word_and_an_empty_list_never_matches():
    assert any_word(["县委书记", "书记"]).match("县委书记").group() == "县委书记"
    assert any_word(["书", "书记"]).match("书记").group() == "书"
    assert any_word([]).search("任何文字") is None
    assert any_word(["a.b"]).search("axb") is None  # words are literal


def test_first_ending_takes_list_order_and_respects_the_start():
    from kg.nlp.wordscan import first_ending

    assert first_ending("县委副书记", 5, ("副书记", "书记", "县委副书记")) == "副书记"
    assert first_ending("县委副书记", 5, ("县委副书记", "书记")) == "县委副书记"
    assert first_ending("县委副书记", 5, ("县委副书记",), start=1) is None  # would start before 1
    assert first_ending("县委副书记", 4, ("书记",)) is None
    assert first_ending("活动", 2, ()) is None


def test_first_ending_is_right_for_every_list_object_even_past_the_remembered_ones():
    from kg.nlp.wordscan import first_ending

    lists = [tuple(f"{w}{i}" for w in ("书记", "记")) for i in range(100)]  # more lists than remembered
    for _ in range(2):
        for i, words in enumerate(lists):
            text = f"县委书记{i}"
            assert first_ending(text, len(text), words) == f"书记{i}"
            assert first_ending(text, len(text), words[::-1]) == f"记{i}"


def test_longest_word_matches_as_any_word_over_a_longest_first_list():
    import random

    from kg.nlp.lexicons import longest_first
    from kg.nlp.wordscan import any_word, longest_word

    rng = random.Random(0)
    for _ in range(2000):
        words = longest_first("".join(rng.choice("甲乙丙") for _ in range(rng.randint(1, 4)))
                              for _ in range(rng.randint(0, 6)))
        text = "".join(rng.choice("甲乙丙丁") for _ in range(rng.randint(0, 30)))
        plain, trie = any_word(words), longest_word(words)
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert [m and m.end() for m in map(trie.match, [text] * len(text), range(len(text)))] == \
            [m and m.end() for m in map(plain.match, [text] * len(text), range(len(text)))]
