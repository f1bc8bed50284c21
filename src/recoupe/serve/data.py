"""What `recoupe serve` shows, computed once per change of the store, not per request.

A :class:`Snapshot` reads the store once (documents without their texts, linked claims,
comparisons, entities, stories) and derives the report dict and one flat row per claim
with every facet value (kind, group, status, outlet, lineage, place, story, language).
Listings then filter and count those rows in memory: linear in the claims, never in the
texts. :class:`Views` keeps the snapshot while the store file is unchanged (its size and
modification time, and those of its WAL file) and rebuilds it, once, when it changes.

Full-text search uses an SQLite FTS5 table of this module's own (``serve_fts``) in the
store's file, re-indexed when the documents change (see :func:`sync_fts`).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from recoupe.pipeline import RunResult
from recoupe.records import GROUPS, KINDS, Claim, Comparison, Document, Status
from recoupe.report import build_report
from recoupe.report.views import as_of, claim_anchor, figure
from recoupe.store import Store

STATUSES: tuple[str, ...] = get_args(Status)
FACETS = ("kind", "group", "status", "outlet", "lineage", "place", "story", "lang")
# Facets whose values are a fixed vocabulary; the others list what the store holds.
VOCABULARIES: dict[str, tuple[str, ...]] = {"kind": KINDS, "group": GROUPS, "status": STATUSES}
MAX_ALLOWED_LISTED = 200  # a 422 lists at most this many allowed values
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class FilterError(Exception):
    """A filter value the data does not hold: the field, the value, and what is allowed."""

    def __init__(self, name: str, value: str, allowed: Sequence[str]) -> None:
        super().__init__(f"unknown {name}: {value!r}")
        self.name, self.value = name, value
        self.allowed = list(allowed)[:MAX_ALLOWED_LISTED]


# --------------------------------------------------------------------------- snapshot


@dataclass
class Snapshot:
    """One state of the store, read once, with everything the pages and the API list."""

    result: RunResult
    report: dict[str, Any]
    rows: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    values: dict[str, list[str]]
    pages: dict[str, str] = field(default_factory=dict)  # rendered pages, by key
    lock: threading.Lock = field(default_factory=threading.Lock)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        return next((d for d in self.documents if d["id"] == doc_id), None)


def read_snapshot(store: Store) -> Snapshot:
    """Everything but the article texts, from one consistent read of the store."""
    documents = tuple(store.documents(texts=False))
    stories = {str(r["doc"]): str(r["story"]) for r in store.extra("stories")
               if isinstance(r, dict) and "doc" in r and "story" in r}
    result = RunResult(
        documents=documents, claims=tuple(store.claims()), entities=tuple(store.entities()),
        timeline=tuple(store.timeline()), rejected=tuple(store.rejected()), analysed=0,
        reused=0, comparisons=tuple(store.comparisons()), framing=tuple(store.extra("framing")),
        events=tuple(store.extra("events")), stories=stories,
    )
    # texts_up_to=0: the served report never holds article texts (one page per document).
    report = build_report(result, texts_up_to=0)
    docs = {d.id: d for d in documents}
    rows = claim_rows(result.claims, docs, result.comparisons, stories)
    return Snapshot(result=result, report=report, rows=rows,
                    documents=[document_summary(d, stories) for d in documents],
                    values=facet_values(rows))


def document_summary(d: Document, stories: Mapping[str, str]) -> dict[str, Any]:
    return {"id": d.id, "title": d.title, "outlet": d.outlet, "published": d.published,
            "lang": d.lang, "url": d.url, "story": stories.get(d.id)}


def claim_rows(claims: Sequence[Claim], docs: Mapping[str, Document],
               comparisons: Sequence[Comparison], stories: Mapping[str, str]
               ) -> list[dict[str, Any]]:
    """One flat row per claim: what a listing shows and every facet it is filtered by."""
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
    for c in claims:
        doc = docs.get(c.doc)
        rows.append({
            "id": c.id, "doc": c.doc, "doc_title": doc.title if doc else None,
            "outlet": c.outlet or (doc.outlet if doc else None),
            "kind": c.kind, "group": c.group, "low": c.low, "high": c.high,
            "figure": figure(c), "qualifier": c.qualifier, "quantity_text": c.quantity_text,
            "place": c.place.name if c.place else None,
            "place_entity": c.place.entity if c.place else None,
            "lat": c.place.lat if c.place else None, "lon": c.place.lon if c.place else None,
            "source": c.source.name if c.source else None,
            "source_entity": c.source.entity if c.source else None,
            "lineage": lineage.get(c.id), "status": status.get(c.id),
            "comparison": compared.get(c.id), "story": stories.get(c.doc),
            "lang": doc.lang if doc else None, "as_of": as_of(c, docs),
            "sentence": c.sentence, "anchor": claim_anchor(c.doc, c.id),
        })
    return rows


def facet_values(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """The values each facet can be filtered by: its vocabulary, or what the rows hold."""
    held: dict[str, set[str]] = {name: set() for name in FACETS}
    for row in rows:
        for name in FACETS:
            if row.get(name) is not None:
                held[name].add(str(row[name]))
    return {name: list(VOCABULARIES.get(name, ())) or sorted(held[name]) for name in FACETS}


# --------------------------------------------------------------------------- cache


class Views:
    """The snapshot of one store, rebuilt once when what it holds changes.

    The store file's size and time are a cheap first test; as they also move when
    readers come and go (the WAL file), a change of them is confirmed by
    :func:`content_token` before anything is recomputed.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._key: tuple[int, ...] | None = None
        self._token: tuple[Any, ...] | None = None
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()
        self.builds = 0  # how many times the views were computed (tests read it)

    def file_key(self) -> tuple[int, ...]:
        parts = []
        for suffix in ("", "-wal"):
            try:
                stat = Path(str(self.path) + suffix).stat()
                parts += [stat.st_mtime_ns, stat.st_size]
            except FileNotFoundError:
                parts += [0, 0]
        return tuple(parts)

    def languages(self) -> dict[str, int]:
        """The corpus's languages as last read (without reading the store again)."""
        held = self._snapshot
        return dict(held.report["overview"].get("languages") or {}) if held else {}

    def invalidate(self) -> None:
        with self._lock:
            self._key = self._token = None

    def current(self) -> Snapshot:
        key = self.file_key()
        with self._lock:
            if self._snapshot is not None and key == self._key:
                return self._snapshot
            token = content_token(self.path)
            if self._snapshot is None or token != self._token:
                with Store.open(self.path, readonly=True) as store, store.snapshot():
                    self._snapshot = read_snapshot(store)
                sync_fts(self.path)
                self._token = token
                self.builds += 1
            self._key = self.file_key()
            return self._snapshot


def content_token(path: Path) -> tuple[Any, ...]:
    """What changes whenever a run, an added article or a deletion changes the store:
    documents (count, last save), claims, and the cross-document results (which a new
    linking of the claims rewrites)."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=30)
    try:
        return tuple(conn.execute(
            "SELECT (SELECT count(*) || ':' || coalesce(max(saved_at), '') FROM documents),"
            " (SELECT count(*) FROM claims),"
            " (SELECT count(*) || ':' || total(length(record)) FROM comparisons),"
            " (SELECT count(*) || ':' || total(length(record)) FROM entities),"
            " (SELECT count(*) || ':' || total(length(record)) FROM extra_rows)").fetchone())
    finally:
        conn.close()


# --------------------------------------------------------------------------- listing


@dataclass(frozen=True)
class ClaimQuery:
    """The filters of a claim listing (None: not filtered)."""

    values: dict[str, str]
    source: str | None = None
    entity: str | None = None
    doc: str | None = None
    since: str | None = None
    until: str | None = None
    q: str | None = None


def check_query(snapshot: Snapshot, query: ClaimQuery) -> None:
    """Refuse a facet value the data cannot hold, or a malformed date (FilterError)."""
    for name, value in query.values.items():
        allowed = snapshot.values[name]
        if name == "place":
            ids = {r["place_entity"] for r in snapshot.rows if r["place_entity"]}
            if value in ids or value.casefold() in {a.casefold() for a in allowed}:
                continue
        if value not in allowed:
            raise FilterError(name, value, allowed)
    for name in ("since", "until"):
        value = getattr(query, name)
        if value is not None and not _ISO_DATE.match(value):
            raise FilterError(name, value, ["YYYY", "YYYY-MM", "YYYY-MM-DD"])


def _matches(row: Mapping[str, Any], query: ClaimQuery, hits: set[str] | None) -> bool:
    for name, value in query.values.items():
        if name == "place":
            if value != row["place_entity"] and value.casefold() != (row["place"] or "").casefold():
                return False
        elif str(row.get(name)) != value:
            return False
    if query.source and query.source not in (row["source_entity"], row["source"]):
        return False
    if query.entity and query.entity not in (row["place_entity"], row["source_entity"]):
        return False
    if query.doc and row["doc"] != query.doc:
        return False
    day = row["as_of"]
    if (query.since or query.until) and not day:
        return False
    if query.since and day < query.since:
        return False
    if query.until and day[: len(query.until)] > query.until:
        return False
    return hits is None or row["id"] in hits


def select(snapshot: Snapshot, query: ClaimQuery, store_path: Path) -> list[dict[str, Any]]:
    """The claim rows passing every filter, in the store's order."""
    hits = search_claims(store_path, query.q) if query.q else None
    return [row for row in snapshot.rows if _matches(row, query, hits)]


def facet_counts(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[tuple[str, int]]]:
    """Per facet, each value and how many of ``rows`` hold it, most first."""
    counts = {name: Counter(str(r[name]) for r in rows if r.get(name) is not None)
              for name in FACETS}
    return {name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) for name, c in counts.items()}


# --------------------------------------------------------------------------- full text


FTS_TABLE = "serve_fts"
_FTS_STATE = "serve_fts_state"


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A writable connection, committed and closed at the end of the block (an unclosed
    one would checkpoint whenever it is collected, moving the file under the cache)."""
    conn = sqlite3.connect(str(path), timeout=30)
    try:
        conn.execute("PRAGMA busy_timeout = 30000")
        with conn:
            yield conn
    finally:
        conn.close()


def _content_key(conn: sqlite3.Connection) -> str:
    digest = hashlib.sha256()
    for doc_id, doc_hash in conn.execute("SELECT id, hash FROM documents ORDER BY id"):
        digest.update(f"{doc_id}\0{doc_hash}\n".encode("utf-8", "surrogatepass"))
    digest.update(str(conn.execute("SELECT count(*) FROM claims").fetchone()[0]).encode())
    return digest.hexdigest()


def sync_fts(path: Path) -> bool:
    """Index the documents (title and text) and the claims' sentences when they changed.

    Returns whether the index was rebuilt. The FTS tables are serve's own: the pipeline
    never reads them, and a store without them is complete.
    """
    with _connect(path) as conn:
        conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                     "kind UNINDEXED, ref UNINDEXED, doc UNINDEXED, body, "
                     "tokenize = 'unicode61 remove_diacritics 2')")
        conn.execute(f"CREATE TABLE IF NOT EXISTS {_FTS_STATE} (key TEXT NOT NULL)")
        key = _content_key(conn)
        held = conn.execute(f"SELECT key FROM {_FTS_STATE}").fetchone()
        if held is not None and held[0] == key:
            return False
        conn.execute(f"DELETE FROM {FTS_TABLE}")
        conn.executemany(f"INSERT INTO {FTS_TABLE} (kind, ref, doc, body) VALUES (?, ?, ?, ?)",
                         _fts_rows(conn))
        conn.execute(f"DELETE FROM {_FTS_STATE}")
        conn.execute(f"INSERT INTO {_FTS_STATE} (key) VALUES (?)", (key,))
    return True


def _fts_rows(conn: sqlite3.Connection) -> Iterable[tuple[str, str, str, str]]:
    for doc_id, title, record in conn.execute("SELECT id, title, record FROM documents"):
        text = json.loads(record).get("text", "")
        yield "document", doc_id, doc_id, f"{title or ''}\n{text}"
    for doc_id, claim_id, record in conn.execute("SELECT doc, id, record FROM claims"):
        yield "claim", claim_id, doc_id, json.loads(record).get("sentence") or ""


def fts_query(text: str) -> str | None:
    """The user's words as an FTS5 query: each word quoted (no operator injection), all
    required, the last one as a prefix."""
    words = [w for w in re.split(r"[\s\x00-\x1f\x7f]+", text.strip()) if w][:20]
    if not words:
        return None
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def search(path: Path, text: str, kind: str, limit: int = 100_000) -> list[tuple[str, str]]:
    """(ref, doc) of the documents or claims matching ``text``, best first."""
    query = fts_query(text)
    if query is None:
        return []
    with _connect(path) as conn:
        try:
            rows = conn.execute(f"SELECT ref, doc FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? "
                                "AND kind = ? ORDER BY rank LIMIT ?", (query, kind, limit))
            return [(str(ref), str(doc)) for ref, doc in rows.fetchall()]
        except sqlite3.OperationalError:  # words FTS5 cannot read match nothing
            return []


def search_claims(path: Path, text: str) -> set[str]:
    return {ref for ref, _ in search(path, text, "claim")}
