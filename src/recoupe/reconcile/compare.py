"""Comparisons: every figure the sources give for one quantity, and what they add up to.

A *quantity* is one story's count of one kind for one group (``killed`` ×
``security_forces``), over one stretch of time, in one place. Claims are grouped so:

- **story** first: unrelated crises are never compared (:mod:`.stories`);
- **kind and group**: a subset ("225 morts, dont 19 agents de sécurité") is compared
  with the other security-force figures, not with the total; for ``other``,
  ``equipment`` and ``weapons`` the counted noun ("avions", "armes") is part of the key;
- **period**: claims whose explicit periods lie more than :data:`PERIOD_GAP_DAYS` apart
  count different episodes; a claim without a period joins the episode nearest its
  document's date;
- **place**: a city's or region's figure is a *component* of its country's (listed in
  the country's ``extra["components"]`` and with its own comparison), never its rival.

Each comparison's ``extra`` holds: ``story``; ``as_of`` (the dates the figures were
reported); ``headline`` (ACLED's conservative value, latest era); ``by_date``
(``[{as_of, status, low, high, headline, claims}]``); ``sources`` and ``outlets``;
``components`` / ``component_of``; ``parts`` (an article's smaller figures read as
parts of its own larger one); ``subset_of`` (the totals a subset group is part of).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from recoupe.reconcile.consensus import Era, Reading, current_reading, settle
from recoupe.reconcile.dates import DaySpan, gap_days, span_of
from recoupe.reconcile.notes import note_for
from recoupe.reconcile.scopes import UNPLACED, Scope, parents, scope_of
from recoupe.reconcile.stories import story_id
from recoupe.records import Claim, Comparison, Document, Entity
from recoupe.textfold import word_key as fold

PERIOD_GAP_DAYS = 31
# Kinds whose claims count different things unless the counted noun matches.
_NOUN_KINDS = ("other", "equipment", "weapons")

Key = tuple[str, str, str, str]  # story, kind, group, counted noun


@dataclass
class _Unit:
    key: Key
    episode: int
    scope: Scope
    claims: list[Claim]


def compare_claims(
    claims: Sequence[Claim],
    documents: Sequence[Document],
    entities: Sequence[Entity],
    stories: Mapping[str, str],
) -> list[Comparison]:
    """Group the claims measuring one quantity and say whether their sources agree."""
    docs = {d.id: d for d in documents}
    by_id = {e.id: e for e in entities}

    def as_of(claim: Claim) -> str | None:
        doc = docs.get(claim.doc)
        if doc is not None and doc.published:
            return doc.published
        return claim.period.end if explicit_period(claim) else None  # type: ignore[union-attr]

    units = _units(claims, stories, by_id, as_of)
    settled = {id(u): settle(u.claims, as_of) for u in units}
    comparisons = {id(u): _comparison(u, *settled[id(u)], as_of) for u in units}
    _link_components(units, comparisons, by_id)
    _link_subsets(units, comparisons, claims)
    return sorted(comparisons.values(), key=_order)


def explicit_period(claim: Claim) -> bool:
    """True when the claim's own sentence dates it (not the document's date as fallback)."""
    p = claim.period
    return p is not None and p.basis != "document" and (p.start or p.end) is not None


def quantity_key(claim: Claim, stories: Mapping[str, str]) -> Key:
    story = stories.get(claim.doc) or story_id([claim.doc])
    noun = ""
    if claim.kind in _NOUN_KINDS and claim.cue:
        noun = fold(claim.cue.split()[0]).rstrip("sx")
    return story, claim.kind, claim.group, noun


def _units(claims: Sequence[Claim], stories: Mapping[str, str], entities: Mapping[str, Entity],
           as_of) -> list[_Unit]:
    by_key: dict[Key, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.low is None and c.high is None:
            continue
        by_key[quantity_key(c, stories)].append(c)
    units = []
    for key in sorted(by_key):
        for episode, members in enumerate(_episodes(by_key[key], as_of)):
            for scope, scoped in _scoped(members, entities).items():
                units.append(_Unit(key, episode, scope, scoped))
    return units


def _episodes(claims: list[Claim], as_of) -> list[list[Claim]]:
    """Claims split where their explicit periods lie far apart; undated ones join the nearest."""
    dated = sorted(((s, c) for c in claims if explicit_period(c)
                    and (s := span_of(c.period.start, c.period.end))),  # type: ignore[union-attr]
                   key=lambda sc: (sc[0], sc[1].id))
    spans: list[DaySpan] = []
    groups: list[list[Claim]] = []
    for span, c in dated:
        if spans and gap_days(spans[-1], span) <= PERIOD_GAP_DAYS:
            spans[-1] = (spans[-1][0], max(spans[-1][1], span[1]))
            groups[-1].append(c)
        else:
            spans.append(span)
            groups.append([c])
    if not groups:
        return [list(claims)]
    for c in claims:
        if explicit_period(c):
            continue
        day = span_of(as_of(c), None)
        best = 0 if day is None else min(range(len(spans)), key=lambda i: gap_days(spans[i], day))
        groups[best].append(c)
    return [sorted(g, key=lambda c: c.id) for g in groups]


def _scoped(claims: list[Claim], entities: Mapping[str, Entity]) -> dict[Scope, list[Claim]]:
    """Claims by place scope; unplaced claims join the only country present, if one is."""
    scoped: dict[Scope, list[Claim]] = defaultdict(list)
    for c in claims:
        scoped[scope_of(c, entities)].append(c)
    countries = [s for s in scoped if s[0] == "country"]
    if UNPLACED in scoped and len(countries) == 1:
        scoped[countries[0]].extend(scoped.pop(UNPLACED))
    return dict(scoped)


def _comparison(unit: _Unit, status: str, eras: list[Era], readings: list[Reading],
                as_of) -> Comparison:
    story, kind, group, noun = unit.key
    current = current_reading(status, eras, readings)
    dates = sorted({d for c in unit.claims if (d := as_of(c))})
    by_date = [
        {"as_of": as_of(r.claims[0]) if r.claims else None, "status": r.status, "low": r.low,
         "high": r.high, "headline": r.headline, "claims": [c.id for c in r.claims]}
        for r in readings
    ]
    parts = sorted({c.id for r in readings for c in r.parts})
    extra: dict[str, Any] = {
        "story": story,
        "as_of": dates,
        "headline": current.headline,
        "by_date": by_date,
        "sources": sorted({c.source.name for c in unit.claims if c.source}),
        "outlets": sorted({c.outlet or c.doc for c in unit.claims}),
    }
    if noun:
        extra["counted"] = noun
    if parts:
        extra["parts"] = parts
    return Comparison(
        kind=kind, group=group, place=_place_name(unit.claims), period=_period(unit.claims),
        claims=tuple(c.id for c in unit.claims), status=status, low=current.low,
        high=current.high, note=note_for(status, eras, readings, current), extra=extra,
    )


def _place_name(claims: Sequence[Claim]) -> str | None:
    names = [c.place.name for c in claims if c.place is not None]
    return max(set(names), key=lambda n: (names.count(n), n)) if names else None


def _period(claims: Sequence[Claim]) -> dict[str, Any] | None:
    periods = [c.period for c in claims if explicit_period(c)]
    if not periods:
        return None
    starts = [p.start for p in periods if p.start]
    ends = [p.end for p in periods if p.end]
    texts = sorted({p.text for p in periods if p.text})
    return {"start": min(starts) if starts else None, "end": max(ends) if ends else None,
            "text": "; ".join(texts) or None}


def _link_components(units: list[_Unit], comparisons: dict[int, Comparison],
                     entities: Mapping[str, Entity]) -> None:
    """A city's comparison is listed in its region's or country's, and points back to it."""
    index = {(u.key, u.episode, u.scope): u for u in units}
    for unit in units:
        for parent_scope in parents(unit.scope, unit.claims[0], entities):
            parent = index.get((unit.key, unit.episode, parent_scope))
            if parent is None:
                continue
            child, whole = comparisons[id(unit)], comparisons[id(parent)]
            whole.extra.setdefault("components", []).append({
                "place": child.place, "claims": list(child.claims), "status": child.status,
                "low": child.low, "high": child.high, "headline": child.extra["headline"],
            })
            child.extra["component_of"] = {"place": whole.place, "claims": list(whole.claims)}
            break


def _link_subsets(units: list[_Unit], comparisons: dict[int, Comparison],
                  claims: Sequence[Claim]) -> None:
    """A subset group's comparison names the totals its figures are parts of."""
    owner = {c.id: comparisons[id(u)] for u in units for c in u.claims}
    for c in claims:
        if c.subset_of and c.id in owner and c.subset_of in owner:
            totals = owner[c.id].extra.setdefault("subset_of", [])
            if c.subset_of not in totals:
                totals.append(c.subset_of)


def _order(c: Comparison) -> tuple:
    return (c.extra["story"], c.kind, c.group, c.place or "", c.claims)
