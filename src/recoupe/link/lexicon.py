"""The words entity linking reads, from every language's ``entities.toml``.

Linking runs over documents of several languages at once (a French and an English
article about one crisis land in one story), so the tables of all languages are merged:
a concept ("ministry:interior", "un") is the same thing whatever language names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from recoupe.lang import LanguageError, available, read_table
from recoupe.textfold import name_key

RESOURCE = "entities.toml"


@dataclass(frozen=True)
class Lexicon:
    not_places: frozenset[str]  # folded common nouns that take a capital
    event_heads: frozenset[str]  # folded heads of named events ("tempete", "storm")
    name_links: frozenset[str]  # lower-case words inside a place name ("de", "el")
    national_heads: frozenset[str]  # heads of bodies every country has ("ministere")
    authority_heads: frozenset[str]  # division words that name an authority ("prefecture")
    list_heads: frozenset[str]  # plural division words opening a list ("provinces")
    list_joiners: frozenset[str]  # words joining a list ("et", "and")
    bodies: dict[str, str]  # folded authority phrase → concept
    body_phrases: dict[str, tuple[str, ...]]  # language → its phrases as written
    named_bodies: dict[str, str]  # folded form of a named body → concept
    form_language: dict[str, str]  # folded form of a body → the language it is from


def _words(text: str) -> frozenset[str]:
    return frozenset(name_key(word) for word in text.split())


@cache
def lexicon() -> Lexicon:
    """Every language's entity words, merged (read once per process)."""
    not_places: set[str] = set()
    heads: set[str] = set()
    links: set[str] = set()
    national: set[str] = set()
    authority: set[str] = set()
    list_heads: set[str] = set()
    joiners: set[str] = set()
    bodies: dict[str, str] = {}
    phrases: dict[str, tuple[str, ...]] = {}
    named: dict[str, str] = {}
    language: dict[str, str] = {}
    for code in available():
        try:
            table = read_table(code, RESOURCE)
        except LanguageError:  # a language without entity words links by names alone
            continue
        not_places |= _words(table.get("not_places", ""))
        heads |= _words(table.get("event_heads", ""))
        links |= _words(table.get("name_links", ""))
        national |= _words(table.get("national_heads", ""))
        authority |= _words(table.get("authority_division_heads", ""))
        list_heads |= _words(table.get("division_list_heads", ""))
        joiners |= _words(table.get("list_joiners", ""))
        written = []
        for concept, forms in table.get("bodies", {}).items():
            for form in forms:
                bodies[name_key(form)] = concept
                language.setdefault(name_key(form), code)
                written.append(form)
        phrases[code] = tuple(written)
        for concept, forms in table.get("named_bodies", {}).items():
            for form in forms:
                named[name_key(form)] = concept
                language.setdefault(name_key(form), code)
    return Lexicon(frozenset(not_places), frozenset(heads), frozenset(links),
                   frozenset(national), frozenset(authority), frozenset(list_heads),
                   frozenset(joiners), bodies, phrases, named, language)


@cache
def word_set(name: str) -> frozenset[str]:
    """A named word set of every language's ``[words]`` table, folded and merged."""
    words: set[str] = set()
    for code in available():
        try:
            table = read_table(code, RESOURCE)
        except LanguageError:
            continue
        words |= _words(table.get("words", {}).get(name, ""))
    return frozenset(words)
