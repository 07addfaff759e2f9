"""The whole flow for ``kg build``: read → extract → graph → export.

Articles are read and processed as a stream (:mod:`kg.engine`: in this process, a
process pool, or Dask). Each result is written to ``extractions.jsonl`` as it
arrives and added to the graph model at once (``GraphBuilder``), so neither texts
nor records are kept: memory holds the graph and a few chunks in flight. The other
exporters then read the records back from the file and share the graph model.

Every output goes to a temporary file and all are renamed into place together at
the end (:func:`kg.export.atomic.atomic_outputs`): an interrupted or failed build
leaves the previous outputs as they were. ``manifest.json`` lists each document with
a hash of its content, which ``--update`` uses to process only new or changed ones.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Sequence

from kg.engine.incremental import MANIFEST, RECORDS, Previous, load_previous, manifest_doc, manifest_settings
from kg.engine.worker import Done, GraphShare, Result, Settings, Unchanged, graph_share
from kg.export import ExportContext, get_exporter
from kg.export.atomic import atomic_outputs, atomic_write, output_folder, staged_write
from kg.export.jsonl import RecordFile
from kg.reader import ReaderOptions, Skipped, iter_articles

log = logging.getLogger("kg")

DEFAULT_FORMATS = ("jsonl", "ttl", "html")
DIGEST_CHARS = 40  # sha1 hex
VIEW_AUTO_MAX = 2000  # kg.html of a larger graph draws its best-connected part of this many nodes
GRAPH_FORMATS = {"ttl", "html"}  # outputs made from the global share the build collects (the rest: from records)


@dataclass
class BuildReport:
    articles: int = 0          # articles processed in this run
    unchanged: int = 0         # --update: inputs the earlier build holds with the same content
    records: int = 0           # records written (articles in the graph)
    chars: int = 0             # characters of the articles processed
    skipped: list[Skipped] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    metrics: int = 0
    outputs: dict[str, dict] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)  # seconds: extract, graph, one per exporter
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
    jobs: int = 1                 # worker processes (local engine) or workers (local Dask cluster); 0: all cores
    engine: str = "local"         # local | dask
    scheduler: str | None = None  # dask: a scheduler address; None: a LocalCluster
    update: bool = False          # extend the build already in out_dir
    max_entities: int = 5000      # entities + metrics of one article; beyond: reported and skipped
    max_article_bytes: int = 5_000_000  # one article's size limit (reader)
    view: dict[str, Any] = field(default_factory=dict)  # viewer options: view_around, view_max_nodes, …


def text_file_name(doc_id: str, max_bytes: int = 200) -> str:
    """``--save-text``'s file for an article: ``ID.txt``, or for an id too long for a file
    system, its first characters and a hash of the whole (stable across runs)."""
    name = f"{doc_id}.txt"
    if len(name.encode("utf-8")) <= max_bytes:
        return name
    import hashlib

    digest = hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:12]
    head = doc_id.encode("utf-8")[: max_bytes - 20].decode("utf-8", errors="ignore")
    return f"{head}-{digest}.txt"


class _Sink:
    """Where results go: the record file, the graph's global share (a ``GraphBuilder`` without
    mentions and evidence), the articles' Turtle blocks, the counts and the manifest list."""

    def __init__(self, fh: IO[str], report: BuildReport, settings: Settings, scratch: Path) -> None:
        from kg.graph.model import GraphBuilder
        from kg.graph.stream import TurtleBlocks

        self.fh, self.report, self.settings = fh, report, settings
        self.builder = GraphBuilder(settings.base_iri, detail=False)
        self.blocks = TurtleBlocks(scratch)
        self.docs: list[tuple[str, str]] = []

    def write(self, doc: str, line: str, digest: str, share: GraphShare | None = None,
              rec: dict[str, Any] | None = None) -> None:
        self.fh.write(line + "\n")
        if share is None:  # records of an earlier build, or parked by --update
            share = graph_share(rec if rec is not None else json.loads(line), self.settings.base_iri,
                                self.settings.turtle, self.settings.graph)
        if share.part is not None:
            self.builder.add_part(share.part)
            self.blocks.add(share.part.doc, share.block, share.block_counts)
        self.docs.append((doc, digest))
        r = self.report
        r.records += 1
        r.entities += share.counts[0]
        r.relations += share.counts[1]
        r.metrics += share.counts[2]

    def nodes(self) -> int:
        """About how many nodes the graph model has (articles, entities, designations, metrics)."""
        b = self.builder
        return len(b.articles) + len(b.entities) + len(b.designations) + self.report.metrics


@contextlib.contextmanager
def _record_file(out: Path, scratch: Path, keep: bool) -> Iterator[tuple[IO[str], Path]]:
    """The records as they stream out: ``OUT/extractions.jsonl`` (renamed into place with the
    other outputs), or a scratch file when the jsonl output was not asked for."""
    if keep:
        with staged_write(out / RECORDS) as pair:
            yield pair
    else:
        with open(scratch / RECORDS, "w", encoding="utf-8", newline="\n") as fh:
            yield fh, scratch / RECORDS


def _check(settings: Settings, options: BuildOptions) -> None:
    """Fail before any work on settings the workers would reject."""
    from kg.engine import ENGINES, EngineError
    from kg.nlp.pipeline import SEGMENTERS, make_nlp

    if options.engine not in ENGINES:
        raise EngineError(f"unknown engine {options.engine!r}; choose one of {', '.join(ENGINES)}")
    if options.engine == "dask":
        from kg.engine.distributed import check_dask

        check_dask()
    if settings.segmenter not in SEGMENTERS or (settings.segmenter == "pkuseg" and not settings.pkuseg_model):
        make_nlp(settings.segmenter, settings.pkuseg_model)  # raises PipelineError saying what to do
    if options.update and "jsonl" not in options.formats:
        raise KeyError("--update keeps extractions.jsonl up to date: include jsonl in --formats")


def _results(inputs: Iterable[str | Path], settings: Settings, options: BuildOptions, out: Path,
             previous: Previous | None) -> Iterator[Result]:
    if options.engine == "dask":
        from kg.engine.distributed import run_dask

        return run_dask(inputs, settings, out, scheduler=options.scheduler,
                        workers=options.jobs or os.cpu_count() or 1, known=previous.digests if previous else None)
    from kg.engine.local import run_local
    from kg.reader.files import iter_units, unique_ids

    reader = ReaderOptions(max_article_bytes=settings.max_article_bytes)
    if previous:  # the content hash of every article is needed before extraction: read here
        return run_local(previous.fresh(iter_articles(inputs, reader)), settings, options.jobs)
    return unique_ids(run_local(iter_units(inputs, reader), settings, options.jobs))  # read by the workers


def _expected(inputs: Sequence[str | Path]) -> int:
    """About how many articles the inputs hold (a file each, a line each of JSONL), for the bar's ETA."""
    from kg.reader.files import discover

    total = 0
    for path in discover(inputs):
        if isinstance(path, Path) and path.suffix.lower() == ".jsonl":
            with contextlib.suppress(OSError), open(path, "rb") as fh:
                total += sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))
        else:
            total += 1
    return total


def _logging_around_bar(progress: bool) -> contextlib.AbstractContextManager:
    """Log records printed above the progress bar instead of through it."""
    if not progress:
        return contextlib.nullcontext()
    from tqdm.contrib.logging import logging_redirect_tqdm

    return logging_redirect_tqdm()


def _progress(results: Iterator[Result], options: BuildOptions, inputs: Sequence[str | Path]) -> Iterator[Result]:
    if not options.progress:
        return results
    from tqdm import tqdm

    return tqdm(results, desc="articles", unit=" art", total=_expected(inputs) or None, mininterval=0.5,
                smoothing=0.05)


def _consume(results: Iterable[Result], sink: _Sink, out: Path, previous: Previous | None,
             parked: IO[bytes] | None) -> tuple[dict[str, int], list[int]]:
    """Take the stream: records straight to the sink, or (``--update``) parked in a scratch
    file until the earlier records are written. Returns where the parked records are: the
    replacements of earlier records by document id, and the new ones in input order."""
    report, replaced, new = sink.report, {}, []
    for res in results:
        if isinstance(res, Skipped):
            log.warning("skipped %s: %s", res.path, res.reason)
            report.skipped.append(res)
            continue
        if isinstance(res, Unchanged):
            report.unchanged += 1
            continue
        assert isinstance(res, Done)
        report.articles += 1
        report.chars += res.chars
        if res.text is not None:
            with atomic_write(out / "text" / text_file_name(res.doc)) as fh:
                fh.write(res.text)
        if previous is None:
            sink.write(res.doc, res.line, res.digest, res.share)
            continue
        if res.doc in previous.digests:
            replaced[res.doc] = parked.tell()
        else:
            new.append(parked.tell())
        parked.write(f"{res.digest} {res.line}\n".encode("utf-8"))
    return replaced, new


def _merge_previous(previous: Previous, replaced: dict[str, int], new: list[int], parked: IO[bytes],
                    sink: _Sink) -> None:
    """``--update``: the earlier records (changed ones replaced in place), then the new ones."""
    def row(offset: int) -> tuple[str, str]:
        parked.seek(offset)
        text = parked.readline().decode("utf-8")
        return text[:DIGEST_CHARS], text[DIGEST_CHARS + 1:].rstrip("\n")

    for doc, line, rec in previous.lines():
        if doc in replaced:
            digest, line = row(replaced[doc])
            sink.write(doc, line, digest)
        else:
            sink.write(doc, line, previous.digests.get(doc, ""), rec=rec)
    for offset in new:
        digest, line = row(offset)
        rec = json.loads(line)
        sink.write(str(rec["doc"]), line, digest, rec=rec)


def _view_options(options: BuildOptions, nodes: int) -> dict[str, Any]:
    """The viewer's subgraph options; a large graph without any gets a node budget (a page of
    a million nodes would not open), which ``kg view`` can widen or move."""
    if options.view or "html" not in options.formats or nodes <= VIEW_AUTO_MAX:
        return dict(options.view)
    log.warning("kg.html shows the %d best-connected nodes of about %d; use kg view (--around, --max-nodes) "
                "or --view-max-nodes for other parts", VIEW_AUTO_MAX, nodes)
    return {"view_max_nodes": VIEW_AUTO_MAX}


def _export(exporters: Sequence[Any], ctx: ExportContext, out: Path, report: BuildReport,
            progress: bool = False) -> None:
    """Write the outputs in order; the background work some exporters begin first (the viewer's
    reading of the records) goes on while those ahead of them are written, and its time up to
    the start counts for its exporter."""
    started: dict[str, float] = {}
    try:
        for exp in exporters:
            if exp.start is not None:
                t = time.perf_counter()
                exp.start(ctx)
                started[exp.name] = time.perf_counter() - t
        _write_outputs(exporters, ctx, out, report, progress, started)
    finally:
        ctx.stop_started()


def _write_outputs(exporters: Sequence[Any], ctx: ExportContext, out: Path, report: BuildReport,
                   progress: bool, started: dict[str, float]) -> None:
    for exp in exporters:
        t = time.perf_counter() - started.get(exp.name, 0.0)
        path = out / exp.filename
        if progress and exp.name != "jsonl":  # after the bar: a large graph takes minutes to write
            print(f"writing {exp.filename} …", file=sys.stderr, flush=True)
        info = {"records": report.records} if exp.name == "jsonl" else exp.fn(ctx, path)
        report.outputs[exp.name] = {"path": str(path), **info}
        report.stages[exp.name] = time.perf_counter() - t
        log.info("%s: wrote %s in %.1f s", exp.name, path, report.stages[exp.name])


def build(inputs: Iterable[str | Path], out_dir: str | Path, options: BuildOptions = BuildOptions()) -> BuildReport:
    """Read ``inputs``, extract, and write the outputs of ``options.formats`` to ``out_dir``."""
    t0 = time.perf_counter()
    inputs = list(inputs)
    out = Path(out_dir)
    exporters = [get_exporter(f) for f in options.formats]  # fail fast on an unknown format
    settings = Settings(options.segmenter, options.pkuseg_model, options.save_text, options.max_entities,
                        options.max_article_bytes, base_iri=options.base_iri, turtle="ttl" in options.formats,
                        graph=bool(GRAPH_FORMATS & set(options.formats)))
    _check(settings, options)
    msettings = manifest_settings(options.segmenter, options.pkuseg_model, options.base_iri)
    report = BuildReport()
    keep_records = "jsonl" in options.formats
    with output_folder(out), atomic_outputs(), tempfile.TemporaryDirectory(prefix=".kg-build-", dir=out) as scratch:
        previous = load_previous(out, msettings) if options.update else None
        with _record_file(out, Path(scratch), keep_records) as (fh, records_tmp):
            sink = _Sink(fh, report, settings, Path(scratch))
            results = _progress(_results(inputs, settings, options, out, previous), options, inputs)
            with _logging_around_bar(options.progress):
                if previous is None:
                    _consume(results, sink, out, None, None)
                else:
                    with open(Path(scratch) / "parked-records", "w+b") as parked:
                        replaced, new = _consume(results, sink, out, previous, parked)
                        _merge_previous(previous, replaced, new, parked, sink)
        report.stages["extract"] = time.perf_counter() - t0
        docs, blocks, builder = sink.docs, sink.blocks, sink.builder
        ctx = ExportContext(RecordFile(records_tmp), options={"base_iri": options.base_iri, "jobs": options.jobs,
                                                               **_view_options(options, sink.nodes())},
                            turtle=lambda path: blocks.finish(path, builder), skeleton=builder)
        sink = None
        try:
            _export(exporters, ctx, out, report, options.progress)
        finally:
            blocks.close()
        if keep_records:
            with atomic_write(out / MANIFEST) as mfh:
                mfh.write(manifest_doc(msettings, docs))
    report.seconds = time.perf_counter() - t0
    return report
