"""events.csv as ACLED data (issue #16 item 5, CONTRACT.md events.csv).

Invented floods and riots in real places: the rows must carry ACLED's 31 columns in
order, admin names (never codes), numeric ISO codes, one row per located happening,
and never count a national toll twice.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from recoupe.reconcile import compare_claims, events
from recoupe.reconcile.acled import (
    ACLED_COLUMNS,
    EVENT_COLUMNS,
    disorder_type,
    interaction,
    iso_numeric,
    region,
)
from recoupe.records import Claim, Document, Entity, Geo, Period, Place, Source

CHILE = Entity("e_cl", "Chili", "LOC", ("Chili",), (),
               Geo(-33.45, -70.66, 3895114, "CL", None, "country"))
VALPO = Entity("e_valpo", "Valparaíso", "LOC", ("Valparaíso",), (),
               Geo(-33.04, -71.63, 3868626, "CL", "01", "city"))
REGION = Entity("e_reg", "Valparaíso Region", "LOC", ("région de Valparaíso",), (),
                Geo(-32.9, -71.2, 3868621, "CL", "01", "admin1"))
TALCA = Entity("e_talca", "Talca", "LOC", ("Talca",), (),
               Geo(-35.43, -71.66, 3870294, "CL", "11", "city"))
ENTITIES = [CHILE, VALPO, REGION, TALCA]
BY_ID = {e.id: e for e in ENTITIES}


def doc(id: str, day: str) -> Document:
    return Document(id=id, text="", outlet=f"Outlet {id}", published=day)


def claim(id: str, doc_id: str, low: int, place: str, kind: str = "killed",
          source: str = "gouvernement", day: str | None = None,
          sentence: str = "Les inondations ont fait des morts.") -> Claim:
    entity = BY_ID[place]
    return Claim(id=id, doc=doc_id, kind=kind, group="all", group_label=None, low=low,
                 high=low, qualifier="exact", quantity_text=str(low),
                 place=Place(entity.canonical, entity.id),
                 period=Period(day, day, "lundi") if day else None,
                 source=Source(source), outlet=None, sentence=sentence, span=(0, 2))


def rows_of(claims: list[Claim], documents: list[Document]) -> list[dict]:
    stories = {d.id: "s1" for d in documents}
    comparisons = compare_claims(claims, documents, ENTITIES, stories)
    return events(comparisons, claims, documents, ENTITIES)


def test_columns_are_acleds_31_in_order_then_recoupes() -> None:
    assert len(ACLED_COLUMNS) == 31
    assert ACLED_COLUMNS[:4] == ("event_id_cnty", "event_date", "year", "time_precision")
    assert ACLED_COLUMNS[-3:] == ("fatalities", "tags", "timestamp")
    assert (*ACLED_COLUMNS, "injured", "arrested", "claims") == EVENT_COLUMNS


def test_a_national_total_is_not_also_a_city_event() -> None:
    documents = [doc("a", "2024-03-02"), doc("b", "2024-03-02")]
    claims = [claim("nat", "a", 200, "e_cl"), claim("city", "b", 80, "e_valpo", source="mairie")]
    rows = {r["location"]: r for r in rows_of(claims, documents)}
    assert rows["Valparaíso"]["fatalities"] == 80
    assert rows["Chili"]["fatalities"] == 120  # what the national toll adds to the city's
    assert sum(r["fatalities"] for r in rows.values()) == 200
    assert "already in this story's other rows" in rows["Chili"]["notes"]


def test_city_rows_beyond_the_national_toll_are_capped() -> None:
    documents = [doc("a", "2024-03-02"), doc("b", "2024-03-03")]
    claims = [claim("nat", "a", 50, "e_cl"), claim("c1", "b", 40, "e_valpo", source="mairie"),
              claim("c2", "b", 30, "e_talca", source="hôpital")]
    rows = rows_of(claims, documents)
    assert sum(r["fatalities"] for r in rows) == 50
    assert "Chili" not in {r["location"] for r in rows}  # adds nothing to its cities
    assert any("beyond the national toll of 50" in r["notes"] for r in rows)


def test_a_toll_repeated_on_several_days_is_one_happening() -> None:
    documents = [doc("a", "2024-03-02"), doc("b", "2024-03-03"), doc("c", "2024-03-04")]
    claims = [claim(f"c{i}", d, 12, "e_valpo", source="mairie")
              for i, d in enumerate(("a", "b", "c"))]
    [row] = rows_of(claims, documents)
    assert (row["fatalities"], row["event_date"], row["time_precision"]) == (12, "2024-03-03", 2)
    assert row["claims"] == "c0 c1 c2"


def test_admin_names_iso_region_and_ids() -> None:
    documents = [doc("a", "2024-03-02")]
    claims = [claim("c1", "a", 3, "e_valpo", day="2024-03-01"),
              claim("c2", "a", 4, "e_reg", kind="injured", day="2024-03-01"),
              claim("c3", "a", 5, "e_talca", day="2024-03-09")]
    rows = {r["location"]: r for r in rows_of(claims, documents)}
    assert rows["Valparaíso"]["admin1"] == "Valparaíso Region"  # a name, never "01"
    assert rows["Talca"]["admin1"] == ""  # no name known: nothing rather than a code
    assert rows["Valparaíso"]["iso"] == 152 and rows["Valparaíso"]["region"] == "South America"
    assert rows["Valparaíso Region"]["geo_precision"] == 2
    assert sorted(r["event_id_cnty"] for r in rows.values()) == ["CHL1", "CHL2", "CHL3"]
    assert rows["Valparaíso"]["year"] == 2024 and rows["Valparaíso"]["timestamp"] == 1709337600


def test_events_csv_opens_in_pandas_with_admin1_as_text() -> None:
    documents = [doc("a", "2024-03-02")]
    claims = [claim("c1", "a", 3, "e_valpo", day="2024-03-01")]
    rows = rows_of(claims, documents)
    rows[0]["admin1"] = "04"  # the kind of value that once became 4.0
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EVENT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    frame = pd.read_csv(io.StringIO(out.getvalue()), dtype={"admin1": str, "admin2": str})
    assert list(frame.columns) == list(EVENT_COLUMNS)
    assert frame.loc[0, "admin1"] == "04" and frame.loc[0, "iso"] == 152


def test_riot_row_codes_actors_and_interaction() -> None:
    documents = [doc("a", "2024-06-11")]
    claims = [claim("c1", "a", 12, "e_valpo", kind="injured", day="2024-06-10",
                    sentence="Douze policiers ont été blessés lors des émeutes."),
              claim("c2", "a", 40, "e_valpo", kind="arrested", day="2024-06-10",
                    sentence="La police a interpellé 40 émeutiers.")]
    claims[0] = Claim(**{**{f: getattr(claims[0], f) for f in claims[0].__slots__},
                         "group": "security_forces"})
    [row] = rows_of(claims, documents)
    assert (row["event_type"], row["disorder_type"], row["inter1"], row["inter2"],
            row["interaction"]) == ("Riots", "Demonstrations", 5, 1, 15)
    assert (row["injured"], row["arrested"], row["fatalities"]) == (12, 40, 0)


@pytest.mark.parametrize("inter1, inter2, code", [(6, 0, 60), (1, 6, 16), (7, 2, 27),
                                                  (0, 0, 0)])
def test_interaction_codes(inter1: int, inter2: int, code: int) -> None:
    assert interaction(inter1, inter2) == code


def test_vocabulary_tables() -> None:
    assert disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert disorder_type("Protests", "Excessive force against protesters") == \
        "Political violence; Demonstrations"
    assert disorder_type("Riots", "Mob violence") == "Political violence"
    assert iso_numeric("KZ") == 398 and region("KZ") == "Caucasus and Central Asia"
    assert iso_numeric(None) is None and region("??") == ""
