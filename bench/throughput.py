"""Speed and scale of recoupe against a bare spaCy pass over the same texts (issue 7).

Run with the README's setup::

    .venv/bin/python bench/throughput.py            # everything, ~20 minutes on 2 cores
    .venv/bin/python bench/throughput.py --quick    # 1,000 documents only, no 5,000 run

It builds corpora from the shared corpus and the demo corpus (every article repeated
with one numbered line so that each copy is a new document, then shuffled) and times:

  (a) ``nlp.pipe`` of fr_core_news_md with all its components — what a user runs first —
      with batch_size=32, the fastest setting here (spaCy's default, 256, takes ~1.5×);
  (b) the tokenizer alone — the floor;
  (c) recoupe's whole analysis: ``recoupe analyze`` from the input folder to every
      output file, store included, model loading included, in a child process;
  (c2) the same with ``--workers 2``;
  memory: peak RSS of (c) on 500 and on 5,000 documents, and the 5,000 with 2 workers
      (throughput once the fixed costs — loading the model, linking — are amortised);
  incremental: a store of the 1,000 documents, 10 new ones added, re-run;
  English (issue #17): the team's English evaluation articles (eval/en-*) made into a
      corpus the same way and of the same size, (a) with en_core_web_sm against (c)
      ``recoupe analyze`` (``--english`` runs this part alone);
  CPU time: each ratio again from CPU seconds (user + system) instead of wall time. On a
      machine shared with other work, wall time swings with their load; CPU time does
      not, so this is the figure to compare between two runs.

The last lines are the figures, then the eval figures of the same build on the shared
corpus, then one JSON line with everything.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
RECOUPE = str(Path(sys.executable).parent / "recoupe")

# Runs a command and prints the peak RSS (KiB) and CPU seconds of that command alone:
# RUSAGE_CHILDREN of a fresh process covers exactly its own children (workers included).
_PEAK = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]).returncode; "
         "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
         "print(u.ru_maxrss, u.ru_utime + u.ru_stime, r)")


class Run(NamedTuple):
    """One `recoupe analyze` run: wall seconds, peak RSS (MiB), CPU seconds, output."""

    seconds: float
    peak_mib: float
    cpu_s: float
    output: dict


def corpus_texts(lang: str = "fr") -> list[str]:
    """Every article of the shared and demo corpora (txt files); for English, the team's
    English evaluation articles."""
    if lang == "en":
        paths = sorted(p for d in sorted((REPO / "eval").glob("en-*")) if d.is_dir()
                       for p in d.glob("*.txt"))
    else:
        paths = (sorted((SHARED / "corpus").rglob("*.txt"))
                 + sorted((REPO / "demo").rglob("*.txt")))
    return [p.read_text(encoding="utf-8") for p in paths]


def build_corpus(folder: Path, n_docs: int, seed: int = 7, first: int = 0,
                 lang: str = "fr") -> list[str]:
    """Write ``n_docs`` article files (copies made distinct) into ``folder``; return texts."""
    base = corpus_texts(lang)
    texts = [base[i % len(base)] + f"\n\n(copie de banc d'essai n° {i})\n"
             for i in range(first, first + n_docs)]
    random.Random(seed + first).shuffle(texts)
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"doc{first + i:06d}.txt").write_text(text, encoding="utf-8")
    return texts


def analyze(folder: Path, out: Path, *extra: str) -> Run:
    """Seconds, peak RSS, CPU seconds and the output's counts of one `recoupe analyze` run
    (its summary line on stderr under "said" when not --quiet)."""
    cmd = [sys.executable, "-c", _PEAK, RECOUPE, "analyze", str(folder), "--out", str(out),
           *extra]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    peak_kib, cpu, code = done.stdout.split()[-3:]
    if code not in ("0", "1"):
        sys.exit(f"recoupe analyze failed ({code}): {done.stderr[-2000:]}")
    said = done.stderr.strip().splitlines()
    return Run(seconds, int(peak_kib) / 1024, float(cpu),
               {**counts(out), "said": said[-1] if said else ""})


def counts(out: Path) -> dict:
    lines = {name: len((out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines())
             for name in ("documents", "claims", "entities", "comparisons")}
    return lines


def same_output(a: Path, b: Path) -> bool:
    """The files two runs wrote hold the same rows (the report's timestamps aside)."""
    return all((a / f).read_bytes() == (b / f).read_bytes() for f in (
        "documents.jsonl", "claims.jsonl", "entities.jsonl", "timeline.jsonl",
        "comparisons.jsonl", "framing.jsonl", "events.csv"))


def _models() -> dict[str, str]:
    """The model names recoupe itself loads (its settings), so (a) and (c) run the same."""
    from recoupe.settings import DEFAULT

    return {"fr": DEFAULT.model_fr, "en": DEFAULT.model_en}


MODELS = _models()


def spacy_load_seconds(lang: str = "fr") -> float:
    """What (a) leaves out and (c) pays: importing spaCy and loading the model, in a fresh
    process."""
    code = ("import time; t = time.perf_counter(); import spacy; "
            f"spacy.load('{MODELS[lang]}'); print(time.perf_counter() - t)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return float(done.stdout.split()[-1])


def time_spacy(texts: list[str], lang: str = "fr") -> tuple[float, float, float]:
    """Wall seconds of (a) and (b), and CPU seconds of (a)."""
    import spacy

    nlp = spacy.load(MODELS[lang])
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    full, full_cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    for _ in nlp.tokenizer.pipe(texts, batch_size=256):
        pass
    return full, time.perf_counter() - start, full_cpu


def incremental(store_from: Path, tmp: Path, folder: Path) -> tuple[float, str]:
    """Re-run on a copy of the 1,000-document store with 10 new articles added."""
    out = tmp / "incremental"
    out.mkdir()
    shutil.copy(store_from, out / "recoupe.sqlite")
    build_corpus(folder, 10, first=10_000)  # ten new files beside the 1,000
    done = analyze(folder, out)
    return done.seconds, done.output["said"]


def eval_figures(tmp: Path) -> str:
    out = tmp / "eval"
    subprocess.run([RECOUPE, "analyze", str(SHARED / "corpus" / "kazakhstan-2022"), "--out",
                    str(out), "--quiet"], check=False)
    from recoupe.evaluate import main_figures, run_eval

    figures = main_figures(run_eval(SHARED / "eval" / "kazakhstan-2022.claims.gold.jsonl", out))
    keys = ("claims_f1", "claims_strict_f1", "claims_full_f1", "group_acc", "place_acc",
            "source_acc", "traps_hit")
    return " | ".join(f"{k} {figures[k]:.2f}" for k in keys if k in figures)


def english(tmp: Path, n_docs: int) -> dict:
    """(a) and (c) on English articles only: the ratio must hold as for French."""
    folder = tmp / "en"
    texts = build_corpus(folder, n_docs, lang="en")
    c = analyze(folder, tmp / "c_en", "--quiet")
    a, _, a_cpu = time_spacy(texts, "en")
    a_load = spacy_load_seconds("en")
    return {"en_docs": len(texts), "en_a_rate": len(texts) / a,
            "en_c_rate": len(texts) / c.seconds, "en_c_over_a": a / c.seconds,
            "en_c_over_a_loaded": (a + a_load) / c.seconds, "en_c_over_a_cpu": a_cpu / c.cpu_s,
            "en_counts": c.output, "en_load_s": a_load}


def print_english(figures: dict) -> None:
    print(f"English, {figures['en_docs']} documents: (a) en_core_web_sm nlp.pipe "
          f"{figures['en_a_rate']:.1f} docs/s, (c) recoupe analyze {figures['en_c_rate']:.1f} "
          f"docs/s: ratio c/a = {figures['en_c_over_a']:.2f} (with the model's loading "
          f"{figures['en_load_s']:.1f} s counted: {figures['en_c_over_a_loaded']:.2f}; "
          f"in CPU time: {figures['en_c_over_a_cpu']:.2f}); output {figures['en_counts']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="skip the 500/5,000 memory runs")
    parser.add_argument("--english", action="store_true", help="the English figures alone")
    args = parser.parse_args()
    figures: dict = {}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if args.english:
            figures.update(english(tmp, args.docs))
        else:
            evaluation = french(tmp, args, figures)
    if not args.english:
        print_french(figures)
    print_english(figures)
    if not args.english:
        print("eval: " + evaluation)
    print(json.dumps(figures))
    return 0


def french(tmp: Path, args: argparse.Namespace, figures: dict) -> str:
    """Every French figure into ``figures``, and the English ones; returns the eval line."""
    folder = tmp / "corpus"
    texts = build_corpus(folder, args.docs)
    # First, the eval figures: this run also warms what any installed recoupe has
    # warm (the gazetteer cache built on first use, the model files in the OS cache).
    evaluation = eval_figures(tmp)
    c1 = analyze(folder, tmp / "c1", "--quiet")
    c2 = analyze(folder, tmp / "c2", "--quiet", "--workers", "2")
    identical = same_output(tmp / "c1", tmp / "c2")
    a, b, a_cpu = time_spacy(texts)
    a_load = spacy_load_seconds()
    inc_seconds, inc_line = incremental(tmp / "c1" / "recoupe.sqlite", tmp, folder)
    figures.update(english(tmp, args.docs))  # the same size: measured like the French
    if not args.quick:
        build_corpus(tmp / "m500", 500)
        figures["peak_500"] = analyze(tmp / "m500", tmp / "o500", "--quiet").peak_mib
        big = tmp / "m5000"
        build_corpus(big, 5000)
        big1 = analyze(big, tmp / "o5000", "--quiet")
        big2 = analyze(big, tmp / "o5000w2", "--quiet", "--workers", "2")
        figures.update(big_1_worker_s=big1.seconds, big_2_workers_s=big2.seconds,
                       peak_5000=big1.peak_mib, big_workers2=big1.seconds / big2.seconds,
                       big_identical=same_output(tmp / "o5000", tmp / "o5000w2"))
    n = len(texts)
    rate = {"a": n / a, "b": n / b, "c": n / c1.seconds, "c2": n / c2.seconds}
    figures.update(docs=n, chars=sum(len(t) for t in texts), rate=rate,
                   c_over_a=rate["c"] / rate["a"], c_over_b=rate["c"] / rate["b"],
                   c_over_a_cpu=a_cpu / c1.cpu_s, workers2=c1.seconds / c2.seconds,
                   identical=identical, peak_rss_mib=c1.peak_mib, incremental_s=inc_seconds,
                   incremental_said=inc_line, counts=c1.output, spacy_load_s=a_load,
                   c_over_a_loaded=(a + a_load) / c1.seconds)
    return evaluation


def print_french(figures: dict) -> None:
    rate, n = figures["rate"], figures["docs"]
    print(f"corpus: {n} documents, {figures['chars'] / 1e6:.1f} M characters; "
          f"output {figures['counts']}")
    print(f"(a) spaCy nlp.pipe, all components: {rate['a']:6.1f} docs/s ({n / rate['a']:.1f} s)")
    print(f"(b) spaCy tokenizer alone:          {rate['b']:6.1f} docs/s ({n / rate['b']:.1f} s)")
    print(f"(c) recoupe analyze, 1 worker:      {rate['c']:6.1f} docs/s ({n / rate['c']:.1f} s)")
    print(f"(c) recoupe analyze, 2 workers:     {rate['c2']:6.1f} docs/s "
          f"({n / rate['c2']:.1f} s)")
    print(f"ratio c/a = {figures['c_over_a']:.2f}   ratio c/b = {figures['c_over_b']:.3f}   "
          f"in CPU time: ratio c/a = {figures['c_over_a_cpu']:.2f}")
    print(f"(a) leaves out importing spaCy and loading the model ({figures['spacy_load_s']:.1f} "
          f"s), which (c) pays; with it, ratio c/a = {figures['c_over_a_loaded']:.2f}")
    print(f"2 workers / 1 worker = {figures['workers2']:.2f}   "
          f"outputs identical: {figures['identical']}")
    print(f"peak RSS of (c): {figures['peak_rss_mib']:.0f} MiB")
    if "peak_5000" in figures:
        figures["memory_ratio"] = figures["peak_5000"] / figures["peak_500"]
        print(f"5,000 documents: 1 worker {figures['big_1_worker_s']:.1f} s, 2 workers "
              f"{figures['big_2_workers_s']:.1f} s: 2 workers / 1 worker = "
              f"{figures['big_workers2']:.2f}   outputs identical: {figures['big_identical']}")
        print(f"peak RSS 500 documents {figures['peak_500']:.0f} MiB, 5,000 documents "
              f"{figures['peak_5000']:.0f} MiB: ratio {figures['memory_ratio']:.2f}")
    print(f"incremental: {n} stored + 10 new re-run in {figures['incremental_s']:.1f} s; "
          f"{figures['incremental_said']}")


if __name__ == "__main__":
    sys.exit(main())
