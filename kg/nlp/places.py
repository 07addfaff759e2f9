"""Recognizer for PLACE mentions (pipeline stage ``kg_places``).

Where it sits: normalized text → ``kg_sentences`` → **``kg_places``** → ``kg_orgs``
(which anchors organs on these places) → … → ``kg_entities``. Names come only from
the national gazetteer (``kg.nlp.gazetteer``); suffixes, guards and function words
are data (``data/lexicons/place_rules.yaml``). ``find_places`` (pure) does it all:

1. propose — ``place.full`` / ``place.short``: province, city and county names and
   short forms from a dictionary scan (井冈山 → 井冈山市); ``place.township`` /
   ``place.village``: table names ending in 镇 乡 街道 村 社区 …; ``place.sub_short``:
   a township's short form right after its county; ``place.pattern``: a suffix name
   missing from the table, right after a place of a higher level (…街道某某村), or a
   two-character county or township stem after punctuation (标题：某某县…);
   ``place.zone``: 开发区 / 新区 / 港务区 names; ``place.list``: 甲、乙、丙等3个村;
   ``place.hamlet``: places below the village (某村某某屯, 某某村民小组), level ``other``.
2. guard — stop words; short forms that are common words; a common word across the
   name's edge (长沙|发 → 沙发) or after it (武汉|大学); a suffix name must start at a
   boundary (punctuation, another place, a deictic 该镇, a function word), so 东幸福村
   is not 幸福村; a table name with a verb for its stem (建立村) needs the article's
   county or township around it.
3. settle — the longest of overlapping proposals wins (某某村 over the short form 某某).
4. resolve — codes through the chain the text writes (昭觉县三岔河镇三河村: the 三河村
   in that 三岔河镇 in that 昭觉县), then through the article's other places (the most
   specific one related to a candidate), then, for a short form, the highest level
   (吉林 → 吉林省); otherwise no ``adcode`` rather than a guess.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import text_of
from kg.nlp.candidates import Candidate
from kg.nlp.component import Recognizer
from kg.nlp.gazetteer import LEVELS, Division, Gazetteer
from kg.nlp.place_index import Hit, PlaceIndex, PlaceRules, _default_index, default_index
from kg.nlp.place_resolve import _candidate, _narrow, _resolve, _settle
from kg.nlp.sentences import LIST_JOIN
from kg.nlp.wordscan import first_ending, occurrences

HAN = re.compile(r"[\u3400-\u9fff]")
QUOTES_OPEN, QUOTES_CLOSE = "“‘「『\"'", "”’」』\"'"


def _han(ch: str) -> bool:
    return bool(HAN.match(ch))


def _boundary(text: str, s: int, anchors: set[int], rules: PlaceRules) -> bool:
    if s == 0 or not _han(text[s - 1]) or s in anchors:
        return True
    return text.endswith(rules.boundary_words, 0, s)


def _crosses(text: str, s: int, e: int, edges: frozenset[str], left: bool, right: bool) -> bool:
    """A common word overlaps the edge of text[s:e] or holds it (长沙|发, 延安|精神)."""
    if (left and s > 0 and text[s - 1:s + 1] in edges) or (right and e < len(text) and text[e - 1:e + 1] in edges):
        return True
    for n in (3, 4):
        if (right and s + n > e and text[s:s + n] in edges) or (left and e - n < s and text[max(0, e - n):e] in edges):
            return True
    return False


def _quoted(text: str, s: int, e: int) -> bool:
    return s > 0 and e < len(text) and text[s - 1] in QUOTES_OPEN and text[e] in QUOTES_CLOSE


def _generic(prefix: str, idx: PlaceIndex, common: bool = True) -> bool:
    """A stem that makes 某某村 a kind of village, not a name (示范村); with ``common``,
    also a stem opening with a frequent verb or function word (建立村)."""
    r = idx.rules
    return prefix in r.stop or prefix.endswith(r.generic_prefixes) or (common and prefix[:2] in idx.common)


# -- proposals ------------------------------------------------------------------------
def _admin(text: str, idx: PlaceIndex) -> list[Hit]:
    """Every occurrence of a province, city or county name or short form (an
    Aho-Corasick scan: one pass over the text whatever the number of names)."""
    out = []
    for i, w in idx.names_in(text):
        if w in idx.full:
            out.append(Hit(i, i + len(w), "place.full", list(idx.full[w])))
        else:
            out.append(Hit(i, i + len(w), "place.short", list(idx.short[w])))
    return sorted(out, key=lambda h: (h.start, h.start - h.end))


def _table(text: str, idx: PlaceIndex, longest: int = 10) -> list[Hit]:
    """Townships and villages of the table, found from their suffix (镇, 村 …)."""
    out = []
    for level in ("township", "village"):
        rule = f"place.{level}"
        for pattern in idx.suffix_patterns(level):
            for m in pattern.finditer(text):
                b, e = m.span()
                w = max(0, b - longest + 1)  # the stem is at most longest - 1 characters
                for k in idx.table_stems(text[w:e], b - w, level):
                    name = text[w + k:e]
                    out.append(Hit(w + k, e, rule, list(idx.table_divs(name, level)), name, level))
    return out


def _table_divs(idx: PlaceIndex, name: str, level: str) -> tuple[Division, ...]:
    return idx.table_divs(name, level)


def _sub_shorts(text: str, idx: PlaceIndex, hit: Hit) -> list[Hit]:
    """A township's short form right after its county or city (昭觉三岔河 → 三岔河镇)."""
    for d in hit.divs:
        if d.level in ("county", "city"):
            subs = idx.sub_shorts(d.code)
            for n in (4, 3, 2):
                if text[hit.end:hit.end + n] in subs and text[hit.end:hit.end + n] not in idx.common \
                        and not text.startswith(idx.rules.blocked_after, hit.end + n):  # 某州文化|广播电视和旅游局
                    return [Hit(hit.end, hit.end + n, "place.sub_short", [subs[text[hit.end:hit.end + n]]])]
    return []


def _patterns(text: str, idx: PlaceIndex, after: dict[int, int], taken: set[int]) -> list[Hit]:
    """Suffix names missing from the table (renamed or new places): right after a place
    of a higher level (``after``: end offset → its level index), or, for a county or
    township with a two-character stem, right after punctuation (标题：某某县…)."""
    lo, hi = idx.rules.pattern_prefix["min"], idx.rules.pattern_prefix["max"]
    out = []
    for level in ("county", "township", "village"):
        rank = LEVELS.index(level)
        for pattern in idx.suffix_patterns(level):
            for m in pattern.finditer(text):
                b, e = m.span()
                if e in taken:
                    continue
                first = idx.stem_tail.search(text, max(0, b - hi), b).start()  # Han, no admin_chars
                for a in range(b - lo, first - 1, -1):
                    prefix, name = text[a:b], text[a:e]
                    if text.startswith(idx.rules.suffix_words, e - 1):
                        break  # 某市抓党建促乡村振兴: the suffix starts a word (乡村), even after a place
                    free = level != "village" and len(prefix) == lo and (a == 0 or not _han(text[a - 1]))
                    if (free or after.get(a, 9) < rank) and not _generic(prefix, idx) \
                            and not _quoted(text, a, e) and not any(name.endswith(w) for w in idx.rules.stop):
                        out.append(Hit(a, e, "place.pattern", [], name, level))
                        break
    return out


def _zones(text: str, idx: PlaceIndex, strong: set[int], longest: int = 8) -> list[Hit]:
    """开发区 / 新区 / 港务区 names: back from the suffix to a boundary (a full place name
    ends the prefix: 某市某某开发区 → 某某开发区; a short one stays in: 某某高新区)."""
    out, rules = [], idx.rules
    for suf in idx.zone:
        for b in occurrences(text, suf):
            e = b + len(suf)
            if any(h.end == e for h in out):
                continue
            a = b
            while a > 0 and b - a < longest and _han(text[a - 1]) and a not in strong \
                    and not text.endswith(rules.boundary_words, 0, a):
                a -= 1
            prefix = text[a:b]
            weak = suf == "新区" and (len(prefix) != 2 or not _boundary(text, a, strong, rules))
            if len(prefix) >= 2 and not weak and not _generic(prefix, idx) and prefix + suf not in rules.stop:
                out.append(Hit(a, e, "place.zone", [], prefix + suf, "zone"))
    return out


LIST_RE = re.compile(r"((?:[\u3400-\u9fff]{2,4}、)+[\u3400-\u9fff]{2,4}?)等?[0-9一二三四五六七八九十两]+个(村|社区)(?![级民委务庄里干])")


def _list_matches(text: str) -> Iterator[re.Match[str]]:
    """``LIST_RE.finditer(text)``, tried only where a match can start: two to four Han
    characters before a 、 (the first item and its mark), not at every character."""
    pos = 0
    q = text.find("、", 2)
    while q >= 0:
        for start in range(max(pos, q - 4), q - 1):
            m = LIST_RE.match(text, start)
            if m:
                yield m
                pos = m.end()
                break
        else:
            pos = max(pos, q - 1)
        q = text.find("、", max(q + 1, pos + 2))


def _lists(text: str, idx: PlaceIndex, anchors: set[int]) -> list[Hit]:
    """Bare names enumerated before 等N个村 (甲、乙、丙等3个村 → 甲村, 乙村, 丙村)."""
    out: list[Hit] = []
    if "个村" not in text and "个社区" not in text:  # what every match holds: no scan needed
        return out
    for m in _list_matches(text):
        suf, items = m.group(2), m.group(1).split("、")
        first, pos = items[0], m.start(1)
        # where does the first item start? where a village of the table does, else after a boundary
        n = next((n for n in range(len(first), 1, -1) if idx.gaz.village_codes(first[-n:] + suf)), None) or \
            next((n for n in range(len(first), 1, -1) if _boundary(text, pos + len(first) - n, anchors, idx.rules)),
                 len(items[-1]))
        items[0], pos = first[-n:], pos + len(first) - n
        hits = []
        for item in items:
            if not item.endswith(suf) and not _generic(item, idx) and item + suf not in idx.rules.stop:
                hits.append(Hit(pos, pos + len(item), "place.list", _table_divs(idx, item + suf, "village"),
                                item + suf, "village"))
            pos += len(item) + 1
        if any(h.divs for h in hits):  # at least one is a village of the table
            out += hits
    return out


# -- the whole matching ---------------------------------------------------------------
def _named_again(text: str, found: list[Hit]) -> list[Hit]:
    """Every other mention of a name found by its suffix after its place (某镇甲找村, then
    派驻甲找村的第一书记; 某村某某屯, then 某某屯): the article has named it, so it needs
    no boundary there."""
    taken = {(h.start, h.end) for h in found}
    return [Hit(i, i + len(h.name), h.rule, [], h.name, h.level) for h in {h.name: h for h in found}.values()
            for i in occurrences(text, h.name) if (i, i + len(h.name)) not in taken]


def _hamlets(text: str, idx: PlaceIndex, kept: list[Hit], anchors: set[int]) -> list[Hit]:
    """Places below the village (level other): a name with a hamlet suffix right after its
    village, or (村民小组, 自然村) where a name may start; then every other mention of a name
    so found (see ``hamlets`` in place_rules.yaml)."""
    spec = idx.rules.hamlets
    villages = {h.end for h in kept if h.level == "village"}
    villages |= {v + len(w) for v in villages for w in spec.get("between", ()) if text.startswith(w, v)}
    blocked = set(spec.get("not_in_stem", ()))
    out: list[Hit] = []
    for m in idx.hamlet_suffix.finditer(text):
        b, e = m.span()
        free = m.group(0) in spec.get("free", ())
        stems = [a for a in range(max(0, b - (4 if free else 3), out[-1].end if out else 0), b - 1)
                 if not any(c in blocked or not _han(c) for c in text[a:b])]  # the longest stem first
        a = next((a for a in stems if a in villages), None)  # 某村|某某屯 (a stem of 2-3)
        if a is None and free:  # where a name may start, and no word (推进村民小组, 以前村民小组)
            a = next((a for a in stems if _boundary(text, a, anchors, idx.rules) and not _generic(text[a:b], idx)), None)
        if out and b == out[-1].end and free:  # 某村某某寨|村民小组: one name
            out[-1] = Hit(out[-1].start, e, "place.hamlet", [], text[out[-1].start:e], "other")
        elif a is not None and (free or b - a <= 3):
            out.append(Hit(a, e, "place.hamlet", [], text[a:e], "other"))
    return out + _named_again(text, out)


def find_places(text: str, gazetteer: Gazetteer | None = None, rules: PlaceRules | None = None,
                index: PlaceIndex | None = None) -> list[Candidate]:
    """PLACE candidates of ``text`` (pure; see the module doc for the steps)."""
    idx = index or (PlaceIndex(gazetteer, rules or PlaceRules.load()) if gazetteer else default_index())
    rules = idx.rules
    deictic = {m.end() for m in idx.deictic.finditer(text)}
    admin, table = _admin(text, idx), _table(text, idx)
    starts, ends = {h.start for h in admin + table}, {h.end for h in admin + table}
    kept: list[Hit] = []
    for h in admin:
        w, chained = text[h.start:h.end], h.start in ends
        if w in rules.stop and not chained:
            continue
        if len(w) == 2 and LIST_JOIN.match(w) and not chained and h.start and _han(text[h.start - 1]) \
                and text.startswith(rules.joined_organs, h.end):
            continue  # 县委和县政府: no 和县 (a name opening with a joiner may be the conjunction)
        if w in rules.verb_names and not chained and h.start and _han(text[h.start - 1]) \
                and not text.endswith(rules.boundary_words, 0, h.start):
            continue  # 我们会同县财政局: the verb 会同 and a department of the county
        if h.rule == "place.short" or len(w) == 2:
            blocked = h.rule == "place.short" and h.end not in starts and text.startswith(rules.blocked_after, h.end)
            if blocked or _crosses(text, h.start, h.end, idx.edges, not chained, h.end not in starts):
                continue
        kept.append(h)
    for h in list(kept):
        kept += [s for s in _sub_shorts(text, idx, h)
                 if not _crosses(text, s.start, s.end, idx.edges, False, s.end not in starts)]
    kept += _zones(text, idx, deictic | {h.end for h in kept + table if h.rule != "place.short"})
    anchors = deictic | {h.end for h in kept}
    named: set[str] = set()  # table names taken where they stand: named again, they need no boundary
    deferred: list[Hit] = []

    def take(h: Hit, w: str, prefix: str) -> None:
        if h.start not in anchors:  # not chained to another place
            if _generic(prefix, idx, common=False) or text.startswith(rules.lone_breakers, h.end):
                return
            h.weak = len(prefix) < 2 or prefix[:2] in idx.common  # kept only if the article supports it
            h.lone = True
        elif h.start in deictic:  # 全镇建成社区工厂: a deixis places it in the article's area, no more
            h.lone = True
        if text.startswith(rules.suffix_words, h.end - 1):
            h.weak = True  # 某某乡村旅游合作社: a township only where the article supports it, else 乡村 is a word
        if not h.weak:
            named.add(w)
        kept.append(h)
        anchors.add(h.end)

    for h in sorted(table, key=lambda h: (h.start, -h.end)):
        w = text[h.start:h.end]
        prefix = w[: len(w) - len(first_ending(w, len(w), rules.suffixes[h.level]))]
        if w in rules.stop or _quoted(text, h.start, h.end):
            continue
        if w.endswith("村") and w[:-1] in named and w not in named:
            continue  # 某某社区村集体经济: the village named before, then 村集体 (not a village 某某社区村)
        if _generic(prefix, idx, common=False) and any(k.end == h.start and k.divs and k.divs[0].level in ("province", "city")
                                                       for k in kept):
            continue  # 某市文明村: a designation of the city, not a village of that name
        if not _boundary(text, h.start, anchors, rules) and w not in named:
            deferred.append(h)  # 组建某村合作社 before 某村 opens a sentence: taken if named elsewhere
            continue
        take(h, w, prefix)
    for h in deferred:
        w = text[h.start:h.end]
        if w in named:
            take(h, w, w[: len(w) - len(first_ending(w, len(w), rules.suffixes[h.level]))])
    after = {h.end: LEVELS.index(h.divs[0].level) for h in kept if h.rule != "place.short" and h.divs}
    patterned = _patterns(text, idx, after, {h.end for h in kept})
    kept += patterned + _named_again(text, patterned)
    kept += _hamlets(text, idx, kept, anchors)
    listed = _lists(text, idx, anchors)
    if listed:  # 辖中山、庆城、某某等6个社区: an item is a community of the list, no county's short form
        items = {(h.start, h.end) for h in listed}
        kept = [h for h in kept if h.rule != "place.short" or (h.start, h.end) not in items] + listed
    return [_candidate(h) for h in _resolve(_settle(kept), idx)]


def place_level_of_suffix(name: str, rules: PlaceRules | None = None) -> str | None:
    """The level a place name's suffix implies (某某镇 → township, 某某开发区 → zone)."""
    rules = rules or default_index().rules
    if name.endswith(rules.suffixes.get("zone", ())) and not name.endswith("社区"):
        return "zone"
    for suf in sorted(rules.level_suffixes, key=len, reverse=True):
        if name.endswith(suf) and len(name) > len(suf):
            return rules.level_suffixes[suf]
    return None


def expand_short(name: str, gazetteer: Gazetteer, context_codes: list[str] | tuple[str, ...] = ()) -> Division | None:
    """The division a short or full name means here (井冈山 → 井冈山市): the one related to the
    most specific context code, else the only one at the highest level; None if unsure."""
    divs = _narrow(gazetteer.by_short(name) or gazetteer.lookup(name), list(context_codes), True)[0]
    return divs[0] if len(divs) == 1 else None


class PlaceRecognizer(Recognizer):
    def __init__(self, nlp: Language, name: str = "kg_places", rules_path: str = "",
                 gazetteer_path: str = "", district_shorts: bool = False):
        super().__init__(nlp, name)
        self.rules_path, self.gazetteer_path, self.district_shorts = rules_path, gazetteer_path, district_shorts
        self.index: PlaceIndex | None = None

    def load(self) -> None:
        gaz_dir = Path(self.gazetteer_path).resolve() if self.gazetteer_path else None
        self.index = _default_index(gaz_dir, self.rules_path or None, self.district_shorts)

    def match(self, doc: Doc) -> list[Candidate]:
        if self.index is None:
            self.load()
        return find_places(text_of(doc), index=self.index)


@Language.factory("kg_places", assigns=["doc._.kg_candidates"],
                  default_config={"rules_path": "", "gazetteer_path": "", "district_shorts": False})
def make_place_recognizer(nlp: Language, name: str, rules_path: str, gazetteer_path: str,
                          district_shorts: bool) -> PlaceRecognizer:
    return PlaceRecognizer(nlp, name, rules_path, gazetteer_path, district_shorts)
