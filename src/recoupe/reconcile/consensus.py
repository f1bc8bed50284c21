"""What a set of figures for one quantity says, once read together — within one lineage.

:func:`read` reads figures reported at one time: they *agree* when the ranges their
qualifiers allow share a value, else they *conflict*. :func:`settle` reads figures over
time: figures are put in as-of order (the date the figure was reported), consecutive
compatible figures form one *era*, and a new era is an *update* when the figure grew or
the later source says it was revised, a *conflict* when a later source gives a lower
figure without saying so. :mod:`.crosscheck` calls :func:`settle` once per source
lineage, so a figure that grows is an update only when its own lineage raised it.

The headline follows ACLED's rule: the most conservative figure the sources support
(in a dispute, the lowest precise figure, the dispute noted).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from recoupe.lang import available, load
from recoupe.reconcile.lineage import lineages_of
from recoupe.reconcile.values import Allowed, all_meet, allowed, conservative, is_vague, stated
from recoupe.records import Claim, Status
from recoupe.textfold import word_key as fold


@lru_cache(maxsize=1)
def _revision() -> re.Pattern[str]:
    """Every language's words for a revised figure (``revision`` in lang/<code>/patterns):
    a claim carries no language, and the phrases of one language mean nothing in another."""
    return re.compile("|".join(f"(?:{load(code).pattern('revision').pattern})"
                               for code in available()))


def is_revision(claim: Claim) -> bool:
    """True when the claim's sentence says the figure revises an earlier one."""
    return bool(_revision().search(fold(claim.sentence)))


@dataclass
class Reading:
    """Figures of one time read together."""

    status: Status  # single | agree | conflict
    low: int | None
    high: int | None
    headline: int | None
    meet: Allowed | None  # the counts every figure allows (None in a conflict)
    hull: Allowed  # the counts some figure allows
    claims: list[Claim]
    parts: list[Claim] = field(default_factory=list)


@dataclass
class Era:
    """Consecutive as-of dates whose figures agree."""

    as_of: list[str | None]
    reading: Reading
    revised: bool = False


def _finite(x: float) -> int | None:
    return None if math.isinf(x) else int(x)


def split_parts(claims: Sequence[Claim]) -> tuple[list[Claim], list[Claim]]:
    """Figures an article gives as parts of its own larger figure, set apart.

    An article does not contradict itself without saying who says what: when one
    of its figures lies wholly below another of the same quantity and the two are
    not attributed to different lineages, the smaller is a part ("deux des personnes
    tuées", "identité de sept policiers tués") or an earlier count, not a rival.
    """
    # Only figures of one article are compared: per article, not every pair of the run.
    by_doc: dict[str, list[tuple[Claim, Allowed | None]]] = {}
    for c in claims:
        by_doc.setdefault(c.doc, []).append((c, allowed(c)))
    # A subset whose total is among the figures ("225 morts, dont 19 policiers" read in
    # one group) is a part of it, whoever gives it: never a rival, never the headline.
    present = {c.id for c in claims}
    part_ids = {id(c) for c in claims if c.subset_of is not None and c.subset_of in present}
    for members in by_doc.values():
        part_ids |= _parts_of_one_article(members)
    return ([c for c in claims if id(c) not in part_ids],
            [c for c in claims if id(c) in part_ids])


def _parts_of_one_article(members: list[tuple[Claim, Allowed | None]]) -> set[int]:
    """Ids of the figures another figure of the same voice lies wholly above.

    The two largest lows per voice (``None``, no named source, agrees with every voice)
    answer for each figure at once: linear in the article's figures, not quadratic
    (issue 19: one dense article holds thousands).
    """
    known = [(c, a) for c, a in members if a is not None]
    voices = [(c, a, _voice(c, key)) for (c, a), (key, _) in
              zip(known, lineages_of([c for c, _ in known]), strict=True)]
    tops: dict[str | None, list[tuple[float, int]]] = {}
    anyone: list[tuple[float, int]] = []
    for c, a, voice in voices:
        _keep_two(tops.setdefault(voice, []), (a.low, id(c)))
        _keep_two(anyone, (a.low, id(c)))
    parts: set[int] = set()
    for c, a, voice in voices:
        pools = [anyone] if voice is None else [tops.get(None, []), tops[voice]]
        if any(low > a.high and other != id(c) for pool in pools for low, other in pool):
            parts.add(id(c))
    return parts


def _keep_two(top: list[tuple[float, int]], entry: tuple[float, int]) -> None:
    """Keep the two largest lows of distinct claims, largest first."""
    if any(other == entry[1] for _, other in top):
        top[:] = sorted(max(t, entry) if t[1] == entry[1] else t for t in top)[::-1]
        return
    top.append(entry)
    top.sort(reverse=True)
    del top[2:]


def _voice(claim: Claim, lineage: str) -> str | None:
    """Who speaks for a figure within one article: its lineage (one state's bodies are one
    voice: the interior ministry's 748 injured police are part of the health ministry's
    1 000 injured), None when no one is named."""
    if claim.source is None or not claim.source.name.strip():
        return None
    return lineage


def read(claims: Sequence[Claim]) -> Reading:
    """Figures reported at one time: agree, conflict, or a single figure."""
    kept, parts = split_parts(claims)
    ranges = [r for c in kept if (r := allowed(c)) is not None]
    hull = Allowed(min((r.low for r in ranges), default=0),
                   max((r.high for r in ranges), default=0))
    meet = all_meet(ranges) if ranges else None
    if meet is not None:
        low, high, headline = _agreed(kept, meet)
        status: Status = "single" if _one_voice(kept) else "agree"
        return Reading(status, low, high, headline, meet, hull, list(kept), parts)
    low, high = _disputed(kept)
    return Reading("conflict", low, high, low, None, hull, list(kept), parts)


def _one_voice(claims: Sequence[Claim]) -> bool:
    """One article, one (or no) named source: a figure repeated is still one figure."""
    docs = {c.doc for c in claims}
    names = {fold(c.source.name) for c in claims if c.source}
    return len(docs) == 1 and len(names) <= 1


def _agreed(claims: Sequence[Claim], meet: Allowed) -> tuple[int | None, int | None, int | None]:
    """The range every figure supports and its most conservative value.

    The headline is the largest stated low of the precise figures (every source
    supports at least that much), kept within what the figures jointly allow:
    "au moins 18" and "19" → 19; "26" and "des dizaines" → 26; "environ 2 000" and
    "1 900" → 1 900; "plus de 3 000" and "plus de 3 211" → 3 211 (the stated figure).
    """
    precise = [c for c in claims if not is_vague(c)] or list(claims)
    lows = [v for c in precise if (v := conservative(c)) is not None]
    headline = max(lows) if lows else math.ceil(meet.low)
    if not math.isinf(meet.high):
        headline = min(headline, math.floor(meet.high))
    highs = [h for c in claims if (h := stated(c)[1]) is not None and h >= headline]
    if math.isinf(meet.high) and not highs:
        return headline, None, headline
    high = min(highs) if highs else _finite(math.floor(meet.high))
    return headline, high, headline


def _disputed(claims: Sequence[Claim]) -> tuple[int | None, int | None]:
    """The range of a dispute: lowest precise figure to highest (None when open-ended)."""
    precise = [c for c in claims if not is_vague(c)] or list(claims)
    lows = [v for c in precise if (v := conservative(c)) is not None]
    highs = [stated(c)[1] for c in claims]
    high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    return (min(lows) if lows else None), high


def buckets(claims: Sequence[Claim], as_of: Callable[[Claim], str | None]
            ) -> list[tuple[str | None, bool, list[Claim]]]:
    """Claims by as-of date, oldest first; a revised figure comes after the same day's others.

    Undated claims come first (they are compared with every era, see :func:`settle`).
    """
    groups: dict[tuple[str | None, bool], list[Claim]] = {}
    by_date: dict[str | None, list[Claim]] = {}
    for c in claims:
        by_date.setdefault(as_of(c), []).append(c)
    for date, members in by_date.items():
        revised = [c for c in members if is_revision(c)]
        if revised and len(revised) < len(members) and read(members).status == "conflict":
            groups[(date, False)] = [c for c in members if c not in revised]
            groups[(date, True)] = revised
        else:
            groups[(date, False)] = members
    order = sorted(groups, key=lambda k: (k[0] is not None, k[0] or "", k[1]))
    return [(date, revised, groups[(date, revised)]) for date, revised in order]


def settle(claims: Sequence[Claim], as_of: Callable[[Claim], str | None]
           ) -> tuple[Status, list[Era], list[Reading]]:
    """A quantity over time: its status, its eras, and the reading of each as-of date."""
    steps = buckets(claims, as_of)
    readings = [read(members) for _, _, members in steps]
    undated = [r for (date, _, _), r in zip(steps, readings, strict=True) if date is None]
    eras: list[Era] = []
    status: Status = "single"
    for (date, revised, _), reading in zip(steps, readings, strict=True):
        if date is None:
            continue
        if reading.status == "conflict":
            status = "conflict"
        if eras and _joins(eras[-1].reading, reading) and not _grows(eras[-1].reading, reading):
            eras[-1] = Era(eras[-1].as_of + [date], read(eras[-1].reading.claims
                                                            + reading.claims), eras[-1].revised)
            continue
        if eras:
            grew = (reading.hull.low > eras[-1].reading.hull.high
                    or _grows(eras[-1].reading, reading))
            step: Status = "update" if grew or revised or _any_revision(reading) else "conflict"
            status = "conflict" if "conflict" in (status, step) else "update"
        eras.append(Era([date], reading, revised))
    status = _with_undated(status, eras, undated)
    if status in ("single", "agree"):
        status = read([c for _, _, m in steps for c in m]).status
    return status, eras, readings


def _joins(era: Reading, reading: Reading) -> bool:
    if era.meet is None or reading.meet is None:
        return False
    return era.meet.meets(reading.meet)


def _grows(era: Reading, reading: Reading) -> bool:
    """A later precise figure above the conservative one so far: the toll went up
    ("au moins 9 morts" on Monday, "11 morts" on Tuesday), even though both are compatible."""
    precise = any(not is_vague(c) for c in reading.claims)
    return (precise and reading.headline is not None and era.headline is not None
            and reading.headline > era.headline)


def _any_revision(reading: Reading) -> bool:
    return any(is_revision(c) for c in reading.claims)


def _with_undated(status: Status, eras: list[Era], undated: list[Reading]) -> Status:
    """An undated figure agrees if some era allows it; else it disputes the quantity."""
    for reading in undated:
        if reading.status == "conflict":
            return "conflict"
        if eras and not any(e.reading.meet is not None and reading.meet is not None
                            and e.reading.meet.meets(reading.meet) for e in eras):
            return "conflict"
    return status


def current_reading(status: Status, eras: list[Era], readings: list[Reading]) -> Reading:
    """The reading a careful analyst would publish now: the latest era's.

    In a dispute across time (a later, lower figure not called a revision) the
    conservative value is the lowest of the disputed eras.
    """
    if not eras:
        return readings[-1]
    last = eras[-1].reading
    if status != "conflict" or last.status == "conflict":
        return last
    if len(eras) < 2:  # an undated figure disputes the only era
        return read([c for r in readings for c in r.claims])
    lows = [e.reading.low for e in eras[-2:] if e.reading.low is not None]
    highs = [e.reading.high for e in eras[-2:]]
    high = None if None in highs else max(h for h in highs if h is not None)
    low = min(lows) if lows else None
    return Reading("conflict", low, high, low, None, last.hull, last.claims)
