"""``kg validate``: check a graph against the SHACL shapes and the structural rules."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kg.cli import app
from kg.cli.common import fail, setup_logging

EXIT_INVALID = 1


@app.command()
def validate(
    graph: Path = typer.Argument(..., help="Graph file (.ttl, .nt, .jsonld) or a kg build output folder."),
    shapes: Optional[Path] = typer.Option(None, "--shapes", help="SHACL shapes (default: ontology/shapes.ttl)."),
    limit: int = typer.Option(50, "--limit", "-n", help="List at most N issues."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Validate the knowledge graph (SHACL via pyshacl, no blank nodes, safe IRIs, declared terms).

    Exit code 0 when the graph conforms (warnings allowed), 1 when it has violations.
    """
    from kg.graph.shacl import format_report, validate as run_validate

    setup_logging(verbose)
    try:
        report = run_validate(graph, shapes)
    except (FileNotFoundError, ValueError) as err:
        fail(str(err))
    typer.echo(format_report(report, limit))
    if not report.conforms:
        raise typer.Exit(EXIT_INVALID)
