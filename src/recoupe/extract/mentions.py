"""Named-entity mentions of one document, with the role words that introduce them.

spaCy's NER gives most names; a few general French rules add what it misses in news
prose: the capitalised subject of a speech verb ("Asov a déclaré"), a nickname in
quotes ("connu sous le nom de « Wild Arman »"), an upper-case acronym ("KNB"), and an
institution named by its head noun ("bureau du procureur général du pays").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from recoupe.extract.claims import ParsedSentence, _info
from recoupe.extract.lexicon import fold
from recoupe.records import Document, Mention

_ROLE_POS = ("NOUN", "ADJ")
_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
_TRIM = " \"«»“”'’.,"

_SPEECH = ("déclaré|dit|souligné|affirmé|annoncé|indiqué|ajouté|précisé|expliqué|"
           "estimé|assuré|averti|répondu|confirmé|rapporté|signalé")
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("PER", re.compile(r"(?<![\w’'])([A-Z][a-zà-ÿ]+)(?= (?:a|avait|aurait) (?:"
                       + _SPEECH + r")\b)")),
    ("PER", re.compile(r"(?:connue? sous le (?:nom|surnom) de|surnommée?|alias)\s*[«“\"]\s*"
                       r"([A-Z][\w'-]+(?: [A-Z][\w'-]+)*)")),
    ("ORG", re.compile(r"\b([A-Z]{2,6})\b")),
    ("ORG", re.compile(r"\b((?:minist[èe]re|bureau|parquet|comité|préfecture|mairie)"
                       r"(?: [a-zé]+)? (?:de la |de l['’]|du |des )"
                       r"(?:[A-ZÉ][\w'’-]+|procureur général|santé|défense|intérieur)"
                       r"(?: (?:du|de la|de l['’]) (?:[A-ZÉ]\w+|pays))?)")),
)
# A cheap necessary condition for each rule, in RULES' order: what every match of it
# contains (the speech verb after the name; the alias cue; two capitals; the institution
# noun). Most sentences pass none but the acronym gate, and a gate finds its literal
# text faster than the rule, which is tried at every word (issue #7).
_GATES: tuple[re.Pattern[str], ...] = (
    re.compile(r" (?:a|avait|aurait) (?:" + _SPEECH + r")\b"),
    re.compile(r"connue? sous le (?:nom|surnom) de|surnommée?|alias"),
    re.compile(r"[A-Z]{2}"),
    re.compile(r"minist[èe]re|bureau|parquet|comité|préfecture|mairie"),
)
# Upper-case words that are not names of bodies.
_NOT_ACRONYMS = frozenset({"OK", "TV", "PDF", "VIDEO", "VIDÉO", "PHOTO", "PHOTOS", "AFP"})


def _role(doc: Doc, start: int) -> str | None:
    """The 1–3 nouns and adjectives (with their small words) just before a token:
    "le procureur général Asilov" → "procureur général"; they join garbled forms later."""
    pos = _info(doc).pos  # read once per sentence, not per token (issue #7)
    words: list[int] = []
    content, i = 0, start - 1
    while i >= 0 and content < 3:
        if pos[i] in _ROLE_POS:
            content += 1
        elif pos[i] not in ("ADP", "DET") or not words:
            break
        words.insert(0, i)
        i -= 1
    while words and pos[words[0]] in ("ADP", "DET"):
        words.pop(0)
    return fold(" ".join(doc[i].text for i in words)) or None


def extract_mentions(document: Document, parsed: Sequence[ParsedSentence]) -> list[Mention]:
    """Every PER/LOC/ORG/MISC name outside boilerplate, from NER and the rules above."""
    mentions = []
    text = document.text
    for ps in parsed:
        base = ps.sentence.start
        taken: list[tuple[int, int]] = []
        for ent in _info(ps.doc).ents:
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
        for (label, pattern), gate in zip(RULES, _GATES, strict=True):
            if not gate.search(ps.sentence.text):
                continue  # no match possible: spare the rule's scan
            for match in pattern.finditer(ps.sentence.text):
                start, end = match.start(1) + base, match.end(1) + base
                name = text[start:end]
                if name in _NOT_ACRONYMS or any(s < end and start < e for s, e in taken):
                    continue
                if document.in_boilerplate(start, end):
                    continue
                taken.append((start, end))
                span = ps.doc.char_span(start - base, end - base, alignment_mode="expand")
                role = _role(ps.doc, span.start) if span is not None else None
                mentions.append(Mention(document.id, start, end, name, label, role,
                                        ps.sentence.text))
    return mentions
