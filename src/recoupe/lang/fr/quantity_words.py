"""French words the quantity reader needs (recoupe.extract.quantities): data, no logic.

Number words, scale and approximation nouns, units, and the word lists the role rules
read; month and weekday names are the language's date table (lang/fr/dates.toml).
Alternations are regular-expression fragments.
"""

from __future__ import annotations

from recoupe.lang.calendar import (
    full_month_names,
    month_alternation,
    weekday_alternation,
    weekdays,
)

# Number words text2num reads (the reader sorts them longest first).
NUMBER_WORDS = (
    "zéro", "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
    "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "vingt", "vingts",
    "trente", "quarante", "cinquante", "soixante", "septante", "huitante", "octante",
    "nonante", "cent", "cents", "mille", "million", "millions", "milliard", "milliards",
)
# Month and weekday words come from the one table of the language (lang/fr/dates.toml).
MONTHS = month_alternation("fr")
WEEKDAYS = weekday_alternation("fr")
SMALL_WORDS = "une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix"
# "-aine" nouns read as "about N"; "un millier" too.
APPROX_NOUNS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
}
# Vague plurals and the ticket's conservative reading (ACLED convention).
VAGUE_NOUNS = {
    "dizaines": 10, "douzaines": 12, "vingtaines": 20, "centaines": 100, "milliers": 1000,
    "millions": 1_000_000, "milliards": 1_000_000_000,
}
SCALES = {
    "mille": 1000, "millier": 1000, "milliers": 1000, "million": 1_000_000,
    "millions": 1_000_000, "milliard": 1_000_000_000, "milliards": 1_000_000_000,
    "billion": 10**12, "billions": 10**12,
}
ORDINAL_STEMS = {
    "un": "un", "deux": "deux", "trois": "trois", "quatr": "quatre", "cinqu": "cinq",
    "six": "six", "sept": "sept", "huit": "huit", "neuv": "neuf", "dix": "dix", "onz": "onze",
    "douz": "douze", "treiz": "treize", "quatorz": "quatorze", "quinz": "quinze",
    "seiz": "seize", "vingt": "vingt", "trent": "trente", "quarant": "quarante",
    "cinquant": "cinquante", "soixant": "soixante", "cent": "cent", "mill": "mille",
}
CURRENCY = (
    r"€|\$|£|¥|(?:m|md|k)€|chf|usd|eur|gbp|fcfa|cfa|euros?|dollars?|livres\s+sterling|livres"
    r"|francs?|roubles?|yuans?|yens?|tenges?|hryvnias?|dinars?|dirhams?|shekels?|roupies?"
    r"|reais|réals?|pesos?|bolivars?|rands?|nairas?|lires?|zlotys?|couronnes?|rials?|riyals?"
    r"|birrs?|cedis?|ariarys?|gourdes?|soms?|manats?|laris?|drams?|afghanis?|kwachas?|leones?"
    r"|lempiras?|quetzals?|sols?|wons?|bahts?|dongs?|ringgits?|rupiahs?|tugriks?"
)
UNITS = (
    r"km/h|km²|km2|m²|m2|m³|m3|°c|°f|°|kilomètres?(?:\s+carrés)?|km|mètres?(?:\s+(?:cubes|carrés))?"
    r"|cm|mm|centimètres?|millimètres?|m|hectares?|ha|kilos?|kilogrammes?|kg|grammes?|g"
    r"|tonnes?|t|litres?|l|hl|degrés?|pieds?|miles?|milles\s+(?:nautiques|marins)|nœuds?"
    r"|mw|gw|kw|kwh|mwh|gwh|volts?|watts?|mégatonnes?|mt|kt|barils?|décibels?|db|hpa"
    r"|mbar|bars?|acres?|mm\s+de\s+pluie|de\s+magnitude|sur\s+l['’]échelle"
)
DURATION_UNITS = (
    r"ans?|années?|mois|semaines?|jours?|journées?|nuits?|heures?|h|minutes?|min|mn|secondes?"
    r"|décennies?|siècles?|trimestres?|semestres?|week-ends?"
)
# Words that are not counted nouns even when they end in s/x (verbs, pronouns, prepositions).
FUNCTION_WORDS = frozenset(
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
COUNTED_SINGULAR = frozenset(
    [
        "mort", "blessé", "disparu", "manifestant", "policier", "soldat", "militaire", "civil",
        "enfant", "personne", "victime", "habitant", "réfugié", "déplacé", "otage", "détenu",
        "membre", "agent", "combattant"
    ]
)
# Capitalised words that start sentences or phrases, not names ("Selon 3 sources").
NOT_NAMES = frozenset(
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
        "après-midi", "matin", "soir", "nuit", "officiellement", "notamment",
        "dont", "ex", "parmi", "réunis", "près", "de", "quelques", "approximativement",
        "exactement", "pratiquement", "quasiment", "autour", "jusqu'à", "jusqu’à",
        *weekdays("fr"), *full_month_names("fr"),
    ]
)
