"""English articles through the same pipeline (issue #17): the English quantity reader, the
English resource, the English parse read as Universal Dependencies, and claims read from
short English texts written for these tests.

Tests that need the English spaCy model skip, saying so, when it is not installed.
"""

from __future__ import annotations

import pytest

from recoupe.extract.quantities.english import find_quantities_en
from recoupe.lang import PATTERNS, PHRASE_LISTS, WORD_SETS, load
from recoupe.records import Claim, Document


def _read(text: str, published: str | None = None) -> list[tuple[str, int | None, int | None,
                                                              str, str]]:
    return [(q.text, q.low, q.high, q.qualifier, q.role)
            for q in find_quantities_en(text, published=published)]


def _counts(text: str) -> list[tuple[str, int | None, int | None, str]]:
    return [(t, lo, hi, qual) for t, lo, hi, qual, role in _read(text) if role == "count"]


# --------------------------------------------------------------------------- quantities


@pytest.mark.parametrize(("text", "want"), [
    ("At least 225 people were killed", ("At least 225", 225, None, "at_least")),
    ("more than 4,300 were hurt", ("more than 4,300", 4300, None, "more_than")),
    ("over 1,000 officers", ("over 1,000", 1000, None, "more_than")),
    ("nearly 300 dead", ("nearly 300", 300, 300, "about")),
    ("about 2.3 million people", ("about 2.3 million", 2_300_000, 2_300_000, "about")),
    ("up to 1,000 soldiers", ("up to 1,000", None, 1000, "at_most")),
    ("fewer than 50 arrests", ("fewer than 50", None, 50, "less_than")),
    ("between 18,000 and 20,000 dead", ("between 18,000 and 20,000", 18000, 20000, "range")),
    ("Thirty-nine people", ("Thirty-nine", 39, 39, "exact")),
    ("One hundred and twelve people", ("One hundred and twelve", 112, 112, "exact")),
    ("a dozen bodies", ("a dozen", 12, 12, "about")),
    ("more than a hundred people", ("more than a hundred", 100, None, "more_than")),
    ("dozens of attackers", ("dozens", 12, None, "vague")),
    ("tens of thousands of protesters", ("tens of thousands", 10000, None, "vague")),
    ("several thousand personnel", ("several thousand", 1000, None, "vague")),
    ("the toll has passed 900", ("passed 900", 900, None, "more_than")),
    ("1,200 or more people", ("1,200 or more", 1200, None, "at_least")),
    ("fewer than a dozen deaths", ("fewer than a dozen", None, 12, "less_than")),
])
def test_english_quantities_read_value_and_qualifier(text: str, want: tuple) -> None:
    assert _counts(text) == [want]


@pytest.mark.parametrize(("text", "number", "role"), [
    ("Rosa Silva, 54, a cleaner, said", "54", "age"),
    ("an 88-year-old woman died", "88", "age"),
    ("a man aged 71 drowned", "71", "age"),
    ("MARRAKECH, Sept 11 (Reuters) - The toll", "11", "date"),
    ("on March 14 police fired", "14", "date"),
    ("He called at 3 in the morning", "3", "time"),
    ("three days of clashes", "three", "duration"),
    ("a magnitude 6.8 quake", "6.8", "measure"),
    ("prices rose 12 per cent", "12", "percent"),
    ("damage of $300 million", "300 million", "money"),
    ("a town of 25,000 inhabitants", "25,000", "other"),
    ("his 3rd visit", "3", "ordinal"),
    ("camps sheltering nearly a million refugees", "nearly a million", "other"),
    ("where some 40,000 refugees live", "some 40,000", "other"),
])
def test_english_numbers_that_are_not_counts(text: str, number: str, role: str) -> None:
    roles = {t: r for t, _, _, _, r in _read(text)}
    assert roles.get(number) == role, roles


def test_no_one_is_not_a_count_and_one_is() -> None:
    assert _counts("No one was killed.") == []
    assert _counts("one of whom later died") == [("one", 1, 1, "exact")]


def test_french_number_words_are_not_read_in_english() -> None:
    # "Sept" is September here, never the French seven; "cent" of "per cent" is no hundred.
    assert [t for t, *_ in _read("Sept 11 (Reuters) - prices rose 5 per cent")] == ["11", "5"]


def test_the_one_is_a_pronoun() -> None:
    assert _counts("the one where they were taken to hospital") == []


def test_counts_after_a_month_long_before_publication_are_the_past() -> None:
    text = "In February, 79 inmates died in riots."
    assert [r for *_, r in _read(text, published="2021-09-30")] == ["past"]
    assert [r for *_, r in _read(text, published="2021-02-20")] == ["count"]


def test_english_billion_is_a_thousand_millions() -> None:
    assert _read("1.2 billion dollars")[0][1] == 1_200_000_000


def test_counts_after_an_earlier_year_are_the_past() -> None:
    past = "In 2004, a tremor near the coast killed 628."
    assert [r for *_, r in _read(past, published="2023-09-12")] == ["year", "past"]
    # Without a later year (no date, none in the text), nothing says 2004 is the past.
    assert [r for *_, r in _read(past)] == ["year", "count"]
    assert _counts("The toll rose to 2,012, the worst since 1960.") == [
        ("2,012", 2012, 2012, "exact")]


# --------------------------------------------------------------------------- resource


def test_english_resource_defines_every_name() -> None:
    lang = load("en")
    assert set(lang.words) == set(WORD_SETS)
    assert set(lang.phrases) == set(PHRASE_LISTS)
    assert set(lang.patterns) == set(PATTERNS)
    assert lang.left_noun_kinds["toll"] == "killed"
    assert "said" in lang.cue("speech_verbs") and "ministry" in lang.cue("role_heads")
    assert lang.pattern("country_scope").search("across the country")


def test_english_resource_words_are_not_french() -> None:
    lang = load("en")
    french = {"selon", "tues", "blesses", "morts", "ministere", "que", "dont"}
    every = set().union(*lang.words.values(), *lang.kind_verbs.values(),
                        *lang.kind_nouns.values())
    assert not every & french


# --------------------------------------------------------------------------- with the model


def test_english_parse_is_read_as_universal_dependencies(en_nlp) -> None:
    doc = en_nlp("Five people were arrested by the police in the town of Paiporta.")
    deps = {t.text: (t.dep_, t.head.text) for t in doc}
    assert deps["people"] == ("nsubj:pass", "arrested")
    assert deps["police"] == ("obl:agent", "arrested")
    assert deps["by"] == ("case", "police")
    assert deps["Paiporta"] == ("nmod", "town")


def test_english_entities_take_the_french_labels(en_nlp) -> None:
    doc = en_nlp("Sri Lanka's police said 9 people died in Colombo on Monday, "
                 "Prime Minister Mahinda Rajapaksa said.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Colombo") == "LOC"
    assert labels.get("Mahinda Rajapaksa") == "PER"
    assert "Sri Lanka's" not in labels  # the possessive ending is not part of the name
    assert set(labels.values()) <= {"PER", "LOC", "ORG", "MISC"}  # no DATE, no CARDINAL


def _claims(text: str, en_nlp, published: str = "2024-05-10") -> list[Claim]:
    from recoupe.pipeline.document import analyze_document

    doc = Document(id="en_test", text=text, lang="en", published=published)
    return list(analyze_document(doc, en_nlp).claims)


def _figures(claims: list[Claim]) -> set[tuple[str, str, int | None, str]]:
    return {(c.kind, c.group, c.low, c.qualifier) for c in claims}


def test_toll_with_a_part_and_a_speaker_without_a_subject(en_nlp) -> None:
    # The parse hangs "said" without a subject; the speaker is the phrase before it.
    claims = _claims("At least 225 people were killed, including 19 police officers, "
                     "the country's prosecutor general said.", en_nlp)
    assert _figures(claims) >= {("killed", "all", 225, "at_least"),
                                ("killed", "security_forces", 19, "exact")}
    assert all(c.source and "prosecutor general" in c.source.name for c in claims)


def test_according_to_gives_source_and_place(en_nlp) -> None:
    claims = _claims("More than 4,300 people were injured in Taroudant, according to the "
                     "Interior Ministry.", en_nlp)
    assert _figures(claims) == {("injured", "all", 4300, "more_than")}
    (claim,) = claims
    assert claim.source is not None and claim.source.name == "Interior Ministry"
    assert claim.place is not None and claim.place.name == "Taroudant"


def test_a_person_named_before_told_is_the_speaker_not_the_listener(en_nlp) -> None:
    claims = _claims("Marie Dupuis, the aid group's secretary-general, told The Associated "
                     "Press that another 10,100 people were missing.", en_nlp)
    assert _figures(claims) == {("missing", "all", 10100, "exact")}
    assert claims[0].source is not None and claims[0].source.name == "Marie Dupuis"


def test_an_earlier_disaster_and_an_age_give_no_claims(en_nlp) -> None:
    text = ("Floods killed 62 people in the town on Tuesday, officials said. "
            "In 1957, the river burst its banks and killed 81 people. "
            "A British man, 71, died in his car.")
    figures = {(c.kind, c.low) for c in _claims(text, en_nlp)}
    assert ("killed", 62) in figures
    assert ("killed", 81) not in figures
    assert ("killed", 71) not in figures


def test_troops_counted_by_their_head_noun(en_nlp) -> None:
    claims = _claims("The defence ministry said it had sent 626 military personnel to the "
                     "flooded state.", en_nlp)
    assert ("deployed", "security_forces", 626, "exact") in _figures(claims)


def test_a_toll_raised_to_a_number_far_from_its_verb(en_nlp) -> None:
    claims = _claims("Authorities raised the death toll from floods in the southern state of "
                     "Rio Grande do Sul to 143 on Sunday, as rain hampered rescue efforts.",
                     en_nlp)
    assert _figures(claims) == {("killed", "all", 143, "exact")}


def test_a_storm_is_not_a_crowd(en_nlp) -> None:
    # "the storm" is a noun: it must not make 205 a count of people who stormed something.
    claims = _claims("Rescuers on Friday raised the death toll from the floods to 205, a day "
                     "after the storm.", en_nlp)
    assert _figures(claims) == {("killed", "all", 205, "exact")}


def test_a_dateline_is_not_the_speaker(en_nlp) -> None:
    claims = _claims("PORTO ALEGRE, Brazil, May 12 (Reuters) - Brazilian authorities raised "
                     "the death toll to 143 on Sunday.", en_nlp)
    assert [(c.kind, c.low, c.source and c.source.name) for c in claims] == [
        ("killed", 143, "Brazilian authorities")]
