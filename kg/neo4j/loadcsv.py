"""Property-graph tables as files (tables → **neo4j-admin CSVs + load-csv.cypher**).

The CSVs follow ``neo4j-admin database import`` conventions: UTF-8, comma-separated,
RFC 4180 quoting (a quote doubled, fields with commas, quotes or line breaks quoted),
typed headers (``uri:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``,
``value:double``, ``aliases:string[]``) and arrays joined by the array delimiter, ``;``
unless some array element itself holds a ``;`` (then U+001F, said in the import command).
Long text (sentences, JSON) is never an array, so a ``;`` in a sentence changes nothing.

``load-csv.cypher`` reads the same files with ``LOAD CSV WITH HEADERS``; the only values in
it that vary (where the files are, the array delimiter) are parameters, so no data is ever
part of the script text.
"""
from __future__ import annotations

import csv
import logging
import shlex
from pathlib import Path
from typing import Any, Iterable

from kg.export.atomic import atomic_write
from kg.neo4j.cypher import Statement, labels, literal, name
from kg.neo4j.n10s import UNIQUE_URI
from kg.neo4j.tables import Column, Table

log = logging.getLogger("kg")

ARRAY_DELIMITER = ";"
FALLBACK_DELIMITER = "\x1f"  # unit separator: never in normalized text
BATCH_ROWS = 1000


def choose_delimiter(tables: Iterable[Table]) -> str:
    """``;`` unless an array element contains it; then U+001F (which must then be absent too)."""
    elements = [str(x) for t in tables for row in t.rows for v in row if isinstance(v, list) for x in v]
    if not any(ARRAY_DELIMITER in x for x in elements):
        return ARRAY_DELIMITER
    if any(FALLBACK_DELIMITER in x for x in elements):
        raise ValueError("array values contain both ';' and U+001F; no array delimiter is left for the CSVs")
    log.warning("neo4j: an array value contains ';'; the CSVs use U+001F as array delimiter")
    return FALLBACK_DELIMITER


def delimiter_option(delimiter: str) -> str:
    """The delimiter as neo4j-admin takes it (``;`` or ``U+001F``)."""
    return delimiter if delimiter.isprintable() else f"U+{ord(delimiter):04X}"


def cell(value: Any, delimiter: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return delimiter.join(str(x) for x in value if x not in (None, ""))
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_tables(tables: Iterable[Table], out: Path, delimiter: str) -> dict[str, int]:
    """Write each table to ``out/<filename>`` atomically; return rows per file."""
    counts = {}
    for t in tables:
        with atomic_write(out / t.filename) as fh:
            w = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL, doublequote=True)
            w.writerow([c.header for c in t.columns])
            for row in t.rows:
                w.writerow([cell(v, delimiter) for v in row])
        counts[t.filename] = len(t.rows)
    return counts


def legacy_quote_hazard(tables: Iterable[Table]) -> bool:
    """True when a value holds ``\\"`` or ends in a backslash: LOAD CSV's legacy quote escaping
    (``dbms.import.csv.legacy_quote_escaping=true``, the default) would misread it."""
    return any(isinstance(v, str) and ('\\"' in v or v.endswith("\\"))
               for t in tables for row in t.rows for v in row)


def _value(c: Column) -> str:
    field = f"row.{name(c.header)}"
    return {"int": f"toInteger({field})", "double": f"toFloat({field})", "boolean": f"toBoolean({field})",
            "date": f"CASE WHEN coalesce({field}, '') = '' THEN null ELSE date({field}) END",
            "string[]": f"CASE WHEN coalesce({field}, '') = '' THEN null ELSE split({field}, $arrayDelimiter) END",
            }.get(c.type, field)


def _sets(var: str, columns: list[Column], skip: set[str]) -> str:
    parts = [f"{var}.{name(c.name)} = {_value(c)}" for c in columns if not c.name.startswith(":") and c.name not in skip]
    return ("\n  SET " + ",\n      ".join(parts)) if parts else ""


def _node_statement(t: Table) -> Statement:
    body = (f"MERGE (n:Resource {{uri: row.{name('uri:ID')}}})\n  SET n{labels(t.labels[1:])}"
            + _sets("n", t.columns, {"uri"}))
    for label in t.optional_labels:
        body += (f"\n  FOREACH (_ IN CASE WHEN {literal(label)} IN split(row.{name(':LABEL')}, $arrayDelimiter) "
                 f"THEN [1] ELSE [] END | SET n{labels([label])})")
    return _batched(t, body, f"{t.key} nodes ({len(t.rows)} rows)")


def _rel_statement(t: Table) -> Statement:
    keyed = any(c.name == "uri" for c in t.columns)
    body = (f"MATCH (a:Resource {{uri: row.{name(':START_ID')}}})\n"
            f"  MATCH (b:Resource {{uri: row.{name(':END_ID')}}})\n"
            f"  MERGE (a)-[r:{name(t.key)}{' {uri: row.uri}' if keyed else ''}]->(b)" + _sets("r", t.columns, {"uri"}))
    return _batched(t, body, f"{t.key} relationships ({len(t.rows)} rows)")


def _batched(t: Table, body: str, comment: str) -> Statement:
    return Statement(f"LOAD CSV WITH HEADERS FROM $base + {literal(t.filename)} AS row\nCALL (row) {{\n  {body}\n}} "
                     f"IN TRANSACTIONS OF {BATCH_ROWS} ROWS", comment, kind="import")


def load_statements(nodes: dict[str, Table], rels: dict[str, Table], base: str = "file:///",
                    delimiter: str = ARRAY_DELIMITER) -> list[Statement]:
    """The LOAD CSV script: constraint, nodes, relationships, counts; ``$base`` and ``$arrayDelimiter``
    are parameters (shown once, on the first statement that uses them)."""
    params = {"base": base, "arrayDelimiter": delimiter}
    out = [Statement(UNIQUE_URI, "One node per IRI: the same constraint n10s uses.", kind="schema")]
    out += [_node_statement(t) for t in nodes.values()]
    out += [_rel_statement(t) for t in rels.values()]
    if len(out) > 1:
        first = out[1]
        out[1] = Statement(first.text, "Where the CSV files are, as the server sees them (file:/// is its import "
                           "folder), and the\narray delimiter they were written with.\n\n" + first.comment,
                           params, first.kind)
    n_nodes, n_rels = sum(len(t.rows) for t in nodes.values()), sum(len(t.rows) for t in rels.values())
    out.append(Statement("CALL { MATCH (n:Resource) RETURN count(n) AS nodes }\n"
                         "CALL { MATCH (:Resource)-[r]->(:Resource) RETURN count(r) AS relationships }\n"
                         f"RETURN nodes, relationships, {n_nodes} AS expectedNodes, {n_rels} AS expectedRelationships",
                         "What the database holds now, against the rows of the CSV files.", kind="check"))
    return out


def admin_command(nodes: dict[str, Table], rels: dict[str, Table], delimiter: str, database: str = "neo4j") -> str:
    """The ``neo4j-admin database import full`` command for the CSVs (run from their folder, server stopped)."""
    head = ["neo4j-admin", "database", "import", "full", database]
    args = ["--overwrite-destination", "--multiline-fields=true", f"--array-delimiter={delimiter_option(delimiter)}"]
    args += [f"--nodes={t.filename}" for t in nodes.values()]
    args += [f"--relationships={t.filename}" for t in rels.values()]
    return " \\\n  ".join([" ".join(shlex.quote(a) for a in head), *(shlex.quote(a) for a in args)])


__all__ = ["ARRAY_DELIMITER", "FALLBACK_DELIMITER", "admin_command", "cell", "choose_delimiter", "delimiter_option",
           "legacy_quote_hazard", "load_statements", "write_tables"]
