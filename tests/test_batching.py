"""kg.batching: a stream cut into consecutive batches, by count and, given a size, by size."""
from __future__ import annotations

from kg.batching import batches


def test_batches_by_count_keep_order():
    assert list(batches(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batches(range(6), 3)) == [[0, 1, 2], [3, 4, 5]]
    assert list(batches([], 3)) == []
    assert list(batches(iter("ab"), 1)) == [["a"], ["b"]]


def test_batches_by_size_end_with_the_item_that_gets_there():
    sizes = [5, 5, 1, 20, 2, 2]
    assert list(batches(sizes, 100, size=int, max_size=10)) == [[5, 5], [1, 20], [2, 2]]
    assert list(batches(sizes, 2, size=int, max_size=100)) == [[5, 5], [1, 20], [2, 2]]
    assert list(batches(sizes, 100, size=int, max_size=0)) == [[s] for s in sizes]


def test_batches_without_size_ignore_max_size():
    assert list(batches(range(4), 3, max_size=0)) == [[0, 1, 2], [3]]
