"""Who gave a figure: the attributions of a sentence ("selon X", "X a déclaré", "a déclaré
X", "a-t-il précisé"), the one that governs each number, and what carries from sentence to
sentence (the speaker of a paragraph or block, the bodies and roles named before)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from recoupe.extract.claims.context import Context
from recoupe.extract.claims.counted import Reading
from recoupe.extract.claims.cues import attribution_phrases, attribution_words
from recoupe.extract.claims.source_names import (
    OWN_AUTHORITY,
    before_channel,
    full_person_name,
    gender_of,
    last_speaker,
    name_of_source,
    names_outlet,
    pronoun_gender,
    register_names,
    same_source,
    title_source,
)
from recoupe.extract.claims.tokens import (
    DocInfo,
    depth,
    doc_text,
    info,
    key,
    np_of,
    phrase,
    tokens_in,
)
from recoupe.lang import Language
from recoupe.nlp import ParsedSentence
from recoupe.records import Source
from recoupe.textfold import word_key as fold

# What the claims driver reads from here (names and memory live in source_names).
__all__ = ["SOURCE_RULES", "Attribution", "attributions", "register_names", "source_for",
           "title_source"]

APPOSITIVE_GROUPS = 2  # "X, role, said": the name right before the comma, or one role back
NEXT_CONTENT_WINDOW = 6  # the noun of "selon X" within this many tokens
INVERTED_SUBJECT_WINDOW = 12  # "…, a annoncé mercredi le ministère": the subject this far
CLITIC_WINDOW = 3  # the "-t-il" of "a-t-il déclaré" this close to the verb
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
    # How the speaker was found when not by the verb's own subject or object: "impersonal"
    # ("il a été indiqué que", after the document or the last source), "side" ("du côté
    # de X, on estime"); added to the rule that chooses the attribution.
    via: str | None = None



# --------------------------------------------------------------------------- attributions


def attribution_cues(sentence: DocInfo, lang: Language) -> list[tuple[int, bool]]:
    """Tokens that may open an attribution: ("selon" or "d'après", True), (a speech verb,
    False); read from the token arrays, as most tokens are neither."""
    cues = []
    folds, lemmas, pos = sentence.folds, sentence.lemmas, sentence.pos
    according, pairs = lang.cue("according_to"), lang.phrases["according_to_pairs"]
    speech, speech_pairs = speech_verbs(lang), speech_lemma_pairs(lang)
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
            frozenset(p.split()[0] for p in speech_lemma_pairs(lang)))


@lru_cache(maxsize=8)
def speech_verbs(lang: Language) -> frozenset[str]:
    """The language's speech verbs, with those the attribution cues add."""
    return lang.cue("speech_verbs") | attribution_words(lang, "speech_verbs")


@lru_cache(maxsize=8)
def speech_lemma_pairs(lang: Language) -> frozenset[str]:
    """"faire état", "faire savoir": a verb's lemma and the word after it that make a
    speech verb together."""
    return frozenset(lang.phrases["speech_lemma_pairs"]) | \
        attribution_phrases(lang, "speech_lemma_pairs")


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
            if not speaker:
                found.extend(_impersonal_attribution(tok, found, ctx))
                continue
            if _is_impersonal(speaker, ctx):
                found.extend(replace(a, via="side") for a in _attribution(
                    tok, _side_of(tok, lang), found, ctx))
                continue
        found.extend(_attribution(tok, speaker, found, ctx))
    for participle in _giving_participles(doc, {a.verb.i for a in found}, lang):
        agent = [c for c in participle.children if c.dep_ == "obl:agent"]
        found.extend(_attribution(participle, np_of(agent[0], lang), found, ctx))
    found.sort(key=lambda a: a.verb.i)  # in text order of their verbs, as the cues came
    _remember_bodies(found, ctx)
    return found


def _impersonal_attribution(verb: Token, found: list[Attribution], ctx: Context
                            ) -> list[Attribution]:
    """"Dans le communiqué publié par X, il a été indiqué que …", "It was stated in the
    ministry's report that …": an impersonal passive speech verb says what a document
    states — its giver is the source; with no document named, the statement goes on from
    the last source reported ("Il a été rappelé que le bilan précédent …")."""
    lang = ctx.lang
    impersonal = [c for c in verb.children if c.dep_ == "nsubj:pass" and c.pos_ == "PRON"
                  and fold(c.text) in attribution_words(lang, "impersonal_subjects")]
    if not impersonal:
        return []
    documents = lang.cue("non_source_heads") | attribution_words(lang, "document_nouns")
    for child in verb.children:
        if child.dep_.startswith("obl") and fold(child.text) in documents:
            said = _attribution(verb, np_of(child, lang), found, ctx)
            if said:
                return [replace(a, via="impersonal") for a in said]
    name = found[-1].name if found else (ctx.last_source.name if ctx.last_source else None)
    if not name:
        return []
    pronoun = impersonal[0]
    lo = min(pronoun.idx, verb.idx)
    hi = max(pronoun.idx + len(pronoun.text), verb.idx + len(verb.text))
    return [Attribution(verb, (pronoun,), name, lo, hi, via="impersonal")]


def _giving_participles(doc: Doc, taken: set[int], lang: Language) -> list[Token]:
    """"le bilan fourni par la police", "figures provided by the ministry": a participle
    with an agent that says who gave the figures of the noun it qualifies."""
    giving = attribution_words(lang, "giving_participles")
    return [t for t in doc if t.i not in taken and t.dep_ == "acl" and t.pos_ == "VERB"
            and (fold(t.lemma_) in giving or fold(t.text) in giving)
            and any(c.dep_ == "obl:agent" for c in t.children)]


def _remember_bodies(found: Sequence[Attribution], ctx: Context) -> None:
    """A speaker named as a body ("l'ONG Karapatan a recensé …") is what a later bare
    "l'organisation" stands for."""
    bodies = attribution_words(ctx.lang, "anaphoric_bodies")
    for a in found:
        if any(t.ent_type_ == "ORG" for t in a.tokens):
            continue  # a named organisation: remembered whole by register_names
        if len(a.tokens) > 1 and any(fold(t.text) in bodies for t in a.tokens):
            ctx.last_body = a.name
        elif _an_institution(a, ctx):
            ctx.last_body = a.name  # "le Défenseur du peuple dénombre …; l'institution …"


def _an_institution(a: Attribution, ctx: Context) -> bool:
    """A speaker named with a capital that is no person ("le Défenseur du peuple", "the
    Civil Protection"): an institution, which "l'institution", "the body" may stand for."""
    if a.name in ctx.person_speakers or any(t.ent_type_ == "PER" for t in a.tokens):
        return False
    words = a.name.split()
    return len(words) >= 2 and words[0][:1].isupper() and \
        not any(t.pos_ == "PRON" for t in a.tokens)


def _preposition_object(doc: Doc, tok: Token, lang: Language) -> list[Token]:
    nxt = _next_content(doc, tok.i + 1)
    return np_of(_head_noun(nxt), lang) if nxt is not None else []


def _verb_subject(doc: Doc, verb: Token, lang: Language) -> list[Token]:
    """The speaker of a speech verb: after it ("…, a annoncé le ministère"), its agent
    ("cité par X"), its subject, or its coordinated verb's subject."""
    speaker: list[Token] = []
    if _follows_comma_or_quote(doc, verb):
        inverted = inverted_subject(doc, verb, lang)
        if _inverted_speaker(inverted, verb, lang) and \
                fold(verb.lemma_) not in attribution_words(lang, "listener_verbs"):
            # "…, le colonel X, précise l'agence": a speaker after the verb wins over the
            # person named before it (not the listener of "X, a doctor, told AFP")
            speaker = inverted
        elif not _subject_before(verb, lang):
            speaker = _appositive_speaker(doc, verb) or inverted
    if not speaker and fold(verb.lemma_) in lang.cue("cite_lemmas"):
        agent = [c for c in verb.children if c.dep_ == "obl:agent"]
        target = agent or [c for c in verb.children if c.dep_ == "obj"]
        if target:
            speaker = np_of(target[0], lang)
    if speaker:
        return speaker
    subjects = [c for c in verb.children if c.dep_ == "nsubj"
                and not any(g.dep_ == "case" for g in c.children)]  # not "Au Malawi, …"
    subjects = subjects or [c for c in verb.children if c.dep_ == "obl:agent"]
    if any(c.dep_ == "nsubj:pass" for c in verb.children) and not subjects:
        return []  # "Aucune victime n'a été signalée": a passive subject is what is said
    if not subjects and verb.dep_ in ("conj", "xcomp", "advcl"):
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    if subjects:
        return _relative_antecedent(subjects[0], lang)
    return inverted_subject(doc, verb, lang) or _phrase_before(doc, verb) or \
        _name_as_clause(verb) or _subject_by_position(doc, verb, lang)


_NP_POS = ("NOUN", "PROPN", "ADJ", "DET", "ADP", "PUNCT")


def _subject_by_position(doc: Doc, verb: Token, lang: Language) -> list[Token]:
    """"L'OIM a de son côté recensé 30 000 déplacés", "Le pouvoir judiciaire a fait
    savoir que …": where the parse gives the speech verb no subject, the noun phrase right
    before it (past auxiliaries and asides), from the sentence's start or a comma; an
    apposition between commas ("L'ONG Hrana, autre organisation …, estime") is skipped."""
    if any(c.dep_ in ("aux:pass", "nsubj:pass") for c in verb.children):
        return []  # "30 morts ont été recensés": what is said, not who says it
    asides = attribution_words(lang, "asides")
    i = verb.i - 1
    while i >= 0 and (doc[i].pos_ in ("AUX", "ADV") or fold(doc[i].text) in asides):
        i -= 1
    for _ in range(3):  # the phrase, or the one before an apposition (and its comma)
        end = i
        while i >= 0 and doc[i].text != "," and doc[i].pos_ in _NP_POS and \
                doc[i].text not in _QUOTE_OPENERS + _AFTER_QUOTE[1:]:
            i -= 1
        phrase_tokens = list(doc[i + 1 : end + 1])
        if i >= 0 and doc[i].text != ",":
            before = _before_relative_clause(doc, i, lang)  # ", qui relaie les chiffres, …"
            if before is None:
                return []
            i = before
            continue
        if phrase_tokens and phrase_tokens[0].pos_ in ("DET", "PROPN") and \
                any(t.pos_ in ("NOUN", "PROPN") for t in phrase_tokens):
            return phrase_tokens
        if i < 0:
            return []
        i -= 1
    return []


def _before_relative_clause(doc: Doc, i: int, lang: Language) -> int | None:
    """The token before the comma that opens the relative clause holding token ``i``
    ("la Croix-Rouge, qui relaie les chiffres des autorités, évoquait …"), or None."""
    relatives = attribution_words(lang, "relative_pronouns")
    j = i
    while j > 0 and doc[j].text != ",":
        j -= 1
    if j > 0 and j + 1 < len(doc) and fold(doc[j + 1].text) in relatives:
        return j - 1
    return None


def _is_impersonal(speaker: Sequence[Token], ctx: Context) -> bool:
    """"on estime que …": an indefinite subject, who may speak for a side named with it."""
    return len(speaker) == 1 and speaker[0].pos_ == "PRON" and \
        fold(speaker[0].text) in attribution_words(ctx.lang, "indefinite_subjects")


def _side_of(verb: Token, lang: Language) -> list[Token]:
    """"Du côté de la police, on parle de 30 blessés": the body whose side an impersonal
    subject speaks for."""
    sides = attribution_words(lang, "side_nouns")
    for child in verb.children:
        if child.dep_.startswith("obl") and fold(child.text) in sides:
            owners = [c for c in child.children if c.dep_ == "nmod"]
            if owners:
                return np_of(owners[0], lang)
    return []


def _relative_antecedent(subject: Token, lang: Language) -> list[Token]:
    """"The ministry, which had put the toll at 2,681": a relative pronoun speaks for the
    noun its clause qualifies."""
    clause = subject.head
    if subject.pos_ == "PRON" and "Rel" in subject.morph.get("PronType", []) and \
            clause.dep_.startswith("acl") and clause.head.pos_ in ("NOUN", "PROPN"):
        return np_of(clause.head, lang)
    return np_of(subject, lang)


def _name_as_clause(verb: Token) -> list[Token]:
    """"Save the Children said": a capitalised name the parse read as a clause subject."""
    for clause in (c for c in verb.children if c.dep_ == "csubj" and c.i < verb.i):
        words = list(clause.subtree)
        if all(t.text[:1].isupper() or t.pos_ in ("DET", "ADP", "CCONJ") for t in words) \
                and words[0].text[:1].isupper():
            return words
    return []


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
    return any(c.dep_ == "nsubj" and c.i < verb.i and _a_speaker_word(c, lang)
               and not _counted(c) and fold(c.text) not in lang.cue("not_speakers")
               and not _verb_between(c, verb)
               for c in verb.children)


def _inverted_speaker(tokens: Sequence[Token], verb: Token, lang: Language) -> bool:
    """Is the phrase after a speech verb its speaker ("…, précise l'agence")? Its head
    names an organisation, a person, a role or a body, and is no clause's subject ("said
    Almaty had been attacked")."""
    if not tokens:
        return False
    head = min(tokens, key=depth)
    if head.head.i != verb.i and head.dep_.startswith("nsubj"):
        return False
    words = lang.cue("role_heads") | attribution_words(lang, "person_roles") | \
        attribution_words(lang, "anaphoric_bodies") | lang.cue("source_nouns")
    return head.ent_type_ in ("PER", "ORG") or fold(head.text) in words


def _a_speaker_word(tok: Token, lang: Language) -> bool:
    """A name, a noun of a role or body ("the home minister, however, gave figures"), or of
    a document ("Un décompte de la police, que l'AFP a consulté, détaille …")."""
    return _a_name(tok) or fold(tok.text) in lang.cue("role_heads") | \
        attribution_words(lang, "person_roles") | lang.cue("non_source_heads") | \
        attribution_words(lang, "document_nouns")


def _verb_between(subject: Token, verb: Token) -> bool:
    """A verb between a subject and its speech verb, unless set off by commas ("Tokayev,
    speaking at a summit on Monday, said …")."""
    doc = verb.doc
    between = doc[subject.i + 1 : verb.i]
    if not any(t.pos_ == "VERB" for t in between):
        return False
    comma = next((t.i for t in between if t.text == ","), None)
    return comma is None or not _follows_comma_or_quote(doc, verb) or \
        any(t.pos_ == "VERB" for t in doc[subject.i + 1 : comma])


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


def _with_role_participle(speaker: list[Token], lang: Language) -> list[Token]:
    """"le commissaire chargé de la communication de la Police nationale", "the official
    in charge of relief": a role the participle after it completes (the phrase stops at
    the participle otherwise)."""
    head = min(speaker, key=depth)
    participles = attribution_words(lang, "role_participles")
    roles = attribution_words(lang, "person_roles") | lang.cue("role_heads")
    if fold(head.text) not in roles:
        return speaker
    for child in head.children:
        if child.dep_.startswith("acl") and fold(child.text) in participles and \
                child.i == speaker[-1].i + 1:
            tail = [t for t in child.subtree if t.i >= child.i]
            end = next((t.i for t in tail if t.is_punct and t.text not in "-'’"), None)
            return speaker + [t for t in tail if end is None or t.i < end]
    return speaker


def _attribution(verb: Token, speaker: list[Token], found: list[Attribution], ctx: Context
                 ) -> list[Attribution]:
    if not speaker:
        return []
    speaker = _with_role_participle(speaker, ctx.lang)
    said = fold(phrase(speaker))
    if said in ctx.lang.cue("not_speakers"):
        return []
    if found and (said in ctx.lang.cue("speaker_pronouns") or same_source(speaker, ctx)):
        name: str | None = found[-1].name  # "X a déclaré …, dont il a dit …": the same speaker
    elif names_outlet(before_channel(speaker, ctx), ctx):
        name = OWN_AUTHORITY  # kept: it takes the figure away from any other speaker
    else:
        name = name_of_source(before_channel(speaker, ctx), ctx) or None
    if name is None:
        return []
    name = full_person_name(name, ctx)
    if _names_a_person(speaker, name, ctx):
        ctx.person_speakers.add(name)
    lo = min(speaker[0].idx, verb.idx)
    hi = max(speaker[-1].idx + len(speaker[-1].text), verb.idx + len(verb.text))
    return [Attribution(verb, tuple(speaker), name, lo, hi, gender_of(speaker),
                        _says_figures(verb, speaker, ctx))]


def _names_a_person(speaker: Sequence[Token], name: str, ctx: Context) -> bool:
    """Is the speaker a person (a name tagged as one, a role one person holds), whom "he"
    and "she" may stand for later?"""
    if name in ctx.person_speakers or any(t.ent_type_ == "PER" for t in speaker):
        return True
    roles = attribution_words(ctx.lang, "person_roles")
    return any(fold(t.text) in roles for t in speaker if t.pos_ in ("NOUN", "PROPN")) or \
        any(e.label_ == "PER" and e.text == name for e in info(speaker[0].doc).ents)


def _says_figures(verb: Token, speaker: Sequence[Token], ctx: Context) -> bool:
    """Does a speech verb's object leave room for a figure? "a déclaré l'état d'urgence"
    does not; "a publié un bilan", "a annoncé 12 morts", "a déclaré que …" do."""
    lang = ctx.lang
    figure_nouns = lang.cue("non_source_heads") | lang.cue("generic_people") | \
        attribution_words(lang, "document_nouns")  # "gave the following breakdown:"
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
    while node.head.i != node.i and (
        node.dep_ in ("flat:name", "flat", "compound", "fixed")
        or (node.dep_ in ("nmod", "nmod:poss") and node.head.i > node.i
            and node.head.pos_ in ("NOUN", "PROPN"))  # "the U.N.('s) humanitarian office"
    ):
        node = node.head
    return node


def inverted_subject(doc: Doc, verb: Token, lang: Language) -> list[Token]:
    """"…, a déclaré M. Tokaev", "rapporte Interfax", "a annoncé mercredi le ministère",
    "a écrit sur Telegram le gouverneur X": the subject after the verb, past the adverbs,
    dates and prepositional phrases between."""
    i = verb.i + 1
    if i < len(doc) and f"{fold(verb.lemma_)} {fold(doc[i].text)}" in speech_lemma_pairs(lang):
        i += 1  # "a fait savoir jeudi la police": past the pair's second word
        if i < len(doc) and doc[i].pos_ == "ADP":
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
    if head.dep_ == "compound" and head.head.i > head.i and head.pos_ == "NOUN":
        head = _head_noun(head)  # "added the police source": the source, not the police
    ents = [e for e in info(doc).ents if e.label_ in ("PER", "ORG")]
    ent = [e for e in ents if e.start <= head.i < e.end]
    if ent:
        whole = np_of(doc[ent[0].start : ent[0].end].root, lang)
        if any(e.label_ == "PER" and e.start > ent[0].start and e.end - 1 <= whole[-1].i
               for e in ents):
            return whole  # "Superintendent of Police Anwar Hossain": the name closes it
        if ent[0].label_ == "ORG" and whole and whole[-1].i >= ent[0].end:
            return whole  # "l'Autorité turque | de gestion des catastrophes": cut short
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
    list_item: bool = False  # "Nord : 14 morts ; Sud : 6 morts": ";" parts items, not clauses


def _own_preposition(atts: Sequence[Attribution], at: _Where, ctx: Context
                     ) -> Attribution | None:
    """"806 000 selon la police": the "selon X" right after this number."""
    heads = ctx.lang.cue("according_to_heads")
    own = [a for a in atts if fold(a.verb.text) in heads and at.after[0] <= a.start < at.after[1]]
    return own[0] if own else None


def _own_participle(atts: Sequence[Attribution], at: _Where, ctx: Context
                    ) -> Attribution | None:
    """"les 16 décès reconnus par les autorités", "the 40 deaths confirmed by the police": a
    participle with its agent on the counted noun itself gives that figure's source."""
    num = tokens_in(at.ps.doc, *at.number)
    nouns = {t.head.i for t in num} | {t.i for t in num}
    own = [a for a in atts if a.verb.dep_ == "acl" and a.verb.head.i in nouns
           and any(c.dep_ == "obl:agent" for c in a.verb.children)]
    return own[0] if own else None


def _governing_verb(atts: Sequence[Attribution], at: _Where, ctx: Context
                    ) -> Attribution | None:
    """The speech verb above the number in the parse."""
    num = tokens_in(at.ps.doc, *at.number)
    ancestors = {a.i for t in num for a in t.ancestors} if num else set()
    governing = [a for a in atts if a.verb.i in ancestors
                 and not _contrast_clause_between(num[0], a.verb, ctx)]
    if governing and _by_pronoun(governing[0], ctx):
        # "Elle estime que 300 000 personnes sont touchées, a indiqué son directeur, X":
        # the speaker named after the statement reports it, and is who the text quotes
        named = [a for a in atts if a.verb.i > governing[0].verb.i and a.covers
                 and not _by_pronoun(a, ctx) and a.tokens[0].i > a.verb.i
                 and _follows_comma_or_quote(a.verb.doc, a.verb)]
        if named:
            return named[0]
    return governing[0] if governing else None


def _by_pronoun(a: Attribution, ctx: Context) -> bool:
    """Is an attribution's speaker a pronoun ("Elle estime", "a-t-il dit")?"""
    return len(a.tokens) == 1 and a.tokens[0].pos_ == "PRON"


def _contrast_clause_between(tok: Token, verb: Token, ctx: Context) -> bool:
    """"X said it had sent 56 rescuers, while Britain deployed 60": a clause opened by a
    contrast or circumstance marker under the speech verb is the article's own statement."""
    node = tok
    while node.head.i != node.i and node.head.i != verb.i:
        node = node.head
        if _contrast_clause(node, ctx):
            return True
    return _contrast_clause(node, ctx)


def _contrast_clause(node: Token, ctx: Context) -> bool:
    """A clause opened by "while", "tandis que"… whose subject is a named actor ("while
    Britain deployed 60"), not the counted noun ("while 338 people were injured")."""
    breaks = ctx.lang.cue("clause_breaks")
    return node.dep_ == "advcl" and any(
        c.dep_ == "mark" and fold(c.text) in breaks for c in node.children) and any(
        c.dep_.startswith("nsubj") and (c.pos_ == "PROPN" or c.ent_type_ in ("LOC", "ORG", "PER"))
        for c in node.children)


def _foreign_actor(ps: ParsedSentence, at: _Where, ctx: Context) -> bool:
    """"La France a envoyé 139 sauveteurs", "Britain deployed 60 rescuers": a figure whose
    clause has another country than the story's as its subject is what that country did,
    which the speaker of the paragraph (the local authorities) is not giving."""
    num = tokens_in(ps.doc, *at.number)
    if not num or ctx.main_country is None:
        return False
    verb = next((a for a in num[0].ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    for subject in (c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"):
        code = ctx.lang.country_names.get(fold(subject.text))
        if code is not None and code != ctx.main_country:
            return True
    return False


def _in_scope(a: Attribution, at: _Where, ctx: Context) -> bool:
    """Can a statement the parse does not tie to the number still be its source? Not when
    it says something else ("a déclaré l'état d'urgence") or a clause break ("mais", ";")
    separates them: the article then states the figure on its own authority."""
    if not a.covers:
        return False
    lo, hi = sorted((a.end, at.number[0])) if a.end <= at.number[0] else (at.number[1], a.start)
    sentence = info(at.ps.doc)
    between = [(i, f) for i, (idx, f) in enumerate(zip(sentence.idxs, sentence.folds,
                                                         strict=True)) if lo <= idx < hi]
    # A purpose clause ("déployés pour évacuer les sinistrés, selon X") is the statement's.
    breaks = ctx.lang.cue("clause_breaks") - attribution_words(ctx.lang, "statement_clauses")
    if at.list_item or any(f == ":" for _, f in between):
        breaks = breaks - {";"}  # "comme suit : Nord : 14 ; Sud : 6": ";" parts the items
    return not any(f in breaks and not _counting_clause(at.ps.doc[i]) for i, f in between)


def _counting_clause(marker: Token) -> bool:
    """"…, while 24 died elsewhere", "tandis que 427 personnes sont portées disparues": a
    contrast clause whose subject is what is counted goes on with the same statement (one
    whose subject is an actor, "while Britain deployed 60", is another)."""
    clause = marker.head
    if marker.dep_ != "mark" or clause.dep_ not in ("advcl", "conj", "parataxis"):
        return False
    subjects = [c for c in clause.children if c.dep_.startswith("nsubj")]
    return bool(subjects) and all(c.like_num or _counted(c) for c in subjects)


def _before(atts: Sequence[Attribution], at: _Where, ctx: Context) -> Attribution | None:
    """The last attribution that starts before the number, within its reach."""
    before = [a for a in atts if a.start <= at.number[0] and _in_scope(a, at, ctx)]
    return before[-1] if before else None


def _first(atts: Sequence[Attribution], at: _Where, ctx: Context) -> Attribution | None:
    """The first attribution of the sentence, after the number, within its reach."""
    after = [a for a in atts if _in_scope(a, at, ctx) and not _own_conjunct(a)]
    return after[0] if after else None


def _own_conjunct(a: Attribution) -> bool:
    """"The army deployed 3,000 troops, and India said it would send tents": a speech verb
    coordinated with its own subject speaks for its own clause only."""
    children = [c.dep_ for c in a.verb.children]
    return a.verb.dep_ == "conj" and "nsubj" in children and "cc" in children


ChoiceRule = Callable[[Sequence[Attribution], _Where, Context], Attribution | None]
# Among a sentence's attributions, the first rule that picks one gives the number's source.
SOURCE_RULES: tuple[tuple[str, ChoiceRule], ...] = (
    ("own_participle", _own_participle), ("own_preposition", _own_preposition),
    ("governing_verb", _governing_verb),
    ("before_number", _before), ("first_in_sentence", _first),
)


def source_for(ps: ParsedSentence, reading: Reading, atts: list[Attribution], ctx: Context,
               after: tuple[int, int]) -> tuple[Source | None, str | None]:
    """The source of a number and the rule that chose it: an attribution of its sentence,
    else the paragraph's source, else the block's. A count the document's own outlet made
    gives no source (the rule says so)."""
    source, rule = _chosen_source(ps, reading, atts, ctx, after)
    if source is not None and source.name == OWN_AUTHORITY:
        return None, f"{rule}.own_outlet"
    return source, rule


def _chosen_source(ps: ParsedSentence, reading: Reading, atts: list[Attribution],
                   ctx: Context, after: tuple[int, int]) -> tuple[Source | None, str | None]:
    base = ps.sentence.start
    q = reading.quantity
    at = _Where(ps, (q.start - base, q.end - base), (after[0] - base, after[1] - base),
                reading.list_item)
    for name, rule in SOURCE_RULES:
        chosen = rule(atts, at, ctx)
        if chosen is not None:
            text = doc_text(ps.doc)[chosen.start : chosen.end]
            rule_name = f"{name}.{chosen.via}" if chosen.via else name
            return Source(chosen.name, None, text, (chosen.start + base, chosen.end + base)), \
                rule_name
    if atts == [] and _foreign_actor(ps, at, ctx):
        return None, "foreign_actor"
    if reading.list_item and ctx.list_source is not None:
        return ctx.list_source, "list_intro"
    if reading.list_item and ctx.last_source is not None and not atts:
        # A breakdown whose lead names no one ("The following breakdown was given:")
        # continues the last statement reported.
        return ctx.last_source, "list_last_source"
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


