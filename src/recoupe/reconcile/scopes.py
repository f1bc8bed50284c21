"""Where a figure counts: the place scope of a claim and the scope that contains it.

A city's toll is a part of its region's and its country's, so a figure for Almaty is
shown as a *component* of the national figure, never as its rival. Scopes come from
the place entity's geo: ``("country", "KZ")``, ``("admin1", "KZ", "02")``,
``("place", entity id)`` for a city or an ungeocoded place.
"""

from __future__ import annotations

from collections.abc import Mapping

from recoupe.records import Claim, Entity, Geo
from recoupe.textfold import word_key as fold

Scope = tuple[str, ...]
UNPLACED: Scope = ("unplaced",)


def geo_of(claim: Claim, entities: Mapping[str, Entity]) -> Geo | None:
    place = claim.place
    if place is None or place.entity is None or place.entity not in entities:
        return None
    return entities[place.entity].geo


def scope_of(claim: Claim, entities: Mapping[str, Entity]) -> Scope:
    """The narrowest place a claim counts in."""
    place = claim.place
    if place is None:
        return UNPLACED
    geo = geo_of(claim, entities)
    if geo is None or geo.country is None:
        return ("place", place.entity or fold(place.name))
    if geo.feature == "country":
        return ("country", geo.country)
    if geo.feature == "admin1" and geo.admin1:
        return ("admin1", geo.country, geo.admin1)
    return ("place", place.entity or fold(place.name))


def parents(scope: Scope, claim: Claim, entities: Mapping[str, Entity]) -> list[Scope]:
    """The scopes containing ``scope``, narrowest first (a city's region, then its country)."""
    geo = geo_of(claim, entities)
    if geo is None or geo.country is None or scope[0] == "country":
        return []
    found: list[Scope] = []
    if scope[0] == "place" and geo.admin1:
        found.append(("admin1", geo.country, geo.admin1))
    found.append(("country", geo.country))
    return found
