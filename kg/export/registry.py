"""The exporter registry and the context handed to every exporter."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable

ExportFn = Callable[["ExportContext", Path], dict]
StartFn = Callable[["ExportContext"], None]


@dataclass(frozen=True)
class ExporterInfo:
    name: str
    filename: str
    fn: ExportFn
    description: str
    # work the exporter can begin in the background before the exporters ahead of it run
    # (kg.html's second pass over the records while kg.ttl is written); it keeps its handle
    # in ``ExportContext.started`` under the exporter's name
    start: StartFn | None = None


EXPORTERS: dict[str, ExporterInfo] = {}

# modules that register exporters; imported on first lookup
EXPORTER_MODULES = ("kg.export.jsonl", "kg.export.rdf", "kg.export.viewer", "kg.export.neo4j")


def exporter(name: str, filename: str, description: str = "",
             start: StartFn | None = None) -> Callable[[ExportFn], ExportFn]:
    def register(fn: ExportFn) -> ExportFn:
        EXPORTERS[name] = ExporterInfo(name, filename, fn, description or (fn.__doc__ or "").strip(), start)
        return fn

    return register


def load_exporters() -> dict[str, ExporterInfo]:
    for mod in EXPORTER_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as err:
            if err.name != mod:
                raise
    return EXPORTERS


def get_exporter(name: str) -> ExporterInfo:
    load_exporters()
    try:
        return EXPORTERS[name]
    except KeyError:
        raise KeyError(f"unknown output format {name!r}; known: {', '.join(sorted(EXPORTERS))}") from None


@dataclass
class ExportContext:
    """Everything an exporter may need. The graph model and RDF graph are built once, lazily.

    ``records`` may be any re-iterable of record dicts: ``kg build`` passes a view of
    the extractions file it streamed out, so the records never sit in memory, and hands
    over the graph model it built incrementally (:meth:`for_graph`).
    """

    records: Iterable[dict[str, Any]]
    options: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    # kg build's streamed Turtle (kg.graph.stream): writes kg.ttl at a path (staged), returns the triple count
    turtle: Callable[[Path], int] | None = None
    skeleton: Any = None  # kg build: the graph's global share (a GraphBuilder without detail)
    started: dict[str, Any] = field(default_factory=dict)  # exporter name → its background work (``start``)

    @classmethod
    def for_graph(cls, graph, records: Iterable[dict[str, Any]] = (), **kwargs: Any) -> "ExportContext":
        """A context whose graph model is already built (from ``records``)."""
        ctx = cls(records=records, **kwargs)
        ctx.__dict__["graph"] = graph  # fills the cached property
        return ctx

    @property
    def has_graph(self) -> bool:
        """Whether the graph model is built already (reading :attr:`graph` would otherwise build it)."""
        return "graph" in self.__dict__

    @cached_property
    def graph(self):
        from kg.graph.model import build_graph

        return build_graph(self.records, base_iri=self.options.get("base_iri"))

    @cached_property
    def rdf(self):
        from kg.graph.rdf import to_rdf

        return to_rdf(self.graph, base_iri=self.options.get("base_iri"))

    def stop_started(self) -> None:
        """Stop the background work that no exporter took (a failed build, an interrupt)."""
        while self.started:
            _, work = self.started.popitem()
            if work is not None and hasattr(work, "close"):
                work.close()
