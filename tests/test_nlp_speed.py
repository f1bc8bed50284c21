"""What recoupe changes in a spaCy pipeline to make it cheaper gives the same annotations
(issue #17 item 5): the attribute ruler matched by table, the UD relabelling's dateline
rule in one pass."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from recoupe.nlp import load_pipeline
from recoupe.nlp.attributes import TableMatcher
from recoupe.nlp.ud import _dateline_subjects
from recoupe.settings import DEFAULT

# Invented sentences that reach the ruler's table rules (tags, words with tags, IN lists,
# dependencies) and the ones left to the Matcher (several tokens, regular expressions,
# NOT_IN): "gonna", "ain't", "let's", "y'all", "there were", a double space.
SENTENCES = [
    "At least 14 people were killed on Tuesday, the governor's office said.",
    "They're gonna say it ain't over, and y'all know there were 300 troops there.",
    "Let's not forget that nothin' was done  before the police arrived, he told reporters.",
    "Which of the 12 villages had been reached? None, whereas 40 were cut off.",
    "The ministry, which had put the toll at 225, didn't give a figure for the injured.",
]


@pytest.fixture(scope="module")
def english():
    return load_pipeline(DEFAULT.model_en)


def _before_ruler(nlp, texts: list[str]) -> list[Doc]:
    return list(nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))


def test_table_matches_are_the_rulers_own(english) -> None:
    ruler = english.get_pipe("attribute_ruler")
    table = TableMatcher(ruler)
    assert table.tabulated > len(table.rest_rules)  # every pattern here fits the tables
    for doc in _before_ruler(english, SENTENCES):
        spacy_matches = type(ruler).match(ruler, doc)  # spaCy's method, not the table
        assert table(doc) == sorted(set(spacy_matches)), doc.text
        assert table(doc)  # every sentence has tags to map


def test_annotations_are_unchanged(english) -> None:
    plain = spacy.load(DEFAULT.model_en)  # spaCy's own ruler
    for ours, theirs in zip(english.pipe(SENTENCES), plain.pipe(SENTENCES), strict=True):
        assert [(t.pos_, t.tag_, str(t.morph), t.lemma_) for t in ours] == \
            [(t.pos_, t.tag_, str(t.morph), t.lemma_) for t in theirs]


def test_a_ruler_mostly_left_to_the_matcher_is_left_alone() -> None:
    french = load_pipeline(DEFAULT.model_fr)
    ruler = french.get_pipe("attribute_ruler")
    table = TableMatcher(ruler)
    if table.tabulated > len(table.rest_rules):
        pytest.skip("this French model's ruler fits tables")
    assert "match" not in vars(ruler)


def test_only_a_dashed_first_subject_is_a_dateline() -> None:
    words = ["KABUL", "-", "Officials", "said", "and", "police", "said", "it", "rained"]
    doc = Doc(spacy.blank("en").vocab, words=words)
    # "KABUL" and "Officials" are subjects of "said" (3), cut by a dash; "police" is the
    # only subject of the second "said" (6); "it" the only one of "rained".
    heads = [3, 0, 3, 3, 3, 6, 3, 8, 6]
    deps = ["nsubj", "punct", "nsubj", "ROOT", "cc", "nsubj", "conj", "nsubj", "ccomp"]
    _dateline_subjects(doc, heads, deps)
    assert deps[0] == "dislocated"
    assert deps[2] == deps[5] == deps[7] == "nsubj"


def test_tables_and_matcher_together_give_the_rulers_matches() -> None:
    """Patterns of one and several tokens, equality, IN, NOT_IN and REGEX read from the
    tables; a part of speech or an operator ("OP") left to the Matcher: the same matches
    as spaCy's, rule by rule, on invented tokens."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NNS"}]], {"LEMMA": "noun"})
    ruler.add([[{"LOWER": {"IN": ["zorbs", "quix"]}, "TAG": {"NOT_IN": ["VB"]}}]],
              {"LEMMA": "zorb"})
    ruler.add([[{"LOWER": {"REGEX": "^fl[aeiou]n$"}}, {"TEXT": "Vale"}]], {"LEMMA": "v"},
              index=1)
    ruler.add([[{"DEP": "nsubj"}, {"LOWER": {"IN": ["is", "are"]}}]], {"POS": "VERB"},
              index=1)
    ruler.add([[{"POS": "NOUN"}]], {"TAG": "NN"})  # not a column: the Matcher
    ruler.add([[{"TAG": "JJ", "OP": "+"}, {"TAG": "NNS"}]], {"LEMMA": "a"})  # operator
    ruler.add([[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], {"DEP": "dep"})
    words = ["Flon", "Vale", "zorbs", "are", "big", "red", "quix", " ", "flen", "Vale"]
    doc = Doc(nlp.vocab, words=words,
              tags=["NNP", "NNP", "NNS", "VBP", "JJ", "JJ", "NNS", "_SP", "NN", "NNP"],
              pos=["PROPN", "PROPN", "NOUN", "AUX", "ADJ", "ADJ", "NOUN", "SPACE", "NOUN",
                   "PROPN"],
              deps=["compound", "nsubj", "nsubj", "ROOT", "amod", "amod", "attr", "dep",
                    "compound", "appos"],
              heads=[1, 3, 3, 3, 6, 6, 3, 6, 9, 6])
    table = TableMatcher(ruler)
    assert table.tabulated == 5 and table.rest_rules == {4, 5}
    spacy_matches = type(ruler).match(ruler, doc)
    assert table(doc) == sorted(set(spacy_matches))
    assert {m[0] for m in spacy_matches} == set(range(7))  # every rule matched somewhere
