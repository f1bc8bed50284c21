"""Stories in mixed corpora (issue #16 item 4): one crisis is one story whatever else is in
the run, two crises never merge, and each document says why it is in its story.

Invented coverage of real places: floods in Chile, riots in Senegal, a Senegalese
election months later, and an article on France that names Dakar in passing.
"""

from __future__ import annotations

from recoupe.reconcile.stories import explain_stories, find_stories
from recoupe.records import DateMention, Document, Entity, Geo, Mention

CHILE = Entity("e_cl", "Chili", "LOC", ("Chili",), (), Geo(-33.4, -70.6, 1, "CL", None,
                                                             "country"))
VALPO = Entity("e_valpo", "Valparaíso", "LOC", (), (), Geo(-33.0, -71.6, 2, "CL", "01", "city"))
TALCA = Entity("e_talca", "Talca", "LOC", (), (), Geo(-35.4, -71.6, 3, "CL", "11", "city"))
SENEGAL = Entity("e_sn", "Sénégal", "LOC", (), (), Geo(14.5, -14.4, 4, "SN", None, "country"))
DAKAR = Entity("e_dakar", "Dakar", "LOC", (), (), Geo(14.7, -17.4, 5, "SN", "01", "city"))
FRANCE = Entity("e_fr", "France", "LOC", (), (), Geo(46.0, 2.0, 6, "FR", None, "country"))
LYON = Entity("e_lyon", "Lyon", "LOC", (), (), Geo(45.7, 4.8, 7, "FR", "84", "city"))
MINISTER = Entity("e_min", "Aminata Diop", "PER", (), ())
MAYOR = Entity("e_mayor", "Jorge Reyes", "PER", (), ())


def doc(id: str, published: str | None, basis: str = "header") -> Document:
    return Document(id=id, text="", published=published,
                    published_basis=basis if published else "unknown")


def named(entities: dict[Entity, tuple[str, ...]]) -> list[Entity]:
    """Each entity as mentioned in the given documents."""
    return [Entity(e.id, e.canonical, e.type, e.forms,
                   tuple(Mention(d, 0, 1, e.canonical, e.type) for d in docs), e.geo)
            for e, docs in entities.items()]


DOCS = [doc("cl1", "2024-03-02"), doc("cl2", "2024-03-05"), doc("cl_late", "2024-04-15"),
        doc("sn1", "2024-03-03"), doc("sn2", "2024-03-04"), doc("sn_vote", "2024-09-20"),
        doc("cl_undated", None), doc("fr1", "2024-03-04")]
ENTITIES = named({
    CHILE: ("cl1", "cl2", "cl_late", "cl_undated"),
    VALPO: ("cl1", "cl2", "cl_late", "cl_undated"),
    MAYOR: ("cl1", "cl_late"),
    TALCA: ("cl2",),
    SENEGAL: ("sn1", "sn2", "sn_vote"),
    DAKAR: ("sn1", "sn2", "sn_vote", "fr1"),
    MINISTER: ("sn1", "sn_vote"),
    FRANCE: ("fr1",),
    LYON: ("fr1",),
})


def test_one_crisis_is_one_story_and_crises_never_merge() -> None:
    stories = find_stories(DOCS, [], [], ENTITIES)
    assert len({stories[d] for d in ("cl1", "cl2", "cl_late", "cl_undated")}) == 1
    assert stories["sn1"] == stories["sn2"]
    assert stories["sn_vote"] != stories["sn1"]  # same country, months later
    assert stories["fr1"] not in {stories["sn1"], stories["cl1"]}
    assert stories["cl1"] != stories["sn1"]


def test_a_follow_up_weeks_later_joins_through_its_places_and_people() -> None:
    # cl_late: six weeks after, same country, Valparaíso and the same mayor.
    stories = find_stories(DOCS, [], [], ENTITIES)
    assert stories["cl_late"] == stories["cl1"]
    # With only the country in common it would stay apart.
    alone = named({CHILE: ("cl1", "cl_late"), VALPO: ("cl1",)})
    apart = find_stories([doc("cl1", "2024-03-02"), doc("cl_late", "2024-04-15")], [], [], alone)
    assert apart["cl1"] != apart["cl_late"]


def test_a_name_seen_in_two_countries_links_nothing() -> None:
    # fr1 names Dakar, but its main country is France: Dakar is not specific enough.
    stories = find_stories(DOCS, [], [], ENTITIES)
    assert stories["fr1"] != stories["sn1"]


def test_a_guessed_publication_date_does_not_split_a_story() -> None:
    documents = [doc("cl1", "2024-03-02"), doc("cl2", "2023-09-13", basis="inferred")]
    entities = named({CHILE: ("cl1", "cl2"), VALPO: ("cl1", "cl2"), MAYOR: ("cl1", "cl2")})
    # "lundi" read in the guessed year: not evidence of when the article was written
    dates = [DateMention("cl2", 0, 5, "lundi", "2023-09-11", "day", basis="weekday")]
    stories = find_stories(documents, [], dates, entities)
    assert stories["cl1"] == stories["cl2"]


def test_an_undated_document_shared_by_two_stories_stays_alone() -> None:
    documents = [doc("a", "2024-03-02"), doc("b", "2024-09-20"), doc("x", None)]
    entities = named({SENEGAL: ("a", "b", "x")})
    stories = find_stories(documents, [], [], entities)
    assert stories["x"] not in {stories["a"], stories["b"]}


def test_each_document_says_why_it_is_in_its_story() -> None:
    rows = explain_stories(DOCS, [], [], ENTITIES)
    assert rows["sn2"]["why"].startswith("same main country (SN) with sn1") or \
        rows["sn1"]["why"].startswith("same main country (SN) with sn2")
    assert "no reliable date" in rows["cl_undated"]["why"]
    assert rows["sn_vote"]["why"] == "the only document of its story"
    assert "Valparaíso" in rows["cl_late"]["why"] and "days apart" in rows["cl_late"]["why"]


TURKEY = Entity("e_tr", "Turquie", "LOC", (), (), Geo(39.0, 35.0, 8, "TR", None, "country"))
GAZIANTEP = Entity("e_gaz", "Gaziantep", "LOC", (), (), Geo(37.0, 37.3, 9, "TR", "83", "city"))
SYRIA = Entity("e_sy", "Syrie", "LOC", (), (), Geo(35.0, 38.0, 10, "SY", None, "country"))
ALEPPO = Entity("e_alep", "Alep", "LOC", (), (), Geo(36.2, 37.1, 11, "SY", "09", "city"))
IDLEB = Entity("e_idleb", "Idleb", "LOC", (), (), Geo(35.9, 36.6, 12, "SY", "10", "city"))


def test_one_crisis_over_two_countries_told_from_either_side() -> None:
    # tr: mostly Turkey, names Syria twice; sy: mostly Syria, names Turkey twice.
    documents = [doc("tr", "2023-02-08"), doc("sy", "2023-02-13"), doc("other", "2023-02-10")]
    entities = named({TURKEY: ("tr", "tr", "sy"), GAZIANTEP: ("tr", "sy"),
                      SYRIA: ("tr", "sy", "sy"), ALEPPO: ("tr", "sy"), IDLEB: ("sy",),
                      SENEGAL: ("other",), DAKAR: ("other",)})
    # Gaziantep and Aleppo are named on both sides: not specific to one country, they link
    # nothing by themselves; the two countries named on both sides do.
    rows = explain_stories(documents, [], [], entities)
    assert rows["tr"]["story"] == rows["sy"]["story"] != rows["other"]["story"]
    assert "one crisis over SY and TR" in (rows["tr"]["why"] + rows["sy"]["why"])


def test_a_guessed_date_on_a_past_event_does_not_split_a_story() -> None:
    # The follow-up's only full date is a past epidemic's ("depuis mars 2022").
    documents = [doc("a", "2023-03-13"), doc("b", "2023-03-16"),
                 doc("late", "2023-09-01", basis="inferred")]
    entities = named({CHILE: ("a", "b", "late"), VALPO: ("a", "b", "late"), MAYOR: ("a", "late")})
    dates = [DateMention("late", 0, 15, "mars 2022", "2022-03", "month")]
    stories = find_stories(documents, [], dates, entities)
    assert stories["late"] == stories["a"] == stories["b"]


def test_a_document_whose_places_tie_between_countries_keeps_its_entities_specific() -> None:
    """An article naming Valparaíso, Senegal and France once each (a tie: no main country)
    does not make Valparaíso or the mayor unspecific: with a guessed date, it joins the
    Chilean story through them, not the Senegalese or the French one."""
    documents = [doc("cl1", "2024-03-02"), doc("cl2", "2024-03-05"), doc("sn1", "2024-03-03"),
                 doc("fr1", "2024-03-04"), doc("tie", "2023-03-04", basis="inferred")]
    entities = named({CHILE: ("cl1", "cl2"), VALPO: ("cl1", "cl2", "tie"),
                      MAYOR: ("cl1", "tie"), SENEGAL: ("sn1", "tie"), FRANCE: ("fr1", "tie")})
    stories = find_stories(documents, [], [], entities)
    assert stories["tie"] == stories["cl1"] == stories["cl2"]
    assert len({stories["cl1"], stories["sn1"], stories["fr1"]}) == 3
