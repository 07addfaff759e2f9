"""``NEO4J.md`` for an export folder (import kit → **the user's guide to it**).

Written from the export itself, so every count, label, property and relationship type it
lists is what that folder's files produce; the fixed text (versions, steps, pitfalls) is
here, next to the code it describes.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, Literal, URIRef

from kg.neo4j import (LOAD_CSV_SCRIPT, N10S_JAR, N10S_RELEASES, N10S_SCRIPT, N10S_VERSION, NEO4J_VERSION,
                      TURTLE_FILE)
from kg.neo4j.cypher import literal
from kg.neo4j.n10s import CONFIG_NOTES, N10sShape, graph_config, short_name
from kg.neo4j.queries import QUERIES
from kg.neo4j.tables import Table

N10S_PROPERTY_NOTES = {
    "uri": "the node's IRI (unique)", "skos__prefLabel": "canonical name", "rdfs__label": "display name",
    "skos__altLabel": "aliases (array)", "dc__creator": "authors (array)", "kg__editor": "editors (array)",
    "dct__issued": "publication date (DATE)", "kg__value": "the number (FLOAT)", "kg__start": "character offset",
    "kg__text": "the sentence or mention as written", "kg__rule": "the extraction rule",
    "kg__source": "text / gazetteer / inferred", "kg__former": "former post (时任/原)",
}


@dataclass
class ReadmeInput:
    shape: N10sShape
    rdf_url: str
    commit_size: int
    nodes: dict[str, Table]
    rels: dict[str, Table]
    delimiter_option: str
    admin_command: str
    quote_hazard: bool
    examples: dict[str, dict[str, Any]]
    titles: dict[str, str] = field(default_factory=dict)


def _n10s_schema(inp: ReadmeInput) -> tuple[list[str], list[str]]:
    props: dict[str, set] = defaultdict(set)
    labels: dict[Any, set] = defaultdict(set)
    rels: dict[str, int] = defaultdict(int)
    multival = {short_name(URIRef(p)) for p in inp.shape.multival}
    for s, p, o in inp.shape.graph:
        if p == RDF.type:
            labels[s].add(short_name(o))
        elif isinstance(o, Literal):
            props[s].add(short_name(p))
        else:
            rels[short_name(p)] += 1
    by_label: dict[str, set] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for s, ls in labels.items():
        for label in ls:
            by_label[label] |= props[s]
            counts[label] += 1
    node_rows = [f"| `{label}` | {counts[label]} | "
                 + ", ".join(f"`{p}`{'[]' if p in multival else ''}" for p in sorted(by_label[label])) + " |"
                 for label in sorted(by_label)]
    rel_rows = [f"| `{t}` | {n} |" for t, n in sorted(rels.items())]
    return node_rows, rel_rows


def _csv_schema(inp: ReadmeInput) -> tuple[list[str], list[str]]:
    nodes = [f"| `{t.filename}` | {':'.join(t.labels)}{' (+ ' + ', '.join(t.optional_labels) + ')' if t.optional_labels else ''}"
             f" | {len(t.rows)} | " + ", ".join(f"`{c.header}`" for c in t.columns) + " |" for t in inp.nodes.values()]
    rels = [f"| `{t.filename}` | `{t.key}` | {len(t.rows)} | "
            + ", ".join(f"`{c.header}`" for c in t.columns if not c.name.startswith(":")) + " |" for t in inp.rels.values()]
    return nodes, rels


def _examples(inp: ReadmeInput) -> list[str]:
    out = []
    for q in QUERIES.values():
        params = inp.examples.get(q.name, {})
        out += [f"### {q.name}: {inp.titles.get(q.name, q.name)}", ""]
        if q.params:
            out += ["Parameters (`null` = all): " + ", ".join(f"`${p}` (here {literal(params.get(p))})" for p in q.params), ""]
        out += ["n10s import:", "", "```cypher", q.n10s, "```", "", "CSV import:", "", "```cypher", q.csv, "```", ""]
    return out


def render_readme(inp: ReadmeInput) -> str:
    counts = inp.shape.counts
    config = graph_config(inp.shape)
    n10s_nodes, n10s_rels = _n10s_schema(inp)
    csv_nodes, csv_rels = _csv_schema(inp)
    n_nodes, n_rels = sum(len(t.rows) for t in inp.nodes.values()), sum(len(t.rows) for t in inp.rels.values())
    lines = [
        "# Importing this knowledge graph into Neo4j", "",
        f"Written for **Neo4j {NEO4J_VERSION}** (the 5.x long-term-support line; Community or Enterprise) with "
        f"**neosemantics (n10s) {N10S_VERSION}** ([{N10S_JAR}]({N10S_RELEASES})). n10s releases follow Neo4j's "
        "version numbers: on another Neo4j version install the n10s release built for it. The scripts use "
        "Cypher 5 syntax of Neo4j 5.26 (`CALL (row) { … } IN TRANSACTIONS`, label expressions `A|B`). "
        "`kg neo4j --uri` uses the official `neo4j` Python driver (5.x or 6.x).", "",
        "Two routes; pick one per database.", "",
        "| file | what it is |", "|---|---|",
        f"| `{TURTLE_FILE}` | the graph as UTF-8 Turtle, shaped for n10s ({counts['triples']} triples) |",
        f"| `{N10S_SCRIPT}` | route A: the n10s import script, then example queries |",
        *(f"| `{t.filename}` | route B: {t.key} {'nodes' if t.kind == 'node' else 'relationships'} ({len(t.rows)}) |"
          for t in [*inp.nodes.values(), *inp.rels.values()]),
        f"| `{LOAD_CSV_SCRIPT}` | route B without neo4j-admin: LOAD CSV of the same files, then example queries |", "",
        "## Route A: RDF through n10s", "",
        f"1. Put `{N10S_JAR}` in the server's `plugins/` folder and restart (with Docker: "
        "`NEO4J_PLUGINS='[\"n10s\"]'`). If `dbms.security.procedures.allowlist` is set, add `n10s.*`.",
        f"2. The server itself reads `{TURTLE_FILE}` at `{inp.rdf_url}`. If the server runs elsewhere (another "
        "machine, a container), copy the file where it can read it and export again with `--rdf-url`.",
        f"3. On an **empty** database: `cypher-shell -u neo4j -f {N10S_SCRIPT}`, or "
        "`NEO4J_PASSWORD=… kg neo4j GRAPH --out DIR --uri bolt://localhost:7687 --user neo4j`.", "",
        "The script creates the `n10s_unique_uri` constraint, sets the graph config, registers the prefixes "
        f"(before the import, so names read `kg__…` and not `ns0__…`), imports with `commitSize: {inp.commit_size}` "
        "and stops with the reason when n10s answers `terminationStatus: 'KO'` (n10s reports failure as a "
        "status, not as an error).", "",
        "Graph config and why:", "",
        *(f"- `{k}: {literal(v)}` — {CONFIG_NOTES[k]}" for k, v in config.items()), "",
        f"On an empty database the import gives **{counts['resources']} nodes** (every IRI is a `:Resource` with "
        f"property `uri`) and **{counts['relationships']} relationships**. Labels (besides `Resource`) and the "
        "properties their nodes have (`[]`: array):", "",
        "| label | nodes | properties |", "|---|---|---|", *n10s_nodes, "",
        f"{counts['untyped']} more `:Resource` nodes have no other label and only `uri`: the ontology properties "
        "that `kg__predicate` points to (`…/ontology#implements` …).", "",
        "Relationship types:", "", "| type | relationships |", "|---|---|", *n10s_rels, "",
        "Provenance is a node, not a relationship property: each relation is imported twice, as a direct "
        "relationship (`(:kg__Place)-[:kg__implements]->(:kg__Mechanism)`) and as a `kg__Relation` node with "
        "`kg__subject`, `kg__predicate` (to the `:Resource` whose `uri` is the ontology property) and "
        "`kg__object`, plus one `kg__evidence` relationship per supporting sentence to a `kg__Evidence` node "
        "(`kg__text`, `kg__start`, `kg__end`, `kg__rule`, `kg__source`) that points to its `kg__Article` "
        "(`kg__inArticle`). Metric observations carry their evidence the same way. Posts held are "
        "`kg__OfficialPost` nodes (`org__holds`, `org__postIn`).", "",
        "Key properties: " + "; ".join(f"`{k}` {v}" for k, v in N10S_PROPERTY_NOTES.items()) + ". "
        "Text is stored without its `@zh` tag; dates (`dct__issued`) are DATE, `kg__value` FLOAT, offsets and "
        "years INTEGER.", "",
        "## Route B: a property graph from CSV (no plugin)", "",
        "With the server stopped, from this folder:", "", "```sh", inp.admin_command, "```", "",
        "then start the server and run `CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS FOR (r:Resource) "
        "REQUIRE r.uri IS UNIQUE`. Or, on a running server, copy the CSV files into its import folder and "
        f"run `cypher-shell -u neo4j -f {LOAD_CSV_SCRIPT}` (in Neo4j Browser, prefix each LOAD CSV statement "
        "with `:auto`), or `kg neo4j GRAPH --uri … --mode csv`.", "",
        f"Files are UTF-8 with RFC 4180 quoting; arrays are joined by `{inp.delimiter_option}` "
        f"(`--array-delimiter`, `$arrayDelimiter`). The graph gives **{n_nodes} nodes** and **{n_rels} "
        "relationships**: one node per node of the graph model, one relationship per relation or metric, and "
        "`MENTIONED_IN` from each entity to the articles naming it.", "",
        "| file | labels | rows | columns |", "|---|---|---|---|", *csv_nodes, "",
        "| file | type | rows | properties |", "|---|---|---|---|", *csv_rels, "",
        "Provenance is on the relationship: `source` (text / gazetteer / inferred), `evidence_docs` (article "
        "ids, join on `Article.doc`), `evidence_text` (the first sentence) and `evidence_json` (every sentence "
        "with `doc`, `start`, `end`, `text`, `rule`, `source`; `apoc.convert.fromJsonList` reads it when APOC "
        "is installed). Entities keep their mentions in `mentions_json`.", "",
    ]
    if inp.quote_hazard:
        lines += ["**Note:** some values contain a backslash before a quote or at the end. LOAD CSV reads "
                  "`\\\"` as an escaped quote unless `dbms.import.csv.legacy_quote_escaping=false` is set; set it "
                  "before running the LOAD CSV script (neo4j-admin is not affected).", ""]
    lines += ["## Example queries", "",
              "Cypher for each saved SPARQL query of `kg query` (same names and parameters). The scripts end with "
              "them, parameters set to values from this graph.", "", *_examples(inp)]
    if inp.shape.changes or inp.shape.warnings:
        lines += ["## How the Turtle was shaped for n10s", "",
                  *(f"- {m}" for m in inp.shape.changes + inp.shape.warnings), ""]
    return "\n".join(lines).rstrip() + "\n"


__all__ = ["ReadmeInput", "render_readme"]
