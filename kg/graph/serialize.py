"""Canonical files from an RDF graph (RDF → **Turtle / N-Triples / JSON-LD** bytes), and loading them back.

Output is deterministic so reruns are byte-identical and diffs are readable: triples are
sorted (subject IRI, then ``rdf:type`` and labels first, then predicate and object) and
written by pyoxigraph's serializers, which group a subject's triples with ``;`` and keep
the given order. N-Triples lines are sorted byte-wise (canonical N-Triples). JSON-LD is
one flat ``@graph`` of node objects sorted by ``@id`` with our prefix map as ``@context``.
pyoxigraph writes 200 k triples in a fraction of a second; rdflib's own Turtle writer
is tens of times slower and its order depends on hashing.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Callable

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef

from kg.graph.namespace import PREFIXES, new_graph

_FIRST = {str(RDF.type): 0, str(RDFS.label): 1, str(SKOS.prefLabel): 2}
_XSD_STRING = str(XSD.string)


def to_ox(term: URIRef | Literal | BNode) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    return ox.BlankNode(str(term))


def _obj_key(o) -> tuple:
    if isinstance(o, Literal):
        return (1, str(o.datatype or ""), o.language or "", str(o))
    return (0, "", "", str(o))


def triple_key(t: tuple) -> tuple:
    s, p, o = t
    return (str(s), _FIRST.get(str(p), 9), str(p), _obj_key(o))


def sorted_triples(graph: Graph) -> list[ox.Triple]:
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in sorted(graph, key=triple_key)]


def turtle_bytes(graph: Graph) -> bytes:
    data = ox.serialize(sorted_triples(graph), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    lines = data.split(b"\n")
    n = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix ")), len(lines))
    return b"\n".join(sorted(lines[:n]) + lines[n:])  # the prefix block in a fixed order


def ntriples_bytes(graph: Graph) -> bytes:
    lines = ox.serialize(sorted_triples(graph), format=ox.RdfFormat.N_TRIPLES).splitlines()
    return b"".join(line + b"\n" for line in sorted(set(lines)))


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and iri[len(ns):] and ":" not in iri[len(ns):] and "/" not in iri[len(ns):]:
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _jsonld_value(o) -> object:
    if isinstance(o, Literal):
        if o.language:
            return {"@value": str(o), "@language": o.language}
        if o.datatype and str(o.datatype) != _XSD_STRING:
            return {"@value": str(o), "@type": _curie(str(o.datatype))}
        return str(o)
    return {"@id": _curie(str(o)) if isinstance(o, URIRef) else f"_:{o}"}


def jsonld_bytes(graph: Graph) -> bytes:
    nodes: dict[str, dict] = {}
    for s, p, o in sorted(graph, key=triple_key):
        node = nodes.setdefault(str(s), {"@id": str(s)})
        if p == RDF.type and isinstance(o, URIRef):
            node.setdefault("@type", []).append(_curie(str(o)))
        else:
            node.setdefault(_curie(str(p)), []).append(_jsonld_value(o))
    doc = {"@context": dict(PREFIXES), "@graph": list(nodes.values())}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


WRITERS: dict[str, Callable[[Graph], bytes]] = {"ttl": turtle_bytes, "nt": ntriples_bytes, "jsonld": jsonld_bytes}
PARSE_FORMATS = {".ttl": "ox-turtle", ".turtle": "ox-turtle", ".nt": "ox-ntriples",
                 ".jsonld": "json-ld", ".json": "json-ld", ".nq": "ox-nquads"}


def write(graph: Graph, fmt: str, out: IO[bytes]) -> int:
    """Write ``graph`` in format ``fmt`` (ttl, nt, jsonld) to a binary file; return the triple count."""
    out.write(WRITERS[fmt](graph))
    return len(graph)


def graph_file(path: str | Path) -> Path:
    """A graph file from a path: a file as given, or ``kg.ttl`` inside an output folder."""
    p = Path(path)
    if p.is_dir():
        p = p / "kg.ttl"
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such graph file; give a .ttl/.nt/.jsonld file or a kg build "
                                "output folder containing kg.ttl")
    return p


def load(path: str | Path) -> Graph:
    """Parse a Turtle, N-Triples or JSON-LD file (or ``FOLDER/kg.ttl``) into an rdflib graph."""
    p = graph_file(path)
    fmt = PARSE_FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise ValueError(f"{p}: unknown graph format {p.suffix!r}; use one of {', '.join(sorted(PARSE_FORMATS))}")
    g = new_graph()
    try:
        g.parse(p, format=fmt)
    except SyntaxError as err:  # pyoxigraph reports the line and column
        raise ValueError(f"{p}: not valid {fmt.removeprefix('ox-')}: {err}") from err
    return g
