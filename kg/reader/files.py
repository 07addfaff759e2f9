"""Input discovery and per-format reading: paths → ``Article`` or ``Skipped``.

The entry of the reader stage (files → normalized ``Article``). Folders are walked
in sorted order for ``.txt``, ``.html``/``.htm`` and ``.jsonl`` files (hidden files
and symbolic links to folders are not followed); a file named on the command line
is read whatever its suffix (a ``.txt`` reader is used for unknown ones).

``iter_articles`` never raises for a bad input: an unreadable, empty, binary,
undecodable or oversized file, a bad JSONL line, or a document id already used
becomes a ``Skipped(path, reason)`` and the next input is read.
"""
from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import Iterable, Iterator

from kg.reader.article import make_article
from kg.reader.base import RawDoc, ReaderOptions, ReadError, Skipped, over_limit
from kg.reader.encoding import DecodeError, decode_bytes
from kg.reader.html import read_html
from kg.reader.jsonl import iter_jsonl
from kg.reader.normalize import to_simplified
from kg.reader.rules import ReaderData, load_reader_data
from kg.records import Article

log = logging.getLogger("kg")

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
HTML = (".html", ".htm")


def _walk(folder: Path) -> Iterator[Path | Skipped]:
    def onerror(err: OSError) -> None:
        problems.append(Skipped(str(err.filename or folder), f"cannot open folder: {err.strerror}"))

    problems: list[Skipped] = []
    for here, dirs, files in os.walk(folder, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield from problems
        problems.clear()
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                yield Path(here) / name
            else:
                log.debug("not an article file, ignored: %s", Path(here) / name)
    yield from problems


def discover(inputs: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    """Every input file, in order; a missing path is a ``Skipped``."""
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield path
        else:
            yield Skipped(str(path), "no such file or folder")


def _regular_size(path: Path) -> int:
    """The size of ``path``; ``ReadError`` for a folder, device, pipe or empty file."""
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(path, "is a folder, not a file; iter_articles reads folders, read_file does not")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(path, "not a regular file (a device, pipe or socket); give a file or a folder")
    if info.st_size == 0:
        raise ReadError(path, "empty file (0 bytes)")
    return info.st_size


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        size = _regular_size(path)
        if size > limit:
            raise ReadError(path, over_limit("the file", size, limit, "max_article_bytes"))
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except PermissionError:
        raise ReadError(path, "permission denied: the file is not readable (check its permissions)") from None
    except OSError as err:
        raise ReadError(path, f"cannot read the file: {err.strerror or err}") from None
    if len(data) > limit:
        raise ReadError(path, over_limit("the file", len(data), limit, "max_article_bytes"))
    return data


def _decode(path: Path | str, data: bytes, common: frozenset[str]) -> str:
    try:
        decoded = decode_bytes(data, common, to_simplified)
    except DecodeError as err:
        raise ReadError(path, str(err)) from None
    if decoded.note:
        log.warning("%s: %s", path, decoded.note)
    return decoded.text


def _raw_docs(path: Path, options: ReaderOptions, data: ReaderData) -> Iterator[RawDoc | Skipped]:
    if any("\udc80" <= ch <= "\udcff" or "\ufffd" <= ch <= "\uffff" for ch in path.name):  # no valid doc id
        raise ReadError(path, "the file name is not valid UTF-8 (or holds U+FFFD-U+FFFF); rename the file")
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        _regular_size(path)
        yield from iter_jsonl(path, options, lambda b: decode_bytes(b, data.common_chars, to_simplified).text)
        return
    limit = options.max_html_bytes if suffix in HTML else options.max_article_bytes
    text = _decode(path, _read_bytes(path, limit), data.common_chars)
    if suffix in HTML:
        text, hints = read_html(text, data.cues)
        if len(text.encode("utf-8")) > options.max_article_bytes:
            raise ReadError(path, over_limit("the visible text", len(text.encode("utf-8")),
                                             options.max_article_bytes, "max_article_bytes"))
        yield RawDoc(path.stem, text, str(path), hints)
    else:
        yield RawDoc(path.stem, text, str(path))


def _articles(path: Path, options: ReaderOptions, data: ReaderData) -> Iterator[Article | Skipped]:
    empty = "no visible text in the page" if path.suffix.lower() in HTML else "only white space, no text"
    count = 0
    try:
        for raw in _raw_docs(path, options, data):
            count += 1
            if isinstance(raw, Skipped):
                yield raw
                continue
            try:
                yield make_article(raw, data, empty)
            except ReadError as err:
                yield Skipped(err.path, err.reason)
            except Exception as err:   # a reader bug must not stop the build: report it and go on
                log.exception("reader failed on %s", raw.path)
                yield Skipped(raw.path, f"internal reader error ({type(err).__name__}: {err}); please report it")
    except ReadError as err:
        yield Skipped(err.path, err.reason)
    except PermissionError:
        yield Skipped(str(path), "permission denied: the file is not readable (check its permissions)")
    except OSError as err:
        yield Skipped(str(path), f"cannot read the file: {err.strerror or err}")
    else:
        if not count:
            yield Skipped(str(path), "no article in the file (only blank lines)")


def _data(options: ReaderOptions) -> ReaderData:
    return load_reader_data(Path(options.data_dir) if options.data_dir else None)


def read_file(path: str | Path, options: ReaderOptions | None = None) -> list[Article]:
    """The articles of one file; ``ReadError`` when the file gives none.

    Bad lines of a JSONL file are logged and left out as long as one line is good.
    """
    options = options or ReaderOptions()
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for item in _articles(Path(path), options, _data(options)):
        (skipped if isinstance(item, Skipped) else articles).append(item)
    if not articles:
        reason = "; ".join(s.reason if s.path == str(path) else f"{s.path}: {s.reason}" for s in skipped[:3])
        raise ReadError(path, reason or "no article in the file")
    for s in skipped:
        log.warning("skipped %s: %s", s.path, s.reason)
    return articles


def iter_articles(inputs: Iterable[str | Path], options: ReaderOptions | None = None) -> Iterator[Article | Skipped]:
    """An ``Article`` for every readable article under ``inputs``, a ``Skipped`` for the rest."""
    options = options or ReaderOptions()
    data = _data(options)
    seen: dict[str, str] = {}
    for item in discover(inputs):
        if isinstance(item, Skipped):
            yield item
            continue
        for found in _articles(item, options, data):
            if isinstance(found, Article):
                if found.doc_id in seen:
                    found = Skipped(found.path or str(item), f"document id {found.doc_id!r} was already "
                                    f"read from {seen[found.doc_id]}; rename one of them")
                else:
                    seen[found.doc_id] = found.path or str(item)
            yield found
