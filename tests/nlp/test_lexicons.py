from __future__ import annotations

import shutil

import pytest

from kg.nlp import lexicons
from kg.paths import data_dir


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/lexicons and data/rules that a test may edit (KG_DATA_DIR points to it)."""
    for sub in ("lexicons", "rules"):
        shutil.copytree(data_dir() / sub, tmp_path / sub)
    monkeypatch.setenv("KG_DATA_DIR", str(tmp_path))
    return tmp_path


def write_slots(root, text):
    (root / "lexicons" / "slots.yaml").write_text(text, encoding="utf-8")


def test_a_slot_is_the_product_of_its_word_lists(data_copy):
    write_slots(data_copy, "committee:\n  - [[甲, 乙], [委]]\n  - [[丙], [党委, 党工委]]\n")
    assert lexicons.slots()["committee"] == ("甲委", "乙委", "丙党委", "丙党工委")
    assert lexicons.expand_slots(["书记", "{committee}书记"]) == ["书记", "甲委书记", "乙委书记", "丙党委书记", "丙党工委书记"]


def test_two_slots_in_one_entry_give_every_combination(data_copy):
    write_slots(data_copy, "a:\n  - [[甲, 乙]]\nb:\n  - [[部, 办]]\n")
    assert lexicons.expand_slots(["{a}{b}"]) == ["甲部", "甲办", "乙部", "乙办"]


def test_an_unknown_slot_is_an_error_naming_the_file(data_copy):
    (data_copy / "lexicons" / "extra.yaml").write_text('words: ["{no_such}书记"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"extra\.yaml: unknown slot \{no_such\}"):
        lexicons.load_yaml("lexicons", "extra.yaml")


def test_an_unquoted_slot_is_an_error_not_a_mapping(data_copy):
    (data_copy / "lexicons" / "extra.yaml").write_text("words: [书记, {party_committee}]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="in quotes"):
        lexicons.load_yaml("lexicons", "extra.yaml")


def test_a_malformed_slot_is_an_error(data_copy):
    write_slots(data_copy, "committee: [甲委, 乙委]\n")
    with pytest.raises(ValueError, match="list of products"):
        lexicons.slots()


def test_a_level_added_to_the_slots_brings_its_posts_organs_and_prefixes(data_copy):
    """The titles, the organ heads and the holds-position rule all read the committees
    from the one table."""
    from kg.nlp.orgs import load_lexicon as load_org_lexicon
    from kg.relations.rules import load_rules

    text = (data_copy / "lexicons" / "slots.yaml").read_text(encoding="utf-8")
    assert "苏木" not in text  # (loads are cached per file: nothing is loaded before the edit)
    write_slots(data_copy, text.replace("[[乡, 镇], [党委]]", "[[乡, 镇, 苏木], [党委]]"))
    assert {"苏木党委书记", "苏木党委副书记"} <= set(lexicons.load_titles())
    assert "苏木党委" in load_org_lexicon().generic
    title_rule = next(r for r in load_rules() if r.id == "holds_position.title")
    assert "苏木党委" in title_rule.organ_prefixes


def test_every_committee_has_its_posts():
    titles = set(lexicons.load_titles())
    for committee in lexicons.slots()["party_committee"]:
        assert {committee + "书记", committee + "副书记", committee + "常委"} <= titles
    for committee in lexicons.slots()["basic_committee"]:
        assert {committee + "书记", committee + "副书记"} <= titles
