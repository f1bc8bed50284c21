"""One sentence per comparison saying why it has its status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from recoupe.reconcile.consensus import Era, Reading, is_revision
from recoupe.records import Claim

if TYPE_CHECKING:
    from recoupe.reconcile.crosscheck import LineageState, Verdict
from recoupe.textfold import word_key as fold


def figure(claim: Claim) -> str:
    """A figure as written, with who gave it: "au moins 18 (police)"."""
    who = claim.source.name if claim.source else (claim.outlet or claim.doc)
    return f"{claim.quantity_text} ({who})"


def _figures(claims: Sequence[Claim], limit: int = 4) -> str:
    seen: list[str] = []
    folded: set[str] = set()
    for c in claims:
        text = figure(c)
        if fold(text) not in folded:
            folded.add(fold(text))
            seen.append(text)
    more = f" and {len(seen) - limit} more" if len(seen) > limit else ""
    return ", ".join(seen[:limit]) + more


def _value(r: Reading) -> str:
    if r.low is None:
        return "?"
    if r.high is None:
        return f"at least {r.low}"
    return str(r.low) if r.low == r.high else f"{r.low}–{r.high}"


def _date(era: Era) -> str:
    dates = [d for d in era.as_of if d]
    if not dates:
        return "undated"
    return dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"


def note_for(status: str, eras: list[Era], readings: list[Reading], current: Reading) -> str:
    """Why the comparison has ``status``, in one sentence."""
    claims = [c for r in readings for c in r.claims]
    if status == "single":
        return f"Only one source gives this figure: {_figures(claims)}."
    if status == "agree":
        return (f"The figures are compatible once qualifiers are read ({_figures(claims)}); "
                f"conservative value {current.headline}.")
    if status == "update":
        steps = " → ".join(f"{_value(e.reading)} as of {_date(e)}" for e in eras)
        revised = any(is_revision(c) for e in eras[1:] for c in e.reading.claims)
        how = "was revised" if revised else "grew over time"
        return f"The figure {how}: {steps}; latest conservative value {current.headline}."
    disputed = [r for r in readings if r.status == "conflict"]
    if disputed:
        r = disputed[-1]
        when = r.claims[0].doc if not eras else _date_of(r, eras)
        return (f"Sources disagree about the same time ({when}): {_figures(r.claims)}; "
                f"conservative value {current.headline}, the dispute noted.")
    steps = " → ".join(f"{_value(e.reading)} as of {_date(e)}" for e in eras)
    return (f"A later source gives a lower figure without calling it a revision: {steps}; "
            f"conservative value {current.headline}.")


def _date_of(reading: Reading, eras: list[Era]) -> str:
    for era in eras:
        if any(c in era.reading.claims for c in reading.claims):
            return _date(era)
    return "undated"


def _latest(state: LineageState) -> str:
    when = f" as of {state.latest}" if state.latest else ""
    history = ""
    if state.status == "update" and len(state.eras) > 1:
        history = " (revised: " + " → ".join(_value(e.reading) for e in state.eras) + ")"
    return f"{state.label} {_value(state.current)}{when}{history}"


def verdict_note(verdict: Verdict) -> str:
    """Why the comparison has its status, naming the lineages (CONTRACT.md comparisons)."""
    current = verdict.current
    if verdict.status == "conflict" and len(verdict.disputed) > 1:
        latest = "; ".join(_latest(s) for s in verdict.disputed)
        return (f"Lineages disagree (each one's latest figure): {latest}; headline "
                f"{current.headline} from {verdict.headline_lineage}, the dispute noted.")
    if len(verdict.lineages) == 1:
        only = verdict.lineages[0]
        return note_for(verdict.status, only.eras, verdict.readings, current)
    superseded = ", ".join(_latest(s) for s in verdict.superseded)
    replaced = f"; a later revision replaces {superseded}" if superseded else ""
    latest = "; ".join(_latest(s) for s in verdict.lineages if s not in verdict.superseded)
    if verdict.status == "update":
        return (f"The figure was revised over time{replaced}; every lineage's latest figure "
                f"is compatible ({latest}); latest conservative value {current.headline} "
                f"({verdict.headline_lineage}).")
    if verdict.status == "conflict":  # a lineage contradicts itself
        torn = next(s for s in verdict.lineages if s.status == "conflict")
        return note_for("conflict", torn.eras, verdict.readings, current)
    return (f"The figures of {len(verdict.lineages)} lineages are compatible once qualifiers "
            f"are read ({latest}); conservative value {current.headline}.")
