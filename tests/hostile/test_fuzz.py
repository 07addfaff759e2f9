"""The short CI run of ``scripts/fuzz.py`` (the long run is in docs/reliability.md), and
the reader on the input the fuzzer found hanging it."""
from __future__ import annotations

import importlib.util
import signal
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from kg.reader import Skipped, iter_articles

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kg_fuzz_script", ROOT / "scripts" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_fuzz_short_run_finds_nothing(fuzz: ModuleType, tmp_path: Path) -> None:
    result = fuzz.run_fuzz(300, seed_=3, out=tmp_path)
    assert result["failures"] == 0, result["examples"]
    assert result["inputs"] == 300
    assert result["articles"] > 60 and result["skipped"] > 30 and result["entities"] > 200
    assert (tmp_path / "result.json").exists() and not (tmp_path / "failures").exists()


def test_fuzz_records_failures_goes_on_and_replays(fuzz: ModuleType, tmp_path: Path, monkeypatch) -> None:
    import kg.nlp.extract

    def broken(nlp, article):
        raise RuntimeError("planted")

    monkeypatch.setattr(kg.nlp.extract, "extract", broken)
    result = fuzz.run_fuzz(40, seed_=5, out=tmp_path)
    assert result["inputs"] == 40 and result["failures"] == result["articles"] > 0
    (kind,) = result["kinds"]
    assert kind.startswith("RuntimeError at tests/hostile/test_fuzz.py:")
    saved = {p.name for p in (tmp_path / "failures").iterdir()}
    for failure in result["examples"].values():
        assert failure["input"] in saved and failure["input"].split(".")[0] + ".traceback" in saved
    monkeypatch.undo()                  # "fixed": the saved inputs now pass
    again = fuzz.replay(tmp_path / "failures")
    assert again["inputs"] == len([n for n in saved if not n.endswith(".traceback")]) > 0
    assert again["failures"] == 0, again["results"]


@pytest.mark.parametrize("digits", [20, 40, 115])
def test_fuzz_found_long_digit_line_is_read_in_time(tmp_path: Path, digits: int) -> None:
    """Found by the fuzzer: a line of 40+ digits made the pager rule of the furniture
    remover backtrack for ever (data/reader/furniture.yaml, pager.numbers)."""
    path = tmp_path / "digits.txt"
    path.write_text(f"山阳县推行三会一课制度\n{'9' * digits}发就是床。\n{'0' * digits}\n", encoding="utf-8")

    def timeout(*_args) -> None:
        raise TimeoutError(f"a line of {digits} digits took more than 5 s")

    old = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(5)
    try:
        t0 = time.perf_counter()
        items = list(iter_articles([path]))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert time.perf_counter() - t0 < 2
    assert len(items) == 1 and not isinstance(items[0], Skipped)
    assert "9" * digits in items[0].text
