"""English dates (issue #17): found by the English resource, dated by the shared resolver."""

from __future__ import annotations

import pytest

from recoupe.link.dates import find_dates, resolve_document_dates

PUBLISHED = "2024-06-27"  # a Thursday


@pytest.mark.parametrize(("text", "words", "date", "precision"), [
    ("Police fired on protesters on Tuesday.", "on Tuesday", "2024-06-25", "day"),
    ("On Jan. 5, 2022, the president spoke.", "On Jan. 5, 2022", "2022-01-05", "day"),
    ("The quake struck on 8 September 2023.", "on 8 September 2023", "2023-09-08", "day"),
    ("Wednesday, June 26, was calm.", "Wednesday, June 26", "2024-06-26", "day"),
    ("Three days ago officials said 22 died.", "Three days ago", "2024-06-24", "day"),
    ("Yesterday the toll rose.", "Yesterday", "2024-06-26", "day"),
    ("Floods hit in May 2024.", "in May 2024", "2024-05", "month"),
    ("Last Friday, the army moved in.", "Last Friday", "2024-06-21", "day"),
    ("The law passed in 2022.", "in 2022", "2022", "year"),
    ("The storm made landfall the day before.", "the day before", None, None),
])
def test_english_dates_resolve(text: str, words: str, date: str | None,
                               precision: str | None) -> None:
    mentions, _, _ = resolve_document_dates("d", text, PUBLISHED, lang="en")
    found = {m.text: m for m in mentions}
    assert words in found, [m.text for m in mentions]
    if date is not None:
        assert (found[words].date, found[words].precision) == (date, precision)


@pytest.mark.parametrize("text", [
    "Officials said they may revise the toll.",  # the verb, not the month
    "More than 2000 people were killed.",  # a count, not a year
    "Police said 1,200 people were arrested in 300 raids.",
])
def test_english_non_dates(text: str) -> None:
    assert [m.text for m in find_dates("d", text, lang="en")] == []


def test_french_patterns_unchanged_by_default() -> None:
    mentions = find_dates("d", "Le vendredi 7 janvier 2022, la police a tiré.")
    assert [m.date for m in mentions] == ["2022-01-07"]
    assert find_dates("d", "On Jan. 5, 2022 they met.") == find_dates(
        "d", "On Jan. 5, 2022 they met.", lang="fr")
