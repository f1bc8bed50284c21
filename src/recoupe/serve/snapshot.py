"""One state of the store as everything `recoupe serve` shows, built once per change.

A build reads the store in one transaction and keeps what it decoded: the next build
decodes again only the rows whose stored JSON changed (a new article's claims, a claim
linked anew, new comparisons). A change therefore costs a scan of the stored rows plus
the work on what changed, never a decode of everything (issue 19). Whatever a page or
the API lists is computed here or memoised on the snapshot (:class:`Memo`), so a request
that only reads never recomputes a view.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar, get_args

from recoupe.pipeline import RunResult
from recoupe.records import GROUPS, KINDS, Claim, Comparison, Document, Status
from recoupe.report import story_rows
from recoupe.report import views as report_views
from recoupe.report.files import document_row, entity_row, rejected_row, timeline_row
from recoupe.store import (
    Store,
    claim_from_json,
    comparison_from_json,
    document_from_json,
    entity_from_json,
    timeline_entry_from_json,
)

T = TypeVar("T")
STATUSES: tuple[str, ...] = get_args(Status)
FACETS = ("kind", "group", "status", "outlet", "lineage", "place", "story", "lang")
# Facets whose values are a fixed vocabulary; the others list what the store holds.
VOCABULARIES: dict[str, tuple[str, ...]] = {"kind": KINDS, "group": GROUPS, "status": STATUSES}
_MISSING = object()


# --------------------------------------------------------------------------- memo


class Memo:
    """Values computed once, on first use, by one thread (others asking meanwhile wait
    for it instead of computing it again); at most ``size`` kept, least recent dropped."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._making: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self.made = 0  # values computed (tests read it)

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = make()
            with self._lock:
                self.made += 1
                self._values[key] = value
                self._making.pop(key, None)
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
        return value


# --------------------------------------------------------------------------- reuse


class Reuse:
    """Values made from stored rows, kept from one build to the next: a row whose stored
    JSON is unchanged gets back what was made from it last time; values the last build
    did not ask for are dropped (memory follows the store, not its history)."""

    def __init__(self) -> None:
        self._held: dict[Hashable, Any] = {}
        self._next: dict[Hashable, Any] = {}
        self.made = 0  # values made (not reused) by the current build

    def start(self) -> None:
        self._next, self.made = {}, 0

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        value = self._next.get(key, _MISSING)
        if value is _MISSING:
            value = self._held.get(key, _MISSING)
        if value is _MISSING:
            value = make()
            self.made += 1
        self._next[key] = value
        return value

    def put(self, key: Hashable, value: Any) -> None:
        self._next[key] = value

    def turn(self) -> None:
        self._held, self._next = self._next, {}


@dataclass
class Decoder:
    """What the builds of one server decoded, by kind of row."""

    documents: Reuse = field(default_factory=Reuse)
    claims: Reuse = field(default_factory=Reuse)
    rows: Reuse = field(default_factory=Reuse)
    runs: Reuse = field(default_factory=Reuse)  # entities, timeline, comparisons
    views: Reuse = field(default_factory=Reuse)  # comparison views

    def parts(self) -> tuple[Reuse, ...]:
        return (self.documents, self.claims, self.rows, self.runs, self.views)

    def start(self) -> None:
        for part in self.parts():
            part.start()

    def turn(self) -> None:
        for part in self.parts():
            part.turn()

    def decoded(self) -> int:
        """Rows decoded by the current build (the others were reused)."""
        return self.documents.made + self.claims.made + self.runs.made


# --------------------------------------------------------------------------- snapshot


@dataclass
class Snapshot:
    """One state of the store, read once, with everything the pages and the API list.

    ``version`` is the store's change counter when the build began, ``token`` what the
    store held (see :func:`recoupe.serve.cache.content_token`).
    """

    result: RunResult
    report: dict[str, Any]  # the report's views (no CONTRACT rows: see report_json)
    rows: list[dict[str, Any]]  # one listing row per claim
    documents: list[dict[str, Any]]
    values: dict[str, list[str]]
    claim_json: list[str] = field(default_factory=list)  # claims as stored, store order
    comparison_json: list[str] = field(default_factory=list)
    chars: dict[str, int] = field(default_factory=dict)  # document id → length
    hashes: dict[str, str] = field(default_factory=dict)  # document id → content hash
    version: int = 0
    token: tuple[Any, ...] = ()
    memo: Memo = field(default_factory=Memo)
    pages: Memo = field(default_factory=lambda: Memo(16))  # rendered pages (large ones)
    responses: Memo = field(default_factory=lambda: Memo(128))  # listing pages, encoded
    # Kept from one snapshot to the next (the server's): values keyed by their content.
    shared: Memo = field(default_factory=lambda: Memo(16))

    def document(self, doc_id: str) -> dict[str, Any] | None:
        index = self.memo.get("document_index", lambda: {
            d["id"]: n for n, d in enumerate(self.documents)})
        found = index.get(doc_id)
        return None if found is None else self.documents[found]

    def record(self, doc_id: str) -> Document | None:
        """The document's record as read (its text left out)."""
        return self.memo.get("records_by_id", lambda: {
            d.id: d for d in self.result.documents}).get(doc_id)

    def claims_of(self, doc_id: str) -> list[int]:
        """Where the document's claims are in ``result.claims`` (and ``claim_json``)."""
        def index() -> dict[str, list[int]]:
            found: dict[str, list[int]] = {}
            for n, claim in enumerate(self.result.claims):
                found.setdefault(claim.doc, []).append(n)
            return found

        return self.memo.get("claims_by_doc", index).get(doc_id, [])

    def report_json(self) -> bytes:
        """The whole report dict as JSON (no article texts), encoded once."""
        return self.memo.get("report_json", lambda: report_json(self))


def read_snapshot(store: Store, decoder: Decoder | None = None, version: int = 0,
                  token: tuple[Any, ...] = ()) -> Snapshot:
    """Everything but the article texts, from one consistent read of ``store`` (the
    caller holds a read transaction); ``decoder`` keeps what earlier builds decoded."""
    decoder = decoder or Decoder()
    decoder.start()
    documents, chars, hashes = _documents(store, decoder.documents)
    claim_json = [raw for _, raw in store.claim_records()]
    claims = tuple(decoder.claims.get(raw, partial(_json_decoded, claim_from_json, raw))
                   for raw in claim_json)
    comparison_json = store.run_records("comparisons")
    story_rows_held = [r for r in store.extra("stories")
                       if isinstance(r, dict) and "doc" in r and "story" in r]
    stories = {str(r["doc"]): str(r["story"]) for r in story_rows_held}
    result = RunResult(
        documents=documents, claims=claims,
        entities=_run(store, decoder.runs, "entities", entity_from_json),
        timeline=_run(store, decoder.runs, "timeline", timeline_entry_from_json),
        rejected=tuple(store.rejected()), analysed=0, reused=0,
        comparisons=tuple(
            decoder.runs.get(("comparisons", raw),
                             partial(_json_decoded, comparison_from_json, raw))
            for raw in comparison_json),
        framing=tuple(store.extra("framing")), events=tuple(store.extra("events")),
        stories=stories,
    )
    docs = {d.id: d for d in documents}
    rows = claim_rows(claim_json, claims, docs, result.comparisons, stories, decoder.rows)
    snapshot = Snapshot(
        result=result, report={**served_report(result, comparison_json, decoder.views),
                               "story_rows": story_rows(stories, {  # as read_result
                                   str(r["doc"]): str(r["why"]) for r in story_rows_held
                                   if r.get("why")})},
        rows=rows,
        documents=[document_summary(d, stories) for d in documents],
        values=facet_values(rows), claim_json=claim_json, comparison_json=comparison_json,
        chars=chars, hashes=hashes, version=version, token=token)
    decoder.turn()
    return snapshot


def _documents(store: Store, reuse: Reuse
               ) -> tuple[tuple[Document, ...], dict[str, int], dict[str, str]]:
    def decode(raw: str) -> Document:
        data = json.loads(raw)
        data["text"] = ""  # the served views never hold article texts
        return document_from_json(data)

    documents, chars, hashes = [], {}, {}
    for raw, length, content_hash in store.document_records():
        doc = reuse.get(raw, partial(decode, raw))
        documents.append(doc)
        chars[doc.id], hashes[doc.id] = int(length), str(content_hash)
    return tuple(documents), chars, hashes


def _run(store: Store, reuse: Reuse, table: str, decode: Callable[[Any], T]) -> tuple[T, ...]:
    return tuple(reuse.get((table, raw), partial(_json_decoded, decode, raw))
                 for raw in store.run_records(table))


def document_summary(d: Document, stories: Mapping[str, str]) -> dict[str, Any]:
    return {"id": d.id, "title": d.title, "outlet": d.outlet, "published": d.published,
            "lang": d.lang, "url": d.url, "story": stories.get(d.id)}


def served_report(result: RunResult, comparison_json: Sequence[str] | None = None,
                  reuse: Reuse | None = None) -> dict[str, Any]:
    """The report's views over the store (what build_report computes, without the
    CONTRACT rows and the per-claim and per-document views a served page never shows).

    A comparison's view is kept from the last build while the comparison, its claims and
    their documents are the same objects (``reuse``): unchanged rows are not decoded
    again, so their records are the same objects."""
    documents, claims = list(result.documents), list(result.claims)
    comparisons = list(result.comparisons)
    docs = {d.id: d for d in documents}
    compared = _comparison_views(comparisons, comparison_json, {c.id: c for c in claims},
                                 docs, reuse or Reuse())
    framing = [dict(r) for r in result.framing]
    return {
        "documents": [{"id": d.id, "title": d.title, "outlet": d.outlet,
                       "published": d.published, "lang": d.lang} for d in documents],
        "stories": dict(result.stories),
        **report_views.run_views(result, documents, claims, result.stories, comparisons,
                                 compared, framing),
        "framing": framing,
        "events": list(result.events),
        "errors": [rejected_row(r) for r in result.rejected],
    }


def _comparison_views(comparisons: Sequence[Comparison], comparison_json: Sequence[str] | None,
                      claims: Mapping[str, Claim], docs: Mapping[str, Document],
                      reuse: Reuse) -> list[dict[str, Any]]:
    views = []
    raws: Sequence[str | None] = comparison_json or [None] * len(comparisons)
    for index, (raw, comparison) in enumerate(zip(raws, comparisons, strict=True)):
        members = report_views.comparison_members(comparison, claims)
        inputs = (comparison, *members, *(docs.get(c.doc) for c in members))
        key = ("comparison", index, raw if raw is not None else id(comparison))
        held, view = reuse.get(key, partial(
            _comparison_entry, inputs, index, comparison, members, docs))
        if len(held) != len(inputs) or any(a is not b for a, b in zip(held, inputs,
                                                                       strict=True)):
            view = report_views.comparison_view(index, comparison, members, docs)
            reuse.put(key, (inputs, view))
        views.append(view)
    return views


def claim_rows(claim_json: Sequence[str], claims: Sequence[Claim],
               docs: Mapping[str, Document], comparisons: Sequence[Comparison],
               stories: Mapping[str, str], reuse: Reuse | None = None
               ) -> list[dict[str, Any]]:
    """One flat row per claim: what a listing shows and every facet it is filtered by.

    What a row holds of its claim and document is reused while both are unchanged; what
    the cross-document stage decided (status, lineage, comparison, story) is set anew.
    """
    reuse = reuse or Reuse()
    status: dict[str, str] = {}
    lineage: dict[str, str] = {}
    compared: dict[str, int] = {}
    for index, comparison in enumerate(comparisons):
        for claim_id in comparison.claims:
            status.setdefault(claim_id, comparison.status)
            compared.setdefault(claim_id, index)
        for line in comparison.lineages:
            for claim_id in line.claims:
                lineage.setdefault(claim_id, line.lineage)
    rows = []
    for raw, c in zip(claim_json, claims, strict=True):
        doc = docs.get(c.doc)
        held, base = reuse.get((raw, id(doc)), partial(_claim_entry, c, doc, docs))
        if held is not doc:  # an id reused by another document object: make it anew
            base = _claim_row(c, doc, docs)
        rows.append({**base, "lineage": lineage.get(c.id), "status": status.get(c.id),
                     "comparison": compared.get(c.id), "story": stories.get(c.doc)})
    return rows


def _claim_row(c: Claim, doc: Document | None, docs: Mapping[str, Document]
               ) -> dict[str, Any]:
    return {
        "id": c.id, "doc": c.doc, "doc_title": doc.title if doc else None,
        "outlet": c.outlet or (doc.outlet if doc else None),
        "kind": c.kind, "group": c.group, "low": c.low, "high": c.high,
        "figure": report_views.figure(c), "qualifier": c.qualifier,
        "quantity_text": c.quantity_text,
        "place": c.place.name if c.place else None,
        "place_entity": c.place.entity if c.place else None,
        "lat": c.place.lat if c.place else None, "lon": c.place.lon if c.place else None,
        "source": c.source.name if c.source else None,
        "source_entity": c.source.entity if c.source else None,
        "lang": doc.lang if doc else None, "as_of": report_views.as_of(c, docs),
        "sentence": c.sentence, "anchor": report_views.claim_anchor(c.doc, c.id),
    }


def facet_values(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """The values each facet can be filtered by: its vocabulary, or what the rows hold."""
    held: dict[str, set[str]] = {name: set() for name in FACETS}
    for row in rows:
        for name in FACETS:
            if row.get(name) is not None:
                held[name].add(str(row[name]))
    return {name: list(VOCABULARIES.get(name, ())) or sorted(held[name]) for name in FACETS}


# --------------------------------------------------------------------------- /api/report


def report_json(snapshot: Snapshot) -> bytes:
    """The report dict of :func:`recoupe.report.build_report` (no article texts) as JSON.

    Claims and comparisons are spliced in as the store holds them (each is the record's
    JSON, which is what their CONTRACT row is), so a large store is not re-encoded.
    """
    result, report = snapshot.result, snapshot.report
    documents = []
    for d in result.documents:
        row = document_row(d)
        # Read without its text: length and hash as the store holds them.
        row["chars"] = snapshot.chars.get(d.id, 0)
        row["hash"] = snapshot.hashes.get(d.id, row["hash"])
        documents.append(row)
    abridged = ({"documents": len(result.documents), "claims": len(result.claims),
                 "texts_up_to": 0} if result.documents else None)
    parts: list[tuple[str, Any]] = [
        ("documents", documents),
        ("claims", _Raw(snapshot.claim_json)),
        ("entities", [entity_row(e) for e in result.entities]),
        ("timeline", [timeline_row(t) for t in result.timeline]),
        ("comparisons", _Raw(snapshot.comparison_json)),
        ("events", report["events"]),
        ("framing", report["framing"]),
        ("errors", report["errors"]),
        ("stories", report["stories"]),
        ("story_rows", report.get("story_rows") or story_rows(dict(report["stories"]))),
        ("summary", {"documents": len(result.documents), "claims": len(result.claims),
                     "outlets": report["overview"]["outlets"]}),
        *((key, report[key]) for key in (
            "overview", "key_figures", "comparison_views", "tolls", "timeline_view",
            "map_points", "entity_table", "framing_table")),
        ("abridged", abridged),
        ("claim_views", []),
    ]
    out = ["{"]
    for n, (key, value) in enumerate(parts):
        out.append(("," if n else "") + json.dumps(key) + ":")
        out.append("[" + ",".join(value.items) + "]" if isinstance(value, _Raw)
                   else _dumps(value))
    out.append("}")
    return "".join(out).encode("utf-8")


@dataclass(frozen=True)
class _Raw:
    items: Sequence[str]  # JSON texts, spliced as they are


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _json_decoded(decode: Callable[[Any], T], raw: str) -> T:
    return decode(json.loads(raw))


def _comparison_entry(inputs: tuple, index: int, comparison: Any, members: Any,
                      docs: Any) -> tuple[tuple, Any]:
    return inputs, report_views.comparison_view(index, comparison, members, docs)


def _claim_entry(claim: Any, doc: Any, docs: Any) -> tuple[Any, Any]:
    return doc, _claim_row(claim, doc, docs)
