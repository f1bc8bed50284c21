"""Where a story happens (recoupe.extract.claims.story) and what it does to a figure's place:
datelines, a lead that puts the story in one town or division, places abroad."""

from __future__ import annotations

import pytest

from recoupe.clean import dateline_end
from recoupe.pipeline import analyze_document
from recoupe.records import Claim, Document


@pytest.mark.parametrize(("text", "dateline"), [
    ("SAN PEDRO SULA, Honduras, March 3 (Reuters) - Rescuers", "SAN PEDRO SULA, Honduras, "
     "March 3 (Reuters) -"),
    ("Agadir – Les secours", "Agadir –"),
    ("TEGUCIGALPA, Honduras (AP) — Police", "TEGUCIGALPA, Honduras (AP) —"),
    ("Cuenca (Ecuador), 5 mars (EFE).- Des", "Cuenca (Ecuador), 5 mars (EFE).-"),
    ("Bamako, 2 mai (APA) - Le", "Bamako, 2 mai (APA) -"),
    ("LE CAIRE – Le", "LE CAIRE –"),
])
def test_a_dateline_is_found_at_the_start_of_a_lead(text: str, dateline: str) -> None:
    assert text[: dateline_end(text)] == dateline


@pytest.mark.parametrize("text", [
    "Au moins 20 personnes – dont six enfants – sont mortes.",
    "À Agadir – comme ailleurs – les secours manquent.",
    "In Kabul - the capital - shops stayed shut.",
    "Le ministère - selon son porte-parole - a compté 12 morts.",
    "Police said 12 people - six of them children - died.",
])
def test_a_sentence_with_a_dash_is_no_dateline(text: str) -> None:
    assert dateline_end(text) == 0


@pytest.fixture(scope="module")
def read():
    """English texts through the whole per-document pipeline (models loaded once)."""
    cache: dict[str, tuple[Claim, ...]] = {}

    def analyse(text: str, lang: str = "en") -> tuple[Claim, ...]:
        if text not in cache:
            doc = Document(id="focus", text=text, lang=lang, published="2024-03-05")
            cache[text] = analyze_document(doc).claims
        return cache[text]
    return analyse


def _place_of(claims: tuple[Claim, ...], low: int) -> str | None:
    found = [c for c in claims if c.low == low]
    assert found, [(c.low, c.kind) for c in claims]
    return PlaceName(found[0].place.name, found[0].rule) if found[0].place else None


class PlaceName(str):
    """A claim's place name that shows the rule which chose it when a test fails."""

    def __new__(cls, name: str, rule: object) -> PlaceName:
        made = super().__new__(cls, name)
        made.rule = rule
        return made

    def __repr__(self) -> str:
        return f"{str.__repr__(self)} (by {self.rule})"


def test_an_unplaced_toll_of_a_one_town_story_is_the_town_s(read) -> None:
    text = ("TEGUCIGALPA, Honduras (AP) — Fire swept through a women's prison in Tamara on "
            "Tuesday, officials said.\n\n"
            "Police said 46 inmates were killed and 7 guards were injured. The prison service "
            "said 12 inmates were missing.\n\n"
            "Relatives gathered outside the prison in Tamara waiting for news.")
    claims = read(text)
    assert _place_of(claims, 46) == "Tamara"
    assert _place_of(claims, 12) == "Tamara"


def test_a_place_abroad_where_a_speaker_spoke_is_not_the_figure_s(read) -> None:
    text = ("Floods swept through the Libyan city of Sabha on Monday, the Red Crescent said.\n\n"
            "About 300 people are missing, a U.N. spokesman told reporters in Geneva.\n\n"
            "Rescue teams from Egypt arrived in Sabha on Wednesday.")
    assert _place_of(read(text), 300) != "Geneva"


def test_rescuers_from_abroad_are_counted_where_they_work(read) -> None:
    text = ("An earthquake struck the Haouz province of Morocco on Friday night.\n\n"
            "Morocco accepted help from four countries. 86 rescuers from Spain arrived on "
            "Sunday with dogs.\n\n"
            "The interior ministry said more than 2,000 people had died in Morocco.")
    assert _place_of(read(text), 86) != "Spain"


def test_a_figure_for_two_countries_keeps_both_even_if_one_is_abroad(read) -> None:
    text = ("Cyclone Idai hit Malawi on Thursday, officials said.\n\n"
            "The storm has killed more than 150 people in Malawi and Mozambique, the U.N. "
            "said.\n\n"
            "In Blantyre, 30 people died when a hillside collapsed.")
    assert _place_of(read(text), 150) == "Malawi + Mozambique"


def test_a_division_and_its_town_in_the_lead_make_the_division_the_focus(read) -> None:
    text = ("Floods in the southern state of Rio Grande do Sul, around its capital Porto "
            "Alegre, have driven thousands from their homes, officials said on Monday.\n\n"
            "The civil defence agency said 56 people had died. In Canoas, shelters were "
            "full.")
    assert _place_of(read(text), 56) in ("Rio Grande do Sul", "state of Rio Grande do Sul")


def test_an_article_ranging_over_several_regions_is_national(read) -> None:
    text = ("Storms battered Guayaquil on Monday, officials said.\n\n"
            "Roads were cut near Quito, Cuenca and Ambato. The government said 31 people had "
            "died.")
    assert _place_of(read(text), 31) == "Ecuador"


def test_a_town_where_the_toll_was_announced_is_not_the_story_s(read) -> None:
    text = ("Le ministre de l'Intérieur a présenté mardi, lors d'une conférence de presse "
            "à Niamey, le bilan des heurts des derniers jours.\n\n"
            "Selon lui, 14 personnes ont été tuées et 120 arrêtées.")
    claims = read(text, "fr")
    assert _place_of(claims, 14) == "Niger"
    assert _place_of(claims, 120) == "Niger"


def test_a_french_lead_putting_the_story_in_one_province(read) -> None:
    text = ("Un séisme a frappé dimanche la province de Van, dans l'est de la Turquie.\n\n"
            "Les secours ont dégagé 40 corps des décombres, a indiqué l'agence de gestion des "
            "catastrophes.")
    assert _place_of(read(text, "fr"), 40) == "province de Van"


def test_a_list_line_s_label_is_the_item_s_place(read) -> None:
    text = ("Flash floods hit northern Peru on Sunday, the civil defence institute said.\n\n"
            "It gave the following deaths by province:\n"
            "Piura: 14\n"
            "Tumbes: 6\n")
    claims = read(text)
    assert _place_of(claims, 14) == "Piura"
    assert _place_of(claims, 6) == "Tumbes"


def test_a_town_after_a_place_noun_is_a_place_whatever_the_parser_says(read) -> None:
    text = ("At least 31 people were killed in a fire at a market in the port city of "
            "Mombasa, police said on Sunday.")
    assert _place_of(read(text), 31) == "Mombasa"


def test_a_place_name_cut_short_by_the_parser_is_made_whole(read) -> None:
    text = ("Heavy rain has killed 12 people in Rio Grande do Sul since Monday, the state's "
            "civil defence agency said.")
    assert _place_of(read(text), 12) == "Rio Grande do Sul"


def test_a_place_named_in_passing_frames_nothing(read) -> None:
    text = ("Landslides struck Nepal's Karnali province on Friday, officials said.\n\n"
            "Army helicopters flew from Kathmandu with supplies. The home ministry said 38 "
            "people had died.")
    assert _place_of(read(text), 38) != "Kathmandu"


def test_a_place_opening_its_sentence_frames_the_paragraph(read) -> None:
    text = ("Protests spread across Kenya on Tuesday.\n\n"
            "In Mombasa, police fired tear gas at crowds near the port. Eight people were "
            "injured, a hospital official said.")
    assert _place_of(read(text), 8) == "Mombasa"


def test_a_french_title_kept_apart_from_the_text_names_the_story_s_place(nlp) -> None:
    doc = Document(id="titled", lang="fr", published="2024-03-05",
                   title="Inondations dans la province de Van : le bilan s'alourdit",
                   text=("Les secours turcs ont retrouvé de nouveaux corps mardi. L'agence de "
                         "gestion des catastrophes a fait état de 19 morts."))
    claims = analyze_document(doc, nlp).claims
    assert _place_of(claims, 19) in ("Van", "province de Van")  # the province (admin1)


def test_a_figure_stated_for_a_neighbouring_country_keeps_it(read) -> None:
    text = ("Cyclone Idai hit southern Malawi and Mozambique on Thursday, the disaster agency "
            "said.\n\n"
            "In Mozambique, the relief institute reported 53 deaths. Another 17 people died "
            "in Madagascar, officials there said.")
    claims = read(text)
    assert _place_of(claims, 53) == "Mozambique"
    assert _place_of(claims, 17) == "Madagascar"


@pytest.mark.parametrize("text", [
    "Dans une allocution prononcée samedi au palais présidentiel, à Bamako, le Premier "
    "ministre a annoncé l'envoi de 800 soldats supplémentaires dans la région de Mopti.",
    "Le ministre a annoncé l'envoi de 800 soldats dans la région de Mopti, lors d'une "
    "conférence de presse tenue à Bamako.",
])
def test_where_a_speech_was_given_is_not_the_figure_s_place(nlp, text: str) -> None:
    doc = Document(id="venue", lang="fr", published="2024-03-05", text=text)
    assert _place_of(analyze_document(doc, nlp).claims, 800) == "région de Mopti"


def test_a_place_after_the_statement_is_the_speaker_s(read) -> None:
    text = ("Floods hit the Derna region of Libya this week.\n\n"
            "At least 5,000 people are missing, an aid official said in Tunis.")
    assert _place_of(read(text), 5000) != "Tunis"


def test_a_town_abroad_opening_a_statement_is_where_it_was_made(read) -> None:
    text = ("Floods swept through eastern Libya on Sunday.\n\n"
            "In Geneva, a Red Cross official told reporters that 9,000 people were missing in "
            "the east of the country.")
    assert _place_of(read(text), 9000) == "Libya"


@pytest.mark.parametrize(("text", "low", "not_place"), [
    ("Huit avions militaires ont atterri à l'aéroport de Benina avec 140 secouristes.", 140,
     "aéroport de Benina"),
    ("Selon le bilan de la DANA, 216 personnes sont mortes dans la province.", 216, "DANA"),
])
def test_a_landmark_or_an_acronym_is_no_place(nlp, text: str, low: int, not_place: str
                                              ) -> None:
    doc = Document(id="landmark", lang="fr", published="2024-03-05",
                   text="Des inondations ont frappé l'est de la Libye.\n\n" + text)
    assert _place_of(analyze_document(doc, nlp).claims, low) != not_place


def test_a_town_named_like_a_landmark_is_still_a_place(read) -> None:
    text = "Floods killed 14 people in Port Harcourt on Sunday, Nigerian police said."
    assert _place_of(read(text), 14) == "Port Harcourt"


def test_each_value_of_a_list_in_one_sentence_is_its_label_s(nlp) -> None:
    doc = Document(id="labels", lang="fr", published="2024-03-05", text=(
        "Le bilan par région fourni par la gendarmerie se présente comme suit : Kayes : 9 "
        "morts ; Sikasso : 5 morts."))
    claims = analyze_document(doc, nlp).claims
    assert _place_of(claims, 9) == "Kayes"
    assert _place_of(claims, 5) == "Sikasso"


def test_a_place_in_the_clause_after_a_break_is_not_the_figure_s(read) -> None:
    text = ("Officials raised the death toll from floods in the southern state of Santa "
            "Catarina to 31 on Sunday, as fresh rain hampered rescue efforts in Florianopolis.")
    assert _place_of(read(text), 31) in ("Santa Catarina", "state of Santa Catarina")


def test_a_division_noun_after_its_name_makes_it_the_division(read) -> None:
    text = "Madrid will send 4,000 more soldiers to the Valencia region, the minister said."
    assert _place_of(read(text), 4000) == "Valencia region"
