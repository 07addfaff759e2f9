"""The reader's data files (``data/reader/``), loaded into typed, immutable rules.

Rules are data (house style): page-furniture patterns in ``furniture.yaml``,
metadata cue words in ``metadata.yaml``, family names in ``data/lexicons/surnames.txt`` and the
common-character list in ``common_chars.txt``. Nothing is read at import time;
``load_reader_data(folder)`` reads a folder once and caches the result by path.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg.nlp.lexicons import reject_unknown_keys
from kg.paths import data_dir

KINDS = ("line", "tail", "trailer")


class RuleError(ValueError):
    """A reader data file with a bad entry; the message names the file and entry."""


def _check_keys(cls: type, d: dict[str, Any], where: str) -> None:
    reject_unknown_keys(cls, d, where, RuleError)


@dataclass(frozen=True)
class FurnitureRule:
    id: str
    kind: str
    pattern: str
    max_len: int = 120
    meta: bool = False
    note: str = ""

    @classmethod
    def from_dict(cls, d: dict[str, Any], where: str = "furniture rule") -> FurnitureRule:
        _check_keys(cls, d, where)
        rule = cls(**d)
        if rule.kind not in KINDS:
            raise RuleError(f"{where} {rule.id!r}: kind must be one of {KINDS}, not {rule.kind!r}")
        try:
            re.compile(rule.pattern)
        except re.error as err:
            raise RuleError(f"{where} {rule.id!r}: bad pattern: {err}") from err
        return rule

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.pattern)


@lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(frozen=True)
class MetadataCues:
    source_labels: tuple[str, ...] = ()
    ignore_sources: tuple[str, ...] = ()
    outlet_suffixes: tuple[str, ...] = ()
    outlet_placeholders: tuple[str, ...] = ()
    epaper_words: tuple[str, ...] = ()
    page_links: tuple[str, ...] = ()
    flash_markers: tuple[str, ...] = ()
    author_labels: tuple[str, ...] = ()
    author_label_prefixes: tuple[str, ...] = ()
    slash_author_labels: tuple[str, ...] = ()
    photo_markers: tuple[str, ...] = ()
    editor_labels: tuple[str, ...] = ()
    date_labels: tuple[str, ...] = ()
    not_names: tuple[str, ...] = ()
    sentence_openers: tuple[str, ...] = ()
    html_meta: tuple[tuple[str, tuple[str, ...]], ...] = ()
    title_separators: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict[str, Any], where: str = "metadata cues") -> MetadataCues:
        _check_keys(cls, d, where)
        values: dict[str, Any] = {}
        for key, val in d.items():
            if key == "html_meta":
                values[key] = tuple((str(k), tuple(map(str, v))) for k, v in (val or {}).items())
            elif isinstance(val, list):
                values[key] = tuple(str(v) for v in val)
            else:
                raise RuleError(f"{where}: {key} must be a list of words")
        return cls(**values)

    def meta_names(self, field_name: str) -> tuple[str, ...]:
        return dict(self.html_meta).get(field_name, ())


@dataclass(frozen=True)
class ReaderData:
    furniture: tuple[FurnitureRule, ...]
    cues: MetadataCues
    surnames: frozenset[str]
    common_chars: frozenset[str]


def _word_list(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [ln.strip() for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]


def _yaml(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        doc = yaml.safe_load(fh) or {}
    if not isinstance(doc, dict):
        raise RuleError(f"{path}: expected a mapping at the top level")
    return doc


def default_folder() -> Path:
    return data_dir() / "reader"


@lru_cache(maxsize=8)
def load_reader_data(folder: Path | None = None) -> ReaderData:
    """Load and check every reader data file in ``folder`` (default ``data/reader``)."""
    folder = Path(folder) if folder else default_folder()
    surnames = data_dir() / "lexicons" / "surnames.txt"  # one list for the whole project
    missing = [n for n in ("furniture.yaml", "metadata.yaml", "common_chars.txt") if not (folder / n).exists()]
    missing += [str(surnames)] if not surnames.exists() else []
    if missing:
        raise RuleError(f"reader data files missing in {folder}: {', '.join(missing)}; "
                        "run from a kg checkout or set KG_DATA_DIR to its data/ folder")
    furn_doc = _yaml(folder / "furniture.yaml")
    rules = tuple(FurnitureRule.from_dict(r, f"{folder / 'furniture.yaml'} rule {i}")
                  for i, r in enumerate(furn_doc.get("rules") or []))
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise RuleError(f"{folder / 'furniture.yaml'}: duplicate rule ids")
    cues = MetadataCues.from_dict(_yaml(folder / "metadata.yaml"), str(folder / "metadata.yaml"))
    common = frozenset("".join(_word_list(folder / "common_chars.txt")))
    return ReaderData(rules, cues, frozenset(_word_list(surnames)), common)
