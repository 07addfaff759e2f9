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
   it; failing all, the article's own place (``kg_scope``);
3. the indicator is the counted phrase around the number, the year one written in
   the clause or sentence (2020年底), the evidence the sentence.

All word lists live in ``data/rules/metrics.yaml`` (``MetricRules``).
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import dataclass, fields
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import text_of
from kg.nlp import extensions  # noqa: F401  (registers the Doc extensions this stage reads)
from kg.nlp.lexicons import reject_unknown_keys
from kg.nlp.sentences import split_clauses, split_sentences
from kg.records import Entity, Evidence, Metric
from kg.relations.numbers import NumberGrammar, QuantitySpan, default_grammar, find_quantities

log = logging.getLogger("kg")
CJK = re.compile(r"[\u3400-\u9fff]")
INDICATOR_STOPS = set("、，,；;：:。！？!?")
Span = tuple[int, int]


@dataclass(frozen=True)
class Anchor:
    """One mention of an entity in the text."""

    start: int
    end: int
    entity: Entity


class MentionIndex:
    """The entity mentions of a document, with the outermost ones (某县委组织部, not the 某县 inside it) apart.

    Lookups bisect on start offsets (mentions are short), so a long article costs
    O(n log n), not O(n²)."""

    WINDOW = 64  # no mention is longer than this

    def __init__(self, entities: list[Entity]):
        self.mentions = sorted({(m.start, m.end, e.id): Anchor(m.start, m.end, e)
                                for e in entities for m in e.mentions}.values(), key=lambda a: (a.start, -a.end))
        self.top = []
        max_end, first_start = -1, -1
        for a in self.mentions:  # sorted by (start, -end): a container comes before what it contains
            inside_longer = max_end > a.end or (max_end == a.end and first_start < a.start)
            if not inside_longer:
                self.top.append(a)
            if a.end > max_end:
                max_end, first_start = a.end, a.start
        self._starts = [a.start for a in self.mentions]
        self._top_starts = [a.start for a in self.top]

    def _near(self, lo: int, hi: int) -> list[Anchor]:
        """Mentions starting in [lo, hi)."""
        return self.mentions[bisect_left(self._starts, lo):bisect_left(self._starts, hi)]

    def starting_at(self, pos: int, types: tuple[str, ...]) -> Anchor | None:
        i = bisect_left(self._top_starts, pos)
        while i < len(self.top) and self.top[i].start == pos:
            if self.top[i].entity.type in types:
                return self.top[i]
            i += 1
        return None

    def ending_at(self, pos: int, types: tuple[str, ...]) -> Anchor | None:
        return next((a for a in self._near(pos - self.WINDOW, pos) if a.end == pos and a.entity.type in types), None)

    def between(self, lo: int, hi: int, types: tuple[str, ...]) -> list[Anchor]:
        return [a for a in self._near(lo, hi) if a.end <= hi and a.entity.type in types]

    def inside(self, pos: int) -> bool:
        return any(a.start <= pos < a.end for a in self._near(pos - self.WINDOW, pos + 1))

    def chain(self, first: Anchor, types: tuple[str, ...]) -> Anchor:
        """The last of adjacent mentions from ``first`` on: 某市某县某镇 → 某镇."""
        cur = first
        while (nxt := self.starting_at(cur.end, types)) is not None and nxt.entity.type in ("PLACE", "ORG"):
            cur = nxt
        return cur


def clause_lead_positions(text: str, start: int, lead_in: tuple[re.Pattern[str], ...]) -> list[int]:
    """Where a clause's subject may start: its first character and after each lead-in."""
    while start < len(text) and text[start].isspace():
        start += 1
    positions = [start]
    moved = True
    while moved:
        moved = False
        for pattern in lead_in:
            m = pattern.match(text, positions[-1])
            if m and m.end() > positions[-1]:
                positions.append(m.end())
                moved = True
                break
    return positions


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


@dataclass(frozen=True)
class MetricRules:
    """The settings of ``data/rules/metrics.yaml``; word lists are kept longest first."""

    subject_types: tuple[str, ...] = ("PLACE", "ORG", "PROGRAM", "MECHANISM")
    initiative_types: tuple[str, ...] = ("PROGRAM", "MECHANISM")
    place_bodies: tuple[str, ...] = ()
    non_metric_units: frozenset[str] = frozenset()
    chinese_numeral_units: frozenset[str] = frozenset()
    ordinal_before: tuple[str, ...] = ()
    vague_before: tuple[str, ...] = ()
    scaled_without_unit: bool = False
    furniture_before: tuple[str, ...] = ()
    threshold_before: tuple[str, ...] = ()
    threshold_after: tuple[str, ...] = ()
    per_marks: tuple[str, ...] = ()
    per_window: int = 6
    name_joiners: frozenset[str] = frozenset()
    percent_followers: tuple[str, ...] = ()
    deictic_prefixes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # prefix → search steps
    deictic_heads: tuple[tuple[str, str], ...] = ()  # head → level of place
    lead_in: tuple[re.Pattern[str], ...] = ()
    not_subject_after: tuple[str, ...] = ()
    inherit_sentences: int = 1
    deictic_window: int = 3
    indicator_max: int = 24

    @classmethod
    def from_dict(cls, d: dict[str, Any], source: str = "metrics rules") -> "MetricRules":
        reject_unknown_keys(cls, d, source)
        known = {f.name: f.default for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in d.items():
            default = known[key]
            if isinstance(default, bool):
                kwargs[key] = bool(value)
            elif isinstance(default, int):
                kwargs[key] = int(value)
            elif key in ("deictic_heads", "deictic_prefixes"):
                pairs = [(str(k), v if isinstance(v, str) else tuple(map(str, v))) for k, v in dict(value).items()]
                kwargs[key] = tuple(sorted(pairs, key=lambda kv: -len(kv[0])))
            elif not isinstance(value, (list, tuple)):
                raise ValueError(f"{source}: {key!r} must be a list, not {type(value).__name__}")
            elif key == "lead_in":
                kwargs[key] = tuple(re.compile(str(p)) for p in value)
            else:
                items = sorted(map(str, value), key=len, reverse=True)
                kwargs[key] = frozenset(items) if isinstance(default, frozenset) else tuple(items)
        return cls(**kwargs)

    @property
    def deictic_pattern(self) -> re.Pattern[str]:
        prefixes = "|".join(re.escape(p) for p, _ in self.deictic_prefixes)
        heads = "|".join(re.escape(h) for h, _ in self.deictic_heads)
        return re.compile(f"(?P<prefix>{prefixes})(?P<head>{heads})")

    def level_of_head(self, head: str) -> str | None:
        return dict(self.deictic_heads).get(head)

    def level_of_place(self, entity: Entity) -> str | None:
        if entity.attrs.get("level"):
            return str(entity.attrs["level"])
        for head, level in self.deictic_heads:
            if entity.name.endswith(head):
                return level
        return None


def load_rules(path: str = "rules/metrics.yaml") -> MetricRules:
    from kg.nlp.lexicons import load_yaml

    return MetricRules.from_dict(load_yaml(*path.split("/")), source=f"data/{path}")


@dataclass(frozen=True)
class MetricCandidate:
    subject: str
    indicator: str
    quantity: QuantitySpan
    year: int | None
    sentence: Span
    rule: str

    def to_metric(self, text: str) -> Metric:
        q = self.quantity.quantity
        s, e = self.sentence
        return Metric(subject=self.subject, indicator=self.indicator, value=q.value, unit=q.unit,
                      qualifier=q.qualifier, year=self.year, evidence=Evidence(s, e, text[s:e]), rule=self.rule)


def _overlaps_any(spans: list[Span], start: int, end: int, window: int = 64) -> bool:
    """Whether any of ``spans`` (sorted by start, each shorter than ``window``) overlaps [start, end)."""
    i = bisect_left(spans, (start - window, -1))
    while i < len(spans) and spans[i][0] < end:
        if start < spans[i][1]:
            return True
        i += 1
    return False


def is_metric_quantity(text: str, q: QuantitySpan, rules: MetricRules, blocked: list[Span],
                       longest_blocked: int = 64) -> bool:
    """Whether a quantity found in ``text`` reports a count or amount (not a name, date, rank …)."""
    quantity, numeral = q.quantity, text[q.num_start:q.num_end]
    scaled = rules.scaled_without_unit and not q.chinese and any(c in "万亿" for c in text[q.num_end:q.end])
    if (quantity.unit is None and not scaled) or quantity.unit in rules.non_metric_units:
        return False
    if q.chinese and (quantity.unit not in rules.chinese_numeral_units or numeral == "一"
                      or text.endswith(rules.vague_before, 0, q.num_start)):
        return False
    if _overlaps_any(blocked, q.num_start, q.end, longest_blocked):
        return False
    before = text[max(0, q.start - 8):q.start].rstrip(" :：\u3000")
    if before.endswith(rules.ordinal_before + rules.threshold_before) or any(
            w in before[-6:] for w in rules.furniture_before):
        return False
    near = re.split(r"[，,；;：:。！？!?、]", text[max(0, q.start - rules.per_window):q.start])[-1]
    if any(mark in near for mark in rules.per_marks):
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


class _Resolver:
    """Subject finding over one document's sentences, clauses and mentions."""

    def __init__(self, text: str, sentences: list[Span], entities: list[Entity], scope: str | None,
                 rules: MetricRules):
        self.text, self.sentences, self.rules = text, sentences, rules
        self.index = MentionIndex(entities)
        self.by_id = {e.id: e for e in entities}
        self.scope = scope if scope in self.by_id else None
        self.deictic = rules.deictic_pattern
        self.body_of = _place_bodies(entities, rules.place_bodies)

    def clause_subject(self, clause: Span, limit: int, types: tuple[str, ...]) -> str | None:
        """The entity opening ``clause`` (after any lead-in), if it stands before ``limit``."""
        for pos in clause_lead_positions(self.text, clause[0], self.rules.lead_in):
            m = self.index.starting_at(pos, self.rules.subject_types)
            if m is None:
                continue
            chain = self.index.chain(m, self.rules.subject_types)
            if (chain.end > limit or chain.entity.type not in types
                    or self.text.startswith(self.rules.not_subject_after, chain.end)):
                return None
            return self.body_of.get(chain.entity.id, chain.entity.id)
        return None

    def deictic_subject(self, start: int, limit: int, si: int) -> str | None:
        """The place a deictic (我市, 全县, 该镇) before ``limit`` points to, looked for in the
        order its prefix gives (``deictic_prefixes``); the article's place at the end."""
        hits = [m for m in self.deictic.finditer(self.text, start, limit) if not self.index.inside(m.start())]
        if not hits:
            return None
        hit = hits[-1]
        before = self.index.ending_at(hit.start(), ("PLACE",))
        if before is not None:
            return before.entity.id  # 某县全县
        level = self.rules.level_of_head(hit["head"])
        for step in dict(self.rules.deictic_prefixes).get(hit["prefix"], ()):
            if step == "scope":
                if self.scope and self.rules.level_of_place(self.by_id[self.scope]) in (level, None):
                    return self.scope
                continue
            back = 0 if step == "sentence" else self.rules.deictic_window
            lo = self.sentences[max(0, si - back)][0]
            for m in reversed(self.index.between(lo, hit.start(), ("PLACE",))):
                if self.rules.level_of_place(m.entity) == level:
                    return m.entity.id
        return self.scope

    def sentence_subject(self, si: int, limit: int) -> tuple[str | None, str]:
        """The subject in force at ``limit`` inside sentence ``si`` and how it was found.

        Clauses are searched backwards, first for a place, organization or deictic, then
        for an initiative."""
        s, e = self.sentences[si]
        clauses = [c for c in split_clauses(self.text, s, e) if c[0] < limit][::-1]
        actors = tuple(t for t in self.rules.subject_types if t not in self.rules.initiative_types)
        for clause in clauses:
            lim = min(limit, clause[1])
            subject = self.clause_subject(clause, lim, actors)
            if subject:
                return subject, "clause_subject"
            subject = self.deictic_subject(clause[0], lim, si)
            if subject:
                return subject, "deictic"
        for clause in clauses:
            subject = self.clause_subject(clause, min(limit, clause[1]), self.rules.initiative_types)
            if subject:
                return subject, "initiative"
        return None, ""

    def subject_of(self, si: int, pos: int) -> tuple[str | None, str]:
        subject, how = self.sentence_subject(si, pos)
        if subject:
            return subject, how
        for back in range(1, self.rules.inherit_sentences + 1):
            if si - back < 0 or "\n" in self.text[self.sentences[si - back][1]:self.sentences[si][0]]:
                break
            subject, _ = self.sentence_subject(si - back, self.sentences[si - back][1])
            if subject:
                return subject, "inherited"
        return (self.scope, "scope") if self.scope else (None, "")

    def indicator(self, q: QuantitySpan, clause: Span, others: list[QuantitySpan]) -> str:
        """The counted phrase: the words before the number (subject and lead-in dropped),
        with the noun after the measure word when one follows (设立875个党小组 → 设立党小组)."""
        text, half = self.text, self.rules.indicator_max // 2
        left_edge = max([clause[0]] + [o.end for o in others if o.end <= q.start]
                        + [i + 1 for i in range(clause[0], q.start) if text[i] in INDICATOR_STOPS])
        right_edge = min([clause[1]] + [o.start for o in others if o.start >= q.end]
                         + [i for i in range(q.end, clause[1]) if text[i] in INDICATOR_STOPS])
        pos = left_edge
        for _ in range(6):  # drop what opens the phrase: lead-in, subject, deictic, 的
            pos = clause_lead_positions(text, pos, self.rules.lead_in)[-1]
            m = self.index.starting_at(pos, self.rules.subject_types)
            d = self.deictic.match(text, pos)
            nxt = (self.index.chain(m, self.rules.subject_types).end if m else d.end() if d
                   else pos + 1 if text.startswith("的", pos) else pos)
            if nxt == pos or nxt > q.start:
                break
            pos = nxt
        left, right = text[pos:q.start].strip(), text[q.end:right_edge].strip()
        if right:
            phrase = left.rsplit("的", 1)[-1][-8:] + right[:half]
        else:
            phrase = left[-self.rules.indicator_max:].rstrip("的有了为达是共计")
        return phrase.strip(" “”\"'") or (q.quantity.unit or "")


def _place_bodies(entities: list[Entity], bodies: tuple[str, ...]) -> dict[str, str]:
    """ORG ids of leading bodies (某镇党委) → the id of their place, when it is an entity."""
    places = {form: e.id for e in entities if e.type == "PLACE" for form in (e.name, *e.aliases)}
    out = {}
    for e in entities:
        if e.type == "ORG":
            body = next((b for b in bodies if e.name.endswith(b) and len(e.name) > len(b)), None)
            if body and e.name[: -len(body)] in places:
                out[e.id] = places[e.name[: -len(body)]]
    return out


def find_metrics(text: str, sentences: list[Span], entities: list[Entity], scope: str | None,
                 rules: MetricRules, grammar: NumberGrammar) -> list[MetricCandidate]:
    """Metric candidates of one document (pure; see the module docstring)."""
    resolver = _Resolver(text, sentences, entities, scope, rules)
    blocked = sorted(find_quoted(text) + [(m.start, m.end) for m in resolver.index.mentions])
    longest = max((e - s for s, e in blocked), default=0)
    out: list[MetricCandidate] = []
    for si, (s, e) in enumerate(sentences):
        spans = [q.shifted(s) for q in find_quantities(text[s:e], grammar)]
        kept = [q for q in spans if is_metric_quantity(text, q, rules, blocked, longest)]
        for q in kept:
            subject, how = resolver.subject_of(si, q.start)
            if subject is None:
                log.debug("metric %s at %d: no subject", q.quantity, q.start)
                continue
            clause = next((c for c in split_clauses(text, s, e) if c[0] <= q.start < c[1]), (s, e))
            out.append(MetricCandidate(
                subject=subject,
                indicator=resolver.indicator(q, clause, [o for o in kept if o is not q]),
                quantity=q, year=year_near(text, clause, (s, e), q.start), sentence=(s, e),
                rule=f"metrics.{how}"))
    return out


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
        return find_metrics(text_of(doc), list(sentences), list(doc._.kg_entities or []), doc._.kg_scope,
                            self.rules, self.grammar)

    def set_annotations(self, doc: Doc, matches: list[MetricCandidate]) -> None:
        text = text_of(doc)
        doc._.kg_metrics = [m.to_metric(text) for m in matches]

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


@Language.factory("kg_metrics", assigns=["doc._.kg_metrics"], requires=["doc._.kg_entities"],
                  default_config={"rules_path": "rules/metrics.yaml", "units_path": "lexicons/units.txt"})
def make_metric_stage(nlp: Language, name: str, rules_path: str, units_path: str) -> MetricStage:
    return MetricStage(nlp, name, rules_path, units_path)
