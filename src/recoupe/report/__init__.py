"""Outputs of a run: the CONTRACT.md files and the HTML report, from one report dict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recoupe.records import to_json
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


def build_report(result) -> dict[str, Any]:
    """Everything a person or a tool reads about a run, as plain data."""
    documents = [document_row(d) for d in result.documents]
    claims = [claim_row(c) for c in result.claims]
    return {
        "documents": documents,
        "claims": claims,
        "entities": [entity_row(e) for e in result.entities],
        "timeline": [timeline_row(t) for t in result.timeline],
        "comparisons": [to_json(c) for c in getattr(result, "comparisons", ())],
        "events": list(getattr(result, "events", ())),
        "errors": [rejected_row(r) for r in result.rejected],
        "summary": {
            "documents": len(documents),
            "claims": len(claims),
            "outlets": sorted({d["outlet"] for d in documents if d.get("outlet")}),
        },
    }


def write_output_folder(out: Path, result, store_path: Path | None = None) -> dict[str, Any]:
    """Write every CONTRACT.md file of ``out`` from one run's result."""
    report = build_report(result)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("documents", "claims", "entities", "timeline", "comparisons"):
        write_jsonl(out / f"{name}.jsonl", report[name])
    write_jsonl(out / "errors.jsonl", report["errors"])
    write_events_csv(out / "events.csv", report["events"])
    (out / "report.html").write_text(render(report), encoding="utf-8")
    return report
