"""Hostile inputs (issue #19): each costs only itself, never the run or the other inputs.

Real files in tmp_path and real streams; every case ends in whole results: the documents
kept (with their notes) and the inputs rejected.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from recoupe.ingest import read_inputs, valid_document
from recoupe.ingest.decode import decode
from recoupe.ingest.fields import shown, valid_unicode
from recoupe.records import Document, Rejected

ARTICLE = "Crue de la Lize : à Nîmes, l'été a été dur, au moins 12 morts et 300 évacués.\n"


def read(inputs: list[str], **kwargs: object) -> list[Document | Rejected]:
    return list(read_inputs(inputs, **kwargs))  # type: ignore[arg-type]


def write(path: Path, data: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def outcome(items: list[Document | Rejected]) -> list[tuple[str, str]]:
    return [("doc", i.id) if isinstance(i, Document) else ("rejected", i.code) for i in items]


# -- decoding ---------------------------------------------------------------------


def test_invalid_bytes_in_utf8_are_replaced_and_noted_not_a_code_page(tmp_path: Path) -> None:
    raw = ARTICLE.encode("utf-8").replace("Nîmes".encode(), b"N\xeemes") + b"\xff\xfe"
    [doc] = read([write(tmp_path / "a.txt", raw)])
    assert doc.text == ARTICLE.replace("Nîmes", "N\ufffdmes") + "\ufffd\ufffd"
    assert doc.notes == ("3 invalid UTF-8 byte sequence(s) replaced by U+FFFD",)


def test_a_legacy_code_page_is_still_read_as_such(tmp_path: Path) -> None:
    [doc] = read([write(tmp_path / "a.txt", ARTICLE.encode("cp1252"))])
    assert (doc.text, doc.notes) == (ARTICLE, ())


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected(tmp_path: Path, codec: str) -> None:
    [doc] = read([write(tmp_path / "a.txt", ARTICLE.encode(codec))])
    assert (doc.text, doc.notes) == (ARTICLE, (f"{codec} without byte order mark",))


def test_binary_with_nuls_on_both_sides_is_still_binary() -> None:
    with pytest.raises(Exception, match="binary"):
        decode(b"\x00\x00\x01\x02PNG\x00\x00\r\n" * 50)


# -- JSONL: a bad line costs only that line -----------------------------------------

GOOD_1 = json.dumps({"id": "un", "text": ARTICLE})
GOOD_2 = json.dumps({"id": "deux", "text": ARTICLE})


@pytest.mark.parametrize(
    ("case", "bad_line"),
    [
        ("a NUL byte", '{"id": "x", "text": "a\x00b"}'),
        ("a bare NUL line", "\x00\x00\x00"),
        ("nested 100 000 deep", "[" * 100_000 + "]" * 100_000),
        ("a 5000-digit integer", '{"text": "a", "n": ' + "9" * 5000 + "}"),
        ("not JSON", "{text: 'a'}"),
    ],
)
def test_a_bad_jsonl_line_costs_only_its_line(tmp_path: Path, case: str, bad_line: str) -> None:
    path = write(tmp_path / "feed.jsonl", "\n".join([GOOD_1, bad_line, GOOD_2]) + "\n")
    items = read([path])
    assert outcome(items) == [("doc", "un"), ("rejected", "bad_jsonl"), ("doc", "deux")]
    assert items[1].input == f"{path}:2"


def test_nul_lines_before_a_good_line_are_not_read_as_utf16(tmp_path: Path) -> None:
    # Found by the fuzz campaign: NUL lines at the start put NULs on one side of the byte
    # pairs, as UTF-16 text has; read as UTF-16 the good line became CJK-looking noise.
    path = write(tmp_path / "nuls.jsonl", '\x00\n\x00\n\x00\n{"text": "0"}')
    assert [kind for kind, _ in outcome(read([path]))] == [
        "rejected", "rejected", "rejected", "doc"]


def test_lone_surrogates_in_jsonl_are_replaced_and_noted(tmp_path: Path) -> None:
    line = '{"id": "s", "title": "Titre \\udc80", "text": "Bilan \\ud800: 12 morts."}'
    [doc] = read([write(tmp_path / "s.jsonl", line + "\n")])
    assert (doc.title, doc.text) == ("Titre \ufffd", "Bilan \ufffd: 12 morts.")
    assert doc.notes == ("2 lone surrogate code point(s) replaced by U+FFFD",)
    assert len(doc.hash) == 16  # the content hash no longer fails


@pytest.mark.parametrize(
    "stream",
    [
        io.StringIO('{"id": "s", "text": "Bilan \ud800 : 12 morts."}\n'),
        io.BytesIO(b'{"id": "s", "text": "Bilan \\ud800 : 12 morts."}\n'),
    ],
    ids=["text stream with a raw surrogate", "bytes with an escaped surrogate"],
)
def test_lone_surrogate_on_stdin(stream: io.IOBase) -> None:
    [doc] = read(["-"], stdin=stream)
    assert doc.text == "Bilan \ufffd : 12 morts."
    assert doc.notes[-1].endswith("replaced by U+FFFD")
    doc.text.encode("utf-8")  # valid Unicode: storable and hashable


def test_valid_document_is_identity_on_clean_text() -> None:
    doc = Document(id="a", text=ARTICLE)
    assert valid_document(doc) is doc
    assert valid_unicode("été") == ("été", 0)


# -- folders, names and ids ----------------------------------------------------------


@pytest.mark.parametrize("order", [("X", "Y"), ("Y", "X")])
def test_same_file_name_in_two_folders_is_two_documents(tmp_path: Path, order: tuple) -> None:
    for folder in ("X", "Y"):
        write(tmp_path / folder / "001.txt", f"{folder}: {ARTICLE}")
    items = read([str(tmp_path / name) for name in order])
    assert sorted(outcome(items)) == [("doc", "X_001"), ("doc", "Y_001")]
    assert {d.id: d.text[0] for d in items} == {"X_001": "X", "Y_001": "Y"}


def test_unique_names_keep_the_file_name_as_id(tmp_path: Path) -> None:
    write(tmp_path / "X" / "001.txt", ARTICLE)
    write(tmp_path / "Y" / "002.txt", ARTICLE)
    assert outcome(read([str(tmp_path)])) == [("doc", "001"), ("doc", "002")]


def test_links_are_not_followed_out_of_the_folder(tmp_path: Path) -> None:
    secret = Path(write(tmp_path / "outside" / "secret.txt", "Mot de passe : 1234 secrets.\n"))
    folder = tmp_path / "in"
    write(folder / "a.txt", ARTICLE)
    os.symlink(secret, folder / "b.txt")
    os.symlink(folder / "a.txt", folder / "c.txt")  # inside: read (once, as itself)
    os.symlink(secret.parent, folder / "sub")  # a folder link is not entered
    items = read([str(folder)])
    assert outcome(items) == [("doc", "a"), ("rejected", "outside_folder")]
    assert items[1].input == str(folder / "b.txt")
    assert all("Mot de passe" not in d.text for d in items if isinstance(d, Document))


def test_control_characters_in_a_file_name_cannot_forge_lines(tmp_path: Path) -> None:
    name = "evil\nrecoupe: all inputs analysed\r.txt"
    bad = write(tmp_path / name, b"")
    good = write(tmp_path / "evil\tok.txt", ARTICLE)
    items = read([bad, good])
    assert outcome(items) == [("rejected", "empty"), ("doc", "evil_ok")]
    assert "\n" not in items[0].input and "\r" not in items[0].input
    assert items[0].input.endswith("evil\\nrecoupe: all inputs analysed\\r.txt")
    assert shown("a\u2028b\x1b[31m") == "a\\u2028b\\x1b[31m"


def test_a_bad_line_name_is_escaped_too(tmp_path: Path) -> None:
    path = write(tmp_path / "f\n.jsonl", "[1]\n")
    [rejected] = read([path])
    assert rejected.input == shown(path) + ":1" and "\n" not in rejected.input
