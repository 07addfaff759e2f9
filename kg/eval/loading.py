"""Reading gold files and extraction records for scoring, with errors that say what to fix."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Record = dict[str, Any]

_REQUIRED = {
    "entities": ("type", "name"),
    "relations": ("type", "head", "tail"),
    "metrics": ("subject", "value"),
}


def _check_gold(record: Any, path: Path) -> Record:
    if not isinstance(record, dict):
        raise ValueError(f"{path}: a gold file holds one JSON object per article (see annotation-guide.md §5)")
    for section, keys in _REQUIRED.items():
        items = record.get(section) or []
        if not isinstance(items, list):
            raise ValueError(f"{path}: {section!r} must be a list")
        for n, item in enumerate(items):
            missing = [k for k in keys if not isinstance(item, dict) or k not in item]
            if missing:
                raise ValueError(f"{path}: {section}[{n}] lacks {', '.join(missing)}; "
                                 f"every item of {section!r} needs {', '.join(keys)}")
    return record


def load_gold(gold_dir: str | Path) -> dict[str, Record]:
    """Gold records by doc id (the ``doc`` field, else the file name), in file-name order."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise ValueError(f"{folder} is not a folder of gold JSON files")
    golds: dict[str, Record] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}:{err.lineno}:{err.colno}: not valid JSON ({err.msg})") from err
        record = _check_gold(record, path)
        golds[record.get("doc") or path.stem] = record
    return golds


def load_predictions(pred_path: str | Path) -> dict[str, Record]:
    """Extraction records by doc id; a later line for the same doc replaces an earlier one."""
    path = Path(pred_path)
    preds: dict[str, Record] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{lineno}: not valid JSON ({err.msg}); "
                                 "each line must be one extraction record") from err
            if not isinstance(record, dict) or "doc" not in record:
                raise ValueError(f"{path}:{lineno}: an extraction record needs a 'doc' field "
                                 "(see extraction-record.md)")
            preds[record["doc"]] = record
    return preds
