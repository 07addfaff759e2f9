"""Pipeline stage ``kg_metrics``. Placeholder: finds nothing yet."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class MetricStage:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_metrics = []
        return doc


@Language.factory("kg_metrics", assigns=["doc._.kg_metrics"], requires=["doc._.kg_entities"])
def make_metric_stage(nlp: Language, name: str) -> MetricStage:
    return MetricStage(nlp, name)
