"""French date expressions: find them, put them on the calendar, and date the article.

Four steps, each a pure function of text and records:

1. :func:`find_dates` scans the text with compiled regular expressions built from
   recoupe's own month and weekday tables (dateparser is far too slow to run over
   every token, and it has no notion of "jusqu'au", "la veille" or "les événements
   de janvier"). Mentions with a written year are dated at once.
2. :func:`resolve_dates` dates the rest from a reference day: the publication date,
   or, without one, the latest date written in full in the document.
3. :func:`correct_weekdays` repairs a year typo when the written weekday disagrees
   with the written date and a single year change makes it agree with the document.
4. :func:`infer_published` guesses the publication day of an undated article from
   the dates it mentions, the tense around them and "il y a un an"-style anchors.

:func:`resolve_document_dates` chains them for one document.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import functools
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from recoupe.records import DateMention

# --- Tables ---------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "janvier": 1, "janv.": 1, "février": 2, "fevrier": 2, "févr.": 2, "fév.": 2,
    "mars": 3, "avril": 4, "avr.": 4, "mai": 5, "juin": 6, "juillet": 7, "juil.": 7,
    "août": 8, "aout": 8, "septembre": 9, "sept.": 9, "octobre": 10, "oct.": 10,
    "novembre": 11, "nov.": 11, "décembre": 12, "decembre": 12, "déc.": 12,
}
WEEKDAYS: dict[str, int] = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
    "dimanche": 6,
}
NUMBER_WORDS: dict[str, int] = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "cent": 100,
}
# For the correction note, which people read in English like the rest of the notes.
_EN_MONTHS = (
    "", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)
_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# --- Regular expressions ----------------------------------------------------------------


def _alt(words: object) -> str:
    """A regex alternation of literal words, longest first so "janv." never eats "janvier"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


_S = r"[ \t\u00a0\u202f]+"  # dates never span a line break
_A = r"['’]"
_SEP = rf"(?:{_S}|-|(?<=['’]))"  # "en janvier", "mi-janvier", "d'avril"
_MONTH = rf"(?:{_alt(MONTHS)})(?![\w])"
_WD = rf"(?:{_alt(WEEKDAYS)})(?![\w-])"
_DAY = r"(?:1er|1re|premier|3[01]|[12]\d|0?[1-9])(?![\d,.]\d)(?!\d)"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)(?![\d])"
_NUM = rf"(?:{_alt(NUMBER_WORDS)}|\d{{1,3}})(?![\w])"
_PART = (
    rf"(?:matin|soir|après-midi|apres-midi|midi|nuit|en{_S}soirée|en{_S}matinée|"
    rf"en{_S}fin{_S}de{_S}journée|en{_S}fin{_S}d{_A}après-midi|en{_S}début{_S}de{_S}soirée)"
)
_PREP_DAY = (
    rf"(?:dans{_S}la{_S}nuit{_S}du|la{_S}nuit{_S}du|dans{_S}la{_S}matinée{_S}du|"
    rf"dans{_S}la{_S}soirée{_S}du|dans{_S}l{_A}après-midi{_S}du|la{_S}journée{_S}du|"
    rf"au{_S}matin{_S}du|au{_S}soir{_S}du|le{_S}matin{_S}du|le{_S}soir{_S}du|"
    rf"en{_S}date{_S}du|à{_S}partir{_S}du|jusqu{_A}au|jusqu{_A}à{_S}ce|d{_A}ici{_S}au|"
    rf"d{_A}ici{_S}le|au{_S}plus{_S}tard{_S}le|dès{_S}le|dès{_S}ce|depuis{_S}le|"
    rf"depuis{_S}ce|avant{_S}le|après{_S}le|pour{_S}le|le|ce|du|au)"
)
_PREP_MONTH = (
    rf"(?:en{_S}début{_S}de|en{_S}fin{_S}de|au{_S}début{_S}de|à{_S}la{_S}fin{_S}de|"
    rf"à{_S}la{_S}mi|au{_S}mois{_S}de|le{_S}mois{_S}de|du{_S}mois{_S}de|à{_S}partir{_S}de|"
    rf"jusqu{_A}en|jusqu{_A}à{_S}fin|jusqu{_A}à{_S}la{_S}fin{_S}de|d{_A}ici{_S}fin|d{_A}ici|"
    rf"depuis|dès|début|fin|mi|courant|avant|après|en|de|d{_A})"
)
_PREP_YEAR = (
    rf"(?:en{_S}début{_S}de|en{_S}fin{_S}de|au{_S}début{_S}de|à{_S}la{_S}fin{_S}de|"
    rf"au{_S}cours{_S}de|à{_S}partir{_S}de|en{_S}l{_A}an|jusqu{_A}en|d{_A}ici|l{_A}année|"
    # Seasons: the year is all recoupe's precisions can say of "à l'automne 2021".
    rf"au{_S}printemps|le{_S}printemps|(?:à{_S})?l{_A}(?:été|automne|hiver)|"
    rf"en{_S}(?:été|automne|hiver)|"
    rf"depuis|dès|début|fin|mi|courant|avant|après|entre|en|de)"
)
_PREP_WD = (
    rf"(?:dans{_S}la{_S}nuit{_S}de|la{_S}nuit{_S}de|dans{_S}la{_S}journée{_S}de|"
    rf"dans{_S}la{_S}soirée{_S}de|dans{_S}la{_S}matinée{_S}de|jusqu{_A}à|d{_A}ici|"
    rf"depuis|dès|pour|avant|après|tôt|ce|le)"
)
_REL_MONTH = (
    rf"(?:dernier|passé|prochain|de{_S}l{_A}année{_S}(?:dernière|passée|précédente|prochaine)|"
    rf"de{_S}l{_A}an{_S}(?:dernier|passé)|de{_S}cette{_S}année)"
)
_UNIT = r"(?:jours?|semaines?|mois|ans?|années?)(?![\w])"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    # No match starts inside a word: "ce" is not read in "place lundi".
    (kind, re.compile(r"(?<![\w])" + rx, re.IGNORECASE))
    for kind, rx in (
        (
            "range",
            rf"(?P<pre>dans{_S}la{_S}nuit{_S}du|la{_S}nuit{_S}du|entre{_S}le|du|entre){_S}"
            rf"(?:(?P<wd1>{_WD}){_S})?(?P<d1>{_DAY})(?:{_S}(?P<m1>{_MONTH})(?:{_S}(?P<y1>{_YEAR}))?)?"
            rf"{_S}(?:au|et{_S}le|et){_S}(?P<end>(?:(?P<wd2>{_WD}){_S})?(?P<d2>{_DAY}){_S}"
            rf"(?P<m2>{_MONTH})(?:,?{_S}(?P<y2>{_YEAR}))?)",
        ),
        ("iso", r"(?<![\d/.-])(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})(?![\d-])"),
        (
            "numeric",
            rf"(?:(?P<pre>{_PREP_DAY}){_S})?(?:(?P<wd>{_WD}){_S})?"
            r"(?<![\d/.,])(?P<day>\d{1,2})[/.](?P<mnum>\d{1,2})[/.](?P<year>\d{4})(?![\d/.]\d)",
        ),
        (
            "full",
            rf"(?:(?P<pre>{_PREP_DAY}){_S})?(?:(?P<wd>{_WD})(?:{_S}(?P<part>{_PART}))?,?{_S})?"
            rf"(?<![\d,.])(?P<day>{_DAY}){_S}(?P<month>{_MONTH})(?:,?{_S}(?P<year>{_YEAR}))?",
        ),
        (
            "month_year",
            rf"(?:(?P<pre>{_PREP_MONTH}){_SEP})?(?P<month>{_MONTH}){_S}(?P<year>{_YEAR})",
        ),
        (
            "month",
            rf"(?:(?P<pre>{_PREP_MONTH}){_SEP})?(?P<month>{_MONTH})(?:{_S}(?P<rel>{_REL_MONTH}))?"
            # "mai 68": a year in two digits, too ambiguous to read; not "en mai" either.
            rf"(?!{_S}\d)",
        ),
        (
            "year",
            rf"(?P<pre>{_PREP_YEAR}){_SEP}(?<![\d,.])(?P<year>{_YEAR})"
            rf"(?:(?:{_S}?[-–]{_S}?|-|{_S}(?:et|à|au){_S})(?P<year2>{_YEAR}))?",
        ),
        (
            "relative",
            rf"(?P<ago>(?:il{_S}y{_S}a|cela{_S}fait|ça{_S}fait|voilà|voici){_S}"
            rf"(?:(?:près|plus|moins){_S}d{_A}|(?:environ|presque|exactement|déjà|"
            rf"tout{_S}juste|juste){_S})?(?P<n>{_NUM}){_S}(?P<unit>{_UNIT})"
            rf"(?:{_S}(?P<exact>jour{_S}pour{_S}jour))?(?:{_S}auparavant)?)"
            rf"|(?P<infut>dans{_S}(?P<nf>{_NUM}){_S}(?P<unitf>{_UNIT}))"
            rf"|(?P<fixed>avant-hier|après-demain|apres-demain|"
            rf"(?:hier|demain)(?:{_S}(?:matin|soir|après-midi|midi))?|aujourd{_A}hui|"
            rf"ce{_S}matin|ce{_S}soir|cet{_S}après-midi|cette{_S}nuit|"
            rf"la{_S}veille(?:{_S}au{_S}soir)?|l{_A}avant-veille|"
            rf"le{_S}lendemain(?:{_S}(?:matin|soir))?|le{_S}surlendemain|"
            rf"l{_A}année{_S}(?:dernière|passée|précédente|prochaine)|"
            rf"l{_A}an{_S}(?:dernier|passé|prochain)|cette{_S}année|"
            rf"la{_S}semaine{_S}(?:dernière|passée|prochaine)|cette{_S}semaine|"
            rf"le{_S}mois{_S}(?:dernier|passé|prochain)|ce{_S}mois-ci|"
            rf"la{_S}nouvelle{_S}année|le{_S}nouvel{_S}an)(?![\w-])",
        ),
        (
            "weekday",
            rf"(?:(?P<pre>{_PREP_WD}){_S})?(?P<wd>{_WD})(?:{_S}(?P<part>{_PART}))?"
            rf"(?:{_S}(?P<rel>dernier|prochain|passé)(?![\w]))?",
        ),
    )
)
# A word before the match that must not be glued to it ("Lemarché 2022", "x2022").
_WORD_BEFORE = re.compile(r"[\w\-/]$")
# Words after a year that make it a count: "en 2001 membres", "de 2000 personnes".
_COUNT_AFTER = re.compile(
    r"[ \t\u00a0\u202f]*(?:%|€|\$|km\b|kg\b|m\b|h\b|[a-zàâçéèêëîïôûùüÿœ]+[sx]\b)"
)
_FUNCTION_WORDS_S = frozenset((
    "les", "des", "ces", "ses", "mes", "tes", "nos", "vos", "leurs", "dans", "sous", "sans",
    "vers", "chez", "après", "depuis", "puis", "alors", "mais", "plus", "moins", "lors",
    "jamais", "toujours", "tous", "toutes", "pas", "très", "ils", "elles", "nous", "vous",
    "lorsque", "quelques", "plusieurs", "certains", "certaines", "divers", "diverses",
))
_QUANTITY_BEFORE = re.compile(
    r"(?:plus|moins|près|autour|environ|nombre|total|bilan|chiffre|hausse|baisse|quelque|"
    r"au-delà)[ \t\u00a0\u202f]+$",
    re.IGNORECASE,
)
_THOUSANDS_BEFORE = re.compile(r"\d[ \t\u00a0\u202f.]$")
_SENTENCE_OPENERS = ".!?:;«\"“(—–•*\n"
_FUTURE_CUE = re.compile(
    r"\b(?:doit|doivent|devra|devront|devrait|devraient|sera|seront|aura|auront|fera|feront|"
    r"ira|iront|va|vont|prévue?s?|programmée?s?|attendue?s?|prochaine?s?|d['’]ici)\b"
    # Any verb in the simple future ("se rendra", "annoncera", "se réuniront"), lower case
    # so that names ("Alexandra") are not read as verbs.
    r"|\b[a-zàâçéèêëîïôûù]{2,}(?:era|eront|ira|iront|dra|dront)\b"
)
_NOT_FUTURE = frozenset(("caméra", "opéra", "ère", "chimère", "galera"))
_ERA_BEFORE = re.compile(
    r"\b(?:événements|evenements|émeutes|manifestations|troubles|violences|tragédie|drame|"
    r"crise|massacres?|attentats?|attaques?|inondations|crues|séisme|tremblement de terre|"
    r"incendies?|révoltes?|soulèvement|protestations|heurts|affrontements|combats|grèves?|"
    r"journées|événement)(?:[ \t\u00a0\u202f]+[\wéèêàç-]+)?[ \t\u00a0\u202f]+$",
    re.IGNORECASE,
)
_FIRST_DAYS_BEFORE = re.compile(
    r"(?:premi[eè]re?s[ \t\u00a0\u202f]+(?:jours|semaines|heures)|au[ \t\u00a0\u202f]+début)"
    r"[ \t\u00a0\u202f]+(?:de[ \t\u00a0\u202f]+)?$",
    re.IGNORECASE,
)


# --- Parsing one mention's words ----------------------------------------------------------


@dataclass(frozen=True)
class _Parsed:
    """What a date expression says, before any calendar arithmetic."""

    kind: str
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    pre: str = ""
    rel: str = ""  # dernier | prochain | passé | de l'année dernière …, lower-cased
    relative: str = ""  # the relative phrase, normalised
    n: int = 0
    unit: str = ""
    exact: bool = False


def _norm(words: str | None) -> str:
    """Lower case, one plain space and one apostrophe: the form the tables compare against."""
    if not words:
        return ""
    return re.sub(r"[ \t\u00a0\u202f]+", " ", words.replace("’", "'")).strip().lower()


# The patterns match case-insensitively, so "ſamedi" or "mercredİ" match as the regex
# engine folds them; the tables are read with the same folding (see _fold), not with
# str.lower(), which would miss them and lose the whole document to a KeyError.
def _day_number(words: str) -> int:
    w = _fold(words)
    return 1 if w in ("1er", "1re", "premier") else int(w)


def _month_number(words: str) -> int:
    return MONTHS[_fold(words)]


def _weekday_number(words: str | None) -> int | None:
    return WEEKDAYS[_fold(words)] if words else None


def _number(words: str) -> int:
    w = _fold(words)
    return NUMBER_WORDS[w] if w in NUMBER_WORDS else int(w)


def _parsed_from(kind: str, g: dict[str, str | None], end_part: bool = False) -> _Parsed:
    """Turn one regex match's groups into a :class:`_Parsed`."""
    pre = _norm(g.get("pre"))
    if kind == "range":
        if end_part:
            return _Parsed(
                kind="full", day=_day_number(g["d2"] or ""), month=_month_number(g["m2"] or ""),
                year=int(g["y2"]) if g.get("y2") else None, weekday=_weekday_number(g.get("wd2")),
            )
        month = g.get("m1") or g["m2"] or ""
        year = g.get("y1") or (g.get("y2") if not g.get("m1") else None)
        return _Parsed(
            kind="full", day=_day_number(g["d1"] or ""), month=_month_number(month),
            year=int(year) if year else None, weekday=_weekday_number(g.get("wd1")), pre=pre,
        )
    if kind in ("iso", "numeric"):
        return _Parsed(
            kind="full", day=int(g["day"] or 0), month=int(g["mnum"] or 0),
            year=int(g["year"] or 0), weekday=_weekday_number(g.get("wd")), pre=pre,
        )
    if kind == "full":
        return _Parsed(
            kind="full", day=_day_number(g["day"] or ""), month=_month_number(g["month"] or ""),
            year=int(g["year"]) if g.get("year") else None,
            weekday=_weekday_number(g.get("wd")), pre=pre,
        )
    if kind in ("month_year", "month"):
        return _Parsed(
            kind="month", month=_month_number(g["month"] or ""),
            year=int(g["year"]) if g.get("year") else None, pre=pre, rel=_norm(g.get("rel")),
        )
    if kind == "year":
        year = g["year2"] if end_part else g["year"]
        return _Parsed(kind="year", year=int(year or 0), pre=pre)
    if kind == "weekday":
        return _Parsed(
            kind="weekday", weekday=_weekday_number(g["wd"]), pre=pre, rel=_norm(g.get("rel")),
        )
    # relative
    if g.get("ago"):
        return _Parsed(
            kind="relative", relative="ago", n=_number(g["n"] or "1"),
            unit=_norm(g["unit"]), exact=bool(g.get("exact")),
        )
    if g.get("infut"):
        return _Parsed(kind="relative", relative="in", n=_number(g["nf"] or "1"),
                       unit=_norm(g["unitf"]))
    return _Parsed(kind="relative", relative=_norm(g.get("fixed")))


@functools.lru_cache(maxsize=4096)
def _parse(words: str) -> _Parsed | None:
    """Read a mention's own words again (resolution only has the record, not the match).

    Cached: dating one document reads each mention's words several times over (inferring
    the publication day, checking weekdays, resolving), and news repeats its dates.
    """
    words = words.strip()
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(words)
        if match:
            return _parsed_from(kind, match.groupdict())
    if re.fullmatch(_YEAR, words):  # the second year of "en 1998-1999"
        return _Parsed(kind="year", year=int(words))
    from recoupe.link.dates_en import parse_en  # a mention of an English document

    return parse_en(words)


# --- Finding --------------------------------------------------------------------------------


def _sentence_start(text: str, pos: int) -> bool:
    """True when only spaces and quotes separate ``pos`` from a sentence or line start."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0\u202f\"'«“‘":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_OPENERS


def _capitalised_name(text: str, match: re.Match[str], group: str) -> bool:
    """A capitalised month or weekday inside a sentence is a name ("Mai", "Mars", "Vendredi")."""
    start = match.start(group)
    if start < 0 or not text[start].isupper():
        return False
    return not _sentence_start(text, start)


def _year_is_count(text: str, start: int, end: int, pre: str) -> bool:
    """True when a bare year is really a count: "2 000", "en 2001 membres", "de 2000 morts"."""
    if _THOUSANDS_BEFORE.search(text[max(0, start - 2):start]):
        return True
    after = _COUNT_AFTER.match(text, end)
    if after and after.group(0).strip().lower() not in _FUNCTION_WORDS_S:
        return True
    if re.match(r"[ \t\u00a0\u202f]?\d", text[end:end + 2]):
        return True
    return pre in ("de", "entre") and bool(_QUANTITY_BEFORE.search(text[max(0, start - 16):start]))


def _acceptable(kind: str, match: re.Match[str], text: str) -> bool:
    """The checks a regex cannot express: names, counts and words glued to the match."""
    if _WORD_BEFORE.search(text[max(0, match.start() - 1):match.start()]):
        return False
    g = match.groupdict()
    if kind == "month":
        has_cue = g.get("pre") or g.get("rel")
        if not has_cue or _capitalised_name(text, match, "month"):
            return False
        # "de mai" before a capitalised word is a name's part ("place de Mai")…
        return not (_norm(g.get("pre")) in ("de", "d'") and g["month"].lower() == "mai"
                    and not g.get("rel"))
    if kind == "month_year":
        return not _capitalised_name(text, match, "month") or bool(g.get("pre"))
    if kind == "year":
        pre = _norm(g.get("pre"))
        if pre == "entre" and not g.get("year2"):
            return False
        return not _year_is_count(text, match.start("year"), match.end(), pre)
    if kind == "weekday":
        return not _capitalised_name(text, match, "wd")
    if kind in ("iso", "numeric"):
        try:
            date(int(g["year"]), int(g["mnum"]), int(g["day"]))
        except ValueError:
            return False
    return True


# --- Where to look --------------------------------------------------------------------------
#
# Running the nine patterns at every position of a text costs far more than the rest of
# the dating together: the engine tries their long case-insensitive alternations at every
# word. But every match contains an *anchor* word its pattern cannot do without (a month,
# a weekday, four digits, a unit or relative word), and starts at most ``_REACH[kind]``
# characters before it, counting each run of spaces as one (the widths of the words that
# may precede the anchor: "dans l'après-midi du mercredi 5" before "janvier"). So the
# patterns are only tried at the word starts that close before an anchor, in the order
# ``finditer`` would try them: the matches are the same, found at a fraction of the cost.

# Which anchor each pattern needs; see _anchors() for what each class is.
_ANCHOR_OF = {
    "range": "month", "iso": "digits", "numeric": "digits", "full": "month",
    "month_year": "month", "month": "month", "year": "digits", "relative": "relative",
    "weekday": "weekday",
}  # fmt: skip
# The widest text a match can have before its anchor (spacing runs counted as one
# character): "range" before its second month, "full" before its month, "numeric"
# before its year, "relative" before its unit ("cela fait exactement cinquante ans").
# tests/test_prepare_speed.py recomputes them from the patterns.
_REACH = {
    "range": 71, "iso": 0, "numeric": 36, "full": 59, "month_year": 18, "month": 18,
    "year": 13, "relative": 31, "weekday": 19,
}  # fmt: skip
# Words of the "relative" pattern one of which every match contains, whole: "hier" in
# "avant-hier", "midi" in "cet après-midi", a unit in "il y a trois jours".
_RELATIVE_ANCHORS = (
    "hier", "demain", "aujourd", "matin", "soir", "midi", "nuit", "veille", "lendemain",
    "surlendemain", "jour", "jours", "semaine", "semaines", "mois", "an", "ans", "année",
    "années",
)  # fmt: skip
# Each class: the words its anchors are (lower case, abbreviations without their
# period), and the strings a search for them looks for.
_ANCHOR_WORDS: dict[str, frozenset[str]] = {
    "month": frozenset(w.rstrip(".") for w in MONTHS),
    "weekday": frozenset(WEEKDAYS),
    "relative": frozenset(_RELATIVE_ANCHORS),
}


def _stems(words: frozenset[str]) -> tuple[str, ...]:
    """The fewest strings every word of ``words`` starts with ("janv" for "janvier")."""
    kept: list[str] = []
    for word in sorted(words, key=len):
        if not any(word.startswith(k) for k in kept):
            kept.append(word)
    return tuple(kept)


_ANCHOR_STEMS = {cls: _stems(words) for cls, words in _ANCHOR_WORDS.items()}
# A year or any four digits; a pattern's four digits never follow another digit, so
# each one starts a run of digits, where a plain search finds it.
_DIGITS = re.compile(r"\d{4}")
_WORD_START = re.compile(r"(?<![\w])\w")
# Where a match may start: at a word start, as the "(?<![\w])" before each pattern says,
# except in "relative", whose alternatives after the first lack it (a match inside a
# word, "grandla veille", is left for _acceptable to refuse, as finditer leaves it).
_STARTS = {kind: _WORD_START for kind in _ANCHOR_OF} | {"relative": re.compile(r"\w")}
_WORD = re.compile(r"(?<![\w])\w+")
_WORD_END = re.compile(r"\w+")
# Anchors that may open a "relative" match inside a word ("jourshier", see _STARTS):
# only their end is a word's.
_INSIDE_WORDS = frozenset(("hier", "demain", "aujourd"))
_SPACE_RUN = re.compile(r"[ \t\u00a0\u202f]{2}")
# Characters the patterns' IGNORECASE reads as a letter that str.lower() does not give.
_FOLD = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"))


def _fold(text: str) -> str:
    """``text`` lower-cased so that an anchor word reads as in the tables wherever the
    patterns match it. Same length as ``text``: str.lower() makes "İ" two characters, so
    it is mapped to "i" first, as the regex engine does.
    """
    for char, letter in _FOLD:
        if char in text:  # rare: replace() costs nothing when it is absent, translate() does
            text = text.replace(char, letter)
    return text.lower()


def _anchors(text: str, start: int, end: int) -> dict[str, list[int]]:
    """Sorted anchor positions per anchor class in ``text[start:end]``.

    An anchor is a whole word (a run of word characters starting a word) of its class's
    table, as every pattern's anchor is: "janvier" in "mi-janvier", not "mai" in "maison";
    "hier", "demain" and "aujourd" need only end one.
    """
    folded = _fold(text[start:end])
    found: dict[str, list[int]] = {}
    for cls, stems in _ANCHOR_STEMS.items():
        words = _ANCHOR_WORDS[cls]
        positions: set[int] = set()
        for stem in stems:
            whole = _WORD_END if stem in _INSIDE_WORDS else _WORD
            i = folded.find(stem)
            while i != -1:
                word = whole.match(text, start + i, end)
                if word and _fold(word.group()) in words:
                    positions.add(start + i)
                i = folded.find(stem, i + 1)
        found[cls] = sorted(positions)
    found["digits"] = [m.start() for m in _DIGITS.finditer(text, start, end)]
    return found


def _reach_start(text: str, anchor: int, reach: int, floor: int) -> int:
    """The first position a match holding ``anchor`` can start at (not before ``floor``)."""
    lo = anchor - reach
    if lo <= floor:
        return floor
    # Only a run of spaces makes a match longer than its reach: then its line bounds it,
    # since no pattern crosses a line break.
    if _SPACE_RUN.search(text, lo - 1, anchor):
        return max(floor, text.rfind("\n", floor, anchor) + 1)
    return lo


def _anchored_matches(kind: str, pattern: re.Pattern[str], text: str, start: int, end: int,
                      anchors: list[int]) -> list[re.Match[str]]:
    """What ``pattern.finditer(text, start, end)`` yields, tried only near ``anchors``.

    Every match starts where ``_STARTS[kind]`` matches, within ``_REACH[kind]`` of an
    anchor at or after it, so trying, anchor by anchor, those starts in that stretch
    finds the leftmost match after the previous one, as finditer does.
    """
    reach, starts = _REACH[kind], _STARTS[kind]
    matches: list[re.Match[str]] = []
    pos = start  # where finditer would resume
    floor = start  # no match starts before it (word starts below it were all tried)
    i = 0
    while (i := bisect.bisect_left(anchors, max(pos, floor), i)) < len(anchors):
        anchor = anchors[i]
        lo = _reach_start(text, anchor, reach, max(pos, floor))
        for first in starts.finditer(text, lo, anchor + 1):
            match = pattern.match(text, first.start(), end)
            if match:
                matches.append(match)
                pos = match.end()
                break
        else:
            floor = anchor + 1
            i += 1
    return matches


def _pattern_matches(text: str, start: int, end: int
                     ) -> list[tuple[int, str, re.Match[str]]]:
    """Every pattern's matches in ``text[start:end]``, with the pattern's priority."""
    anchors = _anchors(text, start, end)
    found = []
    for priority, (kind, pattern) in enumerate(_PATTERNS):
        matches = _anchored_matches(kind, pattern, text, start, end, anchors[_ANCHOR_OF[kind]])
        found += [(priority, kind, m) for m in matches]
    return found


def _candidates(text: str, start: int, end: int) -> list[tuple[int, int, str, re.Match[str]]]:
    found = []
    for priority, kind, match in _pattern_matches(text, start, end):
        if match.end() > match.start() and _acceptable(kind, match, text):
            found.append((priority, match.start(), match.end(), kind, match))
    # Longest first, then the more specific pattern: "mercredi 5 janvier 2022" beats
    # "mercredi" and "janvier 2022".
    found.sort(key=lambda c: (-(c[2] - c[1]), c[0], c[1]))
    chosen: list[tuple[int, int, str, re.Match[str]]] = []
    starts: list[int] = []  # sorted starts of the chosen spans, for a log-time overlap test
    for _, s, e, kind, match in found:
        i = bisect.bisect_left(starts, s)
        if i > 0 and chosen[i - 1][1] > s:
            continue  # overlaps the chosen span that starts before it
        if i < len(starts) and starts[i] < e:
            continue  # overlaps the chosen span that starts after it
        starts.insert(i, s)
        chosen.insert(i, (s, e, kind, match))
    return chosen


def _relation(parsed: _Parsed) -> str:
    pre = parsed.pre
    if pre.startswith(("dès", "depuis", "à partir")):
        return "since"
    if pre.startswith(("jusqu", "d'ici", "au plus tard")):
        return "until"
    if pre.startswith("avant"):
        return "before"
    if pre.startswith("après"):
        return "after"
    return "on"


def _basis(parsed: _Parsed) -> str:
    if parsed.kind == "relative" or parsed.rel.startswith("de "):
        return "relative"
    if parsed.kind == "weekday":
        return "weekday"
    return "absolute" if parsed.year is not None else "partial"


def _written_date(parsed: _Parsed) -> tuple[str | None, str | None]:
    """The date as written, when the words carry a year: (ISO date, precision)."""
    if parsed.year is None or parsed.kind in ("relative", "weekday"):
        return None, None
    if parsed.rel.startswith("de "):  # "janvier de l'année dernière": relative, not written
        return None, None
    if parsed.kind == "year":
        return f"{parsed.year:04d}", "year"
    if parsed.kind == "month":
        return f"{parsed.year:04d}-{parsed.month:02d}", "month"
    try:
        return date(parsed.year, parsed.month or 0, parsed.day or 0).isoformat(), "day"
    except ValueError:
        return None, None  # "31 février 2022": a date as written, but not on any calendar


def _mention(doc_id: str, text: str, start: int, end: int, parsed: _Parsed,
             relation: str) -> DateMention:
    iso, precision = _written_date(parsed)
    return DateMention(
        doc=doc_id, start=start, end=end, text=text[start:end], date=iso, precision=precision,
        relation=relation, basis=_basis(parsed),
    )


def _mentions_of(doc_id: str, text: str, kind: str, match: re.Match[str]) -> list[DateMention]:
    """One mention per match; a range gives two (its start, "since", and its end, "until")."""
    g = match.groupdict()
    start, end = match.start(), match.end()
    if kind == "range":
        head = _parsed_from(kind, g)
        tail = _parsed_from(kind, g, end_part=True)
        if head.year is None and tail.year is not None:
            head = dataclasses.replace(head, year=tail.year)
        first = _mention(doc_id, text, start, end, head, "since")
        if head.year is not None and tail.year is None:
            first = dataclasses.replace(first, date=None, precision=None, basis="partial")
        return [first, _mention(doc_id, text, match.start("end"), end, tail, "until")]
    parsed = _parsed_from(kind, g)
    if kind == "year" and g.get("year2"):
        return [
            _mention(doc_id, text, start, end, parsed, "since"),
            _mention(doc_id, text, match.start("year2"), end,
                     _parsed_from(kind, g, end_part=True), "until"),
        ]
    return [_mention(doc_id, text, start, end, parsed, _relation(parsed))]


def find_dates(doc_id: str, text: str, spans: list[tuple[int, int]] | None = None,
               lang: str | None = "fr") -> list[DateMention]:
    """Every date expression of language ``lang`` in ``text`` (only inside ``spans``).

    French is read by the patterns of this module, English by
    :mod:`recoupe.link.dates_en`; both give mentions the same resolver dates.

    Offsets are absolute in ``text``. Mentions whose words carry a year are dated as
    written (``basis="absolute"``); the others keep ``date=None`` until
    :func:`resolve_dates`.
    """
    if lang == "en":
        from recoupe.link.dates_en import find_dates_en

        return find_dates_en(doc_id, text, spans)
    windows = spans if spans is not None else [(0, len(text))]
    mentions: dict[tuple[int, int, str], DateMention] = {}
    for w_start, w_end in windows:
        for _, _, kind, match in _candidates(text, max(0, w_start), min(len(text), w_end)):
            for m in _mentions_of(doc_id, text, kind, match):
                mentions[(m.start, m.end, m.relation)] = m
    return sorted(mentions.values(), key=lambda m: (m.start, m.end))


# --- Calendar arithmetic ----------------------------------------------------------------------


def _iso(d: date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _period_end(iso: str) -> date:
    """The last day an ISO date of any precision covers."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts)


def _period_start(iso: str) -> date:
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return _period_start(value)


@dataclass(frozen=True)
class _Context:
    """What resolving one mention may look at besides its own words."""

    ref: date
    # Without a publication date, the period of the latest date written in full
    # ("janvier 2022", "2022"): undated days and months fall inside it when they can.
    period: tuple[date, date] | None
    future: bool
    previous_day: date | None  # the last day-precise date before it, for "la veille"
    doc_years: frozenset[int]  # years written in full in the document
    month_years: dict[int, tuple[int, ...]]  # month → years written with it ("janvier 2022")


def _pick_day(p: _Parsed, relation: str, ctx: _Context) -> date | None:
    """The year of a day written without one: the nearest occurrence, past preferred.

    A news article speaks of the recent past, so "le 28 décembre" in an article of
    3 January is the previous year; a date a few weeks ahead ("le 11 janvier" on the
    7th) is kept when it is much nearer than its past occurrence, and a date announced
    as future, or a deadline, looks forward.
    """
    assert p.month is not None and p.day is not None
    options = [d for y in (ctx.ref.year - 1, ctx.ref.year, ctx.ref.year + 1)
               if (d := _safe_date(y, p.month, p.day))]
    if p.weekday is not None:
        agreeing = [d for d in options if d.weekday() == p.weekday]
        options = agreeing or options
    if not options:
        return None
    inside = [d for d in options if ctx.period and ctx.period[0] <= d <= ctx.period[1]]
    if inside:
        return max(inside)
    past = [d for d in options if d <= ctx.ref]
    ahead = [d for d in options if d > ctx.ref]
    forward = ctx.future or relation in ("until", "before")
    if forward and ahead and (not past or (min(ahead) - ctx.ref).days <= 183):
        return min(ahead)
    best = max(past) if past else min(ahead)
    if ahead and (min(ahead) - ctx.ref).days < min(60, (ctx.ref - best).days):
        best = min(ahead)
    return _episode_override(best, p, ctx)


def _episode_override(best: date, p: _Parsed, ctx: _Context) -> date:
    """Keep a dated episode's year: "en janvier 2022 … le 2 janvier" in a 2023 article."""
    if best.year in ctx.doc_years or p.month not in ctx.month_years:
        return best
    years = [y for y in ctx.month_years[p.month]
             if (d := _safe_date(y, p.month, p.day or 1)) and d <= ctx.ref
             and (p.weekday is None or d.weekday() == p.weekday)]
    if not years:
        return best
    return _safe_date(max(years), p.month, p.day or 1) or best


def _pick_month(p: _Parsed, relation: str, ctx: _Context) -> date:
    assert p.month is not None
    this_year = date(ctx.ref.year, p.month, 1)
    current = date(ctx.ref.year, ctx.ref.month, 1)
    if p.rel.startswith("de l'année") or p.rel.startswith("de l'an"):
        step = 1 if "prochaine" in p.rel else -1
        return date(ctx.ref.year + step, p.month, 1)
    if p.rel == "de cette année":
        return this_year
    if ctx.period and not p.rel:
        inside = [d for y in (ctx.ref.year - 1, ctx.ref.year)
                  if ctx.period[0] <= (d := date(y, p.month, 1)) <= ctx.period[1]]
        if inside:
            return max(inside)
    if p.rel == "prochain" or ctx.future or relation == "until":
        strict = p.rel == "prochain"
        later = this_year > current if strict else this_year >= current
        return this_year if later else date(ctx.ref.year + 1, p.month, 1)
    strict = p.rel in ("dernier", "passé")
    earlier = this_year < current if strict else this_year <= current
    best = this_year if earlier else date(ctx.ref.year - 1, p.month, 1)
    return _episode_override(best, p, ctx)


def _pick_weekday(p: _Parsed, relation: str, ctx: _Context) -> date:
    """A weekday alone is the most recent such day, or the next one when announced."""
    assert p.weekday is not None
    back = (ctx.ref.weekday() - p.weekday) % 7
    ahead = (p.weekday - ctx.ref.weekday()) % 7
    if p.rel == "prochain":
        return ctx.ref + timedelta(days=ahead or 7)
    if ctx.future or relation == "until":
        return ctx.ref + timedelta(days=ahead)
    if p.rel in ("dernier", "passé"):
        return ctx.ref - timedelta(days=back or 7)
    return ctx.ref - timedelta(days=back)


_FIXED_DAYS = {
    "avant-hier": -2, "hier": -1, "aujourd'hui": 0, "ce matin": 0, "ce soir": 0,
    "cet après-midi": 0, "cette nuit": 0, "demain": 1, "après-demain": 2, "apres-demain": 2,
}
_NARRATIVE_DAYS = {"la veille": -1, "l'avant-veille": -2, "le lendemain": 1, "le surlendemain": 2}


def _relative(p: _Parsed, ctx: _Context) -> tuple[date, str] | None:
    """Arithmetic from the reference day (or, for "la veille", from the narrated day)."""
    phrase = p.relative
    head = phrase.split(" ")[0]
    if p.relative in ("ago", "in"):
        sign = -1 if p.relative == "ago" else 1
        unit = p.unit.rstrip("s")
        if unit == "jour":
            return ctx.ref + timedelta(days=sign * p.n), "day"
        if unit == "semaine":
            return ctx.ref + timedelta(days=sign * 7 * p.n), "day"
        if unit == "moi":
            return _add_months(ctx.ref, sign * p.n), "day" if p.exact else "month"
        shifted = _safe_date(ctx.ref.year + sign * p.n, ctx.ref.month, ctx.ref.day)
        shifted = shifted or date(ctx.ref.year + sign * p.n, ctx.ref.month, 28)
        return shifted, "day" if p.exact else "year"
    for words, days in _FIXED_DAYS.items():
        if phrase == words or (phrase.startswith(words + " ") and head in ("hier", "demain")):
            return ctx.ref + timedelta(days=days), "day"
    for words, days in _NARRATIVE_DAYS.items():
        if phrase.startswith(words):
            return (ctx.previous_day or ctx.ref) + timedelta(days=days), "day"
    if phrase.startswith(("l'année", "l'an ")) or phrase == "cette année":
        step = 1 if "prochain" in phrase else 0 if phrase == "cette année" else -1
        return date(ctx.ref.year + step, 1, 1), "year"
    if "semaine" in phrase:
        step = 7 if "prochaine" in phrase else 0 if phrase == "cette semaine" else -7
        return ctx.ref + timedelta(days=step), "month"
    if "mois" in phrase:
        step = 1 if "prochain" in phrase else 0 if phrase == "ce mois-ci" else -1
        return _add_months(ctx.ref, step), "month"
    if "nouvel" in phrase:
        year = ctx.ref.year if ctx.ref.month <= 6 else ctx.ref.year + 1
        return date(year, 1, 1), "month"
    return None


def _resolve_parsed(p: _Parsed, relation: str, ctx: _Context) -> tuple[date, str] | None:
    if p.kind == "relative" or p.rel.startswith("de "):
        return _relative(p, ctx) if p.kind == "relative" else (_pick_month(p, relation, ctx),
                                                               "month")
    if p.kind == "weekday":
        return _pick_weekday(p, relation, ctx), "day"
    if p.kind == "month":
        return _pick_month(p, relation, ctx), "month"
    if p.kind == "full":
        picked = _pick_day(p, relation, ctx)
        return (picked, "day") if picked else None
    return None


# --- Context from the text -----------------------------------------------------------------


_SENTENCE_REACH = 1000


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): cut at . ! ? and line breaks."""
    # Look no further than a long sentence either way: on a text with no stop at all a
    # search to its ends would make every date cost the whole text.
    floor, ceiling = max(0, start - _SENTENCE_REACH), min(len(text), end + _SENTENCE_REACH)
    left = max(max(text.rfind(c, floor, start) for c in ".!?\n") + 1, floor)
    rights = [i for c in ".!?\n" if (i := text.find(c, end, ceiling)) != -1]
    return left, min(rights) if rights else ceiling


_FUTURE_REACH = 80
_NEXT_AFTER = re.compile(r"[ \t\u00a0\u202f]+prochaine?\b")


def _is_future(text: str | None, m: DateMention, p: _Parsed) -> bool:
    """True when the date is announced rather than reported ("doit annoncer … le 11")."""
    if p.rel == "prochain" or p.pre.startswith(("pour", "d'ici")) or p.relative == "in":
        return True
    if not text:
        return False
    # The 80 characters before the date, cut at its sentence's start: only those can
    # hold the cue, so the sentence start is looked for among them alone.
    reach = max(0, m.start - _FUTURE_REACH)
    begin = max(max(text.rfind(c, reach, m.start) for c in ".!?\n") + 1, reach)
    before = text[begin:m.start]
    if any(c.group(0).lower() not in _NOT_FUTURE for c in _FUTURE_CUE.finditer(before)):
        return True
    return bool(_NEXT_AFTER.match(text[m.end:m.end + 12]))


def _same_paragraph(text: str | None, a: int, b: int) -> bool:
    if text is None:
        return b - a < 400
    return "\n" not in text[a:b]


def _latest_written_period(mentions: list[DateMention]) -> tuple[date, date] | None:
    """The first and last days of the latest date written in full, or None."""
    periods = [(_period_start(m.date), _period_end(m.date)) for m in mentions
               if m.basis == "absolute" and m.date]
    return max(periods, key=lambda p: (p[1], p[0])) if periods else None


def _latest_written(mentions: list[DateMention]) -> date | None:
    """The last day covered by the latest date written in full, or None."""
    period = _latest_written_period(mentions)
    return period[1] if period else None


def _year_tables(mentions: list[DateMention]) -> tuple[frozenset[int], dict[int, tuple[int, ...]]]:
    years: set[int] = set()
    by_month: dict[int, set[int]] = {}
    for m in mentions:
        if m.basis != "absolute" or not m.date:
            continue
        d = _period_start(m.date)
        years.add(d.year)
        if m.precision in ("day", "month"):
            by_month.setdefault(d.month, set()).add(d.year)
    return frozenset(years), {k: tuple(sorted(v)) for k, v in by_month.items()}


def resolve_dates(mentions: list[DateMention], published: date | str | None,
                  text: str | None = None) -> list[DateMention]:
    """Fill ``date`` and ``precision`` of every mention that can be put on the calendar.

    Partial dates take their year from ``published`` (the nearest past occurrence),
    weekdays alone are the most recent such day on or before it, relative phrases are
    counted from it ("la veille" from the day narrated just before). Without a
    publication date the latest date written in full in the document is the anchor.
    ``text`` (the document) lets the tense around a date say it is announced as future.
    Mentions whose year was corrected keep their corrected date.
    """
    ref = _as_date(published)
    period = None
    if ref is None:
        period = _latest_written_period(mentions)
        if period is None:
            return list(mentions)
        ref = period[1]
    doc_years, month_years = _year_tables(mentions)
    resolved: list[DateMention] = []
    previous: tuple[int, date] | None = None
    for m in sorted(mentions, key=lambda x: (x.start, x.end)):
        p = _parse(m.text)
        out = m
        if m.correction is None and p is not None and m.basis != "absolute":
            ctx = _Context(
                ref=ref, period=period, future=_is_future(text, m, p),
                previous_day=previous[1] if previous and _same_paragraph(
                    text, previous[0], m.start) else None,
                doc_years=doc_years, month_years=month_years,
            )
            try:
                picked = _resolve_parsed(p, m.relation, ctx)
            except (OverflowError, ValueError):
                picked = None  # counted past year 1 or 9999: left unresolved, not fatal
            if picked:
                out = dataclasses.replace(m, date=_iso(*picked), precision=picked[1])
        if out.precision == "day" and out.date and out.basis != "relative":
            previous = (out.end, _period_start(out.date))
        resolved.append(out)
    return resolved


# --- Weekday / date consistency --------------------------------------------------------------


def _one_digit_variants(year: int) -> set[int]:
    digits = f"{year:04d}"
    out = set()
    for i in range(4):
        for d in "0123456789":
            variant = int(digits[:i] + d + digits[i + 1:])
            if variant != year and 1600 <= variant <= 2099:
                out.add(variant)
    return out


def _weekday_clash(m: DateMention) -> _Parsed | None:
    """The parse of a day written in full with a weekday that does not fit it, else None."""
    if m.basis != "absolute" or m.precision != "day" or not m.date or m.correction:
        return None
    p = _parse(m.text)
    if p is None or p.weekday is None or p.year is None:
        return None
    return p if _period_start(m.date).weekday() != p.weekday else None


def _correction_reason(year: int, published: date | None, support: Counter[int]) -> str:
    if published and published.year == year and support[year]:
        return f"the publication date and the document's other dates are in {year}"
    if published and published.year == year:
        return f"the document was published in {year}"
    return f"the document's other dates are in {year}"


def correct_weekdays(mentions: list[DateMention],
                     published: date | str | None = None) -> list[DateMention]:
    """Repair a year typo that makes a written weekday disagree with its date.

    "vendredi 7 janvier 2002" in a 2022 article: 7 January 2002 was a Monday, 7 January
    2022 a Friday. The year is changed only when the new year is the publication year or
    the year of the document's other dates (or a one-digit slip within their span) and
    the weekday then agrees; the change is explained in ``correction``. A clash no such
    change repairs is left as written.
    """
    pub = _as_date(published)
    clashes = {id(m) for m in mentions if _weekday_clash(m)}
    support: Counter[int] = Counter(
        _period_start(m.date).year for m in mentions
        if m.basis == "absolute" and m.date and id(m) not in clashes
    )
    known = set(support) | ({pub.year} if pub else set())
    out = []
    for m in mentions:
        p = _weekday_clash(m)
        if p is None or not known:
            out.append(m)
            continue
        assert p.year is not None and p.month is not None and p.day is not None
        variants = {y for y in _one_digit_variants(p.year) if min(known) <= y <= max(known)}
        fitting = [y for y in known | variants
                   if (d := _safe_date(y, p.month, p.day)) and d.weekday() == p.weekday]
        if not fitting:
            out.append(m)
            continue
        year = max(fitting, key=lambda y: (
            bool(pub and y == pub.year), support[y], y in variants, -abs(y - p.year)))
        new = date(year, p.month, p.day)
        note = (f"year {p.year} read as {year}: {new.day} {_EN_MONTHS[new.month]} {year} is a "
                f"{_EN_WEEKDAYS[new.weekday()]}, as written, and "
                f"{_correction_reason(year, pub, support)}")
        out.append(dataclasses.replace(m, date=new.isoformat(), correction=note))
    return out


# --- Dating the article ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bounds:
    """What the mentions say about the publication day."""

    lower: list[tuple[date, bool]]  # (day, hard): the article is written on or after it
    upper: list[date]  # the article is written on or before it
    deadlines: list[date]  # "jusqu'au 19 janvier": past only in a retrospective article
    weekdays: list[int]  # weekdays named alone as past ("a déclaré vendredi")
    retrospective: bool  # the text looks back on a finished episode ("début janvier, …")
    years_later: int  # the year the "il y a un an" anchors put the article in (0: none)


def _soft_lower(text: str, m: DateMention, p: _Parsed) -> tuple[date, bool] | None:
    """A lower bound from a month or year: "début janvier" is over, so is "mi-janvier"."""
    assert m.date is not None
    start = _period_start(m.date)
    end = _period_end(m.date)
    before = text[max(0, m.start - 40):m.start]
    if _FIRST_DAYS_BEFORE.search(before):
        return start + timedelta(days=3), True
    pre = p.pre
    if pre.startswith(("début", "en début", "au début")):
        return start + timedelta(days=10), True
    if pre.startswith(("mi", "à la mi")):
        return start + timedelta(days=20), True
    if pre.startswith(("fin", "en fin", "à la fin")):
        return end, True
    if m.precision == "month" and pre in ("de", "d'") and _ERA_BEFORE.search(before):
        return start + timedelta(days=14), True
    return None


def _years_later(text: str, mentions: list[DateMention], m: DateMention, p: _Parsed,
                 month_years: dict[int, tuple[int, ...]]) -> int:
    """The year an "il y a un an" puts the article in, from the dated event it refers to."""
    month_last_year = (p.kind == "month" and p.rel.startswith(("de l'année", "de l'an"))
                       and "prochaine" not in p.rel)
    if month_last_year and p.month in month_years:  # "janvier 2022 … janvier de l'année dernière"
        return max(month_years[p.month]) + 1
    is_ago = p.relative == "ago" and p.unit.startswith("an")
    is_last_year = p.relative.startswith(("l'année dernière", "l'année passée", "l'an "))
    if not (is_ago or is_last_year or month_last_year) or "prochain" in p.relative:
        return 0
    n = p.n if is_ago else 1
    left, right = _sentence_span(text, m.start, m.end)
    dated = [o for o in mentions if o is not m and left <= o.start < right and o.date
             and o.basis in ("absolute", "partial") and o.precision in ("day", "month")]
    return max(_period_start(o.date).year for o in dated) + n if dated else 0


def _bounds(text: str, mentions: list[DateMention]) -> _Bounds:
    lower: list[tuple[date, bool]] = []
    upper: list[date] = []
    deadlines: list[date] = []
    weekdays: list[int] = []
    retrospective = False
    years_later = 0
    _, month_years = _year_tables(mentions)
    for m in mentions:
        p = _parse(m.text)
        if p is None:
            continue
        years_later = max(years_later, _years_later(text, mentions, m, p, month_years))
        future = _is_future(text, m, p)
        if m.basis == "weekday":
            if not future and m.relation != "until" and p.weekday is not None:
                weekdays.append(p.weekday)
            continue
        if m.date is None:
            continue
        if m.basis == "relative":
            if "nouvel" in p.relative and _FIRST_DAYS_BEFORE.search(text[max(0, m.start - 40):
                                                                        m.start]):
                lower.append((_period_start(m.date) + timedelta(days=3), False))
                retrospective = True
            continue
        if future:
            upper.append(_period_start(m.date) - timedelta(days=1))
            continue
        if m.relation in ("until", "before"):
            deadlines.append(_period_start(m.date))
            continue
        soft = _soft_lower(text, m, p)
        if soft:
            lower.append((soft[0], False))
            retrospective = retrospective or soft[1]
        else:
            lower.append((_period_start(m.date), m.precision == "day"))
    return _Bounds(lower, upper, deadlines, weekdays, retrospective, years_later)


def _latest_bound(lower: list[tuple[date, bool]]) -> tuple[date, bool]:
    """The latest lower bound, an event's own day winning over a soft bound in its month.

    "le 14 septembre" says more than "les inondations de septembre" (read as the 15th).
    """
    hard = [d for d, is_hard in lower if is_hard]
    soft = [d for d, is_hard in lower if not is_hard]
    if hard and (not soft or (max(soft).year, max(soft).month) <= (max(hard).year,
                                                                   max(hard).month)):
        return max(hard), True
    return max(soft), False


def _first_weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _shift_year(day: date, year: int) -> date:
    return _safe_date(year, day.month, day.day) or date(year, day.month, 28)


def infer_published(text: str, mentions: list[DateMention],
                    anchor: date | str | None = None) -> tuple[str | None, str]:
    """The most likely publication day of an undated article, and its basis.

    The article is written on or after the latest event it reports (a day written in
    full, or the end of a finished period: "début janvier" is over, "les événements de
    janvier" name a past episode), before any date it announces ("doit annoncer … le 11
    janvier", "prochain"), a year after the events it dates "il y a un an", and, when
    it only names weekdays ("a déclaré vendredi"), on the first such day after that.
    ``anchor`` (e.g. another article's date about the same crisis) stands in for the
    year when the text writes none. Returns (``YYYY-MM-DD``, ``"inferred"``) or
    (None, ``"unknown"``).
    """
    anchor_day = _as_date(anchor)
    checked = correct_weekdays(list(mentions))
    written = _latest_written(checked)
    if written is None and anchor_day is None:
        return None, "unknown"
    # Without a publication date, resolve_dates anchors on the latest written date's period.
    provisional = resolve_dates(
        # Only absolute mentions are dated yet; copying the others would change nothing.
        [dataclasses.replace(m, date=None, precision=None)
         if m.basis != "absolute" and (m.date is not None or m.precision is not None) else m
         for m in checked],
        None if written else anchor_day, text=text,
    )
    b = _bounds(text, provisional)
    lower = list(b.lower)
    if b.retrospective:
        lower += [(d, False) for d in b.deadlines]
    if b.upper:
        ceiling = min(b.upper)
        lower = [(d, hard) for d, hard in lower if d <= ceiling] or []
    if not lower:
        day = min(b.upper) if b.upper else anchor_day
        return (day.isoformat(), "inferred") if day else (None, "unknown")
    day, hard = _latest_bound(lower)
    if b.years_later > day.year:
        day, hard = _shift_year(day, b.years_later), False
    if not hard and b.weekdays:
        day = max(_first_weekday_on_or_after(day, w) for w in set(b.weekdays))
    return day.isoformat(), "inferred"


def resolve_document_dates(
    doc_id: str, text: str, published: str | None, spans: list[tuple[int, int]] | None = None,
    anchor: date | str | None = None, published_basis: str = "header", lang: str | None = "fr",
) -> tuple[list[DateMention], str | None, str]:
    """Find, date and check every date of one document.

    find → infer the publication day (when ``published`` is None) → weekday
    correction → resolve. Returns the mentions, the publication date used and its
    basis (``published_basis`` when it was given, else "inferred" or "unknown").
    """
    mentions = find_dates(doc_id, text, spans, lang=lang)
    basis = published_basis
    if published is None:
        published, basis = infer_published(text, mentions, anchor=anchor)
    checked = correct_weekdays(mentions, published)
    return resolve_dates(checked, published, text=text), published, basis


def corpus_anchor(dates: list[str | None]) -> date | None:
    """The median of the other documents' publication dates: the year for a text with none.

    Articles analysed together are about one crisis, so an article that names only
    weekdays ("vendredi") is dated near the others.
    """
    known = sorted(_period_start(d) for d in dates if d)
    return known[(len(known) - 1) // 2] if known else None
