"""The store's schema: its migrations, applied in order on open, and its connections
(WAL journal, busy timeout, foreign keys on)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from recoupe.errors import RecoupeError

BUSY_TIMEOUT_MS = 30_000


class StoreError(RecoupeError):
    """The store file cannot be used as it is (e.g. written by a newer recoupe)."""

    def __init__(self, detail: str) -> None:
        super().__init__("store_unusable", detail)

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return (StoreError, (self.detail or "",))


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
    Migration(2, "analysis key; claims linked to entities", (
        # The re-run key: text, the metadata that changes the analysis, recoupe's version.
        "ALTER TABLE documents ADD COLUMN analysis_key TEXT",
        # The claim as the last run linked it (canonical names, entity ids, coordinates);
        # ``record`` keeps it as extracted, which is what the next run links again.
        "ALTER TABLE claims ADD COLUMN linked TEXT",
        "ALTER TABLE claims ADD COLUMN lat REAL",
        "ALTER TABLE claims ADD COLUMN lon REAL",
        "CREATE INDEX claims_place_entity ON claims(place_entity)",
        "CREATE INDEX claims_source_entity ON claims(source_entity)",
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


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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
                (step.version, step.name, now()),
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


def connect_writable(path: str | Path) -> sqlite3.Connection:
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


def connect_readonly(path: Path) -> sqlite3.Connection:
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
