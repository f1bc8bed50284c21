"""The figure rules of issue #15 item 4 (and their English side, issue #17): lists with a
colon or parentheses, a toll raised, reached or compared with an earlier one, counts of
cases, single deaths, elided figures, things that are no figure, relatives of victims and
an earlier disaster's toll. Every sentence and document here is invented for these tests;
each class has a sentence it must read and, where it drops something, one it must keep.
"""

from __future__ import annotations

import pytest

from recoupe.pipeline import analyze_document
from recoupe.records import Claim, Document

PUBLISHED = "2025-03-14"

Figure = tuple[str, str, int | None]  # kind, group, low


def _claims(text: str, nlp, lang: str) -> tuple[Claim, ...]:
    doc = Document(id=f"fig_{lang}", text=text, lang=lang, published=PUBLISHED)
    return analyze_document(doc, nlp).claims


def _figures(claims: tuple[Claim, ...]) -> list[Figure]:
    return [(c.kind, c.group, c.low) for c in claims]


# ------------------------------------------------------------ French: figures read

FRENCH_READ = [
    # A colon list in one sentence: the lead names what its items count.
    ("La répartition des décès par préfecture est la suivante : Kara : 120 ; Sokodé : 43 ; "
     "Dapaong : 9.", [("killed", "all", 120), ("killed", "all", 43), ("killed", "all", 9)]),
    # A list in parentheses after place names.
    ("Les morts se répartissent ainsi : Lamia (28), Volos (12) et Karditsa (3).",
     [("killed", "all", 28), ("killed", "all", 12), ("killed", "all", 3)]),
    # A toll reached, with no preposition; a count compared with the day before.
    ("Le nombre de blessés a atteint 1 532 selon la protection civile.",
     [("injured", "all", 1532)]),
    ("Le bilan s'établit à 739 morts lundi, contre 612 la veille.",
     [("killed", "all", 739), ("killed", "all", 612)]),
    # "portant à N le nombre de soldats": a force raised to a number.
    ("Paris envoie 2 000 militaires de plus, portant à 5 500 le nombre de soldats sur place.",
     [("deployed", "security_forces", 2000), ("deployed", "security_forces", 5500)]),
    # Cases of something: the complement's kind.
    ("L'ONG a recensé 45 cas de disparitions forcées dans le nord.", [("missing", "all", 45)]),
    # Triage words, refuge and homes left, people still sought.
    ("Douze personnes se trouvent en urgence absolue et 140 autres en urgence relative.",
     [("injured", "all", 12), ("injured", "all", 140)]),
    ("Plus de 80 000 personnes ont trouvé refuge dans des gymnases.",
     [("displaced", "all", 80000)]),
    ("Quelque 12 000 habitants ont dû quitter leur domicile.",
     [("displaced", "civilians", 12000)]),
    ("Six personnes sont toujours recherchées dans le massif.", [("missing", "all", 6)]),
    # Elided figures: "deux à Cordoue et une en Andalousie".
    ("Trois personnes sont mortes à Séville, deux à Cordoue et une en Andalousie.",
     [("killed", "all", 3), ("killed", "all", 2), ("killed", "all", 1)]),
    # Vehicles sent with the relief are its equipment.
    ("Les secours ont dépêché 1 200 soldats et 35 véhicules de chantier dans la vallée.",
     [("deployed", "security_forces", 1200), ("equipment", "all", 35)]),
    # A single death whose man was first wounded; a toll raised to "neuf" (not "new").
    ("Un homme blessé par balle à Rouen est mort à l'hôpital, portant à neuf le nombre de "
     "décès.", [("killed", "all", 1), ("killed", "all", 9)]),
    # "Parmi les blessés figurent …": a part of the wounded.
    ("Parmi les blessés figurent 36 agents des forces de l'ordre.",
     [("injured", "security_forces", 36)]),
    # Damage said of counted things keeps them.
    ("Les pluies ont détruit 3 000 maisons et plus de 600 bâtiments se sont effondrés.",
     [("other", "all", 3000), ("other", "all", 600)]),
]


@pytest.mark.parametrize(("text", "want"), FRENCH_READ)
def test_french_figures_are_read(text: str, want: list[Figure], nlp) -> None:
    assert _figures(_claims(text, nlp, "fr")) == want


# ------------------------------------------------------------ French: no figure

FRENCH_DROPPED = [
    # Things counted with no damage done to them.
    ("La crue a provoqué la rupture de deux barrages en amont de la ville.", 2),
    ("Les secouristes n'ont pas encore atteint une cinquantaine de villages isolés.", 50),
    ("Plusieurs dizaines d'écoles resteront fermées lundi.", None),
    # Relatives and mayors: the casualty word belongs to their complement.
    ("Des dizaines de proches des détenus tués attendaient devant la morgue.", None),
    ("Le président recevra quelque 300 maires des communes sinistrées.", 300),
    # An earlier disaster's toll in a past before the story's.
    ("En Grèce, la tempête avait fait 17 morts quelques jours plus tôt.", 17),
    ("Cette guerre avait fait, selon les chiffres officiels, trois millions de morts.",
     3000000),
    ("En 2005, les émeutes avaient duré trois semaines et 9 000 voitures avaient été brûlées.",
     9000),
]


@pytest.mark.parametrize(("text", "value"), FRENCH_DROPPED)
def test_french_non_figures_are_dropped(text: str, value: int | None, nlp) -> None:
    claims = _claims(text, nlp, "fr")
    assert value not in {c.low for c in claims}
    assert claims == ()


def test_reported_speech_in_the_pluperfect_is_this_crisis(nlp) -> None:
    text = "Le ministre a indiqué que le séisme avait fait 212 morts dans la province."
    assert _figures(_claims(text, nlp, "fr")) == [("killed", "all", 212)]


def test_relatives_with_a_verb_of_their_own_are_counted(nlp) -> None:
    text = "Douze proches des victimes ont été blessés lors de la bousculade."
    assert [f[0] for f in _figures(_claims(text, nlp, "fr"))] == ["injured"]


def test_a_list_under_a_lead_sentence(nlp) -> None:
    text = ("Le ministère a publié samedi le bilan des décès par district :\n"
            "Blantyre : 190\nMulanje : 113\n\n"
            "Les secours poursuivent leurs recherches.")
    assert _figures(_claims(text, nlp, "fr")) == [("killed", "all", 190), ("killed", "all", 113)]


def test_an_age_in_parentheses_is_no_list(nlp) -> None:
    text = "Jean Martin (45) et Paul Durand (38) ont témoigné devant le tribunal."
    assert _claims(text, nlp, "fr") == ()


# ------------------------------------------------------------ English: figures read

ENGLISH_READ = [
    ("The commission listed deaths by province: Kara (40), Sokode (12) and Dapaong (1).",
     [("killed", "all", 40), ("killed", "all", 12), ("killed", "all", 1)]),
    ("The number of people killed rose to nearly 410, up from 380 a day earlier.",
     [("killed", "all", 410), ("killed", "all", 380)]),
    ("The agency revised the death toll from the storm in the far north down to 212 from 219.",
     [("killed", "all", 212), ("killed", "all", 219)]),
    ("The number of injured reached 1,332 on Monday.", [("injured", "all", 1332)]),
    ("The rights group documented 41 cases of abductions in the capital.",
     [("missing", "all", 41)]),
    ("At least 212 people were admitted to the city's main hospital with injuries.",
     [("injured", "all", 212)]),
    ("The army sent 14 helicopters, 60 vehicles and 900 soldiers to the valley.",
     [("equipment", "security_forces", 14), ("equipment", "security_forces", 60),
      ("deployed", "security_forces", 900)]),
    ("Officials said 2,000 troops would join the 3,500 already deployed in the region.",
     [("deployed", "security_forces", 2000), ("deployed", "security_forces", 3500)]),
    ("A Canadian woman, 64, died in the landslide near the resort.",
     [("killed", "civilians", 1)]),
    ("The ministry said four people died in the capital and three others in the north, and "
     "that 20 people were injured.",
     [("killed", "all", 4), ("killed", "all", 3), ("injured", "all", 20)]),
    ("Thousands of government loyalists armed with clubs stormed the camp.",
     [("participants", "protesters", 1000)]),
]


@pytest.mark.parametrize(("text", "want"), ENGLISH_READ)
def test_english_figures_are_read(text: str, want: list[Figure], en_nlp) -> None:
    assert _figures(_claims(text, en_nlp, "en")) == want


def test_english_list_items_take_their_labels_kind(en_nlp) -> None:
    text = ("The police gave the following figures for the night:\n"
            "Deaths: 4\nInjured: 61\nShops set on fire: 33\n\n"
            "A curfew remains in force.")
    assert _figures(_claims(text, en_nlp, "en")) == [
        ("killed", "all", 4), ("injured", "all", 61), ("other", "all", 33)]


def test_english_part_among_them_takes_the_whole_kind(en_nlp) -> None:
    text = ("The police said 219 of the injured had been admitted to hospitals, and that "
            "several police officers were among them.")
    kinds = {(c.kind, c.group) for c in _claims(text, en_nlp, "en")}
    assert kinds == {("injured", "all"), ("injured", "security_forces")}


ENGLISH_DROPPED = [
    ("Hundreds of relatives of the miners killed gathered outside the morgue.", []),
    ("The flood cut off 35 villages in the district.", []),
    ("More than 60 officers were hurt and several police stations were torched.",
     [("injured", "security_forces", 60)]),
]


@pytest.mark.parametrize(("text", "want"), ENGLISH_DROPPED)
def test_english_non_figures_are_dropped(text: str, want: list[Figure], en_nlp) -> None:
    assert _figures(_claims(text, en_nlp, "en")) == want
