"""Who a number counts: the group, from the counted phrase, its owner or subject, or the
figures around it. Rules return a :class:`GroupPick` naming themselves, or None."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from spacy.tokens import Token

from recoupe.extract.claims.context import Context, cues_of
from recoupe.extract.claims.counted import CountedPhrase, Reading
from recoupe.extract.claims.place import PlaceBook
from recoupe.extract.claims.tokens import key, np_of, phrase, strip_determiners
from recoupe.lang import Language, read_table
from recoupe.records import Claim, Place
from recoupe.textfold import word_key as fold

HEAD_CLIMB = 4  # a governing verb further up the parse than this is another clause's
COORDINATED_MAX_CHARS = 80  # two figures further apart than this are not one list
_WORD = re.compile(r"[\w-]+")
_ARMS = ("weapons", "equipment")


class GroupPick(NamedTuple):
    group: str
    label: str | None
    rule: str


@lru_cache(maxsize=1 << 14)
def group_of_phrase(text: str, main_country: str | None, lang: Language) -> str | None:
    """Who a phrase counts. Remembered: it runs on every counted phrase and group noun,
    and a text names the same few groups again and again."""
    cues = cues_of(lang)
    folded = " " + _elided(fold(text), lang) + " "
    words = set(_WORD.findall(folded))
    # Foreign only against a known country: with none, "l'armée malienne" is the army.
    if main_country is not None and words & cues.security_like and any(
        lang.demonyms[w] != main_country for w in words if w in lang.demonyms
    ):
        return "foreign_forces"
    head = next(iter(_WORD.findall(folded)), None)
    for group, padded, single, cue in _cue_table(lang):
        if group != "foreign_forces" and head in _soldier_words(lang):
            # "militaires de la Sécurité civile": soldiers named as such, whatever unit
            return "security_forces"
        if padded in folded or (single and cue in words):
            return group
    return None


@lru_cache(maxsize=8)
def _sentence_words(code: str) -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
    """groups.toml's ``[sentence_words]``: name → (folded words, folded phrases)."""
    table = read_table(code, "groups.toml").get("sentence_words", {})
    return {name: (frozenset(fold(w) for w in str(value).split()),
                   tuple(fold(p) for p in table.get(name + "_phrases", ())))
            for name, value in table.items() if not name.endswith("_phrases")}


def sentence_says(text: str, name: str, lang: Language) -> bool:
    """Does the sentence use one of the ``[sentence_words]`` set ``name`` (relief, …)?"""
    words, phrases = _sentence_words(lang.code).get(name, (frozenset(), ()))
    folded = " " + _elided(fold(text), lang) + " "
    return bool(words & set(_WORD.findall(folded))) or any(f" {p} " in folded for p in phrases)


@lru_cache(maxsize=8)
def _soldier_words(lang: Language) -> frozenset[str]:
    """The single words that name security forces, which name them first in a phrase
    whatever unit follows ("soldiers of the civil protection")."""
    return frozenset(cue for group, _p, single, cue in _cue_table(lang)
                     if single and group == "security_forces")


def _elided(folded: str, lang: Language) -> str:
    """"forces de l'ordre" → "forces de l' ordre": an elided article is a word of its own,
    in the phrase and in the cues alike."""
    return lang.pattern("elision").sub(r"\1' ", folded)


@lru_cache(maxsize=8)
def _cue_table(lang: Language) -> tuple[tuple[str, str, bool, str], ...]:
    """The group cues in the order they are tried: the cues of several words first (the
    more specific name wins: "brigade de secours" is a rescue unit, "Sécurité civile" a
    civil body, though "brigade" and "sécurité" alone name security forces), then single
    words; within each, the groups in :data:`~.context.GROUP_ORDER`. Foreign forces' cues
    come before all ("soldats de la paix")."""
    table = [(group, f" {_elided(cue, lang)} ", single, cue)
             for group, _padded, single, cue in cues_of(lang).group_cues]
    # Stable sort: foreign forces' cues first, then cues of several words (False first).
    return tuple(sorted(table, key=lambda row: (row[0] != "foreign_forces", row[2])))


def subject_group(verb: Token, ctx: Context) -> tuple[str | None, str | None]:
    """The group of a verb's subject, and the subject's words."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:
        return None, None
    label = strip_determiners(phrase(np_of(subjects[0], ctx.lang)), ctx.lang)
    group = group_of_phrase(label, ctx.main_country, ctx.lang)
    return (group, label) if group else (None, None)


def possessor_group(token: Token, ctx: Context) -> tuple[str | None, str | None]:
    """"Les forces de la paix auront un effectif de 2 500 personnes": the subject's group,
    when the verb above the count is one of having."""
    node = token
    for _ in range(HEAD_CLIMB):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            if not (key(node) & ctx.lang.cue("have_verbs")):
                return None, None
            return subject_group(node, ctx)
    return None, None


def owner(token: Token, lang: Language) -> Token | None:
    """The subject of the verb governing counted equipment: who sends, holds or takes it."""
    node = token
    while node.dep_ == "conj" and node.head.i < node.i:
        node = node.head  # "12 aircraft, 45 vehicles": the list's first item's verb
    for _ in range(HEAD_CLIMB):
        if node.dep_ in ("obj", "nsubj:pass", "obl", "obl:arg", "nmod") and node.head.i != node.i:
            node = node.head
            if node.pos_ == "VERB":
                if key(node) & lang.cue("seize_verbs"):
                    return None
                subjects = [c for c in node.children if c.dep_ in ("nsubj",)]
                return subjects[0] if subjects else None
        else:
            break
    return None


def country_in(tokens: Sequence[Token], lang: Language) -> str | None:
    for tok in tokens:
        folded = fold(tok.text)
        code = lang.country_names.get(folded) or next(
            (lang.demonyms[form] for form in _base_forms(folded) if form in lang.demonyms), None)
        if code:
            return code
    return None


def _base_forms(word: str) -> tuple[str, ...]:
    """A demonym and the forms it may be listed under: "pakistanaises" is listed as
    "pakistanais", "marocaine" as "marocain" (the tables hold the masculine forms)."""
    forms = [word]
    for ending in ("es", "e", "s"):
        if word.endswith(ending) and len(word) > len(ending) + 3:
            forms.append(word[: -len(ending)])
    return tuple(forms)


def country_name(code: str | None, lang: Language) -> str | None:
    if code is None:
        return None
    for name, c in lang.country_names.items():
        if c == code:
            return lang.country_display.get(name, name.title())
    return None


def owner_group(holder: Token, ctx: Context) -> str | None:
    lang = ctx.lang
    tokens = np_of(holder, lang)
    text = phrase(tokens)
    code = lang.country_names.get(fold(strip_determiners(text, lang))) or country_in(tokens, lang)
    if code and ctx.main_country is not None and code != ctx.main_country:
        return "foreign_forces"
    if fold(holder.text) in lang.cue("they"):
        return ctx.group_nouns[-1][0] if ctx.group_nouns else None
    if fold(holder.text) in lang.cue("speaker_pronouns"):
        return _reported_speaker_group(holder, ctx)
    return group_of_phrase(text, ctx.main_country, lang)


def _reported_speaker_group(pronoun: Token, ctx: Context) -> str | None:
    """"The defence ministry said it had sent 12 aircraft": the pronoun subject of a
    reported clause stands for the subject of the verb reporting it."""
    verb = pronoun.head
    if pronoun.dep_ != "nsubj" or verb.dep_ != "ccomp" or verb.head.i == verb.i:
        return None
    speaker = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if speaker is None or fold(speaker.text) in ctx.lang.cue("speaker_pronouns"):
        return None
    return owner_group(speaker, ctx)


def foreign_owner(holder: Token, place: Place | None, ctx: Context, places: Sequence[str],
                  book: PlaceBook) -> bool:
    """Is the sender a country other than the one the figure is about?"""
    lang = ctx.lang
    tokens = np_of(holder, lang)
    text = strip_determiners(phrase(tokens), lang)
    code = lang.country_names.get(fold(text)) or country_in(tokens, lang)
    if code is None:
        return False
    candidates = place.name.split(" + ") if place is not None else []  # "Kiev + Lviv"
    candidates += list(places)
    for name in candidates:
        country = book.country_of(name)
        if country:
            return code != country
    return ctx.main_country is not None and code != ctx.main_country


# --------------------------------------------------------------------------- phrase


def read_group(ph: CountedPhrase, reading: Reading, ctx: Context) -> None:
    """The group of a reading from its own phrase, owner or possessor."""
    lang = ctx.lang
    if _more_of_the_same(ph, ctx):
        reading.inherit = reading.inherit or "group"  # "740 autres", "748 autres blessés"
    group = group_of_phrase(reading.np_text, ctx.main_country, lang) if reading.np_text else None
    if reading.kind in _ARMS:
        _arms_group(ph, reading, group, ctx)
    elif group and reading.group is None:
        reading.group, reading.group_rule = group, "noun_phrase"
        reading.group_label = strip_determiners(reading.np_text, lang)
        if reading.kind == "deployed" and group == "security_forces" and \
                not sentence_says(ph.last.sent.text, "relief", lang):
            # "Le Rwanda a dépêché 1 000 soldats au Mozambique": another country's troops;
            # soldiers sent to help after a disaster are not ("pour aider aux recherches").
            reading.owner = owner(ph.head or ph.last, lang)
            held, label = possessor_group(ph.head or ph.last, ctx)
            if held == "foreign_forces":  # "its peacekeeping force numbered 2,000 servicemen"
                reading.group, reading.group_label, reading.group_rule = held, label, "possessor"
    elif reading.group is None and (named := _predicate_group(ph, ctx)) is not None:
        reading.group, reading.group_label = named
        reading.group_rule = "predicate"
    elif reading.kind in ("deployed", "participants") and (
        ph.head is None or key(ph.head) & lang.cue("generic_people")
    ):
        reading.group, reading.group_label = possessor_group(ph.head or ph.last, ctx)
        reading.group_rule = "possessor" if reading.group else None
    if reading.subset and reading.inherit is None and reading.kind is None:
        reading.inherit = "kind"
    if reading.subset and reading.group is None:
        reading.inherit = "kind+group" if reading.kind is None else "group"


def _predicate_group(ph: CountedPhrase, ctx: Context) -> tuple[str, str] | None:
    """"Two of the dead were police officers", "deux des morts étaient des policiers": the
    group the copula's predicate names for the counted subject."""
    number, head = ph.last, ph.last.head
    if head.i == number.i:
        return None
    predicate = None
    if number.dep_ == "nsubj" and head.pos_ == "AUX":  # English: "were" heads the clause
        predicate = next((c for c in head.children if c.dep_ == "attr" and c.i > number.i), None)
    elif head.i > number.i and any(c.dep_ == "cop" for c in head.children) and \
            number.dep_ in ("nummod", "nsubj"):
        predicate = head  # French and UD: the predicate noun heads the clause
    if predicate is None or predicate.pos_ not in ("NOUN", "PROPN"):
        return None
    words = [t for t in np_of(predicate, ctx.lang) if t.dep_ != "cop" and t.i > number.i]
    label = strip_determiners(phrase(words), ctx.lang)
    group = group_of_phrase(label, ctx.main_country, ctx.lang) if label else None
    return (group, label) if group else None


def _more_of_the_same(ph: CountedPhrase, ctx: Context) -> bool:
    """"740 autres": "autres" with no people noun or group of its own after it."""
    w, lang = ph.w, ctx.lang
    if ph.head is None or fold(ph.head.text) not in lang.cue("others"):
        return False
    people = lang.cue("generic_people")
    return not any(
        {w.folds[i], w.lemmas[i]} & people or group_of_phrase(w.texts[i], ctx.main_country, lang)
        for i in ph.np[1:]
    )


def _arms_group(ph: CountedPhrase, reading: Reading, group: str | None, ctx: Context) -> None:
    """Whose aircraft or guns: a nationality in the phrase, else who sends or holds them."""
    holder = owner(ph.head or ph.last, ctx.lang)
    held_by = owner_group(holder, ctx) if holder is not None else None
    if held_by == "foreign_forces" and group == "security_forces" and \
            sentence_says(ph.last.sent.text, "relief", ctx.lang):
        held_by = None  # another state's military aircraft bringing relief: its forces
    if group == "foreign_forces":
        reading.group, reading.group_rule = group, "noun_phrase"
    elif held_by:
        reading.group, reading.group_rule = held_by, "owner"
    else:
        reading.group, reading.group_rule = group, "noun_phrase" if group else None


# --------------------------------------------------------------------------- neighbours


@dataclass(frozen=True)
class Neighbours:
    """The figures and speakers around a reading, for the rules that borrow a group."""

    sentence: str  # the sentence's text
    sentence_text_of: Callable[[int, int], str]  # document offsets → the sentence's words
    previous: Claim | None  # the document's previous claim
    same_sentence: Claim | None  # the previous claim if it is in this sentence
    speaker: Sequence[Token] | None  # the first attribution's phrase in the sentence


def inherited(reading: Reading, nb: Neighbours, ctx: Context) -> GroupPick | None:
    """"740 autres", "dont 19": the group of the previous figure."""
    if reading.inherit in ("group", "kind+group") and nb.previous and nb.previous.group != "all":
        return GroupPick(nb.previous.group, nb.previous.group_label, "inherited")
    return None  # "all" is what no rule finding a group gives: the rules after may say more


def coordinated(reading: Reading, nb: Neighbours, ctx: Context) -> GroupPick | None:
    """"Deux civils ont été tués et cinq blessés", "18 policiers ont été tués et 748 ont été
    blessés": the same people, when the second count names no one else."""
    prev = nb.same_sentence
    if not ((reading.bare_kind_noun or not reading.np_text) and prev and prev.group != "all"):
        return None  # "… were killed and 748 were injured": no noun of its own either
    between = nb.sentence_text_of(prev.span[1], reading.quantity.start)
    joined = ctx.lang.pattern("coordination").search(f" {between} ")
    if joined and len(between) < COORDINATED_MAX_CHARS:
        return GroupPick(prev.group, prev.group_label, "coordinated")
    return None


def own_ranks(reading: Reading, nb: Neighbours, ctx: Context) -> GroupPick | None:
    """"… 25 morts dans ses rangs": the speaker's own people."""
    if nb.speaker is None or not ctx.lang.pattern("own_ranks").search(fold(nb.sentence)):
        return None
    group = group_of_phrase(phrase(nb.speaker), ctx.main_country, ctx.lang)
    return GroupPick(group, None, "own_ranks") if group else None


def crowd(reading: Reading, nb: Neighbours, ctx: Context) -> GroupPick | None:
    """A crowd counted at a protest or riot is the protesters; not a crowd gathered to
    celebrate or mourn ("to celebrate", "une marche blanche")."""
    if reading.kind != "participants" or sentence_says(nb.sentence, "not_protest", ctx.lang):
        return None
    return GroupPick("protesters", None, "crowd")


def same_arms(reading: Reading, nb: Neighbours, ctx: Context) -> GroupPick | None:
    """Weapons after weapons: the same holder."""
    prev = nb.previous
    if reading.kind in _ARMS and prev and prev.kind == reading.kind and prev.group != "all":
        return GroupPick(prev.group, prev.group_label, "same_arms")
    return None


def sent_forces(reading: Reading, nb: Neighbours, ctx: Context) -> GroupPick | None:
    """People deployed with no group named ("500 renforts", "300 agents", "several thousand
    personnel") are the state's forces, or rescuers when the sentence speaks of rescue."""
    if reading.kind != "deployed":
        return None
    folded = " " + _elided(fold(nb.sentence), ctx.lang) + " "
    words = set(_WORD.findall(folded))
    rescue = any(padded in folded or (single and cue in words)
                 for group, padded, single, cue in _cue_table(ctx.lang) if group == "other")
    return GroupPick("other" if rescue else "security_forces", None, "sent_forces")


GroupRule = Callable[[Reading, Neighbours, Context], GroupPick | None]
# Tried in this order when the counted phrase named no group; the first that finds one wins.
GROUP_RULES: tuple[GroupRule, ...] = (inherited, coordinated, own_ranks, crowd, same_arms,
                                      sent_forces)


def borrow_group(reading: Reading, nb: Neighbours, ctx: Context) -> None:
    """Give a reading with no group of its own the first group a rule finds around it."""
    if reading.group is not None:
        return
    for rule in GROUP_RULES:
        pick = rule(reading, nb, ctx)
        if pick is not None:
            reading.group, reading.group_rule = pick.group, pick.rule
            if pick.rule != "own_ranks":
                reading.group_label = pick.label
            return
