"""Rendering an evaluation report: main figures, JSON and text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from recoupe.evaluate.linking import LinkingReport
from recoupe.evaluate.model import (
    PRF,
    ClaimMatch,
    ClaimsReport,
    EntitiesReport,
    EvalReport,
    GoldItem,
    PredClaim,
    Ratio,
)

# --------------------------------------------------------------------------- rendering


def main_figures(report: EvalReport) -> dict[str, float]:
    """The headline figures a test pins floors on; sections not available are left out.

    Higher is better for all but ``traps_hit`` and ``entities_merged_pairs`` (ceilings).
    """
    figures: dict[str, float] = {}
    if report.claims:
        c = report.claims
        figures |= {
            "claims_precision": c.overall.precision,
            "claims_recall": c.overall.recall,
            "claims_f1": c.overall.f1,
            "claims_strict_f1": c.strict.f1,
            "claims_full_f1": c.full.f1,
            "group_acc": c.group_acc.value,
            "place_acc": c.place_acc.value,
            "source_acc": c.source_acc.value,
            "traps_hit": float(len(c.trap_hits)),
        }
    if report.entities:
        e = report.entities
        figures |= {
            "entities_b3_precision": e.precision,
            "entities_b3_recall": e.recall,
            "entities_b3_f1": e.f1,
            "entities_type_acc": e.type_acc.value,
            "entities_merged_pairs": float(len(e.merged)),
            "entities_geocoded": e.geocoded.value,
        }
    if report.timeline:
        figures["timeline_date_recall"] = report.timeline.recall.value
    if report.documents:
        d = report.documents
        figures |= {
            "documents_published": d.published.value,
            "documents_lang_acc": d.lang.value,
            "documents_outlet_acc": d.outlet.value,
        }
    return figures | _linking_figures(report.linking)


def _linking_figures(k: LinkingReport | None) -> dict[str, float]:
    if k is None:
        return {}
    figures = {}
    if k.gold_pairs or k.pairs.tp + k.pairs.fp:
        figures = {"pairs_precision": k.pairs.precision, "pairs_recall": k.pairs.recall,
                   "pairs_f1": k.pairs.f1}
    if k.stories is not None:
        figures |= {"stories_precision": k.stories.precision,
                    "stories_recall": k.stories.recall, "stories_f1": k.stories.f1}
    return figures


def _linking_json(k: LinkingReport | None) -> dict[str, Any] | None:
    if k is None:
        return None
    return {
        "pairs": _prf_json(k.pairs), "gold_pairs": k.gold_pairs, "wrong_pairs": list(k.wrong_pairs),
        "stories": _prf_json(k.stories) if k.stories else None,
        "stories_b3": list(k.stories_b3) if k.stories_b3 else None,
        "story_count": k.story_count, "crisis_count": k.crisis_count,
        "rule_errors": {a: {rule: _ratio_json(r) for rule, r in by_rule.items()}
                        for a, by_rule in k.rule_errors.items()},
    }


def _linking_text(k: LinkingReport) -> list[str]:
    out = [f"LINKING  comparison pairs P {k.pairs.precision:.2f} R {k.pairs.recall:.2f} "
           f"F1 {k.pairs.f1:.2f} ({k.pairs.tp} of {k.gold_pairs} gold pairs compared, "
           f"{k.pairs.fp} pairs mixing two quantities)"]
    if k.stories is not None:
        out.append(f"  stories: {k.story_count} predicted for {k.crisis_count} crises; pairwise "
                   f"P {k.stories.precision:.2f} R {k.stories.recall:.2f} F1 {k.stories.f1:.2f}")
    out += _listing("pairs mixing two quantities", [f"  - {w}" for w in k.wrong_pairs])
    for attribute, by_rule in k.rule_errors.items():
        wrong = [f"{rule} {r.total - r.hits}/{r.total}" for rule, r in by_rule.items()
                 if r.hits < r.total]
        if wrong:
            out.append(f"  wrong {attribute} by rule: " + ", ".join(wrong))
    return out


def value_text(low: int | None, high: int | None, qualifier: str) -> str:
    """A figure as a person reads it: "238", "more_than 3211", "10–20", "vague"."""
    if qualifier == "vague":
        return "vague" if low is None else f"vague ~{low}"
    if qualifier == "range" or (high is not None and low is not None and high != low):
        return f"{low}–{high}" if qualifier in ("range", "exact") else f"{qualifier} {low}–{high}"
    return str(low) if qualifier == "exact" else f"{qualifier} {low}"


def _prf_json(prf: PRF) -> dict[str, Any]:
    return {"tp": prf.tp, "fp": prf.fp, "fn": prf.fn, "precision": prf.precision,
            "recall": prf.recall, "f1": prf.f1}


def _ratio_json(ratio: Ratio) -> dict[str, Any]:
    return {"hits": ratio.hits, "total": ratio.total, "value": ratio.value}


def _gold_json(item: GoldItem) -> dict[str, Any]:
    g = item.first
    return {"doc": g.doc, "kind": g.kind, "group": g.group, "low": g.low, "high": g.high,
            "qualifier": g.qualifier, "place": g.place, "source": list(g.source),
            "evidence": g.evidence, "line": g.line}


def _pred_json(claim: PredClaim) -> dict[str, Any]:
    return {"id": claim.id, "doc": claim.doc, "kind": claim.kind, "group": claim.group,
            "low": claim.low, "high": claim.high, "qualifier": claim.qualifier,
            "place": claim.place_name, "source": claim.source_name,
            "quantity_text": claim.quantity_text, "sentence": claim.sentence}


def _match_json(m: ClaimMatch) -> dict[str, Any]:
    return {"gold": _gold_json(m.gold), "pred": _pred_json(m.pred.first),
            "optional": m.gold.optional, "group_ok": m.group_ok, "place_ok": m.place_ok,
            "source_ok": m.source_ok, "strict": m.strict, "full": m.full}


def _claims_json(c: ClaimsReport) -> dict[str, Any]:
    return {
        "overall": _prf_json(c.overall),
        "by_kind": {k: _prf_json(v) for k, v in c.by_kind.items()},
        "strict": _prf_json(c.strict),
        "full": _prf_json(c.full),
        "group_acc": _ratio_json(c.group_acc),
        "place_acc": _ratio_json(c.place_acc),
        "source_acc": _ratio_json(c.source_acc),
        "counts": {"gold_lines": c.gold_lines, "gold_optional": c.gold_optional,
                   "gold_duplicates": c.gold_duplicates, "pred_lines": c.pred_lines,
                   "pred_duplicates": c.pred_duplicates, "pred_ignored": c.pred_ignored,
                   "traps_checked": c.traps_checked},
        "trap_hits": [{"trap": t.trap.text, "why": t.trap.why, "basis": t.basis,
                       "claim": _pred_json(t.claim)} for t in c.trap_hits],
        "misses": [_gold_json(g) for g in c.misses],
        "false_claims": [_pred_json(p.first) for p in c.false_claims],
        "matches": [_match_json(m) for m in c.matches],
    }


def report_to_json(report: EvalReport) -> dict[str, Any]:
    """The whole report as plain JSON data (figures, lists, and why sections are missing)."""
    e, t, d = report.entities, report.timeline, report.documents
    return {
        "gold": report.gold,
        "pred_dir": report.pred_dir,
        "figures": main_figures(report),
        "unavailable": dict(report.unavailable),
        "claims": _claims_json(report.claims) if report.claims else None,
        "entities": None if e is None else {
            "precision": e.precision, "recall": e.recall, "f1": e.f1, "items": e.items,
            "found": e.found, "type_acc": _ratio_json(e.type_acc),
            "merged": [list(m) for m in e.merged], "geocoded": _ratio_json(e.geocoded),
            "geo_misses": list(e.geo_misses), "missing_forms": list(e.missing_forms),
        },
        "timeline": None if t is None else {
            "recall": _ratio_json(t.recall), "missing": list(t.missing), "extra": t.extra,
        },
        "documents": None if d is None else {
            "published": _ratio_json(d.published), "lang": _ratio_json(d.lang),
            "outlet": _ratio_json(d.outlet), "problems": list(d.problems),
        },
        "linking": _linking_json(report.linking),
    }


def _clip(text: str, width: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _prf_row(name: str, prf: PRF) -> str:
    return (f"  {name:<14}{prf.tp:>5}{prf.fp:>5}{prf.fn:>5}"
            f"{prf.precision:>8.2f}{prf.recall:>8.2f}{prf.f1:>8.2f}")


def _gold_line(item: GoldItem) -> str:
    g = item.first
    return (f"  - {g.doc} {g.kind}/{g.group} {value_text(g.low, g.high, g.qualifier)}: "
            f"«{_clip(g.evidence, 80)}»")


def _pred_line(claim: PredClaim) -> str:
    return (f"  - {claim.doc} {claim.kind}/{claim.group} "
            f"{value_text(claim.low, claim.high, claim.qualifier)}: {_clip(claim.sentence)}")


def _attribute_errors(matches: Iterable[ClaimMatch]) -> list[str]:
    lines = []
    for m in matches:
        g, p = m.gold.first, m.pred.first
        wrong = []
        if not m.group_ok:
            wrong.append(f"group {p.group} (gold {g.group})")
        if not m.strict and m.group_ok:
            wrong.append(f"qualifier/high {value_text(p.low, p.high, p.qualifier)} "
                         f"(gold {value_text(g.low, g.high, g.qualifier)})")
        if not m.place_ok:
            wrong.append(f"place {p.place_name} (gold {g.place})")
        if not m.source_ok:
            wrong.append(f"source {p.source_name} (gold {' | '.join(g.source) or 'none'})")
        if wrong and not m.gold.optional:
            lines.append(f"  - {g.doc} {g.kind} {value_text(g.low, g.high, g.qualifier)}: "
                         + "; ".join(wrong))
    return lines


def _listing(title: str, lines: list[str]) -> list[str]:
    return [f"{title} ({len(lines)}):", *lines] if lines else [f"{title}: none"]


def _claims_text(c: ClaimsReport) -> list[str]:
    lines = [
        f"CLAIMS  gold {c.gold_lines} lines ({c.gold_duplicates} duplicates; "
        f"{c.gold_optional} optional figures), predicted {c.pred_lines} lines "
        f"({c.pred_duplicates} duplicates"
        + (f", {c.pred_ignored} in documents without gold, ignored)" if c.pred_ignored else ")"),
        f"  {'kind':<14}{'tp':>5}{'fp':>5}{'fn':>5}{'prec':>8}{'rec':>8}{'F1':>8}",
        *(_prf_row(kind, prf) for kind, prf in c.by_kind.items()),
        _prf_row("kind+value", c.overall),
        _prf_row("strict", c.strict),
        _prf_row("full", c.full),
        f"  on {c.overall.tp} matched claims: group {c.group_acc} ({c.group_acc.value:.2f}) | "
        f"place {c.place_acc} ({c.place_acc.value:.2f}) | "
        f"source {c.source_acc} ({c.source_acc.value:.2f})",
    ]
    lines += _listing(f"traps hit, of {c.traps_checked} traps", [
        f"  - {h.claim.doc} «{_clip(h.trap.text, 50)}» ({h.trap.why}) by "
        f"{h.claim.kind} {value_text(h.claim.low, h.claim.high, h.claim.qualifier)} [{h.basis}]"
        for h in c.trap_hits])
    lines += _listing("misses", [_gold_line(g) for g in c.misses])
    lines += _listing("false claims", [_pred_line(p.first) for p in c.false_claims])
    lines += _listing("attribute errors on matched claims", _attribute_errors(c.matches))
    return lines


def _entities_text(e: EntitiesReport) -> list[str]:
    lines = [
        f"ENTITIES  {e.items} gold forms, {e.found} found in the prediction",
        f"  B-cubed precision {e.precision:.2f} recall {e.recall:.2f} F1 {e.f1:.2f} | "
        f"type acc {e.type_acc} | geocoded {e.geocoded}",
    ]
    lines += _listing("merged gold pairs", [f"  - {a} + {b} in «{p}»" for a, b, p in e.merged])
    lines += _listing("forms missing", [f"  - {f}" for f in e.missing_forms])
    lines += _listing("not geocoded", [f"  - {g}" for g in e.geo_misses])
    return lines


def _summary(report: EvalReport) -> list[str]:
    c, e, t, d = report.claims, report.entities, report.timeline, report.documents
    lines = ["SUMMARY"]
    if c:
        lines.append(f"claims F1 (kind+value) {c.overall.f1:.2f} | strict {c.strict.f1:.2f} | "
                     f"full {c.full.f1:.2f} | P {c.overall.precision:.2f} "
                     f"R {c.overall.recall:.2f}")
        lines.append(f"group acc {c.group_acc.value:.2f} | place acc {c.place_acc.value:.2f} | "
                     f"source acc {c.source_acc.value:.2f} | traps hit {len(c.trap_hits)}")
    else:
        lines.append(f"claims not available: {report.unavailable.get('claims', '')}")
    if e:
        lines.append(f"entities B3 F1 {e.f1:.2f} | type acc {e.type_acc.value:.2f} | "
                     f"merged pairs {len(e.merged)} | geocoded {e.geocoded}")
    else:
        lines.append(f"entities not available: {report.unavailable.get('entities', '')}")
    parts = [f"timeline date recall {t.recall}" if t else "timeline not available"]
    if d:
        parts.append(f"publication dates {d.published} | lang {d.lang} | outlet {d.outlet}")
    else:
        parts.append("documents not available")
    lines.append(" | ".join(parts))
    k = report.linking
    if k is not None:
        stories = (f" | stories P {k.stories.precision:.2f} R {k.stories.recall:.2f}"
                   if k.stories else "")
        lines.append(f"comparison pairs P {k.pairs.precision:.2f} R {k.pairs.recall:.2f} "
                     f"F1 {k.pairs.f1:.2f}{stories}")
    return lines


def format_report(report: EvalReport) -> str:
    """The report as plain text for a terminal; the last lines are the summary block."""
    out = [f"recoupe eval  gold: {report.gold}  predictions: {report.pred_dir}", ""]
    if report.claims:
        out += [*_claims_text(report.claims), ""]
    if report.entities:
        out += [*_entities_text(report.entities), ""]
    if report.timeline:
        t = report.timeline
        out += [f"TIMELINE  date recall {t.recall} ({t.extra} predicted dates not in the gold)",
                *_listing("dates missing", [f"  - {m}" for m in t.missing]), ""]
    if report.documents:
        d = report.documents
        out += [f"DOCUMENTS  publication date {d.published} | lang {d.lang} | "
                f"outlet {d.outlet}", *_listing("problems", [f"  - {p}" for p in d.problems]),
                ""]
    if report.linking:
        out += [*_linking_text(report.linking), ""]
    for section, why in report.unavailable.items():
        out.append(f"{section.upper()}  not available: {why}")
    if report.unavailable:
        out.append("")
    return "\n".join(out + _summary(report))
