"""From a processed ``Doc`` to an ``Extraction`` record (the extraction-record contract)."""
from __future__ import annotations

from spacy.language import Language

from kg.nlp.pipeline import process
from kg.records import Article, Extraction, Meta


def doc_to_extraction(doc, article: Article) -> Extraction:
    return Extraction(
        doc=article.doc_id,
        meta=article.meta,
        entities=list(doc._.kg_entities or []),
        relations=list(doc._.kg_relations or []),
        metrics=list(doc._.kg_metrics or []),
        text=article.text,
    )


def extract(nlp: Language, article: Article) -> Extraction:
    doc = process(nlp, article.text, article.doc_id, article.meta.to_dict())
    return doc_to_extraction(doc, article)


def empty_extraction(doc_id: str, meta: Meta | None = None) -> Extraction:
    return Extraction(doc=doc_id, meta=meta or Meta())
