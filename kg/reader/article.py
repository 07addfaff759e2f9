"""One raw document → one ``Article``: normalize, remove furniture, read metadata.

The last step of the reader stage (decoded text → normalized ``Article``). The text
of the article is the title line and the body, one paragraph per line, with page
furniture gone. Two safe, text-preserving repairs are made: a title glued to the
body on one line (``标题 2022-11-16 10:04 正文…``) and a byline glued to the first
sentence (``XX日报记者张三近年来,…``) are put on lines of their own. No byline text
is deleted: reporters and outlets are entities of the annotation guide.
"""
from __future__ import annotations

import logging
import re

from kg.reader.base import RawDoc, ReadError
from kg.reader.bylines import BylineCues, find_bylines
from kg.reader.furniture import remove_furniture
from kg.reader.metadata import HEAD, TitleSpot, find_title, merge_hints, parse_date, read_meta
from kg.reader.normalize import normalize_lines, normalize_text
from kg.reader.rules import ReaderData
from kg.records import Article, Meta

log = logging.getLogger("kg")


def _split(lines: list[str], index: int, at: int) -> None:
    head, tail = lines[index][:at].rstrip(), lines[index][at:].lstrip()
    lines[index: index + 1] = [part for part in (head, tail) if part]


def _split_glued_byline(lines: list[str], bc: BylineCues) -> None:
    text = "\n".join(lines)
    for byline in find_bylines(text[:HEAD], bc):
        if byline.glued_at is None or (byline.start and text[byline.start - 1] != "\n"):
            continue
        index = text.count("\n", 0, byline.glued_at)
        line_start = text.rfind("\n", 0, byline.glued_at) + 1
        _split(lines, index, byline.glued_at - line_start)
        return


def web_url(url: str | None) -> str | None:
    """The page address when it is an absolute http(s) URL; anything else (javascript:,
    data:, a relative path) is no address to keep."""
    url = (url or "").strip()
    return url if re.match(r"https?://[^\s<>\"{}|\\^`]+$", url, re.I) else None


def _normalized_hints(hints: Meta, path: str) -> Meta:
    def norm(value: str | None) -> str | None:
        return normalize_text(value).replace("\n", " ") or None if value else None

    date = parse_date(hints.date) if hints.date else None
    if hints.date and date is None:
        log.warning("%s: ignoring date %r: not a recognizable date", path, hints.date[:40])
    return Meta(
        title=norm(hints.title), date=date, source=norm(hints.source),
        authors=tuple(filter(None, map(norm, hints.authors))),
        editors=tuple(filter(None, map(norm, hints.editors))), url=web_url(hints.url),
    )


def make_article(raw: RawDoc, data: ReaderData, empty_reason: str = "only white space, no text") -> Article:
    """Normalize ``raw`` into an ``Article``; ``ReadError`` when no article text is left."""
    lines = normalize_lines(raw.text)
    if not lines:
        raise ReadError(raw.path, empty_reason)
    cleaned = remove_furniture(lines, data.furniture)
    lines = list(cleaned.lines)
    if not lines:
        raise ReadError(raw.path, "nothing left after removing page furniture "
                                  "(navigation, share buttons, credits): not an article")
    bc = BylineCues(data.cues, data.surnames)
    hints = _normalized_hints(raw.hints, raw.path)
    if hints.title:
        spot = TitleSpot(hints.title)
        if hints.title not in lines[:5]:
            lines.insert(0, hints.title)
    else:
        spot = find_title(lines, data.cues, bc)
        if spot.split_at is not None:
            _split(lines, spot.line, spot.split_at)
        elif spot.title and spot.span == 1:
            lines[spot.line] = spot.title   # the same line, with the title's white space tidied
    _split_glued_byline(lines, bc)
    text = "\n".join(lines)
    meta = merge_hints(read_meta(text, cleaned.meta_text, bc, spot.title), hints)
    return Article(doc_id=raw.doc_id, text=text, meta=meta, path=raw.path)
