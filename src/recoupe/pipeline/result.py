"""The result of a run, one type for `recoupe analyze`, `recoupe serve` and `recoupe spark`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from recoupe.records import Claim, Comparison, Document, Entity, Rejected, TimelineEntry
from recoupe.store import ClaimFilters, Store


@dataclass(frozen=True)
class RunResult:
    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    entities: tuple[Entity, ...]
    timeline: tuple[TimelineEntry, ...]
    rejected: tuple[Rejected, ...]
    analysed: int  # documents analysed in this run (new or changed)
    reused: int  # documents found unchanged in the store
    comparisons: tuple[Comparison, ...] = ()
    framing: tuple[dict, ...] = ()  # framing.jsonl rows (issue 5)
    events: tuple[dict, ...] = ()  # events.csv rows (issue 5)
    stories: dict[str, str] = field(default_factory=dict)  # document id → story id
    notes: tuple[str, ...] = ()  # one line per document noted in this run (stderr lines)
    story_reasons: dict[str, str] = field(default_factory=dict)  # document id → why


def read_result(store: Store, filters: ClaimFilters | None = None) -> RunResult:
    """What the store holds, as a :class:`RunResult`, restricted to the claims that pass
    ``filters`` (keyword arguments of :meth:`Store.claims`).

    A comparison stays when one of its claims passes the filters, showing only those.
    """
    filters = filters or ClaimFilters()
    claims = tuple(store.claims(**filters))
    kept = {c.id for c in claims}
    comparisons: list[Comparison] = []
    for comparison in store.comparisons():
        members = tuple(i for i in comparison.claims if i in kept)
        if members:
            comparisons.append(dataclasses.replace(comparison, claims=members)
                               if filters else comparison)
    rows = [r for r in store.extra("stories") if isinstance(r, dict) and "doc" in r
            and "story" in r]
    stories = {str(r["doc"]): str(r["story"]) for r in rows}
    reasons = {str(r["doc"]): str(r["why"]) for r in rows if r.get("why")}
    return RunResult(
        documents=tuple(store.documents()), claims=claims, entities=tuple(store.entities()),
        timeline=tuple(store.timeline()), rejected=tuple(store.rejected()), analysed=0,
        reused=0, comparisons=tuple(comparisons), framing=tuple(store.extra("framing")),
        events=tuple(store.extra("events")), stories=stories, story_reasons=reasons,
    )
