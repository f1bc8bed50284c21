"""Day spans shared by story clustering, comparison and events.

An ISO date of any precision is read by :mod:`recoupe.partial_date` (``day_span`` is
re-exported from it); this module adds what reconciling asks of spans of days.
"""

from __future__ import annotations

from datetime import date, timedelta

from recoupe.partial_date import day_span

__all__ = ["DaySpan", "day_span", "gap_days", "midpoint", "span_of"]

DaySpan = tuple[date, date]


def span_of(start: str | None, end: str | None) -> DaySpan | None:
    """The days from ``start`` to ``end`` (either may be missing)."""
    first, last = day_span(start), day_span(end)
    if first and last:
        return min(first[0], last[0]), max(first[1], last[1])
    return first or last


def gap_days(a: DaySpan, b: DaySpan) -> int:
    """Days between two spans; 0 when they overlap."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def midpoint(span: DaySpan) -> date:
    return span[0] + timedelta(days=(span[1] - span[0]).days // 2)
