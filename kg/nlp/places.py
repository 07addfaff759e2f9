"""Recognizer for PLACE mentions (pipeline stage ``kg_places``). Placeholder: finds nothing yet."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.candidates import Candidate
from kg.nlp.component import Recognizer


class _Stage(Recognizer):
    def match(self, doc: Doc) -> list[Candidate]:
        return []


@Language.factory("kg_places", assigns=["doc._.kg_candidates"])
def make_stage(nlp: Language, name: str) -> _Stage:
    return _Stage(nlp, name)
