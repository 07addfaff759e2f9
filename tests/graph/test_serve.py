"""``kg serve``: a real SPARQL 1.1 Protocol server on a free loopback port, queried with a real HTTP client."""
from __future__ import annotations

import socket

import pytest

from kg.graph.model import build_graph
from kg.graph.rdf import to_rdf
from kg.graph.serialize import turtle_bytes
from kg.graph.sparql import open_store, run, saved_queries

pytest.importorskip("rdflib_endpoint")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(records, tmp_path):
    from kg.graph.serve import start_background

    path = tmp_path / "kg.ttl"
    path.write_bytes(turtle_bytes(to_rdf(build_graph(records))))
    port = _free_port()
    srv, thread = start_background(path, port=port)
    yield f"http://127.0.0.1:{port}/", path, srv
    srv.should_exit = True
    thread.join(10)
    assert not thread.is_alive()


def _values(doc: dict) -> list[tuple]:
    vars_ = doc["head"]["vars"]
    return sorted(tuple(b.get(v, {}).get("value", "") for v in vars_) for b in doc["results"]["bindings"])


def test_serve_get_and_post_answer_like_kg_query(server):
    url, path, srv = server
    assert srv.config.host == "127.0.0.1"
    text = saved_queries()["sub-places"].text
    expected = sorted(tuple("" if t is None else t.value for t in row) for row in run(open_store(path), text).rows)
    accept = {"Accept": "application/sparql-results+json"}
    got = httpx.get(url, params={"query": text}, headers=accept, timeout=30)
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/sparql-results+json")
    assert _values(got.json()) == expected and expected
    posted = httpx.post(url, data={"query": text}, headers=accept, timeout=30)
    assert posted.status_code == 200 and _values(posted.json()) == expected


def test_serve_ask_csv_and_no_updates(server):
    url, _, _ = server
    ask = httpx.get(url, params={"query": "ASK { ?s a <https://kg.example.org/ontology#Place> }"},
                    headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert ask.json()["boolean"] is True
    csv_ = httpx.get(url, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                     headers={"Accept": "text/csv"}, timeout=30)
    assert csv_.status_code == 200 and csv_.text.split()[0] == "n"
    update = httpx.post(url, data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, timeout=30)
    assert update.status_code >= 400
    bad = httpx.get(url, params={"query": "SELEKT"}, headers={"Accept": "application/sparql-results+json"},
                    timeout=30)
    assert bad.status_code == 400
