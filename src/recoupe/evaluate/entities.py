"""Scoring entities: B-cubed over gold forms, types, merges, geocoding."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from recoupe.evaluate.model import (
    EntitiesReport,
    GoldEntity,
    PredEntity,
    Ratio,
)
from recoupe.evaluate.read import (
    normalise,
)

# --------------------------------------------------------------------------- entities


def _holders(pred: list[PredEntity]) -> dict[str, list[int]]:
    """Normalised form → indexes of the predicted entities listing it in ``forms``."""
    holders: dict[str, list[int]] = defaultdict(list)
    for pi, entity in enumerate(pred):
        for form in {normalise(f) for f in entity.forms}:
            holders[form].append(pi)
    return holders


def _gold_items(gold: list[GoldEntity]) -> list[tuple[int, str, str]]:
    """(gold entity index, normalised form, form) for each distinct form of each entity."""
    items = []
    for gi, entity in enumerate(gold):
        seen: set[str] = set()
        for form in entity.forms:
            key = normalise(form)
            if key and key not in seen:
                seen.add(key)
                items.append((gi, key, form))
    return items


def _best_holder(gi: int, form: str, holders: dict[str, list[int]],
                 share: dict[tuple[int, int], int]) -> int | None:
    # A form held by several predicted entities counts in the one holding most of its
    # gold entity's forms: the reading most favourable to the system, and deterministic.
    candidates = holders.get(form)
    if not candidates:
        return None
    return min(candidates, key=lambda pi: (-share[(gi, pi)], pi))


def _main_holders(share: Mapping[tuple[int, int], int]) -> list[tuple[int, int]]:
    """(gold entity, the predicted entity holding most of its forms) for each found one."""
    best: dict[int, int] = {}
    for (gi, pi), count in sorted(share.items()):
        if gi not in best or count > share[(gi, best[gi])]:
            best[gi] = pi
    return sorted(best.items())


def bcubed(assign: list[tuple[int, Any]]) -> tuple[float, float]:
    """B-cubed precision and recall of items given as (gold cluster, predicted cluster)."""
    if not assign:
        return 1.0, 1.0
    gold_size: dict[int, int] = defaultdict(int)
    pred_size: dict[Any, int] = defaultdict(int)
    both: dict[tuple[int, Any], int] = defaultdict(int)
    for g, p in assign:
        gold_size[g] += 1
        pred_size[p] += 1
        both[(g, p)] += 1
    precision = sum(both[(g, p)] / pred_size[p] for g, p in assign) / len(assign)
    recall = sum(both[(g, p)] / gold_size[g] for g, p in assign) / len(assign)
    return precision, recall


def bcubed_clusters(gold_clusters: Iterable[Iterable[object]],
                    predicted_clusters: Iterable[Iterable[object]]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering given as clusters, over the gold
    clusters' items: an item the prediction does not place is a predicted singleton,
    predicted items absent from the gold are ignored. The one B-cubed (:func:`bcubed`)."""
    pred_of: dict[object, object] = {}
    for number, cluster in enumerate(predicted_clusters):
        for item in cluster:
            pred_of.setdefault(item, number)
    assign = [(number, pred_of.get(item, ("singleton", item)))
              for number, cluster in enumerate(gold_clusters) for item in cluster]
    precision, recall = bcubed(assign)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _merged_pairs(gold: list[GoldEntity], pred: list[PredEntity],
                  holders: dict[str, list[int]]) -> list[tuple[str, str, str]]:
    inside: dict[int, set[int]] = defaultdict(set)
    for gi, key, _ in _gold_items(gold):
        for pi in holders.get(key, ()):
            inside[pi].add(gi)
    pairs: dict[tuple[int, int], str] = {}
    for pi, members in sorted(inside.items()):
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                pairs.setdefault((a, b), pred[pi].canonical)
    return [(gold[a].canonical, gold[b].canonical, name) for (a, b), name in sorted(pairs.items())]


def _geocoded(gold: list[GoldEntity], pred: list[PredEntity],
              holders: dict[str, list[int]]) -> tuple[Ratio, list[str]]:
    checked, misses = 0, []
    for entity in gold:
        if entity.geonames_id is None:
            continue
        checked += 1
        forms = {normalise(f) for f in (entity.canonical, *entity.forms)}
        if not any(pred[pi].type == "LOC" and pred[pi].geonames_id == entity.geonames_id
                   for form in forms for pi in holders.get(form, ())):
            misses.append(f"{entity.canonical} (geonames {entity.geonames_id})")
    return Ratio(checked - len(misses), checked), misses


def score_entities(gold: list[GoldEntity], pred: list[PredEntity]) -> EntitiesReport:
    """B-cubed over gold forms, type accuracy, merged gold pairs and geocoding."""
    holders = _holders(pred)
    items = _gold_items(gold)
    share: dict[tuple[int, int], int] = defaultdict(int)
    for gi, key, _ in items:
        for pi in holders.get(key, ()):
            share[(gi, pi)] += 1
    assign: list[tuple[int, Any]] = []
    missing = []
    for n, (gi, key, form) in enumerate(items):
        holder = _best_holder(gi, key, holders, share)
        if holder is None:
            missing.append(f"{form} ({gold[gi].canonical})")
        # A form the prediction lacks is a cluster of its own.
        assign.append((gi, holder if holder is not None else ("missing", n)))
    precision, recall = bcubed(assign)
    typed = _main_holders(share)
    geocoded, geo_misses = _geocoded(gold, pred, holders)
    return EntitiesReport(
        precision=precision,
        recall=recall,
        f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        items=len(items),
        found=len(items) - len(missing),
        type_acc=Ratio(sum(pred[pi].type == gold[gi].type for gi, pi in typed), len(typed)),
        merged=tuple(_merged_pairs(gold, pred, holders)),
        geocoded=geocoded,
        geo_misses=tuple(geo_misses),
        missing_forms=tuple(missing),
    )
