"""A table of French sentences and the claims a careful analyst reads in them (issue 3).

Every sentence is written for this table: the constructions come from real French
reporting on earthquakes (Turquie/Syrie, Maroc, Haïti), floods (Derna, Valence,
Pakistan), riots (Nanterre, Nouvelle-Calédonie, Sénégal), wars and attacks (Ukraine,
Gaza, Sahel, Soudan, Moscou) and protests (Iran, retraites, gilets jaunes); the figures,
people and most wordings are invented.

Each expected claim is ``W(kind, group, low, high, qualifier, place, source)`` in the
vocabulary of CONTRACT.md:

- ``place`` is where the counted thing happened, the most specific place the text gives
  (a city over its country); None when the text names none. A generic head before the
  name is not held against the extractor ("province de Hatay" is Hatay).
- ``source`` is who the text says gave the figure (never the outlet); None when nobody
  is named. ``"A|B"`` accepts either spelling of the same source.
- A vague amount ("des dizaines", "plusieurs milliers") is compared on its qualifier
  only: CONTRACT.md lets ``low``/``high`` hold a conventional reading or null.

Group conventions (those of the reference annotations): people counted without a side
are ``all``; residents, children, families, displaced people and refugees are
``civilians``; demonstrators, rioters, attackers and rebels are ``protesters``; a
country's own police, gendarmes and army are ``security_forces``; another country's
troops, peacekeepers and NATO are ``foreign_forces``; rescuers are ``other``.
Kind conventions: damaged buildings, burnt cars, fires and looted shops are ``other``
(aftershocks are no claim); missiles, shells and cartridges are ``weapons``; drones,
aircraft, armoured vehicles and helicopters are ``equipment``.
"""

from __future__ import annotations

from typing import NamedTuple


class W(NamedTuple):
    """One expected claim."""

    kind: str
    group: str
    low: int | None
    high: int | None
    qualifier: str
    place: str | None = None
    source: str | None = None


class Case(NamedTuple):
    """A short text (one to three sentences) and every claim it makes."""

    id: str
    text: str
    claims: tuple[W, ...]
    why: str = ""  # the construction under test


def _c(id: str, text: str, *claims: W, why: str = "") -> Case:
    return Case(id, text, tuple(claims), why)


V = None  # low/high of a vague amount: not compared

KILLED = [
    _c("killed-bilan-seleve-a",
       "Le bilan du séisme dans la province de Hatay s'élève désormais à 1 284 morts, selon "
       "l'agence turque de gestion des catastrophes.",
       W("killed", "all", 1284, 1284, "exact", "Hatay",
         "agence turque de gestion des catastrophes"),
       why="le bilan s'élève à X morts, selon <body with adjective>"),
    _c("killed-ont-peri",
       "Au moins 46 personnes ont péri dans les crues qui ont frappé Valence mardi soir.",
       W("killed", "all", 46, None, "at_least", "Valence"),
       why="X personnes ont péri"),
    _c("killed-a-fait-au-moins",
       "L'explosion d'un camion-citerne a fait au moins 17 morts à Lagos, a indiqué la "
       "Croix-Rouge.",
       W("killed", "all", 17, None, "at_least", "Lagos", "Croix-Rouge"),
       why="a fait au moins X morts, a indiqué X (inverted)"),
    _c("killed-faisant-une-trentaine",
       "Un glissement de terrain a enseveli un quartier de Cali, faisant une trentaine de "
       "morts.",
       W("killed", "all", 30, 30, "about", "Cali"),
       why="participle clause 'faisant une trentaine de morts'"),
    _c("killed-trouve-la-mort",
       "Quatre randonneurs ont trouvé la mort dans une avalanche près de Chamonix.",
       W("killed", "civilians", 4, 4, "exact", "Chamonix"),
       why="number word + 'ont trouvé la mort'"),
    _c("killed-perdu-la-vie-pres-de",
       "Dans le nord de la Syrie, près de 500 personnes ont perdu la vie, selon les "
       "secouristes.",
       W("killed", "all", 500, 500, "about", "Syrie", "secouristes"),
       why="fronted 'Dans le nord de X,' + 'près de' + 'ont perdu la vie'"),
    _c("killed-mortes-noyees",
       "Onze personnes sont mortes noyées lorsque leur embarcation a chaviré au large de "
       "Lampedusa.",
       W("killed", "all", 11, 11, "exact", "Lampedusa"),
       why="'sont mortes noyées'"),
    _c("killed-deces-recenses",
       "Le ministère de l'Intérieur a recensé 394 décès dans la province d'Al Haouz.",
       W("killed", "all", 394, 394, "exact", "Al Haouz", "ministère de l'Intérieur"),
       why="body as subject of 'recenser X décès'"),
    _c("killed-la-mort-de",
       "Les combats ont entraîné la mort de 63 civils à Khartoum, d'après l'ONU.",
       W("killed", "civilians", 63, 63, "exact", "Khartoum", "ONU"),
       why="'la mort de X civils', d'après X"),
    _c("killed-blesses-ont-succombe",
       "Deux blessés ont succombé dans la nuit à l'hôpital de Nouméa, ce qui porte le bilan "
       "à six morts.",
       W("killed", "all", 2, 2, "exact", "Nouméa"),
       W("killed", "all", 6, 6, "exact", "Nouméa"),
       why="the verb 'succomber' outranks the noun 'blessés'; 'porte le bilan à X morts'"),
    _c("killed-corps-retrouves",
       "Les sauveteurs ont retrouvé 31 corps sous les décombres d'un immeuble d'Antakya.",
       W("killed", "all", 31, 31, "exact", "Antakya"),
       why="'X corps' retrieved"),
    _c("killed-number-word-civils",
       "Dix-neuf civils ont été tués dans le bombardement d'un marché à Kherson.",
       W("killed", "civilians", 19, 19, "exact", "Kherson"),
       why="hyphenated number word at sentence start"),
    _c("killed-un-gendarme",
       "Un gendarme a été tué par balle dans la nuit à Nouméa.",
       W("killed", "security_forces", 1, 1, "exact", "Nouméa"),
       why="a single victim counted by the article 'un'"),
    _c("killed-soldats-embuscade",
       "Au moins 51 soldats ont été tués dans une embuscade près de Djibo, dans le nord du "
       "Burkina Faso.",
       W("killed", "security_forces", 51, None, "at_least", "Djibo"),
       why="city preferred to the country in the same clause"),
    _c("killed-soldats-francais-mali",
       "Deux soldats français ont été tués lundi dans l'explosion d'un engin artisanal près "
       "de Gao, au Mali.",
       W("killed", "foreign_forces", 2, 2, "exact", "Gao"),
       why="demonym of another country than the story's"),
    _c("killed-casques-bleus",
       "Trois Casques bleus ont été tués lors de l'attaque de leur base à Kidal.",
       W("killed", "foreign_forces", 3, 3, "exact", "Kidal"),
       why="peacekeepers"),
    _c("killed-manifestants-selon-amnesty",
       "Selon Amnesty International, 23 manifestants ont été tués par les forces de sécurité "
       "à Dakar.",
       W("killed", "protesters", 23, 23, "exact", "Dakar", "Amnesty International"),
       why="fronted 'Selon X,'; the agent 'par les forces de sécurité' is not the victim"),
    _c("killed-bilan-passe-a",
       "Le bilan est passé à 143 morts, a annoncé mercredi le ministère russe des Situations "
       "d'urgence.",
       W("killed", "all", 143, 143, "exact", None,
         "ministère russe des Situations d'urgence|ministère des Situations d'urgence"),
       why="'le bilan est passé à', inverted speech verb with an adverb between"),
    _c("killed-injured-elided-participle",
       "Au moins 284 personnes ont été tuées en Turquie et plus de 2 000 blessées.",
       W("killed", "all", 284, None, "at_least", "Turquie"),
       W("injured", "all", 2000, None, "more_than", "Turquie"),
       why="second participle without its auxiliary"),
    _c("killed-two-countries-elided-noun",
       "Le séisme a fait 1 121 morts en Turquie et 783 en Syrie.",
       W("killed", "all", 1121, 1121, "exact", "Turquie"),
       W("killed", "all", 783, 783, "exact", "Syrie"),
       why="second figure with the noun elided, each with its own country"),
    _c("killed-tues-et-blesses-nouns",
       "L'attaque a fait 7 tués et 22 blessés à Kaboul, selon un porte-parole de la police.",
       W("killed", "all", 7, 7, "exact", "Kaboul", "police|porte-parole de la police"),
       W("injured", "all", 22, 22, "exact", "Kaboul", "police|porte-parole de la police"),
       why="'X tués et Y blessés' as nouns"),
    _c("killed-and-autres-blesses",
       "Trois soldats ont été tués et cinq autres blessés lors de l'attaque d'un poste à "
       "Ménaka.",
       W("killed", "security_forces", 3, 3, "exact", "Ménaka"),
       W("injured", "security_forces", 5, 5, "exact", "Ménaka"),
       why="'Y autres blessés' takes the group of the first figure"),
    _c("killed-per-province",
       "Le séisme a fait 290 morts dans la province d'Al Haouz et 190 dans celle de "
       "Taroudant.",
       W("killed", "all", 290, 290, "exact", "Al Haouz"),
       W("killed", "all", 190, 190, "exact", "Taroudant"),
       why="'et Y dans celle de Z'"),
    _c("killed-dont-enfants",
       "Selon le ministère de la Santé du Hamas, 8 796 personnes, dont 3 648 enfants, ont été "
       "tuées dans la bande de Gaza.",
       W("killed", "all", 8796, 8796, "exact", "Gaza",
         "ministère de la Santé du Hamas|ministère de la Santé"),
       W("killed", "civilians", 3648, 3648, "exact", "Gaza",
         "ministère de la Santé du Hamas|ministère de la Santé"),
       why="subset 'dont Y enfants' inside the subject"),
    _c("killed-parmi-lesquels",
       "La frappe a fait 11 morts à Gaza, parmi lesquels sept enfants, a déclaré la Défense "
       "civile.",
       W("killed", "all", 11, 11, "exact", "Gaza", "Défense civile"),
       W("killed", "civilians", 7, 7, "exact", "Gaza", "Défense civile"),
       why="subset 'parmi lesquels Y enfants'"),
    _c("killed-enfants-parmi-les-victimes",
       "Le bilan de l'incendie s'élève à 48 morts à Valparaiso. On compte 12 enfants parmi "
       "les victimes.",
       W("killed", "all", 48, 48, "exact", "Valparaiso"),
       W("killed", "civilians", 12, 12, "exact", "Valparaiso"),
       why="'X enfants parmi les victimes' in the next sentence"),
    _c("killed-figurent-parmi-les-morts",
       "Au moins 1 873 enfants figurent parmi les morts à Gaza, selon le ministère de la "
       "Santé.",
       W("killed", "civilians", 1873, None, "at_least", "Gaza", "ministère de la Santé"),
       why="'X figurent parmi les morts'"),
    _c("killed-d-entre-eux",
       "Quelque 300 soldats ont été tués depuis le début de l'offensive ; 40 d'entre eux "
       "étaient des officiers.",
       W("killed", "security_forces", 300, 300, "about"),
       W("killed", "security_forces", 40, 40, "exact"),
       why="'Y d'entre eux' after a semicolon"),
    _c("killed-decompte-afp",
       "Plus de 1 200 personnes ont été tuées en Israël, d'après un décompte de l'AFP fondé "
       "sur des chiffres officiels.",
       W("killed", "all", 1200, None, "more_than", "Israël", "AFP"),
       why="'d'après un décompte de X'"),
    _c("killed-selon-un-nouveau-bilan",
       "Selon un nouveau bilan, 95 personnes sont mortes dans la région de Valence.",
       W("killed", "all", 95, 95, "exact", "Valence"),
       why="'selon un nouveau bilan' names nobody"),
    _c("killed-bilan-provisoire-fait-etat",
       "Le bilan provisoire fait état de 53 morts et de 420 blessés dans la province de "
       "Malatya.",
       W("killed", "all", 53, 53, "exact", "Malatya"),
       W("injured", "all", 420, 420, "exact", "Malatya"),
       why="'le bilan provisoire fait état de X morts et de Y blessés'"),
    _c("killed-gouverneur-cite-par",
       "Le gouverneur de Sanliurfa, cité par l'agence Anadolu, a fait état de 17 morts et de "
       "30 blessés dans sa province.",
       W("killed", "all", 17, 17, "exact", "Sanliurfa", "gouverneur de Sanliurfa"),
       W("injured", "all", 30, 30, "exact", "Sanliurfa", "gouverneur de Sanliurfa"),
       why="'X, cité par Y, a fait état de': the source is X, Y only relays"),
    _c("killed-rapporte-ong",
       "Au moins 40 villageois ont été tués dans l'attaque d'un village près d'El-Facher, "
       "rapporte Médecins sans frontières.",
       W("killed", "civilians", 40, None, "at_least", "El-Facher",
         "Médecins sans frontières"),
       why="inverted 'rapporte X'"),
    _c("killed-quote-a-declare-prefet",
       "« Nous déplorons 14 morts à Mamoudzou », a déclaré le préfet, François Dupuis.",
       W("killed", "all", 14, 14, "exact", "Mamoudzou", "François Dupuis"),
       why="figure inside a quotation, 'a déclaré le préfet, X'"),
    _c("killed-a-t-elle-precise",
       "La maire de Paiporta, Maribel Ortega, a pris la parole devant la mairie. Au moins 40 "
       "habitants sont morts dans la commune, a-t-elle précisé.",
       W("killed", "civilians", 40, None, "at_least", "Paiporta", "Maribel Ortega"),
       why="'a-t-elle précisé' with the speaker named in the previous sentence"),
    _c("killed-a-t-il-declare-quote",
       "Le gouverneur de Kherson, Oleksandre Prokoudine, s'est exprimé sur Telegram. « Deux "
       "civils ont été tués et cinq blessés dans le bombardement », a-t-il déclaré.",
       W("killed", "civilians", 2, 2, "exact", "Kherson", "Oleksandre Prokoudine"),
       W("injured", "civilians", 5, 5, "exact", "Kherson", "Oleksandre Prokoudine"),
       why="quotation + 'a-t-il déclaré', speaker and place named the sentence before"),
    _c("killed-quote-in-later-sentence",
       "Le porte-parole de la Défense civile, Mahmoud Karim, a été interrogé lundi par la "
       "presse. « Nous avons retrouvé 27 corps sous les décombres. »",
       W("killed", "all", 27, 27, "exact", None, "Mahmoud Karim"),
       why="a bare quotation belongs to the person just introduced"),
    _c("killed-dans-le-pays",
       "Le Soudan est ravagé par la guerre depuis avril 2023. Plus de 20 000 personnes ont "
       "été tuées dans le pays, selon les Nations unies.",
       W("killed", "all", 20000, None, "more_than", "Soudan", "Nations unies|ONU"),
       why="'dans le pays' is the country named before; 'avril 2023' is not a count"),
    _c("killed-city-over-country",
       "Au Liban, 12 personnes ont été tuées dans une frappe sur Tyr.",
       W("killed", "all", 12, 12, "exact", "Tyr"),
       why="the clause's city wins over the fronted country"),
    _c("killed-date-before-figure",
       "Le 6 février, au moins 4 300 personnes sont mortes en Turquie.",
       W("killed", "all", 4300, None, "at_least", "Turquie"),
       why="a date right before the figure"),
    _c("killed-magnitude-and-hour",
       "Le séisme de magnitude 6,8 survenu à 23 h 11 a fait 2 946 morts.",
       W("killed", "all", 2946, 2946, "exact"),
       why="magnitude and clock time beside a real toll"),
    _c("killed-money-beside",
       "Les inondations ont fait 1 136 morts et 10 milliards de dollars de dégâts au "
       "Pakistan.",
       W("killed", "all", 1136, 1136, "exact", "Pakistan"),
       why="money coordinated with a toll"),
    _c("killed-executions-hrw",
       "D'après Human Rights Watch, près de 200 détenus ont été exécutés dans la prison "
       "d'Evin.",
       W("killed", "civilians", 200, 200, "about", "Evin", "Human Rights Watch"),
       why="'exécutés'; unarmed detainees are civilians"),
    _c("killed-des-dizaines-vague",
       "Des dizaines de personnes ont été tuées dans les zones rebelles du nord de la Syrie.",
       W("killed", "all", V, V, "vague", "Syrie"),
       why="vague plural 'des dizaines de'"),
    _c("killed-plusieurs-centaines-prefet",
       "Le cyclone a certainement fait plusieurs centaines de morts à Mayotte, a déclaré le "
       "préfet.",
       W("killed", "all", V, V, "vague", "Mayotte", "préfet"),
       why="'plusieurs centaines de morts', bare role as source"),
    _c("killed-porte-a-le-nombre",
       "Cela porte à 3 613 le nombre total de morts dans les deux pays.",
       W("killed", "all", 3613, 3613, "exact"),
       why="'porte à X le nombre de morts': the noun comes after the number's clause"),
    _c("killed-nombre-de-morts-a-atteint",
       "En Syrie, le nombre de morts a atteint 1 509, selon le gouvernement.",
       W("killed", "all", 1509, 1509, "exact", "Syrie", "Syrie|gouvernement"),
       why="'le nombre de morts a atteint X': the kind is before the number"),
    _c("killed-a-perdu-hommes",
       "Le bataillon malien a perdu 25 hommes lors de l'assaut contre son camp de Mondoro, au "
       "Mali.",
       W("killed", "security_forces", 25, 25, "exact", "Mondoro"),
       why="'a perdu X hommes' are soldiers killed"),
    _c("killed-assaillants-tues",
       "L'armée a repris le contrôle de la ville, tuant au moins 15 assaillants.",
       W("killed", "protesters", 15, None, "at_least"),
       why="'tuant au moins X assaillants'"),
    _c("killed-source-avance-un-bilan",
       "Une source sécuritaire a avancé un bilan de 19 morts et des dizaines de disparus.",
       W("killed", "all", 19, 19, "exact", None, "source sécuritaire"),
       W("missing", "all", V, V, "vague", None, "source sécuritaire"),
       why="'a avancé un bilan de X morts et des dizaines de disparus'"),
    _c("killed-a-ecrit-sur-telegram",
       "Deux civils ont été tués à Kherson, a écrit sur Telegram le gouverneur Oleksandre "
       "Prokoudine.",
       W("killed", "civilians", 2, 2, "exact", "Kherson", "Oleksandre Prokoudine"),
       why="inverted 'a écrit sur Telegram le gouverneur X'"),
]

INJURED = [
    _c("injured-dont-graves",
       "Le séisme a fait 2 059 blessés au Maroc, dont 1 404 grièvement, selon le ministère de "
       "l'Intérieur.",
       W("injured", "all", 2059, 2059, "exact", "Maroc", "ministère de l'Intérieur"),
       W("injured", "all", 1404, 1404, "exact", "Maroc", "ministère de l'Intérieur"),
       why="'X blessés, dont Y grièvement'"),
    _c("injured-policiers-number-first",
       "24 policiers ont été blessés lors des affrontements à Nanterre.",
       W("injured", "security_forces", 24, 24, "exact", "Nanterre"),
       why="digits at the start of the sentence"),
    _c("injured-membres-forces-ordre",
       "En outre, une centaine de membres des forces de l'ordre ont été blessés, a déclaré "
       "le ministre de l'Intérieur.",
       W("injured", "security_forces", 100, 100, "about", None, "ministre de l'Intérieur"),
       why="'membres des forces de l'ordre'"),
    _c("injured-gendarmes-et-policiers",
       "Au total, 54 gendarmes et policiers ont été blessés, certains gravement, a ajouté "
       "Gérald Darmanin.",
       W("injured", "security_forces", 54, 54, "exact", None, "Gérald Darmanin"),
       why="coordinated security nouns; 'a ajouté X'"),
    _c("injured-hospitalisees",
       "Quelque 146 personnes ont été hospitalisées après l'attaque de la salle de concert de "
       "Krasnogorsk.",
       W("injured", "all", 146, 146, "about", "Krasnogorsk"),
       why="'quelque' + 'hospitalisées'"),
    _c("injured-faisant-blesses-parmi",
       "À Toulouse, 36 émeutiers ont été interpellés après des jets de tuiles qui ont fait "
       "quatre blessés parmi les policiers.",
       W("arrested", "protesters", 36, 36, "exact", "Toulouse"),
       W("injured", "security_forces", 4, 4, "exact", "Toulouse"),
       why="'X blessés parmi les policiers'; fronted 'À X,'"),
    _c("injured-pres-de-selon-protection-civile",
       "Près de 10 000 personnes ont été blessées en Haïti, selon la protection civile.",
       W("injured", "all", 10000, 10000, "about", "Haïti", "protection civile"),
       why="'près de' + 'blessées', selon <lower-case body>"),
    _c("injured-legers-et-graves",
       "On dénombre 35 blessés légers et 6 blessés graves à Marseille.",
       W("injured", "all", 35, 35, "exact", "Marseille"),
       W("injured", "all", 6, 6, "exact", "Marseille"),
       why="'X blessés légers et Y blessés graves'"),
    _c("injured-plusieurs-policiers",
       "Plusieurs policiers ont été blessés par des tirs de mortiers d'artifice à Roubaix.",
       W("injured", "security_forces", V, V, "vague", "Roubaix"),
       why="'plusieurs' alone is a vague count"),
    _c("injured-des-dizaines-manifestants",
       "Des dizaines de manifestants ont été blessés par des balles en caoutchouc à Téhéran.",
       W("injured", "protesters", V, V, "vague", "Téhéran"),
       why="vague plural with a group noun"),
    _c("injured-une-femme-tuee-autres",
       "Une femme a été tuée et 12 autres personnes ont été blessées dans une frappe de drone "
       "sur Odessa.",
       W("killed", "civilians", 1, 1, "exact", "Odessa"),
       W("injured", "all", 12, 12, "exact", "Odessa"),
       why="'Une femme a été tuée' is one; 'autres personnes' is anyone"),
    _c("injured-tuant-et-blessant",
       "Des policiers ont tiré à balles réelles, tuant au moins 29 personnes et en blessant "
       "au moins 390, selon la Croix-Rouge sénégalaise.",
       W("killed", "all", 29, None, "at_least", None, "Croix-Rouge sénégalaise|Croix-Rouge"),
       W("injured", "all", 390, None, "at_least", None,
         "Croix-Rouge sénégalaise|Croix-Rouge"),
       why="'tuant X et en blessant Y' (kind before the number)"),
    _c("injured-sapeurs-pompiers",
       "Cinq sapeurs-pompiers ont été blessés en luttant contre les flammes à Martigues.",
       W("injured", "other", 5, 5, "exact", "Martigues"),
       why="firefighters are counted as rescuers, not as security forces"),
]

MISSING = [
    _c("missing-portees-disparues",
       "À Derna, 10 100 personnes sont toujours portées disparues, selon le Croissant-Rouge "
       "libyen.",
       W("missing", "all", 10100, 10100, "exact", "Derna",
         "Croissant-Rouge libyen|Croissant-Rouge"),
       why="fronted 'À X,' + 'portées disparues'"),
    _c("missing-manquent-a-l-appel",
       "Une soixantaine de soldats maliens manquent à l'appel après l'attaque de Boulkessi, au "
       "Mali.",
       W("missing", "security_forces", 60, 60, "about", "Boulkessi"),
       why="'manquent à l'appel'; the story's own army is not foreign"),
    _c("missing-list-dans-ses-rangs",
       "L'armée a annoncé un bilan provisoire de 25 morts, 4 blessés et une soixantaine de "
       "disparus dans ses rangs.",
       W("killed", "security_forces", 25, 25, "exact", None, "armée"),
       W("injured", "security_forces", 4, 4, "exact", None, "armée"),
       W("missing", "security_forces", 60, 60, "about", None, "armée"),
       why="a list of three kinds; 'dans ses rangs' makes them the army's"),
    _c("missing-des-milliers-vague",
       "Des milliers de personnes restent portées disparues après la rupture des barrages.",
       W("missing", "all", V, V, "vague"),
       why="vague 'des milliers' + 'restent portées disparues'"),
    _c("missing-morts-et-disparus",
       "Les inondations ont fait environ 11 300 morts et 10 100 disparus à Derna, a annoncé "
       "le Bureau de coordination des affaires humanitaires.",
       W("killed", "all", 11300, 11300, "about", "Derna",
         "Bureau de coordination des affaires humanitaires"),
       W("missing", "all", 10100, 10100, "exact", "Derna",
         "Bureau de coordination des affaires humanitaires"),
       why="'environ' reaches only the first figure"),
]

ARRESTED = [
    _c("arrested-interpellations-forces-ordre",
       "Dans la nuit, les forces de l'ordre ont procédé à 667 interpellations, a annoncé "
       "Gérald Darmanin.",
       W("arrested", "all", 667, 667, "exact", None, "Gérald Darmanin"),
       why="the police are who arrest, not who is arrested"),
    _c("arrested-gardes-a-vue",
       "Ces interpellations ont donné lieu à 157 gardes à vue à Lyon, selon le parquet.",
       W("arrested", "all", 157, 157, "exact", "Lyon", "parquet"),
       why="'X gardes à vue'"),
    _c("arrested-placees-en-garde-a-vue",
       "Soixante personnes ont été placées en garde à vue à l'issue du défilé à Paris.",
       W("arrested", "all", 60, 60, "exact", "Paris"),
       why="'placées en garde à vue'"),
    _c("arrested-interpellees-dont",
       "Au total, 282 personnes ont été interpellées à Bordeaux, dont 73 pendant la nuit.",
       W("arrested", "all", 282, 282, "exact", "Bordeaux"),
       W("arrested", "all", 73, 73, "exact", "Bordeaux"),
       why="'dont Y pendant la nuit' (subset without a noun)"),
    _c("arrested-police-a-arrete-manifestants",
       "La police a arrêté plus de 200 manifestants à Caracas.",
       W("arrested", "protesters", 200, None, "more_than", "Caracas"),
       why="active 'la police a arrêté X manifestants'"),
    _c("arrested-suspects-dont-assaillants",
       "Onze suspects ont été arrêtés, dont les quatre assaillants présumés, a indiqué le FSB.",
       W("arrested", "all", 11, 11, "exact", None, "FSB"),
       W("arrested", "protesters", 4, 4, "exact", None, "FSB"),
       why="'dont les quatre assaillants' (determiner before the number word)"),
    _c("arrested-des-centaines-vague",
       "Des centaines de personnes ont été arrêtées lors de la répression à Saint-Louis, selon "
       "Amnesty International.",
       W("arrested", "all", V, V, "vague", "Saint-Louis", "Amnesty International"),
       why="vague 'des centaines' + 'arrêtées'"),
    _c("arrested-ecroues",
       "Quatorze émeutiers ont été écroués après les pillages de Nouméa.",
       W("arrested", "protesters", 14, 14, "exact", "Nouméa"),
       why="'écroués'"),
    _c("arrested-gendarmerie-a-interpelle",
       "La gendarmerie a interpellé 82 personnes dimanche et lundi en Nouvelle-Calédonie.",
       W("arrested", "all", 82, 82, "exact", "Nouvelle-Calédonie"),
       why="active verb with a security subject"),
    _c("arrested-range-militants",
       "Entre 30 et 40 militants ont été interpellés devant l'ambassade à Bruxelles.",
       W("arrested", "protesters", 30, 40, "range", "Bruxelles"),
       why="'entre X et Y'"),
    _c("arrested-inverted-a-precise",
       "Au total, 31 personnes ont été interpellées cette nuit, a précisé Gérald Darmanin lors "
       "d'un point presse.",
       W("arrested", "all", 31, 31, "exact", None, "Gérald Darmanin"),
       why="'a précisé X' followed by more words"),
    _c("arrested-manifestants-autorites-iran",
       "Plus de 1 200 manifestants ont été arrêtés en Iran depuis le début du mouvement, "
       "d'après les autorités.",
       W("arrested", "protesters", 1200, None, "more_than", "Iran", "Iran|autorités"),
       why="'d'après les autorités' are the country's authorities"),
    _c("arrested-age-range-not-count",
       "Trois hommes âgés de 20 à 25 ans ont été interpellés à Nanterre.",
       W("arrested", "all", 3, 3, "exact", "Nanterre"),
       why="an age range beside the count"),
    _c("arrested-le-ministere-a-annonce-que",
       "Le ministère de l'Intérieur a annoncé que 1 385 personnes avaient été interpellées "
       "dans toute la France.",
       W("arrested", "all", 1385, 1385, "exact", "France", "ministère de l'Intérieur"),
       why="'X a annoncé que ...'"),
    _c("arrested-interpellees-et-gardes-a-vue",
       "Quelque 1 723 personnes ont été interpellées et 1 220 individus ont été placés en garde "
       "à vue, selon un nouveau décompte du ministère de l'Intérieur.",
       W("arrested", "all", 1723, 1723, "about", None, "ministère de l'Intérieur"),
       W("arrested", "all", 1220, 1220, "exact", None, "ministère de l'Intérieur"),
       why="'selon un nouveau décompte du ministère'"),
]

DISPLACED = [
    _c("displaced-millions-deplaces",
       "Selon l'ONU, la guerre a fait plus de 8,9 millions de déplacés au Soudan.",
       W("displaced", "civilians", 8900000, None, "more_than", "Soudan", "ONU"),
       why="decimal millions of 'déplacés'"),
    _c("displaced-habitants-evacues",
       "Plus d'un million d'habitants ont été évacués dans la province du Sind.",
       W("displaced", "civilians", 1000000, None, "more_than", "Sind"),
       why="'plus d'un million d'habitants évacués'"),
    _c("displaced-familles-sans-abri",
       "Les inondations ont laissé quelque 834 familles sans abri dans la région de Jérémie.",
       W("displaced", "civilians", 834, 834, "about", "Jérémie"),
       why="'laissé X familles sans abri'"),
    _c("displaced-ont-fui-hcr",
       "Environ 3 millions de personnes ont fui vers les pays voisins, selon le HCR.",
       W("displaced", "all", 3000000, 3000000, "about", None, "HCR"),
       why="'ont fui'"),
    _c("displaced-refugies-accueillis",
       "Le Tchad accueille désormais 600 000 réfugiés soudanais.",
       W("displaced", "civilians", 600000, 600000, "exact", "Tchad"),
       why="'X réfugiés' hosted"),
    _c("displaced-mises-a-l-abri",
       "Près de 2 000 personnes ont été mises à l'abri dans des gymnases de Mamoudzou.",
       W("displaced", "all", 2000, 2000, "about", "Mamoudzou"),
       why="'mises à l'abri'"),
    _c("displaced-relogees-quote",
       "« 40 familles ont dû être relogées à Cannes », a précisé le maire, David Lisnard.",
       W("displaced", "civilians", 40, 40, "exact", "Cannes", "David Lisnard"),
       why="quotation starting with digits; 'relogées'"),
    _c("displaced-evacuees-a-indique-prefet",
       "Quelque 3 500 personnes ont été évacuées à Nîmes, a indiqué le préfet du Gard.",
       W("displaced", "all", 3500, 3500, "about", "Nîmes", "préfet du Gard"),
       why="'a indiqué le préfet de X'"),
]

AFFECTED = [
    _c("affected-millions-affectees",
       "Plus de 33 millions de personnes ont été affectées par les inondations au Pakistan, "
       "selon les autorités.",
       W("affected", "all", 33000000, None, "more_than", "Pakistan", "Pakistan|autorités"),
       why="'affectées'"),
    _c("affected-familles-sinistrees",
       "On compte 136 800 familles sinistrées dans la région de Jérémie.",
       W("affected", "civilians", 136800, 136800, "exact", "Jérémie"),
       why="'familles sinistrées'"),
    _c("affected-prives-electricite",
       "Quelque 150 000 habitants restent privés d'électricité à Valence.",
       W("affected", "civilians", 150000, 150000, "about", "Valence"),
       why="'privés d'électricité'"),
    _c("affected-besoin-assistance",
       "Au total, 684 400 personnes ont besoin d'une assistance humanitaire d'urgence, selon "
       "la protection civile.",
       W("affected", "all", 684400, 684400, "exact", None, "protection civile"),
       why="'ont besoin d'une assistance' counts people affected"),
    _c("affected-extraites-vivantes",
       "En Turquie, 7 840 personnes ont été extraites vivantes des décombres, selon l'AFAD.",
       W("affected", "all", 7840, 7840, "exact", "Turquie", "AFAD"),
       why="people pulled alive from the rubble were rescued"),
]

PARTICIPANTS = [
    _c("participants-cgt-vs-police",
       "La manifestation a rassemblé 1,5 million de personnes selon la CGT, 806 000 selon la "
       "police.",
       W("participants", "protesters", 1500000, 1500000, "exact", None, "CGT"),
       W("participants", "protesters", 806000, 806000, "exact", None, "police"),
       why="'X selon A, Y selon B': each figure has its own source"),
    _c("participants-ont-manifeste",
       "Environ 300 000 personnes ont manifesté à Paris, selon les syndicats.",
       W("participants", "protesters", 300000, 300000, "about", "Paris", "syndicats"),
       why="'X personnes ont manifesté'"),
    _c("participants-range-defile",
       "Entre 5 000 et 7 000 manifestants ont défilé à Rennes samedi.",
       W("participants", "protesters", 5000, 7000, "range", "Rennes"),
       why="range of crowd size"),
    _c("participants-12-a-13000",
       "Les services de police ont dénombré 12 à 13.000 manifestants à Grenoble.",
       W("participants", "protesters", 12000, 13000, "range", "Grenoble",
         "services de police|police"),
       why="'12 à 13.000' means 12 000 to 13 000"),
    _c("participants-plusieurs-milliers",
       "Plusieurs milliers de personnes se sont rassemblées devant le Parlement à Tbilissi.",
       W("participants", "protesters", V, V, "vague", "Tbilissi"),
       why="'plusieurs milliers' + 'se sont rassemblées'"),
    _c("participants-gilets-jaunes",
       "Quelque 136 000 gilets jaunes ont participé à la mobilisation dans toute la France, "
       "selon le ministère de l'Intérieur.",
       W("participants", "protesters", 136000, 136000, "about", "France",
         "ministère de l'Intérieur"),
       why="'gilets jaunes ont participé'"),
    _c("participants-rassemblement-de",
       "Un rassemblement d'environ 2 000 personnes s'est tenu place de la République à Paris.",
       W("participants", "protesters", 2000, 2000, "about", "Paris"),
       why="'un rassemblement d'environ X personnes'"),
    _c("participants-grevistes-prefecture",
       "Quelque 4 500 grévistes ont défilé dans les rues de Nice, selon la préfecture.",
       W("participants", "protesters", 4500, 4500, "about", "Nice", "préfecture"),
       why="'grévistes ont défilé'"),
    _c("participants-fronted-place-two-sources",
       "À Bordeaux, la manifestation a rassemblé au moins 20 000 personnes selon la "
       "préfecture, 53 000 selon la CGT.",
       W("participants", "protesters", 20000, None, "at_least", "Bordeaux", "préfecture"),
       W("participants", "protesters", 53000, 53000, "exact", "Bordeaux", "CGT"),
       why="fronted place shared by both figures, two sources"),
    _c("participants-dont-paris",
       "La mobilisation a rassemblé 806 000 manifestants en France, dont 65 000 à Paris, selon "
       "le ministère de l'Intérieur.",
       W("participants", "protesters", 806000, 806000, "exact", "France",
         "ministère de l'Intérieur"),
       W("participants", "protesters", 65000, 65000, "exact", "Paris",
         "ministère de l'Intérieur"),
       why="'dont Y à Paris': a subset by place"),
    _c("killed-dont-n-a-ville",
       "Le séisme a fait 2 946 morts au Maroc, dont 1 351 à Marrakech, selon le ministère de "
       "l'Intérieur.",
       W("killed", "all", 2946, 2946, "exact", "Maroc", "ministère de l'Intérieur"),
       W("killed", "all", 1351, 1351, "exact", "Marrakech", "ministère de l'Intérieur"),
       why="'dont N à X': the place of the part, not an example of the whole's"),
    _c("participants-moins-de",
       "Moins de 2 000 personnes ont manifesté samedi à Lyon, selon la préfecture.",
       W("participants", "protesters", None, 2000, "less_than", "Lyon", "préfecture"),
       why="'moins de X'"),
    _c("participants-tout-au-plus",
       "Tout au plus 50 manifestants se sont rassemblés devant la préfecture de Rennes.",
       W("participants", "protesters", None, 50, "at_most", "Rennes"),
       why="'tout au plus X'"),
]

DEPLOYED = [
    _c("deployed-pas-moins-de-mobilises",
       "Pas moins de 11 000 policiers et gendarmes seront mobilisés dans toute la France, a "
       "annoncé le ministre de l'Intérieur.",
       W("deployed", "security_forces", 11000, None, "at_least", "France",
         "ministre de l'Intérieur"),
       why="'pas moins de' + 'mobilisés'"),
    _c("deployed-ministere-a-deploye",
       "Le ministère a déployé 1 600 policiers et gendarmes à Mayotte pour prévenir les "
       "pillages.",
       W("deployed", "security_forces", 1600, 1600, "exact", "Mayotte"),
       why="the deploying body is not a source of the figure"),
    _c("deployed-arrives-en-renfort",
       "Quinze gendarmes du GIGN sont arrivés en renfort à Nouméa mardi.",
       W("deployed", "security_forces", 15, 15, "exact", "Nouméa"),
       why="'arrivés en renfort'"),
    _c("deployed-foreign-depeche",
       "Le Rwanda a dépêché 1 000 soldats dans la province de Cabo Delgado, au Mozambique.",
       W("deployed", "foreign_forces", 1000, 1000, "exact", "Cabo Delgado"),
       why="troops sent by another country"),
    _c("deployed-effectif-casques-bleus",
       "La mission de l'ONU compte un effectif de 13 000 Casques bleus au Mali.",
       W("deployed", "foreign_forces", 13000, 13000, "exact", "Mali"),
       why="'un effectif de X Casques bleus'"),
    _c("deployed-militaires-deployes",
       "Environ 500 militaires ont été déployés pour sécuriser l'aéroport de Nouméa.",
       W("deployed", "security_forces", 500, 500, "about", "Nouméa"),
       why="passive 'ont été déployés'"),
    _c("deployed-secouristes-other",
       "Quelque 477 secouristes ont été dépêchés sur les lieux de l'incendie à Krasnogorsk.",
       W("deployed", "other", 477, 477, "about", "Krasnogorsk"),
       why="rescuers are neither a side nor civilians at large"),
    _c("deployed-un-millier-membres-unite",
       "Le gouvernement a déployé un millier de membres de l'Unité militaire d'urgence dans la "
       "région de Valence.",
       W("deployed", "security_forces", 1000, 1000, "about", "Valence"),
       why="'un millier de membres de l'Unité militaire'"),
    _c("deployed-soldats-et-policiers-participent",
       "Quelque 12 500 soldats et 10 000 policiers participent aux opérations de déblaiement.",
       W("deployed", "security_forces", 12500, 12500, "about"),
       W("deployed", "security_forces", 10000, 10000, "exact"),
       why="'participent' here is work, not a protest; 'quelque' reaches one figure"),
    _c("deployed-jusqu-a",
       "Jusqu'à 1 500 soldats supplémentaires pourront être envoyés à Mayotte, a indiqué le "
       "ministre des Armées.",
       W("deployed", "security_forces", None, 1500, "at_most", "Mayotte", "ministre des Armées"),
       why="'jusqu'à X' + 'envoyés'"),
]

WEAPONS = [
    _c("weapons-missiles-tires",
       "La Russie a tiré 40 missiles de croisière sur Kiev et Lviv dans la nuit, selon l'armée "
       "de l'air ukrainienne.",
       W("weapons", "foreign_forces", 40, 40, "exact", "Kiev + Lviv",
         "armée de l'air ukrainienne|armée de l'air"),
       why="missiles fired by the invading country; two cities: one scope (GUIDELINES)"),
    _c("weapons-n-des-m-missiles",
       "Les défenses antiaériennes ont abattu 13 des 23 missiles lancés par la Russie contre "
       "l'Ukraine, dont plusieurs visaient Kiev.",
       W("weapons", "foreign_forces", 13, 13, "exact", "Ukraine|Kiev"),
       W("weapons", "foreign_forces", 23, 23, "exact", "Ukraine|Kiev"),
       why="'X des Y missiles': two counts of the same missiles"),
    _c("weapons-police-a-saisi",
       "La police a saisi 40 armes à feu lors de perquisitions à Marseille.",
       W("weapons", "all", 40, 40, "exact", "Marseille"),
       why="seized weapons are not the seizer's"),
    _c("weapons-emeutiers-ont-derobe",
       "Des émeutiers ont dérobé près de 300 armes dans une caserne de Port-au-Prince.",
       W("weapons", "protesters", 300, 300, "about", "Port-au-Prince"),
       why="weapons taken by rioters"),
    _c("weapons-cartouches-chargeurs",
       "Plus de 500 cartouches et 28 chargeurs ont été découverts dans le véhicule des "
       "assaillants.",
       W("weapons", "protesters", 500, None, "more_than"),
       W("weapons", "protesters", 28, 28, "exact"),
       why="ammunition of the attackers"),
    _c("weapons-rebelles-obus",
       "Les rebelles ont tiré une trentaine d'obus sur Goma.",
       W("weapons", "protesters", 30, 30, "about", "Goma"),
       why="shells fired by rebels"),
]

EQUIPMENT = [
    _c("equipment-drones-abattus",
       "L'armée de l'air ukrainienne affirme avoir abattu 26 drones russes au-dessus de la "
       "région d'Odessa.",
       W("equipment", "foreign_forces", 26, 26, "exact", "Odessa",
         "armée de l'air ukrainienne|armée de l'air"),
       why="'X drones russes abattus'"),
    _c("equipment-blindes-detruits",
       "Les rebelles affirment avoir détruit quatre blindés de l'armée près de Goma.",
       W("equipment", "security_forces", 4, 4, "exact", "Goma", "rebelles"),
       why="'blindés de l'armée' belong to the army, whoever destroyed them"),
    _c("equipment-otan-avions",
       "L'OTAN a déployé huit avions de chasse en Pologne.",
       W("equipment", "foreign_forces", 8, 8, "exact", "Pologne"),
       why="NATO aircraft"),
    _c("equipment-helicopteres-perdus",
       "L'armée malienne a perdu deux hélicoptères dans la région de Tombouctou.",
       W("equipment", "security_forces", 2, 2, "exact", "Tombouctou"),
       why="own army's losses"),
]

OTHER = [
    _c("other-vehicules-incendies",
       "Une quarantaine de véhicules ont été incendiés dans la nuit à Mantes-la-Jolie.",
       W("other", "all", 40, 40, "about", "Mantes-la-Jolie"),
       why="burnt cars are damage, not military equipment"),
    _c("other-maisons-detruites",
       "Plus de 37 000 maisons ont été détruites dans le sud d'Haïti, selon la protection "
       "civile.",
       W("other", "all", 37000, None, "more_than", "Haïti", "protection civile"),
       why="'X maisons détruites'"),
    _c("other-immeubles-sept-provinces",
       "L'AFAD dénombre près de 1 800 immeubles effondrés dans sept provinces.",
       W("other", "all", 1800, 1800, "about", None, "AFAD"),
       why="'sept provinces' is not a count of anything that happened"),
    _c("other-batiments-publics-attaques",
       "Quelque 90 bâtiments publics ont été attaqués, dont des mairies et des commissariats.",
       W("other", "all", 90, 90, "about"),
       why="'dont des mairies' has no number"),
    _c("other-repliques",
       "Une cinquantaine de répliques ont été enregistrées en Turquie, selon l'AFAD.",
       why="aftershocks are no count of the crisis's toll (eval/GUIDELINES.md: traps)"),
    _c("other-pompiers-feux",
       "Les pompiers sont intervenus sur environ 200 feux à Nouméa.",
       W("other", "all", 200, 200, "about", "Nouméa"),
       why="the subject 'pompiers' is not what is counted"),
    _c("other-commerces-pilles",
       "Une trentaine de commerces ont été pillés à Nouméa.",
       W("other", "all", 30, 30, "about", "Nouméa"),
       why="looted shops"),
    _c("other-attaques-hopitaux-oms",
       "L'Organisation mondiale de la santé a recensé 46 attaques contre des hôpitaux au "
       "Soudan.",
       W("other", "all", 46, 46, "exact", "Soudan", "Organisation mondiale de la santé"),
       why="'recensé X attaques'"),
]

SOURCES = [
    _c("source-pronoun-next-sentence",
       "Le ministère syrien de la Santé a publié un nouveau bilan jeudi. Il fait état de 237 "
       "morts et de 639 blessés.",
       W("killed", "all", 237, 237, "exact", None,
         "ministère syrien de la Santé|ministère de la Santé"),
       W("injured", "all", 639, 639, "exact", None,
         "ministère syrien de la Santé|ministère de la Santé"),
       why="'Il fait état de' stands for the ministry of the sentence before"),
    _c("source-paragraph-carry",
       "Selon la préfecture de police, la nuit a été agitée à Lyon. En outre, 18 policiers ont "
       "été blessés.",
       W("injured", "security_forces", 18, 18, "exact", "Lyon", "préfecture de police"),
       why="a source given earlier in the paragraph carries"),
    _c("source-selon-des-sources-securitaires",
       "Au moins une quinzaine de soldats ont été tués près de Tin-Akoff, selon des sources "
       "sécuritaires.",
       W("killed", "security_forces", 15, None, "at_least", "Tin-Akoff",
         "sources sécuritaires"),
       why="'au moins une quinzaine', selon des sources sécuritaires"),
    _c("source-two-bilans-conflict",
       "Les autorités ont fait état de 16 morts à Dakar, mais Amnesty International en a "
       "décompté 23.",
       W("killed", "all", 16, 16, "exact", "Dakar", "Sénégal|autorités"),
       W("killed", "all", 23, 23, "exact", "Dakar", "Amnesty International"),
       why="'en a décompté Y': the pronoun 'en' stands for 'morts'"),
]

# Sentences with numbers that are not counts of anything a crisis did.
NO_CLAIM = [
    _c("none-magnitude-hour", "Le séisme, d'une magnitude de 7,8, a frappé à 4 h 17."),
    _c("none-age", "Un homme de 45 ans a été présenté à un juge d'instruction jeudi."),
    _c("none-age-apposition", "Le suspect, âgé de 19 ans, était connu des services de police."),
    _c("none-article-49-3", "Le gouvernement a eu recours à l'article 49.3 de la Constitution."),
    _c("none-loi-de-1905", "Le préfet a invoqué la loi de 1905 sur la laïcité."),
    _c("none-percentage", "Le chômage a atteint 7,3 % au deuxième trimestre."),
    _c("none-money", "L'Union européenne a débloqué 3 millions d'euros d'aide d'urgence."),
    _c("none-year-duration", "Les émeutes de 2005 avaient duré trois semaines."),
    _c("none-curfew-hours", "Le couvre-feu s'appliquera de 20 h à 6 h pendant 12 jours."),
    _c("none-departement-road", "Les incidents ont éclaté dans le 93, non loin de la RN 7."),
    _c("none-g7", "Les dirigeants du G7 se sont réunis à Hiroshima."),
    _c("none-boeing", "Un Boeing 737 a été immobilisé à Roissy après l'incident."),
    _c("none-distance-altitude",
       "Le village est situé à 60 km de la frontière, à 1 200 mètres d'altitude."),
    _c("none-elected-year", "Le président, élu en 2019, entame son deuxième mandat."),
    _c("none-trial-date", "Le procès s'ouvrira le 12 mars 2024 devant la cour d'assises."),
    _c("none-sentence-months", "Le policier a été condamné à 18 mois de prison avec sursis."),
    _c("none-price-rise", "Le prix du pain a augmenté de 40 % en deux ans."),
    _c("none-wave-wind", "La vague a atteint 7 mètres de haut et les rafales 220 km/h."),
    _c("none-emergency-number", "Le numéro d'urgence 112 a été saturé toute la nuit."),
    _c("none-ordinal-night", "Il s'agit de la troisième nuit de violences depuis le 27 juin."),
    _c("none-resolution-votes",
       "Le Conseil de sécurité a adopté la résolution 2728 par 14 voix pour."),
    _c("none-dam-decade", "Le barrage, construit dans les années 1970, a cédé vers 3 heures."),
    _c("none-covid", "La COVID-19 a frappé le pays en 2020."),
    _c("none-budget", "Le budget des armées atteindra 413 milliards d'euros sur 2024-2030."),
    _c("none-building-floors", "Un bâtiment de 17 étages s'est effondré à Adana."),
    _c("none-population", "Environ 40 % des 320 000 habitants vivent dans des cases en tôle."),
    _c("none-metro-line", "La ligne 13 du métro a été fermée jusqu'à 22 heures."),
    _c("none-previous-quake",
       "Le séisme du 17 août 1999 avait été le plus puissant depuis un siècle."),
]

CASES: list[Case] = (
    KILLED + INJURED + MISSING + ARRESTED + DISPLACED + AFFECTED + PARTICIPANTS + DEPLOYED
    + WEAPONS + EQUIPMENT + OTHER + SOURCES + NO_CLAIM
)
