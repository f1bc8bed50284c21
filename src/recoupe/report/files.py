"""Write a run's records as the CONTRACT.md files of the output folder."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from recoupe.records import Claim, Document, Entity, Rejected, TimelineEntry, to_json

EVENT_COLUMNS = (
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
    "notes", "fatalities", "injured", "arrested",
)


def document_row(doc: Document) -> dict[str, Any]:
    row: dict[str, Any] = {"id": doc.id}
    if doc.url:
        row["url"] = doc.url
    if doc.path or not doc.url:
        row["path"] = doc.path
    row.update(
        outlet=doc.outlet, title=doc.title, lang=doc.lang, published=doc.published,
        published_basis=doc.published_basis, chars=len(doc.text),
        boilerplate=[list(s) for s in doc.boilerplate], outlet_basis=doc.outlet_basis,
        body_start=doc.body_start, hash=doc.hash, notes=list(doc.notes),
    )
    return row


def claim_row(claim: Claim) -> dict[str, Any]:
    return to_json(claim)


def entity_row(entity: Entity) -> dict[str, Any]:
    geo = entity.geo
    return {
        "id": entity.id,
        "canonical": entity.canonical,
        "type": entity.type,
        "forms": list(entity.forms),
        "mentions": [{"doc": m.doc, "span": [m.start, m.end], "text": m.text}
                     for m in entity.mentions],
        "geo": None if geo is None else {
            "lat": geo.lat, "lon": geo.lon, "geonames_id": geo.geonames_id,
            "country": geo.country, "admin1": geo.admin1, "feature": geo.feature,
        },
    }


def timeline_row(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "date": entry.date, "precision": entry.precision, "summary": entry.summary,
        "mentions": [{"doc": m.doc, "span": list(m.span), "text": m.text}
                     for m in entry.mentions],
    }


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_events_csv(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=EVENT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)


def rejected_row(rejected: Rejected) -> dict[str, Any]:
    return {"input": rejected.input, "code": rejected.code, "reason": rejected.reason}
