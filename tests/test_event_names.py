"""A toll of another event of the same family, told by its name (issue #15, "figures of
another event"): in a story about one named storm, the deaths of the next storm are not
this crisis's, whether the sentence names it or says "elle" / "it" after naming it.
Invented storms and articles, French and English."""

from __future__ import annotations

import pytest

from recoupe.extract.claims.events import event_names_in
from recoupe.lang import resource_for
from recoupe.pipeline import analyze_document
from recoupe.records import Document


@pytest.fixture(scope="module")
def lows():
    cache: dict[tuple[str, str, str], list[int | None]] = {}

    def read(title: str, text: str, lang: str = "fr") -> list[int | None]:
        if (title, text, lang) not in cache:
            doc = Document(id="named", text=text, lang=lang, published="2025-01-20",
                           title=title)
            cache[(title, text, lang)] = [c.low for c in analyze_document(doc).claims]
        return cache[(title, text, lang)]
    return read


def test_the_names_a_text_gives_its_events() -> None:
    fr, en = resource_for("fr"), resource_for("en")
    assert event_names_in("le cyclone Berenice a frappé l'île", fr) == ["berenice"]
    assert event_names_in("la tempête tropicale Ombline menace", fr) == ["ombline"]
    assert event_names_in("Storm Taliesin hit the coast", en) == ["taliesin"]
    assert event_names_in("la tempête a frappé Mayotte", fr) == []


@pytest.mark.parametrize(("lang", "title", "text", "kept", "dropped"), [
    ("fr", "Le cyclone Berenice fait 27 morts à La Réunion",
     "Le cyclone Berenice a fait 27 morts à La Réunion, selon la préfecture. Trois semaines "
     "plus tard, la tempête tropicale Ombline a placé l'île en alerte orange. Elle a fait "
     "quatre morts à Maurice avant de s'éloigner, selon Météo-France.", 27, 4),
    ("fr", "Le cyclone Berenice fait 27 morts à La Réunion",
     "Le cyclone Berenice a fait 27 morts à La Réunion, selon la préfecture. Trois semaines "
     "plus tard, la tempête Ombline a fait six morts à Maurice.", 27, 6),
    ("en", "Cyclone Berenice kills 27 in Reunion",
     "Cyclone Berenice killed 27 people in Reunion, the prefecture said. Weeks later, "
     "Tropical Storm Ombline brought new alerts to the island. It caused the deaths of "
     "five people in Mauritius before moving away.", 27, 5),
])
def test_another_named_storm_of_the_same_family_is_another_event(
        lows, lang, title, text, kept, dropped) -> None:
    found = lows(title, text, lang)
    assert kept in found and dropped not in found


def test_the_storys_own_storm_named_again_keeps_its_toll(lows) -> None:
    text = ("Le cyclone Berenice a fait 27 morts à La Réunion, selon la préfecture. Sur l'île "
            "Maurice voisine, Berenice a ensuite fait huit morts, selon les autorités.")
    assert 8 in lows("Le cyclone Berenice fait 27 morts à La Réunion", text)


def test_a_pronoun_for_a_body_is_no_event(lows) -> None:
    text = ("Le cyclone Berenice a fait 27 morts à La Réunion. La tempête Ombline a menacé "
            "l'île ensuite. La préfecture a publié un nouveau bilan. Elle a fait état de 31 "
            "morts sur l'île.")
    assert 31 in lows("Le cyclone Berenice frappe La Réunion", text)
