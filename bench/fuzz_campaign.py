"""The long fuzz campaign (issues 8, 19): tests/test_fuzz.py's properties with a large budget.

The inputs include integers past 2**63 ("9223372036854775808", "10^400", "1e9999"), lone
surrogates, invalid UTF-8 spliced into UTF-8, UTF-16 without BOM and hostile JSONL lines.

    .venv/bin/python bench/fuzz_campaign.py                 # 5 000 examples per property
    .venv/bin/python bench/fuzz_campaign.py --examples 500  # a quick pass

The per-document analysis (spaCy) gets a tenth of the budget: it is ~100 times slower
per example than the other stages. Prints one line per property and a summary; exits 1
when a property failed (hypothesis prints the shrunk counter-example above).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the properties live beside the quick tests

import test_fuzz as props  # noqa: E402


def campaign(examples: int, nlp) -> list[tuple[str, int, float, str]]:
    """Run every property; (name, examples, seconds, "ok" or the error) per property."""
    cases: list[tuple[str, int, Callable[[int], Callable[[], None]]]] = [
        ("read_inputs", examples, lambda n: given(
            data=props.file_bytes, suffix=st.sampled_from(props.SUFFIXES))(
            _budget(n)(props.check_read_inputs))),
        ("jsonl_lines", examples, lambda n: given(lines=props.jsonl_lines)(
            _budget(n)(props.check_jsonl_lines))),
        ("clean", examples, lambda n: given(text=st.one_of(props.any_text, props.nested_html))(
            _budget(n)(props.check_clean))),
        ("find_quantities", examples, lambda n: given(text=props.any_text)(
            _budget(n)(props.check_quantities))),
        ("resolve_document_dates", examples, lambda n: given(
            text=props.any_text,
            published=st.one_of(st.none(), st.sampled_from(("2022-01-07", "0001-01-01"))))(
            _budget(n)(lambda text, published: props.check_dates(text, published)))),
        ("analyze_document", max(1, examples // 10), lambda n: given(
            text=st.one_of(props.adversarial_text, props.nested_html).filter(str.strip))(
            _budget(n)(lambda text: props.check_analyze(nlp, text)))),
    ]
    results = []
    for name, n, build in cases:
        began = time.monotonic()
        try:
            build(n)()
            status = "ok"
        except Exception as exc:  # report the property, keep running the others
            traceback.print_exc()
            first_line = (str(exc).splitlines() or [""])[0][:120]  # AssertionError: none
            status = f"FAILED {type(exc).__name__}: {first_line}"
        seconds = time.monotonic() - began
        print(f"{name:24} {n:6d} examples {seconds:7.1f} s  {status}", flush=True)
        results.append((name, n, seconds, status))
    return results


def _budget(n: int):
    return settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck),
                    database=None, print_blob=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="examples per property")
    args = parser.parse_args()
    import hypothesis

    from recoupe.nlp import load_pipeline

    began = time.monotonic()
    results = campaign(args.examples, load_pipeline())
    failed = [r for r in results if r[3] != "ok"]
    total = sum(r[1] for r in results)
    print(f"hypothesis {hypothesis.__version__}: {total} examples over {len(results)} "
          f"properties in {time.monotonic() - began:.0f} s, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
