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
    write_events_csv,
    write_jsonl,
)
from recoupe.report.html import render


def build_report(result: Any) -> dict[str, Any]:
    """Everything a person or a tool reads about a run, as plain data.

    ``result`` is a :class:`recoupe.pipeline.RunResult` (or anything with its fields).
    The CONTRACT.md rows sit beside the views the HTML is laid out from; no figure is
    computed after this function.
    """
    documents = list(result.documents)
    claims = list(result.claims)
    comparisons = list(getattr(result, "comparisons", ()))
    stories = dict(getattr(result, "stories", None) or {})
    framing = [dict(r) for r in getattr(result, "framing", ())]
    docs_by_id = {d.id: d for d in documents}
    claims_by_id = {c.id: c for c in claims}
    claims_by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        claims_by_doc[c.doc].append(c)
    compared = views.comparison_views(comparisons, claims_by_id, docs_by_id)
    return {
        "documents": [document_row(d) for d in documents],
        "claims": [claim_row(c) for c in claims],
        "entities": [entity_row(e) for e in result.entities],
        "timeline": [timeline_row(t) for t in result.timeline],
        "comparisons": [to_json(c) for c in comparisons],
        "events": list(getattr(result, "events", ())),
        "framing": framing,
        "errors": [rejected_row(r) for r in result.rejected],
        "stories": stories,
        "summary": {
            "documents": len(documents),
            "claims": len(claims),
            "outlets": sorted({d.outlet for d in documents if d.outlet}),
        },
        "overview": views.overview(documents, claims, stories, comparisons),
        "key_figures": views.key_figures(compared),
        "comparison_views": compared,
        "tolls": views.tolls(compared, comparisons),
        "timeline_view": views.timeline_view(list(result.timeline), documents),
        "map_points": views.map_points(list(result.entities), claims),
        "entity_table": views.entity_table(list(result.entities)),
        "framing_table": views.framing_table(framing),
        "claim_views": [views.claim_view(c, docs_by_id) for c in claims],
        "document_views": [views.document_view(d, claims_by_doc.get(d.id, []))
                           for d in documents],
    }


def write_output_folder(out: Path, result: Any, store_path: Path | None = None) -> dict[str, Any]:
    """Write every CONTRACT.md file of ``out`` from one run's result."""
    report = build_report(result)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("documents", "claims", "entities", "timeline", "comparisons", "framing"):
        write_jsonl(out / f"{name}.jsonl", report[name])
    write_jsonl(out / "errors.jsonl", report["errors"])
    write_events_csv(out / "events.csv", report["events"])
    (out / "report.html").write_text(render(report), encoding="utf-8")
    return report
