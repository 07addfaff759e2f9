"""Recognizer for ORG mentions (pipeline stage ``kg_orgs``; runs after ``kg_places``).

The rules, vocabulary in ``data/lexicons/orgs.yaml``:

- ``org.place_organ``: a named place, then a short body, then an organ or
  institution head (某县扶贫开发局, 某县县委宣传部, 某乡党委, 某省人民医院某县分院);
  the 市委/县委 of a place name (某市委) too;
- ``org.institution``: an institution head with its name on the left, cut at a stop
  word or punctuation (某某科技大学, 某某日报, 某某专业合作社);
- ``org.national``: national media and bodies known by a short name (央视);
- ``org.abbrev``: a bare organ (乡党委, 宣传部) or institution head (合作社, 协会) that can
  only mean one organization named in full elsewhere in the article becomes a mention of it;
- ``org.deictic_department`` / ``org.committee_department``: a department named with a
  level word for its place (县农业农村局, 县委宣传部, 县委常委、宣传部部长), given the article's
  place by the resolver; after a named committee's 常委 post it is that committee's
  (某县委常委、宣传部部长 → 某县委宣传部).
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache
from dataclasses import dataclass
from typing import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import text_of
from kg.nlp.candidates import Candidate, candidates_of, make_attrs
from kg.nlp.component import Recognizer
from kg.nlp.deixis import LEVEL_OF
from kg.nlp.lexicons import load_titles, load_yaml, longest_first, reject_unknown_keys
from kg.nlp.sentences import SENTENCE_BREAK
from kg.nlp.wordscan import alternation, longest_word, occurrences

HAN = re.compile(r"[\u4e00-\u9fff·]")
FUNCTION_AFTER = set("的和与在等及对为将把向是于已也还都就派召选牵干")  # 某厅选派, 某局牵头, 某局干部
PLACE_ORGAN = re.compile(r"(省|市|县|区|州|旗|盟)委")
MAX_BODY = 12


@dataclass(frozen=True)
class OrgLexicon:
    organ_heads: tuple[str, ...]
    institution_heads: tuple[str, ...]
    department_suffixes: tuple[str, ...]
    national_orgs: tuple[str, ...]
    left_stops: frozenset[str]
    generic: frozenset[str]
    blocked_words: tuple[str, ...] = ()
    generic_modifiers: tuple[str, ...] = ()
    committees: tuple[str, ...] = ()
    committee_departments: tuple[str, ...] = ()
    short_heads: tuple[str, ...] = ()
    post_bodies: tuple[str, ...] = ()
    joined_bodies: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict) -> "OrgLexicon":
        reject_unknown_keys(cls, d, "orgs lexicon")
        return cls(longest_first(d["organ_heads"]), longest_first(d["institution_heads"]), longest_first(d["department_suffixes"]),
                   longest_first(d["national_orgs"]), frozenset(d["left_stops"]), frozenset(d["generic"]),
                   tuple(d.get("blocked_words", ())), longest_first(d.get("generic_modifiers", ())),
                   longest_first(d.get("committees", ())), longest_first(d.get("committee_departments", ())),
                   longest_first(d.get("short_heads", ())), longest_first(d.get("post_bodies", ())),
                   longest_first(d.get("joined_bodies", ())))

    @cached_property
    def committee_department_at(self) -> re.Pattern[str]:
        """A committee, 常委、 perhaps, and one of its departments (县委常委、宣传部; 县委宣传部)."""
        return re.compile(f"({alternation(self.committees)})((?:委员、)?常委、)?({alternation(self.committee_departments)})")

    @cached_property
    def joined_body_at(self) -> re.Pattern[str]:
        return longest_word(self.joined_bodies)

    @cached_property
    def _head_patterns(self) -> tuple[tuple[re.Pattern[str], bool], ...]:
        return ((longest_word(self.organ_heads), False), (longest_word(self.institution_heads), False),
                (longest_word(self.department_suffixes), True))

    @cached_property
    def generic_kinds(self) -> tuple[str, ...]:
        """Generic bodies longer than a head word (强村公司): a name ending in one is a kind."""
        return tuple(g for g in self.generic if g not in self.all_heads and len(g) >= 3 and "{" not in g)

    @cached_property
    def long_stops(self) -> tuple[str, ...]:
        return tuple(sorted((w for w in self.left_stops if len(w) > 1), key=len, reverse=True))

    @cached_property
    def long_stop_at(self) -> re.Pattern[str]:
        return re.compile("|".join(map(re.escape, self.long_stops)))

    @cached_property
    def stop_at(self) -> re.Pattern[str]:
        """Matches where no organization name runs through: a character that is not Han,
        or a left stop word (a verb or function word)."""
        return re.compile("|".join([r"[^\u4e00-\u9fff·]", *map(re.escape, longest_first(self.left_stops))]))

    @cached_property
    def head_or_stop_at(self) -> re.Pattern[str]:
        """Matches where ``_scan_body`` has something to decide: a head or a stop."""
        return re.compile("|".join([*map(re.escape, self.all_heads + self.department_suffixes), self.stop_at.pattern]))

    @cached_property
    def institution_head(self) -> re.Pattern[str]:
        return longest_word(self.institution_heads)

    @cached_property
    def blocked_word_at(self) -> re.Pattern[str]:
        """The longest blocked word starting at a position (looked for ahead, so that the
        words starting at every position are seen)."""
        return re.compile("(?=(%s))" % "|".join(map(re.escape, longest_first(self.blocked_words))))

    @cached_property
    def _organ_head_rank(self) -> dict[str, int]:
        return {h: i for i, h in reversed(list(enumerate(self.organ_heads)))}

    def organ_heads_ending(self, name: str) -> list[str]:
        """The organ heads ``name`` ends with and is longer than, in list order (a look-up
        per length of ``name``, not a test per head)."""
        rank = self._organ_head_rank
        return sorted((name[-n:] for n in range(1, len(name)) if name[-n:] in rank), key=rank.__getitem__)

    @cached_property
    def all_heads(self) -> tuple[str, ...]:
        return self.institution_heads + self.organ_heads

    def head_at(self, text: str, pos: int) -> tuple[str, bool] | None:
        """The longest head at ``pos`` and whether it needs a boundary after it; none where
        the head is part of a longer common word (党组 of 党组织)."""
        for pattern, loose in self._head_patterns:
            m = pattern.match(text, pos)
            if m:
                if m.group(0) in self._blockable and _inside_word(text, pos, m.end(), self):
                    return None
                return m.group(0), loose
        return None

    @cached_property
    def _blockable(self) -> frozenset[str]:
        """The heads a blocked word can run through (党组 of 党组织, 工厂 of 工厂长): only
        they need the check."""
        def overlaps(h: str, w: str) -> bool:
            return h in w or any(h.endswith(w[:k]) or h.startswith(w[-k:]) for k in range(1, len(w)))

        return frozenset(h for h in (*self.all_heads, *self.department_suffixes)
                         if any(overlaps(h, w) for w in self.blocked_words))


def load_lexicon() -> OrgLexicon:
    return OrgLexicon.from_dict(load_yaml("lexicons", "orgs.yaml"))


def _boundary(text: str, end: int, titles: tuple[str, ...]) -> bool:
    if end >= len(text) or not HAN.match(text[end]) or text[end] in FUNCTION_AFTER:
        return True
    return text.startswith(titles, end)


def _place_organs(text: str, lex: OrgLexicon, places: list[Candidate],
                  titles: tuple[str, ...]) -> list[Candidate]:
    out: list[Candidate] = []
    starts = {p.start: p for p in places}
    ends = {p.end for p in places}
    for p in places:
        if p.start in ends:  # not the first of a chain of places
            continue
        chain = [p]
        while chain[-1].end in starts:
            chain.append(starts[chain[-1].end])
        if text.endswith(lex.all_heads, 0, p.start):
            continue  # 某省人民医院某县分院: the place is inside a longer name
        pos = chain[-1].end
        m = PLACE_ORGAN.match(text, pos - 1)
        if m and text[pos - 1] == m.group(1) and text[pos:pos + 1] == "委" and text[pos + 1:pos + 3] != "员会":
            end = pos + 1
            while (nxt := lex.head_at(text, end)) and not nxt[1]:  # 某县委 + 宣传部
                end += len(nxt[0])
            if end > pos + 1 or not text.startswith(titles, end):  # 某县委书记: the committee is the post's
                out.append(_org(p.start, end, text[p.start:end], "org.place_organ", chain))
            continue
        end = _scan_body(text, pos, lex, titles, starts)
        if not end:
            continue
        post = text.endswith(lex.post_bodies, pos, end) or PLACE_ORGAN.fullmatch(text, pos, end)  # 某县县委常委
        if not (post and text.startswith(titles, end)):
            out.append(_org(p.start, end, text[p.start:end], "org.place_organ", chain))
    return out


def _scan_body(text: str, pos: int, lex: OrgLexicon, titles: tuple[str, ...],
               place_starts: dict[int, Candidate]) -> int | None:
    """End of the organization name whose body starts at ``pos``, or None."""
    k = pos
    while k < len(text) and k - pos <= MAX_BODY:
        if k in place_starts and k > pos:
            k = place_starts[k].end
            continue
        if joined := lex.joined_body_at.match(text, k):  # 自然资源和规划局: 和 inside the name
            k = joined.end()
            continue
        if not lex.head_or_stop_at.match(text, k):  # a plain character of the body
            k += 1
            continue
        found = lex.head_at(text, k)
        if found:
            head, needs_boundary = found
            end = k + len(head)
            while (nxt := lex.head_at(text, end)) and not nxt[1]:  # 县委 + 宣传部
                end += len(nxt[0])
            if not needs_boundary or _boundary(text, end, titles):
                return end
        if lex.stop_at.match(text, k):
            return None  # a verb or function word: no organization name runs through it
        k += 1
    return None


def _inside_word(text: str, start: int, end: int, lex: OrgLexicon) -> bool:
    """Whether a blocked word overlaps text[start:end] and runs past it (大学 in 大学生)."""
    longest = max(map(len, lex.blocked_words), default=0)
    for m in lex.blocked_word_at.finditer(text, max(0, start - longest + 1), end + longest):
        o, e = m.start(), m.start() + len(m.group(1))  # the longest word at o reaches furthest
        if o >= end:
            return False
        if e > start and (o < start or e > end):
            return True
    return False


def _institutions(text: str, lex: OrgLexicon) -> list[Candidate]:
    out: list[Candidate] = []
    for m in lex.institution_head.finditer(text):
        if _inside_word(text, m.start(), m.end(), lex):
            continue
        head = lex.head_at(text, m.start())
        end = m.start() + len(head[0]) if head else m.end()
        start = m.start()
        while start > 0:
            ch = text[start - 1]
            if not HAN.match(ch) or ch in lex.left_stops:
                break
            if text.endswith(lex.long_stops, 0, start):
                break
            if m.start() - start == MAX_BODY:
                start = -1  # no stop within reach: a name cut in a word (树县某镇某某合作社), none
                break
            start -= 1
        if start < 0:
            continue
        name = text[start:end]
        for mod in lex.generic_modifiers:
            if name.startswith(mod):
                start = m.start()  # nothing left of a real name
        if m.start() - start >= 2 and name not in lex.generic and not _in_formula(text, start, end) \
                and not name.endswith(lex.generic_kinds):  # 村三级强村公司: a kind of company, no name
            out.append(_org(start, end, name, "org.institution"))
    return out


def _in_formula(text: str, start: int, end: int) -> bool:
    """Inside a quoted model formula (“党支部+民宿协会+农户”): a kind of body, not a named one."""
    opened, closed = text.rfind("“", max(0, start - 30), start), text.find("”", end, end + 30)
    return opened >= 0 and closed >= 0 and "”" not in text[opened:start] and \
        any(p in text[opened:closed] for p in "+＋")


def _abbreviations(text: str, lex: OrgLexicon, full: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    by_head: dict[str, set[str]] = {}
    for c in full:
        for h in lex.organ_heads_ending(c.name):
            by_head.setdefault(h, set()).add(c.name)
        for h in lex.short_heads:  # 合作社 for the one 某某专业合作社
            if c.name.endswith(h) and len(c.name) > len(h):
                by_head.setdefault(h, set()).add(c.name)
    covered = {i for c in full for i in range(c.start, c.end)}
    for h, names in by_head.items():
        first = text.find(h)
        if len(names) != 1 or first < 0:
            continue
        name = next(iter(names))
        for m in _abbreviation_matches(text, h):
            if m.start() in covered:
                continue
            if m.start() and HAN.match(text[m.start() - 1]) and not m.group(1):
                continue
            out.append(Candidate(m.start(), m.end(), "ORG", name, "org.abbrev", priority=0))
    return out


def _abbreviation_matches(text: str, head: str) -> Iterator[re.Match[str]]:
    """``_abbreviation_pattern(head).finditer(text)``, tried only at each occurrence of
    ``head`` and the two characters before it (where a level word may start), not at
    every 县, 市 or 区 of the text."""
    pattern, starts = _abbreviation_pattern(head), set()
    i = text.find(head)
    while i >= 0:
        starts.update(range(max(0, i - 2), i + 1))
        i = text.find(head, i + 1)
    pos = 0
    for start in sorted(starts):
        if start >= pos and (m := pattern.match(text, start)):
            yield m
            pos = m.end()


@lru_cache(maxsize=1024)
def _abbreviation_pattern(head: str) -> re.Pattern[str]:
    """A bare organ with an optional level word before it (乡党委, 党委); the look-ahead
    only skips the places where neither can start."""
    return re.compile(rf"(?=[镇乡县市区街{re.escape(head[0])}])(镇|乡|县|市|区|街道)?{re.escape(head)}")


DEICTIC_DEPARTMENT = re.compile(  # the first look-ahead only lets the search skip most characters
    r"(?=[我本省市县区旗])(?:(?<=[^\u4e00-\u9fff])|(?<=^)|(?<=联合)|(?<=会同)|(?<=来自)|(?<=[和与及、由在同是任到赴为]))"
    r"(?:我|本)?(省|市|县|区|旗)(?!委)(公安局[\u4e00-\u9fff]{2,4}派出所|[\u4e00-\u9fff]{2,8}?(?:局|办公室|委员会)|纪委监委"
    r"|人大常委会|政协|人民医院|中医院|融媒体中心|直机关工委|直属机关工委)(?!长)")


def _deictic_departments(text: str, lex: OrgLexicon, taken: list[Candidate]) -> list[Candidate]:
    """县农业农村局, 我市民政局: a department of the article's own place, named without
    the place. The resolver gives it the place's name once the article's place is known."""
    out = []
    spans = [(c.start, c.end) for c in taken]
    for m in DEICTIC_DEPARTMENT.finditer(text):
        body = m.group(2).removesuffix("派出所")  # 派出, a stop word, is in the head word
        if any(s <= m.start() < e for s, e in spans) or lex.long_stop_at.search(body) or \
                any(ch in lex.left_stops for ch in body):
            continue
        out.append(Candidate(m.start(), m.end(), "ORG", m.group(0).lstrip("我本"), "org.deictic_department",
                             make_attrs(deictic_level=LEVEL_OF[m.group(1)]), priority=0))
    return out


def _committee_departments(text: str, lex: OrgLexicon, places: list[Candidate],
                           taken: list[Candidate]) -> list[Candidate]:
    """A department written after its committee's 常委 post (某县委常委、宣传部部长 → 某县委宣传部,
    the mention 宣传部), or after the committee's level word alone (县委宣传部, 县委常委、宣传部):
    then a department of the article's place, named once that is known, as 县农业农村局 is."""
    out = []
    place_ends = {p.end: p for p in places}
    for m in lex.committee_department_at.finditer(text):
        start = m.start(3) if m.group(2) else m.start()
        if _overlaps(taken, start, m.end()):
            continue  # 某县委宣传部: the place organ has it
        level = m.group(1)[0]
        place = place_ends.get(m.start(1)) or (place_ends.get(m.start(1) + 1)
                                                  if text[m.start(1):m.start(1) + 1] == level else None)
        if place is not None:  # 某某县|委, 某县|县委 (a county named by one character)
            name = text[place.start:m.end(1)] + m.group(3)
            out.append(Candidate(start, m.end(), "ORG", name, "org.committee_department",
                                 make_attrs(in_place=place.name), priority=1, aliases=(m.group(3),)))
        elif m.start(1) == 0 or not HAN.match(text[m.start(1) - 1]) or text[m.start(1) - 1] in lex.left_stops:
            out.append(Candidate(start, m.end(), "ORG", m.group(1) + m.group(3), "org.committee_department",
                                 make_attrs(deictic_level=LEVEL_OF[level]), priority=0, aliases=(m.group(3),)))
    return out


LOCAL_ORGAN = re.compile(r"(?<![\u4e00-\u9fff])(镇|乡|街道)(党委|党工委|人民政府|政府)")


def _local_organs(text: str, places: list[Candidate], taken: list[Candidate], reach: int = 30) -> list[Candidate]:
    """在某乡，乡党委推行…: a bare township organ opening a clause is that of the township named
    just before it in the sentence (its level word the same)."""
    out = []
    for m in LOCAL_ORGAN.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        level = m.group(1)
        before = [p for p in places if m.start() - reach <= p.end <= m.start() and p.name.endswith(level)
                  and not SENTENCE_BREAK.search(text, p.end, m.start())]
        if before:
            place = before[-1]
            out.append(Candidate(m.start(), m.end(), "ORG", place.name + m.group(2), "org.local_organ",
                                 make_attrs(in_place=place.name), priority=1, aliases=(m.group(0),)))
    return out


BYLINE_PAPER = re.compile(r"(?m)^[ \t\u3000]*([\u4e00-\u9fff]{2,8}报)(?=(?:特约|见习|实习|融媒体?|全媒体)?记者|通讯员)")


def _byline_papers(text: str, taken: list[Candidate]) -> list[Candidate]:
    """某某报记者 opening a line: a newspaper whose name ends in 报 alone (林芝报), which only a
    byline tells from 汇报 or 简报."""
    return [_org(m.start(1), m.end(1), m.group(1), "org.byline_paper") for m in BYLINE_PAPER.finditer(text)
            if not _overlaps(taken, m.start(1), m.end(1))]


def _overlaps(taken: list[Candidate], start: int, end: int) -> bool:
    """Whether [start, end) overlaps a candidate already taken."""
    return any(c.start < end and start < c.end for c in taken)


def find_orgs(text: str, lex: OrgLexicon, places: list[Candidate],
              titles: tuple[str, ...] = ()) -> list[Candidate]:
    """All ORG candidates in ``text`` (pure); ``places`` are the PLACE candidates."""
    out = _place_organs(text, lex, places, titles)
    out += _institutions(text, lex)
    out += _byline_papers(text, out)
    for name in lex.national_orgs:
        out += [_org(i, i + len(name), name, "org.national") for i in occurrences(text, name)]
    out = [c for c in out if c.name not in lex.generic]
    out += _deictic_departments(text, lex, out)
    out += _committee_departments(text, lex, places, out)
    out += _local_organs(text, places, out)
    return _with_party_prefix(text, out + _abbreviations(text, lex, out))


def _with_party_prefix(text: str, cands: list[Candidate]) -> list[Candidate]:
    """中共某县委宣传部: the party prefix belongs to the name; the short form stays an alias."""
    out = []
    for c in cands:
        if text.endswith("中共", 0, c.start) and c.rule != "org.abbrev":
            c = Candidate(c.start - 2, c.end, c.type, "中共" + c.name, c.rule, c.attrs, c.priority,
                          (c.name, *c.aliases))
        out.append(c)
    return out


def _org(start: int, end: int, surface: str, rule: str, chain: list[Candidate] | None = None) -> Candidate:
    name = surface
    if chain and len(chain) > 1:  # 某区某乡党委 → 某乡党委: the innermost place names the organ
        last = chain[-1]
        name = last.name + surface[last.end - start:]
    elif chain and surface[chain[0].end - start:] in ("党委", "党工委", "纪委", "政府", "人民政府"):
        name = chain[0].name + surface[chain[0].end - start:]
    return Candidate(start, end, "ORG", name, rule, priority=1)


THIS_PAPER = re.compile(r"本报(?=讯|记者|通讯员|特约记者|评论员)")
PAPER_SUFFIXES = ("报", "报社", "电视台", "融媒体中心", "新闻网")
SOURCE_SUFFIXES = PAPER_SUFFIXES + ("网",)  # a site named in the body (某某网讯) is no 本报


def this_paper(text: str, source: str) -> list[Candidate]:
    """本报记者, 本报讯: the outlet the article's metadata names as its source (a newspaper,
    station or news site), mentioned as 本报, as 我市 mentions the city, or by its name
    (某某网-某客户端讯; in the metadata lines themselves it is no mention)."""
    source = source.strip()
    if not source.endswith(SOURCE_SUFFIXES) or not 2 < len(source) <= 20:
        return []
    named = [Candidate(i, i + len(source), "ORG", source, "org.this_paper", priority=0) for i in occurrences(text, source)]
    if not source.endswith(PAPER_SUFFIXES):
        return named
    return [Candidate(m.start(), m.end(), "ORG", source, "org.this_paper", priority=0) for m in THIS_PAPER.finditer(text)] + named


class OrgRecognizer(Recognizer):
    def load(self) -> None:
        self.lexicon = load_lexicon()
        self.titles = load_titles()  # 某局局长: a title ends the name

    def match(self, doc: Doc) -> list[Candidate]:
        text = text_of(doc)
        source = str((doc._.kg_meta or {}).get("source") or "")
        return find_orgs(text, self.lexicon, sorted(candidates_of(doc, "PLACE"), key=lambda c: c.start),
                         self.titles) + this_paper(text, source)


@Language.factory("kg_orgs", assigns=["doc._.kg_candidates"], requires=["doc._.kg_candidates"])
def make_org_recognizer(nlp: Language, name: str) -> OrgRecognizer:
    return OrgRecognizer(nlp, name)
