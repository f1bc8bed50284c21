"""Spans of one text, indexed by start: the ones overlapping a span are found without
scanning them all (a dense 800 kB article has thousands of names; checking each against
every other made linking quadratic)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


def itself(span: tuple[int, int]) -> tuple[int, int]:
    """The span of an item that is its own span: ``SpanIndex(spans, itself)``."""
    return span


class SpanIndex(Generic[T]):
    """Items with a (start, end) span, sorted by start."""

    def __init__(self, items: Iterable[T], span: Callable[[T], tuple[int, int]]) -> None:
        self._span = span
        self._items = sorted(items, key=lambda item: span(item)[0])
        self._spans = [span(item) for item in self._items]
        self._starts = [s for s, _ in self._spans]
        self._longest = max((e - s for s, e in self._spans), default=0)

    def overlapping(self, start: int, end: int) -> list[T]:
        """The items whose span overlaps [start, end)."""
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, max(end, start + 1))
        return [item for item, (a, b) in zip(self._items[lo:hi], self._spans[lo:hi],
                                             strict=True) if a < end and start < b]

    def add(self, item: T) -> None:
        start, end = self._span(item)
        at = bisect_right(self._starts, start)
        self._items.insert(at, item)
        self._spans.insert(at, (start, end))
        self._starts.insert(at, start)
        self._longest = max(self._longest, end - start)
