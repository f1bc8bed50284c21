"""The served snapshot of one store: built in the background, once per change.

- A request that only reads is answered from the snapshot held; it never builds one
  (but the very first, when none exists yet).
- A write made through this server (an added or deleted article) is wrapped in
  :meth:`Views.writing`: reads go on from the previous snapshot meanwhile, and the write's
  own request waits for the new one before it answers, so its author reads what was
  written.
- A write made by another process (`recoupe analyze` on the same store) is seen through
  SQLite's change counter (``PRAGMA data_version``) and confirmed by
  :func:`content_token`; the background builder makes the new snapshot. A read that saw
  the change waits for it at most ``fresh_wait`` seconds, then is answered from the
  previous snapshot.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from recoupe.serve.snapshot import Decoder, Memo, Snapshot, read_snapshot
from recoupe.store import Store

log = logging.getLogger("recoupe.serve")
FRESH_WAIT = 5.0  # seconds a read waits for the views of a change another process made


class Views:
    """The snapshot of one store, rebuilt by one background thread when the store changes.

    ``builds`` counts the snapshots built (tests read it); ``decoded`` the stored rows the
    last build had to decode (the others were reused from the build before).
    """

    def __init__(self, path: Path, fresh_wait: float = FRESH_WAIT,
                 warm: Callable[[Snapshot], object] | None = None) -> None:
        self.path = path
        self.fresh_wait = fresh_wait
        self.warm = warm  # what to compute on a new snapshot before it is served
        self.builds = 0
        self.decoded = 0
        self._snapshot: Snapshot | None = None
        self._decoder = Decoder()
        self._shared = Memo(16)  # document views and pages, kept while unchanged
        self._cond = threading.Condition()
        self._wanted = False  # a build (or a check that none is needed) is asked for
        self._writers = 0
        self._failed: BaseException | None = None
        self._watch: sqlite3.Connection | None = None
        self._watch_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    # -- reading ---------------------------------------------------------------------

    def current(self) -> Snapshot:
        """The latest snapshot; waits only when there is none yet, or (at most
        ``fresh_wait`` s) for a change another process made."""
        held = self._snapshot
        if held is not None and self._writers:
            return held  # our own write is under way: its request brings the new views
        version = self.version()
        if held is not None and version <= held.version:
            return held
        return self._wait_for(version, None if held is None else self.fresh_wait)

    def languages(self) -> dict[str, int]:
        """The corpus's languages as last read (without reading the store again)."""
        held = self._snapshot
        return dict(held.report["overview"].get("languages") or {}) if held else {}

    # -- writing ---------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Wrap a write to the store: reads keep the previous snapshot meanwhile; on the
        way out the new snapshot is built and waited for (the writer reads its write)."""
        with self._cond:
            self._writers += 1
        try:
            yield
        finally:
            with self._cond:
                self._writers -= 1
            self.refresh()

    def refresh(self) -> Snapshot:
        """Build the snapshot of the store as it is now (if it changed) and return it."""
        return self._wait_for(self.version(), None)

    def invalidate(self) -> None:
        """Kept for callers of the older API: the same as :meth:`refresh`."""
        self.refresh()

    # -- the change counter ------------------------------------------------------------

    def version(self) -> int:
        """SQLite's change counter as one connection of this server sees it: it moves
        whenever another connection commits (``PRAGMA data_version``), never otherwise."""
        with self._watch_lock:
            if self._watch is None:
                self._watch = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro",
                                              uri=True, timeout=30, check_same_thread=False)
            return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    # -- the builder -------------------------------------------------------------------

    def start(self) -> None:
        """Start the background builder and ask it for a first snapshot."""
        with self._cond:
            self._start_locked()
            self._wanted = True
            self._cond.notify_all()

    def _start_locked(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._build_loop, name="recoupe-views",
                                            daemon=True)
            self._thread.start()

    def _wait_for(self, version: int, timeout: float | None) -> Snapshot:
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            self._start_locked()
            self._failed = None
            self._wanted = True
            self._cond.notify_all()
            while not self._fresh(version):
                if self._failed is not None:  # logged; the previous views are served
                    if self._snapshot is None:
                        raise self._failed
                    break
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    break
                self._cond.wait(left if left is not None else 1.0)
            held = self._snapshot
        if held is None:  # only when the first build failed and time ran out
            raise RuntimeError("the store's views could not be built")
        return held

    def _fresh(self, version: int) -> bool:
        held = self._snapshot
        return held is not None and held.version >= version

    def _build_loop(self) -> None:
        while True:
            with self._cond:
                while not self._wanted:
                    self._cond.wait()
                self._wanted = False
            try:
                self._build_once()
            except Exception as exc:  # kept for the readers; the server goes on
                log.exception("recoupe serve: the views of %s could not be built", self.path)
                with self._cond:
                    self._failed = exc
            with self._cond:
                self._cond.notify_all()

    def _build_once(self) -> None:
        from recoupe.serve.data import sync_fts

        version = self.version()
        token = content_token(self.path)
        held = self._snapshot
        if held is not None and token == held.token:
            held.version = max(held.version, version)  # a commit that changed nothing shown
            return
        with Store.open(self.path, readonly=True) as store, store.snapshot():
            built = read_snapshot(store, self._decoder, version, token)
        sync_fts(self.path)
        built.shared = self._shared
        built.report_json()  # ready before the first request for it
        if self.warm is not None:
            self.warm(built)
        with self._cond:
            self._snapshot = built
            self.builds += 1
            self.decoded = self._decoder.decoded()


def content_token(path: Path) -> tuple[Any, ...]:
    """What changes whenever a run, an added article or a deletion changes the store:
    documents (count, last save), claims, and the cross-document results (which a new
    linking of the claims rewrites). serve's own full-text index is not part of it."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=30)
    try:
        return tuple(conn.execute(
            "SELECT (SELECT count(*) || ':' || coalesce(max(saved_at), '') FROM documents),"
            " (SELECT count(*) FROM claims),"
            " (SELECT count(*) || ':' || total(length(record)) FROM comparisons),"
            " (SELECT count(*) || ':' || total(length(record)) FROM entities),"
            " (SELECT count(*) || ':' || total(length(record)) FROM extra_rows),"
            " (SELECT count(*) || ':' || total(length(linked)) FROM claims),"
            " (SELECT count(*) FROM rejected)").fetchone())
    finally:
        conn.close()
