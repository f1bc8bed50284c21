"""SpanIndex: the spans overlapping a span, found by start (recoupe.spans)."""

from __future__ import annotations

import random

from recoupe.spans import SpanIndex


def _brute(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    return sorted(s for s in spans if s[0] < end and start < s[1])


def test_overlapping_spans_are_the_ones_a_scan_finds() -> None:
    rng = random.Random(7)
    spans = [(a, a + rng.randint(1, 40)) for a in (rng.randint(0, 5000) for _ in range(400))]
    index = SpanIndex(spans[:300], lambda s: s)
    for span in spans[300:]:
        index.add(span)
    for _ in range(300):
        start = rng.randint(0, 5000)
        end = start + rng.randint(0, 60)
        assert sorted(index.overlapping(start, end)) == _brute(spans, start, end)


def test_touching_spans_do_not_overlap() -> None:
    index = SpanIndex([(0, 5), (5, 9), (20, 30)], lambda s: s)
    assert index.overlapping(5, 20) == [(5, 9)]
    assert index.overlapping(30, 40) == []
    assert SpanIndex([], lambda s: s).overlapping(0, 10) == []
