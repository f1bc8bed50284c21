"""Score recoupe on every evaluation set and print one table (`make eval`).

Sets are found, not listed: each ``eval/SET.claims.gold.jsonl`` beside a folder
``eval/SET/`` of articles (the team's own sets, see eval/GUIDELINES.md), and each
``../shared/eval/SET.claims.gold.jsonl`` beside ``../shared/corpus/SET/``.

Each set is analysed in its own run. Two combined runs follow:

- ``mixed``: every set in one run, as users feed mixed folders; scored on the union of
  the gold files (story clustering and comparisons must hold across crises);
- ``kazakhstan-fr+en``: the shared French seeds with the team's English articles about
  the same crisis (issue #17: one story, figures compared across languages).

    .venv/bin/python bench/eval_sets.py            # every set, then the combined runs
    .venv/bin/python bench/eval_sets.py fr-unrest  # only the sets named
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD_SUFFIXES = (
    ".claims.gold.jsonl", ".traps.jsonl", ".entities.gold.json",
    ".timeline.gold.jsonl", ".documents.gold.jsonl",
)  # fmt: skip
# (column title, main_figures key, format): the table a reader scans first.
COLUMNS = (
    ("docs", "", ""),
    ("F1", "claims_f1", ".2f"),
    ("strict", "claims_strict_f1", ".2f"),
    ("full", "claims_full_f1", ".2f"),
    ("place", "place_acc", ".2f"),
    ("source", "source_acc", ".2f"),
    ("traps", "traps_hit", ".0f"),
    ("ent B3", "entities_b3_f1", ".2f"),
    ("geo", "entities_geocoded", ".2f"),
    ("pairs F1", "pairs_f1", ".2f"),
    ("story F1", "stories_f1", ".2f"),
)
RECOUPE = ROOT / ".venv" / "bin" / "recoupe"


@dataclass(frozen=True)
class EvalSet:
    name: str
    articles: tuple[Path, ...]  # folders analysed together
    gold: Path  # the claims gold file; siblings share its prefix


def find_sets() -> list[EvalSet]:
    sets = []
    places = ((ROOT / "eval", ROOT / "eval"), (SHARED / "eval", SHARED / "corpus"))
    for gold_dir, corpus_dir in places:
        for gold in sorted(gold_dir.glob("*.claims.gold.jsonl")):
            name = gold.name.removesuffix(".claims.gold.jsonl")
            folder = corpus_dir / name
            if folder.is_dir():
                sets.append(EvalSet(name, (folder,), gold))
    return sets


def combine(name: str, parts: list[EvalSet], into: Path) -> EvalSet:
    """One set made of several: articles analysed together, gold files concatenated."""
    into.mkdir(parents=True, exist_ok=True)
    for suffix in GOLD_SUFFIXES:
        sources = [p.gold.parent / (p.gold.name.removesuffix(".claims.gold.jsonl") + suffix)
                   for p in parts]
        sources = [s for s in sources if s.exists()]
        if not sources:
            continue
        target = into / (name + suffix)
        if suffix.endswith(".json"):
            entities = []
            for s in sources:
                entities += json.loads(s.read_text(encoding="utf-8")).get("entities", [])
            target.write_text(json.dumps({"entities": _merge_entities(entities)},
                                         ensure_ascii=False), encoding="utf-8")
        elif suffix == ".documents.gold.jsonl":
            target.write_text("".join(_with_crisis(s) for s in sources), encoding="utf-8")
        else:
            target.write_text("".join(s.read_text(encoding="utf-8").rstrip("\n") + "\n"
                                      for s in sources), encoding="utf-8")
    folders = tuple(f for p in parts for f in p.articles)
    return EvalSet(name, folders, into / (name + ".claims.gold.jsonl"))


def _merge_entities(entities: list[dict]) -> list[dict]:
    """Entities of several sets: one entry per canonical name or GeoNames id, forms
    united, so that no form stands under two entities (the gold reader refuses that)."""
    merged: dict[str, dict] = {}
    owner: dict[str, str] = {}
    by_place: dict[object, str] = {}  # one GeoNames id, one place: "Maroc" and "Morocco"
    for entity in entities:
        key = entity["canonical"]
        for form in [key, *entity.get("forms", [])]:
            key = owner.get(form, key)
        place = entity.get("geonames_id")
        if place is not None:
            key = by_place.setdefault(place, key)
        target = merged.setdefault(key, {**entity, "canonical": key, "forms": []})
        for form in [entity["canonical"], *entity.get("forms", [])]:
            if form not in target["forms"] and owner.get(form, key) == key:
                target["forms"].append(form)
                owner[form] = key
    return list(merged.values())


def _with_crisis(path: Path) -> str:
    """A set's documents gold where a line without ``crisis`` is about the set's crisis
    (the shared sets hold one crisis each and predate the field), for story scoring."""
    name = path.name.removesuffix(".documents.gold.jsonl")
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            row.setdefault("crisis", name)
            lines.append(json.dumps(row, ensure_ascii=False) + "\n")
    return "".join(lines)


def run_set(eval_set: EvalSet, out: Path, workers: int) -> dict[str, float] | str:
    """Analyse the set's articles in one run and score them; an error as a string."""
    if out.exists():
        shutil.rmtree(out)
    analyse = [str(RECOUPE), "analyze", *map(str, eval_set.articles), "--out", str(out),
               "--quiet", "--workers", str(workers)]
    done = subprocess.run(analyse, capture_output=True, text=True)
    if done.returncode not in (0, 1) or not (out / "claims.jsonl").exists():
        return f"analyze exited {done.returncode}: {done.stderr.strip()[-300:]}"
    from recoupe.evaluate import main_figures, run_eval

    try:
        figures: dict[str, float] = dict(main_figures(run_eval(eval_set.gold, out)))
    except Exception as error:  # a gold file the reader refuses: say which, go on
        return f"eval failed: {error}"
    figures["docs"] = sum(1 for _ in (out / "documents.jsonl").open(encoding="utf-8"))
    return figures


def table(rows: list[tuple[str, dict[str, float] | str]]) -> str:
    width = max([len(name) for name, _ in rows] + [8])
    lines = [f"{'set':<{width}}  " + "  ".join(f"{title:>8}" for title, _, _ in COLUMNS)]
    for name, figures in rows:
        if isinstance(figures, str):
            lines.append(f"{name:<{width}}  {figures}")
            continue
        cells = []
        for title, key, fmt in COLUMNS:
            value = figures.get(key or title)
            cells.append(f"{'–' if value is None else format(value, fmt or 'd'):>8}")
        lines.append(f"{name:<{width}}  " + "  ".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="names of the sets to score (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "eval-out",
                        help="where each run's output folder is kept (default: eval-out/)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-combined", action="store_true", help="skip the combined runs")
    args = parser.parse_args(argv)
    if not RECOUPE.exists():
        print(f"eval_sets: {RECOUPE} not found: run `make setup` first", file=sys.stderr)
        return 2
    sets = find_sets()
    chosen = [s for s in sets if not args.sets or s.name in args.sets]
    if args.sets and len(chosen) != len(set(args.sets)):
        known = ", ".join(s.name for s in sets)
        print(f"eval_sets: unknown set among {args.sets}; known: {known}", file=sys.stderr)
        return 2
    rows: list[tuple[str, dict[str, float] | str]] = []
    for eval_set in chosen:
        rows.append((eval_set.name, run_set(eval_set, args.out / eval_set.name, args.workers)))
    if not args.sets and not args.no_combined and len(sets) > 1:
        with tempfile.TemporaryDirectory() as tmp:
            combos = [("mixed", sets)]
            kz = [s for s in sets if s.name in ("kazakhstan-2022", "en-kazakhstan")]
            if len(kz) == 2:
                combos.append(("kazakhstan-fr+en", kz))
            for name, parts in combos:
                combined = combine(name, parts, Path(tmp) / name)
                rows.append((name, run_set(combined, args.out / name, args.workers)))
    print(table(rows))
    return 0 if all(not isinstance(f, str) for _, f in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
