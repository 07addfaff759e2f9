"""A small Cypher script reader for the tests: statements, string literals and comments.

It knows what can hide a ``;`` or a quote in a script: single- and double-quoted strings
with backslash escapes, backtick names with doubled backticks, ``//`` comments and
cypher-shell ``:param`` lines. A script whose literals are escaped right splits into exactly
the statements it was built from, and each literal decodes to the text that went in.
"""
from __future__ import annotations

from dataclasses import dataclass, field

_ESC = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


class CypherParseError(ValueError):
    pass


@dataclass
class Script:
    statements: list[str] = field(default_factory=list)   # code only: literals replaced by '…', names kept
    literals: list[str] = field(default_factory=list)     # decoded string literals, in order
    names: list[str] = field(default_factory=list)        # backtick-quoted names, decoded
    params: list[str] = field(default_factory=list)       # :param lines as written


def _string(text: str, i: int, quote: str) -> tuple[str, int]:
    out, i = [], i + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            nxt = text[i + 1]
            if nxt == "u":
                out.append(chr(int(text[i + 2:i + 6], 16)))
                i += 6
                continue
            if nxt not in _ESC:
                raise CypherParseError(f"bad escape \\{nxt} at {i}")
            out.append(_ESC[nxt])
            i += 2
            continue
        if ch == quote:
            return "".join(out), i + 1
        if ch == "\n":
            raise CypherParseError(f"line break inside a string literal at {i}")
        out.append(ch)
        i += 1
    raise CypherParseError("unterminated string literal")


def parse_script(text: str) -> Script:
    sc = Script()
    code: list[str] = []
    i = 0
    at_line_start = True
    while i < len(text):
        ch = text[i]
        if at_line_start and ch == ":":
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            line = text[i:end]
            sc.params.append(line)
            j = line.find("=>")
            if j >= 0:
                k = j + 2
                while k < len(line) and line[k] == " ":
                    k += 1
                if k < len(line) and line[k] in "'\"":
                    value, stop = _string(line, k, line[k])
                    sc.literals.append(value)
                    if line[stop:].strip():
                        raise CypherParseError(f"text after a :param value: {line[stop:]!r}")
            i = end
            continue
        at_line_start = False
        if ch in "'\"":
            value, i = _string(text, i, ch)
            sc.literals.append(value)
            code.append("'…'")
            continue
        if ch == "`":
            j = i + 1
            buf = []
            while True:
                k = text.index("`", j)
                buf.append(text[j:k])
                if text[k + 1:k + 2] == "`":
                    buf.append("`")
                    j = k + 2
                    continue
                break
            sc.names.append("".join(buf))
            code.append(text[i:k + 1])
            i = k + 1
            continue
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        if ch == ";":
            stmt = "".join(code).strip()
            if stmt:
                sc.statements.append(stmt)
            code = []
            i += 1
            continue
        if ch == "\n":
            at_line_start = True
        code.append(ch)
        i += 1
    if "".join(code).strip():
        raise CypherParseError(f"text after the last ';': {''.join(code).strip()[:80]!r}")
    return sc
