"""The cues of a language's ``attribution.toml`` (media nouns, epithets, bare body nouns…),
read once: word sets and phrase lists the attribution and place rules share. A language
without the file has none of these cues."""

from __future__ import annotations

from functools import lru_cache

from recoupe.lang import Language, LanguageError, read_table
from recoupe.textfold import word_key as fold

ATTRIBUTION_FILE = "attribution.toml"  # the attribution cues of a language folder


@lru_cache(maxsize=8)
def _table(code: str) -> dict:
    try:
        return read_table(code, ATTRIBUTION_FILE)
    except LanguageError:
        return {}


@lru_cache(maxsize=64)
def attribution_words(lang: Language, name: str) -> frozenset[str]:
    """A word set of the language's attribution cues, folded."""
    return frozenset(fold(w) for w in str(_table(lang.code).get("words", {}).get(name, "")).split())


@lru_cache(maxsize=64)
def attribution_phrases(lang: Language, name: str) -> frozenset[str]:
    """A phrase list of the language's attribution cues, folded."""
    return frozenset(fold(p) for p in _table(lang.code).get("phrases", {}).get(name, ()))


def attribution_pattern(lang: Language, name: str) -> str | None:
    """A pattern of the language's attribution cues, uncompiled."""
    pattern = _table(lang.code).get("patterns", {}).get(name)
    return str(pattern) if pattern is not None else None
