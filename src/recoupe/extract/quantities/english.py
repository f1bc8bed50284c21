"""English quantities: the French reader's digits, read again with English words around them.

Digits are written alike in both languages ("4,300", "2.3 million", "10-15"), so the
French reader (:func:`recoupe.extract.quantities.find_quantities`) finds their cores; its
number words, modifiers and roles are French, so this module drops the first and reads the
others again from the English words of ``recoupe.lang.en.quantity_words``: number words
through text2num's English mode ("Thirty-nine", "one hundred and twelve"), "a dozen",
vague plurals ("dozens of", "tens of thousands of"), "at least", "more than", "about",
"up to", "between X and Y", and the roles that make a number not a count (an age, a time,
a date, a duration, a measure, a sum of money, a percentage).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from functools import lru_cache

from text_to_num import text2num

from recoupe.extract.quantities import WINDOW, find_quantities
from recoupe.lang.en import quantity_words as en
from recoupe.records import Qualifier, Quantity, is_qualifier

__all__ = ["find_quantities_en"]

_DIGIT = re.compile(r"\d")
_W = "(?:" + "|".join(sorted(en.NUMBER_WORDS, key=len, reverse=True)) + ")"
_NUMBER_WORDS = re.compile(
    rf"(?i)(?<![\w-])(?<!\bno\s)(?<!\bno-){_W}(?:(?:-|\s+and\s+|\s+){_W})*(?![\w-])")
_A_UNIT = re.compile(r"(?i)(?<![\w-])an?\s+(?P<unit>" + "|".join(en.A_UNIT) + r")(?![\w-])")
_VAGUE = re.compile(
    r"(?i)(?<![\w-])(?:(?:several|a\s+few)\s+(?P<few>dozen|hundred|thousand|million)"
    r"|(?P<plural>" + "|".join(en.VAGUE_PLURALS) + r")"
    r"(?:\s+of\s+(?P<scale>thousands|millions))?(?=\s+of\b))(?![\w-])"
)
_ONE_PRONOUN = re.compile(r"(?i)(?<![\w-])(?:the|this|that|each|any|every|which|no)\s+$")
_SEVERAL = re.compile(r"(?i)(?<![\w-])several(?![\w-])(?!\s+(?:dozen|hundred|thousand|million))")
_PREFIX = re.compile(
    r"(?i)(?<![\w-])(?:" + "|".join(f"(?P<{n}>{p})" for n, p in en.PREFIXES) + r")\s*$"
)
_SUFFIX = re.compile(
    r"(?i)^\s+(?:" + "|".join(f"(?P<{n}>{p})" for n, p in en.SUFFIXES) + r")(?![\w-])"
)
_BETWEEN = re.compile(r"(?i)(?<![\w-])between\s*$")
_AND = re.compile(r"(?i)^\s+and\s+$")
_MODIFIERS = "|".join(p for _, p in en.PREFIXES)
_BILLION = re.compile(r"(?i)\bbillions?$")

# Roles: (role, pattern on the text before, pattern on the text after); first match wins.
_ROLE_RULES: tuple[tuple[str, re.Pattern[str] | None, re.Pattern[str] | None], ...] = (
    ("age", None, re.compile(r"(?i)^-?\s*(?:-|\s)?years?-?\s*old\b|^-year-old")),
    ("age", re.compile(r"(?i)(?<![\w-])aged\s*$"), None),
    ("ordinal", None, re.compile(r"(?i)^(?:st|nd|rd|th)\b")),
    ("percent", None, re.compile(rf"(?i)^\s*(?:{en.PERCENT})")),
    ("money", re.compile(rf"(?:{en.CURRENCY_BEFORE})\s*$"), None),
    ("money", None, re.compile(rf"(?i)^\s+(?:{en.CURRENCY})(?![\w-])")),
    ("time", None, re.compile(rf"(?i)^\s*(?:{en.TIME_AFTER})")),
    ("duration", None, re.compile(rf"(?i)^[\s-]+(?:{en.DURATION_UNITS})(?![\w-])")),
    ("measure", None, re.compile(rf"(?i)^[\s-]*(?:{en.UNITS})(?![\w-])")),
    ("measure", re.compile(r"(?i)(?<![\w-])magnitude(?:\s+of)?\s+$|magnitude-\s*$"), None),
    ("other", None, re.compile(rf"(?i)^\s+(?:\w+\s+){{0,2}}(?:{en.POPULATION_AFTER})(?![\w-])")),
    ("other", re.compile(rf"(?i)(?<![\w-])(?:{en.POPULATION_BEFORE})\s+(?:(?:{_MODIFIERS})\s+)?$"),
     None),
    ("date", re.compile(rf"(?i)(?<![\w-])(?:{en.MONTHS})\s+$"), None),
    ("date", None, re.compile(rf"(?i)^\s+(?:of\s+)?(?:{en.MONTHS})(?![\w-])")),
    ("other", re.compile(rf"(?i)(?<![\w-])(?:{en.ID_BEFORE})\s*$"), None),
)
_AGE_BEFORE = re.compile(rf"(?:(?<![\w-])[A-Z][\w'’-]+|(?i:{en.AGE_NOUNS})),\s*$")
_AGE_AFTER = re.compile(r"^\s*(?:,|\)|;|\.(?!\d)|$)")
_YEAR_BEFORE = re.compile(
    r"(?i)(?<![\w-])(?:in|since|of|from|until|till|by|before|after|year|early|late|mid-?"
    r"|the|during|between|and|to|than)\s*$"
)
_PREV_WORD = re.compile(r"(?<![\w-])(?P<w>[A-Z][\w'’.-]*) $")
_WEEKDAY = re.compile(rf"(?i)^(?:{en.WEEKDAYS})$")
MAX_AGE = 120
BETWEEN_WINDOW = 12  # "between " and a few spaces before the first number
# Roles the French reader sets from French words: read again from the English ones.
_FRENCH_WORD_ROLES = ("age", "duration", "name", "time", "date", "other", "measure")


def find_quantities_en(text: str, start: int = 0, end: int | None = None,
                       published: str | None = None) -> list[Quantity]:
    """Every number-like thing of English ``text[start:end]``, as Quantity records.

    ``published`` (YYYY-MM-DD): counts told after an earlier year ("In 2004, a tremor
    killed 628") get the role ``past``; without it, the latest year the text names is
    taken for the present.
    """
    if not isinstance(text, str):
        return []
    stop = len(text) if end is None else max(0, min(end, len(text)))
    begin = max(0, min(start, stop))
    digits = [q for q in find_quantities(text, begin, stop) if _DIGIT.search(q.text)]
    found = sorted(_merge(digits, _word_quantities(text, begin, stop)), key=lambda q: q.start)
    found = _ranges(text, found)
    found = [_with_role(text, _with_modifier(text, q, begin, stop), begin, stop) for q in found]
    return _past_counts(text, found, begin, published)


# --------------------------------------------------------------------------- cores


def _merge(first: list[Quantity], more: Iterable[Quantity]) -> list[Quantity]:
    """``first`` and those of ``more`` that overlap none of them."""
    out = list(first)
    for q in more:
        if not any(q.start < o.end and o.start < q.end for o in out):
            out.append(q)
    return out


def _word_quantities(text: str, begin: int, stop: int) -> list[Quantity]:
    segment = text[begin:stop]
    out: list[Quantity] = []
    for m in _VAGUE.finditer(segment):
        out.append(_vague(m, begin))
    for m in _A_UNIT.finditer(segment):
        value = en.A_UNIT[m.group("unit").lower()]
        out = _merge(out, [_quantity(text, m.start() + begin, m.end() + begin, value, value,
                                     "about" if value == en.A_UNIT["dozen"] else "exact")])
    for m in _NUMBER_WORDS.finditer(segment):
        number = _text2num(m.group())
        if m.group().lower() == "one" and _ONE_PRONOUN.search(segment, 0, m.start()):
            continue  # "the one where they were taken": a pronoun, not a count
        if number is not None:
            out = _merge(out, [_quantity(text, m.start() + begin, m.end() + begin, number,
                                         number)])
    for m in _SEVERAL.finditer(segment):
        q = _quantity(text, m.start() + begin, m.end() + begin, None, None, "vague")
        out = _merge(out, [dataclasses.replace(q, role="other")])  # claims read "several"
    return out


def _vague(m: re.Match[str], begin: int) -> Quantity:
    if m.group("few"):
        low = en.SCALES.get(m.group("few").lower(), en.A_UNIT["dozen"])
    else:
        low = en.VAGUE_PLURALS[m.group("plural").lower()]
        if m.group("scale"):
            low *= en.VAGUE_PLURALS[m.group("scale").lower()]
    start, end = m.start() + begin, m.end() + begin
    return Quantity(start, end, m.group(), low, None, "vague", start, end, "count")


def _text2num(words: str) -> int | None:
    phrase = re.sub(r"\s+", " ", words.lower().replace("-", " ")).strip()
    try:
        return int(text2num(phrase, "en"))
    except ValueError:
        return None


def _quantity(text: str, start: int, end: int, low: int | None, high: int | None,
              qualifier: Qualifier = "exact") -> Quantity:
    return Quantity(start, end, text[start:end], low, high, qualifier, start, end, "count")


def _ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """"between 18,000 and 20,000": one range."""
    out: list[Quantity] = []
    i = 0
    while i < len(found):
        q = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        window = max(0, q.start - BETWEEN_WINDOW)
        between = _BETWEEN.search(text[window : q.start])
        if (nxt is not None and between is not None and q.qualifier == nxt.qualifier == "exact"
                and _AND.match(text[q.end : nxt.start])):
            start = window + between.start()
            out.append(Quantity(start, nxt.end, text[start : nxt.end], q.low, nxt.high,
                                "range", q.number_start, nxt.number_end, "count"))
            i += 2
            continue
        out.append(q)
        i += 1
    return out


# --------------------------------------------------------------------------- modifiers


def _with_modifier(text: str, q: Quantity, begin: int, stop: int) -> Quantity:
    """The English modifier before or after an exact number sets its qualifier."""
    q = _english_scale(q)
    a_unit = q.qualifier == "about" and _A_UNIT.fullmatch(q.text) is not None  # "a dozen"
    if (q.qualifier != "exact" and not a_unit) or q.low is None:
        return q
    value = q.low
    window = max(begin, q.start - WINDOW)
    before = _PREFIX.search(text[window : q.start])
    start, end, qualifier = q.start, q.end, None
    if before is not None:
        qualifier, start = before.lastgroup, window + before.start()
    else:
        after = _SUFFIX.match(text[q.end : min(stop, q.end + WINDOW)])
        if after is not None:
            qualifier, end = after.lastgroup, q.end + after.end()
    if not is_qualifier(qualifier):  # no modifier: the regexes' groups are qualifiers
        return q
    low, high = {"at_least": (value, None), "more_than": (value, None),
                 "about": (value, value), "at_most": (None, value),
                 "less_than": (None, value)}[qualifier]
    return dataclasses.replace(q, start=start, end=end, text=text[start:end], low=low,
                               high=high, qualifier=qualifier)


def _english_scale(q: Quantity) -> Quantity:
    """An English billion is a thousand millions (the French reader's is a million millions)."""
    if q.low is None or not _BILLION.search(q.text):
        return q
    scale = 1000
    return dataclasses.replace(q, low=q.low // scale,
                               high=None if q.high is None else q.high // scale)


# --------------------------------------------------------------------------- roles


def _with_role(text: str, q: Quantity, begin: int, stop: int) -> Quantity:
    if q.role not in ("count", *_FRENCH_WORD_ROLES):
        return q  # a percentage, a sum, a clock time or a numeric date read from symbols
    before = text[max(begin, q.start - WINDOW) : q.start]
    after = text[q.end : min(stop, q.end + WINDOW)]
    role = _english_role(q, before, after) or (q.role if q.role == "year" else "count")
    if role == "count" and q.role in ("year",):
        role = q.role
    return q if role == q.role else dataclasses.replace(q, role=role)


def _english_role(q: Quantity, before: str, after: str) -> str | None:
    for role, before_cue, after_cue in _ROLE_RULES:
        if (before_cue is None or before_cue.search(before)) and (
                after_cue is None or after_cue.search(after)):
            return role
    if q.low is not None and q.low == q.high and 0 < q.low < MAX_AGE and \
            _AGE_BEFORE.search(before) and _AGE_AFTER.match(after):
        return "age"  # "Rosângela Silva, 54, a cleaner"
    if _is_year(q) and (_YEAR_BEFORE.search(before) or not before.strip()):
        return "year"
    prev = _PREV_WORD.search(before)
    if q.role == "name" and prev and prev.group("w").lower() not in en.NOT_NAMES and \
            not _WEEKDAY.match(prev.group("w")):
        return "name"  # "Boeing 737", "Flight 17"
    return None


def _is_year(q: Quantity) -> bool:
    return (q.low is not None and q.low == q.high and 1800 <= q.low <= 2100
            and q.text.strip().isdigit() and len(q.text.strip()) == 4)


# --------------------------------------------------------------------------- the past

_PAST_YEAR = re.compile(r"(?i)(?<![\w-])(?:in|since|of|during)\s+(?:\w+\s+){0,2}?"
                        r"(?P<year>(?:18|19|20)\d\d)(?:-\d\d)?(?![\w-])")
# "in February,", "in September that": a month named alone (no day, no year after it).
_PAST_MONTH = re.compile(rf"(?i)(?<![\w-])(?:in|last)\s+(?P<month>{en.FULL_MONTHS})"
                         r"(?!\s*\d)(?![\w-])")
_MONTH_NUMBERS = {name[:3]: n for n, name in enumerate(en.FULL_MONTHS.split("|"), start=1)}
MONTHS_AGO = 2  # a month named this long before publication is another event's
_ANY_YEAR = re.compile(r"(?<![\w,.-])(?:19|20)\d\d(?![\w-])")


@lru_cache(maxsize=4)
def _latest_year(text: str) -> int | None:
    """The latest year a text names: the year it was written in, or near it."""
    years = [int(m.group()) for m in _ANY_YEAR.finditer(text)]
    return max(years) if years else None


def _year_of(published: str | None) -> int | None:
    year = (published or "")[:4]
    return int(year) if year.isdigit() else None


def _month_of(published: str | None) -> int | None:
    month = (published or "")[5:7]
    return int(month) if month.isdigit() and 1 <= int(month) <= len(_MONTH_NUMBERS) else None


def _past_counts(text: str, found: list[Quantity], begin: int, published: str | None
                 ) -> list[Quantity]:
    """Counts after "in 2004," / "since 1960, when" in their sentence tell of an earlier
    disaster, when the text names a later year; so do counts after "in February," told
    months before the text was published: not figures of this crisis."""
    if not found:
        return found
    stop = found[-1].start
    latest = max((y for y in (_latest_year(text), _year_of(published)) if y is not None),
                 default=None)
    past = [m.end() for m in _PAST_YEAR.finditer(text, begin, stop)
            if latest is not None and int(m.group("year")) < latest]
    month = _month_of(published)
    past += [m.end() for m in _PAST_MONTH.finditer(text, begin, stop) if month is not None
             and (month - _MONTH_NUMBERS[m.group("month").lower()[:3]]) % 12 >= MONTHS_AGO]
    if not past:
        return found
    after = min(past)
    return [dataclasses.replace(q, role="past") if q.role == "count" and q.start >= after
            else q for q in found]
