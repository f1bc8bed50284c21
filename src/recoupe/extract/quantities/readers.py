"""Reading one number core: its value and kind, before modifiers and role."""

from __future__ import annotations

import dataclasses
import re
from fractions import Fraction

from text_to_num import text2num

from recoupe.extract.quantities.patterns import (
    _FEW_UNITS,
    _NEUF_ADJ_BEFORE,
    _NEUF_RAISED,
    _NEXT_WORD,
    _ORD_SUFFIX,
    _W,
    MAX_DIGITS,
    MAX_EXPONENT,
    MAX_VALUE,
    WINDOW,
    _Core,
    _ReaderFn,
)
from recoupe.lang.fr.quantity_words import (
    APPROX_NOUNS as _APPROX_NOUNS,
)
from recoupe.lang.fr.quantity_words import (
    COUNTED_SINGULAR as _COUNTED_SINGULAR,
)
from recoupe.lang.fr.quantity_words import (
    FUNCTION_WORDS as _FUNCTION_WORDS,
)
from recoupe.lang.fr.quantity_words import (
    ORDINAL_STEMS as _ORDINAL_STEMS,
)
from recoupe.lang.fr.quantity_words import (
    SCALES as _SCALES,
)
from recoupe.lang.fr.quantity_words import (
    VAGUE_NOUNS as _VAGUE_NOUNS,
)


def _read_core(seg: str, m: re.Match[str]) -> _Core | None:
    """The value and kind of one regex match, or None when the match is no number at all."""
    kind = m.lastgroup if m.lastgroup in _READERS else _outer_group(m)
    reader = _READERS.get(kind or "")
    core = reader(seg, m) if reader else None
    return None if core is None else _bounded(core)


def _bounded(core: _Core) -> _Core:
    """A core whose value passes MAX_VALUE keeps its text but no value, and counts nothing."""
    if max(core.low or 0, core.high or 0, core.raw or 0) <= MAX_VALUE:
        return core
    return dataclasses.replace(core, low=None, high=None, raw=None, role="other")


def _outer_group(m: re.Match[str]) -> str | None:
    """The alternative that matched (``lastgroup`` names an inner group when one closes last)."""
    for name in _READERS:
        if m.group(name) is not None:
            return name
    return None


def _fixed(role: str) -> _ReaderFn:
    def read(seg: str, m: re.Match[str]) -> _Core:
        return _Core(role, m.start(), m.end(), None, None, role=role)

    return read


def _read_clock(seg: str, m: re.Match[str]) -> _Core:
    hours = int(m.group("ck_h"))
    with_minutes = m.group("ck_m") or m.group("ck_m2")
    role = "time" if with_minutes or hours <= 24 else "duration"
    return _Core("clock", m.start(), m.end(), hours, hours, role=role)


def _read_fraction(seg: str, m: re.Match[str]) -> _Core:
    return _Core("fraction", m.start(), m.end(), None, None, role="fraction")


def _read_vague(seg: str, m: re.Match[str]) -> _Core:
    low = _VAGUE_NOUNS[m.group("vg_noun").lower()]
    scale = m.group("vg_scale")
    if scale:
        low *= _VAGUE_NOUNS[scale.lower()]
    number_end = m.end("vg_scale") if scale else m.end("vg_noun")
    return _Core("vague", m.start(), m.end(), low, None, qualifier="vague",
                 number_start=m.start("vg_noun"), number_end=number_end)


def _read_few(seg: str, m: re.Match[str]) -> _Core:
    return _Core("few", m.start(), m.end(), None, None, qualifier="vague", role="other")


def _read_approx(seg: str, m: re.Match[str]) -> _Core | None:
    mult_text = m.group("apx_mult").lower()
    noun = m.group("apx_noun").lower()
    if noun.startswith("millier") and mult_text not in ("un", "une"):
        return None
    mult = int(mult_text) if mult_text.isdigit() else _words_value(mult_text)
    if mult is None:
        return None
    value = mult * _APPROX_NOUNS[noun.rstrip("s")]
    if m.group("apx_scale"):
        value *= _SCALES[m.group("apx_scale").lower()]
    return _Core("approx", m.start(), m.end(), value, value, qualifier="about", raw=value)


def _read_ordinal(seg: str, m: re.Match[str]) -> _Core:
    token = m.group("ordinal")
    digits = re.match(r"\d+", token)
    value = int(digits.group()) if digits else _ordinal_word_value(token)
    return _Core("ordinal", m.start(), m.end(), value, value, role="ordinal")


def _ordinal_word_value(token: str) -> int | None:
    """'troisième' → 3, 'vingt-et-unième' → 21, 'premier' → 1, 'XXIe' → 21."""
    low = token.lower()
    if low.startswith("premi"):
        return 1
    roman = re.fullmatch(rf"([IVXLCDM]+)(?:{_ORD_SUFFIX})", token)
    if roman:
        return _roman_value(roman.group(1))
    stem = re.sub(r"ièmes?$", "", low)
    head, _, last = stem.rpartition("-")
    words = (head + "-" if head else "") + _ORDINAL_STEMS.get(last, last)
    return _words_value(words)


def _roman_value(roman: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for char, nxt in zip(roman, roman[1:] + " ", strict=True):
        value = values[char]
        total += -value if values.get(nxt, 0) > value else value
    return total


def _read_glued(seg: str, m: re.Match[str]) -> _Core:
    return _Core("glued", m.start(), m.end(), None, None, role="name")


def _read_digits(seg: str, m: re.Match[str]) -> _Core:
    int_text, sep = m.group("dg_int"), m.group("sep")
    dec, scale_word = m.group("dec"), m.group("scale")
    scale = _SCALES[scale_word.lower()] if scale_word else 1
    # "1,500 million" is a decimal in French: one comma or dot group before a scale word.
    if sep in (",", ".") and scale_word and int_text.count(sep) == 1 and dec is None:
        int_text, dec = int_text.split(sep)
        sep = None
    digits = re.sub(r"\D", "", int_text)
    if len(digits) + len(dec or "") > MAX_DIGITS:
        return _Core("digits", m.start(), m.end(), None, None, role="other")
    if dec:
        exact = Fraction(f"{digits}.{dec}")
        raw = int(exact) if exact.denominator == 1 else None
        value = exact * scale
        whole = int(value) if value.denominator == 1 else None
    else:
        raw = int(digits)
        whole = raw * scale
    plain4 = not sep and not dec and not scale_word and len(digits) == 4
    return _Core("digits", m.start(), m.end(), whole, whole, raw=raw, scale=scale, plain4=plain4)


def _read_scientific(seg: str, m: re.Match[str]) -> _Core:
    """'1e9' → 1000000000, '1,5e3' → 1500; too large or not whole ('1e9999', '1e-3'): no value."""
    exponent = int(m.group("sci_e"))
    mantissa = Fraction(m.group("sci_m").replace(",", "."))
    return _exact_core(m, mantissa * Fraction(10) ** exponent if exponent <= MAX_EXPONENT else None)


def _read_power(seg: str, m: re.Match[str]) -> _Core:
    """'10^6' → 1000000; '10^400' or '2^-1': no value (never the exponent alone)."""
    base, exponent = int(m.group("pw_b")), int(m.group("pw_e"))
    # 2**50 is about MAX_VALUE: a larger exponent can only be 0, 1 or too large to keep.
    fits = 0 <= exponent <= _MAX_POWER_EXPONENT
    return _exact_core(m, Fraction(base) ** exponent if fits else None)


_MAX_POWER_EXPONENT = 64


def _exact_core(m: re.Match[str], value: Fraction | None) -> _Core:
    if value is None or value.denominator != 1 or value > MAX_VALUE:
        return _Core("digits", m.start(), m.end(), None, None, role="other")
    whole = int(value)
    return _Core("digits", m.start(), m.end(), whole, whole, raw=whole)


def _read_words(seg: str, m: re.Match[str]) -> _Core | None:
    words = m.group(0)
    scale_word = m.group("nw_scale")
    if scale_word:
        words = words[: m.start("nw_scale") - m.start()].rstrip()
    value = _words_value(words)
    end = m.end()
    if value is None:
        # "deux trois": keep the first number word and read the rest on the next pass.
        first = re.match(rf"{_W}", words, re.I)
        if first is None:
            return None
        words, end, scale_word = first.group(), m.start() + first.end(), None
        value = _words_value(words)
        if value is None:
            return None
    if not _keep_words(seg, m.start(), end, words.lower()):
        return None
    raw = value
    if scale_word:
        value *= _SCALES[scale_word.lower()]
    return _Core("words", m.start(), end, value, value, raw=raw,
                 scale=_SCALES[scale_word.lower()] if scale_word else 1)


def _keep_words(seg: str, start: int, end: int, words: str) -> bool:
    """False for number words that are not numbers here: the article "un", "un bâtiment neuf"."""
    after = seg[end:end + WINDOW]
    if words in ("un", "une"):
        # A bare "un" is an article, except in "un ou deux" and "un an".
        return bool(re.match(r"\s+(?:ou|à)\s+(?:deux|trois|quatre|cinq|\d)", after, re.I)) or bool(
            _FEW_UNITS.match(after)
        )
    if words == "neuf":
        # "neuf" is also "new": a number only before what it counts ("neuf blessés").
        before = seg[max(0, start - 20):start]
        if _NEUF_RAISED[0].search(before) and _NEUF_RAISED[1].match(after):
            return True
        return _counted_noun_follows(after) and not _NEUF_ADJ_BEFORE.search(before)
    return True


def _words_value(words: str) -> int | None:
    try:
        return int(text2num(words.lower(), "fr"))
    except (ValueError, TypeError, AssertionError, IndexError, KeyError):
        return None


_READERS: dict[str, _ReaderFn] = {
    "phone": _fixed("phone"),
    "numdate": _fixed("date"),
    "clock": _read_clock,
    "fraction": _read_fraction,
    "vague": _read_vague,
    "few": _read_few,
    "approx": _read_approx,
    "ordinal": _read_ordinal,
    "sci": _read_scientific,
    "power": _read_power,
    "glued": _read_glued,
    "digits": _read_digits,
    "words": _read_words,
}
_NUMERIC_KINDS = frozenset({"digits", "words", "approx"})


def _counted_noun_follows(after: str) -> bool:
    m = _NEXT_WORD.match(after)
    if m is None:
        return False
    word = m.group("w")
    if word[0].isupper():
        return False
    low = word.lower()
    if low.startswith(("d'entre", "d’entre")) or low in ("autres", "d'entre", "d’entre"):
        return True
    if low in _COUNTED_SINGULAR:
        return True
    return len(low) > 2 and low[-1] in "sx" and low not in _FUNCTION_WORDS
