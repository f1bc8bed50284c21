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

from recoupe.lang import Language, load, resource_for
from recoupe.records import Document
from recoupe.textfold import word_key

_SENTENCE_END = re.compile(r"[.!?…]+[»”\"'’)]*(?=\s+|$)")
_HEADING_MAX_CHARS = 160
_LINE = re.compile(r"[^\n]+")
_HEADING_END = re.compile(r"[.!?…:;,]\W*$")
# The word a period closes ("M.", "J.-C.", "etc."), read within its last characters.
_WORD_BEFORE_PERIOD = re.compile(r"([\w.-]+)\.$")
_WORD_REACH = 64
# A sentence starts with a capital, a digit, a quote or a dash; "3.5" or "etc. et" do not.
_SENTENCE_START = re.compile(r"[\W\d_]*[A-ZÀ-ÖØ-Þ0-9«\"“‘'(\-–—•]")


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
    for m in _LINE.finditer(text[start:]):
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
    return not _HEADING_END.search(stripped) or stripped.endswith(("...", "…"))


def _word_before_period(text: str, cursor: int, period: int) -> str | None:
    """The word (letters, digits, periods, hyphens) the period at ``period`` closes.

    Read in the last few characters first: searching the whole sentence so far made a
    long paragraph with many non-final periods ("3.5", "M.") cost its length squared.
    """
    near = max(cursor, period + 1 - _WORD_REACH)
    word = _WORD_BEFORE_PERIOD.search(text, near, period + 1)
    if word and word.start() == near > cursor:  # the word may go on before: read it all
        word = _WORD_BEFORE_PERIOD.search(text, cursor, period + 1)
    return word.group(1) if word else None


def split_sentences(text: str, start: int, end: int, lang: Language | None = None
                    ) -> list[tuple[int, int]]:
    """Sentence spans inside one line or paragraph (default language: French)."""
    abbreviations = (lang or load("fr")).cue("abbreviations")
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in _SENTENCE_END.finditer(text, start, end):
        stop = m.end()
        word = _word_before_period(text, cursor, m.start()) if m.group()[0] == "." else None
        if word:
            token = word_key(word)
            # "M. Tokaev", "J.-C." and initials ("A. Smith") do not end a sentence.
            if token in abbreviations or len(token) == 1 or token.endswith("."):
                continue
        following = stop
        while following < end and text[following].isspace():
            following += 1
        if following < end and not _SENTENCE_START.match(text, following, end):
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
    text, lang = doc.text, resource_for(doc.lang)
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
        for ss, se in split_sentences(text, ls, le, lang):
            sentences.append(Sentence(ss, se, text[ss:se], block, paragraph, heading))
        if heading:
            # What follows a heading starts a new block too.
            block += 1
        previous_end = le
    return sentences
