"""The whole flow for ``kg build``: read → extract → graph → export.

Articles are read and processed as a stream; only the extraction records (small)
are kept for the graph. Every output is written atomically. The returned
``BuildReport`` is what the CLI prints as the summary.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from kg.export import ExportContext, get_exporter
from kg.export.atomic import atomic_write
from kg.reader import Skipped, iter_articles

log = logging.getLogger("kg")

DEFAULT_FORMATS = ("jsonl", "ttl", "html")


@dataclass
class BuildReport:
    articles: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    metrics: int = 0
    outputs: dict[str, dict] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.skipped


@dataclass(frozen=True)
class BuildOptions:
    formats: Sequence[str] = DEFAULT_FORMATS
    segmenter: str = "char"
    pkuseg_model: str | None = None
    save_text: bool = False
    base_iri: str | None = None
    progress: bool = False


def build(inputs: Iterable[str | Path], out_dir: str | Path, options: BuildOptions = BuildOptions()) -> BuildReport:
    from kg.nlp.extract import extract
    from kg.nlp.pipeline import make_nlp

    t0 = time.perf_counter()
    out = Path(out_dir)
    report = BuildReport()
    exporters = [get_exporter(f) for f in options.formats]  # fail fast on an unknown format
    nlp = make_nlp(options.segmenter, options.pkuseg_model)
    records: list[dict] = []
    texts: dict[str, str] = {}
    items = iter_articles(inputs)
    if options.progress:
        from tqdm import tqdm

        items = tqdm(items, desc="articles", unit="art")
    for item in items:
        if isinstance(item, Skipped):
            log.warning("skipped %s: %s", item.path, item.reason)
            report.skipped.append(item)
            continue
        ex = extract(nlp, item)
        rec = ex.to_dict()
        records.append(rec)
        if options.save_text:
            texts[ex.doc] = ex.text
        report.articles += 1
        report.entities += len(rec["entities"])
        report.relations += len(rec["relations"])
        report.metrics += len(rec["metrics"])
    ctx = ExportContext(records=records, options={"base_iri": options.base_iri}, texts=texts)
    for exp in exporters:
        report.outputs[exp.name] = {"path": str(out / exp.filename), **exp.fn(ctx, out / exp.filename)}
    if options.save_text:
        for doc_id, text in texts.items():
            with atomic_write(out / "text" / f"{doc_id}.txt") as fh:
                fh.write(text)
    report.seconds = time.perf_counter() - t0
    return report
