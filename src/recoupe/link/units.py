"""Units of entity linking: the mentions of one name in one document, and their clusters.

A mention is stripped of determiners and titles ("M.", "le président kazakh", "ministre
de la Défense"); what remains is its *name*, and the stripped words join the mention's
role. Mentions with the same folded name in one document form a :class:`Unit`: the
thing a form means can differ between documents ("Petrov").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from recoupe.link.gazetteer import country_of_adjective, fold, geocode, is_place, translit_key
from recoupe.link.lexicon import lexicon, word_set
from recoupe.records import Geo, Mention

# Word sets read from every language's entities.toml ([words]), merged: a French and an
# English article are linked in one run.
TITLE_WORDS = word_set("title_words")
PERSON_TITLES = word_set("person_titles")
ROLE_DOMAINS = word_set("role_domains")
PARTICLES = word_set("particles")
ORG_HEADS = word_set("org_heads")
WRAPPER_HEADS = word_set("wrapper_heads")
STOPWORDS = word_set("stopwords")
OWN_COUNTRY = word_set("own_country")

_NAME_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-.]*$")
_ACRONYM = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ0-9&.\-]{1,9}$")
ALIAS_BETWEEN = re.compile(
    r"\s*,?\s*(?:(?:qui est\s+)?connue?s?\s+)?(?:sous le (?:nom|surnom|pseudonyme) d[e']\s*"
    r"|surnommée?s?|dite?s?|alias|appelée?s?)\s*[«“\"]?\s*"
    r"(?:[A-ZÀ-Þ][\w'-]*(?:\s+[A-ZÀ-Þ][\w'-]*)*\s*\(\s*)?$"
)
_ARTICLE = re.compile(r"^(?:les?|la|l['’]|the\b)\s*", re.IGNORECASE)
PAREN_BETWEEN = re.compile(r"\s*[«“\"]?\s*\(\s*$")


# ---------------------------------------------------------------- units


@dataclass
class Unit:
    """The mentions of one name in one document."""

    doc: str
    name: str  # the name as written, titles stripped
    key: str  # fold(name)
    mentions: list[Mention] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    titled: bool = False  # a courtesy title ("M.", "Mme") was stripped: a person
    alias: bool = False  # a nickname ("El Chapo"): never the canonical name
    name_part: bool = False  # a word of a full personal name of the run ("Kassym")
    cls: str = "other"  # person | place | org | other
    geo: Geo | None = None

    @cached_property
    def tkey(self) -> str:
        return translit_key(self.name)

    @cached_property
    def parts(self) -> list[str]:
        """Transliteration keys of the name's words, particles dropped."""
        return [p for p in self.tkey.split() if p not in PARTICLES]


def strip_title(text: str) -> tuple[str, str, bool]:
    """Split a mention into (name, role words, courtesy title seen).

    Leading words are stripped while they are titles ("M.", "président", "procureur en
    chef"), or, once a role has begun, a ministry's domain ("de la Défense"), a country
    or a nationality ("kazakh"). A mention made only of such words has no name.

    >>> strip_title("l'ancien ministre de la Défense Murat Bektanov")
    ('Murat Bektanov', "l'ancien ministre de la Défense", False)
    >>> strip_title("M. Tokaev")
    ('Tokaev', 'M.', True)
    """
    words = text.split()
    index, courtesy, in_role = 0, False, False
    while index < len(words):
        raw = words[index].strip(",;:")
        parts = fold(raw).split()
        if not parts:
            break
        title = all(p in TITLE_WORDS or (in_role and p in ROLE_DOMAINS) for p in parts)
        context = in_role and (country_of_adjective(raw) is not None or is_country(raw))
        if not (title or context):
            break
        courtesy = courtesy or parts[0] in PERSON_TITLES
        in_role = in_role or any(p not in STOPWORDS for p in parts)
        index += 1
    name = " ".join(words[index:]).strip(" ,;:")
    return name, " ".join(words[:index]), courtesy


def is_country(word: str) -> bool:
    geo = geocode(word.strip(",;"), None, False) if word[:1].isupper() else None
    return geo is not None and geo.feature == "country"


def is_name_like(name: str) -> bool:
    """Capitalised words (particles allowed), letters only: a personal name's shape."""
    words = name.split()
    if not words or is_acronym(name):
        return False
    if not all(_NAME_TOKEN.match(w) or fold(w) in PARTICLES for w in words):
        return False
    if any(ch.isdigit() for ch in name):
        return False
    # Dots only in initials ("A. Navalny").
    return all("." not in w or re.fullmatch(r"[A-Z]\.", w) for w in words)


def is_acronym(name: str) -> bool:
    return bool(_ACRONYM.match(name)) and sum(c.isupper() for c in name) >= 2


def split_country_prefix(mention: Mention) -> list[Mention]:
    """"Kazakhstan Kassym-Jomart Tokayev" (a country then a name, one span from NER)
    becomes two mentions; any other mention is returned as is."""
    words = mention.text.split(" ")
    for size in (1, 2, 3):
        head, rest = " ".join(words[:size]), " ".join(words[size:])
        if not rest or not is_name_like(rest) or not is_country(head):
            continue
        if is_place(mention.text):
            break
        offset = mention.start + len(head) + 1
        return [
            Mention(mention.doc, mention.start, mention.start + len(head), head, "LOC",
                    mention.role, mention.sentence),
            # What follows a country in one span is the name of its leader or envoy.
            Mention(mention.doc, offset, mention.end, rest, "PER", None, mention.sentence),
        ]
    return [mention]


def _is_body_phrase(text: str) -> bool:
    key = fold(text)
    return key in lexicon().bodies or key in lexicon().named_bodies


def build_units(mentions: Iterable[Mention]) -> list[Unit]:
    units: dict[tuple[str, str, str], Unit] = {}
    for mention in (part for m in mentions for part in split_country_prefix(m)):
        text = mention.text.strip()
        name, role, courtesy = strip_title(text)
        bare = _ARTICLE.sub("", text)
        if _is_body_phrase(bare):  # "Prosecutor General's Office": a body, not a title
            name, role, courtesy = bare, "", False
        elif not name:  # a bare role ("le ministre de la Défense") keeps its words
            name = bare
        elif all(w in ("le", "la", "les", "l", "the") for w in fold(role).split()) and is_place(
                text):
            name = text  # "Le Caire", "La Haye": the article belongs to the name
        key = fold(name)
        if not key:
            continue
        # One surname said of two ministers in one document ("le ministre de la Défense
        # Petrov", "le ministre de l'Intérieur Petrov") stays two units.
        roles = fold(f"{role} {mention.role or ''}").split()
        domain = " ".join(sorted(set(roles) & ROLE_DOMAINS)) if " " not in key else ""
        unit = units.setdefault((mention.doc, key, domain), Unit(mention.doc, name, key))
        unit.mentions.append(mention)
        unit.titled = unit.titled or courtesy
        for words in (role, mention.role):
            if words:
                unit.roles.add(fold(words))
    return sorted(units.values(), key=lambda u: (u.doc, u.key))


# ---------------------------------------------------------------- union-find


class Clusters:
    """Union-find over unit indexes."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return out


def union_by(keys: dict[int, tuple], clusters: Clusters) -> None:
    first: dict[tuple, int] = {}
    for i, key in sorted(keys.items()):
        if key in first:
            clusters.union(i, first[key])
        else:
            first[key] = i
