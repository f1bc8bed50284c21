"""The eval gate: recoupe's figures on the shared corpus must not fall below pinned floors.

Floors are the issue's acceptance bars; raise them as the figures rise, never lower them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.cli import main
from recoupe.evaluate import main_figures, run_eval

FLOORS = {
    "claims_f1": 0.90,
    "group_acc": 0.90,
    "source_acc": 0.85,
    "place_acc": 0.85,
}


@pytest.fixture(scope="module")
def corpus_output(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gate")
    status = main(["analyze", str(corpus_dir), "--out", str(out), "--quiet"])
    assert status == 0
    return out


@pytest.fixture(scope="module")
def figures(corpus_output: Path, eval_dir: Path) -> dict[str, float]:
    return main_figures(run_eval(eval_dir / "kazakhstan-2022.claims.gold.jsonl", corpus_output))


@pytest.mark.parametrize("name,floor", sorted(FLOORS.items()))
def test_claims_figure_above_floor(figures: dict[str, float], name: str, floor: float) -> None:
    assert figures[name] >= floor, f"{name} = {figures[name]:.3f} fell below {floor}"


def test_no_trap_is_taken_for_a_claim(figures: dict[str, float]) -> None:
    assert figures["traps_hit"] == 0


def test_every_output_file_is_written(corpus_output: Path) -> None:
    for name in ("documents.jsonl", "claims.jsonl", "entities.jsonl", "timeline.jsonl",
                 "comparisons.jsonl", "events.csv", "errors.jsonl", "report.html"):
        assert (corpus_output / name).is_file(), name
