"""Fixtures for the graph tests: hand-written records (always) and gold-derived records (when ../shared is there)."""
from __future__ import annotations

from typing import Any

import pytest

from tests.graph.graph_data import GOLD, hand_records, load_gold_records


@pytest.fixture(scope="session")
def gold_records() -> list[dict[str, Any]]:
    if not GOLD.is_dir():
        pytest.skip("../shared/gold is not available")
    return load_gold_records()


@pytest.fixture
def records() -> list[dict[str, Any]]:
    return hand_records()
