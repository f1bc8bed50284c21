"""Calendar helpers shared by story clustering, comparison and events: ISO text ↔ day spans."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

DaySpan = tuple[date, date]


def day_span(text: str | None) -> DaySpan | None:
    """The days an ISO date covers: "2022-01-07" one day, "2022-01" a month, "2022" a year."""
    if not text:
        return None
    parts = text.split("-")
    try:
        if len(parts) >= 3:
            day = date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
            return day, day
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        year = int(parts[0])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


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
