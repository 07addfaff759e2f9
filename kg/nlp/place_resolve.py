"""Settling and resolving PLACE proposals (steps 3 and 4 of ``kg.nlp.places``):
overlaps, then national codes through the chain the text writes and the article's
other places."""
from __future__ import annotations

from kg.nlp.candidates import Candidate, make_attrs
from kg.nlp.gazetteer import LEVELS, Division
from kg.nlp.place_index import RANK, Hit, PlaceIndex

def _settle(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits: the longest first, then by rule rank."""
    chosen: list[Hit] = []
    taken = bytearray()  # one flag per character already covered: O(total length), not O(n²)
    for h in sorted(hits, key=lambda h: (h.start - h.end, RANK[h.rule], h.start)):
        if len(taken) < h.end:
            taken.extend(b"\0" * (h.end - len(taken)))
        if not any(taken[h.start:h.end]):
            chosen.append(h)
            taken[h.start:h.end] = b"\1" * (h.end - h.start)
    return sorted(chosen, key=lambda h: h.start)


CODE_LENGTHS = (2, 4, 6, 9, 12)  # province, city, county, township, village


class Context:
    """The codes of the article's resolved places, indexed so that a candidate's score
    (the longest related context code) costs a few dictionary look-ups, not a scan."""

    def __init__(self, codes) -> None:
        self.codes = set(codes)
        self.below: dict[str, int] = {}  # code prefix -> longest context code under it
        self._scores: dict[str, int] = {}
        self.provinces = {c[:2] for c in self.codes}  # a code of another province relates to none
        for c in self.codes:
            for n in CODE_LENGTHS:
                if n < len(c):
                    self.below[c[:n]] = max(self.below.get(c[:n], 0), len(c))

    def score(self, code: str) -> int:
        """How specific the closest context place related to ``code`` is (0: none);
        remembered per code, as an article names the same places again and again."""
        if len(code) >= 2 and code[:2] not in self.provinces:
            return 0
        found = self._scores.get(code)
        if found is None:
            above = max((n for n in CODE_LENGTHS if n < len(code) and code[:n] in self.codes), default=0)
            found = self._scores[code] = max(above, self.below.get(code, 0))
        return found


def _narrow(divs: list[Division], ctx: "Context | list[str]", top: bool) -> tuple[list[Division], int]:
    """Candidates related to the most specific context code; with ``top``, then those of
    the highest level (吉林 → 吉林省). Returns them and the context's code length."""
    ctx = ctx if isinstance(ctx, Context) else Context(ctx)
    provinces = ctx.provinces  # a division of another province scores 0: most of a common village name's
    near = [d for d in divs if d.code[:2] in provinces]
    scores = [ctx.score(d.code) for d in near]
    best = max(scores, default=0)
    if best and len(divs) > 1:
        divs = [d for d, s in zip(near, scores) if s == best]
    if top and len(divs) > 1:
        level = min(LEVELS.index(d.level) for d in divs)
        divs = [d for d in divs if LEVELS.index(d.level) == level]
    return divs, best


TABLE_RULES = ("place.township", "place.village")


def _resolve(hits: list[Hit], idx: PlaceIndex) -> list[Hit]:
    gaz = idx.gaz
    placed: dict[str, list | None] = {}  # a table name → what its chain left (None: chains disagree)
    chained = set()
    for prev, h in zip(hits, hits[1:]):  # the chain the text writes: h inside prev
        if h.start == prev.end and prev.divs and h.divs and _deeper(h.divs, prev.divs):  # not 甲镇乙镇 (a list)
            outer = {p.code for p in prev.divs}  # d lies in one of them: a prefix of d's code is one
            lengths = {len(c) for c in outer}
            inside = [d for d in h.divs if any(d.code[:n] in outer for n in lengths if n < len(d.code))]
            h.divs = inside  # none inside: a place the table lacks, so no code
            prev.divs = [p for p in prev.divs if any(gaz.is_within(d.code, p.code) for d in inside)] or prev.divs
            if h.rule in TABLE_RULES:
                chained.add(id(h))
                placed[h.name] = inside if placed.get(h.name, inside) == inside else None
    for h in hits:  # 某乡麻扎村 … 麻扎村先后入选: the same village where the text named it alone
        if h.rule in TABLE_RULES and id(h) not in chained and placed.get(h.name) is not None:
            h.divs = list(placed[h.name])
    for _ in range(2):  # the article's other places; twice, as resolving one helps another
        ctx = Context(h.divs[0].code for h in hits if len(h.divs) == 1)
        for h in hits:
            if len(h.divs) > 1:
                h.divs, best = _narrow(h.divs, ctx, False)
            else:  # nothing to narrow: only how the context relates to it
                best = ctx.score(h.divs[0].code) if h.divs else 0
            h.supported = h.supported or best >= 6  # a county or township of the article
            h.related = h.related or best > 0
    _abbreviations(hits)
    out = []
    for h in hits:
        if len({d.name for d in h.divs}) > 1 or h.rule == "place.short":
            h.divs = _narrow(h.divs, [], True)[0]
        if (h.weak and not h.supported) or len({d.name for d in h.divs}) > 1:
            continue
        if h.lone and not h.related and _elsewhere(h, hits):
            continue  # 清廉村居 in an article of another province: a word that is some village's name
        if h.divs:
            h.name = h.divs[0].name
            h.level = h.divs[0].level if len({d.level for d in h.divs}) == 1 else "other"
        elif not h.name:  # a short form whose divisions the chain ruled out (a county's short name after a village)
            continue
        if h.name.endswith(idx.zone) and not h.name.endswith("社区") and not _formal(h):
            h.level = "zone"
        out.append(h)
    return out


def _deeper(inner: list[Division], outer: list[Division]) -> bool:
    """Whether some division of ``inner`` lies at a lower level than some of ``outer``."""
    return max(LEVELS.index(d.level) for d in inner) > min(LEVELS.index(d.level) for d in outer)


def _abbreviations(hits: list[Hit]) -> None:
    """A name found by its suffix alone that abbreviates a place of its level the article
    names in full is that place (西乌旗 of 西乌珠穆沁旗, 科右中旗 of 科尔沁右翼中旗): same
    first and last characters, the rest in order inside the full name."""
    full = {d.code: d for h in hits if len(h.divs) == 1 for d in h.divs}
    for h in hits:
        if h.rule == "place.pattern" and not h.divs:
            h.divs = [d for d in full.values() if d.level == h.level and _abbreviates(h.name, d.name)][:1]


def _abbreviates(short: str, name: str) -> bool:
    if len(short) >= len(name) or short[0] != name[0] or short[-1] != name[-1]:
        return False
    rest = iter(name[1:-1])
    return all(c in rest for c in short[1:-1])


def _elsewhere(h: Hit, hits: list[Hit]) -> bool:
    """Whether the article's other places all lie in provinces that ``h``'s do not. Other
    mentions of the same name, and other lone names the article relates to nothing, are
    no evidence (清廉村居 twice, or beside 2022年村集体, still lies elsewhere)."""
    own = {d.code[:2] for d in h.divs}
    others = {d.code[:2] for o in hits if o.name != h.name and not (o.lone and not o.related) for d in o.divs}
    return bool(own and others) and not own & others


def _formal(h: Hit) -> bool:
    """A district by law though named 新区 (浦东新区): county codes below xx70 (the
    statistical code gives functional zones 71-99)."""
    return len(h.divs) == 1 and h.divs[0].level == "county" and h.divs[0].code[4:6] < "70"


def _candidate(h: Hit) -> Candidate:
    code = h.divs[0].code if len(h.divs) == 1 else None
    return Candidate(h.start, h.end, "PLACE", h.name, h.rule, make_attrs(level=h.level, adcode=code),
                     priority=1 if h.divs else 0)


# -- helpers for other stages ---------------------------------------------------------
