"""Bylines and credits: reporters, photographers, editors (part of reading metadata).

Pure functions over normalized text, driven by the cue words of
``data/reader/metadata.yaml`` and the family names of ``data/lexicons/surnames.txt``:

- ``find_bylines``: ``记者 张三``, ``通讯员:李四 王五``, ``XX日报记者张三近日…`` (an
  outlet in front, the name glued to the first sentence), ``作者:X``, ``文/X``. A
  byline whose names are followed by 摄/摄影/图 is a photo credit, not authorship
  (the gold lists the photographer as a reporter entity but not as an author).
- ``find_outlet``: the outlet of such a byline or of a news-flash opener ``XX日报讯``.
- ``find_editors``: ``编辑:X``, ``责编:X``, ``(责任编辑:X)``, ``终审:X`` ….
- ``trailing_names``: a bare credit ``(张三)`` closing the article.

A name is 2–4 Han characters. After an explicit separator (colon, space) any such
token that is not a known non-name counts (pen names included); a name
glued to the label or to the following sentence must start with a family name and
be followed by a word that opens a sentence (近日, 近年来, 在 …), a digit or 摄.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.reader.rules import MetadataCues

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
NAME = re.compile(f"[{HAN}]{{2,4}}")
TOKENS = re.compile(r"(?P<sep>[\s、,，/|｜]+)|(?P<stop>[()（）\[\]【】<>《》])|(?P<word>[^\s、,，/|｜()（）\[\]【】<>《》]+)")
TRAILING_CREDIT = re.compile(rf"[(（]([{HAN} 、]{{2,30}})[)）]$")
MAX_NAMES = 8
LOOKAHEAD = 80


@dataclass(frozen=True)
class Byline:
    start: int                 # offset of the label (or the outlet before it)
    outlet: str | None
    names: tuple[str, ...]
    photo: bool = False
    glued_at: int | None = None   # offset where the article sentence begins, if glued to the name


def longest_alternation(words: tuple[str, ...]) -> str:
    """The words as one regular-expression alternation, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class BylineCues:
    cues: MetadataCues
    surnames: frozenset[str]

    @property
    def byline_re(self) -> re.Pattern[str]:
        return _byline_re(self.cues)

    @property
    def editor_re(self) -> re.Pattern[str]:
        return _editor_re(self.cues)

    def has_surname(self, name: str) -> bool:
        return name[:1] in self.surnames or name[:2] in self.surnames


@lru_cache(maxsize=8)
def _byline_re(c: MetadataCues) -> re.Pattern[str]:
    outlet = rf"(?P<outlet>[{HAN}]{{2,12}}?(?:{longest_alternation(c.outlet_suffixes)}))"
    label = (rf"(?:{outlet}|(?:{longest_alternation(c.outlet_placeholders)}))?(?:{longest_alternation(c.author_label_prefixes)})?"
             rf"(?:{longest_alternation(c.author_labels)})(?P<sep>\s*[:：]\s*|\s+)?")
    slash = rf"(?:{longest_alternation(c.slash_author_labels)})\s*(?P<slash>[/|｜:：])\s*"
    after_flash = "".join(f"|(?<={re.escape(m)})" for m in c.flash_markers)
    return re.compile(rf"(?:(?<![{HAN}]){after_flash})(?:{label}|{slash})")


@lru_cache(maxsize=8)
def _flash_re(c: MetadataCues) -> re.Pattern[str]:
    return re.compile(rf"(?m)^(?P<outlet>[{HAN}]{{2,12}}?(?:{longest_alternation(c.outlet_suffixes)}))(?:{longest_alternation(c.flash_markers)})")


def find_outlet(text: str, bc: BylineCues) -> str | None:
    """The outlet of the first byline (``XX日报记者…``) or news-flash opener (``XX融媒体中心讯``)."""
    found = [(b.start, b.outlet) for b in find_bylines(text, bc) if b.outlet]
    found += [(m.start(), m.group("outlet")) for m in _flash_re(bc.cues).finditer(text)]
    return min(found)[1] if found else None


@lru_cache(maxsize=8)
def _editor_re(c: MetadataCues) -> re.Pattern[str]:
    return re.compile(rf"(?<![{HAN}])(?:{longest_alternation(c.editor_labels)})\s*[:：]\s*")


def split_token(token: str, bc: BylineCues, need_surname: bool) -> tuple[str, str] | None:
    """``(name, rest)`` when ``token`` is a name or a name glued to following words."""
    c = bc.cues
    if NAME.fullmatch(token) and token not in c.not_names and token not in c.sentence_openers:
        if not need_surname or bc.has_surname(token):
            return token, ""
    for k in (2, 3, 4):
        name, rest = token[:k], token[k:]
        if not rest or not NAME.fullmatch(name) or name in c.not_names or not bc.has_surname(name):
            continue
        if rest[0].isdigit() or rest.startswith(c.sentence_openers) or rest.startswith(c.photo_markers):
            return name, rest
    return None


def parse_names(text: str, bc: BylineCues, need_surname: bool = False) -> tuple[list[str], bool, int | None]:
    """Names at the start of ``text``: ``(names, is_photo_credit, offset_of_glued_rest)``."""
    names: list[str] = []
    for m in TOKENS.finditer(text[:LOOKAHEAD].split("\n", 1)[0]):
        if m.group("sep"):
            continue
        word = m.group("word")
        if word is None or len(names) >= MAX_NAMES:
            break
        if word.startswith(bc.cues.photo_markers):   # 摄, 摄影报道, 图 …
            return names, bool(names), None
        split = split_token(word, bc, need_surname and not names)
        if split is None:
            break
        names.append(split[0])
        if split[1]:
            if split[1].startswith(bc.cues.photo_markers):
                return names, True, None
            return names, False, m.start() + len(split[0])
    return names, False, None


def find_bylines(text: str, bc: BylineCues, offset: int = 0) -> list[Byline]:
    """Every author byline in ``text`` (offsets shifted by ``offset``)."""
    found: list[Byline] = []
    for m in bc.byline_re.finditer(text):
        glued_label = m.group("sep") is None and m.group("slash") is None
        names, photo, glued = parse_names(text[m.end():], bc, need_surname=glued_label)
        if names:
            glued_at = None if glued is None else offset + m.end() + glued
            found.append(Byline(offset + m.start(), m.group("outlet"), tuple(names), photo, glued_at))
    return found


def find_editors(text: str, bc: BylineCues) -> list[str]:
    """Editor names from 编辑/责编/终审 … credits, in order of appearance."""
    names: list[str] = []
    for m in bc.editor_re.finditer(text):
        found, _, glued = parse_names(text[m.end():], bc)
        names.extend(found if glued is None else found[:-1])
    return names


def trailing_names(line: str, bc: BylineCues) -> list[str]:
    """Names of a bare credit in parentheses closing ``line``: ``…提升。(张三 李四)``."""
    m = TRAILING_CREDIT.search(line)
    if not m:
        return []
    parts = [p for p in re.split(r"[\s、]+", m.group(1)) if p]
    if parts and all(NAME.fullmatch(p) and bc.has_surname(p) and p not in bc.cues.not_names for p in parts):
        return parts
    return []
