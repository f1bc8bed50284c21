"""The one place where text is folded into lookup keys (issue #13: one fold, purpose-named).

Every stage compares words or names after folding them, and the folds used to disagree
("Alma-Ata" gave three different keys). Each key below says what it is for:

- :func:`word_key` — a word or phrase looked up in a language resource's tables: lower
  case, accents stripped, typographic apostrophe made plain. Hyphens stay ("peut-être").
- :func:`name_key` — a proper name compared with another spelling of it: also drops
  apostrophes and treats hyphens, dots and runs of spaces as one space, so
  "Alma-Ata", "Alma Ata" and "ALMA-ATA" meet, and "Côte d’Ivoire" is "cote d ivoire".
- :func:`compare_key` — a name as a person writes it in a gold file or a filter: the
  name key without a leading French or English article ("l'ONU" = "ONU" = "the ONU").

This module imports nothing of recoupe: every layer may use it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["word_key", "name_key", "compare_key", "strip_accents"]

_SPECIAL_LETTERS = {
    "ı": "i", "İ": "I", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ð": "d", "þ": "th",
}  # fmt: skip


def _accent_table() -> dict[int, str]:
    """Latin letters with diacritics → their base letters, for ``str.translate``."""
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if base != char and base.isascii():
            table[code] = base
    table.update({ord(k): v for k, v in _SPECIAL_LETTERS.items()})
    return table


_ACCENTS = _accent_table()
_APOSTROPHES = re.compile(r"[’'`ʼʻ‘´]")
# French elision ("d'Almaty", "l'Intérieur") separates two words; other apostrophes
# ("Ural'sk") mark a soft sign inside one word.
_ELISION = re.compile(r"\b(qu|jusqu|lorsqu|puisqu|[cdjlmnst])[’'`ʼ‘´]", re.IGNORECASE)
_SEPARATORS = re.compile(r"[-‐‑–—_./\s]+")
_NON_WORD = re.compile(r"[^\w ]")
_LEADING_ARTICLE = re.compile(r"^(?:l |(?:le|la|les|the) )")


def strip_accents(text: str) -> str:
    """``text`` without diacritics (case kept): "Tokaïev" → "Tokaiev"."""
    text = text.translate(_ACCENTS)
    if not text.isascii():  # rarer letters, and combining marks written apart
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return text


@lru_cache(maxsize=1 << 16)
def word_key(text: str) -> str:
    """Lower case and no accents: the key every word table of a language resource uses."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


@lru_cache(maxsize=65_536)  # names repeat across a run's mentions: fold each once
def name_key(text: str) -> str:
    """Lower-case, accent-free, apostrophe-free text with one space between words.

    >>> name_key("Alma-Ata"), name_key("Almatî"), name_key("Côte d’Ivoire")
    ('alma ata', 'almati', 'cote d ivoire')
    >>> name_key("Ural'sk")
    'uralsk'
    """
    text = strip_accents(text)
    text = _ELISION.sub(r"\1 ", text)
    text = _APOSTROPHES.sub("", text.casefold())
    text = _SEPARATORS.sub(" ", text)
    return _NON_WORD.sub("", text).strip()


def compare_key(text: str) -> str:
    """The name key without a leading article: "l'ONU", "la ONU" and "ONU" are one name."""
    return _LEADING_ARTICLE.sub("", name_key(text))
