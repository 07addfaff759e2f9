"""A SPARQL 1.1 Protocol endpoint over a built graph (Turtle → rdflib graph → **HTTP endpoint**).

The endpoint is ``rdflib-endpoint`` (a FastAPI app implementing the SPARQL 1.1 Protocol:
``GET``/``POST`` ``/?query=…``, results as JSON, XML, CSV or TSV by ``Accept``, a YASGUI page
for browsers) served by uvicorn. It listens on 127.0.0.1 unless told otherwise; updates
are off, and so is CORS unless asked for, so web pages open in a browser cannot read
the graph through the endpoint. The saved queries of ``kg/queries`` are the examples
offered in the query page. Both packages are the ``serve`` extra; they are imported
only here, inside functions.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from kg.graph.serialize import graph_file, load

log = logging.getLogger("kg")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _require() -> None:
    try:
        import rdflib_endpoint  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as err:
        raise RuntimeError(f"kg serve needs the 'serve' extra ({err.name} is missing): "
                           "pip install 'kg[serve]'") from err


def make_app(path: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, cors: bool = False) -> Any:
    """The ASGI app serving the graph at ``path`` (a file or a kg build output folder)."""
    _require()
    from rdflib_endpoint import SparqlEndpoint

    from kg.graph.sparql import saved_queries

    p = graph_file(path)
    t0 = time.perf_counter()
    graph = load(p)
    log.info("serving %s: %d triples loaded in %.2f s", p, len(graph), time.perf_counter() - t0)
    return SparqlEndpoint(
        graph=graph,
        title=f"kg SPARQL endpoint: {p.name}",
        description=f"The knowledge graph {p.name} ({len(graph)} triples), read-only.",
        example_queries={q.title or name: {"query": q.text} for name, q in saved_queries().items()},
        enable_update=False,
        cors_enabled=cors,
        public_url=f"http://{host}:{port}/",
    )


def make_server(path: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, cors: bool = False,
                log_level: str = "warning") -> Any:
    """A ``uvicorn.Server`` for the graph; call ``.run()`` (blocking) or use :func:`start_background`."""
    import uvicorn

    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("the endpoint listens on %s: anyone who can reach this host can query the graph", host)
    app = make_app(path, host, port, cors)
    return uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level=log_level, access_log=False))


def serve(path: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, cors: bool = False) -> None:
    """Serve until interrupted (Ctrl-C)."""
    make_server(path, host, port, cors, log_level="info").run()


def start_background(path: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                     timeout: float = 30.0) -> tuple[Any, threading.Thread]:
    """Start a server in a daemon thread and wait until it accepts requests; stop it with
    ``server.should_exit = True; thread.join()``."""
    server = make_server(path, host, port)
    thread = threading.Thread(target=server.run, name="kg-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the SPARQL endpoint did not start on {host}:{port}")
        time.sleep(0.05)
    return server, thread
