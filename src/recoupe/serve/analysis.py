"""Submitted articles analysed in a process of their own, a batch at a time.

The analysis of an article ends with the cross-document pass over the whole store: on a
large store that is tens of seconds of Python. Run in the server's process it would
hold the interpreter lock from every reader; in a child process it leaves the server
answering (issue 19). The child is started on the first submission, kept for the next
ones, and exits when the server does (even after kill -9: it watches its parent).

Articles submitted while a batch is being analysed wait and are analysed together in the
next one: one cross-document pass for all of them, not one each.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from recoupe.errors import RecoupeError
from recoupe.settings import Settings

PARENT_CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class Analysed:
    """What one run told of each file it was given (by file name)."""

    found: dict[str, str] = field(default_factory=dict)  # file name → document id
    reasons: dict[str, str] = field(default_factory=dict)  # file name → why not read


def analyse_files(paths: Sequence[str], store: Path, settings: Settings) -> Analysed:
    """Run the pipeline on ``paths`` into ``store`` (in the analysis process)."""
    from recoupe.pipeline import run

    result = run(list(paths), store, settings)
    ids = {d.id for d in result.documents}
    by_name = {Path(d.path).name: d.id for d in result.documents if d.path}
    found, reasons = {}, {}
    for given in map(Path, paths):
        doc_id = given.stem if given.stem in ids else by_name.get(given.name)
        if doc_id is not None:
            found[given.name] = doc_id
            continue
        said = [r.reason for r in result.rejected if given.name in r.input]
        said = said or [r.reason for r in result.rejected]
        reasons[given.name] = "; ".join(said) or "no document was read"
    return Analysed(found, reasons)


def _warm(settings: Settings) -> None:
    """Import the pipeline and load the default language's model (in the child)."""
    from recoupe.pipeline.document import Models

    Models(settings).get(None)


def _watch_parent(parent: int) -> None:
    threading.Thread(target=_die_with, args=(parent,), daemon=True,
                     name="parent-watch").start()


def _die_with(parent: int) -> None:
    """The analysis process of a server that was killed exits too (it must not hold the
    models' memory forever)."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


class AnalysisProcess:
    """One child process running :func:`analyse_files`, started when first needed."""

    def __init__(self) -> None:
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _started(self) -> concurrent.futures.ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = concurrent.futures.ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_watch_parent, initargs=(os.getpid(),))
            return self._pool

    def warm(self, settings: Settings) -> None:
        """Start the process and load the models now, so that the first article submitted
        does not wait for them (`recoupe serve` does this on start; tests do not)."""
        self._started().submit(_warm, settings)

    def run(self, paths: Sequence[str], store: Path, settings: Settings) -> Analysed:
        pool = self._started()
        try:
            return pool.submit(analyse_files, list(paths), store, settings).result()
        except BrokenProcessPool as exc:  # the child died (memory?): a new one next time
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            raise RecoupeError("analysis_failed", "the analysis process stopped") from exc

    def close(self) -> None:
        """Stop the process now, whatever it is doing (the server is stopping: an analysis
        under way is lost, its article not stored; the interpreter would otherwise wait
        for it before exiting)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        # The executor keeps its processes in a private mapping; stopping them is the
        # only way not to wait for the task under way.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
