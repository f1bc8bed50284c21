"""Worker processes that die mid-run (killed, out of memory) do not lose documents: a new
pool analyses again every chunk not yet returned, once; a second death stops the run with
one clear error. Real processes, really killed."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from recoupe.errors import RecoupeError
from recoupe.ingest import read_inputs
from recoupe.pipeline.workers import Workers, analyze_rows
from recoupe.records import Document

# Invented article (for the tests only); each copy names another town and toll.
ARTICLE = """TITLE: Crues dans la vallée (article inventé pour les tests)
DATE: 2024-03-12

Selon la préfecture, au moins {n} personnes sont mortes dans les crues mardi à {town}.
"""
TOWNS = ("Tizi", "Béjaïa", "Sétif", "Batna", "Blida", "Médéa", "Oran", "Annaba")


def _documents(folder: Path) -> list[Document]:
    for i, town in enumerate(TOWNS):
        text = ARTICLE.format(n=10 + i, town=town)
        (folder / f"crue{i}.txt").write_text(text, encoding="utf-8")
    return [d for d in read_inputs([str(folder)]) if isinstance(d, Document)]


def _kill_new_workers(before: set[int]) -> int:
    """SIGKILL the processes this test's pool started (not any other test's)."""
    killed = 0
    for child in multiprocessing.active_children():
        if child.pid not in before:
            child.kill()
            child.join(timeout=30)
            killed += 1
    return killed


def _rows(results: list) -> list:
    """What each document's analysis found (its row also holds the time it was made)."""
    return [(r.doc, r.rows.claims, r.rows.mentions, r.rows.dates) for r in results]


@pytest.mark.slow
def test_a_killed_worker_loses_no_document(tmp_path: Path) -> None:
    documents = _documents(tmp_path)
    expected = _rows(list(analyze_rows(documents, None, chunk=1)))  # in this process
    before = {p.pid for p in multiprocessing.active_children()}
    with Workers(2) as pool:
        results = analyze_rows(documents, None, pool=pool, chunk=1)
        got = [next(results)]
        assert _kill_new_workers(before) >= 1
        got += list(results)
        assert pool.restarts == 1
    assert _rows(got) == expected
    assert len(expected) == len(TOWNS)


@pytest.mark.slow
def test_workers_killed_twice_stop_the_run_with_one_error(tmp_path: Path) -> None:
    documents = _documents(tmp_path)
    before = {p.pid for p in multiprocessing.active_children()}
    with Workers(2) as pool:
        results = analyze_rows(documents, None, pool=pool, chunk=1)
        next(results)
        _kill_new_workers(before)
        next(results)  # from the second pool
        _kill_new_workers(before)
        with pytest.raises(RecoupeError) as caught:
            list(results)
    assert caught.value.code == "analysis_failed"
    assert "stopped 2 times" in str(caught.value)
