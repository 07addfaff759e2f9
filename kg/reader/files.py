"""Input discovery and per-format reading: paths → ``Article`` or ``Skipped``.

The entry of the reader stage (files → normalized ``Article``). Folders are walked
in sorted order for ``.txt``, ``.html``/``.htm`` and ``.jsonl`` files (hidden files
and symbolic links to folders are not followed); a file named on the command line
is read whatever its suffix (a ``.txt`` reader is used for unknown ones).

``iter_articles`` never raises for a bad input: an unreadable, empty, binary,
undecodable or oversized file, a bad JSONL line, or a document id already used
becomes a ``Skipped(path, reason)`` and the next input is read.

Reading is two steps, so that a build can leave the second to its worker processes:
:func:`iter_units` cuts the inputs into :class:`Unit` s (a whole file, or the bytes of
one JSONL line; cheap), and :func:`read_unit` decodes, parses and normalizes a unit into
articles. ``iter_articles`` is the two in a row, plus the check for repeated ids.
"""
from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from kg.reader.article import make_article
from kg.reader.base import RawDoc, ReaderOptions, ReadError, Skipped, over_limit
from kg.reader.encoding import DecodeError, decode_bytes
from kg.reader.html import read_html
from kg.reader.jsonl import iter_jsonl, jsonl_doc, jsonl_lines
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


def _line_decoder(data: ReaderData):
    """How a JSONL line's bytes become text (encoding detected per line)."""
    return lambda b: decode_bytes(b, data.common_chars, to_simplified).text


def _check_name(path: Path) -> None:
    if any("\udc80" <= ch <= "\udcff" or "\ufffd" <= ch <= "\uffff" for ch in path.name):  # no valid doc id
        raise ReadError(path, "the file name is not valid UTF-8 (or holds U+FFFD-U+FFFF); rename the file")


def _raw_docs(path: Path, options: ReaderOptions, data: ReaderData) -> Iterator[RawDoc | Skipped]:
    _check_name(path)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        _regular_size(path)
        yield from iter_jsonl(path, options, _line_decoder(data))
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


def _empty_reason(path: Path) -> str:
    return "no visible text in the page" if path.suffix.lower() in HTML else "only white space, no text"


def _article(raw: RawDoc, data: ReaderData, empty: str) -> Article | Skipped:
    try:
        return make_article(raw, data, empty)
    except ReadError as err:
        return Skipped(err.path, err.reason)
    except Exception as err:   # a reader bug must not stop the build: report it and go on
        log.exception("reader failed on %s", raw.path)
        return Skipped(raw.path, f"internal reader error ({type(err).__name__}: {err}); please report it")


def _guarded(path: Path, items: Iterable) -> Iterator:
    """``items`` of one file, with a read error of the file as a ``Skipped`` (after what was read)."""
    count = 0
    try:
        for item in items:
            count += 1
            yield item
    except ReadError as err:
        yield Skipped(err.path, err.reason)
    except PermissionError:
        yield Skipped(str(path), "permission denied: the file is not readable (check its permissions)")
    except OSError as err:
        yield Skipped(str(path), f"cannot read the file: {err.strerror or err}")
    else:
        if not count:
            yield Skipped(str(path), "no article in the file (only blank lines)")


def _articles(path: Path, options: ReaderOptions, data: ReaderData) -> Iterator[Article | Skipped]:
    empty = _empty_reason(path)
    for raw in _guarded(path, _raw_docs(path, options, data)):
        yield raw if isinstance(raw, Skipped) else _article(raw, data, empty)


@dataclass(frozen=True)
class Unit:
    """A piece of input that is read on its own: a whole file, or one line of a JSONL file."""

    path: str                 # the file
    line: str | None = None   # file:line of a JSONL line
    raw: bytes = b""          # the line's bytes

    @property
    def size(self) -> int:
        """About how many characters the unit holds (a file's share is estimated at open)."""
        return len(self.raw) // 3 if self.line else 3000


def _jsonl_units(path: Path, options: ReaderOptions) -> Iterator[Unit | Skipped]:
    _check_name(path)
    _regular_size(path)
    for line in jsonl_lines(path, options):
        yield line if isinstance(line, Skipped) else Unit(str(path), *line)


def iter_units(inputs: Iterable[str | Path], options: ReaderOptions | None = None) -> Iterator[Unit | Skipped]:
    """The inputs cut into units, in order (JSONL files line by line); what cannot be read is a ``Skipped``."""
    options = options or ReaderOptions()
    for item in discover(inputs):
        if isinstance(item, Skipped):
            yield item
        elif item.suffix.lower() == ".jsonl":
            yield from _guarded(item, _jsonl_units(item, options))
        else:
            yield Unit(str(item))


def read_unit(unit: Unit, options: ReaderOptions | None = None) -> list[Article | Skipped]:
    """The articles of a unit (a ``Skipped`` for each that cannot be read)."""
    options = options or ReaderOptions()
    data = _data(options)
    if unit.line is None:
        return list(_articles(Path(unit.path), options, data))
    raw = jsonl_doc(unit.line, unit.raw, _line_decoder(data))
    return [raw if isinstance(raw, Skipped) else _article(raw, data, _empty_reason(Path(unit.path)))]


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


def unique_ids(items: Iterable, seen: dict[str, str] | None = None) -> Iterator:
    """``items`` with an article whose id was already read turned into a ``Skipped``
    (anything but a ``Skipped`` with ``doc_id``/``doc`` and a ``path`` attribute counts as an
    article: an ``Article`` or a build's ``Done``). ``seen`` carries the ids across calls."""
    seen = {} if seen is None else seen
    for item in items:
        doc = getattr(item, "doc_id", None) or getattr(item, "doc", None)
        if doc is not None and hasattr(item, "path") and not isinstance(item, Skipped):
            where = getattr(item, "path", None) or doc
            if doc in seen:
                item = Skipped(where, f"document id {doc!r} was already read from {seen[doc]}; rename one of them")
            else:
                seen[doc] = where
        yield item


def iter_articles(inputs: Iterable[str | Path], options: ReaderOptions | None = None) -> Iterator[Article | Skipped]:
    """An ``Article`` for every readable article under ``inputs``, a ``Skipped`` for the rest."""
    options = options or ReaderOptions()
    return unique_ids(found for unit in iter_units(inputs, options)
                      for found in ([unit] if isinstance(unit, Skipped) else read_unit(unit, options)))
