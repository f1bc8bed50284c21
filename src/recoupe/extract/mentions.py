"""Named-entity mentions of one document, with the role words that introduce them.

spaCy's NER gives most names; a few general rules of the language resource add what it
misses in news prose: the capitalised subject of a speech verb ("Asov a déclaré"), a nickname in
quotes ("connu sous le nom de « Wild Arman »"), an upper-case acronym ("KNB"), and an
institution named by its head noun ("bureau du procureur général du pays").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Doc

from recoupe.extract.claims.tokens import info
from recoupe.lang import Language, resource_for
from recoupe.nlp import ParsedSentence
from recoupe.records import Document, Mention
from recoupe.textfold import word_key as fold

_ROLE_POS = ("NOUN", "ADJ")
_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
_TRIM = " \"«»“”'’.,"
ROLE_WORDS = 3  # the nouns and adjectives before a name kept as its role
_ACRONYM = re.compile(r"\b([A-Z]{2,6})\b")  # an upper-case acronym ("KNB"), any language
_ACRONYM_GATE = re.compile(r"[A-Z]{2}")


Rule = tuple[str, re.Pattern[str], re.Pattern[str]]  # (label, pattern, gate)


@lru_cache(maxsize=8)
def rules(lang: Language) -> tuple[Rule, ...]:
    """The rules of a language, each with a cheap necessary condition (its gate): what
    every match of the rule contains (the speech verb after the name; the alias cue; two
    capitals; the institution noun). Most sentences pass none but the acronym gate, and a
    gate finds its literal text faster than the rule, which is tried at every word
    (issue #7)."""
    pattern = lang.pattern
    return (
        ("PER", pattern("mention_speaker"), pattern("mention_speaker_gate")),
        ("PER", pattern("mention_alias"), pattern("mention_alias_gate")),
        ("ORG", _ACRONYM, _ACRONYM_GATE),
        ("ORG", pattern("mention_institution"), pattern("mention_institution_gate")),
    )


def _role(doc: Doc, start: int) -> str | None:
    """The 1–3 nouns and adjectives (with their small words) just before a token:
    "le procureur général Asilov" → "procureur général"; they join garbled forms later."""
    pos = info(doc).pos  # read once per sentence, not per token (issue #7)
    words: list[int] = []
    content, i = 0, start - 1
    while i >= 0 and content < ROLE_WORDS:
        if pos[i] in _ROLE_POS:
            content += 1
        elif pos[i] not in ("ADP", "DET") or not words:
            break
        words.insert(0, i)
        i -= 1
    while words and pos[words[0]] in ("ADP", "DET"):
        words.pop(0)
    return fold(" ".join(doc[i].text for i in words)) or None


def extract_mentions(document: Document, parsed: Sequence[ParsedSentence],
                     lang: Language | None = None) -> list[Mention]:
    """Every PER/LOC/ORG/MISC name outside boilerplate, from NER and the rules above."""
    mentions: list[Mention] = []
    lang = lang or resource_for(document.lang)
    for ps in parsed:
        taken = _entity_mentions(document, ps, mentions)
        _rule_mentions(document, ps, lang, taken, mentions)
    return mentions


def _entity_mentions(document: Document, ps: ParsedSentence, mentions: list[Mention]
                     ) -> list[tuple[int, int]]:
    """spaCy's entities of a sentence as mentions; returns the spans they take."""
    text, base = document.text, ps.sentence.start
    taken: list[tuple[int, int]] = []
    for ent in info(ps.doc).ents:
        raw = ent.text
        lead = len(raw) - len(raw.lstrip(_TRIM))
        name = raw.strip(_TRIM)
        start = ent.start_char + base + lead
        end = start + len(name)
        # A hyphenated name the tokenizer cut after its first half ("Kassym-Zhomart").
        if joined := re.match(r"-[A-Z]\w+(?: [A-Z]\w+)*", text[end : ps.sentence.end]):
            end += joined.end()
            name = text[start:end]
        taken.append((start, end))
        if len(name) < 2 or document.in_boilerplate(start, end):
            continue
        mentions.append(Mention(document.id, start, end, name,
                                _LABELS.get(ent.label_, "MISC"), _role(ps.doc, ent.start),
                                ps.sentence.text))
    return taken


def _rule_mentions(document: Document, ps: ParsedSentence, lang: Language,
                   taken: list[tuple[int, int]], mentions: list[Mention]) -> None:
    """Names the rules find that spaCy's entities did not take."""
    text, base = document.text, ps.sentence.start
    not_acronyms = lang.cue("not_acronyms")
    for label, pattern, gate in rules(lang):
        if not gate.search(ps.sentence.text):
            continue  # no match possible: spare the rule's scan
        for match in pattern.finditer(ps.sentence.text):
            start, end = match.start(1) + base, match.end(1) + base
            name = text[start:end]
            if name.isupper() and fold(name) in not_acronyms:
                continue
            if any(s < end and start < e for s, e in taken):
                continue
            if document.in_boilerplate(start, end):
                continue
            taken.append((start, end))
            span = ps.doc.char_span(start - base, end - base, alignment_mode="expand")
            role = _role(ps.doc, span.start) if span is not None else None
            mentions.append(Mention(document.id, start, end, name, label, role,
                                    ps.sentence.text))
