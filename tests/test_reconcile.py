"""Cross-checking (issue 5): stories, comparisons, consensus, framing, events.

Unit tests build Claim/Document/Entity records by hand for invented crises; the
corpus tests run the real pipeline on the shared Kazakhstan articles.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from recoupe.reconcile import compare_claims, events, find_stories, framing
from recoupe.reconcile.events import EVENT_COLUMNS
from recoupe.reconcile.values import INF, Allowed, allowed
from recoupe.records import (
    Claim,
    Comparison,
    Component,
    ComponentOf,
    DateMention,
    Document,
    Entity,
    Geo,
    Mention,
    Period,
    Place,
    Source,
    to_json,
)

REPO = Path(__file__).resolve().parents[1]

# Invented crises, real places: floods in Chile, riots in Senegal.
CHILE = Entity("e_cl", "Chili", "LOC", ("Chili",), (),
               Geo(-33.45, -70.66, 3895114, "CL", None, "country"))
VALPO = Entity("e_valpo", "Valparaíso", "LOC", ("Valparaíso",), (),
               Geo(-33.04, -71.63, 3868626, "CL", "01", "city"))
SENEGAL = Entity("e_sn", "Sénégal", "LOC", ("Sénégal",), (),
                 Geo(14.5, -14.45, 2245662, "SN", None, "country"))
DAKAR = Entity("e_dakar", "Dakar", "LOC", ("Dakar",), (),
               Geo(14.69, -17.44, 2253354, "SN", "01", "city"))
PLACES = {e.id: e for e in (CHILE, VALPO, SENEGAL, DAKAR)}


def doc(id: str, published: str | None = "2024-03-02", outlet: str | None = "La Vigie",
        title: str | None = None) -> Document:
    return Document(id=id, text="", outlet=outlet, published=published, title=title)


def claim(id: str, doc_id: str, text: str, low: int | None, high: int | None = None,
          qualifier: str = "exact", kind: str = "killed", group: str = "all",
          place: str | None = "e_cl", source: str | None = None, sentence: str = "",
          label: str | None = None, period: tuple[str, str] | None = None,
          subset_of: str | None = None, outlet: str | None = "La Vigie") -> Claim:
    if high is None and qualifier in ("exact", "about"):
        high = low
    entity = PLACES.get(place) if place else None
    return Claim(
        id=id, doc=doc_id, kind=kind, group=group, group_label=label, low=low, high=high,
        qualifier=qualifier, quantity_text=text,
        place=Place(entity.canonical, entity.id) if entity else None,
        period=Period(period[0], period[1], "en mars 2024") if period else None,
        source=Source(source) if source else None, outlet=outlet,
        sentence=sentence or f"{text} morts.", span=(0, len(text)), subset_of=subset_of,
    )


def compare(claims: list[Claim], documents: list[Document],
            stories: dict[str, str] | None = None) -> list[Comparison]:
    stories = stories or {d.id: "s1" for d in documents}
    return compare_claims(claims, documents, list(PLACES.values()), stories)


def only(comparisons: list[Comparison]) -> Comparison:
    assert len(comparisons) == 1, comparisons
    return comparisons[0]


# --------------------------------------------------------------------------- values

@pytest.mark.parametrize("text, low, high, qualifier, expected", [
    ("18", 18, 18, "exact", Allowed(18, 18)),
    ("au moins 18", 18, None, "at_least", Allowed(18, INF)),
    ("plus de 70", 70, None, "more_than", Allowed(71, INF)),
    ("environ 2 000", 2000, 2000, "about", Allowed(1600, 2400)),
    ("environ 2 350", 2350, 2350, "about", Allowed(2115, 2585)),
    ("des dizaines", 10, None, "vague", Allowed(10, 99)),
    ("des centaines", 100, None, "vague", Allowed(100, 999)),
    ("plusieurs milliers", 1000, None, "vague", Allowed(1000, 9999)),
    ("entre 10 et 20", 10, 20, "range", Allowed(10, 20)),
    ("moins de 50", None, 50, "less_than", Allowed(0, 49)),
])
def test_allowed_ranges(text, low, high, qualifier, expected):
    c = claim("c", "d", text, low, high, qualifier)
    assert allowed(c) == pytest.approx(expected)


# --------------------------------------------------------------------------- statuses

D1, D2, D3 = "2024-03-02", "2024-03-04", "2024-03-09"
# Each figure: (doc, published, quantity text, low, high, qualifier, source, sentence)
STATUS_CASES = [
    ("one figure", [("a", D1, "18", 18, None, "exact", "préfecture", "")],
     "single", 18, 18, 18),
    ("at least and exact agree", [
        ("a", D1, "au moins 18", 18, None, "at_least", "police", ""),
        ("b", D1, "18", 18, None, "exact", "préfecture", "")],
     "agree", 18, 18, 18),
    ("vague plural agrees with a figure inside it", [
        ("a", D1, "des dizaines", 10, None, "vague", "police", ""),
        ("b", D1, "26", 26, None, "exact", "ministère", "")],
     "agree", 26, 26, 26),
    ("about a thousand against 4 578 at the same time", [
        ("a", D1, "environ 1 000", 1000, None, "about", "ONU", ""),
        ("b", D1, "4 578", 4578, None, "exact", "parquet", "")],
     "conflict", 1000, 4578, 1000),
    ("two sources in one article disagree", [
        ("a", D1, "environ 1 000", 1000, None, "about", "ONU", ""),
        ("a", D1, "4 578", 4578, None, "exact", "parquet", "")],
     "conflict", 1000, 4578, 1000),
    ("a toll that grew", [
        ("a", D1, "40", 40, None, "exact", "pompiers", ""),
        ("b", D2, "52", 52, None, "exact", "pompiers", "")],
     "update", 52, 52, 52),
    ("at least 9 then 11: compatible but grew", [
        ("a", D1, "au moins 9", 9, None, "at_least", "protection civile", ""),
        ("b", D2, "11", 11, None, "exact", "gouverneur", "")],
     "update", 11, 11, 11),
    ("revised downwards, and said so", [
        ("a", D1, "60", 60, None, "exact", "mairie", ""),
        ("b", D3, "45", 45, None, "exact", "préfecture",
         "Le bilan a été revu à la baisse : 45 morts, selon la préfecture.")],
     "update", 45, 45, 45),
    ("a later lower figure not called a revision", [
        ("a", D1, "60", 60, None, "exact", "mairie", ""),
        ("b", D3, "45", 45, None, "exact", "préfecture", "")],
     "conflict", 45, 60, 45),
    ("revision the same day: the new toll replaces the old", [
        ("a", D1, "12", 12, None, "exact", "hôpital", ""),
        ("b", D1, "17", 17, None, "exact", "ministère",
         "Nouveau bilan : 17 personnes ont péri, selon le ministère.")],
     "update", 17, 17, 17),
    ("more than, stated figures kept", [
        ("a", D1, "plus de 3 000", 3000, None, "more_than", "police", ""),
        ("b", D1, "plus de 3 211", 3211, None, "more_than", "ministère", "")],
     "agree", 3211, None, 3211),
    ("about 2 000 and 1 900 agree on the lower", [
        ("a", D1, "environ 2 000", 2000, None, "about", "ONG", ""),
        ("b", D1, "1 900", 1900, None, "exact", "ministère", "")],
     "agree", 1900, 1900, 1900),
    ("an article's smaller figure is a part of its own larger one", [
        ("a", D1, "au moins 18", 18, None, "at_least", None, ""),
        ("a", D1, "sept", 7, None, "exact", None, "Voici l'identité de sept des policiers tués.")],
     "single", 18, None, 18),
    ("one article repeating its figure is one source", [
        ("a", D1, "238", 238, None, "exact", None, ""),
        ("a", D1, "un total de 238", 238, None, "exact", None, "")],
     "single", 238, 238, 238),
    ("undated figures that agree", [
        ("a", None, "12", 12, None, "exact", "mairie", ""),
        ("b", None, "une douzaine", 12, None, "about", "pompiers", "")],
     "agree", 12, 12, 12),
    ("an undated figure no dated one allows", [
        ("a", D1, "12", 12, None, "exact", "mairie", ""),
        ("b", None, "80", 80, None, "exact", "ONG", "")],
     "conflict", 12, 80, 12),
    ("same figure reported again later agrees", [
        ("a", D1, "26", 26, None, "exact", "ministère", ""),
        ("b", D2, "des dizaines", 10, None, "vague", "police", "")],
     "agree", 26, 26, 26),
]


@pytest.mark.parametrize("name, figures, status, low, high, headline", STATUS_CASES,
                         ids=[c[0] for c in STATUS_CASES])
def test_status_and_consensus(name, figures, status, low, high, headline):
    documents = {d: doc(d, published) for d, published, *_ in figures}
    claims = [claim(f"c{i}", d, text, lo, hi, q, source=src, sentence=sentence)
              for i, (d, _, text, lo, hi, q, src, sentence) in enumerate(figures)]
    result = only(compare(claims, list(documents.values())))
    assert (result.status, result.low, result.high, result.headline) == (
        status, low, high, headline)
    assert result.note.endswith(".") and result.note.count(". ") == 0


def test_update_has_one_conservative_value_per_as_of_date():
    documents = [doc("a", D1), doc("b", D2), doc("c", D2)]
    claims = [claim("c1", "a", "40", 40, source="pompiers"),
              claim("c2", "b", "52", 52, source="pompiers"),
              claim("c3", "c", "au moins 50", 50, qualifier="at_least", source="mairie")]
    result = only(compare(claims, documents))
    assert result.status == "update"
    assert [to_json(r) for r in result.by_date] == [
        {"as_of": D1, "status": "single", "low": 40, "high": 40, "headline": 40,
         "claims": ["c1"]},
        {"as_of": D2, "status": "agree", "low": 52, "high": 52, "headline": 52,
         "claims": ["c2", "c3"]},
    ]
    assert result.as_of == (D1, D2)
    assert "40" in result.note and "52" in result.note


# --------------------------------------------------------------------------- grouping

def test_subset_is_compared_with_its_group_not_the_total():
    documents = [doc("a", D2), doc("b", D1)]
    claims = [
        claim("tot", "a", "120", 120, source="parquet"),
        claim("sub", "a", "19", 19, group="security_forces", label="agents de sécurité",
              subset_of="tot", source="parquet"),
        claim("pol", "b", "18", 18, group="security_forces", label="policiers",
              source="ministère"),
    ]
    by_group = {c.group: c for c in compare(claims, documents)}
    assert set(by_group) == {"all", "security_forces"}
    assert by_group["all"].claims == ("tot",) and by_group["all"].status == "single"
    security = by_group["security_forces"]
    assert (set(security.claims), security.status) == ({"sub", "pol"}, "update")
    assert security.subset_of == ("tot",)


def test_city_toll_is_a_component_of_the_country_toll():
    documents = [doc("a", D1), doc("b", D1)]
    claims = [claim("nat", "a", "200", 200, source="gouvernement"),
              claim("nat2", "b", "environ 200", 200, qualifier="about", source="ONU"),
              claim("city", "b", "80", 80, place="e_valpo", source="mairie")]
    comparisons = {c.place: c for c in compare(claims, documents)}
    national, city = comparisons["Chili"], comparisons["Valparaíso"]
    assert (national.claims, national.status) == (("nat", "nat2"), "agree")
    assert national.components == (
        Component("Valparaíso", ("city",), "single", 80, 80, 80),)
    assert city.component_of == ComponentOf("Chili", ("nat", "nat2"))


def test_unrelated_stories_are_never_compared():
    documents = [doc("cl", D1), doc("sn", D1)]
    claims = [claim("c1", "cl", "12", 12, source="pompiers"),
              claim("c2", "sn", "300", 300, place=None, source="police")]
    comparisons = compare(claims, documents, {"cl": "s_floods", "sn": "s_riots"})
    assert sorted((c.story, c.claims, c.status) for c in comparisons) == [
        ("s_floods", ("c1",), "single"), ("s_riots", ("c2",), "single")]


def test_claims_without_place_join_the_only_country():
    documents = [doc("a", D1), doc("b", D1)]
    claims = [claim("c1", "a", "12", 12, source="pompiers"),
              claim("c2", "b", "douze", 12, place=None, source="mairie")]
    result = only(compare(claims, documents))
    assert (result.place, result.claims, result.status) == ("Chili", ("c1", "c2"), "agree")


def test_claims_without_place_or_date_are_still_compared():
    documents = [doc("a", None), doc("b", None)]
    claims = [claim("c1", "a", "12", 12, place=None), claim("c2", "b", "90", 90, place=None,
                                                            source="ONG")]
    result = only(compare(claims, documents))
    assert (result.place, result.period, result.status) == (None, None, "conflict")


def test_distant_periods_are_different_episodes():
    documents = [doc("a", "2024-03-02"), doc("b", "2024-09-20")]
    claims = [claim("c1", "a", "12", 12, period=("2024-03-01", "2024-03-01")),
              claim("c2", "b", "40", 40, period=("2024-09-18", "2024-09-19"), source="ONG")]
    assert sorted(c.claims for c in compare(claims, documents)) == [("c1",), ("c2",)]


def test_counted_nouns_keep_other_kinds_apart():
    documents = [doc("a", D1), doc("b", D1)]
    planes = dict(kind="equipment", group="foreign_forces")
    claims = [claim("c1", "a", "plus de 70", 70, qualifier="more_than", **planes),
              claim("c2", "b", "75", 75, **planes),
              claim("c3", "b", "12", 12, kind="other")]
    claims = [dataclasses.replace(c, cue=cue)
              for c, cue in zip(claims, ["avions", "avions", "barrages"], strict=True)]
    result = {c.counted: (c.claims, c.status) for c in compare(claims, documents)}
    assert result == {"avion": (("c1", "c2"), "agree"), "barrage": (("c3",), "single")}


def test_one_document_run():
    documents = [doc("a", D1)]
    mentions = [Mention("a", 0, 5, "Dakar", "LOC")]
    stories = find_stories(documents, mentions, [], [DAKAR])
    assert list(stories) == ["a"]
    comparisons = compare_claims([claim("c1", "a", "3", 3, place="e_dakar")], documents,
                                 list(PLACES.values()), stories)
    assert [(c.claims, c.status, c.story) for c in comparisons] == [
        (("c1",), "single", stories["a"])]


# --------------------------------------------------------------------------- stories

def located(entity: Entity, *docs: str) -> Entity:
    """The entity as mentioned in ``docs``."""
    return Entity(entity.id, entity.canonical, entity.type, entity.forms,
                  tuple(Mention(d, 0, 1, entity.canonical, entity.type) for d in docs),
                  entity.geo)


def person(id: str, name: str, *docs: str) -> Entity:
    return located(Entity(id, name, "PER", (name,), ()), *docs)


def test_stories_split_unrelated_crises_and_keep_a_retrospective():
    documents = [doc("cl1", "2024-03-02"), doc("cl2", "2024-03-05"), doc("sn1", "2024-03-03"),
                 doc("cl_year", "2025-03-01"), doc("cl_undated", None)]
    entities = [located(CHILE, "cl1", "cl2", "cl_year", "cl_undated"),
                located(VALPO, "cl1", "cl_year"), located(SENEGAL, "sn1"),
                located(DAKAR, "sn1"), person("p1", "Aminata Diop", "sn1")]
    # the retrospective names the month of the floods
    dates = [DateMention("cl_year", 0, 10, "en mars 2024", "2024-03", "month")]
    stories = find_stories(documents, [], dates, entities)
    floods = {stories[d] for d in ("cl1", "cl2", "cl_year", "cl_undated")}
    assert len(floods) == 1
    assert stories["sn1"] not in floods


def test_stories_far_apart_in_time_are_apart():
    documents = [doc("a", "2024-03-02"), doc("b", "2024-11-20")]
    entities = [located(CHILE, "a", "b")]
    stories = find_stories(documents, [], [], entities)
    assert stories["a"] != stories["b"]


def test_story_ids_are_stable():
    documents = [doc("a", D1), doc("b", D2)]
    entities = [located(CHILE, "a", "b")]
    first = find_stories(documents, [], [], entities)
    assert first == find_stories(list(reversed(documents)), [], [], entities)
    assert len(set(first.values())) == 1 and next(iter(first.values())).startswith("s")


def test_people_and_cities_link_across_countries():
    documents = [doc("a", D1), doc("b", D2)]
    entities = [located(CHILE, "a"), located(SENEGAL, "b"), located(DAKAR, "a", "b"),
                person("p1", "Aminata Diop", "a", "b")]
    stories = find_stories(documents, [], [], entities)
    assert stories["a"] == stories["b"]


# --------------------------------------------------------------------------- framing

def test_framing_rows_per_outlet_and_group():
    documents = [doc("a", D1, outlet="Le Réveil"), doc("b", D1, outlet=None)]
    claims = [
        claim("c1", "a", "30", 30, group="protesters", label="émeutiers", source="ministère",
              sentence="30 émeutiers tués et 40 émeutiers blessés, selon le ministère."),
        claim("c2", "a", "40", 40, kind="injured", group="protesters", label="émeutiers",
              source="ministère",
              sentence="30 émeutiers tués et 40 émeutiers blessés, selon le ministère."),
        claim("c3", "a", "12", 12, group="protesters", label="Bandits", source="président",
              sentence="Le président parle de 12 bandits abattus."),
        claim("c4", "b", "30", 30, group="protesters", label="manifestants", outlet=None,
              sentence="30 manifestants tués."),
    ]
    assert framing(claims, documents) == [
        {"outlet": "Le Réveil", "outlet_known": True, "documents": ["a"], "group": "protesters",
         "claims": 3, "labels": [{"label": "Bandits", "count": 1},
                                 {"label": "émeutiers", "count": 1}],
         "unlabelled": 0, "sources": [{"name": "ministère", "count": 1},
                                      {"name": "président", "count": 1}],
         "unattributed": 0},
        {"outlet": "b", "outlet_known": False, "documents": ["b"], "group": "protesters",
         "claims": 1, "labels": [{"label": "manifestants", "count": 1}], "unlabelled": 0,
         "sources": [], "unattributed": 1},
    ]


# --------------------------------------------------------------------------- events

EVENT_CASES = [
    ("protest with arrests", [
        dict(kind="arrested", group="protesters", text="plus de 200", low=200,
             qualifier="more_than",
             sentence="Plus de 200 manifestants ont été interpellés à Dakar.")],
     ("Protests", "Protest with intervention", "Protesters (Senegal)",
      "Police Forces of Senegal"), (0, None, 200)),
    ("protesters shot", [
        dict(kind="killed", group="protesters", text="4", low=4,
             sentence="La police a tiré sur la foule : 4 manifestants tués.")],
     ("Protests", "Excessive force against protesters", "Protesters (Senegal)",
      "Police Forces of Senegal"), (4, None, None)),
    ("riot with police hurt", [
        dict(kind="injured", group="security_forces", text="12", low=12,
             sentence="Douze policiers ont été blessés lors des émeutes et des pillages."),
        dict(kind="killed", group="protesters", text="3", low=3,
             sentence="Trois émeutiers sont morts.")],
     ("Riots", "Violent demonstration", "Rioters (Senegal)", "Police Forces of Senegal"),
     (3, 12, None)),
    ("bomb attack on civilians", [
        dict(kind="killed", group="civilians", text="9", low=9,
             sentence="L'explosion d'une voiture piégée a tué 9 civils au marché.")],
     ("Explosions/Remote violence", "Remote explosive/landmine/IED",
      "Unidentified Armed Group (Senegal)", "Civilians (Senegal)"), (9, None, None)),
    ("gunmen attack a village", [
        dict(kind="killed", group="civilians", text="15", low=15,
             sentence="Des hommes armés ont tué 15 villageois.")],
     ("Violence against civilians", "Attack", "Unidentified Armed Group (Senegal)",
      "Civilians (Senegal)"), (15, None, None)),
    ("flood toll", [
        dict(kind="killed", group="all", text="21", low=21,
             sentence="Les inondations ont fait 21 morts."),
        dict(kind="killed", group="civilians", text="5", low=5, subset_of="e0",
             sentence="Parmi eux, 5 enfants.")],
     ("Strategic developments", "Other", "", ""), (21, None, None)),
    ("groups summed when no total is given", [
        dict(kind="killed", group="security_forces", text="2", low=2,
             sentence="Deux soldats ont été tués dans les combats."),
        dict(kind="killed", group="other", text="11", low=11,
             sentence="Onze assaillants ont été tués dans les combats.")],
     ("Battles", "Armed clash", "Military Forces of Senegal",
      "Unidentified Armed Group (Senegal)"), (13, None, None)),
]


@pytest.mark.parametrize("name, figures, kind, counts", EVENT_CASES,
                         ids=[c[0] for c in EVENT_CASES])
def test_event_rows(name, figures, kind, counts):
    documents = [doc("a", "2024-06-11", outlet="Le Réveil")]
    claims = [claim(f"e{i}", "a", f["text"], f["low"], qualifier=f.get("qualifier", "exact"),
                    kind=f["kind"], group=f["group"], place="e_dakar", sentence=f["sentence"],
                    period=("2024-06-10", "2024-06-10"), subset_of=f.get("subset_of"),
                    source="police")
              for i, f in enumerate(figures)]
    comparisons = compare(claims, documents)
    rows = events(comparisons, claims, documents, list(PLACES.values()))
    assert len(rows) == 1
    row = rows[0]
    assert set(EVENT_COLUMNS) <= set(row)
    assert (row["event_type"], row["sub_event_type"], row["actor1"], row["actor2"]) == kind
    assert (row["fatalities"], row["injured"], row["arrested"]) == counts
    assert (row["event_date"], row["time_precision"], row["country"], row["location"],
            row["latitude"], row["longitude"], row["geo_precision"], row["source"]) == (
        "2024-06-10", 1, "Senegal", "Dakar", DAKAR.geo.lat, DAKAR.geo.lon, 1, "Le Réveil")


def test_events_need_a_geocoded_place_and_a_date():
    documents = [doc("a", "2024-06-11"), doc("b", None)]
    claims = [claim("c1", "a", "4", 4, kind="injured", place=None),  # no place
              claim("c2", "b", "7", 7, place="e_dakar"),  # no date at all
              claim("c3", "a", "9", 9, place="e_sn", source="ONU")]  # country, dated by report
    rows = events(compare(claims, documents), claims, documents, list(PLACES.values()))
    assert [(r["location"], r["event_date"], r["time_precision"], r["geo_precision"],
             r["fatalities"]) for r in rows] == [("Sénégal", "2024-06-11", 1, 3, 9)]


def test_event_dates_week_and_month_precision():
    documents = [doc("a", "2024-06-30")]
    claims = [claim("w", "a", "4", 4, place="e_dakar", period=("2024-06-10", "2024-06-14")),
              claim("m", "a", "30", 30, place="e_valpo", period=("2024-06-01", "2024-06-30"))]
    rows = events(compare(claims, documents), claims, documents, list(PLACES.values()))
    assert sorted((r["location"], r["event_date"], r["time_precision"]) for r in rows) == [
        ("Dakar", "2024-06-12", 2), ("Valparaíso", "2024-06-15", 3)]


# --------------------------------------------------------------------------- corpus

@pytest.fixture(scope="session")
def corpus_run(corpus_dir, tmp_path_factory):
    return _analysed([corpus_dir], tmp_path_factory.mktemp("corpus"))


def _analysed(inputs: list[Path], tmp: Path):
    from recoupe.pipeline import run
    from recoupe.store import Store

    path = tmp / "s.sqlite"
    result = run([str(p) for p in inputs], path)
    with Store.open(path) as store:
        mentions, dates = list(store.mentions()), list(store.dates())
    stories = find_stories(result.documents, mentions, dates, result.entities)
    comparisons = compare_claims(result.claims, result.documents, result.entities, stories)
    return result, stories, comparisons


def _holding(comparisons, predicate) -> list[Comparison]:
    return [c for c in comparisons if any(predicate(cl) for cl in c.claims)]


def _claims(result, **where) -> list[Claim]:
    return [c for c in result.claims if all(getattr(c, k) == v for k, v in where.items())]


def test_corpus_is_one_story(corpus_run):
    result, stories, _ = corpus_run
    assert len(set(stories.values())) == 1 and set(stories) == {d.id for d in result.documents}


def test_corpus_national_death_toll_is_an_update(corpus_run):
    result, _, comparisons = corpus_run
    tolls = {c.id for c in _claims(result, kind="killed", group="all")
             if c.low in (225, 238)}
    [national] = _holding(comparisons, lambda i: i in tolls)
    assert national.status == "update"
    by_month = {step["as_of"][:7]: step["headline"] for step in map(to_json, national.by_date)}
    assert by_month == {"2022-01": 225, "2023-01": 238}
    assert national.headline == 238


def test_corpus_almaty_toll_is_a_component(corpus_run):
    result, _, comparisons = corpus_run
    almaty = {c.id for c in _claims(result, kind="killed", group="all", low=151)}
    assert almaty
    national = [c for c in comparisons if c.kind == "killed" and c.group == "all"
                and c.place == "Kazakhstan"]
    assert len(national) == 1 and not almaty & set(national[0].claims)
    components = {i for part in national[0].components for i in part.claims}
    assert almaty <= components


def test_corpus_protesters_killed_agree(corpus_run):
    result, _, comparisons = corpus_run
    ministry = {c.id for c in _claims(result, kind="killed", group="protesters", low=26)}
    police = {c.id for c in _claims(result, kind="killed", group="protesters",
                                    qualifier="vague")}
    assert ministry and police
    [group] = _holding(comparisons, lambda i: i in ministry)
    assert ministry | police <= set(group.claims)
    assert (group.status, group.headline) == ("agree", 26)


def test_corpus_injured_un_against_prosecutor_is_a_conflict(corpus_run):
    result, _, comparisons = corpus_run
    figures = {c.id for c in _claims(result, kind="injured", group="all")
               if c.low in (1000, 4578)}
    assert len(figures) == 2
    [group] = _holding(comparisons, lambda i: i in figures)
    assert figures <= set(group.claims)
    assert (group.status, group.low, group.high, group.headline) == (
        "conflict", 1000, 4578, 1000)


def test_corpus_security_force_deaths_are_not_a_conflict(corpus_run):
    result, _, comparisons = corpus_run
    figures = {c.id for c in _claims(result, kind="killed", group="security_forces")
               if c.low in (18, 19)}
    assert len(figures) >= 3
    groups = _holding(comparisons, lambda i: i in figures)
    assert groups and all(g.status != "conflict" for g in groups)


def test_corpus_events_match_entity_coordinates(corpus_run):
    result, _, comparisons = corpus_run
    rows = events(comparisons, result.claims, result.documents, result.entities)
    assert rows
    geo = {e.canonical: e.geo for e in result.entities if e.geo}
    for row in rows:
        assert (row["latitude"], row["longitude"]) == (geo[row["location"]].lat,
                                                       geo[row["location"]].lon)
        assert row["event_type"] in ("Protests", "Riots", "Violence against civilians",
                                     "Battles", "Strategic developments",
                                     "Explosions/Remote violence")
    assert len({(r["event_date"], r["location"], r["time_precision"]) for r in rows}) == len(rows)


def test_unrelated_story_is_never_compared_with_the_corpus(corpus_dir, tmp_path_factory):
    unrelated = REPO / "demo" / "unrelated"
    result, stories, comparisons = _analysed([corpus_dir, unrelated],
                                             tmp_path_factory.mktemp("mixed"))
    corpus_ids = {p.stem for p in corpus_dir.glob("*.txt")}
    demo_ids = {p.stem for p in unrelated.glob("*.txt")}
    assert {stories[i] for i in corpus_ids}.isdisjoint({stories[i] for i in demo_ids})
    assert len({stories[i] for i in demo_ids}) == 1
    story_of_claim = {c.id: stories[c.doc] for c in result.claims}
    for comparison in comparisons:
        assert {story_of_claim[i] for i in comparison.claims} == {comparison.story}
    assert any(stories[c.doc] in {stories[i] for i in demo_ids}
               for cmp in comparisons for c in result.claims if c.id in cmp.claims)
