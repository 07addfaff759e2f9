"""RDF back into the graph model (Turtle → **networkx model** → viewer / Neo4j), the inverse of ``to_rdf``.

``from_rdf(to_rdf(G))`` gives ``G`` again: same node keys, attributes and edges. A graph
written by other tools is read as far as it uses the ontology: typed entities, articles,
designations, metric observations, ``kg:Relation`` nodes, and direct relation triples
without a relation node (those become edges with no evidence). Works on pyoxigraph
triples, so reading a 190 k-triple file takes seconds, not minutes.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any, Iterable

import networkx as nx
import pyoxigraph as ox
from rdflib import DC, DCTERMS, RDF, SDO, SKOS, XSD

from kg.graph import iri as iris
from kg.graph.model import MENTION_FIELDS, best_source, evidence_list
from kg.graph.parts import number
from kg.graph.namespace import CLASS_ENTITIES, KG, PROPERTY_RELATIONS

Index = dict[str, dict[str, list]]
_CLASSES = {str(k): v for k, v in CLASS_ENTITIES.items()}
_RELATIONS = {str(k): v for k, v in PROPERTY_RELATIONS.items()}
_INT, _DEC, _BOOL = str(XSD.integer), str(XSD.decimal), str(XSD.boolean)
P = {name: str(term) for name, term in {
    "type": RDF.type, "identifier": DCTERMS.identifier, "title": DCTERMS.title, "issued": DCTERMS.issued,
    "source": DC.source, "creator": DC.creator, "url": SDO.url, "prefLabel": SKOS.prefLabel,
    "altLabel": SKOS.altLabel}.items()}


def _py(term) -> Any:
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt == _INT:
            return int(term.value)
        if dt == _DEC:
            return Decimal(term.value)
        if dt == _BOOL:
            return term.value in ("true", "1")
    return term.value


def _one(props: dict, p: str) -> Any:
    """The smallest value of a property (deterministic when a file has several), as Python."""
    values = props.get(p) or []
    return _py(min(values, key=lambda t: t.value)) if values else None


def _all(props: dict, p: str) -> list[str]:
    return sorted(t.value for t in props.get(p) or [])


class _Reader:
    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.idx: Index = defaultdict(lambda: defaultdict(list))
        for t in triples:
            self.idx[t.subject.value][t.predicate.value].append(t.object)
        self.types = {s: {o.value for o in props.get(P["type"], ())} for s, props in self.idx.items()}
        self.doc_of = {s: _one(self.idx[s], P["identifier"]) or s.rsplit("/", 1)[-1]
                       for s, t in self.types.items() if str(KG.Article) in t}

    def span(self, node: str, fields: tuple[str, ...]) -> dict[str, Any]:
        p = self.idx.get(node, {})
        art = _one(p, str(KG.inArticle))
        sp = {"doc": self.doc_of.get(art, art), "start": _one(p, str(KG.start)), "end": _one(p, str(KG.end)),
              "text": _one(p, str(KG.text)), "rule": _one(p, str(KG.rule)) or "",
              "source": _one(p, str(KG.source)) or "text"}
        return {k: sp[k] for k in fields}

    def evidence(self, props: dict) -> list[dict[str, Any]]:
        return evidence_list(tuple(self.span(v.value, ("doc", "start", "end", "text", "rule", "source")).values())
                             for v in props.get(str(KG.evidence), ()))

    def article(self, s: str, p: dict) -> dict[str, Any]:
        doc, title = self.doc_of[s], _one(p, P["title"])
        return {"kind": "article", "doc": doc, "label": title or doc, "title": title,
                "date": _one(p, str(KG.dateText)) or _one(p, P["issued"]), "source": _one(p, P["source"]),
                "authors": _all(p, P["creator"]), "editors": _all(p, str(KG.editor)), "url": _one(p, P["url"])}

    def entity(self, s: str, p: dict, etype: str) -> dict[str, Any]:
        label = _one(p, P["prefLabel"]) or s.rsplit("/", 1)[-1]
        mentions = {tuple(self.span(m.value, MENTION_FIELDS).values()) for m in p.get(str(KG.mention), ())}
        d: dict[str, Any] = {
            "kind": "entity", "type": etype, "label": label, "aliases": sorted(set(_all(p, P["altLabel"])) | {label}),
            "docs": sorted(self.doc_of.get(a.value, a.value) for a in p.get(str(KG.mentionedIn), ())),
            "mentions": [dict(zip(MENTION_FIELDS, m)) for m in sorted(mentions, key=lambda t: (
                t[0], t[1] is None, t[1] or 0, t[2] is None, t[2] or 0, t[4], t[3] or ""))]}
        if etype == "PLACE":
            d["level"] = _one(p, str(KG.level)) or "other"
            if p.get(str(KG.adcode)):
                d["adcode"] = _one(p, str(KG.adcode))
        if etype == "PERSON":
            d["role"] = _one(p, str(KG.role)) or "other"
        return d

    def metric(self, p: dict) -> dict[str, Any]:
        evidence = self.evidence(p)
        ev = evidence[0] if evidence else dict(zip(("doc", "start", "end", "text", "rule", "source"),
                                                   (None, None, None, None, "", "text")))
        indicator = _one(p, str(KG.indicator)) or ""
        return {"kind": "metric", "label": indicator or "metric", "subject": None, "indicator": indicator,
                "value": number(_one(p, str(KG.value)) or 0), "unit": _one(p, str(KG.unit)),
                "qualifier": _one(p, str(KG.qualifier)), "year": _one(p, str(KG.year)), "doc": ev["doc"],
                "evidence": ev}

    def relation(self, s: str, p: dict) -> tuple[str, str, str, dict[str, Any]] | None:
        rtype = _RELATIONS.get(_one(p, str(KG.predicate)) or "")
        head, tail = _one(p, str(KG.subject)), _one(p, str(KG.object))
        if not (rtype and head and tail):
            return None
        evidence = self.evidence(p)
        data: dict[str, Any] = {"type": rtype, "source": best_source(evidence), "evidence": evidence}
        if rtype == "HOLDS_POSITION":
            data.update(title=_one(p, str(KG.title)) or "", former=bool(_one(p, str(KG.former))))
        return head, tail, s, data

    def graph(self) -> nx.MultiDiGraph:
        nodes: dict[str, dict[str, Any]] = {}
        edges: list[tuple[str, str, str, dict[str, Any]]] = []
        for s, types in self.types.items():
            p = self.idx[s]
            etypes = sorted(_CLASSES[t] for t in types if t in _CLASSES)
            if str(KG.Article) in types:
                nodes[s] = self.article(s, p)
            elif etypes:
                nodes[s] = self.entity(s, p, etypes[0])
            elif str(KG.Designation) in types:
                nodes[s] = {"kind": "designation", "label": _one(p, P["prefLabel"]) or "",
                            "level": _one(p, str(KG.designationLevel)) or "other"}
            elif str(KG.MetricObservation) in types:
                nodes[s] = self.metric(p)
            elif str(KG.Relation) in types and (edge := self.relation(s, p)):
                edges.append(edge)
        covered = {(h, d["type"], t) for h, t, _, d in edges}
        for s, props in self.idx.items():
            for prop, rtype in _RELATIONS.items():
                for o in props.get(prop, ()):
                    if (s, rtype, o.value) not in covered:  # a direct triple without its relation node
                        data = {"type": rtype, "source": "text", "evidence": []}
                        if rtype == "HOLDS_POSITION":
                            data.update(title="", former=False)
                        edges.append((s, o.value, iris.node_iri("relation", (s, rtype, o.value), "urn:kg:"), data))
            for m in props.get(str(KG.hasMetric), ()):
                if nodes.get(m.value, {}).get("kind") == "metric":
                    nodes[m.value]["subject"] = s
                    ev = [nodes[m.value]["evidence"]]
                    edges.append((s, m.value, m.value, {"type": "HAS_METRIC", "source": best_source(ev),
                                                         "evidence": ev}))
        base = next((k[: k.rfind("article/")] for k, d in sorted(nodes.items()) if d["kind"] == "article"), None)
        G = nx.MultiDiGraph(base_iri=base)
        G.add_nodes_from(sorted(nodes.items()))
        G.add_edges_from(sorted((e for e in edges if e[0] in nodes and e[1] in nodes), key=lambda t: t[:3]))
        return G


def graph_from_triples(triples: Iterable[ox.Triple]) -> nx.MultiDiGraph:
    """The graph model of RDF (pyoxigraph triples) that uses the kg ontology."""
    return _Reader(triples).graph()
