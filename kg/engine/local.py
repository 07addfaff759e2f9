"""The local engines: in-process (``--jobs 1``) and a process pool (``--jobs N``).

Stage: articles from the reader → :func:`kg.engine.worker.work_chunk` → results in
input order. The parent process reads and normalizes (cheap next to extraction)
and cuts the stream into chunks; each pool worker builds its pipeline once (the
pool initializer) and turns a chunk of articles into record lines.

Memory stays flat: at most ``window`` chunks are in flight, so the reader never
runs ahead of the workers (``multiprocessing.Pool.imap`` would queue the whole
corpus), and a chunk's texts are dropped as soon as its results are handed on.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Iterable, Iterator

from kg.batching import batches
from kg.engine.worker import Item, Result, Settings, init_worker, item_chars, work_chunk

log = logging.getLogger("kg")

CHUNK_ITEMS = 32
CHUNK_CHARS = 60_000


def run_inprocess(items: Iterable[Item], settings: Settings) -> Iterator[Result]:
    """``--jobs 1``: the same work, one article at a time, in this process (the pipeline is
    built when the first article needs it)."""
    for item in items:
        yield from work_chunk([item], settings)


def _context() -> mp.context.BaseContext:
    # fork shares the imported modules and the reader's tables with the workers, so
    # they start in a fraction of a second; elsewhere spawn is the safe default.
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def run_pool(items: Iterable[Item], settings: Settings, jobs: int, *, chunk_items: int = CHUNK_ITEMS,
             chunk_chars: int = CHUNK_CHARS, window: int | None = None) -> Iterator[Result]:
    """``--jobs N``: chunks of the stream through ``jobs`` worker processes, results in input order."""
    window = window or 2 * jobs + 1
    pending: deque[Future] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=init_worker,
                             initargs=(settings,)) as pool:
        try:
            for chunk in batches(items, chunk_items, size=item_chars, max_size=chunk_chars):
                pending.append(pool.submit(work_chunk, chunk, settings))
                del chunk
                while len(pending) >= window:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BaseException:
            for fut in pending:
                fut.cancel()
            raise


def run_local(items: Iterable[Item], settings: Settings, jobs: int = 1) -> Iterator[Result]:
    """Results for ``items`` in input order, with ``jobs`` processes (1: in this process)."""
    if jobs < 1:
        jobs = os.cpu_count() or 1
    if jobs == 1:
        return run_inprocess(items, settings)
    log.info("extracting with %d worker processes", jobs)
    return run_pool(items, settings, jobs)
