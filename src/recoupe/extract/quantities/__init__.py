"""French quantities: every number-like thing in a text, read with its modifiers and its role.

``find_quantities`` is pure regex and text work (no spaCy, no dateparser) because it runs on
every sentence of millions of articles. It reads, in one left-to-right pass:

1. a *core*: digits with any thousands separator ("3 211", "10.000", "4,578") and an optional
   scale word ("2,5 millions"), number words ("vingt-six", "deux mille", via text2num),
   approximations ("une centaine"), vague plurals ("des dizaines", "plusieurs milliers"),
   ordinals ("45e", "troisième", "XXIe"), clock times ("20h00"), numeric dates, fractions
   ("la moitié", "deux tiers"), phone numbers and names glued to digits ("COVID-19", "A320");
2. a range when two cores are joined ("entre 10 et 20", "250 000 à 300 000", "10-15", "deux ou
   trois");
3. the modifier before or after it ("plus de", "environ", "au moins", "jusqu'à", "X environ"),
   which sets ``qualifier``, ``low`` and ``high`` (CONTRACT.md);
4. the ``role`` read from the words around it: only ``count`` can later become a claim.

Vague plurals carry ACLED's conservative reading in ``low`` (tens → 10, dozens → 12, hundreds →
100, thousands → 1000) and ``high`` None. A value that is not whole ("7,8") leaves ``low`` and
``high`` None. Offsets are absolute offsets into ``text``; nothing outside [start, end) is read.
"""


from __future__ import annotations

import dataclasses
import re

# The internals tests/test_extract_speed.py checks (it finds every cue in this namespace).
from recoupe.extract.quantities.patterns import (  # noqa: F401
    _AGE_BEFORE,
    _CLOCK_DURATION_CUE,
    _CONDEMNED,
    _CORE,
    _DURATION_CUE,
    _ID_BEFORE,
    _LES_BEFORE,
    _MEASURE_BEFORE,
    _MONEY_BEFORE,
    _MONTH_BEFORE,
    _OPENING_BEFORE,
    _PREFIX,
    _PREV_WORD,
    _TIME_BEFORE,
    _WEEKDAY_BEFORE,
    _YEAR_CUE,
    MAX_DIGITS,
    MAX_VALUE,
    WINDOW,
    _EndCue,
    _search_core,
)
from recoupe.extract.quantities.readers import _read_core
from recoupe.extract.quantities.roles import _before, _complete  # noqa: F401
from recoupe.records import Quantity

__all__ = ["MAX_DIGITS", "MAX_VALUE", "WINDOW", "find_quantities", "zeros_for_letter_o"]

# A number typed with the letter O for zero ("12.OOO", "1OO", "2O22"): digits first, then
# digits and O's, in groups of three after a separator, and no letter around it.
_LETTER_O_NUMBER = re.compile(
    r"(?<![\w.,])\d[\dOo]*(?:[ .,\u00a0\u202f][\dOo]{3}(?![\dOo]))*(?!\w)"
)
# Where an O stands for a zero: two of them, or one between digits. A lone "1O" stays text.
_ZERO_LETTERS = re.compile(r"[Oo]{2}|\d[Oo]\d")


def zeros_for_letter_o(text: str) -> str:
    """``text`` with the letter O read as a zero inside numbers: '12.OOO gendarmes' →
    '12.000 gendarmes'. Same length, so every offset still points into ``text``."""
    if "O" not in text and "o" not in text:
        return text
    read = _LETTER_O_NUMBER.sub(_zeros, text)
    return text if read == text else read  # the same object: callers test "is"


def _zeros(m: re.Match[str]) -> str:
    token = m.group()
    if not _ZERO_LETTERS.search(token):
        return token
    return token.replace("O", "0").replace("o", "0")


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every number-like thing in ``text[start:end]``, in order, as Quantity records.

    Offsets are absolute offsets into ``text``. Never raises on a string: odd input yields
    fewer quantities, not an error.
    """
    if not isinstance(text, str):
        return []
    stop = len(text) if end is None else max(0, min(end, len(text)))
    begin = max(0, min(start, stop))
    written = text[begin:stop]
    seg = zeros_for_letter_o(written)
    found: list[Quantity] = []
    pos = 0
    forced: tuple[int, str] | None = None  # role for listed numbers: "15, 17 et 18 ans"
    while pos < len(seg):
        m = _search_core(seg, pos)
        if m is None:
            break
        core = _read_core(seg, m)
        if core is None:
            pos = m.end() if m.end() > pos else pos + 1
            continue
        quantity, resume, chain = _complete(seg, core, forced)
        forced = chain if chain is not None else (forced if forced and forced[0] > resume else None)
        if seg is not written:
            quantity = dataclasses.replace(quantity, text=written[quantity.start:quantity.end])
        found.append(_shift(quantity, begin, text))
        pos = max(resume, pos + 1)
    return found


def _shift(q: Quantity, offset: int, text: str) -> Quantity:
    """Move a quantity read in a segment to absolute offsets in ``text``."""
    if not offset:
        return q
    start, end = q.start + offset, q.end + offset
    return Quantity(
        start=start, end=end, text=text[start:end], low=q.low, high=q.high,
        qualifier=q.qualifier, number_start=q.number_start + offset,
        number_end=q.number_end + offset, role=q.role,
    )

