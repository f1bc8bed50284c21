"""Where a figure is about: the place named in its clause, else its sentence's, else the
paragraph's, else the document's; "dans le pays" is the whole country."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import takewhile
from typing import Protocol

from spacy.tokens import Doc, Token

from recoupe.clean import dateline_end
from recoupe.extract.claims.context import Context
from recoupe.extract.claims.cues import attribution_words
from recoupe.extract.claims.tokens import DocInfo, Ent, doc_text, info, key, strip_determiners
from recoupe.lang import Language, territory_name
from recoupe.nlp import ParsedSentence
from recoupe.records import Place
from recoupe.textfold import word_key as fold

EXAMPLE_WINDOW = 7  # "notamment", "dont" this many tokens before a place make it an example
COUNTRIES_GAP_WORDS = 3  # "au Pérou et en Équateur": at most this many words between
# "à Paris et dans les départements voisins des Hauts-de-Seine": at most this many words
# between two listed places besides links, prepositions and the nouns of their level
LIST_GAP_WORDS = 2
NAMED_AFTER_WINDOW = 3  # "place de la Bastille": the cue noun within this many small words
# "une allocution prononcée samedi à Madrid": a venue noun this many heads above the place.
VENUE_DEPTH = 3
# A place name the parser cut short or missed ("Rio Grande" of "Rio Grande do Sul", "in
# Tamara") is looked up in the gazetteer over at most this many more tokens.
NAME_EXTENSION_TOKENS = 3
# Every rule that may choose a figure's place, in the order they are tried (a claim records
# the one that fired as ``rule.place``; `recoupe eval` counts errors by it). A scope phrase
# ("{basis}.x") is tried at the clause, then the sentence: "clause.country_scope",
# "sentence.country_scope".
PLACE_RULES: tuple[tuple[str, str], ...] = (
    ("list_item", "the label of a list line ('Al Haouz: 1,293')"),
    ("clause.label", "the name before ':' or '(N)' read from the text ('Ouarzazate (41)')"),
    ("clause.owner", "the place owning the figure through 'avec/with', 'où/where'"),
    ("clause.places", "several places of the figure's clause joined ('Pérou + Équateur')"),
    ("clause", "the place after the figure in its clause"),
    ("{basis}.listed", "'dans ces villes': the places listed last"),
    ("{basis}.two_divisions", "'in the two districts': the last two places below the country"),
    ("{basis}.two_countries", "'dans les deux pays': the last two countries named"),
    ("{basis}.country_scope", "'dans le pays', 'nationwide': the story's country"),
    ("{basis}.areas", "'dans les zones sinistrées': the story's place"),
    ("{basis}.town", "'dans cette ville', 'in the city': the town named last"),
    ("{basis}.capital", "'dans la capitale': the story country's capital"),
    ("clause.shared", "the place or scope ending a coordination of figures"),
    ("sentence_lead", "the place the sentence opens with, or the finest of its lead"),
    ("paragraph", "the place that framed the paragraph"),
    ("speaker", "the place a speaker's title names ('le maire de Derna')"),
    ("subset", "a part, or an earlier count, where its whole is ('dont 22 policiers')"),
    ("clause.respectively", "'respectivement': places and figures paired in order"),
    ("document.focus", "the division or town the story stays in"),
    ("document", "the story's place, named in the sentence"),
    ("document.country", "the story's country"),
)


def known_place_rule(rule: str) -> bool:
    """Is ``rule`` one of :data:`PLACE_RULES` (a scope rule at any basis)?"""
    names = {name for name, _ in PLACE_RULES}
    basis, _, scope = rule.partition(".")
    return rule in names or (basis in ("clause", "sentence") and f"{{basis}}.{scope}" in names)


# The rules by which a figure's place was named in its own sentence: that place frames
# the paragraph after it.
FRAMING_RULES = frozenset(("clause", "clause.places", "sentence_lead"))


class PlaceBook(Protocol):
    """What the extract stage asks of a gazetteer (the link stage owns one)."""

    def is_place(self, name: str, country: str | None = None) -> bool: ...

    def country_of(self, name: str, prefer: str | None = None) -> str | None: ...

    def is_country(self, name: str) -> bool: ...

    def country_name(self, code: str) -> str | None: ...

    def chain(self, name: str, country: str) -> tuple[tuple[str, int], ...]:
        """The divisions a place of ``country`` lies in, widest first, the place itself
        last, as (level, id); () for a country, a place abroad or an unknown name."""
        ...

    def capital(self, code: str) -> str | None:
        """The name of the capital city of the country ``code``."""
        ...


class NoGazetteer:
    """The book of a caller that gives no gazetteer: no name is known, so only the
    parse and the language resource say where. The pipeline always passes the link
    stage's gazetteer (``recoupe.link.places.place_book``); extract never imports it."""

    def is_place(self, name: str, country: str | None = None) -> bool:
        return False

    def country_of(self, name: str, prefer: str | None = None) -> str | None:
        return None

    def is_country(self, name: str) -> bool:
        return False

    def country_name(self, code: str) -> str | None:
        return None

    def chain(self, name: str, country: str) -> tuple[tuple[str, int], ...]:
        return ()

    def capital(self, code: str) -> str | None:
        return None


@lru_cache(maxsize=1)
def default_book() -> PlaceBook:
    return NoGazetteer()


def places_in(ps: ParsedSentence, excluded: Sequence[tuple[int, int]], ctx: Context,
              book: PlaceBook) -> list[Ent]:
    """Entities of a sentence that say where, not who ("La Russie envoie" is a sender).

    spaCy's label is not trusted alone: a LOC that the gazetteer does not know and
    that is not capitalised is dropped ("coup d'État"), and a name tagged PER or
    MISC that the gazetteer knows as a place is kept ("Alma-Ata").
    """
    out = []
    sentence = info(ps.doc)
    # the last place named as where people came from, or as an example ("including in
    # the towns of Bayda, Susa and Marj"): the places listed after it are so too
    listed: Ent | None = None
    for ent in place_candidates(ps, ctx, book):
        if ent.label_ not in ("LOC", "PER", "MISC"):
            continue  # is_place() cannot change the verdict below: skip the lookup
        if not _may_be_place(ent, book, ctx) or _inside(ent, excluded) or \
                _credit(doc_text(ps.doc), ent, ctx):
            continue
        if not _known_or_in_slot(ent, ps.doc, ctx, book):
            continue  # "thousands of Rajapaksa loyalists", "the Finance Bill": a name NER
            # guessed, that the gazetteer does not know and no place word introduces
        if listed is not None and _coordinated_with(listed, ent, ps.doc, ctx):
            listed = ent  # the next of a list that is not the figure's scope
            continue
        if _named_after(sentence, ent.start, ctx, "street_nouns") or \
                _named_after(sentence, ent.start, ctx, "speech_venues", "spoken_from") or \
                _after_medium(sentence, ent.start, ctx) or _spoken_at(ps.doc, ent, ctx) or \
                _origin(ps.doc, sentence, ent, ctx) or \
                _an_example(ps.doc, sentence, ent.start, ctx):
            # "boulevard Saint-Michel"; "lors d'un point presse à Bamako"; "dans une
            # allocution prononcée au palais de la Moncloa, à Madrid"; "des manifestants
            # venus de Puno, Cusco et Arequipa", "soldiers from Belarus, Armenia and
            # Tajikistan": whence they came; "notamment à Almaty": an example. The places
            # listed after it are none of the figure's scope either.
            listed = ent
            continue
        root = ps.doc[ent.start : ent.end].root
        label = ent.end < len(ps.doc) and ps.doc[ent.end].text == ":"  # "Dakar : 12 morts"
        if root.dep_ == "nsubj" and root.head.pos_ == "VERB" and not label \
                and not (key(root.head) & (ctx.lang.kind_verbs["affected"]
                                           | ctx.lang.cue("place_subject_verbs"))):
            continue
        out.append(ent)
    return out


def place_candidates(ps: ParsedSentence, ctx: Context, book: PlaceBook) -> list[Ent]:
    """The sentence's entities, a place name cut short by the parser made whole through
    the gazetteer ("Rio Grande" + "do Sul"), and names it missed after a place preposition
    ("in Tamara", "à Tamara") that the gazetteer knows in the story's country."""
    doc, sentence = ps.doc, info(ps.doc)
    ents = [_extended(_org_as_place(ent, sentence, ctx, book), doc, ctx, book)
            for ent in sentence.ents]
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    ents += _unlabelled_places(doc, sentence, taken, ctx, book)
    return sorted(ents, key=lambda e: e.start)


def _org_as_place(ent: Ent, sentence: DocInfo, ctx: Context, book: PlaceBook) -> Ent:
    """A place the parser took for an organisation: a country ("in Malawi and
    Mozambique"), or a town of the story's country where a place name goes ("the port
    city of Guayaquil")."""
    if ent.label_ != "ORG":
        return ent
    if book.is_country(ent.text) or (
            ctx.main_country and _place_slot(sentence, ent.start, list(range(ent.start, ent.end)),
                                             ctx)
            and book.chain(ent.text, ctx.main_country)):
        return ent._replace(label_="LOC")
    return ent


def organisations(ps: ParsedSentence, ctx: Context, book: PlaceBook) -> list[tuple[int, int]]:
    """Spans of the sentence's organisations, where no place is (not those
    :func:`place_candidates` reads as places)."""
    sentence = info(ps.doc)
    return [(e.start_char, e.end_char) for e in sentence.ents
            if e.label_ == "ORG" and _org_as_place(e, sentence, ctx, book).label_ == "ORG"]


def _name_tokens(doc: Doc, start: int, ctx: Context) -> list[int]:
    """Token indices from ``start`` that may continue a name: capitalised words and the
    particles of place names ("do", "de la"), at most NAME_EXTENSION_TOKENS + 1."""
    links = ctx.lang.cue("place_name_links")
    out = []
    for i in range(start, min(len(doc), start + NAME_EXTENSION_TOKENS + 1)):
        text = doc[i].text
        if not (text[:1].isupper() and text[:1].isalpha()) and fold(text) not in links:
            break
        out.append(i)
    return out


def _span(doc: Doc, start: int, end: int, label: str) -> Ent:
    first, last = doc[start], doc[end - 1]
    return Ent(start, end, label, doc.text[first.idx : last.idx + len(last.text)], first.idx,
               last.idx + len(last.text))


def _extended(ent: Ent, doc: Doc, ctx: Context, book: PlaceBook) -> Ent:
    if ent.label_ not in ("LOC", "PER", "MISC"):
        return ent
    more = _name_tokens(doc, ent.end, ctx) if ent.end < len(doc) else []
    for stop in range(len(more), 0, -1):
        longer = _span(doc, ent.start, more[stop - 1] + 1, "LOC")
        if doc[more[stop - 1]].text[:1].isupper() and book.is_place(longer.text, ctx.main_country):
            ent = longer
            break
    else:
        # "Castilla-La Mancha": the parser kept only "Mancha"; the name's start is
        # before it.
        for start in range(max(0, ent.start - NAME_EXTENSION_TOKENS), ent.start):
            if doc[start].text[:1].isupper() and all(
                    doc[i].text[:1].isupper() or doc[i].text in "-'’"
                    for i in range(start, ent.start)):
                longer = _span(doc, start, ent.end, "LOC")
                if book.is_place(longer.text, ctx.main_country):
                    ent = longer
                    break
    return _with_division_noun(ent, doc, ctx, book)


def _with_division_noun(ent: Ent, doc: Doc, ctx: Context, book: PlaceBook) -> Ent:
    """"région de Mopti", "province d'Al-Haouz", "the state of Bahia", "the Valencia
    region": the division, when the gazetteer knows the phrase as one (a bare "Mopti" is
    the town)."""
    folds = info(doc).folds
    for width in (2, 3):  # "province d'" / "province de la"
        start = ent.start - width
        if start < 0 or folds[start] not in ctx.lang.cue("division_nouns") or not all(
                folds[i] in ctx.lang.cue("of_words") | ctx.lang.cue("place_name_links")
                for i in range(start + 1, ent.start)):
            continue
        phrase = _span(doc, start, ent.end, "LOC")
        if book.country_of(phrase.text, ctx.main_country):
            return phrase
    if ent.end < len(doc) and folds[ent.end] in ctx.lang.cue("division_nouns"):
        phrase = _span(doc, ent.start, ent.end + 1, "LOC")  # "the Valencia region"
        if book.country_of(phrase.text, ctx.main_country):
            return phrase
    return ent


def _unlabelled_places(doc: Doc, sentence: DocInfo, taken: set[int], ctx: Context,
                       book: PlaceBook) -> list[Ent]:
    if ctx.main_country is None:
        return []
    found = []
    for i in range(len(doc)):
        if i in taken or not doc[i].text[:1].isupper():
            continue
        names = [j for j in _name_tokens(doc, i, ctx) if j not in taken]
        if not names or not _place_slot(sentence, i, names, ctx):
            continue
        for stop in range(len(names), 0, -1):
            span = _span(doc, i, names[stop - 1] + 1, "LOC")
            if doc[names[stop - 1]].text[:1].isupper() and \
                    book.chain(span.text, ctx.main_country):
                found.append(span)
                taken.update(range(span.start, span.end))
                break
    return found


def _place_slot(sentence: DocInfo, i: int, names: list[int], ctx: Context) -> bool:
    """Is token ``i`` where a place name goes: after a place preposition ("in Tamara",
    "à Tamara"), after a place noun and its "of" ("the port city of Guayaquil", "la ville
    d'Agadir"), or as the label of a list line ("Taroudant: 452")?"""
    folds, lang = sentence.folds, ctx.lang
    if i == 0:
        after = names[-1] + 1
        return after < len(folds) and folds[after] == ":"
    if folds[i - 1] in lang.cue("place_prepositions"):
        return True
    if _in_name_list(sentence, i, names[-1], lang):
        return True  # "the storm also hit Al Bayda, Susah, Al Marj and Shahat"
    return i >= 2 and folds[i - 1] in lang.cue("of_words") and folds[i - 2] in \
        lang.cue("place_units")


def _in_name_list(sentence: DocInfo, first: int, last: int, lang: Language) -> bool:
    """Is the name at tokens ``first``..``last`` a member of a list of names: a comma or a
    coordinator between it and a capitalised word on either side?"""
    links = lang.cue("coordinators") | {","}
    folds, text, idxs = sentence.folds, sentence.text, sentence.idxs
    before = first >= 2 and folds[first - 1] in links and text[idxs[first - 2]].isupper()
    after = last + 2 < len(folds) and folds[last + 1] in links and \
        text[idxs[last + 2]].isupper()
    return before or after


def _known_or_in_slot(ent: Ent, doc: Doc, ctx: Context, book: PlaceBook) -> bool:
    """A country, a place of the story's country, a name written where a place goes
    (after "in", "à", "la ville de", or as a list label), or a place the gazetteer knows
    elsewhere that does not merely qualify a noun ("the anti-Finance Bill protests",
    "Rajapaksa loyalists": a name NER guessed)."""
    if book.is_country(ent.text) or (ctx.main_country and book.chain(ent.text,
                                                                     ctx.main_country)):
        return True
    # "in the Gaza Strip": the article belongs to the name's slot.
    if any(w[:1].isupper() for w in ent.text.split()) and introduced(doc, ent, ctx):
        return True
    if ent.label_ == "PER" or doc[ent.start : ent.end].root.dep_ in ("compound", "amod", "obj"):
        return False  # a person's name that is a hamlet abroad ("Bill", Switzerland); a
        # name the gazetteer does not know as a verb's object ("to oust Hasina")
    return ent.label_ == "LOC" or book.is_place(ent.text, ctx.main_country)


def introduced(doc: Doc, ent: Ent, ctx: Context) -> bool:
    """Is the place written where a place goes: after a place preposition or a place
    noun and its "of" ("à Marrakech", "in the province of Al Haouz"), or as a list label?
    A bare name ("Madrid a dépêché 86 secouristes, Londres une équipe de 60") is who
    sends, not where to."""
    sentence = info(doc)
    first = ent.start
    while first > 0 and sentence.pos[first - 1] == "DET":
        first -= 1
    return _place_slot(sentence, first, list(range(ent.start, ent.end)), ctx) or \
        (ent.end < len(sentence.folds) and sentence.folds[ent.end] == ":")


def _may_be_place(ent: Ent, book: PlaceBook, ctx: Context) -> bool:
    if fold(strip_determiners(ent.text, ctx.lang)) in ctx.lang.cue("not_places"):
        return False  # "État", "Est": a capitalised common noun, whatever the gazetteer says
    if not any(c.isupper() for c in ent.text):
        return book.is_place(ent.text, ctx.main_country)  # "tremblement de terre" (NER's LOC)
    words = fold(ent.text).split()
    landmarks = ctx.lang.cue("landmark_nouns")
    if (words and (words[0] in landmarks or words[-1] in landmarks)) or \
            (ent.text.isupper() and len(words) == 1):
        # "aéroport de Benina", "Narsingdi District Jail": its town's figure, unless the
        # name is a town's ("Port Harcourt"); "DANA": an acronym, unless a dateline town.
        if ent.text.isupper() and len(words) == 1:
            return bool(ctx.main_country and book.chain(ent.text, ctx.main_country))
        return book.is_place(ent.text, ctx.main_country)
    return ent.label_ == "LOC" or book.is_place(ent.text, ctx.main_country)


def _credit(text: str, ent: Ent, ctx: Context) -> bool:
    """"Dakar, 3 juin (APA) -": the publisher's credit in a dateline, not a place (the
    outlet "Nouvelle-Calédonie la 1ère" named in its own text is the place still)."""
    if not ctx.outlet or fold(ent.text) not in (fold(ctx.outlet), fold(ctx.outlet).split()[0]):
        return False
    return ent.start_char < dateline_end(text) or text[: ent.start_char].rstrip().endswith("(")


def _named_after(sentence: DocInfo, at: int, ctx: Context, *cues: str) -> bool:
    """Is the name at token ``at`` the complement of a cue noun just before it ("place de
    la Bastille", "point presse à Bamako", "depuis Lisbonne"), with only small words
    between?"""
    words = frozenset().union(*(ctx.lang.cue(c) for c in cues))
    participles = 0  # "un point de presse tenu à Rabat": one participle may stand between
    for i in range(at - 1, max(-1, at - 1 - NAMED_AFTER_WINDOW - participles), -1):
        if sentence.folds[i] in words:
            return True
        if sentence.pos[i] == "VERB" and sentence.deps[i] == "acl" and not participles:
            participles = 1
            continue
        if sentence.pos[i] not in ("ADP", "DET"):
            return False
    return False


def _spoken_at(doc: Doc, ent: Ent, ctx: Context) -> bool:
    """Is the place a complement of a speech venue further up the parse ("une allocution
    prononcée samedi à Madrid", "a briefing held in Geneva")?"""
    venues = ctx.lang.cue("speech_venues")
    token = doc[ent.start : ent.end].root
    for _ in range(VENUE_DEPTH):
        if token.head.i == token.i or token.head.pos_ not in ("NOUN", "VERB", "ADJ") or \
                _reported(token, ctx):
            return False
        token = token.head
        # "un point de presse tenu dans ses locaux à Dakar": the venue is "point de presse"
        if fold(token.text) in venues or any(
                fold(c.text) in venues for c in token.children if c.dep_ in ("nmod", "compound")):
            return True
    return False


def _reported(token: Token, ctx: Context) -> bool:
    """Is ``token`` the head of what a statement says ("said in a statement that three
    people died in Sittwe", "a annoncé lors d'un point presse que 12 personnes sont mortes
    à Kayes")? A place in the reported words is the figure's, not the venue's."""
    return token.dep_ in ("ccomp", "parataxis") or any(
        c.dep_ == "mark" and fold(c.text) in ctx.lang.cue("that_words") for c in token.children)


def _origin(doc: Doc, sentence: DocInfo, ent: Ent, ctx: Context) -> bool:
    """Is the place where people came from ("manifestants venus de Puno, Cusco et
    Arequipa", "protesters who came from Puno")? The first of coordinated places carries
    the verb."""
    token = doc[ent.start : ent.end].root
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    i = min(token.i, ent.start) - 1
    while i >= 0 and sentence.pos[i] == "DET":
        i -= 1
    return i >= 1 and sentence.folds[i] in ctx.lang.cue("origin_links") and \
        sentence.folds[i - 1] in ctx.lang.cue("origin_words")


def _coordinated_with(before: Ent, ent: Ent, doc: Doc, ctx: Context) -> bool:
    """Is ``ent`` the next of a list of places that ``before`` starts ("Puno, Cusco et
    Arequipa"; "Bayda, Susa, Um Razaz and Marj", names the tagger missed between)?"""
    links = _cues(ctx.lang, ("coordinators", "of_words", "origin_links")) | {","}
    between = [w for w in doc_text(doc)[before.end_char : ent.start_char].replace(",", " , ")
               .split() if not w[:1].isupper()]
    return len(between) <= COUNTRIES_GAP_WORDS and all(fold(w) in links for w in between)


def _after_medium(sentence: DocInfo, at: int, ctx: Context) -> bool:
    """"cité par le site Dakaractu", "selon le quotidien Prothom Alo": a medium's name."""
    media = attribution_words(ctx.lang, "media_nouns")
    return at > 0 and sentence.folds[at - 1] in media


def _inside(ent: Ent, excluded: Sequence[tuple[int, int]]) -> bool:
    return any(ent.start_char < e and ent.end_char > s for s, e in excluded)


def _an_example(doc: Doc, sentence: DocInfo, at: int, ctx: Context) -> bool:
    """True when the place at token ``at`` follows "notamment", "dont", "comme"…: one
    place among others. Not after "dont" and a number ("806 000 manifestants, dont
    65 000 à Paris"): there the place is where that part was counted."""
    first = max(0, at - EXAMPLE_WINDOW)
    inclusive = ctx.lang.cue("inclusive")
    marks = [i for i in range(first, at) if sentence.folds[i] in inclusive]
    if not marks:
        return False
    last = marks[-1]
    if ":" in sentence.folds[last + 1 : at]:
        return False  # "comme suit : Dakar : 12": a list after its announcement
    return not (sentence.folds[last] in ctx.lang.cue("subset_markers")
                and any(doc[i].like_num for i in range(last + 1, at)))


def country_scope(text: str, ctx: Context) -> bool:
    """"dans le pays", "à travers le pays", "dans tout le pays": the whole country."""
    return bool(ctx.lang.pattern("country_scope").search(fold(text)))


def place_for(
    ps: ParsedSentence, after: tuple[int, int], lead_end: int, places: list[Ent], ctx: Context,
    book: PlaceBook, number_start: int | None = None, shared: tuple[int, int] | None = None,
) -> tuple[Place | None, str | None]:
    """Where a figure is about, and the rule that said so: after the number in its clause
    (several countries joined: "Pérou + Équateur"), else "dans le pays" / "dans les deux
    pays" there, else the sentence's lead ("À Atyrau, ..."), else a scope phrase there,
    else the paragraph's place, else the document's. A total (a toll raised: "portant
    à quatre le nombre de morts") is not where the death that raised it happened: of its
    lead, only a place opening the sentence or in the raising clause counts ("the death
    toll from the riot in Guayaquil has risen to 118")."""
    base = ps.sentence.start
    lo, hi = after[0] - base, after[1] - base
    hi = _clause_end(ps.doc, lo, hi, ctx)
    text = doc_text(ps.doc)
    if number_start is not None:
        at = number_start - base
        label = _label_before(text, at, places)
        if label is not None:
            return _named(label, base, "clause"), "clause.label"  # "Dakar : 12 morts"
        written = text_label(text, at, ctx, book)
        if written is not None:
            return written, "clause.label"  # "Ouarzazate (41)", a name the parser missed
        owner = _owner_before(ps.doc, at, places, ctx)
        if owner is not None:
            return _named(owner, base, "clause"), "clause.owner"  # "Sindh, with 799 deaths"
    # the number's last token: "136 800" may be parsed as two words, its first hanging
    # apart from the counted noun
    figure = _token_at(ps.doc, lo - 1) if number_start is not None and lo > 0 else None
    total = figure is not None and raised_total(ps.doc, figure, ctx)
    if figure is not None:
        places = _undescribed(ps.doc, places, figure, ctx, book)
    own = [p for p in places if p.start_char >= lo and p.end_char <= hi]
    if own:
        joined = _places_together(own, text, ctx, book)
        if joined is not None:
            return joined, "clause.places"
    if own:
        return _named(min(own, key=lambda p: p.start_char), base, "clause"), "clause"
    scope = _scope(text[lo:hi], ctx, book, "clause", text[lo:])
    if scope is not None:
        return scope
    if shared is not None:
        # "16 morts et 357 blessés sur l'ensemble du territoire": the place or scope that
        # ends a coordination of figures is every figure's.
        s_lo, s_hi = shared[0] - base, _clause_end(ps.doc, shared[0] - base, shared[1] - base, ctx)
        joint = [p for p in places if p.start_char >= s_lo and p.end_char <= s_hi
                 and in_story(p, ctx, book)]
        if joint:
            return _named(min(joint, key=lambda p: p.start_char), base, "clause"), "clause.shared"
        scope = _scope(text[s_lo:s_hi], ctx, book, "clause", text[s_lo:])
        if scope is not None:
            return scope[0], "clause.shared"
    filed_from = dateline_end(text)  # "GUAYAQUIL, Ecuador (AP) —": where the reporter was
    # A place abroad is no scope ("Madrid a dépêché 86 secouristes"), unless the sentence
    # opens with it: "Au Mozambique voisin, le cyclone a tué 165 personnes".
    lead = [p for p in places if filed_from <= p.start_char and p.end_char <= lead_end - base
            and (in_story(p, ctx, book) or _opens(ps.doc, p, ctx))
            and (not total or _opens(ps.doc, p, ctx) or _under_verb_of(ps.doc, p, figure))]
    if lead:
        return _named(_finest(lead, ps.doc, ctx, book), base, "sentence"), "sentence_lead"
    scope = _scope(text[: lead_end - base], ctx, book, "sentence")
    if scope is not None:
        return scope
    carried = ctx.paragraph_place.get(ps.sentence.paragraph)
    if carried is not None:
        return replace(carried, basis="sentence"), "paragraph"
    if ctx.focus:
        # The lead put the story in one division or town, and the article stays there.
        return Place(ctx.focus, basis="document"), "document.focus"
    if ctx.main_place and ctx.main_place in text[dateline_end(text):]:
        return _main(ctx, "document"), "document"  # the story's place, named here
    # Named nowhere near: the article's own toll, stated for its country (GUIDELINES.md:
    # "the country for a national toll, even when the sentence does not name it").
    place = _country(ctx, book, "document")
    return place, "document.country" if place else None


RAISE_REACH = 6  # "bringing the death toll to": the raise verb this many words before "to"


def raised_total(doc: Doc, figure: int, ctx: Context) -> bool:
    """Is the figure a toll raised to it ("portant à quatre le nombre de morts", "bringing
    the death toll to 9", "le bilan a été porté à 39")?"""
    sentence, lang = info(doc), ctx.lang
    i = figure - 1
    while i >= 0 and sentence.folds[i] in lang.cue("quantity_modifiers"):
        i -= 1
    if i < 1 or sentence.folds[i] not in lang.cue("raised_to"):
        return False
    verbs = lang.cue("raise_verbs")
    return any(sentence.folds[j] in verbs or sentence.lemmas[j] in verbs
               for j in range(max(0, i - RAISE_REACH), i))


def _under_verb_of(doc: Doc, ent: Ent, figure: int | None) -> bool:
    """Is the place in the clause of the verb that governs the figure?"""
    if figure is None:
        return False
    verb = doc[figure]
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    root = doc[ent.start : ent.end].root
    return verb.left_edge.i <= root.i <= verb.right_edge.i and verb in root.ancestors


def _token_at(doc: Doc, at: int) -> int | None:
    """The index of the token at sentence-relative character ``at``."""
    return next((t.i for t in doc if t.idx <= at < t.idx + max(1, len(t.text))), None)


def _undescribed(doc: Doc, places: list[Ent], figure: int, ctx: Context, book: PlaceBook
                 ) -> list[Ent]:
    """The places that may be the figure's scope: not those in a clause that describes
    something else ("les manifestations qui ont éclaté après la mort d'un jeune tué à
    Nanterre", "the earthquake that struck Al Haouz", "une armurerie forcée près du
    Vieux-Port"), nor a place that only locates such a place ("la province d'Herat, dans
    l'ouest de l'Afghanistan"). A clause describing the counted people is theirs ("douze
    personnes qui se trouvaient à Kayes")."""
    out: list[Ent] = []
    described: Ent | None = None
    text = doc_text(doc)
    for place in sorted(places, key=lambda p: p.start):
        if _in_description(doc, place, figure, ctx):
            described = place
            continue
        if described is not None and _locates(text[described.end_char : place.start_char],
                                              place, described, ctx, book):
            continue
        described = None
        out.append(place)
    return out


LOCATOR_WORDS = 5  # ", dans la banlieue de Paris": at most this many words before the place


def _locates(between: str, place: Ent, described: Ent, ctx: Context, book: PlaceBook) -> bool:
    """Does ``place`` only locate the place named before it ("à Nanterre, dans la banlieue
    de Paris"; "la province d'Herat, dans l'ouest de l'Afghanistan")?"""
    between = between.strip()
    if not between.startswith(","):
        return False
    words = between[1:].split()
    return _contains(place, described, ctx, book) or (
        len(words) <= LOCATOR_WORDS and not any(w[:1].isupper() or any(c.isdigit() for c in w)
                                                for w in words))


def _in_description(doc: Doc, ent: Ent, figure: int, ctx: Context) -> bool:
    """Is the place inside a relative or participial clause whose noun is not the counted
    one (its subtree does not hold the figure), nor a casualty noun ("le nombre de décès
    liés aux troubles en Nouvelle-Calédonie"), nor the subject of the figure's verb ("une
    marche organisée à Nanterre a réuni 6 200 personnes": where the gathering was)?"""
    token = doc[ent.start : ent.end].root
    while token.head.i != token.i:
        if token.dep_ in ("acl", "acl:relcl", "relcl"):
            head = token.head
            if not (head.left_edge.i <= figure <= head.right_edge.i) and \
                    not key(head) & _counted_nouns(ctx) and not (
                    head.dep_ in ("nsubj", "nsubj:pass")
                    and head.head.left_edge.i <= figure <= head.head.right_edge.i):
                return True
        token = token.head
    return False


def _counted_nouns(ctx: Context) -> frozenset[str]:
    return _counted_nouns_of(ctx.lang)


@lru_cache(maxsize=8)
def _counted_nouns_of(lang: Language) -> frozenset[str]:
    return _cues(lang, ("toll_nouns", "victim_nouns")) | frozenset().union(
        *lang.kind_nouns.values())


@lru_cache(maxsize=64)
def _cues(lang: Language, names: tuple[str, ...]) -> frozenset[str]:
    """The union of several of a language's word sets, built once (read per place, per
    sentence: a hot path)."""
    return frozenset().union(*(lang.cue(name) for name in names))


def _contains(wide: Ent, narrow: Ent, ctx: Context, book: PlaceBook) -> bool:
    """Does ``wide`` contain ``narrow`` (a country and its place, a division and its
    town)?"""
    if book.is_country(wide.text):
        return book.country_of(narrow.text, ctx.main_country) == \
            book.country_of(wide.text)
    if not ctx.main_country:
        return False
    a, b = set(book.chain(wide.text, ctx.main_country)), set(
        book.chain(narrow.text, ctx.main_country))
    return bool(a) and a < b


def _finest(lead: list[Ent], doc: Doc, ctx: Context, book: PlaceBook) -> Ent:
    """The place of a sentence's lead: the place it opens with ("In Paiporta, a town on the
    outskirts of Valencia, …"), else the last one named; made finer by a place within it
    ("Au Maroc, dans la province d'Al-Haouz"; "À Letur, petit village de la province
    d'Albacete, en Castille-La Manche": Letur)."""
    finest = lead[0] if _opens(doc, lead[0], ctx) else lead[-1]
    for place in lead:
        if place is not finest and _contains(finest, place, ctx, book):
            finest = place
    return finest


# The rules that fall back on what is around the figure: a speaker's own place is nearer.
FALLBACK_RULES = frozenset(("paragraph", "document", "document.focus", "document.country"))


def speaker_place(ps: ParsedSentence, span: tuple[int, int], ctx: Context, book: PlaceBook
                  ) -> Place | None:
    """The place a speaker answers for, named in their own title: "the administrator of
    the village of Bu Ma", "officials in Castilla-La Mancha and Andalusia", "la police de
    Blantyre", "le maire de la ville". Only a place of the story's country below it, and
    not its capital (where national bodies sit: "an official in Kathmandu"). ``span`` is
    the attribution's, sentence-relative."""
    if not ctx.main_country:
        return None
    lo, hi = span
    capital = book.capital(ctx.main_country)
    seat = book.chain(capital, ctx.main_country) if capital else ()
    named = [e for e in place_candidates(ps, ctx, book)
             if lo <= e.start_char and e.end_char <= hi and e.label_ in ("LOC", "PER", "MISC")
             and _may_be_place(e, book, ctx)
             and (chain := book.chain(e.text, ctx.main_country)) and chain != seat]
    if named:
        joined = _places_together(named, doc_text(ps.doc), ctx, book)
        return joined or _named(named[0], ps.sentence.start, "sentence")
    if ctx.towns and ctx.lang.pattern("town_anaphor").search(fold(doc_text(ps.doc)[lo:hi])):
        return Place(ctx.towns[-1], basis="sentence")  # "le maire de la ville"
    return None


def carry_place(ps: ParsedSentence, where: list[Ent], ctx: Context, book: PlaceBook) -> None:
    """The place that frames a sentence frames the rest of its paragraph: a place the
    sentence opens with ("À Almaty, …", "In Canoas, …") or the place one of its figures
    was stated for ("12 morts à Almaty. Parmi eux, 3 policiers"). A place named in
    passing ("roads were cut near Quito") frames nothing; nor a dateline's town or a
    place abroad."""
    s = ps.sentence
    own = list(takewhile(lambda c: c.sentence_span == (s.start, s.end), reversed(ctx.claims)))
    # "117 died in Sittwe, 24 in other townships and four in Magwe": a breakdown by place
    # frames nothing after it; the next figure is not the last place's.
    breakdown = len({c.place.name for c in own if c.place is not None}) > 1
    for claim in own if not breakdown else []:
        if claim.place is not None and claim.rule is not None and \
                claim.rule.place in FRAMING_RULES:
            ctx.paragraph_place[s.paragraph] = replace(claim.place, span=None, basis="sentence")
            return
    filed_from = dateline_end(doc_text(ps.doc))
    for ent in where:
        if ent.start_char >= filed_from and _frames(ps.doc, ent, ctx) and \
                in_story(ent, ctx, book):
            ctx.paragraph_place[s.paragraph] = Place(ent.text, basis="sentence")
            return


def _frames(doc: Doc, ent: Ent, ctx: Context) -> bool:
    """Does the place open its sentence ("À Almaty, …", "A Aqtobe, …") or stand in its
    subject ("les villes d'Almaty et de Taldykorgan sont restées …")?"""
    if _opens(doc, ent, ctx):
        return True
    token = doc[ent.start : ent.end].root
    while token.head.i != token.i:
        if token.dep_ in ("nsubj", "nsubj:pass") and token.head.dep_ == "ROOT":
            return True
        token = token.head
    return False


def _opens(doc: Doc, ent: Ent, ctx: Context) -> bool:
    """Does the sentence open with the place, after a preposition ("À Almaty, …",
    "In Canoas, …")?"""
    sentence = info(doc)
    prepositions = ctx.lang.cue("place_prepositions")
    return ent.start > 0 and all(sentence.pos[i] in ("ADP", "DET", "PUNCT")
                                 or sentence.folds[i] in prepositions for i in range(ent.start))


def in_story(ent: Ent, ctx: Context, book: PlaceBook) -> bool:
    """False for a place in a country the story is not about ("told reporters in
    Geneva", "Spain sent 86 rescuers"): never the scope of its figures."""
    if not ctx.story_countries:
        return True
    code = book.country_of(ent.text, ctx.main_country)
    return code is None or code in ctx.story_countries


def _clause_end(doc: Doc, lo: int, hi: int, ctx: Context) -> int:
    """Where the figure's clause ends before ``hi``: at ";" or at a clause break after a
    comma (", as fresh rain hampered rescue efforts in Porto Alegre": not the figure's)."""
    sentence = info(doc)
    breaks = ctx.lang.cue("clause_breaks")
    for i, at in enumerate(sentence.idxs):
        if at <= lo or at >= hi:
            continue
        if sentence.folds[i] == ";" or (sentence.folds[i] in breaks and i > 0
                                        and sentence.folds[i - 1] == ","):
            return at
    return hi


def _label_before(text: str, at: int, places: list[Ent]) -> Ent | None:
    """The place a number is the value of, as in a list: "Dakar : 12 morts ; Ziguinchor :
    4 morts", "Al Haouz: 1,293"."""
    for place in places:
        between = text[place.end_char : at]
        if place.end_char <= at and between.strip() == ":":
            return place
    return None


def text_label(text: str, at: int, ctx: Context, book: PlaceBook) -> Place | None:
    """The label of a figure written as a list entry, read from the text when the parser
    tagged no place there: the words before "N" in "- Hauts-de-Seine : 256" or before
    "(N)" in "Ouarzazate (41), Azilal (11)". Only a name the gazetteer places in the
    story's countries is a place (a label such as "Blessés : 12" is not)."""
    head = text[:at].rstrip()
    if head.endswith("("):
        head = head[:-1].rstrip()
        cut = max(head.rfind(mark) for mark in ",;:(\n")
    elif head.endswith(":"):
        head = head[:-1].rstrip()
        cut = max(head.rfind(mark) for mark in ";\n")
    else:
        return None
    label = _LIST_MARKS.sub("", head[cut + 1 :])
    label = ctx.lang.pattern("determiners").sub("", _leading_link(label, ctx)).strip()
    if not label or len(label.split()) > LABEL_MAX_WORDS or \
            not any(w[:1].isupper() for w in label.split()):
        return None
    code = book.country_of(label, ctx.main_country)
    if code is None or (ctx.story_countries and code not in ctx.story_countries):
        return None
    return Place(label, basis="clause")


_LIST_MARKS = re.compile(r"^[\s\-–—•*·]+")
LABEL_MAX_WORDS = 6  # a list label longer than this is a sentence, not a name


def _leading_link(label: str, ctx: Context) -> str:
    """"et Azilal" → "Azilal": the coordination before a list's last label."""
    words = label.split()
    if words and fold(words[0]) in ctx.lang.cue("coordinators"):
        return " ".join(words[1:])
    return label


def _owner_before(doc: Doc, at: int, places: list[Ent], ctx: Context) -> Ent | None:
    """The place a figure is given for through "with" or "where" before it: "la province
    de Sindh a enregistré le plus de morts avec 799", "suivie du Baloutchistan où 336
    personnes", "Balochistan, where 336 people died". The place is the last one named
    since the previous figure, right before "où/where", within a few words of
    "avec/with"."""
    sentence = info(doc)
    first = next((i for i, idx in enumerate(sentence.idxs) if idx >= at), len(sentence.idxs))
    links = ctx.lang.cue("owner_links")
    for i in range(first - 1, max(-1, first - 1 - OWNER_LINK_WINDOW), -1):
        if doc[i].like_num or sentence.pos[i] == "PUNCT":
            return None
        if sentence.folds[i] not in links:
            continue
        where = sentence.folds[i] in ctx.lang.cue("relative_where")
        reach = OWNER_WHERE_GAP if where else OWNER_WITH_GAP
        link_at = sentence.idxs[i]
        for place in sorted(places, key=lambda p: p.end_char, reverse=True):
            if place.end_char > link_at:
                continue
            gap = [j for j in range(place.end, i) if sentence.pos[j] != "PUNCT"]
            if len(gap) > reach or any(doc[j].like_num for j in range(place.end, i)):
                return None
            return place
        return None
    return None


OWNER_LINK_WINDOW = 4  # "avec au moins 1 684": the link this many words before the number
OWNER_WHERE_GAP = 1  # "Balochistan, where": at most this many words between
OWNER_WITH_GAP = 10  # "Sindh was the worst-hit province with": at most this many


def _scope(text: str, ctx: Context, book: PlaceBook, basis: str, rest: str | None = None
           ) -> tuple[Place | None, str] | None:
    """"dans le pays": the story's country; "dans les deux pays": the last two named (the
    phrase starts in ``text`` and may run on in ``rest``: its own "deux" is a number)."""
    both = ctx.lang.pattern("two_countries").search(fold(rest or text))
    if both and both.start() <= len(text) and len(ctx.countries) >= 2:
        return Place(" + ".join(ctx.countries[-2:]), basis=basis), f"{basis}.two_countries"
    if ctx.listed and ctx.lang.pattern("listed_anaphor").search(fold(text)):
        return Place(ctx.listed, basis=basis), f"{basis}.listed"  # "in those towns"
    pair = ctx.lang.pattern("two_divisions").search(fold(rest or text))
    if pair and pair.start() <= len(text) and len(ctx.localities) >= 2:
        # "338 injured in the two districts": the last two places named below the country
        return Place(" + ".join(ctx.localities[-2:]), basis=basis), f"{basis}.two_divisions"
    if country_scope(text, ctx):
        return _country(ctx, book, basis), f"{basis}.country_scope"
    if ctx.lang.pattern("areas_scope").search(fold(text)):
        # "400 secouristes mobilisés dans les zones de tension": where the story is, not
        # the town the paragraph named
        where = Place(ctx.focus, basis=basis) if ctx.focus else _country(ctx, book, basis)
        return where, f"{basis}.areas"
    if ctx.towns and ctx.lang.pattern("town_anaphor").search(fold(text)):
        return Place(ctx.towns[-1], basis=basis), f"{basis}.town"  # "in the city"
    capital = book.capital(ctx.main_country) if ctx.main_country else None
    if capital and ctx.lang.pattern("capital_scope").search(fold(text)):
        return Place(capital, basis=basis), f"{basis}.capital"  # "75 died in the capital"
    return None


def _places_together(own: list[Ent], text: str, ctx: Context, book: PlaceBook
                        ) -> Place | None:
    """"au Pérou et en Équateur", "in Dailekh, Jumla and Rolpa", "dans les provinces d'Alep,
    de Lattaquié et de Hama": a figure for several places at once, in text order (all
    countries, or all places of the story's countries)."""
    first = sorted(own, key=lambda p: p.start_char)
    run = [first[0]]
    for place in first[1:]:
        between = text[run[-1].end_char : place.start_char]
        if not ctx.lang.pattern("coordination").search(f" {between} ") or \
                len(_gap_words(between, ctx)) > LIST_GAP_WORDS:
            break
        run.append(place)
    if len(run) < 2:
        return None
    countries = [book.is_country(p.text) for p in run]
    if any(countries) and not all(countries):
        return None  # "à Derna, en Libye": a town and the country it lies in
    if ctx.main_country and _one_within_another(run, ctx.main_country, book):
        return None  # "à Juliaca, dans la région de Puno": the town, located
    if not all(countries) and not all(in_story(p, ctx, book) for p in run):
        return None
    return Place(" + ".join(p.text for p in run), basis="clause")


def place_list(where: list[Ent], doc: Doc, ctx: Context, book: PlaceBook) -> str | None:
    """The longest list of places a sentence names ("the storm also hit Al Bayda, Susah,
    Al Marj and Shahat"), joined, for "in those towns" after it."""
    text = doc_text(doc)
    ordered = sorted(where, key=lambda p: p.start_char)
    best: Place | None = None
    for n in range(len(ordered) - 1):
        joined = _places_together(ordered[n:], text, ctx, book)
        if joined is not None and (best is None or joined.name.count(" + ") >
                                   best.name.count(" + ")):
            best = joined
    return best.name if best else None


def _gap_words(between: str, ctx: Context) -> list[str]:
    """The words between two listed places, less the nouns that name their level ("à Paris
    et dans les départements voisins des Hauts-de-Seine, de Seine-Saint-Denis")."""
    small = _cues(ctx.lang, ("division_nouns", "place_units", "neighbour_words", "of_words",
                             "place_prepositions", "coordinators"))
    return [w for w in between.replace(",", " ").split()
            if fold(w) not in small and fold(w).rstrip("sx") not in small]


def _one_within_another(run: list[Ent], country: str, book: PlaceBook) -> bool:
    chains = [set(book.chain(p.text, country)) for p in run]
    return any(a and b and (a < b or b < a) for i, a in enumerate(chains)
               for b in chains[i + 1 :])


def _country(ctx: Context, book: PlaceBook, basis: str) -> Place | None:
    """The story's country, named as the language names it."""
    from recoupe.extract.claims.group import country_name

    code = ctx.main_country or (book.country_of(ctx.main_place) if ctx.main_place else None)
    name = None
    if code:
        name = country_name(code, ctx.lang) or territory_name(code, ctx.lang.code) or \
            book.country_name(code)
    if name is None:
        return _main(ctx, basis)
    return Place(name, basis=basis)


def _named(ent: Ent, base: int, basis: str) -> Place:
    return Place(ent.text, span=(ent.start_char + base, ent.end_char + base), basis=basis)


def _main(ctx: Context, basis: str) -> Place | None:
    return Place(ctx.main_place, basis=basis) if ctx.main_place else None
