"""The extract stage's speed-ups read exactly what the slow paths read (issue #7).

- ``quantities._search_core`` tries the number pattern only where ``_MAY_START`` says a
  number may start: it must find what ``_CORE.search`` finds, from every position;
- cues anchored at the end of the words before a number (``quantities._EndCue``) are
  searched only from the start of their last few chunks (``quantities._before``): they must
  find what a search of the whole window finds;
- ``mentions.rules(lang)`` run only on sentences their gate (the rule's third field) lets through:
  a gate must let through every sentence its rule matches;
- ``claims.tokens.info`` and ``claims.tokens.words`` read a Doc once into tuples: they must say what
  the Doc says.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe.extract import mentions as mm
from recoupe.extract import quantities as qm
from recoupe.extract.claims.tokens import info as _info
from recoupe.extract.claims.tokens import is_number, is_word
from recoupe.extract.claims.tokens import words as _words
from recoupe.lang import load
from recoupe.textfold import word_key as fold

FR = load("fr")

SENTENCES = [
    "Au moins vingt-six personnes ont été tuées et plus de 3 211 blessées mardi.",
    "La moitié des habitants, soit deux tiers du village, ont fui vers Alep.",
    "Des dizaines de milliers de manifestants ont défilé ; plusieurs centaines ont été arrêtés.",
    "Le troisième bilan, publié le 7/01/2022 à 20h00, fait état de quatre-vingt-dix morts.",
    "Selon le XXIe rapport, une quinzaine de blindés et 12 A320 ont été touchés par le COVID-19.",
    "Quelques « milliers » de réfugiés ; de nombreuses dizaines de blessés ; par centaines.",
    "Le vingt-et-unième jour, les Ier et IIe régiments ont compté 2,5 millions de déplacés.",
    "Appelez le +33 1 23 45 67 89 : un ou deux secouristes, les trois quarts des élèves.",
    "Cent cinquante soldats, mille policiers, ſix cents pompiers et zéro victime.",
]


def _matches(pattern_search, text: str) -> list[tuple[int, tuple[int, int], str | None]]:
    out = []
    for pos in range(len(text) + 1):
        m = pattern_search(text, pos)
        out.append((pos, m.span() if m else (-1, -1), m.lastgroup if m else None))
    return out


@pytest.mark.parametrize("text", SENTENCES)
def test_search_core_finds_what_core_search_finds(text: str) -> None:
    assert _matches(qm._search_core, text) == _matches(qm._CORE.search, text)


_PIECES = st.sampled_from([
    "un", "Une", "deux", "vingt-six", "la", "moitié", "sa", "leur", "les", "tiers", "quart",
    "de", "nombreuses", "des", "par", "dizaines", "«", "»", "plusieurs", "quelques", "premier",
    "troisième", "XXIe", "Ier", "Ve", "Vers", "COVID-19", "A320", "G7", "45e", "3", "3 211",
    "2,5", "millions", "+33", "20h00", "2/3", "neuf", "centre", "unité", "-", "_", "'", "é",
    "Milan", "Kiev", "a1", "x-", "٣",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PIECES, st.sampled_from([" ", "", "-", "\n", "  "])), max_size=10))
def test_search_core_agrees_on_generated_text(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + sep for word, sep in parts)
    assert _matches(qm._search_core, text) == _matches(qm._CORE.search, text)


_END_CUES = sorted(
    (name, cue) for name, cue in vars(qm).items() if isinstance(cue, qm._EndCue)
)
BEFORE_NUMBERS = [
    "selon un bilan de l'ordre de « ",
    "de l' ordre de « ",
    "à tout le moins “",
    "à l'échelle de Richter de ",
    "des jeunes gens d'",
    "de l' âge de ",
    "il y a ",
    "depuis l'an ",
    "à partir de ",
    "le séisme, à l'échelle de Richter de ",
    "un homme âgé d'une quarantaine d'années, les jeunes gens de ",
    "condamné à une peine, il y a ",
    "jusqu' à ",
    "il a été vu lundi   matin\n",
    "au total, l’article n° ",
    "Le vol du Boeing\u00a0",
    "coût estimé à US$ ",
    "à partir de ",
    "(",
    "",
    "  ",
]


def _end_matches(search, text: str) -> list[tuple[int, int, tuple[int, int], str | None]]:
    out = []
    for lo in range(len(text) + 1):
        for hi in range(lo, len(text) + 1):
            m = search(text, lo, hi)
            out.append((lo, hi, m.span() if m else (-1, -1), m.lastgroup if m else None))
    return out


def _same_end_matches(text: str) -> None:
    for name, cue in _END_CUES:
        old = _end_matches(cue.pattern.search, text)
        new = _end_matches(lambda t, lo, hi, cue=cue: qm._before(t, lo, hi).ends_with(cue), text)
        assert new == old, name


def test_every_end_cue_is_listed() -> None:
    assert {name for name, _ in _END_CUES} >= {
        "_PREFIX", "_ID_BEFORE", "_YEAR_CUE", "_MONTH_BEFORE", "_PREV_WORD", "_AGE_BEFORE"
    }


@pytest.mark.parametrize("text", BEFORE_NUMBERS)
def test_end_cues_find_what_a_window_search_finds(text: str) -> None:
    _same_end_matches(text)


_END_PIECES = st.sampled_from([
    "au", "Au", "moins", "plus", "ou", "de", "d'", "l'", "l’", "ordre", "«", "jusqu'", "à",
    "échelle", "Richter", "lundi", "matin", "n°", "#", "art.", "jeunes", "gens", "âge", "il",
    "y", "a", "condamné", "partir", "janvier", "US$", "€", "(", ",", "Boeing", "les",
    "pendant", "environ", "entre", "12", "x", "é", "-",
])
_SEPARATORS = st.sampled_from([" ", "", "  ", "\n", "\u00a0", "\u202f", "\t "])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_END_PIECES, _SEPARATORS), max_size=6))
def test_end_cues_agree_on_generated_text(parts: list[tuple[str, str]]) -> None:
    _same_end_matches("".join(word + sep for word, sep in parts))


RULE_SENTENCES = [
    "Moreau a déclaré que la ville était calme.",
    "Ce soir-là, Lina avait dit non.",
    "Selon la radio, Paul aurait annoncé sa démission.",
    "Un chef connu sous le nom de « Le Faucon » est en fuite.",
    "Une cheffe connue sous le surnom de “Rosa Noire” est en fuite.",
    "Une militante surnommée “Rosa” a été interpellée.",
    "Son adjoint, alias \"Nino\", a été interpellé.",
    "L'ONU a alerté.",
    "Le ministère de l'Intérieur a confirmé.",
    "Le ministere de la Défense a confirmé.",
    "Le bureau du procureur général a confirmé.",
    "Le parquet de la Somme s'est saisi de l'affaire.",
    "Le comité de la Croix-Rouge s'est réuni.",
    "La préfecture de la Gironde a publié un bilan.",
    "La mairie de la Ville a publié un bilan.",
    "aucune règle ici, rien à signaler.",
]


def _rule_matches(text: str) -> list[tuple[int, bool, bool]]:
    return [
        (k, bool(pattern.search(text)), bool(gate.search(text)))
        for k, (_, pattern, gate) in enumerate(mm.rules(FR))
    ]


@pytest.mark.parametrize("text", RULE_SENTENCES)
def test_a_gate_lets_through_what_its_rule_matches(text: str) -> None:
    assert all(gate for _, matched, gate in _rule_matches(text) if matched)


def test_gate_table_exercises_every_rule() -> None:
    matched = {k for text in RULE_SENTENCES for k, hit, _ in _rule_matches(text) if hit}
    assert matched == set(range(len(mm.rules(FR))))
    assert not any(gate for _, _, gate in _rule_matches(RULE_SENTENCES[-1]))


_RULE_PIECES = st.sampled_from([
    "Moreau", "Lina", "a", "avait", "aurait", "déclaré", "dit", "annoncé", "ditx", "connu",
    "connue", "sous", "le", "nom", "surnom", "de", "surnommé", "alias", "«", "“", '"',
    "Le Faucon", "ONU", "OK", "TV", "ABCDEFG", "Ab", "ministère", "ministere", "bureau",
    "parquet", "comité", "préfecture", "mairie", "santé", "la", "l'", "du", "procureur",
    "général", "pays", "Paris", "Intérieur", "É", "x",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_RULE_PIECES, st.sampled_from([" ", "", "  ", ",", "\n"])),
                max_size=10))
def test_gates_agree_on_generated_text(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + sep for word, sep in parts)
    assert all(gate for _, matched, gate in _rule_matches(text) if matched)


@pytest.mark.parametrize("text", [
    "Le ministère de la Santé a annoncé mercredi 14 morts à Kharkiv.",
    "« Nous avons arrêté 52 émeutiers », a déclaré le préfet Jean Martin.",
    "Deux  policiers et un gendarme ont été blessés à Saint-Denis, selon la préfecture.",
])
def test_doc_info_says_what_the_doc_says(nlp, text: str) -> None:
    doc = nlp(text)
    info = _info(doc)
    assert info is _info(doc)  # computed once per Doc
    assert (info.text, info.folds, info.lemmas, info.pos, info.deps, info.idxs) == (
        doc.text,
        tuple(fold(t.text) for t in doc),
        tuple(fold(t.lemma_) for t in doc),
        tuple(t.pos_ for t in doc),
        tuple(t.dep_ for t in doc),
        tuple(t.idx for t in doc),
    )
    assert [(e.start, e.end, e.label_, e.text, e.start_char, e.end_char) for e in info.ents] == [
        (e.start, e.end, e.label_, e.text, e.start_char, e.end_char) for e in doc.ents
    ]
    words = _words(doc, FR)
    assert words is _words(doc, FR)
    assert (words.text, words.folds, words.lemmas, words.pos, words.idxs) == (
        info.text, info.folds, info.lemmas, info.pos, info.idxs
    )
    assert (words.texts, words.tags, words.spaces, words.puncts, words.numbers, words.words) == (
        tuple(t.text for t in doc),
        tuple(t.tag_ for t in doc),
        tuple(t.is_space for t in doc),
        tuple(t.is_punct for t in doc),
        tuple(is_number(t, FR) for t in doc),
        tuple(is_word(t) for t in doc),
    )
