"""Which sentences get which spaCy components (issue 7: spend the parser where it pays)."""

from __future__ import annotations

import pytest

from recoupe.nlp import may_name, needs_parse, parse_sentences
from recoupe.nlp.segment import Sentence

STOP = frozenset({"les", "la", "le", "selon", "dans", "au", "des"})


@pytest.mark.parametrize(("text", "expected"), [
    ("Les secours ont fouillé les décombres toute la nuit.", False),
    ("Selon la préfecture, la décrue a commencé.", False),   # a function word opens it
    ("Dans la vallée, les routes sont coupées.", False),
    ("« Les gens ont tout perdu », dit-elle.", False),
    ("Les habitants de Derna ont fui vers l'est.", True),     # a place
    ("Rabat a dépêché des équipes.", True),                   # a name opens the sentence
    ("Mardi, le calme est revenu.", True),                    # not a function word: kept
    ("Les équipes de l'ONU sont arrivées.", True),            # an acronym after an elision
    ("les secours du CICR sont sur place.", True),
])
def test_may_name(text: str, expected: bool) -> None:
    assert may_name(text, STOP) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Au moins 12 personnes sont mortes.", True),
    ("Des centaines de maisons ont été détruites.", True),
    ("Un gendarme a été tué.", True),
    ("Le ministre a annoncé un deuil national.", True),  # a speaker to remember
    ("La pluie a cessé dans la soirée.", False),
])
def test_needs_parse(text: str, expected: bool) -> None:
    assert needs_parse(text) is expected


def test_each_sentence_gets_what_it_needs(nlp) -> None:
    texts = [
        "Au moins 12 personnes sont mortes à Derna, selon le Croissant-Rouge.",  # all
        "Au moins 12 personnes sont mortes dans la nuit.",  # parse, no name: no NER
        "Les habitants de Derna attendent les secours.",  # a name, no figure: NER only
        "La pluie a cessé dans la soirée.",  # neither: tokens only
    ]
    sentences = [Sentence(0, len(t), t, 0, n, False) for n, t in enumerate(texts)]
    full, no_ner, ner_only, bare = (p.doc for p in parse_sentences(nlp, sentences))
    assert [d.text for d in (full, no_ner, ner_only, bare)] == texts
    assert full.has_annotation("DEP") and full.has_annotation("ENT_IOB")
    assert "Derna" in {e.text for e in full.ents}
    assert no_ner.has_annotation("DEP") and not no_ner.has_annotation("ENT_IOB")
    assert not ner_only.has_annotation("DEP") and [e.text for e in ner_only.ents] == ["Derna"]
    assert not bare.has_annotation("DEP") and not bare.has_annotation("ENT_IOB")
