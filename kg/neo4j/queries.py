"""Cypher for the saved SPARQL queries (``kg/queries/*.rq`` → **Cypher on either Neo4j schema**).

Each saved query has a Cypher twin of the same name for the n10s import (``kg__Place``,
``skos__prefLabel``, provenance through ``kg__Relation``/``kg__Evidence`` nodes) and one for
the CSV import (``Place``, ``name``, provenance on the relationship). Parameters keep the
SPARQL names and meaning: ``null`` means "all", a name matches the preferred label or
an alias. :func:`example_params` picks a value from the graph so each example returns rows.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

import networkx as nx

from kg.graph.namespace import KG, RELATION_PROPERTIES
from kg.neo4j.cypher import Statement, literal


@dataclass(frozen=True)
class CypherQuery:
    name: str
    params: tuple[str, ...]
    n10s: str
    csv: str


def _named(var: str, param: str, label: str = "skos__prefLabel", alt: str = "skos__altLabel") -> str:
    return f"(${param} IS NULL OR {var}.{label} = ${param} OR ${param} IN coalesce({var}.{alt}, []))"


def _csv_named(var: str, param: str) -> str:
    return _named(var, param, "name", "aliases")


def _pred(prop) -> str:
    return f"(:Resource {{uri: {literal(str(prop))}}})"


_REL_NAMES = "CASE type(r) " + " ".join(f"WHEN {literal(t)} THEN {literal(str(p).rsplit('#', 1)[-1])}"
                                         for t, p in RELATION_PROPERTIES.items()) + " END"
_INITIATIVE = "CASE WHEN m:{p}Program THEN 'Program' ELSE 'Mechanism' END"

QUERIES: dict[str, CypherQuery] = {q.name: q for q in (
    CypherQuery("designations", ("level",),
                f"MATCH (r:kg__Relation)-[:kg__predicate]->{_pred(KG.recognizedAs)}\n"
                "MATCH (r)-[:kg__subject]->(holder), (r)-[:kg__object]->(d:kg__Designation),\n"
                "      (r)-[:kg__evidence]->(:kg__Evidence)-[:kg__inArticle]->(art:kg__Article)\n"
                "WHERE $level IS NULL OR d.kg__designationLevel = $level\n"
                "RETURN d.kg__designationLevel AS designationLevel, d.skos__prefLabel AS designationLabel,\n"
                "       holder.skos__prefLabel AS holderLabel, count(DISTINCT art) AS articles, holder.uri AS holder, d.uri AS d\n"
                "ORDER BY designationLevel, designationLabel, holderLabel",
                "MATCH (holder)-[r:RECOGNIZED_AS]->(d:Designation)\n"
                "WHERE $level IS NULL OR d.level = $level\n"
                "RETURN d.level AS designationLevel, d.name AS designationLabel, holder.name AS holderLabel,\n"
                "       size(coalesce(r.evidence_docs, [])) AS articles, holder.uri AS holder, d.uri AS d\n"
                "ORDER BY designationLevel, designationLabel, holderLabel"),
    CypherQuery("entities", ("type",),
                "MATCH (e:Resource)-[:kg__mentionedIn]->(art:kg__Article)\n"
                "WITH e, count(DISTINCT art) AS articles\n"
                "UNWIND [l IN labels(e) WHERE l IN ['kg__Place', 'kg__Person', 'kg__Organization', 'kg__Program', "
                "'kg__Mechanism'] | substring(l, 4)] AS kind\n"
                "WITH e, kind, articles WHERE $type IS NULL OR kind = $type\n"
                "RETURN kind, e.skos__prefLabel AS label, coalesce(e.kg__level, e.kg__role) AS levelOrRole,\n"
                "       e.kg__adcode AS adcode, articles, e.uri AS e\n"
                "ORDER BY kind, label",
                "MATCH (e:Entity) WHERE size(coalesce(e.docs, [])) > 0\n"
                "UNWIND [l IN labels(e) WHERE l IN ['Place', 'Person', 'Organization', 'Program', 'Mechanism']] AS kind\n"
                "WITH e, kind WHERE $type IS NULL OR kind = $type\n"
                "RETURN kind, e.name AS label, coalesce(e.level, e.role) AS levelOrRole, e.adcode AS adcode,\n"
                "       size(e.docs) AS articles, e.uri AS e\n"
                "ORDER BY kind, label"),
    CypherQuery("fact-articles", ("subject", "object", "relation"),
                "MATCH (r:kg__Relation)-[:kg__subject]->(s), (r)-[:kg__predicate]->(pred), (r)-[:kg__object]->(o),\n"
                "      (r)-[:kg__evidence]->(ev:kg__Evidence)-[:kg__inArticle]->(art:kg__Article)\n"
                "WITH r, s, o, ev, art, split(pred.uri, '#')[-1] AS rel\n"
                f"WHERE ($relation IS NULL OR rel = $relation) AND {_named('s', 'subject')}\n"
                f"  AND {_named('o', 'object')}\n"
                "RETURN s.skos__prefLabel AS subjectLabel, rel, o.skos__prefLabel AS objectLabel,\n"
                "       art.dct__identifier AS doc, art.dct__title AS title, art.kg__dateText AS date,\n"
                "       art.dc__source AS outlet, ev.kg__start AS start, ev.kg__end AS `end`, ev.kg__text AS sentence,\n"
                "       ev.kg__rule AS rule, ev.kg__source AS sourceKind, r.uri AS r\n"
                "ORDER BY subjectLabel, rel, objectLabel, doc, start",
                f"MATCH (s)-[r]->(o) WHERE type(r) IN {literal(list(RELATION_PROPERTIES))}\n"
                f"WITH s, r, o, {_REL_NAMES} AS rel\n"
                f"WHERE ($relation IS NULL OR rel = $relation) AND {_csv_named('s', 'subject')}\n"
                f"  AND {_csv_named('o', 'object')}\n"
                "UNWIND r.evidence_docs AS doc\n"
                "MATCH (art:Article {doc: doc})\n"
                "RETURN s.name AS subjectLabel, rel, o.name AS objectLabel, doc, art.title AS title, art.date AS date,\n"
                "       art.source AS outlet, r.evidence_text AS sentence, r.evidence_json AS evidence, r.uri AS r\n"
                "ORDER BY subjectLabel, rel, objectLabel, doc"),
    CypherQuery("initiatives-multi-county", (),
                "MATCH (m:kg__Program|kg__Mechanism)<-[:kg__implements]-(actor)-[:kg__locatedIn*0..]->(county:kg__County)\n"
                "WITH m, count(DISTINCT county) AS counties WHERE counties > 1\n"
                f"RETURN m.skos__prefLabel AS initiativeLabel, {_INITIATIVE.format(p='kg__')} AS type, counties, m.uri AS m\n"
                "ORDER BY counties DESC, initiativeLabel",
                "MATCH (m:Program|Mechanism)<-[:IMPLEMENTS]-(actor)-[:LOCATED_IN*0..]->(county:County)\n"
                "WITH m, count(DISTINCT county) AS counties WHERE counties > 1\n"
                f"RETURN m.name AS initiativeLabel, {_INITIATIVE.format(p='')} AS type, counties, m.uri AS m\n"
                "ORDER BY counties DESC, initiativeLabel"),
    CypherQuery("officials-by-place", ("place",),
                f"MATCH (r:kg__Relation)-[:kg__predicate]->{_pred(KG.holdsPosition)}\n"
                "MATCH (r)-[:kg__subject]->(person), (r)-[:kg__object]->(x)\n"
                "OPTIONAL MATCH (x)-[:kg__locatedIn]->(up) WHERE x:kg__Organization\n"
                "WITH r, person, x, CASE WHEN x:kg__Place THEN x ELSE up END AS p\n"
                f"WHERE $place IS NULL OR (p IS NOT NULL AND {_named('p', 'place')})\n"
                "RETURN DISTINCT p.skos__prefLabel AS placeLabel, person.skos__prefLabel AS personLabel, r.kg__title AS title,\n"
                "       r.kg__former AS former, CASE WHEN x:kg__Organization THEN x.skos__prefLabel END AS orgLabel,\n"
                "       person.uri AS person, p.uri AS p\n"
                "ORDER BY placeLabel, personLabel, title, orgLabel",
                "MATCH (person:Person)-[r:HOLDS_POSITION]->(x)\n"
                "OPTIONAL MATCH (x)-[:LOCATED_IN]->(up) WHERE x:Organization\n"
                "WITH r, person, x, CASE WHEN x:Place THEN x ELSE up END AS p\n"
                f"WHERE $place IS NULL OR (p IS NOT NULL AND {_csv_named('p', 'place')})\n"
                "RETURN DISTINCT p.name AS placeLabel, person.name AS personLabel, r.title AS title, r.former AS former,\n"
                "       CASE WHEN x:Organization THEN x.name END AS orgLabel, person.uri AS person, p.uri AS p\n"
                "ORDER BY placeLabel, personLabel, title, orgLabel"),
    CypherQuery("place-metrics", ("place",),
                "MATCH (p:kg__Place)-[:kg__hasMetric]->(metric:kg__MetricObservation)-[:kg__evidence]->(ev)"
                "-[:kg__inArticle]->(art)\n"
                f"WHERE {_named('p', 'place')}\n"
                "RETURN p.skos__prefLabel AS placeLabel, metric.kg__indicator AS indicator, metric.kg__value AS value,\n"
                "       metric.kg__unit AS unit, metric.kg__qualifier AS qualifier, metric.kg__year AS year,\n"
                "       art.dct__identifier AS doc, ev.kg__start AS start, ev.kg__end AS `end`, ev.kg__text AS sentence,\n"
                "       ev.kg__rule AS rule, metric.uri AS metric\n"
                "ORDER BY placeLabel, doc, start, indicator, value",
                "MATCH (p:Place)-[:HAS_METRIC]->(metric:MetricObservation)\n"
                f"WHERE {_csv_named('p', 'place')}\n"
                "RETURN p.name AS placeLabel, metric.indicator AS indicator, metric.value AS value, metric.unit AS unit,\n"
                "       metric.qualifier AS qualifier, metric.year AS year, metric.doc AS doc, metric.evidence_start AS start,\n"
                "       metric.evidence_end AS `end`, metric.evidence_text AS sentence, metric.evidence_rule AS rule,\n"
                "       metric.uri AS metric\n"
                "ORDER BY placeLabel, doc, start, indicator, value"),
    CypherQuery("places-implementing", ("initiative",),
                f"MATCH (m:kg__Program|kg__Mechanism) WHERE {_named('m', 'initiative')}\n"
                "CALL (m) {\n"
                "  MATCH (place:kg__Place)-[:kg__implements]->(m) RETURN place, null AS via\n"
                "  UNION\n"
                "  MATCH (via:kg__Organization)-[:kg__implements]->(m), (via)-[:kg__locatedIn]->(place:kg__Place)\n"
                "  RETURN place, via\n"
                "}\n"
                f"RETURN DISTINCT m.skos__prefLabel AS initiativeLabel, {_INITIATIVE.format(p='kg__')} AS type,\n"
                "       place.skos__prefLabel AS placeLabel, place.kg__level AS level, via.skos__prefLabel AS viaLabel,\n"
                "       place.uri AS place, m.uri AS m\n"
                "ORDER BY initiativeLabel, placeLabel, viaLabel",
                f"MATCH (m:Program|Mechanism) WHERE {_csv_named('m', 'initiative')}\n"
                "CALL (m) {\n"
                "  MATCH (place:Place)-[:IMPLEMENTS]->(m) RETURN place, null AS via\n"
                "  UNION\n"
                "  MATCH (via:Organization)-[:IMPLEMENTS]->(m), (via)-[:LOCATED_IN]->(place:Place)\n"
                "  RETURN place, via\n"
                "}\n"
                f"RETURN DISTINCT m.name AS initiativeLabel, {_INITIATIVE.format(p='')} AS type, place.name AS placeLabel,\n"
                "       place.level AS level, via.name AS viaLabel, place.uri AS place, m.uri AS m\n"
                "ORDER BY initiativeLabel, placeLabel, viaLabel"),
    CypherQuery("stats", (),
                "MATCH (n:Resource) UNWIND labels(n) AS l WITH l WHERE l STARTS WITH 'kg__'\n"
                "RETURN substring(l, 4) AS class, count(*) AS count ORDER BY class",
                "MATCH (n:Resource) UNWIND labels(n) AS l WITH l WHERE l <> 'Resource'\n"
                "RETURN l AS class, count(*) AS count ORDER BY class"),
    CypherQuery("sub-places", ("place",),
                f"MATCH (p:kg__Place) WHERE {_named('p', 'place')}\n"
                "MATCH (sub:kg__Place)-[:kg__locatedIn]->(parent)-[:kg__locatedIn*0..]->(p)\n"
                "RETURN DISTINCT p.skos__prefLabel AS placeLabel, sub.skos__prefLabel AS subLabel, sub.kg__level AS level,\n"
                "       parent.skos__prefLabel AS parentLabel, sub.uri AS sub, p.uri AS p\n"
                "ORDER BY placeLabel, level, subLabel, parentLabel",
                f"MATCH (p:Place) WHERE {_csv_named('p', 'place')}\n"
                "MATCH (sub:Place)-[:LOCATED_IN]->(parent)-[:LOCATED_IN*0..]->(p)\n"
                "RETURN DISTINCT p.name AS placeLabel, sub.name AS subLabel, sub.level AS level, parent.name AS parentLabel,\n"
                "       sub.uri AS sub, p.uri AS p\n"
                "ORDER BY placeLabel, level, subLabel, parentLabel"),
)}


def _top(counter: Counter) -> Any:
    return min(counter, key=lambda k: (-counter[k], str(k))) if counter else None


def _edges(G: nx.MultiDiGraph, rtype: str):
    return [(h, t, d) for h, t, d in G.edges(data=True) if d.get("type") == rtype]


def example_params(G: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """For each query, parameter values taken from ``G`` so the example has answers (None: all)."""
    label = lambda n: G.nodes[n].get("label")  # noqa: E731
    kind = lambda n, t: G.nodes[n].get("type") == t  # noqa: E731
    implemented = Counter(t for _, t, _ in _edges(G, "IMPLEMENTS"))
    contains = Counter(t for h, t, _ in _edges(G, "LOCATED_IN") if kind(h, "PLACE") and kind(t, "PLACE"))
    measured = Counter(h for h, _, _ in _edges(G, "HAS_METRIC") if kind(h, "PLACE"))
    officials = Counter(t for _, t, _ in _edges(G, "HOLDS_POSITION") if kind(t, "PLACE"))
    levels = Counter(d.get("level") for _, d in G.nodes(data=True) if d.get("kind") == "designation")
    facts = sorted(((h, t, d) for h, t, d in G.edges(data=True) if d.get("type") in RELATION_PROPERTIES),
                   key=lambda e: (-len(e[2].get("evidence") or ()), e[0], e[1]))
    fact = facts[0] if facts else None
    pick = lambda c: label(_top(c)) if c else None  # noqa: E731
    return {
        "designations": {"level": _top(levels)},
        "entities": {"type": "Place"},
        "fact-articles": {"subject": label(fact[0]) if fact else None, "object": label(fact[1]) if fact else None,
                          "relation": str(RELATION_PROPERTIES[fact[2]["type"]]).rsplit("#", 1)[-1] if fact else None},
        "initiatives-multi-county": {},
        "officials-by-place": {"place": pick(officials)},
        "place-metrics": {"place": pick(measured)},
        "places-implementing": {"initiative": pick(implemented)},
        "stats": {},
        "sub-places": {"place": pick(contains)},
    }


def example_statements(G: nx.MultiDiGraph, schema: str, titles: dict[str, str] | None = None) -> list[Statement]:
    """The queries as script statements (``schema`` is ``n10s`` or ``csv``), with example parameters."""
    params = example_params(G)
    get: Callable[[CypherQuery], str] = (lambda q: q.n10s) if schema == "n10s" else (lambda q: q.csv)
    titles = titles or {}
    return [Statement(get(q), f"Example ({q.name}): {titles.get(q.name, q.name)}",
                      {p: params.get(q.name, {}).get(p) for p in q.params}, kind="example")
            for q in QUERIES.values()]


__all__ = ["CypherQuery", "QUERIES", "example_params", "example_statements"]
