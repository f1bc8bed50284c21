"""Bodies: authorities named in lower case, one body across languages and acronyms,
named events, and the country an authority belongs to (issue #14 items 4 and 5)."""

from __future__ import annotations

import pytest

from recoupe.link.bodies import body_concept, body_mentions
from recoupe.link.entities import link_entities
from recoupe.records import Entity, Mention
from recoupe.textfold import name_key


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "Selon la protection civile, douze personnes sont mortes.",
         ["protection civile"]),
        ("fr", "Les services de secours libyens ont retrouvé 40 corps.",
         ["services de secours libyens"]),
        ("fr", "Le ministère marocain de l'Intérieur a publié un bilan.",
         ["ministère marocain de l'Intérieur"]),
        ("fr", "Le ministère de l’Intérieur du Maroc a publié un bilan.",
         ["ministère de l’Intérieur du Maroc"]),
        ("fr", "Le parquet a ouvert une enquête ; l'armée et la garde nationale patrouillent.",
         ["parquet", "armée", "garde nationale"]),
        ("fr", "Le ministère de la Santé parle de 300 blessés.", ["ministère de la Santé"]),
        ("en", "The interior ministry said 2,012 people died.", ["interior ministry"]),
        ("en", "Civil defence teams and the Health Ministry of Libya gave figures.",
         ["Civil defence", "Health Ministry of Libya"]),
        ("en", "Rescuers searched all night.", []),
    ],
)
def test_body_mentions(lang: str, text: str, expected: list[str]) -> None:
    found = body_mentions("d", text, lang)
    assert [m.text for m in found] == expected
    assert all(m.label == "ORG" and text[m.start:m.end] == m.text for m in found)


def test_body_mentions_skip_what_ner_found() -> None:
    text = "Le Ministère de la Santé et la protection civile."
    taken = [(3, 24)]  # "Ministère de la Santé", already a mention
    assert [m.text for m in body_mentions("d", text, "fr", taken)] == ["protection civile"]


def test_body_mentions_of_a_language_without_tables() -> None:
    assert body_mentions("d", "la protection civile", "xx") == []


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("ministère marocain de l'Intérieur", ("ministry:interior", "MA")),
        ("Interior Ministry", ("ministry:interior", None)),
        ("services de secours libyens", ("rescue_services", "LY")),
        ("bureau du procureur général", ("prosecution", None)),
        ("prosecutor general's office", ("prosecution", None)),
        ("comité des fêtes", None),
    ],
)
def test_body_concept(phrase: str, expected: tuple[str, str | None] | None) -> None:
    assert body_concept(name_key(phrase)) == expected


def _mentions(doc: str, text: str, forms: list[tuple[str, str]]) -> list[Mention]:
    out = []
    for surface, label in forms:
        start = text.index(surface)
        out.append(Mention(doc, start, start + len(surface), surface, label, None, text))
    return out


def _entity_of(entities: list[Entity], form: str) -> Entity:
    return next(e for e in entities if any(m.text == form for m in e.mentions))


def test_one_body_across_languages_and_acronyms() -> None:
    fr = ("L'ONU et la FICR, avec l'OMS et RIA Novosti, parlent de la tempête Daniel "
          "qui a frappé Derna en Libye.")
    en = ("The United Nations, the International Federation of Red Cross and Red Crescent "
          "Societies, the WHO and Ria Novosti said Storm Daniel hit Derna in Libya.")
    en2 = "The IFRC and the World Health Organization counted the dead in Derna, Libya."
    mentions = _mentions("fr", fr, [("ONU", "ORG"), ("FICR", "ORG"), ("OMS", "ORG"),
                                    ("RIA Novosti", "ORG"), ("tempête Daniel", "MISC"),
                                    ("Derna", "LOC"), ("Libye", "LOC")])
    mentions += _mentions("en", en, [
        ("United Nations", "ORG"),
        ("International Federation of Red Cross and Red Crescent Societies", "ORG"),
        ("WHO", "ORG"), ("Ria Novosti", "PER"), ("Storm Daniel", "MISC"), ("Derna", "GPE"),
        ("Libya", "GPE")])
    mentions += _mentions("en2", en2, [("IFRC", "ORG"), ("World Health Organization", "ORG"),
                                       ("Derna", "GPE"), ("Libya", "GPE")])
    entities = link_entities(mentions)
    pairs = [("ONU", "United Nations"), ("FICR", "IFRC"), ("OMS", "WHO"),
             ("OMS", "World Health Organization"), ("RIA Novosti", "Ria Novosti"),
             ("tempête Daniel", "Storm Daniel"), ("Libye", "Libya"),
             ("FICR", "International Federation of Red Cross and Red Crescent Societies")]
    for left, right in pairs:
        assert _entity_of(entities, left).id == _entity_of(entities, right).id, (left, right)
    assert _entity_of(entities, "ONU").id != _entity_of(entities, "OMS").id
    assert _entity_of(entities, "Ria Novosti").type == "ORG"


def test_an_authority_belongs_to_its_country() -> None:
    morocco = ("Le ministère de l'Intérieur a annoncé 2 946 morts à Marrakech, au Maroc, "
               "et dans la province d'Al-Haouz.")
    morocco_en = "Morocco's Interior Ministry said 2,946 people died near Marrakesh, Morocco."
    france = ("Le ministère de l'Intérieur a compté 3 000 interpellations à Paris et Lyon, "
              "en France.")
    mentions = _mentions("ma", morocco, [("ministère de l'Intérieur", "ORG"),
                                         ("Marrakech", "LOC"), ("Maroc", "LOC"),
                                         ("province d'Al-Haouz", "LOC")])
    mentions += _mentions("ma-en", morocco_en, [("Interior Ministry", "ORG"),
                                                ("Marrakesh", "GPE"), ("Morocco", "GPE")])
    mentions += _mentions("fr", france, [("ministère de l'Intérieur", "ORG"), ("Paris", "LOC"),
                                         ("Lyon", "LOC"), ("France", "LOC")])
    entities = link_entities(mentions)
    ministries = [e for e in entities if e.type == "ORG"]
    by_doc = {m.doc: e.id for e in ministries for m in e.mentions}
    assert by_doc["ma"] == by_doc["ma-en"]
    assert by_doc["ma"] != by_doc["fr"]


def test_lower_case_bodies_become_org_entities() -> None:
    text = "Selon la protection civile et les services de secours libyens, 40 morts à Derna."
    mentions = body_mentions("d", text, "fr")
    mentions += _mentions("d", text, [("Derna", "LOC")])
    entities = link_entities(mentions)
    bodies = {e.canonical: e.type for e in entities if e.type == "ORG"}
    assert set(bodies) == {"protection civile", "services de secours libyens"}


def test_a_national_body_is_one_per_country() -> None:
    libya = "Le Croissant-Rouge a compté 11 300 morts à Derna, en Libye, près de Benghazi."
    afghan = ("Le Croissant-Rouge afghan et le Croissant-Rouge ont secouru les blessés à "
              "Herat, en Afghanistan, près de Kaboul.")
    mentions = _mentions("ly", libya, [("Croissant-Rouge", "ORG"), ("Derna", "LOC"),
                                       ("Libye", "LOC"), ("Benghazi", "LOC")])
    afghan_mentions = _mentions("af", afghan, [("Croissant-Rouge afghan", "ORG"),
                                               ("Herat", "LOC"), ("Afghanistan", "LOC"),
                                               ("Kaboul", "LOC")])
    bare = afghan.index("Croissant-Rouge ont")
    afghan_mentions.append(Mention("af", bare, bare + 15, "Croissant-Rouge", "ORG", None, afghan))
    entities = link_entities(mentions + afghan_mentions)
    societies = [e for e in entities if "Croissant-Rouge" in e.forms]
    assert len(societies) == 2
    afghan_society = _entity_of(entities, "Croissant-Rouge afghan")
    assert {m.doc for m in afghan_society.mentions} == {"af"}
    assert len(afghan_society.mentions) == 2


def test_english_and_french_names_of_one_authority() -> None:
    fr = "Le ministère de l'Intérieur kazakh a annoncé 225 morts à Almaty, au Kazakhstan."
    en = ("Kazakhstan's Interior Ministry and the Prosecutor General's Office said 225 people "
          "died in Almaty.")
    mentions = _mentions("fr", fr, [("ministère de l'Intérieur kazakh", "ORG"),
                                    ("Almaty", "LOC"), ("Kazakhstan", "LOC")])
    mentions += _mentions("en", en, [("Kazakhstan", "GPE"), ("Interior Ministry", "ORG"),
                                     ("Prosecutor General's Office", "ORG"), ("Almaty", "GPE")])
    entities = link_entities(mentions)
    ministry = _entity_of(entities, "Interior Ministry")
    assert ministry.id == _entity_of(entities, "ministère de l'Intérieur kazakh").id
    assert ministry.type == "ORG"
    office = _entity_of(entities, "Prosecutor General's Office")
    assert office.canonical == "Prosecutor General's Office" and office.type == "ORG"


def test_a_prefecture_that_speaks_is_the_authority() -> None:
    text = ("La préfecture des Hauts-de-Seine a compté 40 interpellations à Nanterre, dans "
            "les Hauts-de-Seine, en France.")
    # NER calls it a place; but French préfectures are authorities, not divisions.
    mentions = _mentions("d", text, [("préfecture des Hauts-de-Seine", "LOC"),
                                     ("Nanterre", "LOC"), ("Hauts-de-Seine", "LOC"),
                                     ("France", "LOC")])
    # The second "Hauts-de-Seine" is the département.
    place = text.index("Hauts-de-Seine, en")
    mentions[2] = Mention("d", place, place + 14, "Hauts-de-Seine", "LOC", None, text)
    entities = link_entities(mentions)
    prefecture = _entity_of(entities, "préfecture des Hauts-de-Seine")
    departement = _entity_of(entities, "Hauts-de-Seine")
    assert prefecture.type == "ORG" and departement.type == "LOC"
    assert prefecture.id != departement.id
    assert departement.geo is not None and departement.geo.geonames_id == 3013657


def test_a_moroccan_prefecture_is_a_division() -> None:
    text = "Au Maroc, la préfecture de Marrakech et la province d'Al-Haouz comptent 2 000 morts."
    mentions = _mentions("d", text, [("Maroc", "LOC"), ("préfecture de Marrakech", "LOC"),
                                     ("province d'Al-Haouz", "LOC")])
    prefecture = _entity_of(link_entities(mentions), "préfecture de Marrakech")
    assert prefecture.type == "LOC"
    assert prefecture.geo is not None and prefecture.geo.geonames_id == 6547285
