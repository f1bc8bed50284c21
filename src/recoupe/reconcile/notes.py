"""One sentence per comparison saying why it has its status."""

from __future__ import annotations

from collections.abc import Sequence

from recoupe.reconcile.consensus import Era, Reading, is_revision
from recoupe.records import Claim
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
