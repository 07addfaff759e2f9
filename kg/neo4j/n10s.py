"""RDF shaped for neosemantics, and the n10s import script (RDF → **kg-n10s.ttl + import-n10s.cypher**).

n10s turns every IRI into a ``:Resource {uri}`` node, every ``rdf:type`` into a label,
every literal into a property and every other triple into a relationship. Its defaults
lose data on graphs like ours, so :func:`shape_for_n10s` checks the RDF and
:func:`graph_config` sets what this graph needs:

* list-valued properties (``skos:altLabel``, ``dc:creator``, ``kg:editor``, and any other
  predicate seen with several literals on one subject) would collapse to one value under
  ``handleMultival: 'OVERWRITE'`` (n10s #18): they go to ``multivalPropList`` with ``ARRAY``;
* language tags: the graph tags Chinese text ``@zh`` and nothing else, so ``keepLangTag:
  false`` stores plain strings (with one tag there is nothing to choose between, and
  ``"孝昌县@zh"`` values would only get in the way of equality tests);
* a predicate with literals of several datatypes breaks ``ARRAY`` mode
  (``ArrayStoreException``): the copy writes such values as plain strings;
* blank nodes duplicate on every re-import and are refused; IRIs must be absolute and free
  of space, bare ``%``, ``"<>{}|^`` and backtick (n10s #76, #152, #140): unsafe ones are
  percent-encoded, relative ones refused;
* ``schema:url`` points at web pages, which n10s would make into nodes of their own; the
  copy stores the address as a string property instead.

Relations keep their provenance as n-ary ``kg:Relation`` nodes (see ``kg.graph.rdf``), which
n10s imports as ordinary nodes; no RDF-star is needed.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from rdflib import DC, RDF, SDO, SKOS, XSD, BNode, Graph, Literal, URIRef

from kg.graph import iri as iris
from kg.graph.namespace import KG, PREFIXES, new_graph
from kg.neo4j.cypher import Statement, literal

log = logging.getLogger("kg")

# namespaces n10s reserves a prefix for (NsPrefixMap.standardNamespaces): registering another
# prefix for them fails with NamespacePrefixConflictException
N10S_STANDARD_PREFIXES = {
    "http://schema.org/": "sch", "http://purl.org/dc/elements/1.1/": "dc", "http://purl.org/dc/terms/": "dct",
    "http://www.w3.org/2004/02/skos/core#": "skos", "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
    "http://www.w3.org/2002/07/owl#": "owl", "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "http://www.w3.org/ns/shacl#": "sh",
}
# the model's list-valued attributes: always arrays, so the property has one type on every node
MULTIVALUED = (str(SKOS.altLabel), str(DC.creator), str(KG.editor))
# object properties whose values are addresses outside the graph, stored as strings
EXTERNAL_LINKS = (SDO.url,)
DEFAULT_COMMIT_SIZE = 10_000


class N10sShapeError(ValueError):
    """The RDF cannot be imported by n10s as it is; the message says which term and why."""


@dataclass
class N10sShape:
    """The n10s-shaped copy of a graph, the settings it needs and what was changed or found."""

    graph: Graph
    multival: list[str]
    languages: list[str]
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, object] = field(default_factory=dict)  # what n10s makes of it: see expected_counts

    @property
    def keep_lang_tag(self) -> bool:
        # several languages would collapse into one value without their tags
        return len(self.languages) > 1


def n10s_prefixes() -> dict[str, str]:
    """Our prefix map with the prefixes n10s insists on for standard namespaces (``dcterms`` → ``dct``)."""
    out: dict[str, str] = {}
    for prefix, ns in PREFIXES.items():
        out[N10S_STANDARD_PREFIXES.get(ns, prefix)] = ns
    return out


def _safe(term: URIRef, changes: list[str]) -> URIRef:
    if iris.is_safe_iri(str(term)):
        return term
    fixed = iris.safe_iri(str(term))
    if not iris.is_safe_iri(fixed):
        raise N10sShapeError(f"IRI <{term}> is not absolute; n10s needs absolute IRIs (n10s #140). "
                             "Rebuild the graph with an absolute --base-iri")
    changes.append(f"percent-encoded IRI <{term}> as <{fixed}>")
    return URIRef(fixed)


def _kind(o: Literal) -> str:
    if o.language or o.datatype in (None, XSD.string):
        return "string"
    return str(o.datatype)


def shape_for_n10s(rdf: Graph) -> N10sShape:
    """Check ``rdf`` against the n10s pitfalls and return the copy to import (the input is not changed)."""
    changes: list[str] = []
    triples = []
    for s, p, o in rdf:
        if isinstance(s, BNode) or isinstance(o, BNode):
            raise N10sShapeError(f"blank node in triple ({s} {p} {o}); n10s duplicates blank nodes on every "
                                 "re-import, give the node an IRI")
        s, p = _safe(s, changes), _safe(p, changes)
        if isinstance(o, URIRef):
            o = Literal(str(o)) if p in EXTERNAL_LINKS else _safe(o, changes)
        triples.append((s, p, o))
    if any(p in EXTERNAL_LINKS for _, p, _ in triples):
        changes.append("schema:url written as a string property (n10s would make each web address a node)")

    kinds: dict[URIRef, Counter] = defaultdict(Counter)
    per_subject: Counter = Counter()
    languages: set[str] = set()
    for s, p, o in triples:
        if isinstance(o, Literal):
            kinds[p][_kind(o)] += 1
            per_subject[(s, p)] += 1
            if o.language:
                languages.add(o.language)
    mixed = {p for p, c in kinds.items() if len(c) > 1}
    for p in sorted(mixed):
        changes.append(f"<{p}> mixes datatypes ({', '.join(sorted(kinds[p]))}); its values written as strings")
    if mixed:
        triples = [(s, p, Literal(str(o)) if p in mixed else o) for s, p, o in triples]
    if changes:
        g = new_graph()
        g.addN((s, p, o, g) for s, p, o in triples)
    else:
        g = rdf  # nothing to change: import the graph as it is

    warnings: list[str] = []
    multival = list(MULTIVALUED)
    for p in sorted({str(p) for (_, p), n in per_subject.items() if n > 1} - set(MULTIVALUED)):
        multival.append(p)
        warnings.append(f"<{p}> has several values on one node; added to multivalPropList")
    linked = {p for _, p, o in triples if isinstance(o, URIRef) and p != RDF.type}
    for p in sorted(linked & set(kinds)):
        warnings.append(f"<{p}> has both literal and IRI values: it becomes a property and a relationship")
    if len(languages) > 1:
        warnings.append(f"several language tags ({', '.join(sorted(languages))}): keepLangTag is on; read "
                        "values with n10s.rdf.getLangValue")
    for msg in changes + warnings:
        log.info("n10s: %s", msg)
    return N10sShape(g, multival, sorted(languages), changes, warnings, expected_counts(triples))


# graph config: why each setting has the value graph_config gives it
CONFIG_NOTES: dict[str, str] = {
    "handleVocabUris": "SHORTEN: vocabulary IRIs become prefix__localName (kg__Place, skos__prefLabel), "
                       "with the prefixes registered below; reversible, and no clashes between vocabularies",
    "handleMultival": "ARRAY: the properties in multivalPropList keep every value (default OVERWRITE keeps one)",
    "multivalPropList": "the list-valued properties: aliases (skos:altLabel), authors (dc:creator), editors "
                        "(kg:editor); always stored as arrays, all other properties single values",
    "keepLangTag": "false while the graph uses one language tag (ours tags Chinese text @zh and nothing else): "
                   "the tag carries nothing and values stay plain strings; true only when several languages "
                   "would otherwise overwrite each other (then read values with n10s.rdf.getLangValue)",
    "handleRDFTypes": "LABELS: rdf:type becomes node labels (kg__Place:kg__County), not class nodes",
    "keepCustomDataTypes": "false: only XSD datatypes are used (integer → INTEGER, decimal → FLOAT, "
                           "boolean → BOOLEAN, date → DATE)",
    "applyNeo4jNaming": "false: keep the ontology's names as they are",
}


def graph_config(shape: N10sShape) -> dict[str, object]:
    """The ``n10s.graphconfig.init`` map this graph needs (documented in :data:`CONFIG_NOTES`)."""
    return {"handleVocabUris": "SHORTEN", "handleMultival": "ARRAY", "multivalPropList": list(shape.multival),
            "keepLangTag": shape.keep_lang_tag, "handleRDFTypes": "LABELS", "keepCustomDataTypes": False,
            "applyNeo4jNaming": False}


def expected_counts(triples: Iterable[tuple]) -> dict[str, object]:
    """What n10s makes of a graph's triples (types as labels): resources, relationships, triples, labels."""
    resources: set = set()
    typed: set = set()
    rels = n = 0
    labels: Counter = Counter()
    for s, p, o in triples:
        n += 1
        resources.add(s)
        if p == RDF.type:
            typed.add(s)
            labels[short_name(o)] += 1
        elif isinstance(o, URIRef):
            resources.add(o)
            rels += 1
    return {"triples": n, "resources": len(resources), "relationships": rels, "untyped": len(resources - typed),
            "labels": dict(sorted(labels.items()))}


def short_name(term: URIRef) -> str:
    """The n10s SHORTEN name of a vocabulary IRI (prefix__localName)."""
    text = str(term)
    for prefix, ns in n10s_prefixes().items():
        if text.startswith(ns) and "/" not in text[len(ns):] and "#" not in text[len(ns):]:
            return f"{prefix}__{text[len(ns):]}"
    return text


UNIQUE_URI = "CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS FOR (r:Resource) REQUIRE r.uri IS UNIQUE"


def import_statements(rdf_url: str, shape: N10sShape, commit_size: int = DEFAULT_COMMIT_SIZE) -> list[Statement]:
    """Constraint, graph config, prefixes, the fetch with its status check, and the counts check."""
    counts = shape.counts
    config = graph_config(shape)
    notes = "\n".join(f"  {k}: {CONFIG_NOTES[k]}" for k in config)
    out = [Statement(UNIQUE_URI, "n10s needs a unique constraint on :Resource(uri) before any import.", kind="schema"),
           Statement("OPTIONAL MATCH (r:Resource)\nWITH count(r) AS resources WHERE resources = 0\n"
                     f"CALL n10s.graphconfig.init({literal(config)})\nYIELD param, value\nRETURN param, value",
                     "The graph config (n10s only accepts it on an empty graph; on a re-import the first one stays):\n"
                     + notes)]
    for prefix, ns in n10s_prefixes().items():
        out.append(Statement(f"CALL n10s.nsprefixes.add({literal(prefix)}, {literal(ns)}) YIELD prefix RETURN count(*) AS prefixes",
                             f"Prefix {prefix}: registered before the import, so names read {prefix}__… "
                             "and not ns0__…"))
    check = (f"CASE\n  WHEN terminationStatus <> 'OK' THEN toString(date('n10s import failed: ' + extraInfo))\n"
             f"  WHEN triplesParsed <> {counts['triples']} THEN toString(date('n10s parsed ' + toString(triplesParsed)"
             f" + ' triples, the file has {counts['triples']}'))\n  ELSE 'ok'\nEND AS outcome")
    out.append(Statement(
        f"CALL n10s.rdf.import.fetch({literal(rdf_url)}, 'Turtle', {{commitSize: {int(commit_size)}}})\n"
        "YIELD terminationStatus, triplesLoaded, triplesParsed, namespaces, extraInfo\n"
        f"RETURN terminationStatus, triplesLoaded, triplesParsed, extraInfo,\n{check}",
        "The import, from the UTF-8 Turtle file (inline import would decode with the server's default\n"
        "charset and can corrupt Chinese). The file must be readable by the Neo4j server at this URL.\n"
        "n10s reports failure as terminationStatus 'KO' with the reason in extraInfo, not as an error;\n"
        "Cypher has no RAISE, so a failed import is turned into an error by parsing the reason as a date,\n"
        "which stops cypher-shell here with the reason in its message.",
        kind="import"))
    out.append(Statement(
        "CALL { MATCH (r:Resource) RETURN count(r) AS nodes }\n"
        "CALL { MATCH (:Resource)-[x]->(:Resource) RETURN count(x) AS relationships }\n"
        f"RETURN nodes, relationships, {counts['resources']} AS expectedNodes, "
        f"{counts['relationships']} AS expectedRelationships",
        "What the database holds now, against what kg-n10s.ttl makes on an empty database.", kind="check"))
    return out


__all__ = ["CONFIG_NOTES", "DEFAULT_COMMIT_SIZE", "MULTIVALUED", "N10sShape", "N10sShapeError", "UNIQUE_URI",
           "expected_counts", "graph_config", "import_statements", "n10s_prefixes", "shape_for_n10s",
           "short_name"]
