"""Whom a metric is about: the entity opening the clause, a deictic's place, or the
article's place (step 2 of ``kg.relations.metrics``); and the counted phrase."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property
from itertools import islice
from typing import NamedTuple

from kg.nlp.sentences import ClauseCache
from kg.records import Entity
from kg.relations.metric_rules import MetricRules
from kg.relations.numbers import QuantitySpan
from kg.relations.sections import Sections
from kg.spans import Span

MODIFIER_MAX = 10  # 村党支部领办的|某合作社: how far into a clause a modifier's 的 may stand
# what a subject's modifier holds none of: numbers, breaks, and the marks of a main verb
# (成立了由县长任组长的某领导小组 is an object)
FRAME_END = ("，", ",", "：", ":")  # 在某镇， — a clause of its own
CLAUSE_STOP = re.compile(r"[\d０-９，,。；;：:、\s“”「」了由把将被对在]")
INDICATOR_STOPS = set("、，,；;：:。！？!?")
INDICATOR_STOP = re.compile("[%s]" % re.escape("".join(sorted(INDICATOR_STOPS))))
THROUGH_LAST_STOP = re.compile(r"[\s\S]*" + INDICATOR_STOP.pattern)  # up to the last stop, with it


COLLECTIVE_SPEECH = re.compile(r"我们|咱们|大家|我[市县区镇乡村社]|全[市县区镇乡村]")  # the speaker talks for a place
SPEAKER_LEAD = re.compile(r"[\d岁的\u4e00-\u9fff]*")  # 62岁的果农 between a quote and its speaker
# after a quote, a speaker who is named before it: …”她说, …”61岁的她笑着说, or no speaker at all
PRONOUN_SPEAKER = re.compile(r"(?:[\d岁的\u4e00-\u9fff]{0,6}?[他她](?:[\u4e00-\u9fff]{0,4}?说|[，,。]))|\s*(?:\n|$)")


class Anchor(NamedTuple):
    """One mention of an entity in the text."""

    start: int
    end: int
    entity: Entity


class MentionIndex:
    """The entity mentions of a document, with the outermost ones (某县委宣传部, not the 某县 inside it) apart.

    Lookups bisect on start offsets (mentions are short), so a long article costs
    O(n log n), not O(n²)."""

    WINDOW = 64  # no mention is longer than this

    def __init__(self, entities: list[Entity], local: list[tuple[int, int, str]] = ()):
        self.mentions = _sorted_anchors(entities, local)
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
        self._top_start_set = set(self._top_starts)  # most positions asked about open no mention
        self._top_ends = [a.end for a in self.top]  # never decreasing: one ending before an earlier one lies inside it

    def _near(self, lo: int, hi: int) -> list[Anchor]:
        """Mentions starting in [lo, hi)."""
        return self.mentions[bisect_left(self._starts, lo):bisect_left(self._starts, hi)]

    def starting_at(self, pos: int, types: tuple[str, ...]) -> Anchor | None:
        if pos not in self._top_start_set:
            return None
        i = bisect_left(self._top_starts, pos)
        while i < len(self.top) and self.top[i].start == pos:
            if self.top[i].entity.type in types:
                return self.top[i]
            i += 1
        return None

    def any_starting_at(self, pos: int, types: tuple[str, ...]) -> bool:
        """Whether a mention of ``types`` starts at ``pos``, outermost or not (某村 of 某村某合作社)."""
        return any(a.entity.type in types for a in self._near(pos, pos + 1))

    def ending_at(self, pos: int, types: tuple[str, ...]) -> Anchor | None:
        return next((a for a in self._near(pos - self.WINDOW, pos) if a.end == pos and a.entity.type in types), None)

    def between(self, lo: int, hi: int, types: tuple[str, ...]) -> list[Anchor]:
        """Mentions inside [lo, hi) of ``types``, in order (a span an entity lists twice, twice)."""
        return [a for a in self._near(lo, hi) if a.end <= hi and a.entity.type in types]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a mention overlaps [start, end): then the outermost one holding it does,
        and the first outermost one ending after ``start`` is the one starting soonest."""
        i = bisect_right(self._top_ends, start)
        return i < len(self.top) and self.top[i].start < end

    def inside(self, pos: int) -> bool:
        return any(a.start <= pos < a.end for a in self._near(pos - self.WINDOW, pos + 1))

    def chain(self, first: Anchor, types: tuple[str, ...]) -> Anchor:
        """The last of adjacent mentions from ``first`` on: 某市某县某镇 → 某镇."""
        cur = first
        while (nxt := self.starting_at(cur.end, types)) is not None and nxt.entity.type in ("PLACE", "ORG"):
            cur = nxt
        return cur


def _sorted_anchors(entities: list[Entity], local: list[tuple[int, int, str]] = ()) -> list[Anchor]:
    """The mentions sorted by (start, -end), one per span and entity id (the last entity's),
    with ``local`` deictic mentions (村里 → the village: start, end, entity id) among them.

    With every id once, repeats can only be one entity's span listed twice: equal anchors
    side by side, which no look-up tells from one, so the dict that drops them is skipped."""
    anchors = [Anchor(m.start, m.end, e) for e in entities for m in e.mentions]
    if local:
        by_id = {e.id: e for e in entities}
        anchors += [Anchor(s, e, by_id[i]) for s, e, i in local if i in by_id]
    if len({e.id for e in entities}) < len(entities):
        anchors = list({(a.start, a.end, a.entity.id): a for a in anchors}.values())
    anchors.sort(key=lambda a: (a.start, -a.end))  # stable: equal spans in the order of the entities
    return anchors


def skip_space(text: str, start: int) -> int:
    """``start`` moved past white space: where a clause's first character is."""
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def clause_lead_positions(text: str, start: int, lead_in: tuple[re.Pattern[str], ...]) -> list[int]:
    """Where a clause's subject may start: its first character and after each lead-in."""
    positions = [skip_space(text, start)]
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


class SubjectResolver:
    """Subject finding over one document's sentences, clauses and mentions."""

    def __init__(self, text: str, sentences: list[Span], entities: list[Entity], scope: str | None,
                 rules: MetricRules, clauses: ClauseCache | None = None, local: list[tuple[int, int, str]] = ()):
        self.text, self.sentences, self.rules = text, sentences, rules
        self.has_quotes = "“" in text  # asked for every number: scanned once
        self.clauses = clauses or ClauseCache(text)
        self.index = MentionIndex(entities, local)
        self.sections = Sections(text, self.index.mentions)
        self.by_id = {e.id: e for e in entities}
        self.scope = scope if scope in self.by_id else None
        self.deictic = rules.deictic_pattern
        self.body_of = _place_bodies(entities, rules.place_bodies)
        self.actors = tuple(t for t in rules.subject_types if t not in rules.initiative_types)
        self._leads: dict[int, list[int]] = {}
        self._openings: dict[int, Anchor | None] = {}  # clause start -> the chain opening it
        self._earlier_found: dict[tuple[int, int, bool], tuple[str | None, str]] = {}  # see _earlier

    def lead_positions(self, start: int) -> list[int]:
        """``clause_lead_positions`` from ``start``, remembered (clauses are asked again and again)."""
        found = self._leads.get(start)
        if found is None:
            found = self._leads[start] = clause_lead_positions(self.text, start, self.rules.lead_in)
        return found

    def clause_subject(self, clause: Span, limit: int, types: tuple[str, ...]) -> str | None:
        """The entity opening ``clause`` (after any lead-in), if it stands before ``limit``."""
        chain = self._opening(clause[0])
        if chain is None or (chain.end > limit or chain.entity.type not in types
                             or self.text.startswith(self.rules.not_subject_after, chain.end)):
            return None
        return self.body_of.get(chain.entity.id, chain.entity.id)

    def _opening(self, start: int) -> Anchor | None:
        """The chain of mentions at the first lead position of the clause starting at
        ``start`` where one starts; remembered, as every number of a sentence asks again."""
        if start not in self._openings:
            types = self.rules.subject_types
            m = self.index.starting_at(skip_space(self.text, start), types)  # the first lead position:
            if m is None:  # asked before the lead-ins are read, as most clauses open with a mention or none
                for pos in self.lead_positions(start)[1:]:
                    m = self.index.starting_at(pos, types)
                    if m is not None:
                        break
            if m is None:
                m = self._framing_place(start, types)  # 在某镇，…
            if m is None:  # 村党支部领办的某合作社: a short modifier ending in 的 before the subject
                m = self._head_after_modifier(start, types)
                opening = None if m is None else self.index.chain(m, types)
            else:
                opening = self.index.chain(m, types)
                if (head := self._head_after_modifier(opening.end, types)) is not None:
                    opening = self.index.chain(head, types)  # 某村党总支领办的某合作社: the opening mention is the modifier's
            self._openings[start] = opening
        return self._openings[start]

    def _framing_place(self, start: int, types: tuple[str, ...]) -> Anchor | None:
        """在某镇， as a whole clause: the place the clauses after it are about (在某镇，当地
        依托…，串联起8个村)."""
        pos = skip_space(self.text, start)
        if not self.text.startswith("在", pos):
            return None
        m = self.index.starting_at(pos + 1, types)
        if m is None or m.entity.type != "PLACE":
            return None
        chain = self.index.chain(m, types)
        return m if self.text.startswith(FRAME_END, chain.end) else None

    def _opens_with_object(self, start: int) -> bool:
        """Whether the clause from ``start`` opens (after any lead-in) with a preposition of
        its object (对全县…, 向各村…)."""
        return any(self.text.startswith(self.rules.object_openers, pos) for pos in self.lead_positions(start))

    def _head_after_modifier(self, start: int, types: tuple[str, ...]) -> Anchor | None:
        """The mention right after a short modifier ending in 的 from ``start``, if any."""
        de = self.text.find("的", start, start + MODIFIER_MAX)
        lo = start + 1 if self.text.startswith("在", start) else start  # 在园区内的某公司，
        if de >= start and not CLAUSE_STOP.search(self.text, lo, de):
            return self.index.starting_at(de + 1, types)
        return None

    def _fits(self, level: str | None, place: Entity, *unknown: str | None) -> bool:
        """Whether a deictic of ``level`` can mean ``place``: the same level, or 全市/我市 for a
        county-level city (某某市 of level county); ``unknown`` levels fit too."""
        own = self.rules.level_of_place(place)
        return own == level or own in unknown or (level == "city" and own == "county" and place.name.endswith("市"))

    def deictic_subject(self, clause: Span, limit: int, si: int, bare: bool = True) -> str | None:
        """The place a deictic (我市, 全县, 该镇) in ``clause`` before ``limit`` points to, looked
        for in the order its prefix gives (``deictic_prefixes``); the article's place at the end.
        A bare deictic (村集体经济) counts only with ``bare``, opening the clause of the number, and
        only for a village it finds. An anaphor (该公司) in the clause comes first."""
        if self._text_anaphors[0] and (meant := self._anaphor_subject(clause, limit, si)) is not None:
            return meant
        hits = [m for m in self._deictics(clause, limit) if not self.index.inside(m.start())
                and (m["prefix"] or bare and m.start() in self.lead_positions(clause[0]))]  # 落实村集体经济…资金: no subject
        if not hits:
            return None
        hit = next((m for m in reversed(hits) if m["prefix"]), hits[-1])  # 全镇村集体经济: 全镇
        before = self.index.ending_at(hit.start(), ("PLACE",))
        if before is not None:
            return before.entity.id  # 某县全县
        level = self.rules.level_of_head(hit["head"])
        section = self.sections.at(hit.start())
        for step in self.rules.steps_of_prefix(hit["prefix"]):
            if step != "sentence" and section is not None and self._fits(level, section):
                return section.id  # 全村 in a section headed by a village: that village
            if step == "scope":
                if self.scope and self._fits(level, self.by_id[self.scope], None):
                    return self.scope
                continue
            back = 0 if step == "sentence" else self.rules.deictic_window
            lo = self.sentences[max(0, si - back)][0]
            for m in reversed(self.index.between(lo, hit.start(), ("PLACE",))):
                if self._fits(level, m.entity):
                    return m.entity.id
        return self.scope if hit["prefix"] else None  # a bare 村集体经济 with no village: no county's

    def _anaphor_subject(self, clause: Span, limit: int, si: int) -> str | None:
        """The organization or initiative an anaphor in ``clause`` before ``limit`` points to
        (该公司 → the last 某某有限公司 named in the ``deictic_window`` sentences before)."""
        lo = self.sentences[max(0, si - self.rules.deictic_window)][0]
        found, starts = self._text_anaphors
        for m in islice(found, bisect_left(starts, clause[0]), bisect_left(starts, limit)):
            if self.index.inside(m.start()) or not m["prefix"] and m.start() not in self.lead_positions(clause[0]):
                continue  # inside a name; a bare head not opening the clause (在公司务工)
            head, kind = m["head"], self.rules.type_of_anaphor(m["head"])
            for a in reversed(self.index.between(lo, m.start(), (kind,))):
                if a.entity.name.endswith(head) and len(a.entity.name) > len(head) and (
                        m["prefix"] or kind != "ORG" or self.index.any_starting_at(a.start, ("PLACE",))):
                    return a.entity.id  # a bare head: an organization named from its place on (某村某某合作社)
        return None

    @cached_property
    def _text_anaphors(self) -> tuple[list[re.Match[str]], list[int]]:
        found = list(self.rules.anaphor_pattern.finditer(self.text))
        return found, [m.start() for m in found]

    def _deictics(self, clause: Span, limit: int) -> list[re.Match[str]]:
        """``deictic.finditer(text, clause[0], limit)``, from one scan of the whole text: the
        matches from the clause's start that end by ``limit``. The pattern looks neither
        behind nor ahead, so a scan that starts or stops elsewhere decides alike, unless a
        match runs across the clause's start or ``limit``: then the part is scanned again."""
        found, starts = self._text_deictics
        i = bisect_left(starts, clause[0])
        if i and found[i - 1].end() > clause[0]:
            return list(self.deictic.finditer(self.text, clause[0], limit))
        if i == len(starts) or starts[i] >= limit:
            return []  # none in the part: most clauses
        out = []
        for m in islice(found, i, None):  # not found[i:], a copy of the rest of the text's
            if m.end() <= limit:
                out.append(m)
            elif m.start() < limit:
                return list(self.deictic.finditer(self.text, clause[0], limit))
            else:
                break
        return out

    @cached_property
    def _text_deictics(self) -> tuple[list[re.Match[str]], list[int]]:
        found = list(self.deictic.finditer(self.text))
        return found, [m.start() for m in found]

    def sentence_subject(self, si: int, limit: int, bare: bool = True) -> tuple[str | None, str]:
        """The subject in force at ``limit`` inside sentence ``si`` and how it was found.

        Clauses are searched backwards, first for a place, organization or deictic, then
        for an initiative. What the clauses before the one of ``limit`` give is the same
        for every number of the sentence, so it is remembered per clause (``_earlier``)."""
        s, e = self.sentences[si]
        clauses = self.clauses(s, e)
        k = bisect_left(clauses, (limit,)) - 1  # the last clause starting before limit
        if k < 0:
            return None, ""
        clause = clauses[k]
        lim = min(limit, clause[1])
        subject = self.clause_subject(clause, lim, self.actors)
        if subject:
            return subject, "clause_subject"
        subject = self.deictic_subject(clause, lim, si, bare)
        if subject:
            return subject, "deictic"
        found = self._earlier(si, clauses, k - 1, True)
        if found[0]:
            return found
        subject = self.clause_subject(clause, lim, self.rules.initiative_types)
        if subject:
            return subject, "initiative"
        found = self._earlier(si, clauses, k - 1, False)
        return found if found[0] else (None, "")

    def _earlier(self, si: int, clauses: list[Span], k: int, actors: bool) -> tuple[str | None, str]:
        """The subject clauses ``k`` … 0 of sentence ``si`` give, each read whole, last
        first: with ``actors``, a place, organization or deictic; else an initiative."""
        if k < 0:
            return None, ""
        key = (si, k, actors)
        found = self._earlier_found.get(key)
        if found is None:
            clause = clauses[k]
            if actors:
                subject = self.clause_subject(clause, clause[1], self.actors)
                how = "clause_subject"
                if not subject:
                    subject, how = self.deictic_subject(clause, clause[1], si, bare=False), "deictic"
                    if subject and self._opens_with_object(clause[0]):
                        found = self._earlier(si, clauses, k - 1, actors)
                        subject, how = found if found[0] else (subject, how)
            else:
                subject, how = self.clause_subject(clause, clause[1], self.rules.initiative_types), "initiative"
            found = (subject, how) if subject else self._earlier(si, clauses, k - 1, actors)
            self._earlier_found[key] = found
        return found

    def speaker_of(self, pos: int, reach: int = 120, lead: int = 12, back: int = 80) -> str | None:
        """The resident whose words hold ``pos``: a quote (“…一个月能挣4000多元。”) naming no
        place or organization and no 我们/我村, its speaker named right after it, a few words
        for who they are (62岁的果农) between; or, when no name follows (“…”她说, or nothing),
        the person named last within ``back`` characters before it, in the same paragraph
        (村民某某正在打扫庭院，“…”). An official's quoted figures stay the place's."""
        text = self.text
        opened = text.rfind("“", max(0, pos - reach), pos)
        if opened < 0 or text.find("”", opened, pos) >= 0:
            return None
        closed = text.find("”", pos, pos + reach)
        if closed < 0 or COLLECTIVE_SPEECH.search(text, opened, closed) or \
                self.index.between(opened, closed, ("PLACE", "ORG")):
            return None
        who = self.index.between(closed + 1, closed + 1 + lead, ("PERSON",))
        if who and SPEAKER_LEAD.fullmatch(text, closed + 1, who[0].start):
            person = who[0].entity
        elif not who and PRONOUN_SPEAKER.match(text, closed + 1):
            lo = max(0, opened - back, text.rfind("\n", 0, opened) + 1)
            before = self.index.between(lo, opened, ("PERSON",))
            if not before:
                return None
            person = before[-1].entity
        else:
            return None
        return person.id if person.attrs.get("role") == "resident" else None

    def subject_of(self, si: int, pos: int) -> tuple[str | None, str]:
        speaker = self.speaker_of(pos) if self.has_quotes else None
        if speaker is not None:
            return speaker, "speaker"
        subject, how = self.sentence_subject(si, pos)
        if subject:
            return subject, how
        for back in range(1, self.rules.inherit_sentences + 1):
            if si - back < 0 or "\n" in self.text[self.sentences[si - back][1]:self.sentences[si][0]]:
                break
            subject, _ = self.sentence_subject(si - back, self.sentences[si - back][1], bare=False)
            if subject:
                return subject, "inherited"
        section = self.sections.at(pos)
        if section is not None:
            return section.id, "section"
        return (self.scope, "scope") if self.scope else (None, "")

    def indicator(self, q: QuantitySpan, clause: Span, others: list[QuantitySpan]) -> str:
        """The counted phrase: the words before the number (subject and lead-in dropped),
        with the noun after the measure word when one follows (设立875个党小组 → 设立党小组).
        ``others``: numbers of the clause that bound the phrase (``q`` may be among them)."""
        text, half = self.text, self.rules.indicator_max // 2
        left_edge, right_edge = self._phrase_bounds(q, clause, others)
        pos = self._phrase_start(left_edge, q.start)
        left, right = text[pos:q.start].strip(), text[q.end:right_edge].strip()
        if right:
            phrase = left.rsplit("的", 1)[-1][-8:] + right[:half]
        else:
            phrase = left[-self.rules.indicator_max:].rstrip("的有了为达是共计")
        return phrase.strip(" “”\"'") or (q.quantity.unit or "")

    def _phrase_bounds(self, q: QuantitySpan, clause: Span, others: list[QuantitySpan]) -> Span:
        """Where the phrase of ``q`` may reach: its clause, cut at the numbers beside it
        and at the nearest stops (``INDICATOR_STOPS``) on either side."""
        left, right = clause
        for o in others:
            if o.end <= q.start:
                left = max(left, o.end)
            elif o.start >= q.end:
                right = min(right, o.start)
        last_stop = THROUGH_LAST_STOP.match(self.text, left, q.start)  # a stop before ``left`` would not cut
        first_stop = INDICATOR_STOP.search(self.text, q.end, right)
        return (last_stop.end() if last_stop else left), (first_stop.start() if first_stop else right)

    def _phrase_start(self, pos: int, limit: int) -> int:
        """``pos`` moved past what opens the phrase (lead-in, subject, deictic, 的), not beyond ``limit``."""
        types = self.rules.subject_types
        for _ in range(6):
            pos = self.lead_positions(pos)[-1]
            m = self.index.starting_at(pos, types) or self._head_after_modifier(pos, types)  # 领办的某合作社
            if m is not None:
                nxt = self.index.chain(m, types).end
            else:
                d = self.deictic.match(self.text, pos)
                a = self.rules.anaphor_pattern.match(self.text, pos) if self._text_anaphors[0] else None  # 该公司
                nxt = d.end() if d and d["prefix"] else a.end() if a and a["prefix"] else \
                    pos + 1 if self.text.startswith("的", pos) else pos
            if nxt == pos or nxt > limit:
                break
            pos = nxt
        return pos


def _place_bodies(entities: list[Entity], bodies: tuple[str, ...]) -> dict[str, str]:
    """ORG ids of leading bodies (某乡党委) → the id of their place, when it is an entity."""
    places = {form: e.id for e in entities if e.type == "PLACE" for form in (e.name, *e.aliases)}
    out = {}
    for e in entities:
        if e.type == "ORG" and e.name.endswith(bodies):
            body = next((b for b in bodies if e.name.endswith(b) and len(e.name) > len(b)), None)
            if body and e.name[: -len(body)] in places:
                out[e.id] = places[e.name[: -len(body)]]
    return out
