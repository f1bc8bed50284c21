"""Who gave a figure: the attributions of a sentence ("selon X", "X a déclaré", "a déclaré
X", "a-t-il précisé"), the one that governs each number, and what carries from sentence to
sentence (the speaker of a paragraph or block, the bodies and roles named before)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from recoupe.extract.claims.context import Context
from recoupe.extract.claims.counted import Reading
from recoupe.extract.claims.cues import attribution_pattern, attribution_phrases, attribution_words
from recoupe.extract.claims.group import country_in, country_name
from recoupe.extract.claims.tokens import (
    DocInfo,
    depth,
    doc_text,
    info,
    key,
    np_of,
    phrase,
    strip_determiners,
    tokens_in,
)
from recoupe.lang import Language
from recoupe.nlp import ParsedSentence
from recoupe.records import Source
from recoupe.textfold import word_key as fold

APPOSITIVE_GROUPS = 2  # "X, role, said": the name right before the comma, or one role back
NEXT_CONTENT_WINDOW = 6  # the noun of "selon X" within this many tokens
INVERTED_SUBJECT_WINDOW = 12  # "…, a annoncé mercredi le ministère": the subject this far
CLITIC_WINDOW = 3  # the "-t-il" of "a-t-il déclaré" this close to the verb
ROLE_NAME_WINDOW = 6  # "le président du Kazakhstan Kassym-Jomart Tokayev": the name this far
ROLE_BEFORE_NAME = 4  # a role noun this many tokens before a person's name is theirs
SHORT_MENTION = 2  # a source phrase of at most this many tokens may be a bare "le ministère"
FULL_MENTION = 3  # a role phrase of at least this many tokens names its body in full
_QUOTE_OPENERS = (":", "«", '"', "“")
_AFTER_QUOTE = (",", "»", "”", '"', "›")


@dataclass(frozen=True)
class Attribution:
    verb: Token  # the speech verb, or the preposition of "selon X"
    tokens: tuple[Token, ...]  # the source phrase
    name: str
    start: int  # sentence-relative char offsets of the whole attribution
    end: int
    gender: str | None = None  # "Masc" | "Fem" of the noun naming the speaker, if any
    # False when the speech verb says something else than a figure ("a déclaré l'état
    # d'urgence"): the statement then is no source for the figures around it.
    covers: bool = True


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
    if any(c.dep_ == "nummod" or (c.like_num and c.pos_ == "NUM") for c in head.children):
        return True  # the counted noun ("premier" is like_num too: ask for a numeral)
    return bool(keys & ctx.cues.never_speakers)


def last_speaker(ctx: Context, gender: str | None = None) -> str | None:
    """The latest speaker named whose gender fits a pronoun's (any, when None)."""
    for name, spoken in reversed(ctx.speakers):
        if gender is None or spoken is None or spoken == gender:
            return name
    return ctx.last_source.name if ctx.last_source else None


def pronoun_gender(text: str, ctx: Context) -> str | None:
    words = set(fold(text).split())
    if words & ctx.lang.cue("masculine_pronouns"):
        return "Masc"
    if words & ctx.lang.cue("feminine_pronouns"):
        return "Fem"
    return None


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
        return last_speaker(ctx, pronoun_gender(phrase(tokens), ctx))
    if same_source(tokens, ctx):
        return last_speaker(ctx)
    if not_a_speaker(head, ctx):
        return None
    if head_key in lang.cue("generic_authorities") and _unnamed_authority(tokens, head, lang):
        country = country_in(tokens, lang) or ctx.main_country
        return country_name(country, lang) or ctx.main_place or \
            strip_determiners(phrase(tokens), lang)
    named = _named_entity(tokens, head, ctx)
    if named is not None:
        return named
    return _common_noun_source(tokens, head, ctx)


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


def _agent_of_document(head: Token) -> list[Token]:
    """"un bilan rendu public par le ministère", "un communiqué diffusé par X": the agent
    of the participle that qualifies a document noun is who gave the document."""
    for participle in (c for c in head.children if c.dep_ == "acl"):
        agents = [c for c in participle.subtree if c.dep_ == "obl:agent"]
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
    ents = [e for e in info(head.doc).ents if e.start >= lo and e.end - 1 <= hi]
    head_key = fold(head.text)
    roles, non_sources = ctx.lang.cue("role_heads"), ctx.lang.cue("non_source_heads")
    for label in ("PER", "ORG"):
        # "l'agence turque de gestion des catastrophes" is the agency, not "gestion …".
        named = [e for e in ents if e.label_ == label and (
            e.start <= head.i < e.end or head_key not in roles or e.text[:1].isupper())]
        if named and (label == "ORG" or head_key not in non_sources):
            ent = named[0]
            if head.doc[ent.end - 1].pos_ == "ADP" and ent.end - 1 < hi:
                # "Bureau … des affaires humanitaires de | l'ONU": a name cut at its "de"
                return strip_determiners(phrase(list(head.doc[ent.start : hi + 1])), ctx.lang)
            return ent.text
    return None


def _common_noun_source(tokens: Sequence[Token], head: Token, ctx: Context) -> str | None:
    """"des sources sécuritaires", "une déclaration du ministère", "le président"."""
    lang = ctx.lang
    head_key = fold(head.text)
    text = strip_determiners(phrase(tokens), lang)
    if head_key in lang.cue("source_nouns") and len(tokens) > 1 and any(
        t.pos_ == "ADJ" for t in tokens
    ):
        return text  # "des sources sécuritaires": anonymous, but a source
    if head_key in _document_nouns(lang):
        # "une déclaration du ministère" → the ministry; "une déclaration" → unknown.
        rest = [t for t in tokens if t.i > head.i and t.pos_ in ("NOUN", "PROPN")]
        rest = rest or _agent_of_document(head)
        if rest:
            return name_of_source(np_of(rest[0], lang), ctx)
        return _document_named_before(tokens, ctx)
    if not text:
        return None
    if head.pos_ == "PROPN":
        return text
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


# --------------------------------------------------------------------------- attributions


def attribution_cues(sentence: DocInfo, lang: Language) -> list[tuple[int, bool]]:
    """Tokens that may open an attribution: ("selon" or "d'après", True), (a speech verb,
    False); read from the token arrays, as most tokens are neither."""
    cues = []
    folds, lemmas, pos = sentence.folds, sentence.lemmas, sentence.pos
    according, pairs = lang.cue("according_to"), lang.phrases["according_to_pairs"]
    speech, speech_pairs = lang.cue("speech_verbs"), lang.phrases["speech_lemma_pairs"]
    # Pairs are rare: build their text only where the word could end or start one.
    pair_ends, pair_starts = _pair_words(lang)
    for i, low in enumerate(folds):
        if low in according or (low in pair_ends and i > 0
                                and f"{folds[i - 1]} {low}" in pairs):
            cues.append((i, True))
        elif pos[i] in ("VERB", "AUX") and (
            low in speech or lemmas[i] in speech
            or (lemmas[i] in pair_starts and i + 1 < len(folds)
                and f"{lemmas[i]} {folds[i + 1]}" in speech_pairs)
        ):
            cues.append((i, False))
    return cues


@lru_cache(maxsize=8)
def _pair_words(lang: Language) -> tuple[frozenset[str], frozenset[str]]:
    """The last words of the "selon" pairs and the first words of the speech pairs."""
    return (frozenset(p.split()[-1] for p in lang.phrases["according_to_pairs"]),
            frozenset(p.split()[0] for p in lang.phrases["speech_lemma_pairs"]))


def attributions(ps: ParsedSentence, ctx: Context) -> list[Attribution]:
    """Every "selon X", "X a déclaré que", "a déclaré X", "cité par X" in a sentence."""
    doc, lang = ps.doc, ctx.lang
    found: list[Attribution] = []
    for i, by_preposition in attribution_cues(info(doc), lang):
        tok = doc[i]
        if by_preposition:
            speaker = _preposition_object(doc, tok, lang)
        else:
            clitic = clitic_subject(doc, tok, lang)
            if clitic is not None:
                found.extend(_clitic_attribution(tok, clitic, found, ctx))
                continue
            speaker = _verb_subject(doc, tok, lang)
        found.extend(_attribution(tok, speaker, found, ctx))
    _remember_bodies(found, ctx)
    return found


def _remember_bodies(found: Sequence[Attribution], ctx: Context) -> None:
    """A speaker named as a body ("l'ONG Karapatan a recensé …") is what a later bare
    "l'organisation" stands for."""
    bodies = attribution_words(ctx.lang, "anaphoric_bodies")
    for a in found:
        if any(t.ent_type_ == "ORG" for t in a.tokens):
            continue  # a named organisation: remembered whole by register_names
        if len(a.tokens) > 1 and any(fold(t.text) in bodies for t in a.tokens):
            ctx.last_body = a.name


def _preposition_object(doc: Doc, tok: Token, lang: Language) -> list[Token]:
    nxt = _next_content(doc, tok.i + 1)
    return np_of(_head_noun(nxt), lang) if nxt is not None else []


def _verb_subject(doc: Doc, verb: Token, lang: Language) -> list[Token]:
    """The speaker of a speech verb: after it ("…, a annoncé le ministère"), its agent
    ("cité par X"), its subject, or its coordinated verb's subject."""
    speaker: list[Token] = []
    if _follows_comma_or_quote(doc, verb) and not _subject_before(verb, lang):
        speaker = _appositive_speaker(doc, verb) or inverted_subject(doc, verb, lang)
    if not speaker and fold(verb.lemma_) in lang.cue("cite_lemmas"):
        agent = [c for c in verb.children if c.dep_ == "obl:agent"]
        target = agent or [c for c in verb.children if c.dep_ == "obj"]
        if target:
            speaker = np_of(target[0], lang)
    if speaker:
        return speaker
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    subjects = subjects or [c for c in verb.children if c.dep_ == "obl:agent"]
    if any(c.dep_ == "nsubj:pass" for c in verb.children) and not subjects:
        return []  # "Aucune victime n'a été signalée": a passive subject is what is said
    if not subjects and verb.dep_ in ("conj", "xcomp", "advcl"):
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    if subjects:
        return np_of(subjects[0], lang)
    return inverted_subject(doc, verb, lang) or _phrase_before(doc, verb)


def _appositive_speaker(doc: Doc, verb: Token) -> list[Token]:
    """"…, Serik Shalabayev, head of the service, told a briefing": a verb the parse left
    without a subject, after a person named between commas (with their role)."""
    if any(c.dep_.startswith("nsubj") for c in verb.children):
        return []
    people = [e for e in info(doc).ents if e.label_ == "PER" and e.end <= verb.i]
    i = verb.i - 1
    for _ in range(APPOSITIVE_GROUPS):
        if i < 0 or doc[i].text != ",":
            return []
        named = [e for e in people if e.end == i]
        if named:
            return list(doc[named[-1].start : named[-1].end])
        i -= 1
        while i >= 0 and doc[i].text != "," and doc[i].pos_ not in ("VERB", "AUX"):
            i -= 1
    return []


def _subject_before(verb: Token, lang: Language) -> bool:
    """"X, the group's head, told AP": a subject before the verb, with no other verb
    between (that would be the parse taking a clause's subject for the speaker's)."""
    doc = verb.doc
    return any(c.dep_ == "nsubj" and c.i < verb.i and _a_name(c) and not _counted(c)
               and fold(c.text) not in lang.cue("not_speakers")
               and not any(t.pos_ == "VERB" for t in doc[c.i + 1 : verb.i])
               for c in verb.children)


def _counted(noun: Token) -> bool:
    """A noun with a number of its own ("sept enfants") is what is counted, not a speaker."""
    return any(c.dep_ == "nummod" or (c.like_num and c.pos_ == "NUM") for c in noun.children)


def _a_name(tok: Token) -> bool:
    """A name may speak before its verb; "certains, a ajouté X" is not the speaker."""
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("PER", "ORG")


_BEFORE_VERB_POS = ("NOUN", "PROPN", "ADJ", "DET", "PART")


def _phrase_before(doc: Doc, verb: Token) -> list[Token]:
    """"…, including 19 police officers, Kazakhstan's prosecutor general said": a speaker
    the parse left without its verb (hung as an apposition), right before the verb and
    after a comma."""
    i = verb.i - 1
    while i >= 0 and doc[i].pos_ == "AUX":
        i -= 1
    end = i
    while i >= 0 and doc[i].pos_ in _BEFORE_VERB_POS:
        i -= 1
    if end <= i or (i >= 0 and doc[i].text != ",") or doc[end].pos_ not in ("NOUN", "PROPN"):
        return []
    return list(doc[i + 1 : end + 1])


def _clitic_attribution(verb: Token, clitic: Token, found: list[Attribution], ctx: Context
                        ) -> list[Attribution]:
    """"a-t-elle précisé": the speaker named before."""
    gender = pronoun_gender(clitic.text.lstrip("-t"), ctx)
    if found:
        name: str | None = found[-1].name
    elif ctx.speakers:
        name = last_speaker(ctx, gender)
    else:
        name = ctx.last_person or (ctx.last_source.name if ctx.last_source else None)
    if not name:
        return []
    lo = min(clitic.idx, verb.idx)
    hi = max(clitic.idx + len(clitic.text), verb.idx + len(verb.text))
    return [Attribution(verb, (clitic,), name, lo, hi, gender)]


def _attribution(verb: Token, speaker: list[Token], found: list[Attribution], ctx: Context
                 ) -> list[Attribution]:
    if not speaker:
        return []
    said = fold(phrase(speaker))
    if said in ctx.lang.cue("not_speakers"):
        return []
    if found and (said in ctx.lang.cue("speaker_pronouns") or same_source(speaker, ctx)):
        name: str | None = found[-1].name  # "X a déclaré …, dont il a dit …": the same speaker
    else:
        name = name_of_source(_before_channel(speaker, ctx), ctx)
    if not name:
        return []
    lo = min(speaker[0].idx, verb.idx)
    hi = max(speaker[-1].idx + len(speaker[-1].text), verb.idx + len(verb.text))
    return [Attribution(verb, tuple(speaker), name, lo, hi, gender_of(speaker),
                        _says_figures(verb, speaker, ctx))]


def _before_channel(speaker: list[Token], ctx: Context) -> list[Token]:
    """"son porte-parole cité par le journal X": the speaker, without the channel citing
    them (the cited speaker wins over the channel)."""
    cite = ctx.lang.cue("cite_lemmas")
    for n, tok in enumerate(speaker[1:], start=1):
        if tok.pos_ in ("VERB", "ADJ") and (fold(tok.lemma_) in cite or fold(tok.text) in cite):
            return speaker[:n]
    return speaker


def _says_figures(verb: Token, speaker: Sequence[Token], ctx: Context) -> bool:
    """Does a speech verb's object leave room for a figure? "a déclaré l'état d'urgence"
    does not; "a publié un bilan", "a annoncé 12 morts", "a déclaré que …" do."""
    lang = ctx.lang
    figure_nouns = lang.cue("non_source_heads") | lang.cue("generic_people")
    said_by = {t.i for t in speaker}
    for obj in (c for c in verb.children if c.dep_ == "obj" and c.i not in said_by):
        if key(obj) & figure_nouns or any(t.like_num for t in obj.subtree):
            continue
        if obj.pos_ in ("NOUN", "PROPN") and not any(
            key(obj) & nouns for nouns in lang.kind_nouns.values()
        ):
            return False
    return True


def _next_content(doc: Doc, i: int) -> Token | None:
    for tok in doc[i : i + NEXT_CONTENT_WINDOW]:
        if tok.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok
    return None


def _head_noun(tok: Token) -> Token:
    """Climb compound names ("Orda.kz", "bureau du procureur") to the phrase head."""
    node = tok
    while node.dep_ in ("flat:name", "flat", "compound", "fixed") and node.head.i != node.i:
        node = node.head
    return node


def inverted_subject(doc: Doc, verb: Token, lang: Language) -> list[Token]:
    """"…, a déclaré M. Tokaev", "rapporte Interfax", "a annoncé mercredi le ministère",
    "a écrit sur Telegram le gouverneur X": the subject after the verb, past the adverbs,
    dates and prepositional phrases between."""
    i = verb.i + 1
    if i < len(doc) and f"{fold(verb.lemma_)} {fold(doc[i].text)}" in \
            lang.phrases["speech_lemma_pairs"]:
        return []  # "a fait état de 12 morts": what follows is what is said
    while i < min(len(doc), verb.i + INVERTED_SUBJECT_WINDOW):
        tok = doc[i]
        low = fold(tok.text)
        if tok.text in _QUOTE_OPENERS or low in lang.cue("that_words"):
            return []
        if low in lang.cue("time_words") or tok.pos_ in ("ADV", "PUNCT", "SPACE"):
            i += 1
        elif tok.pos_ == "ADP":
            i = _past_prepositional_phrase(doc, i + 1)
        elif tok.pos_ in ("DET", "PROPN", "NOUN"):
            return _subject_at(doc, tok, lang)
        else:
            return []
    return []


def _past_prepositional_phrase(doc: Doc, i: int) -> int:
    """The token after "sur Telegram", "dans un communiqué", "à l'AFP" (from after "sur")."""
    while i < len(doc) and doc[i].pos_ in ("DET", "NOUN", "PROPN", "ADJ") and not (
        doc[i].pos_ == "DET" and doc[i - 1].pos_ in ("NOUN", "PROPN")
    ):
        i += 1
    return i


def _subject_at(doc: Doc, tok: Token, lang: Language) -> list[Token]:
    head = tok
    while head.pos_ in ("DET", "ADJ") and head.i + 1 < len(doc):
        head = doc[head.i + 1]  # "le Premier ministre": past the article and adjectives
    ents = [e for e in info(doc).ents if e.label_ in ("PER", "ORG")]
    ent = [e for e in ents if e.start <= head.i < e.end]
    if ent:
        return list(doc[ent[0].start : ent[0].end])
    named = [e for e in ents if e.start == head.i + 1]
    if named:
        return list(doc[head.i : named[0].end])  # "l'ONG Iran Human Rights": the ONG named
    return np_of(head, lang) if head.pos_ in ("PROPN", "NOUN") else []


def clitic_subject(doc: Doc, verb: Token, lang: Language) -> Token | None:
    """The "-il"/"-elle" of "a-t-il déclaré", "précise-t-elle"."""
    clitics = lang.cue("clitic_subjects")
    for tok in doc[max(0, verb.i - CLITIC_WINDOW) : verb.i + CLITIC_WINDOW]:
        if fold(tok.text).lstrip("-t") in clitics and tok.text.startswith("-"):
            return tok
    return None


def _follows_comma_or_quote(doc: Doc, verb: Token) -> bool:
    i = verb.i - 1
    while i >= 0 and doc[i].pos_ == "AUX":
        i -= 1
    return i >= 0 and doc[i].text in _AFTER_QUOTE


# --------------------------------------------------------------------------- choice


@dataclass(frozen=True)
class _Where:
    """Where a number sits, for the rules choosing among its sentence's attributions."""

    ps: ParsedSentence
    number: tuple[int, int]  # sentence-relative offsets of the quantity
    after: tuple[int, int]  # sentence-relative: from the number to the next one


def _own_preposition(atts: Sequence[Attribution], at: _Where, ctx: Context
                     ) -> Attribution | None:
    """"806 000 selon la police": the "selon X" right after this number."""
    heads = ctx.lang.cue("according_to_heads")
    own = [a for a in atts if fold(a.verb.text) in heads and at.after[0] <= a.start < at.after[1]]
    return own[0] if own else None


def _governing_verb(atts: Sequence[Attribution], at: _Where, ctx: Context
                    ) -> Attribution | None:
    """The speech verb above the number in the parse."""
    num = tokens_in(at.ps.doc, *at.number)
    ancestors = {a.i for t in num for a in t.ancestors} if num else set()
    governing = [a for a in atts if a.verb.i in ancestors]
    return governing[0] if governing else None


def _in_scope(a: Attribution, at: _Where, ctx: Context) -> bool:
    """Can a statement the parse does not tie to the number still be its source? Not when
    it says something else ("a déclaré l'état d'urgence") or a clause break ("mais", ";")
    separates them: the article then states the figure on its own authority."""
    if not a.covers:
        return False
    lo, hi = sorted((a.end, at.number[0])) if a.end <= at.number[0] else (at.number[1], a.start)
    sentence = info(at.ps.doc)
    breaks = ctx.lang.cue("clause_breaks")
    return not any(lo <= idx < hi and fold_ in breaks
                   for idx, fold_ in zip(sentence.idxs, sentence.folds, strict=True))


def _before(atts: Sequence[Attribution], at: _Where, ctx: Context) -> Attribution | None:
    """The last attribution that starts before the number, within its reach."""
    before = [a for a in atts if a.start <= at.number[0] and _in_scope(a, at, ctx)]
    return before[-1] if before else None


def _first(atts: Sequence[Attribution], at: _Where, ctx: Context) -> Attribution | None:
    """The first attribution of the sentence, after the number, within its reach."""
    after = [a for a in atts if _in_scope(a, at, ctx)]
    return after[0] if after else None


ChoiceRule = Callable[[Sequence[Attribution], _Where, Context], Attribution | None]
# Among a sentence's attributions, the first rule that picks one gives the number's source.
SOURCE_RULES: tuple[tuple[str, ChoiceRule], ...] = (
    ("own_preposition", _own_preposition), ("governing_verb", _governing_verb),
    ("before_number", _before), ("first_in_sentence", _first),
)


def source_for(ps: ParsedSentence, reading: Reading, atts: list[Attribution], ctx: Context,
               after: tuple[int, int]) -> tuple[Source | None, str | None]:
    """The source of a number and the rule that chose it: an attribution of its sentence,
    else the paragraph's source, else the block's."""
    base = ps.sentence.start
    q = reading.quantity
    at = _Where(ps, (q.start - base, q.end - base), (after[0] - base, after[1] - base))
    for name, rule in SOURCE_RULES:
        chosen = rule(atts, at, ctx)
        if chosen is not None:
            text = doc_text(ps.doc)[chosen.start : chosen.end]
            return Source(chosen.name, None, text, (chosen.start + base, chosen.end + base)), name
    if reading.list_item and ctx.list_source is not None:
        return ctx.list_source, "list_intro"
    if ps.sentence.paragraph in ctx.paragraph_source:
        return ctx.paragraph_source[ps.sentence.paragraph], "paragraph"
    if ps.sentence.block in ctx.block_source:
        return ctx.block_source[ps.sentence.block], "block"
    if atts:
        return None, None  # the sentence's own speakers say something else
    if ctx.document_source is not None:
        # A source named in the title governs until another speaker takes over (a
        # paragraph's governs that paragraph, above; a carry across paragraphs was wrong
        # more often than right on the team's sets).
        return ctx.document_source, "title_speaker"
    return None, None


# --------------------------------------------------------------------------- memory


def register_names(ps: ParsedSentence, ctx: Context) -> None:
    """Remember "le président X" and "le ministère de Y" to resolve later bare mentions."""
    doc, lang = ps.doc, ctx.lang
    sentence = info(doc)
    roles = lang.cue("role_heads")
    for ent in sentence.ents:
        if ent.label_ == "PER" and len(ent.text.split()) >= 2:
            ctx.last_person = ent.text
        if ent.label_ == "PER":
            for i in range(max(0, ent.start - ROLE_BEFORE_NAME), ent.start):
                if sentence.pos[i] == "NOUN" and sentence.folds[i] in roles:
                    ctx.roles[sentence.folds[i]] = ent.text
        elif ent.label_ == "ORG":
            head = fold(doc[ent.start : ent.end].root.text)
            ctx.bodies[head] = ctx.last_body = strip_determiners(ent.text, lang)
    for i, word in enumerate(sentence.folds):
        if word in roles and sentence.pos[i] == "NOUN":
            tok = doc[i]
            name = _name_after_role(doc, tok)
            if name:
                ctx.roles[word] = name
                if word in attribution_words(lang, "anaphoric_bodies"):
                    ctx.last_body = name  # "l'ONG Karapatan": the body "l'ONG" was
            # The latest full mention is what a later bare "le ministère" refers to.
            words = _before_channel(np_of(tok, lang), ctx)
            if len(words) >= FULL_MENTION:
                ctx.bodies[word] = strip_determiners(phrase(words), lang)


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
