"""IMPLEMENTS: who carries out each named initiative.

For every mention of a PROGRAM or MECHANISM the actor is looked for in subject
position: a place or organization (or 我市/全县, resolved to its place) near the
start of the mention's clause, else of an earlier clause of the same sentence. An
official there (村党支部书记某某带领…, or 他/她 after one) stands for the place or
organization of their post; the object of a verb (组建某合作社) is no subject.
With none, the place heading the mention's section of a showcase (``sections``), else
the article's place is the actor (the annotation guide's reading of
county reports, where 我县 is the subject throughout). The rule id says which
case made the fact; a trigger verb in the clause is recorded as ``trigger``.
"""
from __future__ import annotations

from kg.nlp.sentences import LIST_JOIN
from kg.nlp.wordscan import by_identity, longest_word
from kg.records import Entity, Relation
from kg.relations.rules import RelationRule
from kg.relations.sections import Sections
from kg.relations.view import DocView, Spot

INITIATIVES = ("PROGRAM", "MECHANISM")
ACTORS = ("PLACE", "ORG")
MEDIA = ("日报", "晚报", "报社", "电视台", "融媒体中心", "新闻网", "传媒网", "新华社", "央视")
LEAD_IN = ("近年来", "目前", "同时", "此外", "另外", "今年以来", "去年以来", "为此", "对此", "其中", "首先", "其次",
           "最后", "据悉", "据了解", "一方面", "另一方面", "与此同时", "在此基础上")


PRONOUNS = ("他", "她")  # a clause opening with one: the official named last
PREPOSITIONS = ("在", "于", "到", "向", "对", "从", "为", "给", "与", "和", "同", "跟")


def _quoted_or_after_verb(text: str, clause_start: int, pos: int, triggers: tuple[str, ...]) -> bool:
    """A place inside a quoted name (“某村经验”), after the clause's verb, or after a
    preposition (在全县…推广, 与某镇…) is no subject."""
    prefix = text[clause_start:pos]
    return prefix.count("“") > prefix.count("”") or bool(_any_word(triggers).search(prefix)) or \
        prefix.endswith(PREPOSITIONS)


_any_word = by_identity(longest_word)  # one pattern per rule's trigger list (longest first)


def _subject(view: DocView, clause: tuple[int, int], before: int, window: int,
             triggers: tuple[str, ...] = (), posts: Posts | None = None) -> Spot | None:
    """The actor mention opening a clause (after a lead-in such as 近年来), innermost of a chain;
    an official opening it (村党支部书记某某带领…, 他牵头建立…) stands for the place or
    organization of their post (``posts``)."""
    start, end = clause
    text = view.text
    for lead in LEAD_IN if text.startswith(LEAD_IN, start) else ():
        if text.startswith(lead, start):
            start += len(lead)
            break
    while start < end and text[start] in " \u3000":
        start += 1
    if posts is not None and text.startswith(PRONOUNS, start):
        for person in reversed(view.spots_in(max(0, start - 300), start, "PERSON")):
            if (place := posts.of(person)) is not None:
                return Spot(start, start + 1, place, "post")
        return None
    spots = [s for s in view.spots_in(start, min(end, before), *ACTORS, "PERSON")
             if s.start - start <= window and not s.entity.name.endswith(MEDIA)  # an outlet reports, not acts
             and not _quoted_or_after_verb(text, start, s.start, triggers)]
    if spots and spots[0].entity.type == "PERSON":
        place = posts.of(spots[0]) if posts is not None else None
        if place is not None:
            return Spot(spots[0].start, spots[0].end, place, "post")
    spots = [s for s in spots if s.entity.type != "PERSON"]
    if not spots or spots[0].start - start > window:
        return None
    chain = [spots[0]]
    for s in spots[1:]:  # 某开发区某街道 → the innermost place; 某区某党委 → the organization;
        if chain[-1].start <= s.start and s.end <= chain[-1].end:
            continue  # a place inside the organization's name (某市某区某乡党委 written whole)
        gap = text[chain[-1].end:s.start]  # 同属某镇的某村 → the head noun after 的
        if gap in ("", "州", "市", "县", "区", "盟", "旗", "的") or (s.start < chain[-1].end and s.end > chain[-1].end):
            chain.append(s)
        elif s.start >= chain[-1].end:
            break
    best = chain[-1]
    longer = [s for s in spots if s.start == best.start and s.end > best.end]
    return max(longer, key=lambda s: s.end) if longer else best


def actor_of(view: DocView, offset: int, window: int, triggers: tuple[str, ...] = (),
             posts: Posts | None = None) -> Spot | None:
    sentence = view.sentence(offset)
    for _ in range(3):  # a sentence after a semicolon goes on with the one before (…实施“X”工程；推行“Y”机制)
        clauses = view.clauses(sentence)
        idx = max((i for i, c in enumerate(clauses) if c[0] <= offset), default=0)
        for c in reversed(clauses[: idx + 1]):
            s = _subject(view, c, offset, window, triggers, posts)
            if s is not None:
                return s
        if sentence[0] == 0 or view.text[sentence[0] - 1] not in "；;":
            return None
        offset = sentence[0] - 1
        sentence = view.sentence(offset)
    return None


class Posts:
    """The place (else the organization) an official acts for, from HOLDS_POSITION facts: the
    post written with the mention's own sentence, else the person's only post (reporters'
    outlets left out: an outlet reports, not acts)."""

    def __init__(self, view: DocView, relations: list[Relation]) -> None:
        self.view = view
        self.at: dict[tuple[str, int], Entity] = {}
        tails: dict[str, set[str]] = {}
        for r in relations:
            tail = view.by_id.get(r.tail) if r.type == "HOLDS_POSITION" and not r.attrs.get("former") else None
            if tail is None or tail.name.endswith(MEDIA) or r.evidence is None:
                continue
            key = (r.head, r.evidence.start)
            if key not in self.at or (tail.type == "PLACE" and self.at[key].type != "PLACE"):
                self.at[key] = tail
            tails.setdefault(r.head, set()).add(tail.id)
        self.only = {p: view.by_id[next(iter(ts))] for p, ts in tails.items() if len(ts) == 1}

    def of(self, spot: Spot) -> Entity | None:
        return self.at.get((spot.entity.id, self.view.sentence(spot.start)[0])) or self.only.get(spot.entity.id)


def _for_place(view: DocView, actor: Spot | None, bodies: tuple[str, ...]) -> Spot | None:
    """A village's party branch (某村党支部) acts for the village named in it."""
    if actor is None or actor.entity.type != "ORG" or not bodies or not actor.entity.name.endswith(bodies):
        return actor
    places = view.spots_in(actor.start, actor.end, "PLACE")
    return places[-1] if places else actor


def _listed_with(view: DocView, actor: Spot, before: int) -> list[Spot]:
    """The actor and the places or organizations listed after it as co-subjects (甲镇、乙镇等
    山区乡镇把“X”行动…), each joined to the one before by a list joiner alone."""
    out = [actor]
    if actor.rule in ("post", "section"):
        return out
    for s in view.spots_in(actor.end, before, actor.entity.type):
        if s.start < out[-1].end:
            continue
        if not LIST_JOIN.fullmatch(view.text, out[-1].end, s.start) or \
                any(o.end > s.end for o in view.spots_in(s.start, s.start + 64) if o.start == s.start):
            break  # 某村与江苏某集团: the place opens a longer name, no co-subject
        out.append(s)
    return out


def implements(view: DocView, rule: RelationRule, posts: Posts | None = None,
               wholes: dict[tuple[int, int], Spot] | None = None) -> list[Relation]:
    """One relation per (actor, initiative); the article's place only stands in for an
    initiative that no mention gives an actor of its own. ``posts`` lets an official in
    subject position stand for the place of their post; ``wholes`` (``part_of.wholes``) gives
    a part listed after its whole, or opening an item of an enumeration under it, the
    whole's actor unless its own clause has a subject."""
    found: dict[tuple[str, str], Relation] = {}
    explicit: set[str] = set()
    scope = view.scope_entity
    sections = Sections(view.text, view.spots)
    wholes = wholes or {}

    def actor_for(spot: Spot) -> Spot | None:
        whole = wholes.get((spot.start, spot.end))
        if whole is not None:
            clauses = view.clauses(view.sentence(spot.start))
            own = max((c for c in clauses if c[0] <= spot.start), default=clauses[0])
            if _subject(view, own, spot.start, rule.subject_window, rule.not_subject_after, posts) is None:
                spot = whole
        actor = _for_place(view, actor_of(view, spot.start, rule.subject_window, rule.not_subject_after, posts),
                           rule.place_bodies)
        if actor is None and (section := sections.at(spot.start)) is not None:
            actor = Spot(spot.start, spot.start, section, "section")  # 寺登村 / 推行“某”机制 under that heading
        return actor

    for spot in view.spots:
        if spot.entity.type not in INITIATIVES:
            continue
        actor = actor_for(spot)
        heads = [a.entity for a in _listed_with(view, actor, spot.start)] if actor else [scope]
        heads = [h for h in heads if h is not None and (h.id, spot.entity.id) not in found]
        if not heads:
            continue
        if actor is not None:
            explicit.add(spot.entity.id)
        clause_start = view.sentence(spot.start)[0]
        trigger = next((t for t in rule.triggers if t in view.text[clause_start:spot.start]), None)
        rid = rule.id if actor else rule.id.replace("clause_subject", "article_scope")
        attrs = {"trigger": trigger} if trigger else {}
        for head in heads:
            found[(head.id, spot.entity.id)] = Relation("IMPLEMENTS", head.id, spot.entity.id, dict(attrs), rule.source,
                                                        view.evidence(spot.start), rid)
    return [r for r in found.values() if r.tail not in explicit or not r.rule.endswith("article_scope")]
