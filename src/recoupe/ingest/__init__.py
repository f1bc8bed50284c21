"""Reading inputs into Documents: files, folders, URLs and stdin (CONTRACT.md "Input").

:func:`read_inputs` never raises for a bad input: each one becomes a
:class:`~recoupe.records.Rejected` naming it and the reason, and the other
inputs are still read. Readers per kind live in the sibling modules.

Document ids (CONTRACT.md): a file's id is its name without its extension
(``000_99ab632297edd7c5.txt`` → ``000_99ab632297edd7c5``). When two files of one run
share that name (``X/001.txt`` and ``Y/001.txt``), each of them is named by its path
instead: the folder it was found in as given (or, for a file named directly, its parent
folder's name) followed by its path under that folder, without the extension, every
character other than a letter, a digit, ``-``, ``_`` or ``.`` made ``_``
(``X_001`` and ``Y_001``), whatever the order of the inputs. A JSONL line's id is its
``id`` field, else ``<file name>-<line number>``. Ids that still collide get ``-2``,
``-3``… in reading order. Control characters in an id become ``_``.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from recoupe.errors import RecoupeError, reject
from recoupe.ingest.decode import Decoded, decode, decode_bytes
from recoupe.ingest.fields import clean_field, shown, valid_unicode
from recoupe.ingest.html import decode_html, html_document
from recoupe.ingest.jsonl import jsonl_documents
from recoupe.ingest.text import first_line, text_document
from recoupe.ingest.url import HTML_TYPES, check_scheme, fetch, fetched_text, url_id
from recoupe.records import Document, Rejected
from recoupe.settings import DEFAULT, Settings

__all__ = [
    "SUFFIXES", "clean_field", "decode_bytes", "first_line", "read_inputs", "shown",
    "valid_document", "valid_unicode",
]

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
STDIN = "-"
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_NOT_ID = re.compile(r"[^\w.-]+")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Text fields of a Document that must be valid Unicode before hashing or storing.
_TEXT_FIELDS = ("id", "text", "path", "url", "outlet", "title", "lang")

Item = Document | Rejected


@dataclasses.dataclass(frozen=True)
class _File:
    """A file to read, the input it was found under, and the id it gets."""

    path: Path
    given: Path
    doc_id: str = ""


_Step = Rejected | _File | Callable[[], Iterable[Item]]


def read_inputs(
    inputs: Iterable[str],
    settings: Settings = DEFAULT,
    *,
    stdin: IO[bytes] | IO[str] | None = None,
    allow_private_urls: bool = True,
) -> Iterator[Item]:
    """Every Document the inputs hold, in input order, and a Rejected for each bad one.

    ``inputs`` are paths (files or folders, read recursively in sorted order; links are not
    followed out of a folder), ``http(s)://`` URLs, or ``-`` for JSONL on ``stdin`` (default
    ``sys.stdin``). ``allow_private_urls=False`` refuses URLs that resolve to non-public
    addresses. Ids follow the rule in this module's docstring. Every text is valid Unicode
    (lone surrogates replaced, with a note).
    """
    steps = _name_files(list(_plan(inputs, settings, stdin, allow_private_urls)))
    used_ids: set[str] = set()
    for step in steps:
        if isinstance(step, Rejected):
            yield step
            continue
        items: Iterable[Item]
        if isinstance(step, _File):
            items = _guarded(str(step.path), functools.partial(_read_file, step, settings))
        else:
            items = step()
        for item in items:
            yield _unique(valid_document(item), used_ids) if isinstance(item, Document) else item


def valid_document(doc: Document) -> Document:
    """``doc`` with every text field valid Unicode: lone surrogates become U+FFFD (noted)."""
    changes: dict[str, Any] = {}  # field name -> fixed text, given to dataclasses.replace
    replaced = 0
    for name in _TEXT_FIELDS:
        value = getattr(doc, name)
        if isinstance(value, str):
            fixed, count = valid_unicode(value)
            if count:
                changes[name], replaced = fixed, replaced + count
    if not replaced:
        return doc
    notes = tuple(valid_unicode(n)[0] for n in doc.notes)
    note = f"{replaced} lone surrogate code point(s) replaced by U+FFFD"
    return dataclasses.replace(doc, **changes, notes=(*notes, note))


def _plan(inputs: Iterable[str], settings: Settings, stdin: IO[bytes] | IO[str] | None,
          allow_private: bool) -> Iterator[_Step]:
    """What to read, in order: files (folders expanded), readers of stdin and URLs, and the
    inputs already known to be bad."""
    seen: set[Path] = set()
    for name in inputs:
        if name == STDIN:
            yield lambda: _guarded(STDIN, lambda: _read_stdin(stdin, settings))
        elif _URL.match(name):
            yield functools.partial(
                _guarded, name, functools.partial(_read_url, name, settings, allow_private))
        else:
            yield from _plan_path(Path(name), seen)


def _plan_path(path: Path, seen: set[Path]) -> Iterator[Rejected | _File]:
    name = shown(str(path))
    if not path.exists():
        yield reject(name, "missing")
    elif path.is_dir():
        found = list(_walk(path))
        if not found:
            yield reject(name, "empty", "no .txt, .html, .htm or .jsonl file in the folder")
        for item in found:
            yield from [item] if isinstance(item, Rejected) else _once(item, path, seen)
    elif path.suffix.lower() not in SUFFIXES:
        yield reject(name, "unsupported", path.suffix or "no extension")
    else:
        yield from _once(path, path, seen)


def _once(path: Path, given: Path, seen: set[Path]) -> Iterator[_File]:
    """A file named twice (directly and inside a folder) is read once."""
    key = path.resolve()
    if key not in seen:
        seen.add(key)
        yield _File(path, given)


def _walk(folder: Path) -> Iterator[Path | Rejected]:
    """Supported files under ``folder``, sorted, skipping hidden files and folders.

    Links are not followed out of the folder: a link to a file outside it is a Rejected,
    and links to folders are not entered (what they hold inside is read where it is).
    """
    root = folder.resolve()
    found: list[tuple[str, ...]] = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(here)
        for file in files:
            path = base / file
            if file.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            found.append(path.relative_to(folder).parts)
    for parts in sorted(found):
        path = folder.joinpath(*parts)
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            yield reject(shown(str(path)), "outside_folder")
        elif path.is_file():
            yield path


def _name_files(steps: list[_Step]) -> list[_Step]:
    """Give each file its id (module docstring): its name, or its path when names clash."""
    files = [s for s in steps if isinstance(s, _File)]
    clashes = Counter(f.path.stem for f in files)
    named = {id(f): dataclasses.replace(f, doc_id=_file_id(f, clashes[f.path.stem] > 1))
             for f in files}
    return [named.get(id(s), s) for s in steps]


def _file_id(file: _File, clash: bool) -> str:
    if not clash:
        return _CONTROL.sub("_", file.path.stem)
    if file.given == file.path:
        parts = [file.path.parent.resolve().name, file.path.stem]
    else:
        under = file.path.relative_to(file.given).with_suffix("")
        parts = [file.given.resolve().name, *under.parts]
    return _NOT_ID.sub("_", "/".join(p for p in parts if p)).strip("_") or "document"


def _guarded(name: str, read: Callable[[], Iterable[Item]]) -> Iterator[Item]:
    """Run one input's reader; whatever goes wrong becomes that input's Rejected."""
    name = shown(name)
    try:
        yield from read()
    except RecoupeError as err:
        yield reject(name, err.code, err.detail)
    except OSError as err:
        yield reject(name, "read_error", err.strerror or type(err).__name__)
    except Exception as err:  # one bad input must never stop the others
        yield reject(name, "read_error", f"{type(err).__name__}: {err}")


def _unique(doc: Document, used: set[str]) -> Document:
    doc_id, n = _CONTROL.sub("_", doc.id), 1
    base = doc_id
    while doc_id in used:
        n += 1
        doc_id = f"{base}-{n}"
    used.add(doc_id)
    return doc if doc_id == doc.id else dataclasses.replace(doc, id=doc_id)


def _read_file(file: _File, settings: Settings) -> Iterator[Item]:
    path = file.path
    if not path.is_file():
        raise RecoupeError("read_error", "not a regular file")
    with path.open("rb") as fh:  # one open: the size checked is the size read
        raw = fh.read(settings.max_bytes + 1)
    if len(raw) > settings.max_bytes:
        raise RecoupeError("too_large", f"more than {settings.max_bytes} bytes")
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        decoded = decode_html(raw)
        yield _noted(html_document(decoded.text, file.doc_id, path=str(path)), decoded)
    elif suffix == ".jsonl":
        decoded = decode(raw, nul_lines=True)
        docs = jsonl_documents(decoded.text, str(path), file.doc_id, path=str(path))
        yield from (_noted(d, decoded) if isinstance(d, Document) else d for d in docs)
    else:
        decoded = decode(raw)
        yield _noted(text_document(decoded.text, file.doc_id, path=str(path)), decoded)


def _noted(doc: Document, decoded: Decoded) -> Document:
    """``doc`` with the repairs its decoding made added to its notes."""
    if not decoded.notes:
        return doc
    return dataclasses.replace(doc, notes=(*doc.notes, *decoded.notes))


def _read_stdin(stream: IO[bytes] | IO[str] | None, settings: Settings) -> Iterator[Item]:
    stream = sys.stdin if stream is None else stream
    source = getattr(stream, "buffer", stream)  # the bytes under a text stream
    data = source.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise RecoupeError("too_large", f"more than {settings.max_bytes} bytes on stdin")
    decoded = decode(data, nul_lines=True) if isinstance(data, bytes) else _stdin_text(data)
    docs = jsonl_documents(decoded.text, STDIN, "stdin", path=STDIN)
    yield from (_noted(d, decoded) if isinstance(d, Document) else d for d in docs)


def _stdin_text(data: str) -> Decoded:
    """A text stream's characters: bytes it could not decode and kept as surrogates
    (``surrogateescape``) are decoded again by the rules for bytes; other lone surrogates
    are replaced by U+FFFD, with a note."""
    try:
        return decode(data.encode("utf-8", "surrogateescape"), nul_lines=True)
    except UnicodeEncodeError:
        text, count = valid_unicode(data)
        if not text.strip():
            raise RecoupeError("empty") from None
        note = f"{count} lone surrogate code point(s) on stdin replaced by U+FFFD"
        return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"), (note,))


def _read_url(url: str, settings: Settings, allow_private: bool) -> Iterator[Item]:
    check_scheme(url)
    fetched = fetch(url, settings, allow_private=allow_private)
    doc_id = url_id(url)
    decoded = fetched_text(fetched)
    if fetched.media_type in HTML_TYPES:
        yield _noted(html_document(decoded.text, doc_id, url=fetched.url), decoded)
    else:
        doc = text_document(decoded.text, doc_id)
        yield _noted(dataclasses.replace(doc, url=doc.url or fetched.url), decoded)
