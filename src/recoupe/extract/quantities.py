"""French quantities: every number-like thing in a text, read with its modifiers and its role.

``find_quantities`` is pure regex and text work (no spaCy, no dateparser) because it runs on
every sentence of millions of articles. It reads, in one left-to-right pass:

1. a *core*: digits with any thousands separator ("3 211", "10.000", "4,578") and an optional
   scale word ("2,5 millions"), number words ("vingt-six", "deux mille", via text2num),
   approximations ("une centaine"), vague plurals ("des dizaines", "plusieurs milliers"),
   ordinals ("45e", "troisième", "XXIe"), clock times ("20h00"), numeric dates, fractions
   ("la moitié", "deux tiers"), phone numbers and names glued to digits ("COVID-19", "A320");
2. a range when two cores are joined ("entre 10 et 20", "250 000 à 300 000", "10-15", "deux ou
   trois");
3. the modifier before or after it ("plus de", "environ", "au moins", "jusqu'à", "X environ"),
   which sets ``qualifier``, ``low`` and ``high`` (CONTRACT.md);
4. the ``role`` read from the words around it: only ``count`` can later become a claim.

Vague plurals carry ACLED's conservative reading in ``low`` (tens → 10, dozens → 12, hundreds →
100, thousands → 1000) and ``high`` None. A value that is not whole ("7,8") leaves ``low`` and
``high`` None. Offsets are absolute offsets into ``text``; nothing outside [start, end) is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from text_to_num import text2num

from recoupe.records import Quantity

# Longer digit strings are ids or noise, and int() refuses very long strings anyway.
MAX_DIGITS = 30
# How far around a number the role and modifier rules read (characters).
WINDOW = 60

_L = r"[^\W\d_]"  # one letter, any script
_NOT_LETTER_AFTER = rf"(?!{_L})"
_NOT_WORD_BEFORE = r"(?<![\w])"
_APOS = r"['’]"


class _EndCue(NamedTuple):
    """A cue read at the very end of the words before a number ("au moins", "article").

    ``chunks``: the most whitespace-separated chunks one of its matches can span, counted
    from its pattern (1 + the places where it allows whitespace before its trailing ``\\s*``);
    :class:`_Before` searches from the start of that many last chunks only.
    """

    pattern: re.Pattern[str]
    chunks: int


MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre|janv\\.|févr\\.|fév\\.|avr\\.|juil\\.|sept\\.|oct\\.|nov\\.|déc\\."
)
WEEKDAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"

# Number words text2num reads; longest first so "quatorze" wins over "quatre".
_NUMBER_WORDS = sorted(
    (
        "zéro", "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
        "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "vingt", "vingts",
        "trente", "quarante", "cinquante", "soixante", "septante", "huitante", "octante",
        "nonante", "cent", "cents", "mille", "million", "millions", "milliard", "milliards",
    ),
    key=len,
    reverse=True,
)
_W = "(?:" + "|".join(_NUMBER_WORDS) + ")" + _NOT_LETTER_AFTER
_JOIN = rf"(?:-et-|-|\s+et\s+(?=(?:un|une|onze){_NOT_LETTER_AFTER})|\s+)"
_SMALL_WORDS = "une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix"

# "-aine" nouns read as "about N"; "un millier" too.
_APPROX_NOUNS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
}
# Vague plurals and the ticket's conservative reading (ACLED convention).
_VAGUE_NOUNS = {
    "dizaines": 10, "douzaines": 12, "vingtaines": 20, "centaines": 100, "milliers": 1000,
    "millions": 1_000_000, "milliards": 1_000_000_000,
}
_SCALES = {
    "mille": 1000, "millier": 1000, "milliers": 1000, "million": 1_000_000,
    "millions": 1_000_000, "milliard": 1_000_000_000, "milliards": 1_000_000_000,
    "billion": 10**12, "billions": 10**12,
}
_ORDINAL_STEMS = {
    "un": "un", "deux": "deux", "trois": "trois", "quatr": "quatre", "cinqu": "cinq",
    "six": "six", "sept": "sept", "huit": "huit", "neuv": "neuf", "dix": "dix", "onz": "onze",
    "douz": "douze", "treiz": "treize", "quatorz": "quatorze", "quinz": "quinze",
    "seiz": "seize", "vingt": "vingt", "trent": "trente", "quarant": "quarante",
    "cinquant": "cinquante", "soixant": "soixante", "cent": "cent", "mill": "mille",
}
_STEMS = "|".join(sorted(_ORDINAL_STEMS, key=len, reverse=True))
# Roman ordinals: "IIe", "XXIe", "Ier", "Ve"; one letter only with a short suffix, so that
# "Vers", "Le", "Ce" or "De" are never read as numbers.
_ROMAN_MANY = "(?=[IVXLCDM]{2})M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_ONE = "(?:I(?:er|re|ère)|[IVX](?:e|ème|ᵉ))"
_ORD_SUFFIX = "(?:ièmes?|èmes?|emes?|ères?|eres?|ers?|res?|nde?s?|è|es?|ᵉʳᵉ|ᵉʳ|ᵉ)"

_CORE = re.compile(
    # Cheap gate first: a number starts at a digit, a "+" or the start of a word, so the
    # eleven alternatives are only tried there (most positions are inside words).
    r"(?:(?=[\d+])|(?<![\w])(?=\w))(?:"
    + "|".join(
        (
            # +33 1 23 45 67 89, 01 23 45 67 89
            r"(?P<phone>(?<![\d+])(?:\+\d{1,3}[ .]?)?\d{1,2}(?:[ .]\d{2}){4}(?!\d))",
            # 2022-01-07, 2/01/2022, 07.01.22
            r"(?P<numdate>(?<![\d/.])(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))"
            r"(?![\d/]))",
            # 20h00, 17h, 18H20, 8 h 30, 20:30
            rf"(?P<clock>(?<![\w,.])(?P<ck_h>\d{{1,2}})(?:\s?[hH](?:\s?(?P<ck_m>[0-5]\d))?"
            rf"|:(?P<ck_m2>[0-5]\d)(?!\d)){_NOT_LETTER_AFTER})",
            # la moitié, deux tiers, un quart, un cinquième de
            rf"(?P<fraction>{_NOT_WORD_BEFORE}(?i:(?:(?:la|une|sa|leur)\s+)?moitiés?"
            rf"|(?:un|le|les|deux|trois|quatre|\d+)\s+(?:tiers|quarts?)"
            rf"|(?:un|deux|trois|quatre|\d+)\s+(?:{_STEMS})ièmes?(?=\s+(?:de|des|du|d{_APOS})))"
            rf"{_NOT_LETTER_AFTER}|(?<![\d/])\d{{1,3}}/\d{{1,3}}(?![\d/]))",
            # des dizaines, plusieurs milliers, des « dizaines », des dizaines de milliers
            rf"(?P<vague>{_NOT_WORD_BEFORE}(?i:des|plusieurs|quelques|de\s+nombreuses|par)\s+"
            rf"(?:[«\"“]\s*)?(?P<vg_noun>(?i:dizaines|douzaines|vingtaines|centaines|milliers"
            rf"|millions|milliards)){_NOT_LETTER_AFTER}(?:\s*[»\"”])?"
            rf"(?:\s+(?i:de\s+|d{_APOS}\s*)(?P<vg_scale>(?i:milliers|millions|milliards))"
            rf"{_NOT_LETTER_AFTER})?)",
            # plusieurs / quelques alone: number-like, but no number
            rf"(?P<few>{_NOT_WORD_BEFORE}(?i:plusieurs|quelques){_NOT_LETTER_AFTER}"
            rf"(?!\s+(?:[«\"“]\s*)?\d))",
            # une centaine, un millier, une bonne dizaine, deux centaines de milliers
            rf"(?P<approx>{_NOT_WORD_BEFORE}(?P<apx_mult>(?i:{_SMALL_WORDS}|\d{{1,3}}))\s+"
            rf"(?:(?i:bonne|petite|grosse|grande|large)\s+)?"
            rf"(?P<apx_noun>(?i:(?:dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine"
            rf"|cinquantaine|soixantaine|centaine)s?|millier)){_NOT_LETTER_AFTER}"
            rf"(?:\s+(?i:de\s+|d{_APOS}\s*)(?P<apx_scale>(?i:milliers|millions|milliards))"
            rf"{_NOT_LETTER_AFTER})?)",
            # 45e, 1er, 2nde, 3ème, XXIe, IIe
            rf"(?P<ordinal>(?<![\w.,])(?:(?:\d{{1,4}}|{_ROMAN_MANY}){_ORD_SUFFIX}|{_ROMAN_ONE})"
            rf"{_NOT_LETTER_AFTER}"
            rf"|{_NOT_WORD_BEFORE}(?i:premi(?:er|ère)s?|(?:{_L}+-(?:et-)?)?(?:{_STEMS})ièmes?)"
            rf"{_NOT_LETTER_AFTER})",
            # COVID-19, G7, A320, MH17, anti-COVID-19, C27
            rf"(?P<glued>(?<![\w-]){_L}+(?:-{_L}+)*-?\d\w*(?:-\w+)*)",
            # 3 211, 10.000, 4,578, 2,5, 3000 (+ scale: 2,5 millions)
            r"(?P<digits>(?<![\d])(?P<dg_int>\d{1,3}(?P<sep>[ \u00a0\u202f.,'’])\d{3}"
            r"(?:(?P=sep)\d{3})*(?!\d)|\d+)(?:(?P<dec_sep>[.,])(?P<dec>\d+))?"
            rf"(?:\s*(?P<scale>(?i:millions?|milliards?|milliers?|billions?|mille))"
            rf"{_NOT_LETTER_AFTER})?)",
            # deux, vingt-six, deux mille, quatre-vingt-dix, cent cinquante
            rf"(?P<words>(?<!{_L})(?i:{_W}(?:{_JOIN}{_W}){{0,12}})(?!-{_L})"
            rf"(?:\s+(?P<nw_scale>(?i:milliers)){_NOT_LETTER_AFTER})?)",
        )
    )
    + ")"
)

# Where ``_CORE`` may match: a digit or "+", or a word start that begins one of its
# alternatives. Trying ``_CORE`` at every word start costs most of ``find_quantities``
# (eleven alternatives, some scanning the whole word); this zero-width pattern is a cheap
# superset of those places, so ``_search_core`` finds exactly what ``_CORE.search`` does.
# Keep it in step with ``_CORE`` when an alternative is added.
_MAY_START = re.compile(
    r"(?=[\d+])|(?<!\w)(?="
    + "|".join(
        (
            # Number words and ordinal stems ("un", "deux tiers", "troisième"), by their
            # first letters: one short alternation instead of sixty words at each word start.
            r"(?i:un|zér|deu|dix|dou|tro|tre|qua|qui|cin|cen|six|sep|sei|soi|hui|neu|non|onz"
            r"|oct|vin|mil)",
            r"(?i:plusieurs|quelques|premi|moiti)",  # few, vague, ordinal, fraction
            r"(?i:la|sa|leur)\s+(?i:moiti)",  # fraction: "la moitié"
            r"(?i:le|les)\s+(?i:tiers|quart)",  # fraction: "les deux tiers" starts at "deux"
            r"(?i:de\s+nombreuses)",  # vague
            r"(?i:des|par)\s+(?:[«\"“]\s*)?(?i:dizaines|douzaines|vingtaines|centaines"
            r"|milliers|millions|milliards)",  # vague
            r"[IVXLCDM]{2}|I(?:er|re|ère)|[IVX](?:e|ème|ᵉ)",  # roman ordinals
            rf"{_L}+[-\d]",  # glued ("COVID-19", "A320"), ordinal "vingt-et-unième"
        )
    )
    + ")"
)


def _search_core(seg: str, pos: int) -> re.Match[str] | None:
    """``_CORE.search(seg, pos)``, trying ``_CORE`` only where it may match."""
    for candidate in _MAY_START.finditer(seg, pos):
        m = _CORE.match(seg, candidate.start())
        if m is not None:
            return m
    return None


# Modifiers read right before a quantity, longest phrase wins (leftmost match of the window).
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("at_least", rf"pas\s+moins\s+(?:de|d{_APOS})|au\s+moins|au\s+minimum|un\s+minimum\s+de"
                 r"|au\s+bas\s+mot|à\s+tout\s+le\s+moins"),
    ("at_most", rf"pas\s+plus\s+(?:de|d{_APOS})|jusqu{_APOS}\s*(?:à|a)|tout\s+au\s+plus|au\s+plus"
                r"|au\s+maximum|un\s+maximum\s+de"),
    ("about", rf"plus\s+ou\s+moins|environ|env\.|près\s+(?:de|d{_APOS})|à\s+peu\s+près"
              rf"|quelques?|autour\s+(?:de|d{_APOS})|approximativement|(?:une\s+)?estimation\s+de"
              rf"|estimée?s?\s+à|presque|pratiquement|quasiment|aux\s+alentours\s+(?:de|d{_APOS})"
              rf"|de\s+l{_APOS}\s*ordre\s+(?:de|d{_APOS})|grosso\s+modo|avoisinant|quelque"),
    ("more_than", rf"plus\s+(?:de|d{_APOS})|au-delà\s+(?:de|d{_APOS})|au\s+delà\s+(?:de|d{_APOS})"
                  r"|davantage\s+que|davantage\s+de|supérieure?s?\s+à|plus\s+que"),
    ("less_than", rf"moins\s+(?:de|d{_APOS})|inférieure?s?\s+à|en\s+deçà\s+(?:de|d{_APOS})"),
    ("exact", rf"un\s+total\s+(?:de|d{_APOS})|au\s+total\s+(?:de|d{_APOS})|exactement|précisément"),
    ("range", r"entre"),
)
_PREFIX = _EndCue(re.compile(
    rf"(?<!{_L})(?i:" + "|".join(f"(?P<{name}>{pat})" for name, pat in _PREFIXES)
    + r")\s*(?:[«\"“]\s*)?$"
), chunks=5)  # de | l' | ordre | de | «
_TRAILING = re.compile(
    rf"\s*(?i:(?P<at_least>au\s+moins|au\s+minimum|minimum)|(?P<about>environ)"
    rf"|(?P<at_most>au\s+plus|au\s+maximum|tout\s+au\s+plus|maximum)"
    rf"|(?P<exact>au\s+total|en\s+tout)){_NOT_LETTER_AFTER}"
)
_CONNECTOR = re.compile(r"(?:\s*(?P<c>à|au|ou|et)\s+(?:les\s+)?|\s*(?P<d>[–-])\s*)", re.I)

_PERCENT = re.compile(
    rf"\s*(?:%|‰|(?i:pour\s*-?\s*cent|pourcents?|p\.\s?100|pour\s+100|pour\s+mille)"
    rf"{_NOT_LETTER_AFTER})"
)
_CURRENCY = (
    r"€|\$|£|¥|(?:m|md|k)€|chf|usd|eur|gbp|fcfa|cfa|euros?|dollars?|livres\s+sterling|livres"
    r"|francs?|roubles?|yuans?|yens?|tenges?|hryvnias?|dinars?|dirhams?|shekels?|roupies?"
    r"|reais|réals?|pesos?|bolivars?|rands?|nairas?|lires?|zlotys?|couronnes?|rials?|riyals?"
    r"|birrs?|cedis?|ariarys?|gourdes?|soms?|manats?|laris?|drams?|afghanis?|kwachas?|leones?"
    r"|lempiras?|quetzals?|sols?|wons?|bahts?|dongs?|ringgits?|rupiahs?|tugriks?"
)
_MONEY_AFTER = re.compile(rf"\s*(?:de\s+|d{_APOS}\s*)?(?i:{_CURRENCY})(?![^\W\d_])")
_MONEY_BEFORE = _EndCue(re.compile(r"(?:€|\$|£|¥|(?i:US\$|USD|EUR|CHF|GBP))\s*$"), chunks=1)
_UNITS = (
    r"km/h|km²|km2|m²|m2|m³|m3|°c|°f|°|kilomètres?(?:\s+carrés)?|km|mètres?(?:\s+(?:cubes|carrés))?"
    r"|cm|mm|centimètres?|millimètres?|m|hectares?|ha|kilos?|kilogrammes?|kg|grammes?|g"
    r"|tonnes?|t|litres?|l|hl|degrés?|pieds?|miles?|milles\s+(?:nautiques|marins)|nœuds?"
    r"|mw|gw|kw|kwh|mwh|gwh|volts?|watts?|mégatonnes?|mt|kt|barils?|décibels?|db|hpa"
    r"|mbar|bars?|acres?|mm\s+de\s+pluie|de\s+magnitude|sur\s+l['’]échelle"
)
_MEASURE_AFTER = re.compile(rf"\s*(?:de\s+|d{_APOS}\s*)?(?i:{_UNITS})(?![^\W\d_'’])")
_MEASURE_BEFORE = _EndCue(re.compile(
    rf"(?i:magnitude|échelle\s+de\s+richter|force|intensité|température)\s+(?:(?:de|d{_APOS})\s*)?$"
), chunks=4)  # échelle | de | richter | de
_DURATION_UNITS = (
    r"ans?|années?|mois|semaines?|jours?|journées?|nuits?|heures?|h|minutes?|min|mn|secondes?"
    r"|décennies?|siècles?|trimestres?|semestres?|week-ends?"
)
_TIME_UNIT = re.compile(rf"\s*(?:de\s+|d{_APOS}\s*)?(?P<unit>(?i:{_DURATION_UNITS}))(?![^\W\d_])")
_PRISON = re.compile(
    rf"\s+(?:de\s+|d{_APOS})(?i:prison|réclusion|emprisonnement|détention|travaux|bagne|camp)"
    r"|\s+(?i:ferme|avec\s+sursis)", re.I
)
_MONTH_AFTER = re.compile(
    rf"\s*(?:-\s*)?(?i:{MONTHS})(?![^\W\d_])(?:\s+(?P<year>\d{{4}})(?!\d))?"
)
_MONTH_BEFORE = _EndCue(re.compile(rf"(?i:{MONTHS})\s+$"), chunks=1)  # janvier
_WEEKDAY_BEFORE = _EndCue(
    re.compile(rf"(?i:{WEEKDAYS})(?:\s+(?:matin|soir|midi))?\s+$"), chunks=2  # lundi | matin
)
_YEAR_CUE = _EndCue(re.compile(
    rf"(?<!{_L})(?i:en|depuis|dès|avant|après|jusqu{_APOS}en|d{_APOS}ici|année|années|an|l{_APOS}an"
    rf"|fin|début|mi-|printemps|été|automne|hiver|saison|exercice|budget|né|née|nés|depuis\s+l{_APOS}an"
    rf"|courant|cours\s+de|à\s+partir\s+de|vers|été)\s*$"
), chunks=3)  # à | partir | de
_ID_BEFORE = _EndCue(re.compile(
    rf"(?<!{_L})(?i:articles?|art\.|alinéa|lois?|décret|résolution|chapitre|pages?|p\.|section"
    r"|paragraphe|n°|nº|no\.?|numéro|num\.|tome|volume|vol\.|épisode|saison|ligne|route|autoroute"
    r"|porte|salle|chambre|étage|niveau|catégorie|phase|version|zone|secteur|lot|code|rang|bus"
    r"|vol|train|matricule|cellule|terminal|quai|point|amendement|dossier|#|n)\s*$"
), chunks=1)  # n°, art.
_AGE_BEFORE = _EndCue(re.compile(
    rf"(?i:âgée?s?\s+(?:de|d{_APOS}|entre)|l{_APOS}\s*âge\s+(?:de|d{_APOS})"
    rf"|(?:homme|femme|garçon|fille|fillette|enfant|bébé|nourrisson|adolescente?|ado|jeune"
    rf"|jeunes\s+gens|retraitée?|étudiante?|lycéenne?|lycéen|collégienne?|collégien|victime"
    rf"|suspecte?|mineure?|militante?|manifestante?|policière?|policier|soldat|mère|père"
    rf"|conducteur|conductrice|ressortissante?|individu|touriste|réfugiée?|déplacée?|patiente?"
    rf"|militaire|agente?|otage|détenue?|prisonnière?|prisonnier|civile?|habitante?|personne"
    rf"|homme|femme)s?\s+(?:de|d{_APOS})|(?<!{_L})à|\()\s*$"
), chunks=3)  # jeunes | gens | de, l' | âge | de
_DURATION_CUE = _EndCue(re.compile(
    rf"(?<!{_L})(?i:il\s+y\s+a|depuis|pendant|durant|dans|en|sur)\s*$"
), chunks=3)  # il | y | a
_CLOCK_DURATION_CUE = _EndCue(re.compile(
    rf"(?<!{_L})(?i:pendant|durant|en|dans|sous|depuis|les|des|ces)\s*$"
), chunks=1)  # pendant
_LES_BEFORE = _EndCue(re.compile(r"(?<!\w)(?i:les)\s*$"), chunks=1)
_OPENING_BEFORE = _EndCue(re.compile(r"[,(]\s*$"), chunks=1)
_AGE_AFTER = re.compile(r"\s*(?:,|\)|;|\.(?!\d)|$)")
_CONDEMNED = _EndCue(re.compile(
    r"(?i:condamnée?s?|peine|écopée?s?|risque|risquent)\s+(?:à|de)\s*$"
), chunks=2)  # condamné | à
_TIME_AFTER = re.compile(
    r"\s+(?i:du\s+matin|du\s+soir|de\s+l['’]après-midi|\d{2}|heure\s+locale|\(heure|gmt|utc"
    r"|précises|pile)"
)
_TIME_BEFORE = _EndCue(re.compile(
    rf"(?<!{_L})(?:A|(?i:à|vers|dès|jusqu{_APOS}à|avant|après|à\s+partir\s+de))\s*$"
), chunks=3)  # à | partir | de
_CHAIN = re.compile(r"(?:\s*(?:,|et|ou|à)\s*(?:\d+|une?|deux|trois|quatre|cinq|six|sept|huit|neuf"
                    rf"|dix)(?:er|e)?{_NOT_LETTER_AFTER})+", re.I)
_DIGIT = re.compile(r"\d")
_GLUED_WORD = re.compile(rf"{_L}+")
_NEXT_WORD = re.compile(rf"\s*[«\"“]?\s*(?P<w>{_L}[\w'’-]*)")
_PREV_WORD = _EndCue(re.compile(rf"(?P<w>{_L}[\w'’.-]*)[ \u00a0\u202f]$"), chunks=1)  # Boeing
_FEW_UNITS = re.compile(rf"\s+(?i:{_DURATION_UNITS})(?![^\W\d_])")
_SCORE_CUE = re.compile(
    r"(?i:score|victoire|battu|battue|s['’]impose|l['’]emporte|mène|défaite|match|gagné|perdu"
    r"|vainqueur|set|manche)"
)

# Words that are not counted nouns even when they end in s/x (verbs, pronouns, prepositions).
_FUNCTION_WORDS = frozenset(
    [
        "les", "des", "ces", "ses", "mes", "tes", "nos", "vos", "leurs", "lors", "dans", "sous",
        "sans", "plus", "moins", "très", "après", "près", "alors", "depuis", "puis", "jamais",
        "toujours", "pas", "tous", "toutes", "mais", "dès", "vers", "chez", "parmi", "nous", "vous",
        "ils", "elles", "ceux", "celles", "était", "étaient", "sommes", "êtes", "avons", "avez",
        "sont", "ont", "aux", "fois", "mois", "jours", "ans", "avais", "avait", "alors", "ainsi",
        "dont", "selon", "sur", "pour", "avec", "entre", "contre", "par", "ou", "et", "est", "sera",
        "seront", "fut", "furent", "a", "ans", "années"
    ]
)
_COUNTED_SINGULAR = frozenset(
    [
        "mort", "blessé", "disparu", "manifestant", "policier", "soldat", "militaire", "civil",
        "enfant", "personne", "victime", "habitant", "réfugié", "déplacé", "otage", "détenu",
        "membre", "agent", "combattant"
    ]
)
# Capitalised words that start sentences or phrases, not names ("Selon 3 sources").
_NOT_NAMES = frozenset(
    [
        "le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "en", "et", "ou", "à", "au",
        "aux", "dont", "selon", "sur", "sous", "dans", "par", "pour", "avec", "sans", "plus",
        "moins", "environ", "près", "presque", "quelque", "quelques", "entre", "vers", "depuis",
        "pendant", "durant", "après", "avant", "parmi", "chez", "soit", "mais", "or", "donc", "car",
        "ni", "si", "ce", "ces", "cette", "ses", "leurs", "leur", "nos", "vos", "mes", "tes", "son",
        "sa", "ils", "elles", "il", "elle", "on", "nous", "vous", "total", "bilan", "jusqu",
        "ainsi", "alors", "puis", "enfin", "encore", "déjà", "seulement", "seuls", "seules", "seul",
        "seule", "tous", "toutes", "tout", "toute", "hier", "aujourd", "désormais", "ici", "là",
        "voici", "voilà", "contre", "malgré", "outre", "sauf", "hors", "via", "chaque", "certains",
        "autres", "a", "ont", "sont", "est", "était", "étaient", "sera", "dès", "au-delà", "quant",
        "après-midi", "matin", "soir", "nuit", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
        "samedi", "dimanche", "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
        "août", "septembre", "octobre", "novembre", "décembre", "officiellement", "notamment",
        "dont", "ex", "parmi", "réunis", "près", "de", "quelques", "approximativement",
        "exactement", "pratiquement", "quasiment", "autour", "jusqu'à", "jusqu’à"
    ]
)
_NEUF_ADJ_BEFORE = re.compile(
    rf"(?<!{_L})(?i:un|une|le|la|les|du|de|des|tout|toute|à|en|flambant|remise?|état|l{_APOS}état)"
    r"\s+$"
)


@dataclass(frozen=True)
class _Core:
    """A number as read before its modifiers and role (internal)."""

    kind: str
    start: int
    end: int
    low: int | None
    high: int | None
    qualifier: str = "exact"
    role: str | None = None
    raw: int | None = None  # the value before a scale word, to spread "2 à 3 millions"
    scale: int = 1
    plain4: bool = False  # four bare digits: perhaps a year
    number_start: int | None = None  # the numeral proper, when narrower than start..end
    number_end: int | None = None


_ReaderFn = Callable[[str, re.Match[str]], "_Core | None"]


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every number-like thing in ``text[start:end]``, in order, as Quantity records.

    Offsets are absolute offsets into ``text``. Never raises on a string: odd input yields
    fewer quantities, not an error.
    """
    if not isinstance(text, str):
        return []
    stop = len(text) if end is None else max(0, min(end, len(text)))
    begin = max(0, min(start, stop))
    seg = text[begin:stop]
    found: list[Quantity] = []
    pos = 0
    forced: tuple[int, str] | None = None  # role for listed numbers: "15, 17 et 18 ans"
    while pos < len(seg):
        m = _search_core(seg, pos)
        if m is None:
            break
        core = _read_core(seg, m)
        if core is None:
            pos = m.end() if m.end() > pos else pos + 1
            continue
        quantity, resume, chain = _complete(seg, core, forced)
        forced = chain if chain is not None else (forced if forced and forced[0] > resume else None)
        found.append(_shift(quantity, begin, text))
        pos = max(resume, pos + 1)
    return found


def _shift(q: Quantity, offset: int, text: str) -> Quantity:
    """Move a quantity read in a segment to absolute offsets in ``text``."""
    if not offset:
        return q
    start, end = q.start + offset, q.end + offset
    return Quantity(
        start=start, end=end, text=text[start:end], low=q.low, high=q.high,
        qualifier=q.qualifier, number_start=q.number_start + offset,
        number_end=q.number_end + offset, role=q.role,
    )


# --- reading a core -------------------------------------------------------------------------


def _read_core(seg: str, m: re.Match[str]) -> _Core | None:
    """The value and kind of one regex match, or None when the match is no number at all."""
    kind = m.lastgroup if m.lastgroup in _READERS else _outer_group(m)
    reader = _READERS.get(kind or "")
    return reader(seg, m) if reader else None


def _outer_group(m: re.Match[str]) -> str | None:
    """The alternative that matched (``lastgroup`` names an inner group when one closes last)."""
    for name in _READERS:
        if m.group(name) is not None:
            return name
    return None


def _fixed(role: str) -> _ReaderFn:
    def read(seg: str, m: re.Match[str]) -> _Core:
        return _Core(role, m.start(), m.end(), None, None, role=role)

    return read


def _read_clock(seg: str, m: re.Match[str]) -> _Core:
    hours = int(m.group("ck_h"))
    with_minutes = m.group("ck_m") or m.group("ck_m2")
    role = "time" if with_minutes or hours <= 24 else "duration"
    return _Core("clock", m.start(), m.end(), hours, hours, role=role)


def _read_fraction(seg: str, m: re.Match[str]) -> _Core:
    return _Core("fraction", m.start(), m.end(), None, None, role="fraction")


def _read_vague(seg: str, m: re.Match[str]) -> _Core:
    low = _VAGUE_NOUNS[m.group("vg_noun").lower()]
    scale = m.group("vg_scale")
    if scale:
        low *= _VAGUE_NOUNS[scale.lower()]
    number_end = m.end("vg_scale") if scale else m.end("vg_noun")
    return _Core("vague", m.start(), m.end(), low, None, qualifier="vague",
                 number_start=m.start("vg_noun"), number_end=number_end)


def _read_few(seg: str, m: re.Match[str]) -> _Core:
    return _Core("few", m.start(), m.end(), None, None, qualifier="vague", role="other")


def _read_approx(seg: str, m: re.Match[str]) -> _Core | None:
    mult_text = m.group("apx_mult").lower()
    noun = m.group("apx_noun").lower()
    if noun.startswith("millier") and mult_text not in ("un", "une"):
        return None
    mult = int(mult_text) if mult_text.isdigit() else _words_value(mult_text)
    if mult is None:
        return None
    value = mult * _APPROX_NOUNS[noun.rstrip("s")]
    if m.group("apx_scale"):
        value *= _SCALES[m.group("apx_scale").lower()]
    return _Core("approx", m.start(), m.end(), value, value, qualifier="about", raw=value)


def _read_ordinal(seg: str, m: re.Match[str]) -> _Core:
    token = m.group("ordinal")
    digits = re.match(r"\d+", token)
    value = int(digits.group()) if digits else _ordinal_word_value(token)
    return _Core("ordinal", m.start(), m.end(), value, value, role="ordinal")


def _ordinal_word_value(token: str) -> int | None:
    """'troisième' → 3, 'vingt-et-unième' → 21, 'premier' → 1, 'XXIe' → 21."""
    low = token.lower()
    if low.startswith("premi"):
        return 1
    roman = re.fullmatch(rf"([IVXLCDM]+)(?:{_ORD_SUFFIX})", token)
    if roman:
        return _roman_value(roman.group(1))
    stem = re.sub(r"ièmes?$", "", low)
    head, _, last = stem.rpartition("-")
    words = (head + "-" if head else "") + _ORDINAL_STEMS.get(last, last)
    return _words_value(words)


def _roman_value(roman: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for char, nxt in zip(roman, roman[1:] + " ", strict=True):
        value = values[char]
        total += -value if values.get(nxt, 0) > value else value
    return total


def _read_glued(seg: str, m: re.Match[str]) -> _Core:
    return _Core("glued", m.start(), m.end(), None, None, role="name")


def _read_digits(seg: str, m: re.Match[str]) -> _Core:
    int_text, sep = m.group("dg_int"), m.group("sep")
    dec, scale_word = m.group("dec"), m.group("scale")
    scale = _SCALES[scale_word.lower()] if scale_word else 1
    # "1,500 million" is a decimal in French: one comma or dot group before a scale word.
    if sep in (",", ".") and scale_word and int_text.count(sep) == 1 and dec is None:
        int_text, dec = int_text.split(sep)
        sep = None
    digits = re.sub(r"\D", "", int_text)
    if len(digits) + len(dec or "") > MAX_DIGITS:
        return _Core("digits", m.start(), m.end(), None, None, role="other")
    if dec:
        exact = Fraction(f"{digits}.{dec}")
        raw = int(exact) if exact.denominator == 1 else None
        value = exact * scale
        whole = int(value) if value.denominator == 1 else None
    else:
        raw = int(digits)
        whole = raw * scale
    plain4 = not sep and not dec and not scale_word and len(digits) == 4
    return _Core("digits", m.start(), m.end(), whole, whole, raw=raw, scale=scale, plain4=plain4)


def _read_words(seg: str, m: re.Match[str]) -> _Core | None:
    words = m.group(0)
    scale_word = m.group("nw_scale")
    if scale_word:
        words = words[: m.start("nw_scale") - m.start()].rstrip()
    value = _words_value(words)
    end = m.end()
    if value is None:
        # "deux trois": keep the first number word and read the rest on the next pass.
        first = re.match(rf"{_W}", words, re.I)
        if first is None:
            return None
        words, end, scale_word = first.group(), m.start() + first.end(), None
        value = _words_value(words)
        if value is None:
            return None
    if not _keep_words(seg, m.start(), end, words.lower()):
        return None
    raw = value
    if scale_word:
        value *= _SCALES[scale_word.lower()]
    return _Core("words", m.start(), end, value, value, raw=raw,
                 scale=_SCALES[scale_word.lower()] if scale_word else 1)


def _keep_words(seg: str, start: int, end: int, words: str) -> bool:
    """False for number words that are not numbers here: the article "un", "un bâtiment neuf"."""
    after = seg[end:end + WINDOW]
    if words in ("un", "une"):
        # A bare "un" is an article, except in "un ou deux" and "un an".
        return bool(re.match(r"\s+(?:ou|à)\s+(?:deux|trois|quatre|cinq|\d)", after, re.I)) or bool(
            _FEW_UNITS.match(after)
        )
    if words == "neuf":
        # "neuf" is also "new": a number only before what it counts ("neuf blessés").
        before = seg[max(0, start - 20):start]
        return _counted_noun_follows(after) and not _NEUF_ADJ_BEFORE.search(before)
    return True


def _words_value(words: str) -> int | None:
    try:
        return int(text2num(words.lower(), "fr"))
    except (ValueError, TypeError, AssertionError, IndexError, KeyError):
        return None


_READERS: dict[str, _ReaderFn] = {
    "phone": _fixed("phone"),
    "numdate": _fixed("date"),
    "clock": _read_clock,
    "fraction": _read_fraction,
    "vague": _read_vague,
    "few": _read_few,
    "approx": _read_approx,
    "ordinal": _read_ordinal,
    "glued": _read_glued,
    "digits": _read_digits,
    "words": _read_words,
}
_NUMERIC_KINDS = frozenset({"digits", "words", "approx"})


# --- completing a core: range, modifiers, role ----------------------------------------------


def _complete(
    seg: str, core: _Core, forced: tuple[int, str] | None
) -> tuple[Quantity, int, tuple[int, str] | None]:
    """The Quantity for a core, where to resume reading, and a role for listed numbers after it."""
    first = core
    prefix = _prefix(seg, core.start)
    core = _merge_range(seg, core, prefix)
    is_range = core.qualifier == "range"
    start = prefix[1] if prefix and (not is_range or prefix[0] == "range") else core.start
    qualifier, low, high = _qualify(core, prefix[0] if prefix else None)
    end = core.end
    trailing = _TRAILING.match(seg, end) if core.kind in _NUMERIC_KINDS else None
    if trailing and not prefix and not is_range:
        qualifier, low, high = _qualify(core, trailing.lastgroup)
        end = trailing.end()
    role, resume, chain = _role(seg, core, first, start, bool(prefix or trailing))
    if forced and core.start < forced[0] and core.role is None:
        role = forced[1]
    if role == "date" and core.kind != "numdate":
        end = max(end, resume)
    quantity = Quantity(
        start=start, end=end, text=seg[start:end], low=low, high=high, qualifier=qualifier,
        number_start=core.number_start if core.number_start is not None else core.start,
        number_end=core.number_end if core.number_end is not None else core.end, role=role,
    )
    return quantity, max(resume, end), chain


def _prefix(seg: str, start: int) -> tuple[str, int] | None:
    """The modifier right before ``start``: (qualifier, where the modifier starts)."""
    window_start = _after_last_digit(seg, start - 40, start)
    m = _before(seg, window_start, start).ends_with(_PREFIX)
    if m is None:
        return None
    return m.lastgroup or "exact", m.start()


def _after_last_digit(seg: str, lo: int, hi: int) -> int:
    """Where the words before ``hi`` begin: after the previous digit, and at most from ``lo``.

    No left-context rule needs to see a number, and cutting there keeps number-dense text
    ("1 000 1 000 …") from costing a full window scan per number.
    """
    lo = max(0, lo)
    digit = _DIGIT.search(seg[lo:hi][::-1])
    return lo if digit is None else hi - digit.start()


# The cues before a number (_EndCue) are patterns anchored at the end of the words before it,
# and ``re.search`` would try each of them at every position of a 40–60 character window.
# Why searching from the start of the last ``cue.chunks`` chunks finds the same match: every
# alternative of a cue begins with a non-space character and allows whitespace at most
# ``chunks - 1`` times before its trailing ``\s*``, so a match [p, end) meets at most
# ``chunks`` whitespace-separated chunks of the window and p lies in one of its last
# ``chunks`` chunks. No match starts before that chunk; ``search`` returns the leftmost
# match, and a lookbehind at p still sees the characters before the search's start.
# tests/test_extract_speed.py checks it on tables and generated text.
_MAX_CHUNKS = 5
# Matched against the reversed window: group k is its k-th last chunk (reversed).
_REV_CHUNKS = re.compile(r"\s*" + r"(?:(\S+)\s*)?" * _MAX_CHUNKS)


class _Before(NamedTuple):
    """The words before a number, ``text[:end]``, and where their last chunks start."""

    text: str
    end: int
    starts: tuple[int, ...]  # starts[k]: start of the (k + 1)-th last chunk, or the window's

    def ends_with(self, cue: _EndCue) -> re.Match[str] | None:
        """What ``cue.pattern.search(text, window start, end)`` finds, searched from where a
        match may start."""
        return cue.pattern.search(self.text, self.starts[cue.chunks - 1], self.end)


def _before(text: str, lo: int, hi: int) -> _Before:
    """``text[lo:hi]`` as :class:`_Before`."""
    m = _REV_CHUNKS.match(text[lo:hi][::-1])
    return _Before(text, hi, tuple(lo if end < 0 else hi - end for _, end in m.regs[1:]))


def _merge_range(seg: str, core: _Core, prefix: tuple[str, int] | None) -> _Core:
    """Join "entre 10 et 20", "250 000 à 300 000", "10-15", "deux ou trois" into one range core."""
    if core.kind not in _NUMERIC_KINDS and core.kind != "ordinal":
        return core
    conn = _CONNECTOR.match(seg, core.end)
    if conn is None:
        return core
    word = (conn.group("c") or "").lower()
    if word == "et" and not (prefix and prefix[0] == "range"):
        return core
    if conn.group("d") and core.kind == "words":
        return core
    m = _CORE.match(seg, conn.end())
    second = _read_core(seg, m) if m else None
    if second is None or second.kind not in _NUMERIC_KINDS:
        return core
    if word == "au" and not _MONTH_AFTER.match(seg, second.end):
        return core
    low, high = core.low, second.high
    if core.scale == 1 and second.scale > 1 and core.raw is not None and second.raw is not None \
            and core.raw <= second.raw:
        low = core.raw * second.scale  # "entre 2 et 3 millions": the scale is shared
    low = _shared_thousands(seg, core, second, low)
    if low is None or high is None or low >= high:
        return core
    return _Core("digits" if core.kind != "words" else "words", core.start, second.end, low, high,
                 qualifier="range", raw=second.raw, scale=second.scale)


_BARE_SMALL = re.compile(r"\d{1,3}")
_ONE_THOUSANDS_GROUP = re.compile(r"(\d{1,3})[ .\u00a0\u202f](\d{3})")


def _shared_thousands(seg: str, first: _Core, second: _Core, low: int | None) -> int | None:
    """"12 à 13.000", "entre 10 et 20 000": the thousands written once, on the second
    number, count for both (as a scale word does in "2 à 3 millions"), when the first is
    a bare number no larger than the second's thousands."""
    head = _ONE_THOUSANDS_GROUP.fullmatch(seg, second.start, second.end)
    if (low is None or head is None or first.kind != "digits"
            or not _BARE_SMALL.fullmatch(seg, first.start, first.end)):
        return low
    return low * 1000 if 0 < low <= int(head.group(1)) else low


def _qualify(core: _Core, modifier: str | None) -> tuple[str, int | None, int | None]:
    """(qualifier, low, high) of a core under a modifier, per CONTRACT.md."""
    if core.qualifier in ("vague", "range") or modifier in (None, "range", "exact"):
        return core.qualifier, core.low, core.high
    if modifier in ("more_than", "at_least"):
        return modifier, core.low, None
    if modifier in ("at_most", "less_than"):
        return modifier, None, core.high
    return modifier, core.low, core.high


def _role(
    seg: str, core: _Core, first: _Core, qstart: int, modified: bool
) -> tuple[str, int, tuple[int, str] | None]:
    """(role, where reading resumes, role for numbers listed after) from the words around."""
    end = core.end
    left_text = seg[_after_last_digit(seg, qstart - WINDOW, qstart):qstart]
    left = _before(left_text, 0, len(left_text))
    if core.role == "ordinal":
        chain = _CHAIN.match(seg, end)
        date = _MONTH_AFTER.match(seg, chain.end() if chain else end)
        if date and (core.low or 0) <= 31:
            return "date", date.end(), None
        return "ordinal", end, None
    if core.kind == "clock":
        around = re.match(r"\s*(?:/|sur\s+)\d+", seg[end:end + 10])  # "24h/24", "24h sur 24"
        role = "duration" if around else _clock_role(seg, core, left)
        return role, end + (around.end() if around else 0), None
    if core.role is not None:
        return core.role, end, None
    if _alone_on_line(seg, core.start, end) or _bracketed(seg, core.start, end):
        return "other", end, None
    chain = _CHAIN.match(seg, end)
    unit_at = chain.end() if chain else end
    role, resume = _role_after(seg, core, unit_at, left)
    if role is None:
        # Only a unit after a list ("15, 17 et 18 ans") speaks for the numbers listed.
        return _role_before(seg, core, first, left, modified), end, None
    if chain and role not in ("count", "date"):
        # Read the listed numbers too: "22 et 23 ans" is two ages.
        return role, end, (unit_at, role)
    return role, max(resume, end), None


def _role_after(seg: str, core: _Core, at: int, left: _Before) -> tuple[str | None, int]:
    """A role read from the unit after the number ("%", "euros", "janvier", "ans", "km")."""
    glued = _GLUED_WORD.match(seg, core.end)
    if glued and core.kind == "digits" and not glued.group().islower():
        return "name", at  # "5G", "3D": a unit would be written in lower case
    pct = _PERCENT.match(seg, at)
    if pct:
        return "percent", pct.end()
    if _MONEY_AFTER.match(seg, at) or left.ends_with(_MONEY_BEFORE):
        return "money", at
    date = _MONTH_AFTER.match(seg, at)
    if date and core.kind in ("digits", "words") and core.low is not None and 1 <= core.low <= 31 \
            and core.scale == 1 and core.qualifier != "range":
        return "date", date.end()
    if date and core.qualifier == "range" and (core.high or 0) <= 31:
        return "date", date.end()
    if _MEASURE_AFTER.match(seg, at) or left.ends_with(_MEASURE_BEFORE):
        return "measure", at
    unit = _TIME_UNIT.match(seg, at)
    if unit:
        around = re.match(r"\s+sur\s+\d+", seg[unit.end():unit.end() + 12])  # "7 jours sur 7"
        return _time_role(seg, core, unit, left), unit.end() + (around.end() if around else 0)
    if re.match(r"\s*fois(?![^\W\d_])", seg[at:at + 10], re.I):
        return "other", at
    return None, at


def _clock_role(seg: str, core: _Core, left: _Before) -> str:
    """'20h00' is a time; '48h', 'pendant 12h', '24h/24' are durations."""
    if core.role == "duration":
        return "duration"
    written = seg[core.start:core.end]
    bare_hours = ":" not in written and not re.search(r"[hH]\s?\d", written)
    if bare_hours and left.ends_with(_CLOCK_DURATION_CUE):
        return "duration"
    return "time"


def _time_role(seg: str, core: _Core, unit: re.Match[str], left: _Before) -> str:
    """time, age or duration for a number followed by a time unit."""
    word = unit.group("unit").lower()
    if word in ("heure", "heures", "h"):
        clock = left.ends_with(_TIME_BEFORE) or _TIME_AFTER.match(seg, unit.end())
        return "time" if clock and (core.high or 0) <= 24 else "duration"
    if word in ("an", "ans"):
        if _PRISON.match(seg, unit.end()) or left.ends_with(_CONDEMNED):
            return "duration"
        if left.ends_with(_DURATION_CUE):
            return "duration"
        if left.ends_with(_AGE_BEFORE):
            return "age"
        if core.qualifier == "range" and left.ends_with(_LES_BEFORE):
            return "age"  # "les 18-25 ans"
        if left.ends_with(_OPENING_BEFORE) and _AGE_AFTER.match(seg, unit.end()):
            return "age"
    return "duration"


def _role_before(seg: str, core: _Core, first: _Core, left: _Before, modified: bool) -> str:
    """A role read from the words before the number: ids, names, years, weekdays."""
    if left.ends_with(_ID_BEFORE):
        return "other"
    after = seg[core.end:core.end + WINDOW]
    maybe_year = first.plain4 and core.qualifier != "range" or _year_range(core, first)
    if maybe_year and left.ends_with(_MONTH_BEFORE):
        return "year"
    if core.kind == "digits" and core.low is not None and core.low <= 31 \
            and left.ends_with(_WEEKDAY_BEFORE):
        return "date"
    if not modified and not left.ends_with(_YEAR_CUE) and _is_name(left, after):
        return "name"
    if maybe_year and (not modified or core.qualifier == "range") \
            and _is_year(first.low or 0, left, after):
        return "year"
    if core.kind == "digits" and re.match(_L, after):
        return "name"  # digits glued to letters: "5G", "3D", "4x4"
    if core.qualifier == "range" and _SCORE_CUE.search(left.text):
        return "other"
    if core.kind == "digits" and core.low is None and core.high is None:
        return "measure"  # not a whole number ("7,8"): never a count of people
    return "count"


def _year_range(core: _Core, first: _Core) -> bool:
    """'1998-1999', 'entre 1964 et 1975': two years, not a range of counts."""
    return core.qualifier == "range" and first.plain4 and core.high is not None \
        and 1000 <= core.high <= 2100


def _is_year(value: int, left: _Before, after: str) -> bool:
    """A four-digit number read as a year unless a counted noun follows ("2000 manifestants")."""
    if _counted_noun_follows(after):
        return False
    if 1000 <= value <= 2100 and left.ends_with(_YEAR_CUE):
        return True
    return 1900 <= value <= 2100


def _counted_noun_follows(after: str) -> bool:
    m = _NEXT_WORD.match(after)
    if m is None:
        return False
    word = m.group("w")
    if word[0].isupper():
        return False
    low = word.lower()
    if low.startswith(("d'entre", "d’entre")) or low in ("autres", "d'entre", "d’entre"):
        return True
    if low in _COUNTED_SINGULAR:
        return True
    return len(low) > 2 and low[-1] in "sx" and low not in _FUNCTION_WORDS


def _is_name(left: _Before, after: str) -> bool:
    """'Mir 24', 'France 24', 'Boeing 737', 'Paris 2024': a capitalised word right before."""
    m = left.ends_with(_PREV_WORD)
    if m is None:
        return False
    word = m.group("w")
    if not any(ch.isupper() for ch in word) or word.lower().rstrip(".") in _NOT_NAMES:
        return False
    if "'" in word or "’" in word:
        return False
    return not _counted_noun_follows(after)


def _alone_on_line(seg: str, start: int, end: int) -> bool:
    """Page counters and list markers: a number that is the whole line ("43\\n0")."""
    # Bounded look-around: a 5 MB single-line text must not cost a scan per number.
    line_start = seg.rfind("\n", max(0, start - WINDOW), start)
    line_end = seg.find("\n", end, end + WINDOW)
    if line_start < 0 and start > WINDOW or line_end < 0 and end + WINDOW < len(seg):
        return False
    before = seg[line_start + 1:start]
    after = seg[end:len(seg) if line_end < 0 else line_end]
    return (line_start >= 0 or line_end >= 0) and not before.strip() and not after.strip()


def _bracketed(seg: str, start: int, end: int) -> bool:
    """Footnote markers like "[2]"."""
    return seg[start - 1:start] == "[" and seg[end:end + 1] == "]"
