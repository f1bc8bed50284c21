"""Who said it (issue #15), round 5: whole names (a name the tagger cut, a surname after the
full name, a role completed by its participle, a body kept as possessor), the speaker a
pronoun stands for (a clause's subject named before), impersonal statements ("il a été
indiqué", "du côté de X, on estime"), the body of "a police source", the scope of a contrast
clause, and the outlet's own count. Sentences and short documents written for these tests
(names, places and numbers invented)."""

from __future__ import annotations

from recoupe.pipeline.document import analyze_document
from recoupe.records import Claim, Document

_cache: dict[tuple[str, str, str | None], tuple[Claim, ...]] = {}


def _claims(nlp, text: str, lang: str, outlet: str | None = None) -> tuple[Claim, ...]:
    key = (lang, text, outlet)
    if key not in _cache:
        doc = Document(id=f"r5-{len(_cache)}", text=text, lang=lang, published="2024-05-10",
                       outlet=outlet)
        _cache[key] = analyze_document(doc, nlp).claims
    return _cache[key]


def _sources(found: tuple[Claim, ...]) -> dict[int | None, str | None]:
    return {c.low: (c.source.name if c.source else None) for c in found}


def _rules(found: tuple[Claim, ...]) -> dict[int | None, str | None]:
    return {c.low: (c.rule.source if c.rule else None) for c in found}


# --------------------------------------------------------------------------- whole names


def test_en_two_bodies_coordinated_give_the_first_whole(en_nlp) -> None:
    found = _claims(en_nlp, "Separately, the Westland Human Rights Commission and the Police "
                            "Oversight Forum said their monitors had recorded 17 deaths on "
                            "Tuesday.", "en")
    assert _sources(found)[17] == "Westland Human Rights Commission"


def test_fr_a_surname_after_the_full_name_is_the_person(nlp) -> None:
    text = ("Le nombre de morts est monté à 312, a déclaré lundi le commissaire du "
            "Département des secours, Bertrand Malumbo.\n\n"
            "Lors d'une conférence de presse, M. Malumbo a indiqué que 1 250 personnes "
            "avaient été blessées.")
    assert _sources(_claims(nlp, text, "fr"))[1250] == "Bertrand Malumbo"


def test_fr_a_role_completed_by_its_participle(nlp) -> None:
    found = _claims(nlp, "Selon le commissaire chargé de la communication de la Police "
                         "nationale, 14 personnes ont perdu la vie.", "fr")
    assert _sources(found)[14] in ("Police nationale", "commissaire chargé de la "
                                   "communication de la Police nationale")


def test_en_a_government_possessor_stays_in_the_name(en_nlp) -> None:
    found = _claims(en_nlp, "According to the junta's information team, 57 people died in "
                            "the storm.", "en")
    assert _sources(found)[57] == "junta's information team"


def test_en_a_described_channel_is_no_outlet_name(en_nlp) -> None:
    found = _claims(en_nlp, "State media reported on Sunday that 164 people had been killed, "
                            "citing a post on a government Telegram channel.", "en")
    assert _sources(found)[164] == "government Telegram channel"


def test_en_a_role_noun_of_another_clause_is_no_title(en_nlp) -> None:
    found = _claims(en_nlp, "Police said Tomas Brekker, a local lawmaker, opened fire on a "
                            "crowd in the town of Velmar, critically wounding two people.", "en")
    assert _sources(found)[2] == "Police"


def test_fr_a_body_named_in_apposition_to_its_kind(nlp) -> None:
    found = _claims(nlp, "De son côté, le parti de Jean Mavuku, le PRDM, a fait état jeudi "
                         "de 26 morts.", "fr")
    assert _sources(found)[26] == "PRDM"


# --------------------------------------------------------------------------- pronouns


def test_fr_selon_lui_is_the_body_named_as_subject_before(nlp) -> None:
    text = ("Le haut-commissariat a indiqué que 40 policiers ont été blessés.\n\n"
            "Le mouvement indépendantiste KANARO dénonce de son côté la répression. Selon lui, "
            "au moins 25 jeunes ont été blessés par balles.")
    assert _sources(_claims(nlp, text, "fr"))[25] == "KANARO"


def test_en_he_is_the_person_named_as_subject_before(en_nlp) -> None:
    text = ("The spokesman of the interior ministry, Omar Fadel, said 900 people had died.\n\n"
            "Velmar mayor Sami al-Rashidi went further. Speaking to a radio station on "
            "Wednesday, he said the number of dead could reach 6,000.")
    assert _sources(_claims(en_nlp, text, "en"))[6000] == "Sami al-Rashidi"


def test_fr_an_institution_is_what_l_institution_stands_for(nlp) -> None:
    text = ("Au moins 58 personnes ont été blessées, a informé le ministère de la Santé. "
            "Depuis décembre, le Médiateur de la République dénombre 55 morts dans le pays. "
            "La répartition par région établie par l'institution est la suivante : Norda : "
            "20 ; Sudal : 10.")
    sources = _sources(_claims(nlp, text, "fr"))
    assert sources[55] == "Médiateur de la République"
    assert sources[20] == "Médiateur de la République"


# --------------------------------------------------------------------------- impersonal


def test_fr_il_a_ete_indique_in_a_document_is_its_giver(nlp) -> None:
    text = ("Dans le communiqué écrit publié par la Protection civile, il a été indiqué que "
            "230 personnes ont été blessées dans les inondations.\n\n"
            "Il a été rappelé que le bilan précédent, annoncé dans la matinée, était de 180 "
            "morts.")
    found = _claims(nlp, text, "fr")
    assert _sources(found)[230] == "Protection civile"
    assert _sources(found)[180] == "Protection civile"
    assert _rules(found)[180] == "governing_verb.impersonal"


def test_fr_du_cote_de_x_on_estime_is_x(nlp) -> None:
    found = _claims(nlp, "Du côté de la Croix-Rouge, on estime qu'au moins 900 personnes ont "
                         "été déplacées.", "fr")
    assert _sources(found)[900] == "Croix-Rouge"
    assert _rules(found)[900] == "governing_verb.side"


def test_fr_on_alone_is_no_speaker(nlp) -> None:
    found = _claims(nlp, "On estime qu'au moins 900 personnes ont été déplacées.", "fr")
    assert _sources(found)[900] is None


# --------------------------------------------------------------------------- bodies


def test_en_a_police_source_is_the_police_named_before(en_nlp) -> None:
    text = ("Inside the camp, the situation was calm, said a source of the National Guard. "
            "Around 300 guards took part in a search operation on Saturday, in which they "
            "seized 12 rifles, added the guard source.")
    sources = _sources(_claims(en_nlp, text, "en"))
    assert sources[12] == "National Guard"


# --------------------------------------------------------------------------- scope


def test_en_a_contrast_clause_on_the_counted_keeps_the_source(en_nlp) -> None:
    found = _claims(en_nlp, "According to the regional relief office, 117 of the dead were "
                            "from camps near Port Aldo, while 24 died in other townships.", "en")
    assert _sources(found)[24] == "regional relief office"


def test_fr_a_contrast_clause_on_the_counted_keeps_the_trailing_source(nlp) -> None:
    found = _claims(nlp, "Le nombre de morts est monté à 499, tandis que 427 personnes sont "
                         "toujours portées disparues, a déclaré lundi la protection civile.",
                    "fr")
    assert _sources(found)[499] == "protection civile"


def test_en_a_contrast_clause_with_its_own_actor_still_breaks(en_nlp) -> None:
    found = _claims(en_nlp, "According to the Vellan government, 56 rescuers were sent to the "
                            "area, while Britain deployed 60 more.", "en")
    assert _sources(found)[60] is None


# --------------------------------------------------------------------------- own outlet


def test_en_an_outlet_with_a_qualifier_is_its_own_count(en_nlp) -> None:
    found = _claims(en_nlp, "At least 151 people have been killed in clashes since Tuesday, "
                            "according to a count by The Morning Herald based on hospital "
                            "records.", "en", outlet="The Morning Herald (Westland)")
    assert _sources(found)[151] is None


def test_fr_what_the_outlet_s_correspondent_saw_has_no_source(nlp) -> None:
    text = ("Selon la chaîne Télé Nord, 40 personnes ont été interpellées à Verlan. À Lisle, "
            "la police a procédé à 14 interpellations, a constaté le correspondant de "
            "l'Agence Zeta.")
    found = _claims(nlp, text, "fr", outlet="Agence Zeta")
    assert _sources(found)[14] is None


# --------------------------------------------------------------------------- rounds of naming


def test_fr_a_pronoun_subject_gives_way_to_the_speaker_named_after(nlp) -> None:
    text = ("La Fédération des secours de Norvalie a lancé un appel.\n\n"
            "Elle estime que quelque 300 000 personnes sont touchées par le séisme, a indiqué "
            "son directeur régional pour le Sud, Hugo Marant, au cours d'une conférence de "
            "presse.")
    assert _sources(_claims(nlp, text, "fr"))[300000] == "Hugo Marant"


def test_fr_a_long_role_then_the_name_between_commas(nlp) -> None:
    found = _claims(nlp, "Jusqu'à 5 000 personnes pourraient se retrouver sans abri, a averti "
                         "vendredi le représentant du Haut-Commissariat des Nations unies pour "
                         "les réfugiés (HCR) dans le pays, Pierre Valmont.", "fr")
    assert [c.source.name if c.source else None for c in found] == ["Pierre Valmont"]


def test_fr_a_role_tagged_as_a_body_closed_by_a_name(nlp) -> None:
    found = _claims(nlp, "À Paris, le ministre de l'Intérieur et des Outre-mer Gérard Malet a "
                         "indiqué qu'une centaine de policiers avaient été blessés.", "fr")
    assert _sources(found)[100] == "Gérard Malet"


def test_fr_a_foreign_country_sending_help_is_no_paragraph_source(nlp) -> None:
    text = ("Au moins 1 200 personnes ont été tuées en Turquie, selon l'Autorité de gestion "
            "des catastrophes. La France a envoyé 139 sauveteurs de la Sécurité civile.")
    found = _claims(nlp, text, "fr")
    assert _sources(found)[1200] == "Autorité de gestion des catastrophes"
    assert _sources(found)[139] is None

