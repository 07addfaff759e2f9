"""Turtle written as the build goes (record parts → **article blocks + global sections** → kg.ttl).

A corpus of 100 000 articles makes some 200 million triples: far too many to hold, sort
and write in one piece. Most of them belong to one article: the article itself, its
mentions, metric observations and the evidence of every fact (:mod:`kg.graph.parts`).
So the build writes each article's triples as a **block** as soon as the article is
processed (in the worker process that extracted it), parks the blocks in a scratch file,
and keeps in memory only what merges across articles: entities, designations, relations
(a ``GraphBuilder`` with ``detail=False``). ``kg.ttl`` is then

1. the prefix block;
2. the global sections, each sorted by subject IRI: entities (with their plain relation
   triples ``?place kg:implements ?x`` and ``org:holds``), designations, ``kg:Relation``
   nodes, official posts;
3. the article blocks in document-id order, each sorted by subject IRI.

A subject may appear more than once (an entity's labels in the entity section, its
mentions in each article's block), which Turtle allows. The file holds exactly the
triples of :func:`kg.graph.rdf.rdf_triples` on the whole graph model, and it is the same
byte for byte whatever the order of the inputs, the number of processes or the engine.
"""
from __future__ import annotations

import io
import os
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import IO, Iterable, Iterator

from kg.graph import iri as iris
from kg.graph.mapping import Mapper
from kg.graph.model import GraphBuilder, metric_attrs
from kg.graph.namespace import PREFIXES
from kg.graph.parts import RecordPart
from kg.graph.terms import TEXT

Triple = tuple[str, str, str]  # Turtle text of subject, predicate, object

SECTION_NODES = 20_000  # subjects serialized at a time in the global sections


def prefix_block() -> bytes:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())).encode("utf-8")


def turtle_body(triples: Iterable[Triple]) -> bytes:
    """Turtle for ``triples`` in the given order, consecutive triples of a subject joined
    with ``;`` (the prefix block is written once, at the top of the file)."""
    out: list[str] = []
    prev = None
    for s, p, o in triples:
        if s == prev:
            out.append(f" ;\n\t{p} {o}")
            continue
        if prev is not None:
            out.append(" .\n")
        out.append(f"{s} {p} {o}")
        prev = s
    if prev is not None:
        out.append(" .\n")
    return "".join(out).encode("utf-8")


def article_triples(part: RecordPart, base: str) -> list[Triple]:
    """The triples that belong to one article: the article, the mentions and articles of its
    entities, its metric observations and the evidence of its facts (sorted by subject)."""
    one = GraphBuilder(base)
    one.add_part(part)
    w = Mapper(base, TEXT)
    w.article(iris.article_iri(part.doc, base), one.article_attrs(part.doc))
    for node in one.entities:
        attrs = one.entity_attrs(node)
        w.mentions(node, attrs["docs"], attrs["mentions"])
    for node, met in one.metrics.items():
        w.metric(node, metric_attrs(met))
        w.direct(met["subject"], node, {"type": "HAS_METRIC"})
    for key in one.edges:
        w.evidence(key, one.edge_attrs(key)["evidence"])
    triples = w.take()
    triples.sort(key=lambda t: t[0])  # stable: a subject's triples keep the writer's order
    return triples


def article_block(part: RecordPart, base: str) -> tuple[bytes, int]:
    """One article's Turtle block and its triple count."""
    triples = article_triples(part, base)
    return turtle_body(triples), len(triples)


def _chunks(nodes: Iterable[str], size: int = SECTION_NODES) -> Iterator[list[str]]:
    chunk: list[str] = []
    for node in nodes:
        chunk.append(node)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def global_sections(builder: GraphBuilder) -> Iterator[list[Triple]]:
    """The triples of what merges across articles, a batch of subjects at a time, in file order."""
    w = Mapper(builder.base, TEXT)
    by_head: dict[str, list[str]] = defaultdict(list)
    posts: dict[str, tuple[str, str, list[str]]] = {}
    keys = sorted(builder.edges)
    for key in keys:
        by_head[builder.edges[key].head].append(key)
    for chunk in _chunks(sorted(builder.entities)):
        for node in chunk:
            w.entity(node, builder.entity_attrs(node))
            for key in by_head.get(node, ()):
                e = builder.edges[key]
                w.direct(e.head, e.tail, builder.edge_attrs(key))
        yield w.take()
    for chunk in _chunks(sorted(builder.designations)):
        for node in chunk:
            w.designation(node, builder.designation_attrs(node))
        yield w.take()
    del by_head
    for chunk in _chunks(keys):
        for key in chunk:
            e = builder.edges[key]
            d = builder.edge_attrs(key)
            w.relation(e.head, e.tail, key, d)
            post = w.post_iri(e.tail, d)
            if post:
                entry = posts.setdefault(post[0], (e.tail, post[1], []))
                if not e.former:
                    entry[2].append(e.head)
        yield w.take()
    for chunk in _chunks(sorted(posts)):
        for ref in chunk:
            tail, title, holders = posts[ref]
            w.post(ref, tail, title, builder.label(tail), sorted(set(holders)))
        yield w.take()


def _copy(src: IO[bytes], offset: int, length: int, out: IO[bytes]) -> None:
    """Copy ``length`` bytes at ``offset`` of ``src`` to the end of ``out`` (in the kernel when it can)."""
    if hasattr(os, "copy_file_range") and not isinstance(out, io.BytesIO):
        try:
            while length:
                done = os.copy_file_range(src.fileno(), out.fileno(), length, offset)
                if not done:
                    break
                offset, length = offset + done, length - done
            if not length:
                return
        except OSError:  # another file system, or no support: copy through Python
            pass
    src.seek(offset)
    out.write(src.read(length))


class TurtleBlocks:
    """Article blocks parked in a scratch file until ``kg.ttl`` is written in order."""

    def __init__(self, folder: str | Path) -> None:
        fd, name = tempfile.mkstemp(prefix="turtle-blocks-", dir=folder)
        self.path = Path(name)
        self.fh: IO[bytes] = os.fdopen(fd, "w+b")
        self.index: dict[str, tuple[int, int, int]] = {}  # doc → (offset, length, triples)

    def add(self, doc: str, block: bytes, triples: int) -> None:
        """Park an article's block; a document id seen before replaces the earlier block."""
        self.fh.seek(0, os.SEEK_END)
        self.index[doc] = (self.fh.tell(), len(block), triples)
        self.fh.write(block)

    def write(self, out: IO[bytes], builder: GraphBuilder) -> int:
        """Write the whole Turtle file to ``out``; returns the number of triples."""
        out.write(prefix_block())
        n = 0
        for triples in global_sections(builder):
            out.write(turtle_body(triples))
            n += len(triples)
        self.fh.flush()
        out.flush()
        for doc in sorted(self.index):
            offset, length, triples = self.index[doc]
            _copy(self.fh, offset, length, out)
            n += triples
        return n

    def close(self) -> None:
        self.fh.close()
        self.path.unlink(missing_ok=True)
