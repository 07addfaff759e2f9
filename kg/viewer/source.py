"""Where ``kg view`` gets its graph: a built Turtle file or extraction records (file → *graph model*).

``kg.ttl`` (or another RDF file ``kg build`` wrote) is read back with
``kg.graph.rdf.from_rdf``; ``extractions.jsonl`` is merged with
``kg.graph.model.build_graph``. Both give the model of ``docs/graph-model.md``.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Callable

import networkx as nx

RDF_SUFFIXES = (".ttl", ".nt", ".jsonld", ".json-ld", ".trig", ".nq", ".rdf", ".xml")
RECORD_SUFFIXES = (".jsonl", ".ndjson")


class GraphSourceError(ValueError):
    """A graph file that cannot be read; the message names the file and what to do."""


def _function(module: str, name: str, path: Path) -> Callable[..., Any]:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as err:
        raise GraphSourceError(f"cannot read {path}: {module}.{name} is not available in this installation "
                               f"({err}); view extractions.jsonl instead, or update kg") from err


def load_graph(path: str | Path) -> nx.MultiDiGraph:
    """The graph model from ``kg.ttl`` (or another RDF serialization) or ``extractions.jsonl``."""
    path = Path(path)
    if not path.exists():
        raise GraphSourceError(f"{path} does not exist; run `kg build` first or give the path of kg.ttl "
                               "or extractions.jsonl")
    if path.is_dir():
        for name in ("kg.ttl", "extractions.jsonl"):
            if (path / name).is_file():
                return load_graph(path / name)
        raise GraphSourceError(f"{path} is a folder without kg.ttl or extractions.jsonl; give one of those files")
    suffix = path.suffix.lower()
    if suffix in RECORD_SUFFIXES:
        read_records = _function("kg.export.jsonl", "read_records", path)
        build_graph = _function("kg.graph.model", "build_graph", path)
        try:
            return build_graph(list(read_records(path)))
        except ValueError as err:
            raise GraphSourceError(str(err)) from err
    if suffix in RDF_SUFFIXES:
        from_rdf = _function("kg.graph.rdf", "from_rdf", path)
        try:
            return from_rdf(path)
        except (ValueError, SyntaxError) as err:
            raise GraphSourceError(f"{path}: not a readable RDF graph ({err})") from err
    raise GraphSourceError(f"{path}: unknown kind of graph file {suffix or '(no suffix)'}; "
                           f"give kg.ttl ({', '.join(RDF_SUFFIXES)}) or extractions.jsonl")
