"""Neo4j import kit (graph model / RDF → **Neo4j scripts, CSVs and a live import**).

Two routes into Neo4j, both written by ``kg neo4j GRAPH --out DIR`` (and the ``neo4j``
exporter of ``kg build``):

* **RDF through neosemantics (n10s)** — :mod:`kg.neo4j.n10s` shapes a copy of the RDF for
  n10s (``kg-n10s.ttl``), checks the pitfalls n10s users meet, and writes
  ``import-n10s.cypher``: constraint, graph config, prefixes, ``n10s.rdf.import.fetch``
  and a check of its termination status.
* **a property graph without plugins** — :mod:`kg.neo4j.tables` turns the graph model into
  node and relationship tables; :mod:`kg.neo4j.loadcsv` writes them as
  ``neo4j-admin database import`` CSVs and a ``LOAD CSV`` script.

:mod:`kg.neo4j.queries` holds Cypher for every saved SPARQL query (both schemas),
:mod:`kg.neo4j.readme` writes ``NEO4J.md``, :mod:`kg.neo4j.live` runs an import through
the official ``neo4j`` driver. Every Cypher literal is built by :mod:`kg.neo4j.cypher`.
"""
from __future__ import annotations

# The versions the recipe is written and checked against. n10s releases track Neo4j's
# (n10s 5.26.0 is built for Neo4j 5.26, the 5.x long-term-support line).
NEO4J_VERSION = "5.26"
N10S_VERSION = "5.26.0"
N10S_JAR = f"neosemantics-{N10S_VERSION}.jar"
N10S_RELEASES = "https://github.com/neo4j-labs/neosemantics/releases"

TURTLE_FILE = "kg-n10s.ttl"
N10S_SCRIPT = "import-n10s.cypher"
LOAD_CSV_SCRIPT = "load-csv.cypher"
README_FILE = "NEO4J.md"

__all__ = ["NEO4J_VERSION", "N10S_VERSION", "N10S_JAR", "N10S_RELEASES", "TURTLE_FILE", "N10S_SCRIPT",
           "LOAD_CSV_SCRIPT", "README_FILE"]
