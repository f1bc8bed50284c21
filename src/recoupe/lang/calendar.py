"""The one month, weekday and number-word table of each language (issue #13: one month
table), read from ``lang/<code>/dates.toml``. Every stage that reads a written date —
the date patterns, header and metadata dates, quantity roles — takes its words here."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

__all__ = [
    "date_words", "months", "weekdays", "number_words", "month_names", "month_alternation",
    "weekday_alternation", "full_month_names",
]  # fmt: skip

_LANGUAGES_WITH_DATES = ("fr", "en")


@cache
def date_words(code: str) -> MappingProxyType[str, Any]:
    """The whole ``dates.toml`` of language ``code``, read once per process."""
    text = resources.files("recoupe.lang").joinpath(code, "dates.toml").read_text("utf-8")
    return MappingProxyType(tomllib.loads(text))


def months(code: str) -> dict[str, int]:
    """Month words (abbreviations with their period) → month number, 1–12."""
    return dict(date_words(code)["months"])


def weekdays(code: str) -> dict[str, int]:
    """Weekday words → Monday 0 … Sunday 6."""
    return dict(date_words(code)["weekdays"])


def number_words(code: str) -> dict[str, int]:
    """Small number words a date expression may use ("il y a trois jours")."""
    return dict(date_words(code)["numbers"])


def month_names() -> dict[str, int]:
    """Month words of every language with dates, for text whose language is unknown
    (a header's date): "février", "february" and "feb." alike."""
    return {word: n for lang in _LANGUAGES_WITH_DATES for word, n in months(lang).items()}



def full_month_names(code: str) -> tuple[str, ...]:
    """The full name of each month, January first: the longest word the table has for it."""
    table = months(code)
    return tuple(max((w for w, n in table.items() if n == month), key=len)
                 for month in range(1, 13))


def month_alternation(code: str) -> str:
    """A regular-expression alternation of every month word of ``code``, longest first.

    A short form the table writes with its period ("janv.") needs it; one written
    without ("jan", "sept") may take one ("Jan.", "Sept."); a full name is matched as
    written, so that the period ending a sentence ("… in January. 5 …") is no part of it.
    """
    table = months(code)
    longest = {n: max(len(w) for w, m in table.items() if m == n) for n in set(table.values())}
    words = sorted(table, key=len, reverse=True)
    return "|".join(re.escape(w) + ("" if len(w) == longest[table[w]] or w.endswith(".")
                                    else r"\.?") for w in words)


def weekday_alternation(code: str) -> str:
    """A regular-expression alternation of every weekday word of ``code``, longest first."""
    return "|".join(re.escape(w) for w in sorted(weekdays(code), key=len, reverse=True))
