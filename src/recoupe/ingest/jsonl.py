"""JSONL: one article per line, ``{"text": ..., "id"?, "title"?, "url"?, ...}``."""

from __future__ import annotations

import json
from collections.abc import Iterator

from recoupe.errors import RecoupeError, reject
from recoupe.ingest.fields import clean_field, normalize_date, normalize_lang, shown
from recoupe.records import Document, Rejected


def jsonl_documents(
    text: str, source: str, stem: str, path: str | None = None
) -> Iterator[Document | Rejected]:
    """Each line's article; a bad line is a Rejected naming ``source:line`` and the rest go on."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue  # blank lines separate nothing and mean nothing
        try:
            yield line_document(line, f"{stem}-{number}", path)
        except RecoupeError as err:
            yield reject(f"{shown(source)}:{number}", err.code, err.detail)
        except Exception as err:  # one bad line must never cost the lines after it
            yield reject(f"{shown(source)}:{number}", "bad_jsonl", type(err).__name__)


def line_document(line: str, default_id: str, path: str | None = None) -> Document:
    """One JSONL line as a Document; raises ``RecoupeError('bad_jsonl')``."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise RecoupeError("bad_jsonl", f"invalid JSON: {err.msg}") from err
    except RecursionError as err:
        raise RecoupeError("bad_jsonl", "nested too deep") from err
    except ValueError as err:  # an integer of more than 4300 digits
        raise RecoupeError("bad_jsonl", f"invalid JSON: {str(err)[:80]}") from err
    if not isinstance(obj, dict):
        raise RecoupeError("bad_jsonl", f"a JSON {type(obj).__name__}, not an object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise RecoupeError("bad_jsonl", "no non-empty 'text'")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    published = normalize_date(obj.get("published"))
    outlet = clean_field(obj.get("outlet"))
    notes: tuple[str, ...] = ()
    if obj.get("published") and published is None:
        notes = (f"'published' {obj['published']!r} is not a calendar date; ignored",)
    return Document(
        id=clean_field(obj.get("id")) or default_id,
        text=text,
        path=path,
        url=clean_field(obj.get("url")),
        outlet=outlet,
        outlet_basis="header" if outlet else None,
        title=clean_field(obj.get("title")),
        lang=normalize_lang(obj.get("lang")),
        published=published,
        published_basis="header" if published else "unknown",
        notes=notes,
    )
