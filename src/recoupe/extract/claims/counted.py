"""The counted phrase around one number, and what is read from it (kind, group, cues)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Token

from recoupe.extract.claims.tokens import Words
from recoupe.records import Quantity


@dataclass(frozen=True)
class CountedPhrase:
    """Where one number sits in its sentence's parse, read once for every rule."""

    doc: Doc
    w: Words
    base: int  # the sentence's start in the document
    window_end: int  # document offset: the next number, or the sentence's end
    last: Token  # the number's last token
    first: int  # the first token of the counted noun phrase (past "de", quotes)
    right_limit: int  # the first token at or past the window's end
    np: tuple[int, ...]  # the counted noun phrase's tokens
    head: Token | None  # its head noun
    left: range  # tokens between the previous number and this one
    after_de: bool  # the phrase follows "de": a participle there is a noun


class Pick(NamedTuple):
    """What a kind rule read: the kind, the words it was read from, the rule's name, and
    for a few rules the counted people's group."""

    kind: str
    cue: str | None
    rule: str
    group: str | None = None
    group_label: str | None = None
    bare_kind_noun: bool = False


@dataclass
class Reading:
    quantity: Quantity
    kind: str | None = None
    group: str | None = None
    group_label: str | None = None
    cue: str | None = None
    inherit: str | None = None  # "group" | "kind" | "kind+group" | "antecedent"
    subset: bool = False
    np_text: str = ""
    owner: Token | None = None  # who holds counted equipment ("La Russie envoie ...")
    uncounted: bool = False  # the number goes with a noun no crisis figure counts
    bare_kind_noun: bool = False  # "cinq blessés": a kind noun that names no group
    part_kind: str | None = None  # "12 enfants parmi les victimes": the whole's kind
    among: bool = False  # "parmi les victimes": a part of a toll given before
    list_item: bool = False  # "Province du Nord : 41 personnes": an item of a colon list
    past: bool = False  # a figure of a past event, given as a comparison
    compared: bool = False  # "contre 612 la veille", "up from 380": counts what the last did
    not_claim: str | None = None  # the rule that found no crisis figure here (.not_claims)
    counts_things: bool = False  # places, buildings, animals, teams: never a people kind
    kind_rule: str | None = None  # the rule that chose the kind
    group_rule: str | None = None  # the rule that chose the group

    def take(self, pick: Pick) -> None:
        """Keep what a kind rule read."""
        self.kind, self.cue, self.kind_rule = pick.kind, pick.cue, pick.rule
        self.bare_kind_noun = pick.bare_kind_noun
        if pick.group is not None:
            self.group, self.group_label, self.group_rule = pick.group, pick.group_label, pick.rule
