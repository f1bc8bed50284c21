"""find_quantities: tables of French sentences (written for these tests) → whole results.

Each row asserts every quantity of the sentence as (text, low, high, qualifier, role).
The constructions come from real French reporting on earthquakes, floods, riots, attacks and
wars; the sentences themselves are invented.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe.extract.quantities import find_quantities

Row = tuple[str, int | None, int | None, str, str]


def read(sentence: str) -> list[Row]:
    return [(q.text, q.low, q.high, q.qualifier, q.role) for q in find_quantities(sentence)]


NUMERALS = [
    ("La police a interpellé 3 211 personnes.", [("3 211", 3211, 3211, "exact", "count")]),
    ("On compte 3\u00a0211 blessés.", [("3\u00a0211", 3211, 3211, "exact", "count")]),
    ("On compte 3\u202f211 blessés.", [("3\u202f211", 3211, 3211, "exact", "count")]),
    ("Le séisme a fait 11.200 morts.", [("11.200", 11200, 11200, "exact", "count")]),
    ("Le ministère annonce 10,000 déplacés.", [("10,000", 10000, 10000, "exact", "count")]),
    ("Le parquet recense 4,578 blessés.", [("4,578", 4578, 4578, "exact", "count")]),
    ("Il y a eu 1.500 arrestations.", [("1.500", 1500, 1500, "exact", "count")]),
    ("La police a dénombré 3000 manifestants.", [("3000", 3000, 3000, "exact", "count")]),
    ("Les crues ont touché 2,5 millions de personnes.",
     [("2,5 millions", 2_500_000, 2_500_000, "exact", "count")]),
    ("Quelque 1,2 million d'habitants sont privés d'eau.",
     [("Quelque 1,2 million", 1_200_000, 1_200_000, "about", "count")]),
    ("Il a fallu 3 milliers de soldats.", [("3 milliers", 3000, 3000, "exact", "count")]),
    ("La guerre a jeté sur les routes deux millions de réfugiés.",
     [("deux millions", 2_000_000, 2_000_000, "exact", "count")]),
    ("Un million de personnes ont fui.", [("Un million", 1_000_000, 1_000_000, "exact", "count")]),
    ("Les combats ont fait deux morts et sept blessés.",
     [("deux", 2, 2, "exact", "count"), ("sept", 7, 7, "exact", "count")]),
    ("Trois soldats et onze civils ont péri.",
     [("Trois", 3, 3, "exact", "count"), ("onze", 11, 11, "exact", "count")]),
    ("Vingt-six manifestants ont été tués.", [("Vingt-six", 26, 26, "exact", "count")]),
    ("Le préfet a mobilisé deux mille policiers.",
     [("deux mille", 2000, 2000, "exact", "count")]),
    ("L'eau a envahi quatre-vingt-dix maisons.",
     [("quatre-vingt-dix", 90, 90, "exact", "count")]),
    ("On a relogé cent cinquante familles.", [("cent cinquante", 150, 150, "exact", "count")]),
    ("Il y a vingt et un morts.", [("vingt et un", 21, 21, "exact", "count")]),
    ("Neuf personnes ont été interpellées.", [("Neuf", 9, 9, "exact", "count")]),
    ("Un bâtiment neuf s'est effondré.", []),
    ("Un policier a été blessé et une femme tuée, l'un des blessés est grave.", []),
    ("Il y a eu un ou deux morts.", [("un ou deux", 1, 2, "range", "count")]),
    ("Deux des personnes tuées ont été identifiées.", [("Deux", 2, 2, "exact", "count")]),
    ("Selon l'ONU, 151 d'entre eux sont morts.", [("151", 151, 151, "exact", "count")]),
    ("Le compteur affiche 1 000 000 000 000 000 personnes.",
     [("1 000 000 000 000 000", 10**15, 10**15, "exact", "count")]),
]

APPROXIMATIONS = [
    ("Une dizaine de blessés.", [("Une dizaine", 10, 10, "about", "count")]),
    ("Une centaine de maisons.", [("Une centaine", 100, 100, "about", "count")]),
    ("Un millier de déplacés.", [("Un millier", 1000, 1000, "about", "count")]),
    ("Une vingtaine d'individus.", [("Une vingtaine", 20, 20, "about", "count")]),
    ("Une cinquantaine d'enfants sont hospitalisés.",
     [("Une cinquantaine", 50, 50, "about", "count")]),
    ("Une bonne centaine de policiers.", [("Une bonne centaine", 100, 100, "about", "count")]),
    ("Deux centaines de soldats.", [("Deux centaines", 200, 200, "about", "count")]),
    ("Une dizaine de milliers de manifestants.",
     [("Une dizaine de milliers", 10000, 10000, "about", "count")]),
    ("Près d'une centaine de blessés.", [("Près d'une centaine", 100, 100, "about", "count")]),
    ("Plus d'un millier de blessés.", [("Plus d'un millier", 1000, None, "more_than", "count")]),
    ("Au moins une dizaine de morts.", [("Au moins une dizaine", 10, None, "at_least", "count")]),
]

VAGUE = [
    ("Des dizaines de blessés.", [("Des dizaines", 10, None, "vague", "count")]),
    ("La police a signalé des « dizaines » de morts.",
     [("des « dizaines »", 10, None, "vague", "count")]),
    ("Des douzaines de maisons ont brûlé.", [("Des douzaines", 12, None, "vague", "count")]),
    ("Des centaines de personnes ont été tuées.", [("Des centaines", 100, None, "vague", "count")]),
    ("Des milliers de réfugiés.", [("Des milliers", 1000, None, "vague", "count")]),
    ("Plusieurs milliers de bandits.", [("Plusieurs milliers", 1000, None, "vague", "count")]),
    ("Plusieurs centaines de policiers.", [("Plusieurs centaines", 100, None, "vague", "count")]),
    ("Plusieurs dizaines de bénévoles.", [("Plusieurs dizaines", 10, None, "vague", "count")]),
    ("Des dizaines de milliers de déplacés.",
     [("Des dizaines de milliers", 10000, None, "vague", "count")]),
    ("Des centaines de milliers de Rohingyas.",
     [("Des centaines de milliers", 100_000, None, "vague", "count")]),
    ("Quelques dizaines de manifestants.", [("Quelques dizaines", 10, None, "vague", "count")]),
    ("Des millions de personnes sont exposées.",
     [("Des millions", 1_000_000, None, "vague", "count")]),
    ("Plusieurs personnes ont été blessées.", [("Plusieurs", None, None, "vague", "other")]),
]

MODIFIERS = [
    ("Plus de 3 211 participants ont été arrêtés.",
     [("Plus de 3 211", 3211, None, "more_than", "count")]),
    ("On déplore au-delà de 500 victimes.", [("au-delà de 500", 500, None, "more_than", "count")]),
    ("Il y a davantage que 40 morts.", [("davantage que 40", 40, None, "more_than", "count")]),
    ("Au moins 18 agents ont été tués.", [("Au moins 18", 18, None, "at_least", "count")]),
    ("Au minimum 30 blessés.", [("Au minimum 30", 30, None, "at_least", "count")]),
    ("Pas moins de 400 soldats.", [("Pas moins de 400", 400, None, "at_least", "count")]),
    ("Environ 2 000 armes ont disparu.", [("Environ 2 000", 2000, 2000, "about", "count")]),
    ("L'attaque a tué près de 130 personnes.", [("près de 130", 130, 130, "about", "count")]),
    ("Le préfet a mobilisé quelque 300 policiers.",
     [("quelque 300", 300, 300, "about", "count")]),
    ("Il y a autour de 50 victimes.", [("autour de 50", 50, 50, "about", "count")]),
    ("Approximativement 80 blessés.", [("Approximativement 80", 80, 80, "about", "count")]),
    ("Une estimation de 5 000 morts.", [("Une estimation de 5 000", 5000, 5000, "about", "count")]),
    ("Presque 200 maisons ont été détruites.", [("Presque 200", 200, 200, "about", "count")]),
    ("Pratiquement 90 villages.", [("Pratiquement 90", 90, 90, "about", "count")]),
    ("Aux alentours de 300 manifestants.",
     [("Aux alentours de 300", 300, 300, "about", "count")]),
    ("De l'ordre de 1 500 déplacés.", [("De l'ordre de 1 500", 1500, 1500, "about", "count")]),
    ("Il a fait état d'environ 2500 personnes.", [("environ 2500", 2500, 2500, "about", "count")]),
    ("Jusqu'à 5 000 manifestants sont attendus.",
     [("Jusqu'à 5 000", None, 5000, "at_most", "count")]),
    ("Au plus 20 blessés.", [("Au plus 20", None, 20, "at_most", "count")]),
    ("Au maximum 40 personnes.", [("Au maximum 40", None, 40, "at_most", "count")]),
    ("Moins de 10 morts.", [("Moins de 10", None, 10, "less_than", "count")]),
    ("Un peu moins de 40 décès par jour.", [("moins de 40", None, 40, "less_than", "count")]),
    ("Un total de 238 personnes sont mortes.",
     [("Un total de 238", 238, 238, "exact", "count")]),
    ("On compte 3 000 environ.", [("3 000 environ", 3000, 3000, "about", "count")]),
    ("Il y a 40 au moins.", [("40 au moins", 40, None, "at_least", "count")]),
    ("Il y a eu 238 au total.", [("238 au total", 238, 238, "exact", "count")]),
]

RANGES = [
    ("Entre 10 et 20 morts.", [("Entre 10 et 20", 10, 20, "range", "count")]),
    ("Entre 2 et 3 millions de déplacés.",
     [("Entre 2 et 3 millions", 2_000_000, 3_000_000, "range", "count")]),
    ("Un bilan de 250 000 à 300 000 morts.",
     [("250 000 à 300 000", 250_000, 300_000, "range", "count")]),
    # The thousands written once, on the second number, count for both.
    ("La préfecture a compté 12 à 13.000 manifestants.",
     [("12 à 13.000", 12_000, 13_000, "range", "count")]),
    ("Entre 10 et 20 000 personnes ont fui.",
     [("Entre 10 et 20 000", 10_000, 20_000, "range", "count")]),
    ("De 3 à 5 500 soldats ont été déployés.",
     [("3 à 5 500", 3_000, 5_500, "range", "count")]),
    # ...but not when the first number is larger than those thousands.
    ("De 20 à 3 000 morts selon les sources.",
     [("20 à 3 000", 20, 3_000, "range", "count")]),
    ("Il reste 20 à 30 corps à identifier.", [("20 à 30", 20, 30, "range", "count")]),
    ("Il y a 10-15 blessés.", [("10-15", 10, 15, "range", "count")]),
    ("Deux ou trois blessés.", [("Deux ou trois", 2, 3, "range", "count")]),
    ("Le bilan oscille entre 220 000 et les 316 000 victimes.",
     [("entre 220 000 et les 316 000", 220_000, 316_000, "range", "count")]),
    ("On craint 1.000 à 2.000 « black blocs ».", [("1.000 à 2.000", 1000, 2000, "range", "count")]),
    ("Entre une dizaine et une vingtaine de blessés.",
     [("Entre une dizaine et une vingtaine", 10, 20, "range", "count")]),
]

DATES_AND_YEARS = [
    ("Le 7 janvier 2022, le président a parlé.", [("7 janvier 2022", 7, 7, "exact", "date")]),
    ("Les manifestations ont commencé le 2 janvier.", [("2 janvier", 2, 2, "exact", "date")]),
    ("Le document est daté du 2/01/2022.", [("2/01/2022", None, None, "exact", "date")]),
    ("Publié le 2022-01-07.", [("2022-01-07", None, None, "exact", "date")]),
    ("Le 1er janvier, la ville était calme.", [("1er janvier", 1, 1, "exact", "date")]),
    ("Du 2 au 5 janvier, la ville a brûlé.", [("2 au 5 janvier", 2, 5, "range", "date")]),
    ("Le défilé du 1er-Mai a dégénéré.", [("1er-Mai", 1, 1, "exact", "date")]),
    ("Dans la matinée du jeudi 6 janvier, des tirs.", [("6 janvier", 6, 6, "exact", "date")]),
    ("Les tempêtes des 4 et 5 novembre 2023.", [("4 et 5 novembre 2023", 4, 4, "exact", "date")]),
    ("En 2001, il est devenu ministre.", [("2001", 2001, 2001, "exact", "year")]),
    ("En mars 2002, il a été arrêté.", [("2002", 2002, 2002, "exact", "year")]),
    ("La crise de 2022 a surpris.", [("2022", 2022, 2022, "exact", "year")]),
    ("Depuis 1900, les séismes ont tué.", [("1900", 1900, 1900, "exact", "year")]),
    ("La ville fut détruite en 1138 par un séisme.", [("1138", 1138, 1138, "exact", "year")]),
    ("Il y a eu 2000 manifestants.", [("2000", 2000, 2000, "exact", "count")]),
    ("Plus de 2000 personnes ont fui.", [("Plus de 2000", 2000, None, "more_than", "count")]),
    ("Il était ministre en 1998-1999.", [("1998-1999", 1998, 1999, "range", "year")]),
    ("Entre 1964 et 1975, la guerre.", [("Entre 1964 et 1975", 1964, 1975, "range", "year")]),
]

TIMES_AND_DURATIONS = [
    ("L'interview sera diffusée à 20h00.", [("20h00", 20, 20, "exact", "time")]),
    ("Vers 17h, la préfecture a parlé.", [("17h", 17, 17, "exact", "time")]),
    ("18H20 : la situation reste instable.", [("18H20", 18, 18, "exact", "time")]),
    ("Le cortège part à 8 heures.", [("8", 8, 8, "exact", "time")]),
    ("A sept heures, deux enfants sont morts.",
     [("sept", 7, 7, "exact", "time"), ("deux", 2, 2, "exact", "count")]),
    ("Le bilan est tombé à 10:30.", [("10:30", 10, 10, "exact", "time")]),
    ("Il a été condamné à six ans de prison.", [("six", 6, 6, "exact", "duration")]),
    ("Les combats ont duré pendant trois jours.", [("trois", 3, 3, "exact", "duration")]),
    ("Il travaille ici depuis 5 ans.", [("5", 5, 5, "exact", "duration")]),
    ("La ville est restée sans police deux jours.", [("deux", 2, 2, "exact", "duration")]),
    ("Il y a dix ans, la digue a cédé.", [("dix", 10, 10, "exact", "duration")]),
    ("La trêve a été obtenue en 48h.", [("48h", 48, 48, "exact", "duration")]),
    ("Les secours sont mobilisés 24h/24.", [("24h", 24, 24, "exact", "duration")]),
    ("Les secours sont mobilisés 24 heures sur 24.", [("24", 24, 24, "exact", "duration")]),
    ("L'enquête a duré environ un an.", [("environ un", 1, 1, "about", "duration")]),
    ("Une quinzaine de jours de pluie.", [("Une quinzaine", 15, 15, "about", "duration")]),
]

ORDINALS_AND_NAMES = [
    ("Des unités de la 45e brigade.", [("45e", 45, 45, "exact", "ordinal")]),
    ("La 45ème brigade.", [("45ème", 45, 45, "exact", "ordinal")]),
    ("Le 1er régiment.", [("1er", 1, 1, "exact", "ordinal")]),
    ("Le IIe corps d'armée.", [("IIe", 2, 2, "exact", "ordinal")]),
    ("Le séisme le plus meurtrier du XXIe siècle.", [("XXIe", 21, 21, "exact", "ordinal")]),
    ("À la troisième place.", [("troisième", 3, 3, "exact", "ordinal")]),
    ("Le Premier ministre a parlé.", [("Premier", 1, 1, "exact", "ordinal")]),
    ("Vers midi, la Ve République vacillait.", [("Ve", 5, 5, "exact", "ordinal")]),
    ("La chaîne Mir 24 rapporte des tirs.", [("24", 24, 24, "exact", "name")]),
    ("Il a parlé à Khabar 24.", [("24", 24, 24, "exact", "name")]),
    ("Sur France 24, le ministre a parlé.", [("24", 24, 24, "exact", "name")]),
    ("Un vaccin anti-COVID-19.", [("anti-COVID-19", None, None, "exact", "name")]),
    ("Le sommet du G7 s'ouvre.", [("G7", None, None, "exact", "name")]),
    ("Un A320 s'est posé.", [("A320", None, None, "exact", "name")]),
    ("Un Boeing 737 s'est écrasé.", [("737", 737, 737, "exact", "name")]),
    ("Les Jeux de Paris 2024 sont menacés.", [("2024", 2024, 2024, "exact", "name")]),
    ("Les ordinateurs Aspire C27 et C24.",
     [("C27", None, None, "exact", "name"), ("C24", None, None, "exact", "name")]),
    ("Les rebelles du M23 avancent.", [("M23", None, None, "exact", "name")]),
    ("Interview à la chaîne Russie-24.", [("Russie-24", None, None, "exact", "name")]),
    ("Le réseau 5G est coupé.", [("5", 5, 5, "exact", "name")]),
]

AGES = [
    ("Mukhtar Ablyazov, 58 ans, a démissionné.", [("58", 58, 58, "exact", "age")]),
    ("Un homme âgé de 30 ans a été arrêté.", [("30", 30, 30, "exact", "age")]),
    ("Un garçon de 12 ans est mort.", [("12", 12, 12, "exact", "age")]),
    ("Le corps d'une femme de 82 ans a été retrouvé.", [("82", 82, 82, "exact", "age")]),
    ("Le suspect (19 ans) a été interpellé.", [("19", 19, 19, "exact", "age")]),
    ("Il est mort à 58 ans.", [("58", 58, 58, "exact", "age")]),
    ("Des mineurs âgés de 12 à 16 ans.", [("12 à 16", 12, 16, "range", "age")]),
    ("Les 18-25 ans sont les plus touchés.", [("18-25", 18, 25, "range", "age")]),
    ("Deux jeunes gens de 22 et 23 ans.",
     [("Deux", 2, 2, "exact", "count"), ("22", 22, 22, "exact", "age"),
      ("23", 23, 23, "exact", "age")]),
]

UNITS = [
    ("Le chômage atteint 30 %.", [("30", 30, 30, "exact", "percent")]),
    ("Le chômage atteint 30%.", [("30", 30, 30, "exact", "percent")]),
    ("Environ 20 pour cent des maisons.", [("Environ 20", 20, 20, "about", "percent")]),
    ("La Russie a gagné 0,57 % du territoire.", [("0,57", None, None, "exact", "percent")]),
    ("Une aide de 2 millions de dollars.",
     [("2 millions", 2_000_000, 2_000_000, "exact", "money")]),
    ("Une amende de 500 €.", [("500", 500, 500, "exact", "money")]),
    ("Une prime de 1 000 tenge.", [("1 000", 1000, 1000, "exact", "money")]),
    ("Plus de 300 millions d'euros de dégâts.",
     [("Plus de 300 millions", 300_000_000, None, "more_than", "money")]),
    ("Une rançon de $500.", [("500", 500, 500, "exact", "money")]),
    ("Un séisme de 7,8 de magnitude.", [("7,8", None, None, "exact", "measure")]),
    ("Un séisme de magnitude 7,8.", [("7,8", None, None, "exact", "measure")]),
    ("Un séisme de magnitude 7 a frappé.", [("7", 7, 7, "exact", "measure")]),
    ("L'épicentre est à 120 km de la capitale.", [("120", 120, 120, "exact", "measure")]),
    ("Une vague de 3 mètres.", [("3", 3, 3, "exact", "measure")]),
    ("Il fait 40 degrés.", [("40", 40, 40, "exact", "measure")]),
    ("Un camion de 19 tonnes.", [("19", 19, 19, "exact", "measure")]),
    ("Des vents jusqu'à 195 km/h.", [("jusqu'à 195", None, 195, "at_most", "measure")]),
    ("Une pression de 962 hPa.", [("962", 962, 962, "exact", "measure")]),
]

FRACTIONS_AND_OTHERS = [
    ("Environ la moitié du territoire.", [("Environ la moitié", None, None, "about", "fraction")]),
    ("Un tiers des maisons.", [("Un tiers", None, None, "exact", "fraction")]),
    ("Deux tiers des habitants.", [("Deux tiers", None, None, "exact", "fraction")]),
    ("Un quart de la ville.", [("Un quart", None, None, "exact", "fraction")]),
    ("Un cinquième de la population.", [("Un cinquième", None, None, "exact", "fraction")]),
    ("Appelez le 01 23 45 67 89.", [("01 23 45 67 89", None, None, "exact", "phone")]),
    ("Appelez le +33 1 23 45 67 89.", [("+33 1 23 45 67 89", None, None, "exact", "phone")]),
    ("Selon l'article 3 de la loi.", [("3", 3, 3, "exact", "other")]),
    ("Voir le décret n° 5.", [("5", 5, 5, "exact", "other")]),
    ("Voir page 12.", [("12", 12, 12, "exact", "other")]),
    ("Un cyclone de catégorie 4.", [("4", 4, 4, "exact", "other")]),
    ("Sri Lanka : 3 morts[2].", [("3", 3, 3, "exact", "count"), ("2", 2, 2, "exact", "other")]),
    ("Titre\n43\n0\nTexte", [("43", 43, 43, "exact", "other"), ("0", 0, 0, "exact", "other")]),
    ("Trois fois plus de morts.", [("Trois", 3, 3, "exact", "other")]),
]

# Mixed sentences shaped like real reports (séismes, inondations, attentats, guerres, émeutes).
REPORTING = [
    ("Un séisme d'une magnitude de 7,0 a fait 316 000 victimes, dont un millier dans la capitale.",
     [("7,0", 7, 7, "exact", "measure"), ("316 000", 316_000, 316_000, "exact", "count"),
      ("un millier", 1000, 1000, "about", "count")]),
    ("Le bilan s'établit à 17.400 morts en août 1999 et à 4,45 millions de blessés.",
     [("17.400", 17400, 17400, "exact", "count"), ("1999", 1999, 1999, "exact", "year"),
      ("4,45 millions", 4_450_000, 4_450_000, "exact", "count")]),
    ("Les vagues ont atteint jusqu'à trente mètres, et environ cinq millions de personnes.",
     [("jusqu'à trente", None, 30, "at_most", "measure"),
      ("environ cinq millions", 5_000_000, 5_000_000, "about", "count")]),
    ("Le courant a été rétabli vers 23h30 pour 1 900 foyers.",
     [("23h30", 23, 23, "exact", "time"), ("1 900", 1900, 1900, "exact", "count")]),
    ("Avec 55.000 pertes sur 1 444 jours de conflit, le XXe siècle est loin.",
     [("55.000", 55000, 55000, "exact", "count"), ("1 444", 1444, 1444, "exact", "duration"),
      ("XXe", 20, 20, "exact", "ordinal")]),
    ("Neuf personnes, âgées de 19 à 25 ans, ont été placées en garde à vue pour cinq jours.",
     [("Neuf", 9, 9, "exact", "count"), ("19 à 25", 19, 25, "range", "age"),
      ("cinq", 5, 5, "exact", "duration")]),
    ("Le ministère a annoncé 116 interpellations qui ont donné lieu à 82 gardes à vue.",
     [("116", 116, 116, "exact", "count"), ("82", 82, 82, "exact", "count")]),
    ("Le 14 août 2021, un séisme de magnitude 7,2 frappe à 8h30, à 150 km de la capitale.",
     [("14 août 2021", 14, 14, "exact", "date"), ("7,2", None, None, "exact", "measure"),
      ("8h30", 8, 8, "exact", "time"), ("150", 150, 150, "exact", "measure")]),
    ("La guerre a fait 85.000 morts (1991-2001), soit environ 1.000 morts par jour.",
     [("85.000", 85000, 85000, "exact", "count"), ("1991-2001", 1991, 2001, "range", "year"),
      ("environ 1.000", 1000, 1000, "about", "count")]),
]

# Figures are bounded (MAX_VALUE, docs/limits.md): a larger number keeps its text, holds no
# value and counts nothing; an exponent is never read as a count on its own.
BOUNDS = [
    ("Il y aurait 9223372036854775808 personnes.",
     [("9223372036854775808", None, None, "exact", "other")]),
    ("On compte 1 000 000 000 000 000 000 000 morts.",
     [("1 000 000 000 000 000 000 000", None, None, "exact", "other")]),
    ("Le compteur affiche 1 000 000 000 000 001 personnes.",
     [("1 000 000 000 000 001", None, None, "exact", "other")]),
    ("Un total de 10^400 victimes.", [("Un total de 10^400", None, None, "exact", "other")]),
    ("Pas moins de 1e9999 blessés.", [("Pas moins de 1e9999", None, None, "at_least", "other")]),
    ("Un rapport cite 1,5e3 manifestants.", [("1,5e3", 1500, 1500, "exact", "count")]),
    ("Un rapport cite 2.5E6 déplacés.", [("2.5E6", 2_500_000, 2_500_000, "exact", "count")]),
    ("Un rapport cite 1e-3 victimes.", [("1e-3", None, None, "exact", "other")]),
    ("Les modèles prévoient 10^6 déplacés.", [("10^6", 10**6, 10**6, "exact", "count")]),
    ("Des milliards de milliards d'insectes.",
     [("Des milliards de milliards", None, None, "vague", "other")]),
]
# The letter O typed for a zero inside a number: two O's, or one between digits.
LETTER_O = [
    ("Plus de 12.OOO gendarmes déployés.",
     [("Plus de 12.OOO", 12000, None, "more_than", "count")]),
    ("On compte 1OO blessés.", [("1OO", 100, 100, "exact", "count")]),
    ("Il y a 3 5OO déplacés.", [("3 5OO", 3500, 3500, "exact", "count")]),
    ("Il y a 2o5 morts.", [("2o5", 205, 205, "exact", "count")]),
    ("Il y a 12,OOO morts.", [("12,OOO", 12000, 12000, "exact", "count")]),
    # A lone O after a digit stays a letter: a name, never a count.
    ("Le modèle B2O et le 1O.",
     [("B2O", None, None, "exact", "name"), ("1", 1, 1, "exact", "name")]),
]

TABLES = BOUNDS + LETTER_O + NUMERALS + APPROXIMATIONS + VAGUE + MODIFIERS + RANGES \
    + DATES_AND_YEARS + TIMES_AND_DURATIONS + ORDINALS_AND_NAMES + AGES + UNITS \
    + FRACTIONS_AND_OTHERS + REPORTING


@pytest.mark.parametrize(("sentence", "expected"), TABLES, ids=[row[0][:50] for row in TABLES])
def test_sentence(sentence: str, expected: list[Row]) -> None:
    assert read(sentence) == expected


def test_spans_cover_modifier_and_numeral() -> None:
    text = "Selon le ministère, plus de 3 211 participants ont été arrêtés."
    (q,) = find_quantities(text)
    assert (q.start, q.end) == (text.index("plus"), text.index(" participants"))
    assert text[q.number_start:q.number_end] == "3 211"
    assert q.text == text[q.start:q.end] == "plus de 3 211"


def test_offsets_are_absolute_and_bounded() -> None:
    text = "Hier, 12 morts. Aujourd'hui, environ 40 blessés et 3 disparus."
    start = text.index("Aujourd'hui")
    end = text.index(" et 3")
    qs = find_quantities(text, start, end)
    assert [(q.text, q.low) for q in qs] == [("environ 40", 40)]
    assert text[qs[0].start:qs[0].end] == "environ 40"


@pytest.mark.parametrize("junk", [None, 12, b"3 morts"])
def test_non_text_yields_nothing(junk: object) -> None:
    assert find_quantities(junk) == []  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(-5, 400), st.one_of(st.none(), st.integers(-5, 400)))
def test_never_raises_and_spans_hold(text: str, start: int, end: int | None) -> None:
    lo = max(0, min(start, len(text)))
    hi = len(text) if end is None else max(0, min(end, len(text)))
    for q in find_quantities(text, start, end):
        assert lo <= q.start <= q.number_start <= q.number_end <= q.end <= hi
        assert text[q.start:q.end] == q.text
        assert q.low is None or q.high is None or q.low <= q.high


ALPHABET = "0123456789  .,-–/hHe%€«»:'’\nabcdeéèilmnorstuvxDEIMVX" + "\u00a0\u202f"
NUMBERISH = st.lists(
    st.sampled_from(
        ["plus de ", "environ ", "entre ", " et ", " à ", "des ", "dizaines", "une ", "centaine",
         "vingt", "-", "deux ", "mille ", "ans ", "janvier ", "2022", "3 211", "4,578", "1er ",
         "XXIe ", "%", "h", "Mir ", "millions "]
    ) | st.text(ALPHABET, max_size=5),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(NUMBERISH)
def test_numberish_text_never_raises(text: str) -> None:
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text
        assert 0 <= q.start <= q.end <= len(text)


def test_long_digit_runs_are_ids() -> None:
    # Long digit runs are ids, not counts, and must not hit int()'s digit limit.
    (q,) = find_quantities("9" * 50_000)
    assert (q.role, q.low) == ("other", None)


@pytest.mark.slow  # a time bound: on a loaded machine it measures the load
def test_huge_and_long_inputs_stay_fast() -> None:
    sentence = "Selon le bilan du 7 janvier 2022, plus de 3 211 personnes ont été arrêtées. "
    text = sentence * (200_000 // len(sentence))
    began = time.perf_counter()
    found = find_quantities(text)
    elapsed = time.perf_counter() - began
    assert len(found) == 2 * (200_000 // len(sentence))
    assert elapsed < 4.0, f"{elapsed:.2f}s for 200 KB"  # generous: the machine is shared


# --- the shared corpus ----------------------------------------------------------------------


def _gold(eval_dir: Path, name: str) -> list[dict]:
    lines = (eval_dir / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _docs(corpus_dir: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))}


def test_gold_claims_are_counts(corpus_dir: Path, eval_dir: Path) -> None:
    """Every gold claim's number is read as a count with the gold low/high/qualifier.

    The gold leaves low/high null for vague figures; the ticket's convention puts a
    conservative reading in low, so for those only the qualifier is compared.
    """
    docs = _docs(corpus_dir)
    missing = []
    for claim in _gold(eval_dir, "kazakhstan-2022.claims.gold.jsonl"):
        text = docs[claim["doc"]]
        at = text.find(claim["evidence"])
        assert at >= 0, claim["evidence"]
        # The number may sit just before the quoted evidence ("26 « criminels armés … »").
        window = (max(0, at - 30), at + len(claim["evidence"]))
        counts = [
            q for q in find_quantities(text)
            if q.role == "count" and q.end > window[0] and q.start < window[1]
        ]
        wanted = (claim["low"], claim["high"], claim["qualifier"])
        if claim["qualifier"] == "vague":
            ok = any(q.qualifier == "vague" for q in counts)
        else:
            ok = any((q.low, q.high, q.qualifier) == wanted for q in counts)
        if not ok:
            missing.append((claim["evidence"], wanted, [(q.text, q.low, q.high) for q in counts]))
    assert not missing


TRAPS_NOT_COUNTS = ("45e brigade", "98e division", "31e brigade", "Mir 24", "Khabar 24", "58 ans",
                    "six ans de prison", "20h00", "17h00", "COVID-19", "Aspire C27 et C24",
                    "Digital Nomad depuis 5 ans", "43\n0", "Environ la moitié du territoire")


def test_traps_are_not_counts(corpus_dir: Path, eval_dir: Path) -> None:
    docs = _docs(corpus_dir)
    traps = _gold(eval_dir, "kazakhstan-2022.traps.jsonl")
    checked = 0
    for trap in traps:
        text = docs[trap["doc"]]
        for needle in TRAPS_NOT_COUNTS:
            if needle not in trap["text"]:
                continue
            at = text.find(needle)
            while at >= 0:
                inside = [q for q in find_quantities(text)
                          if q.number_start < at + len(needle) and q.number_end > at]
                assert inside, needle
                assert all(q.role != "count" for q in inside), (needle, inside)
                checked += 1
                at = text.find(needle, at + 1)
    assert checked >= len(TRAPS_NOT_COUNTS)
