"""`recoupe analyze` end to end: outputs, exit status, bad inputs, idempotent re-runs."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from recoupe.cli import main

ARTICLE = """TITLE: Crues dans la vallée (article inventé pour les tests)
OUTLET: Test Gazette
DATE: 2024-03-12

Selon la préfecture, au moins 12 personnes sont mortes et 40 ont été blessées dans les crues
qui ont frappé Lyon mardi. Plus de 300 habitants ont été évacués.
"""


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--help"]) == 0
    assert "example:" in capsys.readouterr().out


def test_usage_error_exits_2() -> None:
    assert main(["analyze"]) == 2


def test_nothing_readable_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "nope.txt" in err and "no such file" in err


def test_bad_inputs_are_reported_and_the_rest_analysed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "out"
    status = main(["analyze", str(good), str(empty), str(binary), str(tmp_path / "missing.txt"),
                   "--out", str(out), "--quiet"])
    assert status == 1
    err_lines = [line for line in capsys.readouterr().err.splitlines() if line]
    assert len(err_lines) == 3 and all(line.startswith("recoupe: ") for line in err_lines)
    assert "Traceback" not in "\n".join(err_lines)
    errors = _rows(out / "errors.jsonl")
    assert {Path(e["input"]).name for e in errors} == {"empty.txt", "blob.txt", "missing.txt"}
    assert all(e["reason"] for e in errors)
    docs = _rows(out / "documents.jsonl")
    assert [d["id"] for d in docs] == ["good"]
    assert docs[0]["outlet"] == "Test Gazette" and docs[0]["published"] == "2024-03-12"
    assert docs[0]["published_basis"] == "header"
    claims = _rows(out / "claims.jsonl")
    assert {(c["kind"], c["low"], c["qualifier"]) for c in claims} >= {
        ("killed", 12, "at_least"), ("injured", 40, "exact"), ("displaced", 300, "more_than"),
    }


def test_rerun_is_idempotent_and_new_files_only_are_analysed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--out", str(out)]) == 0
    first = capsys.readouterr().err
    assert "1 analysed" in first

    def counts() -> dict[str, int]:
        with sqlite3.connect(out / "recoupe.sqlite") as db:
            return {t: db.execute(f"select count(*) from {t}").fetchone()[0]
                    for t in ("documents", "claims")}

    before = counts()
    assert main(["analyze", str(folder), "--out", str(out)]) == 0
    assert "0 analysed, 1 unchanged" in capsys.readouterr().err
    assert counts() == before
    shutil.copy(folder / "a.txt", folder / "b.txt")
    assert main(["analyze", str(folder), "--out", str(out)]) == 0
    assert "1 analysed, 1 unchanged" in capsys.readouterr().err
    assert counts()["documents"] == 2


def test_claim_ids_are_stable_across_runs(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    ids = []
    for run in ("one", "two"):
        out = tmp_path / run
        assert main(["analyze", str(source), "--out", str(out), "--quiet"]) == 0
        ids.append([c["id"] for c in _rows(out / "claims.jsonl")])
    assert ids[0] == ids[1] and len(set(ids[0])) == len(ids[0])


def test_shared_corpus_documents(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["analyze", str(corpus_dir), "--out", str(out), "--quiet"]) == 0
    docs = {d["id"]: d for d in _rows(out / "documents.jsonl")}
    assert len(docs) == 5
    assert {d["lang"] for d in docs.values()} == {"fr"}
    for d in docs.values():
        assert d["chars"] == len((corpus_dir / f"{d['id']}.txt").read_text(encoding="utf-8"))
        assert all(0 <= s < e <= d["chars"] for s, e in d["boilerplate"])
        assert d["published_basis"] in ("header", "metadata", "text", "inferred", "unknown")


def test_two_workers_give_the_same_results(tmp_path: Path) -> None:
    demo = Path(__file__).resolve().parents[1] / "demo" / "corpus"
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}"
        assert main(["analyze", str(demo), "--out", str(out), "--quiet",
                     "--workers", workers]) == 0
        outputs.append({name: (out / name).read_text(encoding="utf-8")
                        for name in ("claims.jsonl", "entities.jsonl", "comparisons.jsonl")})
    assert outputs[0] == outputs[1]
    assert outputs[0]["claims.jsonl"].count("\n") > 5


def _run_on_terminal(args: list[str], cwd: Path) -> str:
    """Run the CLI with stderr on a pseudo-terminal; return what the terminal showed."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "recoupe.cli", *args], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=300)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    shown = _run_on_terminal(["analyze", str(source), "--out", str(tmp_path / "o1")], tmp_path)
    assert "analysing" in shown and "1/1" in shown  # the stage, done of the total
    quiet = _run_on_terminal(["analyze", str(source), "--out", str(tmp_path / "o2"), "--quiet"],
                             tmp_path)
    assert "analysing" not in quiet


def test_incremental_run_equals_a_fresh_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    """Issue 7: new articles added to a stored run are the only ones analysed, and the
    cross-document results (entities, comparisons, timeline) are those of a fresh run."""
    demo = sorted((Path(__file__).parents[1] / "demo" / "corpus").glob("*.txt"))
    assert len(demo) >= 4
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in demo[:-2]:
        shutil.copy(path, folder / path.name)
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--out", str(out)]) == 0
    for path in demo[-2:]:
        shutil.copy(path, folder / path.name)
    capsys.readouterr()
    assert main(["analyze", str(folder), "--out", str(out)]) == 0
    assert f"2 analysed, {len(demo) - 2} unchanged" in capsys.readouterr().err
    fresh = tmp_path / "fresh"
    assert main(["analyze", str(folder), "--out", str(fresh)]) == 0
    for name in ("claims.jsonl", "entities.jsonl", "comparisons.jsonl", "timeline.jsonl",
                 "events.csv"):
        assert (out / name).read_text("utf-8") == (fresh / name).read_text("utf-8"), name
    new_ids = {path.stem for path in demo[-2:]}
    compared = [json.loads(line) for line in (out / "comparisons.jsonl").open(encoding="utf-8")]
    claim_docs = {json.loads(line)["id"]: json.loads(line)["doc"]
                  for line in (out / "claims.jsonl").open(encoding="utf-8")}
    assert any(claim_docs[c] in new_ids for row in compared for c in row["claims"])


def test_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    from recoupe import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"recoupe {__version__}"
    # The installed version is the newest one CHANGELOG.md describes (a change of
    # behaviour bumps both).
    changelog = (Path(__file__).resolve().parents[1] / "CHANGELOG.md").read_text("utf-8")
    released = re.search(r"^## \[(\d+\.\d+\.\d+)\]", changelog, re.MULTILINE)
    assert released is not None and __version__ == released.group(1)


@pytest.mark.parametrize("workers", ["0", "-3", "two"])
def test_bad_worker_counts_are_usage_errors(tmp_path: Path, workers: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    assert main(["analyze", str(source), "--out", str(tmp_path / "o"), "--workers",
                 workers]) == 2
    assert "--workers" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_bad_setting_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "recoupe.toml").write_text("batch_size = 0\n", encoding="utf-8")
    assert main(["analyze", str(source), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "batch_size" in err[0] and "Traceback" not in err[0]


def test_a_store_of_an_unknown_schema_version_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(source), "--out", str(out), "--quiet"]) == 0
    with sqlite3.connect(out / "recoupe.sqlite") as db:
        db.execute("INSERT INTO schema_migrations VALUES (99, 'from the future', 'x')")
    assert main(["analyze", str(source), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "[99]" in err[0] and err[0].startswith("recoupe: ")


def test_eval_takes_gold_and_out_as_positional_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "x.claims.gold.jsonl"
    gold.write_text("", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "claims.jsonl").write_text("", encoding="utf-8")
    assert main(["eval", str(gold), str(tmp_path / "out"), "--json"]) == 0
    positional = capsys.readouterr().out
    assert main(["eval", "--gold", str(gold), "--pred", str(tmp_path / "out"), "--json"]) == 0
    assert capsys.readouterr().out == positional
    assert main(["eval", str(gold)]) == 2


def test_files_skipped_in_a_folder_are_listed(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "photo.png").write_bytes(b"\x89PNG")
    assert main(["analyze", str(folder), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "scan.pdf: skipped" in err and "photo.png: skipped" in err
    assert "a.txt: skipped" not in err


def test_a_new_version_re_analyses_stored_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(source), "--out", str(out)]) == 0
    assert main(["analyze", str(source), "--out", str(out)]) == 0
    assert "0 analysed, 1 unchanged" in capsys.readouterr().err
    monkeypatch.setattr("recoupe.pipeline.document.__version__", "99.0.0")
    assert main(["analyze", str(source), "--out", str(out)]) == 0
    assert "1 analysed, 0 unchanged" in capsys.readouterr().err


def test_changing_only_the_date_header_updates_the_claims_periods(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")  # DATE 2024-03-12, a Tuesday: "mardi"
    out = tmp_path / "out"
    assert main(["analyze", str(source), "--out", str(out), "--quiet"]) == 0
    before = {c["period"]["start"] for c in _rows(out / "claims.jsonl") if c["period"]}
    source.write_text(ARTICLE.replace("2024-03-12", "2024-03-19"), encoding="utf-8")
    assert main(["analyze", str(source), "--out", str(out)]) == 0
    assert "1 analysed, 0 unchanged" in capsys.readouterr().err
    after = {c["period"]["start"] for c in _rows(out / "claims.jsonl") if c["period"]}
    assert before == {"2024-03-12"} and after == {"2024-03-19"}


def test_a_document_replaced_under_its_id_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first.write_text(json.dumps({"id": "a", "text": "Au moins 3 morts à Lyon."}) + "\n",
                     encoding="utf-8")
    second.write_text(json.dumps({"id": "a", "text": "Au moins 9 morts à Nice."}) + "\n",
                      encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(first), "--out", str(out), "--quiet"]) == 0
    assert "replaces" not in capsys.readouterr().err
    assert main(["analyze", str(second), "--out", str(out), "--quiet"]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "replaces" in line]
    assert len(lines) == 1 and "'a'" in lines[0] and "one.jsonl" in lines[0]


def test_every_error_has_an_exit_and_an_http_status() -> None:
    import pickle

    from recoupe.errors import CATALOGUE, STATUS, RecoupeError
    from recoupe.store import StoreError

    assert set(STATUS) <= set(CATALOGUE)
    for code in CATALOGUE:
        error = RecoupeError(code, "detail")
        assert error.exit_code in (1, 2) and 400 <= error.http_status < 600
        again = pickle.loads(pickle.dumps(error))  # crosses from a worker process intact
        assert (again.code, again.detail) == (code, "detail")
    stored = pickle.loads(pickle.dumps(StoreError("schema 99")))
    assert isinstance(stored, StoreError) and stored.exit_code == 2 and "99" in str(stored)


def test_forget_removes_a_document_and_recomputes_the_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`recoupe forget`: the document's claims, comparisons and entities go; the outputs
    written again from the store equal a fresh run over the documents left."""
    demo = sorted((Path(__file__).parents[1] / "demo" / "corpus").glob("*.txt"))
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in demo:
        shutil.copy(path, folder / path.name)
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--out", str(out), "--quiet"]) == 0
    gone = demo[0].stem
    claims_before = _rows(out / "claims.jsonl")
    gone_claims = {c["id"] for c in claims_before if c["doc"] == gone}
    assert gone_claims and any(set(r["claims"]) & gone_claims
                               for r in _rows(out / "comparisons.jsonl"))
    store = out / "recoupe.sqlite"
    capsys.readouterr()
    assert main(["forget", gone, "--store", str(store), "--out", str(out)]) == 0
    assert "1 document removed" in capsys.readouterr().err
    with sqlite3.connect(store) as db:
        assert db.execute("select count(*) from claims where doc = ?", (gone,)).fetchone() == (0,)
        assert db.execute("select count(*) from documents where id = ?", (gone,)).fetchone() \
            == (0,)
    assert not any(c["doc"] == gone for c in _rows(out / "claims.jsonl"))
    assert not any(set(r["claims"]) & gone_claims for r in _rows(out / "comparisons.jsonl"))
    (folder / demo[0].name).unlink()
    fresh = tmp_path / "fresh"
    assert main(["analyze", str(folder), "--out", str(fresh), "--quiet"]) == 0
    for name in ("documents.jsonl", "claims.jsonl", "entities.jsonl", "comparisons.jsonl",
                 "timeline.jsonl", "events.csv"):
        assert (out / name).read_text("utf-8") == (fresh / name).read_text("utf-8"), name


def test_forget_reports_unknown_ids_and_refuses_a_missing_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(source), "--out", str(out), "--quiet"]) == 0
    store = out / "recoupe.sqlite"
    capsys.readouterr()
    assert main(["forget", "a", "never-there", "--store", str(store)]) == 1
    err = capsys.readouterr().err
    assert "never-there: no such document" in err and "1 document removed" in err
    with sqlite3.connect(store) as db:
        assert db.execute("select count(*) from documents").fetchone() == (0,)
    assert main(["forget", "a", "--store", str(tmp_path / "typo.sqlite")]) == 2
    err_lines = capsys.readouterr().err.strip().splitlines()
    assert len(err_lines) == 1 and "typo.sqlite" in err_lines[0]
    assert not (tmp_path / "typo.sqlite").exists()


def test_ui_lang_chooses_the_report_language(tmp_path: Path) -> None:
    """The report's interface follows the corpus (French here) unless --ui-lang says."""
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    pages = {}
    for name, flags in (("default", []), ("en", ["--ui-lang", "en"]), ("fr", ["--ui-lang", "fr"])):
        out = tmp_path / name
        assert main(["analyze", str(source), "--out", str(out), "--quiet", *flags]) == 0
        pages[name] = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in pages["default"] and "Aller au contenu" in pages["default"]
    assert '<html lang="en">' in pages["en"] and "Skip to content" in pages["en"]
    assert pages["fr"] == pages["default"]
    assert main(["analyze", str(source), "--out", str(tmp_path / "x"), "--ui-lang", "de"]) == 2


def test_serve_refuses_a_missing_store_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--store", str(tmp_path / "missing.sqlite")]) == 2
    err_lines = capsys.readouterr().err.strip().splitlines()
    assert len(err_lines) == 1 and "missing.sqlite" in err_lines[0] and "--create" in err_lines[0]
    assert not (tmp_path / "missing.sqlite").exists()
