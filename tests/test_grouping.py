"""Grouping the figures that count one quantity (issue #16 items 1-3).

The first tests run the real pipeline on invented articles (every one says so): floods
in Libya told by three outlets (an official toll revised, an NGO disputing it, a city
inside the country, a hospitalised subset, two state bodies in one article) and a war
communiqué where two states count the same dead. The others build claims by hand for
the cases the extraction may word differently: a repeated figure, periods, guessed dates.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from recoupe.reconcile import compare_claims
from recoupe.reconcile.lineage import OFFICIAL, lineages_of, named_state
from recoupe.records import Claim, Comparison, Document, Entity, Geo, Period, Place, Source

ARTICLES = {
    "ly1": """OUTLET: La Gazette du Nord
DATE: 2031-03-10
LANG: fr

Libye : au moins 2 000 morts après les inondations

[Article inventé pour un test]

Les inondations ont fait au moins 2 000 morts en Libye, a annoncé lundi le ministère libyen \
de la Santé. Plus de 6 000 personnes ont été blessées, dont 400 ont été hospitalisées.

À Derna, la ville la plus touchée, 1 500 personnes ont été tuées, selon la mairie.
""",
    "ly2": """OUTLET: Le Courrier du Sud
DATE: 2031-03-11
LANG: fr

Libye : le gouvernement annonce 4 300 morts

[Article inventé pour un test]

Les inondations ont fait 4 300 morts en Libye, a annoncé mardi le porte-parole du \
gouvernement libyen. Selon le procureur général, 3 100 personnes avaient été tuées.
""",
    "ly3": """OUTLET: L'Écho des Rives
DATE: 2031-03-12
LANG: fr

Libye : une ONG conteste le bilan officiel

[Article inventé pour un test]

L'ONG Solidarité Sans Frontières estime qu'au moins 6 000 personnes ont été tuées par les \
inondations en Libye, bien plus que le bilan officiel.
""",
    "war": """OUTLET: Le Veilleur
DATE: 2031-05-02
LANG: fr

Ukraine : Kiev et Moscou donnent des bilans opposés

[Article inventé pour un test]

L'armée ukrainienne affirme que 80 soldats ukrainiens ont été tués lors des combats. Le \
ministère russe de la Défense affirme de son côté que 500 soldats ukrainiens ont été tués.
""",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from recoupe.pipeline import run as pipeline_run

    folder = tmp_path_factory.mktemp("grouping")
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return pipeline_run([str(folder)], folder / "s.sqlite")


def _one(comparisons: tuple[Comparison, ...], kind: str, place: str,
         group: str = "all") -> Comparison:
    [found] = [c for c in comparisons if (c.kind, c.group, c.place) == (kind, group, place)]
    return found


def test_articles_say_they_are_invented() -> None:
    assert all("[Article inventé pour un test]" in text for text in ARTICLES.values())


def test_official_toll_disputed_by_an_ngo_keeps_the_official_latest(run) -> None:
    national = _one(run.comparisons, "killed", "Libye")
    assert {c.doc for c in run.claims if c.id in national.claims} == {"ly1", "ly2", "ly3"}
    assert (national.status, national.headline, national.headline_lineage) == (
        "conflict", 4300, OFFICIAL)
    assert "6000" in national.note and "4300" in national.note


def test_two_bodies_of_one_state_in_one_article_are_one_voice(run) -> None:
    """The prosecutor's earlier 3 100 is a part of the government's 4 300 in the same
    article, never a rival and never the headline."""
    national = _one(run.comparisons, "killed", "Libye")
    earlier = [c.id for c in run.claims if c.doc == "ly2" and c.low == 3100]
    assert earlier and set(earlier) <= set(national.parts)
    official = {s.lineage: s for s in national.lineages}[OFFICIAL]
    assert official.headline == 4300


def test_a_city_is_a_component_of_its_country_never_merged_into_it(run) -> None:
    national = _one(run.comparisons, "killed", "Libye")
    city = _one(run.comparisons, "killed", "Derna")
    assert [p.place for p in national.components] == ["Derna"]
    assert city.component_of is not None and not set(city.claims) & set(national.claims)


def test_a_hospitalised_subset_is_a_part_never_the_headline(run) -> None:
    injured = _one(run.comparisons, "injured", "Libye")
    [subset] = [c for c in run.claims if c.kind == "injured" and c.low == 400]
    assert subset.id in injured.parts and injured.headline == 6000
    assert injured.subset_of == ()  # its total is in the same comparison, not elsewhere


def test_two_states_counting_the_same_dead_are_two_lineages_in_dispute(run) -> None:
    [war] = [c for c in run.comparisons if c.kind == "killed" and
             {x.doc for x in run.claims if x.id in c.claims} == {"war"}]
    assert war.status == "conflict" and war.headline == 80
    assert {s.lineage for s in war.lineages} == {f"{OFFICIAL} (Russia)", f"{OFFICIAL} (Ukraine)"}


# --------------------------------------------------------------------------- built by hand

LIBYA = Entity("e_ly", "Libye", "LOC", (), (), Geo(27.0, 17.0, 2215636, "LY", None, "country"))
DERNA = Entity("e_derna", "Derna", "LOC", (), (),
               Geo(32.77, 22.64, 87205, "LY", "60", "city"))
BENGHAZI = Entity("e_bgz", "Benghazi", "LOC", (), (),
                  Geo(32.11, 20.07, 88319, "LY", "54", "city"))
ENTITIES = [LIBYA, DERNA, BENGHAZI]


def figure(id: str, doc: str, low: int, place: Entity | None = LIBYA, basis: str = "clause",
           source: str | None = "ministère de la Santé", period: tuple[str, str] | None = None,
           subset_of: str | None = None) -> Claim:
    return Claim(
        id=id, doc=doc, kind="killed", group="all", group_label=None, low=low, high=low,
        qualifier="exact", quantity_text=str(low),
        place=Place(place.canonical, place.id, basis=basis) if place else None,
        period=Period(*period, text="le jour dit") if period else None,
        source=Source(source) if source else None, outlet=None, sentence=f"{low} morts.",
        span=(0, 2), subset_of=subset_of,
    )


def doc(id: str, day: str = "2031-03-10", basis: str = "header") -> Document:
    return Document(id=id, text="", outlet=None, published=day, published_basis=basis)


def grouped(claims: list[Claim], documents: list[Document] | None = None
            ) -> dict[tuple[str, ...], Comparison]:
    documents = documents or [doc(d) for d in sorted({c.doc for c in claims})]
    comparisons = compare_claims(claims, documents, ENTITIES, {d.id: "s1" for d in documents})
    return {tuple(sorted(c.claims)): c for c in comparisons}


def test_a_repeated_figure_takes_the_place_its_article_writes() -> None:
    """'3 958 morts à Derna' then 'les 3 958 morts' (left to the article's country): one
    figure, counted at Derna with the other article's Derna figure, not at the country."""
    result = grouped([figure("lead", "a", 3958, DERNA), figure("body", "a", 3958, basis="document"),
                      figure("other", "b", 4000, DERNA), figure("nat", "b", 4170)])
    assert set(result) == {("body", "lead", "other"), ("nat",)}
    assert result[("body", "lead", "other")].place == "Derna"


def test_a_figure_written_at_two_places_stays_at_both() -> None:
    """Two places the text writes are two figures, even with one value ("3 à Derna, 3 à
    Benghazi"; "238 dans le pays", "238 à Derna")."""
    cities = grouped([figure("d", "a", 3, DERNA), figure("b", "a", 3, BENGHAZI)])
    assert set(cities) == {("d",), ("b",)}
    country = grouped([figure("n", "c", 238), figure("c", "c", 238, DERNA)])
    assert set(country) == {("n",), ("c",)}


def test_periods_weeks_apart_in_one_story_are_one_episode() -> None:
    """A crisis's cumulative toll in September and in November is one quantity."""
    result = grouped([figure("sep", "a", 133, period=("2031-09-01", "2031-09-30")),
                      figure("nov", "b", 342, period=("2031-11-17", "2031-11-17"))],
                     [doc("a", "2031-10-04"), doc("b", "2031-11-18")])
    assert list(result) == [("nov", "sep")]


def test_a_document_with_a_guessed_date_splits_no_episode() -> None:
    """Its 'lundi' was dated from a guessed year: a year off, it still joins the story."""
    documents = [doc("a", "2031-03-10"), doc("b", "2030-03-14", basis="inferred")]
    result = grouped([figure("a1", "a", 99, period=("2031-03-09", "2031-03-09")),
                      figure("b1", "b", 499, period=("2030-03-13", "2030-03-13"))], documents)
    assert list(result) == [("a1", "b1")]


def test_a_past_event_a_year_earlier_is_its_own_episode() -> None:
    result = grouped([figure("now", "a", 99, period=("2031-03-09", "2031-03-09")),
                      figure("then", "b", 1700, period=("2030-02-01", "2030-02-03"))],
                     [doc("a", "2031-03-10"), doc("b", "2031-03-11")])
    assert set(result) == {("now",), ("then",)}


def test_a_subset_is_never_the_headline_whoever_gives_it() -> None:
    """'6 000 morts selon le ministère, dont 400 selon l'hôpital': read in one group, the
    subset is a part of its total, not a rival."""
    result = grouped([figure("total", "a", 6000),
                      figure("sub", "a", 400, source="hôpital de Benghazi", subset_of="total"),
                      figure("other", "b", 6100, source="Croissant-Rouge")])
    [comparison] = result.values()
    assert comparison.parts == ("sub",) and comparison.headline == 6000


def test_one_states_bodies_are_one_lineage_two_states_are_two() -> None:
    def said(id: str, source: str) -> Claim:
        return figure(id, "a", 10, source=source)

    one_state = [said("a", "ministère kazakh de l'Intérieur"), said("b", "parquet général")]
    assert [key for key, _ in lineages_of(one_state)] == [OFFICIAL, OFFICIAL]
    two_states = [*one_state, said("c", "ministère russe de la Défense")]
    keys = [key for key, _ in lineages_of(two_states, home="KZ")]
    assert keys == [f"{OFFICIAL}:KZ", f"{OFFICIAL}:KZ", f"{OFFICIAL}:RU"]
    assert named_state("Ministry of Defence of Ukraine") == "UA"
    assert named_state("Croissant-Rouge") is None
    territory = [said("p", "préfecture de Mayotte"), said("m", "ministère français de l'Intérieur")]
    assert [key for key, _ in lineages_of(territory, home="YT")] == [OFFICIAL, OFFICIAL]


def test_a_total_in_the_same_comparison_is_not_listed_as_its_subsets_total() -> None:
    result = grouped([figure("total", "a", 6000),
                      dataclasses.replace(figure("sub", "a", 400), subset_of="total")])
    [comparison] = result.values()
    assert comparison.subset_of == ()


def test_pairs_diag_names_a_reason_for_each_wrong_pair(tmp_path: Path) -> None:
    """bench/pairs_diag.py reads a run and says why pairs are missed (here: a story split)."""
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    gold = tmp_path / "g.claims.gold.jsonl"
    lines = [{"doc": d, "kind": "killed", "group": "all", "low": n, "high": n,
              "qualifier": "exact", "place": None, "source": [], "evidence": f"{n} morts"}
             for d, n in (("a", 12), ("b", 14))]
    gold.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    claims = [dict(id=f"c{d}", doc=d, kind="killed", group="all", group_label=None, low=n,
                   high=n, qualifier="exact", quantity_text=str(n), place=None, period=None,
                   source=None, outlet=None, sentence=f"{n} morts.", span=[0, 2])
              for d, n in (("a", 12), ("b", 14))]
    (out / "claims.jsonl").write_text("".join(json.dumps(c) + "\n" for c in claims))
    (out / "entities.jsonl").write_text("")
    (out / "comparisons.jsonl").write_text("".join(
        json.dumps({"story": f"s{d}", "kind": "killed", "group": "all", "claims": [f"c{d}"]})
        + "\n" for d in "ab"))
    done = subprocess.run([sys.executable, str(root / "bench" / "pairs_diag.py"), str(gold),
                           str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "1  missed: story split" in done.stdout


@pytest.mark.parametrize(("sentence", "revised"), [
    ("Le ministère a revu à la hausse le bilan, désormais de 23 morts.", True),
    ("The ministry raised the death toll to 23 on Sunday.", True),
    ("SNAI said 79 people had been injured, down from an earlier figure of 80.", True),
    ("The toll has risen to 118, the government said.", True),
    ("The opposition said 41 people were killed.", False),
    ("L'opposition parle de 41 morts.", False),
])
def test_a_revision_is_read_in_every_language(sentence: str, revised: bool) -> None:
    from conftest import make_claim
    from recoupe.reconcile.consensus import is_revision
    assert is_revision(make_claim("d", 1, sentence=sentence)) is revised
