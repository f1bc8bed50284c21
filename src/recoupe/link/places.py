"""A place must be a place: whether a name can be where a counted thing happened.

The claim stage asks :func:`can_be_place` before it makes a name a claim's place. The
answer uses what the gazetteer knows (with the document's country, so that villages and
second-level divisions of that country count), the NER label, and the names the entity
linking found to be persons in the same document.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import lru_cache

from recoupe.link.gazetteer import (
    country_name,
    country_of_adjective,
    fold,
    geocode,
    is_place,
    place_info,
)
from recoupe.link.lexicon import lexicon
from recoupe.records import Entity, Geo

# NER labels that say "a place" (spaCy's French model: LOC; English: GPE, LOC, FAC).
PLACE_LABELS = frozenset(("LOC", "GPE", "FAC"))
# A person's name is still a place when the gazetteer knows a country or a town this large
# under it (spaCy tags "Alma-Ata" PER); a namesake village is not ("Asov", Azov).
PERSON_OVERRIDE_POPULATION = 100_000

_ARTICLE = re.compile(r"^(?:la|le|les|l|the)\s+")
_PROPER_WORD = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-.]*$")


def _shaped_like_a_name(name: str) -> bool:
    """Capitalised words (linking words allowed), no digits: "Al Haouz", "Bois-Colombes"."""
    words = name.split()
    return bool(words) and not any(c.isdigit() for c in name) and all(
        _PROPER_WORD.match(w) or fold(w) in lexicon().name_links for w in words
    ) and bool(_PROPER_WORD.match(words[0]))


def _known_large(name: str, country: str | None) -> bool:
    geo = geocode(name, country, False)
    if geo is None:
        return False
    if geo.feature in ("country", "admin1"):
        return True
    info = place_info(geo.geonames_id) if geo.geonames_id is not None else None
    return info is not None and info[1] >= PERSON_OVERRIDE_POPULATION


def can_be_place(name: str, country: str | None = None, *, label: str | None = None,
                 person_names: Collection[str] = ()) -> bool:
    """True when ``name`` may be a claim's place in a document about ``country`` (ISO2).

    - a common noun with a capital ("État", "Est": ``not_places`` in every language's
      ``entities.toml``) or a nationality word ("Kazakhs") never is;
    - a name the document's linking made a person (``person_names``: folded names, see
      :func:`person_names_of`) is not, unless it is a country, a first-level division or
      a town of 100,000+ people;
    - a name the gazetteer knows (exactly or transliterated) is;
    - else a name NER labels a place (``label``) and shaped like a proper name is: the
      gazetteer does not contradict it.
    """
    text = name.strip()
    key = _ARTICLE.sub("", fold(text))
    if not key or key in lexicon().not_places or country_of_adjective(text):
        return False
    if key in person_names:
        return _known_large(text, country)
    if geocode(text, country, False) is not None:
        return True
    return label in PLACE_LABELS and _shaped_like_a_name(_strip_article(text))


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:[Ll]a|[Ll]e|[Ll]es|[Ll]['’]|[Tt]he)\s*", "", text)


def person_names_of(entities: Iterable[Entity], doc: str | None = None) -> frozenset[str]:
    """Folded forms of the persons among ``entities`` (of one document when ``doc`` is
    given), for :func:`can_be_place`'s ``person_names``."""
    return frozenset(
        fold(mention.text)
        for entity in entities
        if entity.type == "PER"
        for mention in entity.mentions
        if doc is None or mention.doc == doc
    )


_LIST_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*|[,;:.()«»\"'’]")


def _singular(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else word.removesuffix("s")


def listed_division(name: str, sentence: str) -> str | None:
    """The division word of a list that names ``name`` ("les provinces d'Azilal, de
    Chichaoua et de Taroudant", "the provinces of Azilal and Tinghir"), singular and
    folded ("province"), or None when the name is in no such list."""
    at = sentence.find(name)
    if at < 0:
        return None
    table = lexicon()
    tokens = _LIST_TOKEN.findall(sentence[:at])
    for token in reversed(tokens):
        word = fold(token)
        if token in (",", "'", "’") or word in table.list_joiners or word in table.name_links:
            continue
        if token[:1].isupper() and word not in table.list_heads:
            continue  # another name of the list
        return _singular(word) if word in table.list_heads else None
    return None


class GazetteerPlaceBook:
    """The gazetteer as the extract stage asks it (``extract.claims.PlaceBook``): the
    pipeline hands it to ``extract_claims(..., places=...)``, so extract, which sits below
    link, never imports the gazetteer itself."""

    @lru_cache(maxsize=1 << 14)  # noqa: B019 — one instance per process, names repeat
    def is_place(self, name: str, country: str | None = None) -> bool:
        return bool(is_place(name, country))

    def country_of(self, name: str, prefer: str | None = None) -> str | None:
        geo = geocode(name, prefer)
        return geo.country if geo is not None and geo.country else None

    @lru_cache(maxsize=1 << 12)  # noqa: B019 — as is_place
    def is_country(self, name: str) -> bool:
        geo = geocode(name, fuzzy=False)
        return geo is not None and geo.feature == "country"

    def country_name(self, code: str) -> str | None:
        name = country_name(code)
        return str(name) if name else None

    @lru_cache(maxsize=1 << 12)  # noqa: B019 — as is_place
    def chain(self, name: str, country: str) -> tuple[tuple[str, int], ...]:
        geo = geocode(name, country, False)
        if geo is None or geo.country != country or geo.feature == "country":
            return ()
        return division_chain(geo)


def division_chain(geo: Geo) -> tuple[tuple[str, int], ...]:
    """The divisions a geocoded place lies in, widest first, itself last (no country)."""
    nodes: list[tuple[str, int]] = []
    if geo.feature != "admin1" and geo.admin1_id is not None:
        nodes.append(("admin1", geo.admin1_id))
    if geo.feature not in ("admin1", "admin2") and geo.admin2_id is not None:
        nodes.append(("admin2", geo.admin2_id))
    if geo.geonames_id is not None:
        nodes.append((geo.feature or "place", geo.geonames_id))
    return tuple(nodes)


@lru_cache(maxsize=1)
def place_book() -> GazetteerPlaceBook:
    """The one gazetteer book of a process."""
    return GazetteerPlaceBook()
