"""HTML pages: the article body and its metadata, via trafilatura."""

from __future__ import annotations

import re

from recoupe.errors import RecoupeError
from recoupe.ingest.decode import Decoded, decode
from recoupe.ingest.fields import clean_field, normalize_date
from recoupe.records import Document

# Fewer extracted characters than this is a menu or an error page, not an article.
MIN_ARTICLE_CHARS = 40
# How far into a page its <meta charset> is looked for (HTML asks for the first 1024 bytes).
_META_SNIFF = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# htmldate's "extensive search" guesses dates from any text on the page; the
# publication date must come from the page's metadata or not at all.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def decode_html(raw: bytes, declared: str | None = None) -> Decoded:
    """Decode a page, trusting a declared charset (HTTP header, then ``<meta>``) first."""
    return decode(raw, declared or meta_charset(raw))


def meta_charset(raw: bytes) -> str | None:
    """The charset a page's ``<meta>`` declares near its start, or None."""
    match = _META_CHARSET.search(raw[:_META_SNIFF])
    return match.group(1).decode("ascii", "replace") if match else None


def html_document(
    html: str, doc_id: str, *, path: str | None = None, url: str | None = None
) -> Document:
    """A Document whose text is the extracted article; raises ``RecoupeError('no_article')``."""
    import trafilatura  # slow to import; only pages need it

    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,  # readers' comments are not the article; tables may hold tolls
        date_extraction_params=_DATE_PARAMS,
    )
    text = (getattr(extracted, "text", None) or "").strip()
    if len(text) < MIN_ARTICLE_CHARS:
        raise RecoupeError("no_article")
    published = normalize_date(getattr(extracted, "date", None))
    outlet = clean_field(getattr(extracted, "sitename", None))
    return Document(
        id=doc_id,
        text=text,
        path=path,
        url=url,
        title=clean_field(getattr(extracted, "title", None)),
        outlet=outlet,
        outlet_basis="html" if outlet else None,
        published=published,
        published_basis="metadata" if published else "unknown",
    )
