"""Each document is read in its own language: the LANG header (or JSONL field) or lingua
picks the language resource and the spaCy model; a language recoupe has no resource for
is reported, kept, and yields no claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.pipeline import Models, run, unsupported_language
from recoupe.settings import DEFAULT, Settings, load_settings
from recoupe.store import Store

SPANISH = """LANG: es
TITLE: Terremoto en la costa (artículo inventado para las pruebas)

Al menos 12 personas murieron en el terremoto, según las autoridades locales. El gobierno
envió 300 soldados a la región el martes.
"""
GERMAN_UNTAGGED = """TITLE: Hochwasser im Tal (für die Tests erfunden)

Mindestens 14 Menschen sind bei dem Hochwasser ums Leben gekommen, teilte die Polizei am
Dienstag mit. Mehr als 2000 Bewohner mussten ihre Häuser verlassen.
"""
FRENCH = """TITLE: Crues dans la vallée (article inventé pour les tests)
DATE: 2024-03-12

Selon la préfecture, au moins 12 personnes sont mortes dans les crues mardi.
"""


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory):
    """One run over a Spanish (LANG header), a German (detected) and a French article."""
    folder = tmp_path_factory.mktemp("lang")
    for name, text in (("es.txt", SPANISH), ("de.txt", GERMAN_UNTAGGED), ("fr.txt", FRENCH)):
        (folder / name).write_text(text, encoding="utf-8")
    notes: list[str] = []
    result = run([str(folder)], folder / "store.sqlite", on_note=notes.append)
    return folder, result, notes


def test_an_unsupported_language_is_noted_kept_and_yields_no_claims(analysed) -> None:
    folder, result, notes = analysed
    docs = {d.id: d for d in result.documents}
    assert unsupported_language(docs["es"]) == "es"  # from the LANG header
    assert unsupported_language(docs["de"]) == "de"  # detected
    assert "language_unsupported: es" in docs["es"].notes
    assert unsupported_language(docs["fr"]) is None
    assert {c.doc for c in result.claims} == {"fr"}
    assert not result.rejected
    with Store.open(folder / "store.sqlite", readonly=True) as store:
        assert "Al menos 12 personas" in store.text("es")  # the text is kept


def test_each_unsupported_document_is_one_line(analysed) -> None:
    _, _, notes = analysed
    said = [line for line in notes if "not supported" in line]
    assert len(said) == 2
    assert any("es.txt" in line and "'es'" in line for line in said)


def test_a_model_per_language_loaded_once() -> None:
    models = Models(DEFAULT)
    english, french = models.get("en"), models.get("fr")
    assert english.lang == "en" and french.lang == "fr"
    assert models.get("en") is english  # loaded once per process
    assert models.get(None) is french  # undetected: the default language's model
    assert models.supports("en") and models.supports(None) and not models.supports("es")


def test_models_are_settings(tmp_path: Path) -> None:
    config = tmp_path / "recoupe.toml"
    config.write_text('model_en = "en_core_web_sm"\n', encoding="utf-8")
    assert load_settings(config, environ={}).models == {
        "fr": DEFAULT.model_fr, "en": "en_core_web_sm"}
    assert load_settings(None, environ={"RECOUPE_MODEL_FR": "fr_core_news_lg"},
                         cwd=tmp_path).model_fr == "fr_core_news_lg"
    assert Settings(default_language="en").spacy_model == DEFAULT.model_en
