"""Loading rules and lexicons from ``data/`` (never at import time).

Plain lists are UTF-8 text, one entry per line, ``#`` comments; structured rules
are YAML. Results are cached per path, and callers get fresh copies of mutable
containers, so no caller can change another's lexicon.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from kg.paths import data_file


@lru_cache(maxsize=None)
def _lines(path: Path) -> tuple[str, ...]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


def load_list(*parts: str) -> tuple[str, ...]:
    """A word list under ``data/`` as an immutable tuple."""
    return _lines(data_file(*parts))


@lru_cache(maxsize=None)
def _yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    """Distinct words, longest first (first seen first among equals): the order every
    matcher over a word list needs, and one that does not depend on hash seeds."""
    return tuple(sorted(dict.fromkeys(words), key=len, reverse=True))


def load_yaml(*parts: str) -> Any:
    """A YAML rule file under ``data/`` (a deep copy, safe to modify)."""
    import copy

    return copy.deepcopy(_yaml(data_file(*parts)))


def reject_unknown_keys(cls: type, d: dict[str, Any], where: str, error: type[Exception] = ValueError) -> None:
    """Rule records reject keys their dataclass does not declare (a typo fails loudly)."""
    from dataclasses import fields

    allowed = {f.name for f in fields(cls)}
    unknown = set(d) - allowed
    if unknown:
        raise error(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")


def load_titles() -> tuple[str, ...]:
    """Official titles (``data/lexicons/titles.yaml``), longest first: they end an
    organization's name (某局|局长) and start a person's post (局长|某某)."""
    return longest_first(load_yaml("lexicons", "titles.yaml")["official_titles"])
