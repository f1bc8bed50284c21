"""Source lineages: the authority that counts, whichever outlets relay its figure.

A figure's *lineage* is who counted it. Outlets relaying one authority are one lineage
(the claim's source entity, else its name key). The state's bodies — a ministry, the
prosecutor, the police, a spokesman of the government, "the authorities" — relay one
official toll that moves from body to body as it is revised, so they are one lineage,
``authorities``; so are figures no one is credited with, which news reports take from
the official count far more often than not. Every other source (the UN, an NGO, the
opposition, a hospital, "medical sources", a witness) is a lineage of its own.

One state's bodies, not every state's: when the official sources of one quantity name
two states or more ("le ministère russe de la Défense", "l'armée ukrainienne"), each
state's bodies are a lineage (``authorities:RU``), and the bodies that name no state
belong to the state where the figure counts (:func:`lineages_of`).

The words that make a source a state authority are language data
(``recoupe/lang/<code>/official_sources.txt``), read for every language at once: a
source name is matched whatever the language of the article that quotes it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from recoupe.link.gazetteer import country_name, country_of_adjective, geocode
from recoupe.records import Claim, Entity
from recoupe.textfold import word_key

OFFICIAL = "authorities"
_LANG_DIR = Path(__file__).resolve().parent.parent / "lang"
_RESOURCE = "official_sources.txt"


@functools.cache
def _official_pattern() -> re.Pattern[str]:
    """One regex of every language's official-source phrases, as whole words."""
    phrases: set[str] = set()
    for path in sorted(_LANG_DIR.glob(f"*/{_RESOURCE}")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                phrases.add(word_key(line))
    if not phrases:
        return re.compile(r"(?!x)x")  # no resource: nothing is official
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@functools.lru_cache(maxsize=65536)  # read per figure, many times per comparison
def is_official(name: str, words: str | None = None) -> bool:
    """True when a source's name (or the words that attribute the figure) name a state body."""
    pattern = _official_pattern()
    return bool(pattern.search(word_key(name)) or (words and pattern.search(word_key(words))))


def official_entities(entities: Iterable[Entity]) -> frozenset[str]:
    """Entities that speak for the state: a place (a country or a city "said"), a body
    whose name is official, a person the text calls by an official role ("le procureur
    général Berik Asylov", then "Asylov a déclaré")."""
    found = set()
    for e in entities:
        roles = " ".join(sorted({m.role for m in e.mentions if m.role}))
        if e.type == "LOC" or _official_name(e.canonical, roles):
            found.add(e.id)
    return frozenset(found)


@functools.lru_cache(maxsize=65536)  # comparisons run story by story over one entity list
def _official_name(name: str, roles: str) -> bool:
    return is_official(name, roles or None)


def lineage_of(claim: Claim, official: frozenset[str] = frozenset()) -> tuple[str, str]:
    """The claim's lineage as (key, label): who counted the figure."""
    source = claim.source
    if source is None or not source.name.strip():
        return OFFICIAL, OFFICIAL
    if source.entity in official or is_official(source.name, source.text):
        return OFFICIAL, OFFICIAL
    key = source.entity or "name:" + word_key(source.name).strip()
    return key, source.name


_WORD = re.compile(r"[^\W\d_][\w-]*")
_SOVEREIGN_FILE = Path(__file__).resolve().parent / "sovereign_states.tsv"


@functools.cache
def _sovereigns() -> dict[str, str]:
    rows = (line.split("\t") for line in _SOVEREIGN_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return {code.strip(): state.strip() for code, state in rows}


def state_of(country: str | None) -> str | None:
    """The state whose bodies count in a country (a dependent territory's: Mayotte → FR)."""
    return _sovereigns().get(country, country) if country else None


@functools.lru_cache(maxsize=16384)
def named_state(name: str) -> str | None:
    """ISO2 of the one state a source's name names, by a nationality word or a country's
    name ("ministère russe de la Défense", "Ministry of Defence of Ukraine"; "préfecture de
    Mayotte" is France's); None when it names none, or several."""
    found = set()
    for word in _WORD.findall(name):
        code = country_of_adjective(word)
        if code is None and word[:1].isupper():
            geo = geocode(word, None, False)
            code = geo.country if geo is not None and geo.feature == "country" else None
        if code:
            found.add(state_of(code))
    return found.pop() if len(found) == 1 else None


def lineages_of(claims: Sequence[Claim], official: frozenset[str] = frozenset(),
                home: str | None = None) -> list[tuple[str, str]]:
    """Each claim's lineage (key, label) within one quantity: the state's bodies are one
    lineage per state when their names tell two states or more apart; ``home`` is the
    country where the figures count (the state of the bodies that name none)."""
    base = [lineage_of(c, official) for c in claims]
    states = [named_state(c.source.name) if key == OFFICIAL and c.source else None
              for c, (key, _) in zip(claims, base, strict=True)]
    if len({s for s in states if s}) < 2:
        return base
    found = []
    home = state_of(home)
    for (key, label), state in zip(base, states, strict=True):
        state = state or home if key == OFFICIAL else None
        if state is None:
            found.append((key, label))
        else:
            found.append((f"{OFFICIAL}:{state}", f"{OFFICIAL} ({country_name(state) or state})"))
    return found
