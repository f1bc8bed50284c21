"""Document metadata: language, outlet and title, on invented articles and the shared corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recoupe.clean import clean
from recoupe.ingest import read_inputs
from recoupe.ingest.text import text_document
from recoupe.metadata import describe, detect_language, outlet_from_text, outlet_from_url
from recoupe.records import Document

REPO = Path(__file__).resolve().parents[1]


def prepared(text: str, doc_id: str = "d") -> Document:
    """Read as a .txt file is, cleaned, described: the order the pipeline uses."""
    return describe(clean(text_document(text, doc_id)))


BODY = (
    "Inondations : au moins 12 morts dans la vallée\n\n"
    "Les pluies torrentielles ont fait au moins 12 morts et plus de 300 évacués, "
    "a annoncé la préfecture, qui redoute de nouvelles crues dans la nuit.\n"
)

DOCUMENTS = [
    # (case, text, expected (lang, outlet, outlet_basis, title))
    ("nothing given", BODY,
     ("fr", None, None, "Inondations : au moins 12 morts dans la vallée")),
    ("header wins", "OUTLET: La Voix inventée\nLANG: en\nTITLE: Crue\n\n" + BODY + "© Le Soir\n",
     ("en", "La Voix inventée", "header", "Crue")),
    ("url domain", "URL: https://www.journal-invente.fr/crue-12-morts\n\n" + BODY,
     ("fr", "journal-invente.fr", "url", "Inondations : au moins 12 morts dans la vallée")),
    ("join us footer", BODY + "\nRejoignez Le Veilleur du Sud sur Facebook et Telegram\n",
     ("fr", "Le Veilleur du Sud", "text", "Inondations : au moins 12 morts dans la vallée")),
    ("editor footer",
     BODY + "\nJeanne, en charge de la rédaction du site Info Plus, vous informe.\n",
     ("fr", "Info Plus", "text", "Inondations : au moins 12 morts dans la vallée")),
    ("copyright line", BODY + "\n© 2024 Le Courrier inventé - Tous droits réservés\n",
     ("fr", "Le Courrier inventé", "text", "Inondations : au moins 12 morts dans la vallée")),
    ("text beats url", "URL: https://lci-invente.fr/a\n\n" + BODY + "\n© La Chaîne inventée\n",
     ("fr", "La Chaîne inventée", "text", "Inondations : au moins 12 morts dans la vallée")),
    ("lower-case word in a name", BODY + "\nRejoignez Courrier international sur X\n",
     ("fr", "Courrier international", "text", "Inondations : au moins 12 morts dans la vallée")),
    ("no name after the cue", BODY + "\nRetrouvez toute l'actualité sur Facebook\n",
     ("fr", None, None, "Inondations : au moins 12 morts dans la vallée")),
    ("wire agency is not the outlet", BODY + "\n© AFP\nSource : Reuters\n",
     ("fr", None, None, "Inondations : au moins 12 morts dans la vallée")),
    ("a site quoted in the article is not the outlet",
     BODY + "\nSelon Orda.kz et la chaîne Mir 24, 300 personnes ont été arrêtées.\n",
     ("fr", None, None, "Inondations : au moins 12 morts dans la vallée")),
    ("breadcrumb is not the title", "Accueil Monde Le bilan des crues\n\n" + BODY,
     ("fr", None, None, "Inondations : au moins 12 morts dans la vallée")),
    ("bullet stripped, paragraph shortened", "• " + "Les eaux montent encore. " * 12 + "\n",
     ("fr", None, None, ("Les eaux montent encore. " * 8).strip() + "…")),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text", "expected"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_describe(case: str, text: str, expected: tuple[str | None, ...]) -> None:
    doc = prepared(text)
    assert (doc.lang, doc.outlet, doc.outlet_basis, doc.title) == expected
    assert (doc.published, doc.published_basis) == (None, "unknown")  # left to the dating stage


def test_describe_keeps_given_jsonl_and_html_values() -> None:
    doc = Document(
        id="j",
        text=BODY,
        title="Titre donné",
        outlet="Agence X",
        outlet_basis="html",
        lang="fr",
        published="2024-03-12",
        published_basis="metadata",
    )
    assert describe(clean(doc)) == clean(doc)


LANGUAGES = [
    ("fr", "Les secours ont retrouvé trois corps dans les décombres de l'immeuble effondré."),
    ("en", "Rescuers found three bodies in the rubble of the collapsed building on Monday."),
    ("es", "Los rescatistas encontraron tres cuerpos entre los escombros del edificio."),
    ("de", "Die Retter fanden am Montag drei Leichen in den Trümmern des eingestürzten Hauses."),
    ("ru", "Спасатели нашли три тела под завалами обрушившегося здания в понедельник."),
    ("uk", "Рятувальники знайшли три тіла під завалами зруйнованого будинку в понеділок."),
    (None, "   "),
]


@pytest.mark.parametrize(("code", "text"), LANGUAGES)
def test_detect_language(code: str | None, text: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize(
    ("url", "outlet"),
    [("https://www.lemonde.fr/a/b.html", "lemonde.fr"),
     ("http://fr.news-site.info/x", "fr.news-site.info"), ("not a url", None)],
)  # fmt: skip
def test_outlet_from_url(url: str, outlet: str | None) -> None:
    assert outlet_from_url(url) == outlet


def test_outlet_is_read_only_from_furniture_and_last_lines() -> None:
    # "© Le Monde" above the last lines is a photo credit, not the page's own footer.
    caption = "Les sauveteurs au travail. Photo © Le Monde\n"
    middle = BODY + caption + "Les secours continuent.\n" * 4
    assert outlet_from_text(clean(text_document(middle, "m"))) is None


# -- the shared corpus and the demo corpus ------------------------------------


def test_corpus_language_and_outlet_match_the_annotations(corpus_dir: Path, eval_dir: Path) -> None:
    gold_lines = (eval_dir / "kazakhstan-2022.documents.gold.jsonl").read_text().splitlines()
    gold = {g["doc"]: (g["lang"], g["outlet"]) for g in map(json.loads, gold_lines)}
    docs = [describe(clean(d)) for d in read_inputs([str(corpus_dir)])]
    assert {d.id: (d.lang, d.outlet) for d in docs} == gold
    assert {d.outlet_basis for d in docs if d.outlet} == {"text"}


def test_corpus_title_skips_the_breadcrumb(corpus_dir: Path) -> None:
    docs = [describe(clean(d)) for d in read_inputs([str(corpus_dir)])]
    assert all(d.title and not d.title.startswith("Accueil") for d in docs)
    assert all(not d.in_boilerplate(*_line_of(d, d.title)) for d in docs if _line_of(d, d.title))


def _line_of(doc: Document, title: str) -> tuple[int, int] | None:
    start = doc.text.find(title.rstrip("…"))
    return (start, start + len(title)) if start >= 0 else None


def test_demo_corpus_exercises_every_reader() -> None:
    items = list(read_inputs([str(REPO / "demo" / "corpus"), str(REPO / "demo" / "unrelated")]))
    docs = [describe(clean(d)) for d in items if isinstance(d, Document)]
    assert len(docs) == len(items) >= 8
    assert {Path(d.path).suffix for d in docs if d.path} == {".txt", ".html", ".jsonl"}
    assert all("(invented)" in (d.outlet or "") for d in docs)
    assert {d.lang for d in docs} == {"fr", "en"}  # one English article, detected
    marks = {"fr": "[Article fictif de démonstration]", "en": "[Invented demonstration article]"}
    assert all(marks[d.lang] in d.text for d in docs)
    assert all(d.published and d.published.startswith("2024-") for d in docs)
