"""The embedded SQLite store: documents, their per-document results, and each run's results.

Practices borrowed from sqlite-utils: WAL journal so readers never block the writer, a
busy timeout so concurrent writers wait their turn instead of failing with "database is
locked", an ordered migrations table applied on open, content-hash change detection,
upserts, and one transaction per document so a crash never leaves half a document.

Every row keeps the full record as JSON (``record``, written with
:func:`recoupe.records.to_json`); the few fields the web UI filters on are copied into
real columns. Reading back rebuilds the exact records written (see the ``*_from_json``
builders at the end of this module).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, TypedDict

from recoupe.records import (
    Claim,
    Comparison,
    DateMention,
    Document,
    Entity,
    Mention,
    Rejected,
    TimelineEntry,
)
from recoupe.store.decode import (
    claim_from_json,
    comparison_from_json,
    date_mention_from_json,
    document_from_json,
    entity_from_json,
    geo_from_json,
    mention_from_json,
    mention_ref_from_json,
    period_from_json,
    place_from_json,
    pooled,
    source_from_json,
    timeline_entry_from_json,
)
from recoupe.store.rows import (
    DocumentRows,
    StoredDocument,
    claim_filters,
    document_rows,
    dumps,
    link_rows,
)
from recoupe.store.schema import (
    BUSY_TIMEOUT_MS,
    CLAIM_COLUMNS,
    MIGRATIONS,
    TABLES,
    Migration,
    StoreError,
    connect_readonly,
    connect_writable,
    migrate,
    now,
)

__all__ = [
    "BUSY_TIMEOUT_MS", "CLAIM_COLUMNS", "MIGRATIONS", "TABLES", "ClaimFilters", "DocumentRows",
    "Migration",
    "Store", "StoreError", "StoredDocument", "claim_from_json", "comparison_from_json",
    "date_mention_from_json", "document_from_json", "document_rows", "entity_from_json",
    "geo_from_json", "mention_from_json", "mention_ref_from_json", "migrate",
    "period_from_json", "place_from_json", "source_from_json", "timeline_entry_from_json",
]


class ClaimFilters(TypedDict, total=False):
    """The filters of :meth:`Store.claims`, as one mapping (a page's query, say)."""

    doc: str
    kind: str
    group: str
    place: str
    source: str
    outlet: str
    since: str
    until: str


class Store:
    """One connection to a recoupe SQLite file. Open one per process (or thread).

    >>> with Store.open(tmp / "recoupe.db") as store:   # doctest: +SKIP
    ...     store.save_document(doc, claims=claims, mentions=mentions, dates=dates)
    """

    def __init__(self, conn: sqlite3.Connection, path: str, readonly: bool) -> None:
        self._conn = conn
        self.path = path
        self.readonly = readonly

    @classmethod
    def open(cls, path: str | Path, readonly: bool = False) -> Store:
        """Open (creating and migrating if needed) the store at ``path``.

        ``readonly=True`` opens an existing store for reading only, safe beside a writer.
        """
        if readonly:
            return cls(connect_readonly(Path(path)), str(path), readonly=True)
        return cls(connect_writable(path), str(path), readonly=False)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands, or none of it."""
        if self.readonly:
            raise StoreError(f"the store {self.path} was opened read-only")
        # IMMEDIATE takes the write lock up front, so a busy store makes us wait
        # (busy_timeout) instead of failing half-way when a read turns into a write.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def save_document(
        self,
        doc: Document,
        *,
        claims: Sequence[Claim],
        mentions: Sequence[Mention],
        dates: Sequence[DateMention],
    ) -> None:
        """Upsert ``doc`` and replace all its per-document results, in one transaction."""
        self.save_rows(document_rows(doc, claims=claims, mentions=mentions, dates=dates))

    def save_rows(self, rows: DocumentRows) -> None:
        """Save what :func:`document_rows` prepared (in a worker process, say), in one
        transaction that replaces the document's earlier results."""
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO documents (id, hash, outlet, published, lang, title, path, url,"
                " chars, saved_at, record, analysis_key)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET hash=excluded.hash, outlet=excluded.outlet,"
                " published=excluded.published, lang=excluded.lang, title=excluded.title,"
                " path=excluded.path, url=excluded.url, chars=excluded.chars,"
                " saved_at=excluded.saved_at, record=excluded.record,"
                " analysis_key=excluded.analysis_key",
                rows.document,
            )
            for table in ("claims", "mentions", "dates"):
                conn.execute(f"DELETE FROM {table} WHERE doc = ?", (rows.doc,))
            conn.executemany(
                f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)})"
                f" VALUES ({', '.join('?' * len(CLAIM_COLUMNS))})",
                rows.claims,
            )
            conn.executemany(
                "INSERT INTO mentions (doc, seq, label, text, record) VALUES (?, ?, ?, ?, ?)",
                rows.mentions,
            )
            conn.executemany("INSERT INTO dates (doc, seq, date, record) VALUES (?, ?, ?, ?)",
                             rows.dates)

    def save_links(self, claims: Sequence[Claim]) -> None:
        """Store each claim as linked (place and source entity ids, canonical names, lat/lon)
        beside the claim as extracted; ``claims`` come in the store's order (doc, seq)."""
        with self._transaction() as conn:
            conn.executemany(
                "UPDATE claims SET place = ?, place_entity = ?, source = ?, source_entity = ?,"
                " lat = ?, lon = ?, linked = ? WHERE doc = ? AND seq = ? AND id = ?",
                link_rows(claims),
            )

    def delete_document(self, doc_id: str) -> None:
        """Remove a document; its claims, mentions and dates go with it (ON DELETE CASCADE)."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def save_rejected(self, rejected: Rejected) -> None:
        """Record (or update) why an input could not be analysed."""
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO rejected (input, code, reason, saved_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(input) DO UPDATE SET code=excluded.code, reason=excluded.reason,"
                " saved_at=excluded.saved_at",
                (rejected.input, rejected.code, rejected.reason, now()),
            )

    def forget_rejected(self, input_name: str) -> None:
        """Drop an input's rejection, e.g. once it has been read successfully."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM rejected WHERE input = ?", (input_name,))

    def save_run(
        self,
        *,
        entities: Sequence[Entity],
        timeline: Sequence[TimelineEntry],
        comparisons: Sequence[Comparison],
        extra: dict[str, list[dict[str, Any]]] | None = None,
    ) -> None:
        """Replace all cross-document results (extra tables included) in one transaction."""
        with self._transaction() as conn:
            for table in ("entities", "timeline", "comparisons", "extra_rows"):
                conn.execute(f"DELETE FROM {table}")
            conn.executemany(
                "INSERT INTO entities (seq, id, canonical, type, record) VALUES (?, ?, ?, ?, ?)",
                [(seq, e.id, e.canonical, e.type, dumps(e)) for seq, e in enumerate(entities)],
            )
            conn.executemany(
                "INSERT INTO timeline (seq, date, record) VALUES (?, ?, ?)",
                [(seq, t.date, dumps(t)) for seq, t in enumerate(timeline)],
            )
            conn.executemany(
                "INSERT INTO comparisons (seq, kind, grp, status, record)"
                " VALUES (?, ?, ?, ?, ?)",
                [(seq, c.kind, c.group, c.status, dumps(c)) for seq, c in enumerate(comparisons)],
            )
            conn.executemany(
                "INSERT INTO extra_rows (name, seq, record) VALUES (?, ?, ?)",
                [(name, seq, dumps(row)) for name, rows in (extra or {}).items()
                 for seq, row in enumerate(rows)],
            )

    # -- reading ---------------------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """Make the reads inside the block see one state of the store, whatever is written.

        A web page built from several readers (documents, then claims) stays consistent
        while an analysis is saving documents in another process.
        """
        self._conn.execute("BEGIN")
        try:
            yield self
        finally:
            self._conn.execute("COMMIT")

    def document_status(self, doc_id: str, content_hash: str, key: str | None = None) -> str:
        """``new`` (never saved), ``unchanged`` or ``changed``: by the analysis ``key`` when
        given (a store written before keys existed holds none: changed), else the text hash."""
        row = self.stored(doc_id)
        if row is None:
            return "new"
        if key is not None:
            return "unchanged" if row.key == key else "changed"
        return "unchanged" if row.hash == content_hash else "changed"

    def stored(self, doc_id: str) -> StoredDocument | None:
        """What the store holds of a document besides its text (None if nothing)."""
        row = self._conn.execute(
            "SELECT hash, analysis_key, path, url FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return StoredDocument(*row) if row is not None else None

    def published_dates(self) -> list[str | None]:
        """Every document's publication date (None when unknown), without reading texts."""
        return [row[0] for row in self._conn.execute("SELECT published FROM documents")]

    def documents(self, texts: bool = True) -> Iterator[Document]:
        """Every document, by id; with ``texts=False`` their ``text`` is left empty (the
        cross-document stages need dates, outlets and titles, not a corpus of texts)."""
        for (record,) in self._conn.execute("SELECT record FROM documents ORDER BY id"):
            data = json.loads(record)
            if not texts:
                data["text"] = ""
            yield document_from_json(data)

    def text(self, doc_id: str) -> str:
        """One document's text ("" when the store does not hold it)."""
        row = self._conn.execute("SELECT record FROM documents WHERE id = ?",
                                 (doc_id,)).fetchone()
        return json.loads(row[0])["text"] if row else ""

    def claims(
        self,
        doc: str | None = None,
        *,
        kind: str | None = None,
        group: str | None = None,
        place: str | None = None,
        source: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        linked: bool = True,
    ) -> Iterator[Claim]:
        """Claims, by document then extraction order, that match every filter given.

        ``linked`` (the default) gives them as the last run linked them to entities;
        ``linked=False`` as extracted, what the cross-document stage links afresh.

        ``place`` and ``source`` match a name (any case) or an entity id. ``since`` and
        ``until`` (ISO dates, partial ones allowed) keep claims whose period — or, without
        one, their document's publication date — overlaps that range; claims with no date
        at all are left out when a date filter is given.
        """
        where, params = claim_filters(doc, kind, group, place, source, outlet, since, until)
        column = "coalesce(linked, record)" if linked else "record"
        sql = f"SELECT {column} FROM claims" + (f" WHERE {where}" if where else "")
        pool: dict[str, str] = {}
        for (record,) in self._conn.execute(sql + " ORDER BY doc, seq", params):
            yield claim_from_json(pooled(json.loads(record), pool))

    def claim_records(self) -> Iterator[tuple[str, str]]:
        """Every claim's stored JSON as the last run linked it, ``(doc, json)``, by document
        then extraction order: for a reader that keeps what it decoded across reads and
        decodes only the rows whose JSON changed (``recoupe serve``)."""
        yield from self._conn.execute(
            "SELECT doc, coalesce(linked, record) FROM claims ORDER BY doc, seq")

    def document_records(self) -> Iterator[tuple[str, int, str]]:
        """Every document's stored JSON, its length in characters and its content hash,
        by id."""
        yield from self._conn.execute("SELECT record, chars, hash FROM documents ORDER BY id")

    def run_records(self, table: str) -> list[str]:
        """The stored JSON of one cross-document table (entities, timeline, comparisons)
        in the run's order."""
        if table not in ("entities", "timeline", "comparisons"):
            raise ValueError(f"not a table of run results: {table!r}")
        return [record for (record,) in self._conn.execute(
            f"SELECT record FROM {table} ORDER BY seq")]

    def mentions(self, doc: str | None = None) -> Iterator[Mention]:
        """Named-thing mentions, by document then order written."""
        for record in self._per_document("mentions", doc):
            yield mention_from_json(record)

    def dates(self, doc: str | None = None) -> Iterator[DateMention]:
        """Date mentions, by document then order written."""
        for record in self._per_document("dates", doc):
            yield date_mention_from_json(record)

    def _per_document(self, table: str, doc: str | None) -> Iterator[dict[str, Any]]:
        where, params = ("WHERE doc = ?", (doc,)) if doc is not None else ("", ())
        pool: dict[str, str] = {}
        for (record,) in self._conn.execute(
            f"SELECT record FROM {table} {where} ORDER BY doc, seq", params
        ):
            yield pooled(json.loads(record), pool)

    def rejected(self) -> list[Rejected]:
        """Every rejected input, by input name."""
        rows = self._conn.execute("SELECT input, code, reason FROM rejected ORDER BY input")
        return [Rejected(input=i, code=c, reason=r) for i, c, r in rows]

    def entities(self) -> list[Entity]:
        return [entity_from_json(r) for r in self._run_rows("entities")]

    def timeline(self) -> list[TimelineEntry]:
        return [timeline_entry_from_json(r) for r in self._run_rows("timeline")]

    def comparisons(self) -> list[Comparison]:
        return [comparison_from_json(r) for r in self._run_rows("comparisons")]

    def extra(self, name: str) -> list[dict[str, Any]]:
        """The rows of one named extra table of the last run (empty if there is none)."""
        rows = self._conn.execute(
            "SELECT record FROM extra_rows WHERE name = ? ORDER BY seq", (name,)
        )
        return [json.loads(record) for (record,) in rows]

    def extra_names(self) -> list[str]:
        rows = self._conn.execute("SELECT DISTINCT name FROM extra_rows ORDER BY name")
        return [name for (name,) in rows]

    def _run_rows(self, table: str) -> list[dict[str, Any]]:
        rows = self._conn.execute(f"SELECT record FROM {table} ORDER BY seq")
        return [json.loads(record) for (record,) in rows]

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {
            table: self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in TABLES
        }

    def schema_versions(self) -> list[tuple[int, str, str]]:
        """Applied migrations: (version, name, applied_at), in order."""
        return list(self._conn.execute(
            "SELECT version, name, applied_at FROM schema_migrations ORDER BY version"
        ))

    def check(self) -> str:
        """SQLite's own integrity check: ``ok`` or a description of the damage."""
        rows = self._conn.execute("PRAGMA integrity_check").fetchall()
        problems = self._conn.execute("PRAGMA foreign_key_check").fetchall()
        lines = [row[0] for row in rows if row[0] != "ok"]
        lines += [f"row {rowid} of {table} points to a missing {parent}"
                  for table, rowid, parent, _ in problems]
        return "\n".join(lines) or "ok"
