"""Places on unseen articles: divisions, exonyms, namesakes settled by the country, the
division chain, and whether a name can be a claim's place (issue #14)."""

from __future__ import annotations

import pytest

from recoupe.link.entities import link_entities
from recoupe.link.gazetteer import division_hint, geocode, is_place, region_core
from recoupe.link.places import can_be_place, person_names_of
from recoupe.records import Entity, Mention


@pytest.mark.parametrize(
    ("name", "country", "geonames_id", "feature"),
    [
        # Division phrases, French and English order, with or without the article.
        ("la province d'Al-Haouz", "MA", 6547292, "admin2"),
        ("Al Haouz province", None, 6547292, "admin2"),
        ("province de Taroudant", "MA", 2529647, "admin2"),
        ("préfecture de Marrakech", "MA", 6547285, "admin2"),
        ("province de Chichaoua", "MA", 6547284, "admin2"),
        ("province d'Azilal", "MA", 2556569, "admin2"),
        ("région de Marrakech-Safi", "MA", 11281880, "admin1"),
        ("province de Valence", "ES", 2509951, "admin2"),
        ("Derna governorate", "LY", 87204, "admin1"),
        # Divisions by their bare names, French names included.
        ("Hauts-de-Seine", "FR", 3013657, "admin2"),
        ("les Yvelines", "FR", 2967196, "admin2"),
        ("Seine-Saint-Denis", "FR", 2975246, "admin2"),
        ("Île-de-France", None, 3012874, "admin1"),
        ("Communauté valencienne", "ES", 2593113, "admin1"),
        ("Castille-La Manche", None, 2593111, "admin1"),
        ("Andalousie", None, 2593109, "admin1"),
        ("Andalusia", None, 2593109, "admin1"),
        ("Al Haouz", "MA", 6547292, "admin2"),
        ("Rio Grande do Sul", "BR", 3451133, "admin1"),  # not the town of Rio Grande
        # A bare town name stays the town, even where a division bears it.
        ("Taroudant", "MA", 2529649, "city"),
        ("Chichaoua", "MA", 2553303, "city"),
        ("Moscou", None, 524901, "city"),  # the city, not the federal city of Moskva
        # Exonyms and transliterations.
        ("Dacca", None, 1185241, "city"),
        ("Rangoun", None, 1298824, "city"),
        ("Le Caire", None, 360630, "city"),
        ("Pékin", None, 1816670, "city"),
        ("Kharkov", None, 706483, "city"),
        ("Kharkiv", None, 706483, "city"),
        ("Bombay", None, 1275339, "city"),
        ("Mumbai", None, 1275339, "city"),
        ("Nouvelle-Delhi", None, 1261481, "city"),
        ("Alma-Ata", None, 1526384, "city"),
        ("Janaozen", None, 607610, "city"),
        ("Jañaözen", None, 607610, "city"),
        ("Zhanaozen", None, 607610, "city"),
    ],
)
def test_geocode_divisions_and_exonyms(name: str, country: str | None, geonames_id: int,
                                       feature: str) -> None:
    geo = geocode(name, country)
    assert geo is not None
    assert (geo.geonames_id, geo.feature) == (geonames_id, feature)


@pytest.mark.parametrize(
    ("name", "country", "geonames_id", "expected_country"),
    [
        ("Valence", "ES", 2509954, "ES"),  # Valencia, Spain
        ("Valence", "FR", 2971053, "FR"),  # Valence, Drôme
        ("Paris", "FR", 2988507, "FR"),
        ("Paris", "US", 4717560, "US"),  # Paris, Texas
        ("Tripoli", "LY", 2210247, "LY"),
        ("Tripoli", "LB", 266826, "LB"),
    ],
)
def test_the_articles_country_settles_namesakes(name: str, country: str, geonames_id: int,
                                                expected_country: str) -> None:
    geo = geocode(name, country)
    assert geo is not None
    assert (geo.geonames_id, geo.country) == (geonames_id, expected_country)


def test_every_answer_carries_its_division_chain() -> None:
    town = geocode("Amizmiz", "MA")
    assert town is not None
    assert (town.country, town.country_name) == ("MA", "Morocco")
    assert (town.admin1_name, town.admin1_id) == ("Marrakech-Safi", 11281880)
    assert (town.admin2_name, town.admin2_id) == ("Al Haouz", 6547292)
    province = geocode("province de Taroudant", "MA")
    assert province is not None
    assert (province.admin1_id, province.admin2_id) == (11281882, 2529647)
    valencia = geocode("Valence", "ES")
    assert valencia is not None
    assert (valencia.admin1_id, valencia.admin2_id) == (2593113, 2509951)
    assert valencia.name == "Valencia"


def test_villages_count_only_in_the_articles_country() -> None:
    # A village of under 5,000 people is found when the article is about its country.
    village = geocode("Moulay Brahim", "MA")
    assert village is not None and village.admin2_id == 6547292  # in Al Haouz
    assert geocode("Moulay Brahim") is None
    assert geocode("Moulay Brahim", "FR") is None


def test_division_phrase_parts() -> None:
    assert region_core("la province d'Al-Haouz") == "al haouz"
    assert division_hint("la province d'Al-Haouz") == "province"
    assert region_core("Al Haouz province") == "al haouz"
    # An English name ending in a division word is no phrase when no division has it.
    assert region_core("Islamic State") is None
    assert region_core("Taroudant") is None


@pytest.mark.parametrize(
    ("name", "country", "label", "persons", "expected"),
    [
        ("État", None, "LOC", (), False),  # a common noun with a capital
        ("l'État", "FR", "LOC", (), False),
        ("Est", "LY", "LOC", (), False),  # a Zambian province in French, never a place here
        ("the State", None, "GPE", (), False),
        ("Kazakhs", None, "LOC", (), False),  # a nationality
        ("Asov", "KZ", "LOC", {"asov"}, False),  # a person of the document, a hamlet abroad
        ("Alma-Ata", "KZ", "PER", {"alma ata"}, True),  # a city of a million is a city
        ("Al Haouz", "MA", "PER", (), True),  # the English model's PERSON: the gazetteer says
        ("province de Taroudant", "MA", None, (), True),
        ("Moulay Brahim", "MA", None, (), True),
        ("Ouirgane Nord", "MA", "LOC", (), True),  # unknown, labelled LOC, name-shaped
        ("Ouirgane Nord", "MA", None, (), False),  # unknown and unlabelled
        ("ouvriers agricoles", "MA", "LOC", (), False),  # not a name
        ("Moscow", None, None, (), True),
    ],
)
def test_can_be_place(name: str, country: str | None, label: str | None, persons: set[str],
                      expected: bool) -> None:
    assert can_be_place(name, country, label=label, person_names=persons) is expected


def test_is_place_refuses_capitalised_common_nouns() -> None:
    assert not is_place("Est")
    assert not is_place("État")
    assert is_place("Hauts-de-Seine", "FR")
    assert not is_place("Hauts-de-Seine", "KZ")  # a second-level division abroad


def _mentions(doc: str, text: str, forms: list[tuple[str, str]]) -> list[Mention]:
    out = []
    for surface, label in forms:
        start = text.index(surface)
        out.append(Mention(doc, start, start + len(surface), surface, label, None, text))
    return out


def _by_form(entities: list[Entity]) -> dict[str, Entity]:
    return {m.text: e for e in entities for m in e.mentions}


def test_one_place_across_languages_and_division_forms() -> None:
    fr = "Le séisme a frappé la province d'Al-Haouz, près de Moscou et d'Alma-Ata."
    en = "The quake hit Al Haouz province; Moscow and Almaty sent help."
    mentions = _mentions("fr", fr, [("province d'Al-Haouz", "LOC"), ("Moscou", "LOC"),
                                    ("Alma-Ata", "LOC")])
    mentions += _mentions("en", en, [("Al Haouz province", "LOC"), ("Moscow", "LOC"),
                                     ("Almaty", "LOC")])
    found = _by_form(link_entities(mentions))
    assert found["province d'Al-Haouz"].id == found["Al Haouz province"].id
    assert found["Moscou"].id == found["Moscow"].id
    assert found["Alma-Ata"].id == found["Almaty"].id
    assert found["Moscou"].id != found["Almaty"].id
    province = found["Al Haouz province"].geo
    assert province is not None and province.geonames_id == 6547292


def test_valence_follows_each_documents_country() -> None:
    spain = "À Valence, en Espagne, les inondations ont fait des morts près de Madrid."
    france = "À Valence, dans la Drôme, près de Lyon et de Grenoble, en France."
    mentions = _mentions("es", spain, [("Valence", "LOC"), ("Espagne", "LOC"),
                                       ("Madrid", "LOC")])
    mentions += _mentions("fr", france, [("Valence", "LOC"), ("Lyon", "LOC"),
                                         ("Grenoble", "LOC"), ("France", "LOC")])
    entities = link_entities(mentions)
    valences = [e for e in entities if any(m.text == "Valence" for m in e.mentions)]
    assert {e.geo.country for e in valences if e.geo} == {"ES", "FR"}
    assert len(valences) == 2


def test_person_names_of_a_document() -> None:
    text = "Le gouverneur Karim Asov a visité Taroudant."
    mentions = _mentions("d", text, [("Karim Asov", "PER"), ("Taroudant", "LOC")])
    names = person_names_of(link_entities(mentions), "d")
    assert "karim asov" in names and "taroudant" not in names


def test_place_names_ner_misreads() -> None:
    # A dateline in capitals is the town, not an acronym; the English model's PERSON
    # "Al-Haouz" is the province of the document's country; a nationality may stand
    # inside a division phrase.
    text = ("LILONGWE - Au Maroc, le séisme a frappé Al-Haouz, Marrakech et la province "
            "marocaine de Taroudant.")
    mentions = _mentions("d", text, [("LILONGWE", "ORG"), ("Maroc", "LOC"),
                                     ("Al-Haouz", "PER"), ("Marrakech", "LOC"),
                                     ("province marocaine de Taroudant", "LOC")])
    found = _by_form(link_entities(mentions))
    assert found["LILONGWE"].type == "LOC"
    assert found["Al-Haouz"].type == "LOC"
    assert found["Al-Haouz"].geo is not None and found["Al-Haouz"].geo.geonames_id == 6547292
    province = found["province marocaine de Taroudant"].geo
    assert province is not None and province.geonames_id == 2529647


def test_a_large_town_in_a_mistagged_name_stays_a_place() -> None:
    # NER calls the prefecture "Agadir Ida Outanane" a person: "Agadir" is still the city.
    text = "Le séisme a touché Agadir Ida Outanane. À Agadir, au Maroc, les secours sont là."
    mentions = _mentions("d", text, [("Agadir Ida Outanane", "PER"), ("Maroc", "LOC")])
    city = text.index("Agadir, au")
    mentions.append(Mention("d", city, city + 6, "Agadir", "PER", None, text))
    agadir = next(e for e in link_entities(mentions) if "Agadir" in e.forms)
    assert agadir.type == "LOC"
    assert agadir.geo is not None and agadir.geo.geonames_id == 2561668


def test_names_in_a_list_of_provinces_are_the_provinces() -> None:
    text = ("Au Maroc, aucun nouveau décès dans les provinces d'Azilal, de Chichaoua et de "
            "Taroudant, ni à Marrakech.")
    mentions = _mentions("d", text, [("Maroc", "LOC"), ("Azilal", "LOC"),
                                     ("Chichaoua", "LOC"), ("Taroudant", "LOC"),
                                     ("Marrakech", "LOC")])
    found = _by_form(link_entities(mentions))
    ids = {form: found[form].geo.geonames_id for form in found if found[form].geo}
    assert ids["Azilal"] == 2556569 and ids["Chichaoua"] == 6547284
    assert ids["Taroudant"] == 2529647
    assert ids["Marrakech"] == 2542997  # not in the list: the city


def test_a_listed_district_is_its_own_division_not_its_province() -> None:
    text = "En Afghanistan, les districts de Zenda Jan et de Kohsan, près d'Herat, sont touchés."
    mentions = _mentions("d", text, [("Afghanistan", "LOC"), ("Kohsan", "LOC"),
                                     ("Herat", "LOC")])
    found = _by_form(link_entities(mentions))
    assert found["Kohsan"].id != found["Herat"].id
    kohsan = found["Kohsan"].geo
    assert kohsan is not None and (kohsan.geonames_id, kohsan.feature) == (7053043, "admin2")


@pytest.mark.parametrize(
    ("name", "sentence", "expected"),
    [
        ("Tinghir", "No deaths in the provinces of Azilal, Youssoufia and Tinghir.", "province"),
        ("Casablanca", "No deaths in the provinces of Azilal or in Casablanca.", None),
        ("Rangpur", "Killed in Gazipur, Rangpur and several other districts.", None),
        ("Jajarkot", "The quake hit Jajarkot and Rukum West districts.", None),
    ],
)
def test_listed_division(name: str, sentence: str, expected: str | None) -> None:
    from recoupe.link.places import listed_division

    assert listed_division(name, sentence) == expected
