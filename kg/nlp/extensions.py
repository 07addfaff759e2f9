"""Every custom ``Doc``/``Span`` attribute the pipeline uses, registered in one place."""
from __future__ import annotations

from spacy.tokens import Doc

DOC_EXTENSIONS = {
    "kg_meta": None,  # dict: the article's metadata (title, date, source, authors, editors)
    "kg_doc_id": None,  # str: the article id
    "kg_sentences": None,  # list[tuple[int, int]]: sentence character spans
    "kg_candidates": None,  # list[Candidate]: proposals of the recognizers
    "kg_entities": None,  # list[Entity]: resolved entities
    "kg_scope": None,  # str | None: entity id of the place the article is about (我市, 全县 …)
    "kg_deictic": None,  # list[tuple[Deictic, str]]: deictic mentions and the entity id they mean
    "kg_relations": None,  # list[Relation]
    "kg_metrics": None,  # list[Metric]
}


def register_extensions() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


def text_of(doc: Doc) -> str:
    """``doc.text``: the text the tokenizer was given (``kg.nlp.tokenizer`` keeps it), else
    joined once per ``Doc`` (one made some other way): spaCy joins every token on each
    access, which costs a second per 100 k characters with the character segmenter."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text
