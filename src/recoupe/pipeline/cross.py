"""The cross-document stage: link, then reconcile, over every analysed document.

:func:`cross_document` is the one function every runner calls; an :class:`Executor`
decides only where its parallel parts run (here, in this process; Spark's executors for
`recoupe spark`), never what they compute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from recoupe.link.claims import link_claims, run_country, slot_mentions
from recoupe.link.entities import link_entities, with_short_forms
from recoupe.link.timeline import build_timeline
from recoupe.reconcile import compare_claims, events, explain_stories, framing
from recoupe.reconcile.stories import story_id
from recoupe.records import (
    Claim,
    Comparison,
    DateMention,
    Document,
    Entity,
    Mention,
    TimelineEntry,
)
from recoupe.store import Store

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Out = TypeVar("Out")

# Claims linked per task: enough to amortise shipping the entities to an executor.
LINK_SLICE = 5_000


class Executor(Protocol):
    """Runs ``fn(shared, item)`` for every item, results in the items' order."""

    def map(self, fn: Callable[[Any, Any], Any], items: Sequence[Any], shared: Any
            ) -> list[Any]: ...


class InProcess:
    """Every task in this process, one after the other."""

    def map(self, fn: Callable[[Shared, Item], Out], items: Sequence[Item], shared: Shared
            ) -> list[Out]:
        return [fn(shared, item) for item in items]


IN_PROCESS = InProcess()


@dataclass(frozen=True)
class CrossDocument:
    """What the cross-document stages compute from every analysed document."""

    claims: list[Claim]
    entities: list[Entity]
    timeline: list[TimelineEntry]
    stories: dict[str, str]
    comparisons: list[Comparison]
    framing: list[dict]
    events: list[dict]
    story_reasons: dict[str, str] = field(default_factory=dict)  # document id → why


class _Texts(Mapping[str, str]):
    """Documents' texts by id, read only when asked (a table's introduction line), from
    the document or through ``text_of`` when the run streamed texts away."""

    def __init__(self, documents: Sequence[Document],
                 text_of: Callable[[str], str] | None) -> None:
        self._documents = {d.id: d for d in documents}
        self._text_of = text_of

    def __getitem__(self, doc: str) -> str:
        document = self._documents[doc]
        if document.text:
            return document.text
        return self._text_of(doc) if self._text_of is not None else ""

    def __iter__(self) -> Iterator[str]:
        return iter(self._documents)

    def __len__(self) -> int:
        return len(self._documents)


def cross_document(
    documents: Sequence[Document], claims: Sequence[Claim], mentions: Sequence[Mention],
    dates: Sequence[DateMention], *, text_of: Callable[[str], str] | None = None,
    executor: Executor = IN_PROCESS, on_stage: Callable[[str], None] | None = None,
) -> CrossDocument:
    """Entities, linked claims, timeline, stories, comparisons, framing and events.

    ``claims``, ``mentions`` and ``dates`` come by document id then extraction order;
    ``text_of`` gives a document's text when ``documents`` come without theirs.
    """
    stage = on_stage or (lambda name: None)
    stage("linking entities")
    all_mentions = [*mentions, *slot_mentions(claims, mentions)]
    languages = {d.id: d.lang for d in documents if d.lang}
    entities = with_short_forms(link_entities(all_mentions, run_country(all_mentions),
                                              languages=languages,
                                              texts=_Texts(documents, text_of)))
    stage("linking claims")
    linked = _link(claims, entities, executor)
    stage("building the timeline")
    timeline = build_timeline(documents, dates, text_of)
    stage("finding stories")
    explained = explain_stories(documents, mentions, dates, entities)
    stories = {doc: row["story"] for doc, row in explained.items()}
    stage("comparing claims")
    comparisons = _compare(linked, documents, entities, stories, executor)
    stage("framing and events")
    return CrossDocument(
        claims=linked, entities=entities, timeline=timeline, stories=stories,
        comparisons=comparisons, framing=framing(linked, documents),
        events=events(comparisons, linked, documents, entities),
        story_reasons={doc: row["why"] for doc, row in explained.items()},
    )


def link_run(store: Store, on_stage: Callable[[str], None] | None = None) -> CrossDocument:
    """The cross-document stage over everything the store holds."""
    return cross_document(
        list(store.documents(texts=False)), list(store.claims(linked=False)),
        list(store.mentions()), list(store.dates()), text_of=store.text, on_stage=on_stage,
    )


def link_and_save(store: Store, on_stage: Callable[[str], None] | None = None
                  ) -> CrossDocument:
    """The cross-document stage over the whole store, its results saved in the store:
    what `recoupe analyze` does after the documents, and `recoupe forget` after a
    deletion."""
    cross = link_run(store, on_stage)
    if on_stage:
        on_stage("saving")
    store.save_links(cross.claims)
    store.save_run(entities=cross.entities, timeline=cross.timeline,
                   comparisons=cross.comparisons,
                   extra={"framing": cross.framing, "events": cross.events,
                          "stories": [{"doc": d, "story": s, "why": cross.story_reasons.get(d)}
                                      for d, s in sorted(cross.stories.items())]})
    return cross


def _link_slice(entities: Sequence[Entity], claims: Sequence[Claim]) -> list[Claim]:
    return link_claims(claims, entities)


def _link(claims: Sequence[Claim], entities: list[Entity], executor: Executor) -> list[Claim]:
    slices = [claims[i : i + LINK_SLICE] for i in range(0, len(claims), LINK_SLICE)]
    return [c for part in executor.map(_link_slice, slices, entities) for c in part]


def _compare_story(context: tuple[Sequence[Document], Sequence[Entity], dict[str, str]],
                   claims: Sequence[Claim]) -> list[Comparison]:
    documents, entities, stories = context
    return compare_claims(claims, documents, entities, stories)


def _compare(claims: Sequence[Claim], documents: Sequence[Document], entities: list[Entity],
             stories: dict[str, str], executor: Executor) -> list[Comparison]:
    """Comparisons story by story: claims of two stories are never compared, and the
    comparisons come ordered by story first, so story order gives the whole order."""
    by_story: dict[str, list[Claim]] = {}
    for claim in claims:
        by_story.setdefault(stories.get(claim.doc) or story_id([claim.doc]), []).append(claim)
    groups = [by_story[key] for key in sorted(by_story)]
    parts = executor.map(_compare_story, groups, (documents, entities, stories))
    return [c for part in parts for c in part]
