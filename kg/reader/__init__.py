"""Reading articles: files → ``Article`` (normalized text + metadata).

The first stage of the flow (text → normalized article → spaCy ``Doc`` → relations
→ graph → exports). ``iter_articles(inputs)`` walks files and folders and yields an
``Article`` for every readable article or a ``Skipped`` (path and reason) for every
input that cannot be read, so one broken file never stops a build. Modules, in the
order the data flows through them:

- ``files``: discovery, size limits, dispatch by format, ``iter_articles``/``read_file``
- ``encoding``: binary sniffing and encoding detection (bytes → str)
- ``html``, ``jsonl``: the container formats (``.txt`` needs none)
- ``normalize``: characters, width, pinyin annotations, t2s, white space
- ``furniture``: page furniture removal, patterns in ``data/reader/furniture.yaml``
- ``metadata``, ``bylines``: title, date, source, authors, editors
- ``article``: the steps above put together for one document
- ``rules``: loading the data files under ``data/reader/``
"""
from __future__ import annotations

from kg.reader.base import ReaderOptions, ReadError, Skipped
from kg.reader.files import iter_articles, read_file

__all__ = ["ReadError", "ReaderOptions", "Skipped", "iter_articles", "read_file"]
