"""A second, held-out article set (tests/data/holdout): seven invented articles from
provinces the dev set lacks — traditional script with pinyin noise, a cut-off text,
page furniture — with gold annotations in the annotation guide's format.

The gold was written after the rules, so these figures guard against regressions;
they are not an unbiased estimate of accuracy on unseen news.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import BuildOptions, build
from kg.eval.scorer import score_files

HOLDOUT = Path(__file__).parent / "data" / "holdout"


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    out = tmp_path_factory.mktemp("holdout")
    report = build([HOLDOUT / "articles"], out, BuildOptions(formats=("jsonl",)))
    assert report.articles == 7 and not report.skipped
    return score_files(HOLDOUT / "gold", out / "extractions.jsonl")


@pytest.mark.parametrize("key,floor", [
    ("entities (micro)", 0.9), ("relations (micro)", 0.85), ("metrics", 0.85),
    ("entity PLACE", 0.9), ("entity PERSON", 0.9), ("relation HOLDS_POSITION", 0.85),
])
def test_holdout_scores_stay_above_their_floor(scores, key, floor):
    assert key in scores.tallies and scores.tallies[key].f1 >= floor
