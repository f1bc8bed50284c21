"""Issue #14, round 5: lists and tables of counts by division, false geocodes of words
that are not places here, "région de X", names with their article, and single-word
names NER misses. Sentences are invented; the places are real (the gazetteer's)."""

from __future__ import annotations

import pytest

from recoupe.link.entities import link_entities
from recoupe.link.gazetteer import geocode, is_named, is_own_name
from recoupe.link.places import introduced_division, listed_division, table_division
from recoupe.records import Entity, Mention


def _id(name: str, country: str | None = None) -> int | None:
    geo = geocode(name, country)
    return geo.geonames_id if geo else None


# ---------------------------------------------------------------- lists and tables


@pytest.mark.parametrize(("name", "sentence", "expected"), [
    # A list of counts whose introduction says it goes by division.
    ("Narok", "The commission gave the toll by county: Nairobi (7), Narok (2) and Kisii (1).",
     "county"),
    ("Nairobi", "The commission gave the toll by county: Nairobi (7), Narok (2) and Kisii (1).",
     "county"),
    ("Zomba", "Le bilan par district est le suivant : Blantyre : 12 ; Zomba : 4 ; Nsanje : 1.",
     "district"),
    ("Jumla", "It released district-wise figures: Dailekh: 3, Jumla: 2.", "district"),
    # A plural head, with counts and a division named with its own word in between.
    ("Azilal", "Les morts se répartissent entre les provinces de Tata (4), la préfecture "
     "d'Agadir (2), Azilal (1) et Tinghir (1).", "province"),
    # No division word: towns, not divisions.
    ("Narok", "Police fired in Nairobi (7 dead), Narok (2) and Kisii.", None),
    ("Granada", "In 1950, floods in Granada, Almeria and Murcia killed 40.", None),
    # "par district" far from a list without counts says nothing of the names.
    ("Zomba", "Les secours, organisés par district, sont arrivés à Zomba.", None),
])
def test_listed_division_with_counts(name: str, sentence: str, expected: str | None) -> None:
    assert listed_division(name, sentence) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Selon l'agence, la répartition des morts dans les provinces est la suivante :",
     "province"),
    ("The ministry gave this breakdown of deaths by province and prefecture:", "province"),
    ("Police released district-wise figures for the injured:", "district"),
    ("Le bilan est le suivant :", None),
])
def test_introduced_division(line: str, expected: str | None) -> None:
    assert introduced_division(line) == expected


def test_table_of_divisions_from_the_gazetteer() -> None:
    # One row is only a division ("Al Haouz"): the table goes by province.
    assert table_division(["Al Haouz", "Taroudant", "Chichaoua", "Azilal"], "MA") == "province"
    # Towns that are also provinces, and none only a division: the gazetteer cannot tell.
    assert table_division(["Adana", "Gaziantep", "Malatya"], "TR") is None
    # Too short to be a table.
    assert table_division(["Al Haouz", "Taroudant"], "MA") is None


def _mention(doc: str, text: str, sentence: str, label: str = "LOC",
             start: int = 0) -> Mention:
    at = sentence.find(text)
    return Mention(doc, start + at, start + at + len(text), text, label, None, sentence)


def _by_form(entities: list[Entity], form: str) -> Entity:
    return next(e for e in entities if form in e.forms)


def test_table_rows_link_to_divisions() -> None:
    rows = ["Al Haouz : 40", "Taroudant : 12", "Chichaoua : 5", "Azilal : 2"]
    mentions, start = [], 0
    for row in rows:
        mentions.append(_mention("d1", row.split(" :")[0], row, start=start))
        start += len(row) + 1
    found = link_entities(mentions)
    assert _by_form(found, "Taroudant").geo.geonames_id == 2529647  # the province
    assert _by_form(found, "Azilal").geo.geonames_id == 2556569


def test_table_intro_read_from_the_text() -> None:
    intro = "La répartition des morts dans les provinces est la suivante :\n"
    rows = ["Adana : 40", "Gaziantep : 12", "Malatya : 5"]
    text = intro + "\n".join(rows)
    mentions, start = [], len(intro)
    for row in rows:
        mentions.append(_mention("d1", row.split(" :")[0], row, start=start))
        start += len(row) + 1
    found = link_entities(mentions, texts={"d1": text})
    assert _by_form(found, "Gaziantep").geo.geonames_id == 314829  # the province
    towns = link_entities(mentions)  # without the introduction: the towns
    assert _by_form(towns, "Gaziantep").geo.geonames_id == 314830


def test_listed_exonym_is_the_division_of_that_name() -> None:
    sentence = "Les morts sont dans les gouvernorats d'Alep, de Hama et de Lattaquié."
    found = link_entities([_mention("d1", n, sentence) for n in ("Alep", "Hama", "Lattaquié")])
    assert _by_form(found, "Alep").geo.geonames_id == 170062  # Ḩalab governorate
    assert _by_form(found, "Lattaquié").geo.geonames_id == 173578


# ---------------------------------------------------------------- not places here


def test_own_and_alternate_names() -> None:
    assert is_own_name("Perm", 511196)
    assert not is_own_name("Molotov", 511196)  # an old name
    assert is_named("Molotov", 511196)


@pytest.mark.parametrize(("name", "label", "sentence"), [
    # Another place's old name, said of a weapon NER calls a person.
    ("Molotov", "PER", "Des jeunes ont lancé des cocktails Molotov sur les gendarmes à Ouvéa."),
    # A common noun in lower case.
    ("morgues", "LOC", "Les familles attendaient devant les morgues de Nouméa."),
    # A common noun: after an indefinite article.
    ("Maïdan", "LOC", "Le ministre a dit craindre un Maïdan à Nouméa."),
    # A small town abroad, in a country the article never names.
    ("Plum", "LOC", "Un gendarme a été blessé à Plum, près de Nouméa."),
])
def test_false_geocodes_are_dropped(name: str, label: str, sentence: str) -> None:
    other = _mention("d1", "Nouméa", sentence)
    found = link_entities([_mention("d1", name, sentence, label), other])
    entity = next((e for e in found if name in e.forms), None)
    assert entity is None or entity.geo is None
    assert _by_form(found, "Nouméa").geo.country == "NC"


def test_foreign_places_the_article_names_keep_their_geocode() -> None:
    sentence = ("Le séisme rappelle celui de L'Aquila, en Italie, et les renforts de Genève "
                "arrivés à Adana.")
    found = link_entities([_mention("d1", n, sentence)
                           for n in ("L'Aquila", "Italie", "Genève", "Adana")])
    assert _by_form(found, "L'Aquila").geo.country == "IT"  # Italy is named
    assert _by_form(found, "Genève").geo.country == "CH"  # a large town anywhere


# ---------------------------------------------------------------- names and phrases


@pytest.mark.parametrize(("name", "country", "expected"), [
    # "région de X", X a town: the region-type division its division lies in ...
    ("région de Valence", "ES", 2593113),
    ("la région de Marrakech", "MA", 11281880),
    # ... or the division named X when it is one ...
    ("région d'Herat", "AF", 1140025),
    ("région d'Al-Haouz", "MA", 6547292),  # no town of that name: the province
    # ... else the area around the town of X.
    ("région d'Izmit", "TR", 745028),
    # A name that begins with its article.
    ("L'Haÿ-les-Roses", "FR", 2998632),
    ("Le Mont-Dore", "NC", 2140066),
    # A division named "X et Y" written "X-Y".
    ("Sistan-Baloutchistan", "IR", 1159456),
])
def test_region_phrases_and_names(name: str, country: str, expected: int) -> None:
    assert _id(name, country) == expected


@pytest.mark.parametrize(("name", "country", "expected"), [
    # "commune de X" is the town X, not the division a town of that name lies in.
    ("commune de Benetússer", "ES", 2521105),
    ("la commune du Mont-Dore", "NC", 2140066),
    ("commune de Pikine", "SN", 2246678),
    ("département de Pikine", "SN", 7732979),  # a division word of another level
    # A town GeoNames gives no population is the seat of the district named after it.
    ("Surkhet", "NP", 7649119),
    # Names the data lacks in French or under the name the press uses (exonym tables).
    ("Cachemire pakistanais", None, 1184196),
    ("Grand Casablanca", "MA", 6547294),
])
def test_towns_and_divisions(name: str, country: str | None, expected: int) -> None:
    assert _id(name, country) == expected


def test_finder_single_word_in_a_list_of_places() -> None:
    from recoupe.link.gazetteer.finder import missed_places

    text = "Protests spread to Mombasa, Kisumu and Eldoret on Tuesday."
    taken = [(text.find(w), text.find(w) + len(w)) for w in ("Mombasa", "Kisumu")]
    assert [name for _, _, name in missed_places(text, "KE", taken)] == ["Eldoret"]
    # Alone, a single word stays NER's to find.
    alone = "Protests spread to Eldoret on Tuesday."
    assert missed_places(alone, "KE", []) == []
    # In the story's country only.
    assert missed_places(text, "BD", taken) == []


def test_finder_run_cut_before_a_small_word() -> None:
    from recoupe.link.gazetteer.finder import missed_places

    text = "A family sits outside its home in Moulay Brahim on September 12."
    assert [name for _, _, name in missed_places(text, "MA", [])] == ["Moulay Brahim"]


def test_person_label_listed_with_a_home_place_is_a_place() -> None:
    sentence = "The army flew the injured to Surkhet and Nepalgunj by helicopter."
    found = link_entities([_mention("d1", "Surkhet", sentence, "PER"),
                           _mention("d1", "Nepalgunj", sentence),
                           _mention("d1", "Jajarkot", "The quake hit Jajarkot.", start=80)])
    surkhet = _by_form(found, "Surkhet")
    assert surkhet.type == "LOC" and surkhet.geo.geonames_id == 7649119


def test_bare_small_town_joins_the_division_a_table_names() -> None:
    rows = ["Al Haouz : 40", "Taroudant : 12", "Chichaoua : 5", "Azilal : 2"]
    mentions, start = [], 0
    for row in rows:
        mentions.append(_mention("d1", row.split(" :")[0], row, start=start))
        start += len(row) + 1
    # Another article names Chichaoua (a town of under 100,000 people) bare.
    mentions.append(_mention("d2", "Chichaoua", "Rescuers reached Chichaoua on Monday."))
    mentions.append(_mention("d2", "Al Haouz", "Al Haouz was the worst hit.", start=60))
    found = link_entities(mentions)
    assert len({e.id for e in found if "Chichaoua" in e.forms}) == 1
    assert _by_form(found, "Chichaoua").geo.geonames_id == 6547284  # the province


def test_english_attributive_name_is_still_a_place() -> None:
    sentence = "He died in a Nairobi hospital, police in Kisumu said."
    found = link_entities([_mention("d1", "Nairobi", sentence),
                           _mention("d1", "Kisumu", sentence)])
    assert _by_form(found, "Nairobi").geo.geonames_id == 184745
