"""The rows a document and its results are written as, built where the document was
analysed, and the SQL filters of :meth:`recoupe.store.Store.claims`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from recoupe.records import Claim, DateMention, Document, Mention, to_json
from recoupe.store.schema import now


def dumps(data: Any) -> str:
    # ensure_ascii=False keeps French text readable to anyone opening the file.
    return json.dumps(to_json(data), ensure_ascii=False, separators=(",", ":"))


def upper_bound(date: str) -> str:
    """The last day a partial ISO date can mean, so string comparison orders it right."""
    if len(date) == 4:
        return date + "-12-31"
    if len(date) == 7:
        return date + "-31"
    return date


@dataclass(frozen=True)
class StoredDocument:
    hash: str
    key: str | None  # the analysis key (None in a store written before keys existed)
    path: str | None
    url: str | None


@dataclass(frozen=True)
class DocumentRows:
    """One document's rows, ready to insert: built where the document was analysed, so
    that the process owning the store only executes the inserts."""

    doc: str
    document: tuple[Any, ...]
    claims: list[tuple[Any, ...]]
    mentions: list[tuple[Any, ...]]
    dates: list[tuple[Any, ...]]


def document_rows(
    doc: Document,
    *,
    claims: Sequence[Claim],
    mentions: Sequence[Mention],
    dates: Sequence[DateMention],
    key: str | None = None,
) -> DocumentRows:
    """The rows :meth:`Store.save_rows` writes for ``doc`` and its per-document results;
    ``key`` is the analysis key a re-run compares (see :meth:`Store.document_status`)."""
    _check_owner(doc.id, [*claims, *mentions, *dates])
    return DocumentRows(
        doc=doc.id,
        document=(doc.id, doc.hash, doc.outlet, doc.published, doc.lang, doc.title, doc.path,
                  doc.url, len(doc.text), now(), dumps(doc), key),
        claims=[_claim_row(seq, c, doc.published) for seq, c in enumerate(claims)],
        mentions=[(m.doc, seq, m.label, m.text, dumps(m)) for seq, m in enumerate(mentions)],
        dates=[(d.doc, seq, d.date, dumps(d)) for seq, d in enumerate(dates)],
    )


def _check_owner(doc_id: str, records: Sequence[Claim | Mention | DateMention]) -> None:
    """Refuse results filed under another document: they would be lost on its next save."""
    strays = sorted({r.doc for r in records if r.doc != doc_id})
    if strays:
        raise ValueError(f"results for document {doc_id!r} name other documents: {strays}")


def _claim_row(seq: int, claim: Claim, published: str | None) -> tuple[Any, ...]:
    place, period, source = claim.place, claim.period, claim.source
    start = period.start if period else None
    end = period.end if period else None
    # Without a period, the day the document was published stands in for "when".
    low = start or end or published
    high = end or start or published
    return (
        claim.doc, seq, claim.id, claim.kind, claim.group, claim.group_label,
        claim.low, claim.high, claim.qualifier,
        place.name if place else None, place.entity if place else None,
        source.name if source else None, source.entity if source else None,
        claim.outlet, start, end, low, upper_bound(high) if high else None,
        dumps(claim),
    )


def link_rows(claims: Sequence[Claim]) -> list[tuple[Any, ...]]:
    """UPDATE parameters for each claim: its links, then its key (doc, seq in the doc, id)."""
    rows, seq, last_doc = [], 0, None
    for claim in claims:
        seq = seq + 1 if claim.doc == last_doc else 0
        last_doc = claim.doc
        place, source = claim.place, claim.source
        rows.append((
            place.name if place else None, place.entity if place else None,
            source.name if source else None, source.entity if source else None,
            place.lat if place else None, place.lon if place else None,
            dumps(claim), claim.doc, seq, claim.id,
        ))
    return rows


def claim_filters(
    doc: str | None,
    kind: str | None,
    group: str | None,
    place: str | None,
    source: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
) -> tuple[str, list[str]]:
    """The WHERE clause (without the keyword) and its parameters for Store.claims."""
    clauses: list[str] = []
    params: list[str] = []
    for column, value in (("doc", doc), ("kind", kind), ("grp", group), ("outlet", outlet)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    for column, value in (("place", place), ("source", source)):
        if value is not None:
            clauses.append(f"({column} = ? COLLATE NOCASE OR {column}_entity = ?)")
            params += [value, value]
    if since is not None:
        clauses.append("date_high >= ?")
        params.append(since)
    if until is not None:
        clauses.append("date_low <= ?")
        params.append(upper_bound(until))
    return " AND ".join(clauses), params
