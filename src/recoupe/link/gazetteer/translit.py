"""Spelling-independent keys for names written in many transliterations.

``translit_key("Tokaïev") == translit_key("Tokayev")``: French, English, German and
Turkish renderings of one (mostly Slavic or Turkic) name come to one key.
"""

from __future__ import annotations

import re

from recoupe.textfold import name_key

# The name key is shared with every stage (one fold, issue #13).
fold = name_key

# Letters that only Turkish spelling uses: in such a name "c" sounds "dj" (Cömert = Jomart).
TURKISH = re.compile(r"[ıİşŞğĞ]")
_TURKISH_MAP = str.maketrans({"c": "j", "C": "J", "ç": "ch", "Ç": "Ch", "ş": "sh", "Ş": "Sh"})
# Rewrites that bring French, English, German and Turkish renderings of the same (mostly
# Slavic or Turkic) name to one spelling. Digraphs first, in one left-to-right pass
# (longest first), then letters whose sound depends on the next one, then clean-ups.
_DIGRAPHS = {
    "dzh": "j", "dsch": "j", "tsch": "ch", "dj": "j", "zh": "j", "tch": "ch", "sch": "sh",
    "kh": "h", "gh": "g", "ph": "f", "th": "t", "ck": "k", "q": "k", "w": "v", "x": "ks",
    "ou": "u",
}
_DIGRAPH_RE = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
_CONTEXT_RE = re.compile(r"gu(?=[eiy])|c(?=[eiy])|c(?!h)|y")
_CONTEXT = {"gu": "g", "c": "k", "y": "i"}
_CLEANUPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(.)\1+"), r"\1"),  # double letters: Massimov = Masimov
    (re.compile(r"(?<=[aeiou])i(?=[aeiou])"), ""),  # Tokayev/Tokaïev = Tokaev
    (re.compile(r"[oe][vf]\b"), "ov"),  # -ov/-ev/-off: one ending
)


def _context_sub(match: re.Match[str]) -> str:
    text = match.group()
    if text == "c":
        following = match.string[match.end():match.end() + 1]
        return "s" if following in ("e", "i", "y") else "k"
    return _CONTEXT[text]


def translit_key(text: str) -> str:
    """A spelling-independent key: Tokayev, Tokaïev, Tokaev → ``tokaov``.

    Folds the text, then rewrites digraphs and letters that transliterations of one name
    render differently (zh/j/dj, kh/h, y/i, ou/u, ou/w, c/k, double consonants, -ov/-ev).
    """
    if TURKISH.search(text):
        text = text.translate(_TURKISH_MAP)
    return translit_folded(fold(text))


# French "ou" before a vowel, opening a word or after a vowel, is English "w":
# Kaouéni/Kawéni, Ouarzazate/Warzazat (not "Louis": "ou" after a consonant is "u").
_FRENCH_W = re.compile(r"(?:(?<![^\s])|(?<=[aeiou]))ou(?=[aeiou])")


def translit_folded(key: str) -> str:
    """:func:`translit_key` of a name already folded (no Turkish letters left)."""
    key = _FRENCH_W.sub("w", key)
    key = _DIGRAPH_RE.sub(lambda m: _DIGRAPHS[m.group()], key)
    key = _CONTEXT_RE.sub(_context_sub, key)
    for pattern, repl in _CLEANUPS:
        key = pattern.sub(repl, key)
    return key
