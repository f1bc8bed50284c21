"""Throughput of recoupe against a bare spaCy pass over the same texts (issue 7).

Run with the README's setup: ``.venv/bin/python bench/throughput.py [--docs 1000]``.
It builds a corpus of at least ``--docs`` documents from the shared corpus and the demo
corpus (repeated with a numbered line so every copy is a new document, and shuffled),
then times, in this order:

  (a) ``nlp.pipe`` of fr_core_news_md with all its components — what a user runs first;
  (b) the tokenizer alone — the floor;
  (c) recoupe's whole analysis: ingest to every output file, store included,
      in a child process so that its peak memory is its own.

The last lines are the figures: documents per second, the ratios c/a and c/b, peak
memory, and the eval figures of the same build on the shared corpus.
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

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def corpus_texts() -> list[tuple[str, str]]:
    """(name, text) of every article of the shared and demo corpora (txt files)."""
    paths = sorted((SHARED / "corpus").rglob("*.txt")) + sorted((REPO / "demo").rglob("*.txt"))
    return [(p.stem, p.read_text(encoding="utf-8")) for p in paths]


def build_corpus(folder: Path, n_docs: int, seed: int = 7) -> list[str]:
    """Write ``n_docs`` article files (copies made distinct) into ``folder``; return texts."""
    base = corpus_texts()
    rng = random.Random(seed)
    texts = []
    for i in range(n_docs):
        name, text = base[i % len(base)]
        # A copy differs by one line so the store does not take it for a re-run.
        texts.append(text + f"\n\n(copie de banc d'essai n° {i})\n")
    rng.shuffle(texts)
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"doc{i:06d}.txt").write_text(text, encoding="utf-8")
    return texts


def time_spacy(texts: list[str]) -> tuple[float, float]:
    import spacy

    nlp = spacy.load("fr_core_news_md")
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    full = time.perf_counter() - start
    start = time.perf_counter()
    for _ in nlp.tokenizer.pipe(texts, batch_size=256):
        pass
    return full, time.perf_counter() - start


def time_recoupe(folder: Path, out: Path, workers: int) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one `recoupe analyze` run in a child process."""
    cmd = [str(Path(sys.executable).parent / "recoupe"), "analyze", str(folder),
           "--out", str(out), "--quiet"]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    start = time.perf_counter()
    subprocess.run(cmd, check=False)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak


def eval_figures() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        subprocess.run([str(Path(sys.executable).parent / "recoupe"), "analyze",
                        str(SHARED / "corpus" / "kazakhstan-2022"), "--out", str(out),
                        "--quiet"], check=False)
        from recoupe.evaluate import main_figures, run_eval

        figures = main_figures(run_eval(SHARED / "eval" / "kazakhstan-2022.claims.gold.jsonl",
                                        out))
    keys = ("claims_f1", "claims_strict_f1", "claims_full_f1", "group_acc", "place_acc",
            "source_acc", "traps_hit")
    return " | ".join(f"{k} {figures[k]:.2f}" for k in keys if k in figures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        texts = build_corpus(folder, args.docs)
        chars = sum(len(t) for t in texts)
        c_seconds, c_peak = time_recoupe(folder, Path(tmp) / "out", args.workers)
        a_seconds, b_seconds = time_spacy(texts)
    n = len(texts)
    rate = {k: n / v for k, v in (("a", a_seconds), ("b", b_seconds), ("c", c_seconds))}
    print(f"corpus: {n} documents, {chars / 1e6:.1f} M characters")
    print(f"(a) spaCy nlp.pipe, all components: {rate['a']:.1f} docs/s ({a_seconds:.1f} s)")
    print(f"(b) spaCy tokenizer alone:          {rate['b']:.1f} docs/s ({b_seconds:.1f} s)")
    print(f"(c) recoupe analyze (workers={args.workers}):    {rate['c']:.1f} docs/s "
          f"({c_seconds:.1f} s)")
    print(f"ratio c/a = {rate['c'] / rate['a']:.2f}   ratio c/b = {rate['c'] / rate['b']:.3f}")
    print(f"peak RSS of (c): {c_peak / 1024:.0f} MiB")
    print("eval: " + eval_figures())
    print(json.dumps({"docs": n, "a": rate["a"], "b": rate["b"], "c": rate["c"],
                      "c_over_a": rate["c"] / rate["a"], "peak_rss_mib": c_peak / 1024}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
