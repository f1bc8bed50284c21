"""A toll of another event the article recalls is no figure of its crisis (issue #15,
"past events as comparisons"): an earthquake recalled in a flood story, a cholera outbreak
in a cyclone story. Invented articles, French and English."""

from __future__ import annotations

import pytest

from recoupe.extract.claims.events import families_in
from recoupe.lang import resource_for
from recoupe.pipeline import analyze_document
from recoupe.records import Document


@pytest.fixture(scope="module")
def lows():
    cache: dict[tuple[str, str, str], list[int | None]] = {}

    def read(title: str, text: str, lang: str = "fr") -> list[int | None]:
        if (title, text, lang) not in cache:
            doc = Document(id="event", text=text, lang=lang, published="2024-03-05",
                           title=title)
            cache[(title, text, lang)] = [c.low for c in analyze_document(doc).claims]
        return cache[(title, text, lang)]
    return read


def test_the_families_a_lead_names() -> None:
    fr, en = resource_for("fr"), resource_for("en")
    assert families_in("Séisme au Maroc : le bilan s'alourdit", fr) == {"quake"}
    assert families_in("Cyclone Idai: floods cut roads", en) == {"water"}
    assert families_in("Le Premier ministre démissionne", fr) == frozenset()


@pytest.mark.parametrize("lang,title,text,kept,dropped", [
    ("fr", "Inondations en Grèce : 15 morts",
     "Les crues ont fait 15 morts en Thessalie, selon les pompiers. La catastrophe survient "
     "un mois après le séisme qui a frappé la Turquie voisine, faisant plus de 4 000 morts.",
     15, 4000),
    ("fr", "Cyclone au Mozambique : 40 morts",
     "Le cyclone a fait 40 morts, selon l'INGD. Le pays fait aussi face à une épidémie de "
     "choléra, qui a fait plus de 700 morts depuis janvier.", 40, 700),
    ("en", "Floods kill 30 in Kenya",
     "Floods killed 30 people in western Kenya, police said. The disaster comes weeks after "
     "an outbreak of cholera, which killed 120 people in the region.", 30, 120),
])
def test_a_toll_of_another_family_of_event_is_dropped(lows, lang: str, title: str,
                                                       text: str, kept: int,
                                                       dropped: int) -> None:
    found = lows(title, text, lang)
    assert kept in found
    assert dropped not in found


def test_a_toll_of_the_same_family_is_kept(lows) -> None:
    found = lows("Tempête en Libye : des milliers de morts",
                 "La tempête a frappé l'est du pays. Les inondations qui ont suivi ont fait "
                 "plus de 3 000 morts à Derna, selon le Croissant-Rouge.")
    assert 3000 in found


def test_no_event_in_the_lead_decides_nothing(lows) -> None:
    found = lows("Le bilan s'alourdit",
                 "Les secours poursuivent leurs recherches. Le séisme a fait 120 morts, selon "
                 "la protection civile.")
    assert 120 in found
