"""Reading inputs into Documents: files, folders, URLs and stdin (CONTRACT.md "Input").

:func:`read_inputs` never raises for a bad input: each one becomes a
:class:`~recoupe.records.Rejected` naming it and the reason, and the other
inputs are still read. Readers per kind live in the sibling modules.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from recoupe.errors import RecoupeError, reject
from recoupe.ingest.decode import decode_bytes
from recoupe.ingest.html import decode_html, html_document
from recoupe.ingest.jsonl import jsonl_documents
from recoupe.ingest.text import text_document
from recoupe.ingest.url import HTML_TYPES, check_scheme, fetch, url_id
from recoupe.records import Document, Rejected
from recoupe.settings import DEFAULT, Settings

__all__ = ["SUFFIXES", "read_inputs"]

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
STDIN = "-"
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)

Item = Document | Rejected


def read_inputs(
    inputs: Iterable[str],
    settings: Settings = DEFAULT,
    *,
    stdin: IO[bytes] | IO[str] | None = None,
    allow_private_urls: bool = True,
) -> Iterator[Item]:
    """Every Document the inputs hold, in input order, and a Rejected for each bad one.

    ``inputs`` are paths (files or folders, read recursively in sorted order),
    ``http(s)://`` URLs, or ``-`` for JSONL on ``stdin`` (default ``sys.stdin``).
    ``allow_private_urls=False`` refuses URLs that resolve to non-public addresses.
    Document ids are made unique by suffixing ``-2``, ``-3``… in reading order.
    """
    used_ids: set[str] = set()
    seen_files: set[Path] = set()
    for name in inputs:
        if name == STDIN:
            items = _guarded(name, lambda: _read_stdin(stdin, settings))
        elif _URL.match(name):
            items = _guarded(name, lambda n=name: _read_url(n, settings, allow_private_urls))
        else:
            items = _read_path(Path(name), settings, seen_files)
        for item in items:
            yield _unique(item, used_ids) if isinstance(item, Document) else item


def _guarded(name: str, read: Callable[[], Iterable[Item]]) -> Iterator[Item]:
    """Run one input's reader; whatever goes wrong becomes that input's Rejected."""
    try:
        yield from read()
    except RecoupeError as err:
        yield reject(name, err.code, err.detail)
    except OSError as err:
        yield reject(name, "read_error", err.strerror or type(err).__name__)
    except Exception as err:  # one bad input must never stop the others
        yield reject(name, "read_error", f"{type(err).__name__}: {err}")


def _unique(doc: Document, used: set[str]) -> Document:
    doc_id, n = doc.id, 1
    while doc_id in used:
        n += 1
        doc_id = f"{doc.id}-{n}"
    used.add(doc_id)
    return doc if doc_id == doc.id else dataclasses.replace(doc, id=doc_id)


def _read_path(path: Path, settings: Settings, seen: set[Path]) -> Iterator[Item]:
    name = str(path)
    if not path.exists():
        yield reject(name, "missing")
    elif path.is_dir():
        files = list(_walk(path))
        if not files:
            yield reject(name, "empty", "no .txt, .html, .htm or .jsonl file in the folder")
        for file in files:
            yield from _read_file_once(file, settings, seen)
    elif path.suffix.lower() not in SUFFIXES:
        yield reject(name, "unsupported", path.suffix or "no extension")
    else:
        yield from _read_file_once(path, settings, seen)


def _walk(folder: Path) -> Iterator[Path]:
    """Supported files under ``folder``, sorted, skipping hidden files and folders."""
    found = []
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in parts):
            continue
        if path.suffix.lower() in SUFFIXES and path.is_file():
            found.append(parts)
    for parts in sorted(found):
        yield folder.joinpath(*parts)


def _read_file_once(path: Path, settings: Settings, seen: set[Path]) -> Iterator[Item]:
    """A file named twice (directly and inside a folder) is read once."""
    key = path.resolve()
    if key in seen:
        return
    seen.add(key)
    yield from _guarded(str(path), lambda: _read_file(path, settings))


def _read_file(path: Path, settings: Settings) -> Iterator[Item]:
    if not path.is_file():
        raise RecoupeError("read_error", "not a regular file")
    size = path.stat().st_size
    if size > settings.max_bytes:
        raise RecoupeError("too_large", f"{size} bytes, cap {settings.max_bytes}")
    raw = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        yield html_document(decode_html(raw), path.stem, path=str(path))
    elif suffix == ".jsonl":
        yield from jsonl_documents(decode_bytes(raw), str(path), path.stem, path=str(path))
    else:
        yield text_document(decode_bytes(raw), path.stem, path=str(path))


def _read_stdin(stream: IO[bytes] | IO[str] | None, settings: Settings) -> Iterator[Item]:
    stream = sys.stdin if stream is None else stream
    source = getattr(stream, "buffer", stream)  # the bytes under a text stream
    data = source.read(settings.max_bytes + 1)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > settings.max_bytes:
        raise RecoupeError("too_large", f"more than {settings.max_bytes} bytes on stdin")
    yield from jsonl_documents(decode_bytes(raw), STDIN, "stdin", path=STDIN)


def _read_url(url: str, settings: Settings, allow_private: bool) -> Iterator[Item]:
    check_scheme(url)
    fetched = fetch(url, settings, allow_private=allow_private)
    doc_id = url_id(url)
    if fetched.media_type in HTML_TYPES:
        html = decode_html(fetched.body, fetched.charset)
        yield html_document(html, doc_id, url=fetched.url)
    else:
        doc = text_document(decode_bytes(fetched.body, fetched.charset), doc_id)
        yield dataclasses.replace(doc, url=doc.url or fetched.url)
