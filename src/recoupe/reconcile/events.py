"""ACLED-style events: one row per dated, located happening with a figure.

A happening is a story's figures for one geocoded place and one date. Its date is,
in order: the claim's own period; the period its comparison's other claims give;
the period the document's other figures give (a retrospective article speaks of one
episode); the document's publication date when the document is a fresh report
(within :data:`FRESH_DAYS` of the story's first report). ``time_precision`` is 1
for a day, 2 for up to a week, 3 beyond; a span's date is its midpoint (ACLED codes a
span at its middle). ``latitude``/``longitude`` are the place entity's coordinates
and ``geo_precision`` its level (1 city, 2 region, 3 country). Figures without a
geocoded place or any date are left out: an event row needs both.

``event_type``/``sub_event_type`` and the actors follow ACLED's vocabulary, read
from the claims' kinds and groups and the words of their sentences. ACLED does not
code natural disasters; their rows are ``Strategic developments`` / ``Other`` with
the disaster named in ``notes``. ``fatalities``, ``injured`` and ``arrested`` are
conservative (ACLED's rule): the figure for everyone when there is one, else the sum
of the groups' figures.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from recoupe.link.gazetteer import country_name
from recoupe.reconcile.compare import explicit_period
from recoupe.reconcile.consensus import current_reading, settle
from recoupe.reconcile.dates import DaySpan, day_span, midpoint, span_of
from recoupe.reconcile.notes import figure
from recoupe.records import Claim, Comparison, Document, Entity, Geo
from recoupe.textfold import word_key as fold

FRESH_DAYS = 31
# Kinds that describe something that happened (not stocks of weapons or checkpoints).
EVENT_KINDS = ("killed", "injured", "missing", "arrested", "displaced", "participants", "deployed")
_GEO_PRECISION = {"city": 1, "admin1": 2, "country": 3}

# Cue words, matched on folded sentences.
_RX = {name: re.compile(rx) for name, rx in {
    "suicide": r"kamikaze|attentat[- ]suicide",
    "air": r"frappes? aeriennes?|raids? aeriens?|bombardements? aeriens?|\bdrones?\b",
    "shelling": r"\bobus\b|artillerie|missiles?|roquettes?|bombard|pilonn",
    "grenade": r"grenade",
    "explosive": r"engins? explosifs?|\bmines?\b|\bbombes?\b|voiture piegee|\bied\b|explosion",
    "battle": r"\bcombats?\b|accrochages?|echanges? de tirs|offensive|affrontements? armes?",
    "riot": r"emeut|pillag|pille|saccag|casseur|vandal|incendi|barricade|violences? urbaine",
    "mob": r"lynch|vindicte|foule en colere",
    "protest": r"manifest|protestat|rassembl|greve|marche|emeut|sit-in",
    "intervention": r"dispers|lacrymo|canons? a eau|interpell|arrest|charge|matraqu|balles",
    "civilian_attack": r"massacre|hommes armes|assaillants|attaque|tuerie|fusillade",
    "looting": r"pillag|pille|incendi|detruit|saccag",
    "police": r"polic|garde nationale|forces de l'ordre|gendarm|forces de securite|anti-emeute",
    "army": r"armee|militaire|soldat|troupes",
    "disaster": r"seisme|tremblement de terre|inondation|crue|ouragan|cyclone|tempete|"
                r"glissement de terrain|eruption|tsunami|incendie de foret|canicule",
}.items()}


def events(
    comparisons: Sequence[Comparison],
    claims: Sequence[Claim],
    documents: Sequence[Document],
    entities: Sequence[Entity],
) -> list[dict[str, Any]]:
    """events.csv rows (columns: report.files.EVENT_COLUMNS)."""
    docs = {d.id: d for d in documents}
    by_id = {e.id: e for e in entities}
    doc_of = {c.id: c.doc for c in claims}
    stories = {doc_of[i]: cmp.extra.get("story", "") for cmp in comparisons for i in cmp.claims
               if i in doc_of}
    dating = _Dating(comparisons, claims, docs, stories)
    happenings: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        entity = by_id.get(c.place.entity) if c.place and c.place.entity else None
        if c.kind not in EVENT_KINDS or entity is None or entity.geo is None:
            continue
        when = dating.span(c)
        if when is None:
            continue
        happenings[(stories.get(c.doc, ""), entity.id, when)].append(c)
    context = _story_text(claims, docs, stories)
    rows = [_row(members, by_id[eid], when, docs, by_id, context.get(story, ""))
            for (story, eid, when), members in happenings.items()]
    return sorted(rows, key=lambda r: (r["event_date"], r["location"], r["event_type"]))


class _Dating:
    """When each claim's happening took place (see the module docstring for the order)."""

    def __init__(self, comparisons: Sequence[Comparison], claims: Sequence[Claim],
                 docs: Mapping[str, Document], stories: Mapping[str, str]) -> None:
        self.docs = docs
        self.by_comparison: dict[str, DaySpan] = {}
        for cmp in comparisons:
            if cmp.period and (span := span_of(cmp.period.get("start"), cmp.period.get("end"))):
                for claim_id in cmp.claims:
                    self.by_comparison[claim_id] = span
        per_doc: dict[str, list[DaySpan]] = defaultdict(list)
        for c in claims:
            if explicit_period(c) and (s := span_of(c.period.start, c.period.end)):  # type: ignore[union-attr]
                per_doc[c.doc].append(s)
        self.by_document = {doc: max(set(spans), key=lambda s: (spans.count(s), s))
                            for doc, spans in per_doc.items()}
        firsts: dict[str, date] = {}
        for doc_id, story in stories.items():
            span = day_span(docs[doc_id].published) if doc_id in docs else None
            if span and (story not in firsts or span[0] < firsts[story]):
                firsts[story] = span[0]
        self.first = {doc_id: firsts.get(story) for doc_id, story in stories.items()}

    def span(self, claim: Claim) -> DaySpan | None:
        if explicit_period(claim):
            return span_of(claim.period.start, claim.period.end)  # type: ignore[union-attr]
        found = self.by_comparison.get(claim.id) or self.by_document.get(claim.doc)
        if found:
            return found
        doc = self.docs.get(claim.doc)
        published = day_span(doc.published) if doc else None
        first = self.first.get(claim.doc)
        if published and (first is None or (published[0] - first).days <= FRESH_DAYS):
            return published
        return None


def time_precision(span: DaySpan) -> int:
    days = (span[1] - span[0]).days + 1
    return 1 if days == 1 else 2 if days <= 7 else 3


def _story_text(claims: Sequence[Claim], docs: Mapping[str, Document],
                stories: Mapping[str, str]) -> dict[str, str]:
    """Each story's titles and figure sentences, folded: how the story describes itself."""
    texts: dict[str, list[str]] = defaultdict(list)
    for doc_id, story in stories.items():
        if doc_id in docs and docs[doc_id].title:
            texts[story].append(fold(docs[doc_id].title or ""))
    for c in claims:
        if c.doc in stories:
            texts[stories[c.doc]].append(fold(c.sentence))
    return {story: " ".join(parts) for story, parts in texts.items()}


def _row(claims: list[Claim], place: Entity, when: DaySpan, docs: Mapping[str, Document],
         entities: Mapping[str, Entity], story_text: str) -> dict[str, Any]:
    geo = place.geo
    assert geo is not None
    country = (country_name(geo.country) if geo.country else None) or geo.country or ""
    text = " ".join(fold(c.sentence) for c in claims)
    event_type, sub_type, actor1, actor2 = classify(claims, text, country)
    if sub_type == "Other" and any(c.kind in ("killed", "injured") for c in claims):
        # A toll its own sentences do not explain takes the story's description.
        # Explosions and battles must be told by the row's own sentences, not the story's.
        event_type, sub_type, actor1, actor2 = classify(claims, text + " " + story_text, country,
                                                        remote=False)
    outlets = sorted({(docs[c.doc].outlet if c.doc in docs else None) or c.outlet or c.doc
                      for c in claims})
    return {
        "event_date": midpoint(when).isoformat(),
        "time_precision": time_precision(when),
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": actor1,
        "actor2": actor2,
        "country": country,
        "admin1": _admin1(geo, place, entities),
        "location": place.canonical,
        "latitude": geo.lat,
        "longitude": geo.lon,
        "geo_precision": _GEO_PRECISION.get(geo.feature or "", 1),
        "source": "; ".join(outlets),
        "notes": _notes(claims, text),
        "fatalities": conservative_total(claims, "killed", docs) or 0,
        "injured": conservative_total(claims, "injured", docs),
        "arrested": conservative_total(claims, "arrested", docs),
        "claims": [c.id for c in claims],
    }


def classify(claims: Sequence[Claim], text: str, country: str, remote: bool = True
             ) -> tuple[str, str, str, str]:
    """ACLED event type, sub-event type, actor 1 and actor 2 of a happening.

    ``remote=False`` leaves out explosions and battles (for a story-wide reading).
    """
    kinds = {c.kind for c in claims}
    groups = {c.group for c in claims}
    has = {name: bool(rx.search(text)) for name, rx in _RX.items()}
    forces = (f"Military Forces of {country}" if has["army"] and not has["police"]
              else f"Police Forces of {country}")
    hurt = bool(kinds & {"killed", "injured"})
    if remote and (has["suicide"] or has["air"] or has["shelling"] or has["grenade"] or (
            has["explosive"] and hurt)):
        sub = ("Suicide bomb" if has["suicide"] else "Air/drone strike" if has["air"]
               else "Shelling/artillery/missile attack" if has["shelling"]
               else "Grenade" if has["grenade"] else "Remote explosive/landmine/IED")
        victim = f"Civilians ({country})" if "civilians" in groups else ""
        return "Explosions/Remote violence", sub, f"Unidentified Armed Group ({country})", victim
    if "protesters" in groups or has["protest"]:
        return _demonstration(kinds, groups, has, country, forces, claims)
    if remote and (has["battle"] or "foreign_forces" in groups and hurt):
        return "Battles", "Armed clash", forces, f"Unidentified Armed Group ({country})"
    if has["disaster"]:
        return "Strategic developments", "Other", "", ""
    if "civilians" in groups and hurt or has["civilian_attack"] and hurt:
        return ("Violence against civilians", "Attack", f"Unidentified Armed Group ({country})",
                f"Civilians ({country})")
    if "arrested" in kinds:
        return "Strategic developments", "Arrests", forces, ""
    if has["looting"]:
        return "Strategic developments", "Looting/property destruction", "", ""
    return "Strategic developments", "Other", "", ""


def _demonstration(kinds: set[str], groups: set[str], has: dict[str, bool], country: str,
                   forces: str, claims: Sequence[Claim]) -> tuple[str, str, str, str]:
    """Protests or riots. Security forces hurt mean the demonstrators were violent (a riot);
    protesters hurt with none of that mean force used against a protest."""
    security = "security_forces" in groups or has["police"]
    forces_hurt = _hurt(claims, "security_forces")
    if has["riot"] or has["mob"] or forces_hurt:
        sub = "Mob violence" if has["mob"] else "Violent demonstration"
        return "Riots", sub, f"Rioters ({country})", forces if security else ""
    protesters = f"Protesters ({country})"
    if _hurt(claims, "protesters"):
        return "Protests", "Excessive force against protesters", protesters, forces
    if "arrested" in kinds or has["intervention"]:
        return "Protests", "Protest with intervention", protesters, forces
    return "Protests", "Peaceful protest", protesters, ""


def _hurt(claims: Sequence[Claim], group: str) -> bool:
    return any(c.kind in ("killed", "injured") and c.group == group for c in claims)


def conservative_total(claims: Sequence[Claim], kind: str, docs: Mapping[str, Document]
                       ) -> int | None:
    """The conservative count of one kind: everyone's figure if given, else the groups' sum."""
    by_group: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.kind == kind and (c.low is not None or c.high is not None):
            by_group[c.group].append(c)
    if not by_group:
        return None

    def as_of(c: Claim) -> str | None:
        return docs[c.doc].published if c.doc in docs else None

    def headline(members: list[Claim]) -> int | None:
        status, eras, readings = settle(members, as_of)
        return current_reading(status, eras, readings).headline

    if "all" in by_group:
        return headline(by_group["all"])
    values = [h for members in by_group.values() if (h := headline(members)) is not None]
    return sum(values) if values else None


def _notes(claims: Sequence[Claim], text: str) -> str:
    """The figures behind the row, by kind and group, with who gave them."""
    parts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c in sorted(claims, key=lambda c: (c.kind, c.group, c.id)):
        words = figure(c)
        if words not in parts[(c.kind, c.group)]:
            parts[(c.kind, c.group)].append(words)
    body = "; ".join(f"{kind} ({group}): {', '.join(v)}" for (kind, group), v in parts.items())
    disaster = _RX["disaster"].search(text)
    return (f"Disaster ({disaster.group(0)}), not political violence. " if disaster else "") + body


def _admin1(geo: Geo, place: Entity, entities: Mapping[str, Entity]) -> str:
    """The region's name when an entity of the run names it, else its code."""
    if geo.feature == "admin1":
        return place.canonical
    if geo.feature == "country" or not geo.admin1:
        return ""
    for e in entities.values():
        g = e.geo
        if g and g.feature == "admin1" and g.country == geo.country and g.admin1 == geo.admin1:
            return e.canonical
    return geo.admin1
