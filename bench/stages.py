"""Per-stage measurements of the build on one core, in this process.

Stages, in the order the data flows: read+normalize (``kg.reader``), entities (tokenizer,
sentences, places, orgs, persons, initiatives, resolver), relations (relations, metrics;
with the record made), graph (each record resolved into its share of the graph, the global
share merged), Turtle (each article's block, then kg.ttl written from the global sections
and the blocks) and viewer (the best-connected nodes, their detail read again, the page). Each stage reports wall and CPU seconds, chars/s
and articles/s (over CPU time, so other load on the machine does not count), and the
peak RSS of the process so far. ``jieba.posseg`` runs over the same texts as a yardstick.
"""
from __future__ import annotations

import resource
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import psutil

ENTITY_STAGES = ("make_doc", "kg_sentences", "kg_places", "kg_orgs", "kg_persons", "kg_initiatives", "kg_entities")
RELATION_STAGES = ("kg_relations", "kg_metrics", "record")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


@contextmanager
def timed(results: dict[str, Any], name: str, chars: int = 0, articles: int = 0) -> Iterator[dict]:
    """Time a block; fill ``results[name]`` with seconds, rates and memory."""
    entry: dict[str, Any] = {}
    w0, c0 = time.perf_counter(), time.process_time()
    yield entry
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    results[name] = _rates(wall, cpu, chars or entry.get("chars", 0), articles or entry.get("articles", 0))
    results[name].update(entry, peak_rss_mb=round(peak_rss_mb(), 1), rss_mb=round(rss_mb(), 1))


def _rates(wall: float, cpu: float, chars: int, articles: int) -> dict[str, Any]:
    out = {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3)}
    if chars:
        out["chars_per_s"] = round(chars / cpu) if cpu else None
    if articles:
        out["articles_per_s"] = round(articles / cpu, 2) if cpu else None
    return out


def run_stages(corpus: Path, work: Path, view_max_nodes: int = 300) -> dict[str, Any]:
    """Every stage over ``corpus`` in this process; returns the per-stage figures."""
    from kg.export.jsonl import dumps
    from kg.graph.model import GraphBuilder
    from kg.nlp.extract import doc_to_extraction
    from kg.nlp.pipeline import make_nlp
    from kg.reader import Skipped, iter_articles

    res: dict[str, Any] = {}
    with timed(res, "read+normalize") as e:
        articles = [a for a in iter_articles([corpus]) if not isinstance(a, Skipped)]
        e["chars"], e["articles"] = sum(len(a.text) for a in articles), len(articles)
    chars, n = res["read+normalize"]["chars"], len(articles)
    nlp = make_nlp()
    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    lines: list[str] = []

    def clock(name: str, fn, *args):
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn(*args)
        spent[name][0] += time.perf_counter() - w0
        spent[name][1] += time.process_time() - c0
        return out

    for art in articles:
        doc = clock("make_doc", nlp.make_doc, art.text)
        doc._.kg_doc_id, doc._.kg_meta = art.doc_id, art.meta.to_dict()
        for name, proc in nlp.pipeline:
            doc = clock(name, proc, doc)
        lines.append(clock("record", lambda d, a: dumps(doc_to_extraction(d, a).to_dict()), doc, art))
    del articles
    for stage, parts in (("entities", ENTITY_STAGES), ("relations", RELATION_STAGES)):
        wall, cpu = (sum(spent[p][i] for p in parts) for i in (0, 1))
        res[stage] = _rates(wall, cpu, chars, n)
        res[stage]["components_cpu_s"] = {p: round(spent[p][1], 3) for p in parts}
        res[stage]["peak_rss_mb"] = round(peak_rss_mb(), 1)
    ext = ("read+normalize", "entities", "relations")
    res["extraction"] = _rates(sum(res[s]["wall_s"] for s in ext), sum(res[s]["cpu_s"] for s in ext), chars, n)
    import json

    from kg.export.jsonl import RecordFile
    from kg.export.viewer import write_viewer
    from kg.viewer.detail import detail_of, top_nodes
    from kg.graph.parts import record_part
    from kg.graph.stream import TurtleBlocks, article_block

    records = work / "extractions.jsonl"
    records.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    with timed(res, "graph", chars, n) as e:  # what the build's workers and main process do per record
        builder, parts = GraphBuilder(detail=False), []
        for line in lines:
            part = record_part(json.loads(line), builder.base)
            builder.add_part(part.compact())
            parts.append(part)
        e.update(entities=len(builder.entities), relations=len(builder.edges))
    del lines
    with timed(res, "turtle", chars, n) as e:  # article blocks (in the workers), then kg.ttl
        blocks = TurtleBlocks(work)
        for part in parts:
            blocks.add(part.doc, *article_block(part, builder.base))
        del parts
        with open(work / "kg.ttl", "wb") as fh:
            e["triples"] = blocks.write(fh, builder)
        blocks.close()
    with timed(res, "viewer", chars, n) as e:  # the best-connected nodes, their detail read again
        graph = detail_of(RecordFile(records), top_nodes(builder, view_max_nodes), builder)
        e.update(write_viewer(graph, work / "kg.html", max_nodes=view_max_nodes))
    return res


def run_jieba(corpus: Path) -> dict[str, Any]:
    """``jieba.posseg`` over the same normalized texts (dictionary loaded before timing)."""
    import logging

    import jieba
    import jieba.posseg as pseg
    from kg.reader import Skipped, iter_articles

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    texts = [a.text for a in iter_articles([corpus]) if not isinstance(a, Skipped)]
    res: dict[str, Any] = {}
    with timed(res, "jieba.posseg", sum(map(len, texts)), len(texts)):
        for text in texts:
            for _ in pseg.cut(text):
                pass
    return res["jieba.posseg"]


def main() -> None:
    """``python bench/stages.py CORPUS WORK`` prints the stage figures as JSON (run.py calls it)."""
    import json
    import sys

    corpus, work = Path(sys.argv[1]), Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    res = run_stages(corpus, work)
    res["jieba.posseg"] = run_jieba(corpus)
    print(json.dumps(res, ensure_ascii=False))


if __name__ == "__main__":
    main()
