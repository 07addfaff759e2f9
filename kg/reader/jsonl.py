"""JSON Lines input: one article per line (format reader).

Each line is an object with ``id`` (string or integer) and ``text`` (string), and
optionally ``title``, ``date``, ``source``, ``url`` (strings) and ``authors``,
``editors`` (lists of strings); other keys are ignored. A bad line is reported as
``Skipped("file:line", reason)`` and the other lines are still read. The file is
streamed line by line, so a file of a million articles never sits in memory; a
line over the article size limit is skipped without being loaded whole.

An ``id`` becomes the document id and, with ``kg build --save-text``, a file name:
it must be 1–200 letters, digits, ``_``, ``-`` or ``.``, not starting with a dot.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import IO, Any, Callable, Iterator

from kg.reader.base import RawDoc, ReaderOptions, Skipped, over_limit
from kg.records import Meta

ID = re.compile(r"[^\W_.][\w.\-]{0,199}")
STRING_FIELDS = ("title", "date", "source", "url")
LIST_FIELDS = ("authors", "editors")
CHUNK = 1 << 20


class LineError(ValueError):
    """A JSONL line that is not an article; ``str(err)`` says why."""


def _type(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def parse_record(obj: Any) -> tuple[str, str, Meta]:
    """``(id, text, hints)`` of one decoded JSON value, or ``LineError``."""
    if not isinstance(obj, dict):
        raise LineError(f"expected a JSON object with \"id\" and \"text\", got {_type(obj)}")
    doc_id, text = obj.get("id"), obj.get("text")
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        raise LineError(f"field \"id\" must be a string or an integer, got {_type(doc_id)}")
    doc_id = str(doc_id)
    if not ID.fullmatch(doc_id):
        raise LineError(f"field \"id\" {doc_id[:40]!r} is not a safe name: use 1-200 letters, digits, "
                        "'_', '-' or '.', not starting with a dot")
    if not isinstance(text, str):
        raise LineError(f"field \"text\" must be a string, got {_type(text)}")
    if not text.strip():
        raise LineError("field \"text\" is empty")
    fields: dict[str, Any] = {}
    for key in STRING_FIELDS:
        val = obj.get(key)
        if val is not None and not isinstance(val, str):
            raise LineError(f"field \"{key}\" must be a string or null, got {_type(val)}")
        fields[key] = val or None
    for key in LIST_FIELDS:
        val = obj.get(key) or []
        if not isinstance(val, list) or not all(isinstance(v, str) for v in val):
            raise LineError(f"field \"{key}\" must be a list of strings")
        fields[key] = tuple(v for v in val if v.strip())
    return doc_id, text, Meta(**fields)


def _lines(fh: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(line number, bytes or None when over the limit, size)`` for every line."""
    number = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield number, raw, len(raw)
            continue
        size = len(raw)
        while raw and not raw.endswith(b"\n"):   # skip the rest of an oversized line
            raw = fh.readline(CHUNK)
            size += len(raw)
        yield number, None, size


def jsonl_lines(path: Path, options: ReaderOptions) -> Iterator[tuple[str, bytes] | Skipped]:
    """``(file:line, bytes)`` for every non-blank line of a JSONL file, or a ``Skipped`` for a
    line over the size limit (cheap: the lines are parsed by :func:`jsonl_doc`, in a worker)."""
    with open(path, "rb") as fh:
        for number, raw, size in _lines(fh, options.max_article_bytes):
            where = f"{path}:{number}"
            if raw is None:
                yield Skipped(where, over_limit(f"line {number}", size, options.max_article_bytes,
                                                "max_article_bytes"))
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if raw.strip():
                yield where, raw


def jsonl_doc(where: str, raw: bytes, decode: Callable[[bytes], str]) -> RawDoc | Skipped:
    """One JSONL line as a ``RawDoc``, or a ``Skipped(where, reason)``."""
    try:
        obj = json.loads(decode(raw))
        doc_id, text, hints = parse_record(obj)
    except RecursionError:
        return Skipped(where, "not valid JSON for an article: nested too deeply (arrays or objects "
                              "inside each other thousands of levels deep)")
    except ValueError as err:
        reason = f"not valid JSON ({err})" if isinstance(err, json.JSONDecodeError) else str(err)
        return Skipped(where, reason or "not valid JSON")
    return RawDoc(doc_id, text, where, hints)


def iter_jsonl(path: Path, options: ReaderOptions,
               decode: Callable[[bytes], str]) -> Iterator[RawDoc | Skipped]:
    """Every line of a JSONL file as a ``RawDoc`` or a ``Skipped("file:line", …)``."""
    for line in jsonl_lines(path, options):
        yield line if isinstance(line, Skipped) else jsonl_doc(*line, decode)
