"""Cypher text built safely (scripts → **Cypher literals, names and statements**).

Nothing from the graph is ever pasted into Cypher as is. Values become literals through
:func:`literal` (strings single-quoted with every backslash, quote and control character
escaped), names through :func:`name` (backtick-quoted when not a plain identifier, inner
backticks doubled). Statements that take user text carry it as parameters: the script
shows them as ``:param`` lines (cypher-shell and Neo4j Browser), and :mod:`kg.neo4j.live`
passes them to the driver, so the same statement text serves both.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# the escapes Cypher string literals know; everything else below U+0020 (and the line and
# paragraph separators, which some editors treat as line breaks) becomes \\uXXXX
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r"[\\'\x00-\x1f\x7f\u2028\u2029]")


def string(text: str) -> str:
    """``text`` as a single-quoted Cypher string literal that means exactly ``text``."""
    def esc(m: re.Match) -> str:
        ch = m.group(0)
        return _ESCAPES.get(ch) or f"\\u{ord(ch):04x}"

    return "'" + _NEEDS_ESCAPE.sub(esc, text) + "'"


def name(identifier: str) -> str:
    """A label, relationship type, property or parameter name, backtick-quoted when needed."""
    if _PLAIN_NAME.match(identifier):
        return identifier
    return "`" + identifier.replace("`", "``") + "`"


def literal(value: Any) -> str:
    """A Python value (str, bool, int, float, None, list, dict) as a Cypher literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return string(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{name(str(k))}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Iterable):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def labels(names: Iterable[str]) -> str:
    """``:A:B`` for a node pattern or SET clause."""
    return "".join(":" + name(n) for n in names)


@dataclass(frozen=True)
class Statement:
    """One Cypher statement (no trailing semicolon) with its comment and parameters.

    ``kind`` says what the statement is for: ``schema`` (constraints), ``setup``
    (n10s config, prefixes), ``import`` (the data load), ``check`` (counts after the
    load) or ``example`` (a query a user may run afterwards).
    """

    text: str
    comment: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    kind: str = "setup"

    def __post_init__(self) -> None:
        if self.text.rstrip().endswith(";"):
            raise ValueError("a Statement's text carries no trailing semicolon")


def param_lines(params: Mapping[str, Any]) -> list[str]:
    """``:param name => literal`` lines (cypher-shell and Browser syntax) for a statement's parameters."""
    return [f":param {name(k)} => {literal(v)}" for k, v in params.items()]


def render_script(statements: Iterable[Statement], header: str = "") -> str:
    """A script for ``cypher-shell -f`` or the Browser: header, then each statement after its
    comment and ``:param`` lines, ended by ``;``."""
    out: list[str] = [f"// {line}".rstrip() for line in header.strip().splitlines()]
    for st in statements:
        out.append("")
        out.extend(f"// {line}".rstrip() for line in st.comment.strip().splitlines())
        out.extend(param_lines(st.params))
        out.append(st.text.strip() + ";")
    return "\n".join(out).lstrip("\n") + "\n"


__all__ = ["Statement", "labels", "literal", "name", "param_lines", "render_script", "string"]
