"""Incremental builds (``kg build --update DIR``): what an earlier build already holds.

Sits beside the build flow: the earlier ``extractions.jsonl`` is the store of
processed articles, and ``manifest.json`` records, for each document id, a hash of
the normalized text and metadata it was made from, and the settings of the build.
An input whose id is known with the same hash is not processed again; a known id
with another hash is processed and its record replaces the old one in place; a new
id is appended. The graph and every other output are then made from all records,
so the result equals a full rebuild over the old inputs followed by the new ones.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import kg
from kg.engine.worker import Item, Unchanged, article_digest
from kg.records import Article

log = logging.getLogger("kg")

MANIFEST = "manifest.json"
RECORDS = "extractions.jsonl"


class UpdateError(ValueError):
    pass


def manifest_settings(segmenter: str, pkuseg_model: str | None, base_iri: str | None) -> dict[str, Any]:
    """The settings an earlier build must share for its records to be reused."""
    return {"segmenter": segmenter, "pkuseg_model": pkuseg_model, "base_iri": base_iri}


def manifest_doc(settings: dict[str, Any], docs: Iterable[tuple[str, str]]) -> str:
    """``manifest.json`` text: the kg version, the settings and ``[doc id, content hash]`` in output order."""
    head = json.dumps({"kg": kg.__version__, "settings": settings}, ensure_ascii=False)[:-1]
    rows = ",\n".join(json.dumps(list(d), ensure_ascii=False) for d in docs)
    return f'{head}, "docs": [\n{rows}\n]}}\n'  # one document a line: diffs stay readable


@dataclass
class Previous:
    """The earlier build in ``folder``: its record file and the known content hashes."""

    folder: Path
    digests: dict[str, str] = field(default_factory=dict)  # doc -> hash ("" when unknown)
    unchanged: int = 0

    @property
    def records(self) -> Path:
        return self.folder / RECORDS

    def is_unchanged(self, article: Article) -> bool:
        known = self.digests.get(article.doc_id)
        return known is not None and (known == "" or known == article_digest(article))

    def fresh(self, items: Iterable[Item]) -> Iterator[Item]:
        """The stream with articles already built (same id, same content) replaced by markers."""
        for item in items:
            if isinstance(item, Article) and self.is_unchanged(item):
                self.unchanged += 1
                yield Unchanged(item.doc_id)
            else:
                yield item

    def lines(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """``(doc id, record line, record)`` of every earlier record, in file order."""
        with open(self.records, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                    doc = rec["doc"]
                except (ValueError, KeyError, TypeError) as err:
                    raise UpdateError(f"{self.records}:{lineno}: not an extraction record ({err}); "
                                      "rebuild the folder without --update") from err
                yield str(doc), line, rec


def load_previous(folder: Path, settings: dict[str, Any]) -> Previous:
    """The earlier build in ``folder``; ``UpdateError`` saying what to do when it cannot be extended."""
    prev = Previous(Path(folder))
    if not prev.records.is_file():
        raise UpdateError(f"{prev.records} does not exist: --update extends an earlier build; "
                          "run kg build without --update first (or check the folder)")
    known: dict[str, str] = {}
    mpath = prev.folder / MANIFEST
    if mpath.is_file():
        try:
            manifest = json.loads(mpath.read_text(encoding="utf-8"))
            old = manifest.get("settings", {})
            known = {str(d): str(h) for d, h in manifest.get("docs", [])}
        except (ValueError, TypeError, AttributeError) as err:
            raise UpdateError(f"{mpath}: unreadable build manifest ({err}); rebuild without --update") from err
        if old != settings:
            diff = ", ".join(f"{k}: {old.get(k)!r} → {v!r}" for k, v in settings.items() if old.get(k) != v)
            raise UpdateError(f"{prev.folder} was built with other settings ({diff}); rebuild it without "
                              "--update, or update with the settings it was built with")
        if manifest.get("kg") != kg.__version__:
            log.warning("%s was built by kg %s (this is %s): its records are reused as they are",
                        prev.folder, manifest.get("kg"), kg.__version__)
    else:
        log.warning("%s has no %s: articles whose id is already there are taken as unchanged",
                    prev.folder, MANIFEST)
    prev.digests = {doc: known.get(doc, "") for doc, _, _ in prev.lines()}
    return prev
