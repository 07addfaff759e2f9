"""``kg view``: draw a built graph (kg.ttl or extractions.jsonl) as one offline HTML page."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from kg.cli import app
from kg.cli.common import fail, setup_logging


@app.command()
def view(
    graph: Path = typer.Argument(..., help="kg.ttl written by kg build, or extractions.jsonl (or their folder)."),
    out: Path = typer.Option(Path("kg.html"), "--out", "-o", help="HTML file to write."),
    around: Optional[List[str]] = typer.Option(None, "--around", help="Draw only the neighbourhood of the node "
                                               "with this name, alias or IRI (repeatable)."),
    depth: int = typer.Option(1, "--depth", min=0, help="Hops around --around nodes, in either direction."),
    types: Optional[str] = typer.Option(None, "--types", help="Comma-separated node types to keep: PLACE, ORG, "
                                        "PERSON, PROGRAM, MECHANISM, DESIGNATION, METRIC."),
    max_nodes: Optional[int] = typer.Option(None, "--max-nodes", min=1, help="Keep at most N nodes, the most "
                                            "connected first."),
    title: Optional[str] = typer.Option(None, "--title", help="Page title."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Write an offline viewer page: search, type filters, neighbourhood focus and the evidence behind each edge.

    Up to 1 000 nodes the page lays the graph out live; larger graphs get positions
    computed here and no physics. Use --around/--types/--max-nodes to draw a part.
    """
    from kg.export.atomic import OutputError
    from kg.export.viewer import write_viewer
    from kg.viewer.source import GraphSourceError, load_graph

    setup_logging(verbose)
    if out.suffix.lower() not in (".html", ".htm"):
        fail(f"--out {out}: give a file name ending in .html")
    try:
        model = load_graph(graph)
        counts = write_viewer(model, out, around=around or None, depth=depth, types=types, max_nodes=max_nodes,
                              title=title)
    except (GraphSourceError, OutputError) as err:
        fail(str(err))
    except ValueError as err:  # a name not in the graph, an unknown type
        fail(str(err))
    typer.echo(f"wrote {out}: {counts['nodes']} nodes, {counts['edges']} edges ({counts['layout']} layout)")
