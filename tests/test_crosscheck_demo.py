"""The demo corpus demonstrates cross-checking (issue #16 item 6).

``demo/corpus`` is invented (every article says so): floods in Slovenia covered by
seven outlets over five days — the interior ministry's toll revised twice (9, 14, 21),
an NGO disputing it ("at least 30"), city tolls inside the national one, a subset
("dont 4 secouristes"), a figure repeated in one article, one English article — and
an unrelated protest in Chile. The real pipeline runs on it once.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from recoupe.reconcile.events import EVENT_COLUMNS, events
from recoupe.reconcile.lineage import OFFICIAL
from recoupe.records import Comparison

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from recoupe.pipeline import run

    result = run([str(DEMO)], tmp_path_factory.mktemp("demo") / "s.sqlite")
    return result


def _find(comparisons: tuple[Comparison, ...], kind: str, place: str) -> Comparison:
    [found] = [c for c in comparisons if c.kind == kind and c.group == "all"
               and c.place == place]
    return found


def test_every_demo_article_says_it_is_invented() -> None:
    for path in DEMO.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "[Article fictif de démonstration]" in text or \
            "[Invented demonstration article]" in text, path


def test_demo_shows_agree_update_conflict_and_two_stories(demo) -> None:
    statuses = {c.status for c in demo.comparisons}
    assert {"agree", "update", "conflict"} <= statuses
    assert len({c.story for c in demo.comparisons}) == 2
    assert len(set(demo.stories.values())) == 2


def test_demo_national_toll_is_disputed_with_the_ministrys_latest_as_headline(demo) -> None:
    national = _find(demo.comparisons, "killed", "Slovenia")
    assert (national.status, national.headline, national.headline_lineage) == (
        "conflict", 21, OFFICIAL)
    latest = {s.lineage: s for s in national.lineages}
    assert latest[OFFICIAL].status == "update"  # 9, then 14, then 21
    assert [r.headline for r in national.by_date][:2] == [9, 14]
    assert "30" in national.note and "21" in national.note


def test_demo_city_tolls_are_components_and_the_rescuers_a_subset(demo) -> None:
    national = _find(demo.comparisons, "killed", "Slovenia")
    assert {p.place for p in national.components} == {"Celje", "Maribor"}
    subsets = [c for c in demo.comparisons if c.subset_of]
    assert subsets and all(set(c.subset_of) <= set(national.claims) for c in subsets)


def test_demo_events_do_not_count_the_national_toll_twice(demo) -> None:
    rows = events(demo.comparisons, demo.claims, demo.documents, demo.entities)
    slovenia = [r for r in rows if r["country"] == "Slovenia"]
    assert slovenia and sum(r["fatalities"] for r in slovenia) <= 21
    assert {r["location"] for r in slovenia} >= {"Celje", "Maribor"}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EVENT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    assert out.getvalue().splitlines()[0].split(",")[:3] == ["event_id_cnty", "event_date",
                                                             "year"]
