"""Pipeline stage ``kg_relations``. Placeholder: finds nothing yet."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class RelationStage:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_relations = []
        return doc


@Language.factory("kg_relations", assigns=["doc._.kg_relations"], requires=["doc._.kg_entities"])
def make_relation_stage(nlp: Language, name: str) -> RelationStage:
    return RelationStage(nlp, name)
