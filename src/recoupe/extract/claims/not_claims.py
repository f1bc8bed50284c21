"""Numbers that read like a crisis figure but are not one (issue #15, "non-claim numbers").

Each rule is a small named function over the counted phrase; :func:`non_claim` returns the
name of the first rule that applies, which the claim reader records and drops. The classes:

- ``not_people``: a people kind (killed, arrested, deployed…) given to a count of things
  that are not people — places and administrative units, buildings and infrastructure,
  animals, teams and organisations ("huit chiens", "35 équipes", "a cluster of 40 houses");
  such a count may still be damage (kind ``other``: "3 000 maisons détruites");
- ``scope``: places counted after a locative preposition ("dans treize villages", "in
  three districts") say where, not what;
- ``population``: "un hameau de 200 habitants", "a city of 100,000 people";
- ``other_time``: a figure dated to a year before the article's ("en 2009 (309 morts)",
  "l'an dernier", "entre 1980 et 2000") is a comparison, not this crisis — unless the
  date opens a span that reaches the present ("depuis 2019", "since last year");
- ``proportion``: "un habitant sur sept", "one in six residents";
- ``share_base``: "Sur les 200 habitants, 90 ont péri": the whole, not a toll;
- ``bare_things``: houses, dams, schools or vehicles counted with no damage said ("la
  rupture de deux barrages", "40 camions"), and places counted at all ("inondé plus de
  cinquante villages": where it happened): no figure;
- ``tie_complement``: people counted by their tie to others whose casualty word is in
  their complement ("des proches des détenus tués", "mayors of the affected towns");
- ``earlier_event``: "elle avait fait 17 morts": a pluperfect cause verb outside reported
  speech is an earlier disaster's toll (French; English reports speech in that tense);
- ``other_event``: a figure caused by an event of another family than the story's ("le
  séisme qui a dévasté le Haut Atlas, faisant 2 900 morts" in a flood story).

Words come from the language resource (``place_units``, ``non_people_nouns``,
``scope_prepositions``, ``since_words``, ``proportion_words``, ``proportion_ones``,
``other_year_phrases``, and the ``[counting]`` table of kinds.toml).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from recoupe.extract.claims.context import Context, counting
from recoupe.extract.claims.counted import CountedPhrase, Reading
from recoupe.extract.claims.events import figure_event_name, figure_family
from recoupe.extract.claims.tokens import Words

# Kinds that count things, not people: a count of houses may be one of them.
THING_KINDS = frozenset({"other", "equipment"})
CLAUSE_PUNCT = frozenset({",", ";", ":", "(", ")", "—", "–"})
YEAR = re.compile(r"(?:1[89]|20)\d\d")  # a year as written in news
SINCE_REACH = 2  # "depuis 2019", "depuis l'an dernier": the since-word this close before
PROPORTION_REACH = 3  # "un habitant sur sept": "un" within this many words before "sur"
AFTER_REACH = 6  # "tuées l'an dernier": a date this many words after the counted phrase
CAUSE_REACH = 3  # "avait déjà fait": the cause verb this many words after the auxiliary


def _counted_nouns(ph: CountedPhrase) -> list[str]:
    """The folded head of the counted phrase and its first noun ("35 des 47 comtés")."""
    w = ph.w
    found = [w.folds[ph.head.i]] if ph.head is not None else []
    found += [w.folds[i] for i in ph.np if w.pos[i] in ("NOUN", "PROPN")][:1]
    if not found:  # "35 des 47 comtés": the phrase stops at the second number
        at = ph.first
        while at < len(w.folds) and (w.numbers[at] or w.puncts[at]):
            at += 1
        if at < len(w.folds) and w.pos[at] == "NOUN":
            found.append(w.folds[at])
    return found


def _before(ph: CountedPhrase) -> list[str]:
    """The folded words before the number in its window, punctuation left out."""
    w = ph.w
    return [w.folds[i] for i in ph.left if not w.puncts[i] and not w.spaces[i]]


def counts_things(ph: CountedPhrase, ctx: Context) -> bool:
    """Does the number count places, buildings, vehicles, animals or teams, not people?"""
    lang = ctx.lang
    things = lang.cue("non_people_nouns") | lang.cue("place_units") | lang.cue("civil_vehicles")
    return any(n in things for n in _counted_nouns(ph))


def bare_things(ph: CountedPhrase, reading: Reading, ctx: Context) -> bool:
    """"la rupture de deux barrages", "plus de cinquante villages": things counted with no
    damage done to them are no figure ("3 000 maisons détruites" is one)."""
    if reading.kind != "other" or not counts_things(ph, ctx):
        return False
    if any(n in ctx.lang.cue("place_units") for n in _counted_nouns(ph)):
        return True  # "inondé plus de cinquante villages": where it happened, not a figure
    return not _damaged(ph, counting(ctx.lang, "damage_words"))


def _damaged(ph: CountedPhrase, damage: frozenset[str]) -> bool:
    """Is damage said of the counted things: "maisons détruites", "ont été détruites",
    "a détruit 3 000 maisons", "se sont effondrés", a list label ("Houses burnt: 78")?
    Not "deux barrages ont emporté le pont": the damage they did to something else."""
    w = ph.w
    anchor = ph.head or ph.last
    near = {*anchor.children, anchor.head, *anchor.head.children, anchor.head.head}
    near |= {ph.doc[i] for i in range(max(ph.np, default=ph.last.i) + 1,
                                      min(ph.right_limit, len(w.folds)))}
    for tok in near:
        if {w.folds[tok.i], w.lemmas[tok.i]} & damage and \
                all(c.i == anchor.i for c in tok.children if c.dep_ == "obj"):
            return True
    label = [i for i in ph.left if w.texts[i] == ":"]
    return bool(label) and any(w.folds[i] in damage or w.lemmas[i] in damage
                               for i in ph.left if i < label[-1])


def tie_complement(ph: CountedPhrase, reading: Reading, ctx: Context) -> bool:
    """"Des dizaines de proches des détenus tués": the casualty word is the complement's;
    "12 proches des victimes ont été blessés" (a verb of their own) stays."""
    lang, w, head = ctx.lang, ph.w, ph.head
    if reading.kind is None or head is None or head.i + 1 >= len(w.folds) or \
            not key_of(w, head.i) & counting(lang, "tie_nouns") or \
            w.folds[head.i + 1] not in lang.cue("of_words"):
        return False
    return not any(w.pos[i] == "AUX" for i in range(head.i + 1, min(ph.right_limit, len(w.pos))))


def earlier_event(ph: CountedPhrase, reading: Reading, ctx: Context) -> bool:
    """"En Grèce, elle avait fait 17 morts": a cause verb in a past before the story's
    whose object the count is ("avait fait le point sur neuf morts" is a report), outside
    reported speech ("a indiqué que le séisme avait fait" is this crisis's); damage to
    things told in that tense ("10 000 véhicules avaient été brûlés") is an earlier time's."""
    aux = counting(ctx.lang, "past_cause_aux")
    if reading.kind is None or not aux:
        return False
    w, causes = ph.w, ctx.lang.cue("cause_verbs")
    if any(w.folds[i] in ctx.lang.cue("that_words") for i in range(ph.last.i)):
        return False
    if reading.kind == "other" and any(
            w.folds[i] in aux for i in range(ph.last.i + 1, min(ph.right_limit, len(w.folds)))):
        return True  # "plus de 10 000 véhicules avaient été brûlés": that autumn's damage
    left = [i for i in ph.left if not w.spaces[i]]
    speech = ctx.lang.phrases["speech_lemma_pairs"]
    return any(w.folds[i] in aux and any(_causes(w, j, causes, speech) and _object_of(ph, j)
                                         for j in left[n + 1 : n + 1 + CAUSE_REACH])
               for n, i in enumerate(left))


def _object_of(ph: CountedPhrase, verb: int) -> bool:
    """Is the count the verb's object: no noun between them but inside a comma-enclosed
    aside ("avait fait, selon les chiffres officiels, trois millions de morts"), unlike
    "avait fait le point sur neuf morts"?"""
    w, aside = ph.w, False
    for i in range(verb + 1, ph.last.i):
        if w.texts[i] == ",":
            aside = not aside
        elif not aside and w.pos[i] in ("NOUN", "PROPN") and not w.numbers[i]:
            return False
    return True


def _causes(w: Words, i: int, causes: frozenset[str], speech: tuple[str, ...]) -> bool:
    """A cause verb, not the "fait" of "avait fait état de" (a report, not a toll made)."""
    nxt = w.folds[i + 1] if i + 1 < len(w.folds) else ""
    return w.folds[i] in causes and f"{w.lemmas[i]} {nxt}" not in speech


def key_of(w: Words, i: int) -> set[str]:
    return {w.folds[i], w.lemmas[i]}


def not_people(ph: CountedPhrase, reading: Reading, ctx: Context) -> bool:
    """A people kind on a count of places, buildings, animals or teams."""
    return reading.kind is not None and reading.kind not in THING_KINDS and \
        counts_things(ph, ctx)


def scope(ph: CountedPhrase, reading: Reading, ctx: Context) -> bool:
    """"dans treize villages": a count of places after a locative preposition."""
    before = _before(ph)
    return bool(before) and before[-1] in ctx.lang.cue("scope_prepositions") and \
        any(n in ctx.lang.cue("place_units") for n in _counted_nouns(ph))


def population(ph: CountedPhrase, reading: Reading, ctx: Context) -> bool:
    """"un hameau de quelque 200 habitants": the size of a place, not a toll."""
    before = _before(ph)
    return len(before) >= 2 and before[-1] in ctx.lang.cue("of_words") and \
        before[-2] in ctx.lang.cue("place_units")


def proportion(ph: CountedPhrase, reading: Reading, ctx: Context) -> bool:
    """"un habitant sur sept", "one in six": a share, not a count."""
    before = _before(ph)
    if not before or before[-1] not in ctx.lang.cue("proportion_words"):
        return False
    ones = ctx.lang.cue("one") | ctx.lang.cue("proportion_ones")
    return any(word in ones for word in before[-1 - PROPORTION_REACH : -1])


def share_base(ph: CountedPhrase, reading: Reading, ctx: Context) -> bool:
    """"Sur les quelque 200 habitants, au moins 90 ont péri": the whole a share is of."""
    w = ph.w
    left = [i for i in ph.left if not w.puncts[i] and not w.spaces[i]]
    return len(left) == 2 and left[0] <= 1 and \
        w.folds[left[0]] in ctx.lang.cue("proportion_words") and w.pos[left[1]] == "DET"


def other_time(ph: CountedPhrase, reading: Reading, ctx: Context) -> bool:
    """The figure's clause dates it before the article's year, and not as a span to now."""
    if reading.subset:
        return False  # "… l'année dernière, et 151 d'entre eux": a part shares its whole's time
    w = ph.w
    # Past the next number too: "tuées entre 1970 et 1985" may read the years as numbers.
    after = range(max(ph.np, default=ph.last.i) + 1, len(w.folds))
    after = range(after.start, min(after.stop, _clause_end(ph, after, ctx)))
    indices = [*_own_clause(ph, ctx), *after]
    return _older_year(ph, indices, ctx) or _last_year(ph, indices, ctx)


def _own_clause(ph: CountedPhrase, ctx: Context) -> list[int]:
    """The words before the number in its own clause: back to the last comma or
    coordinator ("en 2009 (309 morts)"), and the sentence's opening phrase when no count
    comes before ("Le 17 août 1999, le séisme … avait causé …")."""
    w = ph.w
    breaks = {",", ";"} | ctx.lang.cue("coordinators") | ctx.lang.cue("clause_breaks")
    left = list(ph.left)
    cut = max((n for n, i in enumerate(left) if w.folds[i] in breaks), default=-1)
    own = left[cut + 1 :]
    if left and left[0] == 0 and cut >= 0:
        first = next(n for n, i in enumerate(left) if w.folds[i] in breaks)
        own = left[:first] + own  # the opening phrase frames the sentence
    return own


def _clause_end(ph: CountedPhrase, after: range, ctx: Context) -> int:
    """Where the clause after the counted phrase ends: a comma or a clause break, or a few
    words on ("tuées l'an dernier lors de …")."""
    breaks = CLAUSE_PUNCT | ctx.lang.cue("clause_breaks")
    for i in after[:AFTER_REACH]:
        if ph.w.texts[i] in breaks or ph.w.folds[i] in breaks:
            return i
    return after.start + AFTER_REACH


def _since_before(ph: CountedPhrase, i: int, ctx: Context) -> bool:
    since = ctx.lang.cue("since_words")
    return any(ph.w.folds[j] in since for j in range(max(0, i - SINCE_REACH), i))


def _older_year(ph: CountedPhrase, indices: list[int], ctx: Context) -> bool:
    """A year named in the clause, before the article's ("en 2009", "entre 1980 et 2000"),
    or with a past before the story's ("les inondations de 2010 avaient fait")."""
    w = ph.w
    years = [i for i in indices if _is_year(ph, i) and not _since_before(ph, i, ctx)]
    if not years:
        return False
    pluperfect = ctx.lang.cue("pluperfect_aux")
    if any(w.folds[i] in pluperfect for i in indices):
        # A past before the story's with its year: even when the publication date was
        # guessed from that very year ("Le 17 août 1999, le séisme avait causé …").
        return True
    return ctx.published is not None and \
        any(int(w.texts[i]) < int(ctx.published[:4]) for i in years)


def _is_year(ph: CountedPhrase, i: int) -> bool:
    """A year, not a count that looks like one ("plus de 1950 blessés")."""
    w = ph.w
    return bool(YEAR.fullmatch(w.texts[i])) and \
        (i + 1 >= len(w.pos) or w.pos[i + 1] not in ("NOUN", "ADJ"))


def _last_year(ph: CountedPhrase, indices: list[int], ctx: Context) -> bool:
    """"l'an dernier", "last year": a phrase naming the year before, not as "depuis …"."""
    w = ph.w
    if not indices:
        return False
    folded = " ".join(w.folds[i] for i in indices).replace("' ", "'")
    for phrase in ctx.lang.phrases["other_year_phrases"]:
        at = folded.find(phrase)
        if at < 0:
            continue
        words_before = folded[:at].split()[-SINCE_REACH:]
        if not set(words_before) & ctx.lang.cue("since_words"):
            return True
    return False


def other_event(ph: CountedPhrase, reading: Reading, ctx: Context) -> bool:
    """"le séisme qui a dévasté le Haut Atlas, faisant 2 900 morts" in an article about
    floods: the figure of an event of another family than the story's
    (:mod:`recoupe.extract.claims.events`)."""
    if reading.kind is None or not ctx.story_events:
        return False
    counted = ph.head if ph.head is not None else ph.last
    family = figure_family(counted, ctx.lang)
    if family is not None and family not in ctx.story_events:
        return True
    # "la tempête tropicale Dikeledi … Elle a fait trois morts à Madagascar", in a story
    # about cyclone Chido: another event of the same family, told by its name.
    if not ctx.story_event_names:
        return False
    name = figure_event_name(counted, ctx.lang, ctx.last_event_name)
    return name is not None and name not in ctx.story_event_names and \
        name in ctx.event_names_seen


RULES: tuple[tuple[str, Callable[[CountedPhrase, Reading, Context], bool]], ...] = (
    ("not_people", not_people),
    ("scope", scope),
    ("population", population),
    ("proportion", proportion),
    ("share_base", share_base),
    ("other_time", other_time),
    ("bare_things", bare_things),
    ("tie_complement", tie_complement),
    ("earlier_event", earlier_event),
    ("other_event", other_event),
)


def mark_non_claims(ph: CountedPhrase, reading: Reading, ctx: Context) -> None:
    """Note on the reading what the rules found; :func:`dropped` reads it once the kind is
    final (coordination gives "six chiens" or "40 houses" a people kind later)."""
    reading.not_claim = non_claim(ph, reading, ctx)
    reading.counts_things = counts_things(ph, ctx)


def dropped(reading: Reading) -> bool:
    """Is the reading no figure of this crisis, with its final kind?"""
    return reading.not_claim is not None or (
        reading.counts_things and reading.kind not in THING_KINDS)


def non_claim(ph: CountedPhrase, reading: Reading, ctx: Context) -> str | None:
    """The name of the first rule that says this count is no figure of the crisis."""
    for name, rule in RULES:
        if rule(ph, reading, ctx):
            return name
    return None
