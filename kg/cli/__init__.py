"""The ``kg`` command line: thin Typer commands that check arguments and call the library.

Each command lives in its own module under ``kg.cli`` and registers itself on ``app``.
"""
from __future__ import annotations

import typer

app = typer.Typer(
    name="kg",
    help="Build a knowledge graph from Chinese news on grassroots party building and rural governance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

from kg.cli import build as _build  # noqa: E402,F401
from kg.cli import evaluate as _evaluate  # noqa: E402,F401
from kg.cli import view as _view  # noqa: E402,F401
from kg.cli import query as _query  # noqa: E402,F401
from kg.cli import validate as _validate  # noqa: E402,F401
from kg.cli import serve as _serve  # noqa: E402,F401
from kg.cli import neo4j as _neo4j  # noqa: E402,F401
