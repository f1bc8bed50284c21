"""The eval gate: recoupe's figures on the shared corpus must not fall below pinned floors.

Floors are the issue's acceptance bars; raise them as the figures rise, never lower them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recoupe.cli import main
from recoupe.evaluate import main_figures, run_eval

FLOORS = {
    # issue 3
    "claims_f1": 0.90,
    "group_acc": 0.90,
    "source_acc": 0.85,
    "place_acc": 0.85,
    # issue 4: every gold place geocoded, every gold date found, every publication date
    # (given or inferred) inside its gold range
    "entities_b3_f1": 0.95,
    "entities_geocoded": 1.0,
    "timeline_date_recall": 1.0,
    "documents_published": 1.0,
    "documents_lang_acc": 1.0,
    "documents_outlet_acc": 1.0,
    # issue 16: figures of one quantity in different articles share a comparison
    "pairs_f1": 0.80,
}


@pytest.fixture(scope="module")
def corpus_output(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gate")
    status = main(["analyze", str(corpus_dir), "--out", str(out), "--quiet"])
    assert status == 0
    return out


@pytest.fixture(scope="module")
def figures(corpus_output: Path, eval_dir: Path) -> dict[str, float]:
    return main_figures(run_eval(eval_dir / "kazakhstan-2022.claims.gold.jsonl", corpus_output))


@pytest.mark.parametrize("name,floor", sorted(FLOORS.items()))
def test_claims_figure_above_floor(figures: dict[str, float], name: str, floor: float) -> None:
    assert figures[name] >= floor, f"{name} = {figures[name]:.3f} fell below {floor}"


def test_no_trap_is_taken_for_a_claim(figures: dict[str, float]) -> None:
    assert figures["traps_hit"] == 0


def test_no_two_gold_entities_are_merged(figures: dict[str, float]) -> None:
    assert figures["entities_merged_pairs"] == 0


def test_the_year_typo_is_corrected_and_reported(corpus_output: Path) -> None:
    """A weekday that contradicts its year ("vendredi 7 janvier 2002") is read in the
    year that makes it agree with the document, and the correction is recorded."""
    import json

    docs = [json.loads(line) for line in (corpus_output / "documents.jsonl").open()]
    notes = [n for d in docs for n in d["notes"] if "2002" in n]
    assert notes and all("2022-01-07" in n for n in notes)
    timeline = [json.loads(line) for line in (corpus_output / "timeline.jsonl").open()]
    day = next(t for t in timeline if t["date"] == "2022-01-07")
    assert any("2002" in m["text"] for m in day["mentions"])
    assert not any(t["date"].startswith("2002-01") for t in timeline)


def test_claims_carry_entity_ids_and_canonical_names(corpus_output: Path) -> None:
    import json

    entities = {json.loads(line)["id"]: json.loads(line)
                for line in (corpus_output / "entities.jsonl").open()}
    claims = [json.loads(line) for line in (corpus_output / "claims.jsonl").open()]
    linked = [c for c in claims if c["place"] and c["place"]["entity"]]
    assert len(linked) >= 0.9 * len(claims)
    for c in linked:
        entity = entities[c["place"]["entity"]]
        assert c["place"]["name"] == entity["canonical"]
        if entity["geo"]:
            assert (c["place"]["lat"], c["place"]["lon"]) == (entity["geo"]["lat"],
                                                              entity["geo"]["lon"])
    sourced = [c for c in claims if c["source"] and c["source"]["entity"]]
    assert sourced and all(c["source"]["name"] == entities[c["source"]["entity"]]["canonical"]
                           for c in sourced)


def test_every_output_file_is_written(corpus_output: Path) -> None:
    for name in ("documents.jsonl", "claims.jsonl", "entities.jsonl", "timeline.jsonl",
                 "comparisons.jsonl", "events.csv", "errors.jsonl", "report.html"):
        assert (corpus_output / name).is_file(), name


def test_events_csv_opens_in_pandas_with_geocoded_coordinates(corpus_output: Path) -> None:
    """Issue 5: one ACLED-style row per happening, coordinates equal to the entities'."""
    import json

    import pandas as pd

    from recoupe.report.files import EVENT_COLUMNS

    events = pd.read_csv(corpus_output / "events.csv")
    assert tuple(events.columns) == EVENT_COLUMNS
    assert len(events) > 0
    assert not events.duplicated(subset=["event_date", "location", "event_type"]).any()
    places = {}
    for line in (corpus_output / "entities.jsonl").open():
        entity = json.loads(line)
        if entity["geo"]:
            places[entity["canonical"]] = (entity["geo"]["lat"], entity["geo"]["lon"])
    for row in events.itertuples():
        assert row.location in places
        assert (row.latitude, row.longitude) == pytest.approx(places[row.location])
        assert row.time_precision in (1, 2, 3) and row.geo_precision in (1, 2, 3)
        assert row.fatalities >= 0


def test_events_never_count_more_deaths_than_the_national_toll(corpus_output: Path) -> None:
    """Issue 16: ACLED's columns, admin1 as text, and per country the fatalities of the
    events never above the story's conservative national toll."""
    import json

    import pandas as pd

    events = pd.read_csv(corpus_output / "events.csv", dtype={"admin1": str, "admin2": str})
    assert list(events.columns)[:31][-3:] == ["fatalities", "tags", "timestamp"]
    assert events["admin1"].dropna().map(lambda v: not v.isdigit()).all()
    comparisons = [json.loads(line) for line in (corpus_output / "comparisons.jsonl").open()]
    national = [c for c in comparisons if (c["kind"], c["group"], c["scope"]) ==
                ("killed", "all", "country")]
    assert national and all(c["story"] for c in national)
    toll = sum(c["headline"] for c in national)
    assert events["fatalities"].sum() <= toll
    assert (events["iso"] == 398).all()


def test_every_document_says_why_it_is_in_its_story(corpus_output: Path) -> None:
    """stories.jsonl (issue #16 item 4): each article's story and the reason it is there."""
    rows = [json.loads(line) for line in (corpus_output / "stories.jsonl").open()]
    assert rows and all(r["why"] for r in rows), rows
    assert len({r["story"] for r in rows}) == 1  # one crisis, one story


def test_the_report_says_why_each_article_is_in_its_story(corpus_output: Path) -> None:
    rows = [json.loads(line) for line in (corpus_output / "stories.jsonl").open()]
    page = (corpus_output / "report.html").read_text(encoding="utf-8")
    assert page.count('class="small muted why"') == len(rows)
