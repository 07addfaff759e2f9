"""Pipeline stage ``kg_metrics``: numbers the article reports about a named subject.

Sits after entity resolution (``doc._.kg_entities``, ``doc._.kg_scope``,
``doc._.kg_sentences``) and writes ``doc._.kg_metrics`` (annotation guide §3).
``find_metrics`` is the pure algorithm:

1. every quantity with a measure word (``kg.relations.numbers``) that is not part of a
   name, quote, date, duration, ordinal, threshold or page counter is a metric;
2. its subject is the entity opening the nearest clause (back to the start of the
   sentence) — the last of a chain such as 某县某镇, not a member of an enumeration
   (甲、乙等3个村) nor an object (在某大学) — or the place a deictic such as 全县/我市/
   该镇 points to; a sentence naming none carries the subject of the sentence before
   it; failing all, the place heading the number's section of a showcase
   (``kg.relations.sections``), else the article's own place (``kg_scope``);
3. the indicator is the counted phrase around the number, the year one written in
   the clause or sentence (2020年底), the evidence the sentence.

Tables written as text (a header row, then a row per place) are read apart
(``kg.relations.tables``): each number is its row's entity's, the indicator its column's
name, the evidence its row.

All word lists live in ``data/rules/metrics.yaml`` (``MetricRules``).
"""
from __future__ import annotations

import logging
import math
import re
from bisect import bisect_right
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import text_of
from kg.nlp import extensions  # noqa: F401  (registers the Doc extensions this stage reads)
from kg.nlp.persons import AGE
from kg.nlp.sentences import ClauseCache, clauses_of, split_sentences
from kg.records import Entity, Evidence, Metric
from kg.relations.metric_rules import MetricRules, load_rules
from kg.relations.metric_subjects import SubjectResolver
from kg.relations.numbers import (Keep, NumberGrammar, Quantity, QuantitySpan, default_grammar,
                                  quantities_by_span)
from kg.relations.tables import find_table_figures
from kg.spans import Span, overlaps_any

log = logging.getLogger("kg")
CJK = re.compile(r"[\u3400-\u9fff]")
AGE_INDICATOR = "年龄"  # 52岁的村民某某 (annotation guide: a person's age is a figure about them)


QUOTED = re.compile(r"“[^“”，。！？,!?\n]{1,20}”|「[^「」，。！？,!?\n]{1,20}」|『[^『』，。！？,!?\n]{1,20}』|《[^《》\n]{1,80}》"
                    r"|\"[^\"，。！？\n]{1,20}\"")
YEAR = re.compile(r"((?:19|20)\d{2})年(?!\d{1,2}月|以来|至今|起)")


def find_quoted(text: str) -> list[Span]:
    """Spans of quoted names and titles (a number inside one is part of a name)."""
    return [m.span() for m in QUOTED.finditer(text)]


def year_near(text: str, clause: Span, sentence: Span, pos: int) -> int | None:
    """The year written in the clause of ``pos``, else before it in the sentence."""
    for lo, hi in (clause, (sentence[0], pos)):
        m = YEAR.search(text, lo, hi)
        if m:
            return int(m.group(1))
    return None


class MetricCandidate(NamedTuple):
    subject: str
    indicator: str
    quantity: QuantitySpan
    year: int | None
    sentence: Span
    rule: str

    def to_metric(self, evidence: Evidence) -> Metric:
        q = self.quantity.quantity  # in the order of Metric's fields (a third faster than by name: one per number)
        return Metric(self.subject, self.indicator, q.value, q.unit, q.qualifier, self.year, evidence, self.rule)


def may_count(rules: MetricRules, unit: str | None, chinese: bool, after_numeral: str) -> bool:
    """Whether a number read with ``unit`` can be a metric at all: the part of
    ``is_metric_quantity`` the phrase decides alone (``after_numeral``: the words after the
    numeral, where a scale 万/亿 stands when no measure word follows)."""
    if unit is None:
        return rules.scaled_without_unit and not chinese and ("万" in after_numeral or "亿" in after_numeral)
    return unit not in rules.non_metric_units and (not chinese or unit in rules.chinese_numeral_units)


def _phrase_may_count(rules: MetricRules) -> Keep:
    """``may_count`` as a test of a phrase ``quantities_by_span`` reads, so that numbers no
    metric can be made of (一些, 3年) are dropped before a span is made for them."""
    return lambda r, m: may_count(rules, r.quantity.unit, r.chinese, m["scale"] or "")


def is_metric_quantity(text: str, q: QuantitySpan, rules: MetricRules, blocked: list[Span],
                       longest_blocked: int = 64) -> bool:
    """Whether a quantity found in ``text`` reports a count or amount (not a name, date, rank …)."""
    return (may_count(rules, q.quantity.unit, q.chinese, text[q.num_end:q.end])
            and counts_here(text, q, rules, blocked, longest_blocked))


def counts_here(text: str, q: QuantitySpan, rules: MetricRules, blocked: list[Span], longest_blocked: int = 64) -> bool:
    """The part of ``is_metric_quantity`` the text around the number decides (``may_count``
    aside, which ``_phrase_may_count`` lets a scan apply before it makes the span)."""
    quantity = q.quantity
    if q.chinese and (text[q.num_start:q.num_end] == "一" or text.endswith(rules.vague_before, 0, q.num_start)):
        return False
    if blocked and overlaps_any(blocked, q.num_start, q.end, longest_blocked):
        return False
    before = text[max(0, q.start - 8):q.start].rstrip(" :：\u3000")
    if before.endswith(rules.not_counted_before) or rules.furniture_in.search(before[-6:]):
        return False
    if rules.per_mark_in_clause.search(text, max(0, q.start - rules.per_window), q.start):
        return False  # a rate or norm: 每月开展1次
    prev_char = text[q.num_start - 1] if q.num_start else ""
    next_char = text[q.end] if q.end < len(text) else ""
    if prev_char in rules.name_joiners or next_char in rules.name_joiners:
        return False
    after = text[q.end:q.end + 4]
    if after.startswith(rules.threshold_after):
        return False
    if quantity.unit == "%" and CJK.match(next_char or " ") and not after.startswith(rules.percent_followers):
        return False  # 100%交叉任职: an adverb
    return True


def find_metrics(text: str, sentences: list[Span], entities: list[Entity], scope: str | None,
                 rules: MetricRules, grammar: NumberGrammar, clauses: ClauseCache | None = None,
                 local: list[tuple[int, int, str]] = ()) -> list[MetricCandidate]:
    """Metric candidates of one document (pure; see the module docstring); ``sentences``
    sorted and not overlapping, ``clauses`` the text's clause cache if one is at hand,
    ``local`` the deictic mentions that point nearby (村里 → the village named before:
    start, end, entity id), which may open a clause as its subject."""
    resolver = SubjectResolver(text, sentences, entities, scope, rules, clauses, local)
    quoted = find_quoted(text)  # in order, and apart: a regex's matches
    longest = max((e - s for s, e in quoted), default=0)
    mentions = resolver.index
    tables, in_table = find_table_figures(text, mentions.top, rules, grammar)
    longest_table = max((e - s for s, e in in_table), default=0)
    out: list[MetricCandidate] = [MetricCandidate(f.subject, f.indicator, f.quantity, f.year, f.row, "metrics.table")
                                  for f in tables]
    found = quantities_by_span(text, sentences, grammar, _phrase_may_count(rules),
                               bare_chinese=False)  # 一 alone: no unit, never a metric
    for si, ((s, e), spans) in enumerate(zip(sentences, found)):
        if not spans:
            continue
        kept = [q for q in spans if not mentions.overlaps(q.num_start, q.end)  # part of a name
                and counts_here(text, q, rules, quoted, longest)  # the phrase test was the scan's
                and not (in_table and overlaps_any(in_table, q.start, q.end, longest_table))]
        clauses, sentence = (resolver.clauses(s, e) if kept else []), (s, e)
        for j, q in enumerate(kept):
            subject, how = resolver.subject_of(si, q.start)
            if subject is None:
                log.debug("metric %s at %d: no subject", q.quantity, q.start)
                continue
            clause = _clause_at(clauses, q.start, sentence)
            indicator = resolver.indicator(q, clause, kept[max(0, j - 1):j + 2])  # the numbers beside it bound it
            out.append(MetricCandidate(subject, indicator, q, year_near(text, clause, sentence, q.start), sentence,
                                       f"metrics.{how}"))
    ages = _ages(text, sentences, entities)
    out = _without_restated_title(text, out)
    return sorted(out + ages, key=lambda m: m.quantity.start) if ages or tables else out


def _without_restated_title(text: str, found: list[MetricCandidate]) -> list[MetricCandidate]:
    """Without the figures of the title line that the body reports again about the same
    subject (标题：某县下达资金3.18亿元 … 正文：某县…下达…资金3.18亿元): one fact, once."""
    line_end = text.find("\n")
    titled = [m for m in found if m.quantity.end <= line_end] if line_end > 0 else []
    if not titled:
        return found
    body = {_fact_of(m) for m in found if m.quantity.start > line_end}
    return [m for m in found if m.quantity.end > line_end or _fact_of(m) not in body]


def _fact_of(m: MetricCandidate) -> tuple:
    return m.subject, m.quantity.quantity.value, m.quantity.quantity.unit


def _ages(text: str, sentences: list[Span], entities: list[Entity], reach: int = 12) -> list[MetricCandidate]:
    """52岁的村民某某: the age of the person named right after it, within ``reach``
    characters of one word run (the person's, not a place's: ages are no counts)."""
    starts = {m.start: e.id for e in entities if e.type == "PERSON" for m in e.mentions}
    out = []
    for m in AGE.finditer(text) if starts else ():
        pos = m.end()
        while pos < min(len(text), m.end() + reach) and pos not in starts and CJK.match(text[pos]):
            pos += 1
        if pos in starts:
            i = bisect_right(sentences, (m.start(), math.inf)) - 1
            q = QuantitySpan(m.start(), m.end() - 1, m.start(), m.end() - 2, Quantity(int(m.group()[:-2]), "岁"))
            out.append(MetricCandidate(starts[pos], AGE_INDICATOR, q, None, sentences[max(i, 0)], "metrics.age"))
    return out


def _clause_at(clauses: list[Span], pos: int, default: Span) -> Span:
    """The clause holding ``pos`` (clauses are sorted and disjoint), else ``default``."""
    i = bisect_right(clauses, (pos, math.inf)) - 1  # the last clause starting at pos or before
    return clauses[i] if i >= 0 and pos < clauses[i][1] else default


class MetricStage:
    """``kg_metrics``: ``match`` finds the candidates, ``set_annotations`` stores ``Metric`` records."""

    def __init__(self, nlp: Language, name: str = "kg_metrics", rules_path: str = "rules/metrics.yaml",
                 units_path: str = "lexicons/units.txt"):
        from kg.nlp.lexicons import load_list

        self.name = name
        self.rules = load_rules(rules_path)
        self.grammar = (default_grammar() if units_path == "lexicons/units.txt"
                        else NumberGrammar.from_units(load_list(*units_path.split("/"))))

    def match(self, doc: Doc) -> list[MetricCandidate]:
        sentences = doc._.kg_sentences or split_sentences(text_of(doc))
        local = [(d.start, d.end, eid) for d, eid in doc._.kg_deictic or () if not d.scoping]
        return find_metrics(text_of(doc), list(sentences), list(doc._.kg_entities or []), doc._.kg_scope,
                            self.rules, self.grammar, clauses_of(doc), local)

    def set_annotations(self, doc: Doc, matches: list[MetricCandidate]) -> None:
        text, evidence = text_of(doc), {}  # one record per sentence, shared by its numbers (records are frozen)
        for s, e in {m.sentence for m in matches}:
            evidence[s, e] = Evidence(s, e, text[s:e])
        doc._.kg_metrics = [m.to_metric(evidence[m.sentence]) for m in matches]

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


@Language.factory("kg_metrics", assigns=["doc._.kg_metrics"], requires=["doc._.kg_entities"],
                  default_config={"rules_path": "rules/metrics.yaml", "units_path": "lexicons/units.txt"})
def make_metric_stage(nlp: Language, name: str, rules_path: str, units_path: str) -> MetricStage:
    return MetricStage(nlp, name, rules_path, units_path)
