"""HTML pages → visible text and the metadata their ``<head>`` states (format reader).

Parsed with selectolax (lexbor). What a reader of the page would not see is left
out: ``script``, ``style``, ``noscript``, ``template``, ``iframe``, ``svg``, form
controls, comments, and elements hidden with ``hidden``, ``aria-hidden`` or an inline
``display:none``/``visibility:hidden``. Block elements (``p``, ``div``, ``li``, ``h1``,
``br``, ``tr`` …) end a line; table cells are separated by a space; ``pre`` keeps
its line breaks. ``<title>`` (minus a short site-name suffix), ``og:title`` and the
``<meta>`` names listed under ``html_meta`` in ``data/reader/metadata.yaml`` give
title, date, source, authors and URL hints. Links are read as their text only, so
``javascript:`` URLs never reach the output.
"""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from kg.reader.metadata import strip_site_name
from kg.reader.rules import MetadataCues
from kg.records import Meta

DROP = frozenset({"script", "style", "noscript", "template", "iframe", "frame", "frameset", "svg", "math",
                  "object", "embed", "canvas", "select", "option", "button", "input", "textarea", "head",
                  "audio", "video", "map", "-comment", "-doctype"})
BLOCK = frozenset({"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
                   "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
                   "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
                   "section", "summary", "table", "tbody", "thead", "tfoot", "title", "tr", "ul"})
CELLS = frozenset({"td", "th"})
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
SPACE = re.compile(r"\s+")
AUTHOR_SPLIT = re.compile(r"[\s,，、;；/|]+")


def _hidden(node: LexborNode) -> bool:
    attrs = node.attributes
    if not attrs:
        return False
    return ("hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true"
            or bool(HIDDEN_STYLE.search(attrs.get("style") or "")))


def visible_text(tree: LexborHTMLParser) -> str:
    """The text a browser shows, with line breaks at block boundaries."""
    root = tree.body or tree.root
    if root is None:
        return ""
    out: list[str] = []
    pre = 0
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:   # iterative: deeply nested pages cannot overflow the Python stack
        node, leaving = stack.pop()
        tag = node.tag or ""
        if leaving:
            pre -= tag == "pre"
            out.append("\n" if tag in BLOCK else " " if tag in CELLS else "")
            continue
        if tag == "-text":
            text = node.text_content or ""
            out.append(text if pre else SPACE.sub(" ", text))
            continue
        if tag in DROP or _hidden(node):
            continue
        if tag == "br":
            out.append("\n")
            continue
        if tag in BLOCK:
            out.append("\n")
        pre += tag == "pre"
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    return "".join(out)


def _meta_values(tree: LexborHTMLParser) -> dict[str, str]:
    values: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("name") or attrs.get("property") or attrs.get("itemprop")
        content = (attrs.get("content") or "").strip()
        if key and content:
            values.setdefault(key.strip().lower(), content)
    canonical = tree.css_first('link[rel="canonical"]')
    if canonical is not None and canonical.attributes.get("href"):
        values.setdefault("canonical", canonical.attributes["href"] or "")
    return values


def _first(values: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((values[n.lower()] for n in names if values.get(n.lower())), None)


def page_hints(tree: LexborHTMLParser, cues: MetadataCues) -> Meta:
    """Metadata the page states in its ``<head>``."""
    values = _meta_values(tree)
    title = _first(values, cues.meta_names("title"))
    if not title:
        node = tree.css_first("title")
        title = node.text() if node is not None else None
    title = strip_site_name(SPACE.sub(" ", title), cues) if title else None
    authors = _first(values, cues.meta_names("authors"))
    return Meta(
        title=title or None,
        date=_first(values, cues.meta_names("date")),
        source=_first(values, cues.meta_names("source")),
        authors=tuple(a for a in AUTHOR_SPLIT.split(authors) if a) if authors else (),
        url=_first(values, cues.meta_names("url")) or values.get("canonical"),
    )


def read_html(markup: str, cues: MetadataCues) -> tuple[str, Meta]:
    """``(visible text, metadata hints)`` of an HTML page."""
    tree = LexborHTMLParser(markup)
    return visible_text(tree), page_hints(tree, cues)
