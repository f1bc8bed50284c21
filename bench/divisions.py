"""Does the gazetteer resolve every place the gold annotates, read where the articles name it?

For each evaluation set (``eval/SET.entities.gold.json`` beside the articles ``eval/SET/``)
every gold entity with a ``geonames_id`` is checked form by form: each place where an
article writes the form is widened to its division phrase ("Narok" of "Narok County",
"Valencia" of "the province of Valencia", :func:`recoupe.link.gazetteer.place_phrase`),
or read as a division where a list or a table of counts by division names it, and
geocoded with the article's country (the country most of the article's gold places lie
in). A form is resolved when one of its readings gives the gold id; a form no article
writes (the annotator's canonical name, often) is read bare, with the country of the
articles that write the entity's other forms (else the set's), and its gloss in
brackets read as what it says: "Kurdistan (Iran)" is Kurdistan read in Iran, "Herat
(ville)" the town of Herat.

    .venv/bin/python bench/divisions.py             # every set
    .venv/bin/python bench/divisions.py en-crises   # the sets named
    .venv/bin/python bench/divisions.py --misses    # and the forms that miss

Exit status 0 always: this measures, it gates nothing.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from recoupe.link.gazetteer import geocode, main_country, place_phrase
from recoupe.link.places import (
    TABLE_ROW,
    introduced_division,
    listed_division,
    table_division,
)

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval"


@dataclass(frozen=True)
class GoldPlace:
    canonical: str
    geonames_id: int
    forms: tuple[str, ...]


@dataclass
class SetResult:
    name: str
    resolved: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)


def gold_places(path: Path) -> list[GoldPlace]:
    """The gold entities of a set that carry a GeoNames id."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        GoldPlace(e["canonical"], int(e["geonames_id"]),
                  tuple(dict.fromkeys([*e.get("forms", ()), e["canonical"]])))
        for e in data.get("entities", ())
        if e.get("geonames_id")
    ]


def _occurrences(form: str, text: str) -> list[tuple[int, int]]:
    pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def article_country(text: str, places: list[GoldPlace]) -> str | None:
    """The country most of the gold places an article writes lie in."""
    names = [form for place in places for form in place.forms
             for _ in _occurrences(form, text)]
    return main_country(names)


_SENTENCE_END = re.compile(r"[.!?\n]")


def _phrase(text: str, start: int, end: int, country: str | None) -> str:
    """The form as the linker reads it: widened to its division phrase ("Narok County"),
    named in a list of divisions ("the provinces of Azilal and Tinghir", "deaths by
    county: Narok (1)"), or a row of a table of counts by division ("Taroudant : 321"
    under "… dans les provinces est la suivante :")."""
    a, b = place_phrase(text, start, end)
    if (a, b) != (start, end):
        return text[a:b]
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    stop = _SENTENCE_END.search(text, end)
    sentence = text[ends[-1] if ends else 0:stop.start() if stop else len(text)]
    head = listed_division(text[start:end], sentence) or _table_head(text, start, country)
    return f"{head} de {text[start:end]}" if head else text[start:end]


def _table_head(text: str, start: int, country: str | None) -> str | None:
    """The division word of the table of counts (one row a line) whose row holds
    ``start``: said by the line above the table, or by the gazetteer."""
    lines = text.split("\n")
    row = text.count("\n", 0, start)
    if not TABLE_ROW.match(lines[row]):
        return None
    first = row
    while first > 0 and TABLE_ROW.match(lines[first - 1]):
        first -= 1
    last = row
    while last + 1 < len(lines) and TABLE_ROW.match(lines[last + 1]):
        last += 1
    intro = lines[first - 1] if first > 0 and lines[first - 1].rstrip().endswith(":") else ""
    names = [m["name"] for line in lines[first:last + 1] if (m := TABLE_ROW.match(line))]
    return (introduced_division(intro) if intro else None) or table_division(names, country)


def _readings(form: str, texts: dict[str, str], countries: dict[str, str | None],
              fallback: str | None) -> list[tuple[str, str | None]]:
    """(phrase, country) for each place an article writes the form; the bare form with
    ``fallback`` when no article writes it (see :func:`_unwritten`)."""
    found = [
        (_phrase(text, start, end, countries[doc]), countries[doc])
        for doc, text in texts.items()
        for start, end in _occurrences(form, text)
    ]
    return found or [_unwritten(form, fallback)]


_GLOSS = re.compile(r"^(?P<name>.+?)\s*\((?P<gloss>[^()]+)\)$")


def _unwritten(form: str, country: str | None) -> tuple[str, str | None]:
    """A form no article writes, read bare with ``country``; a gloss in brackets says the
    country ("Kurdistan (Iran)") or the kind of place ("Herat (ville)": "ville de
    Herat", "Granada (province)")."""
    match = _GLOSS.match(form)
    if match is None:
        return form, country
    name, gloss = match["name"], match["gloss"].strip()
    geo = geocode(gloss, None, False)
    if geo is not None and geo.feature == "country":
        return name, geo.country
    return f"{gloss} de {name}", country


def _entity_country(place: GoldPlace, texts: dict[str, str],
                    countries: dict[str, str | None]) -> str | None:
    """The country of the articles that write the entity's forms, when they agree."""
    found = Counter(countries[doc] for doc, text in texts.items() if countries[doc]
                    and any(_occurrences(form, text) for form in place.forms))
    return found.most_common(1)[0][0] if found else None


def check_set(name: str, gold: Path, articles: Path) -> SetResult:
    """Resolved gold forms of one set (see the module doc)."""
    places = gold_places(gold)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(articles.glob("*.txt"))}
    countries = {doc: article_country(text, places) for doc, text in texts.items()}
    fallback = Counter(c for c in countries.values() if c).most_common(1)
    result = SetResult(name)
    for place in places:
        home = _entity_country(place, texts, countries) or (
            fallback[0][0] if fallback else None)
        for form in place.forms:
            readings = _readings(form, texts, countries, home)
            got = [geocode(phrase, country) for phrase, country in readings]
            result.total += 1
            if any(g is not None and g.geonames_id == place.geonames_id for g in got):
                result.resolved += 1
                continue
            shown = {f"{phrase!r} → {g.geonames_id if g else None}"
                     for (phrase, _), g in zip(readings, got, strict=True)}
            result.misses.append(f"{place.canonical} ({place.geonames_id}): "
                                 + "; ".join(sorted(shown)))
    return result


def find_sets(names: list[str]) -> list[tuple[str, Path, Path]]:
    found = []
    for gold in sorted(EVAL.glob("*.entities.gold.json")):
        name = gold.name.removesuffix(".entities.gold.json")
        if (EVAL / name).is_dir() and (not names or name in names):
            found.append((name, gold, EVAL / name))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="set names (default: every set)")
    parser.add_argument("--misses", action="store_true", help="list the forms that miss")
    args = parser.parse_args(argv)
    for name, gold, articles in find_sets(args.sets):
        result = check_set(name, gold, articles)
        print(f"{name}: resolved {result.resolved}/{result.total} gold place forms")
        if args.misses:
            for miss in result.misses:
                print(f"  - {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
