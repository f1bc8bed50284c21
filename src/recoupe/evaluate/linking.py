"""Scoring what is linked across articles: comparisons, stories, and errors per rule (#16.7).

- **Comparison pairs.** Two gold figures from different articles of one crisis with the
  same kind, group and place (places compared through the gold entities; a multi-place
  scope "A + B" as the set of its places) count the same thing: their predicted claims
  must share a comparison. Recall is over every such gold pair (a figure not found is a
  pair missed); precision over the cross-article pairs recoupe compares whose both
  figures match gold ones (a pair mixing two gold quantities is wrong).
- **Stories.** When ``documents.gold.jsonl`` gives each article's ``crisis``, pairs of
  articles are scored: same predicted story and same crisis (pairwise precision and
  recall), and B-cubed with the one :func:`recoupe.evaluate.entities.bcubed`.
- **Errors per rule.** Each matched claim's ``rule`` names which rule chose its place,
  source, group and kind (claims.jsonl); a wrong attribute is counted against that rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from recoupe.evaluate.claims import values_match
from recoupe.evaluate.entities import bcubed
from recoupe.evaluate.model import PRF, ClaimsReport, GoldItem, Ratio
from recoupe.evaluate.read import NameBook, place_parts, read_jsonl

COMPARISONS_FILE = "comparisons.jsonl"
STORIES_FILE = "stories.jsonl"
CLAIMS_FILE = "claims.jsonl"
RULE_ATTRIBUTES = ("kind", "group", "place", "source")
EXAMPLES = 8  # wrong pairs listed in the text report

PlaceKey = frozenset[str]
QuantityKey = tuple[str, str, str, PlaceKey]  # crisis, kind, group, places


@dataclass(frozen=True)
class LinkingReport:
    pairs: PRF  # cross-article pairs of one quantity sharing a comparison
    gold_pairs: int
    wrong_pairs: tuple[str, ...]  # examples: "doc kind group place ↔ doc kind group place"
    stories: PRF | None  # pairwise, when the gold gives each article's crisis
    stories_b3: tuple[float, float] | None  # B-cubed precision, recall
    story_count: int  # predicted stories among the gold's articles
    crisis_count: int
    rule_errors: dict[str, dict[str, Ratio]]  # attribute → rule name → right/checked


def score_linking(claims: ClaimsReport | None, book: NameBook, gold_docs: Sequence[Mapping],
                  pred_dir: Path) -> LinkingReport | None:
    """The linking section, or None when neither comparisons nor crises can be scored."""
    crisis = {str(r.get("doc")): str(r["crisis"]) for r in gold_docs if r.get("crisis")}
    comparisons = _rows(pred_dir / COMPARISONS_FILE)
    if claims is None and not crisis:
        return None
    pairs, gold_pairs = PRF(0, 0, 0), 0
    wrong: tuple[str, ...] = ()
    if claims is not None and comparisons is not None:
        pairs, gold_pairs, wrong = score_pairs(claims, book, comparisons, crisis)
    stories = b3 = None
    count = 0
    if crisis:
        story_of = predicted_stories(pred_dir, comparisons or [])
        stories, b3, count = score_stories(crisis, story_of)
    errors = rule_errors(claims) if claims is not None else {}
    return LinkingReport(pairs, gold_pairs, wrong, stories, b3, count, len(set(crisis.values())),
                         errors)


def _rows(path: Path) -> list[dict[str, Any]] | None:
    return [row for _, row in read_jsonl(path)] if path.is_file() else None


# --------------------------------------------------------------------------- comparison pairs


def place_key(name: str | None, book: NameBook) -> PlaceKey:
    """The gold entity (or folded name) of each place of a scope; empty for no place."""
    if not name:
        return frozenset()
    return frozenset(min(book.gold_names(part)) for part in place_parts(name))


def quantity_key(item: GoldItem, crisis: Mapping[str, str], book: NameBook) -> QuantityKey:
    g = item.first
    return crisis.get(g.doc, ""), g.kind, g.group, place_key(g.place, book)


def score_pairs(report: ClaimsReport, book: NameBook, comparisons: Iterable[Mapping],
                crisis: Mapping[str, str]) -> tuple[PRF, int, tuple[str, ...]]:
    """Pairs of gold figures of one quantity in different articles, and whether they share a
    comparison; pairs recoupe compares whose figures are two gold quantities are wrong."""
    groups_of: dict[str, set[int]] = defaultdict(set)
    for index, row in enumerate(comparisons):
        for claim_id in row.get("claims") or ():
            groups_of[str(claim_id)].add(index)
    required = [m for m in report.matches if not m.gold.optional]
    shared = {}  # gold item id → comparisons holding one of its predicted claims
    for m in required:
        shared[id(m.gold)] = set().union(*(groups_of.get(p.id, set()) for p in m.pred.members))
    items = [m.gold for m in required] + [g for g in report.misses if not g.optional]
    keys = {id(g): quantity_key(g, crisis, book) for g in items}
    tp = fn = fp = 0
    wrong: list[str] = []
    for a, b in combinations(items, 2):
        if a.first.doc == b.first.doc:
            continue
        same = keys[id(a)] == keys[id(b)]
        linked = bool(shared.get(id(a), set()) & shared.get(id(b), set()))
        tp += same and linked
        fn += same and not linked
        if linked and not same:
            fp += 1
            if len(wrong) < EXAMPLES:
                wrong.append(f"{_describe(a)} ↔ {_describe(b)}")
    return PRF(tp, fp, fn), tp + fn, tuple(wrong)


def _describe(item: GoldItem) -> str:
    g = item.first
    return f"{g.doc} {g.kind}/{g.group} {g.low} @ {g.place or '-'}"


# --------------------------------------------------------------------------- stories


def predicted_stories(pred_dir: Path, comparisons: Sequence[Mapping]) -> dict[str, str]:
    """Document id → predicted story: ``stories.jsonl`` when written, else read through the
    comparisons of the document's claims."""
    rows = _rows(pred_dir / STORIES_FILE)
    if rows is not None:
        return {str(r.get("doc")): str(r.get("story")) for r in rows if r.get("story")}
    doc_of = {str(r.get("id")): str(r.get("doc")) for r in _rows(pred_dir / CLAIMS_FILE) or []}
    found: dict[str, str] = {}
    for row in comparisons:
        for claim_id in row.get("claims") or ():
            doc = doc_of.get(str(claim_id))
            if doc and row.get("story"):
                found.setdefault(doc, str(row["story"]))
    return found


def score_stories(crisis: Mapping[str, str], story_of: Mapping[str, str]
                  ) -> tuple[PRF, tuple[float, float], int]:
    """Pairwise precision and recall of the stories against the gold crises, and B-cubed.

    An article the output puts in no story is a story of its own.
    """
    docs = sorted(crisis)
    story = {d: story_of.get(d, "alone:" + d) for d in docs}
    tp = fp = fn = 0
    for a, b in combinations(docs, 2):
        same_story, same_crisis = story[a] == story[b], crisis[a] == crisis[b]
        tp += same_story and same_crisis
        fp += same_story and not same_crisis
        fn += same_crisis and not same_story
    crisis_ids = {c: i for i, c in enumerate(sorted(set(crisis.values())))}
    b3 = bcubed([(crisis_ids[crisis[d]], story[d]) for d in docs])
    return PRF(tp, fp, fn), b3, len({story[d] for d in docs})


# --------------------------------------------------------------------------- rules


def rule_errors(report: ClaimsReport) -> dict[str, dict[str, Ratio]]:
    """For each attribute, each rule's right/checked count over the matched claims; a
    predicted figure whose value matches a missed gold one of another kind is a kind error."""
    counts: dict[str, dict[str, list[int]]] = {a: defaultdict(lambda: [0, 0])
                                               for a in RULE_ATTRIBUTES}
    for m in report.matches:
        p = m.pred.first
        group_ok = any(v.group == p.group for v in m.gold.variants)
        for attribute, ok in (("kind", True), ("group", group_ok), ("place", m.place_ok),
                              ("source", m.source_ok)):
            cell = counts[attribute][p.rule_for(attribute)]
            cell[0] += ok
            cell[1] += 1
    misses = defaultdict(list)
    for g in report.misses:
        misses[g.first.doc].append(g)
    for item in report.false_claims:
        if any(values_match(g, item) for g in misses.get(item.first.doc, ())):
            counts["kind"][item.first.rule_for("kind")][1] += 1
    return {a: {rule: Ratio(*cell) for rule, cell in sorted(by_rule.items())}
            for a, by_rule in counts.items() if by_rule}

