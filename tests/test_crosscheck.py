"""Cross-checking across source lineages (issue #16 items 1-2, CONTRACT.md comparisons).

Invented crisis: unrest in an invented country, told by invented outlets. A ministry
says 14 dead, then 23; the opposition says 41; a fourth article gives the ministry's
25, Amnesty's "at least 30" and a collective's 45.
"""

from __future__ import annotations

import json
from typing import get_args

import pytest

from recoupe.reconcile import compare_claims
from recoupe.reconcile.lineage import OFFICIAL, is_official, lineage_of, official_entities
from recoupe.records import (
    GROUPS,
    KINDS,
    QUALIFIERS,
    STATUSES,
    Claim,
    Comparison,
    Document,
    Entity,
    Geo,
    Group,
    Kind,
    Mention,
    Place,
    Qualifier,
    Source,
    Status,
    comparison_from_json,
    to_json,
)

COUNTRY = Entity("e_land", "Valdoria", "LOC", ("Valdoria",), (),
                 Geo(10.0, 20.0, None, "VD", None, "country"))
AMNESTY = Entity("e_amnesty", "Amnesty International", "ORG", ("Amnesty",), ())
MINISTER = Entity("e_min", "Paul Ardent", "PER", ("Paul Ardent",),
                  (Mention("a", 0, 11, "Paul Ardent", "PER", role="ministre de l'Intérieur"),))
ENTITIES = [COUNTRY, AMNESTY, MINISTER]
DAYS = ("2025-05-02", "2025-05-03", "2025-05-04", "2025-05-06")


def doc(id: str, day: str, outlet: str) -> Document:
    return Document(id=id, text="", outlet=outlet, published=day)


def figure(id: str, doc_id: str, low: int, source: str | None, qualifier: Qualifier = "exact",
           sentence: str = "", entity: str | None = None, outlet: str = "") -> Claim:
    high = None if qualifier == "at_least" else low
    text = f"au moins {low}" if qualifier == "at_least" else str(low)
    return Claim(
        id=id, doc=doc_id, kind="killed", group="all", group_label=None, low=low, high=high,
        qualifier=qualifier, quantity_text=text, place=Place("Valdoria", "e_land"), period=None,
        source=Source(source, entity) if source else None, outlet=outlet or None,
        sentence=sentence or f"{text} morts selon {source}.", span=(0, len(text)),
    )


def compare(claims: list[Claim], documents: list[Document]) -> Comparison:
    comparisons = compare_claims(claims, documents, ENTITIES, {d.id: "s1" for d in documents})
    assert len(comparisons) == 1, comparisons
    return comparisons[0]


FIRST_THREE = (
    [doc("a", DAYS[0], "Le Quotidien"), doc("b", DAYS[1], "Radio Sud"),
     doc("c", DAYS[2], "L'Écho")],
    [figure("m14", "a", 14, "ministère de l'Intérieur"),
     figure("m23", "b", 23, "ministère de l'Intérieur"),
     figure("o41", "c", 41, "l'opposition")],
)
FOURTH = (
    [doc("d", DAYS[3], "La Gazette")],
    [figure("m25", "d", 25, "ministère de l'Intérieur"),
     figure("a30", "d", 30, "Amnesty International", "at_least", entity="e_amnesty"),
     figure("k45", "d", 45, "Collectif des familles de victimes")],
)


def test_ministry_then_opposition_is_a_conflict_with_the_ministry_headline() -> None:
    result = compare(FIRST_THREE[1], FIRST_THREE[0])
    assert (result.status, result.headline, result.headline_lineage) == ("conflict", 23,
                                                                         OFFICIAL)
    assert (result.low, result.high) == (23, 41)
    latest = {s.lineage: (s.headline, s.as_of, s.status) for s in result.lineages}
    assert latest == {OFFICIAL: (23, DAYS[1], "update"), "l'opposition": (41, DAYS[2], "single")}
    assert "23" in result.note and "41" in result.note and "l'opposition" in result.note
    assert f"headline 23 from {OFFICIAL}" in result.note


def test_fourth_article_keeps_the_ministrys_latest_as_headline() -> None:
    documents = FIRST_THREE[0] + FOURTH[0]
    result = compare(FIRST_THREE[1] + FOURTH[1], documents)
    assert (result.status, result.headline, result.headline_lineage) == ("conflict", 25,
                                                                         OFFICIAL)
    latest = {s.lineage: s.headline for s in result.lineages}
    assert latest == {OFFICIAL: 25, "l'opposition": 41, "Amnesty International": 30,
                      "Collectif des familles de victimes": 45}
    for disputed in ("Amnesty International au moins 30", "Collectif des familles de victimes 45",
                     "authorities 25"):
        assert disputed.replace("au moins 30", "at least 30") in result.note, result.note
    assert result.high is None  # "at least 30" leaves the top open


def test_the_largest_figure_is_never_the_headline_by_default() -> None:
    documents = FIRST_THREE[0] + FOURTH[0]
    result = compare(FIRST_THREE[1] + FOURTH[1], documents)
    assert result.headline != max(c.low for c in FIRST_THREE[1] + FOURTH[1] if c.low)


def test_outlets_relaying_one_authority_are_one_lineage() -> None:
    documents = [doc("a", DAYS[0], "Le Quotidien"), doc("b", DAYS[1], "Radio Sud"),
                 doc("c", DAYS[1], "L'Écho")]
    claims = [figure("u1", "a", 100, "Amnesty", entity="e_amnesty", outlet="Le Quotidien"),
              figure("u2", "b", 120, "Amnesty International", entity="e_amnesty",
                     outlet="Radio Sud"),
              figure("u3", "c", 120, "Amnesty", entity="e_amnesty", outlet="L'Écho")]
    result = compare(claims, documents)
    assert (result.status, result.headline) == ("update", 120)
    [lineage] = result.lineages
    assert lineage.outlets == ("L'Écho", "Le Quotidien", "Radio Sud")


def test_a_later_figure_that_says_it_supersedes_is_an_update() -> None:
    documents = [doc("a", DAYS[0], "Le Quotidien"), doc("b", DAYS[1], "Radio Sud")]
    claims = [figure("m14", "a", 14, "ministère de la Santé"),
              figure("n20", "b", 20, "Médecins du Monde",
                     sentence="Nouveau bilan : 20 morts selon Médecins du Monde.")]
    result = compare(claims, documents)
    assert (result.status, result.headline) == ("update", 20)
    assert "replaces" in result.note


def test_compatible_lineages_agree() -> None:
    documents = [doc("a", DAYS[0], "Le Quotidien"), doc("b", DAYS[1], "Radio Sud")]
    claims = [figure("m", "a", 14, "gouvernement"),
              figure("n", "b", 10, "Croix-Rouge", "at_least")]
    result = compare(claims, documents)
    assert (result.status, result.headline) == ("agree", 14)
    assert "2 lineages" in result.note


def test_state_bodies_and_unattributed_figures_are_the_official_lineage() -> None:
    official = official_entities(ENTITIES)
    assert official == {"e_land", "e_min"}  # a country speaking; a minister by his role
    unattributed = figure("x", "a", 3, None)
    minister = figure("y", "a", 3, "Paul Ardent", entity="e_min")
    ngo = figure("z", "a", 3, "Amnesty", entity="e_amnesty")
    assert lineage_of(unattributed, official) == (OFFICIAL, OFFICIAL)
    assert lineage_of(minister, official) == (OFFICIAL, OFFICIAL)
    assert lineage_of(ngo, official) == ("e_amnesty", "Amnesty")


@pytest.mark.parametrize("name, official", [
    ("ministère de l'Intérieur", True), ("le parquet", True), ("Interior Ministry", True),
    ("the authorities", True), ("la protection civile", True), ("Amnesty International", False),
    ("l'opposition", False), ("Médecins sans frontières", False), ("OCHA", False),
    ("Ministerio", False),
])
def test_official_names(name: str, official: bool) -> None:
    assert is_official(name) is official


def test_vocabularies_are_derived_from_the_literal_types() -> None:
    assert get_args(Kind) == KINDS and "killed" in KINDS
    assert get_args(Group) == GROUPS and get_args(Qualifier) == QUALIFIERS
    assert STATUSES == get_args(Status) == ("single", "agree", "update", "conflict")


def test_comparison_row_has_the_contract_keys_and_reads_back() -> None:
    documents = FIRST_THREE[0] + FOURTH[0]
    result = compare(FIRST_THREE[1] + FOURTH[1], documents)
    row = json.loads(json.dumps(to_json(result)))
    for key in ("story", "kind", "group", "place", "period", "claims", "status", "low", "high",
                "headline", "note", "lineages", "by_date", "components", "subset_of"):
        assert key in row
    assert comparison_from_json(row) == result
    assert Comparison(**row) == result  # a store row decodes the same way


def test_a_row_written_with_the_old_extra_dict_still_reads() -> None:
    row = {"kind": "killed", "group": "all", "place": None, "period": None, "claims": ["c"],
           "status": "single", "low": 3, "high": 3, "note": "n.",
           "extra": {"story": "s9", "headline": 3, "by_date": [
               {"as_of": "2025-01-01", "status": "single", "low": 3, "high": 3,
                "headline": 3, "claims": ["c"]}]}}
    result = comparison_from_json(row)
    assert (result.story, result.headline, result.by_date[0].claims) == ("s9", 3, ("c",))


def test_contract_json_schema_has_the_vocabularies() -> None:
    from recoupe.records import json_schema

    schema = json_schema(Comparison)
    assert schema["properties"]["status"]["enum"] == list(STATUSES)
    assert {"story", "headline", "lineages", "by_date"} <= set(schema["properties"])
    claim = json_schema(Claim)
    assert claim["properties"]["kind"]["enum"] == list(KINDS)


# --------------------------------------------------------------------------- scopes (#16.3)

PERU = Entity("e_pe", "Pérou", "LOC", (), (), Geo(-9.2, -75.0, 3932488, "PE", None, "country"))
ALMATY = Entity("e_alm", "Almaty", "LOC", (), (),
                Geo(43.25, 76.91, 1526384, "KZ", "02", "city", admin2="0201"))
ALMA_ATA = Entity("e_alma_ata", "Alma-Ata", "LOC", (), (),
                  Geo(43.25, 76.91, 1526384, "KZ", "02", "city", admin2="0201"))
DISTRICT = Entity("e_dist", "Almaty District", "LOC", (), (),
                  Geo(43.3, 76.9, 99, "KZ", "02", "admin2", admin2="0201"))
KAZ = Entity("e_kz", "Kazakhstan", "LOC", (), (), Geo(48.0, 68.0, 1522867, "KZ", None,
                                                       "country"))
PLACED = {e.id: e for e in (PERU, ALMATY, ALMA_ATA, DISTRICT, KAZ)}


def placed(id: str, doc_id: str, low: int, place: str, entity: str | None) -> Claim:
    return Claim(id=id, doc=doc_id, kind="killed", group="all", group_label=None, low=low,
                 high=low, qualifier="exact", quantity_text=str(low),
                 place=Place(place, entity), period=None, source=Source("police"),
                 outlet=None, sentence=f"{low} morts.", span=(0, 2))


def scoped(claims: list[Claim]) -> dict[tuple[str, ...], Comparison]:
    documents = [doc(d, DAYS[0], "Le Quotidien") for d in sorted({c.doc for c in claims})]
    comparisons = compare_claims(claims, documents, list(PLACED.values()),
                                 {d.id: "s1" for d in documents})
    return {c.claims: c for c in comparisons}


def test_two_spellings_of_one_gazetteer_place_are_one_scope() -> None:
    result = scoped([placed("a", "d1", 12, "Almaty", "e_alm"),
                     placed("b", "d2", 12, "Alma-Ata", "e_alma_ata")])
    assert list(result) == [("a", "b")] and result[("a", "b")].status == "agree"


def test_a_city_is_a_component_of_its_district_and_the_country_of_both() -> None:
    result = scoped([placed("c", "d1", 5, "Almaty", "e_alm"),
                     placed("d", "d2", 9, "Almaty District", "e_dist"),
                     placed("k", "d3", 40, "Kazakhstan", "e_kz")])
    city, district, country = result[("c",)], result[("d",)], result[("k",)]
    assert (city.scope, district.scope, country.scope) == ("place", "admin2", "country")
    assert city.component_of is not None and city.component_of.claims == ("d",)
    assert district.component_of is not None and district.component_of.claims == ("k",)
    assert [p.claims for p in district.components] == [("c",)]


def test_a_multi_place_scope_is_its_own_scope_in_any_order() -> None:
    result = scoped([placed("m1", "d1", 30, "Pérou + Équateur", None),
                     placed("m2", "d2", 30, "Équateur + Pérou", None),
                     placed("p", "d3", 12, "Pérou", "e_pe")])
    assert set(result) == {("m1", "m2"), ("p",)}
    assert result[("m1", "m2")].scope == "places" and result[("m1", "m2")].component_of is None
    assert result[("p",)].components == ()
