"""One month table per language (issue #13): the quantity reader's month and weekday
alternations are read from ``lang/<code>/dates.toml``, like the date patterns'."""

from __future__ import annotations

import re
from types import ModuleType

import pytest

from recoupe.lang.calendar import full_month_names, months, weekdays
from recoupe.lang.en import quantity_words as en
from recoupe.lang.fr import quantity_words as fr


@pytest.mark.parametrize(("code", "words"), [("fr", fr), ("en", en)])
def test_every_month_and_weekday_of_the_table_is_read(code: str, words: ModuleType) -> None:
    month = re.compile(rf"(?:{words.MONTHS})", re.IGNORECASE)
    weekday = re.compile(rf"(?:{words.WEEKDAYS})", re.IGNORECASE)
    assert all(month.fullmatch(w) for w in months(code))
    assert all(weekday.fullmatch(w) for w in weekdays(code))
    assert not month.fullmatch("maison") and not weekday.fullmatch("mardis gras")


def test_an_english_short_month_may_take_its_period_a_full_name_not() -> None:
    month = re.compile(rf"(?:{en.MONTHS})", re.IGNORECASE)
    assert month.fullmatch("Jan.") and month.fullmatch("Sept.") and month.fullmatch("sep")
    # "… in January. 5 people …": the sentence's period is no part of the month.
    assert not month.fullmatch("January.")
    assert en.FULL_MONTHS.split("|") == list(full_month_names("en"))
    assert en.FULL_MONTHS.split("|")[0] == "january"


def test_french_short_months_keep_their_period() -> None:
    month = re.compile(rf"(?:{fr.MONTHS})", re.IGNORECASE)
    assert month.fullmatch("janv.") and not month.fullmatch("janv")
    assert not month.fullmatch("sept")  # the number seven
    assert {"janvier", "décembre", "lundi"} <= fr.NOT_NAMES
