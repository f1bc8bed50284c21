"""The typed records that flow between recoupe's stages.

Every stage is a function of these records to these records; no spaCy ``Doc``
crosses a stage boundary. Offsets (``start``, ``end``, ``span``) always refer to
``Document.text``, the decoded input text, so a span can be shown in the source.
Serialisation to the contract's JSON shapes lives in :func:`to_json`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]

# Vocabularies fixed by ../shared/CONTRACT.md.
KINDS = (
    "killed", "injured", "missing", "arrested", "displaced", "affected",
    "participants", "deployed", "weapons", "equipment", "other",
)
GROUPS = ("all", "security_forces", "protesters", "civilians", "foreign_forces", "other")
QUALIFIERS = (
    "exact", "about", "at_least", "more_than", "at_most", "less_than", "range", "vague",
)
PUBLISHED_BASES = ("header", "metadata", "text", "inferred", "unknown")
ENTITY_TYPES = ("PER", "LOC", "ORG", "MISC")
PRECISIONS = ("day", "month", "year")
STATUSES = ("single", "agree", "update", "conflict")


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
    qualifier: str
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
    feature: str | None = None  # city | admin1 | country


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    canonical: str
    type: str
    forms: tuple[str, ...]
    mentions: tuple[Mention, ...]
    geo: Geo | None = None


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
class Claim:
    id: str
    doc: str
    kind: str
    group: str
    group_label: str | None
    low: int | None
    high: int | None
    qualifier: str
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
class Comparison:
    kind: str
    group: str
    place: str | None
    period: dict[str, Any] | None
    claims: tuple[str, ...]
    status: str
    low: int | None
    high: int | None
    note: str
    extra: dict[str, Any] = field(default_factory=dict)


def to_json(record: Any) -> Any:
    """A record as plain JSON data: tuples become lists, nested records dicts."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_json(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, tuple | list):
        return [to_json(r) for r in record]
    if isinstance(record, dict):
        return {k: to_json(v) for k, v in record.items()}
    return record
