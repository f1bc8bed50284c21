"""Plain-text articles, with an optional ``Key: value`` header block."""

from __future__ import annotations

import re

from recoupe.errors import RecoupeError
from recoupe.ingest.fields import clean_field, normalize_date, normalize_lang
from recoupe.records import Document

HEADER_KEYS = ("url", "outlet", "date", "lang", "title")
_HEADER_LINE = re.compile(r"^[ \t]*(" + "|".join(HEADER_KEYS) + r")[ \t]*:[ \t]*(.*?)[ \t]*$", re.I)


def parse_header(text: str) -> tuple[dict[str, str], int]:
    """The header block's fields (lower-case keys) and the offset where the body starts.

    A header block is one or more ``Key: value`` lines with a known key, from the
    first line on, ended by a blank line. Anything else means there is no header
    block: ``({}, 0)``, and the whole text is the article.
    """
    fields: dict[str, str] = {}
    offset = 0
    for line in text.splitlines(keepends=True):
        if not line.strip():
            return (fields, offset + len(line)) if fields else ({}, 0)
        match = _HEADER_LINE.match(line.rstrip("\n"))
        if match is None:
            return {}, 0
        fields[match.group(1).lower()] = match.group(2)
        offset += len(line)
    return {}, 0  # key lines only, no blank line: not a header block


def first_line(text: str, start: int = 0) -> str | None:
    """The first non-empty line of ``text[start:]``, whitespace-collapsed."""
    for line in text[start:].splitlines():
        if cleaned := clean_field(line):
            return cleaned
    return None


def text_document(text: str, doc_id: str, path: str | None = None) -> Document:
    """A Document from decoded text; raises ``RecoupeError('empty')`` when there is no body."""
    fields, body_start = parse_header(text)
    if not text[body_start:].strip():
        raise RecoupeError("empty", "the header block has no article after it")
    outlet = clean_field(fields.get("outlet"))
    published = normalize_date(fields.get("date"))
    notes: tuple[str, ...] = ()
    if fields.get("date") and published is None:
        notes = (f"header DATE {fields['date']!r} is not a calendar date; ignored",)
    return Document(
        id=doc_id,
        text=text,
        path=path,
        url=clean_field(fields.get("url")),
        outlet=outlet,
        outlet_basis="header" if outlet else None,
        title=clean_field(fields.get("title")) or first_line(text, body_start),
        lang=normalize_lang(fields.get("lang")),
        published=published,
        published_basis="header" if published else "unknown",
        body_start=body_start,
        notes=notes,
    )
