"""Engines of the extraction stage (articles → record lines), chosen by ``kg build``.

- ``local``: in this process (``--jobs 1``) or a process pool (``--jobs N``), the
  reader feeding chunks of articles to workers; results in input order.
- ``distributed``: Dask (``--engine dask``), workers reading parts of the inputs and
  writing shard files that are merged back in input order.
- ``incremental``: what an earlier build holds, for ``--update``.
- ``worker``: the per-article work every engine runs, so all give the same bytes.
"""
from __future__ import annotations

ENGINES = ("local", "dask")


class EngineError(ValueError):
    """An engine that cannot run (the Dask extra missing, a scheduler out of reach); says what to do."""
