"""The year of an article that writes none (issue #16 item 4): from its own story, and
never from a past happening it recalls.

Invented articles (none is real coverage): riots in Senegal in March 2022, floods in
Chile in November 2024, one undated Chilean article that recalls an earthquake of 2010
and floods of 1986, and one that names only a weekday.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from recoupe.link.dates import find_dates, infer_published, story_anchors
from recoupe.link.dates_en import find_dates_en
from recoupe.records import Document

# -- a past happening's year dates nothing ---------------------------------------------

BACK_REFERENCES = [
    # pluperfect in the date's sentence
    "La vallée avait déjà connu en 1987 une crue qui avait emporté deux ponts. "
    "Vendredi, la préfecture a annoncé douze morts.",
    "Le 3 juin 1999, un glissement de terrain avait enseveli le village. Depuis lundi, "
    "les secours fouillent les décombres.",
    # a happening named right before a bare year
    "Les habitants comparent la catastrophe aux inondations de 2004. Vendredi, la "
    "préfecture a annoncé douze morts.",
]


@pytest.mark.parametrize("text", BACK_REFERENCES)
def test_a_past_happenings_year_does_not_date_the_article(text: str) -> None:
    assert infer_published(text, find_dates("d", text)) == (None, "unknown")
    # The story's date gives the year; the recalled one bounds nothing.
    day, basis = infer_published(text, find_dates("d", text), anchor="2025-03-12")
    assert basis == "inferred" and day is not None and day.startswith("2025-03")


def test_an_english_past_happening_dates_nothing_either() -> None:
    text = ("The floods of 2010 displaced millions. Officials said on Friday that 40 "
            "people had died since the river burst its banks.")
    assert infer_published(text, find_dates_en("d", text), lang="en") == (None, "unknown")
    text = "The earthquake of 12 May 2008 had killed 69,000 people. On Friday 40 died."
    assert infer_published(text, find_dates_en("d", text), lang="en") == (None, "unknown")


@pytest.mark.parametrize(("text", "expected"), [
    # The same dates, told as the article's present, still date it.
    ("Le 4 mars 2025, une crue a emporté deux ponts.", "2025-03-04"),
    ("En 2025, les inondations ont fait douze morts en mars, le 4 mars.", "2025-03-04"),
    ("The river burst its banks on March 4, 2025, officials said.", "2025-03-04"),
])
def test_a_date_of_the_present_still_dates_the_article(text: str, expected: str) -> None:
    lang = "en" if text.startswith("The") else "fr"
    mentions = find_dates_en("d", text) if lang == "en" else find_dates("d", text)
    assert infer_published(text, mentions, lang=lang) == (expected, "inferred")


# -- the story's date, not the run's ---------------------------------------------------


def _doc(doc_id: str, published: str | None) -> Document:
    return Document(id=doc_id, text="", published=published)


def test_an_undated_article_takes_its_own_storys_date() -> None:
    documents = [_doc("sn1", "2022-03-10"), _doc("sn2", "2022-03-12"), _doc("sn3", "2022-03-14"),
                 _doc("cl1", "2024-11-15"), _doc("cl2", "2024-11-16"), _doc("cl_undated", None),
                 _doc("alone", None), _doc("cl_guess", "2022-03-11")]
    stories = {"sn1": "s", "sn2": "s", "sn3": "s", "cl1": "c", "cl2": "c", "cl_undated": "c",
               "cl_guess": "c", "alone": "a"}
    anchors = story_anchors(documents, stories, {"cl_undated", "cl_guess", "alone"})
    # The other undated articles' dates were guesses: they are not the story's dates.
    assert anchors == {"cl_undated": date(2024, 11, 15), "cl_guess": date(2024, 11, 15)}


ARTICLES = {
    "sn1.txt": ("2022-03-10", "Émeutes à Dakar : trois morts",
                "Trois manifestants ont été tués mercredi à Dakar, au Sénégal, lors de heurts "
                "avec la police, selon le ministère de l'Intérieur."),
    "sn2.txt": ("2022-03-12", "Sénégal : le bilan des émeutes s'alourdit",
                "Cinq personnes sont mortes depuis mercredi à Dakar et à Ziguinchor, au "
                "Sénégal, a indiqué vendredi le ministère de l'Intérieur."),
    "sn3.txt": ("2022-03-14", "Sénégal : arrestations à Dakar",
                "La police sénégalaise a arrêté 120 personnes à Dakar et à Ziguinchor depuis "
                "le début des émeutes, selon le ministère de l'Intérieur."),
    "cl1.txt": ("2024-11-15", "Inondations au Chili : douze morts à Talca",
                "Douze personnes ont été tuées par les inondations à Talca et à Valparaíso, "
                "au Chili, selon le Service national de prévention des catastrophes."),
    "cl2.txt": ("2024-11-16", "Chili : le bilan des inondations monte à quinze morts",
                "Quinze personnes sont mortes dans les inondations à Talca et à Valparaíso, "
                "au Chili, a annoncé samedi le Service national de prévention des catastrophes."),
    "cl_undated.txt": (None, "Chili : les secours fouillent Talca",
                       "Le 14 novembre, le fleuve Maule est sorti de son lit à Talca, au Chili. "
                       "Samedi, les secours ont retrouvé trois corps à Talca et à Valparaíso, "
                       "selon le Service national de prévention des catastrophes. La région "
                       "avait déjà connu en 2010 un séisme qui avait fait des centaines de "
                       "morts, et les habitants évoquent les inondations de 1986."),
    "cl_weekday.txt": (None, "Chili : évacuations à Talca",
                       "Samedi, les pompiers ont évacué 200 habitants à Talca et à Valparaíso, "
                       "au Chili, selon le Service national de prévention des catastrophes."),
}


@pytest.mark.slow
def test_a_mixed_run_dates_an_undated_article_by_its_own_story(tmp_path: Path) -> None:
    from recoupe.pipeline import run

    folder = tmp_path / "articles"
    folder.mkdir()
    for name, (published, title, body) in ARTICLES.items():
        header = f"DATE: {published}\n" if published else ""
        (folder / name).write_text(f"{header}LANG: fr\nTITLE: {title}\n\n{body}\n",
                                   encoding="utf-8")
    result = run([str(folder)], tmp_path / "recoupe.sqlite", workers=1)
    by_id = {d.id: d for d in result.documents}
    undated = by_id["cl_undated"]
    # Not 2010 (a past earthquake), not 2021-11-14 (the run's median is March 2022).
    assert undated.published_basis == "inferred"
    assert undated.published is not None and undated.published.startswith("2024-11")
    assert result.stories["cl_undated"] == result.stories["cl1"] != result.stories["sn1"]
    # An article with only a weekday is dated at its story's date, not at the run's.
    assert (by_id["cl_weekday"].published or "").startswith("2024-11")
    periods = {c.period.start for c in result.claims if c.doc == "cl_undated" and c.period}
    assert periods and all(p and p.startswith("2024-11") for p in periods)
