"""Clustering of personal names: full names by transliteration key and fuzzy scores,
then short forms to the one full name they end ("Tokayev"), then garbled forms to the
closest name of their document ("Tokarev"), then aliases ("X, connu sous le nom de Y").
Never two full names with different first names.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from rapidfuzz import fuzz, process

from recoupe.link.units import (
    ALIAS_BETWEEN,
    PAREN_BETWEEN,
    ROLE_DOMAINS,
    STOPWORDS,
    Clusters,
    Unit,
)
from recoupe.records import Mention

# Two full names are one person when their surnames score at least this (rapidfuzz ratio
# on transliteration keys) and their first names are compatible.
SURNAME_MIN = 88
GIVEN_MIN = 80
# A short form links to a full name's surname from this score (Tokaev → Tokayev is 100).
SHORT_MIN = 90
# A garbled form ("Asov", "Tokarev") links to a name of its own document from this score,
# when it leads the next candidate by GARBLED_MARGIN; with agreeing roles, from ROLE_MIN.
GARBLED_MIN = 75
GARBLED_MARGIN = 8
FIRST_LETTER_BONUS = 10.0
ROLE_MIN = 60


def name_parts(unit: Unit) -> list[str]:
    return unit.parts


@lru_cache(maxsize=65536)
def _metaphone(key: str) -> str:
    return jellyfish.metaphone(key)


def name_score(a: str, b: str) -> float:
    """Similarity of two name keys (0–100): fuzzy ratio, raised when they sound alike."""
    score = fuzz.ratio(a, b)
    if a[:1] != b[:1] and {a[:1], b[:1]} == {"k", "j"}:
        # A Turkish "c" (= dj) read as a French "c" (= k): Cumabayev, Jumabayev.
        score = max(score, fuzz.ratio(a[1:], b[1:]))
    if len(a) >= 4 and len(b) >= 4 and _metaphone(a) == _metaphone(b):
        # Enough to join two full names, not enough to link a bare surname.
        score = max(score, float(SURNAME_MIN))
    return score


def _given_compatible(a: list[str], b: list[str]) -> bool:
    """First names agree: same first one, initials, or close as a whole (Kasım Cömert)."""
    if not a or not b:
        return True
    if a[0] == b[0]:
        return True
    if len(a[0]) == 1 or len(b[0]) == 1:  # "K. Tokayev"
        return a[0][0] == b[0][0]
    return name_score("".join(a), "".join(b)) >= GIVEN_MIN


def _same_person(a: list[str], b: list[str]) -> bool:
    return name_score(a[-1], b[-1]) >= SURNAME_MIN and _given_compatible(a[:-1], b[:-1])


def _blocks(parts: list[str]) -> set[str]:
    """Blocking keys of a full name: letters of its surname, skipping a first letter that
    transliterations disagree on (Jumageldiyev / Cumageldiyev)."""
    surname = parts[-1]
    return {"a" + surname[:2], "b" + surname[1:3]}


def _link_full_names(units: list[Unit], idx: list[int], clusters: Clusters) -> None:
    # One name written alike in many documents is one person (_same_person of a name and
    # itself holds): join those first, then compare one unit per distinct spelling, so
    # that a name repeated in thousands of articles costs no more than one.
    spellings: dict[tuple[str, ...], int] = {}
    for i in idx:
        first = spellings.setdefault(tuple(name_parts(units[i])), i)
        clusters.union(first, i)
    blocks: dict[str, list[int]] = defaultdict(list)
    for i in spellings.values():
        for block in _blocks(name_parts(units[i])):
            blocks[block].append(i)
    for members in blocks.values():
        for pos, i in enumerate(members):
            for j in members[pos + 1:]:
                if clusters.find(i) != clusters.find(j) and _same_person(
                    name_parts(units[i]), name_parts(units[j])
                ):
                    clusters.union(i, j)


def _role_words(roles: Iterable[str]) -> set[str]:
    words = {w for role in roles for w in role.split()}
    return {w for w in words if w not in STOPWORDS and w not in {"ancien", "ancienne", "ex"}}


def _roles_agree(a: Iterable[str], b: Iterable[str]) -> bool:
    """Roles agree when they share a distinctive word and no ministry domain differs."""
    wa, wb = _role_words(a), _role_words(b)
    if not wa or not wb:
        return False
    da, db = wa & ROLE_DOMAINS, wb & ROLE_DOMAINS
    if da and db and not da & db:
        return False
    return bool(wa & wb)


@dataclass
class _ClusterFacts:
    """Documents and roles of the full-name clusters, for choosing among them."""

    docs: dict[int, set[str]]
    roles: dict[int, set[str]]


def _facts(units: list[Unit], idx: list[int], clusters: Clusters) -> _ClusterFacts:
    docs: dict[int, set[str]] = defaultdict(set)
    roles: dict[int, set[str]] = defaultdict(set)
    for i in idx:
        root = clusters.find(i)
        docs[root].add(units[i].doc)
        roles[root].update(units[i].roles)
    return _ClusterFacts(docs, roles)


def _pick(unit: Unit, candidates: set[int], facts: _ClusterFacts) -> int | None:
    """One cluster among candidates: the only one, the only one in the unit's document,
    or the only one whose roles agree with the unit's; else None (do not guess)."""
    if len(candidates) == 1:
        return next(iter(candidates))
    same_doc = {c for c in candidates if unit.doc in facts.docs[c]}
    if len(same_doc) == 1:
        return next(iter(same_doc))
    agreeing = {c for c in (same_doc or candidates) if _roles_agree(unit.roles, facts.roles[c])}
    return next(iter(agreeing)) if len(agreeing) == 1 else None


def _close_surnames(word: str, surnames: list[str], by_surname: dict) -> list[str]:
    """Surnames a one-word name may be: the same key, else close ones (C-speed search)."""
    if word in by_surname:
        return [word]
    found = process.extract(word, surnames, scorer=fuzz.ratio, score_cutoff=SHORT_MIN - 15,
                            limit=None)
    return [s for s, _, _ in found if name_score(word, s) >= SHORT_MIN]


def _link_short_forms(units: list[Unit], idx: list[int], clusters: Clusters) -> list[int]:
    """Link one-word names to the full name whose surname they are; return the rest."""
    full = [i for i in idx if len(name_parts(units[i])) > 1]
    by_surname: dict[str, list[int]] = defaultdict(list)
    seen: set[tuple[str, int]] = set()
    for i in full:
        # One unit per cluster and surname: members of a cluster always share its root,
        # so the candidates below are the same, found without walking every copy.
        surname = name_parts(units[i])[-1]
        if (surname, clusters.find(i)) not in seen:
            seen.add((surname, clusters.find(i)))
            by_surname[surname].append(i)
    surnames = sorted(by_surname)
    facts = _facts(units, full, clusters)
    left = []
    for i in idx:
        parts = name_parts(units[i])
        if len(parts) != 1:
            continue
        close = _close_surnames(parts[0], surnames, by_surname)
        candidates = {clusters.find(j) for s in close for j in by_surname[s]}
        chosen = _pick(units[i], candidates, facts) if candidates else None
        if chosen is not None:
            clusters.union(i, chosen)
        elif not candidates:
            left.append(i)
    return left


def _link_garbled(units: list[Unit], left: list[int], idx: list[int],
                  clusters: Clusters) -> None:
    """Join a one-word name that matches no surname to the closest name of its document
    ("Asov" → "Berik Asilov") when it clearly leads, or when their roles agree."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i in idx:
        by_doc[units[i].doc].append(i)
    groups = clusters.groups()
    roles_of: dict[int, set[str]] = {}  # a cluster's roles, gathered once per cluster
    for i in left:
        unit, word = units[i], name_parts(units[i])[0]
        scores: dict[int, float] = {}
        for j in by_doc[unit.doc]:
            root = clusters.find(j)
            if j == i or root == clusters.find(i) or len(name_parts(units[j])) < 2:
                continue
            surname = name_parts(units[j])[-1]
            # A slip keeps a name's first letter ("Asov" for Asilov, not for Masimov).
            bonus = FIRST_LETTER_BONUS if surname[:1] == word[:1] else 0.0
            scores[root] = max(scores.get(root, 0.0), name_score(word, surname) + bonus)
        if not scores:
            continue
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        best, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        surname = name_parts(units[groups[best][0]])[-1] if groups.get(best) else ""
        if best not in roles_of:
            roles_of[best] = {r for k in groups.get(best, []) for r in units[k].roles}
        roles = roles_of[best]
        clear = score >= GARBLED_MIN + FIRST_LETTER_BONUS and score - runner_up >= GARBLED_MARGIN
        clear = clear and word[:1] == (surname[:1] or word[:1])
        agreed = score >= ROLE_MIN and _roles_agree(unit.roles, roles)
        if clear or agreed:
            clusters.union(i, best)


def _merge_same_key(units: list[Unit], idx: list[int], clusters: Clusters) -> None:
    """One-word names left alone (no full name, or an ambiguous one) are one name across
    documents when their transliteration keys agree; a linked one is never merged on."""
    sizes = Counter(clusters.find(i) for i in range(len(units)))
    by_key: dict[str, list[int]] = defaultdict(list)
    for i in idx:
        if sizes[clusters.find(i)] == 1:
            by_key[units[i].tkey].append(i)
    for members in by_key.values():
        for i in members[1:]:
            clusters.union(members[0], i)


def _link_aliases(units: list[Unit], idx: list[int], clusters: Clusters) -> None:
    """"A, connu sous le nom de « B »", "A, dit B", "B (C)": one person."""
    by_sentence: dict[tuple[str, str], list[tuple[Mention, int]]] = defaultdict(list)
    for i in idx:
        for mention in units[i].mentions:
            if mention.sentence:
                by_sentence[(mention.doc, mention.sentence)].append((mention, i))
    for (_, sentence), items in by_sentence.items():
        items.sort(key=lambda item: item[0].start)
        for (first, i), (second, j) in zip(items, items[1:], strict=False):
            start = sentence.find(first.text)
            end = sentence.find(second.text, start + len(first.text))
            if start < 0 or end < 0:
                continue
            between = sentence[start + len(first.text):end]
            if ALIAS_BETWEEN.match(between) or PAREN_BETWEEN.match(between):
                clusters.union(i, j)
                units[j].alias = True


def cluster_persons(units: list[Unit], clusters: Clusters) -> None:
    idx = [i for i, u in enumerate(units) if u.cls == "person"]
    full = [i for i in idx if len(name_parts(units[i])) > 1]
    _link_full_names(units, full, clusters)
    _link_aliases(units, idx, clusters)
    left = _link_short_forms(units, idx, clusters)
    _link_garbled(units, left, idx, clusters)
    _merge_same_key(units, [i for i in idx if len(name_parts(units[i])) == 1], clusters)
