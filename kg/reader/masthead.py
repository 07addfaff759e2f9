"""An e-paper page's masthead: the paper, its date and page, above or below the title.

Re-posts of newspaper e-editions open with lines such as ``某某日报数字报 | 2023年10月12日 |
第A02版:要闻`` (one line or three) or carry ``《某某日报》（2023年06月19日 第04版）``
under the byline. The paper is the article's source, and the title is the first line
after such a block that looks like one (not a page link, not a byline). Cue words come
from ``data/reader/metadata.yaml`` (``outlet_suffixes``, ``epaper_words``, ``page_links``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from kg.reader.bylines import HAN, longest_alternation
from kg.reader.rules import MetadataCues

PAGE = re.compile(r"第\s*[A-Za-z]?\d{1,3}\s*版")
REACH = 8  # lines from the top where a masthead may stand
SPREAD = 2  # lines between the paper's name and its page number


@dataclass(frozen=True)
class Masthead:
    paper: str
    first: int  # the lines the masthead takes, first to last
    last: int


@lru_cache(maxsize=8)
def _paper_re(c: MetadataCues) -> re.Pattern[str]:
    """A newspaper's name (an outlet suffix ending in 报), maybe in 《》, then maybe 数字报:
    and no more Han characters right after it."""
    papers = tuple(s for s in c.outlet_suffixes if s.endswith("报"))
    return re.compile(rf"(?<![{HAN}])《?\s*(?P<paper>[{HAN}]{{2,10}}?(?:{longest_alternation(papers)}))\s*》?"
                      rf"(?:{longest_alternation(c.epaper_words)})?(?![{HAN}])")


@lru_cache(maxsize=8)
def _links_re(c: MetadataCues) -> re.Pattern[str]:
    return re.compile(longest_alternation(c.page_links))


def find_masthead(lines: Sequence[str], cues: MetadataCues) -> Masthead | None:
    """The first masthead among the top lines: a line with a page number whose line, or one
    of the two before it, names a paper."""
    paper_re = _paper_re(cues)
    for i, line in enumerate(lines[:REACH]):
        if not PAGE.search(line):
            continue
        for j in range(i, max(-1, i - SPREAD - 1), -1):
            m = paper_re.search(lines[j]) if len(lines[j]) <= 80 else None
            if m:
                return Masthead(m.group("paper"), j, i)
        return None
    return None


def page_link(line: str, cues: MetadataCues) -> bool:
    """Whether ``line`` holds the e-paper's own links (上一版, 下一篇, 返回目录)."""
    return _links_re(cues).search(line) is not None
