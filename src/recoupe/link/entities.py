"""Entity linking: the surface forms of all documents of a run → canonical entities.

``link_entities(mentions)`` groups the mentions of one run (every document) into
:class:`~recoupe.records.Entity` records, in stages that each use one kind of evidence:

1. **Units.** A mention is stripped of determiners and titles ("M.", "le président
   kazakh", "ministre de la Défense"); what remains is its *name*, and the stripped
   words join the mention's role. Mentions with the same folded name in one document
   form a unit: the thing a form means can differ between documents ("Petrov").
2. **Classes.** Each name is a place (the gazetteer knows it), an organisation (an
   institution's head noun, an acronym or an ORG majority), a personal name
   (capitalised words: PER, and the forms spaCy mislabels MISC or LOC) or other.
3. **Clustering per class.** Personal names: full names by transliteration key and
   fuzzy scores, then short forms to the one full name they end ("Tokayev"), then
   garbled forms to the closest name of their document ("Tokarev"), then aliases
   ("X, connu sous le nom de Y"). Places: by geonames id. Organisations: acronyms
   defined in brackets or matching initials, and paraphrases through a head-noun key
   ("ministère kazakh de l'Intérieur"). Never two full names with different first names.
4. **Entities.** Type by vote across mentions, the fullest frequent form as canonical,
   gazetteer coordinates for places, ids hashed from type and canonical name.

Units live in :mod:`.units`, persons in :mod:`.persons`, organisations in :mod:`.bodies`.
Candidate pairs are only compared within blocks (same surname letters, same head
noun), so runs with thousands of distinct forms stay fast.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cache

from rapidfuzz import fuzz

from recoupe.link.bodies import cluster_orgs, initials, is_known_body, link_concepts
from recoupe.link.gazetteer import (
    city_core,
    division_has_type,
    division_hint,
    fold,
    geocode,
    is_exonym,
    is_named,
    is_own_name,
    is_place,
    place_info,
    place_phrase,
    region_core,
    translit_key,
)
from recoupe.link.gazetteer import (
    main_country as gazetteer_main_country,
)
from recoupe.link.lexicon import lexicon
from recoupe.link.persons import cluster_persons, name_score
from recoupe.link.places import (
    ATTRIBUTIVE_NAMES,
    PLACE_LABELS,
    TABLE_ROW,
    indefinite_articles,
    introduced_division,
    listed_division,
    table_division,
)
from recoupe.link.units import (
    ORG_HEADS,
    Clusters,
    Unit,
    build_units,
    is_acronym,
    is_country,
    is_name_like,
    strip_title,
    union_by,
)
from recoupe.metadata import detect_language
from recoupe.records import Entity, EntityForm, Geo, Mention, content_hash
from recoupe.spans import SpanIndex

__all__ = [
    "initials", "link_entities", "name_score",
    "short_forms", "strip_title", "with_short_forms",
]

# A town this large is meant by its bare name even where "région de X" is also named,
# and is a place even where NER calls its name a person's.
REGION_TOWN_MAX = 100_000
# A town of the document's own country this large is a place even where NER says person.
HOME_TOWN_MIN = 5000
# A name in a list of divisions is the division whose name scores this close to it.
LISTED_NAME_MIN = 80
# A word in capitals this long that names a town is a dateline, not an acronym.
DATELINE_MIN_LETTERS = 5


# ---------------------------------------------------------------- classes


def votes_of(units: list[Unit]) -> Counter[str]:
    return Counter(m.label for u in units for m in u.mentions)


def _org_head(key: str) -> str | None:
    first = key.split()[0] if key else ""
    return first if first in ORG_HEADS else None


def _classify(units: list[Unit], countries: dict[str, str | None]) -> None:
    """Set each unit's class from label votes across the run, the gazetteer (villages and
    second-level divisions of each document's country included) and the tables of named
    bodies."""
    by_key: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        by_key[unit.key].append(unit)
    # Tokens of multi-word personal names: "Kassym" or "Masimov" is never a town here.
    name_tokens = {
        token
        for key, group in by_key.items()
        if len(key.split()) > 1 and votes_of(group)["PER"] and is_name_like(group[0].name)
        for token in key.split()
        if not _large_place(token)  # "Agadir" of a mistagged "Agadir Ida Outanane"
    }
    for key, group in by_key.items():
        found = sorted({c for u in group if (c := countries.get(u.doc))})
        homes: list[str | None] = list(found) if found else [None]
        cls = _class_of(group, key, key in name_tokens, homes)
        for unit in group:
            unit.cls = cls
            unit.name_part = key in name_tokens


def _large_place(word: str) -> bool:
    """A country or a town of 100,000+ people: never only a word of a personal name."""
    geo = geocode(word, None, False)
    if geo is None or geo.geonames_id is None:
        return False
    if geo.feature == "country":
        return True
    info = place_info(geo.geonames_id)
    return geo.feature == "city" and info is not None and info[1] >= REGION_TOWN_MAX


def _class_of(group: list[Unit], key: str, name_token: bool, homes: list[str | None]) -> str:
    """place | org | person | other, for the units of one name (rules in order)."""
    votes, name = votes_of(group), group[0].name
    titled = any(u.titled for u in group)
    if _is_authority_seat(name, votes, homes):
        return "org"
    if is_country(name) or region_core(name) or _is_dateline(name, homes):
        return "place"
    if _org_head(key) or is_acronym(name) or is_known_body(key):
        return "org"
    if not titled and not name_token and any(
            _gazetteer_says_place(name, votes, home, group) for home in homes):
        return "place"
    if is_name_like(name) and (votes["PER"] or titled or votes["MISC"] or votes["LOC"]):
        return "person"
    if votes["ORG"] >= max(votes["LOC"], votes["MISC"], votes["PER"]):
        return "org"
    return "other"


def _is_authority_seat(name: str, votes: Counter[str], homes: list[str | None]) -> bool:
    """"La préfecture du Rhône a indiqué": a division word that also names an authority
    is the body when NER mostly calls it an organisation, or when the division it names
    is of another type (the Rhône is a département; Marrakech is a préfecture)."""
    head = division_hint(name)
    if head not in lexicon().authority_heads:
        return False
    if votes["ORG"] * 2 > sum(votes.values()):
        return True
    geo = geocode(name, homes[0], False)
    return geo is not None and not division_has_type(geo, head)


def _is_dateline(name: str, homes: list[str | None]) -> bool:
    """A town written in capitals, as datelines do ("LILONGWE"), is no acronym."""
    return (len(name) >= DATELINE_MIN_LETTERS and name.isupper() and name.isalpha()
            and any(is_place(name.title(), home) for home in homes))


def _gazetteer_says_place(name: str, votes: Counter[str], country: str | None,
                          group: Sequence[Unit] = ()) -> bool:
    """A known place, unless NER mostly calls it a person and it is neither a division
    nor a large city nor a town of the document's own country, nor listed with a place
    of that country: spaCy tags "Alma-Ata" and "Al-Haouz" PER ("flown to Surkhet and
    Nepalgunj"), but "Asov" said by a prosecutor is not the town of Azov abroad."""
    if not is_place(name, country):
        return False
    if votes["PER"] * 2 <= sum(votes.values()):
        return True
    if any(_listed_with_place(m, country) for u in group for m in u.mentions):
        return True
    geo = geocode(name, country, False)
    if geo is None:
        return False
    if geo.feature in ("country", "admin1", "admin2"):
        return True
    info = place_info(geo.geonames_id) if geo.geonames_id is not None else None
    population = info[1] if info else 0
    at_home = country is not None and geo.country == country
    return population >= REGION_TOWN_MAX or (at_home and population >= HOME_TOWN_MIN)


_NAME_RUN = r"[A-ZÀ-Þ][\w'’\-]+(?: [A-ZÀ-Þ][\w'’\-]+)*"


@cache
def _item_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The next and the previous item of a list around a name (joined by a comma or a
    list joiner of any language: "and", "et")."""
    table = lexicon()
    joiners = "|".join(sorted(re.escape(w) for w in table.list_joiners))
    # A preposition may be repeated after the joiner: "de Kawéni et de Combani".
    small = "|".join(sorted((re.escape(w) for w in table.name_links if w.isalpha()),
                            key=len, reverse=True))
    link = rf"(?:,|\s(?:{joiners}))\s+(?:(?:{small})\s+)?"
    return (re.compile(rf"\s*{link}(?P<name>{_NAME_RUN})"),
            re.compile(rf"(?P<name>{_NAME_RUN}){link}$"))


def _listed_with_place(mention: Mention, country: str | None) -> bool:
    """True when a mention is coordinated with a name the gazetteer knows in the country
    it knows the mention's name in (``country`` first): "Surkhet and Nepalgunj",
    "between Cotipora and Bento Goncalves", "de Kawéni et de Combani"."""
    sentence = mention.sentence or ""
    at = sentence.find(mention.text)
    if at < 0:
        return False
    next_item, previous_item = _item_patterns()
    after = next_item.match(sentence, at + len(mention.text))
    before = previous_item.search(sentence, max(0, at - 60), at)
    for match in (after, before):
        if match is None:
            continue
        other = geocode(match["name"], country, False)
        if other is None or other.feature == "country" or other.country is None:
            continue
        own = geocode(mention.text, other.country, False)
        if own is not None and own.country == other.country:
            return True
    return False


# ---------------------------------------------------------------- places


_ENGLISH_OF = re.compile(r" of (?:the )?$")


def drop_place_fragments(mentions: list[Mention]) -> list[Mention]:
    """Without the mentions NER made of a piece of a place name that a LOC mention of the
    same document holds whole: "Mancha", a person, in "Castilla-La Mancha"; any piece
    ("Rio Grande") of a name the gazetteer's finder found (a LOC without a sentence)."""
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.label == "LOC":
            by_doc[mention.doc].append(mention)
    places = {doc: SpanIndex(found, _span_of) for doc, found in by_doc.items()}
    return [m for m in mentions if m.doc not in places or not any(
        _fragment_of(m, place) for place in places[m.doc].overlapping(m.start, m.end))]


def _span_of(mention: Mention) -> tuple[int, int]:
    return mention.start, mention.end


def _fragment_of(mention: Mention, place: Mention) -> bool:
    inside = place.start <= mention.start and mention.end <= place.end
    smaller = place.end - place.start > mention.end - mention.start
    return inside and smaller and (place.sentence is None or mention.label != "LOC")


def widen_to_phrase(mention: Mention) -> Mention:
    """A place named with its division or town word next to it, as one mention:
    "Narok" of "Narok County", "Valencia" of "the province of Valencia" (English NER
    leaves the word out; French phrases are left to the French model), when the phrase
    names a division (or, with "city", a town) the gazetteer knows. Any other mention is
    returned as is; so is a name written twice in its sentence, whose place in it is
    unknown."""
    sentence = mention.sentence
    if not sentence or mention.label not in (*PLACE_LABELS, "PER", "MISC"):
        return mention
    at = sentence.find(mention.text)
    if at < 0 or sentence.find(mention.text, at + 1) >= 0:
        return mention
    start, end = place_phrase(sentence, at, at + len(mention.text))
    if (start, end) == (at, at + len(mention.text)):
        return mention
    phrase = sentence[start:end]
    if start < at and not _ENGLISH_OF.search(sentence, start, at):
        return mention  # French NER takes "province de X" whole when it means it
    town = region_core(phrase) is None
    if town and start < at:
        return mention  # "the town of X": the bare name means the town already
    geo = geocode(phrase, None, False)
    if geo is None or geo.feature not in (("city",) if town else ("admin1", "admin2")):
        return mention
    return replace(mention, start=mention.start - (at - start),
                   end=mention.end + (end - at - len(mention.text)), text=phrase,
                   label="LOC")


def _cluster_places(units: list[Unit], clusters: Clusters,
                    countries: dict[str, str | None],
                    texts: Mapping[str, str] | None = None,
                    named: Mapping[str, set[str]] | None = None) -> None:
    """Places are one when the gazetteer gives them one id, whatever the language
    ("Moscou", "Moscow"; "province d'Al-Haouz", "Al Haouz"); a region phrase, or a name
    read as a division in a list or a table of counts by division, joins the bare name
    when that name is only a small town ("province de Mangistau", "Mangistau"). Each
    name is geocoded with its own document's country ("Valence"); a geocode the name
    does not support (:func:`_trusted`) is dropped."""
    idx = [i for i, u in enumerate(units) if u.cls == "place"]
    tables = _table_heads(units, countries, texts)
    found: dict[int, Geo | None] = {}
    listed: set[int] = set()
    for i in idx:
        unit = units[i]
        found[i] = _listed_geo(unit, countries.get(unit.doc), tables)
        if found[i] is not None:
            listed.add(i)
        else:
            found[i] = geocode(unit.name, countries.get(unit.doc))
    named = _named_countries(units) if named is None else named
    keys: dict[int, tuple] = {}
    regions: dict[str, tuple[tuple, str | None]] = {}  # core name → (key, country)
    for i in idx:
        unit = units[i]
        geo = found[i]
        home = countries.get(unit.doc)
        if geo is not None and not _trusted(unit, geo, home, named.get(unit.doc, set())):
            geo = None
        unit.geo = geo
        core = region_core(unit.name)
        if geo is not None and geo.geonames_id is not None:
            key: tuple = ("id", geo.geonames_id)
        elif core is not None:
            key = ("region", geo.country, geo.admin1) if geo else ("region", translit_key(core))
        else:
            key = ("name", unit.tkey)
        if core is not None:
            regions[core] = (key, geo.country if geo else None)
        elif i in listed and geo is not None:  # "the provinces of Azilal and Tinghir"
            regions.setdefault(unit.key, (key, geo.country))
        keys[i] = key
    for i in idx:
        if _joins_region(units[i], regions.get(units[i].key)):
            keys[i] = regions[units[i].key][0]
    union_by(keys, clusters)


# A town abroad this large is meant by its name in any story (Geneva, Doha, Maputo).
WORLD_TOWN_MIN = 100_000


def _named_countries(units: Iterable[Unit]) -> dict[str, set[str]]:
    """Per document, the countries it names: by their names, or by a town of 100,000+
    people named by its own name ("Paris" names France)."""
    named: dict[str, set[str]] = defaultdict(set)
    for unit in units:
        geo = geocode(unit.name, None, False) if unit.name[:1].isupper() else None
        if geo is None or not geo.country:
            continue
        if geo.feature == "country" or _large_town(geo) and geo.geonames_id is not None \
                and (is_own_name(unit.name, geo.geonames_id) or is_exonym(unit.name, geo)):
            named[unit.doc].add(geo.country)
    return named


def _large_town(geo: Geo) -> bool:
    info = place_info(geo.geonames_id) if geo.geonames_id is not None else None
    return geo.feature == "city" and info is not None and info[1] >= WORLD_TOWN_MIN


def _trusted(unit: Unit, geo: Geo, home: str | None, named: set[str]) -> bool:
    """Whether a unit's geocode is what its name means in its document. Not:

    - a word in lower case ("morgues", "la médina"): a common noun;
    - a name used as a common noun, after an indefinite article ("un Maïdan");
    - a place abroad reached through another place's alternate name or a fuzzy match
      ("Molotov", an old name of Perm; "Santé", of Xanten) when NER does not mostly
      call the name a place;
    - a place abroad named by a mention NER does not mostly call a place ("Sana", the
      agency; "Xinhua"), unless it is a town of 100,000+ people (a dateline "CAIRO");
    - a division or a town of fewer than 100,000 people abroad, in a country the
      document never names ("Plum", "El Nino", "Bonaire" shopping centre): a namesake.

    A country, and any place of the document's own country, is trusted."""
    if not any(c.isupper() for c in unit.name) or _common_noun_use(unit):
        return False
    if geo.feature == "country" or home is None or geo.country == home:
        return True
    if region_core(unit.name) is not None:
        return True  # "province d'Al-Haouz": a division named as one
    votes = votes_of([unit])
    placed = sum(votes[label] for label in PLACE_LABELS) * 2 > sum(votes.values())
    if geo.geonames_id is not None and not placed and not is_own_name(
            unit.name, geo.geonames_id) and not is_exonym(unit.name, geo):
        return False
    large = _large_town(geo)
    if not placed:
        return large
    return large or geo.country in named


def _common_noun_use(unit: Unit) -> bool:
    """True when every mention of the unit follows an indefinite article and ends its
    noun phrase ("un Maïdan", "a Maidan"; not "a Nairobi hospital", where the name is an
    attribute of the noun after it)."""
    articles = indefinite_articles()
    seen = False
    for mention in unit.mentions:
        sentence = mention.sentence or ""
        at = sentence.find(mention.text)
        if at < 0:
            return False
        before = sentence[:at].split()
        after = sentence[at + len(mention.text):].split()
        language = articles.get(fold(before[-1])) if before else None
        if language is None:
            return False
        if language in ATTRIBUTIVE_NAMES and after and after[0].isalpha() and \
                after[0].islower():
            return False
        seen = True
    return seen


def _listed_geo(unit: Unit, country: str | None,
                tables: Mapping[tuple[str, str], str] | None = None) -> Geo | None:
    """The division a bare name stands for in a list of divisions ("the provinces of
    Azilal and Tinghir", "deaths by county: Narok (1)") or a table of counts by division
    (see :func:`_table_heads`), or None."""
    if region_core(unit.name) is not None:
        return None
    for mention in unit.mentions:
        head = (tables or {}).get((unit.doc, unit.key)) or (
            listed_division(unit.name, mention.sentence) if mention.sentence else None)
        if head:
            geo = geocode(f"{head} de {unit.name}", country)
            # The division of that name, not the one a town of that name lies in.
            if geo is None or geo.feature not in ("admin1", "admin2"):
                return None
            return geo if _names_division(unit.name, geo, country) else None
    return None


def _names_division(name: str, geo: Geo, country: str | None) -> bool:
    """True when a division found for a listed name is the one of that name ("Alep":
    the governorate; "Tinghir": the province) or named like the town of that name in
    its own language (Aleppo's governorate, Ḩalab), not the wider one a town of that name
    lies in ("Youssoufia" in Marrakech-Safi)."""
    if geo.geonames_id is None or geo.name is None:
        return False
    if is_named(name, geo.geonames_id) or fuzz.ratio(
            translit_key(geo.name), translit_key(name)) >= LISTED_NAME_MIN:
        return True
    town = geocode(name, country, False)
    return (town is not None and town.feature == "city" and town.geonames_id is not None
            and is_named(geo.name, town.geonames_id))


# Rows of one table lie this close (characters from a row's start to the next row's).
TABLE_ROW_GAP = 80


def _table_heads(units: list[Unit], countries: Mapping[str, str | None],
                 texts: Mapping[str, str] | None = None) -> dict[tuple[str, str], str]:
    """(document, folded name) → division word for the names of tables of counts, one
    row a line ("Al Haouz : 542" / "Taroudant : 321" / …) that go by division: the line
    that introduces the table says so ("la répartition des décès dans les provinces est
    la suivante :", "breakdown by county:"; read when ``texts`` gives the documents'
    texts), or the gazetteer does (:func:`table_division`)."""
    rows: dict[str, list[tuple[int, Unit]]] = defaultdict(list)
    for unit in units:
        for mention in unit.mentions:
            row = TABLE_ROW.match(mention.sentence or "")
            if row and row["name"] == mention.text:
                rows[unit.doc].append((mention.start, unit))
    heads: dict[tuple[str, str], str] = {}
    for doc, found in rows.items():
        found.sort(key=lambda r: r[0])
        tables: list[list[tuple[int, Unit]]] = []
        for start, unit in found:
            if tables and start - tables[-1][-1][0] <= TABLE_ROW_GAP:
                tables[-1].append((start, unit))
            else:
                tables.append([(start, unit)])
        for table in tables:
            head = _table_intro(texts.get(doc) if texts else None, table[0][0]) or \
                table_division([u.name for _, u in table], countries.get(doc))
            if head is None:
                continue
            for _, unit in table:
                heads[(doc, unit.key)] = head
    return heads


def _table_intro(text: str | None, start: int) -> str | None:
    """The division word of the line ending with a colon just above a table's first row
    ("… dans les provinces est la suivante :", "breakdown of deaths by county:")."""
    if not text:
        return None
    before = text[:start].rstrip()
    if not before.endswith(":"):
        return None
    return introduced_division(before[before.rfind("\n") + 1:])


def _joins_region(unit: Unit, region: tuple[tuple, str | None] | None) -> bool:
    """A bare name is the region of the same name when it is only a small town of the
    region's country ("Mangistau"; not "Valence" in France for "province de Valence")."""
    geo = unit.geo
    if region is None or geo is None or geo.feature != "city" or geo.geonames_id is None:
        return False
    if region[1] not in (None, geo.country):
        return False
    info = place_info(geo.geonames_id)
    return info is None or info[1] < REGION_TOWN_MAX


# ---------------------------------------------------------------- entities


def _form_quality(unit: Unit, count: int, entity_type: str) -> tuple:
    """Sort key of a candidate canonical form: well-formed, not a nickname nor an
    acronym, fullest (a place: shortest), most frequent."""
    name = unit.name
    # A name in capitals is a dateline or a headline's ("GUAYAQUIL"), not how text names it.
    well_formed = name[:1].isupper() and not any(c.isdigit() for c in name) and \
        not (name.isupper() and len(name) > 3)
    parts = len(re.split(r"[\s\-]+", name))
    if entity_type == "LOC":  # "Russie" rather than "Fédération de Russie"
        return (well_formed, count, -parts)
    return (well_formed, not unit.alias, not is_acronym(name), parts, count)


def _canonical(group: list[Unit], entity_type: str, geo: Geo | None) -> str:
    counts: Counter[str] = Counter()
    best: dict[str, Unit] = {}
    for unit in group:
        counts[unit.name] += len(unit.mentions)
        best.setdefault(unit.name, unit)
    if entity_type == "LOC" and geo and geo.geonames_id is not None:
        info = place_info(geo.geonames_id)
        if info:
            for name in sorted(counts, key=lambda n: n.isupper()):  # "Guayaquil" first
                if fold(name) == fold(info[0]):
                    return name
    # Ties go to the alphabetically first form, so that input order never matters.
    ranked = sorted(counts, key=lambda n: (_form_quality(best[n], counts[n], entity_type), n))
    top = _form_quality(best[ranked[-1]], counts[ranked[-1]], entity_type)
    return min(n for n in ranked if _form_quality(best[n], counts[n], entity_type) == top)


def _entity_type(group: list[Unit]) -> str:
    """Type by vote; a personal name with any PER evidence is PER (spaCy often tags a
    known surname MISC); places the gazetteer knows are LOC."""
    votes = votes_of(group)
    classes = Counter(u.cls for u in group)
    if classes["place"] >= classes["person"] and classes["place"]:
        return "LOC"
    person = votes["PER"] or any(u.titled or u.name_part for u in group)
    if classes["person"] and person:
        return "PER"
    if classes["org"] > classes["other"]:
        return "ORG"
    ranked = sorted(("PER", "ORG", "LOC", "MISC"), key=lambda t: -votes[t])
    return ranked[0]


def _entity(group: list[Unit], country: str | None, languages: Mapping[str, str | None],
            homes: Mapping[str, str | None] | None = None,
            named: Mapping[str, set[str]] | None = None) -> Entity:
    entity_type = _entity_type(group)
    homes, named = homes or {}, named or {}
    geo, canonical = None, None
    if entity_type == "LOC":
        # A region named in a phrase and by its bare name is the region.
        regions = [u for u in group if region_core(u.name)]
        group_geo = regions or group
        # u.geo: the place its own document's name means (checked by _cluster_places).
        geos = [u.geo if u.cls == "place" else _other_geo(u, homes.get(u.doc, country), named)
                for u in group_geo]
        located = [g for g in geos if g is not None]
        geo = Counter(located).most_common(1)[0][0] if located else None
        canonical = _canonical(regions, entity_type, None) if regions else None
    canonical = canonical if entity_type == "LOC" and canonical else _canonical(
        group, entity_type, geo)
    mentions = sorted(
        {m for u in group for m in u.mentions}, key=lambda m: (m.doc, m.start, m.end, m.text)
    )
    forms = tuple(sorted({m.text for m in mentions}))
    entity_id = "ent_" + content_hash(f"{entity_type}|{canonical}")
    form_langs = {EntityForm(m.text, languages.get(m.doc)) for m in mentions}
    return Entity(entity_id, canonical, entity_type, forms, tuple(mentions), geo,
                  tuple(sorted(form_langs, key=_form_order)))


def _other_geo(unit: Unit, country: str | None, named: Mapping[str, set[str]]) -> Geo | None:
    """The place a name the classes did not call a place means, in a place entity."""
    geo = geocode(unit.name, country)
    ok = geo is not None and _trusted(unit, geo, country, named.get(unit.doc, set()))
    return geo if ok else None


def _form_order(form: EntityForm) -> tuple[str, str]:
    return (form.text, form.lang or "")


def _unique_ids(entities: list[Entity]) -> list[Entity]:
    """Two entities with one canonical name and type (an unresolved "Petrov" in two
    places) get ids that also hash their first mention."""
    seen = Counter(e.id for e in entities)
    out = []
    for entity in entities:
        if seen[entity.id] > 1 and entity.mentions:
            first = entity.mentions[0]
            suffix = f"{entity.type}|{entity.canonical}|{first.doc}:{first.start}"
            entity = replace(entity, id="ent_" + content_hash(suffix))
        out.append(entity)
    return out


def _country_of(units: Iterable[Unit], place: Callable[[Unit], bool]) -> str | None:
    return gazetteer_main_country([u.name for u in units if place(u) for _ in u.mentions])


def _named_a_place(unit: Unit) -> bool:
    return any(m.label in PLACE_LABELS for m in unit.mentions)


def _is_place_unit(unit: Unit) -> bool:
    return unit.cls == "place"


def _doc_countries(units: list[Unit], run_country: str | None,
                   place: Callable[[Unit], bool]) -> dict[str, str | None]:
    """Each document's own country: the one most of its places lie in, else the run's."""
    by_doc: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        by_doc[unit.doc].append(unit)
    return {doc: _country_of(members, place) or run_country for doc, members in by_doc.items()}


def doc_languages(mentions: Iterable[Mention], given: Mapping[str, str | None]
                  ) -> dict[str, str | None]:
    """Each document's language: as given, else detected from its mentions' sentences."""
    sentences: dict[str, dict[str, None]] = defaultdict(dict)
    for mention in mentions:
        if mention.doc not in given and mention.sentence:
            sentences[mention.doc][mention.sentence] = None
    found = dict(given)
    for doc, texts in sentences.items():
        found[doc] = detect_language(" ".join(texts))
    return found


def link_entities(mentions: list[Mention], main_country: str | None = None,
                  languages: Mapping[str, str | None] | None = None,
                  texts: Mapping[str, str] | None = None) -> list[Entity]:
    """Cluster the mentions of a whole run into canonical entities (see the module doc).

    ``main_country`` (ISO2) is the country the run is about; when None it is the country
    most place mentions lie in. ``languages`` gives each document's language (ISO 639-1),
    which each entity form keeps; a document it omits has the language its mentions'
    sentences read as. ``texts`` (document id → text, optional) lets the line that
    introduces a table of counts say what its rows are. Entities are sorted by type,
    canonical name and id.
    """
    units = build_units([widen_to_phrase(m) for m in drop_place_fragments(mentions)])
    # A first guess of each document's country, from what NER calls places, lets its
    # villages and divisions count.
    guess = main_country or _country_of(units, _named_a_place)
    _classify(units, _doc_countries(units, guess, _named_a_place))
    country = main_country or _country_of(units, _is_place_unit)
    countries = _doc_countries(units, country, _is_place_unit)
    clusters = Clusters(len(units))
    cluster_persons(units, clusters)
    named = _named_countries(units)
    _cluster_places(units, clusters, countries, texts, named)
    cluster_orgs(units, clusters, list(mentions), countries)
    link_concepts(units, clusters, countries)
    groups = [[units[i] for i in members] for members in clusters.groups().values()]
    langs = doc_languages(mentions, languages or {})
    entities = _unique_ids([_entity(group, country, langs, countries, named)
                            for group in groups])
    return sorted(entities, key=lambda e: (e.type, fold(e.canonical), e.canonical, e.id))


# ---------------------------------------------------------------- lookups and scoring


_ORG_COUNTRY_TAIL = re.compile(
    r"^(?P<body>.+?\S)\s+(?:du|de la|de l['’]|des)\s*(?P<tail>[A-ZÉ][\w-]+)$"
)


def short_forms(entity: Entity) -> set[str]:
    """Shorter names an entity also goes by, derived from its forms.

    "M. Tokaev" is also "Tokaev"; "province occidentale de Mangistau" is also
    "Mangistau"; "ministère de l'Intérieur du Kazakhstan" is also "ministère de
    l'Intérieur". Users search for these; the report lists them with the forms.
    """
    out: set[str] = set()
    for form in entity.forms:
        if entity.type == "PER":
            name, _role, _courtesy = strip_title(form)
            if name and name != form:
                out.add(name)
        elif entity.type == "LOC" and (town := city_core(form)):
            out.add(town)
        elif entity.type == "LOC":
            core = region_core(form)
            if core:
                # The name is at the end in "province de X", at the start in "X province".
                words, size = re.split(r"[\s'’]+", form), len(core.split())
                ends = (" ".join(words[-size:]), " ".join(words[:size]))
                out.add(next((w for w in ends if fold(w) == core), ends[0]))
        elif entity.type == "ORG":
            match = _ORG_COUNTRY_TAIL.match(form)
            if match and geocode(match["tail"]) is not None and len(match["body"].split()) >= 2:
                out.add(match["body"])
    return out - set(entity.forms)


def with_short_forms(entities: Sequence[Entity]) -> list[Entity]:
    """The entities with :func:`short_forms` added to their forms, except a short form
    that another entity is written as ("Valence" of "province de Valence" where the city
    of Valence is named too)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for form in entity.forms:
            owners[fold(form)].add(entity.id)
    out = []
    for entity in entities:
        extra = {form for form in short_forms(entity)
                 if owners.get(fold(form), {entity.id}) <= {entity.id}}
        # A short form is in the languages of the forms it is cut from.
        langs = {EntityForm(form, f.lang) for form in extra for f in entity.form_langs
                 if form in f.text}
        out.append(replace(entity, forms=tuple(sorted(set(entity.forms) | extra)),
                           form_langs=tuple(sorted(set(entity.form_langs) | langs,
                                                   key=_form_order))))
    return out
