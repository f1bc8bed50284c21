"""Sentence and block segmentation, on texts written for the tests."""

from __future__ import annotations

import pytest

from recoupe.nlp.segment import is_heading, segment, split_sentences
from recoupe.records import Document


@pytest.mark.parametrize(
    "text,expected",
    [
        ("M. Dupont est arrivé. Il a parlé.", ["M. Dupont est arrivé.", "Il a parlé."]),
        ("Le bilan est de 3.5 pour cent. Rien de plus.",
         ["Le bilan est de 3.5 pour cent.", "Rien de plus."]),
        ("« Nous résisterons ! » a-t-il dit. La foule a applaudi.",
         ["« Nous résisterons ! » a-t-il dit.", "La foule a applaudi."]),
        ("Le général J. Martin a parlé. Fin.", ["Le général J. Martin a parlé.", "Fin."]),
        ("Pas de point final", ["Pas de point final"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text, 0, len(text))] == expected


@pytest.mark.parametrize(
    "line,heading",
    [
        ("Séisme : au moins 40 morts dans le sud", True),
        ("18H20 : La situation reste tendue dans la capitale", True),
        ("Les secours ont dégagé trois survivants des décombres.", False),
        ("Lisez aussi :", False),
    ],
)
def test_is_heading(line: str, heading: bool) -> None:
    assert is_heading(line) is heading


def test_blocks_follow_blank_lines_and_headings() -> None:
    text = (
        "Titre de l'article inventé\n\n"
        "Première phrase du corps. Deuxième phrase.\n\n"
        "Un autre paragraphe.\n"
        "Intertitre sans point\n"
        "Sous l'intertitre."
    )
    sentences = segment(Document(id="t", text=text))
    assert [s.text for s in sentences] == [
        "Titre de l'article inventé", "Première phrase du corps.", "Deuxième phrase.",
        "Un autre paragraphe.", "Intertitre sans point", "Sous l'intertitre.",
    ]
    blocks = [s.block for s in sentences]
    assert blocks[1] == blocks[2]  # same paragraph, same block
    assert len({blocks[0], blocks[1], blocks[3], blocks[5]}) == 4
    assert [s.heading for s in sentences] == [True, False, False, False, True, False]
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_header_block_is_not_segmented() -> None:
    text = "TITLE: Essai\nOUTLET: Test\n\nCorps de l'article."
    doc = Document(id="t", text=text, body_start=text.index("Corps"))
    assert [s.text for s in segment(doc)] == ["Corps de l'article."]
