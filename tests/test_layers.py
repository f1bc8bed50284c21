"""The stages import only downward, and `recoupe spark` only distributes.

ingest → clean → nlp → extract → link → reconcile → report/store → pipeline →
cli/serve/spark, with textfold, records, errors, settings and lang usable by all: the
import-linter contract in pyproject.toml says it, this test runs it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SPARK = REPO / "src" / "recoupe" / "spark.py"


def test_the_layer_contract_holds(capsys: pytest.CaptureFixture[str]) -> None:
    from importlinter.cli import lint_imports

    status = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True,
                          no_logo=True)
    assert status == 0, capsys.readouterr().out


def _recoupe_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every `from recoupe… import name` in the file, nested ones too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("recoupe"):
            found += [(node.module or "", alias.name) for alias in node.names]
    return found


def test_spark_imports_no_private_helper_and_no_stage() -> None:
    imports = _recoupe_imports(SPARK)
    assert imports, "spark.py should import recoupe's public functions"
    private = [f"{m}.{n}" for m, n in imports if n.startswith("_") and m != "recoupe.spark"]
    assert private == []
    # The stages are reached through recoupe.pipeline only; a stage module imported here
    # would mean a stage copied here.
    stages = ("recoupe.link", "recoupe.reconcile", "recoupe.extract", "recoupe.nlp")
    assert [m for m, _ in imports if m.startswith(stages) and m != "recoupe.link.dates"] == []
