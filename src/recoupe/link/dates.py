"""French date expressions: find them, put them on the calendar, and date the article.

Four steps, each a pure function of text and records:

1. :func:`find_dates` scans the text with compiled regular expressions built from
   recoupe's own month and weekday tables (dateparser is far too slow to run over
   every token, and it has no notion of "jusqu'au", "la veille" or "les événements
   de janvier"). Mentions with a written year are dated at once.
2. :func:`resolve_dates` dates the rest from a reference day: the publication date,
   or, without one, the latest date written in full in the document.
3. :func:`correct_weekdays` repairs a year typo when the written weekday disagrees
   with the written date and a single year change makes it agree with the document.
4. :func:`infer_published` guesses the publication day of an undated article from
   the dates it mentions, the tense around them and "il y a un an"-style anchors.

:func:`resolve_document_dates` chains them for one document.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from recoupe.link.date_patterns import (  # noqa: F401 (re-exported: the module's tables)
    _A,
    _ANCHOR_STEMS,
    _DAY,
    _EN_MONTHS,
    _EN_WEEKDAYS,
    _FIRST_DAYS_BEFORE,
    _FUTURE_CUE,
    _MONTH,
    _NOT_FUTURE,
    _NUM,
    _PART,
    _PATTERNS,
    _PREP_DAY,
    _PREP_MONTH,
    _PREP_WD,
    _PREP_YEAR,
    _REACH,
    _S,
    _SEP,
    _WD,
    _YEAR,
    MONTHS,
    NUMBER_WORDS,
    WEEKDAYS,
    _anchors,
    _candidates,
    _fold,
    _parse,
    _Parsed,
    _pattern_matches,
    find_dates,
)
from recoupe.link.past_events import PastCues, is_back_reference, past_cues, sentence_bounds
from recoupe.partial_date import PartialDate, Precision, add_months, first_day
from recoupe.records import DateMention, Document

# --- Calendar arithmetic ----------------------------------------------------------------------


def _iso(d: date, precision: str) -> str:
    return str(PartialDate.of(d, cast(Precision, precision)))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _period_end(iso: str) -> date:
    """The last day an ISO date of any precision covers."""
    return PartialDate.parse(iso).end


def _period_start(iso: str) -> date:
    return PartialDate.parse(iso).start


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return _period_start(value)


@dataclass(frozen=True)
class _Context:
    """What resolving one mention may look at besides its own words."""

    ref: date
    # Without a publication date, the period of the latest date written in full
    # ("janvier 2022", "2022"): undated days and months fall inside it when they can.
    period: tuple[date, date] | None
    future: bool
    previous_day: date | None  # the last day-precise date before it, for "la veille"
    doc_years: frozenset[int]  # years written in full in the document
    month_years: dict[int, tuple[int, ...]]  # month → years written with it ("janvier 2022")


def _pick_day(p: _Parsed, relation: str, ctx: _Context) -> date | None:
    """The year of a day written without one: the nearest occurrence, past preferred.

    A news article speaks of the recent past, so "le 28 décembre" in an article of
    3 January is the previous year; a date a few weeks ahead ("le 11 janvier" on the
    7th) is kept when it is much nearer than its past occurrence, and a date announced
    as future, or a deadline, looks forward.
    """
    assert p.month is not None and p.day is not None
    options = [d for y in (ctx.ref.year - 1, ctx.ref.year, ctx.ref.year + 1)
               if (d := _safe_date(y, p.month, p.day))]
    if p.weekday is not None:
        agreeing = [d for d in options if d.weekday() == p.weekday]
        options = agreeing or options
    if not options:
        return None
    inside = [d for d in options if ctx.period and ctx.period[0] <= d <= ctx.period[1]]
    if inside:
        return max(inside)
    past = [d for d in options if d <= ctx.ref]
    ahead = [d for d in options if d > ctx.ref]
    forward = ctx.future or relation in ("until", "before")
    if forward and ahead and (not past or (min(ahead) - ctx.ref).days <= 183):
        return min(ahead)
    best = max(past) if past else min(ahead)
    if ahead and (min(ahead) - ctx.ref).days < min(60, (ctx.ref - best).days):
        best = min(ahead)
    return _episode_override(best, p, ctx)


def _episode_override(best: date, p: _Parsed, ctx: _Context) -> date:
    """Keep a dated episode's year: "en janvier 2022 … le 2 janvier" in a 2023 article."""
    if best.year in ctx.doc_years or p.month not in ctx.month_years:
        return best
    years = [y for y in ctx.month_years[p.month]
             if (d := _safe_date(y, p.month, p.day or 1)) and d <= ctx.ref
             and (p.weekday is None or d.weekday() == p.weekday)]
    if not years:
        return best
    return _safe_date(max(years), p.month, p.day or 1) or best


def _pick_month(p: _Parsed, relation: str, ctx: _Context) -> date:
    assert p.month is not None
    this_year = date(ctx.ref.year, p.month, 1)
    current = date(ctx.ref.year, ctx.ref.month, 1)
    if p.rel.startswith("de l'année") or p.rel.startswith("de l'an"):
        step = 1 if "prochaine" in p.rel else -1
        return date(ctx.ref.year + step, p.month, 1)
    if p.rel == "de cette année":
        return this_year
    if ctx.period and not p.rel:
        inside = [d for y in (ctx.ref.year - 1, ctx.ref.year)
                  if ctx.period[0] <= (d := date(y, p.month, 1)) <= ctx.period[1]]
        if inside:
            return max(inside)
    if p.rel == "prochain" or ctx.future or relation == "until":
        strict = p.rel == "prochain"
        later = this_year > current if strict else this_year >= current
        return this_year if later else date(ctx.ref.year + 1, p.month, 1)
    strict = p.rel in ("dernier", "passé")
    earlier = this_year < current if strict else this_year <= current
    best = this_year if earlier else date(ctx.ref.year - 1, p.month, 1)
    return _episode_override(best, p, ctx)


def _pick_weekday(p: _Parsed, relation: str, ctx: _Context) -> date:
    """A weekday alone is the most recent such day, or the next one when announced."""
    assert p.weekday is not None
    back = (ctx.ref.weekday() - p.weekday) % 7
    ahead = (p.weekday - ctx.ref.weekday()) % 7
    if p.rel == "prochain":
        return ctx.ref + timedelta(days=ahead or 7)
    if ctx.future or relation == "until":
        return ctx.ref + timedelta(days=ahead)
    if p.rel in ("dernier", "passé"):
        return ctx.ref - timedelta(days=back or 7)
    return ctx.ref - timedelta(days=back)


_FIXED_DAYS = {
    "avant-hier": -2, "hier": -1, "aujourd'hui": 0, "ce matin": 0, "ce soir": 0,
    "cet après-midi": 0, "cette nuit": 0, "demain": 1, "après-demain": 2, "apres-demain": 2,
}
_NARRATIVE_DAYS = {"la veille": -1, "l'avant-veille": -2, "le lendemain": 1, "le surlendemain": 2}


def _relative(p: _Parsed, ctx: _Context) -> tuple[date, str] | None:
    """Arithmetic from the reference day (or, for "la veille", from the narrated day)."""
    phrase = p.relative
    head = phrase.split(" ")[0]
    if p.relative in ("ago", "in"):
        sign = -1 if p.relative == "ago" else 1
        unit = p.unit.rstrip("s")
        if unit == "jour":
            return ctx.ref + timedelta(days=sign * p.n), "day"
        if unit == "semaine":
            return ctx.ref + timedelta(days=sign * 7 * p.n), "day"
        if unit == "moi":
            return add_months(ctx.ref, sign * p.n), "day" if p.exact else "month"
        shifted = _safe_date(ctx.ref.year + sign * p.n, ctx.ref.month, ctx.ref.day)
        shifted = shifted or date(ctx.ref.year + sign * p.n, ctx.ref.month, 28)
        return shifted, "day" if p.exact else "year"
    for words, days in _FIXED_DAYS.items():
        if phrase == words or (phrase.startswith(words + " ") and head in ("hier", "demain")):
            return ctx.ref + timedelta(days=days), "day"
    for words, days in _NARRATIVE_DAYS.items():
        if phrase.startswith(words):
            return (ctx.previous_day or ctx.ref) + timedelta(days=days), "day"
    if phrase.startswith(("l'année", "l'an ")) or phrase == "cette année":
        step = 1 if "prochain" in phrase else 0 if phrase == "cette année" else -1
        return date(ctx.ref.year + step, 1, 1), "year"
    if "semaine" in phrase:
        step = 7 if "prochaine" in phrase else 0 if phrase == "cette semaine" else -7
        return ctx.ref + timedelta(days=step), "month"
    if "mois" in phrase:
        step = 1 if "prochain" in phrase else 0 if phrase == "ce mois-ci" else -1
        return add_months(ctx.ref, step), "month"
    if "nouvel" in phrase:
        year = ctx.ref.year if ctx.ref.month <= 6 else ctx.ref.year + 1
        return date(year, 1, 1), "month"
    return None


def _resolve_parsed(p: _Parsed, relation: str, ctx: _Context) -> tuple[date, str] | None:
    if p.kind == "relative" or p.rel.startswith("de "):
        return _relative(p, ctx) if p.kind == "relative" else (_pick_month(p, relation, ctx),
                                                               "month")
    if p.kind == "weekday":
        return _pick_weekday(p, relation, ctx), "day"
    if p.kind == "month":
        return _pick_month(p, relation, ctx), "month"
    if p.kind == "full":
        picked = _pick_day(p, relation, ctx)
        return (picked, "day") if picked else None
    return None


# --- Context from the text -----------------------------------------------------------------


_FUTURE_REACH = 80
_NEXT_AFTER = re.compile(r"[ \t\u00a0\u202f]+prochaine?\b")


def _is_future(text: str | None, m: DateMention, p: _Parsed) -> bool:
    """True when the date is announced rather than reported ("doit annoncer … le 11")."""
    if p.rel == "prochain" or p.pre.startswith(("pour", "d'ici")) or p.relative == "in":
        return True
    if not text:
        return False
    # The 80 characters before the date, cut at its sentence's start: only those can
    # hold the cue, so the sentence start is looked for among them alone.
    reach = max(0, m.start - _FUTURE_REACH)
    begin = max(max(text.rfind(c, reach, m.start) for c in ".!?\n") + 1, reach)
    before = text[begin:m.start]
    if any(c.group(0).lower() not in _NOT_FUTURE for c in _FUTURE_CUE.finditer(before)):
        return True
    return bool(_NEXT_AFTER.match(text[m.end:m.end + 12]))


def _same_paragraph(text: str | None, a: int, b: int) -> bool:
    if text is None:
        return b - a < 400
    return "\n" not in text[a:b]


def _latest_written_period(mentions: list[DateMention]) -> tuple[date, date] | None:
    """The first and last days of the latest date written in full, or None."""
    periods = [(_period_start(m.date), _period_end(m.date)) for m in mentions
               if m.basis == "absolute" and m.date]
    return max(periods, key=lambda p: (p[1], p[0])) if periods else None


def _latest_written(mentions: list[DateMention]) -> date | None:
    """The last day covered by the latest date written in full, or None."""
    period = _latest_written_period(mentions)
    return period[1] if period else None


def _year_tables(mentions: list[DateMention]) -> tuple[frozenset[int], dict[int, tuple[int, ...]]]:
    years: set[int] = set()
    by_month: dict[int, set[int]] = {}
    for m in mentions:
        if m.basis != "absolute" or not m.date:
            continue
        d = _period_start(m.date)
        years.add(d.year)
        if m.precision in ("day", "month"):
            by_month.setdefault(d.month, set()).add(d.year)
    return frozenset(years), {k: tuple(sorted(v)) for k, v in by_month.items()}


def resolve_dates(mentions: list[DateMention], published: date | str | None,
                  text: str | None = None) -> list[DateMention]:
    """Fill ``date`` and ``precision`` of every mention that can be put on the calendar.

    Partial dates take their year from ``published`` (the nearest past occurrence),
    weekdays alone are the most recent such day on or before it, relative phrases are
    counted from it ("la veille" from the day narrated just before). Without a
    publication date the latest date written in full in the document is the anchor.
    ``text`` (the document) lets the tense around a date say it is announced as future.
    Mentions whose year was corrected keep their corrected date.
    """
    ref = _as_date(published)
    period = None
    if ref is None:
        period = _latest_written_period(mentions)
        if period is None:
            return list(mentions)
        ref = period[1]
    doc_years, month_years = _year_tables(mentions)
    resolved: list[DateMention] = []
    previous: tuple[int, date] | None = None
    for m in sorted(mentions, key=lambda x: (x.start, x.end)):
        p = _parse(m.text)
        out = m
        if m.correction is None and p is not None and m.basis != "absolute":
            ctx = _Context(
                ref=ref, period=period, future=_is_future(text, m, p),
                previous_day=previous[1] if previous and _same_paragraph(
                    text, previous[0], m.start) else None,
                doc_years=doc_years, month_years=month_years,
            )
            try:
                picked = _resolve_parsed(p, m.relation, ctx)
            except (OverflowError, ValueError):
                picked = None  # counted past year 1 or 9999: left unresolved, not fatal
            if picked:
                out = dataclasses.replace(m, date=_iso(*picked), precision=picked[1])
        if out.precision == "day" and out.date and out.basis != "relative":
            previous = (out.end, _period_start(out.date))
        resolved.append(out)
    return resolved


# --- Weekday / date consistency --------------------------------------------------------------


def _one_digit_variants(year: int) -> set[int]:
    digits = f"{year:04d}"
    out = set()
    for i in range(4):
        for d in "0123456789":
            variant = int(digits[:i] + d + digits[i + 1:])
            if variant != year and 1600 <= variant <= 2099:
                out.add(variant)
    return out


def _weekday_clash(m: DateMention) -> _Parsed | None:
    """The parse of a day written in full with a weekday that does not fit it, else None."""
    if m.basis != "absolute" or m.precision != "day" or not m.date or m.correction:
        return None
    p = _parse(m.text)
    if p is None or p.weekday is None or p.year is None:
        return None
    return p if _period_start(m.date).weekday() != p.weekday else None


def _correction_reason(year: int, published: date | None, support: Counter[int]) -> str:
    if published and published.year == year and support[year]:
        return f"the publication date and the document's other dates are in {year}"
    if published and published.year == year:
        return f"the document was published in {year}"
    return f"the document's other dates are in {year}"


def correct_weekdays(mentions: list[DateMention],
                     published: date | str | None = None) -> list[DateMention]:
    """Repair a year typo that makes a written weekday disagree with its date.

    "vendredi 7 janvier 2002" in a 2022 article: 7 January 2002 was a Monday, 7 January
    2022 a Friday. The year is changed only when the new year is the publication year or
    the year of the document's other dates (or a one-digit slip within their span) and
    the weekday then agrees; the change is explained in ``correction``. A clash no such
    change repairs is left as written.
    """
    pub = _as_date(published)
    clashes = {id(m) for m in mentions if _weekday_clash(m)}
    support: Counter[int] = Counter(
        _period_start(m.date).year for m in mentions
        if m.basis == "absolute" and m.date and id(m) not in clashes
    )
    known = set(support) | ({pub.year} if pub else set())
    out = []
    for m in mentions:
        p = _weekday_clash(m)
        if p is None or not known:
            out.append(m)
            continue
        assert p.year is not None and p.month is not None and p.day is not None
        variants = {y for y in _one_digit_variants(p.year) if min(known) <= y <= max(known)}
        fitting = [y for y in known | variants
                   if (d := _safe_date(y, p.month, p.day)) and d.weekday() == p.weekday]
        if not fitting:
            out.append(m)
            continue
        written = p.year
        year = max(fitting, key=lambda y: (
            bool(pub and y == pub.year), support[y], y in variants, -abs(y - written)))
        new = date(year, p.month, p.day)
        note = (f"year {p.year} read as {year}: {new.day} {_EN_MONTHS[new.month]} {year} is a "
                f"{_EN_WEEKDAYS[new.weekday()]}, as written, and "
                f"{_correction_reason(year, pub, support)}")
        out.append(dataclasses.replace(m, date=new.isoformat(), correction=note))
    return out


# --- Dating the article ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bounds:
    """What the mentions say about the publication day."""

    lower: list[tuple[date, bool]]  # (day, hard): the article is written on or after it
    upper: list[date]  # the article is written on or before it
    deadlines: list[date]  # "jusqu'au 19 janvier": past only in a retrospective article
    weekdays: list[int]  # weekdays named alone as past ("a déclaré vendredi")
    retrospective: bool  # the text looks back on a finished episode ("début janvier, …")
    years_later: int  # the year the "il y a un an" anchors put the article in (0: none)


def _soft_lower(text: str, m: DateMention, p: _Parsed, cues: PastCues
                ) -> tuple[date, bool] | None:
    """A lower bound from a month or year: "début janvier" is over, so is "mi-janvier"."""
    assert m.date is not None
    start = _period_start(m.date)
    end = _period_end(m.date)
    before = text[max(0, m.start - 40):m.start]
    if _FIRST_DAYS_BEFORE.search(before):
        return start + timedelta(days=3), True
    pre = p.pre
    if pre.startswith(("début", "en début", "au début")):
        return start + timedelta(days=10), True
    if pre.startswith(("mi", "à la mi")):
        return start + timedelta(days=20), True
    if pre.startswith(("fin", "en fin", "à la fin")):
        return end, True
    if m.precision == "month" and pre in ("de", "d'") and cues.era_before.search(before):
        return start + timedelta(days=14), True
    return None


def _years_later(text: str, mentions: list[DateMention], m: DateMention, p: _Parsed,
                 month_years: dict[int, tuple[int, ...]]) -> int:
    """The year an "il y a un an" puts the article in, from the dated event it refers to."""
    month_last_year = (p.kind == "month" and p.rel.startswith(("de l'année", "de l'an"))
                       and "prochaine" not in p.rel)
    if month_last_year and p.month in month_years:  # "janvier 2022 … janvier de l'année dernière"
        return max(month_years[p.month]) + 1
    is_ago = p.relative == "ago" and p.unit.startswith("an")
    is_last_year = p.relative.startswith(("l'année dernière", "l'année passée", "l'an "))
    if not (is_ago or is_last_year or month_last_year) or "prochain" in p.relative:
        return 0
    n = p.n if is_ago else 1
    left, right = sentence_bounds(text, m.start, m.end)
    years = [_period_start(o.date).year for o in mentions
             if o is not m and left <= o.start < right and o.date
             and o.basis in ("absolute", "partial") and o.precision in ("day", "month")]
    return max(years) + n if years else 0


def _bounds(text: str, mentions: list[DateMention], cues: PastCues) -> _Bounds:
    lower: list[tuple[date, bool]] = []
    upper: list[date] = []
    deadlines: list[date] = []
    weekdays: list[int] = []
    retrospective = False
    years_later = 0
    _, month_years = _year_tables(mentions)
    for m in mentions:
        p = _parse(m.text)
        if p is None:
            continue
        years_later = max(years_later, _years_later(text, mentions, m, p, month_years))
        future = _is_future(text, m, p)
        if m.basis == "weekday":
            if not future and m.relation != "until" and p.weekday is not None:
                weekdays.append(p.weekday)
            continue
        if m.date is None:
            continue
        if m.basis == "relative":
            if "nouvel" in p.relative and _FIRST_DAYS_BEFORE.search(text[max(0, m.start - 40):
                                                                        m.start]):
                lower.append((_period_start(m.date) + timedelta(days=3), False))
                retrospective = True
            continue
        if future:
            upper.append(_period_start(m.date) - timedelta(days=1))
            continue
        if m.relation in ("until", "before"):
            deadlines.append(_period_start(m.date))
            continue
        soft = _soft_lower(text, m, p, cues)
        if soft:
            lower.append((soft[0], False))
            retrospective = retrospective or soft[1]
        else:
            lower.append((_period_start(m.date), m.precision == "day"))
    return _Bounds(lower, upper, deadlines, weekdays, retrospective, years_later)


def _latest_bound(lower: list[tuple[date, bool]]) -> tuple[date, bool]:
    """The latest lower bound, an event's own day winning over a soft bound in its month.

    "le 14 septembre" says more than "les inondations de septembre" (read as the 15th).
    """
    hard = [d for d, is_hard in lower if is_hard]
    soft = [d for d, is_hard in lower if not is_hard]
    if hard and (not soft or (max(soft).year, max(soft).month) <= (max(hard).year,
                                                                   max(hard).month)):
        return max(hard), True
    return max(soft), False


def _first_weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _shift_year(day: date, year: int) -> date:
    return _safe_date(year, day.month, day.day) or date(year, day.month, 28)


def infer_published(text: str, mentions: list[DateMention],
                    anchor: date | str | None = None, lang: str | None = "fr"
                    ) -> tuple[str | None, str]:
    """The most likely publication day of an undated article, and its basis.

    The article is written on or after the latest event it reports (a day written in
    full, or the end of a finished period: "début janvier" is over, "les événements de
    janvier" name a past episode), before any date it announces ("doit annoncer … le 11
    janvier", "prochain"), a year after the events it dates "il y a un an", and, when
    it only names weekdays ("a déclaré vendredi"), on the first such day after that.
    ``anchor`` (e.g. another article's date about the same crisis) stands in for the
    year when the text writes none. A date that refers back to an earlier happening
    ("le séisme de 1960 avait fait…", see :mod:`recoupe.link.past_events`) is no
    evidence at all. Returns (``YYYY-MM-DD``, ``"inferred"``) or (None, ``"unknown"``).
    """
    anchor_day = _as_date(anchor)
    cues = past_cues(lang)
    checked = [m for m in correct_weekdays(list(mentions))
               if not is_back_reference(text, m, cues)]
    written = _latest_written(checked)
    if written is None and anchor_day is None:
        return None, "unknown"
    # Without a publication date, resolve_dates anchors on the latest written date's period.
    provisional = resolve_dates(
        # Only absolute mentions are dated yet; copying the others would change nothing.
        [dataclasses.replace(m, date=None, precision=None)
         if m.basis != "absolute" and (m.date is not None or m.precision is not None) else m
         for m in checked],
        None if written else anchor_day, text=text,
    )
    b = _bounds(text, provisional, cues)
    lower = list(b.lower)
    if b.retrospective:
        lower += [(d, False) for d in b.deadlines]
    if b.upper:
        ceiling = min(b.upper)
        lower = [(d, hard) for d, hard in lower if d <= ceiling] or []
    if not lower:
        day = min(b.upper) if b.upper else anchor_day
        return (day.isoformat(), "inferred") if day else (None, "unknown")
    day, hard = _latest_bound(lower)
    if b.years_later > day.year:
        day, hard = _shift_year(day, b.years_later), False
    if not hard and b.weekdays:
        day = max(_first_weekday_on_or_after(day, w) for w in set(b.weekdays))
    return day.isoformat(), "inferred"


def resolve_document_dates(
    doc_id: str, text: str, published: str | None, spans: list[tuple[int, int]] | None = None,
    anchor: date | str | None = None, published_basis: str = "header", lang: str | None = "fr",
) -> tuple[list[DateMention], str | None, str]:
    """Find, date and check every date of one document.

    find → infer the publication day (when ``published`` is None) → weekday
    correction → resolve. Returns the mentions, the publication date used and its
    basis (``published_basis`` when it was given, else "inferred" or "unknown").
    """
    mentions = find_dates(doc_id, text, spans, lang=lang)
    basis = published_basis
    if published is None:
        published, basis = infer_published(text, mentions, anchor=anchor, lang=lang)
    checked = correct_weekdays(mentions, published)
    return resolve_dates(checked, published, text=text), published, basis


def corpus_anchor(dates: Iterable[str | None]) -> date | None:
    """The median of the other documents' publication dates: the year for a text with none.

    Articles analysed together are about one crisis, so an article that names only
    weekdays ("vendredi") is dated near the others.
    """
    known = sorted(day for d in dates if (day := first_day(d)))  # stored: lenient
    return known[(len(known) - 1) // 2] if known else None


def story_anchors(documents: Iterable[Document], stories: Mapping[str, str],
                  undated: Collection[str]) -> dict[str, date]:
    """For each ``undated`` document, the anchor its own story gives: the median
    publication date of the story's other documents, those that dated themselves.

    A run may mix crises years apart (issue #16): an undated article about November 2024
    floods takes its year from the flood's other articles, not from a run of 2022
    articles. A document whose story has no dated article is left out: the run's
    anchor (:func:`corpus_anchor`) stays its only clue.
    """
    by_story: dict[str, list[str | None]] = {}
    for doc in documents:
        if doc.id not in undated and doc.id in stories:
            by_story.setdefault(stories[doc.id], []).append(doc.published)
    anchors = {doc: corpus_anchor(by_story.get(stories.get(doc, ""), ())) for doc in undated}
    return {doc: day for doc, day in anchors.items() if day is not None}
