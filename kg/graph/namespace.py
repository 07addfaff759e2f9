"""The ontology's terms, declared once (graph model → **RDF terms** → Turtle/SPARQL/SHACL).

``KG`` is an rdflib ``DefinedNamespace`` with ``_fail = True``: a misspelt term
(``KG.implement``) raises at once instead of minting a new IRI. The list mirrors
``ontology/kg.ttl``; ``tests/graph/test_namespace.py`` fails when they drift apart.

``PREFIXES`` is the one prefix map bound wherever a graph is made (:func:`bind`), written
into every Turtle file and offered to every SPARQL query.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import DC, DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, Graph, Namespace, URIRef
from rdflib.namespace import ORG, QB, VOID, DefinedNamespace

ONTOLOGY_IRI = "https://kg.example.org/ontology"
KG_NS = ONTOLOGY_IRI + "#"


class KG(DefinedNamespace):
    """Terms of the grassroots party-building knowledge-graph ontology (``ontology/kg.ttl``)."""

    _fail = True
    _NS = Namespace(KG_NS)

    # classes
    Entity: URIRef
    Place: URIRef
    Province: URIRef
    City: URIRef
    County: URIRef
    Township: URIRef
    Village: URIRef
    Zone: URIRef
    Person: URIRef
    Organization: URIRef
    Initiative: URIRef
    Program: URIRef
    Mechanism: URIRef
    OfficialPost: URIRef
    Designation: URIRef
    Article: URIRef
    MetricObservation: URIRef
    Relation: URIRef
    TextSpan: URIRef
    Evidence: URIRef
    Mention: URIRef
    # relations between entities
    locatedIn: URIRef
    holdsPosition: URIRef
    implements: URIRef
    partOf: URIRef
    recognizedAs: URIRef
    hasMetric: URIRef
    formerlyHeld: URIRef
    # the n-ary relation node
    subject: URIRef
    predicate: URIRef
    object: URIRef
    post: URIRef
    title: URIRef
    former: URIRef
    # provenance
    evidence: URIRef
    mention: URIRef
    mentionedIn: URIRef
    inArticle: URIRef
    start: URIRef
    end: URIRef
    text: URIRef
    rule: URIRef
    source: URIRef
    # attributes
    level: URIRef
    adcode: URIRef
    role: URIRef
    designationLevel: URIRef
    editor: URIRef
    dateText: URIRef
    indicator: URIRef
    value: URIRef
    unit: URIRef
    qualifier: URIRef
    year: URIRef


TERMS: frozenset[str] = frozenset(KG_NS + name for name in KG.__annotations__)  # every declared term

PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "prov": str(PROV),
    "org": str(ORG),
    "dcterms": str(DCTERMS),
    "dc": str(DC),
    "schema": str(SDO),
    "qb": str(QB),
    "void": str(VOID),
}

# relation type of the graph model ↔ direct property
RELATION_PROPERTIES: dict[str, URIRef] = {
    "LOCATED_IN": KG.locatedIn,
    "HOLDS_POSITION": KG.holdsPosition,
    "IMPLEMENTS": KG.implements,
    "PART_OF": KG.partOf,
    "RECOGNIZED_AS": KG.recognizedAs,
}
PROPERTY_RELATIONS: dict[URIRef, str] = {v: k for k, v in RELATION_PROPERTIES.items()}

ENTITY_CLASSES: dict[str, URIRef] = {
    "PLACE": KG.Place,
    "PERSON": KG.Person,
    "ORG": KG.Organization,
    "PROGRAM": KG.Program,
    "MECHANISM": KG.Mechanism,
}
CLASS_ENTITIES: dict[URIRef, str] = {v: k for k, v in ENTITY_CLASSES.items()}

LEVEL_CLASSES: dict[str, URIRef] = {
    "province": KG.Province,
    "city": KG.City,
    "county": KG.County,
    "township": KG.Township,
    "village": KG.Village,
    "zone": KG.Zone,
}


def bind(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def new_graph(store: str = "default") -> Graph:
    """An empty rdflib graph with the prefix map bound (``bind_namespaces="none"``: only ours)."""
    return bind(Graph(store=store, bind_namespaces="none"))


def ontology_path() -> Path:
    """``ontology/kg.ttl`` of the source tree (the ontology is not package data)."""
    return Path(__file__).resolve().parents[2] / "ontology" / "kg.ttl"


def shapes_path() -> Path:
    return ontology_path().with_name("shapes.ttl")


def sparql_prologue() -> str:
    """``PREFIX`` lines for every prefix of the map, for queries written without them."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


__all__ = ["KG", "KG_NS", "TERMS", "ONTOLOGY_IRI", "PREFIXES", "RELATION_PROPERTIES", "PROPERTY_RELATIONS",
           "ENTITY_CLASSES", "CLASS_ENTITIES", "LEVEL_CLASSES", "bind", "new_graph", "ontology_path",
           "shapes_path", "sparql_prologue"]
