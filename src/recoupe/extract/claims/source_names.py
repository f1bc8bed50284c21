"""Who a source phrase names: a person, a body, a role resolved to the name given with it,
a pronoun or "la même source" resolved to the last compatible speaker; never a date, a
counted noun, an event or an impersonal pronoun. Also what the document remembers to resolve
later bare mentions ("le ministère", "the agency")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from recoupe.extract.claims.context import Context
from recoupe.extract.claims.cues import attribution_pattern, attribution_phrases, attribution_words
from recoupe.extract.claims.group import country_in, country_name
from recoupe.extract.claims.tokens import (
    Ent,
    depth,
    info,
    key,
    np_of,
    phrase,
    strip_determiners,
)
from recoupe.lang import Language
from recoupe.nlp import ParsedSentence
from recoupe.records import Source
from recoupe.textfold import word_key as fold

ROLE_NAME_WINDOW = 6  # "le président du Kazakhstan Kassym-Jomart Tokayev": the name this far
ROLE_BEFORE_NAME = 4  # a role noun this many tokens before a person's name is theirs
SHORT_MENTION = 2  # a source phrase of at most this many tokens may be a bare "le ministère"
FULL_MENTION = 3  # a role phrase of at least this many tokens names its body in full
APPOSITION_REACH = 12  # "son directeur régional pour l'Afrique du Nord, NAME,": the comma this far
# The name of an attribution by the document's own outlet ("according to an AFP tally" in
# an AFP dispatch): the article states the figure on its own authority, so no source.
OWN_AUTHORITY = ""
NAME_TAIL_MAX = 10  # "Autorité de gestion des catastrophes | et des situations d'urgence"
NAME_RUN_MAX = 6  # a person's name is at most this many tokens ("Tarek al - Kharraz")
SUBJECT_WINDOW = 8  # an unparsed sentence's subject name ends within its first tokens


def gender_of(tokens: Sequence[Token]) -> str | None:
    """The grammatical gender of a speaker phrase's head noun; None for a person's name."""
    head = tokens[0] if len(tokens) == 1 else min(tokens, key=depth)
    if head.ent_type_ == "PER" or head.pos_ == "PROPN":
        return None
    for det in (c for c in head.children if c.dep_ == "det"):
        genders = det.morph.get("Gender", [])
        if len(genders) == 1:
            return genders[0]  # "la ministre": an epicene noun takes its article's gender
    genders = head.morph.get("Gender", [])
    return genders[0] if len(genders) == 1 else None


def not_a_speaker(head: Token, ctx: Context) -> bool:
    """A date, an event, or a counted noun ("3 000 militaires … a annoncé") never speaks."""
    keys = key(head)
    if head.ent_type_ in ("PER", "ORG"):
        return False
    if head.pos_ == "PRON":
        return True  # "selon lesquelles": speaker pronouns were resolved before
    single = attribution_words(ctx.lang, "single_numerals")
    if any((c.dep_ == "nummod" or (c.like_num and c.pos_ == "NUM")) and fold(c.text) not in single
           for c in head.children):
        return True  # the counted noun ("premier" is like_num too: ask for a numeral);
        # "one camp leader said" is one speaker

    return bool(keys & (ctx.cues.never_speakers | attribution_words(ctx.lang,
                                                                    "not_speaker_heads")))


def last_speaker(ctx: Context, gender: str | None = None, person: bool = False) -> str | None:
    """The latest speaker named whose gender fits a pronoun's (any, when None); a person for
    a pronoun that only stands for one ("he", "she"); with no speaker yet, the person last
    named ("Le haut-commissaire X a tenu une conférence de presse. Il a confirmé …")."""
    for name, spoken in reversed(ctx.speakers):
        if person and name not in ctx.person_speakers:
            continue
        if gender is None or spoken is None or spoken == gender:
            return name
    if (person or not ctx.speakers) and ctx.last_person:
        return ctx.last_person
    return ctx.last_source.name if ctx.last_source else None


def person_pronoun(text: str, ctx: Context) -> bool:
    """Does a pronoun stand for a person only ("he", "she"; not "il", which a masculine
    noun such as "le ministère" takes too)?"""
    return bool(set(fold(text).split()) & attribution_words(ctx.lang, "person_pronouns"))


def pronoun_gender(text: str, ctx: Context) -> str | None:
    words = set(fold(text).split())
    if words & ctx.lang.cue("masculine_pronouns"):
        return "Masc"
    if words & ctx.lang.cue("feminine_pronouns"):
        return "Fem"
    return None


def full_person_name(name: str, ctx: Context) -> str:
    """"M. Kalemba", "Kobakhidze": a person named by their surname after being introduced in
    full is the person named in full before ("Charles Kalemba")."""
    words = _untitled(name, ctx.lang)
    if len(words) != 1 or not words[0][:1].isupper() or fold(words[0]) in ctx.lang.country_names:
        return name
    known = [n for n, _ in reversed(ctx.speakers) if n in ctx.person_speakers]
    known += [ctx.last_person] if ctx.last_person else []
    surname = f" {words[0]}"
    return next((n for n in known if n.endswith(surname) and _a_full_name(n, ctx.lang)), name)


def _a_full_name(name: str, lang: Language) -> bool:
    """A person's name in full: two words or more, each a capitalised one ("Charles
    Kalemba", "Abdou Karim Fofana"), not a role phrase ending with a name."""
    words = _untitled(name, lang)
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _untitled(name: str, lang: Language) -> list[str]:
    """The words of a person's name without the titles before it ("M.", "Dr")."""
    titles = attribution_words(lang, "person_titles")
    words = name.split()
    while len(words) > 1 and fold(words[0]) in titles:
        words = words[1:]
    return words


def same_source(tokens: Sequence[Token], ctx: Context) -> bool:
    """"la même source", "de même source": the previous speaker."""
    text = fold(strip_determiners(phrase(tokens), ctx.lang))
    return text in ctx.lang.phrases["same_source"]


# --------------------------------------------------------------------------- names


def name_of_source(tokens: Sequence[Token], ctx: Context) -> str | None:
    """The name a source phrase stands for: a named entity in it, or the phrase."""
    if not tokens:
        return None
    lang = ctx.lang
    head = tokens[0] if len(tokens) == 1 else min(tokens, key=depth)
    head_key = fold(head.text)
    if head_key in lang.cue("speaker_pronouns") or \
            fold(phrase(tokens)) in lang.cue("speaker_pronouns"):
        said = phrase(tokens)
        return last_speaker(ctx, pronoun_gender(said, ctx), person_pronoun(said, ctx))
    if same_source(tokens, ctx):
        return last_speaker(ctx)
    body = [t for t in tokens if t.dep_ == "compound" and t.head.i == head.i
            and t.pos_ == "NOUN"] if head_key in lang.cue("source_nouns") else []
    if body:
        # "the police source": a source of the police (the body named in full before)
        return name_of_source(body[-1:], ctx)
    if not_a_speaker(head, ctx):
        return None
    if head_key in lang.cue("generic_authorities") and _unnamed_authority(tokens, head, lang):
        country = country_in(tokens, lang) or ctx.main_country
        return country_name(country, lang) or ctx.main_place or \
            strip_determiners(phrase(tokens), lang)
    person = appositive_person(tokens, head, ctx) or appositive_body(tokens, head, ctx)
    if person is not None:
        return person
    outlet = _media_name(tokens, head, ctx)
    if outlet is not None:
        return outlet
    named = _named_entity(tokens, head, ctx)
    if named is not None:
        return named
    return _common_noun_source(tokens, head, ctx)


def _media_name(tokens: Sequence[Token], head: Token, ctx: Context) -> str | None:
    """"the Morning Herald newspaper", "le quotidien Prothom Alo", "l'ONG Hrana": a medium
    or a body is its name, without the noun saying what kind of medium or body it is."""
    kinds = attribution_words(ctx.lang, "media_nouns") | \
        attribution_words(ctx.lang, "anaphoric_bodies")
    if fold(head.text) not in kinds or (head.text[:1].isupper() and head.ent_type_ == "ORG"):
        return None  # "the Kenya Human Rights Commission": the noun is part of the name
    names = [t for t in tokens if t.pos_ == "PROPN" and t.i != head.i and t.text[:1].isupper()]
    if not names or names[-1].i - names[0].i + 1 != len(names) or \
            head.i not in (names[0].i - 1, names[-1].i + 1):
        return None  # no name, or not right by the noun ("l'agence sanitaire de l'ONU")
    if any(t.pos_ == "NOUN" and t.dep_ == "compound" and t.i < names[0].i for t in tokens):
        return None  # "a government Telegram channel": a medium described, not named
    return phrase(names)


def names_outlet(tokens: Sequence[Token], ctx: Context) -> bool:
    """Does a speaker phrase name the document's own outlet ("an AFP tally" in an AFP
    dispatch, "a count by The Daily Star" in the Daily Star, "notre décompte")?"""
    said = " {} ".format(fold(phrase(tokens)).replace("'", " ").replace("’", " "))
    if set(said.split()) & attribution_words(ctx.lang, "own_outlet_words"):
        return True
    return any(f" {name} " in said for name in outlet_names(ctx.outlet, ctx.lang))


@lru_cache(maxsize=64)
def outlet_names(outlet: str | None, lang: Language) -> frozenset[str]:
    """The folded names an outlet goes by: as given, without its article, and its aliases
    ("AFP", "Agence France-Presse")."""
    if not outlet:
        return frozenset()
    bare = fold(strip_determiners(outlet, lang))
    names = {bare, fold(outlet)}
    # "The Daily Star (Bangladesh)": the outlet writes its name without the qualifier
    names |= {fold(strip_determiners(n.split("(")[0], lang)) for n in tuple(names) if "(" in n}
    for aliases in attribution_phrases(lang, "outlet_aliases"):
        group = {a.strip() for a in aliases.split("|")}
        if names & group:
            names |= group
    return frozenset(n for n in names if n)


def appositive_person(tokens: Sequence[Token], head: Token, ctx: Context) -> str | None:
    """"The spokesman of the ministry, Tarek Nasser, said", "le maire de la ville, Ali Ben
    Salem, a estimé": a person's role followed by their name between commas — the person
    speaks (the parse may tag the name as a place: the apposition is what counts)."""
    if fold(head.text) not in attribution_words(ctx.lang, "person_roles"):
        return None
    doc = head.doc
    i, limit = tokens[-1].i + 1, min(len(doc), tokens[-1].i + 1 + APPOSITION_REACH)
    while i < limit and doc[i].text != "," and (
            doc[i].pos_ in ("ADP", "DET", "PROPN", "NOUN", "ADJ") or doc[i].text in "()"):
        i += 1  # "… pour l'Afrique du Nord": the rest of the role before the comma
    if i >= limit or doc[i].text != ",":
        return None
    i += 1
    titles = attribution_words(ctx.lang, "person_roles") | attribution_words(ctx.lang,
                                                                             "person_titles")
    while i < len(doc) and (doc[i].pos_ == "DET" or doc[i].text == "-"
                            or fold(doc[i].text) in titles):
        i += 1  # ", le lieutenant-colonel Emmanuel Tembo,": past the article and the rank
    run = name_run(doc, i)
    return phrase(run) if run else None


def appositive_body(tokens: Sequence[Token], head: Token, ctx: Context) -> str | None:
    """"le parti d'Ousmane Sonko, le Pastef, a fait état …", "the opposition party, the
    BNP, said": a body's kind (and whose it is), then its name between commas — the
    body named speaks, not the person its kind was qualified by."""
    if fold(head.text) not in attribution_words(ctx.lang, "anaphoric_bodies"):
        return None
    doc = head.doc
    i = tokens[-1].i + 1
    if i >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    while i < len(doc) and doc[i].pos_ == "DET":
        i += 1
    end = i
    while end < len(doc) and end - i < NAME_RUN_MAX and (
            _name_word(doc[end], ctx.lang) or doc[end].ent_type_ == "ORG"
            or (doc[end].text.isupper() and len(doc[end].text) > 1)):
        end += 1  # a proper noun, or an acronym the tagger took for a common noun
    run = list(doc[i:end])
    closed = end < len(doc) and doc[end].text in ",()"
    named = len(run) >= 2 or (run and (run[0].ent_type_ in ("PER", "ORG", "MISC")
                                       or run[0].text.isupper()))
    return phrase(run) if run and closed and named else None


def name_run(doc: Doc, start: int) -> list[Token]:
    """The person's name starting at ``start`` and closed by a comma, a bracket, the end of
    the sentence or a verb: proper nouns, at least two or one tagged as a person."""
    end = start
    while end < len(doc) and end - start < NAME_RUN_MAX and doc[end].pos_ == "PROPN":
        end += 1
    run = list(doc[start:end])
    if not run or not run[0].text[:1].isupper():
        return []
    closed = end >= len(doc) or doc[end].is_punct or doc[end].pos_ in ("VERB", "AUX")
    named = len([t for t in run if t.is_alpha]) >= 2 or run[0].ent_type_ == "PER"
    return run if closed and named else []


def _name_word(tok: Token, lang: Language) -> bool:
    """A word that may go on a name: a capitalised proper noun, no date nor time word."""
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and \
        fold(tok.text) not in lang.cue("time_words") and tok.ent_type_ not in ("DATE", "TIME")


def whole_name(doc: Doc, start: int, end: int, lang: Language, limit: int | None = None) -> str:
    """A person's or a body's name the tagger cut before its last words ("Narayan Kaji |
    Shrestha", "Kenya Human Rights | Commission", "Amnesty | Kenya"): the entity goes on over
    the capitalised proper nouns right after it (up to ``limit``, and not past a name of
    NAME_RUN_MAX words)."""
    stop = min(len(doc), limit if limit is not None else len(doc), start + NAME_RUN_MAX)
    while end < stop and _name_word(doc[end], lang):
        end += 1
    return strip_determiners(doc[start:end].text, lang)


@lru_cache(maxsize=8)
def _title_pattern(lang: Language) -> re.Pattern[str] | None:
    pattern = attribution_pattern(lang, "title_speaker")
    return re.compile(pattern) if pattern else None


def title_source(title: str | None, ctx: Context) -> Source | None:
    """"Séisme : 1 037 morts, selon le ministère de l'Intérieur": the speaker a title ends
    with governs the body until another takes over. Not "selon un bilan officiel" (no one
    named), nor "selon une ONG" (a body the body names later)."""
    pattern = _title_pattern(ctx.lang)
    match = pattern.search(title) if title and pattern else None
    if match is None:
        return None
    said = match.group("name")
    first = fold(said.split()[0])
    name = strip_determiners(said, ctx.lang)
    if not name or first in attribution_words(ctx.lang, "indefinite") or \
            fold(name.split()[0]) in ctx.lang.cue("non_source_heads") | \
            ctx.lang.cue("speaker_pronouns"):
        return None
    return Source(name, None, said)


def _document_nouns(lang: Language) -> frozenset[str]:
    """Nouns of documents and statements: never a source alone, their giver may be."""
    return lang.cue("non_source_heads") | attribution_words(lang, "document_nouns")


def _document_named_before(tokens: Sequence[Token], ctx: Context) -> str | None:
    """"Le rapport indique que …", "selon le dernier communiqué": a definite document with
    no owner is the one just reported, whose giver is the last source. "un bilan
    officiel" (indefinite, or qualified) names no one."""
    documents = _document_nouns(ctx.lang)
    if fold(tokens[0].text) not in attribution_words(ctx.lang, "definite") or not all(
        t.pos_ == "DET" or fold(t.text) in documents for t in tokens
    ):
        return None
    return ctx.last_source.name if ctx.last_source else None


def _agent_of_document(head: Token, lang: Language) -> list[Token]:
    """"un bilan rendu public par le ministère", "un communiqué diffusé par X": the agent
    of the participle that qualifies a document noun is who gave the document."""
    for participle in (c for c in head.children if c.dep_ == "acl"):
        agents = [c for c in participle.subtree if c.dep_ == "obl:agent" or (
            c.head.i == participle.i and c.dep_.startswith("obl") and any(
                g.dep_ == "case" and fold(g.text) in attribution_words(lang, "agent_prepositions")
                for g in c.children))]
        if agents:
            return agents
    return []


def _unnamed_authority(tokens: Sequence[Token], head: Token, lang: Language) -> bool:
    """"les autorités (pakistanaises)": a government spoken of without a name, which stands
    for its country. Not a body named in full ("l'Autorité nationale de gestion des
    catastrophes"), nor one qualified otherwise ("les autorités locales", "de Derna"):
    those are sources as written."""
    if head.text[:1].isupper():
        return False
    qualifiers = [t for t in tokens if t.i > head.i and t.pos_ in ("NOUN", "PROPN", "ADJ")]
    if any(t.pos_ == "NOUN" for t in qualifiers):
        return False  # "l'autorité afghane de gestion des catastrophes": a named body
    return not qualifiers or country_in(tokens, lang) is not None


def _named_entity(tokens: Sequence[Token], head: Token, ctx: Context) -> str | None:
    """A PER or ORG entity inside the phrase that stands for it."""
    lo, hi = tokens[0].i, tokens[-1].i
    ents = [e for e in info(head.doc).ents if ((e.start >= lo and e.end - 1 <= hi) or (
        e.label_ == "PER" and e.start <= head.i < e.end))  # "Kobakhidze" of "Irakli K…"
        and not _named_as_place(head.doc[e.start : e.end].root, ctx)]
    head_key = fold(head.text)
    roles, non_sources = ctx.lang.cue("role_heads"), ctx.lang.cue("non_source_heads")
    for label in ("PER", "ORG"):
        # "l'agence turque de gestion des catastrophes" is the agency, not "gestion …".
        named = [e for e in ents if e.label_ == label and (
            e.start <= head.i < e.end or head_key not in roles or e.text[:1].isupper())]
        if named and (label == "ORG" or head_key not in non_sources):
            # "Superintendent of Police Mostafizur Rahman": the last person is the speaker.
            ent = named[-1] if label == "PER" else named[0]
            if head.doc[ent.end - 1].pos_ == "ADP" and ent.end - 1 < hi:
                # "Bureau … des affaires humanitaires de | l'ONU": a name cut at its "de"
                return strip_determiners(phrase(list(head.doc[ent.start : hi + 1])), ctx.lang)
            if label == "ORG":
                return _organisation_name(named, head, hi, ctx)
            return whole_name(head.doc, ent.start, ent.end, ctx.lang, hi + 1)
    return None


def _named_as_place(root: Token, ctx: Context) -> bool:
    """"officials in the neighbouring regions of Castilla-La Mancha": a name complementing
    a division noun is a place, whatever the tagger says."""
    levels = ctx.lang.cue("division_nouns") | ctx.lang.cue("place_units")
    word = fold(root.head.text)
    return root.head.i != root.i and root.dep_ in ("nmod", "compound", "appos") and (
        word in levels or word.rstrip("sx") in levels)


def _organisation_name(named: Sequence[Span | Ent], head: Token, hi: int, ctx: Context) -> str:
    """An organisation's name as the phrase gives it: a name the tagger cut short ("the
    Permanent Committee | for the Defence of Human Rights", "Federation of Red Cross | and
    Red Crescent Societies") goes on to the phrase's end; a body of an organisation ("the
    U.N. humanitarian office") is that body, not the organisation."""
    doc, lang = head.doc, ctx.lang
    ent = named[0]
    if ent.end <= head.i and fold(head.text) in lang.cue("role_heads") and \
            not any(e.start <= head.i < e.end for e in named):
        return strip_determiners(phrase(list(doc[ent.start : head.i + 1])), lang)
    last = max(hi, named[-1].end - 1)
    while last + 1 < len(doc) and last + 1 - ent.end < NAME_TAIL_MAX and \
            doc[last + 1].pos_ in ("ADP", "DET", "CCONJ", "NOUN", "ADJ", "PROPN"):
        last += 1  # the phrase was cut at its length limit: the name goes on
    while last >= ent.end and doc[last].pos_ in ("ADP", "DET", "CCONJ"):
        last -= 1
    rest = list(doc[ent.end : last + 1])
    people = [e for e in info(doc).ents if e.label_ == "PER" and ent.end <= e.start
              and e.end - 1 == last]
    if people:
        # "le ministre de l'Intérieur | et des Outre-mer Gérald Darmanin": a role the tagger
        # took for a body, closed by the name of the person who holds it
        return whole_name(doc, people[-1].start, people[-1].end, lang)
    root = doc[ent.start : ent.end].root
    if rest and rest[0].pos_ == "CCONJ" and any(
            e.label_ in ("ORG", "PER") and ent.end < e.start <= last
            and doc[e.start : e.end].root.head.i == root.i for e in info(doc).ents):
        # "X and Y said": X (not "Federation of Red Cross | and Red Crescent Societies")
        return whole_name(doc, ent.start, ent.end, lang, hi + 1)
    if rest and fold(rest[0].text) in attribution_words(lang, "name_continuers") and \
            all(t.pos_ in ("ADP", "DET", "CCONJ", "PROPN", "NOUN", "ADJ") for t in rest):
        return strip_determiners(phrase(list(doc[ent.start : last + 1])), lang)
    return whole_name(doc, ent.start, ent.end, lang, hi + 1)


def _with_possessor_body(tokens: Sequence[Token], head: Token, ctx: Context) -> str | None:
    """"the regime's information team", "the junta's spokesman": a possessor that is a
    government body says whose the speaker is, and stays in the name (a plain possessor,
    "the country's health ministry", is dropped with the articles)."""
    bodies = attribution_words(ctx.lang, "government_bodies")
    for owner in (c for c in head.children if c.dep_ == "nmod:poss" and c.pos_ == "NOUN"):
        if fold(owner.text) in bodies and tokens[0].i <= owner.i:
            return phrase([t for t in tokens if t.i >= owner.i])
    return None


def _name_with_first_names(tokens: Sequence[Token], ctx: Context) -> str | None:
    """"Le Premier ministre Irakli | Kobakhidze a dit": a surname the parse made the
    subject alone, with the first names written right before it."""
    doc, start, end = tokens[0].doc, tokens[0].i, tokens[-1].i + 1
    if not all(t.pos_ == "PROPN" for t in tokens):
        return None
    while start > 0 and end - start < NAME_RUN_MAX and \
            _name_word(doc[start - 1], ctx.lang) and doc[start - 1].ent_type_ in ("", "PER"):
        start -= 1
    while end < len(doc) and end - start < NAME_RUN_MAX and _name_word(doc[end], ctx.lang) \
            and doc[end].ent_type_ in ("", "PER"):
        end += 1  # "President Kassym-Jomart | Tokayev's office"
    titles = attribution_words(ctx.lang, "person_roles") | \
        attribution_words(ctx.lang, "person_titles") | ctx.lang.cue("role_heads")
    first = start
    while first < end - 1 and fold(doc[first].text) in titles:
        first += 1  # "President X": the role is not the name
    if (start, end) == (tokens[0].i, tokens[-1].i + 1) and first == start:
        return None
    return phrase(list(doc[first:end]))


def _common_noun_source(tokens: Sequence[Token], head: Token, ctx: Context) -> str | None:
    """"des sources sécuritaires", "une déclaration du ministère", "le président"."""
    lang = ctx.lang
    head_key = fold(head.text)
    text = _with_possessor_body(tokens, head, ctx) or strip_determiners(phrase(tokens), lang)
    if head_key in lang.cue("source_nouns") and len(tokens) > 1 and any(
        t.pos_ == "ADJ" for t in tokens
    ):
        return text  # "des sources sécuritaires": anonymous, but a source
    if head_key in attribution_words(lang, "collective_sources") and any(
        t.i != head.i and t.pos_ in ("ADJ", "NOUN", "PROPN") for t in tokens
    ):
        return text  # "state media", "des médias officiels": the media of someone
    if head_key in _document_nouns(lang):
        # "une déclaration du ministère" → the ministry; "une déclaration" → unknown.
        rest = [t for t in tokens if t.i > head.i and t.pos_ in ("NOUN", "PROPN")]
        # "a post on a government Telegram channel": the noun the document's own
        # complement is headed by, not the first word of it
        rest = [t for t in rest if t.head.i == head.i] + rest
        rest = rest or _agent_of_document(head, lang)
        if rest:
            return name_of_source(np_of(rest[0], lang), ctx)
        return _document_named_before(tokens, ctx)
    if not text:
        return None
    if head.pos_ == "PROPN":
        return _name_with_first_names(tokens, ctx) or text
    first = fold(tokens[0].text)
    if first in attribution_words(lang, "indefinite"):
        # "an official said", "une responsable a raconté": a new speaker, as written
        single = first in attribution_words(lang, "indefinite_singular") and len(tokens) == 2
        return phrase(tokens) if single else text  # "an official"; "hospital spokesman"
    # "le ministère", "le président": the body named in full earlier in the text.
    if len(tokens) <= SHORT_MENTION and head_key in ctx.roles:
        return ctx.roles[head_key]
    if len(tokens) <= SHORT_MENTION and head_key in ctx.bodies:
        return ctx.bodies[head_key]
    if len(tokens) <= SHORT_MENTION and head_key in attribution_words(lang, "anaphoric_bodies") \
            and ctx.last_body:
        return ctx.last_body  # "L'organisation publie …": the organisation just named
    if ctx.last_person and fold(text) in attribution_phrases(lang, "epithets"):
        return ctx.last_person  # "le chef de l'État": the person named before
    lo, hi = tokens[0].i, tokens[-1].i
    if head_key in ctx.roles and not any(
        e.label_ in ("PER", "ORG") for e in info(head.doc).ents if e.start >= lo and e.end - 1 <= hi
    ):
        # "le président du Kazakhstan": the person introduced with that role.
        return ctx.roles[head_key]
    return text



def before_channel(speaker: list[Token], ctx: Context) -> list[Token]:
    """"son porte-parole cité par le journal X": the speaker, without the channel citing
    them (the cited speaker wins over the channel)."""
    cite = ctx.lang.cue("cite_lemmas")
    for n, tok in enumerate(speaker[1:], start=1):
        if tok.pos_ in ("VERB", "ADJ") and (fold(tok.lemma_) in cite or fold(tok.text) in cite):
            return speaker[:n]
    return speaker


# --------------------------------------------------------------------------- memory


def register_names(ps: ParsedSentence, ctx: Context) -> None:
    """Remember "le président X" and "le ministère de Y" to resolve later bare mentions."""
    doc, lang = ps.doc, ctx.lang
    sentence = info(doc)
    roles = lang.cue("role_heads")
    for ent in sentence.ents:
        if ent.label_ == "PER":
            name = whole_name(doc, ent.start, ent.end, lang)
            if len(_untitled(name, lang)) >= 2:
                ctx.last_person = name
            for i in range(max(0, ent.start - ROLE_BEFORE_NAME), ent.start):
                if sentence.pos[i] == "NOUN" and sentence.folds[i] in roles and \
                        _role_of_name(doc, i, ent.start):
                    ctx.roles[sentence.folds[i]] = name
        elif ent.label_ == "ORG":
            body = _body_span(doc, ent)
            head = fold(doc[body.start : body.end].root.text)
            ctx.bodies[head] = ctx.last_body = _registered_body(doc, body, lang)
    for i, word in enumerate(sentence.folds):
        if word in roles and sentence.pos[i] == "NOUN":
            tok = doc[i]
            named = _name_after_role(doc, tok)
            if named:
                ctx.roles[word] = named
                if word in attribution_words(lang, "anaphoric_bodies"):
                    ctx.last_body = named  # "l'ONG Karapatan": the body "l'ONG" was
            # The latest full mention is what a later bare "le ministère" refers to.
            words = before_channel(np_of(tok, lang), ctx)
            if len(words) >= FULL_MENTION:
                ctx.bodies[word] = strip_determiners(phrase(words), lang)
    _register_subjects(doc, ctx)


def _register_opening_name(doc: Doc, ents: Sequence[Ent], ctx: Context) -> None:
    """An unparsed sentence's subject: the last person or body named in its opening words
    (before any comma), right before a lower-case word ("Derna mayor X went further")."""
    opening = [e for e in ents if e.end <= SUBJECT_WINDOW and e.end < len(doc)
               and not any(t.text == "," for t in doc[: e.end])
               and doc[e.end].text[:1].islower() and doc[e.end].is_alpha]
    if opening:
        ent = opening[-1]
        name = full_person_name(whole_name(doc, ent.start, ent.end, ctx.lang), ctx)
        ctx.speakers.append((name, None))
        if ent.label_ == "PER":
            ctx.person_speakers.add(name)


def _register_subjects(doc: Doc, ctx: Context) -> None:
    """"Derna mayor X went further. He said …", "Le mouvement FLNKS dénonce … Selon lui,
    …": a person or a body named as a clause's subject is what a pronoun after it most
    likely stands for, even when that clause says nothing (it joins the speakers)."""
    ents = [e for e in info(doc).ents if e.label_ in ("PER", "ORG")]
    if not doc.has_annotation("DEP"):
        _register_opening_name(doc, ents, ctx)  # a sentence with no figure is not parsed
        return
    for subject in (t for t in doc if t.dep_ == "nsubj" and t.pos_ in ("NOUN", "PROPN")
                    and t.head.pos_ in ("VERB", "AUX") and not t.head.dep_.startswith("acl")):
        words = np_of(subject, ctx.lang)
        lo, hi = words[0].i, words[-1].i
        if not any(lo <= e.start and e.end - 1 <= hi for e in ents) and \
                appositive_person(words, subject, ctx) is None:
            continue
        name = name_of_source(words, ctx)
        if name:
            name = full_person_name(name, ctx)
            ctx.speakers.append((name, gender_of(words)))
            if any(t.ent_type_ == "PER" for t in words) or \
                    fold(subject.text) in attribution_words(ctx.lang, "person_roles"):
                ctx.person_speakers.add(name)


def _role_of_name(doc: Doc, role: int, name: int) -> bool:
    """Is the role noun at ``role`` the title of the name at ``name`` ("Police spokesman
    X", "le ministre de l'Intérieur X"), not a noun of another clause ("Police said X …")?
    Only the role's own words come between: no verb, no punctuation."""
    return not any(t.pos_ in ("VERB", "AUX") or (t.is_punct and t.text not in "-'’")
                   for t in doc[role + 1 : name])


def _body_span(doc: Doc, ent: Ent) -> Ent:
    """An organisation's entity without a phrase the tagger ran it into ("the National
    Police | to EFE"): it ends before a preposition whose phrase hangs outside it."""
    for k in range(ent.start + 1, ent.end):
        obj = doc[k].head
        if doc[k].dep_ == "case" and doc[k].pos_ == "ADP" and \
                not ent.start <= obj.head.i < ent.end and obj.i > k:
            span = doc[ent.start : k]
            return Ent(ent.start, k, ent.label_, span.text, span.start_char, span.end_char)
    return ent


def _registered_body(doc: Doc, ent: Ent, lang: Language) -> str:
    """An organisation's name as remembered for later mentions: one the tagger cut at its
    "de" ("Association des jeunes avocats de | Géorgie") goes on to the name after it."""
    end = ent.end
    if doc[end - 1].pos_ == "ADP" or \
            fold(doc[end - 1].text) in attribution_words(lang, "name_links"):
        while end < len(doc) and end - ent.end < NAME_RUN_MAX and (
                _name_word(doc[end], lang) or doc[end].pos_ == "DET"):
            end += 1
        while end > ent.end and doc[end - 1].pos_ == "DET":
            end -= 1
        if end > ent.end:
            return strip_determiners(doc[ent.start : end].text, lang)
    return whole_name(doc, ent.start, ent.end, lang)


def _name_after_role(doc: Doc, role: Token) -> str | None:
    """"le président du Kazakhstan Kassym-Jomart Tokayev": the name a role introduces."""
    i = role.i + 1
    limit = min(len(doc), role.i + ROLE_NAME_WINDOW)
    while i < limit and not (doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper()
                             and doc[i].ent_type_ not in ("LOC",)):
        if doc[i].pos_ in ("VERB", "AUX", "PUNCT") and doc[i].text not in (",",):
            return None
        i += 1
    run = []
    while i < len(doc) and doc[i].text[:1].isupper() and doc[i].pos_ in ("PROPN", "NOUN") \
            and doc[i].ent_type_ != "LOC":
        run.append(doc[i])
        i += 1
    if len(run) >= 2 or (run and run[0].ent_type_ == "PER"):
        return phrase(run)
    return None

