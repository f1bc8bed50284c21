"""Story clustering by buckets and a date sweep equals the pairwise definition (issue 7).

:func:`recoupe.reconcile.stories.components` replaced a test of every pair of documents;
these properties check on random profiles that it finds exactly the connected
components of :func:`recoupe.reconcile.stories.linked`, and that it stays fast.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe.reconcile.stories import Profile, components, linked

DAY0 = date(2024, 3, 1)


def pairwise_components(ids: list[str], profiles: dict[str, Profile]) -> set[frozenset[str]]:
    """The definition: union every linked pair."""
    groups = {i: {i} for i in ids}
    for n, a in enumerate(ids):
        for b in ids[n + 1 :]:
            if groups[a] is not groups[b] and linked(profiles[a], profiles[b]):
                merged = groups[a] | groups[b]
                for i in merged:
                    groups[i] = merged
    return {frozenset(g) for g in groups.values()}


def as_sets(ids: list[str], roots: dict[str, str]) -> set[frozenset[str]]:
    by_root: dict[str, set[str]] = {}
    for i in ids:
        by_root.setdefault(roots[i], set()).add(i)
    return {frozenset(g) for g in by_root.values()}


# Dated documents only: an undated one joins the story it shares most with
# (tests/test_crosscheck_stories.py), which no pairwise rule describes.
spans = st.lists(
    st.tuples(st.integers(0, 120), st.integers(0, 40)).map(
        lambda t: (DAY0 + timedelta(days=t[0]), DAY0 + timedelta(days=t[0] + t[1]))),
    min_size=1, max_size=3,
)
profile = st.builds(
    Profile,
    countries=st.sets(st.sampled_from(["FR", "KZ", "MA"]), max_size=2),
    specific=st.sets(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=4),
    times=spans,
    named=st.sets(st.sampled_from(["FR", "KZ", "MA"]), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(profile, min_size=1, max_size=12))
def test_components_equal_the_pairwise_definition(drawn: list[Profile]) -> None:
    ids = [f"d{i}" for i in range(len(drawn))]
    profiles = dict(zip(ids, drawn, strict=True))
    assert as_sets(ids, components(ids, profiles)[0]) == pairwise_components(ids, profiles)


def test_chain_of_near_dates_joins_far_ends() -> None:
    # d0 and d2 are 40 days apart, but each is within 21 days of d1: one story.
    day = [DAY0, DAY0 + timedelta(days=20), DAY0 + timedelta(days=40), DAY0 + timedelta(days=90)]
    profiles = {f"d{i}": Profile({"FR"}, set(), [(d, d)]) for i, d in enumerate(day)}
    ids = list(profiles)
    assert as_sets(ids, components(ids, profiles)[0]) == {
        frozenset({"d0", "d1", "d2"}), frozenset({"d3"})}


@pytest.mark.slow  # a wall-clock bound: not in the fast inner loop
def test_twenty_thousand_documents_in_seconds() -> None:
    country = ["FR", "KZ"]
    profiles = {
        f"d{i}": Profile({country[i % 2]}, {f"{country[i % 2]}{i % 7}", f"x{i % 5}"},
                         [(DAY0 + timedelta(days=i % 300),) * 2])
        for i in range(20_000)
    }
    start = time.perf_counter()
    roots, _ = components(list(profiles), profiles)
    assert time.perf_counter() - start < 10
    # France and Kazakhstan share one entity at most: never linked.
    assert len(set(roots.values())) == 2
