"""What a claimed figure allows: its stated range, its tolerance range, its conservative value.

Two figures are *compatible* when the ranges they allow intersect once qualifiers
are read: "au moins 18" allows [18, ∞), "18" allows [18, 18], so they agree;
"environ 1 000" allows 1 000 ± 20 %, so it cannot be 4 578. Vague plurals follow
ACLED's convention (one order of magnitude from the conventional low: "des
dizaines" 10–99, "des centaines" 100–999, "des milliers" 1 000–9 999), and the
conservative value is ACLED's: the lowest figure the words support ("des
dizaines" → 10).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from recoupe.records import Claim

INF = math.inf


@dataclass(frozen=True)
class Allowed:
    """The closed range of counts a figure allows; ``high`` may be infinite."""

    low: float
    high: float

    def meets(self, other: Allowed) -> bool:
        return self.low <= other.high and other.low <= self.high

    def meet(self, other: Allowed) -> Allowed | None:
        low, high = max(self.low, other.low), min(self.high, other.high)
        return Allowed(low, high) if low <= high else None


def about_margin(n: int) -> float:
    """How far "environ n" may stray: 20 % for a round figure ("environ 2 000"), 10 % otherwise.

    A figure rounded to one significant digit hides more than one given to the unit.
    """
    if n <= 0:
        return 0.0
    digits = str(n).rstrip("0")
    return 0.2 if len(digits) <= 1 else 0.1


def vague_high(low: int) -> int:
    """The conventional top of a vague plural: one order of magnitude above its low."""
    return low * 10 - 1


def allowed(claim: Claim) -> Allowed | None:
    """The counts a claim allows, or None when it states no number at all."""
    low, high, q = claim.low, claim.high, claim.qualifier
    # ``either`` is the number a one-number reading uses; neither given: no number at all.
    either = low if low is not None else high
    if either is None:
        return None
    if q == "exact":
        return Allowed(either, either)
    if q == "about":
        margin = max(1.0, either * about_margin(either))
        return Allowed(either - margin, either + margin)
    if q == "at_least":
        return Allowed(low, INF) if low is not None else None
    if q == "more_than":
        return Allowed(low + 1, INF) if low is not None else None
    top = high if high is not None else either
    if q == "at_most":
        return Allowed(0, top)
    if q == "less_than":
        return Allowed(0, max(0, top - 1))
    if q == "vague":
        return Allowed(either, high if high is not None and low is not None
                       else vague_high(either))
    # range, or an unknown qualifier read as the range the fields give
    return Allowed(low if low is not None else 0, high if high is not None else INF)


def stated(claim: Claim) -> tuple[int | None, int | None]:
    """The range the words state, as the contract writes it ("plus de 3 211" → 3211, None)."""
    if claim.qualifier == "vague":
        return claim.low, claim.high
    if claim.qualifier in ("at_least", "more_than"):
        return claim.low, None
    if claim.qualifier in ("at_most", "less_than"):
        return None, claim.high if claim.high is not None else claim.low
    low = claim.low if claim.low is not None else claim.high
    high = claim.high if claim.high is not None else claim.low
    return low, high


def conservative(claim: Claim) -> int | None:
    """ACLED's reading of one figure: the lowest count its words support."""
    low, high = stated(claim)
    return low if low is not None else high


def is_vague(claim: Claim) -> bool:
    return claim.qualifier == "vague"


def all_meet(ranges: Iterable[Allowed]) -> Allowed | None:
    """The counts every range allows, or None when two of them exclude each other."""
    common: Allowed | None = Allowed(-INF, INF)
    for r in ranges:
        common = common.meet(r) if common else None
        if common is None:
            return None
    return common
