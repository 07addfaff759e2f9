"""Evaluation: score extraction records against the gold annotations.

Sits after the build: ``extractions.jsonl`` (one record per article) is compared with
``shared/gold/<doc>.json`` under the matching rules of the annotation guide
(section 6). ``normalize`` holds the name forms, ``results`` the tallies, ``scorer``
the matching, ``report`` the text and JSON rendering used by ``kg eval``. The figures
agree with ``shared/eval/score.py`` on the same input.
"""
from __future__ import annotations

from kg.eval.report import format_report
from kg.eval.results import ScoreError, ScoreResult, Tally
from kg.eval.scorer import score_doc, score_files, score_records

__all__ = [
    "ScoreError",
    "ScoreResult",
    "Tally",
    "format_report",
    "score_doc",
    "score_files",
    "score_records",
]
