"""A figure's place read from how lists and comparisons are written (issue #15 "Places"):
a list label the parser did not tag, a place owning its figure through "avec/with" or
"où/where", a place or scope that ends a coordination of figures, "the capital", and the
country a title names. Invented articles, French and English."""

from __future__ import annotations

import pytest

from recoupe.link.claims import title_countries
from recoupe.pipeline import analyze_document
from recoupe.records import Claim, Document
from recoupe.textfold import word_key as fold


@pytest.fixture(scope="module")
def read():
    """Texts through the whole per-document pipeline (models loaded once)."""
    cache: dict[tuple[str, str, str | None], tuple[Claim, ...]] = {}

    def analyse(text: str, lang: str = "fr", title: str | None = None) -> tuple[Claim, ...]:
        if (text, lang, title) not in cache:
            doc = Document(id="owner", text=text, lang=lang, published="2024-03-05",
                           title=title)
            cache[(text, lang, title)] = analyze_document(doc).claims
        return cache[(text, lang, title)]
    return analyse


def _place(claims: tuple[Claim, ...], low: int) -> tuple[str | None, str | None]:
    found = [c for c in claims if c.low == low]
    assert found, [(c.low, c.kind) for c in claims]
    claim = found[0]
    return (claim.place.name if claim.place else None,
            claim.rule.place if claim.rule else None)


def test_each_province_owns_the_figure_given_with_it(read) -> None:
    text = ("Le séisme a frappé le Maroc vendredi soir. Le ministère de l'Intérieur indique "
            "que la province de Taroudant reste la plus touchée avec 980 morts, suivie de la "
            "province de Chichaoua avec 202 morts et de la province d'Azilal où 11 personnes "
            "ont péri.")
    claims = read(text)
    assert _place(claims, 980) == ("province de Taroudant", "clause.owner")
    assert _place(claims, 202) == ("province de Chichaoua", "clause.owner")
    assert _place(claims, 11) == ("province d'Azilal", "clause.owner")


def test_english_with_and_where_give_the_place_before_them(read) -> None:
    text = ("Floods have hit Pakistan for weeks. The disaster agency said Sindh was the "
            "worst-hit province with 612 deaths, while in Punjab, where 188 people died, "
            "the water is receding.")
    claims = read(text, "en")
    assert _place(claims, 612) == ("Sindh", "clause.owner")
    assert _place(claims, 188)[0] == "Punjab"


def test_with_does_not_reach_past_another_figure(read) -> None:
    text = ("La tempête a touché la Grèce. À Volos, 14 personnes sont mortes, avec 30 blessés "
            "selon les pompiers.")
    claims = read(text)
    assert _place(claims, 30)[1] != "clause.owner"


@pytest.mark.parametrize("lang,text", [
    ("fr", "Inondations au Kenya. Selon la police, le bilan des morts par comté est le "
           "suivant :\n- Nairobi : 18 ;\n- Nakuru : 3 ;\n- Uasin Gishu : 5."),
    ("fr", "Inondations au Kenya. Selon la police, les morts se répartissent entre les comtés "
           "de Nairobi (18), Nakuru (3) et Uasin Gishu (5)."),
])
def test_a_list_label_is_the_place_of_its_figure(read, lang: str, text: str) -> None:
    claims = read(text, lang)
    assert _place(claims, 18)[0] == "Nairobi"
    assert _place(claims, 3)[0] == "Nakuru"
    assert _place(claims, 5)[0] == "Uasin Gishu"


def test_a_label_abroad_or_no_place_is_not_taken(read) -> None:
    text = ("Inondations au Kenya. Selon la police, le bilan par catégorie est le suivant :\n"
            "- Morts : 12 ;\n- Blessés : 40.")
    claims = read(text)
    assert all(c.place is None or c.place.name in ("Kenya",) for c in claims)


@pytest.mark.parametrize("lang,text,first,second,where", [
    ("fr", "Des manifestations ont éclaté au Sénégal. Selon la police, 16 personnes ont perdu "
           "la vie et 357 autres ont été blessées sur l'ensemble du territoire national.", 16,
     357, "Sénégal"),
    ("en", "Protests spread in Kenya. Police said 12 people were killed and 40 injured in "
           "Nakuru on Tuesday.", 12, 40, "Nakuru"),
])
def test_a_place_ending_a_coordination_of_figures_is_each_figure_s(
        read, lang: str, text: str, first: int, second: int, where: str) -> None:
    claims = read(text, lang)
    assert fold(_place(claims, first)[0] or "") == fold(where)
    assert fold(_place(claims, second)[0] or "") == fold(where)


def test_a_place_after_the_second_of_two_clauses_is_not_shared(read) -> None:
    text = ("Protests spread in Kenya. Police said 12 people were killed on Monday; "
            "40 were injured in Nakuru on Tuesday.")
    claims = read(text, "en")
    assert _place(claims, 12)[0] != "Nakuru"


@pytest.mark.parametrize("lang,text,capital", [
    ("en", "Protests rocked Bangladesh on Friday. Of the 90 dead, 41 died in the capital, "
           "police said.", "Dhaka"),
    ("fr", "Les manifestations ont continué au Kenya mardi. Environ 12 000 policiers ont été "
           "mobilisés à travers le pays, dont 4 000 dans la capitale.", "Nairobi"),
])
def test_the_capital_is_the_story_country_s_capital(read, lang: str, text: str,
                                                     capital: str) -> None:
    claims = read(text, lang)
    low = 41 if lang == "en" else 4000
    assert _place(claims, low)[0] == capital


def test_a_state_capital_is_not_the_country_s(read) -> None:
    text = ("A cyclone struck Myanmar on Sunday. Officials said 6 people died in the state "
            "capital.")
    claims = read(text, "en")
    assert _place(claims, 6)[0] != "Nay Pyi Taw"


def test_the_country_a_title_names_is_the_document_s() -> None:
    assert title_countries("En Géorgie, la police perquisitionne les bureaux") == ["Géorgie"]
    assert title_countries("Cyclone Mocha Hits Myanmar and Bangladesh") == \
        ["Myanmar", "Bangladesh"]
    assert title_countries("Five Killed as Parliament Stormed") == []
    assert title_countries(None) == []


def test_a_title_country_outweighs_a_stray_place_abroad(read) -> None:
    text = ("Le ministère de l'Intérieur a déclaré que 120 personnes ont été placées en "
            "détention. Le Premier ministre a promis qu'il n'y aurait pas « de nouveau "
            "Maïdan » à Tbilissi.")
    claims = read(text, "fr", "En Géorgie, 120 manifestants arrêtés")
    assert _place(claims, 120)[0] in ("Géorgie", "Tbilissi")


@pytest.mark.parametrize("lang,text,pairs", [
    ("fr", "Les inondations ont frappé le Pakistan. Dans la province du Pendjab, 223 personnes "
           "ont perdu la vie, tandis qu'au Cachemire pakistanais et au Gilgit-Baltistan, le "
           "nombre de morts s'élève respectivement à 48 et 22.",
     {223: "province du Pendjab", 48: "Cachemire pakistanais", 22: "Gilgit-Baltistan"}),
    ("en", "Floods hit Pakistan. The agency said floods killed people in Sindh and Punjab, "
           "with 612 and 188 deaths respectively.", {612: "Sindh", 188: "Punjab"}),
])
def test_respectively_pairs_places_and_figures_in_order(read, lang: str, text: str,
                                                        pairs: dict[int, str]) -> None:
    claims = read(text, lang)
    assert {low: _place(claims, low)[0] for low in pairs} == pairs


def test_respectively_with_too_few_places_changes_nothing(read) -> None:
    text = ("Floods hit Pakistan. In Sindh, officials counted 612 and 188 deaths "
            "respectively in two weeks.")
    claims = read(text, "en")
    assert all(c.rule is None or c.rule.place != "clause.respectively" for c in claims)


def test_a_country_abroad_opening_the_sentence_is_its_figures_place(read) -> None:
    text = ("Le cyclone a fait 300 morts au Malawi, selon le gouvernement. Au Mozambique "
            "voisin, le cyclone a tué 165 personnes lors de ses deux passages.")
    claims = read(text)
    assert _place(claims, 165)[0] == "Mozambique"


def test_a_capital_sending_rescuers_is_not_their_place(read) -> None:
    text = ("Le séisme a fait 2 000 morts au Maroc. Madrid a dépêché 86 secouristes, selon le "
            "ministère.")
    claims = read(text)
    assert _place(claims, 86)[0] != "Madrid"


@pytest.mark.parametrize("lang,text,low,scope", [
    ("en", "An earthquake struck western Nepal. Seven more people were injured in Dailekh, "
           "Jumla and Rolpa, officials said.", 7, "Dailekh + Jumla + Rolpa"),
    ("fr", "Un séisme a frappé la Syrie. Le ministère de la Santé fait état de 812 morts dans "
           "les provinces d'Alep, de Lattaquié et de Hama.", 812, None),
])
def test_several_places_joined_are_one_scope(read, lang: str, text: str, low: int,
                                              scope: str | None) -> None:
    place, rule = _place(read(text, lang), low)
    assert rule == "clause.places"
    assert place is not None and place.count(" + ") == 2
    if scope:
        assert place == scope


def test_a_town_and_its_country_are_not_two_places(read) -> None:
    text = "Des inondations ont frappé la Libye. 120 personnes sont mortes à Derna, en Libye."
    assert _place(read(text), 120)[0] == "Derna"


@pytest.mark.parametrize("lang,text,low,wrong", [
    ("en", "Protests shook Sri Lanka. In Colombo, thousands of Rajapaksa loyalists stormed a "
           "protest camp and 40 people were hurt.", 40, "Rajapaksa"),
    ("en", "Protests spread across Kenya. Police said 22 people were killed during the "
           "anti-Finance Bill protests.", 22, "Bill"),
])
def test_a_name_no_place_word_introduces_and_no_gazetteer_knows_is_no_place(
        read, lang: str, text: str, low: int, wrong: str) -> None:
    assert _place(read(text, lang), low)[0] != wrong


def test_the_town_of_a_press_briefing_is_not_the_story_s_focus(read) -> None:
    text = ("La police a présenté dimanche, au cours d'un point de presse tenu dans ses locaux "
            "à Dakar, le bilan des violences.\n\nSelon la police, 16 personnes ont perdu la "
            "vie. Plus de 500 personnes ont été interpellées.")
    claims = read(text, "fr", "Sénégal : la police annonce 16 morts")
    assert fold(_place(claims, 500)[0] or "") == fold("Sénégal")


@pytest.mark.parametrize("lang,text,low,town", [
    ("en", "Floods hit Libya. Rescuers reached the city of Derna on Monday. The mayor said "
           "the number of dead in the city could reach 20,000.", 20000, "Derna"),
    ("fr", "Des inondations ont frappé la Libye. Les secours sont arrivés à Derna lundi. Le "
           "maire a fait état de 5 000 morts dans cette ville.", 5000, "Derna"),
])
def test_the_city_is_the_town_named_last(read, lang: str, text: str, low: int,
                                         town: str) -> None:
    assert _place(read(text, lang), low)[0] == town


def test_the_city_of_a_named_place_is_not_an_anaphor(read) -> None:
    text = ("Floods hit Libya. Rescuers reached Derna on Monday. Officials said 40 people died "
            "in the city of Sabha.")
    assert _place(read(text, "en"), 40)[0] == "Sabha"


@pytest.mark.parametrize("name,sentence,written", [
    ("Rukum West", "The ministry said 101 people had died in Jajarkot and 52 in Rukum West.", True),
    ("Rukum West", "Rukum West: 52", True),
    ("Tiznit", "Trois morts ont été recensés à Tiznit, selon la préfecture.", True),
    ("Rajapaksa", "Thousands of Rajapaksa loyalists stormed the camp.", False),
    ("Hasina", "The protests turned into a campaign to oust Hasina.", False),
])
def test_a_name_written_where_a_place_goes_stays_a_place(name: str, sentence: str,
                                                        written: bool) -> None:
    from recoupe.link.claims import _written_as_place

    assert _written_as_place(name, sentence) is written


def test_a_town_located_in_its_division_is_the_town(read) -> None:
    text = ("Les manifestations continuent au Pérou. Dix-sept civils ont été tués lundi à "
            "Juliaca, dans la région de Puno, selon le ministère de la Santé.")
    assert _place(read(text), 17)[0] == "Juliaca"


def test_countries_sending_rescuers_are_not_where_they_go(read) -> None:
    text = ("Le séisme a fait 2 000 morts au Maroc. Madrid a dépêché 86 secouristes et huit "
            "chiens, Londres une équipe de 60 spécialistes, et Doha 87 membres de sa brigade "
            "de secours. L'armée a déployé 300 soldats à Marrakech.")
    claims = read(text)
    assert {_place(claims, n)[0] for n in (86, 60, 87)} == {"Maroc"}
    assert _place(claims, 300)[0] == "Marrakech"
