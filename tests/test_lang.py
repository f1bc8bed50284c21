"""Language resources (issue #13 item 4): loaded by code, checked, and the only place
where the extractors' words live."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from recoupe.lang import (
    PATTERNS,
    PHRASE_LISTS,
    WORD_SETS,
    LanguageError,
    available,
    load,
    resource_for,
)
from recoupe.records import GROUPS, KINDS
from recoupe.textfold import word_key

SRC = Path(__file__).resolve().parents[1] / "src" / "recoupe"


def test_french_and_english_resources_exist_with_the_same_keys() -> None:
    assert {"fr", "en"} <= set(available())
    fr, en = load("fr"), load("en")
    assert set(fr.words) == set(en.words) == set(WORD_SETS)
    assert set(fr.phrases) == set(en.phrases) == set(PHRASE_LISTS)
    assert set(fr.patterns) == set(en.patterns) == set(PATTERNS)
    assert set(fr.kind_verbs) == set(en.kind_verbs)
    assert set(fr.kind_nouns) == set(en.kind_nouns)
    assert set(fr.group_words) == set(en.group_words)
    assert fr.spacy_model == "fr_core_news_md" and en.spacy_model == "en_core_web_sm"


def test_a_resource_is_loaded_once_and_its_words_are_folded() -> None:
    fr = load("fr")
    assert load("fr") is fr
    assert "etat" in fr.cue("not_places")  # written "État" in the table
    assert "declarer" in fr.cue("speech_verbs")  # written "déclarer"
    for words in fr.words.values():
        assert all(w == word_key(w) for w in words)
    assert fr.country_display["egypte"] == "Égypte"


def test_unknown_language_falls_back_or_fails_with_one_clear_message() -> None:
    assert resource_for("es") is load("fr")
    assert resource_for(None) is load("fr")
    with pytest.raises(LanguageError, match="no language resource for 'xx'"):
        load("xx")


def test_a_resource_missing_a_word_set_is_refused() -> None:
    from recoupe.lang import _named

    with pytest.raises(LanguageError, match=r"missing \['one'\]"):
        _named("zz", "words", {"several": "x"}, {"one": "", "several": ""}, str)


# Dependency labels (UD and ClearNLP) that happen to spell a French word.
_PARSE_LABELS = frozenset({"aux", "agent", "case", "mark", "expl", "fixed", "flat", "root"})


def _code_strings(path: Path) -> set[str]:
    """String constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    }


def test_extractors_name_no_french_word() -> None:
    """Every word the claim rules, mention rules and nlp stage look for is in lang/fr."""
    fr = load("fr")
    vocabulary = set().union(*fr.words.values(), *fr.kind_verbs.values(),
                             *fr.kind_nouns.values(), fr.left_noun_kinds, fr.demonyms,
                             fr.country_names)
    vocabulary -= {",", ".", ";"}  # punctuation is no language's
    vocabulary -= set(KINDS) | set(GROUPS)  # the contract's names ("participants")
    vocabulary -= _PARSE_LABELS | set(available())  # spaCy's labels ("aux"), language codes
    files = [*(SRC / "extract" / "claims").glob("*.py"), *(SRC / "nlp").glob("*.py"),
             SRC / "extract" / "mentions.py"]
    found = {
        (path.name, text) for path in files for text in _code_strings(path)
        if word_key(text) in vocabulary and not text.isupper()  # spaCy tags: "AUX"
    }
    assert found == set()
