"""Rendering a ``ScoreResult`` as ``kg eval`` prints it: rows, summary line, errors by kind."""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict

from kg.eval.results import ScoreError, ScoreResult, Tally


def format_row(label: str, tally: Tally) -> str:
    return (f"{label:<22} P {tally.p:6.3f}  R {tally.r:6.3f}  F1 {tally.f1:6.3f}   "
            f"(tp {tally.tp}, fp {tally.fp}, fn {tally.fn})")


def group_errors(errors: list[ScoreError]) -> dict[tuple[str, str], list[ScoreError]]:
    """Errors grouped by (category, kind); categories in order of first appearance, FN before FP."""
    groups: dict[tuple[str, str], list[ScoreError]] = defaultdict(list)
    first: dict[str, int] = {}
    for err in errors:
        first.setdefault(err.category, len(first))
        groups[(err.category, err.kind)].append(err)
    return dict(sorted(groups.items(), key=lambda kv: (first[kv[0][0]], kv[0][1])))


def format_report(result: ScoreResult, errors: int = 0, as_json: bool = False) -> str:
    """The score table (or JSON) with the summary line and up to ``errors`` errors."""
    if as_json:
        data = result.as_dict()
        data["summary"] = result.summary_line()
        if errors > 0:
            data["errors"] = [asdict(e) for e in result.errors[:errors]]
        return json.dumps(data, ensure_ascii=False, indent=1)
    lines = [format_row(label, result.tallies[label]) for label in result.labels()]
    if result.missing:
        lines.append(f"docs with no prediction: {', '.join(result.missing)}")
    if errors > 0 and result.errors:
        budget = errors
        lines.append(f"errors ({len(result.errors)}), by kind:")
        for (category, kind), items in group_errors(result.errors).items():
            lines.append(f"  {kind} {category}: {len(items)}")
            for err in items[:budget]:
                lines.append(f"    {err.doc}  {err.item}")
            budget -= min(budget, len(items))
    lines.append(result.summary_line())
    return "\n".join(lines)
