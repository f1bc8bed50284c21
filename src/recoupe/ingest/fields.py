"""Normalising metadata given by a header, a JSON object or HTML metadata."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from recoupe.lang.calendar import month_names

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_WORDS = re.compile(r"^(?:\w+\s+)??(\d{1,2})(?:er)?\s+([^\W\d]+)\.?\s+(\d{4})$")
# Language names people write in a header instead of a code.
_LANG_NAMES = {
    "francais": "fr", "french": "fr", "anglais": "en", "english": "en",
    "espagnol": "es", "spanish": "es", "allemand": "de", "german": "de",
}  # fmt: skip


_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def valid_unicode(text: str) -> tuple[str, int]:
    """``text`` with every lone surrogate replaced by U+FFFD, and how many there were.

    JSON escapes ("\\ud800") and undecodable bytes read with ``surrogateescape`` leave lone
    surrogates in a str; they cannot be encoded as UTF-8, so hashing or storing would fail.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.subn("\ufffd", text)
    return text, 0


def shown(name: str) -> str:
    """An input name safe on one line of a terminal: control characters (a newline in a
    file name) and lone surrogates are written as escapes, so no name can forge a line."""
    name = valid_unicode(name)[0]
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), name)


def _fold(text: str) -> str:
    """Lower case without accents: 'Février' -> 'fevrier'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Month words of every language recoupe reads (lang/<code>/dates.toml), folded as _fold does.
_MONTHS = {_fold(word).rstrip("."): n for word, n in month_names().items()}


def normalize_date(value: object) -> str | None:
    """A given date as ``YYYY-MM-DD``, or None when it is not a full calendar date.

    Accepts ISO dates and timestamps, ``12/03/2024`` (day first, the French order)
    and written dates such as ``mardi 12 mars 2024``.
    """
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if match := _ISO.match(text):
        year, month, day = match.groups()
    elif match := _DMY.match(text):
        day, month, year = match.groups()
    elif (match := _WORDS.match(_fold(text))) and match.group(2) in _MONTHS:
        day, month, year = match.group(1), str(_MONTHS[match.group(2)]), match.group(3)
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def normalize_lang(value: object) -> str | None:
    """A given language as an ISO 639-1 code: 'fr', 'fr-FR', 'FR_fr', 'français' -> 'fr'."""
    if not isinstance(value, str) or not value.strip():
        return None
    folded = _fold(value.strip())
    if folded in _LANG_NAMES:
        return _LANG_NAMES[folded]
    match = re.match(r"^([a-z]{2})(?:[-_][a-z0-9]+)*$", folded)
    return match.group(1) if match else None


def clean_field(value: object) -> str | None:
    """A given text field, whitespace-collapsed, or None when blank or not text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None
