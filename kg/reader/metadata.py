"""Metadata from a normalized article: title, date, source, authors, editors.

Runs after furniture removal (``kg.reader.article`` calls ``read_meta``). Rules,
in the order they are tried; what the container states (an HTML ``<meta>``, a
JSONL field: the ``hints``) wins over what is read from the text:

- **title**: on an e-paper page, the first title-like line after its masthead (or before
  it, when the masthead comes under the byline); else the line just before the dateline
  (a line near the top with the date and/or 来源), or the part of the first line before a
  glued ``date time`` (``标题 2022-11-16 10:04 正文…``, split off into its own line), else
  the first line. A subtitle line after it (``——记某某``) is part of it; white space
  around a dash ``——`` is dropped.
- **date**: a labelled date (发布时间:, 时间: …) anywhere, else the first date in the
  first ``HEAD`` characters; ``2022-11-16 10:04``, ``2022年11月16日``, ``2022/11/16``
  and ``二〇二二年十一月十六日`` give ``2022-11-16``; a labelled ``2022年11月`` gives ``2022-11``.
- **source**: ``来源:X`` (not inside quotes, and not a placeholder like 本站), else the
  paper of an e-paper masthead (``kg.reader.masthead``), else the outlet of a byline
  ``XX日报记者…`` or of a news-flash opener ``XX融媒体中心讯``.
- **authors**: bylines (``kg.reader.bylines``) in the first ``HEAD`` and last
  ``TAIL`` characters, photo credits excluded, plus a bare ``(张三)`` closing the text.
- **editors**: every editor credit, including those furniture removal took out.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Sequence

from kg.reader.bylines import HAN, BylineCues, find_bylines, find_editors, find_outlet, trailing_names
from kg.reader.masthead import find_masthead, page_link
from kg.reader.rules import MetadataCues
from kg.records import Meta

HEAD = 300
TAIL = 200
CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"|(?P<cy>[〇零一二三四五六七八九]{4})年(?P<cm>[一二三四五六七八九十]{1,2})月(?P<cd>[一二三四五六七八九十]{1,3})日"
)
MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})(?!\d)\s*月?")
TIME = re.compile(r"\s*(?:[T ]\s*)?\d{1,2}:\d{2}")
DASH = re.compile(r"\s*(——|—|--)\s*")
SENTENCE_END = ("。", "；", ";", "，", ",")
SUBTITLE_DASHES = ("——", "—", "--")


def _cn_number(s: str) -> int:
    if "十" not in s:
        return int("".join(str(CN_DIGITS[c]) for c in s))
    tens, _, ones = s.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def _iso(m: re.Match[str]) -> str | None:
    if m.group("y"):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    else:
        y, mo, d = _cn_number(m.group("cy")), _cn_number(m.group("cm")), _cn_number(m.group("cd"))
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first valid date in ``text`` as ISO ``YYYY-MM-DD``; ``YYYY-MM`` when only a month is given."""
    for m in DATE.finditer(text):
        iso = _iso(m)
        if iso:
            return iso
    m = MONTH.search(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    return None


@lru_cache(maxsize=32)
def _label_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?<![{HAN}“‘\"'「『])(?:{alt})\s*[:：]\s*")


def find_date(text: str, cues: MetadataCues) -> str | None:
    for m in _label_re(cues.date_labels).finditer(text):
        found = parse_date(text[m.end(): m.end() + 24])
        if found:
            return found
    for m in DATE.finditer(text[:HEAD]):
        if _iso(m):
            return _iso(m)
    return None


def find_source(text: str, cues: MetadataCues) -> str | None:
    for m in _label_re(cues.source_labels).finditer(text):
        value = re.match(r"[^\s:：|｜()（）\[\]【】]{2,40}", text[m.end():])
        if value:
            name = value.group(0).rstrip("。,，;；")
            if name and name not in cues.ignore_sources:
                return name
    return None


def _dateline(line: str, cues: MetadataCues) -> re.Match[str] | None:
    head = line[:100]
    date = DATE.search(head)
    label = _label_re(cues.source_labels + cues.date_labels).search(head)
    found = [m for m in (date, label) if m]
    return min(found, key=lambda m: m.start()) if found else None


def title_like(line: str, cues: MetadataCues, bc: BylineCues | None = None) -> bool:
    """Whether ``line`` may be a title: a short run of words, no dateline, no sentence end;
    with ``bc``, no byline either (本报记者 某某)."""
    han = len(re.findall(f"[{HAN}]", line))
    return (han >= 4 and len(line) <= 80 and not line.endswith(SENTENCE_END)
            and _dateline(line, cues) is None and not line.startswith(("[", "【", "(", "（"))
            and not (bc is not None and _byline_line(line, bc)))


def _byline_line(line: str, bc: BylineCues) -> bool:
    return any(b.start <= 2 and b.names for b in find_bylines(line, bc))


@dataclass(frozen=True)
class TitleSpot:
    title: str | None
    line: int = 0
    split_at: int | None = None   # the title is glued to the text: break line ``line`` here
    span: int = 1  # lines the title takes: 2 with a subtitle line (——记某某)


def _spot(lines: Sequence[str], j: int) -> TitleSpot:
    """The title on line ``j``, with the subtitle line after it (——记某村党支部书记某某)."""
    nxt = lines[j + 1].strip() if j + 1 < len(lines) else ""
    if nxt.startswith(SUBTITLE_DASHES) and len(nxt) <= 80 and not nxt.endswith(SENTENCE_END):
        return TitleSpot(clean_title(lines[j] + nxt), j, span=2)
    return TitleSpot(clean_title(lines[j]), j)


def _under_masthead(lines: Sequence[str], cues: MetadataCues, bc: BylineCues | None) -> TitleSpot | None:
    """The title of an e-paper page: the first title-like line after a masthead that opens the
    page, else before the masthead (a title, its byline, then 《某某日报》（…第04版）)."""
    head = find_masthead(lines, cues)
    if head is None:
        return None
    after = range(head.last + 1, min(len(lines), head.last + 6))
    for j in (after if head.first == 0 else range(head.first)):
        if not page_link(lines[j], cues) and title_like(lines[j], cues, bc):
            return _spot(lines, j)
    return None


def find_title(lines: Sequence[str], cues: MetadataCues, bc: BylineCues | None = None) -> TitleSpot:
    if (paper_title := _under_masthead(lines, cues, bc)) is not None:
        return paper_title
    for i, line in enumerate(lines[:6]):
        m = _dateline(line, cues)
        if m is None:
            continue
        prefix = line[: m.start()].strip()
        glued_date = m.re is DATE and TIME.match(line, m.end())
        if i == 0 and prefix and title_like(prefix, cues) and (glued_date or m.re is not DATE):
            return TitleSpot(clean_title(prefix), 0, m.start())
        if i > 0 and m.start() <= 40 and len(line) <= 200:
            for j in range(i - 1, -1, -1):
                if title_like(lines[j], cues, bc):
                    return _spot(lines, j)
        break
    if lines and title_like(lines[0], cues):
        return _spot(lines, 0)
    return TitleSpot(None)


def clean_title(title: str) -> str:
    return DASH.sub(r"\1", title).strip()


def strip_site_name(title: str, cues: MetadataCues) -> str:
    """``标题_XX网`` → ``标题``: an HTML ``<title>`` minus a short trailing site name."""
    for sep in cues.title_separators:
        head, found, tail = title.rpartition(sep)
        if found and len(tail.strip()) <= 20 and len(head.strip()) >= 4:
            return head.strip()
    return title.strip()


def _dedupe(names: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def read_meta(text: str, meta_text: Sequence[str], bc: BylineCues, title: str | None) -> Meta:
    """Metadata of one normalized article ``text`` (title already found by ``find_title``)."""
    cues = bc.cues
    extra = "\n".join(meta_text)
    head_bylines = find_bylines(text[:HEAD], bc)
    tail_start = max(HEAD, len(text) - TAIL)
    bylines = head_bylines + find_bylines(text[tail_start:], bc, offset=tail_start)
    authors = [n for b in bylines if not b.photo for n in b.names]
    authors += trailing_names(text.rsplit("\n", 1)[-1], bc)
    outlet = find_outlet(text[:HEAD], bc)
    head = find_masthead(text.split("\n"), cues)
    outlet = head.paper if head is not None else outlet
    return Meta(
        title=title,
        date=find_date(text, cues) or find_date(extra, cues),
        source=find_source(text, cues) or find_source(extra, cues) or outlet,
        authors=_dedupe(authors),
        editors=_dedupe(find_editors(text + "\n" + extra, bc)),
    )


def merge_hints(meta: Meta, hints: Meta) -> Meta:
    """Fields the container states (``hints``) win over fields read from the text."""
    given = {k: v for k, v in hints.to_dict().items() if v not in (None, [], "")}
    for key in ("authors", "editors"):
        if key in given:
            given[key] = tuple(given[key])
    return replace(meta, **given)
