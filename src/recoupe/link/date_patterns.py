"""French date expressions found in a text: the tables, the patterns and the search.

Step 1 of :mod:`recoupe.link.dates` (which dates what is found here): compiled regular
expressions built from recoupe's own month and weekday tables, tried only near the anchor
words every match must contain. English expressions are found by
:mod:`recoupe.link.dates_en` into the same parsed form.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from recoupe.lang.calendar import months, number_words, weekdays
from recoupe.partial_date import PartialDate
from recoupe.records import DateMention

# --- Tables ---------------------------------------------------------------------------

# The language resource's tables (lang/fr/dates.toml): the one month table of French.
MONTHS: dict[str, int] = months("fr")
WEEKDAYS: dict[str, int] = weekdays("fr")
NUMBER_WORDS: dict[str, int] = number_words("fr")
# For the correction note, which people read in English like the rest of the notes.
_EN_MONTHS = ("", *(max((w for w, m in months("en").items() if m == n), key=len).title()
                    for n in range(1, 13)))
_EN_WEEKDAYS = tuple(max((w for w, d in weekdays("en").items() if d == n), key=len).title()
                     for n in range(7))

# --- Regular expressions ----------------------------------------------------------------


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so "janv." never eats "janvier"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


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


def _optional_int(digits: str | None) -> int | None:
    """A group's digits as a number, or None when the group did not match (or is empty)."""
    return int(digits) if digits else None


def _parsed_from(kind: str, g: dict[str, str | None], end_part: bool = False) -> _Parsed:
    """Turn one regex match's groups into a :class:`_Parsed`."""
    pre = _norm(g.get("pre"))
    if kind == "range":
        if end_part:
            return _Parsed(
                kind="full", day=_day_number(g["d2"] or ""), month=_month_number(g["m2"] or ""),
                year=_optional_int(g.get("y2")), weekday=_weekday_number(g.get("wd2")),
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
            year=_optional_int(g.get("year")),
            weekday=_weekday_number(g.get("wd")), pre=pre,
        )
    if kind in ("month_year", "month"):
        return _Parsed(
            kind="month", month=_month_number(g["month"] or ""),
            year=_optional_int(g.get("year")), pre=pre, rel=_norm(g.get("rel")),
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
    # A year pattern says only the year, a month pattern the month; any other, a day.
    month = None if parsed.kind == "year" else parsed.month or 0
    day = None if parsed.kind in ("year", "month") else parsed.day or 0
    try:
        written = PartialDate(parsed.year, month, day)
    except ValueError:
        return None, None  # "31 février 2022": a date as written, but not on any calendar
    return str(written), written.precision


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


