"""Why comparison pairs are missed or mixed (issue #16.3): one reason per pair, counted.

``recoupe eval`` scores comparison pairs (:mod:`recoupe.evaluate.linking`): two gold
figures of different articles with the same crisis, kind, group and place must share a
comparison (a *missed* pair when they do not); two figures recoupe compares must count
the same thing (a *mixed* pair when they do not). This script says why each one went
wrong, first the reasons that lie in the claims themselves (a figure not found, a wrong
group or place), then those of the grouping (:mod:`recoupe.reconcile.compare`):

- missed: ``story split``, ``scope split`` (both places right, different scopes, with
  the two scopes), ``unplaced`` (one figure has no place), ``counted noun``, ``episode
  split`` (same story, kind, group and scope: the periods);
- mixed: ``story merge`` (two crises), ``scope merge`` (both places right, the gold
  says two places) and ``unplaced joined`` (a figure with no place joined a country's).

When the gold gives each article's crisis, crises split over several stories and
stories holding several crises are listed first, with their articles.

    .venv/bin/python bench/pairs_diag.py eval/fr-unrest.claims.gold.jsonl /tmp/ev/fr-unrest
    .venv/bin/python bench/pairs_diag.py GOLD OUT --examples 5   # pairs listed per reason
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from recoupe.errors import RecoupeError
from recoupe.evaluate.linking import quantity_key
from recoupe.evaluate.model import ClaimMatch, ClaimsReport, GoldItem
from recoupe.evaluate.read import NameBook, read_gold_entities, read_jsonl, read_pred_entities
from recoupe.evaluate.run import gold_files, run_eval
from recoupe.reconcile.compare import quantity_key as pred_key
from recoupe.reconcile.compare import stated_period
from recoupe.reconcile.scopes import scope_of
from recoupe.records import Claim, Entity
from recoupe.store.decode import claim_from_json, entity_from_json


@dataclass(frozen=True)
class Predicted:
    """What the run wrote that the reasons read."""

    claims: dict[str, Claim]
    entities: dict[str, Entity]
    story: dict[str, str]  # doc → story
    groups_of: dict[str, set[int]]  # claim id → comparison indices


def load(pred_dir: Path) -> Predicted:
    claims = {c.id: c for c in (claim_from_json(r) for _, r in
                                read_jsonl(pred_dir / "claims.jsonl"))}
    entities = {e.id: e for e in (entity_from_json({**r, "mentions": []}) for _, r in
                                  read_jsonl(pred_dir / "entities.jsonl"))}
    story: dict[str, str] = {}
    stories = pred_dir / "stories.jsonl"
    if stories.is_file():
        story = {str(r["doc"]): str(r["story"]) for _, r in read_jsonl(stories)}
    groups_of: dict[str, set[int]] = defaultdict(set)
    for index, (_, row) in enumerate(read_jsonl(pred_dir / "comparisons.jsonl")):
        for claim_id in row.get("claims") or ():
            groups_of[str(claim_id)].add(index)
            if row.get("story"):
                story.setdefault(claims[claim_id].doc if claim_id in claims else "",
                                 str(row["story"]))
    return Predicted(claims, entities, story, groups_of)


def _claim(m: ClaimMatch | None, pred: Predicted) -> Claim | None:
    if m is None:
        return None
    for member in m.pred.members:
        if member.id in pred.claims:
            return pred.claims[member.id]
    return None


def _period(c: Claim) -> str:
    p = stated_period(c)
    return f"{p.start}..{p.end}" if p is not None else "-"


def missed_reason(a: ClaimMatch | None, b: ClaimMatch | None, pred: Predicted) -> str:
    """Why two figures of one quantity do not share a comparison."""
    if a is None or b is None:
        return "figure missed"
    if not (a.group_ok and b.group_ok):
        return "claim group wrong"
    if not (a.place_ok and b.place_ok):
        return "claim place wrong"
    ca, cb = _claim(a, pred), _claim(b, pred)
    if ca is None or cb is None:
        return "claim not in claims.jsonl"
    if pred.story.get(ca.doc) != pred.story.get(cb.doc):
        return "story split"
    sa, sb = scope_of(ca, pred.entities), scope_of(cb, pred.entities)
    if sa != sb:
        if "unplaced" in (sa[0], sb[0]):
            return "unplaced vs placed"
        return f"scope split {sa[0]}/{sb[0]}"
    if pred_key(ca, pred.story) != pred_key(cb, pred.story):
        return "counted noun"
    return "episode split"


def mixed_reason(a: ClaimMatch, b: ClaimMatch, crisis: Mapping[str, str],
                 book: NameBook, pred: Predicted) -> str:
    """Why two figures of two quantities share a comparison."""
    ka, kb = quantity_key(a.gold, crisis, book), quantity_key(b.gold, crisis, book)
    if ka[0] != kb[0]:
        return "story merge"
    if ka[2] != kb[2]:
        return "claim group wrong"
    if not (a.place_ok and b.place_ok):
        return "claim place wrong"
    if not ka[3] or not kb[3]:
        return "gold place null"
    ca, cb = _claim(a, pred), _claim(b, pred)
    if ca is not None and cb is not None and "unplaced" in (scope_of(ca, pred.entities)[0],
                                                            scope_of(cb, pred.entities)[0]):
        return "unplaced joined"
    return "scope merge"


def _describe(item: GoldItem, m: ClaimMatch | None, pred: Predicted) -> str:
    g = item.first
    text = f"{g.doc} {g.kind}/{g.group} {g.low} @ {g.place or '-'}"
    c = _claim(m, pred)
    if c is not None:
        scope = ":".join(scope_of(c, pred.entities))
        text += f" [pred {c.place.name if c.place else '-'} {scope} {_period(c)}]"
    return text


def diagnose(report: ClaimsReport, book: NameBook, gold_docs: Sequence[Mapping],
             pred: Predicted) -> tuple[Counter[str], Counter[str], dict[str, list[str]]]:
    crisis = {str(r.get("doc")): str(r["crisis"]) for r in gold_docs if r.get("crisis")}
    match_of = {id(m.gold): m for m in report.matches if not m.gold.optional}
    items = [m.gold for m in report.matches if not m.gold.optional]
    items += [g for g in report.misses if not g.optional]
    keys = {id(g): quantity_key(g, crisis, book) for g in items}

    def groups(g: GoldItem) -> set[int]:
        m = match_of.get(id(g))
        if m is None:
            return set()
        return set().union(*(pred.groups_of.get(p.id, set()) for p in m.pred.members))

    missed: Counter[str] = Counter()
    mixed: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for a, b in combinations(items, 2):
        if a.first.doc == b.first.doc:
            continue
        same, linked = keys[id(a)] == keys[id(b)], bool(groups(a) & groups(b))
        ma, mb = match_of.get(id(a)), match_of.get(id(b))
        if same and not linked:
            reason = "missed: " + missed_reason(ma, mb, pred)
            missed[reason] += 1
        elif linked and not same and ma is not None and mb is not None:
            reason = "mixed: " + mixed_reason(ma, mb, crisis, book, pred)
            mixed[reason] += 1
        else:
            continue
        examples[reason].append(f"{_describe(a, ma, pred)}  ↔  {_describe(b, mb, pred)}")
    return missed, mixed, examples


def story_errors(gold_docs: Sequence[Mapping], pred: Predicted) -> list[str]:
    """Crises split over several stories and stories holding several crises, with their
    documents (a document in no story is a story of its own)."""
    crisis = {str(r.get("doc")): str(r["crisis"]) for r in gold_docs if r.get("crisis")}
    story = {d: pred.story.get(d, "alone:" + d) for d in crisis}
    lines = []
    for title, key, value in (("split", crisis, story), ("merged", story, crisis)):
        held: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for d in sorted(crisis):
            held[key[d]][value[d]].append(d)
        for name, parts in sorted(held.items()):
            if len(parts) > 1:
                listed = "; ".join(f"{v}: {', '.join(ds)}" for v, ds in sorted(parts.items()))
                lines.append(f"{title} {name} → {listed}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("gold", type=Path, help="the *.claims.gold.jsonl file")
    parser.add_argument("out", type=Path, help="the output folder of `recoupe analyze`")
    parser.add_argument("--examples", type=int, default=0, help="pairs listed per reason")
    parser.add_argument("--json", action="store_true", help="counts as one JSON object")
    args = parser.parse_args(argv)
    try:
        report = run_eval(args.gold, args.out)
        golds = gold_files(args.gold)
        pred = load(args.out)
    except (RecoupeError, OSError, KeyError, ValueError) as exc:
        print(f"pairs_diag: {args.gold} / {args.out}: {exc}", file=sys.stderr)
        return 2
    if report.claims is None:
        print(f"pairs_diag: {args.out}: no claims to score", file=sys.stderr)
        return 2
    book = NameBook.build(
        read_gold_entities(golds["entities"]) if "entities" in golds else [],
        read_pred_entities(args.out / "entities.jsonl"))
    gold_docs = [r for _, r in read_jsonl(golds["documents"])] if "documents" in golds else []
    missed, mixed, examples = diagnose(report.claims, book, gold_docs, pred)
    if args.json:
        print(json.dumps({"missed": dict(missed), "mixed": dict(mixed)}, ensure_ascii=False))
        return 0
    for line in story_errors(gold_docs, pred):
        print(f"stories: {line}")
    for title, counts in (("missed pairs", missed), ("mixed pairs", mixed)):
        print(f"{title}: {sum(counts.values())}")
        for reason, n in counts.most_common():
            print(f"  {n:5d}  {reason}")
            for line in examples[reason][:args.examples]:
                print(f"           {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
