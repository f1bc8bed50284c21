"""Claims: a counted number read with what it counts, who, where, when, per whom.

Input: a cleaned :class:`~recoupe.records.Document`, its sentences each parsed by spaCy,
and the document's resolved dates. Output: :class:`~recoupe.records.Claim` records whose
place and source hold surface names (entity linking fills ids later). No spaCy object
leaves. One module per concern, each rule a small named function in an ordered table
whose name is kept on the claim (``Claim.rule``):

========================  ==============================================================
:mod:`.tokens`            a sentence's Doc read once into tuples; noun-phrase readers
:mod:`.context`           what carries between sentences; cue tables per language
:mod:`.counted`           the counted phrase around a number, and what is read from it
:mod:`.quantity`          one count read in the parse: phrase, parts, kind, group
:mod:`.kind`              ``KIND_RULES``: what a number counts
:mod:`.group`             who it counts; ``GROUP_RULES`` borrow a group from neighbours
:mod:`.source`            attributions; ``SOURCE_RULES`` choose the one of a number
:mod:`.place`             places of a sentence; the place rules of a number
:mod:`.period`            when
:mod:`.counts`            the counts of a sentence (numbers, "plusieurs", "un gendarme")
:mod:`.document`          the driver: sentence by sentence, then repeated figures
========================  ==============================================================

Every word the rules look for comes from the document's language resource
(:func:`recoupe.lang.load`), never from this package.
"""

from recoupe.extract.claims.document import extract_claims, harmonise, heading_spans
from recoupe.extract.claims.place import PlaceBook
from recoupe.nlp import ParsedSentence

__all__ = ["ParsedSentence", "PlaceBook", "extract_claims", "harmonise", "heading_spans"]
