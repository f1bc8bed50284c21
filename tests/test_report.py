"""The report dict and its HTML: figures computed once, every untrusted text escaped.

The run results here are built by hand from invented French articles (an earthquake
in a city called Alep, two outlets, a toll that grows and a count that disagrees), so
the tests need neither spaCy nor the store.
"""

from __future__ import annotations

import dataclasses
import json
import re
from types import SimpleNamespace
from typing import Any

import pytest

from recoupe.records import (
    Claim,
    Comparison,
    DatedReading,
    Document,
    Entity,
    Geo,
    Mention,
    MentionRef,
    Period,
    Place,
    Rejected,
    Source,
    TimelineEntry,
)
from recoupe.report import build_report, write_output_folder
from recoupe.report.html import esc, render, safe_href, script_json
from recoupe.report.templating import static_text, vendor_text
from recoupe.report.views import document_view, sentence_parts

TEXT_A = (
    "Séisme à Alep : au moins 120 morts\n\n"
    "Au moins 120 personnes ont été tuées à Alep lundi, selon la défense civile. "
    "Environ 300 blessés ont été recensés dans la nuit.\n"
    "Abonnez-vous à notre lettre d'information."
)
TEXT_B = (
    "Le bilan s'alourdit à Alep\n\n"
    "Le bilan atteint 450 morts à Alep, selon le ministère de la Santé. "
    "Les secours parlent de 1 200 blessés."
)


def _claim(cid: str, doc: Document, quantity: str, sentence: str, kind: str, low: int,
           high: int | None, qualifier: str, *, source: str | None, day: str,
           occurrence: int = 0) -> Claim:
    s0 = doc.text.index(sentence)
    q0 = doc.text.index(quantity, s0)
    for _ in range(occurrence):
        q0 = doc.text.index(quantity, q0 + 1)
    return Claim(
        id=cid, doc=doc.id, kind=kind, group="all", group_label=None, low=low, high=high,
        qualifier=qualifier, quantity_text=quantity,
        place=Place("Alep", "ent_alep", 36.2, 37.16),
        period=Period(day, day, None), source=Source(source) if source else None,
        outlet=doc.outlet, sentence=sentence, span=(q0, q0 + len(quantity)),
        sentence_span=(s0, s0 + len(sentence)),
    )


def hand_result(doc_a: Document | None = None, **overrides: Any) -> SimpleNamespace:
    """A two-article run: a toll that grows (update) and injured counts that disagree."""
    a = doc_a or Document(
        "a_quotidien", TEXT_A, path="a.txt", outlet="Le Quotidien",
        title="Séisme à Alep : au moins 120 morts", lang="fr", published="2023-02-06",
        boilerplate=((TEXT_A.index("Abonnez"), len(TEXT_A)),),
    )
    b = Document("b_hebdo", TEXT_B, url="https://hebdo.example/bilan", outlet="L'Hebdo",
                 title="Le bilan s'alourdit à Alep", lang="fr", published="2023-02-09")
    sa1 = "Au moins 120 personnes ont été tuées à Alep lundi, selon la défense civile."
    sa2 = "Environ 300 blessés ont été recensés dans la nuit."
    sb1 = "Le bilan atteint 450 morts à Alep, selon le ministère de la Santé."
    sb2 = "Les secours parlent de 1 200 blessés."
    claims = (
        _claim("c1", a, "Au moins 120", sa1, "killed", 120, None, "at_least",
               source="défense civile", day="2023-02-06"),
        _claim("c2", a, "Environ 300", sa2, "injured", 300, 300, "about", source=None,
               day="2023-02-06"),
        _claim("c3", b, "450", sb1, "killed", 450, 450, "exact",
               source="ministère de la Santé", day="2023-02-09"),
        _claim("c4", b, "1 200", sb2, "injured", 1200, 1200, "exact", source="secours",
               day="2023-02-06"),
    )
    comparisons = (
        Comparison("injured", "all", "Alep", None, ("c2", "c4"), "conflict", 300, 1200,
                   "The sources disagree for the same night."),
        Comparison("killed", "all", "Alep", None, ("c1", "c3"), "update", 120, 450,
                   "The toll grew from 120 to 450.", headline=450, story="s1"),
    )
    alep = Entity("ent_alep", "Alep", "LOC", ("Alep", "Aleppo"),
                  (Mention(a.id, 48, 52, "Alep", "LOC"), Mention(b.id, 20, 24, "Alep", "LOC")),
                  Geo(36.2, 37.16, 170063, "SY", feature="city"))
    timeline = (
        TimelineEntry("2023-02-06", "day", "Le séisme frappe Alep",
                      (MentionRef(a.id, (60, 65), "lundi"),)),
        TimelineEntry("1998", "year", "Un ancien séisme", ()),
    )
    fields = dict(
        documents=(a, b), claims=claims, entities=(alep,), timeline=timeline,
        rejected=(Rejected("vide.txt", "empty", "The input holds no text."),),
        comparisons=comparisons, framing=({"outlet": "L'Hebdo", "term": "sinistrés", "n": 2},),
        events=(), stories={a.id: "s1", b.id: "s1"},
    )
    fields.update(overrides)
    return SimpleNamespace(**fields)


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
    ("http://example.org", "http://example.org"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(1)", None),
    (" java\tscript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox", None),
    ("//evil.example/x", None),
    ("/relative/path", None),
    ("https:///nohost", None),
    ("", None),
    (None, None),
])
def test_safe_href_keeps_only_http_links(url: str | None, expected: str | None) -> None:
    assert safe_href(url) == expected


@pytest.mark.parametrize(("data", "expected"), [
    ({"t": "</script><script>alert(1)</script>"},
     '{"t": "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"}'),
    ({"t": "a & b <!-- c"}, '{"t": "a \\u0026 b \\u003c!-- c"}'),
    ({"t": "ligne\u2028suite\u2029fin"}, '{"t": "ligne\\u2028suite\\u2029fin"}'),
    ({"t": "Séisme à Alep"}, '{"t": "Séisme à Alep"}'),
])
def test_script_json_cannot_close_its_script(data: dict[str, str], expected: str) -> None:
    assert script_json(data) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ("L'Hebdo \"spécial\"", "L&#x27;Hebdo &quot;spécial&quot;"),
    (None, ""),
    (450, "450"),
])
def test_esc(value: Any, expected: str) -> None:
    assert esc(value) == expected


# --------------------------------------------------------------------------- views


@pytest.mark.parametrize(("quantity", "sentence", "span", "sentence_span", "expected"), [
    ("120", "Au moins 120 morts à Alep.", (109, 112), (100, 126),
     {"before": "Au moins ", "quantity": "120", "after": " morts à Alep."}),
    # Offsets that do not fit the sentence: the quantity is found by its words.
    ("1 200", "On compte 1 200 blessés.", (5, 10), None,
     {"before": "On compte ", "quantity": "1 200", "after": " blessés."}),
    ("dix", "Aucun chiffre ici.", (0, 3), None,
     {"before": "Aucun chiffre ici.", "quantity": "", "after": ""}),
])
def test_sentence_parts(quantity: str, sentence: str, span: tuple[int, int],
                        sentence_span: tuple[int, int] | None, expected: dict) -> None:
    claim = Claim("x", "d", "killed", "all", None, 1, 1, "exact", quantity, None, None, None,
                  None, sentence, span, sentence_span)
    assert sentence_parts(claim) == expected


def test_key_figures_rows() -> None:
    report = build_report(hand_result())
    assert [{k: r[k] for k in ("kind", "place", "status", "value", "low", "high", "values",
                               "sources", "documents", "anchor")}
            for r in report["key_figures"]] == [
        {"kind": "killed", "place": "Alep", "status": "update", "value": 450, "low": 120,
         "high": 450, "values": [120, 450], "sources": 2, "documents": 2, "anchor": "cmp-1"},
        {"kind": "injured", "place": "Alep", "status": "conflict", "value": 300, "low": 300,
         "high": 1200, "values": [300, 1200], "sources": 2, "documents": 2, "anchor": "cmp-0"},
    ]


def test_comparison_claims_side_by_side() -> None:
    view = build_report(hand_result())["comparison_views"][1]
    assert [(c["outlet"], c["source"], c["as_of"], c["sentence"]["quantity"], c["anchor"])
            for c in view["claims"]] == [
        ("Le Quotidien", "défense civile", "2023-02-06", "Au moins 120", "c-a_quotidien-c1"),
        ("L'Hebdo", "ministère de la Santé", "2023-02-09", "450", "c-b_hebdo-c3"),
    ]


def test_overview_tolls_map_and_timeline() -> None:
    report = build_report(hand_result())
    assert report["overview"] == {
        "stories": 1, "documents": 2, "claims": 4, "comparisons": 2,
        "outlets": ["L'Hebdo", "Le Quotidien"], "languages": {"fr": 2},
        "date_span": ["2023-02-06", "2023-02-09"], "statuses": {"conflict": 1, "update": 1},
    }
    assert [(t["kind"], t["points"]) for t in report["tolls"]] == [
        ("killed", [{"date": "2023-02-06", "value": 120}, {"date": "2023-02-09", "value": 450}]),
    ]
    assert [(p["name"], p["figure"], p["claims"]) for p in report["map_points"]] == [
        ("Alep", 1200, 4)]
    # The 1998 aside stays in the table but out of the chart's window.
    assert [e["date"] for e in report["timeline_view"]["entries"]] == ["2023-02-06", "1998"]
    assert [e["date"] for e in report["timeline_view"]["charted"]] == ["2023-02-06"]
    assert report["entity_table"][0]["forms"] == ["Aleppo"]
    assert report["framing_table"] == {"columns": ["outlet", "term", "n"],
                                       "rows": [["L'Hebdo", "sinistrés", "2"]]}


@pytest.mark.parametrize(("by_date", "expected"), [
    ((DatedReading("2023-02-07", "single", 200, 200, 200),
      DatedReading("2023-02-06", "single", 120, 120, 120)),
     [("2023-02-06", 120), ("2023-02-07", 200)]),
    ((DatedReading(None, "single", 500, 500, 500),  # an undated reading is not charted
      DatedReading("2023-02-06", "single", 120, 120, 120),
      DatedReading("2023-02-08", "agree", 300, 300, 300)),
     [("2023-02-06", 120), ("2023-02-08", 300)]),
    ((), [("2023-02-06", 120), ("2023-02-09", 450)]),  # falls back on the claims
])
def test_toll_reads_by_date_from_the_reconcile_stage(by_date: Any, expected: list) -> None:
    result = hand_result()
    killed = result.comparisons[1]
    result.comparisons = (result.comparisons[0], dataclasses.replace(killed, by_date=by_date))
    tolls = build_report(result)["tolls"]
    assert [(p["date"], p["value"]) for p in tolls[0]["points"]] == expected


def test_story_rows_say_why_each_document_is_in_its_story() -> None:
    result = hand_result()
    result.stories = {"b": "s1", "a": "s1"}
    result.story_reasons = {"b": {"doc": "b", "story": "s1", "why": "same main country (SY)"}}
    rows = build_report(result)["story_rows"]
    assert rows == [{"doc": "a", "story": "s1", "why": None},
                    {"doc": "b", "story": "s1", "why": "same main country (SY)"}]


def test_document_view_runs() -> None:
    result = hand_result()
    view = document_view(result.documents[0], list(result.claims[:2]))
    marked = [(r["text"], r["boilerplate"], r["sentence"], r["quantity"], r["anchors"])
              for r in view["runs"] if r["sentence"] or r["boilerplate"]]
    assert marked == [
        ("Au moins 120", False, ["c1"], ["c1"], ["c1"]),
        (" personnes ont été tuées à Alep lundi, selon la défense civile.", False, ["c1"], [],
         []),
        ("Environ 300", False, ["c2"], ["c2"], ["c2"]),
        (" blessés ont été recensés dans la nuit.", False, ["c2"], [], []),
        ("Abonnez-vous à notre lettre d'information.", True, [], [], []),
    ]
    assert "".join(r["text"] for r in view["runs"]) == TEXT_A


# --------------------------------------------------------------------------- html

HOSTILE = (
    "<script>window.__pwned=1</script> Titre </script><script>window.__pwned=2</script>"
)
HOSTILE_TEXT = (
    f"{HOSTILE}\n\n<img src=x onerror=\"window.__pwned=3\"> Au moins 120 personnes ont été "
    "tuées à Alep lundi, selon la défense civile. <a href=\"javascript:window.__pwned=4\">"
    "x</a>\u2028 Environ 300 blessés ont été recensés dans la nuit.\n"
    "Abonnez-vous à notre lettre d'information."
)


def hostile_result() -> SimpleNamespace:
    doc = Document("a_quotidien", HOSTILE_TEXT, url="javascript:window.__pwned=5",
                   outlet="<b onmouseover=alert(1)>Le Quotidien</b>", title=HOSTILE,
                   lang="fr", published="2023-02-06")
    result = hand_result(doc)
    entity = result.entities[0]
    result.entities = (Entity(entity.id, "<svg onload=window.__pwned=6>", "LOC",
                              ("</text><script>window.__pwned=7</script>",), entity.mentions,
                              entity.geo),)
    result.rejected = (Rejected("<script>x</script>.txt", "empty", "<i>vide</i>"),)
    return result


OWN_SCRIPTS = {"recoupe.js": static_text, "map.js": static_text, "leaflet.js": vendor_text}
SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script>", re.S)


def test_hostile_text_is_escaped_in_the_html() -> None:
    page = render(build_report(hostile_result()))
    scripts = SCRIPT.findall(page)
    # Every <script> opened is closed by its own </script>: no text ended one early.
    assert page.count("<script") == page.count("</script>") == len(scripts)
    # The report's own inline scripts (recoupe.js, leaflet.js, map.js), nothing else runs;
    # the other blocks are JSON data, which a browser never executes.
    own = {name: load(name) for name, load in OWN_SCRIPTS.items()}
    code = [body for attrs, body in scripts if 'type="application/json"' not in attrs]
    assert 1 <= len(code) <= 3
    assert all(attrs == "" and any(text and body.strip() == text.strip()
                                   for text in own.values()) for attrs, body in scripts
               if 'type="application/json"' not in attrs)
    assert all("__pwned" not in body for body in code)
    # Outside the script blocks, no hostile text forms a tag or an attribute.
    markup = SCRIPT.sub("", page)
    tags = re.findall(r"<[A-Za-z/!][^>]*>", markup)
    assert tags and not [t for t in tags if "__pwned" in t or re.search(r"\son\w+=", t)]
    assert "<img" not in page and "<svg onload" not in page and "<b onmouseover" not in page
    assert "javascript:" not in re.sub(r"&[a-z#0-9]+;", "", " ".join(
        re.findall(r'href="([^"]*)"', page)))
    assert "\u2028" not in page.split('id="recoupe-data">')[1]


def test_write_output_folder(tmp_path) -> None:
    report = write_output_folder(tmp_path, hand_result())
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["claims.csv", "claims.jsonl", "claims.parquet", "comparisons.jsonl",
                     "documents.jsonl", "entities.jsonl", "errors.jsonl", "events.csv",
                     "events.geojson", "framing.jsonl", "places.geojson", "report.html",
                     "stories.jsonl", "timeline.jsonl"]
    assert len((tmp_path / "claims.jsonl").read_text().splitlines()) == len(report["claims"])
    stories = [json.loads(line) for line in (tmp_path / "stories.jsonl").open()]
    assert [(r["doc"], r["story"]) for r in stories] == sorted(hand_result().stories.items())


def test_large_run_report_is_abridged_but_files_are_whole(tmp_path) -> None:
    result = hand_result()
    report = write_output_folder(tmp_path, result, texts_up_to=1)
    assert len(result.documents) > 1
    html = (tmp_path / "report.html").read_text()
    # The figures stay; the texts and the claim-by-claim table give way to a pointer.
    assert 'id="cmp-1"' in html and "claims.jsonl" in html
    assert report["claim_views"] == [] and report["document_views"] == []
    assert report["abridged"]["documents"] == len(result.documents)
    rows = (tmp_path / "claims.jsonl").read_text().splitlines()
    assert len(rows) == len(result.claims)
    whole = write_output_folder(tmp_path / "whole", result, texts_up_to=100)
    assert whole["abridged"] is None and len(whole["claim_views"]) == len(result.claims)
