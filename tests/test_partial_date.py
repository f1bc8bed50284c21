"""The one partial ISO date type (issue #13): reading, bounds, writing back."""

from __future__ import annotations

from datetime import date

import pytest

from recoupe.partial_date import (
    PRECISIONS,
    PartialDate,
    add_months,
    day_span,
    first_day,
    is_partial_iso,
    iso_bounds,
    last_day,
)

BOUNDS = [
    ("2022", "year", "2022-01-01", "2022-12-31"),
    ("2022-01", "month", "2022-01-01", "2022-01-31"),
    ("2024-02", "month", "2024-02-01", "2024-02-29"),  # a leap year's February
    ("2023-02", "month", "2023-02-01", "2023-02-28"),
    ("2022-01-05", "day", "2022-01-05", "2022-01-05"),
]


@pytest.mark.parametrize(("text", "precision", "start", "end"), BOUNDS)
def test_a_partial_date_covers_its_days(text: str, precision: str, start: str, end: str
                                        ) -> None:
    parsed = PartialDate.parse(text)
    assert parsed.precision == precision
    assert (parsed.start.isoformat(), parsed.end.isoformat()) == (start, end)
    assert iso_bounds(text) == (start, end) and is_partial_iso(text)
    assert day_span(text) == (date.fromisoformat(start), date.fromisoformat(end))
    assert (first_day(text), last_day(text)) == (parsed.start, parsed.end)
    assert str(parsed) == text  # written back as read


@pytest.mark.parametrize("text", ["2022-02-30", "2022-13", "2022-00", "janvier 2022",
                                  "22-01-05", "2022-1-5", ""])
def test_what_is_not_a_date_on_the_calendar_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)
    assert PartialDate.read(text) is None and not is_partial_iso(text)
    assert day_span(text) is None and first_day(text) is None


def test_stored_data_may_add_a_time_to_a_day_but_a_query_may_not() -> None:
    assert PartialDate.read(" 2022-01-05T10:30:00+06:00") == PartialDate(2022, 1, 5)
    assert PartialDate.read("2022-01T10:30") is None  # a time after a month is no date
    with pytest.raises(ValueError):
        PartialDate.parse("2022-01-05T10:30")
    assert first_day(None) is None


def test_a_day_is_written_at_any_precision() -> None:
    day = date(2022, 1, 5)
    assert [str(PartialDate.of(day, p)) for p in PRECISIONS] == ["2022", "2022-01",
                                                                 "2022-01-05"]
    with pytest.raises(ValueError):
        PartialDate(2022, None, 5)  # a day needs its month


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2022, 1, 31), 1, date(2022, 2, 28)),  # kept inside the shorter month
    (date(2022, 3, 15), -3, date(2021, 12, 15)),  # across a year
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
])
def test_months_are_counted_on_the_calendar(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected
