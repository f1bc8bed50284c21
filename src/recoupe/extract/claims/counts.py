"""The counts of a sentence: numbers the quantity reader found, vague "plusieurs", and the
single person a casualty verb counts ("Un gendarme a été tué")."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from recoupe.extract.claims.context import Context
from recoupe.extract.claims.counted import Reading
from recoupe.extract.claims.kind import verb_kind
from recoupe.extract.claims.tokens import info, key, tokens_in
from recoupe.extract.quantities import find_quantities
from recoupe.extract.quantities.english import find_quantities_en
from recoupe.nlp import ParsedSentence
from recoupe.records import Quantity
from recoupe.textfold import word_key as fold

AGE_APPOSITION = 4  # ", 71," between a person and their verb
_SINGLE_KINDS = ("killed", "injured", "missing", "arrested")  # what happens to one person
# Languages whose numbers have a reader of their own (which also takes the publication
# date, to tell an earlier disaster's figures); the others use the French one.
READERS = {"en": find_quantities_en}


def _read(text: str, start: int, end: int, ctx: Context) -> list[Quantity]:
    reader = READERS.get(ctx.lang.code)
    if reader is None:
        return find_quantities(text, start, end)
    return reader(text, start, end, published=ctx.published)


def _may_share(this: Reading, nxt: Reading) -> bool:
    """A count with no kind takes the next one's; a plain force ("31 soldats et 8 pompiers
    blessés") takes the casualty word of the predicate they share."""
    if this.kind is None:
        return True
    return this.kind_rule == "plain_noun" and nxt.kind in _SINGLE_KINDS + ("displaced",) and \
        (nxt.kind_rule or "").startswith("predicate_after")


def counts(text: str, start: int, end: int, ctx: Context) -> list[Quantity]:
    """Counts of a sentence; "plusieurs policiers" is a vague count too."""
    out = []
    several = tuple(ctx.lang.cue("several"))
    for q in _read(text, start, end, ctx):
        if q.role == "count":
            out.append(q)
        elif q.role == "other" and fold(q.text).startswith(several):
            out.append(replace(q, role="count", qualifier="vague", low=None, high=None))
    return out


def single_counts(ps: ParsedSentence, ctx: Context) -> list[Quantity]:
    """"Un gendarme a été tué", "a British man, 71, died": the article counts one person
    when a casualty verb says so; "… deux à Cordoue et une en Andalousie": one more of the
    figure before."""
    out = []
    base = ps.sentence.start
    sentence = info(ps.doc)
    one = ctx.lang.cue("one")
    for i, word in enumerate(sentence.folds):
        if word not in one:
            continue
        tok = ps.doc[i]
        counted = sentence.deps[i] == "det" and _next_to(tok, tok.head) and \
            _one_counted(tok.head, ctx)
        if not counted and not _elided_one(ps, i, ctx):
            continue
        start = tok.idx + base
        # The count is written with its noun ("a British man"), the number is the article.
        last = tok.head if counted else tok
        text = ps.doc[tok.i : last.i + 1].text
        out.append(Quantity(start, start + len(text), text, 1, 1, "exact", start,
                            start + len(tok.text)))
    return out


def _next_to(article: Token, noun: Token) -> bool:
    """"un gendarme", "a British man": only the noun's adjectives between."""
    between = article.doc[article.i + 1 : noun.i]
    return noun.i > article.i and all(t.dep_ == "amod" and t.head.i == noun.i for t in between)


def _elided_one(ps: ParsedSentence, i: int, ctx: Context) -> bool:
    """"deux à Cordoue et une en Andalousie": "une" after a coordinator, before a place,
    once the sentence has counted something."""
    sentence, lang = info(ps.doc), ctx.lang
    if i < 2 or i + 1 >= len(sentence.folds):
        return False
    nxt, prev = sentence.folds[i + 1], sentence.folds[i - 1]
    followers = lang.cue("ellipsis_followers") - lang.cue("coordinators")
    return nxt.isalpha() and nxt in followers | lang.cue("scope_prepositions") and \
        (prev in lang.cue("coordinators") or prev == ",") and \
        any(ps.doc[j].like_num for j in range(i - 1))


def _one_counted(noun: Token, ctx: Context) -> bool:
    """"un décès", "un blessé": a casualty noun counts one; "un gendarme a été tué": a
    person a casualty verb says something happened to."""
    if key(noun) & ctx.cues.single_casualty_nouns:
        return noun.dep_ in ("nsubj", "nsubj:pass", "obj", "ROOT")
    if not key(noun) & ctx.cues.person_nouns:
        return False
    if noun.dep_ in ("nsubj", "nsubj:pass"):
        return bool(verb_kind([noun.head], ctx.lang, _SINGLE_KINDS))
    verb = _verb_after(noun)
    return verb is not None and bool(verb_kind([verb], ctx.lang, _SINGLE_KINDS))


def _verb_after(noun: Token) -> Token | None:
    """The verb right after a person and their age ("a British man, 71, died"), which the
    parse may not make the person's head."""
    for tok in noun.doc[noun.i + 1 : noun.i + 1 + AGE_APPOSITION]:
        if tok.pos_ in ("VERB", "AUX") or tok.tag_ == "VERB":
            return tok if tok.pos_ == "VERB" else None
        if not (tok.is_punct or tok.like_num):
            return None
    return None


def share_coordinated_kinds(ps: ParsedSentence, readings: list[Reading], ctx: Context) -> None:
    """"18 policiers et des dizaines de manifestants tués": one predicate for both."""
    base = ps.sentence.start
    joiners = ctx.lang.cue("coordinators") | {","}
    for this, nxt in zip(readings[::-1][1:], readings[::-1], strict=False):
        if nxt.kind is None or not _may_share(this, nxt):
            continue
        between = tokens_in(ps.doc, this.quantity.end - base, nxt.quantity.start - base)
        words = {fold(t.text) for t in between}
        if words & ctx.lang.cue("that_words"):
            continue  # "… three others in the north, and that 20 were injured": a new clause
        if words & joiners and not any(t.pos_ in ("VERB", "AUX") for t in between):
            this.kind, this.cue, this.kind_rule = nxt.kind, nxt.cue, "coordinated"
