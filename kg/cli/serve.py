"""``kg serve``: a SPARQL 1.1 Protocol endpoint over a built graph (rdflib-endpoint + uvicorn)."""
from __future__ import annotations

from pathlib import Path

import typer

from kg.cli import app
from kg.cli.common import fail, setup_logging


@app.command()
def serve(
    graph: Path = typer.Argument(..., help="Graph file (.ttl, .nt, .jsonld) or a kg build output folder."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (default: loopback only)."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    cors: bool = typer.Option(False, "--cors", help="Allow browsers on other origins to query (off by default)."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Serve the graph as a SPARQL endpoint at http://HOST:PORT/ (GET/POST ?query=…; a query UI for browsers)."""
    from kg.graph.serve import serve as run_serve

    setup_logging(verbose)
    if not 0 < port < 65536:
        fail(f"--port {port} is not a TCP port")
    typer.echo(f"SPARQL endpoint on http://{host}:{port}/ serving {graph} (Ctrl-C to stop)", err=True)
    try:
        run_serve(graph, host=host, port=port, cors=cors)
    except (FileNotFoundError, ValueError, RuntimeError) as err:
        fail(str(err))
