"""Where a figure is about: the place named in its clause, else its sentence's, else the
paragraph's, else the document's; "dans le pays" is the whole country."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Protocol

from spacy.tokens import Doc

from recoupe.extract.claims.context import Context
from recoupe.extract.claims.cues import attribution_words
from recoupe.extract.claims.tokens import DocInfo, Ent, doc_text, info, key, strip_determiners
from recoupe.lang import territory_name
from recoupe.nlp import ParsedSentence
from recoupe.records import Place
from recoupe.textfold import word_key as fold

EXAMPLE_WINDOW = 7  # "notamment", "dont" this many tokens before a place make it an example
COUNTRIES_GAP_WORDS = 3  # "au Pérou et en Équateur": at most this many words between
NAMED_AFTER_WINDOW = 3  # "place de la Bastille": the cue noun within this many small words


class PlaceBook(Protocol):
    """What the extract stage asks of a gazetteer (the link stage owns one)."""

    def is_place(self, name: str) -> bool: ...

    def country_of(self, name: str) -> str | None: ...

    def is_country(self, name: str) -> bool: ...

    def country_name(self, code: str) -> str | None: ...


class NoGazetteer:
    """The book of a caller that gives no gazetteer: no name is known, so only the
    parse and the language resource say where. The pipeline always passes the link
    stage's gazetteer (``recoupe.link.places.place_book``); extract never imports it."""

    def is_place(self, name: str) -> bool:
        return False

    def country_of(self, name: str) -> str | None:
        return None

    def is_country(self, name: str) -> bool:
        return False

    def country_name(self, code: str) -> str | None:
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
    for ent in sentence.ents:
        if ent.label_ not in ("LOC", "PER", "MISC"):
            continue  # is_place() cannot change the verdict below: skip the lookup
        if not _may_be_place(ent, book, ctx) or _inside(ent, excluded):
            continue
        if _named_after(sentence, ent.start, ctx, "street_nouns") or \
                _named_after(sentence, ent.start, ctx, "speech_venues", "spoken_from") or \
                _after_medium(sentence, ent.start, ctx):
            continue  # "boulevard Saint-Michel"; "lors d'un point presse à Bamako"
        if _an_example(ps.doc, sentence, ent.start, ctx):
            continue  # "notamment à Almaty": an example, not the scope of the figure
        root = ps.doc[ent.start : ent.end].root
        if root.dep_ in ("nsubj", "nsubj:pass") and root.head.pos_ == "VERB" and not (
            key(root.head) & ctx.lang.kind_verbs["affected"]
        ):
            continue
        out.append(ent)
    return out


def _may_be_place(ent: Ent, book: PlaceBook, ctx: Context) -> bool:
    if fold(strip_determiners(ent.text, ctx.lang)) in ctx.lang.cue("not_places"):
        return False  # "État", "Est": a capitalised common noun, whatever the gazetteer says
    if ctx.outlet and fold(ent.text) in (fold(ctx.outlet), fold(ctx.outlet).split()[0]):
        return False  # "Dakar, 3 juin (APA) -": the publisher's credit
    return ent.label_ == "LOC" or book.is_place(ent.text)


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
    return not (sentence.folds[last] in ctx.lang.cue("subset_markers")
                and any(doc[i].like_num for i in range(last + 1, at)))


def country_scope(text: str, ctx: Context) -> bool:
    """"dans le pays", "à travers le pays", "dans tout le pays": the whole country."""
    return bool(ctx.lang.pattern("country_scope").search(fold(text)))


def place_for(
    ps: ParsedSentence, after: tuple[int, int], lead_end: int, places: list[Ent], ctx: Context,
    book: PlaceBook,
) -> tuple[Place | None, str | None]:
    """Where a figure is about, and the rule that said so: after the number in its clause
    (several countries joined: "Pérou + Équateur"), else "dans le pays" / "dans les deux
    pays" there, else the sentence's lead ("À Atyrau, ..."), else a scope phrase there,
    else the paragraph's place, else the document's."""
    base = ps.sentence.start
    lo, hi = after[0] - base, after[1] - base
    own = [p for p in places if p.start_char >= lo and p.end_char <= hi]
    lead = [p for p in places if p.end_char <= lead_end - base]
    text = doc_text(ps.doc)
    if own:
        joined = _countries_together(own, text, ctx, book)
        if joined is not None:
            return joined, "clause.countries"
        return _named(min(own, key=lambda p: p.start_char), base, "clause"), "clause"
    scope = _scope(text[lo:hi], ctx, book, "clause", text[lo:])
    if scope is not None:
        return scope
    if lead:
        return _named(lead[-1], base, "sentence"), "sentence_lead"
    scope = _scope(text[: lead_end - base], ctx, book, "sentence")
    if scope is not None:
        return scope
    carried = ctx.paragraph_place.get(ps.sentence.paragraph)
    if carried is not None:
        return replace(carried, basis="sentence"), "paragraph"
    if ctx.main_place and ctx.main_place in ps.sentence.text:
        return _main(ctx, "document"), "document"  # the story's place, named here
    # Named nowhere near: the article's own toll, stated for its country (GUIDELINES.md:
    # "the country for a national toll, even when the sentence does not name it").
    place = _country(ctx, book, "document")
    return place, "document.country" if place else None


def _scope(text: str, ctx: Context, book: PlaceBook, basis: str, rest: str | None = None
           ) -> tuple[Place | None, str] | None:
    """"dans le pays": the story's country; "dans les deux pays": the last two named (the
    phrase starts in ``text`` and may run on in ``rest``: its own "deux" is a number)."""
    both = ctx.lang.pattern("two_countries").search(fold(rest or text))
    if both and both.start() <= len(text) and len(ctx.countries) >= 2:
        return Place(" + ".join(ctx.countries[-2:]), basis=basis), f"{basis}.two_countries"
    if country_scope(text, ctx):
        return _country(ctx, book, basis), f"{basis}.country_scope"
    return None


def _countries_together(own: list[Ent], text: str, ctx: Context, book: PlaceBook
                        ) -> Place | None:
    """"au Pérou et en Équateur": a figure for several countries at once, in text order."""
    first = sorted(own, key=lambda p: p.start_char)
    run = [first[0]]
    for place in first[1:]:
        between = text[run[-1].end_char : place.start_char]
        if not ctx.lang.pattern("coordination").search(f" {between} ") or \
                len(between.split()) > COUNTRIES_GAP_WORDS:
            break
        run.append(place)
    if len(run) < 2 or not all(book.is_country(p.text) for p in run):
        return None
    return Place(" + ".join(p.text for p in run), basis="clause")


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
