"""RDF terms two ways: pyoxigraph objects, or Turtle text (what :mod:`kg.graph.mapping` writes with).

The mapping from the graph model to RDF is written once, against a small term factory.
:data:`OX` makes pyoxigraph terms (for N-Triples, JSON-LD, rdflib, SPARQL); :data:`TEXT`
makes the Turtle text of the same terms directly, which is several times faster than making
pyoxigraph objects and serializing them, and is what a large build writes ``kg.ttl`` with.
Both give the same RDF: ``tests/graph/test_stream.py`` parses the text and compares.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import pyoxigraph as ox
from rdflib import DC, DCTERMS, RDF, RDFS, SDO, SKOS, XSD
from rdflib.namespace import ORG, VOID

from kg.graph.namespace import ENTITY_CLASSES, KG, LEVEL_CLASSES, PREFIXES, RELATION_PROPERTIES

_KG_TERMS = ("Article", "Designation", "Evidence", "Mention", "MetricObservation", "OfficialPost", "Relation",
             "adcode", "dateText", "designationLevel", "editor", "evidence", "former", "formerlyHeld", "hasMetric",
             "inArticle", "indicator", "level", "mention", "mentionedIn", "object", "post", "predicate", "role",
             "rule", "source", "subject", "text", "value", "year", "start", "end", "unit", "qualifier")
# vocabulary IRIs by the attribute name the mapping uses
VOCAB: dict[str, str] = {
    "type": str(RDF.type), "label": str(RDFS.label), "prefLabel": str(SKOS.prefLabel),
    "altLabel": str(SKOS.altLabel), "identifier": str(DCTERMS.identifier), "title": str(DCTERMS.title),
    "issued": str(DCTERMS.issued), "dc_source": str(DC.source), "creator": str(DC.creator), "url": str(SDO.url),
    "holds": str(ORG.holds), "heldBy": str(ORG.heldBy), "postIn": str(ORG.postIn), "kg_title": str(KG.title),
    **{name: str(KG[name]) for name in _KG_TERMS},
    **{f"void_{name}": str(VOID[name]) for name in ("Dataset", "triples", "entities", "classPartition", "class")}}
_XSD = str(XSD)


def decimal_text(value: int | float) -> str:
    """An ``xsd:decimal`` lexical form with a decimal point (``875.0``), never an exponent."""
    if type(value) is int:  # most metric values: no Decimal needed
        return f"{value}.0"
    text = format(Decimal(repr(value)) if isinstance(value, float) else Decimal(value), "f")
    return text if "." in text else text + ".0"


def _vocab(make) -> SimpleNamespace:
    return SimpleNamespace(**{k: make(v) for k, v in VOCAB.items()},
                           classes={k: make(str(v)) for k, v in ENTITY_CLASSES.items()},
                           levels={k: make(str(v)) for k, v in LEVEL_CLASSES.items()},
                           relations={k: make(str(v)) for k, v in RELATION_PROPERTIES.items()})


class OxTerms:
    """pyoxigraph terms."""

    def __init__(self) -> None:
        self.v = _vocab(self.iri)
        self._dt = {name: ox.NamedNode(_XSD + name) for name in ("decimal", "integer", "date", "boolean")}

    @staticmethod
    @lru_cache(maxsize=1 << 16)
    def iri(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def named(self, iri: str) -> ox.NamedNode:
        """A vocabulary IRI (a class, a property)."""
        return self.iri(iri)

    def zh(self, text: str) -> ox.Literal:
        return ox.Literal(text, language="zh")

    def string(self, value: Any) -> ox.Literal:
        return ox.Literal(str(value))

    def integer(self, value: int) -> ox.Literal:
        return ox.Literal(str(int(value)), datatype=self._dt["integer"])

    def decimal(self, value: int | float) -> ox.Literal:
        return ox.Literal(decimal_text(value), datatype=self._dt["decimal"])

    def boolean(self, value: bool) -> ox.Literal:
        return ox.Literal("true" if value else "false", datatype=self._dt["boolean"])

    def date(self, text: str) -> ox.Literal:
        return ox.Literal(text, datatype=self._dt["date"])


_ESCAPES = {0x22: '\\"', 0x5C: "\\\\", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x08: "\\b", 0x0C: "\\f",
            **{c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F) if c not in (0x0A, 0x0D, 0x09, 0x08, 0x0C)}}
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN = re.compile('[^\x00-\x1f"\\\\\x7f\ud800-\udfff]*')


@lru_cache(maxsize=1 << 16)
def escape(text: str) -> str:
    """The body of a Turtle ``"…"`` string (lone surrogates, which UTF-8 cannot hold, become U+FFFD).
    Most texts need nothing: checking that is ten times faster than ``str.translate`` on Chinese."""
    if _PLAIN.fullmatch(text):
        return text
    text = text.translate(_ESCAPES)
    return _SURROGATE.sub("\ufffd", text) if not text.isascii() and _SURROGATE.search(text) else text


_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")  # the local names kg.ttl writes as prefixed names
_RDF_TYPE = str(RDF.type)


def curie(iri: str, *, jsonld: bool = False) -> str:
    """``kg:Place`` for an IRI in one of our namespaces (the first of ``PREFIXES`` that fits).

    Turtle (the default): ``a`` for rdf:type, a prefixed name only when the local part is a
    plain name (a letter, then letters, digits and ``_``), else ``<iri>``. JSON-LD (``jsonld``):
    a compact IRI whenever the local part is not empty and holds no ``:`` or ``/`` (so
    ``rdf:type`` too), else the IRI itself."""
    if not jsonld and iri == _RDF_TYPE:
        return "a"
    for prefix, ns in PREFIXES.items():
        if not iri.startswith(ns):
            continue
        local = iri[len(ns):]
        if (local and ":" not in local and "/" not in local) if jsonld else _NAME.fullmatch(local):
            return f"{prefix}:{local}"
    return iri if jsonld else f"<{iri}>"


class TextTerms:
    """Turtle text of the same terms (``kg.ttl`` declares the prefixes of ``PREFIXES``)."""

    def __init__(self) -> None:
        self.v = _vocab(curie)

    @staticmethod
    def iri(iri: str) -> str:
        return f"<{iri}>"

    def named(self, iri: str) -> str:
        """A vocabulary IRI, as a prefixed name where one fits (``kg:Place``)."""
        return curie(iri)

    def zh(self, text: str) -> str:
        return f'"{escape(text)}"@zh'

    def string(self, value: Any) -> str:
        return f'"{escape(str(value))}"'

    def integer(self, value: int) -> str:
        return str(int(value))

    def decimal(self, value: int | float) -> str:
        return decimal_text(value)

    def boolean(self, value: bool) -> str:
        return "true" if value else "false"

    def date(self, text: str) -> str:
        return f'"{escape(text)}"^^xsd:date'


OX = OxTerms()
TEXT = TextTerms()
