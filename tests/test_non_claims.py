"""Numbers that read like a crisis figure but are not one (issue #15, "non-claim numbers";
issue #17 for English): counts of places, buildings, animals and teams given a people kind,
places counted as a scope, a place's population, figures dated before the article's year,
proportions, and related-article links. Every sentence here is invented for these tests;
each rule has a sentence it must drop and one it must keep.
"""

from __future__ import annotations

import pytest

from recoupe.clean import find_boilerplate
from recoupe.pipeline import analyze_document
from recoupe.records import Claim, Document

PUBLISHED = "2024-08-20"


def _claims(text: str, nlp, lang: str, published: str | None = PUBLISHED) -> tuple[Claim, ...]:
    doc = Document(id=f"nc_{lang}", text=text, lang=lang, published=published)
    return analyze_document(doc, nlp).claims


def _values(claims: tuple[Claim, ...]) -> set[int | None]:
    return {c.low for c in claims}


# ------------------------------------------------------------ French: dropped, and kept


@pytest.mark.parametrize(("text", "dropped"), [
    # Things given a people kind: animals, teams, administrative units.
    ("Lisbonne a dépêché 52 secouristes et six chiens, Rome une équipe de 40 pompiers.", 6),
    ("Le Croissant-Rouge dit avoir mobilisé 27 équipes dans la province.", 27),
    ("La police a procédé à 310 interpellations dans les cinq cantons du nord.", 5),
    ("La grève a touché 19 des 26 provinces du pays, selon le syndicat.", 19),
    # Places counted as where the figure holds.
    ("Le ministre évoque 1 480 morts dans dix-sept villages de la vallée.", 17),
    # The population of a place.
    ("Un hameau de quelque 350 habitants a été emporté ; 41 personnes sont mortes.", 350),
    # A proportion, and the whole a share is of.
    ("Sur les quelque 480 habitants du douar, au moins 70 ont péri.", 480),
    ("Plus de 2 millions de personnes, soit un habitant sur neuf, sont sinistrées.", 9),
    # Dated before the article's year: a named year, "l'an dernier", a span of years.
    ("Le pays avait connu en 1987 un séisme où environ 9 000 personnes avaient péri.", 9000),
    ("La région se souvient du cyclone de 2011, qui avait fait 640 morts.", 640),
    ("Selon une ONG, 22 personnes ont été tuées l'an dernier lors de contrôles routiers.", 22),
    ("La guerre civile a fait près de 90 000 morts entre 1975 et 1991, selon l'ONU.", 90000),
    ("Derrière le séisme de l'année dernière (12 000 morts), c'est le pire bilan.", 12000),
])
def test_french_non_claim_numbers_are_dropped(nlp, text: str, dropped: int) -> None:
    assert dropped not in _values(_claims(text, nlp, "fr"))


@pytest.mark.parametrize(("text", "kept"), [
    ("Lisbonne a dépêché 52 secouristes et six chiens, Rome une équipe de 40 pompiers.", 52),
    ("Le ministre évoque 1 480 morts dans dix-sept villages de la vallée.", 1480),
    ("Un hameau de quelque 350 habitants a été emporté ; 41 personnes sont mortes.", 41),
    # Houses destroyed are damage, a count the crisis makes: not a people kind, kept.
    ("Plus de 4 200 maisons ont été détruites par la crue, selon la préfecture.", 4200),
    # A span from a past year to now is this crisis's cumulative toll.
    ("Depuis 2019, les violences ont fait au moins 3 700 morts dans la région.", 3700),
    ("Au moins 75 personnes sont mortes depuis l'année dernière dans les violences.", 75),
    ("Sur les quelque 480 habitants du douar, au moins 70 ont péri.", 70),
    ("Les séismes de samedi ont fait au total 1 480 morts et plus de 1950 blessés.", 1950),
    # The article's own year is no comparison.
    ("Le bilan publié en 2024 par la protection civile fait état de 58 morts.", 58),
    ("Au moins 31 personnes ont été tuées mardi à Kindia, selon la police.", 31),
])
def test_french_crisis_figures_next_to_them_are_kept(nlp, text: str, kept: int) -> None:
    assert kept in _values(_claims(text, nlp, "fr"))


def test_a_past_tense_with_its_year_is_a_comparison_even_without_a_date(nlp) -> None:
    # Undated, the article's year may be guessed from the past event's own year.
    told = "Les inondations de 1998 avaient fait 1 300 morts dans la province."
    assert 1300 not in _values(_claims(told, nlp, "fr", published=None))


def test_the_dropping_rule_is_named(nlp) -> None:
    from recoupe.extract.claims.not_claims import RULES

    assert [name for name, _ in RULES] == ["not_people", "scope", "population", "proportion",
                                           "share_base", "other_time", "bare_things",
                                           "tie_complement", "earlier_event", "other_event"]


# ------------------------------------------------------------ English


@pytest.mark.parametrize(("text", "dropped"), [
    ("Rescuers deployed 30 teams and seven sniffer dogs to the valley.", 30),
    ("Rescuers deployed 30 teams and seven sniffer dogs to the valley.", 7),
    ("The wave flattened a row of some 25 houses, and three people were killed.", 25),
    ("The strike shut schools in 14 of the 21 counties, the union said.", 14),
    ("The town, a city of about 80,000 people, lost power on Sunday.", 80000),
    ("One in eight residents has left, officials said.", 8),
    ("Eleven people were killed last year in similar clashes, the group said.", 11),
    ("The war had killed some 300,000 people between 1970 and 1985.", 300000),
])
def test_english_non_claim_numbers_are_dropped(en_nlp, text: str, dropped: int) -> None:
    assert dropped not in _values(_claims(text, en_nlp, "en"))


@pytest.mark.parametrize(("text", "kept"), [
    ("The wave flattened a row of some 25 houses, and three people were killed.", 3),
    ("More than 2,600 houses were destroyed by the water, the agency said.", 2600),
    ("At least 14 people were killed in three villages of the province.", 14),
    ("Police arrested 85 people across four counties on Saturday.", 85),
])
def test_english_crisis_figures_next_to_them_are_kept(en_nlp, text: str, kept: int) -> None:
    assert kept in _values(_claims(text, en_nlp, "en"))


# ------------------------------------------------------------ related-article links

LINKED = """Floods hit the valley

At least 23 people died on Monday after the river burst its banks, police said.

Also read: Nine injured as lorry overturns near the pass

Related coverage
Governor says 40 died in storm, denies warning came late
Currency steady as markets watch the floods

Read more: Five killed in landslide in the hills

Lire aussi : Huit blessés dans un accident de car
"""


def test_related_article_lines_and_their_headlines_are_furniture() -> None:
    marked = [LINKED[a:b] for a, b in find_boilerplate(LINKED)]
    text = "\n".join(marked)
    for line in ("Also read: Nine injured", "Related coverage", "Governor says 40 died",
                 "Currency steady", "Read more: Five killed", "Lire aussi : Huit blessés"):
        assert line in text
    assert "At least 23 people died" not in text


def test_related_links_give_no_claims_but_the_story_does(en_nlp) -> None:
    values = _values(_claims(LINKED, en_nlp, "en"))
    assert 23 in values
    assert not values & {9, 40, 5, 8}


def test_a_sentence_that_merely_mentions_related_is_prose() -> None:
    text = "Title\n\nRelated coverage of the floods showed 12 people died in the town.\n"
    assert find_boilerplate(text) == ()
