"""Fixtures for the reader tests: the reader data files and the sample corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.reader.bylines import BylineCues
from kg.reader.rules import ReaderData, load_reader_data

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "corpus"


@pytest.fixture(scope="session")
def reader_data() -> ReaderData:
    return load_reader_data()


@pytest.fixture(scope="session")
def cues(reader_data: ReaderData) -> BylineCues:
    return BylineCues(reader_data.cues, reader_data.surnames)


@pytest.fixture(scope="session")
def data_common(reader_data: ReaderData) -> frozenset[str]:
    return reader_data.common_chars
