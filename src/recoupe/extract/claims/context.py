"""What carries from sentence to sentence while reading one document, and the cue tables
derived from its language resource."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from recoupe.lang import Language, read_table
from recoupe.records import Claim, Place, Source
from recoupe.textfold import word_key

# The order in which a phrase's group cues are tried: the most specific groups first.
GROUP_ORDER = ("foreign_forces", "security_forces", "protesters", "civilians", "other")
# Kinds a noun names on its own, strongly enough to win over the verb around it.
STRONG_NOUN_KINDS = (
    "killed", "injured", "missing", "arrested", "displaced", "affected", "weapons", "equipment",
)
# Kinds a casualty verb names.
VERB_KINDS = ("killed", "injured", "missing", "arrested", "displaced", "affected")
# Kinds a plain noun names when no verb or cue said more ("200 manifestants").
PLAIN_NOUN_KINDS = ("participants", "deployed", "other")


@dataclass(frozen=True, eq=False)
class Cues:
    """Tables built once per language from its resource."""

    lang: Language

    @cached_property
    def security_like(self) -> frozenset[str]:
        """Armed people and their gear: with a foreign demonym, foreign forces."""
        nouns = self.lang.kind_nouns
        return self.lang.cue("security_like") | nouns["equipment"] | nouns["weapons"]

    @cached_property
    def person_nouns(self) -> frozenset[str]:
        """Nouns of one person ("un gendarme") a casualty verb can count."""
        return (self.lang.cue("person_nouns") | self.lang.cue("generic_people")
                | self.lang.kind_nouns["deployed"])

    @cached_property
    def never_speakers(self) -> frozenset[str]:
        """Dates, events and counted nouns: never who gives a figure."""
        lang = self.lang
        counted = lang.cue("generic_people").union(
            *(nouns for kind, nouns in lang.kind_nouns.items() if kind != "deployed"))
        return counted | lang.cue("time_words") | lang.cue("event_nouns")

    @cached_property
    def single_casualty_nouns(self) -> frozenset[str]:
        """Nouns that count one casualty after "un" ("un décès", "un blessé")."""
        nouns = self.lang.kind_nouns
        return nouns["killed"] | nouns["injured"] | nouns["missing"]

    @cached_property
    def group_cues(self) -> tuple[tuple[str, str, bool, str], ...]:
        """(group, " cue ", one word?, cue), in the order the groups are tried."""
        return tuple(
            (group, f" {cue} ", " " not in cue, cue)
            for group in GROUP_ORDER
            for cue in self.lang.group_words.get(group, ())
        )

    @cached_property
    def group_single_words(self) -> frozenset[str]:
        return frozenset(cue for cues in self.lang.group_words.values() for cue in cues
                         if " " not in cue)


@lru_cache(maxsize=8)
def _counting_table(code: str) -> Mapping[str, frozenset[str]]:
    table = read_table(code, "kinds.toml").get("counting", {})
    return {name: frozenset(word_key(w) for w in text.split()) for name, text in table.items()}


def counting(lang: Language, name: str) -> frozenset[str]:
    """The word set ``name`` of the ``[counting]`` table of the language's kinds.toml: the
    words the figure rules of issue #15 item 4 read (an absent name is an empty set)."""
    return _counting_table(lang.code).get(name, frozenset())


@lru_cache(maxsize=8)
def cues_of(lang: Language) -> Cues:
    return Cues(lang)


@dataclass
class Context:
    """What carries from sentence to sentence while reading one document."""

    lang: Language
    main_place: str | None
    main_country: str | None  # ISO code of the country the story happens in
    published: str | None
    outlet: str | None = None  # the publisher: its name in a dateline is no place ("(APA)")
    focus: str | None = None  # where the story happens, when narrower than its country
    story_countries: tuple[str, ...] = ()  # ISO2 codes of the countries the story is about
    story_events: frozenset[str] = frozenset()  # event families its title and lead name
    story_event_names: frozenset[str] = frozenset()  # "Chido" of "le cyclone Chido", folded
    event_names_seen: set[str] = field(default_factory=set)  # every event name read so far
    last_event_name: str | None = None  # the event named last, for "Elle a fait 3 morts"
    block_source: dict[int, Source] = field(default_factory=dict)
    block_seen: set[int] = field(default_factory=set)
    paragraph_source: dict[int, Source] = field(default_factory=dict)
    last_source: Source | None = None
    # Every speaker named so far, in text order, with the grammatical gender of the noun
    # that names it (None: a person's name, or unknown), for "il" and "elle".
    speakers: list[tuple[str, str | None]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # countries named, in text order
    towns: list[str] = field(default_factory=list)  # towns named, in text order
    # places of the story's country below it (towns, provinces, districts), in text order
    localities: list[str] = field(default_factory=list)
    listed: str | None = None  # the last list of places named ("Al Bayda, Susah and Shahat")
    document_source: Source | None = None  # the title's speaker, for the figures after it
    list_kind: str | None = None  # "Bilan des morts par province :": what its items count
    list_source: Source | None = None  # "Selon les données de X, … par province :": X
    roles: dict[str, str] = field(default_factory=dict)  # role head → person named with it
    last_person: str | None = None  # the latest person named, for "a-t-il déclaré"
    person_speakers: set[str] = field(default_factory=set)  # speakers that are persons ("he")
    bodies: dict[str, str] = field(default_factory=dict)  # head noun → latest full name
    last_body: str | None = None  # the latest organisation named, for "l'organisation"
    paragraph_place: dict[int, Place] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    group_nouns: list[tuple[str, str]] = field(default_factory=list)  # (group, label) seen

    @property
    def cues(self) -> Cues:
        return cues_of(self.lang)
