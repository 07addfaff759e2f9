"""``extractions.jsonl``: one extraction record per article, in input order."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator

import orjson

from kg.export.atomic import atomic_write
from kg.export.registry import ExportContext, exporter


def dumps(record: dict[str, Any]) -> str:
    """One record as a compact JSON line, non-ASCII text as is: orjson (3x faster than the
    json module on records, same text for them), the json module for what orjson refuses."""
    try:
        return orjson.dumps(record).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError: an int over 64 bits, a lone surrogate, a Decimal
        return json.dumps(record, ensure_ascii=False, sort_keys=False, separators=(",", ":"))


def write_records(records: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with atomic_write(path) as fh:
        for rec in records:
            fh.write(dumps(rec) + "\n")
            n += 1
    return n


@exporter("jsonl", "extractions.jsonl", "extraction records (JSON Lines), the scorer's input")
def export_jsonl(ctx: ExportContext, path: Path) -> dict:
    return {"records": write_records(ctx.records, path)}


def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """Read extraction records back; a bad line raises ValueError naming the file and line."""
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{lineno}: not a JSON record ({err.msg})") from err


class RecordFile:
    """A re-iterable view of an extractions file: each pass reads the records again,
    so exporters can walk a million records without holding them in memory."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return read_records(self.path)
