"""Pipeline stage ``kg_relations``: run every relation rule over the resolved entities.

Rules come from ``data/rules/relations.yaml``; each rule's ``kind`` names the
extractor function below. Duplicates (same type, ends and title) are merged,
keeping the fact read from the text over one inferred or taken from the gazetteer.
"""
from __future__ import annotations

from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc

from kg.records import Relation
from kg.nlp.lexicons import load_titles
from kg.relations import commendations, holds_position, implements, located_in, part_of, recognized
from kg.relations.rules import RelationRule, load_rules
from kg.relations.view import DocView

SOURCE_RANK = {"text": 0, "inferred": 1, "gazetteer": 2}


class RelationStage:
    def __init__(self, nlp: Language, name: str = "kg_relations", use_gazetteer: bool = True):
        self.name = name
        self.use_gazetteer = use_gazetteer
        self.rules: list[RelationRule] | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        self.rules = load_rules()
        self.titles = load_titles()
        self.gazetteer = None
        if self.use_gazetteer:
            from kg.nlp.gazetteer import load_gazetteer

            self.gazetteer = load_gazetteer()

    def extractors(self) -> dict[str, Callable[[DocView, RelationRule], list[Relation]]]:
        return {
            "place_chain": located_in.place_chain,
            "org_prefix": located_in.org_prefix,
            "outlet": located_in.outlet,
            "hierarchy": lambda v, r: located_in.hierarchy(v, r, self.gazetteer),
            "title": lambda v, r: holds_position.title_relations(v, r, self.titles),
            "byline": holds_position.byline_relations,
            "implements": implements.implements,
            "component": part_of.components,
            "part_trigger": part_of.triggered,
            "recognized": recognized.recognized,
            "commendation": commendations.commendations,
        }

    def match(self, doc: Doc) -> list[Relation]:
        view = DocView.from_doc(doc)
        table = self.extractors()
        found: list[Relation] = []
        scope_rules = []
        for rule in self.rules or []:
            if rule.kind == "scope":
                scope_rules.append(rule)
                continue
            if rule.kind not in table:
                raise ValueError(f"relation rule {rule.id}: no extractor for kind {rule.kind!r}")
            if rule.kind == "implements":  # officials act for their places: the posts found so far;
                parts = next((r for r in self.rules if r.kind == "part_trigger"), None)  # parts go with their whole
                found += implements.implements(view, rule, implements.Posts(view, found),
                                               part_of.wholes(view, parts) if parts is not None else None)
                continue
            found += table[rule.kind](view, rule)
        placed = {r.head for r in found if r.type == "LOCATED_IN"}
        for rule in scope_rules:
            found += located_in.scope(view, rule, placed)
        places = {e.id for e in view.entities if e.type == "PLACE"}
        return located_in.reduce_chains(merge(found), places)

    def set_annotations(self, doc: Doc, relations: list[Relation]) -> None:
        doc._.kg_relations = relations

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            self.initialize()
        self.set_annotations(doc, self.match(doc))
        return doc


def merge(relations: list[Relation]) -> list[Relation]:
    """One relation per (type, head, tail, title): text beats inferred beats gazetteer."""
    best: dict[tuple, Relation] = {}
    for r in relations:
        if r.head == r.tail:
            continue
        key = (r.type, r.head, r.tail, r.attrs.get("title"))
        if key not in best or SOURCE_RANK[r.source] < SOURCE_RANK[best[key].source]:
            best[key] = r
    return list(best.values())


@Language.factory("kg_relations", assigns=["doc._.kg_relations"], requires=["doc._.kg_entities"],
                  default_config={"use_gazetteer": True})
def make_relation_stage(nlp: Language, name: str, use_gazetteer: bool) -> RelationStage:
    return RelationStage(nlp, name, use_gazetteer)
