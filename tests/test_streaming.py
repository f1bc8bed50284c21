"""Streaming (issue 7): documents are pulled from their input only as they are analysed,
undated ones wait for the run's other articles, and workers change nothing in the results."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from recoupe.pipeline import Analysed, Deferred, analyze_rows
from recoupe.records import Document
from recoupe.settings import DEFAULT

DATED = ("Publié le 12 mars 2024. Selon la préfecture, {n} personnes ont été évacuées à "
         "Belcastre et {m} blessées.")
UNDATED = "Vendredi, {n} maisons ont été inondées à Valmont, a indiqué le maire."


def document(i: int, template: str = DATED) -> Document:
    text = template.format(n=10 + i, m=3 + i)
    return Document(id=f"d{i:03d}", text=text, path=f"d{i:03d}.txt")


class Counting:
    """An input that counts how many documents were taken from it."""

    def __init__(self, documents: list[Document]) -> None:
        self.documents, self.taken = documents, 0

    def __iter__(self) -> Iterator[Document]:
        for d in self.documents:
            self.taken += 1
            yield d


@pytest.mark.parametrize("workers", [1, 2])
def test_documents_are_read_as_they_are_analysed(nlp, workers: int) -> None:
    source = Counting([document(i) for i in range(60)])
    results = analyze_rows(source, None, DEFAULT, workers=workers, chunk=4)
    first = next(results)
    # One chunk per worker in flight and one queued: never the whole input.
    assert isinstance(first, Analysed) and first.doc == "d000"
    assert source.taken <= 2 * workers * 4 + 4
    rest = list(results)
    assert [r.doc for r in [first, *rest]] == [f"d{i:03d}" for i in range(60)]


def test_two_workers_give_the_same_rows(nlp) -> None:
    docs = [document(i) for i in range(12)] + [document(99, UNDATED)]

    def rows(workers: int) -> list:
        out = []
        for r in analyze_rows(docs, None, DEFAULT, workers=workers, defer_undated=True,
                              chunk=3):
            # The saved_at stamp aside, every row is the same.
            out.append(r if not isinstance(r, Analysed) else
                       (r.doc, r.rows.document[:9], r.rows.document[10:], r.rows.claims,
                        r.rows.mentions, r.rows.dates))
        return out

    one, two = rows(1), rows(2)
    assert one == two
    assert [r.document.id for r in one if isinstance(r, Deferred)] == ["d099"]
