"""Query results as text (query results → **table / CSV / TSV / JSON** for ``kg query``).

CSV, TSV and JSON follow the SPARQL 1.1 result formats (CSV: plain lexical values;
TSV: terms in Turtle syntax; JSON: ``application/sparql-results+json``), so they compare
directly with Jena's output. The table is for people: vocabulary IRIs shortened to
prefixed names, percent-encoded data IRIs shown decoded, wide characters counted twice.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from urllib.parse import unquote

import pyoxigraph as ox

from kg.graph.namespace import PREFIXES
from kg.graph.sparql import Result

FORMATS = ("table", "csv", "tsv", "json")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def lexical(term) -> str:
    """The plain value of a term (CSV): IRI, literal's lexical form, ``_:id`` or empty when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _shorten(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and "/" not in iri[len(ns):]:
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{unquote(iri)}>"


def display(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _shorten(term.value)
    return lexical(term)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str, limit: int) -> str:
    text = text.replace("\n", " ")
    if width(text) <= limit:
        return text
    out, w = "", 0
    for c in text:
        w += width(c)
        if w > limit - 1:
            return out + "…"
        out += c
    return out


def as_table(res: Result, max_width: int = 48) -> str:
    if res.boolean is not None:
        return "yes" if res.boolean else "no"
    cells = [[_cut(display(t), max_width) for t in row] for row in res.rows]
    widths = [max([width(v)] + [width(r[i]) for r in cells]) for i, v in enumerate(res.variables)]
    pad = lambda s, n: s + " " * (n - width(s))  # noqa: E731
    lines = ["  ".join(pad(v, widths[i]) for i, v in enumerate(res.variables)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(pad(c, widths[i]) for i, c in enumerate(r)).rstrip() for r in cells]
    lines.append(f"({len(res.rows)} row{'s' if len(res.rows) != 1 else ''})")
    return "\n".join(lines)


def as_csv(res: Result, delimiter: str = ",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    if res.boolean is not None:
        w.writerow(["boolean"])
        w.writerow(["true" if res.boolean else "false"])
        return buf.getvalue()
    w.writerow(res.variables)
    for row in res.rows:
        w.writerow([lexical(t) for t in row])
    return buf.getvalue()


def as_tsv(res: Result) -> str:
    """SPARQL TSV: ``?var`` headers and terms in Turtle/N-Triples syntax."""
    if res.boolean is not None:
        return f"?_askResult\n{'true' if res.boolean else 'false'}\n"
    lines = ["\t".join(f"?{v}" for v in res.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in res.rows]
    return "\n".join(lines) + "\n"


def _binding(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    b = {"type": "literal", "value": term.value}
    if term.language:
        b["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != _XSD_STRING:
        b["datatype"] = term.datatype.value
    return b


def as_json(res: Result) -> str:
    if res.boolean is not None:
        return json.dumps({"head": {}, "boolean": res.boolean})
    doc = {"head": {"vars": res.variables},
           "results": {"bindings": [{v: _binding(t) for v, t in zip(res.variables, row) if t is not None}
                                    for row in res.rows]}}
    return json.dumps(doc, ensure_ascii=False, indent=1)


def render(res: Result, fmt: str = "table") -> str:
    """The result in one of :data:`FORMATS`; CONSTRUCT/DESCRIBE answers come out as sorted N-Triples."""
    if res.triples is not None:
        return "".join(sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in res.triples))
    if fmt == "table":
        return as_table(res)
    if fmt == "csv":
        return as_csv(res)
    if fmt == "tsv":
        return as_tsv(res)
    if fmt == "json":
        return as_json(res)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
