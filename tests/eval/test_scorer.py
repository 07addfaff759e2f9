"""Tests of kg.eval.scorer: exact counts on hand-made pairs, and agreement with
shared/eval/score.py on synthetic predictions made from the gold files."""
from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from kg.eval import format_report, score_files, score_records
from kg.eval.normalize import name_forms

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REFERENCE = SHARED / "eval" / "score.py"
GOLD_DIR = SHARED / "gold"


def ent(etype: str, name: str, *aliases: str, optional: bool = False, eid: str | None = None) -> dict:
    e = {"type": etype, "name": name, "aliases": list(aliases) or [name]}
    if optional:
        e["optional"] = True
    if eid:
        e["id"] = eid
    return e


GOLD = {
    "doc": "d1",
    "entities": [
        ent("PLACE", "孝昌县", "孝昌县", "孝昌"),
        ent("MECHANISM", "四事工作法", "“四事工作法”"),
        ent("PROGRAM", "一亲三心", "“一亲三心”活动"),
        ent("PERSON", "沈腾"),
        ent("ORG", "孝昌县委组织部"),
        ent("PLACE", "冯山社区"),
        ent("MECHANISM", "三会一课", optional=True),
    ],
    "relations": [
        {"type": "IMPLEMENTS", "head": "孝昌县", "tail": "四事工作法"},
        {"type": "IMPLEMENTS", "head": "孝昌县", "tail": "三会一课"},
        {"type": "HOLDS_POSITION", "head": "沈腾", "tail": "孝昌县委组织部", "title": "部长"},
        {"type": "RECOGNIZED_AS", "head": "冯山社区", "tail": "全国民主法治示范村"},
    ],
    "metrics": [
        {"subject": "孝昌县", "indicator": "设立党小组", "value": 875, "unit": "个"},
        {"subject": "孝昌县", "indicator": "党员", "value": 29000, "unit": "名"},
    ],
}

PRED = {
    "doc": "d1",
    "entities": [
        ent("PLACE", "孝昌", eid="e1"),  # alias match
        ent("PROGRAM", "四事工作法", eid="e2"),  # wrong strict type, right when merged
        ent("PROGRAM", "一亲三心活动", eid="e3"),  # generic head dropped
        ent("PERSON", "沈腾", eid="e4"),
        ent("ORG", "县委组织部", eid="e5"),  # FP ORG; gold ORG is a FN
        ent("MECHANISM", "三会一课", eid="e6"),  # optional: neither way
        ent("PLACE", "孝昌县", eid="e7"),  # duplicate: FP PLACE, still resolves to 孝昌县
    ],
    "relations": [
        {"type": "IMPLEMENTS", "head": "e7", "tail": "e2"},  # via the duplicate: TP
        {"type": "IMPLEMENTS", "head": "e1", "tail": "e6"},  # optional tail: ignored
        {"type": "IMPLEMENTS", "head": "e1", "tail": "e3"},  # FP
        {"type": "HOLDS_POSITION", "head": "e4", "tail": "e5", "attrs": {"title": "部长"}},  # FP (tail unmatched)
        {"type": "LOCATED_IN", "head": "e5", "tail": "e1", "source": "gazetteer"},  # not scored
    ],
    "metrics": [
        {"subject": "e1", "value": 875, "unit": "个"},  # TP
        {"subject": "e7", "value": 29000.0, "unit": None},  # TP (no unit: agrees)
        {"subject": "e1", "value": 3, "unit": "名"},  # FP
        {"subject": "e6", "value": 4, "unit": "次"},  # optional subject: ignored
    ],
}


def counts(result, label):
    t = result.tallies[label]
    return (t.tp, t.fp, t.fn)


def test_scorer_exact_counts_on_hand_made_pair():
    r = score_records({"d1": GOLD}, {"d1": PRED})
    assert counts(r, "entity PLACE") == (1, 1, 1)  # 孝昌 ok; 孝昌县 duplicate FP; 冯山社区 FN
    assert counts(r, "entity MECHANISM") == (0, 0, 1)
    assert counts(r, "entity PROGRAM") == (1, 1, 0)
    assert counts(r, "entity ORG") == (0, 1, 1)
    assert counts(r, "entity PERSON") == (1, 0, 0)
    assert counts(r, "entity INITIATIVE (merged)") == (2, 0, 0)
    assert counts(r, "entities (micro)") == (3, 3, 3)
    assert counts(r, "relation IMPLEMENTS") == (1, 1, 0)
    assert counts(r, "relation HOLDS_POSITION") == (0, 1, 1)
    assert counts(r, "relation RECOGNIZED_AS") == (0, 0, 1)
    assert "relation LOCATED_IN" not in r.tallies
    assert counts(r, "metrics") == (2, 1, 0)
    assert r.summary_line() == "SUMMARY docs=1 entity_f1=0.500 relation_f1=0.333 metric_f1=0.800"


def test_scorer_title_accuracy_and_designation_containment():
    gold = copy.deepcopy(GOLD)
    pred = copy.deepcopy(PRED)
    pred["entities"][4] = ent("ORG", "孝昌县委组织部", eid="e5")
    pred["entities"].append(ent("PLACE", "冯山社区", eid="e8"))
    pred["relations"][3]["attrs"] = {"title": "副部长"}
    pred["relations"].append({"type": "RECOGNIZED_AS", "head": "e8", "tail": "“全国民主法治示范村”称号"})
    r = score_records({"d1": gold}, {"d1": pred})
    assert counts(r, "relation HOLDS_POSITION") == (1, 0, 0)
    assert counts(r, "title accuracy") == (0, 1, 0)
    assert counts(r, "relation RECOGNIZED_AS") == (1, 0, 0)
    assert [e.kind for e in r.errors if e.category == "HOLDS_POSITION"] == ["TITLE"]


def test_scorer_missing_prediction_counts_every_gold_as_missed():
    r = score_records({"d1": GOLD}, {})
    assert r.missing == ["d1"]
    assert counts(r, "entities (micro)") == (0, 0, 6)
    assert counts(r, "metrics") == (0, 0, 2)
    assert r.summary_line().endswith("entity_f1=0.000 relation_f1=0.000 metric_f1=0.000")


@pytest.mark.parametrize("name, forms", [
    ("“一亲三心”活动", {"一亲三心活动", "一亲三心"}),
    ("四事工作法", {"四事工作法", "四事"}),
    ("专项行动", {"专项行动", "专项"}),  # the longest head that leaves 2+ characters
    ("活动", {"活动"}),
    ("《 漢語 》", {"汉语"}),
    (None, set()),
])
def test_normalize_name_forms(name, forms):
    assert name_forms(name) == forms


def test_report_groups_errors_by_kind(tmp_path):
    r = score_records({"d1": GOLD}, {"d1": PRED})
    text = format_report(r, errors=50)
    assert "  FP PLACE: 1" in text and "  FN METRIC" not in text and "  FP METRIC: 1" in text
    assert text.splitlines()[-1] == r.summary_line()
    data = json.loads(format_report(r, errors=5, as_json=True))
    assert data["metrics"] == {"p": 0.6667, "r": 1.0, "f1": 0.8, "tp": 2, "fp": 1, "fn": 0}
    assert len(data["errors"]) == 5


def test_score_files_reports_bad_lines(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "d1.json").write_text(json.dumps(GOLD), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(PRED) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"pred.jsonl:2"):
        score_files(tmp_path / "gold", pred)


# --- agreement with the reference scorer ---------------------------------------------

def perturbed_predictions(seed: int) -> list[dict]:
    """Gold turned into extraction records, with entities dropped, renamed, retyped,
    duplicated, relations and metrics dropped or altered, in a seeded random way."""
    rng = random.Random(seed)
    records = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        ents, ids = [], {}
        for i, e in enumerate(gold["entities"]):
            eid = f"e{i + 1}"
            ids[e["name"]] = eid
            roll = rng.random()
            if roll < 0.1:
                continue  # dropped
            names = [e["name"], *(e.get("aliases") or [])]
            p = {"id": eid, "type": e["type"], "name": rng.choice(names), "aliases": []}
            if roll < 0.2:
                p["name"] = p["name"][:-1] or "X"  # renamed (often a miss)
            elif roll < 0.27 and e["type"] in ("PROGRAM", "MECHANISM"):
                p["type"] = "MECHANISM" if e["type"] == "PROGRAM" else "PROGRAM"
            elif roll < 0.32:
                p["type"] = "ORG"
            ents.append(p)
            if rng.random() < 0.08:
                ents.append({**p, "id": f"{eid}d"})  # duplicate
        ents.append({"id": "x1", "type": "PLACE", "name": "不存在县"})
        rels = []
        for r in gold["relations"]:
            if rng.random() < 0.15:
                continue
            tail = r["tail"] if r["type"] == "RECOGNIZED_AS" else ids.get(r["tail"], r["tail"])
            q = {"type": r["type"], "head": ids.get(r["head"], r["head"]), "tail": tail, "attrs": {}}
            if r["type"] == "HOLDS_POSITION":
                q["attrs"]["title"] = r.get("title", "") if rng.random() < 0.7 else "主任"
            if rng.random() < 0.1:
                q["source"] = "gazetteer"
            if rng.random() < 0.1 and r["type"] != "RECOGNIZED_AS":
                q["head"] = "x1"
            rels.append(q)
        mets = []
        for m in gold["metrics"]:
            roll = rng.random()
            if roll < 0.15:
                continue
            q = {"subject": ids.get(m["subject"], m["subject"]), "value": m["value"], "unit": m.get("unit")}
            if roll < 0.25:
                q["value"] = m["value"] + 1
            elif roll < 0.32:
                q["unit"] = None
            elif roll < 0.38:
                q["subject"] = rng.choice(list(ids.values()))
            mets.append(q)
        records.append({"doc": gold["doc"], "entities": ents, "relations": rels, "metrics": mets})
    rng.shuffle(records)
    return records[1:] if seed % 3 == 0 else records  # sometimes a doc is missing


def run_reference(pred: Path) -> tuple[dict, str]:
    out = subprocess.run([sys.executable, str(REFERENCE), str(GOLD_DIR), str(pred), "--json"],
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()
    return json.loads("\n".join(out[:-1])), out[-1]


@pytest.mark.skipif(not REFERENCE.exists() or not GOLD_DIR.is_dir(), reason="../shared is absent")
@pytest.mark.parametrize("seed", range(6))
def test_scorer_agrees_with_reference(tmp_path, seed):
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in perturbed_predictions(seed)),
                    encoding="utf-8")
    expected, summary = run_reference(pred)
    result = score_files(GOLD_DIR, pred)
    assert result.as_dict() == expected
    assert result.summary_line() == summary
    assert format_report(result).splitlines()[-1] == summary


@pytest.mark.skipif(not REFERENCE.exists(), reason="../shared is absent")
def test_scorer_agrees_with_reference_on_hand_made_pair(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "d1.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(PRED, ensure_ascii=False) + "\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(REFERENCE), str(tmp_path / "gold"), str(pred), "--json"],
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()
    result = score_files(tmp_path / "gold", pred)
    assert result.as_dict() == json.loads("\n".join(out[:-1]))
    assert result.summary_line() == out[-1]
