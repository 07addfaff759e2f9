from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.reader.rules import FurnitureRule, MetadataCues, RuleError, load_reader_data

from .conftest import ROOT


def test_rules_data_files_load(reader_data) -> None:
    assert len(reader_data.furniture) > 10 and len({r.id for r in reader_data.furniture}) == len(reader_data.furniture)
    assert {"钟", "欧阳"} <= reader_data.surnames
    assert len(reader_data.common_chars) == 2500
    assert "记者" in reader_data.cues.author_labels and "终审" in reader_data.cues.editor_labels


@pytest.mark.parametrize("entry, message", [
    ({"id": "x", "kind": "line", "pattern": "^a$", "colour": "red"}, "unknown keys"),
    ({"id": "x", "kind": "block", "pattern": "^a$"}, "kind must be one of"),
    ({"id": "x", "kind": "line", "pattern": "(unclosed"}, "bad pattern"),
])
def test_rules_bad_furniture_rule(entry: dict, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        FurnitureRule.from_dict(entry)


def test_rules_bad_metadata_cues() -> None:
    with pytest.raises(RuleError, match="unknown keys"):
        MetadataCues.from_dict({"author_label": ["记者"]})


def test_rules_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="missing"):
        load_reader_data(tmp_path)


def test_rules_other_folder(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data" / "reader", tmp_path, dirs_exist_ok=True)
    (tmp_path / "furniture.yaml").write_text("rules:\n  - {id: only, kind: line, pattern: '^广告$'}\n",
                                             encoding="utf-8")
    assert [r.id for r in load_reader_data(tmp_path).furniture] == ["only"]


def test_rules_no_sample_names_in_code_or_data() -> None:
    """Rules must be general: no name from the gold files in kg/reader or data/reader."""
    gold_dir = ROOT.parent / "shared" / "gold"
    if not gold_dir.is_dir():
        pytest.skip("../shared/gold is not next to this checkout")
    names: set[str] = set()
    for path in gold_dir.glob("*.json"):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for ent in gold["entities"]:
            names.update([ent["name"], *ent.get("aliases", [])])
        meta = gold["meta"]
        names.update([*meta["authors"], *meta["editors"], meta["source"] or ""])
    names = {n for n in names if len(n) >= 2}
    files = [*(ROOT / "kg" / "reader").glob("*.py"), *(ROOT / "data" / "reader").iterdir()]
    for path in files:
        if path.name == "common_chars.txt":      # a character list: any two neighbours form a "word"
            continue
        text = path.read_text(encoding="utf-8")
        assert not [n for n in names if n in text], path
