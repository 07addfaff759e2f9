"""Types shared by the reader stage (files → ``Article``): options, errors, raw documents.

A format reader (``txt``, ``html``, ``jsonl``) turns a file into ``RawDoc``s: a
document id, the decoded text and whatever metadata the container itself states
(``<title>``, a JSONL ``date`` field). ``kg.reader.article`` then normalizes the
text and reads the rest of the metadata from it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.records import Meta

MB = 1_000_000


@dataclass(frozen=True)
class ReaderOptions:
    """Settings of the reader; every one has a default, which is the configuration.

    ``max_article_bytes`` bounds one article: a ``.txt`` file, one JSONL line, or
    the visible text of an HTML page. ``max_html_bytes`` bounds an HTML file with its
    markup. ``data_dir`` is the folder of ``furniture.yaml``, ``metadata.yaml``,
    ``common_chars.txt`` (default ``data/reader``; surnames from ``data/lexicons/surnames.txt``).
    """

    max_article_bytes: int = 5 * MB
    max_html_bytes: int = 20 * MB
    data_dir: str | None = None


@dataclass(frozen=True)
class Skipped:
    """An input that gave no article: its path (``file:line`` for a JSONL line) and why."""

    path: str
    reason: str


class ReadError(ValueError):
    """A file that cannot be read as an article; ``reason`` says what is wrong."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class RawDoc:
    """One article as a format reader found it, before normalization."""

    doc_id: str
    text: str
    path: str
    hints: Meta = field(default_factory=Meta)


def size_text(n: int) -> str:
    """A byte count for messages: ``"6.2 MB"``, ``"812 bytes"``."""
    if n >= MB:
        return f"{n / MB:.1f} MB"
    if n >= 1000:
        return f"{n / 1000:.1f} kB"
    return f"{n} bytes"


def over_limit(what: str, size: int, limit: int, option: str) -> str:
    """The reason given when an input is over a size limit."""
    return (f"{what} is {size_text(size)}, over the {size_text(limit)} limit; "
            f"split it into smaller articles or raise the limit (kg build --{option.replace('_', '-')})")
