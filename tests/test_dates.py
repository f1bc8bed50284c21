"""French dates: finding, resolving, weekday correction and dating an undated article.

Unit tables use invented sentences; the corpus tests read the shared Kazakhstan corpus
and its gold files through the conftest fixtures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recoupe.link.dates import (
    corpus_anchor,
    correct_weekdays,
    find_dates,
    infer_published,
    resolve_dates,
    resolve_document_dates,
)
from recoupe.records import DateMention

Row = tuple[str, str | None, str | None, str, str]  # text, date, precision, relation, basis


def _rows(sentence: str, published: str | None) -> list[Row]:
    mentions = resolve_dates(find_dates("d", sentence), published, text=sentence)
    for m in mentions:
        assert m.text == sentence[m.start:m.end]
    return [(m.text, m.date, m.precision, m.relation, m.basis) for m in mentions]


FRIDAY = "2022-01-07"  # a Friday: weekdays below are counted from it

FORMS: list[tuple[str, str, list[Row]]] = [
    # absolute
    ("Le séisme a frappé le 7 janvier 2022 vers 3h du matin.", FRIDAY,
     [("le 7 janvier 2022", "2022-01-07", "day", "on", "absolute")]),
    ("Le président a parlé mercredi 5 janvier 2022 à la télévision.", FRIDAY,
     [("mercredi 5 janvier 2022", "2022-01-05", "day", "on", "absolute")]),
    ("Les renforts sont arrivés jeudi soir 6 janvier 2022 à l'aéroport.", FRIDAY,
     [("jeudi soir 6 janvier 2022", "2022-01-06", "day", "on", "absolute")]),
    ("La crue a atteint son pic le 1er mars 2023.", "2023-03-02",
     [("le 1er mars 2023", "2023-03-01", "day", "on", "absolute")]),
    ("Communiqué du 07/01/2022, mis à jour 2022-01-08.", "2022-01-08",
     [("du 07/01/2022", "2022-01-07", "day", "on", "absolute"),
      ("2022-01-08", "2022-01-08", "day", "on", "absolute")]),
    ("Il a été arrêté en mars 2002 et libéré en 2003.", FRIDAY,
     [("en mars 2002", "2002-03", "month", "on", "absolute"),
      ("en 2003", "2003", "year", "on", "absolute")]),
    ("Janvier 2022 restera un mois noir pour la région.", FRIDAY,
     [("Janvier 2022", "2022-01", "month", "on", "absolute")]),
    # partial
    ("Les manifestations ont commencé le 2 janvier dans l'ouest.", FRIDAY,
     [("le 2 janvier", "2022-01-02", "day", "on", "partial")]),
    ("Les heurts ont débuté dimanche 2 janvier à l'aube.", FRIDAY,
     [("dimanche 2 janvier", "2022-01-02", "day", "on", "partial")]),
    ("Les pluies sont tombées en janvier, surtout début janvier.", "2022-01-20",
     [("en janvier", "2022-01", "month", "on", "partial"),
      ("début janvier", "2022-01", "month", "on", "partial")]),
    ("Fin mars, la digue a cédé sous la pression.", FRIDAY,
     [("Fin mars", "2021-03", "month", "on", "partial")]),
    ("Le séisme a frappé mi-avril dans les montagnes.", "2022-05-03",
     [("mi-avril", "2022-04", "month", "on", "partial")]),
    ("Lors des émeutes de janvier, des bâtiments ont brûlé.", "2022-02-10",
     [("de janvier", "2022-01", "month", "on", "partial")]),
    # weekday alone
    ("Vendredi, le ministre a dressé un bilan.", FRIDAY,
     [("Vendredi", "2022-01-07", "day", "on", "weekday")]),
    ("Mardi soir, une explosion a retenti près du port.", FRIDAY,
     [("Mardi soir", "2022-01-04", "day", "on", "weekday")]),
    ("Samedi dernier, la foule s'est rassemblée sur la place.", FRIDAY,
     [("Samedi dernier", "2022-01-01", "day", "on", "weekday")]),
    ("Une réunion des ministres est convoquée pour mardi.", FRIDAY,
     [("pour mardi", "2022-01-11", "day", "on", "weekday")]),
    ("Le président se rendra sur place lundi.", FRIDAY,
     [("lundi", "2022-01-10", "day", "on", "weekday")]),
    ("Le séisme a eu lieu dans la nuit de mardi à mercredi.", FRIDAY,
     [("dans la nuit de mardi", "2022-01-04", "day", "on", "weekday"),
      ("mercredi", "2022-01-05", "day", "on", "weekday")]),
    # ranges and bounds
    ("L'état d'urgence restera en vigueur jusqu'au 19 janvier.", FRIDAY,
     [("jusqu'au 19 janvier", "2022-01-19", "day", "until", "partial")]),
    ("Depuis le 2 janvier, les routes sont bloquées.", FRIDAY,
     [("Depuis le 2 janvier", "2022-01-02", "day", "since", "partial")]),
    ("Les combats ont duré du 2 au 5 janvier dans la vallée.", FRIDAY,
     [("du 2 au 5 janvier", "2022-01-02", "day", "since", "partial"),
      ("5 janvier", "2022-01-05", "day", "until", "partial")]),
    ("La crue a frappé dans la nuit du dimanche 14 au lundi 15 octobre.", "2018-10-16",
     [("dans la nuit du dimanche 14 au lundi 15 octobre", "2018-10-14", "day", "since",
       "partial"),
      ("lundi 15 octobre", "2018-10-15", "day", "until", "partial")]),
    ("En 1998-1999, il était ministre de l'Énergie.", FRIDAY,
     [("En 1998-1999", "1998", "year", "since", "absolute"),
      ("1999", "1999", "year", "until", "absolute")]),
    ("Entre 2018 et 2020, la région a connu trois crues.", FRIDAY,
     [("Entre 2018 et 2020", "2018", "year", "since", "absolute"),
      ("2020", "2020", "year", "until", "absolute")]),
    ("Depuis 1891, jamais la rivière n'était montée si haut.", FRIDAY,
     [("Depuis 1891", "1891", "year", "since", "absolute")]),
    ("Au printemps 2021, la crise s'est aggravée.", FRIDAY,
     [("Au printemps 2021", "2021", "year", "on", "absolute")]),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), FORMS)
def test_forms_are_found_and_resolved(sentence: str, published: str, expected: list[Row]) -> None:
    assert _rows(sentence, published) == expected


RELATIVE: list[tuple[str, list[Row]]] = [
    ("Hier, les secours ont dégagé dix corps.",
     [("Hier", "2022-01-06", "day", "on", "relative")]),
    ("Hier soir, le couvre-feu a été prolongé.",
     [("Hier soir", "2022-01-06", "day", "on", "relative")]),
    ("Aujourd'hui, la ville se réveille sous la cendre.",
     [("Aujourd'hui", "2022-01-07", "day", "on", "relative")]),
    ("Ce matin, les pompiers ont repris les recherches.",
     [("Ce matin", "2022-01-07", "day", "on", "relative")]),
    ("Avant-hier, le pont a cédé.",
     [("Avant-hier", "2022-01-05", "day", "on", "relative")]),
    ("Demain, les écoles rouvriront.",
     [("Demain", "2022-01-08", "day", "on", "relative")]),
    ("Dans deux jours, le couvre-feu sera levé.",
     [("Dans deux jours", "2022-01-09", "day", "on", "relative")]),
    ("Il y a deux jours, la digue a rompu.",
     [("Il y a deux jours", "2022-01-05", "day", "on", "relative")]),
    ("Il y a une semaine, l'armée est entrée dans la ville.",
     [("Il y a une semaine", "2021-12-31", "day", "on", "relative")]),
    ("Il y a un mois, les premiers incidents éclataient.",
     [("Il y a un mois", "2021-12", "month", "on", "relative")]),
    ("Il y a un an, la même région était inondée.",
     [("Il y a un an", "2021", "year", "on", "relative")]),
    ("Il y a près d'un an jour pour jour, le volcan s'est réveillé.",
     [("Il y a près d'un an jour pour jour", "2021-01-07", "day", "on", "relative")]),
    ("Cela fait un an que la guerre a commencé.",
     [("Cela fait un an", "2021", "year", "on", "relative")]),
    ("L'année dernière, la crue avait épargné le village.",
     [("L'année dernière", "2021", "year", "on", "relative")]),
    ("L'an dernier, les pluies avaient été rares.",
     [("L'an dernier", "2021", "year", "on", "relative")]),
    ("Cette année, le bilan est plus lourd.",
     [("Cette année", "2022", "year", "on", "relative")]),
    ("La semaine dernière, trois villages ont été évacués.",
     [("La semaine dernière", "2021-12", "month", "on", "relative")]),
    ("Cette semaine, les secours ont atteint la vallée.",
     [("Cette semaine", "2022-01", "month", "on", "relative")]),
    ("Le mois dernier, un premier glissement de terrain a eu lieu.",
     [("Le mois dernier", "2021-12", "month", "on", "relative")]),
    ("Le barrage a cédé le 3 janvier. La veille, il avait beaucoup plu.",
     [("le 3 janvier", "2022-01-03", "day", "on", "partial"),
      ("La veille", "2022-01-02", "day", "on", "relative")]),
    ("Le séisme a frappé le 3 janvier. Le lendemain, les secours sont arrivés.",
     [("le 3 janvier", "2022-01-03", "day", "on", "partial"),
      ("Le lendemain", "2022-01-04", "day", "on", "relative")]),
    ("Les victimes des crues de janvier de l'année dernière ont été indemnisées.",
     [("de janvier de l'année dernière", "2021-01", "month", "on", "relative")]),
]


@pytest.mark.parametrize(("sentence", "expected"), RELATIVE)
def test_relative_forms_count_from_the_publication_day(sentence: str,
                                                       expected: list[Row]) -> None:
    assert _rows(sentence, FRIDAY) == expected


YEAR_CROSSING: list[tuple[str, str, list[Row]]] = [
    ("Les premiers incidents ont eu lieu le 28 décembre.", "2022-01-03",
     [("le 28 décembre", "2021-12-28", "day", "on", "partial")]),
    ("Le couvre-feu sera levé le 3 janvier.", "2021-12-30",
     [("le 3 janvier", "2022-01-03", "day", "on", "partial")]),
    ("Les crues de décembre ont tout emporté.", "2022-01-05",
     [("de décembre", "2021-12", "month", "on", "partial")]),
    ("Samedi dernier, la foule s'est rassemblée.", "2022-01-03",
     [("Samedi dernier", "2022-01-01", "day", "on", "weekday")]),
    ("Il y a deux semaines, le fleuve a débordé.", "2022-01-05",
     [("Il y a deux semaines", "2021-12-22", "day", "on", "relative")]),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), YEAR_CROSSING)
def test_partial_dates_take_the_nearest_past_year(sentence: str, published: str,
                                                  expected: list[Row]) -> None:
    assert _rows(sentence, published) == expected


def test_without_publication_date_the_latest_written_date_anchors() -> None:
    sentence = "Le 5 mars 2021, la digue a cédé. Le 2 mars, il avait plu. Vendredi, bilan."
    assert _rows(sentence, None) == [
        ("Le 5 mars 2021", "2021-03-05", "day", "on", "absolute"),
        ("Le 2 mars", "2021-03-02", "day", "on", "partial"),
        ("Vendredi", "2021-03-05", "day", "on", "weekday"),
    ]


NOT_DATES = [
    "La réunion commencera à 20h00 (17h00 heure de Moscou).",
    "Environ 2 000 armes restent introuvables.",
    "L'association compte en 2001 membres dans le pays.",
    "La 45e brigade et la 98e division ont été déployées.",
    "Plus de 2022 personnes ont été évacuées.",
    "Le bilan est passé de 1500 à 2000 morts.",
    "La chanteuse Mai a annulé son concert.",
    "La mission vers Mars a été reportée.",
    "Le taux de chômage a atteint 7,5 % en moyenne.",
    "Il a 58 ans et a été condamné à six ans de prison.",
    "Robinson attendait Vendredi sur la plage.",
    "Il travaille depuis 5 ans dans la région.",
    "La place de Mai était noire de monde.",
    "En mai 68, la France s'est embrasée.",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_times_counts_ordinals_and_names_are_not_dates(sentence: str) -> None:
    assert find_dates("d", sentence) == []


def test_only_the_given_spans_are_read_and_offsets_stay_absolute() -> None:
    text = "Lire aussi : le 3 mars 2020, un autre drame.\nLe 5 janvier 2022, la crue a frappé."
    body = text.index("\n") + 1
    mentions = find_dates("doc", text, spans=[(body, len(text))])
    assert mentions == [
        DateMention(doc="doc", start=body, end=body + len("Le 5 janvier 2022"),
                    text="Le 5 janvier 2022", date="2022-01-05", precision="day"),
    ]


# --- weekday / date consistency --------------------------------------------------------------

TYPO = ("Le cessez-le-feu a été signé le 3 mars 2022. "
        "Les tirs ont repris le vendredi 4 mars 2002 au matin.")


def test_a_year_typo_is_corrected_with_a_note() -> None:
    mentions = correct_weekdays(find_dates("d", TYPO), "2022-03-05")
    start = TYPO.index("le vendredi")
    assert mentions[1] == DateMention(
        doc="d", start=start, end=start + len("le vendredi 4 mars 2002"),
        text="le vendredi 4 mars 2002", date="2022-03-04", precision="day",
        correction=("year 2002 read as 2022: 4 March 2022 is a Friday, as written, and the "
                    "publication date and the document's other dates are in 2022"),
    )
    assert mentions[0].correction is None


def test_a_year_typo_is_corrected_from_the_publication_year_alone() -> None:
    text = "Les combats ont repris le vendredi 7 janvier 2002 dans la capitale."
    (mention,) = correct_weekdays(find_dates("d", text), "2022-01-08")
    assert (mention.date, mention.correction) == (
        "2022-01-07",
        "year 2002 read as 2022: 7 January 2022 is a Friday, as written, and the document "
        "was published in 2022",
    )


@pytest.mark.parametrize(
    ("text", "published", "expected_date"),
    [
        # the weekday agrees with the date: untouched
        ("Les secours sont arrivés le vendredi 4 mars 2022.", "2022-03-05", "2022-03-04"),
        # Monday 4 March fits 2002 only, which nothing else in the document supports
        ("Le 3 mars 2022, les troupes sont entrées. Le lundi 4 mars 2022, la ville est tombée.",
         "2022-03-05", "2022-03-04"),
        # no publication date and no other date to agree with
        ("Les combats ont repris mardi 7 janvier 2022.", None, "2022-01-07"),
    ],
)
def test_weekday_dates_are_left_alone_unless_one_change_fits(
        text: str, published: str | None, expected_date: str) -> None:
    mentions = correct_weekdays(find_dates("d", text), published)
    assert [(m.date, m.correction) for m in mentions if "mars" in m.text or "janv" in m.text][-1] \
        == (expected_date, None)


def test_document_dates_chain_correction_and_resolution() -> None:
    mentions, published, basis = resolve_document_dates("d", TYPO, None)
    assert (published, basis) == ("2022-03-04", "inferred")
    assert [(m.date, m.correction is not None) for m in mentions] == [
        ("2022-03-03", False), ("2022-03-04", True),
    ]


# --- dating an article ------------------------------------------------------------------------

INFER: list[tuple[str, str | None, str | None]] = [
    # the latest reported event, not the announced one
    ("Le ministre doit présenter un plan le 15 mars 2023. Le 10 mars 2023, des inondations ont "
     "frappé la ville.", None, "2023-03-10"),
    ("Le 3 février 2023, un séisme a frappé la région. Le 5 février 2023, une réplique a "
     "achevé les immeubles fragilisés.", None, "2023-02-05"),
    ("Les pluies ont commencé le 28 décembre. Le préfet a parlé le 2 janvier 2023.", None,
     "2023-01-02"),
    # "il y a un an" with a dated event: a year later
    ("Les inondations de septembre 2021 ont fait 30 morts. Il y a un an, le 14 septembre, la "
     "rivière sortait de son lit.", None, "2022-09-14"),
    ("En janvier 2022, les émeutes ont fait 238 morts. Les victimes des événements de janvier "
     "de l'année dernière ont été commémorées.", None, "2023-01-01"),
    # a retrospective article: "début mars" is over, the deadline too, then the named weekday
    ("Début mars 2024, des émeutes ont éclaté dans la capitale. Le couvre-feu a été décrété "
     "jusqu'au 20 mars. Samedi, le gouvernement a promis une enquête.", None, "2024-03-23"),
    # weekdays only: the anchor gives the year, the first days of the new year the week
    ("Vendredi, le préfet a annoncé un nouveau bilan. Depuis les premiers jours de la "
     "nouvelle année, la région est sous les eaux.", "2024-01-20", "2024-01-05"),
    ("Le préfet a annoncé un nouveau bilan vendredi.", None, None),
    ("Aucune date n'est donnée ici.", None, None),
]


@pytest.mark.parametrize(("text", "anchor", "expected"), INFER)
def test_infer_published(text: str, anchor: str | None, expected: str | None) -> None:
    basis = "inferred" if expected else "unknown"
    assert infer_published(text, find_dates("d", text), anchor=anchor) == (expected, basis)


def test_corpus_anchor_is_the_median_known_date() -> None:
    assert str(corpus_anchor(["2022-01-07", None, "2023-01-02", "2022-01-22"])) == "2022-01-22"
    assert corpus_anchor([None]) is None


# --- the shared corpus ------------------------------------------------------------------------


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def corpus(corpus_dir: Path, eval_dir: Path) -> dict[str, tuple[str, dict]]:
    gold = {g["doc"]: g for g in _jsonl(eval_dir / "kazakhstan-2022.documents.gold.jsonl")}
    return {p.stem: (p.read_text(encoding="utf-8"), gold[p.stem])
            for p in sorted(corpus_dir.glob("*.txt"))}


def test_every_gold_timeline_date_is_resolved(corpus: dict, eval_dir: Path) -> None:
    missing = []
    for entry in _jsonl(eval_dir / "kazakhstan-2022.timeline.gold.jsonl"):
        dates = set()
        for doc in entry["docs"]:
            text, gold = corpus[doc]
            mentions, _, _ = resolve_document_dates(doc, text, gold["published"])
            dates |= {m.date for m in mentions}
        if entry["date"] not in dates:
            missing.append(entry["date"])
    assert missing == []


def test_the_corpus_year_typo_is_corrected(corpus: dict, eval_dir: Path) -> None:
    corrected = []
    for entry in _jsonl(eval_dir / "kazakhstan-2022.timeline.gold.jsonl"):
        typos = [e for e in entry["evidence"] if e[-4:].isdigit() and e[-4:] != entry["date"][:4]]
        for doc in entry["docs"]:
            text, gold = corpus[doc]
            mentions, _, _ = resolve_document_dates(doc, text, gold["published"])
            corrected += [(m.date, bool(m.correction)) for m in mentions
                          if any(t in m.text for t in typos)]
    assert corrected == [("2022-01-07", True)]


def test_inferred_publication_dates_fall_in_the_gold_ranges(corpus: dict) -> None:
    inferred = {doc: infer_published(text, find_dates(doc, text))[0]
                for doc, (text, _) in corpus.items()}
    outside = {}
    for doc, (text, gold) in corpus.items():
        day = inferred[doc]
        if day is None:  # no year in the text: the other articles give it
            others = [d for other, d in inferred.items() if other != doc]
            day, _ = infer_published(text, find_dates(doc, text), anchor=corpus_anchor(others))
        low, high = gold["published_range"]
        if day is None or not low <= day <= high:
            outside[doc] = day
    assert outside == {}


@pytest.mark.parametrize(("text", "date"), [
    ("Le ſamedi 8 janvier 2022, la ville était calme.", "2022-01-08"),  # long s
    ("Le mercredİ 5 janvier 2022, les banques ont rouvert.", "2022-01-05"),  # dotted capital I
    ("En ſeptembre 2021, le barrage a cédé.", "2021-09"),
    ("Le 1ER janvier 2022, un couvre-feu a été décrété.", "2022-01-01"),
])
def test_letters_the_regex_folds_are_read_by_the_tables_too(text: str, date: str) -> None:
    # These used to match the patterns and then fail the table lookups (KeyError),
    # losing the whole document.
    assert [m.date for m in find_dates("d", text)] == [date]
