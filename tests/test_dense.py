"""Dense documents cost what their size costs (issue 19, item 2).

A one-paragraph article dense with figures used to take time growing with runs × claims
(the document view), dates × figures (the period of each figure) and figures × figures
(an article's parts). The fast tests count the comparisons those steps make at two sizes
(work, not time); the slow one analyses invented dense articles of two sizes, whole, and
compares the CPU time they take — a ratio, never a wall-clock threshold.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from types import ModuleType

import pytest

from recoupe.reconcile.consensus import split_parts
from recoupe.records import Claim, Document, Source
from recoupe.report.views import document_view

BENCH = Path(__file__).resolve().parents[1] / "bench" / "dense.py"


class Counted(int):
    """An offset or a figure that counts the comparisons made with it."""

    made = 0

    def _count(self) -> None:
        Counted.made += 1

    def __lt__(self, other: object) -> bool:
        self._count()
        return int(self) < other  # type: ignore[operator]

    def __le__(self, other: object) -> bool:
        self._count()
        return int(self) <= other  # type: ignore[operator]

    def __gt__(self, other: object) -> bool:
        self._count()
        return int(self) > other  # type: ignore[operator]

    def __ge__(self, other: object) -> bool:
        self._count()
        return int(self) >= other  # type: ignore[operator]

    __hash__ = int.__hash__


def comparisons(work) -> int:
    Counted.made = 0
    work()
    return Counted.made


def dense_document(claims: int) -> tuple[Document, list[Claim]]:
    """An invented one-paragraph text with one figure per 40-character sentence."""
    sentence = "Au moins 12 morts ont été recensés ici. "
    text = sentence * claims
    found = []
    for n in range(claims):
        start = Counted(n * len(sentence))
        found.append(Claim(
            id=f"c{n}", doc="dense", kind="killed", group="all", group_label=None,
            low=12, high=12, qualifier="exact", quantity_text="12", place=None, period=None,
            source=None, outlet=None, sentence=sentence.strip(),
            span=(Counted(start + 9), Counted(start + 11)),
            sentence_span=(start, Counted(start + len(sentence) - 1))))
    return Document(id="dense", text=text, lang="fr"), found


def growth(work_of, small: int) -> float:
    """How many times more comparisons 4 × the figures take than ``small`` figures."""
    return comparisons(work_of(4 * small)) / comparisons(work_of(small))


def test_document_view_work_grows_linearly_with_the_claims() -> None:
    def work_of(n: int):
        document, claims = dense_document(n)
        return lambda: document_view(document, claims)

    # Linear (with a sort) ≈ 4.5; runs × claims would be 16.
    assert growth(work_of, 150) < 6


def test_document_view_of_a_dense_text_is_whole() -> None:
    document, claims = dense_document(30)
    view = document_view(document, claims)
    assert "".join(run["text"] for run in view["runs"]) == document.text
    assert [a for run in view["runs"] for a in run["anchors"]] == [c.id for c in claims]
    quantities = [run for run in view["runs"] if run["quantity"]]
    assert [run["quantity"] for run in quantities] == [[c.id] for c in claims]
    assert all(run["text"] == "12" and run["sentence"] == run["quantity"] for run in quantities)


def figures(n: int, *, same_value: bool, own_source: bool) -> list[Claim]:
    """``n`` exact figures of one article, equal or all different, one source or one each."""
    return [Claim(
        id=f"c{i}", doc="dense", kind="killed", group="all", group_label=None,
        low=Counted(40 if same_value else i + 1), high=None, qualifier="exact",
        quantity_text="40", place=None, period=None,
        source=Source(f"témoin {i}" if own_source else "la police"), outlet=None,
        sentence="", span=(0, 2)) for i in range(n)]


@pytest.mark.parametrize(("same_value", "own_source"), [(True, False), (False, True)])
def test_parts_of_one_article_work_grows_linearly(same_value: bool, own_source: bool) -> None:
    def work_of(n: int):
        claims = figures(n, same_value=same_value, own_source=own_source)
        return lambda: split_parts(claims)

    # Every figure against every other would be 16.
    assert growth(work_of, 150) < 6


def test_parts_of_one_article_are_the_smaller_figures_of_one_voice() -> None:
    one_voice = figures(5, same_value=False, own_source=False)
    kept, parts = split_parts(one_voice)
    assert [c.id for c in kept] == ["c4"]
    assert [c.id for c in parts] == ["c0", "c1", "c2", "c3"]
    own_voices = figures(5, same_value=False, own_source=True)
    assert split_parts(own_voices) == (own_voices, [])


# --------------------------------------------------------------------------- whole runs


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dense_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cpu_seconds(folder: Path, store: Path) -> tuple[float, int]:
    """CPU time of a whole analysis of ``folder`` (store and report views included)."""
    from recoupe.pipeline import run
    from recoupe.report import build_report

    began = time.process_time()
    result = run([str(folder)], store)
    build_report(result)
    return time.process_time() - began, len(result.claims)


@pytest.mark.slow
def test_dense_article_time_grows_linearly(tmp_path: Path) -> None:
    bench = _bench()
    small, large = 30, 240
    bench.write_corpora(tmp_path / "warm", 5, 2)
    _cpu_seconds(tmp_path / "warm" / "dense", tmp_path / "warm.sqlite")  # loads the model
    seconds, claims = {}, {}
    for kb in (small, large):
        dense, split = bench.write_corpora(tmp_path / str(kb), kb, 40)
        seconds[kb], claims[kb] = _cpu_seconds(dense, tmp_path / f"dense{kb}.sqlite")
    split_seconds, split_claims = _cpu_seconds(split, tmp_path / "split.sqlite")
    assert claims[large] == split_claims > 6 * claims[small]
    # 8 × the text: measured 8.4 × the CPU time, 11.6 × before issue 19's fixes (the
    # quadratic parts grow with the text). And the issue's own measure, at this size:
    # the dense article costs at most twice the same text split into articles.
    growth = seconds[large] / seconds[small]
    against_split = seconds[large] / split_seconds
    assert growth < 10, f"{large} kB took {growth:.1f} × the CPU time of {small} kB"
    assert against_split < 2, f"dense took {against_split:.2f} × the split text's CPU time"
