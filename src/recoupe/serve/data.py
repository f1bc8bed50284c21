"""Claim listings over a snapshot (filters, facet counts) and the full-text index.

The snapshot (:mod:`.snapshot`) holds one flat row per claim with every facet value
(kind, group, status, outlet, lineage, place, story, language); listings filter and count
those rows in memory — linear in the claims, never in the texts — and a listing asked
for twice is computed once per snapshot (:func:`listing`).

Full-text search uses an SQLite FTS5 table of this module's own (``serve_fts``) in the
store's file, kept in step document by document (see :func:`sync_fts`).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recoupe.partial_date import is_partial_iso
from recoupe.serve.cache import Views, content_token
from recoupe.serve.snapshot import (
    FACETS,
    STATUSES,
    VOCABULARIES,
    Snapshot,
    claim_rows,
    document_summary,
    facet_values,
    read_snapshot,
)

__all__ = [
    "FACETS", "STATUSES", "VOCABULARIES", "ClaimQuery", "FilterError", "Listing", "Snapshot",
    "Views", "check_query", "claim_rows", "content_token", "document_summary",
    "facet_counts", "facet_values", "fts_query", "listing", "read_snapshot", "search",
    "search_claims", "select", "sync_fts",
]

MAX_ALLOWED_LISTED = 200  # a 422 lists at most this many allowed values


class FilterError(Exception):
    """A filter value the data does not hold: the field, the value, and what is allowed."""

    def __init__(self, name: str, value: str, allowed: Sequence[str]) -> None:
        super().__init__(f"unknown {name}: {value!r}")
        self.name, self.value = name, value
        self.allowed = list(allowed)[:MAX_ALLOWED_LISTED]


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
    comparison: int | None = None  # claims of the comparison at this index

    def key(self) -> tuple[Any, ...]:
        return (tuple(sorted(self.values.items())), self.source, self.entity, self.doc,
                self.since, self.until, self.q, self.comparison)


@dataclass(frozen=True)
class Listing:
    """The rows passing a query, and the facet counts over them."""

    rows: list[dict[str, Any]]
    facets: dict[str, list[tuple[str, int]]]


def check_query(snapshot: Snapshot, query: ClaimQuery) -> None:
    """Refuse a facet value the data cannot hold, or a malformed date (FilterError)."""
    for name, value in query.values.items():
        allowed = snapshot.values[name]
        if name == "place":
            ids = snapshot.memo.get("place_ids", lambda: {
                r["place_entity"] for r in snapshot.rows if r["place_entity"]})
            folded = snapshot.memo.get("places_folded", lambda: {
                a.casefold() for a in snapshot.values["place"]})
            if value in ids or value.casefold() in folded:
                continue
        if value not in allowed:
            raise FilterError(name, value, allowed)
    for name in ("since", "until"):
        value = getattr(query, name)
        if value is not None and not is_partial_iso(value):
            raise FilterError(name, value, ["YYYY", "YYYY-MM", "YYYY-MM-DD"])
    count = len(snapshot.result.comparisons)
    if query.comparison is not None and not 0 <= query.comparison < count:
        raise FilterError("comparison", str(query.comparison),
                          [f"0 to {count - 1}" if count else "none: no comparison"])


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
    if query.comparison is not None:
        members = set(snapshot.result.comparisons[query.comparison].claims)
        hits = members if hits is None else hits & members
    if not query.values and hits is None and not any(
            (query.source, query.entity, query.doc, query.since, query.until)):
        return snapshot.rows
    return [row for row in snapshot.rows if _matches(row, query, hits)]


def listing(snapshot: Snapshot, query: ClaimQuery, store_path: Path) -> Listing:
    """:func:`select` and :func:`facet_counts`, computed once per snapshot and query (the
    most recent queries are kept)."""
    def make() -> Listing:
        rows = select(snapshot, query, store_path)
        return Listing(rows, facet_counts(rows))

    return snapshot.memo.get(("listing", query.key()), make)


def facet_counts(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[tuple[str, int]]]:
    """Per facet, each value and how many of ``rows`` hold it, most first."""
    counts = {name: Counter(str(r[name]) for r in rows if r.get(name) is not None)
              for name in FACETS}
    return {name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) for name, c in counts.items()}


# --------------------------------------------------------------------------- full text


FTS_TABLE = "serve_fts"
_FTS_DOCS = "serve_fts_docs"  # what is indexed of each document, and its rows
_FTS_OLD_STATE = "serve_fts_state"  # the whole-index key of recoupe before issue 19


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


def sync_fts(path: Path) -> int:
    """Index the documents (title and text) and their claims' sentences that changed since
    the last call; drop those of deleted documents. Returns how many documents were
    (re)indexed: a new article costs its own text, never the store's.

    The FTS tables are serve's own: the pipeline never reads them, and a store without
    them is complete.
    """
    with _connect(path) as conn:
        _fts_tables(conn)
        held = {doc: (key, first, last) for doc, key, first, last in conn.execute(
            f"SELECT doc, key, first, last FROM {_FTS_DOCS}")}
        now = dict(conn.execute(
            "SELECT id, hash || ':' || coalesce(analysis_key, '') || ':' || saved_at"
            " FROM documents"))
        for doc, (key, first, last) in held.items():
            if now.get(doc) != key:
                conn.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid BETWEEN ? AND ?",
                             (first, last))
                conn.execute(f"DELETE FROM {_FTS_DOCS} WHERE doc = ?", (doc,))
        fresh = [(doc, key) for doc, key in now.items()
                 if doc not in held or held[doc][0] != key]
        for doc, key in fresh:
            _index_document(conn, doc, key)
    return len(fresh)


def _fts_tables(conn: sqlite3.Connection) -> None:
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                 "kind UNINDEXED, ref UNINDEXED, doc UNINDEXED, body, "
                 "tokenize = 'unicode61 remove_diacritics 2')")
    known = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (_FTS_DOCS,)).fetchone()
    if known is None:  # an index of the older layout (or none): start it again
        conn.execute(f"DELETE FROM {FTS_TABLE}")
        conn.execute(f"DROP TABLE IF EXISTS {_FTS_OLD_STATE}")
        conn.execute(f"CREATE TABLE {_FTS_DOCS} (doc TEXT PRIMARY KEY, key TEXT NOT NULL,"
                     " first INTEGER NOT NULL, last INTEGER NOT NULL)")


def _index_document(conn: sqlite3.Connection, doc: str, key: str) -> None:
    first = int(conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {FTS_TABLE}")
                .fetchone()[0]) + 1
    title, record = conn.execute("SELECT title, record FROM documents WHERE id = ?",
                                 (doc,)).fetchone()
    rows: list[tuple[str, str, str]] = [
        ("document", doc, f"{title or ''}\n{json.loads(record).get('text', '')}")]
    rows += [("claim", claim_id, json.loads(claim).get("sentence") or "")
             for claim_id, claim in conn.execute(
                 "SELECT id, record FROM claims WHERE doc = ? ORDER BY seq", (doc,))]
    conn.executemany(f"INSERT INTO {FTS_TABLE} (rowid, kind, ref, doc, body)"
                     " VALUES (?, ?, ?, ?, ?)",
                     [(first + n, kind, ref, doc, body) for n, (kind, ref, body)
                      in enumerate(rows)])
    conn.execute(f"INSERT INTO {_FTS_DOCS} (doc, key, first, last) VALUES (?, ?, ?, ?)",
                 (doc, key, first, first + len(rows) - 1))


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


def rows_by(rows: Iterable[Mapping[str, Any]], key: str) -> dict[str, int]:
    """How many rows hold each value of ``key``."""
    return dict(Counter(str(r[key]) for r in rows if r.get(key) is not None))
