"""The one partial ISO date of recoupe (issue #13: one date type with its bounds).

recoupe writes every date — a mention's, a claim's period, a publication date — as ISO
text at one of three precisions: ``"2022"`` (a year), ``"2022-01"`` (a month) or
``"2022-01-05"`` (a day). :class:`PartialDate` reads such a text, says which days it
covers (:attr:`~PartialDate.start`, :attr:`~PartialDate.end`), and writes it back; the
small functions below are the shapes the stages ask for (first day, last day, ISO
bounds, a day span). Before this module five parsers did it, each a little differently.

This module imports nothing of recoupe: every layer may use it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

__all__ = [
    "PRECISIONS", "PartialDate", "Precision", "add_months", "day_span", "first_day",
    "is_partial_iso", "iso_bounds", "last_day",
]  # fmt: skip

Precision = Literal["year", "month", "day"]
PRECISIONS: tuple[Precision, ...] = get_args(Precision)

# "2022", "2022-01", "2022-01-05".
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Stored data may add a time to a day ("2022-01-05T10:00"): nothing more at recoupe's
# precisions.
_TIME = re.compile(r"(?<=\d{4}-\d{2}-\d{2})[T ].*", re.DOTALL)


@dataclass(frozen=True)
class PartialDate:
    """A year, a month of a year, or a day; always a real place on the calendar."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError(f"a day without a month: {self.year}-??-{self.day}")
        # Raises ValueError when off the calendar (month 13, 31 February, month 0).
        date(self.year, 1 if self.month is None else self.month,
             1 if self.day is None else self.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """``text``, exactly a partial ISO date; ValueError when it is not one."""
        match = _ISO.fullmatch(text)
        if match is None:
            raise ValueError(f"not a partial ISO date: {text!r}")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @classmethod
    def read(cls, text: str | None) -> PartialDate | None:
        """Like :meth:`parse`, but lenient with stored data: spaces around and a time
        after a day are ignored; None for a missing or malformed text."""
        if not text:
            return None
        try:
            return cls.parse(_TIME.sub("", text.strip()))
        except ValueError:
            return None

    @classmethod
    def of(cls, day: date, precision: Precision = "day") -> PartialDate:
        """The year, month or day of calendar day ``day``."""
        if precision == "year":
            return cls(day.year)
        if precision == "month":
            return cls(day.year, day.month)
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def start(self) -> date:
        """The first day the date covers."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> date:
        """The last day the date covers."""
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, self.month, self.day)

    @property
    def span(self) -> tuple[date, date]:
        return self.start, self.end

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def iso(self) -> str:
        return str(self)


def is_partial_iso(text: str) -> bool:
    """True when ``text`` is exactly a partial ISO date on the calendar ("2022-02",
    not "2022-13" nor "2022-02-30"): what a filter given by a person must be."""
    try:
        PartialDate.parse(text)
    except ValueError:
        return False
    return True


def first_day(text: str | None) -> date | None:
    """The first day of a partial ISO date, None when there is none to read."""
    parsed = PartialDate.read(text)
    return parsed.start if parsed else None


def last_day(text: str | None) -> date | None:
    """The last day of a partial ISO date, None when there is none to read."""
    parsed = PartialDate.read(text)
    return parsed.end if parsed else None


def day_span(text: str | None) -> tuple[date, date] | None:
    """The days a partial ISO date covers, None when there is none to read."""
    parsed = PartialDate.read(text)
    return parsed.span if parsed else None


def iso_bounds(text: str) -> tuple[str, str]:
    """First and last day of a partial ISO date, as ISO days: "2022-02" →
    ("2022-02-01", "2022-02-28"). ValueError when ``text`` is not one."""
    parsed = PartialDate.parse(text)
    return parsed.start.isoformat(), parsed.end.isoformat()


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, kept inside a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
