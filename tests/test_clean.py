"""Page furniture: invented articles with their furniture lines marked, and the shared corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from recoupe.clean import clean, find_boilerplate, is_furniture
from recoupe.ingest import read_inputs
from recoupe.records import Document

MARK = "@@ "  # in the tables below, a line starting with this is furniture


def unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The article without markers, and the spans of its marked lines (adjacent ones joined)."""
    lines, spans, offset = [], [], 0
    for line in marked.split("\n"):
        if line.startswith(MARK):
            line = line[len(MARK) :]
            start, end = offset + len(line) - len(line.lstrip()), offset + len(line.rstrip())
            gap_is_blank = spans and not "\n".join(lines)[spans[-1][1] : start].strip()
            spans[-1:] = [(spans[-1][0], end)] if gap_is_blank else [*spans[-1:], (start, end)]
        lines.append(line)
        offset += len(line) + 1
    return "\n".join(lines), tuple(spans)


ARTICLES = [
    (
        "related links and a share prompt",
        """\
Séisme : au moins 9 morts sur l'île
@@ Partager
Un séisme a frappé dimanche l'île, faisant au moins 9 morts, selon la protection civile.
@@ Lire aussi : Il y a 20 ans, un séisme avait fait 300 morts dans la région
Les secours cherchent encore des survivants dans les décombres de 12 immeubles.
@@ À lire aussi – Les 5 séismes les plus meurtriers du siècle
@@ » Voir aussi : notre carte des répliques
La protection civile a aussi ouvert 4 centres d'accueil pour environ 600 sinistrés.
@@ LIRE AUSSI
@@ Trois questions à un sismologue
@@ Comment se préparer à un séisme
Le gouverneur a décrété trois jours de deuil.""",
    ),
    (
        "breadcrumb, counters, navigation and the tail after it",
        """\
@@ Accueil › Monde › Afrique
@@ 12
@@ 3
Inondations : plus de 40 morts dans le nord du pays
Les pluies diluviennes ont fait plus de 40 morts et 15 disparus, selon le ministère.
Accueil des sinistrés : la mairie ouvre deux gymnases pour 500 personnes.
Suivant les consignes du préfet, 1 200 habitants ont quitté leur maison.
Le bilan pourrait encore s'alourdir, a prévenu le ministre, qui se rendra sur place.
Les écoles resteront fermées jusqu'à lundi dans les 3 provinces touchées.
@@ Article précédentLe prix du blé atteint 300 euros la tonne
@@ Article suivant Élections : 12 candidats en lice
@@ Journaliste depuis 10 ans, Jeanne Martin couvre l'actualité africaine pour notre site.""",
    ),
    (
        "footers, credits, signatures and comment forms",
        """\
Émeutes : 45 interpellations dans la nuit
Des heurts ont opposé environ 2 000 jeunes aux forces de l'ordre, selon la préfecture.
@@ La place centrale au petit matin. (Photo AFP)
@@ Crédit photo : Jean Dupont / Reuters
Le ministre a annoncé l'envoi de 500 gendarmes supplémentaires.
@@ Temps de lecture : 3 min
La police a recensé 23 blessés parmi ses agents, dont deux grièvement.
@@ LQ/AFP
@@ Publier un commentaire
@@ Votre adresse email ne sera pas publiée.
@@ 12 commentaires
@@ © 2024 Le Quotidien inventé. Tous droits réservés.""",
    ),
    (
        "subscription prompts and social rows",
        """\
Guerre : 30 soldats tués dans une embuscade
@@ Facebook Twitter WhatsApp E-mail
L'armée a confirmé la mort de 30 soldats et annoncé des représailles.
@@ Il vous reste 75 % de cet article à lire.
Des milliers de déplacés ont fui vers la frontière, selon l'ONU.
@@ Abonnez-vous à notre newsletter pour recevoir l'essentiel de l'actualité
L'état-major a promis un nouveau bilan d'ici 48 heures.
@@ Rejoignez Le Petit Veilleur sur Telegram et Facebook pour ne rien manquer
@@ L'article vous a plu ? Il a mobilisé notre rédaction.""",
    ),
    (
        "article sentences with cue words stay article",
        """\
Attentat : le bilan passe à 14 morts
Le procureur a indiqué que 14 personnes étaient mortes et que 31 autres avaient aussi été blessées.
Partageant les craintes des habitants, le maire a demandé l'envoi de 200 policiers de plus.
Les témoins ont pu voir aussi les 3 assaillants fuir à bord d'une voiture, selon la police.
Lire les témoignages des survivants, pour les enquêteurs, prend du temps : 80 ont été entendus.
Les photos publiées par le ministère montrent 6 véhicules calcinés.
L'article 16 de la Constitution n'a pas été invoqué, a précisé le porte-parole.
Le bilan pourrait encore s'alourdir, a dit le préfet (AFP).""",
    ),
]


@pytest.mark.parametrize(("case", "marked"), ARTICLES, ids=[a[0] for a in ARTICLES])
def test_find_boilerplate_marks_exactly_the_furniture(case: str, marked: str) -> None:
    text, expected = unmark(marked)
    found = find_boilerplate(text)
    assert [text[s:e] for s, e in found] == [text[s:e] for s, e in expected]
    assert found == expected


def test_spans_are_offsets_into_the_input_after_the_header() -> None:
    header = "TITLE: Crue\nDATE: 2024-03-11\n\n"
    body = "Partager\nLes eaux ont fait au moins 12 morts.\nLire aussi : 3 morts en 2014\n"
    text = header + body
    spans = find_boilerplate(text, len(header))
    assert [text[s:e] for s, e in spans] == ["Partager", "Lire aussi : 3 morts en 2014"]
    assert find_boilerplate("Partager\n", 9) == ()


def test_clean_keeps_the_text_and_sets_spans() -> None:
    doc = Document(id="d", text="Bilan : 12 morts.\nLire aussi : 4 morts en 2014\n")
    cleaned = clean(doc)
    assert (cleaned.text, cleaned.boilerplate) == (doc.text, ((18, 46),))
    assert cleaned.in_boilerplate(31, 32) and not cleaned.in_boilerplate(8, 10)


LINES = [
    ("Lire aussi: Le bilan des crues de 2010", True),
    ("Lisez aussi : VIDÉO | 3 questions sur la crue", True),
    ("Sur le même sujet", True),
    ("Read more: 5 things to know", True),
    ("Voir aussi les mesures annoncées par le gouvernement pour 2025 dans notre dossier", False),
    ("Il faut lire aussi les rapports de 2019 pour comprendre la crise.", False),
    ("Accueil > Actualités > Monde", False),  # breadcrumbs only count at the top
    ("Photos : les images de la crue", True),
    ("Commentaires (4)", True),
    (
        "Commentaires du ministre sur les 12 morts de la veille : « une tragédie nationale », "
        "a-t-il dit devant les députés réunis en séance extraordinaire.",
        False,
    ),
    ("Tous droits réservés", True),
    ("1/8", True),
    ("18H20 : de nouveaux heurts à Port-Lize", False),
]


@pytest.mark.parametrize(("line", "furniture"), LINES)
def test_is_furniture_in_the_middle_of_a_page(line: str, furniture: bool) -> None:
    assert is_furniture(line) is furniture


# -- the shared corpus -------------------------------------------------------

FURNITURE_WHY = re.compile(r"related|navigation|counter|footer", re.I)


@pytest.fixture(scope="module")
def corpus(corpus_dir: Path) -> dict[str, Document]:
    docs = [clean(d) for d in read_inputs([str(corpus_dir)]) if isinstance(d, Document)]
    assert len(docs) == 5
    return {d.id: d for d in docs}


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]


def inside_one_span(doc: Document, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in doc.boilerplate)


def test_furniture_traps_lie_inside_boilerplate(
    corpus: dict[str, Document], eval_dir: Path
) -> None:
    traps = [
        json.loads(line)
        for line in (eval_dir / "kazakhstan-2022.traps.jsonl").read_text().splitlines()
    ]
    furniture = [t for t in traps if FURNITURE_WHY.search(t["why"])]
    assert len(furniture) >= 4  # the annotations still hold furniture traps
    missed = []
    for trap in furniture:
        doc = corpus[trap["doc"]]
        found = occurrences(doc.text, trap["text"])
        assert found, f"trap text not in {trap['doc']}: {trap['text']!r}"
        missed += [trap["text"] for s, e in found if not inside_one_span(doc, s, e)]
    assert missed == []


def test_no_gold_evidence_touches_boilerplate(corpus: dict[str, Document], eval_dir: Path) -> None:
    gold = [
        json.loads(line)
        for line in (eval_dir / "kazakhstan-2022.claims.gold.jsonl").read_text().splitlines()
    ]
    touched = []
    for claim in gold:
        doc = corpus[claim["doc"]]
        found = occurrences(doc.text, claim["evidence"])
        assert found, f"evidence not in {claim['doc']}: {claim['evidence']!r}"
        touched += [claim["evidence"] for s, e in found if doc.in_boilerplate(s, e)]
    assert touched == []


def test_a_sentence_opening_with_home_is_prose_not_a_breadcrumb() -> None:
    """"Home Minister X said …" at the top of a body is the lead, not "Home > World"."""
    from recoupe.clean import find_boilerplate

    text = ("Home Minister Gyan Bahadur Thapa said 48 people died in the district.\n\n"
            "Rescue teams reached the villages on Sunday.")
    assert find_boilerplate(text) == ()
    assert find_boilerplate("Home Actualités Monde\n\n" + text) != ()
