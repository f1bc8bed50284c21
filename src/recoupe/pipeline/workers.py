"""Where the per-document analysis runs: this process, or worker processes that each
load a model once and die with their parent; and the spill file that holds documents
set aside until the run's other articles can date them."""

from __future__ import annotations

import itertools
import os
import pickle
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from recoupe.errors import RecoupeError
from recoupe.pipeline.document import Analysed, Deferred, Models, analyze_batch, as_rows, chunks
from recoupe.records import Document, Rejected
from recoupe.settings import DEFAULT, Settings

Result = Analysed | Deferred | Rejected
# How often a worker checks that the process that started it is still alive.
PARENT_CHECK_SECONDS = 0.5
# How often a run waiting for a chunk checks that its pool's processes are alive.
LIVENESS_CHECK_SECONDS = 2.0
# New process pools a run starts after its workers died, before it gives up.
MAX_RESTARTS = 1

_WORKER_MODELS: Models | None = None
_WORKER_SETTINGS: Settings = DEFAULT


def _init_worker(settings: Settings, parent: int) -> None:
    """Each worker: its settings, its models (loaded on first use), a parent watch."""
    global _WORKER_MODELS, _WORKER_SETTINGS
    _WORKER_SETTINGS, _WORKER_MODELS = settings, Models(settings)
    threading.Thread(target=_die_with, args=(parent,), daemon=True, name="parent-watch").start()


def _die_with(parent: int) -> None:
    """A worker whose parent was killed (kill -9 leaves no chance to stop it) exits: it
    must not hold its model's memory forever. Its exit also lets the resource tracker go."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _analyze_in_worker(batch: list[Document], anchor, defer_undated: bool) -> list[Result]:
    assert _WORKER_MODELS is not None, "worker not initialised"
    return as_rows(analyze_batch(batch, _WORKER_MODELS, anchor, defer_undated, _WORKER_SETTINGS))


def analyze_rows(
    documents: Iterable[Document], anchor, settings: Settings = DEFAULT, *,
    workers: int | None = None, defer_undated: bool = False, chunk: int | None = None,
    pool: Workers | None = None,
) -> Iterator[Result]:
    """Analyse ``documents`` into store rows, in input order, in ``workers`` processes.

    Streaming: documents are read from the iterable only as workers free up (at most
    a few chunks ahead), so memory does not grow with the corpus. Each worker loads a
    language's model once; a chunk's sentences are parsed in one ``nlp.pipe`` call per
    language. The results, and so everything stored, are the same whatever the number
    of workers. ``pool`` lends processes already started (a run uses one for all passes).
    """
    batches = chunks(documents, chunk or settings.chunk_size)
    if pool is None and (workers or settings.workers) > 1:
        with Workers(workers or settings.workers, settings) as own:
            yield from own.map(batches, anchor, defer_undated)
        return
    if pool is not None and pool.workers > 1:
        yield from pool.map(batches, anchor, defer_undated)
        return
    models = Models(settings)
    for batch in batches:
        yield from as_rows(analyze_batch(batch, models, anchor, defer_undated, settings))


class Workers:
    """Worker processes, started on first use.

    A worker that dies (killed, or out of memory: the system's choice, not the document's)
    breaks the whole process pool: a new pool is started once per run and every chunk not
    yet returned is analysed again there, so the results are still complete and the same.
    A second death stops the run with one line (``analysis_failed``); what was stored
    before it stays, and a re-run only analyses the rest.
    """

    def __init__(self, workers: int, settings: Settings = DEFAULT) -> None:
        self.workers, self._settings = workers, settings
        self._pool: ProcessPoolExecutor | None = None
        self.restarts = 0

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def _started(self) -> ProcessPoolExecutor:
        import multiprocessing

        if self._pool is None:
            # One BLAS thread per worker: N workers on N cores, not N × cores threads.
            for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ.setdefault(name, "1")
            context = multiprocessing.get_context("spawn")  # no fork of a threaded process
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=_init_worker,
                initargs=(self._settings, os.getpid()))
        return self._pool

    def _restart(self, cause: BrokenProcessPool) -> None:
        """Drop a broken pool (the next submit starts a new one), or give up the second
        time."""
        broken, self._pool = self._pool, None
        if broken is not None:
            # Never wait on a broken pool: its manager thread may wait on dead workers.
            broken.shutdown(wait=False, cancel_futures=True)
        if self.restarts >= MAX_RESTARTS:
            raise RecoupeError(
                "analysis_failed", f"worker processes stopped {self.restarts + 1} times "
                "(killed, or out of memory?); the documents stored so far are kept: re-run "
                "to analyse the others, with fewer --workers to use less memory") from cause
        self.restarts += 1

    def _submit(self, batch: list[Document], anchor, defer_undated: bool) -> _InFlight:
        while True:
            generation = self.restarts
            try:
                future = self._started().submit(_analyze_in_worker, batch, anchor,
                                                defer_undated)
                return _InFlight(batch, future, generation)
            except BrokenProcessPool as exc:  # the pool broke since the last chunk
                self._restart(exc)

    def _next(self, in_flight: deque[_InFlight], anchor, defer_undated: bool
              ) -> list[Result]:
        """The results of the oldest chunk in flight, after a restart if the pool broke."""
        while True:
            try:
                rows = self._result(in_flight[0])
            except BrokenProcessPool as exc:
                if in_flight[0].generation == self.restarts:  # the current pool broke
                    self._restart(exc)
                for i, item in enumerate(in_flight):  # what a broken pool lost, again
                    if item.generation < self.restarts and item.lost():
                        in_flight[i] = self._submit(item.batch, anchor, defer_undated)
                continue
            in_flight.popleft()
            return rows

    def _result(self, item: _InFlight) -> list[Result]:
        """A chunk's rows. The executor notices a dead worker through its process
        sentinel; should that notice never come (a worker killed while the pool was
        still starting it), a dead process of the chunk's pool breaks the wait here."""
        while True:
            try:
                return item.future.result(timeout=LIVENESS_CHECK_SECONDS)
            except FuturesTimeout:
                pool = self._pool if item.generation == self.restarts else None
                processes = getattr(pool, "_processes", None) or {}
                if any(p.exitcode is not None for p in list(processes.values())):
                    raise BrokenProcessPool("a worker process died") from None

    def map(self, batches: Iterator[list[Document]], anchor, defer_undated: bool
            ) -> Iterator[Result]:
        """Results of every chunk, in order, with a bounded number of chunks in flight."""
        first = next(batches, None)
        if first is None:
            return  # nothing to analyse: no process is started
        window = 2 * self.workers  # every worker busy, the next chunk queued
        in_flight: deque[_InFlight] = deque()
        for batch in itertools.chain([first], batches):
            in_flight.append(self._submit(batch, anchor, defer_undated))
            if len(in_flight) >= window:
                yield from self._next(in_flight, anchor, defer_undated)
        while in_flight:
            yield from self._next(in_flight, anchor, defer_undated)


@dataclass(frozen=True)
class _InFlight:
    """A chunk submitted to the pool of one generation (restarts so far)."""

    batch: list[Document]
    future: Future[list[Result]]
    generation: int

    def lost(self) -> bool:
        """Not analysed, and never will be: cancelled or failed with its pool."""
        if not self.future.done() or self.future.cancelled():
            return True
        return self.future.exception() is not None


class Spill:
    """Documents set aside on disk, read back once in the order they came."""

    def __init__(self) -> None:
        self.count = 0
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def add(self, document: Document) -> None:
        pickle.dump(document, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def __iter__(self) -> Iterator[Document]:
        self._file.seek(0)
        for _ in range(self.count):
            yield pickle.load(self._file)
