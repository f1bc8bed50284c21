"""Divisions in English and French phrasing, place names NER misses, bodies owned by a
country or a parent, and forms kept with their languages (issues #14, #17)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from recoupe.link.bodies import body_mentions
from recoupe.link.entities import link_entities, widen_to_phrase, with_short_forms
from recoupe.link.gazetteer import geocode, place_phrase
from recoupe.link.gazetteer.finder import missed_places
from recoupe.records import Entity, EntityForm, Mention, to_json
from recoupe.report.files import entity_row
from recoupe.store.decode import entity_from_json

ROOT = Path(__file__).resolve().parent.parent


def _id(name: str, country: str | None = None) -> int | None:
    geo = geocode(name, country)
    return geo.geonames_id if geo else None


@pytest.mark.parametrize(("name", "country", "expected"), [
    # English order and English "of": the division, never the town.
    ("Taroudant province", "MA", 2529647),
    ("the province of Valencia", "ES", 2509951),
    ("Valencia province", "ES", 2509951),
    ("the Valencia region", "ES", 2593113),  # an autonomous community is a region
    ("the state of Rio Grande do Sul", "BR", 3451133),
    ("Rio Grande do Sul state", "BR", 3451133),
    ("Narok County", "KE", 7668904),
    ("Sirajganj district", "BD", 1337168),
    ("district of Hambantota", "LK", 1244925),
    # French phrasing: the same divisions.
    ("la province de Taroudant", "MA", 2529647),
    ("province de Valence", "ES", 2509951),
    # A bare name is the town; "city" says so too; a city's own name stays whole.
    ("Taroudant", "MA", 2529649),
    ("Valencia city", "ES", 2509954),
    ("la ville de Valence", "FR", 2971053),
    ("Mexico City", None, 3530597),
    # English country names and exonyms.
    ("Burma", None, 1327865),
    ("Britain", None, 2635167),
    ("the Netherlands", None, 2750405),
    ("YANGON", "MM", 1298824),
])
def test_division_phrases_and_exonyms(name: str, country: str | None, expected: int) -> None:
    assert _id(name, country) == expected


@pytest.mark.parametrize(("text", "name", "phrase"), [
    ("Two men drowned in Kiambu county overnight.", "Kiambu", "Kiambu county"),
    ("Water rose across the province of Valencia.", "Valencia", "province of Valencia"),
    ("Les secours sont arrivés dans la province de Taroudant.", "Taroudant",
     "province de Taroudant"),
    ("Traffic crossed from Valencia city at dawn.", "Valencia", "Valencia city"),
    ("In Taroudant, to the south, the roads were cut.", "Taroudant", "Taroudant"),
    # A list of divisions is read by the list's rule, name by name.
    ("les provinces d'Azilal et de Taroudant", "Azilal", "Azilal"),
])
def test_place_phrase(text: str, name: str, phrase: str) -> None:
    at = text.index(name)
    start, end = place_phrase(text, at, at + len(name))
    assert text[start:end] == phrase


def _mention(doc: str, sentence: str, text: str, label: str, base: int = 0) -> Mention:
    at = sentence.index(text)
    return Mention(doc, base + at, base + at + len(text), text, label, None, sentence)


def test_ner_name_widened_to_its_division() -> None:
    sentence = "Two men drowned in Kiambu county overnight, the Kenyan police said."
    widened = widen_to_phrase(_mention("k", sentence, "Kiambu", "GPE", base=40))
    assert (widened.text, widened.start, widened.end, widened.label) == (
        "Kiambu county", 40 + 19, 40 + 32, "LOC")
    # No division word: the mention is left as it is.
    plain = _mention("k", "Rain fell on Kiambu.", "Kiambu", "GPE")
    assert widen_to_phrase(plain) == plain


def test_linked_division_keeps_its_bare_name_as_a_form() -> None:
    sentence = "Two men drowned in Kiambu county overnight in Kenya."
    mentions = [_mention("k", sentence, "Kiambu", "GPE"),
                _mention("k", sentence, "Kenya", "GPE")]
    county = next(e for e in with_short_forms(link_entities(mentions))
                  if "Kiambu county" in e.forms)
    assert county.geo is not None and county.geo.geonames_id == 192709
    assert "Kiambu" in county.forms


def test_finder_adds_place_names_ner_missed() -> None:
    text = ("KATHMANDU, Nov 4 (Reuters) - Rescuers reached villages of the west.\n"
            "Floods in Rio Grande do Sul state cut roads; the Interior Ministry said.")
    assert [name for _, _, name in missed_places(text, "NP")] == ["KATHMANDU"]
    found = missed_places(text, "BR")
    assert [name for _, _, name in found] == ["Rio Grande do Sul state"]
    start, end, _ = found[0]
    assert geocode(text[start:end], "BR").geonames_id == 3451133
    # A span NER took across the name leaves it alone; a piece of it ("Grande", taken
    # for a person) is replaced by the whole name. Without a country nothing is guessed.
    assert missed_places(text, "BR", taken=[(start - 3, start + 5)]) == []
    piece = text.index("Grande")
    assert [n for _, _, n in missed_places(text, "BR", taken=[(piece, piece + 6)])] == [
        "Rio Grande do Sul state"]
    assert missed_places(text, None) == []


def test_linking_drops_the_piece_ner_made_of_a_place() -> None:
    sentence = "Six people died in Castilla-La Mancha, Spain."
    whole = _mention("e", sentence, "Castilla-La Mancha", "LOC")
    piece = _mention("e", sentence, "Mancha", "PER")
    entities = link_entities([whole, piece, _mention("e", sentence, "Spain", "GPE")])
    assert not any(e.type == "PER" for e in entities)
    region = next(e for e in entities if "Castilla-La Mancha" in e.forms)
    assert region.geo is not None and region.geo.geonames_id == 2593111


def test_finder_through_body_mentions_uses_the_article_country() -> None:
    text = "Rain hit Spain. In Castilla-La Mancha two people died, Spanish police said."
    spain = text.index("Spain")
    found = body_mentions("e", text, "en", taken=[(spain, spain + 5)])
    assert ("Castilla-La Mancha", "LOC") in {(m.text, m.label) for m in found}


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Spain's defence ministry sent 500 soldiers.", "en", "Spain's defence ministry"),
    ("Saudi Arabia's health ministry counted 12 dead.", "en",
     "Saudi Arabia's health ministry"),
    ("The U.N. humanitarian office said 40 people died.", "en",
     "U.N. humanitarian office"),
    ("The UN's refugee agency said 3,000 fled.", "en", "UN's refugee agency"),
    ("Selon le bureau humanitaire de l'ONU, 40 morts.", "fr", "bureau humanitaire de l'ONU"),
])
def test_possessive_and_parented_bodies_are_mentions(text: str, lang: str,
                                                     expected: str) -> None:
    # The country or parent NER took ("Spain", "U.N.") stays a mention of its own.
    first = text.split()[0].rstrip("'s")
    taken = [(text.index(first), text.index(first) + len(first))] if first[:1].isupper() \
        else []
    assert expected in {m.text for m in body_mentions("d", text, lang, taken=taken)}


def test_bodies_are_one_entity_across_languages_and_countries() -> None:
    en = ("Kazakhstan's interior ministry said 160 died in Almaty, the U.N. humanitarian "
          "office said.")
    fr = ("Le ministère de l'Intérieur a annoncé 160 morts à Almaty, selon le Bureau de la "
          "coordination des affaires humanitaires (OCHA) au Kazakhstan.")
    ma = "Le ministère de l'Intérieur a annoncé 2 000 morts à Marrakech, au Maroc."
    mentions = [
        _mention("en", en, "Kazakhstan's interior ministry", "ORG"),
        _mention("en", en, "Almaty", "GPE"),
        _mention("en", en, "U.N. humanitarian office", "ORG"),
        _mention("fr", fr, "ministère de l'Intérieur", "ORG"),
        _mention("fr", fr, "Almaty", "LOC"),
        _mention("fr", fr, "Bureau de la coordination des affaires humanitaires", "ORG"),
        _mention("fr", fr, "OCHA", "ORG"),
        _mention("fr", fr, "Kazakhstan", "LOC"),
        _mention("ma", ma, "ministère de l'Intérieur", "ORG"),
        _mention("ma", ma, "Marrakech", "LOC"),
        _mention("ma", ma, "Maroc", "LOC"),
    ]
    entities = link_entities(mentions, languages={"en": "en", "fr": "fr", "ma": "fr"})
    by_doc = {(m.doc, m.text): e.id for e in entities for m in e.mentions}
    assert by_doc[("en", "Kazakhstan's interior ministry")] == by_doc[
        ("fr", "ministère de l'Intérieur")]
    assert by_doc[("ma", "ministère de l'Intérieur")] != by_doc[
        ("fr", "ministère de l'Intérieur")]
    assert by_doc[("en", "U.N. humanitarian office")] == by_doc[("fr", "OCHA")]
    ocha = next(e for e in entities if "OCHA" in e.forms)
    assert {(f.text, f.lang) for f in ocha.form_langs} >= {
        ("U.N. humanitarian office", "en"), ("OCHA", "fr")}


def test_form_languages_are_detected_stored_and_exported() -> None:
    en = "Floods killed 40 people in Moscow on Sunday, officials said."
    fr = "Les inondations ont fait 40 morts à Moscou dimanche, selon les autorités."
    mentions = [_mention("a", en, "Moscow", "GPE"), _mention("b", fr, "Moscou", "LOC")]
    moscow = next(e for e in link_entities(mentions) if e.type == "LOC")
    assert moscow.form_langs == (EntityForm("Moscou", "fr"), EntityForm("Moscow", "en"))
    assert entity_from_json(json.loads(json.dumps(to_json(moscow)))) == moscow
    assert entity_row(moscow)["form_langs"] == [
        {"text": "Moscou", "lang": "fr"}, {"text": "Moscow", "lang": "en"}]
    # Records stored before the field existed still read.
    old = {k: v for k, v in to_json(moscow).items() if k != "form_langs"}
    assert entity_from_json(old) == Entity(moscow.id, moscow.canonical, moscow.type,
                                           moscow.forms, moscow.mentions, moscow.geo)


def test_divisions_bench_counts_resolved_forms(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import divisions  # bench/divisions.py

    articles = tmp_path / "set"
    articles.mkdir()
    (articles / "a.txt").write_text(
        "Two men drowned in Kiambu county, Kenya, and the river rose in Nakuru.\n",
        encoding="utf-8")
    gold = tmp_path / "set.entities.gold.json"
    gold.write_text(json.dumps({"entities": [
        {"canonical": "Kiambu County", "type": "LOC", "forms": ["Kiambu"],
         "geonames_id": 192709},
        {"canonical": "Nakuru", "type": "LOC", "forms": ["Nakuru"], "geonames_id": 1},
    ]}), encoding="utf-8")
    result = divisions.check_set("set", gold, articles)
    # "Kiambu" read with its division word resolves; the made-up id of Nakuru does not.
    assert (result.resolved, result.total) == (2, 3)
    assert any(miss.startswith("Nakuru") for miss in result.misses)


def test_containment_levels_and_chains_by_id() -> None:
    from recoupe.link.gazetteer import division_level, is_within, place_geo

    # Taroudant (town) lies in its province, in Souss-Massa and in Morocco; not the reverse.
    assert is_within(2529649, 2529647) and is_within(2529647, 2542007)
    assert is_within(2529649, 2542007) and not is_within(2542007, 2529647)
    assert is_within(2509954, 2593113)  # Valencia (city) in the Valencian Community
    assert not is_within(2509954, 2529647)
    assert [division_level(i) for i in (2542007, 2529647, 2529649)] == [
        "country", "admin2", "city"]
    chain = place_geo(2529649)
    assert chain is not None and (chain.admin2_id, chain.country) == (2529647, "MA")
    assert place_geo(1) is None and division_level(1) is None and not is_within(1, 2542007)


def test_a_town_phrase_keeps_the_bare_name() -> None:
    sentence = "Strikers gathered in the town of Zhanaozen and in Valencia city."
    mentions = [_mention("z", sentence, "Zhanaozen", "GPE"),
                _mention("z", sentence, "Valencia", "GPE")]
    entities = with_short_forms(link_entities(mentions))
    forms = {form for e in entities for form in e.forms}
    assert {"Zhanaozen", "Valencia city", "Valencia"} <= forms
    assert "town of Zhanaozen" not in forms


def test_a_piece_of_a_found_name_is_not_widened_into_another_place() -> None:
    sentence = "Rescuers reached the state of Rio Grande do Sul on Monday, in Brazil."
    piece = _mention("b", sentence, "Rio Grande", "GPE")
    at = sentence.index("Rio Grande do Sul")
    found = Mention("b", at, at + len("Rio Grande do Sul"), "Rio Grande do Sul", "LOC")
    entities = link_entities([piece, found, _mention("b", sentence, "Brazil", "GPE")])
    ids = {e.geo.geonames_id for e in entities if e.geo}
    assert 3451133 in ids and 3451136 not in ids  # the state, never the town's division


def test_finder_reads_a_lone_name_only_with_its_division_word() -> None:
    text = ("Two are missing in the hamlet of Letur in Albacete province. In Albacete the "
            "river rose. The water also reached Canoas and Eldorado do Sul.")
    assert [name for _, _, name in missed_places(text, "ES")] == ["Albacete province"]
    # A town and the municipality named after it are one place: Eldorado do Sul is found.
    assert [name for _, _, name in missed_places(text, "BR")] == ["Eldorado do Sul"]
