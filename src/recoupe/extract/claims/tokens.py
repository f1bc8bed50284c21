"""A sentence's spaCy Doc read once into plain tuples, and the phrase readers over them.

spaCy rebuilds ``Doc.text`` by joining every token at each access, builds new Token and
Span objects at each iteration and looks each string attribute up in its store; a
sentence is scanned once per number, speech verb, entity and role word. Reading each
token once into tuples is most of the extract stage's speed (issue #7).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Token

from recoupe.lang import Language
from recoupe.textfold import word_key as fold

QUOTES = "«»\"“”'"  # quote marks around a counted phrase, never part of it
NP_MAX_TOKENS = 9  # a counted noun phrase longer than this has run into its clause
NP_MAX_RIGHT = 12  # a subject phrase reaching further right than this has left its head
DEPTH_LIMIT = 50  # a parse deeper than this is a cycle, not a sentence
_SPACES = re.compile(r"\s+")
_PHRASE_EDGES = " «»\"“”'"
# Dependencies of a head's children that are not part of its noun phrase.
_NOT_IN_PHRASE = frozenset({"acl", "acl:relcl", "punct", "advcl", "ccomp", "conj", "cc",
                            "case", "nummod", "mark"})
_FUNCTION_POS = ("ADP", "DET", "CCONJ")


class Ent(NamedTuple):
    """An entity span as plain data, with the attribute names of spaCy's ``Span``."""

    start: int
    end: int
    label_: str
    text: str
    start_char: int
    end_char: int


@dataclass(frozen=True)
class DocInfo:
    """What the readers look up over and over in one sentence's Doc, read once.

    Values are plain strings and ints: no Token or Span, which would keep the Doc alive.
    """

    text: str
    folds: tuple[str, ...]  # fold(token.text)
    lemmas: tuple[str, ...]  # fold(token.lemma_)
    pos: tuple[str, ...]
    deps: tuple[str, ...]
    idxs: tuple[int, ...]  # token.idx, increasing
    ents: tuple[Ent, ...]


@dataclass(frozen=True)
class Words:
    """What the readers of a counted phrase look up in a sentence's Doc, read once.

    Kept apart from :class:`DocInfo` because only sentences with a count need it: every
    sentence pays for ``DocInfo``, and these flags would add half its cost (issue #7).
    """

    text: str
    folds: tuple[str, ...]
    lemmas: tuple[str, ...]
    pos: tuple[str, ...]
    idxs: tuple[int, ...]
    texts: tuple[str, ...]
    tags: tuple[str, ...]
    spaces: tuple[bool, ...]  # token.is_space
    puncts: tuple[bool, ...]  # token.is_punct
    numbers: tuple[bool, ...]  # is_number(token)
    words: tuple[bool, ...]  # is_word(token)


# Kept per Doc, weakly: a Doc's info goes when the Doc goes.
_DOC_INFO: WeakKeyDictionary[Doc, DocInfo] = WeakKeyDictionary()
_DOC_WORDS: WeakKeyDictionary[Doc, Words] = WeakKeyDictionary()


def info(doc: Doc) -> DocInfo:
    """The :class:`DocInfo` of a Doc, computed on first use."""
    found = _DOC_INFO.get(doc)
    if found is None:
        found = _DOC_INFO[doc] = _read_doc(doc)
    return found


def _read_doc(doc: Doc) -> DocInfo:
    text = doc.text
    tokens = list(doc)
    ents = tuple(Ent(e.start, e.end, e.label_, text[e.start_char : e.end_char], e.start_char,
                     e.end_char) for e in doc.ents)
    return DocInfo(
        text=text,
        folds=tuple(fold(t.text) for t in tokens),
        lemmas=tuple(fold(t.lemma_) for t in tokens),
        pos=tuple(t.pos_ for t in tokens),
        deps=tuple(t.dep_ for t in tokens),
        idxs=tuple(t.idx for t in tokens),
        ents=ents,
    )


def words(doc: Doc, lang: Language) -> Words:
    """The :class:`Words` of a Doc, computed on first use (a Doc is read in one language)."""
    found = _DOC_WORDS.get(doc)
    if found is None:
        tokens, base = list(doc), info(doc)
        found = _DOC_WORDS[doc] = Words(
            text=base.text, folds=base.folds, lemmas=base.lemmas, pos=base.pos, idxs=base.idxs,
            texts=tuple(t.text for t in tokens),
            tags=tuple(t.tag_ for t in tokens),
            spaces=tuple(t.is_space for t in tokens),
            puncts=tuple(t.is_punct for t in tokens),
            numbers=tuple(is_number(t, lang) for t in tokens),
            words=tuple(is_word(t) for t in tokens),
        )
    return found


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc."""
    return info(doc).text


def tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    """Tokens of a sentence doc overlapping [start, end) (sentence-relative chars)."""
    if end <= start:
        return []
    span = doc.char_span(max(0, start), min(end, len(doc_text(doc))), alignment_mode="expand")
    if span is None:
        return [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
    return list(span)


def first_at_or_after(w: Words, offset: int) -> int:
    """The index of the first token starting at or after sentence offset ``offset``."""
    return bisect_left(w.idxs, offset)


def key(token: Token) -> set[str]:
    """A token's folded text and lemma: tables hold either."""
    return {fold(token.text), fold(token.lemma_)}


def is_word(token: Token) -> bool:
    return token.is_alpha or "-" in token.text


def is_number(tok: Token, lang: Language) -> bool:
    """A numeral; the words for one are spaCy numbers but nearly always articles."""
    return tok.like_num and fold(tok.text) not in lang.cue("one")


def is_break(tok: Token, lang: Language) -> bool:
    return tok.is_punct and tok.text not in "-'’." or is_number(tok, lang)


def np_indices(
    w: Words, first: int, limit: int, lang: Language, participle_first: bool = False
) -> list[int]:
    """A noun phrase read left to right from token ``first``: head, adjectives, complements.

    ``participle_first``: after "de" a participle is a noun ("des milliers de déplacés").
    Reads the sentence's tuples, not Tokens: it runs for every number (issue #7).
    """
    out: list[int] = []
    i = first
    stop = min(limit, len(w.folds))
    while i < stop and len(out) < NP_MAX_TOKENS:
        if w.texts[i] in QUOTES or w.spaces[i]:
            i += 1
            continue
        if _ends_phrase(w, i, out, lang, participle_first):
            break
        out.append(i)
        i += 1
    # Trailing function words are not part of the phrase.
    coordinators = lang.cue("coordinators")
    while out and (w.pos[out[-1]] in _FUNCTION_POS or w.folds[out[-1]] in coordinators):
        out.pop()
    return out


def _ends_phrase(w: Words, i: int, out: list[int], lang: Language, participle_first: bool
                 ) -> bool:
    """Does token ``i`` end the noun phrase ``out`` read so far?"""
    if w.pos[i] in ("VERB", "AUX") and out and w.tags[i] != "ADJ" and not (
        participle_first and len(out) == 0
    ):
        return True  # a participle right after the noun is the predicate, not the phrase
    if w.puncts[i] or w.numbers[i]:
        return True
    low = w.folds[i]
    if low in lang.cue("coordinators") and out:
        nxt = w.folds[i + 1] if i + 1 < len(w.folds) else None
        if nxt is None or nxt not in lang.cue("np_continuers"):
            return True
    return low in lang.cue("np_stops")


def phrase(tokens: Sequence[Token]) -> str:
    """The text covered by ``tokens``, quotes and extra spaces trimmed."""
    if not tokens:
        return ""
    text = doc_text(tokens[0].doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
    return _SPACES.sub(" ", text.strip(_PHRASE_EDGES)).strip()


def phrase_at(w: Words, indices: Sequence[int]) -> str:
    """:func:`phrase` of the tokens at ``indices`` (increasing)."""
    if not indices:
        return ""
    first, last = indices[0], indices[-1]
    text = w.text[w.idxs[first] : w.idxs[last] + len(w.texts[last])]
    return _SPACES.sub(" ", text.strip(_PHRASE_EDGES)).strip()


def np_of(token: Token, lang: Language) -> list[Token]:
    """The noun phrase headed by ``token`` (its subtree, without clauses and punctuation)."""
    keep = {token.i}
    for child in token.children:
        if child.dep_ in _NOT_IN_PHRASE:
            continue
        if child.dep_ == "appos" and child.pos_ != "PROPN":
            continue
        keep.update(t.i for t in child.subtree)
    # The contiguous run around the head, never across a comma, bracket or quote.
    doc = token.doc
    lo = hi = token.i
    while lo - 1 in keep and not is_break(doc[lo - 1], lang):
        lo -= 1
    while hi + 1 in keep and not is_break(doc[hi + 1], lang) and hi + 1 - token.i <= NP_MAX_RIGHT:
        hi += 1
    return [t for t in doc[lo : hi + 1] if not (t.is_punct and t.text not in "-'’")]


def strip_determiners(text: str, lang: Language) -> str:
    return lang.pattern("determiners").sub("", text.strip()).strip(" ,«»\"“”")


def depth(token: Token) -> int:
    """How many heads above ``token`` the root is."""
    steps = 0
    while token.head.i != token.i and steps < DEPTH_LIMIT:
        token = token.head
        steps += 1
    return steps
