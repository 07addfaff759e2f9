"""``kg build``: articles in, extraction records + Turtle + viewer out."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from kg.cli import app
from kg.cli.common import fail, setup_logging

EXIT_SKIPPED = 3


@app.command()
def build(
    inputs: List[Path] = typer.Argument(..., help="Article files (.txt, .html, .jsonl) or folders of them."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (default: outputs, or the "
                                       "--update folder)."),
    formats: str = typer.Option("jsonl,ttl,html", "--formats", "-f",
                                help="Comma-separated outputs: jsonl, ttl, nt, jsonld, html, neo4j."),
    segmenter: str = typer.Option("char", help="Word segmenter: char (default), jieba or pkuseg."),
    pkuseg_model: Optional[Path] = typer.Option(None, help="spacy-pkuseg model folder (with --segmenter pkuseg)."),
    save_text: bool = typer.Option(False, "--save-text", help="Also write the normalized text of each article "
                                   "to OUT/text/ (the text all offsets refer to)."),
    base_iri: Optional[str] = typer.Option(None, help="Base IRI of minted resources."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress",
                                            help="Progress bar (default: on when stderr is a terminal)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=0, help="Worker processes for extraction (0: one per "
                             "core). Any number gives the same outputs."),
    engine: str = typer.Option("local", help="local (this machine) or dask (a Dask cluster; see docs/scale.md)."),
    scheduler: Optional[str] = typer.Option(None, help="With --engine dask: the scheduler address "
                                            "(tcp://host:8786); default: a local cluster of --jobs workers."),
    update: Optional[Path] = typer.Option(None, "--update", help="Add the inputs to the build in this folder: "
                                          "only new or changed articles are processed; the outputs equal a "
                                          "full rebuild."),
    view_max_nodes: Optional[int] = typer.Option(None, min=1, help="Draw at most this many nodes in kg.html "
                                                 "(the best-connected part; for large builds)."),
    max_article_bytes: int = typer.Option(5_000_000, min=1, help="Skip (and report) an article larger "
                                          "than this many bytes of text."),
    max_entities: int = typer.Option(5000, min=1, help="Skip (and report) an article with more entities "
                                     "and metrics than this (a runaway page, not news)."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Build the knowledge graph from articles.

    Writes OUT/extractions.jsonl, OUT/kg.ttl and OUT/kg.html (and OUT/manifest.json,
    used by --update). Unreadable files are reported and skipped; the exit code is 0
    when every input was read and 3 when some were skipped (the other articles are
    still processed and written). Outputs are replaced only when the build succeeds.
    """
    from kg.build import BuildOptions, build as run_build
    from kg.engine import EngineError
    from kg.engine.incremental import UpdateError
    from kg.export.atomic import OutputError
    from kg.nlp.pipeline import PipelineError

    setup_logging(verbose)
    if not verbose:  # dask.distributed logs its cluster's life at INFO, set up when it is imported
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        fail(f"no such file or folder: {', '.join(missing)}")
    if update is not None and out is not None and out.resolve() != update.resolve():
        fail("--update DIR rewrites the build in DIR: leave out --out, or give the same folder")
    if scheduler and engine != "dask":
        fail("--scheduler is for --engine dask")
    out = update or out or Path("outputs")
    opts = BuildOptions(
        formats=tuple(f.strip() for f in formats.split(",") if f.strip()),
        segmenter=segmenter,
        pkuseg_model=str(pkuseg_model) if pkuseg_model else None,
        save_text=save_text,
        base_iri=base_iri,
        progress=sys.stderr.isatty() if progress is None else progress,
        jobs=jobs,
        engine=engine,
        scheduler=scheduler,
        update=update is not None,
        view={"view_max_nodes": view_max_nodes} if view_max_nodes else {},
        max_entities=max_entities,
        max_article_bytes=max_article_bytes,
    )
    try:
        report = run_build(inputs, out, opts)
    except (PipelineError, KeyError, OutputError, UpdateError, EngineError) as err:
        fail(str(err).strip("'\""))
    for s in report.skipped:
        typer.secho(f"skipped {s.path}: {s.reason}", fg=typer.colors.YELLOW, err=True)
    kept = f" ({report.unchanged} unchanged; {report.records} in the graph)" if update is not None else ""
    typer.echo(
        f"articles read: {report.articles}{kept}, skipped: {len(report.skipped)}; "
        f"entities: {report.entities}, relations: {report.relations}, metrics: {report.metrics}; "
        + "".join(f"{k}: {v['triples']} triples; " for k, v in report.outputs.items() if "triples" in v)
        + f"time: {report.seconds:.1f} s ("
        + ", ".join(f"{k} {v:.1f}" for k, v in report.stages.items()) + ")"
    )
    for name, info in report.outputs.items():
        typer.echo(f"  wrote {info['path']}")
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)
