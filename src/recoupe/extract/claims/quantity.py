"""One count read in its sentence's parse: the counted phrase, then its kind (the rules
of :mod:`.kind`), then its group (:mod:`.group`), and whether it is a part of a whole."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from recoupe.extract.claims.context import STRONG_NOUN_KINDS, VERB_KINDS, Context, counting
from recoupe.extract.claims.counted import CountedPhrase, Pick, Reading
from recoupe.extract.claims.group import read_group
from recoupe.extract.claims.kind import kind_of_noun, part_of, read_kind
from recoupe.extract.claims.not_claims import mark_non_claims
from recoupe.extract.claims.tokens import (
    QUOTES,
    Words,
    first_at_or_after,
    np_indices,
    phrase_at,
    tokens_in,
    words,
)
from recoupe.lang import Language
from recoupe.nlp import ParsedSentence
from recoupe.records import Quantity
from recoupe.textfold import word_key as fold

LOOKAHEAD_TOKENS = 2  # "deux des personnes", "40 d'entre eux": read in the next two words
PAST_CLIMB = 4  # the verb of a past event's clause is within this many heads of the number
YEAR = re.compile(r"(?:1[89]|20)\d\d")  # a year as written in news
LIST_SEPARATORS = frozenset({";", ",", ":", "(", ")", "\n"})  # between a list's items
# What a list's lead or an item's label may name, most specific first.
LIST_KINDS = (*VERB_KINDS, "weapons", "deployed", "participants", "equipment")


def read_quantity(
    ps: ParsedSentence, q: Quantity, window_end: int, window_start: int, ctx: Context
) -> Reading:
    """Kind, group and cue of one count, from the words around it and the parse."""
    reading = Reading(q)
    ph = _counted_phrase(ps, q, window_end, window_start, ctx)
    if ph is None:
        return reading
    _mark_parts(ph, reading, ctx)
    reading.np_text = phrase_at(ph.w, ph.np)
    read_kind(ph, reading, ctx)
    _after_kind(ph, reading, ctx)
    read_group(ph, reading, ctx)
    return reading


def _counted_phrase(ps: ParsedSentence, q: Quantity, window_end: int, window_start: int,
                    ctx: Context) -> CountedPhrase | None:
    """The counted noun phrase right after the number ("26 « criminels armés »", "des
    dizaines de morts", "740 autres", "18 membres de la police") and the words before it."""
    doc, base, lang = ps.doc, ps.sentence.start, ctx.lang
    w = words(doc, lang)
    num_toks = tokens_in(doc, q.number_start - base, q.number_end - base)
    if not num_toks:
        return None
    last = num_toks[-1]
    right_limit = max(last.i + 1, first_at_or_after(w, window_end - base))
    of_words = lang.cue("of_words")
    first = last.i + 1
    while first < right_limit and (w.texts[first] in QUOTES or w.folds[first] in of_words):
        first += 1
    after_de = first > last.i + 1 and w.folds[first - 1] in of_words
    np = np_indices(w, first, right_limit, lang, participle_first=after_de)
    if np and w.pos[np[0]] in ("VERB", "AUX") and w.tags[np[0]] != "ADJ" and not after_de:
        np = []
    if _among_follows(w, last.i, ctx) or (np and w.pos[np[0]] in ("ADP", "ADV")):
        np = []  # "40 d'entre eux", "deux à Cordoue", "the 1,200 already on site": no noun
    # Tokens starting in [window_start, q.start): token offsets increase, so a range.
    left = range(first_at_or_after(w, window_start - base), first_at_or_after(w, q.start - base))
    return CountedPhrase(doc=doc, w=w, base=base, window_end=window_end, last=last,
                         first=first, right_limit=right_limit, np=tuple(np),
                         head=_head(doc, np, lang), left=left, after_de=after_de)


_QUALIFYING = ("compound", "amod")  # words before the noun they qualify


def _head(doc: Doc, np: list[int], lang: Language) -> Token | None:
    """The noun the phrase is about: its first word, past the words that only qualify a
    later one ("army personnel", "body bags", "military personnel")."""
    if not np:
        return None
    at = np[0]
    while doc[at].dep_ in _QUALIFYING and doc[at].head.i in np and doc[at].head.i > at \
            and fold(doc[at].text) not in lang.cue("others"):  # "cinq autres blessés"
        at = doc[at].head.i
    return doc[at]


def _following(w: Words, last: int) -> str:
    return " ".join(w.folds[last + 1 : last + 1 + LOOKAHEAD_TOKENS])


def _among_follows(w: Words, last: int, ctx: Context) -> bool:
    return _following(w, last).startswith(ctx.lang.phrases["among_prefixes"])


def _mark_parts(ph: CountedPhrase, reading: Reading, ctx: Context) -> None:
    """Is the count a part of a larger one, and of what?"""
    w, lang = ph.w, ctx.lang
    nxt = w.folds[ph.last.i + 1] if ph.last.i + 1 < len(w.folds) else ""
    following = _following(w, ph.last.i)
    if reading.quantity.qualifier != "vague" and nxt in lang.cue("part_of_the") and \
            following != nxt:
        reading.subset = True  # "deux des personnes tuées", "13 des 23 missiles"
    if _among_follows(w, ph.last.i, ctx):
        # "40 d'entre eux", "12 parmi les victimes": a part of what was just counted.
        reading.subset, reading.inherit = True, "kind+group"
    elif _counted_noun_is(ph, lang.cue("not_counted")):
        reading.uncounted = True
    whole = part_of(ph.doc, w, ph.first, ph.right_limit, lang)
    if whole is not None:
        # "12 enfants parmi les victimes": a part of a toll given before.
        reading.subset = reading.among = True
        reading.part_kind = kind_of_noun(whole, STRONG_NOUN_KINDS, lang)
        reading.inherit = None if reading.part_kind else "kind"
    whole_before = _among_before(ph, ctx)
    if whole_before is not None:
        # "Parmi les blessés figurent 36 éléments des forces": a part of the wounded.
        reading.subset = reading.among = True
        reading.part_kind = kind_of_noun(whole_before, STRONG_NOUN_KINDS, lang)
        reading.inherit = None if reading.part_kind else "kind"
    if _left_word(ph, 1, ctx) in lang.cue("subset_markers") or \
            _left_word(ph, 2, ctx) in lang.cue("subset_markers"):
        reading.subset = True  # "dont 19 policiers", "parmi lesquels sept enfants"


def _among_before(ph: CountedPhrase, ctx: Context) -> Token | None:
    """"Parmi les blessés figurent 36 …", "Among the dead were 12 …": the whole named
    before the number, with only a verb of being among between."""
    w, lang = ph.w, ctx.lang
    left = [i for i in ph.left if not w.spaces[i] and not w.puncts[i]
            and w.folds[i] not in lang.cue("quantity_modifiers")]
    at = next((n for n, i in enumerate(left) if w.folds[i] in lang.cue("among_words")), None)
    if at is None or at + 2 >= len(left) or \
            not {w.folds[left[-1]], w.lemmas[left[-1]]} & lang.cue("among_verbs"):
        return None
    nouns = [i for i in left[at + 1 : -1] if w.pos[i] in ("NOUN", "ADJ", "VERB")]
    return ph.doc[nouns[0]] if nouns else None


def _counted_noun_is(ph: CountedPhrase, words: frozenset[str]) -> bool:
    """Is the phrase's head, or its first noun ("3 dernières semaines"), one of ``words``?"""
    if ph.head is None:
        return False
    nouns = [i for i in ph.np if ph.w.pos[i] == "NOUN"][:1]
    return any(fold(ph.w.texts[i]) in words for i in (ph.head.i, *nouns))


def _left_word(ph: CountedPhrase, n: int, ctx: Context) -> str | None:
    """The folded ``n``-th last word before the number."""
    w = ph.w
    before = [i for i in ph.left if not w.puncts[i] and not w.spaces[i]]
    return w.folds[before[-n]] if len(before) >= n else None


def _after_colon(ph: CountedPhrase) -> bool:
    """Is the number the first word after a colon ("Province du Nord : 41 personnes")?"""
    w = ph.w
    first = _number_start(ph)
    before = [i for i in range(first) if not w.spaces[i]]
    return bool(before) and w.texts[before[-1]] == ":"


def _number_start(ph: CountedPhrase) -> int:
    first = ph.last.i
    while first > 0 and ph.w.numbers[first - 1]:
        first -= 1  # "1 305": the number's first token
    return first


def _in_parentheses(ph: CountedPhrase) -> bool:
    """"Nairobi (17)": a bare number in parentheses after a name."""
    w, first, after = ph.w, _number_start(ph), ph.last.i + 1
    return first >= 2 and after < len(w.texts) and w.texts[first - 1] == "(" and \
        w.texts[after] == ")" and w.pos[first - 2] in ("PROPN", "NOUN")


def _label(ph: CountedPhrase) -> list[int]:
    """The words naming a list item: back from the number to the previous separator
    ("Sokodé" in "… ; Sokodé : 43", "Houses set on fire" in "Houses set on fire: 78")."""
    w = ph.w
    out: list[int] = []
    for i in reversed(range(_number_start(ph))):
        if w.texts[i] in LIST_SEPARATORS and out:
            break
        if not w.spaces[i] and w.texts[i] not in LIST_SEPARATORS:
            out.insert(0, i)
    return out


def _kind_named_in(w: Words, indices: list[int], ctx: Context, label: bool = False
                   ) -> str | None:
    """The first kind a noun among ``indices`` names (a victim is the dead); damage done to
    things in an item's label is "other" ("Houses set on fire: 78")."""
    lang = ctx.lang
    if label and any({w.folds[i], w.lemmas[i]} & counting(lang, "damage_words")
                     for i in indices):
        return "other"
    for i in indices:
        if {w.folds[i], w.lemmas[i]} & lang.cue("victim_nouns"):
            return "killed"
        for kind in LIST_KINDS:
            if {w.folds[i], w.lemmas[i]} & lang.kind_nouns[kind]:
                return kind
    return None


def list_item_kind(ph: CountedPhrase, ctx: Context) -> Pick | None:
    """The kind of a list item: its own label's ("Deaths: 9"), else the list's lead in the
    same sentence ("Le détail des décès par district est le suivant : Blantyre : 190")."""
    label = _label(ph)
    kind = _kind_named_in(ph.w, label, ctx, label=True)
    if kind:
        return Pick(kind, phrase_at(ph.w, label), "list_label")
    lead_end = label[0] if label else _number_start(ph)
    colons = [i for i in range(lead_end) if ph.w.texts[i] in (":", "(")]
    lead = list(range(colons[0] if colons else lead_end))
    kind = _kind_named_in(ph.w, lead, ctx) if lead else None
    if kind:
        return Pick(kind, None, "list_lead")
    return None


def _list_item(ph: CountedPhrase, reading: Reading, ctx: Context) -> bool:
    """Read a list item's kind: a number after a colon is one even with no kind found (the
    list's lead may be the sentence before); one in parentheses only when a kind is named."""
    colon = _after_colon(ph)
    if not colon and not _in_parentheses(ph):
        return False
    pick = list_item_kind(ph, ctx)
    if pick is None and not colon:
        return False  # "John Smith (45)": an age, not a list
    reading.list_item = True
    if pick is not None:
        reading.take(pick)
    return True


SHARE_OPENING = 4  # "Of the 98 dead": the whole's number within these first tokens


def _share_opening(ph: CountedPhrase, ctx: Context) -> bool:
    """"Of the 98 dead, 71 were in the district", "Sur les 211 morts, 207 …": a sentence
    opening on a whole, then a part with no noun of its own."""
    w, lang = ph.w, ctx.lang
    opening = lang.cue("part_of_the") | lang.cue("proportion_words")
    if not w.folds or w.folds[0] not in opening:
        return False
    whole = next((i for i in range(1, min(SHARE_OPENING, len(w.numbers))) if w.numbers[i]), None)
    return whole is not None and whole < ph.left.start


def _listed_after_colon(ph: CountedPhrase) -> bool:
    """Is the number in a list of people opened by a colon, with no verb since it?"""
    w = ph.w
    colons = [i for i in range(_number_start(ph)) if w.texts[i] == ":"]
    return bool(colons) and not any(w.pos[i] in ("VERB", "AUX")
                                    for i in range(colons[-1] + 1, _number_start(ph)))


def _noun_next(ph: CountedPhrase) -> bool:
    """Is the word right after the number a noun ("teams from four countries", not "up
    from 380 a day earlier"): then it counts that noun, not what the figure before did."""
    at = ph.last.i + 1
    return at < len(ph.w.pos) and ph.w.pos[at] == "NOUN"


def _versus(ph: CountedPhrase, ctx: Context) -> bool:
    """"contre 612 la veille", "up from 380": compared with a figure of the same kind."""
    w, lang = ph.w, ctx.lang
    before = [i for i in ph.left if not w.puncts[i] and not w.spaces[i]
              and w.folds[i] not in lang.cue("quantity_modifiers")]
    return bool(before) and w.folds[before[-1]] in counting(lang, "versus_words")


def _past_event(ph: CountedPhrase, ctx: Context) -> bool:
    """A figure of an earlier event given for comparison: its verb is in a past before the
    story's ("avaient fait") or in a relative clause, and a year other than the story's is
    named before it ("les inondations de 2010, qui …")."""
    year = ctx.published[:4] if ctx.published else None
    years = [i for i in range(ph.last.i) if YEAR.fullmatch(ph.w.texts[i])
             and ph.w.texts[i] != year]
    if not years:
        return False
    pluperfect = ctx.lang.cue("pluperfect_aux")
    for node in list(ph.last.ancestors)[:PAST_CLIMB]:
        if node.dep_ == "acl:relcl" or any(
            c.dep_.startswith("aux") and fold(c.text) in pluperfect for c in node.children
        ):
            return True
    return False


def _after_kind(ph: CountedPhrase, reading: Reading, ctx: Context) -> None:
    """What the kind rules leave: a pronoun's group, a noun never counted, an elided noun."""
    lang = ctx.lang
    if reading.kind is None and _left_word(ph, 1, ctx) in lang.cue("plural_copulas") and \
            _left_word(ph, 2, ctx) in lang.cue("plural_pronouns"):
        reading.inherit = "antecedent"  # "ils étaient environ 20 000": the group's size
    if reading.uncounted:
        reading.kind = reading.kind_rule = None  # "les deux pays", "trois jours"
    if reading.kind is not None and _past_event(ph, ctx):
        reading.past = True  # "les inondations de 2010, qui avaient fait 1 700 morts"
    mark_non_claims(ph, reading, ctx)  # "huit chiens", "un habitant sur sept"
    if reading.kind_rule == "plain_noun" and _listed_after_colon(ph):
        pick = list_item_kind(ph, ctx)  # "cinq morts : trois civils et deux gendarmes"
        if pick is not None and pick.kind in VERB_KINDS:
            reading.take(pick)
    if reading.kind is None and _list_item(ph, reading, ctx):
        return  # "Province du Nord : 41 personnes ; …", "Nairobi (17), Nakuru (3)"
    if reading.kind is None and not reading.inherit and _versus(ph, ctx) and \
            not _noun_next(ph):
        reading.inherit, reading.compared = "kind+group", True  # "contre 612 la veille"
        return
    if reading.kind is None and ph.head is None and not reading.inherit and \
            _share_opening(ph, ctx):
        reading.inherit, reading.subset = "kind+group", True  # "Of the 98 dead, 71 were …"
        return
    if reading.kind in ("deployed", "participants") and ph.head is None and not reading.inherit:
        reading.inherit = "group"  # "… join the 3,500 already deployed": the same force
    # An elided noun ("190 dans celle de Taroudant", "806 000 selon la police"): the
    # figure counts what the previous one in the sentence counted.
    if reading.kind is None and ph.head is None and not reading.inherit:
        w, after = ph.w, ph.last.i + 1
        nxt = w.folds[after] if after < len(w.folds) else ""
        rest = w.text[w.idxs[after] :] if after < len(w.folds) else ""
        if nxt in lang.cue("ellipsis_followers") or rest.strip() == "":
            reading.inherit = "kind+group"
