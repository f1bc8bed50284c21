"""Which event a figure counts: the story's, or another one the article recalls.

An article about floods may recall "le séisme qui a dévasté le Haut Atlas, faisant plus de
2 900 morts"; one about a cyclone, "l'épidémie de choléra, qui a fait plus de 1 600
morts". Those tolls are another event's (GUIDELINES: traps), whatever their tense. The
story's event families are read from its title and lead (``events.toml``: quake, water,
epidemic, fire, unrest); a figure caused by an event noun of another family — the
subject of its cause verb, or the noun a relative or participial clause holding it
describes — is that event's. Nothing is decided when the lead names no event.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from recoupe.lang import Language, read_table
from recoupe.textfold import word_key as fold

# Parse steps from the counted noun up to the verb or clause that says what caused it.
EVENT_CLIMB = 5
# Nouns from a relative clause's head down its "de" complements ("l'épidémie de choléra
# de son histoire, qui …": the clause hangs on "histoire").
NOUN_CHAIN = 3
# How far before a subjectless cause verb ("faisant", "qui a fait") its event noun may be.
EVENT_BACK = 20


@lru_cache(maxsize=8)
def event_families(code: str) -> dict[str, str]:
    """Folded event noun → its family, for a language (empty when it has no table)."""
    try:
        table = read_table(code, "events.toml").get("event_types", {})
    except Exception:  # a language without events.toml: no family is known
        return {}
    return {fold(word): family for family, words in table.items() for word in words.split()}


def families_in(text: str, lang: Language) -> frozenset[str]:
    """The event families a text names ("Séisme au Maroc" → quake)."""
    known = event_families(lang.code)
    return frozenset(known[w] for w in (fold(t) for t in _words(text)) if w in known)


@lru_cache(maxsize=16)
def _event_words(code: str, name: str) -> frozenset[str]:
    """A word list of ``events.toml [event_names]``: "links", the words allowed between an
    event noun and its name ("tempête tropicale Dikeledi"); "pronouns", the subjects that
    stand for the event named last ("Elle a fait trois morts")."""
    try:
        words = read_table(code, "events.toml").get("event_names", {}).get(name, "")
    except Exception:  # a language without events.toml
        return frozenset()
    return frozenset(fold(w) for w in words.split())


@lru_cache(maxsize=8)
def _calendar_words(code: str) -> frozenset[str]:
    """Month and weekday names: "the floods Monday" names no storm."""
    try:
        table = read_table(code, "dates.toml")
    except Exception:  # a language without dates.toml
        return frozenset()
    return frozenset(fold(w) for part in ("months", "weekdays") for w in table.get(part, {}))


def event_names_in(text: str, lang: Language) -> list[str]:
    """The names of events a text gives, in order: the capitalised word after an event
    noun ("cyclone Chido", "la tempête tropicale Dikeledi", "Storm Daniel"), folded."""
    known, links = event_families(lang.code), _event_words(lang.code, "links")
    words = [w for w in _words(text) if w]
    names = []
    for i, word in enumerate(words):
        if fold(word) not in known:
            continue
        j = i + 1
        while j < len(words) and fold(words[j]) in links:
            j += 1
        if j < len(words) and words[j][:1].isupper() and fold(words[j]) not in known and \
                fold(words[j]) not in _calendar_words(lang.code):
            names.append(fold(words[j]))
    return names


def figure_event_name(counted: Token, lang: Language, last_named: str | None) -> str | None:
    """The name of the event that the parse says caused the figure: a name in the cause
    verb's subject ("Dikeledi a fait trois morts"), or the event named last when that
    subject is a pronoun ("Elle a fait trois morts": the storm just named). Only a figure
    the verb takes as its object ("a fait trois morts", "caused the deaths of 120")."""
    node = counted
    if node.dep_ in ("nmod",) and node.head.dep_ == "obj":
        node = node.head  # "la mort de 120 personnes"
    if node.dep_ != "obj" or node.head.pos_ not in ("VERB", "AUX"):
        return None
    for subject in (c for c in node.head.children if c.dep_ in ("nsubj", "nsubj:pass")):
        named = event_names_in(" ".join(t.text for t in subject.subtree), lang)
        if named:
            return named[-1]
        if subject.pos_ == "PRON" and fold(subject.text) in _event_words(lang.code, "pronouns"):
            return last_named
        if subject.pos_ == "PROPN":
            return fold(subject.text)
    return None


def _words(text: str) -> list[str]:
    return [w.strip(".,;:!?«»\"'()") for w in text.replace("’", "'").replace("'", " ").split()]


def figure_family(counted: Token, lang: Language) -> str | None:
    """The family of the event the parse says caused the counted figure, if it says."""
    known = event_families(lang.code)
    node = counted
    for _ in range(EVENT_CLIMB):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubj:pass")]
            for child in subjects:
                if f := _family(child, known):
                    return f  # "le séisme a fait 12 morts"
            if node.dep_ in ("acl", "acl:relcl", "relcl") and (f := _family(node.head, known)):
                return f  # "le séisme qui a dévasté …, faisant 2 900 morts"
            if all(c.pos_ == "PRON" and c.dep_ != "expl" for c in subjects):
                # "…, faisant 2 900 morts", "…, qui a fait 1 600 morts": the subject is the
                # noun phrase just before, whatever the parser attached the clause to.
                return _event_before(node, known)
            return None
    return None


def _event_before(verb: Token, known: dict[str, str]) -> str | None:
    """The family of the nearest event noun before a subjectless cause verb."""
    doc = verb.doc
    for i in range(verb.i - 1, max(-1, verb.i - 1 - EVENT_BACK), -1):
        if doc[i].text == ";":
            return None
        for key in (fold(doc[i].text), fold(doc[i].lemma_)):
            if doc[i].pos_ in ("NOUN", "PROPN") and key in known:
                return known[key]
    return None


def _family(noun: Token, known: dict[str, str]) -> str | None:
    for _ in range(NOUN_CHAIN):
        for key in (fold(noun.text), fold(noun.lemma_)):
            if key in known:
                return known[key]
        if noun.dep_ not in ("nmod", "compound") or noun.head.i == noun.i:
            return None
        noun = noun.head
    return None
