"""What a number counts: its kind, read by an ordered table of rules (first match wins).

Each rule reads the counted phrase around the number and returns a :class:`Pick` naming
itself, or None. The parse of machine-translated news is often wrong where it matters
("3211 participants" parsed as a noun with an adjective), so the rules that read the
words next to the number come before the one that trusts the parse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from spacy.tokens import Doc, Token

from recoupe.extract.claims.context import (
    PLAIN_NOUN_KINDS,
    STRONG_NOUN_KINDS,
    VERB_KINDS,
    Context,
    counting,
)
from recoupe.extract.claims.counted import CountedPhrase, Pick, Reading
from recoupe.extract.claims.tokens import QUOTES, Words, key, phrase_at, words
from recoupe.lang import Language
from recoupe.textfold import word_key as fold

SUBJECT_DEPS = ("nsubj", "nsubj:pass", "expl:subj")
PREDICATE_MAX_TOKENS = 12  # a predicate is read up to its clause's end, at most this long
CUE_MAX_TOKENS = 4  # the words of a predicate kept as the claim's cue
VERB_BEFORE_WINDOW = 5  # a verb whose object is the number sits within these words
WORDS_BEFORE_WINDOW = 6  # a noun or verb naming the kind sits within these words before
PART_OF_WINDOW = 7  # "parmi" follows a counted phrase within these tokens
PART_OF_NOUN_WINDOW = 3  # the noun after "parmi les" within these tokens
_KIND_POS = ("VERB", "ADJ", "NOUN", "AUX")
_SUFFERED_KINDS = ("injured", "arrested", "missing", "displaced")  # a state one may die in
_OBJECT_KINDS = ("killed", "injured", "arrested", "displaced")  # verbs done to the counted
_TOLL_KINDS = (*VERB_KINDS, "deployed", "participants")  # "portant à 7 500 le nombre de soldats"
RAISE_CLIMB = 3  # "took the total … to nearly 300": the raise verb within these heads
CONJ_CLIMB = 3  # "sent 12 aircraft, 45 vehicles and …": the verb up this many conjuncts


def kind_of_noun(token: Token, kinds: Iterable[str], lang: Language) -> str | None:
    keys = key(token)
    for kind in kinds:
        if keys & lang.kind_nouns[kind]:
            return kind
    return None


def multiword_kind(text: str, lang: Language) -> str | None:
    folded = fold(text)
    for phrase, kind in lang.multiword_kinds:
        if phrase in folded:
            return kind
    return None


def verb_kind(tokens: Iterable[Token], lang: Language,
              kinds: Sequence[str] = VERB_KINDS) -> str | None:
    for tok in tokens:
        kind = verb_kind_at(words(tok.doc, lang), (tok.i,), lang, kinds)
        if kind:
            return kind
    return None


def verb_kind_at(
    w: Words, indices: Iterable[int], lang: Language, kinds: Sequence[str] = VERB_KINDS
) -> str | None:
    """The kind the first casualty verb among the tokens at ``indices`` names."""
    for i in indices:
        if w.pos[i] not in _KIND_POS or not w.words[i]:
            continue
        keys = {w.folds[i], w.lemmas[i]}
        for kind in kinds:
            if keys & lang.kind_verbs[kind]:
                return kind
    return None


def predicate_indices(w: Words, start: int, stop: int, lang: Language) -> list[int]:
    """The predicate following a counted phrase in tokens [start, stop), up to the end of
    its clause."""
    out: list[int] = []
    breaks = lang.cue("clause_breaks")
    n = len(w.folds)
    for i in range(start, min(stop, n)):
        if w.numbers[i] and 0 < i < n - 1 and w.texts[i - 1] == w.texts[i + 1] == ",":
            continue  # "a British man, 71, died": an age in apposition
        if w.numbers[i] or w.folds[i] in breaks:
            break
        if w.texts[i] == "," and any(w.pos[j] == "VERB" for j in out):
            break
        out.append(i)
        if len(out) >= PREDICATE_MAX_TOKENS:
            break
    return out


def part_of(doc: Doc, w: Words, first: int, limit: int, lang: Language) -> Token | None:
    """The noun after "parmi les" right after a counted phrase; a pronoun ("were among
    them") stands for what was counted before."""
    n = len(w.folds)
    for i in range(first, min(limit, first + PART_OF_WINDOW, n)):
        if w.folds[i] in lang.cue("among_words"):
            nxt = [j for j in range(i + 1, min(i + 1 + PART_OF_NOUN_WINDOW, n))
                   if w.pos[j] in ("NOUN", "ADJ", "VERB", "PRON")]
            return doc[nxt[0]] if nxt else None
        if w.pos[i] in ("VERB", "AUX") and not (
            {w.folds[i], w.lemmas[i]} & lang.cue("among_verbs")
        ):
            return None  # "figurent parmi les victimes" reads on; another verb does not
    return None


def content_before(w: Words, left: Sequence[int], n: int) -> list[int]:
    """The last ``n`` tokens of ``left`` that are not spaces or quotes."""
    return [i for i in left if not w.spaces[i] and w.texts[i] not in QUOTES[:-1]][-n:]


# --------------------------------------------------------------------------- rules


def part_of_whole(ph: CountedPhrase, reading: Reading, ctx: Context) -> Pick | None:
    """"12 parmi les victimes", "Parmi les blessés figurent 36 policiers": the whole's
    kind, when no noun names the part's own."""
    if reading.part_kind and (ph.head is None or
                              kind_of_noun(ph.head, STRONG_NOUN_KINDS, ctx.lang) is None):
        return Pick(reading.part_kind, None, "part_of_whole")
    return None


def case_of(ph: CountedPhrase, reading: Reading, ctx: Context) -> Pick | None:
    """"41 cases of abductions", "45 cas de disparitions forcées": the complement's kind."""
    lang, w = ctx.lang, ph.w
    if ph.head is None or not key(ph.head) & counting(lang, "case_nouns"):
        return None
    after = range(ph.head.i + 1, min(ph.right_limit, ph.head.i + 1 + PREDICATE_MAX_TOKENS))
    if not after or w.folds[after[0]] not in lang.cue("of_words"):
        return None
    for i in after[1:]:
        if w.puncts[i] or w.pos[i] in ("VERB", "AUX"):
            return None  # "cases of X, and …": the complement has ended
        kind = kind_of_noun(ph.doc[i], STRONG_NOUN_KINDS, lang)
        if kind:
            return Pick(kind, f"{ph.head.text} … {w.texts[i]}", "case_of")
    return None


def _sent(ph: CountedPhrase, ctx: Context) -> str | None:
    """The deploying verb whose object the counted things are, through a list of conjuncts
    ("sent 12 aircraft, 45 vehicles and 626 soldiers"), or the predicate after them ("52
    camions sont entrés")."""
    deploy = ctx.lang.kind_verbs["deployed"]
    node = ph.head or ph.last
    for _ in range(CONJ_CLIMB):
        if node.dep_ != "conj":
            break
        node = node.head
    if node.dep_ in ("obj", "nsubj:pass", "nsubj") and key(node.head) & deploy:
        return node.head.text
    pred = predicate_indices(ph.w, ph.first, ph.right_limit, ctx.lang)
    return verb_kind_at(ph.w, pred, ctx.lang, ("deployed",)) and \
        next(ph.w.texts[i] for i in pred if {ph.w.folds[i], ph.w.lemmas[i]} & deploy)


def noun_head(ph: CountedPhrase, reading: Reading, ctx: Context) -> Pick | None:
    """A noun that names the counted thing ("12 morts", "3 000 armes"), unless the
    predicate says they died ("deux blessés ont succombé")."""
    if ph.head is None:
        return None
    lang = ctx.lang
    kind = kind_of_noun(ph.head, STRONG_NOUN_KINDS, lang)
    if kind is None:
        return None
    bare = len(ph.np) == 1
    if kind == "equipment" and key(ph.head) & lang.cue("civil_vehicles") and not \
            lang.pattern("military_phrase").search(fold(reading.np_text)):
        sent = _sent(ph, ctx)
        if sent:  # vehicles sent to the scene are the relief's equipment
            return Pick("equipment", sent, "noun_head.sent_vehicle", bare_kind_noun=bare)
        return Pick("other", ph.head.text, "noun_head.civil_vehicle", bare_kind_noun=bare)
    if kind == "affected":  # "1 050 000 sinistrés ont été hébergés": what befell them
        pred = predicate_indices(ph.w, ph.head.i + 1, ph.right_limit, lang)
        fate = verb_kind_at(ph.w, pred, lang, _SUFFERED_KINDS + ("killed",))
        if fate:
            return Pick(fate, phrase_at(ph.w, pred[:CUE_MAX_TOKENS]), "noun_head.then_befell",
                        bare_kind_noun=bare)
    if kind in _SUFFERED_KINDS:
        pred = predicate_indices(ph.w, ph.head.i + 1, ph.right_limit, lang)
        if (multiword_kind(phrase_at(ph.w, pred), lang) if pred else None) == "killed" or \
                verb_kind_at(ph.w, pred, lang, ("killed",)):
            return Pick("killed", phrase_at(ph.w, pred[:CUE_MAX_TOKENS]), "noun_head.then_died",
                        bare_kind_noun=bare)
    return Pick(kind, ph.head.text, "noun_head", bare_kind_noun=bare)


def verb_before(ph: CountedPhrase, reading: Reading, ctx: Context) -> Pick | None:
    """A verb right before the number, which is its object ("tuant au moins 29 personnes",
    "ont arrêté 50 manifestants"); "le bataillon a perdu 25 hommes": the subject's own."""
    w, lang = ph.w, ctx.lang
    for i in reversed(content_before(w, ph.left, VERB_BEFORE_WINDOW)):
        if w.folds[i] in lang.cue("quantity_modifiers"):
            continue
        if w.pos[i] not in ("VERB", "AUX"):
            return None
        if w.lemmas[i] in lang.cue("lose_lemmas") and ph.head is not None and key(ph.head) & (
            lang.kind_nouns["deployed"] | lang.cue("generic_people")
        ):
            return _lost_people(ph, i, ctx)
        kind = verb_kind_at(w, (i,), lang, _OBJECT_KINDS)
        return Pick(kind, w.texts[i], "verb_before") if kind else None
    return None


def _lost_people(ph: CountedPhrase, verb_at: int, ctx: Context) -> Pick:
    """"Le bataillon a perdu 25 hommes": killed, of the subject's group."""
    from recoupe.extract.claims.group import subject_group  # group rules read kinds' output

    cue = ph.w.texts[verb_at]
    verb_i = next((i for i in reversed(ph.left) if ph.w.pos[i] == "VERB"), None)
    if verb_i is not None:
        group, label = subject_group(ph.doc[verb_i], ctx)
        if group and group != "protesters":
            return Pick("killed", cue, "verb_before.lost", group, label)
    return Pick("killed", cue, "verb_before.lost")


def predicate_after(ph: CountedPhrase, reading: Reading, ctx: Context) -> Pick | None:
    """The predicate after the phrase ("ont été tués", "sont mortes", "ont perdu la vie")."""
    w, lang = ph.w, ctx.lang
    pred = predicate_indices(w, ph.first, ph.right_limit, lang)
    if not pred:
        return None
    cue = phrase_at(w, pred[:CUE_MAX_TOKENS])
    multiword = multiword_kind(phrase_at(w, pred), lang)
    if multiword:
        return Pick(multiword, cue, "predicate_after.phrase")
    kind = _main_verb_kind(ph, pred, lang)
    if kind:
        return Pick(kind, cue, "predicate_after")
    kind = verb_kind_at(w, pred, lang, ("participants", "deployed"))
    if kind and _fits_crowd_or_force(ph, reading, kind, ctx):
        return Pick(kind, cue, "predicate_after.crowd_or_force")
    return None


def _main_verb_kind(ph: CountedPhrase, pred: list[int], lang: Language) -> str | None:
    """The kind of the predicate's verb: "un homme blessé par un gendarme est mort" is a
    death (the participle only qualifies the man)."""
    found = [(i, verb_kind_at(ph.w, (i,), lang)) for i in pred]
    found = [(i, kind) for i, kind in found if kind]
    if len(found) > 1 and ph.doc[found[0][0]].dep_ == "acl" and found[1][1] == "killed":
        # Only a death outranks the participle: "31 soldats blessés ont été évacués vers
        # Kaboul" were injured, and taken to hospital, not displaced.
        return found[1][1]
    return found[0][1] if found else None


def _fits_crowd_or_force(ph: CountedPhrase, reading: Reading, kind: str, ctx: Context) -> bool:
    """"ont défilé" counts people, "ont été déployés" people or gear: not "trois jours"."""
    from recoupe.extract.claims.group import group_of_phrase

    if ph.head is None:
        return True
    lang, people = ctx.lang, ctx.lang.cue("generic_people")
    if kind == "participants":
        return bool(key(ph.head) & (lang.kind_nouns["participants"] | people)) or \
            group_of_phrase(reading.np_text, ctx.main_country, lang) == "protesters"
    return bool(key(ph.head) & (lang.kind_nouns["deployed"] | lang.kind_nouns["equipment"]
                                | people))


def words_before(ph: CountedPhrase, reading: Reading, ctx: Context) -> Pick | None:
    """Words just before the number: "la mort de 238", "ont arrêté 50", "un effectif de"."""
    w, lang = ph.w, ctx.lang
    for i in reversed(content_before(w, ph.left, WORDS_BEFORE_WINDOW)):
        low, lemma = w.folds[i], w.lemmas[i]
        nouns = lang.left_noun_kinds
        if low in nouns or lemma in nouns:
            return Pick(nouns.get(low) or nouns[lemma], w.texts[i], "words_before.noun")
        if w.pos[i] in ("VERB", "AUX") or w.tags[i] == "VERB":
            tok = ph.doc[i]
            if tok.dep_ in ("acl", "amod") and tok.head.i < i and tok.head.i in ph.left:
                break  # "234 bâtiments brûlés et 2 560 feux": it qualifies the other count
            kind = verb_kind_at(w, (i,), lang, VERB_KINDS + ("deployed", "participants"))
            if kind:
                return Pick(kind, w.texts[i], "words_before.verb")
        if low in lang.cue("cause_verbs"):
            continue  # "a fait 12 morts": the noun after decides
        if w.puncts[i] and w.texts[i] in ",;:":
            break
    return None


def toll_raised(ph: CountedPhrase, reading: Reading, ctx: Context) -> Pick | None:
    """"Le bilan a été relevé à 57 personnes", "portant à onze le nombre de victimes": a
    toll raised to the number counts what the toll counts (the dead, unless it says)."""
    w, lang = ph.w, ctx.lang
    before = [i for i in content_before(w, ph.left, WORDS_BEFORE_WINDOW)
              if w.folds[i] not in lang.cue("quantity_modifiers")]
    if len(before) < 2 or w.folds[before[-1]] not in lang.cue("raised_to"):
        return None
    raise_verbs = lang.cue("raise_verbs")
    if not any(w.folds[i] in raise_verbs or w.lemmas[i] in raise_verbs for i in before[:-1]) \
            and not any(key(t) & raise_verbs for t in list(ph.last.ancestors)[:RAISE_CLIMB]) \
            and not _raised_count(ph, ctx):
        return None  # "raised the toll from X … to 143": the verb far from its number
    kind = _toll_kind(ph, ctx)
    return Pick(kind, w.texts[before[-2]], "toll_raised") if kind else None


def _raised_count(ph: CountedPhrase, ctx: Context) -> bool:
    """"took the total number of people killed since … to nearly 300": a raise verb earlier
    in the sentence, then a count or toll noun."""
    w, lang = ph.w, ctx.lang
    counters = lang.cue("toll_nouns") | counting(lang, "count_nouns")
    raised = [i for i in range(ph.last.i)
              if w.folds[i] in lang.cue("raise_verbs") or w.lemmas[i] in lang.cue("raise_verbs")]
    return bool(raised) and any(w.folds[i] in counters for i in range(raised[0], ph.last.i))


def _toll_kind(ph: CountedPhrase, ctx: Context) -> str | None:
    """The kind a toll counts: what its count noun names ("le nombre de personnes ayant
    perdu la vie", "the death toll"), else the first casualty noun after the number, else
    before it; the victims of a toll are the dead, and so is a toll that names nothing."""
    w, lang = ph.w, ctx.lang
    kind = _counter_kind(ph, ctx)
    if kind:
        return kind
    after = range(ph.last.i + 1, min(ph.right_limit, len(w.folds)))
    before = range(ph.last.i - 1, -1, -1)
    for i in (*after, *before):
        keys = {w.folds[i], w.lemmas[i]}
        if keys & lang.cue("victim_nouns"):
            return "killed"
        # After the number, forces too ("portant à 7 500 le nombre de soldats"); before it,
        # a force is who raised the toll ("Rescuers raised the death toll to 205").
        for kind in _TOLL_KINDS if i > ph.last.i else VERB_KINDS:
            if keys & lang.kind_nouns[kind]:
                return kind
    if any(f in lang.cue("toll_nouns") for f in w.folds):
        return "killed"
    return None


def _counter_kind(ph: CountedPhrase, ctx: Context) -> str | None:
    """What the last count noun before the number counts: the words after it up to the
    number ("le nombre de personnel participant", "the number of people killed"), else the
    noun just before it ("the death toll")."""
    w, lang = ph.w, ctx.lang
    counters = lang.cue("toll_nouns") | counting(lang, "count_nouns")
    at = next((i for i in reversed(ph.left) if w.folds[i] in counters), None)
    if at is None:
        return None
    span = [i for i in range(at + 1, ph.last.i) if not w.puncts[i]][:PREDICATE_MAX_TOKENS]
    for i in span:
        keys = {w.folds[i], w.lemmas[i]}
        if keys & lang.cue("victim_nouns"):
            return "killed"
        for kind in _TOLL_KINDS:
            if keys & lang.kind_nouns[kind]:
                return kind
    found = multiword_kind(phrase_at(w, span), lang) or verb_kind_at(w, span, lang)
    if found:
        return found
    for i in range(max(0, at - 2), at):
        for kind in VERB_KINDS:
            if {w.folds[i], w.lemmas[i]} & lang.kind_nouns[kind]:
                return kind
    return None


def toll_reached(ph: CountedPhrase, reading: Reading, ctx: Context) -> Pick | None:
    """"Le bilan a atteint 1 739", "the number of injured reached 1,332": a number right
    after a reaching verb whose subject is a toll counts what the toll counts."""
    w, lang = ph.w, ctx.lang
    before = [i for i in content_before(w, ph.left, WORDS_BEFORE_WINDOW)
              if w.folds[i] not in lang.cue("quantity_modifiers")]
    if ph.head is not None or not before or \
            not {w.folds[before[-1]], w.lemmas[before[-1]]} & counting(lang, "reach_verbs"):
        return None
    kind = _toll_kind(ph, ctx)
    return Pick(kind, w.texts[before[-1]], "toll_reached") if kind else None


def parse_governor(ph: CountedPhrase, reading: Reading, ctx: Context) -> Pick | None:
    """The parse: the verb that governs the counted noun (or the number)."""
    anchor = ph.head or ph.last
    gov = anchor.head if anchor.dep_ in SUBJECT_DEPS + ("obj",) else None
    if gov is None or gov.idx + ph.base >= ph.window_end:
        return None
    kind = verb_kind([gov], ctx.lang)
    return Pick(kind, gov.text, "parse_governor") if kind else None


def plain_noun(ph: CountedPhrase, reading: Reading, ctx: Context) -> Pick | None:
    """A plain crowd, force or thing ("environ 200 manifestants", "2 000 soldats"); a part
    ("dont les quatre assaillants") takes the kind of its whole instead."""
    if ph.head is None or reading.subset:
        return None
    kind = kind_of_noun(ph.head, PLAIN_NOUN_KINDS, ctx.lang)
    return Pick(kind, ph.head.text, "plain_noun") if kind else None


KindRule = Callable[[CountedPhrase, Reading, Context], Pick | None]
# Tried in this order; the first that reads a kind wins.
KIND_RULES: tuple[KindRule, ...] = (
    part_of_whole, case_of, noun_head, verb_before, predicate_after, toll_raised, toll_reached,
    words_before, parse_governor, plain_noun,
)


def read_kind(ph: CountedPhrase, reading: Reading, ctx: Context) -> None:
    """Set the reading's kind (and cue, rule) from the first rule that reads one."""
    for rule in KIND_RULES:
        pick = rule(ph, reading, ctx)
        if pick is not None:
            reading.take(pick)
            return
