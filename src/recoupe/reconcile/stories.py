"""Stories: documents about the same happening, clustered before any figure is compared.

Two documents are linked when they are close in time — their publication dates or
the dates they mention (day or month precision) lie within :data:`MAX_GAP_DAYS` —
and close in place or people: the same main country (the country their geocoded
places mostly lie in), or at least two shared specific entities (a city, a region,
a person). Linked documents form a story (transitively). Organisations alone never
link two documents: "l'ONU", "l'AFP" or "la Croix-Rouge" appear in unrelated crises.
A document with no dated or located hint stays alone rather than joining a crisis it
may not belong to — unless it shares two specific entities with one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from recoupe.extract.lexicon import fold
from recoupe.reconcile.dates import DaySpan, day_span, gap_days
from recoupe.records import DateMention, Document, Entity, Mention, content_hash

MAX_GAP_DAYS = 21
# Dates that say when something happened, not "il y a un an" read to a year.
_DATE_PRECISIONS = ("day", "month")


@dataclass
class _Profile:
    countries: set[str]
    specific: set[str]  # entity ids (or folded names) of cities, regions, people
    times: list[DaySpan]


def story_id(doc_ids: Sequence[str]) -> str:
    """A story's id: a digest of its sorted document ids (stable across runs on the same input)."""
    return "s" + content_hash("\n".join(sorted(doc_ids)))[:10]


def find_stories(
    documents: Sequence[Document],
    mentions: Sequence[Mention],
    dates: Sequence[DateMention],
    entities: Sequence[Entity],
) -> dict[str, str]:
    """Document id → story id: documents clustered by shared places, people and dates."""
    ids = [d.id for d in documents]
    profiles = _profiles(documents, mentions, dates, entities)
    parent = {i: i for i in ids}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for n, a in enumerate(ids):
        for b in ids[n + 1 :]:
            if root(a) != root(b) and linked(profiles[a], profiles[b]):
                parent[root(a)] = root(b)
    members: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        members[root(i)].append(i)
    return {i: story_id(members[root(i)]) for i in ids}


def linked(a: _Profile, b: _Profile) -> bool:
    """True when two documents are about the same happening."""
    if not _near_in_time(a.times, b.times):
        return False
    if a.countries & b.countries:
        return True
    return len(a.specific & b.specific) >= 2


def _near_in_time(a: list[DaySpan], b: list[DaySpan]) -> bool:
    if not a or not b:
        return True  # an undated document cannot be told apart by time
    return min(gap_days(x, y) for x in a for y in b) <= MAX_GAP_DAYS


def _profiles(
    documents: Sequence[Document],
    mentions: Sequence[Mention],
    dates: Sequence[DateMention],
    entities: Sequence[Entity],
) -> dict[str, _Profile]:
    country_counts: dict[str, Counter[str]] = defaultdict(Counter)
    specific: dict[str, set[str]] = defaultdict(set)
    linked_docs: set[tuple[str, str]] = set()
    for entity in entities:
        for m in entity.mentions:
            linked_docs.add((m.doc, fold(m.text)))
            _add_entity(entity, m.doc, country_counts, specific)
    # Mentions no entity holds still name people and places (a run without linking).
    for m in mentions:
        if m.label in ("PER", "LOC") and (m.doc, fold(m.text)) not in linked_docs:
            specific[m.doc].add("name:" + fold(m.text))
    times: dict[str, list[DaySpan]] = defaultdict(list)
    for d in dates:
        if d.precision in _DATE_PRECISIONS and (span := day_span(d.date)):
            times[d.doc].append(span)
    profiles = {}
    for doc in documents:
        published = day_span(doc.published)
        doc_times = times[doc.id] + ([published] if published else [])
        profiles[doc.id] = _Profile(_main_countries(country_counts[doc.id]), specific[doc.id],
                                    doc_times)
    return profiles


def _add_entity(entity: Entity, doc: str, country_counts: dict[str, Counter[str]],
                specific: dict[str, set[str]]) -> None:
    geo = entity.geo
    if entity.type == "LOC" and geo is not None and geo.country:
        country_counts[doc][geo.country] += 1
        if geo.feature != "country":
            specific[doc].add(entity.id)
    elif entity.type == "PER" or (entity.type == "LOC" and geo is None):
        specific[doc].add(entity.id)


def _main_countries(counts: Counter[str]) -> set[str]:
    """The country (or tied countries) a document's places mostly lie in."""
    if not counts:
        return set()
    top = max(counts.values())
    return {code for code, n in counts.items() if n == top}
