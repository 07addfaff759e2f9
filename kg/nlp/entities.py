"""Entity resolution (pipeline stage ``kg_entities``).

Candidates from the recognizers → entities: overlapping proposals are settled
(same type: the higher priority, then the longer wins; different types may nest,
e.g. the PLACE 兴县 inside the ORG 兴县县委组织部, but may not cross), mentions of
one canonical name are grouped into one ``Entity`` with all surface forms as
aliases, and ids ``e1 … eN`` are given in order of first mention.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.candidates import Candidate
from kg.records import Entity, Mention


NESTABLE = {"ORG"}  # an organization inside another's name is an entity too (某中心 in 某中心指挥部)


def settle_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Keep a consistent subset of candidates (pure; see module doc)."""
    ranked = sorted(cands, key=lambda c: (-c.priority, -(c.end - c.start), c.start, c.type))
    kept: list[Candidate] = []
    for c in ranked:
        ok = True
        for k in kept:
            if not c.overlaps(k):
                continue
            if (c.start, c.end, c.type) == (k.start, k.end, k.type):
                ok = False
                break
            nested = (k.start <= c.start and c.end <= k.end) or (c.start <= k.start and k.end <= c.end)
            if not nested or (c.type == k.type and c.type not in NESTABLE):
                ok = False
                break
        if ok:
            kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end))


INITIATIVE_TYPES = ("PROGRAM", "MECHANISM")


def entity_key(c: Candidate) -> tuple[str, str]:
    attrs = c.attr_dict
    if c.type == "PLACE" and attrs.get("adcode"):
        return (c.type, str(attrs["adcode"]))
    if c.type in INITIATIVE_TYPES:  # one name, one initiative; its type is settled below
        return ("INITIATIVE", c.name)
    return (c.type, c.name)


def _type_strength(c: Candidate) -> tuple[int, int]:
    """How sure a candidate is of its type: head-word evidence beats a default guess."""
    return (0 if c.attr_dict.get("weak_type") else 1, c.priority)


def group_entities(text: str, cands: list[Candidate]) -> list[Entity]:
    """Group settled candidates into entities (pure)."""
    by_key: dict[tuple[str, str], Entity] = {}
    strength: dict[tuple[str, str], tuple[int, int]] = {}
    for c in cands:
        key = entity_key(c)
        ent = by_key.get(key)
        if key not in strength or _type_strength(c) > strength[key]:
            strength[key] = _type_strength(c)
            if ent is not None:
                ent.type = c.type
        if ent is None:
            attrs = {k: v for k, v in c.attr_dict.items() if k != "weak_type"}
            ent = Entity(id=f"e{len(by_key) + 1}", type=c.type, name=c.name, aliases=[c.name], attrs=attrs)
            by_key[key] = ent
        else:
            for k, v in c.attr_dict.items():
                if k != "weak_type":
                    ent.attrs.setdefault(k, v)
        surface = text[c.start:c.end]
        for alias in (surface, *c.aliases):
            if alias not in ent.aliases:
                ent.aliases.append(alias)
        ent.mentions.append(Mention(c.start, c.end, surface, c.rule))
    return list(by_key.values())


class EntityResolver:
    def __init__(self, nlp: Language, name: str = "kg_entities"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        settled = settle_overlaps(list(doc._.kg_candidates or []))
        doc._.kg_entities = group_entities(doc.text, settled)
        return doc


@Language.factory("kg_entities", assigns=["doc._.kg_entities", "doc._.kg_scope"],
                  requires=["doc._.kg_candidates"])
def make_entity_resolver(nlp: Language, name: str) -> EntityResolver:
    return EntityResolver(nlp, name)
