"""Split a document's article text into blocks and sentences, with input offsets.

News pages come in two shapes: paragraphs separated by blank lines, or one
paragraph per line (live blogs, bullet summaries). Context that carries from
sentence to sentence (who is speaking, where it happens) is kept inside a
*block*: a blank-line paragraph in the first shape, the run of lines under one
heading in the second. A heading is a short line that does not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recoupe.records import Document

# Abbreviations after which a period does not end a French sentence.
_ABBREVIATIONS = frozenset(
    {
        "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "st", "ste", "gén", "gal", "col",
        "cdt", "lt", "sgt", "av", "apr", "j.-c", "etc", "cf", "env", "art", "p", "n", "no", "nº",
        "vol", "éd", "ex", "min", "max", "sq",
    }
)
_SENTENCE_END = re.compile(r"[.!?…]+[»”\"'’)]*(?=\s+|$)")
_HEADING_MAX_CHARS = 160


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    block: int  # context block number, see module docstring
    paragraph: int  # line-or-paragraph number
    heading: bool  # a title or subheading line


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line from ``start``, trailing space trimmed."""
    spans = []
    for m in re.finditer(r"[^\n]+", text[start:]):
        s, e = m.start() + start, m.end() + start
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def is_heading(line: str) -> bool:
    """A short line that does not end like a sentence: a title or subheading."""
    stripped = line.strip().strip("•*-–— ").strip()
    if not stripped or len(stripped) > _HEADING_MAX_CHARS:
        return False
    return not re.search(r"[.!?…:;,]\W*$", stripped) or stripped.endswith(("...", "…"))


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one line or paragraph."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in _SENTENCE_END.finditer(text, start, end):
        stop = m.end()
        word = re.search(r"([\w.-]+)\.$", text[cursor : m.start() + 1])
        if m.group().startswith(".") and word:
            token = word.group(1).lower()
            # "M. Tokaev", "J.-C." and initials ("A. Smith") do not end a sentence.
            if token in _ABBREVIATIONS or len(token) == 1 or token.endswith("."):
                continue
        following = text[stop:end].lstrip()
        # A sentence starts with a capital, a digit, a quote or a dash; "3.5" or "etc. et" do not.
        if following and not re.match(r"[\W\d_]*[A-ZÀ-ÖØ-Þ0-9«\"“‘'(\-–—•]", following):
            continue
        spans.append((cursor, stop))
        cursor = stop
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end:
        spans.append((cursor, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def segment(doc: Document) -> list[Sentence]:
    """Sentences of the article text, outside the header block, in order."""
    text = doc.text
    lines = _lines(text, doc.body_start)
    blank_separated = bool(re.search(r"\n[ \t\u00a0]*\n", text[doc.body_start :]))
    sentences: list[Sentence] = []
    block = 0
    previous_end = None
    for paragraph, (ls, le) in enumerate(lines):
        heading = is_heading(text[ls:le])
        if previous_end is not None:
            gap = text[previous_end:ls]
            new_paragraph = gap.count("\n") >= 2
            if heading or (blank_separated and new_paragraph):
                block += 1
        for ss, se in split_sentences(text, ls, le):
            sentences.append(Sentence(ss, se, text[ss:se], block, paragraph, heading))
        if heading:
            # What follows a heading starts a new block too.
            block += 1
        previous_end = le
    return sentences
