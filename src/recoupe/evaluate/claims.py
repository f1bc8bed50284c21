"""Scoring claims: matching gold to predicted figures, attributes, traps."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from recoupe.evaluate.model import (
    PRF,
    ClaimMatch,
    ClaimsReport,
    GoldClaim,
    GoldItem,
    PredClaim,
    PredItem,
    Ratio,
    Trap,
    TrapHit,
)
from recoupe.evaluate.read import (
    _APOSTROPHES,
    NameBook,
    normalise,
    place_right,
    source_right,
)
from recoupe.records import KINDS

# --------------------------------------------------------------------------- claims


def _dedup_key(doc: str, kind: str, group: str, low: int | None, high: int | None) -> tuple:
    return (doc, kind, group, low, high)


def dedup_gold(claims: Iterable[GoldClaim]) -> list[GoldItem]:
    groups: dict[tuple, list[GoldClaim]] = {}
    for c in claims:
        groups.setdefault(_dedup_key(c.doc, c.kind, c.group, c.low, c.high), []).append(c)
    # Required readings first, so ``first`` is the one a miss is reported with.
    return [GoldItem(tuple(sorted(v, key=lambda c: c.optional))) for v in groups.values()]


def dedup_pred(claims: Iterable[PredClaim]) -> list[PredItem]:
    groups: dict[tuple, list[PredClaim]] = {}
    for c in claims:
        groups.setdefault(_dedup_key(c.doc, c.kind, c.group, c.low, c.high), []).append(c)
    return [PredItem(tuple(v)) for v in groups.values()]


def values_match(gold: GoldItem, pred: PredItem) -> bool:
    """Same figure: the same ``low``, or both vague (their conventional readings may differ)."""
    pred_vague = pred.first.qualifier == "vague"
    if gold.vague or pred_vague:
        return gold.vague and pred_vague
    return gold.first.low == pred.first.low


def _high_right(gold: GoldClaim, pred: PredClaim) -> bool:
    # A vague figure's low/high are a conventional reading, not something the text says.
    return gold.qualifier == "vague" or gold.high == pred.high


def _strict_right(gold: GoldClaim, pred: PredClaim) -> bool:
    return (gold.qualifier == pred.qualifier and _high_right(gold, pred)
            and gold.group == pred.group)


def _agreement(gold: GoldItem, pred: PredItem, book: NameBook) -> int:
    p = pred.first
    return max(
        (v.group == p.group) + (v.qualifier == p.qualifier)
        + place_right(v, p, book) + source_right(v, p, book)
        for v in gold.variants
    )


def _words(text: str) -> list[str]:
    return normalise(text).split()


def evidence_overlap(evidence: str, sentence: str) -> float:
    """1.0 when the gold evidence is inside the sentence, else the share of its words there."""
    ev, sent = normalise(evidence), normalise(sentence)
    if not ev:
        return 0.0
    if ev in sent:
        return 1.0
    words = ev.split()
    present = set(sent.split())
    return sum(w in present for w in words) / len(words)


def _overlap(gold: GoldItem, pred: PredItem) -> float:
    return max(evidence_overlap(v.evidence, m.sentence or m.quantity_text)
               for v in gold.variants for m in pred.members)


def match_claims(
    gold: list[GoldItem], pred: list[PredItem], book: NameBook
) -> list[tuple[int, int]]:
    """One-to-one greedy pairs (gold index, pred index) of the same document, kind and value.

    Candidates are taken best first: most attributes agreeing, then closest
    evidence, then a required gold before an optional one.
    """
    by_slot: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pi, p in enumerate(pred):
        by_slot[(p.first.doc, p.first.kind)].append(pi)
    candidates = []
    for gi, g in enumerate(gold):
        for pi in by_slot.get((g.first.doc, g.first.kind), ()):
            if values_match(g, pred[pi]):
                score = (-_agreement(g, pred[pi], book), -_overlap(g, pred[pi]), g.optional)
                candidates.append((score, gi, pi))
    candidates.sort()
    pairs, used_gold, used_pred = [], set(), set()
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def judge_match(gold: GoldItem, pred: PredItem, book: NameBook) -> ClaimMatch:
    p = pred.first
    return ClaimMatch(
        gold=gold,
        pred=pred,
        group_ok=gold.first.group == p.group,
        place_ok=any(place_right(v, p, book) for v in gold.variants),
        source_ok=any(source_right(v, p, book) for v in gold.variants),
        strict=any(_strict_right(v, p) for v in gold.variants),
        full=any(_strict_right(v, p) and place_right(v, p, book) and source_right(v, p, book)
                 for v in gold.variants),
    )


def _space_pattern(text: str) -> re.Pattern[str] | None:
    words = text.split()
    return re.compile(r"\s+".join(re.escape(w) for w in words)) if words else None


def trap_spans(trap: Trap, text: str) -> list[tuple[int, int]]:
    """Where the trap's text occurs in the document's input text (whitespace-tolerant)."""
    pattern = _space_pattern(trap.text)
    return [m.span() for m in pattern.finditer(text)] if pattern else []


def _squash(text: str) -> str:
    return " ".join(text.translate(_APOSTROPHES).split())


def trap_hit(trap: Trap, claim: PredClaim, spans: Iterable[tuple[int, int]] = ()) -> str | None:
    """How a claim falls in a trap ("span" or "sentence"), or None.

    ``spans`` are the trap's occurrences in the document's input text, when it was read.
    """
    if claim.doc != trap.doc:
        return None
    if claim.span is not None:
        start, end = claim.span
        if any(start < t_end and end > t_start for t_start, t_end in spans):
            return "span"
    # Offsets may point into another text (an HTML page's extracted body): read it off the
    # words too. The sentence holds the trap and the quantity is part of it (or contains it).
    trap_text = _squash(trap.text)
    if not trap_text or trap_text not in _squash(claim.sentence):
        return None
    quantity = _squash(claim.quantity_text)
    if not quantity or quantity in trap_text or trap_text in quantity:
        return "sentence"
    return None


def find_trap_hits(
    traps: list[Trap], claims: list[PredClaim], texts: Mapping[str, str]
) -> list[TrapHit]:
    spans = [trap_spans(trap, texts[trap.doc]) if trap.doc in texts else [] for trap in traps]
    hits = []
    for claim in claims:
        for trap, trap_at in zip(traps, spans, strict=True):
            basis = trap_hit(trap, claim, trap_at)
            if basis:
                hits.append(TrapHit(trap, claim, basis))
                break
    return hits


def _prf_by_kind(
    gold: list[GoldItem], pred: list[PredItem], pairs: list[tuple[int, int]]
) -> dict[str, PRF]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    for gi, _ in pairs:
        if not gold[gi].optional:
            counts[gold[gi].first.kind][0] += 1
    for pi, p in enumerate(pred):
        if pi not in matched_pred:
            counts[p.first.kind][1] += 1
    for gi, g in enumerate(gold):
        if gi not in matched_gold and not g.optional:
            counts[g.first.kind][2] += 1
    order: dict[str, int] = {k: i for i, k in enumerate(KINDS)}
    return {k: PRF(*counts[k]) for k in sorted(counts, key=lambda k: (order.get(k, 99), k))}


def score_claims(
    gold_claims: list[GoldClaim],
    pred_claims: list[PredClaim],
    book: NameBook,
    traps: list[Trap],
    texts: Mapping[str, str],
    scored_docs: frozenset[str],
) -> ClaimsReport:
    """Precision, recall, F1 (kind+value, strict, full), attribute accuracy, traps, lists."""
    kept = [c for c in pred_claims if c.doc in scored_docs]
    gold = dedup_gold(gold_claims)
    pred = dedup_pred(kept)
    pairs = match_claims(gold, pred, book)
    matches = [judge_match(gold[gi], pred[pi], book) for gi, pi in pairs]
    required = [m for m in matches if not m.gold.optional]
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    misses = [g for gi, g in enumerate(gold) if gi not in matched_gold and not g.optional]
    false_claims = [p for pi, p in enumerate(pred) if pi not in matched_pred]
    tp, fp, fn = len(required), len(false_claims), len(misses)
    # A required match that is not strictly right is a miss and a false claim at once,
    # which keeps both denominators what they are for kind+value.
    strict_tp = sum(m.strict for m in required)
    full_tp = sum(m.full for m in required)
    return ClaimsReport(
        overall=PRF(tp, fp, fn),
        by_kind=_prf_by_kind(gold, pred, pairs),
        strict=PRF(strict_tp, tp + fp - strict_tp, tp + fn - strict_tp),
        full=PRF(full_tp, tp + fp - full_tp, tp + fn - full_tp),
        group_acc=Ratio(sum(m.group_ok for m in required), len(required)),
        place_acc=Ratio(sum(m.place_ok for m in required), len(required)),
        source_acc=Ratio(sum(m.source_ok for m in required), len(required)),
        matches=tuple(matches),
        misses=tuple(misses),
        false_claims=tuple(false_claims),
        trap_hits=tuple(find_trap_hits(traps, kept, texts)),
        traps_checked=len(traps),
        gold_lines=len(gold_claims),
        gold_optional=sum(g.optional for g in gold),
        gold_duplicates=len(gold_claims) - len(gold),
        pred_lines=len(kept),
        pred_duplicates=len(kept) - len(pred),
        pred_ignored=len(pred_claims) - len(kept),
    )
