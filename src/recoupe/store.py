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

import dataclasses
import functools
import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from recoupe.errors import RecoupeError
from recoupe.records import (
    Claim,
    Comparison,
    DateMention,
    Document,
    Entity,
    Geo,
    Mention,
    MentionRef,
    Period,
    Place,
    Rejected,
    Source,
    Span,
    TimelineEntry,
    to_json,
)

BUSY_TIMEOUT_MS = 30_000


class StoreError(Exception):
    """The store file cannot be used as it is (e.g. written by a newer recoupe)."""


@dataclass(frozen=True)
class Migration:
    """One schema step. Steps are applied in ``version`` order, each exactly once."""

    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", (
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            hash TEXT NOT NULL,
            outlet TEXT,
            published TEXT,
            lang TEXT,
            title TEXT,
            path TEXT,
            url TEXT,
            chars INTEGER NOT NULL,
            saved_at TEXT NOT NULL,
            record TEXT NOT NULL
        )""",
        # Per-document results: (doc, seq) keeps the extraction order and its primary-key
        # index serves the lookups by doc.
        """CREATE TABLE claims (
            doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            id TEXT NOT NULL,
            kind TEXT NOT NULL,
            grp TEXT NOT NULL,
            group_label TEXT,
            low INTEGER,
            high INTEGER,
            qualifier TEXT NOT NULL,
            place TEXT,
            place_entity TEXT,
            source TEXT,
            source_entity TEXT,
            outlet TEXT,
            period_start TEXT,
            period_end TEXT,
            date_low TEXT,
            date_high TEXT,
            record TEXT NOT NULL,
            PRIMARY KEY (doc, seq)
        )""",
        "CREATE INDEX claims_kind ON claims(kind, grp)",
        "CREATE INDEX claims_id ON claims(id)",
        """CREATE TABLE mentions (
            doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (doc, seq)
        )""",
        """CREATE TABLE dates (
            doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            date TEXT,
            record TEXT NOT NULL,
            PRIMARY KEY (doc, seq)
        )""",
        """CREATE TABLE rejected (
            input TEXT PRIMARY KEY,
            code TEXT NOT NULL,
            reason TEXT NOT NULL,
            saved_at TEXT NOT NULL
        )""",
        # Cross-document results: replaced as a whole by each run.
        """CREATE TABLE entities (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL,
            canonical TEXT NOT NULL,
            type TEXT NOT NULL,
            record TEXT NOT NULL
        )""",
        "CREATE INDEX entities_id ON entities(id)",
        """CREATE TABLE timeline (
            seq INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            record TEXT NOT NULL
        )""",
        """CREATE TABLE comparisons (
            seq INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            grp TEXT NOT NULL,
            status TEXT NOT NULL,
            record TEXT NOT NULL
        )""",
        """CREATE TABLE extra_rows (
            name TEXT NOT NULL,
            seq INTEGER NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (name, seq)
        )""",
    )),
)

CLAIM_COLUMNS = (
    "doc", "seq", "id", "kind", "grp", "group_label", "low", "high", "qualifier",
    "place", "place_entity", "source", "source_entity", "outlet",
    "period_start", "period_end", "date_low", "date_high", "record",
)

# Tables reported by counts(), in the order a person reads them.
TABLES = (
    "documents", "claims", "mentions", "dates", "rejected",
    "entities", "timeline", "comparisons", "extra_rows",
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dumps(data: Any) -> str:
    # ensure_ascii=False keeps French text readable to anyone opening the file.
    return json.dumps(to_json(data), ensure_ascii=False, separators=(",", ":"))


def _upper_bound(date: str) -> str:
    """The last day a partial ISO date can mean, so string comparison orders it right."""
    if len(date) == 4:
        return date + "-12-31"
    if len(date) == 7:
        return date + "-31"
    return date


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Apply, in one write transaction, the migrations this database has not had yet.

    Returns the versions applied now. Taking the write lock first (``BEGIN IMMEDIATE``)
    makes two processes opening a fresh file at once apply each step exactly once.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        _refuse_newer(done, migrations)
        applied = []
        for step in sorted(migrations, key=lambda m: m.version):
            if step.version in done:
                continue
            for statement in step.statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (step.version, step.name, _now()),
            )
            applied.append(step.version)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return applied


def _refuse_newer(done: set[int], migrations: Sequence[Migration]) -> None:
    known = {m.version for m in migrations}
    unknown = sorted(done - known)
    if unknown:
        raise StoreError(
            f"the store has schema versions {unknown} this recoupe does not know; "
            "use a newer recoupe or a fresh store"
        )


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. Switching needs a moment alone with the file, so retry if busy."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


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
            return cls(_connect_readonly(Path(path)), str(path), readonly=True)
        return cls(_connect_writable(path), str(path), readonly=False)

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
                " chars, saved_at, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET hash=excluded.hash, outlet=excluded.outlet,"
                " published=excluded.published, lang=excluded.lang, title=excluded.title,"
                " path=excluded.path, url=excluded.url, chars=excluded.chars,"
                " saved_at=excluded.saved_at, record=excluded.record",
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
                (rejected.input, rejected.code, rejected.reason, _now()),
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
                [(seq, e.id, e.canonical, e.type, _dumps(e)) for seq, e in enumerate(entities)],
            )
            conn.executemany(
                "INSERT INTO timeline (seq, date, record) VALUES (?, ?, ?)",
                [(seq, t.date, _dumps(t)) for seq, t in enumerate(timeline)],
            )
            conn.executemany(
                "INSERT INTO comparisons (seq, kind, grp, status, record)"
                " VALUES (?, ?, ?, ?, ?)",
                [(seq, c.kind, c.group, c.status, _dumps(c)) for seq, c in enumerate(comparisons)],
            )
            conn.executemany(
                "INSERT INTO extra_rows (name, seq, record) VALUES (?, ?, ?)",
                [(name, seq, _dumps(row)) for name, rows in (extra or {}).items()
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

    def document_status(self, doc_id: str, content_hash: str) -> str:
        """``new`` (never saved), ``unchanged`` (same text hash) or ``changed``."""
        row = self._conn.execute("SELECT hash FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return "new"
        return "unchanged" if row[0] == content_hash else "changed"

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
    ) -> Iterator[Claim]:
        """Claims, by document then extraction order, that match every filter given.

        ``place`` and ``source`` match a name (any case) or an entity id. ``since`` and
        ``until`` (ISO dates, partial ones allowed) keep claims whose period — or, without
        one, their document's publication date — overlaps that range; claims with no date
        at all are left out when a date filter is given.
        """
        where, params = _claim_filters(doc, kind, group, place, source, outlet, since, until)
        sql = "SELECT record FROM claims" + (f" WHERE {where}" if where else "")
        pool: dict[str, str] = {}
        for (record,) in self._conn.execute(sql + " ORDER BY doc, seq", params):
            yield claim_from_json(_pooled(json.loads(record), pool))

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
            yield _pooled(json.loads(record), pool)

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


# -- connections ----------------------------------------------------------------------------


def _connect_writable(path: str | Path) -> sqlite3.Connection:
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so transactions are explicit.
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _enable_wal(conn)
        # Per connection, never persisted: without it ON DELETE CASCADE does nothing.
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _connect_readonly(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise RecoupeError("missing", str(path))
    conn = sqlite3.connect(
        path.resolve().as_uri() + "?mode=ro",
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _check_current(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_current(conn: sqlite3.Connection) -> None:
    """A reader cannot migrate: refuse a store whose schema is not this recoupe's."""
    try:
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
    except sqlite3.OperationalError as error:
        raise StoreError(f"not a recoupe store ({error})") from error
    _refuse_newer(done, MIGRATIONS)
    missing = sorted({m.version for m in MIGRATIONS} - done)
    if missing:
        raise StoreError(
            f"the store lacks schema versions {missing}; open it once for writing to upgrade"
        )


# -- rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRows:
    """One document's rows, ready to insert: built where the document was analysed, so
    that the process owning the store only executes the inserts."""

    doc: str
    document: tuple[Any, ...]
    claims: list[tuple[Any, ...]]
    mentions: list[tuple[Any, ...]]
    dates: list[tuple[Any, ...]]


def document_rows(
    doc: Document,
    *,
    claims: Sequence[Claim],
    mentions: Sequence[Mention],
    dates: Sequence[DateMention],
) -> DocumentRows:
    """The rows :meth:`Store.save_rows` writes for ``doc`` and its per-document results."""
    _check_owner(doc.id, [*claims, *mentions, *dates])
    return DocumentRows(
        doc=doc.id,
        document=(doc.id, doc.hash, doc.outlet, doc.published, doc.lang, doc.title, doc.path,
                  doc.url, len(doc.text), _now(), _dumps(doc)),
        claims=[_claim_row(seq, c, doc.published) for seq, c in enumerate(claims)],
        mentions=[(m.doc, seq, m.label, m.text, _dumps(m)) for seq, m in enumerate(mentions)],
        dates=[(d.doc, seq, d.date, _dumps(d)) for seq, d in enumerate(dates)],
    )


def _check_owner(doc_id: str, records: Sequence[Claim | Mention | DateMention]) -> None:
    """Refuse results filed under another document: they would be lost on its next save."""
    strays = sorted({r.doc for r in records if r.doc != doc_id})
    if strays:
        raise ValueError(f"results for document {doc_id!r} name other documents: {strays}")


def _claim_row(seq: int, claim: Claim, published: str | None) -> tuple[Any, ...]:
    place, period, source = claim.place, claim.period, claim.source
    start = period.start if period else None
    end = period.end if period else None
    # Without a period, the day the document was published stands in for "when".
    low = start or end or published
    high = end or start or published
    return (
        claim.doc, seq, claim.id, claim.kind, claim.group, claim.group_label,
        claim.low, claim.high, claim.qualifier,
        place.name if place else None, place.entity if place else None,
        source.name if source else None, source.entity if source else None,
        claim.outlet, start, end, low, _upper_bound(high) if high else None,
        _dumps(claim),
    )


def _claim_filters(
    doc: str | None,
    kind: str | None,
    group: str | None,
    place: str | None,
    source: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
) -> tuple[str, list[str]]:
    """The WHERE clause (without the keyword) and its parameters for Store.claims."""
    clauses: list[str] = []
    params: list[str] = []
    for column, value in (("doc", doc), ("kind", kind), ("grp", group), ("outlet", outlet)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    for column, value in (("place", place), ("source", source)):
        if value is not None:
            clauses.append(f"({column} = ? COLLATE NOCASE OR {column}_entity = ?)")
            params += [value, value]
    if since is not None:
        clauses.append("date_high >= ?")
        params.append(since)
    if until is not None:
        clauses.append("date_low <= ?")
        params.append(_upper_bound(until))
    return " AND ".join(clauses), params


# -- records from JSON ----------------------------------------------------------------------
# Only known fields are passed on, so a store written by a recoupe whose records had an
# extra field still reads, and a field added later takes its default.


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = _field_names(cls)
    return {key: value for key, value in data.items() if key in names}


@functools.cache  # read once per record class, not once per row
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def _pooled(data: dict[str, Any], pool: dict[str, str]) -> dict[str, Any]:
    """``data`` with its string values shared with earlier rows': a document id, a label
    or a sentence read for each of a store's many mentions is then held once."""
    return {k: pool.setdefault(v, v) if isinstance(v, str) else v for k, v in data.items()}


def _span(value: list[int] | None) -> Span | None:
    return (value[0], value[1]) if value is not None else None


def document_from_json(data: dict[str, Any]) -> Document:
    fields = _known(Document, data)
    fields["boilerplate"] = tuple(_span(s) for s in data.get("boilerplate", ()))
    fields["notes"] = tuple(data.get("notes", ()))
    return Document(**fields)


def place_from_json(data: dict[str, Any] | None) -> Place | None:
    if data is None:
        return None
    return Place(**{**_known(Place, data), "span": _span(data.get("span"))})


def period_from_json(data: dict[str, Any] | None) -> Period | None:
    return Period(**_known(Period, data)) if data is not None else None


def source_from_json(data: dict[str, Any] | None) -> Source | None:
    if data is None:
        return None
    return Source(**{**_known(Source, data), "span": _span(data.get("span"))})


def claim_from_json(data: dict[str, Any]) -> Claim:
    return Claim(**{
        **_known(Claim, data),
        "place": place_from_json(data.get("place")),
        "period": period_from_json(data.get("period")),
        "source": source_from_json(data.get("source")),
        "span": _span(data["span"]),
        "sentence_span": _span(data.get("sentence_span")),
    })


def mention_from_json(data: dict[str, Any]) -> Mention:
    return Mention(**_known(Mention, data))


def date_mention_from_json(data: dict[str, Any]) -> DateMention:
    return DateMention(**_known(DateMention, data))


def geo_from_json(data: dict[str, Any] | None) -> Geo | None:
    return Geo(**_known(Geo, data)) if data is not None else None


def entity_from_json(data: dict[str, Any]) -> Entity:
    return Entity(**{
        **_known(Entity, data),
        "forms": tuple(data["forms"]),
        "mentions": tuple(mention_from_json(m) for m in data["mentions"]),
        "geo": geo_from_json(data.get("geo")),
    })


def mention_ref_from_json(data: dict[str, Any]) -> MentionRef:
    return MentionRef(doc=data["doc"], span=_span(data["span"]), text=data["text"])


def timeline_entry_from_json(data: dict[str, Any]) -> TimelineEntry:
    return TimelineEntry(**{
        **_known(TimelineEntry, data),
        "mentions": tuple(mention_ref_from_json(m) for m in data["mentions"]),
    })


def comparison_from_json(data: dict[str, Any]) -> Comparison:
    return Comparison(**{**_known(Comparison, data), "claims": tuple(data["claims"])})
