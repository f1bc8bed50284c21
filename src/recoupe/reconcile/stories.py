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
from itertools import combinations

from recoupe.reconcile.dates import DaySpan, day_span, gap_days
from recoupe.records import DateMention, Document, Entity, Mention, content_hash
from recoupe.textfold import word_key as fold

MAX_GAP_DAYS = 21
# Dates that say when something happened, not "il y a un an" read to a year.
_DATE_PRECISIONS = ("day", "month")


@dataclass
class Profile:
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
    """Document id → story id: documents clustered by shared places, people and dates.

    The stories are the connected components of :func:`linked`. Rather than testing
    every pair of documents (quadratic: hours for a year of coverage), documents are
    bucketed by what can link them — a main country, or a pair of specific entities —
    and within a bucket linked by a sweep over their dates.
    """
    ids = [d.id for d in documents]
    roots = components(ids, _profiles(documents, mentions, dates, entities))
    members: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        members[roots[i]].append(i)
    return {i: story_id(members[roots[i]]) for i in ids}


def components(ids: Sequence[str], profiles: dict[str, Profile]) -> dict[str, str]:
    """Document id → a representative of its connected component under :func:`linked`."""
    parent = {i: i for i in ids}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb

    for bucket in _buckets(ids, profiles):
        if len({root(i) for i in bucket}) > 1:  # else already one story: nothing to add
            _link_near_in_time(bucket, profiles, union)
    return {i: root(i) for i in ids}


def _buckets(ids: Sequence[str], profiles: dict[str, Profile]) -> list[list[str]]:
    """Groups of documents that share what :func:`linked` asks for besides time: a main
    country, or two specific entities (every pair of a document's entities is a key)."""
    buckets: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for i in ids:
        profile = profiles[i]
        for country in profile.countries:
            buckets[("country", country)].append(i)
        for pair in combinations(sorted(profile.specific), 2):
            buckets[pair].append(i)
    # Countries first: they join most of a crisis in a few sweeps. Documents that share
    # many entities share many pairs: each distinct set of documents is swept once.
    distinct = dict.fromkeys(tuple(docs) for docs in buckets.values() if len(docs) > 1)
    return [list(docs) for docs in distinct]


def _link_near_in_time(bucket: list[str], profiles: dict[str, Profile], union) -> None:
    """Union the documents of ``bucket`` that :func:`_near_in_time` links, transitively.

    An undated document is near every other. Dated ones are swept by start day: a
    span starting within MAX_GAP_DAYS of the furthest end seen so far is near the span
    that reached that end, so the sweep joins exactly the chains of near documents.
    """
    undated = [i for i in bucket if not profiles[i].times]
    if undated:
        for i in bucket:
            union(undated[0], i)
        return
    spans = sorted((start, end, i) for i in bucket for start, end in profiles[i].times)
    reach, holder = spans[0][1], spans[0][2]
    for start, end, i in spans[1:]:
        if (start - reach).days <= MAX_GAP_DAYS:
            union(holder, i)
        if end > reach:
            reach, holder = end, i


def linked(a: Profile, b: Profile) -> bool:
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
) -> dict[str, Profile]:
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
        profiles[doc.id] = Profile(_main_countries(country_counts[doc.id]), specific[doc.id],
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
