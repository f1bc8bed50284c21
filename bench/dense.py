"""A dense one-paragraph article against the same text split into many articles (issue 19).

    .venv/bin/python bench/dense.py               # 800 kB, split into 160 articles
    .venv/bin/python bench/dense.py --kb 200 --articles 40
    .venv/bin/python bench/dense.py --write /tmp/dense-corpus   # only write both corpora

Builds, from invented French sentences (figures, places, sources, days in generated
combinations — no article text from anywhere), one article of ``--kb`` kB written as a
single paragraph, and the same sentences split in order into ``--articles`` articles
with the same header. Each corpus is analysed by ``recoupe analyze`` in a child process
(model loading included, each in a fresh output folder); the last lines print both
times, the claim counts and the ratio dense / split. Issue 19's goal: ratio <= 2.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = "TITLE: {title}\nOUTLET: Agence inventée\nDATE: 2022-01-08\n\n"
PLACES = ("Almaty", "Astana", "Aktobe", "Taraz", "Chymkent", "Karaganda", "Atyraou",
          "Janaozen", "Aktaou", "Kyzylorda", "Taldykorgan", "Petropavl")
SOURCES = ("le ministère de l'Intérieur", "la police", "le parquet général",
           "l'agence Interfax", "les services de santé", "le bureau du procureur",
           "la mairie", "un témoin", "le ministère de la Santé", "un porte-parole de l'armée")
DAYS = ("mercredi", "jeudi", "vendredi", "le 5 janvier", "le 6 janvier", "le 7 janvier")
# Sentence shapes; {n} a figure, {m} a smaller one.
TEMPLATES = (
    "Selon {source}, {n} personnes ont été tuées à {place} {day}.",
    "{Source} a fait état de {n} blessés à {place}.",
    "Au moins {n} manifestants ont été interpellés à {place} {day}, a indiqué {source}.",
    "D'après {source}, {n} militaires ont été déployés à {place}.",
    "Le bilan s'élève à {m} morts à {place}, selon {source}.",
    "{m} policiers ont été blessés {day} à {place}, a annoncé {source}.",
    "Quelque {n} véhicules ont été incendiés à {place}, selon {source}.",
    "À {place}, {source} a recensé {n} arrestations et {m} blessés {day}.",
)


def sentences(kilobytes: int, seed: int = 19) -> list[str]:
    """Invented sentences, ``kilobytes`` × 1000 UTF-8 bytes in all (one space each)."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < kilobytes * 1000:
        source = rng.choice(SOURCES)
        sentence = rng.choice(TEMPLATES).format(
            n=rng.randint(2, 9000), m=rng.randint(1, 250), place=rng.choice(PLACES),
            day=rng.choice(DAYS), source=source, Source=source[0].upper() + source[1:])
        out.append(sentence)
        size += len(sentence.encode("utf-8")) + 1
    return out


def write_corpora(folder: Path, kilobytes: int, articles: int) -> tuple[Path, Path]:
    """``folder/dense`` (one article, one paragraph) and ``folder/split`` (``articles``
    articles, the same sentences in the same order, one paragraph each)."""
    every = sentences(kilobytes)
    dense, split = folder / "dense", folder / "split"
    dense.mkdir(parents=True)
    split.mkdir(parents=True)
    (dense / "dense.txt").write_text(
        HEADER.format(title="Bilan des troubles") + " ".join(every) + "\n", encoding="utf-8")
    bounds = [len(every) * n // articles for n in range(articles + 1)]
    for n in range(articles):
        part = every[bounds[n] : bounds[n + 1]]
        if part:
            (split / f"{n:04d}.txt").write_text(
                HEADER.format(title=f"Bilan des troubles, partie {n + 1}") + " ".join(part)
                + "\n", encoding="utf-8")
    return dense, split


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def analyse(corpus: Path, out: Path) -> tuple[float, float, int]:
    """Wall-clock and CPU seconds taken by ``recoupe analyze`` on ``corpus`` (CPU: the
    child's own, steadier on a shared machine) and the claims it wrote."""
    began, cpu = time.monotonic(), _children_cpu()
    done = subprocess.run([sys.executable, "-m", "recoupe.cli", "analyze", str(corpus),
                           "--out", str(out), "--quiet"], capture_output=True, text=True)
    elapsed, cpu = time.monotonic() - began, _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"dense: recoupe analyze {corpus.name} exited {done.returncode}: "
                         f"{done.stderr.strip()[-500:]}")
    with (out / "claims.jsonl").open(encoding="utf-8") as lines:
        claims = sum(1 for _ in lines)
    return elapsed, cpu, claims


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=800, help="size of the dense article")
    parser.add_argument("--articles", type=int, default=160, help="articles of the split run")
    parser.add_argument("--write", type=Path, help="only write both corpora into this folder")
    args = parser.parse_args()
    if args.write:
        dense, split = write_corpora(args.write, args.kb, args.articles)
        print(f"dense: wrote {dense} and {split}")
        return 0
    with tempfile.TemporaryDirectory(prefix="recoupe-dense-") as tmp:
        dense, split = write_corpora(Path(tmp), args.kb, args.articles)
        dense_s, dense_cpu, dense_claims = analyse(dense, Path(tmp) / "out-dense")
        split_s, split_cpu, split_claims = analyse(split, Path(tmp) / "out-split")
    ratio, cpu_ratio = dense_s / split_s, dense_cpu / split_cpu
    print(f"dense: 1 article of {args.kb} kB, one paragraph: {dense_s:.1f} s "
          f"(CPU {dense_cpu:.1f} s), {dense_claims} claims")
    print(f"split: {args.articles} articles, same text: {split_s:.1f} s "
          f"(CPU {split_cpu:.1f} s), {split_claims} claims")
    print(f"ratio dense / split = {ratio:.2f}, CPU {cpu_ratio:.2f} (issue 19: at most 2)")
    print(json.dumps({"kb": args.kb, "articles": args.articles, "dense_s": round(dense_s, 2),
                      "split_s": round(split_s, 2), "dense_cpu_s": round(dense_cpu, 2),
                      "split_cpu_s": round(split_cpu, 2), "dense_claims": dense_claims,
                      "split_claims": split_claims, "ratio": round(ratio, 3),
                      "cpu_ratio": round(cpu_ratio, 3)}))
    return 0 if ratio <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
