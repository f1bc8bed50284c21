"""Document metadata not given by the input: language, outlet, title.

:func:`describe` runs after :func:`recoupe.clean.clean`, because the outlet is
read from the page furniture (footers, "Rejoignez X sur Facebook") and the
title must not be a breadcrumb. Given values (header, JSON, HTML metadata)
always win. The publication date is left to the dating stage.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from recoupe.clean import AGENCIES, BOTTOM_LINES, body_lines
from recoupe.ingest import clean_field, first_line
from recoupe.records import Document

if TYPE_CHECKING:
    from lingua import LanguageDetector

# Languages a French-reading user's corpus plausibly mixes in; a short list keeps
# lingua fast, small in memory, and less likely to mistake French for a neighbour.
LANGUAGES = (
    "FRENCH", "ENGLISH", "SPANISH", "GERMAN", "ITALIAN", "PORTUGUESE", "RUSSIAN",
    "ARABIC", "TURKISH", "UKRAINIAN", "DUTCH",
)  # fmt: skip
# Enough text for a confident guess; more only costs time.
LANG_SAMPLE = 3000
# A first line longer than this is a paragraph; its start stands in for a title.
MAX_TITLE = 200

# A name: capitalised start, then up to 50 characters short of a delimiter; each
# pattern says what must follow it, so "Courrier international" keeps its
# lower-case word and "News-Front sur Facebook" stops before "sur".
_NAME = r"((?-i:[A-ZÀ-Ý0-9])[^\n,;:|()«»!?]{0,50}?)"
_END = (
    r"(?=\s*(?:[,;:|()!?/]|\.(?:\s|$)|\s[-–—]\s|$"
    r"|\s(?:nous|vous|qui|est|et|avec|with|tous|all)\b))"
)
# Ways a page names its own site. The copyright notice only counts at the very
# bottom: higher up, "© Le Monde" is a photo credit for another outlet.
_ANYWHERE = (
    re.compile(
        r"rédaction\s+(?:du\s+(?:site|journal|média)|de)\s+(?:(?:média|web|internet"
        r"|d['’]information|d['’]actualités?)\s+)?" + _NAME + _END
    ),
    re.compile(r"(?:rejoignez|suivez|retrouvez)\s+" + _NAME + r"\s+sur\s", re.I),
)
_AT_BOTTOM = (
    re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?" + _NAME + _END, re.I),
)
_AGENCY = re.compile(AGENCIES + r"$", re.I)
_NOT_NAMES = {"nous", "tous", "all", "the", "le", "la", "les"}
_LEADING_BULLETS = re.compile(r"^[•·▪►*–—\-]+\s*")


def describe(doc: Document) -> Document:
    """``doc`` with language, outlet (and its basis) and title filled in when not given."""
    article = article_text(doc)
    lang = doc.lang or detect_language(article)
    outlet, basis = doc.outlet, doc.outlet_basis
    if outlet is None:
        outlet, basis = outlet_from_text(doc), "text"
        if outlet is None and doc.url:
            outlet, basis = outlet_from_url(doc.url), "url"
        if outlet is None:
            basis = None
    title = doc.title
    if title is None or title == first_line(doc.text, doc.body_start):
        title = guess_title(doc) or title  # a defaulted title may be a breadcrumb
    return dataclasses.replace(doc, lang=lang, outlet=outlet, outlet_basis=basis, title=title)


def article_text(doc: Document) -> str:
    """The body without its boilerplate spans (joined by newlines)."""
    pieces, cursor = [], doc.body_start
    for start, end in doc.boilerplate:
        if start > cursor:
            pieces.append(doc.text[cursor:start])
        cursor = max(cursor, end)
    pieces.append(doc.text[cursor:])
    return "\n".join(piece.strip() for piece in pieces if piece.strip())


@functools.cache
def _detector() -> LanguageDetector:
    """Built once, on first use: loading lingua's models takes a moment."""
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in LANGUAGES]
    # Articles are long: trigram models (low-accuracy mode) tell them apart as well as
    # the full models, and load several times faster.
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when lingua cannot tell."""
    if not text.strip():
        return None
    return _detect_sample(text[:LANG_SAMPLE])


@functools.lru_cache(maxsize=256)
def _detect_sample(sample: str) -> str | None:
    """Cached: lingua is the dearest step before parsing, and a run prepares an article
    twice when the other articles must date it first."""
    language = _detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else None


def outlet_from_url(url: str) -> str | None:
    """The site's host name without ``www.``: ``https://www.lemonde.fr/x`` -> ``lemonde.fr``."""
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def outlet_from_text(doc: Document) -> str | None:
    """The site a page names as its own, in its furniture or its last lines.

    Wire and photo agencies ("© AFP", "Source : Reuters") are credits, not the
    outlet, and are skipped; a site quoted in the article ("selon Orda.kz") is
    not read, because only footers and furniture are searched.
    """
    for zone, patterns in _self_naming_zones(doc):
        for pattern in patterns:
            for match in pattern.finditer(zone):
                name = _trim_name(match.group(1))
                if name and not _AGENCY.match(name) and name.casefold() not in _NOT_NAMES:
                    return name
    return None


def guess_title(doc: Document) -> str | None:
    """The first body line that is not furniture, bullets stripped, shortened if a paragraph."""
    for line in body_lines(doc.text, doc.body_start):
        if doc.in_boilerplate(line.start, line.end):
            continue
        title = clean_field(_LEADING_BULLETS.sub("", line.text))
        if title and len(title) > MAX_TITLE:
            title = title[:MAX_TITLE].rsplit(" ", 1)[0] + "…"
        if title:
            return title
    return None


def _self_naming_zones(doc: Document) -> list[tuple[str, tuple[re.Pattern[str], ...]]]:
    """Where a page names itself, and how: its furniture, then its last lines."""
    zones = [(doc.text[start:end], _ANYWHERE) for start, end in doc.boilerplate]
    last = body_lines(doc.text, doc.body_start)[-BOTTOM_LINES:]
    return zones + [(line.text, _ANYWHERE + _AT_BOTTOM) for line in last]


def _trim_name(name: str) -> str | None:
    """Whitespace-collapsed, without trailing punctuation or a dangling apostrophe word."""
    words = name.replace("\u00a0", " ").split()
    while words and words[-1].endswith(("'", "’")):
        words.pop()
    return " ".join(words).rstrip(".-–") or None
