"""Score extraction records against gold files (annotation guide, section 6).

Per article: entities are matched one to one within each type (strictly, and with
PROGRAM/MECHANISM merged); relations match on type and on both ends resolving to
the same gold entities (``RECOGNIZED_AS`` compares designation text); metrics match
on subject + value (+ unit). Optional gold entities, and facts touching them, count
neither way; relations with ``"source": "gazetteer"`` are left out. The figures are
those of ``shared/eval/score.py`` on the same input; only the error list is richer
(metric misses and title mismatches are listed too).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from kg.eval.loading import load_gold, load_predictions
from kg.eval.normalize import entity_forms, name_forms, strip_marks
from kg.eval.report import format_report
from kg.eval.results import ScoreError, ScoreResult

__all__ = ["format_report", "max_matching", "score_doc", "score_files", "score_records"]

INITIATIVE_TYPES = frozenset({"PROGRAM", "MECHANISM"})
Record = dict[str, Any]


def max_matching(n_gold: int, n_pred: int, same: Callable[[int, int], bool]) -> dict[int, int]:
    """A maximum one-to-one matching ``{pred: gold}`` by augmenting paths (Kuhn).

    Predictions are placed in order and each tries the golds in order, so the
    assignment (not only its size) is deterministic; that matters where a matched
    gold is optional and the match then counts for nothing.
    """
    candidates = [[g for g in range(n_gold) if same(g, p)] for p in range(n_pred)]
    owner: dict[int, int] = {}  # gold -> pred

    def place(p: int, tried: set[int]) -> bool:
        for g in candidates[p]:
            if g in tried:
                continue
            tried.add(g)
            if g not in owner or place(owner[g], tried):
                owner[g] = p
                return True
        return False

    for p in range(n_pred):
        place(p, set())
    return {p: g for g, p in owner.items()}


class _Alignment:
    """Gold and predicted entities of one article and how they line up."""

    def __init__(self, gold: Record, pred: Record | None):
        self.gold: list[Record] = list(gold.get("entities") or [])
        self.pred: list[Record] = list((pred or {}).get("entities") or [])
        self.gforms = [entity_forms(e) for e in self.gold]
        self.pforms = [entity_forms(e) for e in self.pred]
        self.pred_to_gold: dict[int, int] = {}
        self.gold_by_name: dict[str, int] = {}
        for i, e in enumerate(self.gold):
            self.gold_by_name.setdefault(e["name"], i)
        self.pred_by_id = {e.get("id"): i for i, e in enumerate(self.pred)}

    def optional(self, g: int | None) -> bool:
        return g is not None and bool(self.gold[g].get("optional"))

    def names_optional(self, p: int) -> bool:
        return any(self.optional(g) and self.gforms[g] & self.pforms[p] for g in range(len(self.gold)))

    def gold_of_ref(self, ref: Any) -> int | None:
        """The gold entity a predicted entity id resolves to, if any."""
        p = self.pred_by_id.get(ref)
        return self.pred_to_gold.get(p) if p is not None else None

    def pred_name(self, ref: Any) -> Any:
        p = self.pred_by_id.get(ref)
        return self.pred[p].get("name") if p is not None else ref


def _kind(etype: Any, merged: bool) -> Any:
    return "INITIATIVE" if merged and etype in INITIATIVE_TYPES else etype


def _score_entities(doc: str, al: _Alignment, result: ScoreResult) -> None:
    for merged in (False, True):
        kinds = {_kind(e["type"], merged) for e in al.gold} | {_kind(e.get("type"), merged) for e in al.pred}
        for t in sorted(kinds, key=str):
            gi = [i for i, e in enumerate(al.gold) if _kind(e["type"], merged) == t]
            pi = [i for i, e in enumerate(al.pred) if _kind(e.get("type"), merged) == t]
            pairs = max_matching(len(gi), len(pi), lambda g, p: bool(al.gforms[gi[g]] & al.pforms[pi[p]]))
            tp = fp = fn = 0
            hit: set[int] = set()
            for k, p in enumerate(pi):
                if k in pairs:
                    g = gi[pairs[k]]
                    hit.add(g)
                    if not al.optional(g):
                        tp += 1
                        if merged:
                            al.pred_to_gold[p] = g
                elif not al.names_optional(p):
                    fp += 1
                    if not merged:
                        result.errors.append(ScoreError(doc, "FP", str(t), str(al.pred[p].get("name"))))
            for g in gi:
                if g not in hit and not al.optional(g):
                    fn += 1
                    if not merged:
                        result.errors.append(ScoreError(doc, "FN", str(t), str(al.gold[g].get("name"))))
            if not merged:
                result.tallies[f"entity {t}"].add(tp, fp, fn)
                result.tallies["entities (micro)"].add(tp, fp, fn)
            elif t == "INITIATIVE":
                result.tallies["entity INITIATIVE (merged)"].add(tp, fp, fn)
    # predictions left over (duplicates, optional names) still resolve to a gold
    # entity of their kind, so relations and metrics on them are judged correctly
    for p, e in enumerate(al.pred):
        if p in al.pred_to_gold:
            continue
        for g in range(len(al.gold)):
            if al.gforms[g] & al.pforms[p] and _kind(al.gold[g]["type"], True) == _kind(e.get("type"), True):
                al.pred_to_gold[p] = g
                break


def _score_relations(doc: str, gold: Record, pred: Record | None, al: _Alignment, result: ScoreResult) -> None:
    grels = list(gold.get("relations") or [])
    prels = [r for r in ((pred or {}).get("relations") or []) if r.get("source", "text") != "gazetteer"]
    for t in sorted({r["type"] for r in grels} | {r.get("type") for r in prels}, key=str):
        designation = t == "RECOGNIZED_AS"
        gl = [r for r in grels if r["type"] == t]
        pl = [r for r in prels if r.get("type") == t]
        gkeys: list[tuple[int | None, Any]] = []
        gopt: list[bool] = []
        for r in gl:
            h = al.gold_by_name.get(r["head"])
            tail = name_forms(r["tail"]) if designation else al.gold_by_name.get(r["tail"])
            gkeys.append((h, tail))
            gopt.append(al.optional(h) or (not designation and al.optional(tail)) or bool(r.get("optional")))
        pkeys: list[tuple[int | None, Any]] = []
        pignored: list[bool] = []
        for r in pl:
            h = al.gold_of_ref(r.get("head"))
            tail = name_forms(r.get("tail")) if designation else al.gold_of_ref(r.get("tail"))
            pkeys.append((h, tail))
            pignored.append(al.optional(h) or (not designation and al.optional(tail)))

        def same(g: int, p: int) -> bool:
            (gh, gt), (ph, pt) = gkeys[g], pkeys[p]
            if gh is None or ph is None or gh != ph:
                return False
            if designation:
                return bool(gt) and bool(pt) and any(a in b or b in a for a in gt for b in pt)
            return gt is not None and gt == pt

        pairs = max_matching(len(gl), len(pl), same)
        tp = fp = fn = 0
        for p, r in enumerate(pl):
            if p in pairs:
                if gopt[pairs[p]]:
                    continue
                tp += 1
                if t == "HOLDS_POSITION":
                    _score_title(doc, gl[pairs[p]], r, result)
            elif not pignored[p]:
                fp += 1
                result.errors.append(ScoreError(
                    doc, "FP", str(t), f"{al.pred_name(r.get('head'))} -> {al.pred_name(r.get('tail'))}"))
        hit = set(pairs.values())
        for g, r in enumerate(gl):
            if g not in hit and not gopt[g]:
                fn += 1
                result.errors.append(ScoreError(doc, "FN", str(t), f"{r['head']} -> {r['tail']}"))
        result.tallies[f"relation {t}"].add(tp, fp, fn)
        result.tallies["relations (micro)"].add(tp, fp, fn)


def _title_key(title: Any) -> str:
    return "".join(sorted(name_forms(title)))


def _score_title(doc: str, gold_rel: Record, pred_rel: Record, result: ScoreResult) -> None:
    gold_title = _title_key(gold_rel.get("title", ""))
    pred_title = _title_key((pred_rel.get("attrs") or {}).get("title", "")) or _title_key(pred_rel.get("title", ""))
    ok = gold_title == pred_title
    result.tallies["title accuracy"].add(tp=int(ok), fp=int(not ok))
    if not ok:
        result.errors.append(ScoreError(doc, "TITLE", "HOLDS_POSITION",
                                        f"{gold_rel['head']}: gold {gold_title!r}, predicted {pred_title!r}"))


def _value_equal(gold_value: Any, pred_value: Any) -> bool:
    try:
        g, p = float(gold_value), float(pred_value)
    except (TypeError, ValueError):
        return False
    return not abs(g - p) > 1e-6 * max(1.0, abs(g))  # written so that NaN compares as the reference does


def _units_agree(gold_unit: Any, pred_unit: Any) -> bool:
    gu, pu = strip_marks(gold_unit), strip_marks(pred_unit)
    return not gu or not pu or gu in pu or pu in gu


def _score_metrics(doc: str, gold: Record, pred: Record | None, al: _Alignment, result: ScoreResult) -> None:
    gms = list(gold.get("metrics") or [])
    pms = list((pred or {}).get("metrics") or [])
    gsubj = [al.gold_by_name.get(m.get("subject")) for m in gms]
    psubj = [al.gold_of_ref(m.get("subject")) for m in pms]

    def same(g: int, p: int) -> bool:
        if gsubj[g] is None or psubj[p] != gsubj[g]:
            return False
        return _value_equal(gms[g]["value"], pms[p].get("value")) and _units_agree(
            gms[g].get("unit"), pms[p].get("unit"))

    pairs = max_matching(len(gms), len(pms), same)
    hit = set(pairs.values())
    tp = sum(1 for g in hit if not al.optional(gsubj[g]))
    fp = fn = 0
    for p, m in enumerate(pms):
        if p not in pairs and not al.optional(psubj[p]):
            fp += 1
            result.errors.append(ScoreError(doc, "FP", "METRIC", _metric_text(al.pred_name(m.get("subject")), m)))
    for g, m in enumerate(gms):
        if g not in hit and not al.optional(gsubj[g]):
            fn += 1
            result.errors.append(ScoreError(doc, "FN", "METRIC", _metric_text(m.get("subject"), m)))
    result.tallies["metrics"].add(tp, fp, fn)


def _metric_text(subject: Any, m: Record) -> str:
    return f"{subject} {m.get('value')}{m.get('unit') or ''} ({m.get('indicator') or ''})"


def score_doc(gold: Record, pred: Record | None, result: ScoreResult) -> None:
    """Add one article's tallies and errors to ``result`` (``pred`` None: nothing predicted)."""
    doc = str(gold.get("doc"))
    al = _Alignment(gold, pred)
    _score_entities(doc, al, result)
    _score_relations(doc, gold, pred, al, result)
    _score_metrics(doc, gold, pred, al, result)


def score_records(golds: dict[str, Record], preds: dict[str, Record]) -> ScoreResult:
    """Score predictions (by doc id) against gold records (by doc id, in report order)."""
    result = ScoreResult(docs=len(golds), missing=[d for d in golds if d not in preds])
    for doc, gold in golds.items():
        score_doc(gold, preds.get(doc), result)
    return result


def score_files(gold_dir: str | Path, pred_path: str | Path, docs: set[str] | None = None) -> ScoreResult:
    """Score ``extractions.jsonl`` against a folder of gold JSON files."""
    golds = load_gold(gold_dir)
    if docs is not None:
        golds = {k: v for k, v in golds.items() if k in docs}
    return score_records(golds, load_predictions(pred_path))
