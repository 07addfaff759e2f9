"""Running an import on a live server (script statements → **the official neo4j driver** → counts).

The statements are the ones written to the scripts (:mod:`kg.neo4j.n10s`,
:mod:`kg.neo4j.loadcsv`), run one by one in auto-commit transactions (``LOAD CSV … IN
TRANSACTIONS`` needs them), with the script's parameters. What can go wrong is said in
terms of what to do: the server is not reachable, the password is refused, n10s is not
installed, the server cannot read the file, n10s answered ``KO``.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from kg.neo4j import N10S_JAR, N10S_RELEASES
from kg.neo4j.cypher import Statement

log = logging.getLogger("kg")

RUN_KINDS = ("schema", "setup", "import", "check")
N10S_PROCEDURES = ("n10s.graphconfig.init", "n10s.nsprefixes.add", "n10s.rdf.import.fetch")


class Neo4jImportError(RuntimeError):
    """The import could not be done; the message says why and what to do."""


@dataclass
class ImportReport:
    mode: str
    statements: int = 0
    nodes: int = 0
    relationships: int = 0
    expected_nodes: int = 0
    expected_relationships: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    n10s: dict[str, Any] = field(default_factory=dict)  # terminationStatus, triplesLoaded, triplesParsed, extraInfo
    seconds: float = 0.0

    @property
    def matches(self) -> bool:
        return (self.nodes, self.relationships) == (self.expected_nodes, self.expected_relationships)


def _driver(uri: str, user: str, password: str, factory: Callable | None):
    if factory is None:
        try:
            from neo4j import GraphDatabase
        except ImportError as err:
            raise Neo4jImportError("the neo4j Python driver is not installed: pip install 'kg[neo4j]' "
                                   "(or pip install neo4j)") from err
        factory = GraphDatabase.driver
    from neo4j.exceptions import AuthError, DriverError, ServiceUnavailable

    try:
        driver = factory(uri, auth=(user, password))
    except (DriverError, ValueError) as err:
        raise Neo4jImportError(f"{uri!r} is not a Neo4j address ({err}); use bolt://host:7687 or "
                               "neo4j://host:7687") from err
    try:
        driver.verify_connectivity()
    except AuthError as err:
        driver.close()
        raise Neo4jImportError(f"Neo4j at {uri} refused user {user!r}: check the password in NEO4J_PASSWORD "
                               f"({getattr(err, 'message', err)})") from err
    except (ServiceUnavailable, DriverError, OSError) as err:
        driver.close()
        raise Neo4jImportError(f"cannot reach Neo4j at {uri}: {err}. Is the server running, and is this its "
                               "bolt address (default port 7687)?") from err
    return driver


def _check_n10s(session) -> None:
    names = session.run("SHOW PROCEDURES YIELD name WHERE name STARTS WITH 'n10s.' RETURN collect(name) AS names"
                        ).single()["names"]
    missing = [p for p in N10S_PROCEDURES if p not in names]
    if missing:
        raise Neo4jImportError(f"neosemantics (n10s) is not installed on this server (no {', '.join(missing)}): "
                               f"put {N10S_JAR} from {N10S_RELEASES} in its plugins/ folder and restart, "
                               "or import without a plugin with --mode csv")


def _explain(st: Statement, err: Exception, mode: str) -> str:
    message = getattr(err, "message", None) or str(err)
    what = st.comment.strip().splitlines()[0] if st.comment.strip() else st.text.splitlines()[0]
    hint = ""
    if "n10s import failed" in message or "n10s parsed" in message:
        return f"{message.strip()} (n10s may have committed part of the graph before failing)"
    if "Couldn't load the external resource" in message or "cannot be loaded" in message.lower():
        hint = (" The server could not read the file: copy the CSV files into its import folder (or pass "
                "--csv-url)." if mode == "csv" else " The server could not read the Turtle file: pass --rdf-url "
                "with a location the server can read.")
    return f"Neo4j refused a statement ({what}): {getattr(err, 'code', '') or type(err).__name__}: {message}{hint}"


def run_import(uri: str, user: str, password: str, statements: Iterable[Statement], *, mode: str = "n10s",
               database: str | None = None, params: dict[str, Any] | None = None,
               driver_factory: Callable | None = None) -> ImportReport:
    """Run the import ``statements`` (examples are skipped) on the server at ``uri`` and count the result."""
    from neo4j.exceptions import Neo4jError

    statements = [st for st in statements if st.kind in RUN_KINDS]
    merged: dict[str, Any] = {}
    for st in statements:
        merged.update(st.params)
    merged.update(params or {})
    report = ImportReport(mode)
    t0 = time.perf_counter()
    driver = _driver(uri, user, password, driver_factory)
    try:
        with driver.session(database=database) as session:
            if mode == "n10s":
                _check_n10s(session)
            existing = session.run("MATCH (r:Resource) RETURN count(r) AS n").single()["n"]
            if existing:
                log.warning("neo4j: the database already holds %d :Resource nodes; the import merges into them "
                            "(n10s keeps the graph config it has)", existing)
            for st in statements:
                try:
                    records = [r.data() for r in session.run(st.text, merged)]
                except Neo4jError as err:
                    raise Neo4jImportError(_explain(st, err, mode)) from err
                report.statements += 1
                if st.kind == "import" and mode == "n10s" and records:
                    report.n10s = {k: records[0].get(k) for k in
                                   ("terminationStatus", "triplesLoaded", "triplesParsed", "extraInfo")}
                    if report.n10s.get("terminationStatus") != "OK":
                        raise Neo4jImportError(f"n10s import failed: {report.n10s.get('extraInfo')}")
                if st.kind == "check" and records:
                    row = records[0]
                    report.nodes, report.relationships = row["nodes"], row["relationships"]
                    report.expected_nodes = row["expectedNodes"]
                    report.expected_relationships = row["expectedRelationships"]
            labels = session.run("MATCH (n:Resource) UNWIND labels(n) AS label "
                                 "RETURN label, count(*) AS n ORDER BY label")
            report.labels = {r["label"]: r["n"] for r in labels}
    finally:
        driver.close()
    report.seconds = time.perf_counter() - t0
    if not report.matches:
        log.warning("neo4j: the database has %d nodes and %d relationships; the export alone makes %d and %d",
                    report.nodes, report.relationships, report.expected_nodes, report.expected_relationships)
    return report


__all__ = ["ImportReport", "Neo4jImportError", "run_import"]
