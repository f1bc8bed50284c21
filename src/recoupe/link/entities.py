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

Candidate pairs are only compared within blocks (same surname letters, same head
noun), so runs with thousands of distinct forms stay fast.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

import jellyfish
from rapidfuzz import fuzz, process

from recoupe.link.gazetteer import (
    country_of_adjective,
    fold,
    geocode,
    is_place,
    place_info,
    region_core,
    translit_key,
)
from recoupe.link.gazetteer import (
    main_country as gazetteer_main_country,
)
from recoupe.records import Entity, Geo, Mention, content_hash

# Two full names are one person when their surnames score at least this (rapidfuzz ratio
# on transliteration keys) and their first names are compatible.
SURNAME_MIN = 88
GIVEN_MIN = 80
# A short form links to a full name's surname from this score (Tokaev → Tokayev is 100).
SHORT_MIN = 90
# A garbled form ("Asov", "Tokarev") links to a name of its own document from this score,
# when it leads the next candidate by GARBLED_MARGIN; with agreeing roles, from ROLE_MIN.
GARBLED_MIN = 75
GARBLED_MARGIN = 8
FIRST_LETTER_BONUS = 10.0
ROLE_MIN = 60
# A town this large is meant by its bare name even where "région de X" is also named.
REGION_TOWN_MAX = 100_000


def _words(text: str) -> frozenset[str]:
    """A word list written as one string: easier to read and extend."""
    return frozenset(text.split())


# Words that open a title or role before a name; stripped from the name, kept as role.
TITLE_WORDS = _words(
    """m mm mme mmes mlle mlles mr mrs ms dr pr me st monsieur messieurs madame mesdames
    mademoiselle sir lord dame le la les l un une du de des d au aux president
    presidente vice premier premiere ministre ministres procureur procureure general
    generale chef cheffe porte parole secretaire colonel commandant capitaine lieutenant
    sergent marechal amiral juge maire gouverneur gouverneure senateur senatrice depute
    deputee ancien ancienne ex nouveau nouvelle defunt defunte feu opposant opposante
    dirigeant dirigeante leader roi reine prince princesse emir pape patriarche
    ayatollah imam cheikh general directeur directrice patron patronne chancelier
    chanceliere homologue ambassadeur ambassadrice envoye special speciale adjoint
    adjointe delegue deleguee haut haute commissaire responsable representant
    representante conseiller conseillere en et"""
)
# Courtesy titles: a mention that carries one names a person.
PERSON_TITLES = _words(
    """m mm mme mmes mlle mlles mr mrs ms dr pr monsieur madame mademoiselle"""
)
# Capitalised words inside a role phrase ("ministre de la Défense", "des Affaires
# étrangères"): part of the role, not of the name that follows it.
ROLE_DOMAINS = _words(
    """defense interieur affaires etrangeres exterieures justice sante economie finances
    budget education culture travail emploi agriculture environnement transports energie
    industrie commerce sports armees situations urgence urgences securite nationale
    communication information numerique logement famille solidarites immigration
    gouvernement conseil assemblee senat parlement cour etat republique nations unies
    chambre douma presse etat republique"""
)
# Name particles that may stay lower-case inside a personal name.
PARTICLES = _words(
    """de du des la le van von der den ter al el ben bin ibn da dos di y e"""
)
# Head nouns of institutions ("ministère de l'Intérieur"): such a phrase is an organisation.
ORG_HEADS = _words(
    """ministere ministeres organisation organisations comite conseil bureau agence service
    services parquet direction office gouvernement parlement cour tribunal commission
    fondation federation union alliance association syndicat parti mouvement front armee
    police gendarmerie garde croix croissant banque fonds programme haut administration
    secretariat cabinet institut observatoire"""
)
# Heads that only wrap an office: "bureau du procureur général" is the prosecutor's office.
WRAPPER_HEADS = _words(
    """bureau cabinet services service secretariat administration"""
)
STOPWORDS = _words(
    """de du des la le les l d et en a au aux pour sur par dans un une"""
)
# "du pays" names the run's own country.
OWN_COUNTRY = frozenset(("pays", "republique"))

_NAME_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-.]*$")
_ACRONYM = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ0-9&.\-]{1,9}$")
_ALIAS_BETWEEN = re.compile(
    r"\s*,?\s*(?:(?:qui est\s+)?connue?s?\s+)?(?:sous le (?:nom|surnom|pseudonyme) d[e']\s*"
    r"|surnommée?s?|dite?s?|alias|appelée?s?)\s*[«“\"]?\s*"
    r"(?:[A-ZÀ-Þ][\w'-]*(?:\s+[A-ZÀ-Þ][\w'-]*)*\s*\(\s*)?$"
)
_ARTICLE = re.compile(r"^(?:les?|la|l['’])\s*", re.IGNORECASE)
_PAREN_BETWEEN = re.compile(r"\s*[«“\"]?\s*\(\s*$")


# ---------------------------------------------------------------- units


@dataclass
class _Unit:
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
        context = in_role and (country_of_adjective(raw) is not None or _is_country(raw))
        if not (title or context):
            break
        courtesy = courtesy or parts[0] in PERSON_TITLES
        in_role = in_role or any(p not in STOPWORDS for p in parts)
        index += 1
    name = " ".join(words[index:]).strip(" ,;:")
    return name, " ".join(words[:index]), courtesy


def _is_country(word: str) -> bool:
    geo = geocode(word.strip(",;"), None, False) if word[:1].isupper() else None
    return geo is not None and geo.feature == "country"


def _is_name_like(name: str) -> bool:
    """Capitalised words (particles allowed), letters only: a personal name's shape."""
    words = name.split()
    if not words or _is_acronym(name):
        return False
    if not all(_NAME_TOKEN.match(w) or fold(w) in PARTICLES for w in words):
        return False
    if any(ch.isdigit() for ch in name):
        return False
    # Dots only in initials ("A. Navalny").
    return all("." not in w or re.fullmatch(r"[A-Z]\.", w) for w in words)


def _is_acronym(name: str) -> bool:
    return bool(_ACRONYM.match(name)) and sum(c.isupper() for c in name) >= 2


def split_country_prefix(mention: Mention) -> list[Mention]:
    """"Kazakhstan Kassym-Jomart Tokayev" (a country then a name, one span from NER)
    becomes two mentions; any other mention is returned as is."""
    words = mention.text.split(" ")
    for size in (1, 2, 3):
        head, rest = " ".join(words[:size]), " ".join(words[size:])
        if not rest or not _is_name_like(rest) or not _is_country(head):
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


def _build_units(mentions: Iterable[Mention]) -> list[_Unit]:
    units: dict[tuple[str, str, str], _Unit] = {}
    for mention in (part for m in mentions for part in split_country_prefix(m)):
        text = mention.text.strip()
        name, role, courtesy = strip_title(text)
        if not name:  # a bare role ("le ministre de la Défense") keeps its words
            name = _ARTICLE.sub("", text)
        elif all(w in ("le", "la", "les", "l") for w in fold(role).split()) and is_place(text):
            name = text  # "Le Caire", "La Haye": the article belongs to the name
        key = fold(name)
        if not key:
            continue
        # One surname said of two ministers in one document ("le ministre de la Défense
        # Petrov", "le ministre de l'Intérieur Petrov") stays two units.
        roles = fold(f"{role} {mention.role or ''}").split()
        domain = " ".join(sorted(set(roles) & ROLE_DOMAINS)) if " " not in key else ""
        unit = units.setdefault((mention.doc, key, domain), _Unit(mention.doc, name, key))
        unit.mentions.append(mention)
        unit.titled = unit.titled or courtesy
        for words in (role, mention.role):
            if words:
                unit.roles.add(fold(words))
    return sorted(units.values(), key=lambda u: (u.doc, u.key))


# ---------------------------------------------------------------- classes


def _votes(units: list[_Unit]) -> Counter[str]:
    return Counter(m.label for u in units for m in u.mentions)


def _org_head(key: str) -> str | None:
    first = key.split()[0] if key else ""
    return first if first in ORG_HEADS else None


def _classify(units: list[_Unit]) -> None:
    """Set each unit's class from label votes across the run and the gazetteer."""
    by_key: dict[str, list[_Unit]] = defaultdict(list)
    for unit in units:
        by_key[unit.key].append(unit)
    # Tokens of multi-word personal names: "Kassym" or "Masimov" is never a town here.
    name_tokens = {
        token
        for key, group in by_key.items()
        if len(key.split()) > 1 and _votes(group)["PER"] and _is_name_like(group[0].name)
        for token in key.split()
    }
    for key, group in by_key.items():
        votes, name = _votes(group), group[0].name
        titled = any(u.titled for u in group)
        if _is_country(name) or region_core(name):
            cls = "place"
        elif _org_head(key) or _is_acronym(name):
            cls = "org"
        elif not titled and key not in name_tokens and _gazetteer_says_place(name, votes):
            cls = "place"
        elif _is_name_like(name) and (votes["PER"] or titled or votes["MISC"] or votes["LOC"]):
            cls = "person"
        elif votes["ORG"] >= max(votes["LOC"], votes["MISC"], votes["PER"]):
            cls = "org"
        else:
            cls = "other"
        for unit in group:
            unit.cls = cls
            unit.name_part = key in name_tokens


def _gazetteer_says_place(name: str, votes: Counter[str]) -> bool:
    """A known place, unless NER mostly calls it a person and it is no large city: spaCy
    tags "Alma-Ata" PER, but "Asov" said by a prosecutor is not the small town of Azov."""
    if not is_place(name):
        return False
    if votes["PER"] * 2 <= sum(votes.values()):
        return True
    geo = geocode(name, None, False)
    if geo is None or geo.geonames_id is None:
        return False
    info = place_info(geo.geonames_id)
    return geo.feature == "country" or (info is not None and info[1] >= REGION_TOWN_MAX)


# ---------------------------------------------------------------- union-find


class _Clusters:
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


# ---------------------------------------------------------------- persons


def _name_parts(unit: _Unit) -> list[str]:
    return unit.parts


@lru_cache(maxsize=65536)
def _metaphone(key: str) -> str:
    return jellyfish.metaphone(key)


def name_score(a: str, b: str) -> float:
    """Similarity of two name keys (0–100): fuzzy ratio, raised when they sound alike."""
    score = fuzz.ratio(a, b)
    if a[:1] != b[:1] and {a[:1], b[:1]} == {"k", "j"}:
        # A Turkish "c" (= dj) read as a French "c" (= k): Cumabayev, Jumabayev.
        score = max(score, fuzz.ratio(a[1:], b[1:]))
    if len(a) >= 4 and len(b) >= 4 and _metaphone(a) == _metaphone(b):
        # Enough to join two full names, not enough to link a bare surname.
        score = max(score, float(SURNAME_MIN))
    return score


def _given_compatible(a: list[str], b: list[str]) -> bool:
    """First names agree: same first one, initials, or close as a whole (Kasım Cömert)."""
    if not a or not b:
        return True
    if a[0] == b[0]:
        return True
    if len(a[0]) == 1 or len(b[0]) == 1:  # "K. Tokayev"
        return a[0][0] == b[0][0]
    return name_score("".join(a), "".join(b)) >= GIVEN_MIN


def _same_person(a: list[str], b: list[str]) -> bool:
    return name_score(a[-1], b[-1]) >= SURNAME_MIN and _given_compatible(a[:-1], b[:-1])


def _blocks(parts: list[str]) -> set[str]:
    """Blocking keys of a full name: letters of its surname, skipping a first letter that
    transliterations disagree on (Jumageldiyev / Cumageldiyev)."""
    surname = parts[-1]
    return {"a" + surname[:2], "b" + surname[1:3]}


def _link_full_names(units: list[_Unit], idx: list[int], clusters: _Clusters) -> None:
    # One name written alike in many documents is one person (_same_person of a name and
    # itself holds): join those first, then compare one unit per distinct spelling, so
    # that a name repeated in thousands of articles costs no more than one.
    spellings: dict[tuple[str, ...], int] = {}
    for i in idx:
        first = spellings.setdefault(tuple(_name_parts(units[i])), i)
        clusters.union(first, i)
    blocks: dict[str, list[int]] = defaultdict(list)
    for i in spellings.values():
        for block in _blocks(_name_parts(units[i])):
            blocks[block].append(i)
    for members in blocks.values():
        for pos, i in enumerate(members):
            for j in members[pos + 1:]:
                if clusters.find(i) != clusters.find(j) and _same_person(
                    _name_parts(units[i]), _name_parts(units[j])
                ):
                    clusters.union(i, j)


def _role_words(roles: Iterable[str]) -> set[str]:
    words = {w for role in roles for w in role.split()}
    return {w for w in words if w not in STOPWORDS and w not in {"ancien", "ancienne", "ex"}}


def _roles_agree(a: Iterable[str], b: Iterable[str]) -> bool:
    """Roles agree when they share a distinctive word and no ministry domain differs."""
    wa, wb = _role_words(a), _role_words(b)
    if not wa or not wb:
        return False
    da, db = wa & ROLE_DOMAINS, wb & ROLE_DOMAINS
    if da and db and not da & db:
        return False
    return bool(wa & wb)


@dataclass
class _ClusterFacts:
    """Documents and roles of the full-name clusters, for choosing among them."""

    docs: dict[int, set[str]]
    roles: dict[int, set[str]]


def _facts(units: list[_Unit], idx: list[int], clusters: _Clusters) -> _ClusterFacts:
    docs: dict[int, set[str]] = defaultdict(set)
    roles: dict[int, set[str]] = defaultdict(set)
    for i in idx:
        root = clusters.find(i)
        docs[root].add(units[i].doc)
        roles[root].update(units[i].roles)
    return _ClusterFacts(docs, roles)


def _pick(unit: _Unit, candidates: set[int], facts: _ClusterFacts) -> int | None:
    """One cluster among candidates: the only one, the only one in the unit's document,
    or the only one whose roles agree with the unit's; else None (do not guess)."""
    if len(candidates) == 1:
        return next(iter(candidates))
    same_doc = {c for c in candidates if unit.doc in facts.docs[c]}
    if len(same_doc) == 1:
        return next(iter(same_doc))
    agreeing = {c for c in (same_doc or candidates) if _roles_agree(unit.roles, facts.roles[c])}
    return next(iter(agreeing)) if len(agreeing) == 1 else None


def _close_surnames(word: str, surnames: list[str], by_surname: dict) -> list[str]:
    """Surnames a one-word name may be: the same key, else close ones (C-speed search)."""
    if word in by_surname:
        return [word]
    found = process.extract(word, surnames, scorer=fuzz.ratio, score_cutoff=SHORT_MIN - 15,
                            limit=None)
    return [s for s, _, _ in found if name_score(word, s) >= SHORT_MIN]


def _link_short_forms(units: list[_Unit], idx: list[int], clusters: _Clusters) -> list[int]:
    """Link one-word names to the full name whose surname they are; return the rest."""
    full = [i for i in idx if len(_name_parts(units[i])) > 1]
    by_surname: dict[str, list[int]] = defaultdict(list)
    seen: set[tuple[str, int]] = set()
    for i in full:
        # One unit per cluster and surname: members of a cluster always share its root,
        # so the candidates below are the same, found without walking every copy.
        surname = _name_parts(units[i])[-1]
        if (surname, clusters.find(i)) not in seen:
            seen.add((surname, clusters.find(i)))
            by_surname[surname].append(i)
    surnames = sorted(by_surname)
    facts = _facts(units, full, clusters)
    left = []
    for i in idx:
        parts = _name_parts(units[i])
        if len(parts) != 1:
            continue
        close = _close_surnames(parts[0], surnames, by_surname)
        candidates = {clusters.find(j) for s in close for j in by_surname[s]}
        chosen = _pick(units[i], candidates, facts) if candidates else None
        if chosen is not None:
            clusters.union(i, chosen)
        elif not candidates:
            left.append(i)
    return left


def _link_garbled(units: list[_Unit], left: list[int], idx: list[int],
                  clusters: _Clusters) -> None:
    """Join a one-word name that matches no surname to the closest name of its document
    ("Asov" → "Berik Asilov") when it clearly leads, or when their roles agree."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i in idx:
        by_doc[units[i].doc].append(i)
    groups = clusters.groups()
    roles_of: dict[int, set[str]] = {}  # a cluster's roles, gathered once per cluster
    for i in left:
        unit, word = units[i], _name_parts(units[i])[0]
        scores: dict[int, float] = {}
        for j in by_doc[unit.doc]:
            root = clusters.find(j)
            if j == i or root == clusters.find(i) or len(_name_parts(units[j])) < 2:
                continue
            surname = _name_parts(units[j])[-1]
            # A slip keeps a name's first letter ("Asov" for Asilov, not for Masimov).
            bonus = FIRST_LETTER_BONUS if surname[:1] == word[:1] else 0.0
            scores[root] = max(scores.get(root, 0.0), name_score(word, surname) + bonus)
        if not scores:
            continue
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        best, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        surname = _name_parts(units[groups[best][0]])[-1] if groups.get(best) else ""
        if best not in roles_of:
            roles_of[best] = {r for k in groups.get(best, []) for r in units[k].roles}
        roles = roles_of[best]
        clear = score >= GARBLED_MIN + FIRST_LETTER_BONUS and score - runner_up >= GARBLED_MARGIN
        clear = clear and word[:1] == (surname[:1] or word[:1])
        agreed = score >= ROLE_MIN and _roles_agree(unit.roles, roles)
        if clear or agreed:
            clusters.union(i, best)


def _merge_same_key(units: list[_Unit], idx: list[int], clusters: _Clusters) -> None:
    """One-word names left alone (no full name, or an ambiguous one) are one name across
    documents when their transliteration keys agree; a linked one is never merged on."""
    sizes = Counter(clusters.find(i) for i in range(len(units)))
    by_key: dict[str, list[int]] = defaultdict(list)
    for i in idx:
        if sizes[clusters.find(i)] == 1:
            by_key[units[i].tkey].append(i)
    for members in by_key.values():
        for i in members[1:]:
            clusters.union(members[0], i)


def _link_aliases(units: list[_Unit], idx: list[int], clusters: _Clusters) -> None:
    """"A, connu sous le nom de « B »", "A, dit B", "B (C)": one person."""
    by_sentence: dict[tuple[str, str], list[tuple[Mention, int]]] = defaultdict(list)
    for i in idx:
        for mention in units[i].mentions:
            if mention.sentence:
                by_sentence[(mention.doc, mention.sentence)].append((mention, i))
    for (_, sentence), items in by_sentence.items():
        items.sort(key=lambda item: item[0].start)
        for (first, i), (second, j) in zip(items, items[1:], strict=False):
            start = sentence.find(first.text)
            end = sentence.find(second.text, start + len(first.text))
            if start < 0 or end < 0:
                continue
            between = sentence[start + len(first.text):end]
            if _ALIAS_BETWEEN.match(between) or _PAREN_BETWEEN.match(between):
                clusters.union(i, j)
                units[j].alias = True


def _cluster_persons(units: list[_Unit], clusters: _Clusters) -> None:
    idx = [i for i, u in enumerate(units) if u.cls == "person"]
    full = [i for i in idx if len(_name_parts(units[i])) > 1]
    _link_full_names(units, full, clusters)
    _link_aliases(units, idx, clusters)
    left = _link_short_forms(units, idx, clusters)
    _link_garbled(units, left, idx, clusters)
    _merge_same_key(units, [i for i in idx if len(_name_parts(units[i])) == 1], clusters)


# ---------------------------------------------------------------- places


def _cluster_places(units: list[_Unit], clusters: _Clusters, country: str | None) -> None:
    """Places are one when the gazetteer gives them one id; a region phrase joins the
    bare name when that name is not a large town ("province de Mangistau", "Mangistau")."""
    idx = [i for i, u in enumerate(units) if u.cls == "place"]
    keys: dict[int, tuple] = {}
    regions: dict[str, tuple] = {}
    for i in idx:
        unit = units[i]
        unit.geo = geocode(unit.name, country)
        core = region_core(unit.name)
        if core is not None:
            geo = unit.geo
            key = ("region", geo.country, geo.admin1) if geo else ("region", translit_key(core))
            regions[core] = key
        elif unit.geo and unit.geo.geonames_id is not None:
            key = ("id", unit.geo.geonames_id)
        else:
            key = ("name", unit.tkey)
        keys[i] = key
    for i in idx:
        unit = units[i]
        if unit.key in regions and keys[i][0] == "id":
            info = place_info(keys[i][1])
            if info is None or info[1] < REGION_TOWN_MAX:
                keys[i] = regions[unit.key]
    _union_by(keys, clusters)


def _union_by(keys: dict[int, tuple], clusters: _Clusters) -> None:
    first: dict[tuple, int] = {}
    for i, key in sorted(keys.items()):
        if key in first:
            clusters.union(i, first[key])
        else:
            first[key] = i


# ---------------------------------------------------------------- organisations


def initials(name: str) -> str:
    """Initials of the content words: "Organisation du traité de sécurité collective" →
    "OTSC"."""
    words = [w for w in fold(name).split() if w not in STOPWORDS]
    return "".join(w[0] for w in words).upper()


def _acronym_definitions(mentions: Iterable[Mention]) -> dict[str, Counter[str]]:
    """Acronym → folded expansions, from "X (ACR)" and "ACR (X)" in the run's sentences."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        if not mention.sentence or len(mention.text.split()) < 2:
            continue
        text = re.escape(mention.text.strip())
        after = re.search(text + r"\s*\(\s*([A-ZÀ-Þ][\w.&-]{1,9})\s*\)", mention.sentence)
        before = re.search(r"\b([A-ZÀ-Þ][\w.&-]{1,9})\s*\(\s*" + text + r"\s*\)",
                           mention.sentence)
        for match in (after, before):
            if match and _is_acronym(match.group(1)):
                found[fold(match.group(1))][fold(mention.text)] += 1
    return found


def _org_key(unit: _Unit, country: str | None) -> tuple[str, str, str | None] | None:
    """(head, domain, country) of an institution phrase, or None.

    "ministère kazakh de l'Intérieur" and "ministère de l'Intérieur du Kazakhstan" are
    ("ministere", "interieur", "KZ"); "bureau du procureur général du pays" and the
    bare role "procureur général" are ("", "procureur general", own country).
    """
    words = [w for w in unit.key.split() if w not in STOPWORDS]
    if not words:
        return None
    head = words[0] if words[0] in ORG_HEADS else ""
    rest = words[1:] if head else words
    wrapped = head in WRAPPER_HEADS and bool(rest)
    if wrapped:
        head = ""
    nation: str | None = None
    domain = []
    for word in rest:
        code = country_of_adjective(word)
        geo = None if code else geocode(word, None, False)
        if code or (geo and geo.feature == "country"):
            nation = code or (geo.country if geo else None)
        elif word in OWN_COUNTRY:
            nation = country
        else:
            domain.append(word)
    if not domain or not (head or wrapped or unit.roles or _is_role_phrase(unit)):
        return None
    return head, " ".join(domain), nation


def _is_role_phrase(unit: _Unit) -> bool:
    """A name made only of role words ("procureur général"): an office."""
    return all(w in TITLE_WORDS or w in ROLE_DOMAINS for w in unit.key.split())


def _cluster_orgs(units: list[_Unit], clusters: _Clusters, mentions: list[Mention],
                  country: str | None) -> None:
    idx = [i for i, u in enumerate(units) if u.cls in ("org", "other")]
    _union_by({i: (units[i].cls, units[i].key) for i in idx}, clusters)
    _link_paraphrases(units, [i for i in idx if units[i].cls == "org"], clusters, country)
    _link_acronyms(units, idx, clusters, mentions)


def _link_paraphrases(units: list[_Unit], idx: list[int], clusters: _Clusters,
                      country: str | None) -> None:
    """One institution under several phrasings; a phrase that names no country joins the
    one country's institution only when no other country's is named in the run."""
    by_head: dict[tuple[str, str], dict[str | None, list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for i in idx:
        key = _org_key(units[i], country)
        if key:
            by_head[key[:2]][key[2]].append(i)
    for variants in by_head.values():
        for members in variants.values():
            for i in members[1:]:
                clusters.union(members[0], i)
        named = [c for c in variants if c is not None]
        if None in variants and len(named) == 1:
            clusters.union(variants[None][0], variants[named[0]][0])


def _link_acronyms(units: list[_Unit], idx: list[int], clusters: _Clusters,
                   mentions: list[Mention]) -> None:
    definitions = _acronym_definitions(mentions)
    by_key: dict[str, list[int]] = defaultdict(list)
    by_initials: dict[str, set[str]] = defaultdict(set)
    for i in idx:
        by_key[units[i].key].append(i)
        if len(units[i].key.split()) >= 2:
            by_initials[initials(units[i].name)].add(units[i].key)
    for i in idx:
        unit = units[i]
        if not _is_acronym(unit.name):
            continue
        defined = definitions.get(unit.key)
        if defined:
            expansion = min(defined, key=lambda k: (-defined[k], k))
        elif len(by_initials.get(unit.name.upper().replace(".", ""), ())) == 1:
            expansion = next(iter(by_initials[unit.name.upper().replace(".", "")]))
        else:
            continue
        if by_key.get(expansion):
            clusters.union(i, by_key[expansion][0])


# ---------------------------------------------------------------- entities


def _form_quality(unit: _Unit, count: int, entity_type: str) -> tuple:
    """Sort key of a candidate canonical form: well-formed, not a nickname nor an
    acronym, fullest (a place: shortest), most frequent."""
    name = unit.name
    well_formed = name[:1].isupper() and not any(c.isdigit() for c in name)
    parts = len(re.split(r"[\s\-]+", name))
    if entity_type == "LOC":  # "Russie" rather than "Fédération de Russie"
        return (well_formed, count, -parts)
    return (well_formed, not unit.alias, not _is_acronym(name), parts, count)


def _canonical(group: list[_Unit], entity_type: str, geo: Geo | None) -> str:
    counts: Counter[str] = Counter()
    best: dict[str, _Unit] = {}
    for unit in group:
        counts[unit.name] += len(unit.mentions)
        best.setdefault(unit.name, unit)
    if entity_type == "LOC" and geo and geo.geonames_id is not None:
        info = place_info(geo.geonames_id)
        if info:
            for name in counts:
                if fold(name) == fold(info[0]):
                    return name
    # Ties go to the alphabetically first form, so that input order never matters.
    ranked = sorted(counts, key=lambda n: (_form_quality(best[n], counts[n], entity_type), n))
    top = _form_quality(best[ranked[-1]], counts[ranked[-1]], entity_type)
    return min(n for n in ranked if _form_quality(best[n], counts[n], entity_type) == top)


def _entity_type(group: list[_Unit]) -> str:
    """Type by vote; a personal name with any PER evidence is PER (spaCy often tags a
    known surname MISC); places the gazetteer knows are LOC."""
    votes = _votes(group)
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


def _entity(group: list[_Unit], country: str | None) -> Entity:
    entity_type = _entity_type(group)
    geo, canonical = None, None
    if entity_type == "LOC":
        # A region named in a phrase and by its bare name is the region.
        regions = [u for u in group if region_core(u.name)]
        group_geo = regions or group
        geos = [u.geo or geocode(u.name, country) for u in group_geo]
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
    return Entity(entity_id, canonical, entity_type, forms, tuple(mentions), geo)


def _unique_ids(entities: list[Entity]) -> list[Entity]:
    """Two entities with one canonical name and type (an unresolved "Petrov" in two
    places) get ids that also hash their first mention."""
    seen = Counter(e.id for e in entities)
    out = []
    for entity in entities:
        if seen[entity.id] > 1 and entity.mentions:
            first = entity.mentions[0]
            suffix = f"{entity.type}|{entity.canonical}|{first.doc}:{first.start}"
            entity = Entity("ent_" + content_hash(suffix), entity.canonical, entity.type,
                            entity.forms, entity.mentions, entity.geo)
        out.append(entity)
    return out


def _run_country(units: list[_Unit]) -> str | None:
    names = [u.name for u in units if u.cls == "place" for _ in u.mentions]
    return gazetteer_main_country(names)


def link_entities(mentions: list[Mention], main_country: str | None = None) -> list[Entity]:
    """Cluster the mentions of a whole run into canonical entities (see the module doc).

    ``main_country`` (ISO2) is the country the run is about; when None it is the country
    most place mentions lie in. Entities are sorted by type, canonical name and id.
    """
    units = _build_units(mentions)
    _classify(units)
    country = main_country or _run_country(units)
    clusters = _Clusters(len(units))
    _cluster_persons(units, clusters)
    _cluster_places(units, clusters, country)
    _cluster_orgs(units, clusters, list(mentions), country)
    groups = [[units[i] for i in members] for members in clusters.groups().values()]
    entities = _unique_ids([_entity(group, country) for group in groups])
    return sorted(entities, key=lambda e: (e.type, fold(e.canonical), e.canonical, e.id))


# ---------------------------------------------------------------- lookups and scoring


def entity_index(entities: Iterable[Entity]) -> dict[tuple[str, int, int] | str, Entity]:
    """Where to find an entity: by mention span ``(doc, start, end)``, by id, and by the
    folded text of a canonical name or form when only one entity has it.

    Claims use it to fill their source and place slots with entity ids.
    """
    index: dict[tuple[str, int, int] | str, Entity] = {}
    names: dict[str, set[str]] = defaultdict(set)
    by_id: dict[str, Entity] = {}
    for entity in entities:
        by_id[entity.id] = entity
        index[entity.id] = entity
        for mention in entity.mentions:
            index[(mention.doc, mention.start, mention.end)] = entity
        for text in (entity.canonical, *entity.forms):
            names[fold(text)].add(entity.id)
            stripped = strip_title(text)[0]
            if stripped:
                names[fold(stripped)].add(entity.id)
    for name, ids in names.items():
        if len(ids) == 1 and name not in index:
            index[name] = by_id[next(iter(ids))]
    return index


def find_entity(
    index: dict[tuple[str, int, int] | str, Entity], doc: str, start: int, end: int, text: str
) -> Entity | None:
    """The entity of a slot: its exact span, else a mention inside it, else its name."""
    found = index.get((doc, start, end))
    if found:
        return found
    for key, entity in index.items():
        if isinstance(key, tuple) and key[0] == doc and start <= key[1] and key[2] <= end:
            return entity
    return index.get(fold(strip_title(text)[0] or text))


def bcubed(
    gold_clusters: Iterable[Iterable[object]], predicted_clusters: Iterable[Iterable[object]]
) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering, over the gold clusters' items.

    An item the prediction does not place counts as a predicted singleton; predicted
    items absent from the gold are ignored.
    """
    gold_of: dict[object, int] = {}
    for number, cluster in enumerate(gold_clusters):
        for item in cluster:
            gold_of[item] = number
    pred_of: dict[object, object] = {}
    for number, cluster in enumerate(predicted_clusters):
        for item in cluster:
            if item in gold_of:
                pred_of[item] = number
    for item in gold_of:
        pred_of.setdefault(item, ("singleton", item))
    gold_members: dict[int, set[object]] = defaultdict(set)
    pred_members: dict[object, set[object]] = defaultdict(set)
    for item in gold_of:
        gold_members[gold_of[item]].add(item)
        pred_members[pred_of[item]].add(item)
    if not gold_of:
        return 1.0, 1.0, 1.0
    precision = recall = 0.0
    for item in gold_of:
        gold, pred = gold_members[gold_of[item]], pred_members[pred_of[item]]
        overlap = len(gold & pred)
        precision += overlap / len(pred)
        recall += overlap / len(gold)
    precision, recall = precision / len(gold_of), recall / len(gold_of)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


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
        elif entity.type == "LOC":
            core = region_core(form)
            if core:
                words = form.split()[-len(core.split()) :]
                out.add(" ".join(words))
        elif entity.type == "ORG":
            match = _ORG_COUNTRY_TAIL.match(form)
            if match and geocode(match["tail"]) is not None and len(match["body"].split()) >= 2:
                out.add(match["body"])
    return out - set(entity.forms)


def with_short_forms(entities: Sequence[Entity]) -> list[Entity]:
    """The entities with :func:`short_forms` added to their forms."""
    return [replace(e, forms=tuple(sorted(set(e.forms) | short_forms(e)))) for e in entities]
