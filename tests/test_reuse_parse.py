"""Work done once: the parse of an undated article analysed again once its story dates
it (issue #16), and the cue words of a story's text read once for all its event rows.
The results must be exactly those of doing the work again (issue #17's speed)."""

from __future__ import annotations

import importlib
import random
import re
from pathlib import Path

import pytest

from recoupe.pipeline import document as pipeline_document
from recoupe.pipeline.document import DocumentAnalysis, analyze_documents, keeping_parses
from recoupe.records import Document

events = importlib.import_module("recoupe.reconcile.events")  # the package exports a function


# -- cue words of a row's sentences joined to its story's ---------------------------------


def _whole(text: str) -> frozenset[str]:
    return frozenset(n for n in events._CUE_NAMES if events._RX[n].search(text))


@pytest.mark.parametrize(("a", "b"), [
    ("the air", "strike hit a market."),  # a cue across the space only
    ("set", "fire to a car"),
    ("un tremblement de", "terre a fait dix morts"),
    ("", "soldiers were deployed"),
    ("police fired tear gas", ""),
    ("nothing here.", "nothing there."),
])
def test_the_cues_of_joined_texts_are_those_of_the_whole(a: str, b: str) -> None:
    assert events._cues_joined(a, b) == _whole(a + " " + b)


def test_joined_texts_agree_with_the_whole_on_random_texts() -> None:
    words = ["air", "strike", "strikes", "raid", "drone", "drones", "car", "bomb", "bombs",
             "set", "fire", "riot", "police", "loot", "mob", "angry", "lynch", "protest",
             "rally", "rallies", "tremblement", "de", "terre", "foule", "en", "colere",
             "soldiers", "army", "flood", "quake", "ied", "x", ".", ",", "-"]
    rng = random.Random(17)
    for _ in range(3000):
        a, b = (" ".join(rng.choice(words) for _ in range(rng.randint(0, 4)))
                for _ in range(2))
        if rng.random() < 0.3:
            a = a.replace(" ", "")
        if rng.random() < 0.3:
            b = b.replace(" ", "")
        assert events._cues_joined(a, b) == _whole(a + " " + b), (a, b)


@pytest.mark.parametrize("pattern", [r"(?<=a)b", r"b(?=c)", r"^ab", r"ab$", r"ab+",
                                     r"(a)\1", r"x?"])
def test_a_cue_that_reads_beyond_its_match_is_searched_whole(pattern: str) -> None:
    assert events._local_width(re.compile(pattern)) is None


def test_every_cue_of_the_resources_is_local() -> None:
    assert all(events._WIDTH[name] for name in events._RX)


def test_classify_reads_the_same_cues() -> None:
    assert events.classify([], "protesters were dispersed with tear gas", "Ruritania")[0] \
        == "Protests"


# -- the parse of a document analysed again ---------------------------------------------------

TEXT = ("LANG: fr\nTITLE: Inondations à Valbrume\n\n"
        "Samedi, les secours ont retrouvé sept corps à Valbrume, selon la préfecture. "
        "Le 3 mars, la rivière Orlande est sortie de son lit.\n")


def _document() -> Document:
    return Document(id="valbrume", text=TEXT, path="valbrume.txt")


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    parse = pipeline_document.parse_sentences

    def counted(nlp, sentences, **kwargs):
        calls.append(len(sentences))
        return parse(nlp, sentences, **kwargs)

    monkeypatch.setattr(pipeline_document, "parse_sentences", counted)
    return calls


def _analyse(nlp, anchor: str):
    (result,) = analyze_documents([_document()], nlp, anchor=anchor)
    return result


def test_a_document_analysed_again_reuses_its_parse(nlp, monkeypatch) -> None:
    plain = [_analyse(nlp, "2021-05-01"), _analyse(nlp, "2024-11-15")]
    calls = _counting(monkeypatch)
    with keeping_parses() as kept:
        again = [_analyse(nlp, "2021-05-01"), _analyse(nlp, "2024-11-15")]
        assert set(kept) == {"valbrume"}
    assert len(calls) == 1  # parsed once, for the first analysis
    assert again == plain  # the second anchor's dates, the same claims and mentions
    assert plain[0].dates != plain[1].dates
    assert not pipeline_document._KEPT  # nothing kept past the block
    _analyse(nlp, "2024-11-15")
    assert len(calls) == 2


def test_a_changed_text_is_parsed_again(nlp, monkeypatch) -> None:
    calls = _counting(monkeypatch)
    with keeping_parses():
        _analyse(nlp, "2021-05-01")
        changed = Document(id="valbrume", text=TEXT.replace("sept", "huit"),
                           path="valbrume.txt")
        (result,) = analyze_documents([changed], nlp, anchor="2021-05-01")
    assert len(calls) == 2
    assert isinstance(result, DocumentAnalysis)
    assert any("huit" in c.sentence for c in result.claims)


def test_parses_kept_are_bounded(nlp, monkeypatch) -> None:
    monkeypatch.setattr(pipeline_document, "MAX_KEPT_TOKENS", 0)
    calls = _counting(monkeypatch)
    with keeping_parses() as kept:
        first, second = _analyse(nlp, "2021-05-01"), _analyse(nlp, "2021-05-01")
        assert not kept
    assert len(calls) == 2 and first == second


def _reading(parsed) -> list:
    return [(p.sentence, [(t.text, t.idx, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i,
                           str(t.morph), t.ent_iob_, t.ent_type_, t.is_sent_start)
                          for t in p.doc],
             [(e.start, e.end, e.label_) for e in p.doc.ents]) for p in parsed]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_kept_parse_reads_as_the_parse(language: str, nlp, en_nlp) -> None:
    """Kept as bytes, given back as Docs: every attribute the readers use is the same
    (English included, whose parse recoupe rewrites into universal relations)."""
    model = nlp if language == "fr" else en_nlp
    text = TEXT if language == "fr" else (
        "LANG: en\nTITLE: Floods in Valbrume\n\nOn Saturday, rescuers found seven bodies in "
        "Valbrume, the prefecture said. At least 12 people were killed by police, "
        "including two children, Interior Minister Anna Korvin told reporters.\n")
    document = Document(id="v", text=text, path="v.txt")
    models = pipeline_document.as_models(model)
    prepared, _ = pipeline_document.prepare(document, None, models)
    sentences = pipeline_document._sentences(prepared, models)
    parsed = pipeline_document.parse_sentences(model, sentences)
    kept = pipeline_document.KeptParses()
    pipeline_document._keep(kept, "v", language, sentences, parsed)
    again = pipeline_document._kept_parse(model, sentences, kept["v"][2])
    assert kept.tokens == sum(len(p.doc) for p in parsed) > 0
    assert _reading(again) == _reading(parsed)


@pytest.mark.slow
def test_a_run_that_dates_by_story_gives_the_same_results(tmp_path: Path, monkeypatch
                                                          ) -> None:
    """The whole run with parses kept and without: the same results."""
    from recoupe.pipeline import run

    folder = tmp_path / "articles"
    folder.mkdir()
    articles = {
        "ru1": ("2022-03-10", "Ruritanie : trois morts à Strelsau",
                "Trois manifestants ont été tués mercredi à Strelsau, en Ruritanie, lors de "
                "heurts avec la police, selon le ministère de l'Intérieur."),
        "va1": ("2024-11-15", "Inondations : douze morts à Valbrume",
                "Douze personnes ont été tuées par les inondations à Valbrume, selon la "
                "préfecture."),
        "va_undated": (None, "Les secours fouillent Valbrume",
                       "Le 14 novembre, la rivière est sortie de son lit à Valbrume. Samedi, "
                       "les secours ont retrouvé trois corps à Valbrume, selon la préfecture."),
    }
    for name, (published, title, body) in articles.items():
        header = f"DATE: {published}\n" if published else ""
        (folder / f"{name}.txt").write_text(f"{header}LANG: fr\nTITLE: {title}\n\n{body}\n",
                                            encoding="utf-8")
    calls = _counting(monkeypatch)
    kept = run([str(folder)], tmp_path / "kept.sqlite", workers=1)
    parsed_kept = sum(calls)
    monkeypatch.setattr(pipeline_document, "MAX_KEPT_TOKENS", 0)
    again = run([str(folder)], tmp_path / "again.sqlite", workers=1)
    # The undated article, re-dated by its story, was parsed once with its parse kept.
    assert sum(calls) - parsed_kept > parsed_kept
    for name in ("claims", "entities", "timeline", "comparisons", "events", "stories"):
        assert getattr(kept, name) == getattr(again, name), name
    assert [(d.id, d.published) for d in kept.documents] == \
        [(d.id, d.published) for d in again.documents]
