"""The Dask engine (``kg build --engine dask [--scheduler ADDRESS]``): extraction on a cluster.

Stage: input files → (Dask workers: read, normalize, extract) → shard files → merged
stream of results, in input order, for the same sink as a local build. The inputs
are cut into parts of whole files of about the same size; each part is one task
that reads its files with :func:`kg.reader.iter_articles`, runs the pipeline (built
once per worker process) and writes its records to ``OUT/shards/part-NNNNN.jsonl``.
The task returns only small events (document id, path, hash, or a skip and its
reason); the client merges the shards in part order, checks document ids across
parts exactly as the reader does within one stream, and hands the records on. So
the result is the same as a local build's, byte for byte, and then the graph,
Turtle and viewer are made by the client from the merged records.

Workers must see the input files and ``OUT`` at the same paths as the client (a
shared file system); ``docs/scale.md`` says how to run it on a cluster.
"""
from __future__ import annotations

import logging
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from kg.engine import EngineError
from kg.engine.worker import Done, Result, Settings, Unchanged, article_digest, get_pipeline, process_article
from kg.reader import ReaderOptions, Skipped, iter_articles
from kg.reader.files import discover, unique_ids

log = logging.getLogger("kg")

PART_BYTES = 8_000_000
SHARDS = "shards"


def partition(entries: Sequence[Path | Skipped], parts_wanted: int, max_bytes: int = PART_BYTES) -> list[list]:
    """Consecutive groups of input files of about equal size, at least ``parts_wanted`` when
    there are that many files; a ``Skipped`` entry keeps its place in its group."""
    sizes = [e.stat().st_size if isinstance(e, Path) and e.is_file() else 0 for e in entries]
    target = max(1, min(max_bytes, sum(sizes) // max(1, parts_wanted) + 1))
    parts: list[list] = [[]]
    size = 0
    for entry, n in zip(entries, sizes):
        if parts[-1] and size + n > target:
            parts.append([])
            size = 0
        parts[-1].append(entry)
        size += n
    return [p for p in parts if p]


def shard_path(shard_dir: str | Path, index: int) -> Path:
    return Path(shard_dir) / f"part-{index:05d}.jsonl"


def work_part(index: int, entries: Sequence[str | Skipped], shard_dir: str, settings: Settings,
              known: dict[str, str] | None = None) -> list[Any]:
    """One task: read the files of a part, extract, write the shard; return the events in order."""
    nlp = get_pipeline(settings)
    events: list[Any] = []
    target = shard_path(shard_dir, index)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for entry in entries:
            if isinstance(entry, Skipped):
                events.append(entry)
                continue
            for item in iter_articles([entry], ReaderOptions(max_article_bytes=settings.max_article_bytes)):
                if isinstance(item, Skipped):
                    events.append(item)
                elif known and known.get(item.doc_id) in ("", article_digest(item)):
                    events.append(Unchanged(item.doc_id))
                else:
                    done = process_article(nlp, item, settings)
                    if isinstance(done, Skipped):
                        events.append(done)
                        continue
                    fh.write(done.line + "\n")
                    events.append(replace(done, line=""))
    os.replace(tmp, target)  # a task run twice (a lost worker) writes the same shard
    return events


def merge(events: Iterable[Any], shard: Path, seen: dict[str, str]) -> Iterator[Result]:
    """The results of one part, with record lines from its shard and ids checked across parts."""
    with open(shard, encoding="utf-8") as fh:
        lined = (replace(ev, line=fh.readline().rstrip("\n")) if isinstance(ev, Done) else ev for ev in events)
        yield from unique_ids(lined, seen)


def check_dask() -> None:
    try:
        import dask.distributed  # noqa: F401
    except ImportError as err:  # pragma: no cover - depends on the install
        raise EngineError("the dask engine needs the dask extra: pip install -e '.[dask]'") from err


def _client(scheduler: str | None, workers: int):
    from dask.distributed import Client, LocalCluster

    if scheduler:
        log.info("dask: connecting to the scheduler at %s", scheduler)
        try:
            return Client(scheduler, timeout="15s"), None
        except (OSError, TimeoutError, ValueError) as err:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler} ({err}); start one with "
                              "`dask scheduler` or check the address (tcp://host:8786)") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
    log.info("dask: local cluster of %d worker processes", workers)
    return Client(cluster), cluster


def run_dask(inputs: Iterable[str | Path], settings: Settings, out: Path, *, scheduler: str | None = None,
             workers: int = 2, known: dict[str, str] | None = None) -> Iterator[Result]:
    """Results for ``inputs`` in input order, extracted by Dask workers through shard files."""
    check_dask()
    entries = list(discover(inputs))
    client, cluster = _client(scheduler, max(1, workers))
    shard_dir = Path(out) / SHARDS
    try:
        shutil.rmtree(shard_dir, ignore_errors=True)  # leftovers of an interrupted run
        shard_dir.mkdir(parents=True)
        slots = max(1, sum(client.nthreads().values()))
        parts = [[str(e) if isinstance(e, Path) else e for e in part]  # plain strings travel to the workers
                 for part in partition(entries, 4 * slots)]
        log.info("dask: %d input files in %d parts on %d worker threads", len(entries), len(parts), slots)
        known_f = client.scatter(known, broadcast=True) if known else None
        futures = [client.submit(work_part, i, part, str(shard_dir), settings, known_f, pure=False)
                   for i, part in enumerate(parts)]
        seen: dict[str, str] = {}
        for i, fut in enumerate(futures):
            events = fut.result()
            fut.release()
            yield from merge(events, shard_path(shard_dir, i), seen)
    finally:
        shutil.rmtree(shard_dir, ignore_errors=True)  # merged, or useless after a failure
        client.close()
        if cluster is not None:
            cluster.close()
