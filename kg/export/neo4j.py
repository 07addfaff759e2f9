"""The Neo4j import kit (graph model + RDF → **a folder of Neo4j files**).

Registered as the ``neo4j`` exporter, so ``kg build --formats …,neo4j`` writes
``OUT/neo4j/``; ``kg neo4j GRAPH --out DIR`` calls :func:`write_neo4j` on a built graph
and can run the import on a server. The folder holds:

* ``kg-n10s.ttl`` and ``import-n10s.cypher`` — the RDF route through neosemantics;
* ``nodes-*.csv``, ``rels-*.csv`` and ``load-csv.cypher`` — the property-graph route
  (``neo4j-admin database import`` or ``LOAD CSV``), no plugin needed;
* ``NEO4J.md`` — versions, steps, and what the labels, relationship types and properties are.

The work is done in the ``kg.neo4j`` package; every file is written atomically.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from kg.export.atomic import atomic_write
from kg.export.registry import ExportContext, exporter
from kg.neo4j import LOAD_CSV_SCRIPT, N10S_SCRIPT, N10S_VERSION, NEO4J_VERSION, README_FILE, TURTLE_FILE
from kg.neo4j.cypher import Statement, render_script
from kg.neo4j.loadcsv import (admin_command, choose_delimiter, delimiter_option, legacy_quote_hazard,
                              load_statements, write_tables)
from kg.neo4j.n10s import DEFAULT_COMMIT_SIZE, import_statements, shape_for_n10s
from kg.neo4j.queries import example_params, example_statements
from kg.neo4j.readme import ReadmeInput, render_readme
from kg.neo4j.tables import node_tables, rel_tables

log = logging.getLogger("kg")


@dataclass
class Neo4jExport:
    """What :func:`write_neo4j` wrote, and the statements a live import runs."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    n10s_statements: list[Statement] = field(default_factory=list)
    csv_statements: list[Statement] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)


def _titles() -> dict[str, str]:
    try:
        from kg.graph.sparql import saved_queries

        return {name: q.title for name, q in saved_queries().items()}
    except Exception as err:  # the guide is still useful without the titles
        log.debug("neo4j: saved query titles unavailable: %s", err)
        return {}


def _header(what: str) -> str:
    return (f"{what}\nWritten by kg for Neo4j {NEO4J_VERSION} with neosemantics (n10s) {N10S_VERSION}; "
            f"see {README_FILE}.\nRun with: cypher-shell -u neo4j -f <this file>   (statements end with ';')")


def write_neo4j(graph: nx.MultiDiGraph, out: str | Path, rdf: Graph | None = None, *, rdf_url: str | None = None,
                csv_base: str = "file:///", commit_size: int = DEFAULT_COMMIT_SIZE) -> Neo4jExport:
    """Write the import kit for ``graph`` (its RDF is made with ``to_rdf`` unless given) into folder ``out``."""
    from kg.graph.serialize import turtle_bytes

    if rdf is None:
        from kg.graph.rdf import to_rdf

        rdf = to_rdf(graph)
    out = Path(out)
    result = Neo4jExport(out)
    shape = shape_for_n10s(rdf)
    ttl = out / TURTLE_FILE
    with atomic_write(ttl, "wb") as fh:
        fh.write(turtle_bytes(shape.graph))
    rdf_url = rdf_url or ttl.resolve().as_uri()
    titles = _titles()

    result.n10s_statements = import_statements(rdf_url, shape, commit_size)
    n10s_examples = example_statements(graph, "n10s", titles)
    with atomic_write(out / N10S_SCRIPT) as fh:
        fh.write(render_script(result.n10s_statements + n10s_examples,
                               _header("Import the knowledge graph into Neo4j through neosemantics (n10s).")))

    nodes = node_tables(graph)
    rels = rel_tables(graph, nodes)
    delimiter = choose_delimiter([*nodes.values(), *rels.values()])
    rows = write_tables([*nodes.values(), *rels.values()], out, delimiter)
    result.csv_statements = load_statements(nodes, rels, csv_base, delimiter)
    with atomic_write(out / LOAD_CSV_SCRIPT) as fh:
        fh.write(render_script(result.csv_statements + example_statements(graph, "csv", titles),
                               _header("Load the knowledge graph from the CSV files of this folder (LOAD CSV).")))

    hazard = legacy_quote_hazard([*nodes.values(), *rels.values()])
    readme = ReadmeInput(shape, rdf_url, commit_size, nodes, rels, delimiter_option(delimiter),
                         admin_command(nodes, rels, delimiter), hazard, example_params(graph), titles)
    with atomic_write(out / README_FILE) as fh:
        fh.write(render_readme(readme))

    result.files = [ttl, out / N10S_SCRIPT, *(out / f for f in rows), out / LOAD_CSV_SCRIPT, out / README_FILE]
    n10s = shape.counts
    result.counts = {"triples": n10s["triples"], "n10s_nodes": n10s["resources"],
                     "n10s_relationships": n10s["relationships"],
                     "csv_nodes": sum(len(t.rows) for t in nodes.values()),
                     "csv_relationships": sum(len(t.rows) for t in rels.values()), "files": len(result.files)}
    log.info("neo4j: wrote %s (%s)", out, ", ".join(f"{k} {v}" for k, v in result.counts.items()))
    return result


@exporter("neo4j", "neo4j", "Neo4j import kit: n10s script + kg-n10s.ttl, neo4j-admin CSVs, LOAD CSV script, NEO4J.md")
def export_neo4j(ctx: ExportContext, path: Path) -> dict:
    opts = ctx.options
    return write_neo4j(ctx.graph, path, ctx.rdf, rdf_url=opts.get("neo4j_rdf_url"),
                       csv_base=opts.get("neo4j_csv_url", "file:///"),
                       commit_size=opts.get("neo4j_commit_size", DEFAULT_COMMIT_SIZE)).counts


__all__ = ["Neo4jExport", "export_neo4j", "write_neo4j"]
