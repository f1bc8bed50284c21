"""Bytes to text: BOMs, UTF-8, legacy Western code pages, and binary detection.

Every reader goes through :func:`decode_bytes`, so a file, a download and stdin
are decoded the same way. Newlines are normalised to ``\\n`` (as Python's text
mode does), so offsets are offsets into that decoded text.
"""

from __future__ import annotations

import codecs

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
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(raw: bytes, declared: str | None = None) -> str:
    """Decode an input's bytes, or raise ``RecoupeError`` (empty, binary, undecodable).

    ``declared`` is a charset named by the source (an HTTP header, a ``<meta>``),
    tried first when it is a known codec.
    """
    if not raw.strip():
        raise RecoupeError("empty")
    text = _decode_bom(raw)
    if text is None:
        if b"\x00" in raw[:_SNIFF]:
            raise RecoupeError("binary", "it contains NUL bytes")
        text = _decode_declared(raw, declared) or _decode_guess(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise RecoupeError("empty")
    if printable_ratio(text[:_SNIFF]) < _MIN_PRINTABLE:
        raise RecoupeError("binary", "too few printable characters")
    return text


def printable_ratio(text: str) -> float:
    """Share of characters that are printable or ordinary whitespace."""
    if not text:
        return 1.0
    good = sum(1 for ch in text if ch.isprintable() or ch in "\n\t\f\v")
    return good / len(text)


def _decode_bom(raw: bytes) -> str | None:
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec)
            except UnicodeDecodeError as err:
                raise RecoupeError("undecodable", f"{codec} byte order mark, bad bytes") from err
    return None


def _decode_declared(raw: bytes, declared: str | None) -> str | None:
    if not declared:
        return None
    try:
        return raw.decode(declared)
    except (LookupError, UnicodeDecodeError):
        return None  # a wrong declaration is common; fall back to guessing


def _decode_guess(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
        if mess_ratio(text[:_SNIFF], 1.0) <= _MAX_MESS:
            return text
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw).best()
    if best is None:
        raise RecoupeError("undecodable", "no encoding gives readable text")
    return str(best)
