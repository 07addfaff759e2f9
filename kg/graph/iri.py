"""Stable IRIs for everything the graph mints (extraction records → **IRIs** → graph → RDF).

An IRI is a pure function of what one record says about a thing, never of the order of
articles or of other articles, so the same entity gets the same IRI in every run and in
every article, and building articles one by one gives the same graph as all at once.

Keys
----
* PLACE with a national administrative code (``attrs.adcode``, 6–12 digits):
  ``{base}place/adcode/{code}``. Two 新山村 under different townships carry different
  codes and stay apart; a code wins over the name, so 陆丰 and 陆丰市 with one code merge.
* any other entity: ``{base}{type}/{name}`` with the *canonical* name normalized
  (:func:`normalize_name`: NFKC, white space and quotation marks dropped, ASCII
  lower-cased) and percent-encoded as UTF-8. Type is part of the key, and the suffix is
  part of the name, so 新街镇 ≠ 新街村, and a PLACE and an ORG of one name stay apart. Records already
  give canonical names (陆丰 → 陆丰市); aliases are attributes, never keys.
* designations ``{base}designation/{name}``; articles ``{base}article/{doc id}``.
* n-ary nodes (relations, posts, metric observations, evidence, mentions):
  ``{base}{kind}/{hash}``, a SHA-256 prefix of the identifying fields, so they are opaque
  but stable.

Every IRI is absolute and pure ASCII: everything outside ``A-Z a-z 0-9 - . _ ~`` in a
key is percent-encoded with upper-case hex, so no space, bare ``%``, ``"<>{}|^``, backtick
or backslash can appear. Keys longer than :data:`MAX_KEY` characters are shortened to a
readable prefix plus a hash. There are no blank nodes anywhere.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterable
from urllib.parse import quote

DEFAULT_BASE_IRI = "https://kg.example.org/id/"
MAX_KEY = 180

ENTITY_PATHS = {"PLACE": "place", "PERSON": "person", "ORG": "org", "PROGRAM": "program", "MECHANISM": "mechanism"}

_QUOTES = "“”‘’\"'「」『』《》〈〉〝〞＂＇`"
_DROP = re.compile(f"[\\s{re.escape(_QUOTES)}\u200b\u200c\u200d\ufeff]+")
_ADCODE = re.compile(r"^\d{6}(\d{3}(\d{3})?)?$")
# RFC 3987 ipath characters we accept in a base IRI; the rest must be percent-encoded
_BASE_OK = re.compile(r"^https?://[A-Za-z0-9.\-]+(:\d+)?(/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*|/?)$|^urn:[A-Za-z0-9][A-Za-z0-9\-]*:[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$")
_PCT_OK = re.compile(r"%(?![0-9A-Fa-f]{2})")


class IRIError(ValueError):
    pass


def normalize_name(name: str) -> str:
    """The form of a name that decides identity: NFKC, no white space or quotes, ASCII lower-case."""
    text = unicodedata.normalize("NFKC", name or "")
    text = _DROP.sub("", text)
    return text.lower()


def check_base(base_iri: str | None) -> str:
    """Return a usable base IRI (the default when ``None``) or raise :class:`IRIError` saying what to fix."""
    base = DEFAULT_BASE_IRI if base_iri is None else base_iri.strip()
    if not base.endswith(("/", "#", ":")):
        raise IRIError(f"base IRI {base!r} must end with '/', '#' or ':' (e.g. {DEFAULT_BASE_IRI})")
    if not base.isascii() or not _BASE_OK.match(base.rstrip("#")) or _PCT_OK.search(base):
        raise IRIError(f"base IRI {base!r} is not an absolute ASCII http(s) or urn IRI without "
                       f"spaces or unsafe characters; use e.g. {DEFAULT_BASE_IRI}")
    return base


def encode_key(key: str) -> str:
    """Percent-encode a key as one IRI path segment (UTF-8, upper-case hex); long keys get a hash tail."""
    if not key:
        return "_"
    enc = quote(key, safe="", encoding="utf-8", errors="surrogatepass")
    if len(enc) <= MAX_KEY:
        return enc
    head = enc[:MAX_KEY - 24]
    head = head[: head.rfind("%")] if "%" in head[-3:] else head
    return f"{head}_{digest(key)[:20]}"


def digest(*parts: Any) -> str:
    """A stable hex digest of ``parts`` (None, numbers and strings keep their distinctions): the
    SHA-256 of each part's ``repr`` followed by U+001F."""
    text = "\x1f".join([*map(repr, parts), ""])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def valid_adcode(code: Any) -> str | None:
    text = str(code).strip() if code is not None else ""
    return text if _ADCODE.match(text) else None


def entity_iri(etype: str, name: str, attrs: dict[str, Any] | None = None, base: str = DEFAULT_BASE_IRI) -> str:
    """The IRI of an entity from its type, canonical name and attributes (only ``adcode`` counts)."""
    path = ENTITY_PATHS.get(etype)
    if path is None:
        path = "entity-" + _name_key(etype)
    if etype == "PLACE":
        code = valid_adcode((attrs or {}).get("adcode"))
        if code:
            return f"{base}place/adcode/{code}"
    return f"{base}{path}/{_name_key(name)}"


def designation_iri(text: str, base: str = DEFAULT_BASE_IRI) -> str:
    return f"{base}designation/{_name_key(text)}"


@lru_cache(maxsize=1 << 14)
def _name_key(name: str) -> str:
    """The IRI segment of a name (remembered: every article names the same places and people again)."""
    return encode_key(normalize_name(name))


def article_iri(doc: str, base: str = DEFAULT_BASE_IRI) -> str:
    # doc ids are file names: keep their case, only encode
    return f"{base}article/{encode_key(unicodedata.normalize('NFC', doc))}"


def node_iri(kind: str, parts: Iterable[Any], base: str = DEFAULT_BASE_IRI) -> str:
    """An opaque IRI for an n-ary node (relation, post, metric, evidence, mention)."""
    return f"{base}{kind}/{digest(kind, *parts)[:24]}"


# An article block names hundreds of mentions and evidence nodes. Their node_iri, with the parts
# spelled out, costs a third less: the text, last of the parts and the only long one, is repr'd
# and encoded once per distinct text (a name is mentioned, a sentence is evidence, many times),
# and the rest is mostly ASCII, cheap to encode (tests/graph/test_iri.py shows the two agree).

def _last_part(text: Any) -> bytes:
    return _str_part(text) if type(text) is str else f"{text!r}\x1f".encode("utf-8", "surrogatepass")


@lru_cache(maxsize=1 << 14)
def _str_part(text: str) -> bytes:  # equal strings have one repr, equal numbers need not (0, 0.0, -0.0, False)
    return f"{text!r}\x1f".encode("utf-8", "surrogatepass")


def mention_iri(node: str, doc: Any, start: Any, end: Any, text: Any, rule: Any, base: str = DEFAULT_BASE_IRI) -> str:
    """The IRI of a mention ``(doc, start, end, text, rule)`` of entity ``node``:
    ``node_iri("mention", (node, doc, start, end, rule, text), base)``."""
    key = f"'mention'\x1f{node!r}\x1f{doc!r}\x1f{start!r}\x1f{end!r}\x1f{rule!r}\x1f".encode("utf-8", "surrogatepass")
    return f"{base}mention/{hashlib.sha256(key + _last_part(text)).hexdigest()[:24]}"


def evidence_iri(fact: str, doc: Any, start: Any, end: Any, text: Any, rule: Any, source: Any,
                 base: str = DEFAULT_BASE_IRI) -> str:
    """The IRI of evidence ``(doc, start, end, text, rule, source)`` of fact ``fact``:
    ``node_iri("evidence", (fact, doc, start, end, rule, source, text), base)``."""
    key = f"'evidence'\x1f{fact!r}\x1f{doc!r}\x1f{start!r}\x1f{end!r}\x1f{rule!r}\x1f{source!r}\x1f".encode(
        "utf-8", "surrogatepass")
    return f"{base}evidence/{hashlib.sha256(key + _last_part(text)).hexdigest()[:24]}"


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]")


def safe_iri(text: str) -> str:
    """Percent-encode what may not stand in an IRI (for URLs copied from pages); keeps valid escapes.
    The scheme is written in lower case (``HTTP://`` → ``http://``), its canonical form, which
    Jena expects."""
    text = _UNSAFE.sub(lambda m: quote(m.group(0), safe="", encoding="utf-8", errors="surrogatepass"), text)
    text = _SCHEME.sub(lambda m: m.group(0).lower(), text, count=1)
    return _PCT_OK.sub("%25", text)


def is_safe_iri(iri: str) -> bool:
    """True for an absolute, ASCII IRI without characters Turtle, N-Triples or Jena reject."""
    return (iri.isascii() and re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", iri) is not None
            and not _UNSAFE.search(iri) and not _PCT_OK.search(iri))
