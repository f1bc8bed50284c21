"""Exports (issue #18.6): claims.csv, claims.parquet, events.geojson, places.geojson.

Written by :func:`recoupe.report.files.write_files` from the rows of a report dict, and read
back here with pandas, pyarrow and json. The rows are invented, in the CONTRACT.md shapes.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from recoupe.report.files import CLAIM_COLUMNS, EVENT_COLUMNS, neutralise_cell, write_files

ALEP = "ent_alep"
CLAIMS: list[dict[str, Any]] = [
    {
        "id": "c1", "doc": "a", "kind": "killed", "group": "all", "group_label": None,
        "low": 120, "high": None, "qualifier": "at_least", "quantity_text": "au moins 120",
        "place": {"name": "Alep", "entity": ALEP, "lat": 36.2, "lon": 37.16},
        "period": {"start": "2023-02-06", "end": "2023-02-06", "text": "lundi"},
        "source": {"name": "la défense civile", "entity": None, "text": "selon la défense"},
        "outlet": "=HYPERLINK(\"http://evil.example\",\"clic\")",
        "sentence": "Au moins 120 personnes ont été tuées à Alep lundi.",
        "span": [0, 12], "subset_of": None, "rule": {"kind": "noun_head", "place": "in_clause"},
    },
    {
        "id": "c2", "doc": "b", "kind": "injured", "group": "civilians", "group_label": "civils",
        "low": 300, "high": 300, "qualifier": "about", "quantity_text": "environ 300",
        "place": {"name": "Alep", "entity": ALEP, "lat": 36.2, "lon": 37.16},
        "period": None, "source": None, "outlet": "@outlet", "sentence": "-300 blessés ?",
        "span": [40, 51], "subset_of": None, "rule": None,
    },
    {
        "id": "c3", "doc": "b", "kind": "arrested", "group": "all", "group_label": None,
        "low": 10**15, "high": 10**15, "qualifier": "exact", "quantity_text": "10^15",
        "place": None, "period": None, "source": None, "outlet": None,
        "sentence": "+10^15 arrestations.", "span": [60, 65], "subset_of": "c1", "rule": None,
    },
]  # fmt: skip
ENTITIES: list[dict[str, Any]] = [
    {"id": ALEP, "canonical": "Alep", "type": "LOC", "forms": ["Alep", "Halab"], "mentions": [],
     "geo": {"lat": 36.2, "lon": 37.16, "geonames_id": 170063, "country": "SY",
             "admin1": "Aleppo", "feature": "PPLA"}},
    {"id": "ent_idlib", "canonical": "Idlib", "type": "LOC", "forms": ["Idlib"], "mentions": [],
     "geo": {"lat": 35.93, "lon": 36.63, "geonames_id": 169388, "country": "SY",
             "admin1": "Idlib", "feature": "PPLA"}},
    {"id": "ent_onu", "canonical": "ONU", "type": "ORG", "forms": ["ONU"], "mentions": [],
     "geo": None},
]  # fmt: skip
EVENTS: list[dict[str, Any]] = [
    {"event_id_cnty": "SYR1", "event_date": "2023-02-06", "location": "Alep",
     "latitude": 36.2, "longitude": 37.16, "fatalities": 120, "notes": "=1+1",
     "source": "-Le Monde", "claims": "c1"},
    {"event_id_cnty": "SYR2", "event_date": "2023-02-07", "location": "somewhere",
     "latitude": None, "longitude": None, "fatalities": 0, "claims": "c2"},
]  # fmt: skip


@pytest.fixture
def out(tmp_path: Path) -> Path:
    report = {"claims": CLAIMS, "entities": ENTITIES, "events": EVENTS, "documents": [],
              "timeline": [], "comparisons": [], "framing": [], "errors": []}
    write_files(tmp_path / "out", report, html=lambda: "<!doctype html><title>r</title>")
    return tmp_path / "out"


def test_every_contract_file_is_written(out: Path) -> None:
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([
        "documents.jsonl", "claims.jsonl", "entities.jsonl", "timeline.jsonl",
        "comparisons.jsonl", "framing.jsonl", "errors.jsonl", "events.csv", "report.html",
        "claims.csv", "claims.parquet", "events.geojson", "places.geojson",
    ])  # no temporary file left behind


def test_claims_csv_reads_back_in_pandas(out: Path) -> None:
    frame = pd.read_csv(out / "claims.csv", dtype={"low": "Int64", "high": "Int64"})
    assert tuple(frame.columns) == CLAIM_COLUMNS
    assert frame["id"].tolist() == ["c1", "c2", "c3"]
    assert frame["low"].tolist() == [120, 300, 10**15]
    assert frame["place_name"].tolist()[:2] == ["Alep", "Alep"]
    assert frame["period_start"].tolist()[0] == "2023-02-06"
    assert json.loads(frame["rule"][0]) == {"kind": "noun_head", "place": "in_clause"}


def test_no_csv_cell_starts_a_formula(out: Path) -> None:
    for name in ("claims.csv", "events.csv"):
        with (out / name).open(encoding="utf-8", newline="") as fh:
            cells = [cell for row in csv.reader(fh) for cell in row]
        assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    frame = pd.read_csv(out / "claims.csv")
    assert frame["outlet"].tolist()[:2] == ["'=HYPERLINK(\"http://evil.example\",\"clic\")",
                                            "'@outlet"]
    assert frame["sentence"].tolist()[1:] == ["'-300 blessés ?", "'+10^15 arrestations."]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+33", "'+33"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("Alep", "Alep"), (-12.5, -12.5), (None, None), ("", "")],
)
def test_neutralise_cell(value: object, expected: object) -> None:
    assert neutralise_cell(value) == expected


def test_events_csv_has_the_contract_columns(out: Path) -> None:
    frame = pd.read_csv(out / "events.csv")
    assert tuple(frame.columns) == EVENT_COLUMNS
    assert frame["notes"].tolist()[0] == "'=1+1"


def test_claims_parquet_reads_back_with_types(out: Path) -> None:
    table = pq.read_table(out / "claims.parquet")
    assert table.column_names == list(CLAIM_COLUMNS)
    assert str(table.schema.field("low").type) == "int64"
    assert str(table.schema.field("place_lat").type) == "double"
    frame = table.to_pandas()
    assert frame["id"].tolist() == ["c1", "c2", "c3"]
    assert frame["high"].tolist()[1:] == [300, 10**15]
    assert frame["outlet"].tolist()[0].startswith("=HYPERLINK")  # data, not a spreadsheet


def test_events_geojson_has_only_located_events(out: Path) -> None:
    data = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.16, 36.2]}
    assert feature["properties"]["event_id_cnty"] == "SYR1"
    assert "latitude" not in feature["properties"]


def test_places_geojson_counts_claims_per_place(out: Path) -> None:
    data = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    places = {f["properties"]["id"]: f for f in data["features"]}
    assert sorted(places) == [ALEP, "ent_idlib"]  # the ORG without geo is not a place
    alep = places[ALEP]["properties"]
    assert (alep["name"], alep["claims"], alep["claims_by_kind"]) == (
        "Alep", 2, {"injured": 1, "killed": 1})
    assert places["ent_idlib"]["properties"]["claims"] == 0
    assert places[ALEP]["geometry"]["coordinates"] == [37.16, 36.2]


def test_empty_run_still_writes_readable_exports(tmp_path: Path) -> None:
    write_files(tmp_path, {})
    assert pq.read_table(tmp_path / "claims.parquet").num_rows == 0
    assert pd.read_csv(tmp_path / "claims.csv").empty
    assert json.loads((tmp_path / "places.geojson").read_text())["features"] == []
