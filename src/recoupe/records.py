"""The typed records that flow between recoupe's stages.

Every stage is a function of these records to these records; no spaCy ``Doc``
crosses a stage boundary. Offsets (``start``, ``end``, ``span``) always refer to
``Document.text``, the decoded input text, so a span can be shown in the source.
Serialisation to the contract's JSON shapes lives in :func:`to_json`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard, get_args

Span = tuple[int, int]

# Vocabularies fixed by ../shared/CONTRACT.md: each a Literal type, its tuple derived from it.
Kind = Literal[
    "killed", "injured", "missing", "arrested", "displaced", "affected",
    "participants", "deployed", "weapons", "equipment", "other",
]
Group = Literal["all", "security_forces", "protesters", "civilians", "foreign_forces", "other"]
Qualifier = Literal[
    "exact", "about", "at_least", "more_than", "at_most", "less_than", "range", "vague",
]
Status = Literal["single", "agree", "update", "conflict"]
PublishedBasis = Literal["header", "metadata", "text", "inferred", "unknown"]
EntityType = Literal["PER", "LOC", "ORG", "MISC"]
Precision = Literal["day", "month", "year"]

KINDS: tuple[Kind, ...] = get_args(Kind)
GROUPS: tuple[Group, ...] = get_args(Group)
QUALIFIERS: tuple[Qualifier, ...] = get_args(Qualifier)
STATUSES: tuple[Status, ...] = get_args(Status)
PUBLISHED_BASES: tuple[PublishedBasis, ...] = get_args(PublishedBasis)
ENTITY_TYPES: tuple[EntityType, ...] = get_args(EntityType)
PRECISIONS: tuple[Precision, ...] = get_args(Precision)


def is_qualifier(name: str | None) -> TypeGuard[Qualifier]:
    """Whether ``name`` (a rule's or a regex group's name) is one of the contract's qualifiers."""
    return name in QUALIFIERS


def content_hash(text: str) -> str:
    """A short, stable digest of a text: ids and idempotent re-runs rest on it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Document:
    """One input article. ``text`` is the whole decoded input (header block included)."""

    id: str
    text: str
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    lang: str | None = None
    published: str | None = None  # YYYY-MM-DD
    published_basis: str = "unknown"
    boilerplate: tuple[Span, ...] = ()
    body_start: int = 0  # first character after a `Key: value` header block
    # Where the metadata came from, for people checking it ("header", "html", "url", "text").
    outlet_basis: str | None = None
    # A correction made to the text's own dating, e.g. a year typo (issue 4).
    notes: tuple[str, ...] = ()

    @property
    def hash(self) -> str:
        return content_hash(self.text)

    @property
    def title_apart(self) -> str | None:
        """The title when it is not a line of the text (a header's TITLE:, a page's
        <title>): then it is read on its own; one in the text is read with it."""
        if self.title and self.title not in self.text[self.body_start :]:
            return self.title
        return None

    def in_boilerplate(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a boilerplate span or the header block."""
        if start < self.body_start:
            return True
        return any(start < b_end and end > b_start for b_start, b_end in self.boilerplate)


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be analysed, and why (never a silent None)."""

    input: str
    code: str  # an errors.CATALOGUE key
    reason: str  # one sentence for the user


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written in the text, read with its modifiers.

    ``start``/``end`` cover the whole quantity text ("plus de 3 211");
    ``number_start``/``number_end`` the numeral alone ("3 211"), the token the
    parse hangs on. ``role`` says what the number is: only ``count`` can be a claim.
    """

    start: int
    end: int
    text: str
    low: int | None
    high: int | None
    qualifier: Qualifier
    number_start: int
    number_end: int
    role: str = "count"  # count | date | year | time | ordinal | name | duration | age
    #                       | percent | money | fraction | measure | phone | other


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a document, resolved to the calendar when possible."""

    doc: str
    start: int
    end: int
    text: str
    date: str | None  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str | None  # day | month | year
    relation: str = "on"  # on | until | since | before | after
    correction: str | None = None  # why the written date was changed, if it was
    basis: str = "absolute"  # absolute | partial | weekday | relative


@dataclass(frozen=True, slots=True)
class Mention:
    """A named thing in one document (from NER or from a claim's slot)."""

    doc: str
    start: int
    end: int
    text: str
    label: str  # PER | LOC | ORG | MISC as tagged
    # The role words next to it ("procureur général", "président"), which help
    # join a garbled form to the person it stands for.
    role: str | None = None
    sentence: str | None = None


@dataclass(frozen=True, slots=True)
class Geo:
    lat: float
    lon: float
    geonames_id: int | None
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    feature: str | None = None  # city | admin1 | admin2 | country
    # The division chain (GeoNames names and ids; admin codes as GeoNames writes them).
    admin1_name: str | None = None
    admin1_id: int | None = None
    admin2: str | None = None
    admin2_name: str | None = None
    admin2_id: int | None = None
    country_name: str | None = None
    name: str | None = None  # the place's own GeoNames name


@dataclass(frozen=True, slots=True)
class EntityForm:
    """One surface form of an entity and the language of the documents that write it."""

    text: str
    lang: str | None  # ISO 639-1, or None when the document's language is unknown


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    canonical: str
    type: str
    forms: tuple[str, ...]
    mentions: tuple[Mention, ...]
    geo: Geo | None = None
    # Every form with its language ("Moscou"/fr, "Moscow"/en), sorted (issue #14).
    form_langs: tuple[EntityForm, ...] = ()


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    entity: str | None = None
    lat: float | None = None
    lon: float | None = None
    span: Span | None = None  # where the place is named, when it is in the text
    basis: str = "clause"  # clause | sentence | document


@dataclass(frozen=True, slots=True)
class Period:
    start: str | None
    end: str | None
    text: str | None
    basis: str = "sentence"  # sentence | document


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    entity: str | None = None
    text: str | None = None  # the words that attribute the figure ("selon l'ONU")
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class ClaimRule:
    """The names of the extract rules that chose a claim's kind, group, source and place
    (null: nothing was chosen, e.g. no source). Serialised as the claim's ``rule``."""

    kind: str
    group: str | None = None
    source: str | None = None
    place: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    doc: str
    kind: Kind
    group: Group
    group_label: str | None
    low: int | None
    high: int | None
    qualifier: Qualifier
    quantity_text: str
    place: Place | None
    period: Period | None
    source: Source | None
    outlet: str | None
    sentence: str
    span: Span
    sentence_span: Span | None = None
    # The claim this one is a part of ("225 morts, dont 19 agents"): its id.
    subset_of: str | None = None
    # Head words the kind and group were read from, for people checking.
    cue: str | None = None
    # Which rules chose the kind, group, source and place (per-rule evaluation).
    rule: ClaimRule | None = None


@dataclass(frozen=True, slots=True)
class MentionRef:
    doc: str
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str
    precision: str
    summary: str
    mentions: tuple[MentionRef, ...]


@dataclass(frozen=True, slots=True)
class DatedReading:
    """The figures of one as-of date of a comparison, read together."""

    as_of: str | None
    status: Status
    low: int | None
    high: int | None
    headline: int | None
    claims: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LineageLatest:
    """One lineage's latest figure in a comparison (who counted it, whoever relays it)."""

    lineage: str
    as_of: str | None
    low: int | None
    high: int | None
    headline: int | None
    status: Status = "single"  # the lineage's own history: single, agree, update, conflict
    claims: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Component:
    """A narrower place's comparison listed inside its region's or country's."""

    place: str | None
    claims: tuple[str, ...]
    status: Status
    low: int | None
    high: int | None
    headline: int | None


@dataclass(frozen=True, slots=True)
class ComponentOf:
    """The wider place a component's figures are part of."""

    place: str | None
    claims: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Every figure the sources give for one quantity (CONTRACT.md comparisons.jsonl).

    Built whole by the reconcile stage (never filled after construction). JSON read
    back (a store row, a Spark row) is turned into records by ``__post_init__``, so
    ``Comparison(**row)`` and :func:`comparison_from_json` give the same record.
    """

    kind: Kind
    group: Group
    place: str | None
    period: dict[str, Any] | None
    claims: tuple[str, ...]
    status: Status
    low: int | None
    high: int | None
    note: str
    story: str = ""
    headline: int | None = None  # ACLED's conservative figure
    headline_lineage: str | None = None  # the lineage the headline comes from
    scope: str | None = None  # country | admin1 | place | places | unplaced
    as_of: tuple[str, ...] = ()  # the dates the figures were reported
    by_date: tuple[DatedReading, ...] = ()
    lineages: tuple[LineageLatest, ...] = ()
    sources: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    counted: str | None = None  # the counted noun of other/equipment/weapons
    parts: tuple[str, ...] = ()  # an article's smaller figures read as parts of its larger one
    components: tuple[Component, ...] = ()
    component_of: ComponentOf | None = None
    subset_of: tuple[str, ...] = ()  # claim ids of the totals a subset group is part of

    def __post_init__(self) -> None:
        for name, record in _NESTED.items():
            value = getattr(self, name)
            if isinstance(value, list | tuple):
                items = tuple(record(**_fields_of(record, v)) if isinstance(v, dict) else v
                              for v in value)
                object.__setattr__(self, name, items)
            elif isinstance(value, dict):
                object.__setattr__(self, name, record(**_fields_of(record, value)))
        for name in ("claims", "as_of", "sources", "outlets", "parts", "subset_of"):
            value = getattr(self, name)
            if isinstance(value, list):
                object.__setattr__(self, name, tuple(value))


_NESTED: dict[str, type] = {
    "by_date": DatedReading, "lineages": LineageLatest, "components": Component,
    "component_of": ComponentOf,
}


def _fields_of(record: type, data: dict[str, Any]) -> dict[str, Any]:
    """The known fields of ``data`` for ``record``, id lists as tuples (JSON gives lists)."""
    names = {f.name for f in dataclasses.fields(record)}
    return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names}


def comparison_from_json(data: dict[str, Any]) -> Comparison:
    """A comparisons.jsonl row (or a store row) as a record; unknown keys are ignored.

    Rows written before comparisons had typed fields kept them under ``extra``.
    """
    extra = data.get("extra")
    legacy: dict[str, Any] = extra if isinstance(extra, dict) else {}
    return Comparison(**_fields_of(Comparison, {**legacy, **data}))


def to_json(record: Any) -> Any:
    """A record as plain JSON data: tuples become lists, nested records dicts."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_json(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, tuple | list):
        return [to_json(r) for r in record]
    if isinstance(record, dict):
        return {k: to_json(v) for k, v in record.items()}
    return record


def json_schema(record: type) -> dict[str, Any]:
    """The JSON Schema of a record's contract shape (``json_schema(Comparison)`` for
    comparisons.jsonl): the Literal vocabularies become enums. pydantic is imported only
    here, so the analysis never pays for it."""
    from pydantic import TypeAdapter

    return TypeAdapter(record).json_schema(mode="serialization")
