"""The extract stage's speed-ups read exactly what the slow paths read (issue #7).

- ``quantities._search_core`` tries the number pattern only where ``_MAY_START`` says a
  number may start: it must find what ``_CORE.search`` finds, from every position;
- ``claims._info`` reads a Doc once into tuples: they must say what the Doc says.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe.extract import quantities as qm
from recoupe.extract.claims import _info
from recoupe.extract.lexicon import fold

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


@pytest.mark.parametrize("text", [
    "Le ministère de la Santé a annoncé mercredi 14 morts à Kharkiv.",
    "« Nous avons arrêté 52 émeutiers », a déclaré le préfet Jean Martin.",
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
