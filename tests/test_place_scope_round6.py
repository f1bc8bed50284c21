"""Where a figure is, when its sentence names other places too (issue #15 "Places"): the
reported words of a statement against where it was made, a part or an earlier count and
its whole, a breakdown by place, "the two districts", places that describe something else
than the counted people, where people came from, a raised toll, and the place a speaker
answers for. Invented articles, French and English."""

from __future__ import annotations

import pytest

from recoupe.pipeline import analyze_document
from recoupe.records import Claim, Document


@pytest.fixture(scope="module")
def read():
    """Texts through the whole per-document pipeline (models loaded once)."""
    cache: dict[tuple[str, str], tuple[Claim, ...]] = {}

    def analyse(text: str, lang: str = "fr") -> tuple[Claim, ...]:
        if (text, lang) not in cache:
            doc = Document(id="scope", text=text, lang=lang, published="2024-03-05")
            cache[(text, lang)] = analyze_document(doc).claims
        return cache[(text, lang)]
    return analyse


def _place(claims: tuple[Claim, ...], low: int) -> tuple[str | None, str | None]:
    found = [c for c in claims if c.low == low]
    assert found, [(c.low, c.kind) for c in claims]
    claim = found[0]
    return (claim.place.name if claim.place else None,
            claim.rule.place if claim.rule else None)


# -- what a statement says, not where it was made ------------------------------------------

@pytest.mark.parametrize(("text", "lang", "low", "place"), [
    ("Floods hit Myanmar this week. The junta said in a statement carried by state media "
     "that nine people died in Sittwe.", "en", 9, "Sittwe"),
    ("Le Mali est frappé par des pluies. Le ministre a déclaré lors d'un point de presse à "
     "Bamako que 12 personnes sont mortes à Kayes.", "fr", 12, "Kayes"),
])
def test_a_place_in_the_reported_words_is_the_figures(read, text, lang, low, place) -> None:
    assert _place(read(text, lang), low) == (place, "clause")


def test_a_venue_still_is_not_the_figures_place(read) -> None:
    text = ("Le Mali est frappé par des pluies. Lors d'un point de presse à Bamako, le "
            "ministre a annoncé 16 morts dans le pays.")
    assert _place(read(text), 16)[0] == "Mali"


def test_a_name_the_parser_cut_at_its_start_is_made_whole(read) -> None:
    claims = read("Floods hit Spain. Seven people died in Castilla-La Mancha on Tuesday.", "en")
    name, rule = _place(claims, 7)
    assert name is not None and name.endswith("Castilla-La Mancha") and rule == "clause"


# -- a part, or an earlier count, is where its whole is -----------------------------------

def test_a_part_is_counted_where_its_whole_is(read) -> None:
    text = ("Les heurts continuent au Pérou. Au moins 64 personnes ont été blessées à Arequipa "
            "jeudi, dont 17 policiers, a indiqué le ministère de la Santé.")
    assert _place(read(text), 64)[0] == "Arequipa"
    assert _place(read(text), 17) == ("Arequipa", "subset")


def test_an_earlier_count_compared_is_where_the_new_one_is(read) -> None:
    text = ("Les inondations frappent l'Espagne. Les secours ont fait état samedi de 93 morts "
            "dans la province de Malaga, contre 81 la veille.")
    claims = read(text)
    assert _place(claims, 81) == (_place(claims, 93)[0], "subset")


def test_a_part_with_a_place_of_its_own_keeps_it(read) -> None:
    text = ("Les émeutes touchent la France. La police a interpellé 310 personnes à Lyon, "
            "dont 45 à Villeurbanne.")
    assert _place(read(text), 45) == ("Villeurbanne", "clause")


# -- a breakdown by place frames nothing after it -----------------------------------------

def test_a_breakdown_by_place_does_not_frame_the_next_sentence(read) -> None:
    text = ("The cyclone struck Myanmar on Sunday.\n\n"
            "Officials said 88 people died in Sittwe and 14 in Magway. "
            "They said 140 people were still missing.")
    claims = read(text, "en")
    assert _place(claims, 88)[0] == "Sittwe"
    assert _place(claims, 14)[0] == "Magway"
    assert _place(claims, 140)[0] not in ("Magway", "Sittwe")


def test_one_place_for_a_sentence_still_frames_the_next(read) -> None:
    text = ("Le séisme a frappé le Maroc.\n\n"
            "À Marrakech, 23 personnes sont mortes. Six enfants figurent parmi les morts.")
    assert _place(read(text), 6)[0] == "Marrakech"


# -- "the two districts" ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang"), [
    ("An earthquake hit Nepal. The ministry said 77 people died in Jajarkot district and 31 "
     "in Dailekh, while 250 people were injured in the two districts.", "en"),
    ("Un séisme a frappé le Maroc. Il a fait 77 morts dans la province de Taroudant et 31 "
     "dans la province de Chichaoua. On compte 250 blessés dans les deux provinces.", "fr"),
])
def test_the_two_divisions_are_the_last_two_named(read, text, lang) -> None:
    name, rule = _place(read(text, lang), 250)
    assert rule is not None and rule.endswith("two_divisions")
    first, second = _place(read(text, lang), 77)[0], _place(read(text, lang), 31)[0]
    assert name == f"{first} + {second}"


# -- places that describe something else --------------------------------------------------

def test_a_place_in_a_clause_about_the_event_is_not_the_figures(read) -> None:
    text = ("La France connaît une quatrième nuit de violences. Le ministère a fait état de "
            "640 personnes arrêtées au cours de la nuit de troubles qui ont éclaté après la "
            "mort d'un adolescent tué par un policier à Nanterre.")
    assert _place(read(text), 640)[0] != "Nanterre"


def test_a_place_in_a_clause_about_the_counted_people_is_theirs(read) -> None:
    text = ("Le Mali est frappé par des pluies. Neuf personnes qui se trouvaient à Kayes sont "
            "mortes.")
    assert _place(read(text), 9) == ("Kayes", "clause")


def test_a_place_named_in_a_relative_clause_of_the_lead_place_is_not_the_scope(read) -> None:
    text = ("Les émeutes touchent la France. À Lyon, où des vitrines ont été brisées près de "
            "la place Bellecour, la préfecture a annoncé 57 interpellations.")
    assert _place(read(text), 57) == ("Lyon", "sentence_lead")


def test_of_places_each_within_the_next_the_finest_opens_the_sentence(read) -> None:
    text = ("Les inondations frappent l'Espagne. À Letur, petit village de la province "
            "d'Albacete, en Castille-La Manche, cinq habitants sont toujours recherchés.")
    assert _place(read(text), 5) == ("Letur", "sentence_lead")


# -- where people came from ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang"), [
    ("La crise continue au Pérou. Jeudi, des milliers de manifestants venus de Puno, Cusco "
     "et Arequipa ont défilé dans le centre de Lima.", "fr"),
    ("The crisis goes on in Peru. Thousands of protesters who came from Puno, Cusco and "
     "Arequipa marched in Lima on Thursday.", "en"),
])
def test_where_people_came_from_is_not_where_they_are_counted(read, text, lang) -> None:
    claims = read(text, lang)
    assert claims and all(c.place is not None and c.place.name == "Lima" for c in claims)


# -- a raised toll ------------------------------------------------------------------------

def test_a_raised_toll_is_not_where_the_last_death_happened(read) -> None:
    text = ("Les émeutes secouent la Nouvelle-Calédonie. La gendarmerie a annoncé la mort "
            "d'un gendarme blessé à Plum, un militaire de l'escadron de Melun, portant à six "
            "le nombre de morts.")
    name, _ = _place(read(text), 6)
    assert name not in ("Plum", "Melun")


def test_a_raised_toll_opened_by_its_place_keeps_it(read) -> None:
    text = ("La tempête a frappé la Libye. À Derna, le bilan a été porté à 5 300 morts "
            "mardi, selon le Croissant-Rouge.")
    assert _place(read(text), 5300)[0] == "Derna"


# -- the place a speaker answers for ------------------------------------------------------

def test_officials_of_a_region_speak_for_it(read) -> None:
    text = ("Floods hit Spain this week.\n\n"
            "Officials in the neighbouring regions of Murcia and Andalusia announced a "
            "combined four deaths.")
    name, rule = _place(read(text, "en"), 4)
    assert rule == "speaker" and name is not None and "Andalusia" in name


def test_the_mayor_of_the_town_speaks_for_the_town(read) -> None:
    text = ("La tempête a dévasté Derna, dans l'est de la Libye.\n\n"
            "Le maire de la ville a estimé que 8 000 personnes pourraient être mortes.")
    assert _place(read(text), 8000)[0] == "Derna"


def test_an_official_in_the_capital_speaks_for_the_country(read) -> None:
    text = ("An earthquake struck western Nepal on Friday.\n\n"
            "An official in Kathmandu said 12 people had died.")
    assert _place(read(text, "en"), 12)[0] != "Kathmandu"


# -- an acronym is a place only as a town of the story ------------------------------------

def test_an_acronym_that_names_a_weather_event_is_no_place(read) -> None:
    text = ("Les inondations frappent l'Espagne. Près de la moitié des 216 décès causés par "
            "la DANA dans la province de Valence sont concentrés dans quatre communes.")
    assert _place(read(text), 216)[0] != "DANA"


def test_near_a_landmark_of_the_town_is_the_town(read) -> None:
    text = ("La tension reste vive à Ayacucho, au Pérou.\n\n"
            "Huit personnes ont été tuées lors de heurts près de l'aéroport de la ville.")
    assert _place(read(text), 8)[0] == "Ayacucho"


# -- lists: examples, locators, places of one level ---------------------------------------

def test_every_place_of_an_example_list_is_an_example(read) -> None:
    text = ("Floods hit Libya. The storm also killed about 90 people elsewhere in the country, "
            "including in the towns of Bayda, Susa and Marj, according to the UN.")
    assert _place(read(text, "en"), 90) == ("Libya", "clause.country_scope")


def test_a_place_that_locates_a_described_place_is_not_the_scope(read) -> None:
    text = ("Les émeutes touchent la France. Le ministère a fait état de 512 personnes "
            "arrêtées pendant la nuit de violences qui ont suivi la mort d'un jeune tué à "
            "Nanterre, dans la banlieue de Paris.")
    assert _place(read(text), 512) == ("France", "document.country")


def test_places_of_one_level_listed_after_their_noun_are_one_scope(read) -> None:
    text = ("Les émeutes touchent la France. 390 personnes ont été arrêtées à Paris et dans "
            "les départements voisins des Hauts-de-Seine, de Seine-Saint-Denis et du "
            "Val-de-Marne.")
    assert _place(read(text), 390) == (
        "Paris + Hauts-de-Seine + Seine-Saint-Denis + Val-de-Marne", "clause.places")


def test_a_raised_toll_keeps_a_place_inside_its_own_clause(read) -> None:
    text = ("A riot hit Ecuador this week. The death toll from the riot at a prison in the "
            "city of Guayaquil has risen to 97, the government said.")
    assert _place(read(text, "en"), 97)[0] == "Guayaquil"


def test_a_national_body_in_the_capital_speaks_for_the_country(read) -> None:
    text = ("Le séisme a frappé la Syrie.\n\n"
            "Le ministère de la Santé à Damas a fait état de 1 202 morts.")
    assert _place(read(text), 1202) == ("Syrie", "document.country")


def test_a_gathering_is_counted_where_it_was_held(read) -> None:
    text = ("Les émeutes touchent la France. Jeudi, une marche organisée à Nanterre avait "
            "réuni 5 800 personnes, selon la préfecture.")
    assert _place(read(text), 5800)[0] == "Nanterre"


def test_the_stricken_areas_are_the_storys_place_not_the_last_town(read) -> None:
    text = ("Les heurts secouent le Sénégal.\n\n"
            "À Dakar, la police a arrêté 50 personnes. La Croix-Rouge a dit avoir mobilisé "
            "400 volontaires dans les zones de tension.")
    name, rule = _place(read(text), 400)
    assert rule == "clause.areas" and name != "Dakar"


def test_troops_sent_to_the_stricken_areas_go_where_the_story_is(read) -> None:
    text = ("Floods hit the Valencia region in Spain. The government is deploying an extra "
            "700 troops to the stricken areas.")
    assert _place(read(text, "en"), 700) == ("Valencia region", "clause.areas")


def test_a_neighbourhood_is_too_fine_the_figure_is_the_towns(read) -> None:
    text = ("Les heurts se poursuivent à Dacca.\n\n"
            "Dans un hôpital du quartier d'Uttara, une infirmière a dit que sept personnes "
            "étaient arrivées mortes.")
    assert _place(read(text), 7)[0] == "Dacca"


# -- "in those towns", a list of names, the sentence's opening place ----------------------

@pytest.mark.parametrize(("text", "lang", "low", "place"), [
    ("Floods hit Libya. Outside Derna, the storm also hit Al Bayda, Susah and Shahat. The "
     "Red Crescent said at least 38 people had died in those towns.", "en", 38,
     "Al Bayda + Susah + Shahat"),
    ("Les crues frappent la Libye. La tempête a aussi touché Al Bayda, Soussa et Shahat. Le "
     "Croissant-Rouge a fait état de 38 morts dans ces villes.", "fr", 38,
     "Al Bayda + Soussa + Shahat"),
])
def test_those_towns_are_the_towns_listed_last(read, text, lang, low, place) -> None:
    assert _place(read(text, lang), low) == (place, "clause.listed")


def test_the_place_a_sentence_opens_with_wins_over_its_apposition(read) -> None:
    text = ("Floods hit Spain. In Paiporta, a town on the southern outskirts of Valencia, at "
            "least 45 people died, its mayor said.")
    assert _place(read(text, "en"), 45) == ("Paiporta", "sentence_lead")


def test_a_name_the_gazetteer_does_not_know_as_a_verbs_object_is_no_place(read) -> None:
    text = ("Protests shook Bangladesh. The campaign turned into a movement to oust Hasina "
            "after more than 150 people were killed, rights groups said.")
    assert _place(read(text, "en"), 150)[0] == "Bangladesh"


def test_the_outlet_named_in_its_own_text_is_still_a_place(read) -> None:
    doc = Document(id="outlet", lang="fr", published="2024-05-15",
                   outlet="Nouvelle-Calédonie la 1ère",
                   text=("Les violences continuent. Le ministre a indiqué que 60 gendarmes "
                         "avaient été blessés depuis le début des violences en "
                         "Nouvelle-Calédonie."))
    claims = analyze_document(doc).claims
    assert _place(claims, 60)[0] == "Nouvelle-Calédonie"


def test_every_place_rule_a_claim_records_is_in_the_rule_table(read) -> None:
    from recoupe.extract.claims.place import known_place_rule

    texts = [
        ("Le séisme a frappé le Maroc. Il a fait 77 morts dans la province de Taroudant et 31 "
         "dans la province de Chichaoua. On compte 250 blessés dans les deux provinces.", "fr"),
        ("Floods hit Libya. Outside Derna, the storm also hit Al Bayda, Susah and Shahat. The "
         "Red Crescent said at least 38 people had died in those towns.", "en"),
        ("La tempête a dévasté Derna, dans l'est de la Libye.\n\n"
         "Le maire de la ville a estimé que 8 000 personnes pourraient être mortes. Au total, "
         "12 000 personnes ont été déplacées dans le pays.", "fr"),
    ]
    rules = {c.rule.place for text, lang in texts for c in read(text, lang)
             if c.rule and c.rule.place}
    assert rules and all(known_place_rule(r) for r in rules), rules
    assert not known_place_rule("clause.nowhere")


def test_a_common_noun_the_tagger_took_for_a_place_is_none(read) -> None:
    text = ("Un séisme a frappé le Maroc. Il a été indiqué que le nombre des blessés dans le "
            "tremblement de terre qui a frappé la région d'Al-Haouz s'est élevé à 4 321.")
    name, _ = _place(read(text), 4321)
    assert name is not None and "tremblement" not in name


def test_a_paragraph_opened_abroad_is_not_framed_by_that_place(read) -> None:
    text = ("Un séisme a frappé le Maroc.\n\n"
            "A Genève, la Croix-Rouge a lancé lundi un appel d'urgence. Elle estime que "
            "quelque 250 000 personnes sont touchées par le séisme.")
    assert _place(read(text), 250000)[0] != "Genève"
