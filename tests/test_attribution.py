"""Who said it, where, and which numbers are figures at all (issue #15), on sentences and
short documents written for these tests (places, names and numbers invented).

Each test names the general rule behind it; a test checks the claims of the whole
per-document analysis of a French document (parse, extraction, harmonisation).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from recoupe.extract.claims.group import GROUP_RULES
from recoupe.extract.claims.kind import KIND_RULES
from recoupe.extract.claims.source import SOURCE_RULES
from recoupe.pipeline import analyze_document
from recoupe.records import Claim, Document
from recoupe.textfold import word_key

_cache: dict[str, tuple[Claim, ...]] = {}


@pytest.fixture
def claims(nlp):
    """The claims of a French text dated 2024-08-20, analysed once per session."""

    def read(text: str) -> tuple[Claim, ...]:
        if text not in _cache:
            doc = Document(id=f"t{len(_cache)}", text=text, lang="fr", published="2024-08-20")
            _cache[text] = analyze_document(doc, nlp).claims
        return _cache[text]

    return read


def _one(found: tuple[Claim, ...], low: int) -> Claim:
    matching = [c for c in found if c.low == low]
    assert len(matching) == 1, [(c.kind, c.low) for c in found]
    return matching[0]


def _source(claim: Claim) -> str | None:
    return word_key(claim.source.name) if claim.source else None


def _place(claim: Claim) -> str | None:
    return claim.place.name if claim.place else None


# --------------------------------------------------------------------------- sources


def test_faire_etat_is_a_speech_verb_not_a_speaker(claims) -> None:
    """"a fait état de": the noun of the locution is what is said, never "État"."""
    claim = _one(claims("Le ministère de la Santé a fait état de 14 morts à Sfax."), 14)
    assert _source(claim) == "ministere de la sante"


def test_a_cited_speaker_wins_over_the_agency_citing_them(claims) -> None:
    """"X, cité par l'agence Y, a fait état de": X speaks, Y only carries it."""
    text = "Le gouverneur Ahmed Benali, cité par l'agence APS, a fait état de 19 morts à Béjaïa."
    source = _source(_one(claims(text), 19))
    assert source is not None and "benali" in source


@pytest.mark.parametrize(("text", "low"), [
    # a date is not a speaker
    ("Selon les chiffres publiés ce mardi, 27 personnes ont été tuées à Gao.", 27),
    # an event is not a speaker
    ("Selon un bilan provisoire après le passage du cyclone, 9 personnes sont mortes à "
     "Toamasina.", 9),
    # the impersonal "on" is nobody
    ("Au moins 31 personnes ont été blessées à Sousse, a-t-on appris.", 31),
])
def test_non_speakers_are_never_sources(claims, text: str, low: int) -> None:
    assert _one(claims(text), low).source is None


def test_the_counted_noun_is_not_the_speaker(claims) -> None:
    """"2 500 gendarmes … seront envoyés, a annoncé le Premier ministre": the minister."""
    text = ("Quelque 2 500 gendarmes de plus seront envoyés dans la région, a annoncé le Premier "
            "ministre.")
    source = _source(_one(claims(text), 2500))
    assert source is not None and "ministre" in source


def test_la_meme_source_is_the_previous_speaker_across_paragraphs(claims) -> None:
    text = ("Le ministère de l'Intérieur a annoncé 40 morts à Derna.\n\n"
            "Selon la même source, 120 personnes sont portées disparues.")
    assert _source(_one(claims(text), 120)) == "ministere de l'interieur"


def test_a_source_named_for_a_paragraph_governs_its_figures(claims) -> None:
    text = ("Le ministère de l'Intérieur a publié un nouveau bilan samedi. 1 305 personnes sont "
            "mortes et 1 832 blessées.")
    found = claims(text)
    assert {_source(_one(found, n)) for n in (1305, 1832)} == {"ministere de l'interieur"}


def test_a_source_named_in_the_title_governs_the_body(claims) -> None:
    text = ("Séisme : 2 100 morts, selon le ministère de l'Intérieur\n\n"
            "La secousse a frappé la région d'Al Haouz vendredi soir. Au total, 2 100 personnes "
            "ont péri et 2 400 ont été blessées.")
    claim = _one(claims(text), 2400)
    assert _source(claim) == "ministere de l'interieur"
    assert claim.rule is not None and claim.rule.source == "title_speaker"


def test_a_ajoute_la_meme_source_is_the_previous_speaker(claims) -> None:
    text = ("Le ministère a annoncé 40 morts à Derna. 120 personnes sont portées disparues, a "
            "ajouté la même source.")
    assert _source(_one(claims(text), 120)) == "ministere"


def test_a_pronoun_is_the_last_speaker_of_its_gender(claims) -> None:
    """"Elle" is the civil protection (feminine), not the minister named after it."""
    text = ("La protection civile a recensé 22 morts à Blida. Le ministre de l'Intérieur a "
            "annoncé un plan d'aide. Elle a ensuite dénombré 300 blessés.")
    assert _source(_one(claims(text), 300)) == "protection civile"


def test_an_epicene_role_takes_the_gender_of_its_article(claims) -> None:
    """"la ministre … Selon elle": "ministre" is both genders; "la" says which, so "elle"
    is the minister and not the agency named before her."""
    text = ("Les pluies ont fait 480 morts, selon l'Agence nationale des urgences. Lors d'une "
            "conférence de presse, la ministre de l'Environnement, Aminata Diallo, a affirmé "
            "que la saison est exceptionnelle. Selon elle, 2 millions de personnes sont "
            "touchées par les inondations.")
    assert _source(_one(claims(text), 2_000_000)) in ("aminata diallo",
                                                      "ministre de l'environnement")


def test_a_figure_stated_on_the_article_authority_takes_no_earlier_clause(claims) -> None:
    """The speech verb says something else, and a clause break separates the figure."""
    text = ("Le ministre a déclaré l'état d'urgence à Niamey ; 30 personnes ont été tuées dans "
            "les émeutes.")
    assert _one(claims(text), 30).source is None


def test_the_sentence_opening_a_list_gives_its_items_their_source(claims) -> None:
    """"Selon les données de X, la répartition … est la suivante :" and the lines under it:
    every item is X's, though each sits alone on its line."""
    text = ("Les crues ont fait 640 morts dans le pays.\n\n"
            "Selon les chiffres de la Direction de la protection civile, les décès se "
            "répartissent ainsi :\nMopti : 212\nSégou : 98\n\n"
            "Les écoles restent fermées dans la région.")
    found = claims(text)
    assert {_source(_one(found, n)) for n in (212, 98)} == {"direction de la protection civile"}
    assert _one(found, 98).rule.source == "list_intro"


def test_a_list_opened_by_a_participle_takes_its_agent(claims) -> None:
    text = ("Le détail des décès par district, tel que diffusé par le Bureau national des "
            "urgences, est le suivant :\nKasese : 31\nBundibugyo : 17")
    assert _source(_one(claims(text), 17)) == "bureau national des urgences"


def test_l_organisation_is_the_organisation_named_before(claims) -> None:
    """A bare "l'organisation", "l'agence" stands for the body last named."""
    text = ("L'ONG Karapatan, basée à Manille, a recensé 57 morts depuis janvier. "
            "L'organisation publie une liste par région. Viennent ensuite :\n"
            "Mindanao : 21 ;\nVisayas : 9 ;")
    source = _source(_one(claims(text), 21))
    assert source is not None and source.endswith("karapatan")


@pytest.mark.parametrize(("text", "low", "expected"), [
    ("Le président ghanéen John Mahama a annoncé lundi 8 morts à Accra. Selon le chef de "
     "l'État, 140 personnes ont été interpellées.", 140, "john mahama"),
    ("Le haut-commissaire de la République, Paul Mercier, a tenu une conférence de presse. "
     "Le représentant de l'État a évoqué 60 interpellations à Papeete.", 60, "paul mercier"),
])
def test_an_epithet_stands_for_the_person_named_before(claims, text: str, low: int,
                                                       expected: str) -> None:
    """"le chef de l'État", "le représentant de l'État": the person, not a new source."""
    assert _source(_one(claims(text), low)) == expected


@pytest.mark.parametrize(("text", "low"), [
    ("Selon le rapport de l'Agence des urgences, 410 personnes ont été blessées.\n\n"
     "Le rapport indique que la région de Sylhet compte 96 morts.", 96),
    ("L'Agence des urgences a publié samedi un bilan de 410 blessés.\n\n"
     "Selon le document, 52 personnes sont portées disparues à Sylhet.", 52),
])
def test_a_definite_document_is_the_one_its_giver_just_gave(claims, text: str, low: int) -> None:
    """"Le rapport indique que", "selon le document": the document just reported; its
    giver is the source. ("selon un bilan officiel" names no one: see above.)"""
    assert _source(_one(claims(text), low)) == "agence des urgences"


def test_a_body_s_name_is_not_cut_at_its_de(claims) -> None:
    """A recogniser that stops a name at "de" ("Bureau … humanitaires de") loses the
    complement that says whose bureau it is: the phrase is kept whole."""
    text = ("Selon le Bureau de la coordination des affaires humanitaires de l'ONU, 1,2 million "
            "de personnes sont touchées au Mozambique.")
    source = _source(_one(claims(text), 1_200_000))
    assert source is not None and not source.endswith(" de")


def test_a_body_named_after_its_kind_keeps_its_whole_name(claims) -> None:
    """"a affirmé jeudi l'ONG Iran Human Rights": the organisation's name, not "ONG Iran"."""
    text = "La répression a fait 88 morts, a affirmé jeudi l'ONG Iran Human Rights, basée à Oslo."
    assert _source(_one(claims(text), 88)) == "iran human rights"


@pytest.mark.parametrize(("text", "low", "expected"), [
    # a document whose giver is the agent of its participle
    ("L'éboulement a fait 83 morts, selon un bilan provisoire rendu public jeudi par le "
     "ministère de l'Intérieur.", 83, "ministere de l'interieur"),
    ("Selon un communiqué diffusé par la préfecture, 12 personnes sont mortes à Cayenne.", 12,
     "prefecture"),
])
def test_a_document_s_giver_is_the_source(claims, text: str, low: int, expected: str) -> None:
    assert _source(_one(claims(text), low)) == expected


@pytest.mark.parametrize(("text", "low", "expected"), [
    # a body named in full is itself, not "the authorities" of its country
    ("Selon l'Autorité nationale de gestion des catastrophes, 1 136 personnes sont mortes "
     "au Pakistan.", 1136, "autorite nationale de gestion des catastrophes"),
    ("L'autorité afghane de gestion des catastrophes a fait état de 90 morts à Herat.", 90,
     "autorite afghane de gestion des catastrophes"),
    # "les autorités locales" is the source as written
    ("Les autorités locales ont fait état de 14 blessés à Quelimane.", 14, "autorites locales"),
    # the government spoken of by nationality (any gender, any number) is its country's
    ("Les autorités marocaines ont fait état de 7 morts à Taroudant.", 7, "maroc"),
    ("Selon les autorités pakistanaises, 9 personnes sont mortes à Lahore.", 9, "pakistan"),
])
def test_which_authorities_stand_for_their_country(claims, text: str, low: int,
                                                   expected: str) -> None:
    assert _source(_one(claims(text), low)) == expected


def test_a_speaker_ending_the_title_governs_the_body(claims, nlp) -> None:
    """The title is a field of its own (not in the text) and still frames the body."""
    doc = Document(id="titled", text="La crue a fait 37 morts dans la vallée de Swat.",
                   lang="fr", published="2024-08-20",
                   title="Inondations : 37 morts, selon l'Autorité provinciale des urgences")
    claim = _one(analyze_document(doc, nlp).claims, 37)
    assert _source(claim) == "autorite provinciale des urgences"
    untold = replace(doc, id="untold", title="Inondations : 37 morts, selon un bilan officiel")
    assert _one(analyze_document(untold, nlp).claims, 37).source is None


# --------------------------------------------------------------------------- places


def test_dans_le_pays_is_the_country_not_where_the_speaker_spoke(claims) -> None:
    text = "Lors d'un point presse à Bamako, le ministre a annoncé 16 morts dans le pays."
    assert _place(_one(claims(text), 16)) == "Mali"


def test_a_figure_for_two_countries_joins_them_in_text_order(claims) -> None:
    text = "Les pluies ont fait plus de 1 200 morts au Pérou et en Équateur."
    assert _place(_one(claims(text), 1200)) == "Pérou + Équateur"


def test_dans_les_deux_pays_is_the_two_countries_named_before(claims) -> None:
    text = ("Le séisme a touché la Turquie et la Syrie lundi. Selon les autorités, 5 000 "
            "personnes sont mortes dans les deux pays.")
    assert _place(_one(claims(text), 5000)) == "Turquie + Syrie"


def test_a_street_or_landmark_gives_way_to_its_city(claims) -> None:
    text = "Des heurts ont éclaté à Paris. Douze manifestants ont été blessés place de la Bastille."
    assert _place(_one(claims(text), 12)) == "Paris"


def test_where_the_speaker_spoke_is_not_where_the_figure_is(claims) -> None:
    text = ("Une tempête a frappé les Açores mardi.\n\n"
            "Depuis Lisbonne, le porte-parole de la protection civile a annoncé 7 morts.")
    assert _place(_one(claims(text), 7)) != "Lisbonne"


def test_a_toll_named_nowhere_near_a_place_is_the_country_s(claims) -> None:
    """The story ranges over two regions of one country: a toll stated with no place is
    the country's, named in the language of the article."""
    text = ("Des pluies diluviennes ont frappé Dacca et Chittagong la semaine dernière.\n\n"
            "Le gouvernement a fait état de 120 morts.")
    assert _place(_one(claims(text), 120)) == "Bangladesh"


def test_a_toll_named_nowhere_near_a_place_is_the_story_s_city(claims) -> None:
    """The lead puts the story in one city and the article stays there: a toll stated
    with no place is that city's (the narrowest place the text gives for it)."""
    text = ("Des pluies diluviennes ont frappé Dacca la semaine dernière.\n\n"
            "Le gouvernement a fait état de 120 morts.")
    assert _place(_one(claims(text), 120)) == "Dacca"


def test_a_capitalised_common_noun_is_no_place(claims) -> None:
    claim = _one(claims("Les combats dans l'Est ont fait 40 morts, selon l'ONU."), 40)
    assert _place(claim) not in ("Est", "État")


@pytest.mark.parametrize("text", [
    # with its elided article, still a common noun
    "La crue a frappé la Libye. Dans l'Est, 3 200 morts ont été recensés par le Croissant-Rouge.",
    "Le cyclone a frappé la Libye. Selon le gouvernement de l'Est, 3 200 personnes sont mortes.",
])
def test_a_compass_point_with_its_article_is_no_place(claims, text: str) -> None:
    assert _place(_one(claims(text), 3200)) not in ("l'Est", "Est")


def test_a_medium_named_after_its_kind_is_no_place(claims) -> None:
    """"cité par le site Maliweb": the channel, never the figure's scope."""
    text = ("Les heurts ont secoué le Mali. Le parti a fait état de 26 morts, selon son "
            "porte-parole cité par le site Maliweb.")
    assert _place(_one(claims(text), 26)) != "Maliweb"


def test_a_speaker_cited_by_a_channel_is_named_without_it(claims) -> None:
    """"selon son porte-parole cité par le journal X": the spokesman, not the whole chain."""
    text = ("Les heurts ont secoué le Mali. Le parti a fait état de 26 morts, selon son "
            "porte-parole cité par le journal Maliweb.")
    assert _source(_one(claims(text), 26)) == "porte-parole"


def test_the_publisher_s_credit_in_a_dateline_is_no_place(claims, nlp) -> None:
    doc = Document(id="dateline", lang="fr", published="2024-08-20", outlet="APS Infos",
                   text="Bamako, 3 juin (APS) - Le ministre a annoncé 15 morts au Mali.")
    assert _place(_one(analyze_document(doc, nlp).claims, 15)) == "Mali"
    no_country = replace(doc, id="dateline2",
                         text="Bamako, 3 juin (APS) - Le ministre a annoncé 15 morts.")
    assert _place(_one(analyze_document(no_country, nlp).claims, 15)) != "APS"


def test_a_press_point_held_somewhere_is_the_speaker_s_venue(claims) -> None:
    """"lors d'un point de presse tenu à Rabat": a participle between the venue and its town
    does not make the town the figure's scope."""
    text = ("Un séisme a frappé le Maroc vendredi.\n\n"
            "Lors d'un point de presse tenu à Rabat, le porte-parole a fait état de 632 morts.")
    assert _place(_one(claims(text), 632)) == "Maroc"


# --------------------------------------------------------------------------- figures


def test_a_colon_list_counts_what_its_heading_counts_per_labelled_place(claims) -> None:
    text = ("Voici le bilan des blessés par province :\n"
            "Province du Nord : 41 personnes ; Province du Sud : 12 personnes.")
    found = claims(text)
    assert [(c.kind, c.low, _place(c)) for c in found] == [
        ("injured", 41, "Province du Nord"), ("injured", 12, "Province du Sud"),
    ]


@pytest.mark.parametrize(("text", "low"), [
    ("Le bilan a été relevé à 57 personnes à Sohag.", 57),  # a toll is the dead
    ("L'effondrement a fait de nouvelles victimes, portant à onze le nombre de victimes.", 11),
    ("Les corps de 214 personnes ont été retrouvés à Derna.", 214),
    ("Un décès a été enregistré à Mopti.", 1),
])
def test_tolls_raised_bodies_and_single_deaths_are_killed(claims, text: str, low: int) -> None:
    assert _one(claims(text), low).kind == "killed"


def test_a_part_among_the_victims_is_a_part_of_the_last_toll(claims) -> None:
    """"Au moins 60 touristes figurent parmi les victimes": 60 of the 120 dead."""
    found = claims("Le naufrage a fait 120 morts au large de Lampedusa. Au moins 60 touristes "
                   "figurent parmi les victimes.")
    part, whole = _one(found, 60), _one(found, 120)
    assert (part.kind, part.group, part.subset_of) == ("killed", "civilians", whole.id)


def test_letter_o_typed_for_zero_is_read_as_zero(claims) -> None:
    claim = _one(claims("Quelque 12.OOO gendarmes ont été déployés à Nouméa."), 12000)
    assert (claim.kind, claim.group) == ("deployed", "security_forces")


def test_coordinated_counts_share_the_casualty_word(claims) -> None:
    """"31 soldats et 8 pompiers blessés": both were injured, none deployed."""
    found = claims("Selon l'armée, 31 soldats et 8 pompiers blessés ont été évacués vers Kaboul.")
    assert [(c.kind, c.low) for c in found] == [("injured", 31), ("injured", 8)]


@pytest.mark.parametrize("text", [
    "Les inondations de 2010, qui avaient fait 1 700 morts, restent dans les mémoires à Karachi.",
    "Le séisme de 2004, qui a fait 230 000 morts, reste dans les mémoires à Banda Aceh.",
    "Les inondations de 2010 au Sind avaient fait environ 2 000 morts.",
    "En 1999, le séisme d'Izmit avait causé la mort de plus de 17 000 personnes.",
])
def test_a_past_event_given_as_comparison_is_no_claim(claims, text: str) -> None:
    assert claims(text) == ()


def test_an_earlier_toll_of_this_crisis_is_still_a_claim(claims) -> None:
    """A past tense with no other year is the story's own earlier figure, not a comparison."""
    claim = _one(claims("Le précédent bilan avait fait état de 12 morts à Sukkur."), 12)
    assert claim.kind == "killed"


@pytest.mark.parametrize("text", [
    "La commune compte quatre arrondissements touchés par les coupures.",
    "Une vingtaine d'associations ont appelé à manifester samedi à Lyon.",
    "Les pluies tombent au cours des 3 dernières semaines à Dacca.",
    "Une trentaine de répliques ont été ressenties à Al Hoceima.",
    "Une dizaine de municipalités ont demandé l'état de catastrophe naturelle.",
])
def test_counts_of_things_no_crisis_counts_are_no_claims(claims, text: str) -> None:
    assert claims(text) == ()


def test_every_claim_names_the_rules_that_chose_it(claims) -> None:
    found = claims("Le ministère de la Santé a fait état de 14 morts à Sfax.")
    rule = _one(found, 14).rule
    assert rule is not None
    kind_rules = {r.__name__ for r in KIND_RULES}
    assert rule.kind.split(".")[0] in kind_rules
    assert rule.source in {name for name, _ in SOURCE_RULES}
    assert rule.place == "clause"
    assert all(r.__name__ for r in GROUP_RULES)
