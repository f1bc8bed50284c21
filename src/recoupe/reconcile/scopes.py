"""Where a figure counts: the place scope of a claim and the scopes that contain it.

A city's toll is a part of its district's, its region's and its country's, so a figure
for Almaty is shown as a *component* of the national figure, never as its rival.
Scopes come from the place entity's gazetteer record, so two spellings of one place
("Alma-Ata", "Almaty") are one scope even when they are two entities:

- ``("country", "KZ")``; ``("admin1", "KZ", "02")``; ``("admin2", "KZ", "02", "0203")``;
- ``("place", "gn:1526384")`` for a geocoded city (its GeoNames id), ``("place",
  entity id or folded name)`` for a place the gazetteer does not know;
- ``("places", "mexique + perou")`` for a multi-place scope (``Place.name`` joining the
  names with " + ", in any order): two countries together are their own scope, never
  one of them nor a component of either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from recoupe.records import Claim, Entity, Geo
from recoupe.textfold import word_key as fold

Scope = tuple[str, ...]
UNPLACED: Scope = ("unplaced",)
DOCUMENT_BASIS = "document"  # Place.basis of a place given by the article, not the sentence
MULTI_PLACE = "+"  # the separator of a multi-place scope's names ("Pérou + Équateur")


def geo_of(claim: Claim, entities: Mapping[str, Entity]) -> Geo | None:
    place = claim.place
    if place is None or place.entity is None or place.entity not in entities:
        return None
    return entities[place.entity].geo


def multi_place(name: str) -> list[str] | None:
    """The folded names of a multi-place scope, sorted; None for one place."""
    parts = sorted(fold(p).strip() for p in name.split(MULTI_PLACE) if p.strip())
    return parts if len(parts) > 1 else None


def scope_of(claim: Claim, entities: Mapping[str, Entity]) -> Scope:
    """The narrowest place a claim counts in."""
    place = claim.place
    if place is None:
        return UNPLACED
    if (several := multi_place(place.name)) is not None:
        return ("places", " + ".join(several))
    geo = geo_of(claim, entities)
    if geo is None or geo.country is None:
        return ("place", place.entity or fold(place.name))
    if geo.feature == "country":
        return ("country", geo.country)
    if geo.feature == "admin1" and geo.admin1:
        return ("admin1", geo.country, geo.admin1)
    if geo.feature == "admin2" and geo.admin1 and geo.admin2:
        return ("admin2", geo.country, geo.admin1, geo.admin2)
    if geo.geonames_id is not None:
        return ("place", f"gn:{geo.geonames_id}")
    return ("place", place.entity or fold(place.name))


def parents(scope: Scope, claim: Claim, entities: Mapping[str, Entity]) -> list[Scope]:
    """The scopes containing ``scope``, narrowest first (a city's district, its region,
    then its country)."""
    geo = geo_of(claim, entities)
    if geo is None or geo.country is None or scope[0] in ("country", "places", "unplaced"):
        return []
    found: list[Scope] = []
    if scope[0] == "place" and geo.admin1 and geo.admin2:
        found.append(("admin2", geo.country, geo.admin1, geo.admin2))
    if scope[0] in ("place", "admin2") and geo.admin1:
        found.append(("admin1", geo.country, geo.admin1))
    found.append(("country", geo.country))
    return found


def claim_scopes(claims: Iterable[Claim], entities: Mapping[str, Entity]) -> dict[str, Scope]:
    """Claim id → scope, a figure repeated in one article counted in one place.

    An article that writes one figure twice (same kind, group and value) gives one
    figure, often once with its place and once with the place left to the article's
    country ("3 958 morts à Derna" in the lead, "les 3 958 morts" below): the mentions
    whose place is only the article's (or none) take the place the others write, when
    they all write one. The article's place is a default, narrower or wider than the
    written one alike: an article about Valencia writing "211 dead in Spain" and later
    "of the 211 dead, 207 were in Valencia" gives one figure for Spain. Two places
    written in the text stay apart ("3 morts à Lyon, 3 à Nice"; "238 morts dans le pays",
    "238 à Almaty").
    """
    scopes: dict[str, Scope] = {}
    repeats: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        scopes[c.id] = scope_of(c, entities)
        repeats[(c.doc, c.kind, c.group, c.low, c.high)].append(c)
    for members in repeats.values():
        if len(members) < 2 or len({scopes[c.id] for c in members}) < 2:
            continue
        written = [c for c in members if c.place is not None and not _by_default(c)]
        if len({scopes[c.id] for c in written}) != 1:
            continue
        own = scopes[written[0].id]
        explicit = {c.id for c in written}
        for c in members:
            if c.id not in explicit:
                scopes[c.id] = own
    return scopes


def _by_default(claim: Claim) -> bool:
    """True when the claim's place is the article's, not one its sentence writes."""
    return claim.place is not None and claim.place.basis == DOCUMENT_BASIS
