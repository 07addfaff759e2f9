"""Turtle written as the build goes (record parts → **article blocks + global sections** → kg.ttl).

A corpus of 100 000 articles makes some 200 million triples: far too many to hold, sort
and write in one piece. Most of them belong to one article: the article itself, its
mentions, metric observations and the evidence of every fact (:mod:`kg.graph.parts`).
So the build writes each article's triples as a **block** as soon as the article is
processed (in the worker process that extracted it), parks the blocks in a scratch file,
and keeps in memory only what merges across articles: entities, designations, relations
(a ``GraphBuilder`` with ``detail=False``). ``kg.ttl`` is then

1. the prefix block;
2. the article blocks in document-id order, each sorted by subject IRI (written straight
   from the record part, without a graph model per article: :class:`_Block`). When the
   articles came in that order (as a corpus read file by file usually does), the scratch
   file already is this much of ``kg.ttl`` and is moved into place, not copied;
3. the global sections, each sorted by subject IRI: entities (with their plain relation
   triples ``?place kg:implements ?x`` and ``org:holds``), designations, ``kg:Relation``
   nodes, official posts;
4. the VoID description of the file (:mod:`kg.graph.void`), from what the blocks and the
   sections counted as they were written.

A subject may appear more than once (an entity's labels in the entity section, its
mentions in each article's block), which Turtle allows. The file holds exactly the
triples of :func:`kg.graph.rdf.file_triples` on the whole graph model, and it is the same
byte for byte whatever the order of the inputs, the number of processes or the engine.
"""
from __future__ import annotations

import io
import os
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from kg.batching import batches
from kg.export.atomic import adopt, atomic_write
from kg.graph import iri as iris
from kg.graph.mapping import Mapper
from kg.graph.model import GraphBuilder, article_attrs
from kg.graph.namespace import PREFIXES
from kg.graph.parts import RecordPart, ev_sort
from kg.graph.terms import TEXT, escape
from kg.graph.void import description

Triple = tuple[str, str, str]  # Turtle text of subject, predicate, object
# what an article block counts (:meth:`_Block.turtle`): its triples, then its nodes of these kg: classes
BLOCK_COUNTS = ("triples", "Article", "Mention", "Evidence", "MetricObservation")

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


_AND, _END = " ;\n\t", " .\n"  # between two triples of one subject, and after its last (turtle_body)
_V = TEXT.v
_START, _STOP, _TEXT, _RULE, _SOURCE, _INDICATOR, _VALUE, _UNIT, _QUALIFIER, _YEAR, _MENTION, _EVIDENCE, \
    _HAS_METRIC = (f"{_AND}{getattr(_V, k)} " for k in (
        "start", "end", "text", "rule", "source", "indicator", "value", "unit", "qualifier", "year", "mention",
        "evidence", "hasMetric"))


def _span(node: str, head: str, start: Any, end: Any, text: Any, rule: Any, tail: str) -> str:
    """The paragraph :meth:`Mapper.span` writes of a mention or an evidence node: ``head`` holds
    its class and article, ``tail`` what follows (an evidence's source). The literals are those
    of ``TEXT.integer``, ``.zh`` and ``.string``, written in place: a block has hundreds of spans."""
    if isinstance(start, int) and isinstance(end, int) and text and rule:  # nearly always
        return (f'{node}{head}{_START}{int(start)}{_STOP}{int(end)}{_TEXT}"{escape(text)}"@zh'
                f'{_RULE}"{escape(str(rule))}"{tail}')
    return "".join((node, head, f"{_START}{int(start)}" if isinstance(start, int) else "",
                    f"{_STOP}{int(end)}" if isinstance(end, int) else "", f'{_TEXT}"{escape(text)}"@zh' if text else "",
                    f'{_RULE}"{escape(str(rule))}"' if rule else "", tail))


class _Block:
    """One article's triples as Turtle paragraphs (a subject with all its triples), written
    straight from the :class:`RecordPart`: the text the :class:`Mapper` writes for these nodes,
    without a per-article ``GraphBuilder``, attribute dicts and a tuple per triple (an article
    has some 2 000 triples; ``tests/graph/test_stream.py`` shows the two agree byte for byte).

    No triple needs dropping as a duplicate: every span node's IRI hashes all its fields and
    the fact it supports, and each fact, entity and metric is written once. A part's spans are
    all in its article, and a metric's subject is one of its entities (:func:`record_part`)."""

    def __init__(self, part: RecordPart, base: str) -> None:
        self.base = base
        node = iris.article_iri(part.doc, base)
        w = Mapper(base, TEXT)
        w.article(node, article_attrs(part.doc, part.meta))
        self.art = art = TEXT.iri(node)
        self.paras = {art: f"{art} {_AND.join([f'{p} {o}' for _, p, o in w.take()])}{_END}"}
        self.mention_head, self.evidence_head = (f" {_V.type} {cls}{_AND}{_V.inArticle} {art}"
                                                 for cls in (_V.Mention, _V.Evidence))
        self.nodes = dict.fromkeys(BLOCK_COUNTS[2:], 0)

    def entity(self, node: str, mentions: Iterable[tuple], metrics: Iterable[str]) -> None:
        """An entity's article and mentions (:meth:`Mapper.mentions`), and its metrics."""
        s, base, paras, head = f"<{node}>", self.base, self.paras, self.mention_head
        links = [f"{s} {_V.mentionedIn} {self.art}"]
        for doc, start, end, text, rule in mentions:
            m = f"<{iris.mention_iri(node, doc, start, end, text, rule, base)}>"
            links.append(m)
            paras[m] = _span(m, head, start, end, text, rule, _END)
        self.nodes["Mention"] += len(links) - 1
        paras[s] = "".join((_MENTION.join(links), *(f"{_HAS_METRIC}<{m}>" for m in metrics), _END))

    def evidence(self, fact: str, ev: tuple) -> str:
        """An evidence node of a fact (:meth:`Mapper.evidence`): writes it, returns its IRI."""
        doc, start, end, text, rule, source = ev
        e = f"<{iris.evidence_iri(fact, doc, start, end, text, rule, source, self.base)}>"
        self.nodes["Evidence"] += 1
        self.paras[e] = _span(e, self.evidence_head, start, end, text, rule,
                              f"{_SOURCE}{TEXT.string(source or 'text')}{_END}")
        return e

    def fact(self, key: str, items: Iterable[tuple]) -> None:
        """A relation's evidence."""
        s = f"<{key}>"
        self.paras[s] = f"{s} {_V.evidence} {_EVIDENCE.join([self.evidence(key, ev) for ev in items])}{_END}"

    def metric(self, node: str, m: dict[str, Any]) -> None:
        """A metric observation (:meth:`Mapper.metric`)."""
        s, indicator, unit, qualifier, year = f"<{node}>", m["indicator"], m["unit"], m["qualifier"], m["year"]
        self.nodes["MetricObservation"] += 1
        self.paras[s] = "".join((
            f"{s} {_V.type} {_V.MetricObservation}{_AND}{_V.label} {TEXT.zh(indicator or 'metric')}",
            f"{_INDICATOR}{TEXT.zh(indicator)}" if indicator else "", f"{_VALUE}{TEXT.decimal(m['value'])}",
            f"{_UNIT}{TEXT.string(unit)}" if unit else "", f"{_QUALIFIER}{TEXT.string(qualifier)}" if qualifier else "",
            f"{_YEAR}{TEXT.integer(year)}" if year is not None else "", _EVIDENCE, self.evidence(node, m["ev"]), _END))

    def turtle(self) -> tuple[bytes, tuple[int, ...]]:
        """The paragraphs sorted by subject, and the counts of :data:`BLOCK_COUNTS` (``" ;\\n\\t"``
        cannot occur in a literal, whose line breaks are escaped, so it counts the triples after
        a subject's first)."""
        paras = self.paras
        data = "".join([paras[s] for s in sorted(paras)]).encode("utf-8")
        return data, (data.count(b" ;\n\t") + len(paras), 1, *self.nodes.values())


def article_block(part: RecordPart, base: str) -> tuple[bytes, tuple[int, ...]]:
    """One article's Turtle block and its counts (:data:`BLOCK_COUNTS`): the article, the mentions
    and articles of its entities, its metric observations and the evidence of its facts, by
    subject; the triples and the nodes of each class are for the graph's VoID description."""
    block = _Block(part, base)
    metrics: dict[str, list[str]] = {}
    for node, met in part.metrics.items():
        block.metric(node, met)
        metrics.setdefault(met["subject"], []).append(node)
    mentions: dict[str, list[tuple]] = {}
    for e in part.entities:
        mentions.setdefault(e.node, []).extend(e.mentions)
    for node, items in mentions.items():
        block.entity(node, sorted(set(items), key=ev_sort), metrics.get(node, ()))
    evidence: dict[str, list[tuple]] = {}
    for r in part.relations:
        if r.evidence is not None:
            evidence.setdefault(r.key, []).append(r.evidence)
    for key, items in evidence.items():
        block.fact(key, sorted(set(items), key=ev_sort) if len(items) > 1 else items)
    return block.turtle()


def global_sections(builder: GraphBuilder) -> Iterator[list[Triple]]:
    """The triples of what merges across articles, a batch of subjects at a time, in file order."""
    w = Mapper(builder.base, TEXT)
    by_head: dict[str, list[str]] = defaultdict(list)
    posts: dict[str, tuple[str, str, list[str]]] = {}
    keys = sorted(builder.edges)
    for key in keys:
        by_head[builder.edges[key].head].append(key)
    for chunk in batches(sorted(builder.entities), SECTION_NODES):
        for node in chunk:
            w.entity(node, builder.entity_attrs(node))
            for key in by_head.get(node, ()):
                e = builder.edges[key]
                w.direct(e.head, e.tail, builder.edge_attrs(key))
        yield w.take()
    for chunk in batches(sorted(builder.designations), SECTION_NODES):
        for node in chunk:
            w.designation(node, builder.designation_attrs(node))
        yield w.take()
    del by_head
    for chunk in batches(keys, SECTION_NODES):
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
    for chunk in batches(sorted(posts), SECTION_NODES):
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
    """Article blocks parked in a scratch file (after the prefix block) until ``kg.ttl`` is
    written. When they came in document-id order, the scratch file already is the start of
    ``kg.ttl``: :meth:`finish` appends the global sections and moves it into place, without
    copying gigabytes of blocks."""

    def __init__(self, folder: str | Path) -> None:
        fd, name = tempfile.mkstemp(prefix="turtle-blocks-", dir=folder)
        self.path = Path(name)
        self.fh: IO[bytes] = os.fdopen(fd, "w+b")
        self.fh.write(prefix_block())
        self.index: dict[str, tuple[int, int, tuple[int, ...]]] = {}  # doc → (offset, length, BLOCK_COUNTS)
        self.last: str | None = None
        self.in_order = True  # every block so far came after the one before in document-id order

    def add(self, doc: str, block: bytes, counts: tuple[int, ...]) -> None:
        """Park an article's block and its counts (:func:`article_block`); a document id seen
        before replaces the earlier block."""
        if self.last is not None and doc <= self.last:
            self.in_order = False  # for good: only an unbroken ascending run becomes kg.ttl itself
        self.last = doc
        self.fh.seek(0, os.SEEK_END)
        self.index[doc] = (self.fh.tell(), len(block), counts)
        self.fh.write(block)

    def _sections(self, out: IO[bytes], builder: GraphBuilder) -> int:
        """The global sections and the VoID description after them; returns the number of
        triples of the whole file."""
        totals = [sum(c) for c in zip(*(counts for _, _, counts in self.index.values()))] or [0] * len(BLOCK_COUNTS)
        n, classes = totals[0], Counter(dict(zip(BLOCK_COUNTS[1:], totals[1:])))
        for triples in global_sections(builder):
            out.write(turtle_body(triples))
            n += len(triples)
            classes.update(o[3:] for _, p, o in triples if p == "a" and o.startswith("kg:"))
        void = description(TEXT, builder.base, n, classes)
        out.write(turtle_body(void))
        return n + len(void)

    def write(self, out: IO[bytes], builder: GraphBuilder) -> int:
        """Write the whole Turtle file to ``out`` (the prefix block, the article blocks in
        document-id order, the global sections, the VoID description); returns the number of
        triples."""
        out.write(prefix_block())
        self.fh.flush()
        out.flush()
        for doc in sorted(self.index):
            offset, length, _ = self.index[doc]
            _copy(self.fh, offset, length, out)
        return self._sections(out, builder)

    def finish(self, path: str | Path, builder: GraphBuilder) -> int:
        """Write ``kg.ttl`` at ``path`` as :meth:`write` would, staged like ``atomic_write``;
        returns the number of triples. Blocks in document-id order become the file itself."""
        if not self.in_order:
            with atomic_write(path, "wb") as fh:
                return self.write(fh, builder)
        self.fh.seek(0, os.SEEK_END)
        n = self._sections(self.fh, builder)
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        adopt(self.path, path)
        return n

    def close(self) -> None:
        self.fh.close()
        self.path.unlink(missing_ok=True)
