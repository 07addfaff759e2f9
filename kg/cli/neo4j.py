"""``kg neo4j``: write the Neo4j import kit for a built graph, and optionally run the import."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from kg.cli import app
from kg.cli.common import fail, setup_logging

PASSWORD_ENV = "NEO4J_PASSWORD"


@app.command("neo4j")
def neo4j_command(
    graph: Path = typer.Argument(..., help="kg.ttl written by kg build, or extractions.jsonl (or their folder)."),
    out: Path = typer.Option(Path("neo4j"), "--out", "-o", help="Folder for the import files."),
    uri: Optional[str] = typer.Option(None, "--uri", help="Also import into this server (bolt://host:7687 or "
                                      "neo4j://…). The password comes from $NEO4J_PASSWORD or a prompt."),
    user: str = typer.Option("neo4j", "--user", "-u", help="Neo4j user (with --uri)."),
    database: Optional[str] = typer.Option(None, "--database", "-d", help="Database (default: the user's home)."),
    mode: str = typer.Option("n10s", "--mode", help="With --uri: n10s (RDF through neosemantics) or csv "
                             "(LOAD CSV of the CSV files, no plugin)."),
    rdf_url: Optional[str] = typer.Option(None, "--rdf-url", help="Where the server reads kg-n10s.ttl (default: "
                                          "the file:/// URL of OUT/kg-n10s.ttl, right when the server runs here)."),
    csv_url: str = typer.Option("file:///", "--csv-url", help="Where the server reads the CSV files (default: "
                                "its import folder)."),
    commit_size: int = typer.Option(10_000, "--commit-size", min=1, help="Triples per n10s transaction."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Write OUT/ with the n10s script and Turtle, neo4j-admin CSVs, a LOAD CSV script and NEO4J.md.

    With --uri, also run the import (n10s or LOAD CSV) through the official neo4j driver and
    report the counts. The password is never a flag: set NEO4J_PASSWORD or answer the prompt.
    """
    from kg.export.atomic import OutputError
    from kg.export.neo4j import write_neo4j
    from kg.neo4j.n10s import N10sShapeError
    from kg.viewer.source import GraphSourceError, load_graph

    setup_logging(verbose)
    if mode not in ("n10s", "csv"):
        fail(f"--mode {mode}: use n10s or csv")
    if out.exists() and not out.is_dir():
        fail(f"--out {out} is a file; give a folder")
    try:
        model = load_graph(graph)
        export = write_neo4j(model, out, rdf_url=rdf_url, csv_base=csv_url, commit_size=commit_size)
    except (GraphSourceError, OutputError, N10sShapeError, ValueError) as err:
        fail(str(err))
    c = export.counts
    typer.echo(f"wrote {out}/: n10s import of {c['triples']} triples → {c['n10s_nodes']} nodes, "
               f"{c['n10s_relationships']} relationships; CSV import → {c['csv_nodes']} nodes, "
               f"{c['csv_relationships']} relationships ({c['files']} files; see {out / 'NEO4J.md'})")
    if uri is None:
        return
    _run(export, uri, user, database, mode, csv_url)


def _run(export, uri: str, user: str, database: Optional[str], mode: str, csv_url: str) -> None:
    from kg.neo4j.live import Neo4jImportError, run_import

    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = typer.prompt(f"Neo4j password for {user} at {uri}", hide_input=True)
    statements = export.n10s_statements if mode == "n10s" else export.csv_statements
    if mode == "csv":
        typer.echo(f"LOAD CSV from {csv_url} (the CSV files of {export.folder} must be there, as the server sees it)")
    try:
        report = run_import(uri, user, password, statements, mode=mode, database=database)
    except Neo4jImportError as err:
        fail(str(err))
    if report.n10s:
        typer.echo(f"n10s: {report.n10s['terminationStatus']}, {report.n10s['triplesLoaded']} of "
                   f"{report.n10s['triplesParsed']} triples loaded")
    typer.echo(f"Neo4j now holds {report.nodes} nodes and {report.relationships} relationships "
               f"(this export: {report.expected_nodes} and {report.expected_relationships}) "
               f"in {report.seconds:.1f} s")
    if not report.matches:
        typer.secho("the counts differ from the export: the database held other data, or part of the import "
                    "failed", fg=typer.colors.YELLOW, err=True)
