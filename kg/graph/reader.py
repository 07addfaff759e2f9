"""RDF back into the graph model (Turtle → **networkx model** → viewer / Neo4j), the inverse of ``to_rdf``.

``from_rdf(to_rdf(G))`` gives ``G`` again: same node keys, attributes and edges. A graph
written by other tools is read as far as it uses the ontology: typed entities, articles,
designations, metric observations, ``kg:Relation`` nodes, and direct relation triples
without a relation node (those become edges with no evidence).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
from rdflib import DC, DCTERMS, RDF, SKOS, SDO, Graph, Literal, URIRef

from kg.graph import iri as iris
from kg.graph.model import MENTION_FIELDS, best_source, evidence_list, number
from kg.graph.namespace import CLASS_ENTITIES, KG, PROPERTY_RELATIONS

Index = dict[URIRef, dict[URIRef, list]]


def _index(g: Graph) -> Index:
    idx: Index = defaultdict(lambda: defaultdict(list))
    for s, p, o in g:
        idx[s][p].append(o)
    return idx


def _one(props: dict, p: URIRef) -> Any:
    """The smallest value of a property (deterministic when a file has several), as Python."""
    values = props.get(p) or []
    if not values:
        return None
    v = min(values, key=str)
    return v.toPython() if isinstance(v, Literal) else str(v)


def _all(props: dict, p: URIRef) -> list[str]:
    return sorted(str(v) for v in props.get(p) or [])


class _Reader:
    def __init__(self, g: Graph) -> None:
        self.idx = _index(g)
        self.types = {s: set(props.get(RDF.type, ())) for s, props in self.idx.items()}
        self.doc_of: dict[str, str] = {}
        for s, t in self.types.items():
            if KG.Article in t:
                self.doc_of[str(s)] = _one(self.idx[s], DCTERMS.identifier) or str(s).rsplit("/", 1)[-1]

    def span(self, node: URIRef, fields: tuple[str, ...]) -> dict[str, Any]:
        p = self.idx.get(node, {})
        art = _one(p, KG.inArticle)
        sp = {"doc": self.doc_of.get(art, art), "start": _one(p, KG.start), "end": _one(p, KG.end),
              "text": _one(p, KG.text), "rule": _one(p, KG.rule) or "", "source": _one(p, KG.source) or "text"}
        return {k: sp[k] for k in fields}

    def evidence(self, props: dict) -> list[dict[str, Any]]:
        return evidence_list(tuple(self.span(v, ("doc", "start", "end", "text", "rule", "source")).values())
                             for v in props.get(KG.evidence, ()))

    def article(self, s: URIRef, p: dict) -> dict[str, Any]:
        doc = self.doc_of[str(s)]
        title = _one(p, DCTERMS.title)
        return {"kind": "article", "doc": doc, "label": title or doc, "title": title,
                "date": _one(p, KG.dateText) or (str(_one(p, DCTERMS.issued)) if p.get(DCTERMS.issued) else None),
                "source": _one(p, DC.source), "authors": _all(p, DC.creator), "editors": _all(p, KG.editor),
                "url": _one(p, SDO.url)}

    def entity(self, s: URIRef, p: dict, etype: str) -> dict[str, Any]:
        label = _one(p, SKOS.prefLabel) or _one(p, RDF.value) or str(s).rsplit("/", 1)[-1]
        mentions = sorted((tuple(self.span(m, MENTION_FIELDS).values()) for m in p.get(KG.mention, ())),
                          key=lambda t: (t[0], t[1] is None, t[1] or 0, t[2] is None, t[2] or 0, t[4], t[3] or ""))
        d: dict[str, Any] = {"kind": "entity", "type": etype, "label": label,
                             "aliases": sorted(set(_all(p, SKOS.altLabel)) | {label}),
                             "docs": sorted(self.doc_of.get(str(a), str(a)) for a in p.get(KG.mentionedIn, ())),
                             "mentions": [dict(zip(MENTION_FIELDS, m)) for m in dict.fromkeys(mentions)]}
        if etype == "PLACE":
            d["level"] = _one(p, KG.level) or "other"
            if p.get(KG.adcode):
                d["adcode"] = _one(p, KG.adcode)
        if etype == "PERSON":
            d["role"] = _one(p, KG.role) or "other"
        return d

    def graph(self) -> nx.MultiDiGraph:
        nodes: dict[str, dict[str, Any]] = {}
        edges: list[tuple[str, str, str, dict[str, Any]]] = []
        covered: set[tuple[str, str, str]] = set()
        for s, types in self.types.items():
            p = self.idx[s]
            etypes = [CLASS_ENTITIES[t] for t in types if t in CLASS_ENTITIES]
            if KG.Article in types:
                nodes[str(s)] = self.article(s, p)
            elif etypes:
                nodes[str(s)] = self.entity(s, p, min(etypes))
            elif KG.Designation in types:
                label = _one(p, SKOS.prefLabel) or ""
                nodes[str(s)] = {"kind": "designation", "label": label, "level": _one(p, KG.designationLevel) or "other"}
            elif KG.MetricObservation in types:
                nodes[str(s)] = self.metric(s, p)
            elif KG.Relation in types and p.get(KG.predicate):
                rtype = PROPERTY_RELATIONS.get(p[KG.predicate][0])
                head, tail = _one(p, KG.subject), _one(p, KG.object)
                if rtype and head and tail:
                    evidence = self.evidence(p)
                    data: dict[str, Any] = {"type": rtype, "source": best_source(evidence), "evidence": evidence}
                    if rtype == "HOLDS_POSITION":
                        data.update(title=_one(p, KG.title) or "", former=bool(_one(p, KG.former)))
                    edges.append((head, tail, str(s), data))
                    covered.add((head, rtype, tail))
        for s, props in self.idx.items():
            for prop, rtype in PROPERTY_RELATIONS.items():
                for o in props.get(prop, ()):
                    if (str(s), rtype, str(o)) not in covered:
                        key = iris.node_iri("relation", (str(s), rtype, str(o)), "urn:kg:")
                        data = {"type": rtype, "source": "text", "evidence": []}
                        if rtype == "HOLDS_POSITION":
                            data.update(title="", former=False)
                        edges.append((str(s), str(o), key, data))
            for m in props.get(KG.hasMetric, ()):
                if str(m) in nodes:
                    nodes[str(m)]["subject"] = str(s)
                    edges.append((str(s), str(m), str(m), {"type": "HAS_METRIC", "source": best_source(
                        [nodes[str(m)]["evidence"]]), "evidence": [nodes[str(m)]["evidence"]]}))
        base = next((k[: k.rfind("article/")] for k, d in sorted(nodes.items()) if d["kind"] == "article"), None)
        G = nx.MultiDiGraph(base_iri=base)
        G.add_nodes_from(sorted(nodes.items()))
        G.add_edges_from(sorted((e for e in edges if e[0] in nodes and e[1] in nodes), key=lambda t: t[:3]))
        return G

    def metric(self, s: URIRef, p: dict) -> dict[str, Any]:
        evidence = self.evidence(p)
        ev = evidence[0] if evidence else {"doc": None, "start": None, "end": None, "text": None,
                                          "rule": "", "source": "text"}
        year = _one(p, KG.year)
        return {"kind": "metric", "label": _one(p, KG.indicator) or "metric", "subject": None,
                "indicator": _one(p, KG.indicator) or "", "value": number(_one(p, KG.value) or 0),
                "unit": _one(p, KG.unit), "qualifier": _one(p, KG.qualifier),
                "year": int(year) if year is not None else None, "doc": ev["doc"], "evidence": ev}


def graph_from_rdf(g: Graph) -> nx.MultiDiGraph:
    """The graph model of an rdflib graph that uses the kg ontology."""
    return _Reader(g).graph()
