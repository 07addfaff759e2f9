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

import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import DC, DCTERMS, RDF, RDFS, SDO, SKOS, XSD, Graph
from rdflib.namespace import ORG

from kg.graph import iri as iris
from kg.graph.namespace import ENTITY_CLASSES, KG, LEVEL_CLASSES, RELATION_PROPERTIES

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DT = {name: ox.NamedNode(str(XSD[name])) for name in ("decimal", "integer", "date", "boolean")}


@lru_cache(maxsize=1 << 16)
def _iri(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def _lit(value: object, datatype: str | None = None) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_DT["boolean"])
    return ox.Literal(str(value), datatype=_DT[datatype] if datatype else None)


def decimal_literal(value: int | float) -> ox.Literal:
    """An ``xsd:decimal`` with a decimal point (``875.0``), never an exponent."""
    text = format(Decimal(repr(value)) if isinstance(value, float) else Decimal(value), "f")
    return _lit(text if "." in text else text + ".0", "decimal")


def integer(value: int) -> ox.Literal:
    return _lit(int(value), "integer")


class _Writer:
    """Writes pyoxigraph triples; vocabulary terms come from ``kg.graph.namespace`` (rdflib URIRefs)."""

    def __init__(self, graph: nx.MultiDiGraph, base: str) -> None:
        self.G, self.base = graph, base
        self.triples: list[ox.Triple] = []
        self.docs = {d["doc"]: _iri(n) for n, d in graph.nodes(data=True) if d.get("kind") == "article"}

    def add(self, t: tuple) -> None:
        s, p, o = t
        self.triples.append(ox.Triple(s, p if isinstance(p, ox.NamedNode) else _iri(p),
                                      o if isinstance(o, (ox.NamedNode, ox.Literal)) else _iri(o)))

    def article_ref(self, doc: str) -> ox.NamedNode:
        if doc not in self.docs:  # evidence from an article without a node: give it one
            self.docs[doc] = ref = _iri(iris.article_iri(doc, self.base))
            self.add((ref, RDF.type, KG.Article))
            self.add((ref, DCTERMS.identifier, _lit(doc)))
            self.add((ref, RDFS.label, zh(doc)))
        return self.docs[doc]

    def span(self, node: ox.NamedNode, cls: str, sp: dict[str, Any]) -> None:  # cls: a KG class
        self.add((node, RDF.type, cls))
        self.add((node, KG.inArticle, self.article_ref(sp["doc"])))
        for key in ("start", "end"):
            if isinstance(sp.get(key), int):
                self.add((node, KG[key], integer(sp[key])))
        if sp.get("text"):
            self.add((node, KG.text, zh(sp["text"])))
        if sp.get("rule"):
            self.add((node, KG.rule, _lit(sp["rule"])))
        if cls == KG.Evidence:
            self.add((node, KG.source, _lit(sp.get("source") or "text")))

    def evidence(self, fact: ox.NamedNode, items: list[dict[str, Any]]) -> None:
        for ev in items:
            node = _iri(iris.node_iri("evidence", (fact.value, *(ev.get(k) for k in
                                                                     ("doc", "start", "end", "rule", "source", "text"))),
                                        self.base))
            self.add((fact, KG.evidence, node))
            self.span(node, KG.Evidence, ev)

    def article(self, ref: ox.NamedNode, d: dict[str, Any]) -> None:
        self.add((ref, RDF.type, KG.Article))
        self.add((ref, DCTERMS.identifier, _lit(d["doc"])))
        self.add((ref, RDFS.label, zh(d.get("label") or d["doc"])))
        if d.get("title"):
            self.add((ref, DCTERMS.title, zh(d["title"])))
        if d.get("date"):
            self.add((ref, KG.dateText, _lit(d["date"])))
            if _FULL_DATE.match(d["date"]):
                self.add((ref, DCTERMS.issued, _lit(d["date"], "date")))
        if d.get("source"):
            self.add((ref, DC.source, zh(d["source"])))
        for name in d.get("authors") or ():
            self.add((ref, DC.creator, zh(name)))
        for name in d.get("editors") or ():
            self.add((ref, KG.editor, zh(name)))
        if d.get("url") and iris.is_safe_iri(iris.safe_iri(d["url"])):  # a relative URL is no IRI: left out
            self.add((ref, SDO.url, _iri(iris.safe_iri(d["url"]))))

    def entity(self, ref: ox.NamedNode, d: dict[str, Any]) -> None:
        self.add((ref, RDF.type, ENTITY_CLASSES[d["type"]]))
        label = d["label"]
        self.add((ref, RDFS.label, zh(label)))
        self.add((ref, SKOS.prefLabel, zh(label)))
        for alias in d.get("aliases") or ():
            if alias != label:
                self.add((ref, SKOS.altLabel, zh(alias)))
        if d["type"] == "PLACE":
            self.add((ref, KG.level, _lit(d.get("level") or "other")))
            if d.get("level") in LEVEL_CLASSES:
                self.add((ref, RDF.type, LEVEL_CLASSES[d["level"]]))
            if d.get("adcode"):
                self.add((ref, KG.adcode, _lit(d["adcode"])))
        if d["type"] == "PERSON":
            self.add((ref, KG.role, _lit(d.get("role") or "other")))
        for doc in d.get("docs") or ():
            self.add((ref, KG.mentionedIn, self.article_ref(doc)))
        for m in d.get("mentions") or ():
            node = _iri(iris.node_iri("mention", (ref.value, *(m.get(k) for k in ("doc", "start", "end", "rule", "text"))),
                                        self.base))
            self.add((ref, KG.mention, node))
            self.span(node, KG.Mention, m)

    def designation(self, ref: ox.NamedNode, d: dict[str, Any]) -> None:
        self.add((ref, RDF.type, KG.Designation))
        self.add((ref, RDFS.label, zh(d["label"])))
        self.add((ref, SKOS.prefLabel, zh(d["label"])))
        self.add((ref, KG.designationLevel, _lit(d.get("level") or "other")))

    def metric(self, ref: ox.NamedNode, d: dict[str, Any]) -> None:
        self.add((ref, RDF.type, KG.MetricObservation))
        self.add((ref, RDFS.label, zh(d["label"])))
        if d.get("indicator"):
            self.add((ref, KG.indicator, zh(d["indicator"])))
        self.add((ref, KG.value, decimal_literal(d["value"])))
        for key in ("unit", "qualifier"):
            if d.get(key):
                self.add((ref, KG[key], _lit(d[key])))
        if d.get("year") is not None:
            self.add((ref, KG.year, integer(d["year"])))
        self.evidence(ref, [d["evidence"]] if d.get("evidence") else [])

    def edge(self, head: str, tail: str, key: str, d: dict[str, Any]) -> None:
        h, t = _iri(head), _iri(tail)
        if d["type"] == "HAS_METRIC":
            self.add((h, KG.hasMetric, t))
            return
        prop = RELATION_PROPERTIES[d["type"]]
        rel = _iri(key if iris.is_safe_iri(key) else iris.node_iri("relation", (head, d["type"], tail), self.base))
        self.add((h, prop, t))
        self.add((rel, RDF.type, KG.Relation))
        self.add((rel, KG.subject, h))
        self.add((rel, KG.predicate, prop))
        self.add((rel, KG.object, t))
        if d["type"] == "HOLDS_POSITION":
            self.add((rel, KG.former, _lit(bool(d.get("former")))))
            title = iris.normalize_name(d.get("title") or "")
            if title:
                self.add((rel, KG.title, zh(d["title"])))
                post = _iri(iris.node_iri("post", (tail, title), self.base))
                self.add((rel, KG.post, post))
                self.add((post, RDF.type, KG.OfficialPost))
                self.add((post, ORG.postIn, t))
                self.add((post, KG.title, zh(title)))
                self.add((post, RDFS.label, zh(f"{self.G.nodes[tail].get('label', '')}{title}")))
                if d.get("former"):
                    self.add((h, KG.formerlyHeld, post))
                else:
                    self.add((h, ORG.holds, post))
                    self.add((post, ORG.heldBy, h))
        self.evidence(rel, d.get("evidence") or [])


def rdf_triples(graph: nx.MultiDiGraph, base_iri: str | None = None) -> list[ox.Triple]:
    """The model as pyoxigraph triples (no duplicates): what the exporters serialize."""
    base = iris.check_base(base_iri or graph.graph.get("base_iri"))
    w = _Writer(graph, base)
    for node, d in graph.nodes(data=True):
        kind = d.get("kind")
        ref = _iri(node)
        if kind == "article":
            w.article(ref, d)
        elif kind == "entity" and d.get("type") in ENTITY_CLASSES:
            w.entity(ref, d)
        elif kind == "designation":
            w.designation(ref, d)
        elif kind == "metric":
            w.metric(ref, d)
    for head, tail, key, d in graph.edges(keys=True, data=True):
        if d.get("type") in RELATION_PROPERTIES or d.get("type") == "HAS_METRIC":
            w.edge(head, tail, str(key), d)
    return list(dict.fromkeys(w.triples))


def to_rdf(graph: nx.MultiDiGraph, base_iri: str | None = None) -> Graph:
    """The model as an rdflib ``Graph`` (in-memory store, our prefixes bound; every node an IRI)."""
    from kg.graph.serialize import to_rdflib

    return to_rdflib(rdf_triples(graph, base_iri))


def from_rdf(source: str | Path | Graph) -> nx.MultiDiGraph:
    """Read a graph written by :func:`to_rdf` (a file, an output folder or an rdflib Graph) into the model."""
    from kg.graph.reader import graph_from_triples
    from kg.graph.serialize import ox_triples, parse_triples

    return graph_from_triples(ox_triples(source) if isinstance(source, Graph) else parse_triples(source))
