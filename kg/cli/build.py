"""``kg build``: articles in, extraction records + Turtle + viewer out."""
from __future__ import annotations

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
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="Output folder."),
    formats: str = typer.Option("jsonl,ttl,html", "--formats", "-f",
                                help="Comma-separated outputs: jsonl, ttl, nt, jsonld, html, neo4j."),
    segmenter: str = typer.Option("char", help="Word segmenter: char (default), jieba or pkuseg."),
    pkuseg_model: Optional[Path] = typer.Option(None, help="spacy-pkuseg model folder (with --segmenter pkuseg)."),
    save_text: bool = typer.Option(False, "--save-text", help="Also write the normalized text of each article "
                                   "to OUT/text/ (the text all offsets refer to)."),
    base_iri: Optional[str] = typer.Option(None, help="Base IRI of minted resources."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress",
                                            help="Progress bar (default: on when stderr is a terminal)."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Build the knowledge graph from articles.

    Writes OUT/extractions.jsonl, OUT/kg.ttl and OUT/kg.html. Unreadable files are
    reported and skipped; the exit code is 0 when every input was read and 3 when
    some were skipped (the other articles are still processed and written).
    """
    from kg.build import BuildOptions, build as run_build
    from kg.export.atomic import OutputError
    from kg.nlp.pipeline import PipelineError

    setup_logging(verbose)
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        fail(f"no such file or folder: {', '.join(missing)}")
    opts = BuildOptions(
        formats=tuple(f.strip() for f in formats.split(",") if f.strip()),
        segmenter=segmenter,
        pkuseg_model=str(pkuseg_model) if pkuseg_model else None,
        save_text=save_text,
        base_iri=base_iri,
        progress=sys.stderr.isatty() if progress is None else progress,
    )
    try:
        report = run_build(inputs, out, opts)
    except (PipelineError, KeyError, OutputError) as err:
        fail(str(err).strip("'\""))
    for s in report.skipped:
        typer.secho(f"skipped {s.path}: {s.reason}", fg=typer.colors.YELLOW, err=True)
    typer.echo(
        f"articles read: {report.articles}, skipped: {len(report.skipped)}; "
        f"entities: {report.entities}, relations: {report.relations}, metrics: {report.metrics}; "
        + "".join(f"{k}: {v['triples']} triples; " for k, v in report.outputs.items() if "triples" in v)
        + f"time: {report.seconds:.1f} s"
    )
    for name, info in report.outputs.items():
        typer.echo(f"  wrote {info['path']}")
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)
