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

from recoupe.pipeline.document import Analysed, Deferred, Models, analyze_batch, as_rows, chunks
from recoupe.records import Document, Rejected
from recoupe.settings import DEFAULT, Settings

Result = Analysed | Deferred | Rejected
# How often a worker checks that the process that started it is still alive.
PARENT_CHECK_SECONDS = 0.5

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
    """Worker processes, started on first use."""

    def __init__(self, workers: int, settings: Settings = DEFAULT) -> None:
        self.workers, self._settings = workers, settings
        self._pool: ProcessPoolExecutor | None = None

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

    def map(self, batches: Iterator[list[Document]], anchor, defer_undated: bool
            ) -> Iterator[Result]:
        """Results of every chunk, in order, with a bounded number of chunks in flight."""
        first = next(batches, None)
        if first is None:
            return  # nothing to analyse: no process is started
        pool = self._started()
        window = 2 * self.workers  # every worker busy, the next chunk queued
        in_flight: deque[Future[list[Result]]] = deque()
        for batch in itertools.chain([first], batches):
            in_flight.append(pool.submit(_analyze_in_worker, batch, anchor, defer_undated))
            if len(in_flight) >= window:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()


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
