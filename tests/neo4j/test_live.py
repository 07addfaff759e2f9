"""Running the import: against a recording stand-in for the driver always, against a real server when
``NEO4J_URI`` is set (with ``NEO4J_USER``, default neo4j, and ``NEO4J_PASSWORD``).

The live test needs an empty database with n10s installed, on a server that can read files
written here: by default the test's temporary folder; set ``NEO4J_IMPORT_DIR`` (a folder the
server can read, e.g. a Docker volume) and ``NEO4J_IMPORT_URL`` (the same folder as the server
sees it, e.g. ``file:///import``) for a server elsewhere. It deletes what it imported afterwards.
"""
from __future__ import annotations

import os
import re
import uuid

import pytest
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from kg.export.neo4j import write_neo4j
from kg.graph.model import build_graph
from kg.neo4j.live import Neo4jImportError, run_import
from tests.graph.graph_data import hand_records


class Record(dict):
    def data(self) -> dict:
        return dict(self)


class Server:
    """Answers the few queries run_import reads, records every statement and its parameters."""

    def __init__(self, procedures=("n10s.graphconfig.init", "n10s.nsprefixes.add", "n10s.rdf.import.fetch"),
                 status="OK", connect_error=None, fail_on=None):
        self.procedures, self.status, self.connect_error, self.fail_on = list(procedures), status, connect_error, fail_on
        self.log: list[tuple[str, dict]] = []
        self.closed = False

    def answer(self, text: str) -> list[dict]:
        if self.fail_on and self.fail_on[0] in text:
            raise self.fail_on[1]
        if text.startswith("SHOW PROCEDURES"):
            return [{"names": self.procedures}]
        if "n10s.rdf.import.fetch" in text:
            return [{"terminationStatus": self.status, "triplesLoaded": 10, "triplesParsed": 10,
                     "extraInfo": "" if self.status == "OK" else "Unexpected character U+FFFD at line 3"}]
        m = re.search(r"(\d+) AS expectedNodes, (\d+) AS expectedRelationships", text)
        if m:
            return [{"nodes": int(m.group(1)), "relationships": int(m.group(2)), "expectedNodes": int(m.group(1)),
                     "expectedRelationships": int(m.group(2))}]
        if "RETURN count(r) AS n" in text:
            return [{"n": 0}]
        if "UNWIND labels(n)" in text:
            return [{"label": "Resource", "n": 3}]
        return []

    # the driver's surface
    def __call__(self, uri, auth):
        self.auth = auth
        return self

    def verify_connectivity(self):
        if self.connect_error:
            raise self.connect_error

    def session(self, database=None):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def run(self, text, params=None):
        self.log.append((text, dict(params or {})))
        rows = [Record(r) for r in self.answer(text)]
        return type("Result", (list,), {"single": lambda self: self[0]})(rows)

    def close(self):
        self.closed = True


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    return write_neo4j(build_graph(hand_records()), tmp_path_factory.mktemp("live"))


def test_live_n10s_import_runs_the_script_statements_in_order(export):
    server = Server()
    report = run_import("bolt://x", "neo4j", "pw", export.n10s_statements, driver_factory=server)
    texts = [t for t, _ in server.log]
    run = [t for t in texts if t in {st.text for st in export.n10s_statements}]
    assert run == [st.text for st in export.n10s_statements]  # every import statement, examples left out
    assert texts[0].startswith("SHOW PROCEDURES") and server.auth == ("neo4j", "pw") and server.closed
    assert report.n10s["terminationStatus"] == "OK" and report.matches
    assert (report.nodes, report.relationships) == (export.counts["n10s_nodes"], export.counts["n10s_relationships"])


def test_live_n10s_ko_status_is_an_error_with_the_reason(export):
    with pytest.raises(Neo4jImportError, match="U\\+FFFD at line 3"):
        run_import("bolt://x", "neo4j", "pw", export.n10s_statements, driver_factory=Server(status="KO"))


def test_live_missing_n10s_says_how_to_install_it(export):
    with pytest.raises(Neo4jImportError, match=r"neosemantics-5\.26\.0\.jar.*--mode csv"):
        run_import("bolt://x", "neo4j", "pw", export.n10s_statements, driver_factory=Server(procedures=()))


@pytest.mark.parametrize("error, message", [
    (ServiceUnavailable("Couldn't connect to localhost:7687"), "cannot reach Neo4j at bolt://x"),
    (Neo4jError._hydrate_neo4j(code="Neo.ClientError.Security.Unauthorized", message="unauthorized"),
     "refused user 'neo4j'.*NEO4J_PASSWORD"),
])
def test_live_unreachable_server_and_bad_password_are_clear_errors(export, error, message):
    server = Server(connect_error=error)
    with pytest.raises(Neo4jImportError, match=message):
        run_import("bolt://x", "neo4j", "pw", export.n10s_statements, driver_factory=server)
    assert server.closed and server.log == []


def test_live_csv_import_passes_parameters_to_every_statement(export):
    server = Server(procedures=())
    report = run_import("bolt://x", "neo4j", "pw", export.csv_statements, mode="csv",
                        params={"base": "http://files.example/kit/"}, driver_factory=server)
    loads = [(t, p) for t, p in server.log if t.startswith("LOAD CSV")]
    assert len(loads) == len([s for s in export.csv_statements if s.kind == "import"])
    assert all(p == {"base": "http://files.example/kit/", "arrayDelimiter": ";"} for _, p in loads)
    assert (report.nodes, report.relationships) == (export.counts["csv_nodes"], export.counts["csv_relationships"])


def test_live_unreadable_csv_file_gets_a_hint(export):
    err = Neo4jError._hydrate_neo4j(code="Neo.ClientError.Statement.ExternalResourceFailed",
                                    message="Couldn't load the external resource at: file:///nodes-Article.csv")
    with pytest.raises(Neo4jImportError, match="copy the CSV files into its import folder"):
        run_import("bolt://x", "neo4j", "pw", export.csv_statements, mode="csv",
                   driver_factory=Server(fail_on=("nodes-Article.csv", err)))


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="set NEO4J_URI (and NEO4J_PASSWORD) to run against a "
                    "Neo4j 5.26 server with n10s")
def test_live_full_n10s_import_on_a_real_server(tmp_path):
    from neo4j import GraphDatabase

    uri, user, password = os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"), os.environ["NEO4J_PASSWORD"]
    folder = os.environ.get("NEO4J_IMPORT_DIR")
    out = (tmp_path if folder is None else os.path.join(folder, f"kg-test-{uuid.uuid4().hex[:8]}"))
    url = os.environ.get("NEO4J_IMPORT_URL")
    rdf_url = f"{url.rstrip('/')}/{os.path.basename(out)}/kg-n10s.ttl" if url and folder else None
    export = write_neo4j(build_graph(hand_records()), out, rdf_url=rdf_url)
    with GraphDatabase.driver(uri, auth=(user, password)) as driver:
        if driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]:
            pytest.skip("the live test needs an empty database")
        try:
            report = run_import(uri, user, password, export.n10s_statements)
            assert report.n10s["terminationStatus"] == "OK"
            assert report.n10s["triplesLoaded"] == report.n10s["triplesParsed"] == export.counts["triples"]
            assert (report.nodes, report.relationships) == (export.counts["n10s_nodes"],
                                                            export.counts["n10s_relationships"])
            names = driver.execute_query("MATCH (p:kg__Place) RETURN p.skos__prefLabel AS name, "
                                         "p.skos__altLabel AS aliases").records
            by_name = {r["name"]: r["aliases"] for r in names}
            assert "陆丰市" in by_name and "陆丰" in by_name["陆丰市"]  # Chinese intact, aliases an array
        finally:
            driver.execute_query("MATCH (n) DETACH DELETE n")
