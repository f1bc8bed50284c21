"""Records rebuilt from the JSON the store (or a Spark row) holds: exactly those written.

Only known fields are passed on, so a store written by a recoupe whose records had an
extra field still reads, and a field added later takes its default.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

from recoupe.records import (
    Claim,
    ClaimRule,
    Comparison,
    DateMention,
    Document,
    Entity,
    EntityForm,
    Geo,
    Mention,
    MentionRef,
    Period,
    Place,
    Source,
    Span,
    TimelineEntry,
)


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = _field_names(cls)
    return {key: value for key, value in data.items() if key in names}


@functools.cache  # read once per record class, not once per row
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def pooled(data: dict[str, Any], pool: dict[str, str]) -> dict[str, Any]:
    """``data`` with its string values shared with earlier rows': a document id, a label
    or a sentence read for each of a store's many mentions is then held once."""
    return {k: pool.setdefault(v, v) if isinstance(v, str) else v for k, v in data.items()}


def _span(value: list[int] | None) -> Span | None:
    return (value[0], value[1]) if value is not None else None


def document_from_json(data: dict[str, Any]) -> Document:
    fields = _known(Document, data)
    fields["boilerplate"] = tuple(_span(s) for s in data.get("boilerplate", ()))
    fields["notes"] = tuple(data.get("notes", ()))
    return Document(**fields)


def place_from_json(data: dict[str, Any] | None) -> Place | None:
    if data is None:
        return None
    return Place(**{**_known(Place, data), "span": _span(data.get("span"))})


def period_from_json(data: dict[str, Any] | None) -> Period | None:
    return Period(**_known(Period, data)) if data is not None else None


def source_from_json(data: dict[str, Any] | None) -> Source | None:
    if data is None:
        return None
    return Source(**{**_known(Source, data), "span": _span(data.get("span"))})


def rule_from_json(data: dict[str, Any] | str | None) -> ClaimRule | None:
    """The rules that chose a claim's parts (a bare string: the kind rule's name)."""
    if data is None:
        return None
    if isinstance(data, str):
        return ClaimRule(kind=data)
    return ClaimRule(**_known(ClaimRule, data))


def claim_from_json(data: dict[str, Any]) -> Claim:
    return Claim(**{
        **_known(Claim, data),
        "rule": rule_from_json(data.get("rule")),
        "place": place_from_json(data.get("place")),
        "period": period_from_json(data.get("period")),
        "source": source_from_json(data.get("source")),
        "span": _span(data["span"]),
        "sentence_span": _span(data.get("sentence_span")),
    })


def mention_from_json(data: dict[str, Any]) -> Mention:
    return Mention(**_known(Mention, data))


def date_mention_from_json(data: dict[str, Any]) -> DateMention:
    return DateMention(**_known(DateMention, data))


def geo_from_json(data: dict[str, Any] | None) -> Geo | None:
    return Geo(**_known(Geo, data)) if data is not None else None


def entity_from_json(data: dict[str, Any]) -> Entity:
    return Entity(**{
        **_known(Entity, data),
        "forms": tuple(data["forms"]),
        "mentions": tuple(mention_from_json(m) for m in data["mentions"]),
        "geo": geo_from_json(data.get("geo")),
        "form_langs": tuple(EntityForm(**_known(EntityForm, f))
                            for f in data.get("form_langs") or ()),
    })


def mention_ref_from_json(data: dict[str, Any]) -> MentionRef:
    start, end = data["span"]
    return MentionRef(doc=data["doc"], span=(start, end), text=data["text"])


def timeline_entry_from_json(data: dict[str, Any]) -> TimelineEntry:
    return TimelineEntry(**{
        **_known(TimelineEntry, data),
        "mentions": tuple(mention_ref_from_json(m) for m in data["mentions"]),
    })


def comparison_from_json(data: dict[str, Any]) -> Comparison:
    return Comparison(**{**_known(Comparison, data), "claims": tuple(data["claims"])})
