"""Load test of `recoupe serve` (issue 8, item 4): concurrent reads and article submissions.

    .venv/bin/python bench/load.py                     # 50 clients for 30 s
    .venv/bin/python bench/load.py --clients 10 --seconds 5
    .venv/bin/python bench/load.py --documents 1000 --big-kb 800   # issue 19's store
    .venv/bin/python bench/load.py --store out/recoupe.sqlite --mix all   # a store built before

Builds a store from demo/corpus in a temporary folder (or copies the one given with
``--store``: it is never written), starts `recoupe serve` on
127.0.0.1 at a free port, then runs the clients (threads with urllib) until the time is
up: each request is a read (``--mix reads``, the default: GET /, /api/claims,
/api/comparisons; ``--mix all`` adds /claims, /documents, /api/report, /api/documents
and the page of the store's largest document) or, one time in ``--post-every``, a POST
/api/articles with a small invented article. Every client stops
on its own at the deadline; the server is stopped at the end. The last lines are the
figures: requests, throughput, p50/p99 latency per kind, and errors (non-2xx or failed).
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READS = ("/", "/api/claims", "/api/comparisons")
MORE_READS = ("/claims?kind=injured", "/documents", "/api/report", "/api/documents?offset=500",
              "/api/claims?offset=5000&limit=1000")
PLACES = ("Belcastre", "Port-Lize", "Valmont", "Saint-Orgue")
READ_TIMEOUT = 120  # seconds
SUBMISSION_TIMEOUT = 600


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def article(rng: random.Random) -> dict[str, str]:
    """A short invented French dispatch; its numbers make each one new to the store."""
    place = rng.choice(PLACES)
    a, b = rng.randint(2, 5000), rng.randint(2, 5000)
    return {
        "title": f"Nouveau bilan à {place}",
        "outlet": "Agence inventée",
        "published": f"2024-03-{rng.randint(10, 20)}",
        "text": f"Nouveau bilan à {place}\n\nSelon la préfecture, {a} personnes ont été évacuées "
                f"et {b} blessées à {place} mardi. Au moins {a % 97 + 1} morts sont à déplorer.",
    }


class Client(threading.Thread):
    def __init__(self, base: str, deadline: float, seed: int, post_every: int,
                 reads: tuple[str, ...] = READS) -> None:
        super().__init__(daemon=True)
        self.base, self.deadline, self.post_every = base, deadline, post_every
        self.reads = reads
        self.rng = random.Random(seed)
        self.latencies: dict[str, list[float]] = {"read": [], "post": []}
        self.errors: Counter[str] = Counter()
        self.last_read = 0.0  # when its last read was answered (time.monotonic)
        self.by_path: dict[str, list[float]] = {}  # read latencies by path

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            post = self.rng.randrange(self.post_every) == 0
            if post:
                body = json.dumps(article(self.rng)).encode()
                request = urllib.request.Request(
                    self.base + "/api/articles", data=body, method="POST",
                    headers={"Content-Type": "application/json"})
            else:
                request = urllib.request.Request(self.base + self.rng.choice(self.reads))
            began = time.monotonic()
            try:
                # A submission waits for the batch ahead of it and its own, each with a
                # cross-document pass over the whole store: minutes on a large one.
                timeout = SUBMISSION_TIMEOUT if post else READ_TIMEOUT
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    response.read()
                    ok = 200 <= response.status < 300
            except urllib.error.HTTPError as err:
                ok = False
                self.errors[f"HTTP {err.code} {request.full_url}"] += 1
            except OSError as err:
                ok = False
                self.errors[f"{type(err).__name__} {request.full_url}"] += 1
            if ok:
                self.latencies["post" if post else "read"].append(time.monotonic() - began)
                if not post:
                    self.last_read = time.monotonic()
                    path = request.full_url[len(self.base):]
                    self.by_path.setdefault(path, []).append(self.last_read - began)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def dense_article(kilobytes: int) -> str:
    """One paragraph dense with figures, ``kilobytes`` long (issue 19: 800 kB)."""
    rng = random.Random(800)
    sentences = []
    size = 0
    while size < kilobytes * 1000:
        place = rng.choice(PLACES)
        sentence = (f"Selon la préfecture, {rng.randint(2, 5000)} personnes ont été évacuées à "
                    f"{place} et au moins {rng.randint(1, 300)} ont été blessées mardi. ")
        sentences.append(sentence)
        size += len(sentence.encode("utf-8"))
    return "Bilan dense\n\n" + "".join(sentences)


def write_corpus(folder: Path, documents: int, big_kb: int) -> Path:
    """``documents`` invented dispatches, plus one dense article of ``big_kb`` kB if asked."""
    corpus = folder / "corpus"
    corpus.mkdir()
    rng = random.Random(19)
    for n in range(documents):
        item = article(rng)
        (corpus / f"{n:05d}.txt").write_text(
            f"TITLE: {item['title']}\nOUTLET: {item['outlet']}\nDATE: {item['published']}\n\n"
            f"{item['text']}\n", encoding="utf-8")
    if big_kb:
        (corpus / "dense.txt").write_text(dense_article(big_kb), encoding="utf-8")
    return corpus


def build_store(folder: Path, documents: int = 0, big_kb: int = 0) -> Path:
    out = folder / "out"
    corpus = write_corpus(folder, documents, big_kb) if documents or big_kb \
        else ROOT / "demo/corpus"
    done = subprocess.run([sys.executable, "-m", "recoupe.cli", "analyze", str(corpus),
                           "--out", str(out), "--quiet"], check=False, timeout=7200,
                          stderr=subprocess.PIPE, text=True)
    store = out / "recoupe.sqlite"
    if not store.exists():
        raise SystemExit("load: the demo store could not be built")
    refused = [line for line in done.stderr.splitlines() if line.strip()]
    if refused:
        print(f"store: {len(refused)} lines on stderr, the first: {refused[0]}", flush=True)
    return store


def store_counts(store: Path) -> tuple[int, int]:
    import sqlite3

    with sqlite3.connect(store.resolve().as_uri() + "?mode=ro", uri=True) as conn:
        return (conn.execute("SELECT count(*) FROM documents").fetchone()[0],
                conn.execute("SELECT count(*) FROM claims").fetchone()[0])


def copy_store(folder: Path, given: Path) -> Path:
    """A copy of a store built before (with its WAL), so that the run never writes it."""
    import sqlite3

    store = folder / "out" / "recoupe.sqlite"
    store.parent.mkdir(parents=True)
    source = sqlite3.connect(given.resolve().as_uri() + "?mode=ro", uri=True)
    target = sqlite3.connect(store)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return store


def largest_document(store: Path) -> str:
    import sqlite3
    from urllib.parse import quote

    with sqlite3.connect(store.resolve().as_uri() + "?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT id FROM documents ORDER BY chars DESC LIMIT 1").fetchone()
    return "/documents/" + quote(row[0], safe="") if row else "/documents"


def wait_ready(base: str, server: subprocess.Popen, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("load: recoupe serve exited early")
        try:
            with urllib.request.urlopen(base + "/api/comparisons", timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("load: recoupe serve did not answer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--post-every", type=int, default=20,
                        help="one request in N is an article submission")
    parser.add_argument("--documents", type=int, default=0,
                        help="build the store from N invented dispatches (default: demo/corpus)")
    parser.add_argument("--big-kb", type=int, default=0,
                        help="add one dense one-paragraph article of this many kB")
    parser.add_argument("--store", type=Path, default=None,
                        help="serve a copy of this store instead of building one")
    parser.add_argument("--mix", choices=("reads", "all"), default="reads",
                        help="reads: /, /api/claims, /api/comparisons (default); all: and "
                        "the other listings, /api/report and the largest document's page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="recoupe-load-") as tmp:
        began = time.monotonic()
        if args.store is not None:
            store = copy_store(Path(tmp), args.store)
            print(f"store: a copy of {args.store}", flush=True)
        else:
            store = build_store(Path(tmp), args.documents, args.big_kb)
            print(f"store: built in {time.monotonic() - began:.0f} s", flush=True)
        documents, claims = store_counts(store)
        print(f"store: {documents} documents, {claims} claims", flush=True)
        if claims == 0:
            raise SystemExit("load: the store holds no claim (see the lines above)")
        reads = READS if args.mix == "reads" else (
            *READS, *MORE_READS, largest_document(store))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "recoupe.cli", "serve", "--store", str(store),
             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            wait_ready(base, server)
            began = time.monotonic()
            clients = [Client(base, began + args.seconds, seed, args.post_every, reads)
                       for seed in range(args.clients)]
            for c in clients:
                c.start()
            for c in clients:
                c.join(timeout=args.seconds + SUBMISSION_TIMEOUT + 60)
            elapsed = time.monotonic() - began
        finally:
            server.terminate()
            try:
                _, server_err = server.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                _, server_err = server.communicate()
    reads = [x for c in clients for x in c.latencies["read"]]
    posts = [x for c in clients for x in c.latencies["post"]]
    errors: Counter[str] = sum((c.errors for c in clients), Counter())
    locked = server_err.lower().count("database is locked")
    for what, n in errors.most_common(5):
        print(f"error: {n} × {what}")
    print(f"load: {args.clients} clients, {elapsed:.1f} s, {len(reads)} reads + {len(posts)} "
          f"article submissions OK")
    # A client waits for its submission's answer (the analysis): the reads of all clients
    # are answered within the first part of the run, which this line measures.
    reading = max((c.last_read for c in clients), default=began) - began
    print(f"throughput: {(len(reads) + len(posts)) / elapsed:.1f} requests/s; reads "
          f"{len(reads) / max(reading, 1e-9):.1f}/s over the {reading:.1f} s they were answered in")
    print(f"latency reads: p50 {percentile(reads, 50) * 1000:.0f} ms, "
          f"p99 {percentile(reads, 99) * 1000:.0f} ms")
    print(f"latency submissions: p50 {percentile(posts, 50) * 1000:.0f} ms, "
          f"p99 {percentile(posts, 99) * 1000:.0f} ms")
    print(f"errors: {sum(errors.values())} (server 'database is locked': {locked})")
    if args.mix == "all":
        paths = sorted({p for c in clients for p in c.by_path})
        for path in paths:
            times = [x for c in clients for x in c.by_path.get(path, [])]
            print(f"  {path}: {len(times)} reads, p50 {percentile(times, 50) * 1000:.0f} ms, "
                  f"p99 {percentile(times, 99) * 1000:.0f} ms")
    return 1 if errors or locked else 0


if __name__ == "__main__":
    sys.exit(main())
