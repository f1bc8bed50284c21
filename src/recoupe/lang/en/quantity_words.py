"""English words the English quantity reader needs (recoupe.extract.quantities.english):
data, no logic. Alternations are regular-expression fragments, matched case-insensitively.
"""

from __future__ import annotations

from recoupe.lang.calendar import full_month_names, month_alternation, weekday_alternation

# Number words text2num reads in its English mode (the reader joins them with hyphens,
# spaces and "and").
NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "thousand", "million", "billion",
)
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
# "a dozen", "a hundred", "a thousand": one of the unit, read as its value.
A_UNIT = {"dozen": 12, "score": 20, "hundred": 100, "thousand": 1000, "million": 1_000_000}
# "dozens of", "hundreds of thousands of": vague plurals, with the conservative reading.
VAGUE_PLURALS = {
    "tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000,
    "millions": 1_000_000, "billions": 1_000_000_000,
}

# Modifiers written right before a number (each set its qualifier), longest first.
PREFIXES = (
    ("at_least", r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of"),
    ("at_most", r"up\s+to|at\s+most|no\s+more\s+than|a\s+maximum\s+of|as\s+many\s+as"),
    ("more_than", r"more\s+than|over|upwards\s+of|in\s+excess\s+of|above|exceeding|passed"
                  r"|surpassed|exceeded|topped"),
    ("less_than", r"less\s+than|fewer\s+than|under|below|nearly\s+under"),
    ("about", r"about|around|some|nearly|almost|roughly|approximately|an\s+estimated"
              r"|estimated|close\s+to|circa|approx\.|an\s+approximate|just\s+under|just\s+over"),
)
# Modifiers written right after a number.
SUFFIXES = (
    ("at_least", r"or\s+more|and\s+more|at\s+least"),
    ("about", r"or\s+so|odd"),
)

# Month and weekday words come from the one table of the language (lang/en/dates.toml);
# FULL_MONTHS is in calendar order, January first.
MONTHS = month_alternation("en")
FULL_MONTHS = "|".join(full_month_names("en"))
WEEKDAYS = weekday_alternation("en")
DURATION_UNITS = (
    r"years?|months?|weeks?|days?|nights?|hours?|hrs?|minutes?|mins?|seconds?|decades?"
    r"|centuries|century|weekends?"
)
UNITS = (
    r"km/h|mph|km²|km2|sq\s+km|square\s+(?:kilometres|kilometers|miles)|kilometres?|kilometers?"
    r"|km|miles?|metres?|meters?|m|cm|mm|millimetres?|millimeters?|centimetres?|centimeters?"
    r"|feet|foot|ft|inches?|hectares?|acres?|tonnes?|tons?|kilograms?|kg|pounds?|lbs?"
    r"|litres?|liters?|degrees?|°c|°f|°|megawatts?|mw|gw|kw|kwh|barrels?|magnitude"
    r"|on\s+the\s+richter\s+scale"
)
CURRENCY = (
    r"dollars?|euros?|pounds?\s+sterling|rupees?|taka|shillings?|reais|reals?|dirhams?"
    r"|dinars?|tenge|roubles?|rubles?|yuan|yen|pesos?|kyats?|francs?"
)
CURRENCY_BEFORE = r"\$|€|£|¥|US\$|USD|EUR|GBP|Rs\.?|KSh|Tk"
PERCENT = r"%|per\s*cent|percent|percentage\s+points?"
# Words right before a number that make it a time of day ("at 3 in the morning").
TIME_AFTER = r"a\.m\.|p\.m\.|am|pm|o['’]clock|in\s+the\s+(?:morning|afternoon|evening)|at\s+night"
# Words before a number that make it an identifier ("Article 3", "Flight 17", "No. 5").
ID_BEFORE = (
    r"article|section|chapter|page|p\.|no\.|number|#|route|highway|road|flight|gate"
    r"|terminal|room|floor|level|category|phase|version|zone|sector|block|ward|platform"
    r"|bus|line|district\s+no\.|resolution|paragraph|amendment|covid|covid-|code"
)
# Nouns of people whose age follows them after a comma ("a British man, 71,").
AGE_NOUNS = (
    r"man|woman|boy|girl|child|baby|teenager|mother|father|son|daughter|grandmother"
    r"|grandfather|resident|farmer|student|worker|driver|officer|soldier|cleaner|teacher"
    r"|survivor|victim|widow|pensioner|retiree|fisherman|journalist|activist|protester"
)
# Capitalised words before a number that are not names ("At 3", "Over 200").
_NOT_NAMES = """
a an the at in on of to by for from with about around over under some nearly almost
more less than only all another and or but as after before since until during between
among including while when where which who whom that this these those its their his her
our we they it he she there here up down out into onto per than least most just roughly
approximately an estimated total toll another further additional police officials
"""
NOT_NAMES = frozenset(_NOT_NAMES.split())

# A population, not a crisis figure: "a town of 25,000 inhabitants", "where nearly one
# million refugees live", "camps sheltering nearly a million refugees".
POPULATION_AFTER = r"inhabitants|residents\s+live|live|living|reside|residing"
POPULATION_BEFORE = r"home\s+to|housing|hosting|sheltering|population\s+of|holds|hold"
