"""Test data for the graph: small hand-written records, and extraction records made from the gold files.

Imported by ``conftest.py`` (fixtures) and by tests elsewhere (``tests/export/test_rdf.py``).

``gold_to_record`` turns a gold annotation (``../shared/gold/*.json``) into an extraction
record as ``kg build`` writes it: entity ids, attrs, mentions found in the article text,
and evidence sentences (the first sentence naming both ends, else one naming the head).
Tests that use it skip when ``../shared`` is not there; the hand-written records need nothing.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[3] / "shared"
GOLD = SHARED / "gold"
CORPUS = SHARED / "corpus"
_SENT = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_QUOTES = re.compile(r"[“”‘’\"'「」『』《》]")


def _sentences(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _SENT.finditer(text) if m.group(0).strip()]


def _forms(ent: dict[str, Any]) -> list[str]:
    forms = {ent["name"], *ent.get("aliases", [])}
    forms |= {_QUOTES.sub("", f) for f in forms}
    return sorted((f for f in forms if f), key=len, reverse=True)


def gold_to_record(gold: dict[str, Any], text: str = "") -> dict[str, Any]:
    """One gold annotation as an extraction record (ids, attrs, mentions, evidence stubs)."""
    sents = _sentences(text)
    entities, ids, forms = [], {}, {}
    for i, e in enumerate(gold["entities"], 1):
        eid = f"e{i}"
        ids[e["name"]] = eid
        forms[eid] = _forms(e)
        mentions = []
        for form in forms[eid]:
            for m in re.finditer(re.escape(form), text):
                if not any(x["start"] <= m.start() < x["end"] for x in mentions):
                    mentions.append({"start": m.start(), "end": m.end(), "text": form, "rule": "gold.alias"})
        attrs = {k: e[k] for k in ("level", "role", "adcode") if k in e}
        entities.append({"id": eid, "type": e["type"], "name": e["name"], "aliases": list(e.get("aliases", [])),
                         "attrs": attrs, "iri": None, "mentions": sorted(mentions, key=lambda m: m["start"])[:8]})

    def evidence(*eids: str, extra: str = "") -> dict[str, Any] | None:
        wanted = [forms.get(x, [x]) for x in eids if x]
        for need in (len(wanted), 1):
            for s, e, sent in sents:
                hits = sum(any(f in sent for f in fs) for fs in wanted[:need])
                if hits == need and (not extra or extra in sent or need == 1):
                    return {"start": s, "end": e, "text": sent}
        return None

    relations = []
    for r in gold["relations"]:
        if r["head"] not in ids or (r["type"] != "RECOGNIZED_AS" and r["tail"] not in ids):
            continue
        tail = r["tail"] if r["type"] == "RECOGNIZED_AS" else ids[r["tail"]]
        attrs = {k: r[k] for k in ("title", "former") if k in r}
        relations.append({"type": r["type"], "head": ids[r["head"]], "tail": tail, "attrs": attrs, "source": "text",
                          "evidence": evidence(ids[r["head"]], tail if r["type"] != "RECOGNIZED_AS" else ""),
                          "rule": f"gold.{r['type'].lower()}"})
    metrics = []
    for m in gold["metrics"]:
        if m["subject"] not in ids:
            continue
        metrics.append({"subject": ids[m["subject"]], "indicator": m["indicator"], "value": m["value"],
                        "unit": m.get("unit"), "qualifier": m.get("qualifier"), "year": m.get("year"),
                        "evidence": evidence(ids[m["subject"]]), "rule": "gold.metric"})
    return {"doc": gold["doc"], "meta": {**gold["meta"], "url": None}, "entities": entities,
            "relations": relations, "metrics": metrics}


def _simplified(text: str) -> str:
    try:
        import opencc
    except ImportError:  # the offsets are stubs anyway; without opencc fewer sentences are found
        return text
    return opencc.OpenCC("t2s").convert(text)


def load_gold_records() -> list[dict[str, Any]]:
    records = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        txt = CORPUS / f"{gold['doc']}.txt"
        records.append(gold_to_record(gold, _simplified(txt.read_text(encoding="utf-8")) if txt.is_file() else ""))
    return records


def _ent(eid: str, etype: str, name: str, aliases=(), **attrs) -> dict[str, Any]:
    return {"id": eid, "type": etype, "name": name, "aliases": [name, *aliases], "attrs": attrs,
            "mentions": [{"start": 0, "end": len(name), "text": name}]}


def _rel(rtype: str, head: str, tail: str, sent: str, start: int = 0, **attrs) -> dict[str, Any]:
    return {"type": rtype, "head": head, "tail": tail, "attrs": attrs, "source": "text",
            "evidence": {"start": start, "end": start + len(sent), "text": sent}, "rule": f"test.{rtype.lower()}"}


def hand_records() -> list[dict[str, Any]]:
    """Three small articles: merging by code and by name, same-name villages apart, posts, metrics."""
    a = {"doc": "a1", "meta": {"title": "甲县推行四议两公开", "date": "2022-11-16", "source": "甲县日报",
                               "authors": ["记者甲"], "editors": ["编辑乙"]},
         "entities": [_ent("e1", "PLACE", "陆丰市", ["陆丰"], level="county", adcode="441581"),
                      _ent("e2", "PLACE", "新街镇", level="township"),
                      _ent("e3", "PLACE", "新街村", ["新街"], level="village"),
                      _ent("e4", "MECHANISM", "四议两公开", ["“四议两公开”"]),
                      _ent("e5", "PERSON", "张三", role="official"),
                      _ent("e6", "PLACE", "新山村", level="village", adcode="441521101201"),
                      _ent("e7", "ORG", "新街镇党委")],
         "relations": [_rel("LOCATED_IN", "e2", "e1", "新街镇隶属陆丰市。"),
                       _rel("LOCATED_IN", "e3", "e2", "新街镇新街村。", 10),
                       _rel("IMPLEMENTS", "e1", "e4", "陆丰推行“四议两公开”。", 20),
                       _rel("IMPLEMENTS", "e7", "e4", "新街镇党委落实四议两公开。", 40),
                       _rel("LOCATED_IN", "e7", "e2", "新街镇党委", 40),
                       _rel("HOLDS_POSITION", "e5", "e1", "陆丰市委书记张三说。", 30, title="市委书记"),
                       _rel("RECOGNIZED_AS", "e6", "全国民主法治示范村", "新山村获评全国民主法治示范村。", 50)],
         "metrics": [{"subject": "e1", "indicator": "设立党小组", "value": 875, "unit": "个", "qualifier": None,
                      "year": 2021, "evidence": {"start": 60, "end": 70, "text": "设立党小组875个。"}, "rule": "test.metric"}]}
    b = {"doc": "b2", "meta": {"title": "乙县", "date": "2023-05", "source": None, "authors": [], "editors": []},
         "entities": [_ent("x1", "PLACE", "陆丰市", ["陆丰"], level="county", adcode="441581"),
                      _ent("x2", "MECHANISM", "四议两公开"),
                      _ent("x3", "PLACE", "乙县", level="county"),
                      _ent("x4", "PERSON", "张三", role="official"),
                      _ent("x5", "PLACE", "新山村", level="village", adcode="441702105203")],
         "relations": [_rel("IMPLEMENTS", "x3", "x2", "乙县推行四议两公开。"),
                       _rel("IMPLEMENTS", "x1", "x2", "陆丰也推行四议两公开。", 12),
                       _rel("HOLDS_POSITION", "x4", "x3", "时任乙县县长张三。", 30, title="县长", former=True),
                       _rel("RECOGNIZED_AS", "x3", "省定红色村", "乙县获评省定红色村。", 40)],
         "metrics": [{"subject": "x3", "indicator": "党员中心户", "value": 3100.0, "unit": "名", "qualifier": "approx_min",
                      "year": None, "evidence": {"start": 80, "end": 90, "text": "党员中心户3100余名"}, "rule": "test.metric"}]}
    c = {"doc": "c3", "meta": {"title": "陆丰", "date": None, "source": None, "authors": [], "editors": []},
         "entities": [_ent("y1", "PLACE", "陆丰", level="county", adcode="441581")], "relations": [], "metrics": []}
    return [a, b, c]
