"""Input discovery and per-format reading. Placeholder: UTF-8 .txt only."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from kg.records import Article, Meta

SUFFIXES = (".txt",)


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def discover(inputs: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        else:
            files.append(p)
    return files


def read_file(path: Path) -> list[Article]:
    text = path.read_text(encoding="utf-8")
    return [Article(doc_id=path.stem, text=text, meta=Meta(), path=str(path))]


def iter_articles(inputs: Iterable[str | Path]) -> Iterator[Article | Skipped]:
    for path in discover(inputs):
        try:
            yield from read_file(path)
        except (OSError, UnicodeDecodeError, ValueError) as err:
            yield Skipped(str(path), str(err))
