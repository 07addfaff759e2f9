"""The shape every kg recognizer shares: ``match`` (pure) then ``set_annotations``.

Subclasses implement ``match(doc) -> list[Candidate]``; lexicons are loaded in
``initialize`` (called by ``nlp.initialize()``) or lazily on first use.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.candidates import Candidate, add_candidates


class Recognizer:
    def __init__(self, nlp: Language, name: str):
        self.name = name
        self._ready = False

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        self.load()
        self._ready = True

    def load(self) -> None:  # pragma: no cover - overridden
        pass

    def match(self, doc: Doc) -> list[Candidate]:  # pragma: no cover - overridden
        return []

    def set_annotations(self, doc: Doc, matches: list[Candidate]) -> None:
        add_candidates(doc, matches)

    def __call__(self, doc: Doc) -> Doc:
        if not self._ready:
            self.initialize()
        self.set_annotations(doc, self.match(doc))
        return doc
