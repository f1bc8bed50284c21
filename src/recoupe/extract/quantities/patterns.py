"""The quantity reader's patterns: the number core, its cues before and after, `_Core`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from recoupe.lang.fr.quantity_words import (
    CURRENCY as _CURRENCY,
)
from recoupe.lang.fr.quantity_words import (
    DURATION_UNITS as _DURATION_UNITS,
)
from recoupe.lang.fr.quantity_words import (
    MONTHS,
    NUMBER_WORDS,
    WEEKDAYS,
)
from recoupe.lang.fr.quantity_words import (
    ORDINAL_STEMS as _ORDINAL_STEMS,
)
from recoupe.lang.fr.quantity_words import (
    SMALL_WORDS as _SMALL_WORDS,
)
from recoupe.lang.fr.quantity_words import (
    UNITS as _UNITS,
)
from recoupe.records import Qualifier

# Longer digit strings are ids or noise, and int() refuses very long strings anyway.
MAX_DIGITS = 30
# How far around a number the role and modifier rules read (characters).
WINDOW = 60
# The largest value a quantity may hold: no count, sum of money or measure in the news comes
# near it, and it keeps every figure far below SQLite's 2**63 integer limit. A number read
# above it ("9223372036854775808", "10^400") is kept as text with no value (role "other").
MAX_VALUE = 10**15
# Largest exponent worth computing in "1e9999" or "10^400": beyond it the value is above
# MAX_VALUE whatever the mantissa, and computing it would cost time and memory.
MAX_EXPONENT = 15

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


# Number words, longest first so "quatorze" wins over "quatre".
_NUMBER_WORDS = sorted(NUMBER_WORDS, key=len, reverse=True)
_W = "(?:" + "|".join(_NUMBER_WORDS) + ")" + _NOT_LETTER_AFTER
_JOIN = rf"(?:-et-|-|\s+et\s+(?=(?:un|une|onze){_NOT_LETTER_AFTER})|\s+)"

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
            # 1e9, 1,5e3, 2.5E6: scientific notation (before "ordinal", which reads "1e")
            r"(?P<sci>(?<![\w.,])(?P<sci_m>\d{1,30}(?:[.,]\d{1,30})?)[eE](?P<sci_e>[+-]?\d{1,6})"
            r"(?!\w))",
            # 10^6, 10**6: powers (superscripts are left alone: they are footnote marks too)
            r"(?P<power>(?<![\w.,])(?P<pw_b>\d{1,30})\s?(?:\^|\*\*)\s?(?P<pw_e>[+-]?\d{1,6})"
            r"(?!\d))",
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
_MONEY_AFTER = re.compile(rf"\s*(?:de\s+|d{_APOS}\s*)?(?i:{_CURRENCY})(?![^\W\d_])")
_MONEY_BEFORE = _EndCue(re.compile(r"(?:€|\$|£|¥|(?i:US\$|USD|EUR|CHF|GBP))\s*$"), chunks=1)
_MEASURE_AFTER = re.compile(rf"\s*(?:de\s+|d{_APOS}\s*)?(?i:{_UNITS})(?![^\W\d_'’])")
_MEASURE_BEFORE = _EndCue(re.compile(
    rf"(?i:magnitude|échelle\s+de\s+richter|force|intensité|température)\s+(?:(?:de|d{_APOS})\s*)?$"
), chunks=4)  # échelle | de | richter | de
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

# "portant à neuf le nombre de décès": a toll raised to nine, never the adjective "new".
_NEUF_RAISED = re.compile(r"\bà\s*$", re.I), re.compile(r"^\s+(?:le|la|les)\s", re.I)
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
    qualifier: Qualifier = "exact"
    role: str | None = None
    raw: int | None = None  # the value before a scale word, to spread "2 à 3 millions"
    scale: int = 1
    plain4: bool = False  # four bare digits: perhaps a year
    number_start: int | None = None  # the numeral proper, when narrower than start..end
    number_end: int | None = None


_ReaderFn = Callable[[str, re.Match[str]], "_Core | None"]
