"""Build the spaCy pipeline: a Chinese tokenizer plus the kg components.

Segmenters: ``char`` (spaCy's default, fast, no model), ``jieba`` (offline
dictionary) and ``pkuseg`` (spacy-pkuseg; needs a model folder, see
``pkuseg_model``). The kg components work on character offsets, so every
segmenter gives the same entities; the segmenter only changes ``doc`` tokens.
"""
from __future__ import annotations

import gc
from pathlib import Path
from typing import Sequence

import spacy
from spacy.language import Language

from kg.nlp import extensions, tokenizer  # noqa: F401  (registers Doc extensions and the tokenizer)

# importing the component modules registers their factories
from kg.nlp import sentences, places, persons, orgs, initiatives, entities  # noqa: F401,E401
from kg.relations import component as relations_component  # noqa: F401
from kg.relations import metrics as metrics_component  # noqa: F401

SEGMENTERS = ("char", "jieba", "pkuseg")
DEFAULT_COMPONENTS: tuple[str, ...] = (
    "kg_sentences",
    "kg_places",
    "kg_orgs",
    "kg_persons",
    "kg_initiatives",
    "kg_entities",
    "kg_relations",
    "kg_metrics",
)


class PipelineError(ValueError):
    pass


def make_nlp(
    segmenter: str = "char",
    pkuseg_model: str | Path | None = None,
    components: Sequence[str] = DEFAULT_COMPONENTS,
) -> Language:
    """A ready-to-use pipeline. ``pkuseg_model`` is a spacy-pkuseg model folder.

    Its lexicons, gazetteer index and vocabulary, loaded once, live as long as the
    process: they are moved to the collector's permanent generation (``gc.freeze``), so
    the full collections that the per-article objects trigger no longer walk them (half
    of what each cost on a thousand articles). Objects freed by reference count still go."""
    if segmenter not in SEGMENTERS:
        raise PipelineError(f"unknown segmenter {segmenter!r}; choose one of {', '.join(SEGMENTERS)}")
    config = {"nlp": {"tokenizer": {"@tokenizers": "kg.ChineseTokenizer", "segmenter": segmenter}}}
    if segmenter == "pkuseg":
        if not pkuseg_model:
            raise PipelineError(
                "the pkuseg segmenter needs a model folder: pass --pkuseg-model DIR "
                "(see README, 'pkuseg segmenter')"
            )
        try:
            import spacy_pkuseg  # noqa: F401
        except ImportError as err:  # pragma: no cover - depends on the install
            raise PipelineError("the pkuseg segmenter needs the extra: pip install -e '.[pkuseg]'") from err
        config["initialize"] = {"tokenizer": {"pkuseg_model": str(pkuseg_model)}}
    nlp = spacy.blank("zh", config=config)
    for name in components:
        nlp.add_pipe(name)
    nlp.initialize()
    gc.freeze()
    return nlp


def process(nlp: Language, text: str, doc_id: str = "", meta: dict | None = None):
    """Run the pipeline on one text with its metadata (components read ``doc._.kg_meta``)."""
    nlp.max_length = max(nlp.max_length, len(text) + 1)  # the reader's size limit decides; no parser/NER here
    doc = nlp.make_doc(text)  # with doc.user_data["kg_text"] (see kg.nlp.tokenizer)
    doc._.kg_doc_id = doc_id
    doc._.kg_meta = dict(meta or {})
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
