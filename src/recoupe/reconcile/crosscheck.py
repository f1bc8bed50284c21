"""Cross-checking one quantity across source lineages (issue #16, CONTRACT.md comparisons).

Each lineage's figures are first read over time on their own (:func:`settle`): a
lineage that raises its own figure, or says it revised it, *updates* it. Then the
latest figure of each lineage is set against the others':

- all compatible → *agree* (or *update* when some lineage revised its own figure);
- some incompatible → *conflict*, whatever their order: a later, larger figure from
  another lineage is a dispute, not an update — unless its text says it supersedes the
  earlier figures ("nouveau bilan"), which then drop out of the dispute.

The headline follows ACLED's rule: agreed figures give their conservative value; in a
dispute, the most conservative credible figure among the lineages' latest (a precise
figure before a vague one), the lineage it comes from named in the note, never the
largest by default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from recoupe.reconcile.consensus import (
    Era,
    Reading,
    buckets,
    current_reading,
    is_revision,
    read,
    settle,
)
from recoupe.reconcile.lineage import lineages_of
from recoupe.reconcile.values import all_meet, is_vague
from recoupe.records import Claim, Status

AsOf = Callable[[Claim], str | None]


@dataclass
class LineageState:
    """One lineage's figures read over time."""

    key: str
    label: str
    status: Status
    eras: list[Era]
    current: Reading  # the lineage's latest reading
    latest: str | None  # the as-of date of that reading
    claims: list[Claim]

    revised_on: str | None = None  # when the latest figure said it replaces earlier ones


@dataclass
class Verdict:
    """What the figures of one quantity say once every lineage is read."""

    status: Status
    current: Reading  # the figures behind the headline: low, high, headline
    headline_lineage: str | None
    lineages: list[LineageState]
    disputed: list[LineageState]  # lineages whose latest figures conflict (empty unless conflict)
    superseded: list[LineageState]  # lineages a later "nouveau bilan" replaced
    readings: list[Reading]  # every as-of date's figures, oldest first (for by_date)


def cross_check(claims: Sequence[Claim], as_of: AsOf,
                official: frozenset[str] = frozenset(), home: str | None = None) -> Verdict:
    """Status, headline and lineages of the claims measuring one quantity.

    ``official``: the ids of entities that speak for the state (:func:`official_entities`);
    ``home``: the country (ISO2) where the figures count, when one is known.
    """
    states = _lineages(_counted(claims), as_of, official, home)
    readings = [read(members) for _, _, members in buckets(claims, as_of)]
    if len(states) == 1:
        only = states[0]
        return Verdict(only.status, only.current, only.label, states,
                       [only] if only.status == "conflict" else [], [], readings)
    superseded = _superseded(states)
    active = [s for s in states if s not in superseded]
    if len(active) == 1 or _compatible(active):
        return _agreement(states, active, superseded, readings)
    return _dispute(states, active, superseded, readings)


def _counted(claims: Sequence[Claim]) -> list[Claim]:
    """The claims each lineage is read from: a subset whose total is among the claims
    ("dont 400 hospitalisés", whoever says it) is a part of that total, never a lineage's
    figure of its own (it stays listed in the readings' parts)."""
    ids = {c.id for c in claims}
    counted = [c for c in claims if not (c.subset_of and c.subset_of in ids)]
    return counted or list(claims)


def _lineages(claims: Sequence[Claim], as_of: AsOf, official: frozenset[str],
              home: str | None) -> list[LineageState]:
    grouped: dict[str, tuple[str, list[Claim]]] = {}
    for c, (key, label) in zip(claims, lineages_of(claims, official, home), strict=True):
        grouped.setdefault(key, (label, []))[1].append(c)
    states = []
    for key, (label, members) in sorted(grouped.items()):
        status, eras, lineage_readings = settle(members, as_of)
        current = current_reading(status, eras, lineage_readings)
        latest = eras[-1].as_of[-1] if eras else None
        revised = [d for c in current.claims if is_revision(c) and (d := as_of(c))]
        states.append(LineageState(key, label, status, eras, current, latest, members,
                                   max(revised) if revised else None))
    return states


def _superseded(states: list[LineageState]) -> list[LineageState]:
    """Lineages a stated revision replaces: those whose latest figure, given no later than
    the revision, is lower than it (the count grew past them). A larger figure of another
    lineage stays in dispute: a revision of one's own count does not refute it."""
    revisions = [s for s in states if s.revised_on and s.current.headline is not None]
    if not revisions:
        return []
    newest = max(revisions, key=lambda s: (s.revised_on or "", s.current.headline or 0))
    day, value = newest.revised_on or "", newest.current.headline or 0
    return [s for s in states if s is not newest and (s.latest or "") <= day
            and s.current.headline is not None and s.current.headline < value]


def _compatible(states: list[LineageState]) -> bool:
    """The lineages' latest figures can all be true at once (none disputes itself)."""
    meets = [s.current.meet for s in states]
    if any(m is None for m in meets):
        return False
    return all_meet(m for m in meets if m is not None) is not None


def _agreement(states: list[LineageState], active: list[LineageState],
               superseded: list[LineageState], readings: list[Reading]) -> Verdict:
    current = read([c for s in active for c in s.current.claims])
    moved = superseded or any(s.status == "update" for s in active)
    status: Status = "update" if moved else "agree" if len(active) > 1 else current.status
    if any(s.status == "conflict" for s in active):
        status = "conflict"
    label = active[0].label if len(active) == 1 else _holder(active, current.headline)
    return Verdict(status, current, label, states, [], superseded, readings)


def _dispute(states: list[LineageState], active: list[LineageState],
             superseded: list[LineageState], readings: list[Reading]) -> Verdict:
    """ACLED's rule in a dispute: the most conservative credible latest figure."""
    credible = [s for s in active if s.current.headline is not None
                and any(not is_vague(c) for c in s.current.claims)]
    pool = credible or [s for s in active if s.current.headline is not None] or active
    chosen = min(pool, key=lambda s: (s.current.headline is None, s.current.headline or 0,
                                      s.label))
    highs = [s.current.high for s in active]
    high = None if None in highs else max(h for h in highs if h is not None)
    low = chosen.current.headline
    base = chosen.current
    current = Reading("conflict", low, high, low, None, base.hull,
                      [c for s in active for c in s.current.claims], base.parts)
    return Verdict("conflict", current, chosen.label, states, active, superseded, readings)


def _holder(states: list[LineageState], headline: int | None) -> str | None:
    """The lineage whose figure gives the agreed headline (the first such, by label)."""
    for s in sorted(states, key=lambda s: s.label):
        if headline is not None and s.current.meet is not None and s.current.meet.low <= headline \
                <= s.current.meet.high and s.current.headline == headline:
            return s.label
    return sorted(s.label for s in states)[0] if states else None
