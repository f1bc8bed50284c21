"""Tests of ``recoupe eval``'s scoring, on small invented gold and prediction folders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from recoupe.errors import RecoupeError
from recoupe.evaluate import (
    PRF,
    SUMMARY_MAX_LINES,
    Ratio,
    bcubed,
    evidence_overlap,
    format_report,
    main_figures,
    normalise,
    report_to_json,
    run_eval,
    value_text,
)

PREFIX = "crue"


def gold_claim(low: int | None = 10, **fields: Any) -> dict[str, Any]:
    row = {"doc": "d1", "kind": "killed", "group": "all", "low": low, "high": low,
           "qualifier": "exact", "place": None, "source": [], "evidence": ""}
    return row | fields


def pred_claim(low: int | None = 10, **fields: Any) -> dict[str, Any]:
    row = {"doc": "d1", "kind": "killed", "group": "all", "low": low, "high": low,
           "qualifier": "exact", "place": None, "source": None, "sentence": "",
           "quantity_text": str(low), "span": None}
    return row | fields


def place(name: str, entity: str | None = None) -> dict[str, Any]:
    return {"name": name, "entity": entity, "lat": None, "lon": None}


def source(name: str, entity: str | None = None) -> dict[str, Any]:
    return {"name": name, "entity": entity, "text": None}


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")


def make_case(tmp_path: Path, gold: dict[str, Any], pred: dict[str, Any]) -> tuple[Path, Path]:
    """Write gold files (by part name) and predicted files (by file name); return the paths."""
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "out"
    gold_dir.mkdir()
    pred_dir.mkdir()
    suffixes = {"claims": ".claims.gold.jsonl", "traps": ".traps.jsonl",
                "timeline": ".timeline.gold.jsonl", "documents": ".documents.gold.jsonl"}
    for part, rows in gold.items():
        if part == "entities":
            (gold_dir / f"{PREFIX}.entities.gold.json").write_text(
                json.dumps({"entities": rows}, ensure_ascii=False), encoding="utf-8")
        else:
            write_jsonl(gold_dir / f"{PREFIX}{suffixes[part]}", rows)
    for name, rows in pred.items():
        write_jsonl(pred_dir / name, rows)
    return gold_dir / f"{PREFIX}.claims.gold.jsonl", pred_dir


def claims_case(tmp_path: Path, gold: list[dict], pred: list[dict], **extra_gold: Any):
    gold_path, pred_dir = make_case(tmp_path, {"claims": gold, **extra_gold},
                                    {"claims.jsonl": pred})
    return run_eval(gold_path, pred_dir).claims


def counts(prf: PRF) -> tuple[int, int, int]:
    return prf.tp, prf.fp, prf.fn


# --------------------------------------------------------------------------- figures


@pytest.mark.parametrize(("prf", "expected"), [
    (PRF(2, 1, 1), (2 / 3, 2 / 3, 2 / 3)),
    (PRF(3, 0, 1), (1.0, 0.75, 6 / 7)),
    (PRF(0, 0, 0), (1.0, 1.0, 1.0)),  # nothing to find, nothing found
    (PRF(0, 0, 4), (0.0, 0.0, 0.0)),  # nothing predicted
    (PRF(0, 2, 0), (0.0, 1.0, 0.0)),  # nothing to find, two false claims
])
def test_prf(prf: PRF, expected: tuple[float, float, float]) -> None:
    assert (prf.precision, prf.recall, prf.f1) == pytest.approx(expected)


@pytest.mark.parametrize(("name", "expected"), [
    ("Alma-Ata", "alma ata"),
    ("ALMATÎ", "almati"),
    ("ministère de l’Intérieur", "ministere de l interieur"),
    ("the United Nations", "united nations"),
    ("  Nur   Sultan ", "nur sultan"),
    ("l'ONU", "onu"),
    ("La Mairie de Lyon", "mairie de lyon"),
    ("Le Monde", "monde"),
    ("Lesotho", "lesotho"),
])
def test_normalise(name: str, expected: str) -> None:
    assert normalise(name) == expected


@pytest.mark.parametrize(("low", "high", "qualifier", "expected"), [
    (238, 238, "exact", "238"),
    (3211, None, "more_than", "more_than 3211"),
    (10, 20, "range", "10–20"),
    (None, None, "vague", "vague"),
    (2000, 2000, "about", "about 2000"),
])
def test_value_text(low: int | None, high: int | None, qualifier: str, expected: str) -> None:
    assert value_text(low, high, qualifier) == expected


@pytest.mark.parametrize(("evidence", "sentence", "expected"), [
    ("trois morts à Nantes", "Selon la préfecture, trois morts à Nantes.", 1.0),
    ("trois morts à Nantes", "Trois morts ont été recensés", 0.5),
    ("", "Trois morts", 0.0),
])
def test_evidence_overlap(evidence: str, sentence: str, expected: float) -> None:
    assert evidence_overlap(evidence, sentence) == expected


# --------------------------------------------------------------------------- claims


def test_precision_recall_overall_and_per_kind(tmp_path: Path) -> None:
    gold = [gold_claim(12), gold_claim(40, kind="injured"), gold_claim(300, kind="arrested")]
    pred = [pred_claim(12), pred_claim(40, kind="injured"), pred_claim(41, kind="injured"),
            pred_claim(12, kind="injured")]
    report = claims_case(tmp_path, gold, pred)
    assert counts(report.overall) == (2, 2, 1)
    assert (report.overall.precision, report.overall.recall) == (0.5, 2 / 3)
    assert {k: counts(v) for k, v in report.by_kind.items()} == {
        "killed": (1, 0, 0), "injured": (1, 2, 0), "arrested": (0, 0, 1)}
    assert [g.first.low for g in report.misses] == [300]
    assert sorted(p.first.low for p in report.false_claims) == [12, 41]


def test_same_value_in_another_document_does_not_match(tmp_path: Path) -> None:
    report = claims_case(tmp_path, [gold_claim(12)], [pred_claim(12, doc="d2")],
                         documents=[{"doc": "d2", "lang": "fr"}])
    assert counts(report.overall) == (0, 1, 1)


def test_optional_gold_is_neither_rewarded_nor_penalised(tmp_path: Path) -> None:
    gold = [gold_claim(12), gold_claim(2, optional=True), gold_claim(5, optional=True)]
    report = claims_case(tmp_path, gold, [pred_claim(12), pred_claim(2)])
    assert counts(report.overall) == (1, 0, 0)
    assert report.overall.f1 == 1.0
    assert [m.gold.optional for m in report.matches] == [False, True]


def test_required_gold_preferred_over_optional_duplicate_reading(tmp_path: Path) -> None:
    # Same key: the optional line is only another accepted reading (here, another place).
    gold = [gold_claim(500, kind="arrested", place="Guinée"),
            gold_claim(500, kind="arrested", place="Conakry", optional=True)]
    pred = [pred_claim(500, kind="arrested", place=place("Conakry"))]
    report = claims_case(tmp_path, gold, pred)
    assert counts(report.overall) == (1, 0, 0)
    assert report.place_acc == Ratio(1, 1)
    assert report.gold_duplicates == 1


def test_duplicates_count_once(tmp_path: Path) -> None:
    gold = [gold_claim(12), gold_claim(12), gold_claim(7, group="civilians")]
    pred = [pred_claim(12, sentence="Douze morts."), pred_claim(12, sentence="Bilan : 12 morts."),
            pred_claim(30), pred_claim(30)]
    report = claims_case(tmp_path, gold, pred)
    assert counts(report.overall) == (1, 1, 1)
    assert (report.gold_duplicates, report.pred_duplicates) == (1, 2)


STRICT_FULL_CASES = [
    # predicted fields over the gold below → (strict right, full right)
    ({}, (True, True)),
    ({"qualifier": "about"}, (False, False)),
    ({"high": None}, (False, False)),
    ({"group": "civilians"}, (False, False)),
    ({"place": place("Paris")}, (True, False)),
    ({"place": None}, (True, False)),
    ({"source": None}, (True, False)),
    ({"source": source("la mairie")}, (True, True)),
    ({"source": source("Mairies")}, (True, False)),
    ({"place": place("lyon")}, (True, True)),
]


@pytest.mark.parametrize(("change", "expected"), STRICT_FULL_CASES)
def test_strict_and_full(tmp_path: Path, change: dict, expected: tuple[bool, bool]) -> None:
    gold = [gold_claim(15, place="Lyon", source=["préfecture", "mairie"])]
    base = pred_claim(15, place=place("Lyon"), source=source("Préfecture"))
    report = claims_case(tmp_path, gold, [base | change])
    match = report.matches[0]
    assert (match.strict, match.full) == expected
    assert report.overall.f1 == 1.0  # kind+value ignores qualifier, group, place, source
    assert report.strict.f1 == (1.0 if expected[0] else 0.0)
    assert report.full.f1 == (1.0 if expected[1] else 0.0)


def test_strict_and_full_f1_figures(tmp_path: Path) -> None:
    gold = [gold_claim(1, place="Lyon"), gold_claim(2, place="Lyon"), gold_claim(3, place="Lyon"),
            gold_claim(4, place="Lyon")]
    pred = [pred_claim(1, place=place("Lyon")), pred_claim(2, place=place("Paris")),
            pred_claim(3, qualifier="about", place=place("Lyon")), pred_claim(9)]
    report = claims_case(tmp_path, gold, pred)
    assert counts(report.overall) == (3, 1, 1)
    assert counts(report.strict) == (2, 2, 2)
    assert counts(report.full) == (1, 3, 3)
    assert report.place_acc == Ratio(2, 3)
    figures = main_figures(run_eval(tmp_path / "gold" / f"{PREFIX}.claims.gold.jsonl",
                                    tmp_path / "out"))
    assert figures["claims_f1"] == pytest.approx(0.75)
    assert figures["claims_strict_f1"] == pytest.approx(0.5)
    assert figures["claims_full_f1"] == pytest.approx(0.25)


GOLD_ENTITIES = [
    {"canonical": "Almaty", "type": "LOC", "forms": ["Almaty", "Alma-Ata"], "geonames_id": 11},
    {"canonical": "Ministère de l'Intérieur", "type": "ORG",
     "forms": ["ministère de l’Intérieur", "ministère kazakh de l'Intérieur"]},
    {"canonical": "Lyon", "type": "LOC", "forms": ["Lyon"], "geonames_id": 22},
]


@pytest.mark.parametrize(("pred_place", "pred_source", "entities", "expected"), [
    # names alone, through the gold entity's forms, case and accents folded
    (place("alma ata"), source("Ministère kazakh de l'Intérieur"), [], (True, True)),
    # a predicted entity whose forms hold a gold form
    (place("la ville", "e1"), source("les autorités", "e2"),
     [{"id": "e1", "canonical": "Alma-Ata", "type": "LOC", "forms": ["la ville", "Alma-Ata"]},
      {"id": "e2", "canonical": "autorités", "type": "ORG",
       "forms": ["ministère de l'Intérieur"]}], (True, True)),
    # the entity id points nowhere useful: only the names count
    (place("la ville", "e9"), source("Intérieur"), [], (False, False)),
    (place("Lyon"), None, [], (False, False)),
])
def test_place_and_source_through_entity_forms(
    tmp_path: Path, pred_place: dict, pred_source: dict | None, entities: list[dict],
    expected: tuple[bool, bool],
) -> None:
    gold = [gold_claim(26, place="Almaty", source=["Ministère de l'Intérieur"])]
    pred = [pred_claim(26, place=pred_place, source=pred_source)]
    gold_path, pred_dir = make_case(tmp_path, {"claims": gold, "entities": GOLD_ENTITIES},
                                    {"claims.jsonl": pred, "entities.jsonl": entities})
    match = run_eval(gold_path, pred_dir).claims.matches[0]
    assert (match.place_ok, match.source_ok) == expected


@pytest.mark.parametrize(("gold_source", "pred_source", "right"), [
    ([], None, True),
    ([], source(""), True),
    ([], source("ONU"), False),
    (["ONU", "Croix-Rouge"], source("croix rouge"), True),
    (["ONU"], None, False),
])
def test_source_list(tmp_path: Path, gold_source: list[str], pred_source: dict | None,
                     right: bool) -> None:
    report = claims_case(tmp_path, [gold_claim(8, source=gold_source)],
                         [pred_claim(8, source=pred_source)])
    assert report.source_acc == Ratio(int(right), 1)


@pytest.mark.parametrize(("pred", "matched"), [
    (pred_claim(None, qualifier="vague"), True),
    (pred_claim(10, high=99, qualifier="vague"), True),  # a conventional reading of "dizaines"
    (pred_claim(10), False),
    (pred_claim(None, qualifier="vague", kind="injured"), False),
])
def test_vague_matches_vague(tmp_path: Path, pred: dict, matched: bool) -> None:
    gold = [gold_claim(None, qualifier="vague", evidence="des dizaines de morts")]
    report = claims_case(tmp_path, gold, [pred])
    assert report.overall.tp == int(matched)
    if matched:
        assert report.strict.tp == 1


def test_vague_gold_matched_to_closest_reading(tmp_path: Path) -> None:
    gold = [gold_claim(None, qualifier="vague", group="protesters",
                       evidence="des dizaines de manifestants tués"),
            gold_claim(None, qualifier="vague", group="civilians",
                       evidence="des centaines de civils tués")]
    pred = [pred_claim(None, qualifier="vague", group="civilians",
                       sentence="On compte des centaines de civils tués."),
            pred_claim(None, qualifier="vague", group="protesters",
                       sentence="Des dizaines de manifestants tués, dit la police.")]
    report = claims_case(tmp_path, gold, pred)
    assert counts(report.strict) == (2, 0, 0)


def test_greedy_prefers_agreeing_candidate_then_evidence(tmp_path: Path) -> None:
    gold = [gold_claim(18, group="security_forces", evidence="18 policiers tués"),
            gold_claim(18, group="protesters", evidence="18 émeutiers tués")]
    pred = [pred_claim(18, group="protesters", sentence="Selon la police, 18 émeutiers tués."),
            pred_claim(18, group="all", sentence="Au total 18 policiers tués hier.")]
    report = claims_case(tmp_path, gold, pred)
    pairs = sorted((m.gold.first.group, m.pred.first.sentence[:8]) for m in report.matches)
    assert pairs == [("protesters", "Selon la"), ("security_forces", "Au total")]
    assert report.group_acc == Ratio(1, 2)


def test_predictions_in_documents_without_gold_are_ignored(tmp_path: Path) -> None:
    report = claims_case(tmp_path, [gold_claim(12)], [pred_claim(12), pred_claim(5, doc="zz")])
    assert counts(report.overall) == (1, 0, 0)
    assert report.pred_ignored == 1


# --------------------------------------------------------------------------- traps


ARTICLE = ("Inondations dans le Gard : 4 morts\n\n12\n0\n\n"
           "Un retraité de 81 ans a été emporté par les eaux, ont annoncé les pompiers.\n"
           "Lire aussi : 200 sinistrés relogés à Nîmes\n")


def test_traps_by_span_in_the_input_text(tmp_path: Path) -> None:
    (tmp_path / "d1.txt").write_text(ARTICLE, encoding="utf-8")
    age = ARTICLE.index("81")
    counter = ARTICLE.index("12\n0")
    link = ARTICLE.index("200")
    traps = [{"doc": "d1", "text": "81 ans", "why": "âge"},
             {"doc": "d1", "text": "12 0", "why": "compteurs"},
             {"doc": "d1", "text": "Lire aussi : 200 sinistrés relogés", "why": "lien"}]
    pred = [pred_claim(4, sentence="Inondations dans le Gard : 4 morts", span=[32, 33]),
            pred_claim(81, span=[age, age + 2], sentence="autre découpe"),
            pred_claim(12, span=[counter, counter + 2], sentence="12"),
            pred_claim(200, kind="displaced", span=[link, link + 3], sentence="?")]
    gold_path, pred_dir = make_case(
        tmp_path, {"claims": [gold_claim(4)], "traps": traps},
        {"claims.jsonl": pred, "documents.jsonl": [{"id": "d1", "path": str(tmp_path / "d1.txt")}]})
    report = run_eval(gold_path, pred_dir).claims
    assert [(h.claim.low, h.trap.why, h.basis) for h in report.trap_hits] == [
        (81, "âge", "span"), (12, "compteurs", "span"), (200, "lien", "span")]
    assert main_figures(run_eval(gold_path, pred_dir))["traps_hit"] == 3.0


@pytest.mark.parametrize(("claim", "hit"), [
    (pred_claim(81, quantity_text="81", sentence="Un retraité de 81 ans a été emporté."), True),
    (pred_claim(81, quantity_text="81", sentence="Un retraité de 81  ans."), True),
    # the sentence holds the trap but the claim is another number of it
    (pred_claim(3, quantity_text="trois", sentence="Trois morts, dont un homme de 81 ans."),
     False),
    (pred_claim(81, doc="d2", quantity_text="81", sentence="Un homme de 81 ans."), False),
])
def test_traps_by_sentence_without_input_text(tmp_path: Path, claim: dict, hit: bool) -> None:
    traps = [{"doc": "d1", "text": "81 ans", "why": "âge"}]
    report = claims_case(tmp_path, [gold_claim(3)], [claim], traps=traps)
    assert len(report.trap_hits) == int(hit)


# --------------------------------------------------------------------------- entities


def test_bcubed_hand_computed() -> None:
    # gold A = {a1, a2, a3}, B = {b1, b2}; predicted P = {a1, a2, b1}, Q = {a3}, b2 alone
    precision, recall = bcubed([(0, "P"), (0, "P"), (0, "Q"), (1, "P"), (1, "b2")])
    assert precision == pytest.approx(11 / 15)
    assert recall == pytest.approx(8 / 15)


def test_entities_scored_over_gold_forms(tmp_path: Path) -> None:
    gold = [{"canonical": "Almaty", "type": "LOC", "forms": ["Almaty", "Alma-Ata", "Almatî"],
             "geonames_id": 11},
            {"canonical": "Aktobe", "type": "LOC", "forms": ["Aktobe", "Aqtobe"],
             "geonames_id": 22},
            {"canonical": "OTSC", "type": "ORG", "forms": ["OTSC"]}]
    pred = [{"id": "p", "canonical": "Almaty", "type": "LOC", "forms": ["Almaty", "Alma Ata",
             "Aktobe", "ville"], "geo": {"geonames_id": 11}},
            {"id": "q", "canonical": "Almatî", "type": "PER", "forms": ["almati"], "geo": None},
            {"id": "r", "canonical": "OTSC", "type": "ORG", "forms": ["OTSC"], "geo": None}]
    gold_path, pred_dir = make_case(tmp_path, {"entities": gold}, {"entities.jsonl": pred})
    report = run_eval(gold_path, pred_dir)
    e = report.entities
    # items a1 a2 a3 b1 b2 c: clusters P P Q P (b2 alone) R
    assert (e.precision, e.recall) == pytest.approx(((2 / 3 * 2 + 1 + 1 / 3 + 1 + 1) / 6,
                                                     (2 / 3 * 2 + 1 / 3 + 1 / 2 * 2 + 1) / 6))
    assert (e.items, e.found) == (6, 5)
    assert e.missing_forms == ("Aqtobe (Aktobe)",)
    assert e.merged == (("Almaty", "Aktobe", "Almaty"),)
    assert e.type_acc == Ratio(3, 3)
    assert e.geocoded == Ratio(1, 2)
    assert e.geo_misses == ("Aktobe (geonames 22)",)
    assert report.claims is None
    assert report.unavailable["claims"].startswith("no gold file")


def test_entity_type_wrong_and_geocode_needs_loc(tmp_path: Path) -> None:
    gold = [{"canonical": "Lyon", "type": "LOC", "forms": ["Lyon"], "geonames_id": 22}]
    pred = [{"id": "p", "canonical": "Lyon", "type": "ORG", "forms": ["Lyon"],
             "geo": {"geonames_id": 22}}]
    gold_path, pred_dir = make_case(tmp_path, {"entities": gold}, {"entities.jsonl": pred})
    e = run_eval(gold_path, pred_dir).entities
    assert (e.f1, e.type_acc, e.geocoded) == (1.0, Ratio(0, 1), Ratio(0, 1))


# --------------------------------------------------------------------------- timeline, documents


def test_timeline_date_recall(tmp_path: Path) -> None:
    gold = [{"date": "2023-09-08", "what": "séisme"}, {"date": "2023-09-09", "what": "deuil"},
            {"date": "2023-09", "what": "mois"}]
    pred = [{"date": "2023-09-08"}, {"date": "2023-09"}, {"date": "2023-10-01"}]
    gold_path, pred_dir = make_case(tmp_path, {"timeline": gold}, {"timeline.jsonl": pred})
    t = run_eval(gold_path, pred_dir).timeline
    assert (t.recall, t.missing, t.extra) == (Ratio(2, 3), ("2023-09-09: deuil",), 1)


def test_documents_dates_lang_outlet(tmp_path: Path) -> None:
    gold = [{"doc": "a", "outlet": "Le Monde", "lang": "fr",
             "published_range": ["2023-09-08", "2023-09-10"]},
            {"doc": "b", "outlet": None, "lang": "fr", "published": "2023-09-09"},
            {"doc": "c", "outlet": "RFI", "lang": "fr",
             "published_range": ["2023-09-08", "2023-09-10"]},
            {"doc": "d", "outlet": None, "lang": "fr"}]
    pred = [{"id": "a", "outlet": "le monde", "lang": "fr", "published": "2023-09-10"},
            {"id": "b", "outlet": None, "lang": "en", "published": "2023-09-09"},
            {"id": "c", "outlet": None, "lang": "fr", "published": "2023-09-11"}]
    gold_path, pred_dir = make_case(tmp_path, {"documents": gold}, {"documents.jsonl": pred})
    d = run_eval(gold_path, pred_dir).documents
    assert (d.published, d.lang, d.outlet) == (Ratio(2, 3), Ratio(2, 4), Ratio(2, 4))
    assert d.problems == ("b: lang en (gold fr)",
                          "c: published 2023-09-11 outside ['2023-09-08', '2023-09-10']",
                          "c: outlet None (gold RFI)", "d: not in documents.jsonl")


# --------------------------------------------------------------------------- files, rendering


def test_missing_files_are_not_available(tmp_path: Path) -> None:
    gold_path, pred_dir = make_case(tmp_path, {"claims": [gold_claim(3)]}, {})
    report = run_eval(gold_path, pred_dir)
    assert (report.claims, report.entities, report.timeline, report.documents) == (
        None, None, None, None)
    assert report.unavailable == {
        "claims": f"no claims.jsonl in {pred_dir}",
        "entities": "no gold file (*.entities.gold.json)",
        "timeline": "no gold file (*.timeline.gold.jsonl)",
        "documents": "no gold file (*.documents.gold.jsonl)",
    }
    text = format_report(report)
    assert "CLAIMS  not available: no claims.jsonl" in text
    assert main_figures(report) == {}
    json.dumps(report_to_json(report))


@pytest.mark.parametrize("given", ["gold", "gold/crue.timeline.gold.jsonl"])
def test_gold_found_from_folder_or_sibling(tmp_path: Path, given: str) -> None:
    make_case(tmp_path, {"claims": [gold_claim(3)], "timeline": [{"date": "2023"}]},
              {"claims.jsonl": [pred_claim(3)]})
    report = run_eval(tmp_path / given, tmp_path / "out")
    assert report.claims.overall.f1 == 1.0
    assert report.unavailable["timeline"] == f"no timeline.jsonl in {tmp_path / 'out'}"


@pytest.mark.parametrize(("line", "detail"), [
    ('{"doc": "d1", "kind": "dead", "group": "all", "low": 1, "qualifier": "exact"}',
     ":1: 'kind' is 'dead'"),
    ('{"doc": "d1", "kind": "killed", "group": "all", "low": "1", "qualifier": "exact"}',
     ":1: 'low' must be an integer"),
    ("{not json", ":1: not JSON"),
])
def test_malformed_gold_is_a_read_error(tmp_path: Path, line: str, detail: str) -> None:
    gold_path, pred_dir = make_case(tmp_path, {}, {"claims.jsonl": []})
    gold_path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(RecoupeError) as caught:
        run_eval(gold_path, pred_dir)
    assert caught.value.code == "read_error"
    assert detail in caught.value.sentence


def test_missing_gold_path(tmp_path: Path) -> None:
    with pytest.raises(RecoupeError) as caught:
        run_eval(tmp_path / "nothing.claims.gold.jsonl", tmp_path)
    assert caught.value.code == "missing"


def test_report_lists_and_summary(tmp_path: Path) -> None:
    gold = [gold_claim(12, evidence="douze morts à Nîmes", place="Nîmes"), gold_claim(5)]
    pred = [pred_claim(12, place=place("Alès")), pred_claim(40, sentence="Quarante blessés.")]
    gold_path, pred_dir = make_case(tmp_path, {"claims": gold, "timeline": []},
                                    {"claims.jsonl": pred, "timeline.jsonl": []})
    report = run_eval(gold_path, pred_dir)
    text = format_report(report)
    assert "  - d1 killed/all 5: «»" in text
    assert "  - d1 killed/all 40: Quarante blessés." in text
    assert "  - d1 killed 12: place Alès (gold Nîmes)" in text
    summary = text[text.rindex("SUMMARY"):].splitlines()
    assert len(summary) <= SUMMARY_MAX_LINES
    assert summary[1].startswith("claims F1 (kind+value) 0.50 | strict 0.50 | full 0.00")
    assert summary[2] == "group acc 1.00 | place acc 0.00 | source acc 1.00 | traps hit 0"
    data = json.loads(json.dumps(report_to_json(report)))
    assert data["claims"]["overall"]["f1"] == 0.5
    assert data["claims"]["false_claims"][0]["low"] == 40


# --------------------------------------------------------------------------- the shared gold


def _gold_as_prediction(eval_dir: Path, prefix: str, out: Path) -> None:
    """Write the gold files as if a perfect `recoupe analyze` had produced them."""
    rows = [json.loads(line) for line in
            (eval_dir / f"{prefix}.claims.gold.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    write_jsonl(out / "claims.jsonl", [
        pred_claim(r["low"], doc=r["doc"], kind=r["kind"], group=r["group"], high=r["high"],
                   qualifier=r["qualifier"], place=place(r["place"]) if r["place"] else None,
                   source=source(r["source"][0]) if r["source"] else None,
                   sentence=r["evidence"], id=f"c{i}")
        for i, r in enumerate(rows)])
    entities = json.loads((eval_dir / f"{prefix}.entities.gold.json").read_text("utf-8"))
    write_jsonl(out / "entities.jsonl", [
        {"id": f"e{i}", "canonical": e["canonical"], "type": e["type"], "forms": e["forms"],
         "geo": {"geonames_id": e["geonames_id"]} if e.get("geonames_id") else None}
        for i, e in enumerate(entities["entities"])])
    timeline = (eval_dir / f"{prefix}.timeline.gold.jsonl").read_text("utf-8").splitlines()
    write_jsonl(out / "timeline.jsonl", [{"date": json.loads(t)["date"]} for t in timeline
                                         if t.strip()])
    docs = (eval_dir / f"{prefix}.documents.gold.jsonl").read_text("utf-8").splitlines()
    write_jsonl(out / "documents.jsonl", [
        {"id": d["doc"], "outlet": d["outlet"], "lang": d["lang"],
         "published": d["published_range"][0]}
        for d in map(json.loads, filter(str.strip, docs))])


def test_shared_gold_scores_itself_perfectly(eval_dir: Path, tmp_path: Path) -> None:
    gold = sorted(eval_dir.glob("*.claims.gold.jsonl"))
    assert gold, f"no gold claims in {eval_dir}"
    for claims_gold in gold:
        prefix = claims_gold.name.removesuffix(".claims.gold.jsonl")
        out = tmp_path / prefix
        out.mkdir()
        _gold_as_prediction(eval_dir, prefix, out)
        report = run_eval(claims_gold, out)
        assert report.unavailable == {}
        figures = main_figures(report)
        ceilings = {"traps_hit", "entities_merged_pairs"}
        assert {k: v for k, v in figures.items() if k not in ceilings} == {
            k: 1.0 for k in figures if k not in ceilings}
        assert (figures["traps_hit"], figures["entities_merged_pairs"]) == (0.0, 0.0)
        assert report.claims.overall.tp > 0
        assert report.claims.traps_checked > 0
        assert len(format_report(report).splitlines()) > 10


# --------------------------------------------------------------------------- linking (#16.7)


def _linking_case(tmp_path: Path, comparisons: list[list[str]], crises: dict[str, str],
                  stories: dict[str, str] | None = None):
    """Four invented articles on floods in Chile (d1, d2) and a riot in Senegal (d3, d4)."""
    gold = [gold_claim(12, doc="d1", place="Chili", evidence="12 morts"),
            gold_claim(15, doc="d2", place="Chili", evidence="15 morts"),
            gold_claim(40, doc="d2", kind="injured", place="Chili", evidence="40 blessés"),
            gold_claim(45, doc="d1", kind="injured", place="Chili", evidence="45 blessés"),
            gold_claim(3, doc="d3", place="Dakar", evidence="3 morts"),
            gold_claim(4, doc="d4", place="Dakar", evidence="4 morts")]
    pred = [pred_claim(12, id="p1", doc="d1", place=place("Chili"),
                       rule={"kind": "noun_head", "place": "clause"}),
            pred_claim(15, id="p2", doc="d2", place=place("Chili"),
                       rule={"kind": "noun_head", "place": "clause"}),
            pred_claim(40, id="p3", doc="d2", kind="injured", place=place("Santiago"),
                       rule={"kind": "noun_head", "place": "document"}),
            pred_claim(45, id="p4", doc="d1", kind="injured", place=place("Chili"),
                       rule={"kind": "noun_head", "place": "clause"}),
            pred_claim(3, id="p5", doc="d3", place=place("Dakar")),
            pred_claim(4, id="p6", doc="d4", place=place("Dakar"))]
    rows = [{"story": "s", "kind": "killed", "claims": ids} for ids in comparisons]
    files = {"claims.jsonl": pred, "comparisons.jsonl": rows}
    if stories is not None:
        files["stories.jsonl"] = [{"doc": d, "story": s} for d, s in stories.items()]
    documents = [{"doc": d, "outlet": None, "lang": "fr", "published": None, "crisis": c}
                 for d, c in crises.items()]
    gold_path, pred_dir = make_case(tmp_path, {"claims": gold, "documents": documents}, files)
    return run_eval(gold_path, pred_dir)


def test_pairs_of_one_quantity_must_share_a_comparison(tmp_path: Path) -> None:
    crises = {"d1": "floods", "d2": "floods", "d3": "riot", "d4": "riot"}
    # killed in Chile compared; injured in Chile split (a wrong place); Dakar mixed with Chile
    report = _linking_case(tmp_path, [["p1", "p2", "p5"], ["p4"], ["p3"], ["p6"]], crises)
    linking = report.linking
    assert linking is not None and linking.gold_pairs == 3  # killed Chile, injured Chile, Dakar
    # right: p1-p2; missed: injured (p3/p4 apart), Dakar (p5/p6 apart); wrong: p1-p5, p2-p5
    assert (linking.pairs.tp, linking.pairs.fn, linking.pairs.fp) == (1, 2, 2)
    figures = main_figures(report)
    assert figures["pairs_recall"] == pytest.approx(1 / 3)
    assert figures["pairs_precision"] == pytest.approx(1 / 3)


def test_story_clustering_pairwise_against_gold_crises(tmp_path: Path) -> None:
    crises = {"d1": "floods", "d2": "floods", "d3": "riot", "d4": "riot"}
    stories = {"d1": "A", "d2": "A", "d3": "B", "d4": "C"}
    report = _linking_case(tmp_path, [["p1", "p2"]], crises, stories)
    figures = main_figures(report)
    assert (figures["stories_precision"], figures["stories_recall"]) == (1.0, 0.5)
    assert report.linking is not None and report.linking.story_count == 3
    assert "stories: 3 predicted for 2 crises" in format_report(report)
    assert report_to_json(report)["linking"]["stories"]["fn"] == 1


def test_errors_are_counted_per_rule(tmp_path: Path) -> None:
    crises = {"d1": "floods", "d2": "floods", "d3": "riot", "d4": "riot"}
    report = _linking_case(tmp_path, [], crises)
    assert report.linking is not None
    places = report.linking.rule_errors["place"]
    assert (places["document"].hits, places["document"].total) == (0, 1)  # Santiago ≠ Chili
    assert (places["clause"].hits, places["clause"].total) == (3, 3)
    assert "wrong place by rule: document 1/1" in format_report(report)


@pytest.mark.parametrize(("gold_place", "pred_place", "right"), [
    ("Pérou + Équateur", "Équateur + Pérou", True),
    ("Pérou + Équateur", "Pérou", False),
    ("Pérou", "Pérou + Équateur", False),
    ("Turquie + Syrie", "Turquie + Syrie + Liban", False),
])
def test_multi_place_scope_matches_set_wise(tmp_path: Path, gold_place: str, pred_place: str,
                                            right: bool) -> None:
    report = claims_case(tmp_path, [gold_claim(place=gold_place)],
                         [pred_claim(place=place(pred_place))])
    assert report is not None and report.place_acc.value == (1.0 if right else 0.0)
