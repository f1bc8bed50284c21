"""Dates that refer back to an earlier happening, not to the article's present.

An article about a 2023 earthquake recalls "le séisme de 1960, qui avait fait 12 000
morts"; one about 2022 floods recalls "les inondations de 2010". Such a date is written
in full, but it says nothing about when the article was written, and an article that
writes no other year must not be dated by it (issue #16). Two cues, read from the
language's ``[past_event]`` table (``lang/<code>/dates.toml``):

- the pluperfect in the date's sentence ("avait fait", "s'étaient produits", "had
  killed"): a happening told as earlier than the story's present;
- a happening's noun right before a bare year ("les inondations de 2010", "the floods
  of 2010").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from recoupe.lang.calendar import date_words
from recoupe.records import DateMention

_SPACE = r"[ \t\u00a0\u202f]+"
_APOSTROPHE = "['’]"
# Languages with a [past_event] table; any other text is read with the first one's.
_DEFAULT_LANGUAGE = "fr"


@dataclass(frozen=True)
class PastCues:
    """One language's cues, compiled."""

    pluperfect: re.Pattern[str]  # anywhere in a sentence
    era_before: re.Pattern[str]  # at the end of the text before a date


def _words(words: list[str]) -> str:
    """An alternation of words, longest first, spaces and apostrophes written loosely."""
    return "|".join(re.escape(w).replace(r"\ ", _SPACE).replace("'", _APOSTROPHE)
                    for w in sorted(words, key=len, reverse=True))


@functools.cache
def past_cues(lang: str | None) -> PastCues:
    """The compiled cues of language ``lang`` (French when it has none)."""
    words = date_words(lang or _DEFAULT_LANGUAGE).get("past_event")
    if words is None:
        words = date_words(_DEFAULT_LANGUAGE)["past_event"]
    adverb = rf"(?:(?:{_words(words['adverbs'])}){_SPACE})?"
    participle = rf"[^\W\d_]+(?:{_words(words['participle_endings'])})"
    pluperfect = re.compile(
        rf"(?<![\w'’])(?:{_words(words['pluperfect_auxiliaries'])}){_SPACE}{adverb}{participle}"
        r"(?![\w'’])", re.IGNORECASE)
    # The noun, one optional word ("les émeutes meurtrières de"), then the date's own
    # preposition: the pattern must reach the end of what it is given.
    era_before = re.compile(
        rf"(?<![\w'’])(?:{_words(words['nouns'])})(?:{_SPACE}[\w-]+)?{_SPACE}$", re.IGNORECASE)
    return PastCues(pluperfect, era_before)


def sentence_bounds(text: str, start: int, end: int, reach: int = 1000) -> tuple[int, int]:
    """The sentence around [start, end): cut at . ! ? and line breaks, within ``reach``."""
    floor, ceiling = max(0, start - reach), min(len(text), end + reach)
    left = max(max(text.rfind(c, floor, start) for c in ".!?\n") + 1, floor)
    rights = [i for c in ".!?\n" if (i := text.find(c, end, ceiling)) != -1]
    return left, min(rights) if rights else ceiling


# How far before a date its happening's noun may stand ("les inondations meurtrières de").
ERA_REACH = 40


def is_back_reference(text: str, m: DateMention, cues: PastCues) -> bool:
    """True when the date written in full at ``m`` names an earlier happening."""
    if m.basis != "absolute" or not m.date:
        return False
    if m.precision == "year" and cues.era_before.search(text[max(0, m.start - ERA_REACH):
                                                             m.start]):
        return True
    left, right = sentence_bounds(text, m.start, m.end)
    return cues.pluperfect.search(text, left, right) is not None
