"""Stories: documents about the same happening, clustered before any figure is compared.

Two documents are linked when they are close in place or people and close in time:

- the same main country (the country their geocoded places mostly lie in) and dates
  within :data:`MAX_GAP_DAYS`;
- or two shared *specific* entities (a city, a region, a person) and dates within
  :data:`MAX_GAP_DAYS` — or within :data:`FOLLOW_UP_DAYS` when they also share their
  main country (a crisis followed up for weeks names the same places and people).

An entity is specific when every document naming it has the same main country (or
none; a document whose places tie between countries does not count): "Paris" named by
articles on France and on New Caledonia, or a common noun tagged as a name, links
nothing. Organisations never link two documents: "l'ONU",
"l'AFP" or "la Croix-Rouge" appear in unrelated crises.

Dates: a document's publication date when it is reliable (written in the header, the
metadata or the text), and the day or month dates it mentions. A document whose
publication date was only inferred keeps only the dates it writes in full: its other
dates were given a year by guessing. A document with no reliable date joins the one
story it shares the most with (its main country, specific entities), and stays alone
when two stories share as much — never every story of its country at once. Linked
documents form a story (transitively); :func:`explain_stories` says why each document
is in its story.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from recoupe.reconcile.dates import DaySpan, day_span, gap_days
from recoupe.records import DateMention, Document, Entity, Mention, content_hash
from recoupe.textfold import word_key as fold

MAX_GAP_DAYS = 21
# Same country and two shared specific entities: a crisis's coverage over two months.
FOLLOW_UP_DAYS = 60
# An undated document needs this much in common with a story to join it (a shared main
# country counts one, each shared specific entity one), and no other story as much.
UNDATED_MIN_SHARED = 1
# A country whose places a document names this often is part of its story.
NAMED_COUNTRY_MENTIONS = 2
# Dates that say when something happened, not "il y a un an" read to a year.
_DATE_PRECISIONS = ("day", "month")
# Publication dates guessed from other documents, not read from this one.
_GUESSED_PUBLISHED = ("inferred",)

Union = Callable[[str, str, str], None]


@dataclass
class Profile:
    countries: set[str]
    specific: set[str]  # entity ids (or folded names) of cities, regions, people
    times: list[DaySpan]
    names: dict[str, str] = field(default_factory=dict)  # specific key → name, for reasons
    # Other countries the document names again and again (a two-country crisis).
    named: set[str] = field(default_factory=set)
    guessed: bool = False  # the publication date was inferred, not read


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
    return {doc: row["story"] for doc, row in
            explain_stories(documents, mentions, dates, entities).items()}


def explain_stories(
    documents: Sequence[Document],
    mentions: Sequence[Mention],
    dates: Sequence[DateMention],
    entities: Sequence[Entity],
) -> dict[str, dict[str, str]]:
    """Document id → ``{"doc", "story", "why"}``: the story and why the document is in it.

    Rather than testing every pair of documents (quadratic: hours for a year of
    coverage), documents are bucketed by what can link them — a main country, a pair of
    specific entities — and within a bucket linked by a sweep over their dates.
    """
    ids = [d.id for d in documents]
    profiles = _profiles(documents, mentions, dates, entities)
    roots, why = components(ids, profiles)
    members: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        members[roots[i]].append(i)
    return {i: {"doc": i, "story": story_id(members[roots[i]]),
                "why": why.get(i) or ("the only document of its story" if len(members[roots[i]])
                                      == 1 else "the first document its story's others link to")}
            for i in ids}


def components(ids: Sequence[str], profiles: dict[str, Profile]
               ) -> tuple[dict[str, str], dict[str, str]]:
    """Document id → a representative of its story, and why each joined document joined."""
    parent = {i: i for i in ids}
    why: dict[str, str] = {}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: str, b: str, reason: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
            why.setdefault(a, reason)

    dated = [i for i in ids if profiles[i].times]
    for key, bucket, gap in _buckets(dated, profiles):
        if len({root(i) for i in bucket}) > 1:  # else already one story: nothing to add
            _link_near_in_time(bucket, profiles, union, gap, _describe(key, bucket, profiles))
    sizes = Counter(root(i) for i in ids)
    # A document with a guessed date that its dates linked to nothing is treated as undated:
    # its dates may be a past event's, or a guess's.
    undated = [i for i in ids if not profiles[i].times
               or (profiles[i].guessed and sizes[root(i)] == 1)]
    if undated:
        sharing = _sharing_index(dated, profiles)
        for i in undated:
            mine = profiles[i]
            near = set().union(*(sharing.get(k, ()) for k in
                                 (*mine.specific, *(f"country:{c}" for c in mine.countries))))
            _attach_undated(i, sorted(near), profiles, root, union)
    return {i: root(i) for i in ids}, why


def _sharing_index(dated: Sequence[str], profiles: dict[str, Profile]) -> dict[str, set[str]]:
    """Specific entity or ``country:XX`` → the dated documents that have it, so an undated
    document is compared only with documents it shares something with."""
    index: dict[str, set[str]] = defaultdict(set)
    for i in dated:
        for key in (*profiles[i].specific, *(f"country:{c}" for c in profiles[i].countries)):
            index[key].add(i)
    return index


def _describe(key: tuple[str, ...], bucket: list[str], profiles: dict[str, Profile]) -> str:
    names = profiles[bucket[0]].names
    if key[0] == "country":
        return f"same main country ({key[1]})"
    if key[0] == "two countries":
        return f"one crisis over {key[1]} and {key[2]}"
    shared = [names.get(k, k) for k in key[1:] if k]
    return "shares " + " and ".join(shared)


def _buckets(ids: Sequence[str], profiles: dict[str, Profile]
             ) -> list[tuple[tuple[str, ...], list[str], int]]:
    """Groups of documents that share what linking asks for besides time, with the largest
    gap in days allowed within each: a main country; two specific entities; both."""
    buckets: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for i in ids:
        profile = profiles[i]
        for country in profile.countries:
            buckets[("country", country)].append(i)
            for other in profile.named - profile.countries:
                buckets[("two countries", *sorted((country, other)))].append(i)
        for pair in combinations(sorted(profile.specific), 2):
            buckets[("pair", *pair)].append(i)
            for country in profile.countries:
                buckets[("follow-up", country, *pair)].append(i)
    # Countries first: they join most of a crisis in a few sweeps. Documents that share
    # many entities share many pairs: each distinct set of documents is swept once per gap.
    distinct: dict[tuple[tuple[str, ...], int], tuple[str, ...]] = {}
    for key, docs in buckets.items():
        if len(docs) > 1:
            gap = FOLLOW_UP_DAYS if key[0] == "follow-up" else MAX_GAP_DAYS
            distinct.setdefault((tuple(docs), gap), key)
    return [(key, list(docs), gap) for (docs, gap), key in distinct.items()]


def _link_near_in_time(bucket: list[str], profiles: dict[str, Profile], union: Union,
                       max_gap: int, reason: str) -> None:
    """Union the documents of ``bucket`` whose dates lie within ``max_gap`` days, transitively.

    Dated spans are swept by start day: a span starting within ``max_gap`` of the furthest
    end seen so far is near the span that reached that end, so the sweep joins exactly
    the chains of near documents.
    """
    spans = sorted((start, end, i) for i in bucket for start, end in profiles[i].times)
    reach, holder = spans[0][1], spans[0][2]
    for start, end, i in spans[1:]:
        gap = (start - reach).days
        if gap <= max_gap and holder != i:
            union(i, holder, f"{reason} with {holder}, {max(gap, 0)} days apart")
        if end > reach:
            reach, holder = end, i


def _attach_undated(doc: str, dated: Sequence[str], profiles: dict[str, Profile],
                    root: Callable[[str], str], union: Union) -> None:
    """An undated document joins the story it shares most with, if it shares enough."""
    mine = profiles[doc]
    scores: Counter[str] = Counter()
    best_doc: dict[str, str] = {}
    for other in dated:
        if root(other) == root(doc):
            continue
        theirs = profiles[other]
        shared = len(mine.specific & theirs.specific) + bool(mine.countries & theirs.countries)
        story = root(other)
        if shared > scores[story]:
            scores[story], best_doc[story] = shared, other
    if not scores:
        return
    top = max(scores.values())
    leaders = sorted(s for s, n in scores.items() if n == top)
    if top >= UNDATED_MIN_SHARED and len(leaders) == 1:
        other = best_doc[leaders[0]]
        names = sorted(mine.names.get(k, k) for k in mine.specific & profiles[other].specific)
        union(doc, other, f"no reliable date; shares {', '.join(names) or 'its main country'}"
                          f" with {other}")


def linked(a: Profile, b: Profile) -> bool:
    """True when two dated documents are about the same happening (the pairwise rule the
    buckets implement)."""
    shared = len(a.specific & b.specific)
    if a.countries & b.countries and shared >= 2:
        return _near_in_time(a.times, b.times, FOLLOW_UP_DAYS)
    if not _near_in_time(a.times, b.times, MAX_GAP_DAYS):
        return False
    return bool(a.countries & b.countries) or shared >= 2 or _two_countries(a, b)


def _two_countries(a: Profile, b: Profile) -> bool:
    """Each document's main country is one the other names again and again: one crisis
    over two countries (an earthquake in Turkey and Syria), told from either side."""
    return bool(a.countries & (b.named - b.countries)) and bool(b.countries
                                                                & (a.named - a.countries))


def _near_in_time(a: list[DaySpan], b: list[DaySpan], max_gap: int = MAX_GAP_DAYS) -> bool:
    if not a or not b:
        return True  # an undated document cannot be told apart by time
    return min(gap_days(x, y) for x in a for y in b) <= max_gap


def _profiles(
    documents: Sequence[Document],
    mentions: Sequence[Mention],
    dates: Sequence[DateMention],
    entities: Sequence[Entity],
) -> dict[str, Profile]:
    country_counts: dict[str, Counter[str]] = defaultdict(Counter)
    specific: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    linked_docs: set[tuple[str, str]] = set()
    for entity in entities:
        for m in entity.mentions:
            linked_docs.add((m.doc, fold(m.text)))
            _add_entity(entity, m.doc, country_counts, specific)
        names[entity.id] = entity.canonical
    # Mentions no entity holds still name people and places (a run without linking).
    for m in mentions:
        if m.label in ("PER", "LOC") and (m.doc, fold(m.text)) not in linked_docs:
            specific[m.doc].add("name:" + fold(m.text))
            names["name:" + fold(m.text)] = m.text
    main = {doc.id: _main_countries(country_counts[doc.id]) for doc in documents}
    kept = _country_bound(specific, main)
    reliable = {d.id for d in documents if d.published_basis not in _GUESSED_PUBLISHED}
    times: dict[str, list[DaySpan]] = defaultdict(list)
    for d in dates:
        if d.precision in _DATE_PRECISIONS and (d.doc in reliable or d.basis == "absolute") \
                and (span := day_span(d.date)):
            times[d.doc].append(span)
    profiles = {}
    for doc in documents:
        published = day_span(doc.published) if doc.id in reliable else None
        doc_times = times[doc.id] + ([published] if published else [])
        named = {c for c, n in country_counts[doc.id].items() if n >= NAMED_COUNTRY_MENTIONS}
        profiles[doc.id] = Profile(main[doc.id], specific[doc.id] & kept, doc_times, names,
                                   named, doc.id not in reliable)
    return profiles


def _country_bound(specific: dict[str, set[str]], main: dict[str, set[str]]) -> set[str]:
    """The entities whose documents all have one main country (or none): those alone are
    specific to a happening. A document whose places tie between countries tells nothing
    about where its entities belong (each country named once: "un Maïdan", "Moscou")."""
    countries: dict[str, set[str]] = defaultdict(set)
    for doc, keys in specific.items():
        tells = len(main.get(doc, ())) == 1
        for key in keys:
            countries[key] |= main[doc] if tells else set()
    return {key for key, found in countries.items() if len(found) <= 1}


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
