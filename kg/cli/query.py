"""``kg query``: run a saved or ad-hoc SPARQL query over a built graph (pyoxigraph)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from kg.cli import app
from kg.cli.common import fail, setup_logging


def _list_queries() -> str:
    from kg.graph.sparql import saved_queries

    lines = []
    for name, q in saved_queries().items():
        lines.append(f"{name}\n    {q.title}")
        for p in q.params.values():
            lines.append(f"    --param {p.name}=…  ({p.kind}) {p.description}")
    return "\n".join(lines)


def _stderr(message: str) -> None:
    typer.echo(f"kg query: {message}", err=True)


@app.command()
def query(
    graph: Optional[Path] = typer.Argument(None, help="Graph file (.ttl, .nt, .jsonld) or a kg build output folder."),
    name: Optional[str] = typer.Argument(None, help="A saved query's name (see --list) or a .rq file."),
    sparql: Optional[str] = typer.Option(None, "--sparql", "-q", help="Query text (kg:, skos:, … are predeclared)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, tsv or json (SPARQL 1.1 result formats)."),
    params: Optional[List[str]] = typer.Option(None, "--param", "-p", help="name=value for a query parameter; "
                                               "repeat for several values."),
    list_: bool = typer.Option(False, "--list", "-l", help="List the saved queries and their parameters."),
    store: Optional[bool] = typer.Option(
        None, "--store/--no-store", " /--memory",
        help="Query an on-disk store built beside the graph (OUT/kg.oxigraph, built once, rebuilt when the graph "
             "changes), or parse the graph into memory on every call. Default: the store for graph files of 8 MiB "
             "and more."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log load and query times."),
) -> None:
    """Query the knowledge graph with SPARQL: kg query GRAPH (NAME | FILE.rq | --sparql TEXT).

    Large graphs are queried from an on-disk pyoxigraph store kept next to the graph file
    (OUT/kg.oxigraph/): the first query builds it (progress on stderr), later ones open it in
    milliseconds while the graph file is unchanged."""
    from kg.graph.results import FORMATS, render
    from kg.graph.sparql import QueryError, bind_params, open_store, parse_param_args, parse_query_text, run_saved, \
        saved_queries

    setup_logging(verbose)
    if list_:
        typer.echo(_list_queries())
        return
    if graph is None:
        fail("give a graph file or output folder, e.g. kg query outputs/kg.ttl stats (kg query --list for names)")
    if fmt not in FORMATS:
        fail(f"unknown --format {fmt!r}; use one of {', '.join(FORMATS)}")
    if (name is None) == (sparql is None):
        fail("give exactly one of a saved query NAME, a FILE.rq or --sparql TEXT (kg query --list shows the names)")
    try:
        if sparql is not None:
            q = parse_query_text("--sparql", sparql)
        elif name.endswith(".rq") or Path(name).is_file():
            if not Path(name).is_file():
                fail(f"{name}: no such query file")
            q = parse_query_text(Path(name).stem, Path(name).read_text(encoding="utf-8"))
        else:
            known = saved_queries()
            if name not in known:
                fail(f"no saved query {name!r}; known: {', '.join(known)}")
            q = known[name]
        text = bind_params(q, parse_param_args(params or []))
        res, fallback = run_saved(open_store(graph, store=store, report=_stderr), q, text)
        if fallback is not None:
            _stderr(f"{q.name} gave no rows, so its fallback ran: kg/queries/fallback/{fallback.name}.rq "
                    f"({fallback.title or fallback.name})")
    except (QueryError, FileNotFoundError, PermissionError) as err:
        fail(str(err))
    out = render(res, fmt)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
