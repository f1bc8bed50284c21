"""Scoring the timeline and the documents' metadata."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from recoupe.evaluate.model import (
    DocumentsReport,
    Ratio,
    TimelineReport,
)
from recoupe.evaluate.read import (
    normalise,
)

# --------------------------------------------------------------------------- timeline, documents


def score_timeline(gold: list[tuple[int, dict[str, Any]]],
                   pred: list[tuple[int, dict[str, Any]]]) -> TimelineReport:
    """Recall of gold dates among the predicted timeline's dates (exact strings)."""
    found = {str(row.get("date")) for _, row in pred if row.get("date")}
    wanted = {str(row["date"]): str(row.get("what") or "") for _, row in gold if row.get("date")}
    missing = [f"{date}: {what}" for date, what in sorted(wanted.items()) if date not in found]
    return TimelineReport(
        recall=Ratio(len(wanted) - len(missing), len(wanted)),
        missing=tuple(missing),
        extra=len(found - set(wanted)),
    )


def _published_ok(gold: Mapping[str, Any], published: Any) -> bool | None:
    """Inside ``published_range`` (inclusive), or equal to ``published``; None: not checked."""
    span = gold.get("published_range")
    if isinstance(span, list) and len(span) == 2:
        return isinstance(published, str) and span[0] <= published[:10] <= span[1]
    if gold.get("published"):
        return published == gold["published"]
    return None


def _same_name(gold: Any, pred: Any) -> bool:
    if not gold:
        return not pred
    return bool(pred) and normalise(str(gold)) == normalise(str(pred))


def score_documents(gold: list[tuple[int, dict[str, Any]]],
                    pred: list[tuple[int, dict[str, Any]]]) -> DocumentsReport:
    """Publication date in range, language and outlet, per gold document."""
    by_id = {str(row.get("id")): row for _, row in pred}
    dated = [0, 0]
    lang = [0, 0]
    outlet = [0, 0]
    problems = []
    for _, row in gold:
        doc = str(row.get("doc"))
        got = by_id.get(doc, {})
        if not got:
            problems.append(f"{doc}: not in documents.jsonl")
        ok = _published_ok(row, got.get("published"))
        if ok is not None:
            dated[0] += ok
            dated[1] += 1
            if not ok:
                problems.append(f"{doc}: published {got.get('published')} outside "
                                f"{row.get('published_range') or row.get('published')}")
        if row.get("lang"):
            lang[1] += 1
            lang[0] += got.get("lang") == row["lang"]
            if got and got.get("lang") != row["lang"]:
                problems.append(f"{doc}: lang {got.get('lang')} (gold {row['lang']})")
        outlet[1] += 1
        # A document the prediction lacks has no right field, not even a null outlet.
        outlet[0] += bool(got) and _same_name(row.get("outlet"), got.get("outlet"))
        if got and not _same_name(row.get("outlet"), got.get("outlet")):
            problems.append(f"{doc}: outlet {got.get('outlet')} (gold {row.get('outlet')})")
    return DocumentsReport(Ratio(*dated), Ratio(*lang), Ratio(*outlet), tuple(problems))
