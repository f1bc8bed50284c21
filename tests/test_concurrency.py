"""Concurrency (issue 8, item 3): two `recoupe analyze` writing one store, a reader meanwhile.

No lost or duplicated rows, no "database is locked", both exit 0; and the reader never
sees half a document (each document it sees already has all its claims).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from recoupe.store import Store

N_PER_FOLDER = 80
TEMPLATES = (
    "Selon la police, {a} personnes ont été arrêtées et {b} blessées à {p} lundi.",
    "Les crues ont fait {a} morts à {p}, a annoncé la préfecture ; {b} maisons sont détruites.",
    "Au moins {a} soldats ont été déployés à {p}, d'après le ministère de la Défense.",
)
PLACES = ("Belcastre", "Port-Lize", "Valmont", "Saint-Orgue")


def write_folder(folder: Path, prefix: str, offset: int) -> list[str]:
    """Invented articles with figures unique to each file; returns their ids."""
    folder.mkdir(parents=True)
    ids = []
    for i in range(N_PER_FOLDER):
        n = offset + i
        place = PLACES[n % len(PLACES)]
        body = " ".join(t.format(a=5 + n * 3, b=40 + n * 2, p=place) for t in TEMPLATES)
        doc_id = f"{prefix}{i:03d}"
        (folder / f"{doc_id}.txt").write_text(f"Dépêche {n} : {place}\n\n{body}\n", "utf-8")
        ids.append(doc_id)
    return ids


def analyze(inputs: Path, out: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "recoupe.cli", "analyze", str(inputs), "--out", str(out),
         "--store", str(store), "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


class Reader(threading.Thread):
    """Counts rows in one snapshot, over and over, until told to stop."""

    def __init__(self, store: Path) -> None:
        super().__init__(daemon=True)
        self.store = store
        self.stop = threading.Event()
        self.snapshots: list[dict[str, int]] = []  # claims per visible document
        self.errors: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with Store.open(self.store, readonly=True) as store, store.snapshot():
                    docs = [d.id for d in store.documents()]
                    per_doc = Counter(c.doc for c in store.claims())
                self.snapshots.append({d: per_doc.get(d, 0) for d in docs})
            except (sqlite3.OperationalError, Exception) as exc:
                if self.snapshots or "no such table" not in str(exc) and self.store.exists():
                    self.errors.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.01)


def claims_of(store: Path) -> list[tuple]:
    with sqlite3.connect(store) as conn:
        return list(conn.execute(
            "SELECT doc, id, kind, grp, low, high FROM claims ORDER BY doc, seq"))


@pytest.mark.slow
def test_two_writers_and_a_reader(tmp_path: Path) -> None:
    ids = write_folder(tmp_path / "a", "a", 0) + write_folder(tmp_path / "b", "b", 1000)
    store = tmp_path / "shared.sqlite"
    Store.open(store).close()  # the reader opens read-only, which needs the file
    reader = Reader(store)
    reader.start()
    writers = [analyze(tmp_path / f, tmp_path / f"out-{f}", store) for f in ("a", "b")]
    outputs = [w.communicate(timeout=300) for w in writers]
    reader.stop.set()
    reader.join(timeout=30)

    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert "locked" not in err.lower(), err
        assert writer.returncode == 0, err
    assert reader.errors == []
    with sqlite3.connect(store) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
    assert docs == sorted(ids)  # every document, exactly once

    # The same documents analysed alone, into a fresh store: same claims, none lost or doubled.
    alone = tmp_path / "alone.sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "recoupe.cli", "analyze", str(tmp_path / "a"), str(tmp_path / "b"),
         "--out", str(tmp_path / "out-alone"), "--store", str(alone), "--quiet"],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    final = claims_of(store)
    assert final == claims_of(alone)
    assert len(final) >= 2 * len(ids)

    # What the reader saw: documents only ever added, each with all its claims already.
    final_per_doc = Counter(row[0] for row in final)
    assert len(reader.snapshots) > 5
    seen_before: set[str] = set()
    for snapshot in reader.snapshots:
        assert seen_before <= set(snapshot)
        seen_before = set(snapshot)
        assert all(n == final_per_doc[d] for d, n in snapshot.items())
    assert any(0 < len(s) < len(ids) for s in reader.snapshots), "the reader saw no write"
