"""Who a figure counts (round 5): the rules of eval/GUIDELINES.md on invented sentences.

- a cue of several words names a group before a single word inside it ("brigade de
  secours" is a rescue unit though "brigade" alone names soldiers; an elided article in
  a cue matches: "forces de l'ordre");
- people deployed with no group named are the state's forces, rescuers when the sentence
  speaks of rescue;
- "jeunes" / "youths" alone are no group (``all``);
- the predicate of a copula names the subject's group ("two of the dead were police
  officers");
- a count with no noun coordinated with a group's count is the same group;
- troops counted by a peacekeeping force are foreign forces.
"""

from __future__ import annotations

import pytest

from recoupe.extract.claims.group import group_of_phrase
from recoupe.lang import load
from recoupe.records import Claim, Document


def _claims(text: str, nlp, lang: str) -> list[Claim]:
    from recoupe.pipeline.document import analyze_document

    doc = Document(id="grp_test", text=text, lang=lang, published="2031-05-10")
    return list(analyze_document(doc, nlp).claims)


def _groups(claims: list[Claim]) -> dict[int | None, str]:
    return {c.low: c.group for c in claims}


@pytest.mark.parametrize(("phrase", "group"), [
    ("blessés parmi les forces de l'ordre", "security_forces"),
    ("membres de sa brigade de secours", "other"),
    ("sauveteurs de la Sécurité civile", "other"),
    ("volontaires du Croissant-Rouge", "other"),
    ("employés du ministère de l'Intérieur", "security_forces"),
    ("jeunes", None),
    ("étrangers", "civilians"),
])
def test_french_phrases_name_their_group(phrase: str, group: str | None) -> None:
    assert group_of_phrase(phrase, "FR", load("fr")) == group


@pytest.mark.parametrize(("phrase", "group"), [
    ("members of its military emergency unit", "other"),
    ("search and rescue specialists", "other"),
    ("armed criminals", "protesters"),
    ("helicopters of the Defence Force", "security_forces"),
    ("foreign nationals", "civilians"),
])
def test_english_phrases_name_their_group(phrase: str, group: str | None) -> None:
    assert group_of_phrase(phrase, "GB", load("en")) == group


@pytest.mark.slow
def test_people_deployed_with_no_group_are_forces_or_rescuers(nlp) -> None:
    claims = _claims("Les autorités ont dépêché 400 renforts à Grenoble. Le nombre de "
                     "personnel participant aux activités de recherche et de sauvetage a "
                     "atteint 3 412.", nlp, "fr")
    assert _groups(claims) == {400: "security_forces", 3412: "other"}


@pytest.mark.slow
def test_youths_alone_are_no_group(nlp) -> None:
    claims = _claims("Selon lui, au moins 14 jeunes ont été blessés à Rennes.", nlp, "fr")
    assert _groups(claims) == {14: "all"}


@pytest.mark.slow
def test_a_copula_names_the_group_of_its_subject(en_nlp, nlp) -> None:
    en = _claims("Two of the dead were police officers, according to officials.", en_nlp,
                 "en")
    fr = _claims("Deux des morts étaient des policiers, selon la préfecture de Lyon.", nlp,
                 "fr")
    assert _groups(en) == {2: "security_forces"}
    assert _groups(fr) == {2: "security_forces"}


@pytest.mark.slow
def test_a_bare_count_coordinated_with_a_group_is_that_group(en_nlp) -> None:
    claims = _claims("Officials said 14 members of security forces were killed and 520 were "
                     "injured in the clashes. He said 31 \"armed criminals\" were killed and "
                     "33 more were wounded.", en_nlp, "en")
    assert _groups(claims) == {14: "security_forces", 520: "security_forces",
                               31: "protesters", 33: "protesters"}


@pytest.mark.slow
def test_a_peacekeeping_force_counts_foreign_troops(en_nlp) -> None:
    claims = _claims("The CSTO said its peacekeeping force numbered 1,870 servicemen.",
                     en_nlp, "en")
    assert _groups(claims) == {1870: "foreign_forces"}


@pytest.mark.slow
def test_rescuers_sent_by_another_country_are_not_foreign_forces(nlp) -> None:
    claims = _claims("Au total, 70 sauveteurs de la Sécurité civile doivent rejoindre Nice, "
                     "et la Suisse a envoyé 45 membres de sa brigade de secours.", nlp, "fr")
    assert _groups(claims) == {70: "other", 45: "other"}


@pytest.mark.slow
def test_equipment_sent_by_a_reporting_body_is_its_own(en_nlp) -> None:
    """'The defence ministry said it had sent 14 aircraft, 35 vehicles': "it" is the
    ministry, and the second item of the list has the first one's sender."""
    claims = _claims("The defence ministry said it had sent 14 aircraft, 35 vehicles and 420 "
                     "military personnel to help with search and rescue.", en_nlp, "en")
    assert _groups(claims) == {14: "security_forces", 35: "security_forces",
                               420: "security_forces"}


@pytest.mark.slow
def test_foreign_soldiers_sent_to_a_disaster_are_security_forces(nlp) -> None:
    claims = _claims("Le gouvernement tunisien a dépêché 25 militaires du génie pour aider aux "
                     "recherches à Nice. Le Rwanda a dépêché 1 000 soldats au Mozambique.",
                     nlp, "fr")
    assert _groups(claims) == {25: "security_forces", 1000: "foreign_forces"}


@pytest.mark.slow
def test_a_crowd_gathered_to_mourn_is_not_protesters(nlp) -> None:
    claims = _claims("Jeudi, une marche blanche organisée à Nanterre avait réuni 4 300 "
                     "personnes. Vendredi, une manifestation organisée à Nanterre a réuni "
                     "2 100 personnes.", nlp, "fr")
    assert _groups(claims) == {4300: "all", 2100: "protesters"}
