"""Language resources: every word list, cue and pattern the extractors read, by language.

A resource is a folder ``recoupe/lang/<code>/`` of TOML files (data, no code), loaded once
per process by :func:`load`. Extractors take a :class:`Language` and never name a word of
their own, so adding a language means adding a folder (and a spaCy model name), not
editing the extractors (issue #13 item 4).

Files read here (other files in the folder belong to other stages, see :func:`read_table`):

- ``language.toml`` — ``name``, ``spacy_model``;
- ``kinds.toml`` — ``kind_verbs``, ``kind_nouns`` (word lists per claim kind),
  ``multiword_kinds`` (phrase, kind), ``left_noun_kinds`` (noun → kind);
- ``groups.toml`` — ``group_words``: cue phrases per counted group;
- ``countries.toml`` — ``demonyms`` and ``country_names`` (→ ISO code), ``display_names``;
- ``words.toml`` — ``[words]``: named word sets (:data:`WORD_SETS` lists every name);
  ``[phrases]``: named phrase lists (:data:`PHRASE_LISTS`);
- ``patterns.toml`` — ``[patterns]``: named regular expressions (:data:`PATTERNS`).

A word list is a string of words separated by spaces or newlines; every word and phrase is
folded with :func:`recoupe.textfold.word_key` at load, so tables may be written with their
accents and capitals.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from recoupe.textfold import word_key

__all__ = ["Language", "LanguageError", "load", "available", "resource_for", "read_table",
           "territory_name",
           "DEFAULT_CODE", "WORD_SETS", "PHRASE_LISTS", "PATTERNS"]

DEFAULT_CODE = "fr"  # the language of every document before issue #17

# Every named word set a resource must define (possibly empty), with what it is for.
WORD_SETS: Mapping[str, str] = MappingProxyType({
    "generic_people": "counted nouns with no kind and no group of their own (personnes)",
    "speech_verbs": "verbs that attribute a statement to their subject (déclarer)",
    "non_source_heads": "nouns never a source alone, whose complement may be (bilan du X)",
    "role_heads": "bodies and roles that are a source even unnamed (ministère, président)",
    "speaker_pronouns": "pronouns standing for an earlier speaker (il, elle)",
    "generic_authorities": "government spoken of without a name: the country's (autorités)",
    "security_like": "nouns of armed people, for foreign troops named by nationality",
    "seize_verbs": "verbs whose subject takes weapons away: not their owner (saisir)",
    "clause_breaks": "words that end the clause a predicate is read in (mais, ;)",
    "np_stops": "words that end a counted noun phrase (qui, dans, selon)",
    "coordinators": "words joining two counts or phrases (et, ou)",
    "place_subject_verbs": "verbs whose subject place is where, not who (rester, enregistrer)",
    "respectively": "the word pairing listed places with listed figures in order",
    "owner_links": "words between a place and the figure given for it (avec, où)",
    "relative_where": "the relative adverb of place among owner_links (où)",
    "neighbour_words": "adjectives between a division noun and its names (voisins)",
    "origin_words": "words saying where people come from, before origin_links (venus, came)",
    "origin_links": "the preposition between origin_words and the place (de, from)",
    "np_continuers": "words after et/ou that continue a noun phrase (de, la)",
    "of_words": "the preposition between a number and its noun (de, des)",
    "part_of_the": "the word of 'deux des personnes': a part of a larger count",
    "among_words": "'parmi': a part of what was counted",
    "among_verbs": "verbs between a part and 'parmi' (figurer, compter, être)",
    "others": "'autres': more of the same people",
    "civil_vehicles": "vehicles that are not military equipment when unqualified",
    "subset_markers": "words before a part of a whole (dont, parmi lesquels)",
    "ellipsis_followers": "words after a bare number that show its noun was left out",
    "not_counted": "nouns a number goes with that no crisis figure counts (jours, pays)",
    "quantity_modifiers": "words between a verb and its counted object (au moins, environ)",
    "have_verbs": "verbs whose subject is the group a count measures (compter, avoir)",
    "lose_lemmas": "'a perdu 25 hommes': the subject's own people killed (perdre)",
    "cause_verbs": "verbs before a toll whose noun decides the kind (faire, causer)",
    "plural_copulas": "'étaient', 'sont': 'ils étaient 20 000'",
    "plural_pronouns": "pronouns standing for a group (ils, qu'elles)",
    "they": "plain plural subject pronouns (ils, elles)",
    "time_words": "days and adverbs skipped before an inverted speaker (mardi, hier)",
    "not_speakers": "subjects of a speech verb that are never a source (on, certains)",
    "source_nouns": "'source(s)': a source when qualified (des sources sécuritaires)",
    "according_to": "prepositions opening 'selon X' (selon, d'après)",
    "according_to_heads": "the token of such a preposition a figure's own source starts at",
    "cite_lemmas": "the lemma of 'cité par': its agent is the speaker",
    "that_words": "the conjunction after a speech verb (que)",
    "clitic_subjects": "the clitic of 'a-t-il déclaré', without its hyphen and t",
    "inclusive": "words before an example place, not the figure's scope (notamment)",
    "not_places": "capitalised common nouns that are never places (État, pays)",
    "person_nouns": "nouns of people: 'un gendarme a été tué' counts one",
    "one": "the words for one, nearly always articles (un, une)",
    "several": "'plusieurs': a vague count",
    "abbreviations": "abbreviations after which a period does not end a sentence",
    "not_acronyms": "upper-case words that are not names of bodies (PDF, AFP)",
    "masculine_pronouns": "speaker pronouns that stand for a masculine noun or a man (il)",
    "feminine_pronouns": "speaker pronouns that stand for a feminine noun or a woman (elle)",
    "event_nouns": "events that are never a speaker (passage de la tempête, séisme)",
    "street_nouns": "a street or landmark before its name: not a figure's scope (boulevard)",
    "speech_venues": "where a speaker spoke: a place after them is not the figure's (presse)",
    "spoken_from": "'depuis Lisbonne': where the speaker spoke from",
    "place_prepositions": "prepositions before a place name the parser may miss (à, in)",
    "place_name_links": "small words inside place names of any language (do, de la)",
    "landmark_nouns": "a landmark's noun inside its name: too fine for a scope (aéroport de X)",
    "division_nouns": "nouns of administrative divisions before their name (province de)",
    "pluperfect_aux": "auxiliaries of a past before the story (avait fait 1 700 morts)",
    "raise_verbs": "verbs raising a toll to a number (porter à, relever à)",
    "raised_to": "the preposition between a raise verb and the number (à)",
    "toll_nouns": "'le bilan': a toll whose kind is killed unless a noun says otherwise",
    "victim_nouns": "'victimes' in a toll: the dead",
    "place_units": "places and administrative units: counted, never people (villages)",
    "non_people_nouns": "buildings, animals, teams: no people kind counts them (chiens)",
    "scope_prepositions": "prepositions before a count of places that say where (dans)",
    "since_words": "'depuis': a past date that opens a span to the present",
    "proportion_words": "the word of 'un habitant sur sept': a share (sur)",
    "proportion_ones": "the 'one' of 'one in six' when it is not an article (one)",
})

# Every named phrase list: phrases (several words) kept whole.
PHRASE_LISTS: Mapping[str, str] = MappingProxyType({
    "among_prefixes": "what follows a number that is a part of what was counted (d'entre)",
    "according_to_pairs": "two tokens that open 'selon X' together (d' après)",
    "speech_lemma_pairs": "a lemma and the next word that speak together (faire état)",
    "same_source": "'la même source': the previous speaker, after determiners are stripped",
    "other_year_phrases": "'l'an dernier': a date in the year before the article's",
})

# Every named pattern; flags go inline ("(?i)").
PATTERNS: Mapping[str, str] = MappingProxyType({
    "country_scope": "a national scope ('dans le pays'), on folded text",
    "town_anaphor": "the town named last ('dans cette ville', 'in the city'), on folded text",
    "capital_scope": "the capital of the story's country ('dans la capitale'), on folded text",
    "determiners": "leading determiners and prepositions stripped from a name",
    "own_ranks": "'dans ses rangs': the speaker's own people, on folded text",
    "military_phrase": "a vehicle phrase that is military, on folded text",
    "elision": "an elided article inside a folded phrase (l', qu'), group 1 the article",
    "coordination": "a conjunction between two counts",
    "needs_parse": "what a sentence must hold to be worth the parser",
    "mention_speaker": "a bare capitalised name before a speech participle, group 1 the name",
    "mention_speaker_gate": "a cheap necessary condition of mention_speaker",
    "mention_alias": "a nickname after its cue (surnommé « X »), group 1 the name",
    "mention_alias_gate": "a cheap necessary condition of mention_alias",
    "mention_institution": "an institution named by its head noun, group 1 the name",
    "mention_institution_gate": "a cheap necessary condition of mention_institution",
    "two_countries": "'dans les deux pays': the two countries named before, on folded text",
    "listed_anaphor": "'dans ces villes': the places listed last, on folded text",
    "areas_scope": "'dans les zones sinistrées': the story's place, on folded text",
    "two_divisions": "'dans les deux provinces': the two divisions named before, on folded text",
    "revision": "words by which a source says its figure replaces an earlier one, folded",
})


class LanguageError(ValueError):
    """A language resource is missing or malformed (a bug in the package, not user input)."""


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per code
class Language:
    """Everything language-specific the nlp and extract stages read, for one language."""

    code: str
    name: str
    spacy_model: str
    kind_verbs: Mapping[str, frozenset[str]]
    kind_nouns: Mapping[str, frozenset[str]]
    multiword_kinds: tuple[tuple[str, str], ...]
    left_noun_kinds: Mapping[str, str]
    group_words: Mapping[str, tuple[str, ...]]
    demonyms: Mapping[str, str]
    country_names: Mapping[str, str]
    country_display: Mapping[str, str]  # folded name → name as shown
    words: Mapping[str, frozenset[str]]
    phrases: Mapping[str, tuple[str, ...]]
    patterns: Mapping[str, re.Pattern[str]]

    def cue(self, name: str) -> frozenset[str]:
        """The word set ``name`` (see :data:`WORD_SETS`)."""
        return self.words[name]

    def pattern(self, name: str) -> re.Pattern[str]:
        """The compiled pattern ``name`` (see :data:`PATTERNS`)."""
        return self.patterns[name]


@lru_cache(maxsize=1024)
def territory_name(code: str, language: str) -> str | None:
    """A country's name (ISO 3166-1 alpha-2) in a language, from CLDR (through Babel)."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language).territories.get(code.upper())
    except (UnknownLocaleError, ValueError):
        return None


def available() -> tuple[str, ...]:
    """Codes of the languages that have a resource folder."""
    root = resources.files(__name__)
    return tuple(sorted(p.name for p in root.iterdir()
                        if p.is_dir() and p.joinpath("language.toml").is_file()))


def resource_for(code: str | None) -> Language:
    """The resource of ``code`` when there is one, else the default language's."""
    return load(code if code in available() else DEFAULT_CODE)


def read_table(code: str, file: str) -> dict[str, Any]:
    """A TOML file of a language folder as plain data (for stages with their own files)."""
    path = resources.files(__name__).joinpath(code, file)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LanguageError(f"language resource {code}/{file}: {exc}") from exc


@cache
def load(code: str) -> Language:
    """The resource of language ``code``, read and checked once per process."""
    if code not in available():
        raise LanguageError(f"no language resource for {code!r} (have: {', '.join(available())})")
    meta = read_table(code, "language.toml")
    kinds = read_table(code, "kinds.toml")
    countries = read_table(code, "countries.toml")
    table = read_table(code, "words.toml")
    words = _named(code, "words", table.get("words", {}), WORD_SETS, _word_set)
    phrases = _named(code, "phrases", table.get("phrases", {}), PHRASE_LISTS, _phrase_list)
    patterns = _named(code, "patterns", read_table(code, "patterns.toml").get("patterns", {}),
                      PATTERNS, re.compile)
    return Language(
        code=code,
        name=meta["name"],
        spacy_model=meta["spacy_model"],
        kind_verbs=_frozen({k: _word_set(v) for k, v in kinds["kind_verbs"].items()}),
        kind_nouns=_frozen({k: _word_set(v) for k, v in kinds["kind_nouns"].items()}),
        multiword_kinds=tuple((word_key(p), k) for p, k in kinds.get("multiword_kinds", [])),
        left_noun_kinds=_frozen({word_key(k): v for k, v in kinds["left_noun_kinds"].items()}),
        group_words=_frozen({g: _phrase_list(v) for g, v in
                             read_table(code, "groups.toml")["group_words"].items()}),
        demonyms=_frozen({word_key(k): v for k, v in countries["demonyms"].items()}),
        country_names=_frozen({word_key(k): v for k, v in countries["country_names"].items()}),
        country_display=_frozen({word_key(n): n for n in countries.get("display_names", [])}),
        words=words,
        phrases=phrases,
        patterns=patterns,
    )


def _word_set(text: str) -> frozenset[str]:
    return frozenset(word_key(w) for w in text.split())


def _phrase_list(items: list[str]) -> tuple[str, ...]:
    return tuple(word_key(p) for p in items)


def _frozen(mapping: dict[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(mapping)


def _named(code: str, section: str, raw: Mapping[str, Any], names: Mapping[str, str],
           read: Any) -> Mapping[str, Any]:
    """The entries of ``section``, each read by ``read``; every name in ``names`` required."""
    missing = sorted(set(names) - set(raw))
    unknown = sorted(set(raw) - set(names))
    if missing or unknown:
        raise LanguageError(f"language resource {code}: [{section}] "
                            f"missing {missing or 'nothing'}, unknown {unknown or 'nothing'}")
    return _frozen({name: read(raw[name]) for name in names})
