"""ACLED-style events: one row per located happening with a figure (CONTRACT.md events.csv).

A *happening* is a story's figures for one geocoded place over one stretch of time. A
figure's dates are, in order: the claim's own period; the period its comparison's
other claims give; the period the document's other figures give (a retrospective
article speaks of one episode); else the days the comparison's figures were reported
(a toll repeated on Monday, Tuesday and Wednesday is one happening, not three) when the
document is a fresh report (within :data:`FRESH_DAYS` of the story's first report).
Figures of one place whose dates overlap or touch are one happening. ``time_precision``
is 1 for a day, 2 for up to a week, 3 beyond; a span's date is its midpoint (ACLED codes
a span at its middle). ``geo_precision`` is the place's level (1 city, 2 region,
3 country). Figures without a geocoded place or any date are left out.

No double counting: a country's row carries only what its national figures add to the
rows of its cities and regions (a national total is not also an event at the capital),
and the fatalities of a story's rows in one country never exceed that story's
conservative national toll (:func:`_within_national_tolls`).

``event_type``/``sub_event_type`` and the actors follow ACLED's vocabulary, read from
the claims' kinds and groups and the words of their sentences (``docs/acled.md``).
ACLED does not code natural disasters; their rows are ``Strategic developments`` /
``Other`` with the disaster named in ``notes``. ``fatalities``, ``injured`` and
``arrested`` are conservative (ACLED's rule, :mod:`.crosscheck`): the figure for
everyone when there is one, else the sum of the groups' figures.
"""

from __future__ import annotations

import importlib
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from recoupe.link.gazetteer import country_name
from recoupe.reconcile.acled import (
    EVENT_COLUMNS,
    disorder_type,
    inter_code,
    interaction,
    iso3,
    iso_numeric,
    region,
    timestamp,
)
from recoupe.reconcile.compare import stated_period
from recoupe.reconcile.crosscheck import cross_check
from recoupe.reconcile.dates import DaySpan, day_span, gap_days, midpoint, span_of
from recoupe.reconcile.lineage import official_entities
from recoupe.reconcile.notes import figure
from recoupe.records import Claim, Comparison, Document, Entity, Geo
from recoupe.textfold import word_key as fold

__all__ = ["EVENT_COLUMNS", "classify", "conservative_total", "events", "time_precision"]

FRESH_DAYS = 31
# Figures of one place whose dates are at most this many days apart are one happening
# (a night of riots reported the next morning is one event, not two).
TOUCHING_DAYS = 1
# Kinds that describe something that happened (not stocks of weapons or checkpoints).
EVENT_KINDS = ("killed", "injured", "missing", "arrested", "displaced", "participants", "deployed")
_GEO_PRECISION = {"city": 1, "admin1": 2, "admin2": 2, "country": 3}
_TOLLS = ("fatalities", "injured", "arrested")

# Cue words (language resources lang/<code>/event_cues.tsv), matched on folded sentences.
_LANG_DIR = Path(__file__).resolve().parent.parent / "lang"


def _cues() -> dict[str, re.Pattern[str]]:
    """Every language's cue patterns, one alternation per cue name."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(_LANG_DIR.glob("*/event_cues.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, pattern = line.split("\t", 1)
                found[name.strip()].append(f"(?:{pattern.strip()})")
    return {name: re.compile("|".join(patterns)) for name, patterns in found.items()}


_RX = _cues()
_NEVER = re.compile(r"(?!x)x")
_CUE_NAMES = ("suicide", "air", "shelling", "grenade", "explosive", "battle", "riot", "mob",
              "protest", "intervention", "civilian_attack", "looting", "police", "army",
              "disaster")
# The longest match a local cue pattern can make (see _local_width).
_MAX_WIDTH = 200


def _local_width(pattern: re.Pattern[str]) -> int | None:
    """The longest text ``pattern`` can match when whether it matches at a place depends
    only on the characters it covers and one either side (word boundaries are its only
    assertions, its matches are never empty and at most :data:`_MAX_WIDTH` long); else
    None. Such a pattern matches ``a + " " + b`` iff it matches ``a``, or ``b``, or
    across the space (see :func:`_cues_joined`)."""
    parser: Any = importlib.import_module("re._parser")
    constants: Any = importlib.import_module("re._constants")
    allowed_at = {constants.AT_BOUNDARY, constants.AT_NON_BOUNDARY}
    barred = {constants.ASSERT, constants.ASSERT_NOT, constants.GROUPREF,
              constants.GROUPREF_EXISTS, constants.GROUPREF_IGNORE,
              constants.GROUPREF_LOC_IGNORE, constants.GROUPREF_UNI_IGNORE}

    def local(items: Any) -> bool:
        for op, arg in items:
            if op in barred or op == constants.AT and arg not in allowed_at:
                return False
            if op == constants.BRANCH and not all(local(b) for b in arg[1]):
                return False
            if op == constants.SUBPATTERN and not local(arg[-1]):
                return False
            if op in (constants.MAX_REPEAT, constants.MIN_REPEAT,
                      constants.POSSESSIVE_REPEAT) and not local(arg[-1]):
                return False
            if op == constants.ATOMIC_GROUP and not local(arg):
                return False
        return True

    try:
        tree = parser.parse(pattern.pattern, pattern.flags)
        low, high = tree.getwidth()
    except Exception:  # another Python's parser: every search is made whole
        return None
    return high if local(tree) and low > 0 and high <= _MAX_WIDTH else None


_WIDTH = {name: _local_width(rx) for name, rx in _RX.items()}


@lru_cache(maxsize=512)
def _cues_in(text: str) -> frozenset[str]:
    """The cue names whose pattern matches ``text`` (a row's or a story's sentences: a
    story's text is read for each of its rows, once)."""
    return frozenset(name for name in _CUE_NAMES if _RX.get(name, _NEVER).search(text))


def _cues_joined(a: str, b: str) -> frozenset[str]:
    """``_cues_in(a + " " + b)``, from the cues of ``a`` and ``b`` alone (each read once)
    and a search of the few characters around the space: a match across it starts within
    a cue's width before the space."""
    text, found = a + " " + b, set(_cues_in(a) | _cues_in(b))
    for name in _CUE_NAMES:
        if name in found or name not in _RX:
            continue
        width = _WIDTH[name]
        if width is None:
            if _RX[name].search(text):
                found.add(name)
            continue
        # Every character the assertions of a match across the space read is inside
        # [start - 1, start + width], within these bounds.
        match = _RX[name].search(text, max(0, len(a) + 1 - width), len(a) + width + 2)
        if match is not None and match.start() <= len(a):
            found.add(name)
    return frozenset(found)


def events(
    comparisons: Sequence[Comparison],
    claims: Sequence[Claim],
    documents: Sequence[Document],
    entities: Sequence[Entity],
) -> list[dict[str, Any]]:
    """events.csv rows (columns: :data:`EVENT_COLUMNS`), one per located happening."""
    docs = {d.id: d for d in documents}
    by_id = {e.id: e for e in entities}
    doc_of = {c.id: c.doc for c in claims}
    stories = {doc_of[i]: cmp.story for cmp in comparisons for i in cmp.claims if i in doc_of}
    dating = _Dating(comparisons, claims, docs, stories)
    located: dict[tuple[str, str], list[tuple[DaySpan, Claim]]] = defaultdict(list)
    for c in claims:
        entity = by_id.get(c.place.entity) if c.place and c.place.entity else None
        if c.kind not in EVENT_KINDS or entity is None or entity.geo is None:
            continue
        when = dating.span(c)
        if when is not None:
            located[(stories.get(c.doc, ""), entity.id)].append((when, c))
    context = _story_text(claims, docs, stories)
    official = official_entities(entities)
    rows = []
    for (story, eid), dated in located.items():
        for when, members in _happenings(dated):
            row = _row(members, by_id[eid], when, docs, by_id, context.get(story, ""), official)
            rows.append({**row, "_story": story})
    rows = _within_national_tolls(rows, comparisons, claims, by_id)
    rows.sort(key=lambda r: (r["event_date"], r["location"], r["event_type"], r["claims"]))
    return _numbered(rows)


def _happenings(dated: list[tuple[DaySpan, Claim]]) -> list[tuple[DaySpan, list[Claim]]]:
    """A place's figures grouped where their dates overlap or touch (a day apart at most)."""
    out: list[tuple[DaySpan, list[Claim]]] = []
    for when, c in sorted(dated, key=lambda wc: (wc[0], wc[1].id)):
        if out and gap_days(out[-1][0], when) <= TOUCHING_DAYS:
            span, members = out[-1]
            out[-1] = ((min(span[0], when[0]), max(span[1], when[1])), [*members, c])
        else:
            out.append((when, [c]))
    return out


def _within_national_tolls(rows: list[dict[str, Any]], comparisons: Sequence[Comparison],
                           claims: Sequence[Claim], entities: Mapping[str, Entity]
                           ) -> list[dict[str, Any]]:
    """No double counting, per story and country (CONTRACT.md events.csv).

    A national figure is a running total that includes its cities' and regions': a
    country row keeps only what it adds to the located rows and to the earlier country
    rows. Then, when the story has a conservative national toll, the latest rows give
    up the fatalities beyond it.
    """
    tolls = _national_tolls(comparisons, claims, entities)
    areas: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        areas[(row["_story"], row["_country_code"] or "")].append(row)
    kept: list[dict[str, Any]] = []
    for key, members in areas.items():
        members.sort(key=lambda r: (r["event_date"], r["claims"]))
        kept += _national_rest(members)
        _cap(members, tolls.get(key))
    return kept


def _national_rest(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Country rows reduced to what they add; those that add nothing are left out."""
    local = [r for r in rows if r["_feature"] != "country"]
    national = [r for r in rows if r["_feature"] == "country"]
    kept = list(local)
    for row in national:
        told = any(row[f] for f in _TOLLS)
        for f in _TOLLS:
            counted = sum(r[f] or 0 for r in kept)
            if row[f]:
                rest = max(0, row[f] - counted)
                if rest < row[f]:
                    row["notes"] += (f" [{f}: {row[f]} nationwide, {row[f] - rest} of them "
                                     "already in this story's other rows]")
                row[f] = rest
        if not told or any(row[f] for f in _TOLLS):
            kept.append(row)
    return sorted(kept, key=lambda r: (r["event_date"], r["claims"]))


def _cap(rows: list[dict[str, Any]], toll: int | None) -> None:
    """The latest rows give up the fatalities beyond the story's national toll."""
    if toll is None:
        return
    excess = sum(r["fatalities"] for r in rows) - toll
    for row in reversed(rows):
        if excess <= 0:
            break
        cut = min(row["fatalities"], excess)
        if cut:
            row["fatalities"] -= cut
            excess -= cut
            row["notes"] += f" [fatalities: {cut} left out, beyond the national toll of {toll}]"


def _national_tolls(comparisons: Sequence[Comparison], claims: Sequence[Claim],
                    entities: Mapping[str, Entity]) -> dict[tuple[str, str], int]:
    """(story, country) → the conservative national death toll, summed over its episodes."""
    place_of = {c.id: c.place.entity for c in claims if c.place and c.place.entity}
    tolls: dict[tuple[str, str], int] = defaultdict(int)
    for cmp in comparisons:
        if cmp.kind != "killed" or cmp.group != "all" or cmp.scope != "country" \
                or cmp.headline is None:
            continue
        geos = [e.geo for i in cmp.claims if (e := entities.get(place_of.get(i, ""))) and e.geo]
        if geos and geos[0].country:
            tolls[(cmp.story, geos[0].country)] += cmp.headline
    return dict(tolls)


def _numbered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ACLED's row id: the country's ISO alpha-3 code and a number, in date order."""
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        code = iso3(row.pop("_country_code", None))
        counts[code] += 1
        row["event_id_cnty"] = f"{code}{counts[code]}"
        row.pop("_story", None)
        row.pop("_feature", None)
    return rows


class _Dating:
    """When each claim's happening took place (see the module docstring for the order)."""

    def __init__(self, comparisons: Sequence[Comparison], claims: Sequence[Claim],
                 docs: Mapping[str, Document], stories: Mapping[str, str]) -> None:
        self.docs = docs
        firsts: dict[str, date] = {}
        for doc_id, story in stories.items():
            span = day_span(docs[doc_id].published) if doc_id in docs else None
            if span and (story not in firsts or span[0] < firsts[story]):
                firsts[story] = span[0]
        self.first = {doc_id: firsts.get(story) for doc_id, story in stories.items()}
        self.by_comparison: dict[str, DaySpan] = {}
        self.reported: dict[str, DaySpan] = {}
        doc_of = {c.id: c.doc for c in claims}
        for cmp in comparisons:
            if cmp.period and (span := span_of(cmp.period.get("start"), cmp.period.get("end"))):
                for claim_id in cmp.claims:
                    self.by_comparison[claim_id] = span
            days = sorted(d for i in cmp.claims if i in doc_of
                          and (d := self._fresh_day(doc_of[i])))
            if days and (span := span_of(days[0], days[-1])):
                for claim_id in cmp.claims:
                    self.reported[claim_id] = span
        per_doc: dict[str, list[DaySpan]] = defaultdict(list)
        for c in claims:
            if (p := stated_period(c)) is not None and (s := span_of(p.start, p.end)):
                per_doc[c.doc].append(s)
        self.by_document = {doc: max(set(spans), key=lambda s: (spans.count(s), s))
                            for doc, spans in per_doc.items()}

    def _fresh_day(self, doc_id: str) -> str | None:
        """The document's publication day when it is a fresh report of its story."""
        doc = self.docs.get(doc_id)
        published = day_span(doc.published) if doc else None
        first = self.first.get(doc_id)
        if doc and published and (first is None or (published[0] - first).days <= FRESH_DAYS):
            return doc.published
        return None

    def span(self, claim: Claim) -> DaySpan | None:
        period = stated_period(claim)
        if period is not None:
            return span_of(period.start, period.end)
        found = self.by_comparison.get(claim.id) or self.by_document.get(claim.doc)
        if found:
            return found
        day = self._fresh_day(claim.doc)
        return self.reported.get(claim.id, day_span(day)) if day else None


def time_precision(span: DaySpan) -> int:
    days = (span[1] - span[0]).days + 1
    return 1 if days == 1 else 2 if days <= 7 else 3


def _story_text(claims: Sequence[Claim], docs: Mapping[str, Document],
                stories: Mapping[str, str]) -> dict[str, str]:
    """Each story's titles and figure sentences, folded: how the story describes itself."""
    texts: dict[str, list[str]] = defaultdict(list)
    for doc_id, story in stories.items():
        if doc_id in docs and docs[doc_id].title:
            texts[story].append(fold(docs[doc_id].title or ""))
    for c in claims:
        if c.doc in stories:
            texts[stories[c.doc]].append(fold(c.sentence))
    return {story: " ".join(parts) for story, parts in texts.items()}


def _row(claims: list[Claim], place: Entity, when: DaySpan, docs: Mapping[str, Document],
         entities: Mapping[str, Entity], story_text: str, official: frozenset[str]
         ) -> dict[str, Any]:
    geo = place.geo
    assert geo is not None
    country = (country_name(geo.country) if geo.country else None) or geo.country or ""
    text = " ".join(fold(c.sentence) for c in claims)
    event_type, sub_type, actor1, actor2 = _classify(claims, _cues_in(text), country)
    if sub_type == "Other" and any(c.kind in ("killed", "injured") for c in claims):
        # A toll its own sentences do not explain takes the story's description.
        # Explosions and battles must be told by the row's own sentences, not the story's.
        event_type, sub_type, actor1, actor2 = _classify(
            claims, _cues_joined(text, story_text), country, remote=False)
    outlets = sorted({(docs[c.doc].outlet if c.doc in docs else None) or c.outlet or "unknown"
                      for c in claims})
    inter1, inter2 = inter_code(actor1), inter_code(actor2)
    middle = midpoint(when)
    participants = conservative_total(claims, "participants", docs, official)
    published = sorted(d for c in claims if c.doc in docs and (d := docs[c.doc].published))
    return {
        "event_date": middle.isoformat(), "year": middle.year,
        "time_precision": time_precision(when),
        "disorder_type": disorder_type(event_type, sub_type),
        "event_type": event_type, "sub_event_type": sub_type,
        "actor1": actor1, "assoc_actor_1": "", "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": "", "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if actor2.startswith("Civilians") else "",
        "iso": iso_numeric(geo.country), "region": region(geo.country), "country": country,
        "admin1": _admin_name(geo, place, entities, 1), "admin2": _admin_name(geo, place,
                                                                              entities, 2),
        "admin3": "", "location": place.canonical, "latitude": geo.lat, "longitude": geo.lon,
        "geo_precision": _GEO_PRECISION.get(geo.feature or "", 1),
        "source": "; ".join(outlets), "source_scale": "",
        "notes": _notes(claims, text),
        "fatalities": conservative_total(claims, "killed", docs, official) or 0,
        "tags": f"crowd size={participants}" if participants else "",
        "timestamp": timestamp(published[-1] if published else None),
        "injured": conservative_total(claims, "injured", docs, official),
        "arrested": conservative_total(claims, "arrested", docs, official),
        "claims": " ".join(c.id for c in claims),
        "_country_code": geo.country, "_feature": geo.feature,
    }


def classify(claims: Sequence[Claim], text: str, country: str, remote: bool = True
             ) -> tuple[str, str, str, str]:
    """ACLED event type, sub-event type, actor 1 and actor 2 of a happening.

    ``remote=False`` leaves out explosions and battles (for a story-wide reading).
    """
    return _classify(claims, _cues_in(text), country, remote)


def _classify(claims: Sequence[Claim], cues: frozenset[str], country: str,
              remote: bool = True) -> tuple[str, str, str, str]:
    """:func:`classify` from the names of the cues its text holds."""
    kinds = {c.kind for c in claims}
    groups = {c.group for c in claims}
    has = {name: name in cues for name in _CUE_NAMES}
    forces = (f"Military Forces of {country}" if has["army"] and not has["police"]
              else f"Police Forces of {country}")
    hurt = bool(kinds & {"killed", "injured"})
    if remote and (has["suicide"] or has["air"] or has["shelling"] or has["grenade"] or (
            has["explosive"] and hurt)):
        sub = ("Suicide bomb" if has["suicide"] else "Air/drone strike" if has["air"]
               else "Shelling/artillery/missile attack" if has["shelling"]
               else "Grenade" if has["grenade"] else "Remote explosive/landmine/IED")
        victim = f"Civilians ({country})" if "civilians" in groups else ""
        return "Explosions/Remote violence", sub, f"Unidentified Armed Group ({country})", victim
    if "protesters" in groups or has["protest"]:
        return _demonstration(kinds, groups, has, country, forces, claims)
    if remote and (has["battle"] or "foreign_forces" in groups and hurt):
        return "Battles", "Armed clash", forces, f"Unidentified Armed Group ({country})"
    if has["disaster"]:
        return "Strategic developments", "Other", "", ""
    if "civilians" in groups and hurt or has["civilian_attack"] and hurt:
        return ("Violence against civilians", "Attack", f"Unidentified Armed Group ({country})",
                f"Civilians ({country})")
    if "arrested" in kinds:
        return "Strategic developments", "Arrests", forces, ""
    if has["looting"]:
        return "Strategic developments", "Looting/property destruction", "", ""
    return "Strategic developments", "Other", "", ""


def _demonstration(kinds: AbstractSet[str], groups: AbstractSet[str], has: dict[str, bool],
                   country: str,
                   forces: str, claims: Sequence[Claim]) -> tuple[str, str, str, str]:
    """Protests or riots. Security forces hurt mean the demonstrators were violent (a riot);
    protesters hurt with none of that mean force used against a protest."""
    security = "security_forces" in groups or has["police"]
    forces_hurt = _hurt(claims, "security_forces")
    if has["riot"] or has["mob"] or forces_hurt:
        sub = "Mob violence" if has["mob"] else "Violent demonstration"
        return "Riots", sub, f"Rioters ({country})", forces if security else ""
    protesters = f"Protesters ({country})"
    if _hurt(claims, "protesters"):
        return "Protests", "Excessive force against protesters", protesters, forces
    if "arrested" in kinds or has["intervention"]:
        return "Protests", "Protest with intervention", protesters, forces
    return "Protests", "Peaceful protest", protesters, ""


def _hurt(claims: Sequence[Claim], group: str) -> bool:
    return any(c.kind in ("killed", "injured") and c.group == group for c in claims)


def conservative_total(claims: Sequence[Claim], kind: str, docs: Mapping[str, Document],
                       official: frozenset[str] = frozenset()) -> int | None:
    """The conservative count of one kind: everyone's figure if given, else the groups' sum."""
    by_group: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.kind == kind and (c.low is not None or c.high is not None):
            by_group[c.group].append(c)
    if not by_group:
        return None

    def as_of(c: Claim) -> str | None:
        return docs[c.doc].published if c.doc in docs else None

    def headline(members: list[Claim]) -> int | None:
        return cross_check(members, as_of, official).current.headline

    if "all" in by_group:
        return headline(by_group["all"])
    values = [h for members in by_group.values() if (h := headline(members)) is not None]
    return sum(values) if values else None


def _notes(claims: Sequence[Claim], text: str) -> str:
    """The figures behind the row, by kind and group, with who gave them."""
    parts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c in sorted(claims, key=lambda c: (c.kind, c.group, c.id)):
        words = figure(c)
        if words not in parts[(c.kind, c.group)]:
            parts[(c.kind, c.group)].append(words)
    body = "; ".join(f"{kind} ({group}): {', '.join(v)}" for (kind, group), v in parts.items())
    disaster = _RX.get("disaster", _NEVER).search(text)
    return (f"Disaster ({disaster.group(0)}), not political violence. " if disaster else "") + body


def _admin_name(geo: Geo, place: Entity, entities: Mapping[str, Entity], level: int) -> str:
    """The name of the place's first- or second-level division, never a code.

    The gazetteer's division names when it gives them; else the name of an entity of the
    run geocoded as that division; else nothing (a GeoNames code such as "04" means
    nothing to a reader and pandas reads it as a number).
    """
    if geo.feature == f"admin{level}":
        return place.canonical
    name = getattr(geo, f"admin{level}_name", None)
    if isinstance(name, str) and name:
        return name
    code = geo.admin1 if level == 1 else getattr(geo, "admin2", None)
    if geo.feature == "country" or not code:
        return ""
    for e in entities.values():
        g = e.geo
        if g and g.feature == f"admin{level}" and g.country == geo.country \
                and getattr(g, f"admin{level}", None) == code:
            return e.canonical
    return ""
