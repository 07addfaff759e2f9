"""Reading articles: files → ``Article`` (normalized text + metadata).

``iter_articles(inputs)`` walks files and folders and yields an ``Article`` for
every readable article or a ``Skipped`` (path and reason) for every file that
cannot be read, so one broken file never stops a build.
"""
from __future__ import annotations

from kg.reader.files import Skipped, iter_articles, read_file

__all__ = ["Skipped", "iter_articles", "read_file"]
