"""Concurrency (issue 8, item 3): two `recoupe analyze` writing one store, a reader meanwhile.

No lost or duplicated rows, no "database is locked", both exit 0; and the reader never
sees half a document (each document it sees already has all its claims). The reader is
a thread reading through Store in one test, and the real `recoupe serve` (polled over
HTTP, pages and JSON) in the other.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
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


# --------------------------------------------------------------- through a running server


def free_port() -> int:
    """A port nobody listens on now (the OS picks it; serve binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, timeout: float = 60) -> tuple[int, str]:
    """GET ``url``: (status, body); an HTTP error status is returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", errors="replace")


def start_serve(store: Path, port: int, log: Path) -> subprocess.Popen:
    """The real `recoupe serve` command, its output to a file (a pipe could fill and block)."""
    with log.open("wb") as sink:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "recoupe.cli", "serve", "--store", str(store),
             "--host", "127.0.0.1", "--port", str(port)],
            stdout=sink, stderr=subprocess.STDOUT)


def wait_until_serving(base: str, server: subprocess.Popen, log: Path,
                       timeout: float = 90) -> None:
    """Poll until the server answers; fail with its output if it dies or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"recoupe serve exited {server.returncode}: {log.read_text()}")
        try:
            if fetch(base + "/api/comparisons", timeout=5)[0] == 200:
                return
        except OSError:  # refused or reset: not listening yet
            pass
        time.sleep(0.2)
    pytest.fail(f"recoupe serve did not answer within {timeout} s: {log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    """Terminate a process we started, and kill it if it does not go."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


class WebReader(threading.Thread):
    """Polls the server's pages and JSON while the writers run, and keeps what it saw.

    Requests are made one after another, so the claim counts they report are in time
    order and must never go down, whichever route reported them.
    """

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.stop = threading.Event()
        self.errors: list[str] = []
        self.claim_counts: list[tuple[str, int]] = []  # (route, claims), in time order
        self.reports: list[dict[str, int]] = []  # claims per listed document, one per report
        self.doc_claims: list[tuple[str, int]] = []  # (document, claims) from its own route
        self.requests = 0

    def get(self, path: str) -> str | None:
        """The body of a 200 answer; anything else is an error, kept."""
        self.requests += 1
        try:
            status, body = fetch(self.base + path)
        except OSError as exc:
            self.errors.append(f"{path}: {type(exc).__name__}: {exc}")
            return None
        if status != 200 or "database is locked" in body.lower():
            self.errors.append(f"{path}: {status}: {body[:300]}")
            return None
        return body

    def run(self) -> None:
        while not self.stop.is_set():
            self.poll_once()
            if not (self.reports and self.reports[-1]):
                # Nothing written yet (the writers load spaCy): leave them the CPU.
                self.stop.wait(0.1)

    def poll_once(self) -> None:
        """One round over the read routes: report, claims, comparisons, pages, a document."""
        body = self.get("/api/report")
        listed: list[str] = []
        if body is not None:
            report = json.loads(body)
            listed = [d["id"] for d in report["documents"]]
            per_doc = Counter(c["doc"] for c in report["claims"])
            self.reports.append({d: per_doc.get(d, 0) for d in listed})
            self.claim_counts.append(("/api/report", len(report["claims"])))
        body = self.get("/api/claims")
        if body is not None:
            page = json.loads(body)  # one page of the listing, with the total count
            self.claim_counts.append(("/api/claims", int(page["total"])))
        for path in ("/api/comparisons", "/", "/?kind=killed"):
            self.get(path)
        if listed:
            doc = listed[len(self.reports) % len(listed)]
            quoted = urllib.parse.quote(doc, safe="")
            body = self.get(f"/api/documents/{quoted}")
            if body is not None:
                self.doc_claims.append((doc, int(json.loads(body)["claims"])))
            self.get(f"/documents/{quoted}")


def store_counts(store: Path) -> tuple[int, int]:
    with sqlite3.connect(store) as conn:
        return (conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
                conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0])


@pytest.mark.slow
def test_serve_reads_while_two_writers_write(tmp_path: Path) -> None:
    ids = write_folder(tmp_path / "a", "a", 0) + write_folder(tmp_path / "b", "b", 1000)
    store = tmp_path / "served.sqlite"
    Store.open(store).close()
    log = tmp_path / "serve.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_serve(store, port, log)
    reader = WebReader(base)
    writers: list[subprocess.Popen] = []
    try:
        wait_until_serving(base, server, log)
        reader.start()
        writers = [analyze(tmp_path / f, tmp_path / f"out-{f}", store) for f in ("a", "b")]
        outputs = [w.communicate(timeout=300) for w in writers]
        reader.stop.set()
        reader.join(timeout=120)
        assert not reader.is_alive()
        status, body = fetch(base + "/api/report")
        assert status == 200, body[:300]
        final = json.loads(body)
        assert server.poll() is None, log.read_text()
    finally:
        reader.stop.set()
        for process in (*writers, server):  # never leave a process behind a failed test
            stop(process)

    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert "locked" not in err.lower(), err
        assert writer.returncode == 0, err
    assert reader.errors == [], reader.errors[:5]
    assert "Traceback" not in log.read_text(), log.read_text()

    # The served end state is the store's.
    documents, claims = store_counts(store)
    assert sorted(d["id"] for d in final["documents"]) == sorted(ids)
    assert (final["summary"]["documents"], final["summary"]["claims"]) == (documents, claims)
    assert len(final["claims"]) == claims

    # Counts only ever went up, in the order they were read: claims on every route,
    # documents on the report (a document without claims is not in /api/claims).
    assert len(reader.reports) > 3, f"only {reader.requests} requests answered"
    claim_counts = [n for _, n in reader.claim_counts]
    assert claim_counts == sorted(claim_counts), reader.claim_counts
    doc_counts = [len(r) for r in reader.reports]
    assert doc_counts == sorted(doc_counts), doc_counts
    for earlier, later in zip(reader.reports, reader.reports[1:], strict=False):
        assert set(earlier) <= set(later)  # the same documents, and more

    # No half documents: each one listed already had all the claims it ends with.
    final_per_doc = Counter(c["doc"] for c in final["claims"])
    for report in reader.reports:
        assert all(n == final_per_doc[d] for d, n in report.items())
    assert all(n == final_per_doc[d] for d, n in reader.doc_claims)
    assert any(0 < len(r) < len(ids) for r in reader.reports), "the server saw no write"
