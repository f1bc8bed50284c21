"""The whole analysis, stage by stage: ingest → clean → nlp → extract → link → reconcile.

Two public stages, called alike by `recoupe analyze`, `recoupe serve` and `recoupe spark`:

- :func:`analyze_documents` (per document, a pure function of a Document): see
  :mod:`recoupe.pipeline.document`;
- :func:`cross_document` (across documents: link, then reconcile): see
  :mod:`recoupe.pipeline.cross`; :func:`link_run` feeds it what a store holds,
  :func:`link_and_save` also saves its results.

:func:`run` ties them to a store, so a re-run analyses only new or changed documents
and still refreshes every comparison; :mod:`recoupe.pipeline.workers` holds the worker
processes and the spill file; :class:`RunResult` is what every runner returns.
"""

from recoupe.pipeline.cross import (
    IN_PROCESS,
    CrossDocument,
    Executor,
    InProcess,
    cross_document,
    link_and_save,
    link_run,
)
from recoupe.pipeline.document import (
    Analysed,
    Deferred,
    DocumentAnalysis,
    Models,
    analysis_key,
    analyze_document,
    analyze_documents,
    prepare,
    unsupported_language,
)
from recoupe.pipeline.result import RunResult, read_result
from recoupe.pipeline.run import run
from recoupe.pipeline.workers import Spill, Workers, analyze_rows

__all__ = [
    "IN_PROCESS", "Analysed", "CrossDocument", "Deferred", "DocumentAnalysis", "Executor",
    "InProcess", "Models", "RunResult", "Spill", "Workers", "analysis_key", "analyze_document",
    "analyze_documents", "analyze_rows", "cross_document", "link_and_save",
    "link_run", "prepare",
    "read_result", "run", "unsupported_language",
]
