"""Comparable forms of names, as the annotation guide (section 6) defines them.

A name is folded to simplified script (when OpenCC is available), stripped of quotes,
brackets and white space, and offered both in full and with one trailing generic
head (活动, 机制, 工作法 …) removed, so that “某某”活动 and 某某 compare equal.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, Mapping

STRIP = re.compile(r"[“”‘’\"'「」『』《》〈〉()（）\[\]【】\s]")

#: generic heads, longest first, so that 专项行动 is tried before 行动
GENERIC_HEADS: tuple[str, ...] = tuple(sorted(
    "活动 实践活动 行动 专项行动 工程 计划 项目 机制 模式 制度 体系 工作法 服务模式 发展模式 长效机制".split(),
    key=len,
    reverse=True,
))


@lru_cache(maxsize=1)
def _to_simplified() -> Callable[[str], str] | None:
    try:
        import opencc

        return opencc.OpenCC("t2s").convert
    except Exception:  # the scorer works without OpenCC, as the reference one does
        return None


def strip_marks(text: str | None) -> str:
    """``text`` without quotes, brackets and white space (no script folding)."""
    return STRIP.sub("", text or "")


def name_forms(text: Any) -> frozenset[str]:
    """The comparable forms of one name: full, and with one generic head removed."""
    if not isinstance(text, str):
        return frozenset()
    convert = _to_simplified()
    s = strip_marks(convert(text) if convert else text)
    if not s:
        return frozenset()
    forms = {s}
    for head in GENERIC_HEADS:
        if s.endswith(head) and len(s) > len(head) + 1:
            forms.add(s[: -len(head)])
            break
    return frozenset(forms)


def entity_forms(entity: Mapping[str, Any]) -> frozenset[str]:
    """Every comparable form of an entity's name and aliases."""
    forms: set[str] = set()
    for name in [entity.get("name"), *(entity.get("aliases") or [])]:
        forms |= name_forms(name)
    return frozenset(forms)
