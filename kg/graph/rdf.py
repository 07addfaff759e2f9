"""The graph model as RDF, and back (graph model → **RDF** → Turtle / N-Triples / JSON-LD).

:func:`to_rdf` maps the networkx model to an rdflib graph in the terms of
``ontology/kg.ttl``; :func:`from_rdf` reads such a graph (or a file) back into the same
model, so ``kg view kg.ttl`` and ``kg neo4j kg.ttl`` work on a built graph. The mapping,
term by term, is ``docs/rdf-mapping.md``.

Provenance: n-ary nodes, not reification
----------------------------------------
Every relation is written twice: as the direct triple (``?place kg:implements ?mech``,
so plain SPARQL works) and as a ``kg:Relation`` node with ``kg:subject``/
``kg:predicate``/``kg:object``, its own attributes (title, former) and one
``kg:evidence`` node per supporting sentence (article, offsets, text, rule, source kind).
Metric observations are n-ary nodes by nature and carry their evidence the same way. We
chose this over ``rdf:Statement`` reification and RDF-star because (1) a relation's
attributes belong to the relation, not to a triple, and the node aggregates evidence from
many articles under one stable IRI; (2) reification quads are awkward to query and say
nothing PROV-O does not; (3) RDF-star is not yet understood alike by Jena, raptor,
Virtuoso and Neo4j n10s, while an n-ary node is plain RDF 1.1 and imports into Neo4j as
an ordinary node. Every node has an IRI (:mod:`kg.graph.iri`): no blank nodes.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph

from kg.graph import iri as iris
from kg.graph.mapping import Mapper
from kg.graph.namespace import ENTITY_CLASSES, RELATION_PROPERTIES
from kg.graph.terms import OX
from kg.graph.void import class_counts, description


def rdf_triples(graph: nx.MultiDiGraph, base_iri: str | None = None) -> list[ox.Triple]:
    """The model as pyoxigraph triples (no duplicates): what the exporters serialize."""
    base = iris.check_base(base_iri or graph.graph.get("base_iri"))
    w = Mapper(base, OX, {d["doc"]: OX.iri(n) for n, d in graph.nodes(data=True) if d.get("kind") == "article"})
    for node, d in graph.nodes(data=True):
        kind = d.get("kind")
        if kind == "article":
            w.article(node, d)
        elif kind == "entity" and d.get("type") in ENTITY_CLASSES:
            w.entity(node, d)
        elif kind == "designation":
            w.designation(node, d)
        elif kind == "metric":
            w.metric(node, d)
    for head, tail, key, d in graph.edges(keys=True, data=True):
        if d.get("type") in RELATION_PROPERTIES or d.get("type") == "HAS_METRIC":
            w.edge(head, tail, str(key), d, graph.nodes[tail].get("label", ""))
    return [ox.Triple(*t) for t in w.take()]


def file_triples(graph: nx.MultiDiGraph, base_iri: str | None = None) -> list[ox.Triple]:
    """What a graph file holds: the model's triples and their VoID description (:mod:`kg.graph.void`),
    the same triples ``kg build`` streams into ``kg.ttl``. The description is about one file, so
    it is left out of :func:`rdf_triples`, whose graphs of parts unite into the graph of the whole."""
    triples = rdf_triples(graph, base_iri)
    base, rdf_type = iris.check_base(base_iri or graph.graph.get("base_iri")), OX.v.type
    classes = class_counts((t.subject.value, t.object.value) for t in triples if t.predicate == rdf_type)
    return [*triples, *(ox.Triple(*t) for t in description(OX, base, len(triples), classes))]


def to_rdf(graph: nx.MultiDiGraph, base_iri: str | None = None) -> Graph:
    """The model as an rdflib ``Graph`` (in-memory store, our prefixes bound; every node an IRI)."""
    from kg.graph.serialize import to_rdflib

    return to_rdflib(rdf_triples(graph, base_iri))


def from_rdf(source: str | Path | Graph) -> nx.MultiDiGraph:
    """Read a graph written by :func:`to_rdf` (a file, an output folder or an rdflib Graph) into the model."""
    from kg.graph.reader import graph_from_triples
    from kg.graph.serialize import ox_triples, parse_triples

    return graph_from_triples(ox_triples(source) if isinstance(source, Graph) else parse_triples(source))
