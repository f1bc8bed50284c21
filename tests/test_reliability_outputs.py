"""Outputs are written whole or not at all (issue #19.7), with real files and real limits.

A full disk is a real one for the writing process: a child process runs with a file-size
limit (RLIMIT_FSIZE, SIGXFSZ ignored), so its writes fail with EFBIG as they would with
ENOSPC. The previous outputs must survive byte for byte, with no temporary file left.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from recoupe.errors import RecoupeError
from recoupe.report.files import write_files, write_jsonl

ROW = {"id": "c1", "doc": "a", "kind": "killed", "low": 12, "sentence": "Douze morts à Alep."}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _report(n: int) -> dict[str, list]:
    return {"claims": [dict(ROW, id=f"c{i}") for i in range(n)], "documents": [],
            "entities": [], "events": [], "errors": []}


def test_disk_full_keeps_the_previous_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_files(out, _report(3), html=lambda: "<p>old</p>")
    before = _snapshot(out)
    child = textwrap.dedent(f"""
        import resource, signal, sys
        from pathlib import Path
        from recoupe.errors import RecoupeError
        from recoupe.report.files import write_files
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        row = {ROW!r}
        report = {{"claims": [dict(row, id=f"c{{i}}") for i in range(5000)]}}
        try:
            write_files(Path({str(out)!r}), report, html=lambda: "<p>new</p>")
        except RecoupeError as err:
            print(err.code, err.exit_code)
            sys.exit(err.exit_code)
    """)
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                          timeout=120)
    assert (done.returncode, done.stdout.split()) == (2, ["output_unwritable", "2"])
    assert done.stderr == ""  # no traceback
    assert _snapshot(out) == before


def test_an_output_folder_that_is_a_file_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    with pytest.raises(RecoupeError) as caught:
        write_files(blocker / "sub", _report(1))
    assert caught.value.code == "output_unwritable"
    assert str(blocker) in caught.value.sentence


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_keeps_its_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_files(out, _report(2))
    before = _snapshot(out)
    out.chmod(0o555)
    try:
        with pytest.raises(RecoupeError, match="could not be written"):
            write_files(out, _report(9))
        assert _snapshot(out) == before
    finally:
        out.chmod(0o755)


def test_a_failure_while_writing_leaves_the_old_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    write_jsonl(path, [ROW, ROW])
    before = path.read_bytes()

    def rows() -> Iterator[dict]:
        yield ROW
        raise ValueError("the run stopped half-way")

    with pytest.raises(ValueError, match="half-way"):
        write_jsonl(path, rows())
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["claims.jsonl"]


def test_a_later_file_failing_keeps_every_earlier_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_files(out, _report(2), html=lambda: "<p>old</p>")
    before = _snapshot(out)

    def broken_html() -> str:
        raise RuntimeError("template error")

    with pytest.raises(RuntimeError, match="template"):
        write_files(out, _report(7), html=broken_html)
    assert _snapshot(out) == before  # claims.jsonl was not replaced either
