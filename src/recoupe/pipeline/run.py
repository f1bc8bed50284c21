"""A whole run: read inputs, analyse new or changed documents into the store, then the
cross-document stage over everything the store holds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from recoupe.ingest import read_inputs
from recoupe.link.dates import corpus_anchor, story_anchors
from recoupe.pipeline.cross import CrossDocument, link_and_save
from recoupe.pipeline.document import (
    Analysed,
    Deferred,
    analysis_key,
    input_name,
    keeping_parses,
)
from recoupe.pipeline.result import RunResult
from recoupe.pipeline.workers import Spill, Workers, analyze_rows
from recoupe.records import Document, Rejected
from recoupe.settings import DEFAULT, Settings
from recoupe.store import Store


@dataclass
class Callbacks:
    """What a run tells its caller as it goes (all optional)."""

    on_document: Callable[[str], None] | None = None  # a document analysed or reused
    on_rejected: Callable[[Rejected], None] | None = None
    on_note: Callable[[str], None] | None = None  # one line worth telling the user
    on_stage: Callable[[str], None] | None = None  # a cross-document stage begins


@dataclass
class _Run:
    store: Store
    calls: Callbacks
    rejected: list[Rejected] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def reject(self, item: Rejected) -> None:
        self.rejected.append(item)
        self.store.save_rejected(item)
        if self.calls.on_rejected:
            self.calls.on_rejected(item)

    def note(self, line: str) -> None:
        self.notes.append(line)
        if self.calls.on_note:
            self.calls.on_note(line)

    def done(self, doc_id: str, what: str) -> None:
        self.counts[what] += 1
        if self.calls.on_document:
            self.calls.on_document(doc_id)

    def to_analyse(self, items: Iterable[Document | Rejected]) -> Iterator[Document]:
        """New and changed documents; unchanged ones are counted as reused."""
        for item in items:
            if isinstance(item, Rejected):
                self.reject(item)
            elif self.store.document_status(item.id, item.hash, analysis_key(item)) == \
                    "unchanged":
                self.done(item.id, "reused")
            else:
                self._tell_replacement(item)
                yield item

    def _tell_replacement(self, document: Document) -> None:
        """A stored document replaced by a different one with the same id is said, once."""
        stored = self.store.stored(document.id)
        if stored is None:
            return
        if (stored.path, stored.url) != (document.path, document.url):
            before = stored.path or stored.url or "another input"
            self.note(f"{input_name(document)}: replaces document {document.id!r} "
                      f"stored from {before}")
        elif stored.hash != document.hash:
            self.note(f"{input_name(document)}: text changed since it was stored; "
                      "its results are replaced")

    def save(self, results: Iterable[Analysed | Deferred | Rejected], spill: Spill,
             again: bool = False) -> None:
        """Store each result; ``again``: documents this run already counted."""
        for result in results:
            if isinstance(result, Rejected):
                self.reject(result)
            elif isinstance(result, Deferred):
                spill.add(result.document)
            else:
                self.store.save_rows(result.rows)
                self.store.forget_rejected(result.input)
                if result.unsupported:
                    self.note(f"{result.input}: language {result.unsupported!r} is not "
                              "supported; the document is kept without claims")
                if not again:
                    self.done(result.doc, "analysed")


def _date_by_story(state: _Run, cross: CrossDocument, undated: Spill, anchor: date | None,
                   settings: Settings, pool: Workers) -> CrossDocument:
    """Analyse again the undated documents whose own story gives another anchor than the
    run's (issue #16: a mixed run's 2024 article is not dated by its 2022 articles), then
    link again; the first pass's stories hold, since an undated article joins its story
    by what it names and the dates it writes in full, never by guessed ones."""
    anchors = story_anchors(state.store.documents(texts=False), cross.stories,
                            {d.id for d in undated})
    redo = [d for d in undated if anchors.get(d.id, anchor) != anchor]
    if not redo:
        return cross
    for day in sorted({anchors[d.id] for d in redo}):
        same = [d for d in redo if anchors[d.id] == day]
        state.save(analyze_rows(same, day, settings, pool=pool), undated, again=True)
    return link_and_save(state.store, state.calls.on_stage)


def run(
    inputs: Sequence[str],
    store_path: Path,
    settings: Settings = DEFAULT,
    *,
    stdin: IO[bytes] | IO[str] | None = None,
    on_document: Callable[[str], None] | None = None,
    on_rejected: Callable[[Rejected], None] | None = None,
    on_note: Callable[[str], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> RunResult:
    """Read inputs, analyse new or changed documents into the store, link the whole store.

    Streaming: each document goes from its input to the store without the others being
    held (documents that write no year wait in a spill file until the run's other
    articles date them). ``workers`` (default: the setting) > 1 analyses in that many
    processes; results are identical. A document is analysed again when its text, the
    metadata that changes its analysis, or recoupe's version changed.
    """
    calls = Callbacks(on_document, on_rejected, on_note, on_stage)
    with Store.open(store_path) as store:
        state = _Run(store, calls)
        with Spill() as undated, Workers(workers or settings.workers, settings) as pool:
            fresh = state.to_analyse(read_inputs(list(inputs), settings, stdin=stdin))
            state.save(analyze_rows(fresh, None, settings, pool=pool, defer_undated=True),
                       undated)
            if undated.count:
                # The year of an article that writes none comes from the others (stored);
                # those its story dates otherwise are analysed again, their parse kept.
                with keeping_parses():
                    anchor = corpus_anchor(store.published_dates())
                    state.save(analyze_rows(undated, anchor, settings, pool=pool), undated)
                    cross = link_and_save(store, on_stage)
                    cross = _date_by_story(state, cross, undated, anchor, settings, pool)
            else:
                cross = link_and_save(store, on_stage)
        documents = tuple(store.documents())
    return RunResult(documents, tuple(cross.claims), tuple(cross.entities),
                     tuple(cross.timeline), tuple(state.rejected), state.counts["analysed"],
                     state.counts["reused"], comparisons=tuple(cross.comparisons),
                     framing=tuple(cross.framing), events=tuple(cross.events),
                     stories=cross.stories, notes=tuple(state.notes),
                     story_reasons=cross.story_reasons)
