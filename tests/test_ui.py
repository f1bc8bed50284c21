"""The report's layout without a browser: words per language, stories, framing cells,
borders, charts whose labels never collide, and escaping through the templates."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import resources

import pytest

from recoupe.report import layout, svg
from recoupe.report.html import _file_assets
from recoupe.report.map import borders_around, world
from recoupe.report.templating import (
    environment,
    inline_csp,
    render_template,
    strings,
    ui_lang_for,
)


def test_every_ui_language_has_every_word() -> None:
    table = tomllib.loads((resources.files("recoupe.report") / "templates" /
                           "strings.toml").read_text(encoding="utf-8"))
    english, french = set(table["en"]), set(table["fr"])
    assert english == french
    assert set(table["en"]["values"]) <= set(table["fr"]["values"])


@pytest.mark.parametrize(("asked", "languages", "expected"), [
    (None, {"fr": 4, "en": 1}, "fr"),
    (None, {"en": 3}, "en"),
    (None, {"es": 3, "fr": 1}, "fr"),
    (None, {}, "en"),
    ("en", {"fr": 9}, "en"),
    ("de", {"fr": 9}, "fr"),
])
def test_ui_language_defaults_to_the_corpus(asked, languages, expected) -> None:
    assert ui_lang_for(asked, languages) == expected


def test_strings_translate_vocabulary_and_show_missing_keys() -> None:
    s = strings("fr")
    assert (s.value("killed"), s.value("conflict"), s.value("at_least")) == (
        "morts", "désaccord", "au moins")
    assert s.value("unheard-of") == "unheard-of" and s.no_such_word == "no_such_word"
    assert strings("en").value("security_forces") == "security forces"


def test_templates_escape_everything() -> None:
    assert environment().autoescape is True
    html = render_template("error.html", s=strings("en"), ui_lang="en", title="<b>t</b>",
                           nav=[("/", "<i>x</i>")], data_blocks=[("d", {"k": "</script>"})],
                           assets=[], csp=None, status=404, message="<img src=x onerror=1>",
                           allowed=["<svg onload=1>"])
    assert "<img" not in html and "<svg" not in html and "<i>x" not in html
    assert "&lt;img src=x onerror=1&gt;" in html
    assert "</script>\"" not in html and "\\u003c/script\\u003e" in html


def test_inline_policy_hashes_each_inline_script() -> None:
    assets = _file_assets(with_map=False)
    policy = inline_csp(assets)
    scripts = [a for a in assets if a.kind == "script"]
    assert len(re.findall(r"'sha256-", policy)) == len(scripts) >= 1
    assert "unsafe-inline" not in policy.split("script-src")[1]


def _view(index: int, story: str | None, kind: str, place: str | None, value: int,
          group: str = "all") -> dict:
    return {"index": index, "anchor": f"cmp-{index}", "story": story, "kind": kind,
            "group": group, "place": place, "value": value, "status": "single",
            "claims": [], "lineages": [], "headline_lineage": None}


def test_stories_group_key_figures_and_comparisons_largest_first() -> None:
    views = [_view(0, "s1", "killed", "Dinant", 12), _view(1, "s2", "displaced", "Namur", 300),
             _view(2, None, "injured", None, 3)]
    report = {"stories": {"a": "s1", "b": "s2", "c": "s2"}, "comparison_views": views,
              "key_figures": [{k: v[k] for k in ("index", "kind", "place", "value", "status")}
                              for v in views]}
    docs = {d: {"id": d, "title": f"T{d}", "published": f"2024-03-0{i}"}
            for i, d in enumerate("abc", 1)}
    stories = layout.story_views(report, docs, strings("en"))
    assert [(st["id"], len(st["documents"]), [v["index"] for v in st["comparisons"]])
            for st in stories] == [("s2", 2, [1]), ("s1", 1, [0]), ("", 0, [2])]
    assert stories[0]["label"] == "Story 1 · Namur · 2024-03-02 → 2024-03-03"
    assert stories[0]["anchor"] == "story-s2"


def test_framing_cells_are_words_and_outlets_are_names() -> None:
    docs = {"003_ab": {"id": "003_ab", "title": "Un titre"}}
    rows = [{"outlet": "003_ab", "outlet_known": False, "documents": ["003_ab"],
             "group": "protesters", "claims": 3, "labels": [{"label": "émeutiers", "count": 2}],
             "sources": [{"name": "ONU", "count": 1}], "unattributed": 0},
            {"outlet": "Le Monde", "outlet_known": True, "group": "all", "claims": 1,
             "sources": [], "flag": False}]
    columns, cells = layout.framing_rows(rows, docs, strings("fr"))
    assert columns[0] == "média"
    assert cells[0] == ["Un titre (média inconnu)", "manifestants", "3", "ONU (1)", "0",
                        "émeutiers (2)"]
    assert cells[1][0] == "Le Monde"
    assert layout.cell(False, strings("en")) == "no"
    assert "003_ab" not in json.dumps(cells)


def test_map_circles_use_the_chosen_kind_not_the_largest_figure() -> None:
    points = [{"id": "e1", "name": "Aktau", "lat": 43.6, "lon": 51.2, "claims": 2,
               "mentions": 3}]
    views = [_view(0, "s", "arrested", "Aktau", 10000), _view(1, "s", "killed", "Aktau", 7),
             _view(2, "s", "killed", "Aktau", 5, group="protesters")]
    places, kinds = layout.map_places(points, views)
    assert kinds == ["arrested", "killed"]
    assert layout.map_kind(kinds) == "killed"
    assert places[0]["tolls"]["killed"] == {"value": 7, "anchor": "cmp-1", "status": "single"}


def test_borders_come_from_natural_earth_around_the_places() -> None:
    assert world() is not None, "run `make vendor` (npm ci in web/)"
    borders = borders_around([{"lat": 43.2, "lon": 76.9}, {"lat": 43.6, "lon": 51.2}])
    names = {f["properties"]["name"] for f in borders["features"]}
    assert {"Kazakhstan", "Uzbekistan", "Kyrgyzstan"} <= names
    assert "Brazil" not in names and "United States of America" not in names
    assert len(json.dumps(borders)) < 400_000


def _text_boxes(chart: str, cls: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(
        rf"<text class='{cls}' x='([\d.]+)' y='([\d.]+)'", chart)]


def test_toll_chart_labels_never_collide() -> None:
    points = [{"date": f"2022-01-{d:02d}", "value": v} for d, v in
              ((5, 18), (6, 19), (7, 225), (8, 225), (22, 238), (23, 238), (24, 240))]
    chart = svg.toll_svg([{"name": "authorities", "points": points, "headline": True},
                          {"name": "ngo", "points": [{"date": "2022-01-08", "value": 500}],
                           "disputes": True}])
    dates = [x for x, _ in _text_boxes(chart, "gl")]
    assert len(dates) >= 2 and all(b - a >= 40 for a, b in zip(dates, dates[1:], strict=False))
    assert "stroke-dasharray" in chart  # the disputing line is drawn dashed
    assert chart.count("<title>") == 8  # every point has its tooltip
    assert "01-2231" not in chart


def test_placer_refuses_overlaps() -> None:
    placer = svg.Placer()
    assert placer.take(0, 0, 10, 10)
    assert not placer.take(5, 5, 15, 15)
    assert placer.take(10, 0, 20, 10)
