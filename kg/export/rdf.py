"""RDF exporters (graph model → RDF → **kg.ttl / kg.nt / kg.jsonld**), registered by format name.

Each maps ``ctx.graph`` (the model) to pyoxigraph triples with ``kg.graph.rdf.file_triples`` (with the
VoID description of the file) and
writes them with the canonical writers of :mod:`kg.graph.serialize`, so reruns give
byte-identical files; each is written atomically. They do not go through ``ctx.rdf`` (an
rdflib graph), which would cost seconds per 100 k triples for nothing; ``ctx.rdf`` holds
the same triples for exporters that want rdflib.
"""
from __future__ import annotations

from pathlib import Path

from kg.export.atomic import atomic_write
from kg.export.registry import ExportContext, exporter


def _write(ctx: ExportContext, path: Path, fmt: str) -> dict:
    from kg.graph.rdf import file_triples
    from kg.graph.serialize import write

    triples = file_triples(ctx.graph, base_iri=ctx.options.get("base_iri"))
    with atomic_write(path, "wb") as fh:
        n = write(triples, fmt, fh)
    return {"triples": n}


@exporter("ttl", "kg.ttl", "the knowledge graph as sorted, canonical Turtle")
def export_turtle(ctx: ExportContext, path: Path) -> dict:
    if ctx.turtle is None:
        return _write(ctx, path, "ttl")
    return {"triples": ctx.turtle(path)}  # kg build: written from the streamed article blocks


@exporter("nt", "kg.nt", "the knowledge graph as sorted N-Triples")
def export_ntriples(ctx: ExportContext, path: Path) -> dict:
    return _write(ctx, path, "nt")


@exporter("jsonld", "kg.jsonld", "the knowledge graph as JSON-LD (flat @graph, our prefixes as @context)")
def export_jsonld(ctx: ExportContext, path: Path) -> dict:
    return _write(ctx, path, "jsonld")
