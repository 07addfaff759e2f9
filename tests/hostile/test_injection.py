"""Article text must never run: SPARQL parameters, Cypher scripts and the SPARQL server.

The viewer's escaping is tested by the viewer's own tests (``tests/export/test_viewer.py``)
and, on a real hostile build, in ``test_corpus.py``. Here:

* every saved query, every parameter, hostile values: the bound query differs from the
  saved one only inside its ``VALUES`` blocks, and each block holds exactly the values
  given, as data (checked by parsing the block on its own), through the library and the
  ``kg query`` command; a hostile label that is in the graph is found by it;
* the Cypher scripts written for the hostile build split into the statements they were
  made of and carry the hostile names only inside escaped literals (the Neo4j exporter's
  own script reader is reused);
* ``kg serve`` listens on the loopback interface unless told otherwise.
"""
from __future__ import annotations

import inspect
import json
import re
import socket
import subprocess

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import SKOS

from kg.graph.sparql import QueryError, bind_params, make_term, open_store, parse_query_text, run, saved_queries

from .conftest import KG, BuildRun

EVIL = ['" } ; DROP ALL ; #', "x\" } UNION { ?s ?p ?o } #", '"""', "'''", "\\", "\\\" .", "> <http://evil/> .",
        "}} ; CLEAR DEFAULT", "\n} INSERT DATA { <a> <b> <c> } #", "?s ?p ?o", "$x", "\u0000\u202e",
        "' OR '1'='1", "<script>alert(1)</script>", "UNDEF", "}"]
QUERIES = saved_queries()
PARAMS = [(name, p) for name, q in QUERIES.items() for p in q.params]


def values_of(block_terms: str, var: str) -> list[ox.Literal | ox.NamedNode]:
    """Parse one ``VALUES ?var { … }`` block on its own: the terms it really holds."""
    store = ox.Store()
    sols = store.query(f"SELECT ?{var} WHERE {{ VALUES ?{var} {{ {block_terms} }} }}")
    return [sol[var] for sol in sols]


def split_out_values(text: str, names: set[str]) -> tuple[str, dict[str, list[str]]]:
    """The query with the bound ``VALUES`` blocks of ``names`` cut out (a parameter may have one
    in each branch of a UNION), and the bodies of those blocks."""
    blocks: dict[str, list[str]] = {}
    for var in names:
        blocks[var], pos = [], 0
        while (start := text.find(f"VALUES ?{var} {{ ", pos)) >= 0:
            body_start = start + len(f"VALUES ?{var} {{ ")
            # the block ends at the first " }" outside a string literal
            i, in_str = body_start, False
            while True:
                ch = text[i]
                if in_str and ch == "\\":
                    i += 2
                    continue
                if ch == '"':
                    in_str = not in_str
                elif not in_str and text.startswith(" }", i):
                    break
                i += 1
            blocks[var].append(text[body_start:i])
            text = text[:start] + f"VALUES ?{var} {{ UNDEF }}" + text[i + 2:]
            pos = start + len(f"VALUES ?{var} {{ UNDEF }}")
    return text, blocks


@pytest.mark.parametrize("name, param", PARAMS, ids=[f"{n}:{p}" for n, p in PARAMS])
@pytest.mark.parametrize("evil", EVIL, ids=range(len(EVIL)))
def test_injection_sparql_parameter_stays_data(name: str, param: str, evil: str) -> None:
    query = QUERIES[name]
    kind = query.params[param].kind
    try:
        text = bind_params(query, {param: [evil, "甲村"]})
    except QueryError as err:
        assert kind in ("iri", "integer", "decimal"), f"a {kind} parameter refused {evil!r}: {err}"
        return
    rest, blocks = split_out_values(text, {param})
    assert rest == query.text                       # nothing outside the VALUES block changed
    assert blocks[param] and len(blocks[param]) == query.text.count(f"VALUES ?{param} {{ UNDEF }}")
    for block in blocks[param]:                     # every block of the parameter holds
        got = values_of(block, param)
        assert [t.value for t in got] == [evil, "甲村"]  # exactly the two values, as literals
        assert all(isinstance(t, ox.Literal) for t in got)
    store = ox.Store()
    store.query(text)                                 # and the whole query is still one valid query


@pytest.mark.parametrize("evil", EVIL, ids=range(len(EVIL)))
def test_injection_sparql_iri_parameter_refuses_or_encloses(evil: str) -> None:
    try:
        term = make_term(evil, "iri")
    except QueryError:
        return
    assert values_of(str(term), "x") == [term]


def hostile_labels(run_: BuildRun) -> list[str]:
    g = Graph().parse(run_.file("kg.ttl"), format="turtle")
    return sorted({str(o) for o in g.objects(None, SKOS.prefLabel) if re.search(r"[\"\\<>{}]", str(o))})


def test_injection_hostile_label_is_found_through_a_parameter(hostile_build: BuildRun) -> None:
    labels = hostile_labels(hostile_build)
    assert labels, "the hostile build should hold labels with quotes, backslashes or angle brackets"
    store = open_store(hostile_build.file("kg.ttl"))
    lookup = ("# param: label literal@zh  x\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
              "SELECT ?e WHERE { VALUES ?label { UNDEF } ?e skos:prefLabel ?label }")
    lq = parse_query_text("lookup", lookup)
    for label in labels:
        assert len(run(store, bind_params(lq, {"label": [label]})).rows) >= 1, label


def test_injection_kg_query_command_binds_hostile_parameters(hostile_build: BuildRun) -> None:
    evil = '" } ; DROP ALL ; # \\ """'
    proc = subprocess.run([*KG, "query", str(hostile_build.out), "places-implementing", "--param",
                           f"initiative={evil}", "-f", "json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"]["bindings"] == []
    proc = subprocess.run([*KG, "query", str(hostile_build.out), "stats", "-f", "json"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0 and json.loads(proc.stdout)["results"]["bindings"]  # the graph is unharmed


# ---------------------------------------------------------------- Cypher
def test_injection_cypher_scripts_of_the_hostile_build(hostile_build: BuildRun, tmp_path) -> None:
    neo4j = pytest.importorskip("kg.export.neo4j")
    parse_script = pytest.importorskip("tests.neo4j.cypher_parse").parse_script
    from kg.graph.rdf import from_rdf

    graph = from_rdf(hostile_build.file("kg.ttl"))
    export = neo4j.write_neo4j(graph, tmp_path / "neo4j")
    labels = hostile_labels(hostile_build)
    for script, statements in (("import-n10s.cypher", export.n10s_statements),
                               ("load-csv.cypher", export.csv_statements)):
        sc = parse_script((tmp_path / "neo4j" / script).read_text(encoding="utf-8"))
        assert len(sc.statements) >= len(statements), script
        for code in sc.statements:   # code outside literals holds no article text
            assert not any(label in code for label in labels if len(label) > 2), script
    Graph().parse(tmp_path / "neo4j" / "kg-n10s.ttl", format="turtle")


# ---------------------------------------------------------------- kg serve
def test_injection_serve_defaults_to_loopback() -> None:
    from kg.cli.serve import serve as serve_command
    from kg.graph import serve as serve_module

    assert inspect.signature(serve_command).parameters["host"].default.default == "127.0.0.1"
    for fn in (serve_module.make_app, serve_module.make_server, serve_module.serve, serve_module.start_background):
        assert inspect.signature(fn).parameters["host"].default == "127.0.0.1", fn.__name__


def test_injection_serve_listens_on_loopback_only(hostile_build: BuildRun) -> None:
    pytest.importorskip("rdflib_endpoint")
    pytest.importorskip("uvicorn")
    from kg.graph.serve import start_background

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server, thread = start_background(hostile_build.out, port=port)
    try:
        bound = [sock.getsockname()[0] for srv in server.servers for sock in srv.sockets]
        assert bound and all(addr in ("127.0.0.1", "::1") for addr in bound), bound
    finally:
        server.should_exit = True
        thread.join(10)
