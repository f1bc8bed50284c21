"""Claims: a counted number read with what it counts, who, where, when, per whom.

Input: a cleaned :class:`Document`, its sentences each parsed by spaCy, and the
document's resolved dates. Output: :class:`Claim` records whose place and source
hold surface names (entity linking fills ids later). No spaCy object leaves.

The reading of each number combines the dependency parse with the words next to
the number, because the parse of machine-translated news is often wrong where
it matters ("3211 participants" parsed as a noun with an adjective); each step
says which it trusts first.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span, Token

from recoupe.extract import lexicon as lx
from recoupe.extract.quantities import find_quantities
from recoupe.link.gazetteer import geocode, is_place
from recoupe.nlp.segment import Sentence
from recoupe.records import (
    Claim,
    DateMention,
    Document,
    Period,
    Place,
    Quantity,
    Source,
    content_hash,
)

fold = lx.fold

_SECURITY_LIKE = lx._keys(
    "soldat soldats militaire militaires troupe troupes force forces unité unités "
    "contingent contingents personnel casque casques parachutiste parachutistes"
) | lx.KIND_NOUNS["equipment"] | lx.KIND_NOUNS["weapons"]
# Verbs whose subject takes weapons away from others: the subject is not their owner.
_SEIZE_VERBS = lx._keys(
    "saisir saisi saisis confisquer confisqué confisqués récupérer récupéré découvrir "
    "découvert trouver trouvé intercepter intercepté démanteler démantelé détruire détruit "
    "abattre abattu abattus neutraliser neutralisé"
)
_SUBJECT_DEPS = ("nsubj", "nsubj:pass", "expl:subj")
_CLAUSE_BREAK_WORDS = frozenset({"mais", "tandis", "alors", "cependant", "pourtant", ";"})


@dataclass(frozen=True)
class ParsedSentence:
    """A sentence of the document and spaCy's parse of its text alone."""

    sentence: Sentence
    doc: Doc


@dataclass
class _Context:
    """What carries from sentence to sentence while reading one document."""

    main_place: str | None
    main_country: str | None  # ISO code of the country the story happens in
    published: str | None
    block_source: dict[int, Source] = field(default_factory=dict)
    block_seen: set[int] = field(default_factory=set)
    paragraph_source: dict[int, Source] = field(default_factory=dict)
    last_source: Source | None = None
    roles: dict[str, str] = field(default_factory=dict)  # role head → person named with it
    last_person: str | None = None  # the latest person named, for "a-t-il déclaré"
    bodies: dict[str, str] = field(default_factory=dict)  # head noun → latest full name
    paragraph_place: dict[int, Place] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    group_nouns: list[tuple[str, str]] = field(default_factory=list)  # (group, label) seen


# --------------------------------------------------------------------------- tokens

class _Ent(NamedTuple):
    """An entity span as plain data, with the attribute names of spaCy's ``Span``."""

    start: int
    end: int
    label_: str
    text: str
    start_char: int
    end_char: int


@dataclass(frozen=True)
class _DocInfo:
    """What the readers below look up over and over in one sentence's Doc, read once.

    spaCy rebuilds ``Doc.text`` by joining every token at each access, builds new Token
    and Span objects at each iteration and looks each string attribute up in its store;
    a sentence is scanned once per number, speech verb, entity and role word. Reading
    each token once into these tuples is most of the extract stage's speed (issue #7).
    Values are plain strings and ints: no Token or Span, which would keep the Doc alive.
    """

    text: str
    folds: tuple[str, ...]  # fold(token.text)
    lemmas: tuple[str, ...]  # fold(token.lemma_)
    pos: tuple[str, ...]
    deps: tuple[str, ...]
    idxs: tuple[int, ...]  # token.idx, increasing
    ents: tuple[_Ent, ...]


# Kept per Doc, weakly: a Doc's info goes when the Doc goes.
_DOC_INFO: WeakKeyDictionary[Doc, _DocInfo] = WeakKeyDictionary()


def _info(doc: Doc) -> _DocInfo:
    """The :class:`_DocInfo` of a Doc, computed on first use."""
    info = _DOC_INFO.get(doc)
    if info is None:
        info = _DOC_INFO[doc] = _read_doc(doc)
    return info


def _read_doc(doc: Doc) -> _DocInfo:
    text = doc.text
    tokens = list(doc)
    ents = tuple(_Ent(e.start, e.end, e.label_, text[e.start_char : e.end_char], e.start_char,
                      e.end_char) for e in doc.ents)
    return _DocInfo(
        text=text,
        folds=tuple(fold(t.text) for t in tokens),
        lemmas=tuple(fold(t.lemma_) for t in tokens),
        pos=tuple(t.pos_ for t in tokens),
        deps=tuple(t.dep_ for t in tokens),
        idxs=tuple(t.idx for t in tokens),
        ents=ents,
    )


@dataclass(frozen=True)
class _Words:
    """What the readers of a counted phrase look up in a sentence's Doc, read once.

    Kept apart from :class:`_DocInfo` because only sentences with a count need it: every
    sentence pays for ``_DocInfo``, and these flags would add half its cost (issue #7).
    """

    text: str
    folds: tuple[str, ...]
    lemmas: tuple[str, ...]
    pos: tuple[str, ...]
    idxs: tuple[int, ...]
    texts: tuple[str, ...]
    tags: tuple[str, ...]
    spaces: tuple[bool, ...]  # token.is_space
    puncts: tuple[bool, ...]  # token.is_punct
    numbers: tuple[bool, ...]  # _is_number(token)
    words: tuple[bool, ...]  # _is_word(token)


# Kept per Doc, weakly, like _DOC_INFO.
_DOC_WORDS: WeakKeyDictionary[Doc, _Words] = WeakKeyDictionary()


def _words(doc: Doc) -> _Words:
    """The :class:`_Words` of a Doc, computed on first use."""
    words = _DOC_WORDS.get(doc)
    if words is None:
        tokens, info = list(doc), _info(doc)
        words = _DOC_WORDS[doc] = _Words(
            text=info.text, folds=info.folds, lemmas=info.lemmas, pos=info.pos, idxs=info.idxs,
            texts=tuple(t.text for t in tokens),
            tags=tuple(t.tag_ for t in tokens),
            spaces=tuple(t.is_space for t in tokens),
            puncts=tuple(t.is_punct for t in tokens),
            numbers=tuple(_is_number(t) for t in tokens),
            words=tuple(_is_word(t) for t in tokens),
        )
    return words


def _text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc."""
    return _info(doc).text


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    """Tokens of a sentence doc overlapping [start, end) (sentence-relative chars)."""
    if end <= start:
        return []
    span = doc.char_span(max(0, start), min(end, len(_text(doc))), alignment_mode="expand")
    if span is None:
        return [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
    return list(span)


def _key(token: Token) -> set[str]:
    return {fold(token.text), fold(token.lemma_)}


def _is_word(token: Token) -> bool:
    return token.is_alpha or "-" in token.text


def _np_tokens(doc: Doc, first: int, limit: int, participle_first: bool = False) -> list[Token]:
    """The tokens of :func:`_np_indices`."""
    return [doc[i] for i in _np_indices(_words(doc), first, limit, participle_first)]


def _np_indices(
    w: _Words, first: int, limit: int, participle_first: bool = False
) -> list[int]:
    """A noun phrase read left to right from token ``first``: head, adjectives, complements.

    ``participle_first``: after "de" a participle is a noun ("des milliers de déplacés").
    Reads the sentence's tuples, not Tokens: it runs for every number (issue #7).
    """
    out: list[int] = []
    i = first
    stop = min(limit, len(w.folds))
    while i < stop and len(out) < 9:
        low = w.folds[i]
        if w.texts[i] in "«»\"“”'" or w.spaces[i]:
            i += 1
            continue
        if w.pos[i] in ("VERB", "AUX") and out and w.tags[i] != "ADJ" and not (
            participle_first and len(out) == 0
        ):
            # A participle right after the noun is the predicate, not part of the phrase.
            break
        if w.puncts[i] or w.numbers[i]:
            break
        if low in ("et", "ou") and out:
            nxt = w.folds[i + 1] if i + 1 < len(w.folds) else None
            if nxt is None or nxt not in ("de", "des", "du", "d'", "la", "le", "les"):
                break
        if low in _NP_STOP_WORDS:
            break
        out.append(i)
        i += 1
    # Trailing function words are not part of the phrase.
    while out and (
        w.pos[out[-1]] in ("ADP", "DET", "CCONJ") or w.folds[out[-1]] in ("et", "ou")
    ):
        out.pop()
    return out


_NP_STOP_WORDS = frozenset((
    "qui", "que", "dont", "dans", "depuis", "lors", "pendant", "selon", "par", "pour", "sur",
    "avec", "apres", "avant", "contre", "vers", "sans", "en", "mais", "tandis", "outre",
))


def _phrase(tokens: Sequence[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    text = _text(doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
    return _SPACES.sub(" ", text.strip(" «»\"“”'")).strip()


def _phrase_at(w: _Words, indices: Sequence[int]) -> str:
    """:func:`_phrase` of the tokens at ``indices`` (increasing)."""
    if not indices:
        return ""
    first, last = indices[0], indices[-1]
    text = w.text[w.idxs[first] : w.idxs[last] + len(w.texts[last])]
    return _SPACES.sub(" ", text.strip(" «»\"“”'")).strip()


_SPACES = re.compile(r"\s+")


# --------------------------------------------------------------------------- kind


def _kind_of_noun(token: Token, kinds: Iterable[str]) -> str | None:
    keys = _key(token)
    for kind in kinds:
        if keys & lx.KIND_NOUNS[kind]:
            return kind
    return None


_STRONG_NOUN_KINDS = (
    "killed", "injured", "missing", "arrested", "displaced", "affected", "weapons", "equipment",
)
_VERB_KINDS = ("killed", "injured", "missing", "arrested", "displaced", "affected")
_MULTIWORD_KINDS: tuple[tuple[str, str], ...] = (
    ("perdu la vie", "killed"), ("perdre la vie", "killed"), ("perdent la vie", "killed"),
    ("trouve la mort", "killed"),
    ("trouvent la mort", "killed"), ("ont peri", "killed"), ("garde a vue", "arrested"),
    ("au poste", "arrested"), ("derriere les barreaux", "arrested"),
    ("mis en examen", "arrested"), ("en detention", "arrested"), ("sans abri", "displaced"),
    ("pris la fuite", "displaced"), ("fui leur", "displaced"), ("a l'abri", "displaced"),
    ("manquent a l'appel", "missing"), ("manque a l'appel", "missing"),
    ("portes disparus", "missing"), ("porte disparu", "missing"),
    ("besoin d'aide", "affected"), ("besoin d'une aide", "affected"),
    ("besoin d'assistance", "affected"), ("besoin d'une assistance", "affected"),
    ("privees d'electricite", "affected"),
    ("prives d'electricite", "affected"), ("sans electricite", "affected"),
    ("descendus dans la rue", "participants"), ("descendues dans la rue", "participants"),
    ("dans les rues", "participants"), ("ont manifeste", "participants"),
    ("pris part", "participants"),
)
_LEFT_NOUN_KINDS: dict[str, str] = {
    "mort": "killed", "deces": "killed", "meurtre": "killed", "assassinat": "killed",
    "massacre": "killed", "exécution": "killed", "execution": "killed",
    "arrestation": "arrested", "interpellation": "arrested", "detention": "arrested",
    "incarceration": "arrested", "garde": "arrested",
    "evacuation": "displaced", "deplacement": "displaced", "exode": "displaced",
    "effectif": "deployed", "contingent": "deployed", "deploiement": "deployed",
    "envoi": "deployed", "renfort": "deployed", "arsenal": "weapons", "stock": "weapons",
    "saisie": "weapons", "rassemblement": "participants", "foule": "participants",
    "cortege": "participants", "manifestation": "participants",
}


def _multiword_kind(text: str) -> str | None:
    folded = fold(text)
    for phrase, kind in _MULTIWORD_KINDS:
        if phrase in folded:
            return kind
    return None


def _verb_kind(tokens: Iterable[Token], kinds: Sequence[str] = _VERB_KINDS) -> str | None:
    for tok in tokens:
        kind = _verb_kind_at(_words(tok.doc), (tok.i,), kinds)
        if kind:
            return kind
    return None


def _verb_kind_at(
    w: _Words, indices: Iterable[int], kinds: Sequence[str] = _VERB_KINDS
) -> str | None:
    """The kind the first casualty verb among the tokens at ``indices`` names."""
    for i in indices:
        if w.pos[i] not in ("VERB", "ADJ", "NOUN", "AUX") or not w.words[i]:
            continue
        keys = {w.folds[i], w.lemmas[i]}
        for kind in kinds:
            if keys & lx.KIND_VERBS[kind]:
                return kind
    return None


# --------------------------------------------------------------------------- group


@lru_cache(maxsize=1 << 14)
def _group_of_phrase(text: str, main_country: str | None) -> str | None:
    """Who a phrase counts. Remembered: it runs on every counted phrase and group noun,
    and a text names the same few groups again and again."""
    folded = " " + _ELISION.sub(r"\1' ", fold(text)) + " "
    words = set(_WORD.findall(folded))
    if words & _SECURITY_LIKE and any(
        lx.DEMONYMS[w] != main_country for w in words if w in lx.DEMONYMS
    ):
        return "foreign_forces"
    for group, padded, single, cue in _GROUP_CUES:
        if padded in folded or (single and cue in words):
            return group
    return None


_ELISION = re.compile(r"\b([ldjnsmtc]|qu)'")
_WORD = re.compile(r"[\w-]+")
# (group, " cue ", one word?, cue), in the order the groups are tried.
_GROUP_CUES = tuple(
    (group, f" {cue} ", " " not in cue, cue)
    for group in ("foreign_forces", "security_forces", "protesters", "civilians", "other")
    for cue in lx.GROUP_WORDS[group]
)


_GROUP_SINGLE_WORDS = frozenset(
    cue for cues in lx.GROUP_WORDS.values() for cue in cues if " " not in cue
)


# --------------------------------------------------------------------------- reading


@dataclass
class _Reading:
    quantity: Quantity
    kind: str | None = None
    group: str | None = None
    group_label: str | None = None
    cue: str | None = None
    inherit: str | None = None  # "group" | "kind+group": take them from the previous claim
    subset: bool = False
    np_text: str = ""
    owner: Token | None = None  # who holds counted equipment ("La Russie envoie ...")
    uncounted: bool = False  # the number goes with a noun no crisis figure counts
    bare_kind_noun: bool = False  # "cinq blessés": a kind noun that names no group


def _read_quantity(
    ps: ParsedSentence, q: Quantity, window_end: int, window_start: int, ctx: _Context
) -> _Reading:
    """Kind, group and cue of one count, from the words around it and the parse."""
    doc, base = ps.doc, ps.sentence.start
    w = _words(doc)
    reading = _Reading(q)
    num_toks = _tokens_in(doc, q.number_start - base, q.number_end - base)
    if not num_toks:
        return reading
    last = num_toks[-1]
    # The first token after the number that starts at or past the window's end.
    right_limit = max(last.i + 1, bisect_left(w.idxs, window_end - base))
    # The counted noun phrase: right after the number ("26 « criminels armés »",
    # "des dizaines de morts", "740 autres", "18 membres de la police").
    first = last.i + 1
    while first < right_limit and (
        w.texts[first] in "«»\"“”'" or w.folds[first] in ("de", "d'", "des")
    ):
        first += 1
    after_de = first > last.i + 1 and w.folds[first - 1] in ("de", "d'", "des")
    np = _np_indices(w, first, right_limit, participle_first=after_de)
    if np and w.pos[np[0]] in ("VERB", "AUX") and w.tags[np[0]] != "ADJ" and not after_de:
        np = []
    head = doc[np[0]] if np else None
    following = " ".join(w.folds[last.i + 1 : last.i + 3])
    if q.qualifier != "vague" and following.startswith("des "):
        # "deux des personnes tuées", "13 des 23 missiles": a part of a larger count.
        reading.subset = True
    if following.startswith(("d'entre", "d' entre", "parmi")):
        # "40 d'entre eux", "12 parmi les victimes": a part of what was just counted.
        reading.subset, reading.inherit = True, "kind+group"
        np = []
        head = None
    elif head is not None and fold(head.text) in _NOT_COUNTED:
        reading.uncounted = True
    part_of = _part_of(doc, w, first, right_limit)
    if part_of is not None:
        # "12 enfants parmi les victimes": a part of a toll given before.
        reading.subset = True
        reading.kind = _kind_of_noun(part_of, _STRONG_NOUN_KINDS)
        reading.inherit = None if reading.kind else "kind"
    reading.np_text = _phrase_at(w, np)
    # Tokens starting in [window_start, q.start): token offsets increase, so a range.
    left = range(
        bisect_left(w.idxs, window_start - base), bisect_left(w.idxs, q.start - base)
    )
    if _left_word(w, left, 1) in _SUBSET_MARKERS or _left_word(w, left, 2) in _SUBSET_MARKERS:
        reading.subset = True  # "dont 19 policiers", "parmi lesquels sept enfants"

    # 1. A noun that names the counted thing ("12 morts", "3 000 armes"), unless the
    #    predicate says they died ("deux blessés ont succombé", "200 détenus exécutés").
    if head is not None:
        reading.kind = _kind_of_noun(head, _STRONG_NOUN_KINDS)
        if reading.kind:
            reading.cue = head.text
            reading.bare_kind_noun = len(np) == 1
        if reading.kind == "equipment" and _key(head) & _CIVIL_VEHICLES and not re.search(
            r"blind|militaire|arme|troupe|combat", fold(reading.np_text)
        ):
            reading.kind = "other"  # "une quarantaine de véhicules incendiés"
        if reading.kind in ("injured", "arrested", "missing", "displaced"):
            pred = _predicate_indices(w, head.i + 1, right_limit)
            if (_multiword_kind(_phrase_at(w, pred)) if pred else None) == "killed" or \
                    _verb_kind_at(w, pred, ("killed",)):
                reading.kind, reading.cue = "killed", _phrase_at(w, pred[:4])
    # 2a. A verb right before the number, which is its object ("tuant au moins 29 personnes",
    #     "ont arrêté 50 manifestants", "a perdu 25 hommes").
    if reading.kind is None:
        reading.kind, reading.cue = _object_of_verb(w, left, head)
        if reading.kind == "killed" and head is not None and fold(reading.cue or "").startswith(
            "perd"
        ):
            # "Le bataillon a perdu 25 hommes": the subject's own people.
            verb_at = next((i for i in reversed(left) if w.pos[i] == "VERB"), None)
            if verb_at is not None:
                verb = doc[verb_at]
                subject = [c for c in verb.children if c.dep_ == "nsubj"]
                if subject:
                    owner = _strip_determiners(_phrase(_np_of(subject[0])))
                    owner_group = _group_of_phrase(owner, ctx.main_country)
                    if owner_group and owner_group != "protesters":
                        reading.group, reading.group_label = owner_group, owner
    # 2b. The predicate after it ("ont été tués", "sont mortes", "ont perdu la vie").
    if reading.kind is None:
        pred = _predicate_indices(w, first, right_limit)
        mw = _multiword_kind(_phrase_at(w, pred)) if pred else None
        reading.kind = mw or _verb_kind_at(w, pred)
        if reading.kind is None and pred:
            reading.kind = _verb_kind_at(w, pred, ("participants", "deployed"))
            if reading.kind == "participants" and head is not None and not (
                _key(head) & (lx.KIND_NOUNS["participants"] | lx.GENERIC_PEOPLE)
            ) and _group_of_phrase(reading.np_text, ctx.main_country) != "protesters":
                reading.kind = None
            if reading.kind == "deployed" and head is not None and not (
                _key(head) & (lx.KIND_NOUNS["deployed"] | lx.KIND_NOUNS["equipment"]
                              | lx.GENERIC_PEOPLE)
            ):
                reading.kind = None
        if reading.kind:
            reading.cue = _phrase_at(w, pred[:4])
    # 3. Words just before the number ("la mort de 238", "ont arrêté 50", "un effectif de").
    if reading.kind is None:
        reading.kind, cue = _left_kind(w, left)
        reading.cue = cue
    # 4. The parse: the verb that governs the counted noun.
    if reading.kind is None:
        anchor = head or last
        gov = anchor.head if anchor.dep_ in _SUBJECT_DEPS + ("obj",) else None
        if gov is not None and gov.idx + base < window_end:
            reading.kind = _verb_kind([gov])
            reading.cue = gov.text if reading.kind else None
    # 5. A plain crowd, force or thing ("environ 200 manifestants", "2 000 soldats");
    #    a subset ("dont les quatre assaillants") takes the kind of what it is part of.
    if reading.kind is None and head is not None and not reading.subset:
        reading.kind = _kind_of_noun(head, ("participants", "deployed", "other"))
        if reading.kind:
            reading.cue = head.text
    # "ils étaient environ 20 000": the size of the group the pronoun stands for.
    if reading.kind is None and _left_word(w, left, 1) in ("etaient", "sont", "seraient"):
        subject = _left_word(w, left, 2)
        if subject in ("ils", "elles", "qu'ils", "qu'elles"):
            reading.inherit = "antecedent"

    if reading.uncounted:
        reading.kind = None  # "les deux pays", "trois jours": not a count of the crisis
    # An elided noun ("190 dans celle de Taroudant", "806 000 selon la police"): the
    # figure counts what the previous one in the sentence counted.
    if reading.kind is None and head is None and not reading.inherit:
        nxt = w.folds[last.i + 1] if last.i + 1 < len(doc) else ""
        rest = w.text[w.idxs[last.i + 1] :] if last.i + 1 < len(doc) else ""
        if nxt in _ELLIPSIS_FOLLOWERS or rest.strip() == "":
            reading.inherit = "kind+group"
    # Group: who is counted.
    if head is not None and fold(head.text) in ("autres", "autre") and not any(
        {w.folds[i], w.lemmas[i]} & lx.GENERIC_PEOPLE
        or _group_of_phrase(w.texts[i], ctx.main_country)
        for i in np[1:]
    ):
        # "740 autres", "748 autres blessés": more of the same people.
        reading.inherit = reading.inherit or "group"
    group = _group_of_phrase(reading.np_text, ctx.main_country) if reading.np_text else None
    if reading.kind in ("weapons", "equipment"):
        # Whose aircraft or guns: a nationality in the phrase, else who sends or holds them.
        owner = _owner(doc, head or last)
        owner_group = _owner_group(owner, ctx) if owner is not None else None
        reading.group = group if group == "foreign_forces" else owner_group or group
    elif group and reading.group is None:
        reading.group = group
        reading.group_label = _strip_determiners(reading.np_text)
        if reading.kind == "deployed" and group == "security_forces":
            # "Le Rwanda a dépêché 1 000 soldats au Mozambique": another country's troops.
            reading.owner = _owner(doc, head or last)
    elif reading.kind in ("deployed", "participants") and (
        head is None or _key(head) & lx.GENERIC_PEOPLE
    ):
        # "les forces de la paix auront un effectif de 2 500 personnes": the subject's group.
        reading.group, reading.group_label = _possessor_group(head or last, ctx)
    if reading.subset and reading.inherit is None and reading.kind is None:
        reading.inherit = "kind"
    if reading.subset and reading.group is None:
        reading.inherit = "kind+group" if reading.kind is None else "group"
    return reading


_CIVIL_VEHICLES = lx._keys("véhicule véhicules voiture voitures camion camions bus autobus")
_SUBSET_MARKERS = frozenset({"dont", "lesquels", "lesquelles", "desquels", "desquelles"})
# Words after a bare number that show its noun was left out.
_ELLIPSIS_FOLLOWERS = frozenset({
    "selon", "dans", "a", "au", "aux", "en", "pour", "d'apres", ",", ".", ";", "et", "ou",
    "contre", "chez", "sur", "parmi",
})
# Nouns a number can go with that are never what a crisis figure counts.
_NOT_COUNTED = lx._keys(
    "pays villes ville régions région provinces province quartiers quartier districts district "
    "jours jour semaines semaine mois ans an années année heures heure minutes fois étapes "
    "étape tours tour points point reprises reprise côtés camps partis langues continents "
    "États"
)


def _part_of(doc: Doc, w: _Words, first: int, limit: int) -> Token | None:
    """The noun after "parmi les" right after a counted phrase."""
    n = len(w.folds)
    for i in range(first, min(limit, first + 5, n)):
        if w.folds[i] == "parmi":
            nxt = [j for j in range(i + 1, min(i + 4, n)) if w.pos[j] in ("NOUN", "ADJ", "VERB")]
            return doc[nxt[0]] if nxt else None
        if w.pos[i] in ("VERB", "AUX"):
            return None
    return None


_MODIFIERS = frozenset({"plus", "de", "d'", "au", "moins", "environ", "pres", "quelque", "pas",
                        "total", "un", "une", "jusqu'a", "entre", "en"})


def _object_of_verb(
    w: _Words, left: Sequence[int], head: Token | None
) -> tuple[str | None, str | None]:
    """A casualty verb just before the number (tokens ``left``), the number being its object."""
    words = [i for i in left if not w.spaces[i] and w.texts[i] not in "«»\"“”"]
    for i in reversed(words[-5:]):
        if w.folds[i] in _MODIFIERS:
            continue
        if w.pos[i] in ("VERB", "AUX"):
            if w.lemmas[i] == "perdre" and head is not None and _key(head) & (
                lx.KIND_NOUNS["deployed"] | lx.GENERIC_PEOPLE
            ):
                return "killed", w.texts[i]  # "a perdu 25 hommes"
            kind = _verb_kind_at(w, (i,), ("killed", "injured", "arrested", "displaced"))
            if kind:
                return kind, w.texts[i]
        return None, None
    return None, None


_HAVE_VERBS = lx._keys(
    "avoir compter comprendre totaliser réunir rassembler regrouper être atteindre aligner"
)


def _possessor_group(token: Token, ctx: _Context) -> tuple[str | None, str | None]:
    node = token
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            if not (_key(node) & _HAVE_VERBS):
                return None, None
            for child in node.children:
                if child.dep_ == "nsubj":
                    phrase = _strip_determiners(_phrase(_np_of(child)))
                    group = _group_of_phrase(phrase, ctx.main_country)
                    return (group, phrase) if group else (None, None)
            return None, None
    return None, None


def _left_word(w: _Words, left: Sequence[int], n: int) -> str | None:
    """The folded ``n``-th last word among the tokens ``left``."""
    words = [i for i in left if not w.puncts[i] and not w.spaces[i]]
    if len(words) >= n:
        return w.folds[words[-n]]
    return None


def _predicate_indices(w: _Words, start: int, stop: int) -> list[int]:
    """The predicate following a counted phrase in tokens [start, stop), up to the end of
    its clause."""
    out: list[int] = []
    for i in range(start, min(stop, len(w.folds))):
        if w.numbers[i] or w.folds[i] in _CLAUSE_BREAK_WORDS:
            break
        if w.texts[i] == "," and any(w.pos[j] == "VERB" for j in out):
            break
        out.append(i)
        if len(out) >= 10:
            break
    return out


def _left_kind(w: _Words, left: Sequence[int]) -> tuple[str | None, str | None]:
    """Kind from the few words before the number (tokens ``left``): the number is their
    object."""
    words = [i for i in left if not w.spaces[i] and w.texts[i] not in "«»\"“”"][-6:]
    for i in reversed(words):
        low, lemma = w.folds[i], w.lemmas[i]
        if low in _LEFT_NOUN_KINDS or lemma in _LEFT_NOUN_KINDS:
            return _LEFT_NOUN_KINDS.get(low) or _LEFT_NOUN_KINDS[lemma], w.texts[i]
        if w.pos[i] in ("VERB", "AUX") or w.tags[i] == "VERB":
            kind = _verb_kind_at(w, (i,), _VERB_KINDS + ("deployed", "participants"))
            if kind:
                return kind, w.texts[i]
        if low in ("fait", "faisant", "causant", "cause", "provoque", "provoquant"):
            continue  # "a fait 12 morts": the noun after decides
        if w.puncts[i] and w.texts[i] in ",;:":
            break
    return None, None


def _owner(doc: Doc, token: Token) -> Token | None:
    """The subject of the verb governing counted equipment: who sends, holds or takes it."""
    node = token
    for _ in range(4):
        if node.dep_ in ("obj", "nsubj:pass", "obl", "obl:arg", "nmod") and node.head.i != node.i:
            node = node.head
            if node.pos_ == "VERB":
                if _key(node) & _SEIZE_VERBS:
                    return None
                subjects = [c for c in node.children if c.dep_ in ("nsubj",)]
                return subjects[0] if subjects else None
        else:
            break
    return None


# --------------------------------------------------------------------------- source


def _np_of(token: Token) -> list[Token]:
    """The noun phrase headed by ``token`` (its subtree, without clauses and punctuation)."""
    keep = {token.i}
    for child in token.children:
        if child.dep_ in ("acl", "acl:relcl", "punct", "advcl", "ccomp", "conj", "cc",
                          "case", "nummod", "mark"):
            continue
        if child.dep_ == "appos" and child.pos_ != "PROPN":
            continue
        keep.update(t.i for t in child.subtree)
    # The contiguous run around the head, never across a comma, bracket or quote.
    doc = token.doc
    lo = hi = token.i
    while lo - 1 in keep and not _is_break(doc[lo - 1]):
        lo -= 1
    while hi + 1 in keep and not _is_break(doc[hi + 1]) and hi + 1 - token.i <= 12:
        hi += 1
    return [t for t in doc[lo : hi + 1] if not (t.is_punct and t.text not in "-'’")]


def _is_number(tok: Token) -> bool:
    """A numeral; "un"/"une" are spaCy numbers but nearly always articles."""
    return tok.like_num and fold(tok.text) not in ("un", "une")


def _is_break(tok: Token) -> bool:
    return tok.is_punct and tok.text not in "-'’." or _is_number(tok)


def _strip_determiners(text: str) -> str:
    return _DETERMINERS.sub("", text.strip()).strip(" ,«»\"“”")


_DETERMINERS = re.compile(
    r"^(?:(?:selon|les|le|la|un|une|des|du|de|ses|son|sa|leur|leurs|ce|cette|ces)\s+"
    r"|(?:l|d|qu)['’]\s*)+",
    flags=re.I,
)


def _name_of_source(tokens: Sequence[Token], ctx: _Context) -> str | None:
    """The name a source phrase stands for: a named entity in it, or the phrase."""
    if not tokens:
        return None
    doc = tokens[0].doc
    lo, hi = tokens[0].i, tokens[-1].i
    ents = [e for e in _info(doc).ents if e.start >= lo and e.end - 1 <= hi]
    head = tokens[0] if len(tokens) == 1 else min(tokens, key=lambda t: _depth(t))
    head_key = fold(head.text)
    if head_key in lx.SPEAKER_PRONOUNS or fold(_phrase(tokens)) in lx.SPEAKER_PRONOUNS:
        return ctx.last_source.name if ctx.last_source else None
    if head_key in lx.GENERIC_AUTHORITIES:
        country = _country_in(tokens) or ctx.main_country
        return _country_name(country) or ctx.main_place or _strip_determiners(_phrase(tokens))
    for label in ("PER", "ORG"):
        # "l'agence turque de gestion des catastrophes" is the agency, not "gestion …".
        named = [e for e in ents if e.label_ == label and (
            e.start <= head.i < e.end or head_key not in lx.ROLE_HEADS or e.text[:1].isupper())]
        if named and (label == "ORG" or head_key not in lx.NON_SOURCE_HEADS):
            return named[0].text
    phrase = _strip_determiners(_phrase(tokens))
    if head_key in ("source", "sources") and len(tokens) > 1 and any(
        t.pos_ == "ADJ" for t in tokens
    ):
        return phrase  # "des sources sécuritaires": anonymous, but a source
    if head_key in lx.NON_SOURCE_HEADS:
        # "une déclaration du ministère" → the ministry; "une déclaration" → unknown.
        rest = [t for t in tokens if t.i > head.i and t.pos_ in ("NOUN", "PROPN")]
        if rest:
            return _name_of_source(_np_of(rest[0]), ctx)
        return None
    if not phrase:
        return None
    if head.pos_ == "PROPN":
        return phrase
    # "le ministère", "le président": the body named in full earlier in the text.
    if len(tokens) <= 2 and head_key in ctx.roles:
        return ctx.roles[head_key]
    if len(tokens) <= 2 and head_key in ctx.bodies:
        return ctx.bodies[head_key]
    if head_key in ctx.roles and not any(e.label_ in ("PER", "ORG") for e in ents):
        # "le président du Kazakhstan": the person introduced with that role.
        return ctx.roles[head_key]
    return phrase


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def _country_in(tokens: Sequence[Token]) -> str | None:
    for tok in tokens:
        code = lx.DEMONYMS.get(fold(tok.text)) or lx.COUNTRY_NAMES.get(fold(tok.text))
        if code:
            return code
    return None


def _country_name(code: str | None) -> str | None:
    if code is None:
        return None
    for name, c in lx.COUNTRY_NAMES.items():
        if c == code:
            return _COUNTRY_DISPLAY.get(name, name.title())
    return None


_COUNTRY_DISPLAY = {fold(k): k for k in (
    "Russie", "Biélorussie", "Ukraine", "Kazakhstan", "France", "Turquie", "Chine", "Iran",
    "Israël", "Syrie", "Irak", "Liban", "Égypte", "Maroc", "Algérie", "Tunisie", "Libye",
    "Mali", "Niger", "Tchad", "Soudan", "Haïti", "Afghanistan", "Pakistan", "Inde",
    "États-Unis", "Arménie", "Géorgie", "Italie", "Espagne", "Allemagne", "Belgique",
)}


@dataclass(frozen=True)
class _Attribution:
    verb: Token | None  # the speech verb, or the preposition of "selon X"
    tokens: tuple[Token, ...]  # the source phrase
    name: str
    start: int  # sentence-relative char offsets of the whole attribution
    end: int


def _attributions(ps: ParsedSentence, ctx: _Context) -> list[_Attribution]:
    """Every "selon X", "X a déclaré que", "a déclaré X", "cité par X" in a sentence."""
    doc = ps.doc
    info = _info(doc)
    found: list[_Attribution] = []
    for i, by_preposition in _attribution_cues(info):
        tok = doc[i]
        phrase: list[Token] = []
        verb: Token | None = None
        if by_preposition:
            nxt = _next_content(doc, tok.i + 1)
            if nxt is not None:
                phrase = _np_of(_head_noun(nxt))
                verb = tok
        else:
            verb = tok
            clitic = _clitic_subject(doc, tok)
            if clitic is not None:
                # "a-t-elle précisé": the speaker named before.
                if found:
                    name = found[-1].name
                elif ctx.last_person or ctx.last_source:
                    name = ctx.last_person or ctx.last_source.name  # type: ignore[union-attr]
                else:
                    continue
                lo, hi = min(clitic.idx, tok.idx), max(clitic.idx + len(clitic.text),
                                                       tok.idx + len(tok.text))
                found.append(_Attribution(tok, (clitic,), name, lo, hi))
                continue
            if _follows_comma_or_quote(doc, tok):
                # "…, a annoncé mercredi le ministère": the speaker comes after the verb.
                phrase = _inverted_subject(doc, tok)
            if not phrase and fold(tok.lemma_) == "citer":
                agent = [c for c in tok.children if c.dep_ == "obl:agent"]
                objects = [c for c in tok.children if c.dep_ == "obj"]
                target = agent or objects
                if target:
                    phrase = _np_of(target[0])
            if not phrase:
                # "Aucune victime n'a été signalée": a passive subject is what is said.
                subjects = [c for c in tok.children if c.dep_ == "nsubj"]
                subjects = subjects or [c for c in tok.children if c.dep_ == "obl:agent"]
                if any(c.dep_ == "nsubj:pass" for c in tok.children) and not subjects:
                    continue
                if not subjects and tok.dep_ in ("conj", "xcomp", "advcl"):
                    subjects = [c for c in tok.head.children if c.dep_ == "nsubj"]
                phrase = _np_of(subjects[0]) if subjects else _inverted_subject(doc, tok)
        if not phrase or verb is None:
            continue
        if fold(_phrase(phrase)) in _NOT_SPEAKERS:
            continue
        if found and fold(_phrase(phrase)) in lx.SPEAKER_PRONOUNS:
            name = found[-1].name  # "X a déclaré …, dont il a dit …": the same speaker
        else:
            name = _name_of_source(phrase, ctx)
        if not name:
            continue
        lo = min(phrase[0].idx, verb.idx)
        hi = max(phrase[-1].idx + len(phrase[-1].text), verb.idx + len(verb.text))
        found.append(_Attribution(verb, tuple(phrase), name, lo, hi))
    return found


def _attribution_cues(info: _DocInfo) -> list[tuple[int, bool]]:
    """Tokens that may open an attribution: ("selon" or "d'après", True), (a speech verb,
    False); read from the token arrays, as most tokens are neither."""
    cues = []
    folds, lemmas, pos = info.folds, info.lemmas, info.pos
    for i, low in enumerate(folds):
        if low in ("selon", "d'apres", "apres") and (
            low != "apres" or (i > 0 and folds[i - 1] == "d'")
        ):
            cues.append((i, True))
        elif pos[i] in ("VERB", "AUX") and (
            low in lx.SPEECH_VERBS or lemmas[i] in lx.SPEECH_VERBS
            or (lemmas[i] == "faire" and i + 1 < len(folds) and folds[i + 1] == "etat")
        ):
            cues.append((i, False))
    return cues


def _next_content(doc: Doc, i: int) -> Token | None:
    for tok in doc[i : i + 6]:
        if tok.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok
    return None


def _head_noun(tok: Token) -> Token:
    """Climb compound names ("Orda.kz", "bureau du procureur") to the phrase head."""
    node = tok
    while node.dep_ in ("flat:name", "flat", "compound", "fixed") and node.head.i != node.i:
        node = node.head
    return node


def _inverted_subject(doc: Doc, verb: Token) -> list[Token]:
    """"…, a déclaré M. Tokaev", "rapporte Interfax", "a annoncé mercredi le ministère",
    "a écrit sur Telegram le gouverneur X": the subject after the verb, past the adverbs,
    dates and prepositional phrases between."""
    i = verb.i + 1
    while i < min(len(doc), verb.i + 12):
        tok = doc[i]
        low = fold(tok.text)
        if tok.text in (":", "«", '"', "“") or low in ("que", "qu'"):
            return []
        if low in _TIME_WORDS or tok.pos_ in ("ADV", "PUNCT", "SPACE"):
            i += 1
            continue
        if tok.pos_ == "ADP":
            # Skip a prepositional phrase ("sur Telegram", "dans un communiqué", "à l'AFP").
            i += 1
            while i < len(doc) and doc[i].pos_ in ("DET", "NOUN", "PROPN", "ADJ") and not (
                doc[i].pos_ == "DET" and doc[i - 1].pos_ in ("NOUN", "PROPN")
            ):
                i += 1
            continue
        if tok.pos_ in ("DET", "PROPN", "NOUN"):
            head = tok
            while head.pos_ == "DET" and head.i + 1 < len(doc):
                head = doc[head.i + 1]
            ent = [e for e in _info(doc).ents
                   if e.start <= head.i < e.end and e.label_ in ("PER", "ORG")]
            if ent:
                return list(doc[ent[0].start : ent[0].end])
            return _np_of(head) if head.pos_ in ("PROPN", "NOUN") else []
        return []
    return []


_TIME_WORDS = lx._keys(
    "lundi mardi mercredi jeudi vendredi samedi dimanche hier aujourd'hui soir matin "
    "après-midi nuit dimanche encore également aussi ensuite"
)
# Subjects of a speech verb that are never the source of a figure.
_NOT_SPEAKERS = lx._keys("on certains certaines plusieurs d'autres tous chacun")


def _clitic_subject(doc: Doc, verb: Token) -> Token | None:
    """The "-il"/"-elle" of "a-t-il déclaré", "précise-t-elle"."""
    window = list(doc[max(0, verb.i - 3) : verb.i + 3])
    for tok in window:
        if fold(tok.text).lstrip("-t") in ("il", "elle", "ils", "elles") and tok.text.startswith(
            "-"
        ):
            return tok
    return None


def _follows_comma_or_quote(doc: Doc, verb: Token) -> bool:
    i = verb.i - 1
    while i >= 0 and doc[i].pos_ == "AUX":
        i -= 1
    return i >= 0 and doc[i].text in (",", "»", "”", '"', "›")


def _source_for(
    ps: ParsedSentence, reading: _Reading, attributions: list[_Attribution], ctx: _Context,
    after: tuple[int, int] | None = None,
) -> Source | None:
    """The "selon X" right after this number ("806 000 selon la police"), else the
    attribution that governs it, else the sentence's, else the paragraph's or block's."""
    base = ps.sentence.start
    if attributions:
        q_rel = reading.quantity.start - base
        own = [a for a in attributions if after and fold(a.verb.text) in ("selon", "apres")
               and after[0] - base <= a.start < after[1] - base] if after else []
        num = _tokens_in(ps.doc, q_rel, reading.quantity.end - base)
        ancestors = {a.i for t in num for a in t.ancestors} if num else set()
        governing = [a for a in attributions if a.verb is not None and a.verb.i in ancestors]
        chosen = own[0] if own else governing[0] if governing else None
        if chosen is None:
            before = [a for a in attributions if a.start <= q_rel]
            chosen = before[-1] if before else attributions[0]
        text = _text(ps.doc)[chosen.start : chosen.end]
        return Source(chosen.name, None, text, (chosen.start + base, chosen.end + base))
    return ctx.paragraph_source.get(ps.sentence.paragraph) or ctx.block_source.get(
        ps.sentence.block)


# --------------------------------------------------------------------------- place


def _places_in(ps: ParsedSentence, excluded: Sequence[tuple[int, int]]) -> list[_Ent]:
    """Entities of a sentence that say where, not who ("La Russie envoie" is a sender).

    spaCy's label is not trusted alone: a LOC that the gazetteer does not know and
    that is not capitalised is dropped ("coup d'État"), and a name tagged PER or
    MISC that the gazetteer knows as a place is kept ("Alma-Ata").
    """
    out = []
    info = _info(ps.doc)
    for ent in info.ents:
        if ent.label_ not in ("LOC", "PER", "MISC"):
            continue  # is_place() cannot change the verdict below: skip the lookup
        known = _is_place(ent.text)
        if ent.label_ != "LOC" and not (known and ent.label_ in ("PER", "MISC")):
            continue
        if not known and fold(ent.text) in _NOT_PLACES:
            continue
        if any(ent.start_char < e and ent.end_char > s for s, e in excluded):
            continue
        if _an_example(ps.doc, info, ent.start):
            continue  # "notamment à Almaty": an example, not the scope of the figure
        root = ps.doc[ent.start : ent.end].root
        if root.dep_ in ("nsubj", "nsubj:pass") and root.head.pos_ == "VERB" and not (
            _key(root.head) & lx.KIND_VERBS["affected"]
        ):
            continue
        out.append(ent)
    return out


def _an_example(doc: Doc, info: _DocInfo, at: int) -> bool:
    """True when the place at token ``at`` follows "notamment", "dont", "comme"…: one
    place among others. Not after "dont" and a number ("806 000 manifestants, dont
    65 000 à Paris"): there the place is where that part was counted."""
    first = max(0, at - 7)
    marks = [i for i in range(first, at) if info.folds[i] in _INCLUSIVE]
    if not marks:
        return False
    last = marks[-1]
    return not (info.folds[last] == "dont"
                and any(doc[i].like_num for i in range(last + 1, at)))


@lru_cache(maxsize=1 << 14)
def _is_place(name: str) -> bool:
    """:func:`is_place`, remembered: the same names come back in every sentence."""
    return is_place(name)


_INCLUSIVE = frozenset({"notamment", "surtout", "particulier", "compris", "dont",
                        "principalement", "comme"})
_NOT_PLACES = frozenset({"etat", "republique", "nation", "pays", "capitale", "ville"})


def _country_scope(text: str) -> bool:
    """"dans le pays", "à travers le pays", "dans tout le pays": the whole country."""
    return bool(_COUNTRY_SCOPE.search(fold(text)))


_COUNTRY_SCOPE = re.compile(r"\b(?:dans|a travers|de|du|partout dans|sur)\s+(?:tout\s+)?"
                            r"(?:le|l'ensemble du)\s+(?:pays|territoire)\b|\bdu pays\b")


def _place_for(
    ps: ParsedSentence, q: Quantity, after: tuple[int, int], lead_end: int,
    places: list[Span], ctx: _Context,
) -> Place | None:
    """Where a figure is about: after the number in its clause, else the sentence's lead
    ("À Atyrau, ..."), else "dans le pays", else the paragraph's place, else the document's."""
    base = ps.sentence.start
    lo, hi = after[0] - base, after[1] - base
    own = [p for p in places if p.start_char >= lo and p.end_char <= hi]
    lead = [p for p in places if p.end_char <= lead_end - base]
    text = _text(ps.doc)
    if own:
        chosen, basis = min(own, key=lambda p: p.start_char), "clause"
    elif _country_scope(text[lo:hi]):
        return Place(ctx.main_place, basis="clause") if ctx.main_place else None
    elif lead:
        chosen, basis = lead[-1], "sentence"
    elif _country_scope(text[: lead_end - base]):
        return Place(ctx.main_place, basis="sentence") if ctx.main_place else None
    else:
        carried = ctx.paragraph_place.get(ps.sentence.paragraph)
        if carried is not None:
            return replace(carried, basis="sentence")
        return Place(ctx.main_place, basis="document") if ctx.main_place else None
    return Place(chosen.text, span=(chosen.start_char + base, chosen.end_char + base),
                 basis=basis)


# --------------------------------------------------------------------------- period


def _period_for(q: Quantity, sentence: Sentence, dates: Sequence[DateMention],
                published: str | None) -> Period | None:
    inside = [d for d in dates if sentence.start <= d.start < sentence.end and d.date]
    if inside:
        best = min(inside, key=lambda d: abs(d.start - q.start))
        start, end = _date_bounds(best.date or "")
        if best.relation == "until":
            return Period(None, end, best.text)
        if best.relation == "since":
            return Period(start, None, best.text)
        return Period(start, end, best.text)
    if published:
        return Period(published, published, None, basis="document")
    return None


def _date_bounds(iso: str) -> tuple[str, str]:
    """First and last day of a YYYY, YYYY-MM or YYYY-MM-DD date."""
    import calendar

    parts = iso.split("-")
    if len(parts) == 1:
        return f"{iso}-01-01", f"{iso}-12-31"
    if len(parts) == 2:
        last = calendar.monthrange(int(parts[0]), int(parts[1]))[1]
        return f"{iso}-01", f"{iso}-{last:02d}"
    return iso, iso


# --------------------------------------------------------------------------- driver


def _register_names(ps: ParsedSentence, ctx: _Context) -> None:
    """Remember "le président X" and "le ministère de Y" to resolve later bare mentions."""
    doc = ps.doc
    info = _info(doc)
    for ent in info.ents:
        if ent.label_ == "PER" and len(ent.text.split()) >= 2:
            ctx.last_person = ent.text
        if ent.label_ == "PER":
            for i in range(max(0, ent.start - 4), ent.start):
                if info.pos[i] == "NOUN" and info.folds[i] in lx.ROLE_HEADS:
                    ctx.roles[info.folds[i]] = ent.text
        elif ent.label_ == "ORG":
            head = fold(doc[ent.start : ent.end].root.text)
            ctx.bodies[head] = _strip_determiners(ent.text)
    for i, key in enumerate(info.folds):
        if key in lx.ROLE_HEADS and info.pos[i] == "NOUN":
            tok = doc[i]
            name = _name_after_role(doc, tok)
            if name:
                ctx.roles[key] = name
            # The latest full mention is what a later bare "le ministère" refers to.
            phrase = _np_of(tok)
            if len(phrase) >= 3:
                ctx.bodies[key] = _strip_determiners(_phrase(phrase))


def _name_after_role(doc: Doc, role: Token) -> str | None:
    """"le président du Kazakhstan Kassym-Jomart Tokayev": the name a role introduces."""
    i = role.i + 1
    limit = min(len(doc), role.i + 6)
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
        return _phrase(run)
    return None


def _group_cues(ps: ParsedSentence, ctx: _Context) -> None:
    """Remember which groups the text has named, for pronouns ("Ils ont pris ...")."""
    info = _info(ps.doc)
    for i, key in enumerate(info.folds):
        if key in _GROUP_SINGLE_WORDS and info.pos[i] in ("NOUN", "PROPN", "ADJ"):
            text = ps.doc[i].text
            group = _group_of_phrase(text, ctx.main_country)
            if group:
                ctx.group_nouns.append((group, text))


def _claim_id(doc_id: str, q: Quantity, kind: str) -> str:
    return "c" + content_hash(f"{doc_id}:{q.start}:{q.end}:{kind}")[:12]


def extract_claims(
    document: Document,
    parsed: Sequence[ParsedSentence],
    dates: Sequence[DateMention] = (),
    *,
    main_place: str | None = None,
    main_country: str | None = None,
) -> list[Claim]:
    """Every quantitative claim of one document, in text order."""
    ctx = _Context(main_place=main_place, main_country=main_country,
                   published=document.published)
    for ps in parsed:
        _register_names(ps, ctx)
        _read_sentence(document, ps, dates, ctx)
        _group_cues(ps, ctx)
    spans = heading_spans(parsed)
    headings = {c.id for c in ctx.claims if c.sentence_span in spans}
    return _harmonise(ctx.claims, headings)


def heading_spans(parsed: Sequence[ParsedSentence]) -> set[tuple[int, int]]:
    return {(p.sentence.start, p.sentence.end) for p in parsed if p.sentence.heading}


def _read_sentence(
    document: Document, ps: ParsedSentence, dates: Sequence[DateMention], ctx: _Context
) -> None:
    s = ps.sentence
    quantities = [
        q for q in _counts(document.text, s.start, s.end) + _single_counts(ps)
        if not document.in_boilerplate(q.start, q.end)
    ]
    quantities.sort(key=lambda q: q.start)
    attributions = _attributions(ps, ctx)
    excluded = [(a.start, a.end) for a in attributions]  # sentence-relative, as the ents
    excluded += [(e.start_char, e.end_char) for e in _info(ps.doc).ents if e.label_ == "ORG"]
    places = _places_in(ps, excluded)
    readings = []
    for n, q in enumerate(quantities):
        window_start = quantities[n - 1].end if n else s.start
        window_end = quantities[n + 1].start if n + 1 < len(quantities) else s.end
        readings.append(_read_quantity(ps, q, window_end, window_start, ctx))
    _share_coordinated_kinds(ps, readings)
    previous = ctx.claims[-1] if ctx.claims else None
    lead_end = quantities[0].start if quantities else s.end
    for n, reading in enumerate(readings):
        q = reading.quantity
        after = (q.end, quantities[n + 1].start if n + 1 < len(quantities) else s.end)
        same_sentence_prev = previous if previous and previous.sentence_span == (
            s.start, s.end) else None
        if reading.inherit in ("kind", "kind+group") and same_sentence_prev:
            reading.kind = reading.kind or same_sentence_prev.kind
        if reading.kind is None and reading.inherit == "antecedent":
            group, label = _antecedent(ps, q, ctx)
            if group:
                reading.kind = "participants" if group == "protesters" else "deployed"
                reading.group, reading.group_label = group, label
        if reading.kind is None or (reading.kind == "other" and q.low is None):
            continue  # "plusieurs affrontements": too vague to count things
        if reading.group is None and reading.inherit in ("group", "kind+group") and previous:
            reading.group, reading.group_label = previous.group, previous.group_label
        if reading.group is None and reading.bare_kind_noun and same_sentence_prev and \
                same_sentence_prev.group != "all" and _coordinated(ps, same_sentence_prev, q):
            # "Deux civils ont été tués et cinq blessés": the same people.
            reading.group = same_sentence_prev.group
            reading.group_label = same_sentence_prev.group_label
        if reading.group is None and re.search(r"\b(?:dans|de) (?:ses|leurs) rangs\b",
                                               fold(s.text)):
            # "… 25 morts dans ses rangs": the speaker's own people.
            speaker = next((a for a in attributions), None)
            if speaker is not None:
                reading.group = _group_of_phrase(_phrase(speaker.tokens), ctx.main_country)
        if reading.group is None and reading.kind == "participants":
            reading.group = "protesters"  # a crowd counted at a protest or riot
        if reading.group is None and reading.kind in ("weapons", "equipment") and previous \
                and previous.kind == reading.kind and previous.group != "all":
            reading.group, reading.group_label = previous.group, previous.group_label
        place = _place_for(ps, q, after, lead_end, places, ctx)
        if reading.owner is not None and _foreign_owner(reading.owner, place, ctx, places):
            reading.group = "foreign_forces"
        claim = Claim(
            id=_claim_id(document.id, q, reading.kind),
            doc=document.id,
            kind=reading.kind,
            group=reading.group or "all",
            group_label=reading.group_label if reading.group else None,
            low=q.low,
            high=q.high,
            qualifier=q.qualifier,
            quantity_text=q.text,
            place=place,
            period=_period_for(q, s, dates, document.published),
            source=_source_for(ps, reading, attributions, ctx, after),
            outlet=document.outlet,
            sentence=s.text,
            span=(q.start, q.end),
            sentence_span=(s.start, s.end),
            subset_of=previous.id if reading.subset and previous else None,
            cue=reading.cue,
        )
        ctx.claims.append(claim)
        previous = claim
    _carry_context(ps, attributions, places, ctx)


def _counts(text: str, start: int, end: int) -> list[Quantity]:
    """Counts of a sentence; "plusieurs policiers" is a vague count too."""
    out = []
    for q in find_quantities(text, start, end):
        if q.role == "count":
            out.append(q)
        elif q.role == "other" and fold(q.text).startswith("plusieurs"):
            out.append(replace(q, role="count", qualifier="vague", low=None, high=None))
    return out


_ONE = frozenset({"un", "une"})
_PERSON_NOUNS = lx.GENERIC_PEOPLE | lx.KIND_NOUNS["deployed"] | lx._keys(
    "homme femme enfant garçon fille bébé adolescent adolescente jeune civil civile passant "
    "passante habitant habitante touriste journaliste photographe manifestant manifestante "
    "policier policière gendarme soldat militaire agent pompier secouriste otage détenu "
    "prisonnier ressortissant randonneur pêcheur ouvrier élève étudiant étudiante"
)


def _single_counts(ps: ParsedSentence) -> list[Quantity]:
    """"Un gendarme a été tué": the article counts one person when a casualty verb says so."""
    out = []
    base = ps.sentence.start
    info = _info(ps.doc)
    for i, key in enumerate(info.folds):
        if key not in _ONE or info.deps[i] != "det":
            continue
        tok = ps.doc[i]
        noun = tok.head
        if noun.i != tok.i + 1 or not (_key(noun) & _PERSON_NOUNS):
            continue
        verb = noun.head
        if noun.dep_ not in ("nsubj", "nsubj:pass") or not _verb_kind(
            [verb], ("killed", "injured", "missing", "arrested")
        ):
            continue
        start = tok.idx + base
        out.append(Quantity(start, start + len(tok.text), tok.text, 1, 1, "exact", start,
                            start + len(tok.text)))
    return out


def _coordinated(ps: ParsedSentence, previous: Claim, q: Quantity) -> bool:
    between = _text(ps.doc)[previous.span[1] - ps.sentence.start : q.start - ps.sentence.start]
    return bool(re.search(r"(?:^|\s)(?:et|,)\s", f" {between} ")) and len(between) < 80


def _foreign_owner(
    owner: Token, place: Place | None, ctx: _Context, places: Sequence[Span] = ()
) -> bool:
    """Is the sender a country other than the one the figure is about?"""
    text = _strip_determiners(_phrase(_np_of(owner)))
    code = lx.COUNTRY_NAMES.get(fold(text)) or _country_in(_np_of(owner))
    if code is None:
        return False
    candidates = [place.name] if place is not None else []
    candidates += [p.text for p in places]
    for name in candidates:
        geo = geocode(name)
        if geo is not None and geo.country:
            return code != geo.country
    return ctx.main_country is not None and code != ctx.main_country


def _share_coordinated_kinds(ps: ParsedSentence, readings: list[_Reading]) -> None:
    """"18 policiers et des dizaines de manifestants tués": one predicate for both."""
    base = ps.sentence.start
    for this, nxt in zip(readings[::-1][1:], readings[::-1], strict=False):
        if this.kind is not None or nxt.kind is None:
            continue
        between = _tokens_in(ps.doc, this.quantity.end - base, nxt.quantity.start - base)
        words = {fold(t.text) for t in between}
        if words & {"et", "ou", ","} and not any(t.pos_ in ("VERB", "AUX") for t in between):
            this.kind, this.cue = nxt.kind, nxt.cue


def _carry_context(
    ps: ParsedSentence, attributions: list[_Attribution], places: list[Span], ctx: _Context
) -> None:
    """What a sentence establishes for the sentences after it.

    A source carries to the rest of its paragraph ("En outre, 18 policiers ...");
    given in the first sentence of a block, it frames the whole block (a live-blog
    entry "…, selon Orda.kz" and the items under it). An unattributed quotation
    belongs to the last speaker.
    """
    s = ps.sentence
    if attributions:
        src = attributions[-1]
        source = Source(src.name, None, _text(ps.doc)[src.start : src.end])
        ctx.paragraph_source[s.paragraph] = source
        if s.block not in ctx.block_seen:
            ctx.block_source[s.block] = source
        else:
            # Once the block quotes someone else, its opening attribution no longer frames it.
            ctx.block_source.pop(s.block, None)
        ctx.last_source = source
    elif s.text.lstrip()[:1] in "«\"“" and ctx.last_source:
        ctx.paragraph_source.setdefault(s.paragraph, ctx.last_source)
        if s.block not in ctx.block_seen:
            ctx.block_source[s.block] = ctx.last_source
    ctx.block_seen.add(s.block)
    if places:
        ctx.paragraph_place[s.paragraph] = Place(places[0].text, basis="sentence")


def _antecedent(ps: ParsedSentence, q: Quantity, ctx: _Context) -> tuple[str | None, str | None]:
    """The group a plural pronoun stands for: the nearest group noun before it."""
    rel = q.start - ps.sentence.start
    for tok in reversed([t for t in ps.doc if t.idx < rel]):
        if tok.pos_ in ("NOUN", "PROPN", "ADJ"):
            phrase = _phrase(_np_tokens(ps.doc, tok.i, len(ps.doc))) or tok.text
            group = _group_of_phrase(tok.text, ctx.main_country)
            if group:
                return group, phrase
    if ctx.group_nouns:
        return ctx.group_nouns[-1]
    return None, None


def _owner_group(owner: Token, ctx: _Context) -> str | None:
    text = _phrase(_np_of(owner))
    code = lx.COUNTRY_NAMES.get(fold(_strip_determiners(text))) or _country_in(_np_of(owner))
    if code and code != ctx.main_country:
        return "foreign_forces"
    if fold(owner.text) in ("ils", "elles"):
        return ctx.group_nouns[-1][0] if ctx.group_nouns else None
    return _group_of_phrase(text, ctx.main_country)


def _harmonise(claims: list[Claim], headings: set[str] | None = None) -> list[Claim]:
    """The same figure said twice in one article (headline, then body) is one reading.

    A headline or a repeated figure often lacks the group, place or source that
    the fuller sentence gives; the fuller reading is copied to the thinner one.
    """
    by_value: dict[tuple, list[int]] = {}
    for i, c in enumerate(claims):
        by_value.setdefault((c.kind, c.low, c.high, c.qualifier), []).append(i)
    out = list(claims)
    for indices in by_value.values():
        if len(indices) < 2:
            continue
        specific = [out[i] for i in indices if out[i].group != "all"]
        sourced = [out[i] for i in indices if out[i].source is not None]
        body = [out[i] for i in indices if out[i].id not in (headings or set())]
        for i in indices:
            c = out[i]
            if c.group == "all" and specific:
                c = replace(c, group=specific[0].group, group_label=specific[0].group_label)
            if c.source is None and sourced:
                c = replace(c, source=sourced[0].source)
            if headings and c.id in headings and body and body[0].place is not None:
                c = replace(c, place=body[0].place)
            out[i] = c
    return out
