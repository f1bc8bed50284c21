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

from rapidfuzz import fuzz

from recoupe.link.bodies import cluster_orgs, initials, is_known_body, link_concepts
from recoupe.link.gazetteer import (
    city_core,
    division_has_type,
    division_hint,
    fold,
    geocode,
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
from recoupe.link.places import PLACE_LABELS, listed_division
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
            _gazetteer_says_place(name, votes, home) for home in homes):
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


def _gazetteer_says_place(name: str, votes: Counter[str], country: str | None) -> bool:
    """A known place, unless NER mostly calls it a person and it is neither a division
    nor a large city nor a town of the document's own country: spaCy tags "Alma-Ata" and
    "Al-Haouz" PER, but "Asov" said by a prosecutor is not the town of Azov abroad."""
    if not is_place(name, country):
        return False
    if votes["PER"] * 2 <= sum(votes.values()):
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
                    countries: dict[str, str | None]) -> None:
    """Places are one when the gazetteer gives them one id, whatever the language
    ("Moscou", "Moscow"; "province d'Al-Haouz", "Al Haouz"); a region phrase joins the
    bare name when that name is only a small town ("province de Mangistau", "Mangistau").
    Each name is geocoded with its own document's country ("Valence")."""
    idx = [i for i, u in enumerate(units) if u.cls == "place"]
    keys: dict[int, tuple] = {}
    regions: dict[str, tuple[tuple, str | None]] = {}  # core name → (key, country)
    for i in idx:
        unit = units[i]
        unit.geo = geo = _listed_geo(unit, countries.get(unit.doc)) or geocode(
            unit.name, countries.get(unit.doc))
        core = region_core(unit.name)
        if geo is not None and geo.geonames_id is not None:
            key: tuple = ("id", geo.geonames_id)
        elif core is not None:
            key = ("region", geo.country, geo.admin1) if geo else ("region", translit_key(core))
        else:
            key = ("name", unit.tkey)
        if core is not None:
            regions[core] = (key, geo.country if geo else None)
        keys[i] = key
    for i in idx:
        if _joins_region(units[i], regions.get(units[i].key)):
            keys[i] = regions[units[i].key][0]
    union_by(keys, clusters)


def _listed_geo(unit: Unit, country: str | None) -> Geo | None:
    """The division a bare name stands for in a list of divisions ("the provinces of
    Azilal and Tinghir"), or None."""
    for mention in unit.mentions:
        head = listed_division(unit.name, mention.sentence) if mention.sentence else None
        if head and region_core(unit.name) is None:
            geo = geocode(f"{head} de {unit.name}", country)
            # The division of that name, not the one a town of that name lies in.
            named = geo is not None and geo.name is not None and fuzz.ratio(
                translit_key(geo.name), unit.tkey) >= LISTED_NAME_MIN
            return geo if named and geo and geo.feature in ("admin1", "admin2") else None
    return None


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


def _entity(group: list[Unit], country: str | None, languages: Mapping[str, str | None]
            ) -> Entity:
    entity_type = _entity_type(group)
    geo, canonical = None, None
    if entity_type == "LOC":
        # A region named in a phrase and by its bare name is the region.
        regions = [u for u in group if region_core(u.name)]
        group_geo = regions or group
        geos = [u.geo or geocode(u.name, country) for u in group_geo]  # u.geo: own doc's
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
                  languages: Mapping[str, str | None] | None = None) -> list[Entity]:
    """Cluster the mentions of a whole run into canonical entities (see the module doc).

    ``main_country`` (ISO2) is the country the run is about; when None it is the country
    most place mentions lie in. ``languages`` gives each document's language (ISO 639-1),
    which each entity form keeps; a document it omits has the language its mentions'
    sentences read as. Entities are sorted by type, canonical name and id.
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
    _cluster_places(units, clusters, countries)
    cluster_orgs(units, clusters, list(mentions), countries)
    link_concepts(units, clusters, countries)
    groups = [[units[i] for i in members] for members in clusters.groups().values()]
    langs = doc_languages(mentions, languages or {})
    entities = _unique_ids([_entity(group, country, langs) for group in groups])
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
