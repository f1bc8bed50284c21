"""Comparisons: every figure the sources give for one quantity, and what they add up to.

A *quantity* is one story's count of one kind for one group (``killed`` ×
``security_forces``), over one stretch of time, in one place. Claims are grouped so:

- **story** first: unrelated crises are never compared (:mod:`.stories`);
- **kind and group**: a subset ("225 morts, dont 19 agents de sécurité") is compared
  with the other security-force figures, not with the total; for ``other``,
  ``equipment`` and ``weapons`` the counted noun ("avions", "armes") is part of the key;
- **period**: claims whose explicit periods lie more than :data:`PERIOD_GAP_DAYS` apart
  count different episodes; a claim without a period joins the episode nearest its
  document's date; a document whose date was guessed splits nothing;
- **place** (:mod:`.scopes`, through the gazetteer): a city's or region's figure is a
  *component* of its district's, region's or country's (listed in ``components``, with
  its own comparison), never its rival; a multi-place scope is its own; a figure an
  article repeats is counted once, where its text places it (:func:`.scopes.claim_scopes`).

Each comparison is built whole (:class:`~recoupe.records.Comparison`): ``story``;
``status``, ``headline`` and ``headline_lineage`` from :mod:`.crosscheck` (source
lineages, ACLED's rule); ``lineages`` (each lineage's latest figure); ``as_of`` (the
dates the figures were reported); ``by_date`` (each date's reading); ``sources`` and
``outlets``; ``components`` / ``component_of``; ``parts`` (an article's smaller figures
read as parts of its own larger one); ``subset_of`` (the totals a subset group is part
of); ``scope`` (country, admin1, admin2, place, places, unplaced).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from recoupe.reconcile.consensus import Reading
from recoupe.reconcile.crosscheck import AsOf, LineageState, Verdict, cross_check
from recoupe.reconcile.dates import DaySpan, gap_days, span_of
from recoupe.reconcile.lineage import official_entities
from recoupe.reconcile.notes import verdict_note
from recoupe.reconcile.scopes import (
    UNPLACED,
    Scope,
    claim_scopes,
    geo_of,
    parents,
    scope_of,
)
from recoupe.reconcile.stories import story_id
from recoupe.records import (
    Claim,
    Comparison,
    Component,
    ComponentOf,
    DatedReading,
    Document,
    Entity,
    Group,
    Kind,
    LineageLatest,
    Period,
)
from recoupe.textfold import word_key as fold

# Periods further apart than a season are two episodes (a past flood recalled, a second
# wave of protests); a crisis's coverage followed up for weeks stays one.
PERIOD_GAP_DAYS = 92
# Publication dates guessed from other documents: the periods read from them split nothing.
GUESSED_DATES = ("inferred",)
# Kinds whose claims count different things unless the counted noun matches.
_NOUN_KINDS = ("other", "equipment", "weapons")

Key = tuple[str, Kind, Group, str]  # story, kind, group, counted noun


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
        period = stated_period(claim)
        return period.end if period is not None else None

    guessed = frozenset(d.id for d in documents if d.published_basis in GUESSED_DATES)
    units = _units(claims, stories, by_id, as_of, guessed)
    official = official_entities(entities)
    comparisons = {id(u): _comparison(u, cross_check(u.claims, as_of, official,
                                                     _home(u, by_id)), as_of)
                   for u in units}
    _link_components(units, comparisons, by_id)
    _link_subsets(units, comparisons, claims)
    return sorted(comparisons.values(), key=_order)


def stated_period(claim: Claim) -> Period | None:
    """The claim's period when its own sentence dates it (not the document's date as
    fallback), else None."""
    p = claim.period
    if p is not None and p.basis != "document" and (p.start or p.end) is not None:
        return p
    return None


def quantity_key(claim: Claim, stories: Mapping[str, str]) -> Key:
    story = stories.get(claim.doc) or story_id([claim.doc])
    noun = ""
    if claim.kind in _NOUN_KINDS and claim.cue:
        noun = fold(claim.cue.split()[0]).rstrip("sx")
    return story, claim.kind, claim.group, noun


def _units(claims: Sequence[Claim], stories: Mapping[str, str], entities: Mapping[str, Entity],
           as_of: AsOf, guessed: frozenset[str]) -> list[_Unit]:
    by_key: dict[Key, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.low is None and c.high is None:
            continue
        by_key[quantity_key(c, stories)].append(c)
    scopes = claim_scopes((c for members in by_key.values() for c in members), entities)
    units = []
    for key in sorted(by_key):
        for episode, members in enumerate(_episodes(by_key[key], as_of, guessed)):
            for scope, scoped in _scoped(members, scopes).items():
                units.append(_Unit(key, episode, scope, scoped))
    return units


def _episodes(claims: list[Claim], as_of: AsOf, guessed: frozenset[str]) -> list[list[Claim]]:
    """Claims split where their stated periods lie far apart; the others join the nearest.

    A period read in a document whose own date was guessed (``guessed``) splits nothing:
    its year is a guess too, so its claims join the largest episode.
    """
    dated = sorted(((s, c) for c in claims if c.doc not in guessed
                    and (p := stated_period(c)) is not None and (s := span_of(p.start, p.end))),
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
    placed = {id(c) for _, c in dated}
    largest = max(range(len(groups)), key=lambda i: len(groups[i]))
    for c in claims:
        if id(c) in placed:
            continue
        day = None if c.doc in guessed else span_of(as_of(c), None)
        best = largest if day is None else min(range(len(spans)),
                                               key=lambda i: gap_days(spans[i], day))
        groups[best].append(c)
    return [sorted(g, key=lambda c: c.id) for g in groups]


def _scoped(claims: list[Claim], scopes: Mapping[str, Scope]) -> dict[Scope, list[Claim]]:
    """Claims by place scope; unplaced claims join the only country present, if one is."""
    scoped: dict[Scope, list[Claim]] = defaultdict(list)
    for c in claims:
        scoped[scopes[c.id]].append(c)
    countries = [s for s in scoped if s[0] == "country"]
    if UNPLACED in scoped and len(countries) == 1:
        scoped[countries[0]].extend(scoped.pop(UNPLACED))
    return dict(scoped)


def _home(unit: _Unit, entities: Mapping[str, Entity]) -> str | None:
    """The country where a unit's figures count, when its scope tells."""
    if unit.scope[0] in ("country", "admin1", "admin2"):
        return unit.scope[1]
    if unit.scope[0] == "place":
        return next((g.country for c in unit.claims if (g := geo_of(c, entities))), None)
    return None


def _comparison(unit: _Unit, verdict: Verdict, as_of: AsOf) -> Comparison:
    story, kind, group, noun = unit.key
    current = verdict.current
    return Comparison(
        kind=kind, group=group, place=_place_name(unit.claims), period=_period(unit.claims),
        claims=tuple(c.id for c in unit.claims), status=verdict.status, low=current.low,
        high=current.high, note=verdict_note(verdict), story=story, headline=current.headline,
        headline_lineage=verdict.headline_lineage, scope=unit.scope[0],
        as_of=tuple(sorted({d for c in unit.claims if (d := as_of(c))})),
        by_date=tuple(_dated(r, as_of) for r in verdict.readings),
        lineages=tuple(_lineage(s) for s in verdict.lineages),
        sources=tuple(sorted({c.source.name for c in unit.claims if c.source})),
        outlets=tuple(sorted({c.outlet or c.doc for c in unit.claims})),
        counted=noun or None,
        parts=tuple(sorted({c.id for r in verdict.readings for c in r.parts})),
    )


def _dated(reading: Reading, as_of: AsOf) -> DatedReading:
    return DatedReading(as_of(reading.claims[0]) if reading.claims else None, reading.status,
                        reading.low, reading.high, reading.headline,
                        tuple(c.id for c in reading.claims))


def _lineage(state: LineageState) -> LineageLatest:
    current = state.current
    return LineageLatest(state.label, state.latest, current.low, current.high, current.headline,
                         state.status, tuple(c.id for c in current.claims),
                         tuple(sorted({c.outlet or c.doc for c in state.claims})))


def _place_name(claims: Sequence[Claim]) -> str | None:
    names = [c.place.name for c in claims if c.place is not None]
    return max(set(names), key=lambda n: (names.count(n), n)) if names else None


def _period(claims: Sequence[Claim]) -> dict[str, Any] | None:
    periods = [p for c in claims if (p := stated_period(c)) is not None]
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
    listed: dict[int, list[Component]] = defaultdict(list)
    for unit in units:
        own = next((c for c in unit.claims if scope_of(c, entities) == unit.scope),
                   unit.claims[0])
        for parent_scope in parents(unit.scope, own, entities):
            parent = index.get((unit.key, unit.episode, parent_scope))
            if parent is None:
                continue
            child, whole = comparisons[id(unit)], comparisons[id(parent)]
            listed[id(parent)].append(Component(child.place, child.claims, child.status,
                                                child.low, child.high, child.headline))
            comparisons[id(unit)] = replace(child, component_of=ComponentOf(whole.place,
                                                                            whole.claims))
            break
    for key, components in listed.items():
        comparisons[key] = replace(comparisons[key], components=tuple(components))


def _link_subsets(units: list[_Unit], comparisons: dict[int, Comparison],
                  claims: Sequence[Claim]) -> None:
    """A subset group's comparison names the totals its figures are parts of (a total in
    the same comparison is a part there, not a total elsewhere)."""
    owner = {c.id: id(u) for u in units for c in u.claims}
    totals: dict[int, list[str]] = defaultdict(list)
    for c in claims:
        if (c.subset_of and c.id in owner and c.subset_of in owner
                and owner[c.subset_of] != owner[c.id]
                and c.subset_of not in totals[owner[c.id]]):
            totals[owner[c.id]].append(c.subset_of)
    for key, ids in totals.items():
        comparisons[key] = replace(comparisons[key], subset_of=tuple(ids))


def _order(c: Comparison) -> tuple:
    return (c.story, c.kind, c.group, c.place or "", c.claims)
