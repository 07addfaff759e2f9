"""Cutting a stream into consecutive batches, the one way every stage does it.

The engines cut the articles into chunks for the workers (by count and by characters,
:mod:`kg.engine.local`); the Turtle writer cuts the subjects of the global sections into
batches (by count, :mod:`kg.graph.stream`).
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")


def batches(items: Iterable[T], max_items: int, *, size: Callable[[T], int] | None = None,
            max_size: int = 0) -> Iterator[list[T]]:
    """Consecutive batches of ``items``, in order, none empty: a batch ends at ``max_items`` items,
    or, given ``size``, once the sizes of its items add up to ``max_size`` (the item that gets
    there is the batch's last, so a batch holds at least one item whatever its size)."""
    batch: list[T] = []
    total = 0
    for item in items:
        batch.append(item)
        if size is not None:
            total += size(item)
        if len(batch) >= max_items or (size is not None and total >= max_size):
            yield batch
            batch, total = [], 0
    if batch:
        yield batch
