"""Bytes to text: BOMs, UTF-8, legacy Western code pages, and binary detection.

Every reader goes through :func:`decode_bytes`, so a file, a download and stdin
are decoded the same way. Newlines are normalised to ``\\n`` (as Python's text
mode does), so offsets are offsets into that decoded text.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from recoupe.errors import RecoupeError

# How much of the start of the input the binary checks look at: enough to see
# a file signature or a page of text, little enough to stay fast on big inputs.
_SNIFF = 8192
# Below this share of printable characters the input is not prose.
_MIN_PRINTABLE = 0.9
# cp1252 is tried before the detector because French Windows files are the
# common legacy case and charset-normalizer, on short texts, often prefers
# cp1250, turning "à" into "ŕ"; its own mess score guards against Cyrillic.
_MAX_MESS = 0.1
# UTF-16 without a byte order mark: at least this many byte pairs to judge, this share of
# NULs on one side (Latin text: nearly all), and at most this share on the other side.
_MIN_UTF16_PAIRS = 8
_UTF16_NUL_SIDE = 0.3
_UTF16_OTHER_SIDE = 0.02
REPLACEMENT = "\ufffd"
_REPLACED_RUN = re.compile(f"{REPLACEMENT}+")
# A well-formed multi-byte UTF-8 sequence (RFC 3629, no surrogates, no overlongs).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class Decoded(NamedTuple):
    """Decoded text and what was repaired on the way (notes for the document)."""

    text: str
    notes: tuple[str, ...] = ()


def decode_bytes(raw: bytes, declared: str | None = None) -> str:
    """:func:`decode` without its notes."""
    return decode(raw, declared).text


def decode(raw: bytes, declared: str | None = None, *, nul_lines: bool = False) -> Decoded:
    """Decode an input's bytes, or raise ``RecoupeError`` (empty, binary, undecodable).

    ``declared`` is a charset named by the source (an HTTP header, a ``<meta>``),
    tried first when it is a known codec. ``nul_lines``: the input is read line by line
    (JSONL), so a NUL byte costs only its line, not the whole input.
    """
    if not raw.strip():
        raise RecoupeError("empty")
    decoded = _decode_bom(raw) or _decode_utf16_without_bom(raw)
    if decoded is None:
        if not nul_lines and b"\x00" in raw[:_SNIFF]:
            raise RecoupeError("binary", "it contains NUL bytes")
        decoded = _decode_declared(raw, declared) or _decode_guess(raw, lines=nul_lines)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise RecoupeError("empty")
    # Read line by line, a NUL costs its own line (jsonl.py): only the rest must read.
    sample = text[:_SNIFF].replace("\x00", "") if nul_lines else text[:_SNIFF]
    if printable_ratio(sample) < _MIN_PRINTABLE:
        raise RecoupeError("binary", "too few printable characters")
    return Decoded(text, decoded.notes)


def printable_ratio(text: str) -> float:
    """Share of characters that are printable or ordinary whitespace."""
    if not text:
        return 1.0
    good = sum(1 for ch in text if ch.isprintable() or ch in "\n\t\f\v")
    return good / len(text)


def _decode_bom(raw: bytes) -> Decoded | None:
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw[len(bom) :].decode(codec))
            except UnicodeDecodeError as err:
                raise RecoupeError("undecodable", f"{codec} byte order mark, bad bytes") from err
    return None


def _decode_utf16_without_bom(raw: bytes) -> Decoded | None:
    """UTF-16 without a byte order mark: NULs on one side of most byte pairs, never the other.

    Latin-script text in UTF-16 has a zero high byte for most characters; binary data has
    NULs on both sides. Only the start is looked at; the whole input is then decoded.
    """
    codec = _utf16_codec(raw[: _SNIFF * 2])
    if codec is None or not _reads_as_latin(raw[: _SNIFF * 2].decode(codec, errors="replace")):
        return None
    text = raw.decode(codec, errors="replace")
    bad = text.count(REPLACEMENT) - raw.decode(codec, errors="ignore").count(REPLACEMENT)
    notes: tuple[str, ...] = (f"{codec} without byte order mark",)
    if bad:
        notes += (f"{bad} invalid {codec} code unit(s) replaced by U+FFFD",)
    return Decoded(text, notes)


# Share of the sniffed characters that must be Latin letters, digits, punctuation or
# spaces for UTF-16 to be believed: UTF-8 text with a few NUL lines read as UTF-16 turns
# into CJK-looking characters, real UTF-16 of the languages recoupe reads does not.
_UTF16_LATIN_SHARE = 0.9


def _reads_as_latin(sample: str) -> bool:
    if not sample:
        return False
    latin = sum(1 for ch in sample if ch < "\u0250" or ch.isspace() or "\u2000" <= ch < "\u2070")
    return latin / len(sample) >= _UTF16_LATIN_SHARE


def _utf16_codec(head: bytes) -> str | None:
    pairs = len(head) // 2
    if pairs < _MIN_UTF16_PAIRS:
        return None
    even = head[0 : pairs * 2 : 2].count(0) / pairs
    odd = head[1 : pairs * 2 : 2].count(0) / pairs
    if even >= _UTF16_NUL_SIDE and odd <= _UTF16_OTHER_SIDE:
        return "utf-16-be"
    if odd >= _UTF16_NUL_SIDE and even <= _UTF16_OTHER_SIDE:
        return "utf-16-le"
    return None


def _decode_declared(raw: bytes, declared: str | None) -> Decoded | None:
    if not declared:
        return None
    try:
        return Decoded(raw.decode(declared))
    except (LookupError, UnicodeDecodeError):
        return None  # a wrong declaration is common; fall back to guessing


def _decode_guess(raw: bytes, *, lines: bool = False) -> Decoded:
    """UTF-8, then UTF-8 with a few bad bytes, then cp1252, then detection.

    ``lines`` (JSONL, whose format is UTF-8): detection is not tried, as a guessed
    multi-byte code page could merge every line into one; the bytes are read as UTF-8
    with U+FFFD for the bad ones instead.
    """
    try:
        return Decoded(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if (repaired := _mostly_utf8(raw)) is not None:
        return repaired
    try:
        text = raw.decode("cp1252")
        if mess_ratio(text[:_SNIFF], 1.0) <= _MAX_MESS:
            return Decoded(text)
    except UnicodeDecodeError:
        pass
    if lines:
        return _utf8_replaced(raw)
    best = from_bytes(raw).best()
    if best is None:
        raise RecoupeError("undecodable", "no encoding gives readable text")
    return Decoded(str(best))


def _mostly_utf8(raw: bytes) -> Decoded | None:
    """UTF-8 text with a few bad bytes: decoded with U+FFFD for them, and a note.

    It is UTF-8 when its valid multi-byte sequences are at least as many as its runs of
    invalid bytes: a legacy code page ("été" as E9 74 E9) almost never forms a valid UTF-8
    sequence, while a UTF-8 article with a damaged byte still has all its other accents
    right. Re-decoding it as a code page would garble every accent to fix a few bytes.
    """
    valid = len(_UTF8_MULTIBYTE.findall(raw))
    if not valid:
        return None
    decoded = _utf8_replaced(raw)
    runs = len(_REPLACED_RUN.findall(decoded.text)) - raw.count(REPLACEMENT.encode("utf-8"))
    return decoded if runs <= valid else None


def _utf8_replaced(raw: bytes) -> Decoded:
    text = raw.decode("utf-8", errors="replace")
    bad = text.count(REPLACEMENT) - raw.count(REPLACEMENT.encode("utf-8"))
    return Decoded(text, (f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD",))
