"""Completing a core: a range, the modifiers before or after it, and its role."""

from __future__ import annotations

import re
from typing import NamedTuple

from recoupe.extract.quantities.patterns import (
    _AGE_AFTER,
    _AGE_BEFORE,
    _CHAIN,
    _CLOCK_DURATION_CUE,
    _CONDEMNED,
    _CONNECTOR,
    _CORE,
    _DIGIT,
    _DURATION_CUE,
    _GLUED_WORD,
    _ID_BEFORE,
    _L,
    _LES_BEFORE,
    _MEASURE_AFTER,
    _MEASURE_BEFORE,
    _MONEY_AFTER,
    _MONEY_BEFORE,
    _MONTH_AFTER,
    _MONTH_BEFORE,
    _OPENING_BEFORE,
    _PERCENT,
    _PREFIX,
    _PREV_WORD,
    _PRISON,
    _SCORE_CUE,
    _TIME_AFTER,
    _TIME_BEFORE,
    _TIME_UNIT,
    _TRAILING,
    _WEEKDAY_BEFORE,
    _YEAR_CUE,
    WINDOW,
    _Core,
    _EndCue,
)
from recoupe.extract.quantities.readers import (
    _NUMERIC_KINDS,
    _counted_noun_follows,
    _read_core,
)
from recoupe.lang.fr.quantity_words import NOT_NAMES as _NOT_NAMES
from recoupe.records import Qualifier, Quantity, is_qualifier


def _complete(
    seg: str, core: _Core, forced: tuple[int, str] | None
) -> tuple[Quantity, int, tuple[int, str] | None]:
    """The Quantity for a core, where to resume reading, and a role for listed numbers after it."""
    first = core
    prefix = _prefix(seg, core.start)
    core = _merge_range(seg, core, prefix)
    is_range = core.qualifier == "range"
    start = prefix[1] if prefix and (not is_range or prefix[0] == "range") else core.start
    qualifier, low, high = _qualify(core, prefix[0] if prefix else None)
    end = core.end
    trailing = _TRAILING.match(seg, end) if core.kind in _NUMERIC_KINDS else None
    if trailing and not prefix and not is_range:
        qualifier, low, high = _qualify(core, trailing.lastgroup)
        end = trailing.end()
    role, resume, chain = _role(seg, core, first, start, bool(prefix or trailing))
    if forced and core.start < forced[0] and core.role is None:
        role = forced[1]
    if role == "date" and core.kind != "numdate":
        end = max(end, resume)
    quantity = Quantity(
        start=start, end=end, text=seg[start:end], low=low, high=high, qualifier=qualifier,
        number_start=core.number_start if core.number_start is not None else core.start,
        number_end=core.number_end if core.number_end is not None else core.end, role=role,
    )
    return quantity, max(resume, end), chain


def _prefix(seg: str, start: int) -> tuple[str, int] | None:
    """The modifier right before ``start``: (qualifier, where the modifier starts)."""
    window_start = _after_last_digit(seg, start - 40, start)
    m = _before(seg, window_start, start).ends_with(_PREFIX)
    if m is None:
        return None
    return m.lastgroup or "exact", m.start()


def _after_last_digit(seg: str, lo: int, hi: int) -> int:
    """Where the words before ``hi`` begin: after the previous digit, and at most from ``lo``.

    No left-context rule needs to see a number, and cutting there keeps number-dense text
    ("1 000 1 000 …") from costing a full window scan per number.
    """
    lo = max(0, lo)
    digit = _DIGIT.search(seg[lo:hi][::-1])
    return lo if digit is None else hi - digit.start()


# The cues before a number (_EndCue) are patterns anchored at the end of the words before it,
# and ``re.search`` would try each of them at every position of a 40–60 character window.
# Why searching from the start of the last ``cue.chunks`` chunks finds the same match: every
# alternative of a cue begins with a non-space character and allows whitespace at most
# ``chunks - 1`` times before its trailing ``\s*``, so a match [p, end) meets at most
# ``chunks`` whitespace-separated chunks of the window and p lies in one of its last
# ``chunks`` chunks. No match starts before that chunk; ``search`` returns the leftmost
# match, and a lookbehind at p still sees the characters before the search's start.
# tests/test_extract_speed.py checks it on tables and generated text.
_MAX_CHUNKS = 5
# Matched against the reversed window: group k is its k-th last chunk (reversed).
_REV_CHUNKS = re.compile(r"\s*" + r"(?:(\S+)\s*)?" * _MAX_CHUNKS)


class _Before(NamedTuple):
    """The words before a number, ``text[:end]``, and where their last chunks start."""

    text: str
    end: int
    starts: tuple[int, ...]  # starts[k]: start of the (k + 1)-th last chunk, or the window's

    def ends_with(self, cue: _EndCue) -> re.Match[str] | None:
        """What ``cue.pattern.search(text, window start, end)`` finds, searched from where a
        match may start."""
        return cue.pattern.search(self.text, self.starts[cue.chunks - 1], self.end)


def _before(text: str, lo: int, hi: int) -> _Before:
    """``text[lo:hi]`` as :class:`_Before`."""
    m = _REV_CHUNKS.match(text[lo:hi][::-1])
    assert m is not None  # every part of the pattern is optional: it matches any text
    return _Before(text, hi, tuple(lo if end < 0 else hi - end for _, end in m.regs[1:]))


def _merge_range(seg: str, core: _Core, prefix: tuple[str, int] | None) -> _Core:
    """Join "entre 10 et 20", "250 000 à 300 000", "10-15", "deux ou trois" into one range core."""
    if core.kind not in _NUMERIC_KINDS and core.kind != "ordinal":
        return core
    conn = _CONNECTOR.match(seg, core.end)
    if conn is None:
        return core
    word = (conn.group("c") or "").lower()
    if word == "et" and not (prefix and prefix[0] == "range"):
        return core
    if conn.group("d") and core.kind == "words":
        return core
    m = _CORE.match(seg, conn.end())
    second = _read_core(seg, m) if m else None
    if second is None or second.kind not in _NUMERIC_KINDS:
        return core
    if word == "au" and not _MONTH_AFTER.match(seg, second.end):
        return core
    low, high = core.low, second.high
    if core.scale == 1 and second.scale > 1 and core.raw is not None and second.raw is not None \
            and core.raw <= second.raw:
        low = core.raw * second.scale  # "entre 2 et 3 millions": the scale is shared
    low = _shared_thousands(seg, core, second, low)
    if low is None or high is None or low >= high:
        return core
    return _Core("digits" if core.kind != "words" else "words", core.start, second.end, low, high,
                 qualifier="range", raw=second.raw, scale=second.scale)


_BARE_SMALL = re.compile(r"\d{1,3}")
_ONE_THOUSANDS_GROUP = re.compile(r"(\d{1,3})[ .\u00a0\u202f](\d{3})")


def _shared_thousands(seg: str, first: _Core, second: _Core, low: int | None) -> int | None:
    """"12 à 13.000", "entre 10 et 20 000": the thousands written once, on the second
    number, count for both (as a scale word does in "2 à 3 millions"), when the first is
    a bare number no larger than the second's thousands."""
    head = _ONE_THOUSANDS_GROUP.fullmatch(seg, second.start, second.end)
    if (low is None or head is None or first.kind != "digits"
            or not _BARE_SMALL.fullmatch(seg, first.start, first.end)):
        return low
    return low * 1000 if 0 < low <= int(head.group(1)) else low


def _qualify(core: _Core, modifier: str | None) -> tuple[Qualifier, int | None, int | None]:
    """(qualifier, low, high) of a core under a modifier, per CONTRACT.md."""
    if core.qualifier in ("vague", "range") or not is_qualifier(modifier) \
            or modifier in ("range", "exact"):
        return core.qualifier, core.low, core.high
    if modifier in ("more_than", "at_least"):
        return modifier, core.low, None
    if modifier in ("at_most", "less_than"):
        return modifier, None, core.high
    return modifier, core.low, core.high


def _role(
    seg: str, core: _Core, first: _Core, qstart: int, modified: bool
) -> tuple[str, int, tuple[int, str] | None]:
    """(role, where reading resumes, role for numbers listed after) from the words around."""
    end = core.end
    left_text = seg[_after_last_digit(seg, qstart - WINDOW, qstart):qstart]
    left = _before(left_text, 0, len(left_text))
    if core.role == "ordinal":
        chain = _CHAIN.match(seg, end)
        date = _MONTH_AFTER.match(seg, chain.end() if chain else end)
        if date and (core.low or 0) <= 31:
            return "date", date.end(), None
        return "ordinal", end, None
    if core.kind == "clock":
        around = re.match(r"\s*(?:/|sur\s+)\d+", seg[end:end + 10])  # "24h/24", "24h sur 24"
        timing = "duration" if around else _clock_role(seg, core, left)
        return timing, end + (around.end() if around else 0), None
    if core.role is not None:
        return core.role, end, None
    if _alone_on_line(seg, core.start, end) or _bracketed(seg, core.start, end):
        return "other", end, None
    chain = _CHAIN.match(seg, end)
    unit_at = chain.end() if chain else end
    role, resume = _role_after(seg, core, unit_at, left)
    if role is None:
        # Only a unit after a list ("15, 17 et 18 ans") speaks for the numbers listed.
        return _role_before(seg, core, first, left, modified), end, None
    if chain and role not in ("count", "date"):
        # Read the listed numbers too: "22 et 23 ans" is two ages.
        return role, end, (unit_at, role)
    return role, max(resume, end), None


def _role_after(seg: str, core: _Core, at: int, left: _Before) -> tuple[str | None, int]:
    """A role read from the unit after the number ("%", "euros", "janvier", "ans", "km")."""
    glued = _GLUED_WORD.match(seg, core.end)
    if glued and core.kind == "digits" and not glued.group().islower():
        return "name", at  # "5G", "3D": a unit would be written in lower case
    pct = _PERCENT.match(seg, at)
    if pct:
        return "percent", pct.end()
    if _MONEY_AFTER.match(seg, at) or left.ends_with(_MONEY_BEFORE):
        return "money", at
    date = _MONTH_AFTER.match(seg, at)
    if date and core.kind in ("digits", "words") and core.low is not None and 1 <= core.low <= 31 \
            and core.scale == 1 and core.qualifier != "range":
        return "date", date.end()
    if date and core.qualifier == "range" and (core.high or 0) <= 31:
        return "date", date.end()
    if _MEASURE_AFTER.match(seg, at) or left.ends_with(_MEASURE_BEFORE):
        return "measure", at
    unit = _TIME_UNIT.match(seg, at)
    if unit:
        around = re.match(r"\s+sur\s+\d+", seg[unit.end():unit.end() + 12])  # "7 jours sur 7"
        return _time_role(seg, core, unit, left), unit.end() + (around.end() if around else 0)
    if re.match(r"\s*fois(?![^\W\d_])", seg[at:at + 10], re.I):
        return "other", at
    return None, at


def _clock_role(seg: str, core: _Core, left: _Before) -> str:
    """'20h00' is a time; '48h', 'pendant 12h', '24h/24' are durations."""
    if core.role == "duration":
        return "duration"
    written = seg[core.start:core.end]
    bare_hours = ":" not in written and not re.search(r"[hH]\s?\d", written)
    if bare_hours and left.ends_with(_CLOCK_DURATION_CUE):
        return "duration"
    return "time"


def _time_role(seg: str, core: _Core, unit: re.Match[str], left: _Before) -> str:
    """time, age or duration for a number followed by a time unit."""
    word = unit.group("unit").lower()
    if word in ("heure", "heures", "h"):
        clock = left.ends_with(_TIME_BEFORE) or _TIME_AFTER.match(seg, unit.end())
        return "time" if clock and (core.high or 0) <= 24 else "duration"
    if word in ("an", "ans"):
        if _PRISON.match(seg, unit.end()) or left.ends_with(_CONDEMNED):
            return "duration"
        if left.ends_with(_DURATION_CUE):
            return "duration"
        if left.ends_with(_AGE_BEFORE):
            return "age"
        if core.qualifier == "range" and left.ends_with(_LES_BEFORE):
            return "age"  # "les 18-25 ans"
        if left.ends_with(_OPENING_BEFORE) and _AGE_AFTER.match(seg, unit.end()):
            return "age"
    return "duration"


def _role_before(seg: str, core: _Core, first: _Core, left: _Before, modified: bool) -> str:
    """A role read from the words before the number: ids, names, years, weekdays."""
    if left.ends_with(_ID_BEFORE):
        return "other"
    after = seg[core.end:core.end + WINDOW]
    maybe_year = first.plain4 and core.qualifier != "range" or _year_range(core, first)
    if maybe_year and left.ends_with(_MONTH_BEFORE):
        return "year"
    if core.kind == "digits" and core.low is not None and core.low <= 31 \
            and left.ends_with(_WEEKDAY_BEFORE):
        return "date"
    if not modified and not left.ends_with(_YEAR_CUE) and _is_name(left, after):
        return "name"
    if maybe_year and (not modified or core.qualifier == "range") \
            and _is_year(first.low or 0, left, after):
        return "year"
    if core.kind == "digits" and re.match(_L, after):
        return "name"  # digits glued to letters: "5G", "3D", "4x4"
    if core.qualifier == "range" and _SCORE_CUE.search(left.text):
        return "other"
    if core.kind == "digits" and core.low is None and core.high is None:
        return "measure"  # not a whole number ("7,8"): never a count of people
    return "count"


def _year_range(core: _Core, first: _Core) -> bool:
    """'1998-1999', 'entre 1964 et 1975': two years, not a range of counts."""
    return core.qualifier == "range" and first.plain4 and core.high is not None \
        and 1000 <= core.high <= 2100


def _is_year(value: int, left: _Before, after: str) -> bool:
    """A four-digit number read as a year unless a counted noun follows ("2000 manifestants")."""
    if _counted_noun_follows(after):
        return False
    if 1000 <= value <= 2100 and left.ends_with(_YEAR_CUE):
        return True
    return 1900 <= value <= 2100


def _is_name(left: _Before, after: str) -> bool:
    """'Mir 24', 'France 24', 'Boeing 737', 'Paris 2024': a capitalised word right before."""
    m = left.ends_with(_PREV_WORD)
    if m is None:
        return False
    word = m.group("w")
    if not any(ch.isupper() for ch in word) or word.lower().rstrip(".") in _NOT_NAMES:
        return False
    if "'" in word or "’" in word:
        return False
    return not _counted_noun_follows(after)


def _alone_on_line(seg: str, start: int, end: int) -> bool:
    """Page counters and list markers: a number that is the whole line ("43\\n0")."""
    # Bounded look-around: a 5 MB single-line text must not cost a scan per number.
    line_start = seg.rfind("\n", max(0, start - WINDOW), start)
    line_end = seg.find("\n", end, end + WINDOW)
    if line_start < 0 and start > WINDOW or line_end < 0 and end + WINDOW < len(seg):
        return False
    before = seg[line_start + 1:start]
    after = seg[end:len(seg) if line_end < 0 else line_end]
    return (line_start >= 0 or line_end >= 0) and not before.strip() and not after.strip()


def _bracketed(seg: str, start: int, end: int) -> bool:
    """Footnote markers like "[2]"."""
    return seg[start - 1:start] == "[" and seg[end:end + 1] == "]"
