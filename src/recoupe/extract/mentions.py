"""Named-entity mentions of one document, with the role words that introduce them."""

from __future__ import annotations

from collections.abc import Sequence

from recoupe.extract.claims import ParsedSentence
from recoupe.extract.lexicon import fold
from recoupe.records import Document, Mention

_ROLE_POS = ("NOUN", "ADJ")
_TRIM = " \"«»“”'’.,"
_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}


def extract_mentions(document: Document, parsed: Sequence[ParsedSentence]) -> list[Mention]:
    """Every PER/LOC/ORG/MISC entity spaCy finds outside boilerplate, with its role."""
    mentions = []
    for ps in parsed:
        base = ps.sentence.start
        for ent in ps.doc.ents:
            start, end = ent.start_char + base, ent.end_char + base
            if document.in_boilerplate(start, end):
                continue
            raw = ent.text
            lead = len(raw) - len(raw.lstrip(_TRIM))
            text = raw.strip(_TRIM)
            start, end = start + lead, start + lead + len(text)
            if len(text) < 2:
                continue
            # The 1–3 nouns and adjectives just before a name say what it is
            # ("le procureur général Asilov"); they join garbled forms later.
            before = []
            for tok in reversed(ps.doc[max(0, ent.start - 4) : ent.start]):
                if tok.pos_ in _ROLE_POS:
                    before.insert(0, tok.text)
                elif tok.pos_ in ("DET", "ADP") and not before:
                    continue
                else:
                    break
            role = fold(" ".join(before)) if before else None
            mentions.append(
                Mention(
                    doc=document.id, start=start, end=end, text=text,
                    label=_LABELS.get(ent.label_, "MISC"), role=role,
                    sentence=ps.sentence.text,
                )
            )
    return mentions
