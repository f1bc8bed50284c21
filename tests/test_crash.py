"""Crash safety (issue 8, item 2): SIGKILL during `recoupe analyze`, then re-run.

The killed run must leave a store that passes ``PRAGMA integrity_check``; the re-run
must finish it with every document exactly once and the same claims (ids and values)
as an uninterrupted run into a fresh store.
"""

from __future__ import annotations

import dataclasses
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

N_DOCS = 200
PLACES = ("Belcastre", "Port-Lize", "Valmont", "Saint-Orgue", "Ravenne-sur-Lize")
KINDS = (
    "{a} personnes ont été tuées et {b} blessées lors des émeutes à {p}, selon la police.",
    "Les inondations ont fait {a} morts à {p} ; {b} habitants ont été évacués, a indiqué la "
    "préfecture.",
    "Au moins {a} manifestants ont été arrêtés mardi à {p}, d'après le ministère de l'Intérieur.",
    "Le séisme a fait {a} victimes et {b} disparus dans la région de {p}, selon les secours.",
)


def write_corpus(folder: Path, n: int = N_DOCS, seed: int = 8) -> None:
    """``n`` short invented French articles whose figures all differ."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        lines = [f"Bilan numéro {i + 1} à {place}", ""]
        for j, template in enumerate(rng.sample(KINDS, 2)):
            lines.append(template.format(a=3 + i * 7 + j, b=11 + i * 5 + j, p=place))
        lines.append(f"Le {1 + i % 28} janvier 2022, {rng.randint(2, 900)} soldats ont été "
                     "déployés.")
        (folder / f"a{i:03d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def analyze_cmd(inputs: Path, out: Path, store: Path | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "recoupe.cli", "analyze", str(inputs), "--out", str(out),
           "--quiet"]
    return cmd + (["--store", str(store)] if store else [])


def saved_documents(store: Path) -> int:
    """Documents committed so far (0 while the store does not exist yet)."""
    if not store.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def kill_after(cmd: list[str], store: Path, at_least: int, limit: float = 120) -> int:
    """Start ``cmd``, SIGKILL it once ``at_least`` more documents are committed."""
    before = saved_documents(store)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + limit
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if saved_documents(store) >= before + at_least:
                break
            time.sleep(0.02)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
    return proc.returncode


def store_state(store: Path) -> tuple[str, list[str], list[tuple]]:
    """Integrity check, document ids, and claims (id, doc, kind, group, low, high)."""
    with sqlite3.connect(store) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        docs = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
        claims = list(conn.execute(
            "SELECT id, doc, kind, grp, low, high, qualifier FROM claims ORDER BY doc, seq"))
    return check, docs, claims


@pytest.mark.slow
def test_sigkill_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    rng = random.Random(2022)

    killed_out = tmp_path / "killed"
    store = killed_out / "recoupe.sqlite"
    codes = [kill_after(analyze_cmd(corpus, killed_out), store, rng.randint(5, 40))
             for _ in range(3)]
    assert -signal.SIGKILL in codes, "no run was killed: the kill points came too late"
    check, docs, _ = store_state(store)
    assert check == "ok"
    assert 0 < len(docs) < N_DOCS and len(docs) == len(set(docs))

    resumed = subprocess.run(analyze_cmd(corpus, killed_out), capture_output=True, text=True,
                             timeout=300)
    fresh = subprocess.run(analyze_cmd(corpus, tmp_path / "fresh"), capture_output=True,
                           text=True, timeout=300)
    assert (resumed.returncode, fresh.returncode) == (0, 0), resumed.stderr + fresh.stderr

    check, docs, claims = store_state(store)
    fresh_check, fresh_docs, fresh_claims = store_state(tmp_path / "fresh" / "recoupe.sqlite")
    assert (check, fresh_check) == ("ok", "ok")
    assert docs == fresh_docs == sorted(f"a{i:03d}" for i in range(N_DOCS))
    assert len(claims) >= N_DOCS
    assert claims == fresh_claims
    # The output folder written by the resumed run matches too (claims.jsonl line for line).
    resumed_lines = (killed_out / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    fresh_lines = (tmp_path / "fresh" / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    assert resumed_lines == fresh_lines


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (read from /proc, Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """Running, not merely a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.slow
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    """kill -9 of `recoupe analyze --workers 2` leaves no worker and no resource tracker."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, n=120)
    out = tmp_path / "out"
    proc = subprocess.Popen(analyze_cmd(corpus, out) + ["--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    children: list[int] = []
    try:
        # Workers are busy once documents arrive in the store.
        while time.monotonic() < deadline and proc.poll() is None:
            children = _children(proc.pid)
            if len(children) >= 3 and saved_documents(out / "recoupe.sqlite") >= 4:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before it could be killed"
        assert len(children) >= 3  # two workers and the resource tracker
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    gone_by = time.monotonic() + 30
    while time.monotonic() < gone_by and any(_alive(p) for p in children):
        time.sleep(0.1)
    assert [p for p in children if _alive(p)] == []


def test_claims_read_back_from_the_store_keep_their_rule(store, document_factory,
                                                         claim_factory) -> None:
    """The cause of a failed re-run: a claim's ``rule`` came back from the store as a dict,
    so linking (which records why a place was dropped) raised in the cross-document stage
    and the run stopped with a traceback. Read back, a claim equals the claim saved."""
    from recoupe.link.claims import link_claims
    from recoupe.records import ClaimRule, Place

    doc = document_factory("000_a")
    saved = [claim_factory("000_a", 1, rule=ClaimRule("killed_passive", "people", "selon",
                                                      "after_a")),
             claim_factory("000_a", 2, rule=None,
                           place=Place("la situation", span=(60, 64)))]
    store.save_document(doc, claims=saved, mentions=[], dates=[])
    read = list(store.claims(linked=False))
    assert read == saved and isinstance(read[0].rule, ClaimRule)
    with_rule = [dataclasses.replace(read[1], rule=read[0].rule)]
    linked = link_claims(with_rule, [])
    # "la situation" is no place: dropped, and the rule says why.
    assert linked[0].place is None
    assert linked[0].rule == ClaimRule("killed_passive", "people", "selon", "not_a_place")
