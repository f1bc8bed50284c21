"""Outputs of a run: the CONTRACT.md files and the HTML report, from one report dict."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from recoupe.records import Claim, to_json
from recoupe.report import views
from recoupe.report.files import (
    claim_row,
    document_row,
    entity_row,
    rejected_row,
    timeline_row,
    write_files,
)
from recoupe.report.html import render
from recoupe.settings import DEFAULT


def build_report(result: Any, texts_up_to: int | None = None,
                 lazy_rows: bool = False) -> dict[str, Any]:
    """Everything a person or a tool reads about a run, as plain data.

    ``result`` is a :class:`recoupe.pipeline.RunResult` (or anything with its fields).
    The CONTRACT.md rows sit beside the views the HTML is laid out from; no figure is
    computed after this function. With more than ``texts_up_to`` documents the views of
    every article's text and every claim are left out (``abridged`` says so): a page of
    thousands of articles helps nobody and would hold the whole corpus in memory.
    ``lazy_rows`` makes the file rows iterables built as they are written.
    """
    documents = list(result.documents)
    claims = list(result.claims)
    comparisons = list(getattr(result, "comparisons", ()))
    stories = dict(getattr(result, "stories", None) or {})
    framing = [dict(r) for r in getattr(result, "framing", ())]
    docs_by_id = {d.id: d for d in documents}
    claims_by_id = {c.id: c for c in claims}
    compared = views.comparison_views(comparisons, claims_by_id, docs_by_id)
    abridged = texts_up_to is not None and len(documents) > texts_up_to
    report = {
        **_rows(result, documents, claims, comparisons, framing, lazy_rows),
        "stories": stories,
        "story_rows": story_rows(stories, getattr(result, "story_reasons", None)),
        "summary": {
            "documents": len(documents),
            "claims": len(claims),
            "outlets": sorted({d.outlet for d in documents if d.outlet}),
        },
        **views.run_views(result, documents, claims, stories, comparisons, compared, framing),
        "abridged": ({"documents": len(documents), "claims": len(claims),
                      "texts_up_to": texts_up_to} if abridged else None),
        "claim_views": [] if abridged else [views.claim_view(c, docs_by_id) for c in claims],
        "document_views": [] if abridged else _document_views(documents, claims),
    }
    return report


def story_rows(stories: dict[str, str], reasons: Any = None) -> list[dict[str, Any]]:
    """stories.jsonl: each document's story and why it is in it (reconcile's
    ``explain_stories``: the shared country, places or people, and the days between)."""
    reasons = reasons or {}
    return [{"doc": doc, "story": story, "why": _why(reasons.get(doc))}
            for doc, story in sorted(stories.items())]


def _why(reason: Any) -> str | None:
    if isinstance(reason, dict):
        return reason.get("why")
    return reason if isinstance(reason, str) else None


def _rows(result: Any, documents: list, claims: list, comparisons: list,
          framing: list, lazy: bool) -> dict[str, Any]:
    """The CONTRACT.md rows of each file (lazy: iterables made as they are written)."""

    def rows(row, records) -> Any:
        return _Rows(row, records) if lazy else [row(r) for r in records]

    return {
        "documents": rows(document_row, documents),
        "claims": rows(claim_row, claims),
        "entities": rows(entity_row, result.entities),
        "timeline": rows(timeline_row, result.timeline),
        "comparisons": rows(to_json, comparisons),
        "events": list(getattr(result, "events", ())),
        "framing": framing,
        "errors": [rejected_row(r) for r in result.rejected],
    }


class _Rows:
    """Rows made from records on each iteration, never all held at once."""

    def __init__(self, row, records) -> None:
        self._row, self._records = row, records

    def __iter__(self):
        return (self._row(r) for r in self._records)

    def __len__(self) -> int:
        return len(self._records)


def _document_views(documents: list, claims: list) -> list[dict[str, Any]]:
    claims_by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        claims_by_doc[c.doc].append(c)
    return [views.document_view(d, claims_by_doc.get(d.id, [])) for d in documents]


def write_output_folder(out: Path, result: Any, store_path: Path | None = None,
                        texts_up_to: int = DEFAULT.report_texts_up_to,
                        ui_lang: str | None = None) -> dict[str, Any]:
    """Write every CONTRACT.md file of ``out`` from one run's result, the exports and
    stories.jsonl (each document's story and why): all of them or none. ``ui_lang``
    ("fr", "en"; default: the corpus's main language) is the report's interface language."""
    report = build_report(result, texts_up_to, lazy_rows=True)
    write_files(out, report, html=lambda: render(report, ui_lang=ui_lang))
    return report
