"""English date expressions, read into the same parsed form as the French ones.

The resolver of :mod:`recoupe.link.dates` reasons with canonical words ("dernier",
"jusqu'au", "hier"); this module maps English onto them through the English resource
(``recoupe/lang/en/dates.toml``), so that "on Saturday", "Jan. 5", "last week" and
"three days ago" are put on the calendar by the same rules as "samedi", "5 janv.",
"la semaine dernière" and "il y a trois jours".
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from recoupe.lang.calendar import date_words as english_dates
from recoupe.records import DateMention


@dataclass(frozen=True)
class EnglishDateWords:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    prepositions: dict[str, str]
    relative_words: dict[str, str]
    units: dict[str, str]
    phrases: dict[str, str]


@functools.cache
def date_words() -> EnglishDateWords:
    table = english_dates("en")
    return EnglishDateWords(**{f.name: dict(table[f.name])
                               for f in dataclasses.fields(EnglishDateWords)})


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_S = r"[ \t\u00a0\u202f]+"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)(?!\d)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    w = date_words()
    # "Sept." and "Jan." are written with a period; "May" never is (it is also a verb).
    month = rf"(?:{_alt(w.months)})\.?(?![\w])"
    weekday = rf"(?:{_alt(w.weekdays)})(?![\w])"
    pre = rf"(?:{_alt(w.prepositions)})"
    rel = rf"(?:{_alt(k for k in w.relative_words if k)})"
    part = r"(?:morning|afternoon|evening|night)"
    number = rf"(?:{_alt(w.numbers)}|\d{{1,3}})"
    unit = rf"(?:{_alt(w.units)})"
    rows = (
        ("iso", r"(?<![\d/.-])(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})(?![\d-])"),
        # "Wednesday, Jan. 5, 2022", "on January 5", "Jan 5"
        ("month_day", rf"(?:(?P<pre>{pre}){_S})?(?:(?P<wd>{weekday}),?{_S})?"
                      rf"(?P<month>{month}){_S}(?P<day>{_DAY}){_ORD}(?![\d,.]\d)(?!\d)"
                      rf"(?:,?{_S}(?P<year>{_YEAR}))?"),
        # "5 January 2022", "on the 5th of January"
        ("day_month", rf"(?:(?P<pre>{pre}){_S})?(?:(?P<wd>{weekday}),?{_S})?(?:the{_S})?"
                      rf"(?<![\d,.])(?P<day>{_DAY}){_ORD}{_S}(?:of{_S})?(?P<month>{month})"
                      rf"(?:,?{_S}(?P<year>{_YEAR}))?"),
        ("month_year", rf"(?:(?P<pre>{pre})(?:{_S}|-))?(?P<month>{month}){_S}(?P<year>{_YEAR})"),
        ("month", rf"(?:(?:(?P<pre>{pre})(?:{_S}|-))|(?:(?P<rel>{rel}){_S}))(?P<month>{month})"
                  rf"(?!{_S}\d)"),
        ("year", rf"(?P<pre>{pre})(?:{_S}|-)(?<![\d,.])(?P<year>{_YEAR})(?![ \t]?\d)"),
        ("relative", rf"(?P<ago>(?P<n>{number}){_S}(?P<unit>{unit}){_S}(?:ago|earlier))"
                     rf"|(?P<infut>in{_S}(?P<nf>{number}){_S}(?P<unitf>{unit}))"
                     rf"|(?P<fixed>{_alt(w.phrases)})(?![\w])"),
        ("weekday", rf"(?:(?:(?P<pre>{pre})|(?P<rel>{rel})){_S})?(?P<wd>{weekday})"
                    rf"(?:{_S}(?P<part>{part}))?"),
    )
    return tuple((kind, re.compile(r"(?<![\w])" + rx, re.IGNORECASE)) for kind, rx in rows)


def _key(words: str | None) -> str:
    return re.sub(r"\s+", " ", (words or "").strip().lower().rstrip("."))


def parsed_from(kind: str, g: dict[str, str | None]):  # -> dates._Parsed
    """One match's groups as the resolver's parsed form (canonical words)."""
    from recoupe.link.date_patterns import _optional_int, _Parsed

    w = date_words()
    pre = w.prepositions.get(_key(g.get("pre")), "")
    rel = w.relative_words.get(_key(g.get("rel")), "")
    weekday = w.weekdays.get(_key(g.get("wd"))) if g.get("wd") else None
    if kind == "iso":
        return _Parsed(kind="full", day=int(g["day"] or 0), month=int(g["mnum"] or 0),
                       year=int(g["year"] or 0), pre=pre)
    if kind in ("month_day", "day_month"):
        return _Parsed(kind="full", day=int(g["day"] or 0), month=w.months[_key(g["month"])],
                       year=_optional_int(g.get("year")), weekday=weekday, pre=pre)
    if kind in ("month_year", "month"):
        return _Parsed(kind="month", month=w.months[_key(g["month"])],
                       year=_optional_int(g.get("year")), pre=pre, rel=rel)
    if kind == "year":
        return _Parsed(kind="year", year=int(g["year"] or 0), pre=pre)
    if kind == "weekday":
        return _Parsed(kind="weekday", weekday=weekday, pre=pre, rel=rel)
    if g.get("ago"):
        return _Parsed(kind="relative", relative="ago", n=_number(g["n"]),
                       unit=w.units[_key(g["unit"])])
    if g.get("infut"):
        return _Parsed(kind="relative", relative="in", n=_number(g["nf"]),
                       unit=w.units[_key(g["unitf"])])
    return _Parsed(kind="relative", relative=w.phrases[_key(g.get("fixed"))])


def _number(words: str | None) -> int:
    key = _key(words)
    return date_words().numbers.get(key) or int(key)


def _acceptable(kind: str, match: re.Match[str], text: str) -> bool:
    """Checks a pattern cannot express: "May" as a verb, a year that is a count."""
    g = match.groupdict()
    if kind in ("month", "month_year") and _key(g.get("month")) == "may":
        # "may" is a modal verb unless capitalised inside a date phrase.
        return match.group("month")[0] == "M" and bool(g.get("pre") or g.get("year"))
    if kind in ("month_day", "day_month") and _key(g.get("month")) == "may":
        return match.group("month")[0] == "M"
    if kind == "year":
        after = text[match.end():match.end() + 12].lower()
        return not re.match(r"\s*(?:people|persons|dead|killed|homes|houses|troops|%)", after)
    return True


def find_dates_en(doc_id: str, text: str, spans: list[tuple[int, int]] | None = None
                  ) -> list[DateMention]:
    """Every English date expression in ``text`` (only inside ``spans`` when given)."""
    from recoupe.link.date_patterns import _mention, _relation

    windows = spans if spans is not None else [(0, len(text))]
    found: list[tuple[int, int, int, str, re.Match[str]]] = []
    for w_start, w_end in windows:
        for priority, (kind, pattern) in enumerate(_patterns()):
            for match in pattern.finditer(text, max(0, w_start), min(len(text), w_end)):
                if match.end() > match.start() and _acceptable(kind, match, text):
                    found.append((priority, match.start(), match.end(), kind, match))
    # Longest first, then the more specific pattern: "Wednesday, Jan. 5" beats "Wednesday".
    found.sort(key=lambda c: (-(c[2] - c[1]), c[0], c[1]))
    taken: list[tuple[int, int]] = []
    mentions = []
    for _, start, end, kind, match in found:
        if any(start < e and end > s for s, e in taken):
            continue
        taken.append((start, end))
        parsed = parsed_from(kind, match.groupdict())
        mentions.append(_mention(doc_id, text, start, end, parsed, _relation(parsed)))
    return sorted(mentions, key=lambda m: (m.start, m.end))


@functools.lru_cache(maxsize=4096)
def parse_en(words: str):  # -> dates._Parsed | None
    """An English mention's own words read again (resolution has only the record)."""
    words = words.strip()
    for kind, pattern in _patterns():
        match = pattern.fullmatch(words)
        if match:
            return parsed_from(kind, match.groupdict())
    return None
