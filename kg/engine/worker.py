"""One worker's share of the build: ``Article`` → extraction record line (the NLP stage).

Sits between the reader and the graph (normalized article → spaCy pipeline → one
``extractions.jsonl`` line). Every engine (in-process, process pool, Dask) runs the
same :func:`process_article`, so their outputs are identical byte for byte: the record
is serialized here, once, by :func:`kg.export.jsonl.dumps`.

A worker builds its pipeline once (:func:`init_worker`, the process-pool
initializer, or lazily on a Dask worker) and keeps it in a module-level slot; the
chunk functions take plain picklable values only.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any, Sequence

from kg.reader import Skipped
from kg.records import Article

log = logging.getLogger("kg")


@dataclass(frozen=True)
class Settings:
    """What a worker needs to build its pipeline and shape its results (picklable)."""

    segmenter: str = "char"
    pkuseg_model: str | None = None
    save_text: bool = False
    max_entities: int = 5000           # entities + metrics of one article; more is reported and skipped
    max_article_bytes: int = 5_000_000  # the reader's limit for one article
    turtle: bool = True                 # write each article's Turtle block (GraphShare.block)
    graph: bool = True                  # resolve each record into the graph's global share (GraphShare.part):
    #                                     False when no output needs it (records only; kg.nt, kg.jsonld and
    #                                     the neo4j kit are made from the records)
    base_iri: str | None = None

    def pipeline_key(self) -> tuple:
        return (self.segmenter, self.pkuseg_model)


@dataclass(frozen=True)
class Done:
    """One processed article: its record as a JSON line (no newline) and what the build needs."""

    doc: str
    line: str
    path: str
    digest: str
    chars: int
    text: str | None = None  # only with save_text
    share: "GraphShare | None" = None  # the record's share of the graph


@dataclass(frozen=True)
class GraphShare:
    """What the build needs of a record besides its line: the global share of the graph, the
    article's Turtle block and the counts of the summary (so the parent never parses the line)."""

    part: Any            # kg.graph.parts.RecordPart, compact; None when the build needs no graph share
    block: bytes         # the article's own triples as Turtle (kg.graph.stream)
    block_counts: tuple[int, ...]  # its triples and nodes per class (kg.graph.stream.BLOCK_COUNTS)
    counts: tuple[int, int, int]  # entities, relations, metrics


def graph_share(rec: dict[str, Any], base_iri: str | None, turtle: bool = True, graph: bool = True) -> GraphShare:
    """Resolve a record for the graph (:mod:`kg.graph.parts`) and write its Turtle block (with
    ``graph=False``, only the counts of the summary)."""
    from kg.graph.iri import check_base
    from kg.graph.parts import record_part
    from kg.graph.stream import article_block

    counts = tuple(len(rec.get(k) or ()) for k in ("entities", "relations", "metrics"))
    if not graph:
        return GraphShare(None, b"", (), counts)
    base = check_base(base_iri)
    part = record_part(rec, base)
    block, block_counts = article_block(part, base) if turtle else (b"", ())
    return GraphShare(part.compact(), block, block_counts, counts)


@dataclass(frozen=True)
class Unchanged:
    """``--update``: an input article the earlier build already holds with the same content."""

    doc: str


Item = Article | Skipped | Unchanged     # what flows into an engine, in input order
Result = Done | Skipped | Unchanged     # what flows out, in the same order

# this process's pipeline and the settings it was built for (a per-process cache, not data)
_STATE: dict[str, Any] = {}


def init_worker(settings: Settings) -> None:
    """Build the pipeline of this process once (process-pool initializer). An error is
    left for the first chunk to raise, so it reaches the parent with its message
    instead of breaking the pool."""
    try:
        get_pipeline(settings)
    except Exception as err:  # noqa: BLE001 - raised again by work_chunk
        log.debug("worker pipeline failed: %s", err)


def get_pipeline(settings: Settings):
    """This process's pipeline for ``settings``, built on first use."""
    key = settings.pipeline_key()
    if _STATE.get("key") != key:
        from kg.nlp.pipeline import make_nlp

        _STATE["nlp"] = make_nlp(settings.segmenter, settings.pkuseg_model)
        _STATE["key"] = key
        log.debug("worker pipeline built (%s)", settings.segmenter)
    return _STATE["nlp"]


def article_digest(article: Article) -> str:
    """A content hash of the normalized text and metadata (what ``--update`` compares)."""
    meta = json.dumps(article.meta.to_dict(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(f"{meta}\n{article.text}".encode("utf-8")).hexdigest()


def process_article(nlp, article: Article, settings: Settings) -> Done | Skipped:
    """The record of one article; an article the pipeline fails on, or one with more
    than ``max_entities`` entities and metrics, is reported as skipped, never fatal."""
    from kg.export.jsonl import dumps
    from kg.nlp.extract import extract

    path = article.path or article.doc_id
    try:
        rec = extract(nlp, article).to_dict()
        share = graph_share(rec, settings.base_iri, settings.turtle, settings.graph)
    except Exception as err:  # one article must not stop the build (reported, logged with traceback)
        log.exception("extracting %s failed", path)
        return Skipped(path, f"internal error while extracting ({type(err).__name__}: {err}); "
                             "please report it with this file")
    found = len(rec["entities"]) + len(rec["metrics"])
    if found > settings.max_entities:
        return Skipped(path, f"{found} entities and metrics, more than --max-entities {settings.max_entities}; "
                             "raise the limit to keep this article")
    return Done(doc=article.doc_id, line=dumps(rec), path=path, digest=article_digest(article),
                chars=len(article.text), text=article.text if settings.save_text else None,
                share=share)


def work_chunk(items: Sequence[Any], settings: Settings) -> list[Any]:
    """Process a chunk of the stream in order: an ``Article`` is extracted, a reader ``Unit``
    is read first (a file or a JSONL line; reading is then done by the workers too), and
    anything else (a ``Skipped``, an ``Unchanged`` marker of ``--update``) passes through."""
    from kg.reader import ReaderOptions
    from kg.reader.files import Unit, read_unit

    nlp = get_pipeline(settings)
    reader = ReaderOptions(max_article_bytes=settings.max_article_bytes)
    out: list[Any] = []
    for item in items:
        found = read_unit(item, reader) if isinstance(item, Unit) else [item]
        out.extend(process_article(nlp, a, settings) if isinstance(a, Article) else a for a in found)
    return out


def item_chars(item: Any) -> int:
    """What an item of the stream weighs when it is cut into chunks: an ``Article``'s characters,
    a reader ``Unit``'s estimate of them, nothing for anything else (a ``Skipped``, an ``Unchanged``)."""
    return len(item.text) if isinstance(item, Article) else getattr(item, "size", 0)
