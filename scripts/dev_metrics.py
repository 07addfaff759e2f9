#!/usr/bin/env python
"""Measure the metric stage on the dev set.

    .venv/bin/python scripts/dev_metrics.py [--gold ../shared/gold] [--corpus data/corpus] [-v] [--e2e]

Isolated (default): the gold entities are placed at every position where their name or
an alias occurs in the text, the article's place is guessed (a place in the title, else
the most mentioned place, the higher level on a tie), and only ``kg_metrics`` runs; the
predictions (gold entities + predicted metrics) are scored with ``kg.eval``, so the
metric figures measure the number reader and subject finding alone.
``--e2e`` runs the whole pipeline instead and scores everything.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import spacy

from kg.eval import format_report, score_records
from kg.eval.loading import load_gold
from kg.nlp.sentences import split_sentences
from kg.reader import read_file
from kg.records import Entity, Mention
from kg.relations import metrics  # noqa: F401  (registers kg_metrics)

ROOT = Path(__file__).resolve().parent.parent
LEVEL_RANK = {"province": 5, "city": 4, "zone": 3, "county": 3, "township": 2, "village": 1}


def normalized_text(path: Path) -> str:
    """The reader's text; folded to simplified script here if the reader does not do it yet."""
    text = read_file(path)[0].text
    import opencc

    simplified = opencc.OpenCC("t2s").convert(text)
    if simplified != text:
        text = re.sub(r"\([a-z]+\)\s?", "", simplified)  # 興(xing) 縣 → 兴县
    return text


def place_gold_entities(text: str, gold: dict) -> list[Entity]:
    """Gold entities with a mention at each occurrence; longer mentions win, nesting is kept."""
    found = []
    for i, g in enumerate(gold["entities"]):
        for form in {g["name"], *(g.get("aliases") or [])}:
            for m in re.finditer(re.escape(form), text):
                found.append((m.start(), m.end(), i))
    kept: list[tuple[int, int, int]] = []
    for s, e, i in sorted(set(found), key=lambda t: -(t[1] - t[0])):
        if any(s < ke and ks < e and not (ks <= s and e <= ke) for ks, ke, _ in kept):
            continue  # crossing
        if any(ks <= s and e <= ke and gold["entities"][ki]["type"] == gold["entities"][i]["type"]
               for ks, ke, ki in kept):
            continue  # nested in a mention of the same type (陆丰 in 海陆丰), as the resolver settles it
        kept.append((s, e, i))
    entities = []
    for i, g in enumerate(gold["entities"]):
        mentions = [Mention(s, e, text[s:e], "gold") for s, e, k in sorted(kept) if k == i]
        attrs = {"level": g["level"]} if g.get("level") else {}
        entities.append(Entity(f"e{i + 1}", g["type"], g["name"], list(g.get("aliases") or [g["name"]]),
                               attrs, mentions))
    return entities


def guess_scope(text: str, entities: list[Entity]) -> str | None:
    """A heading that opens with a place chain (某区某镇:……), else the most mentioned place."""
    places = {m.start: (m.end, e.id) for e in entities if e.type == "PLACE" for m in e.mentions}
    offset = 0
    for line in text.split("\n")[:6]:
        pos, last = offset, None
        while pos in places:
            pos, last = places[pos]
        if last and text[pos:pos + 1] in (":", "：", " "):
            return last
        offset += len(line) + 1
    candidates = [e for e in entities if e.type == "PLACE" and e.mentions]
    best = max(candidates, key=lambda e: (len(e.mentions), LEVEL_RANK.get(e.attrs.get("level", ""), 0)), default=None)
    return best.id if best else None


def isolated(gold_dir: Path, corpus: Path, verbose: bool) -> dict[str, dict]:
    nlp = spacy.blank("zh")
    stage = nlp.add_pipe("kg_metrics")
    preds = {}
    for doc_id, gold in load_gold(gold_dir).items():
        text = normalized_text(corpus / f"{doc_id}.txt")
        entities = place_gold_entities(text, gold)
        doc = nlp.make_doc(text)
        doc._.kg_entities = entities
        doc._.kg_sentences = split_sentences(text)
        doc._.kg_scope = guess_scope(text, entities)
        stage(doc)
        names = {e.id: e.name for e in entities}
        if verbose:
            print(f"== {doc_id} scope={names.get(doc._.kg_scope)}")
            for m in doc._.kg_metrics:
                print(f"  {names[m.subject]:<10} {m.value}{m.unit or ''} {m.qualifier or ''} {m.year or ''}"
                      f" [{m.indicator}] {m.rule}")
        preds[doc_id] = {"doc": doc_id, "entities": [e.to_dict() for e in entities],
                         "metrics": [m.to_dict() for m in doc._.kg_metrics]}
    return preds


def end_to_end(corpus: Path) -> dict[str, dict]:
    from kg.nlp.extract import extract
    from kg.nlp.pipeline import make_nlp
    from kg.reader import iter_articles

    nlp = make_nlp()
    return {a.doc_id: extract(nlp, a).to_dict() for a in iter_articles([corpus]) if hasattr(a, "doc_id")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    ap.add_argument("--corpus", type=Path, default=ROOT / "data" / "corpus")
    ap.add_argument("--e2e", action="store_true", help="run the whole pipeline, not the metric stage alone")
    ap.add_argument("--errors", type=int, default=200)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    preds = end_to_end(args.corpus) if args.e2e else isolated(args.gold, args.corpus, args.verbose)
    result = score_records(load_gold(args.gold), preds)
    if not args.e2e:
        result.errors = [e for e in result.errors if e.category == "METRIC"]
        for label in [k for k in result.tallies if k != "metrics"]:
            del result.tallies[label]
    print(json.dumps(result.as_dict(), indent=1) if args.json else format_report(result, errors=args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
