"""Loading rules and lexicons from ``data/`` (never at import time).

Plain lists are UTF-8 text, one entry per line, ``#`` comments; structured rules
are YAML. Results are cached per path, and callers get fresh copies of mutable
containers, so no caller can change another's lexicon.

A string in a YAML list may name a word set of ``data/lexicons/slots.yaml`` in braces:
``"{party_committee}书记"`` is loaded as one entry per word of the set (省委书记, 市委书记 …).
"""
from __future__ import annotations

import itertools
import re
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


SLOT = re.compile(r"\{([a-z_]+)\}")


@lru_cache(maxsize=None)
def _raw_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def slots() -> dict[str, tuple[str, ...]]:
    """The word sets of ``data/lexicons/slots.yaml``: each a list of products of word lists."""
    return _slots(data_file("lexicons", "slots.yaml"))


@lru_cache(maxsize=None)
def _slots(where: Path) -> dict[str, tuple[str, ...]]:
    out = {}
    for name, products in _raw_yaml(where).items():
        if not (isinstance(products, list) and all(isinstance(p, list) and p and all(isinstance(w, list) for w in p)
                                                   for p in products)):
            raise ValueError(f"{where}: slot {name!r} must be a list of products, each a list of word lists")
        out[name] = tuple(dict.fromkeys("".join(words) for p in products for words in itertools.product(*p)))
    return out


def expand_slots(words: list, where: str = "") -> list:
    """``words`` with every ``{slot}`` entry replaced by one entry per word of the set
    (several slots in one entry give every combination)."""
    out = []
    for w in words:
        if isinstance(w, dict) and len(w) == 1 and None in w.values():  # YAML read [{slot}] as a mapping
            raise ValueError(f"{where}: write {{{next(iter(w))}}} in quotes in a YAML list: \"{{{next(iter(w))}}}\"")
        m = SLOT.search(w) if isinstance(w, str) else None
        if m is None:
            out.append(w)
            continue
        table = slots()
        if m[1] not in table:
            raise ValueError(f"{where}: unknown slot {{{m[1]}}} in {w!r}; slots.yaml has {sorted(table)}")
        out += expand_slots([w[:m.start()] + v + w[m.end():] for v in table[m[1]]], where)
    return out


def _expanded(node: Any, where: str) -> Any:
    if isinstance(node, dict):
        return {k: _expanded(v, where) for k, v in node.items()}
    if isinstance(node, list):
        return [_expanded(v, where) for v in expand_slots(node, where)]
    return node


@lru_cache(maxsize=None)
def _yaml(path: Path) -> Any:
    return _expanded(_raw_yaml(path), str(path))


def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    """Distinct words, longest first (first seen first among equals): the order every
    matcher over a word list needs, and one that does not depend on hash seeds."""
    return tuple(sorted(dict.fromkeys(words), key=len, reverse=True))


def load_yaml(*parts: str) -> Any:
    """A YAML rule file under ``data/`` with its slots expanded (a deep copy, safe to modify)."""
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
