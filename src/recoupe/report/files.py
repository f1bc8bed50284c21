"""Write a run's records as the CONTRACT.md files of the output folder.

Every file is written whole or not at all: to a temporary name in the same folder, then
renamed over the previous one (a rename within a folder is atomic). :func:`write_files`
stages every file of a run first and renames them only when all were written, so a full
disk or a read-only folder leaves the previous outputs as they were and raises
``RecoupeError('output_unwritable')`` (one line, exit status 2).

Every CSV cell that a spreadsheet would read as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) is written with a leading ``'``
(:func:`neutralise_cell`).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from recoupe.errors import RecoupeError
from recoupe.reconcile.events import EVENT_COLUMNS
from recoupe.records import Claim, Document, Entity, Rejected, TimelineEntry, to_json

__all__ = [
    "CLAIM_COLUMNS", "EVENT_COLUMNS", "Staged", "claim_row", "claims_flat", "document_row",
    "entity_row", "neutralise_cell", "places_geojson", "events_geojson", "rejected_row",
    "timeline_row", "write_events_csv", "write_files", "write_jsonl",
]  # fmt: skip

# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice
# and Google Sheets; OWASP's "CSV injection" advice is to prefix a single quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# claims.csv / claims.parquet: one row per claim, nested fields flattened with "_".
CLAIM_COLUMNS = (
    "id", "doc", "kind", "group", "group_label", "low", "high", "qualifier", "quantity_text",
    "place_name", "place_entity", "place_lat", "place_lon", "period_start", "period_end",
    "period_text", "source_name", "source_entity", "source_text", "outlet", "sentence",
    "span_start", "span_end", "subset_of", "rule",
)  # fmt: skip
_INT_COLUMNS = frozenset({"low", "high", "span_start", "span_end"})
_FLOAT_COLUMNS = frozenset({"place_lat", "place_lon"})
_INT64 = range(-(2**63), 2**63)


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
        # Every Geo field: the contract's four, then the division chain (issue #14).
        "geo": None if geo is None else to_json(geo),
        # Each form with the language of the documents writing it (issue #14).
        "form_langs": [{"text": f.text, "lang": f.lang} for f in entity.form_langs],
    }


def timeline_row(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "date": entry.date, "precision": entry.precision, "summary": entry.summary,
        "mentions": [{"doc": m.doc, "span": list(m.span), "text": m.text}
                     for m in entry.mentions],
    }


def rejected_row(rejected: Rejected) -> dict[str, Any]:
    return {"input": rejected.input, "code": rejected.code, "reason": rejected.reason}


# -- cells and flat rows ----------------------------------------------------------------


def neutralise_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: '=HYPERLINK(…)' → "'=HYPERLINK(…)".

    Only text is changed; numbers (a negative longitude) stay numbers.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list | tuple | dict):
        value = json.dumps(value, ensure_ascii=False)
    return neutralise_cell(value)


def claims_flat(rows: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """claims.jsonl rows flattened to CLAIM_COLUMNS (``place.name`` → ``place_name``)."""
    for row in rows:
        flat: dict[str, Any] = {}
        for key, value in row.items():
            if isinstance(value, dict) and key in ("place", "period", "source"):
                flat.update({f"{key}_{k}": v for k, v in value.items()})
            elif key == "span" and isinstance(value, list | tuple) and len(value) == 2:
                flat["span_start"], flat["span_end"] = value
            else:
                flat[key] = value
        if flat.get("rule") is not None and not isinstance(flat["rule"], str):
            flat["rule"] = json.dumps(flat["rule"], ensure_ascii=False, sort_keys=True)
        yield {column: flat.get(column) for column in CLAIM_COLUMNS}


# -- GeoJSON ------------------------------------------------------------------------------


def events_geojson(events: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """events.csv rows that have coordinates, as GeoJSON points (RFC 7946: lon, lat)."""
    features = []
    for row in events:
        point = _point(row.get("latitude"), row.get("longitude"))
        if point is not None:
            properties = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
            features.append(_feature(point, properties))
    return {"type": "FeatureCollection", "features": features}


def places_geojson(entities: Iterable[Mapping[str, Any]],
                   claims: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Geocoded entities as GeoJSON points, each with how many claims it is the place of."""
    counts = Counter(c["place"]["entity"] for c in claims if (c.get("place") or {}).get("entity"))
    kinds: dict[str, Counter[str]] = {}
    for c in claims:
        entity = (c.get("place") or {}).get("entity")
        if entity:
            kinds.setdefault(entity, Counter())[c.get("kind") or "other"] += 1
    features = []
    for entity in entities:
        geo = entity.get("geo") or {}
        point = _point(geo.get("lat"), geo.get("lon"))
        if point is None:
            continue
        properties = {
            "id": entity["id"], "name": entity.get("canonical"), "type": entity.get("type"),
            "forms": list(entity.get("forms") or ()),
            **{k: v for k, v in geo.items() if k not in ("lat", "lon")},
            "claims": counts.get(entity["id"], 0),
            "claims_by_kind": dict(sorted(kinds.get(entity["id"], Counter()).items())),
        }
        features.append(_feature(point, properties))
    return {"type": "FeatureCollection", "features": features}


def _point(lat: Any, lon: Any) -> list[float] | None:
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return [lon, lat]


def _feature(point: list[float], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": point},
            "properties": properties}


# -- atomic writing -------------------------------------------------------------------------


class Staged:
    """Files written under temporary names in ``folder``, renamed together by :meth:`commit`.

    Used as a context manager: leaving it with an error removes every temporary file and
    turns an OSError (disk full, read-only folder) into ``output_unwritable``; the files
    already in the folder are untouched until every new one is written.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._staged: list[tuple[Path, Path]] = []

    def __enter__(self) -> Staged:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise _unwritable(self.folder, err) from err
        return self

    def __exit__(self, kind: type | None, error: BaseException | None, tb: Any) -> None:
        if error is None:
            self.commit()
            return
        self.discard()
        if isinstance(error, OSError):
            raise _unwritable(self.folder, error) from error

    @contextlib.contextmanager
    def open(self, name: str, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
        """A file object for ``name``, written under a temporary name until commit."""
        final = self.folder / name
        temp = self.folder / f".{name}.{os.getpid()}.tmp"
        self._staged.append((temp, final))
        with temp.open(mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())  # on disk before the rename can make it visible

    def path(self, name: str) -> Path:
        """A temporary path for a writer that wants a path (pyarrow), renamed at commit."""
        temp = self.folder / f".{name}.{os.getpid()}.tmp"
        self._staged.append((temp, self.folder / name))
        return temp

    def commit(self) -> None:
        try:
            for temp, final in self._staged:
                os.replace(temp, final)
        except OSError as err:
            self.discard()
            raise _unwritable(self.folder, err) from err
        self._staged.clear()

    def discard(self) -> None:
        for temp, _ in self._staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        self._staged.clear()


def _unwritable(folder: Path, err: OSError) -> RecoupeError:
    reason = err.strerror or type(err).__name__
    return RecoupeError("output_unwritable", f"{folder}: {reason}")


def _write_jsonl(fh: IO[str], rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    for row in rows:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def _write_csv(fh: IO[str], columns: Iterable[str], rows: Iterable[Mapping[str, Any]]) -> None:
    writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})


def _write_json(fh: IO[str], data: Any) -> None:
    json.dump(data, fh, ensure_ascii=False)
    fh.write("\n")


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    """One JSON object a line, written atomically; the number of rows."""
    with Staged(path.parent) as staged, staged.open(path.name, encoding="utf-8") as fh:
        return _write_jsonl(fh, rows)


def write_events_csv(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """events.csv (EVENT_COLUMNS), formula cells neutralised, written atomically."""
    with Staged(path.parent) as staged, \
            staged.open(path.name, encoding="utf-8", newline="") as fh:
        _write_csv(fh, EVENT_COLUMNS, rows)


def _write_parquet(path: Path, rows: Iterable[Mapping[str, Any]]) -> None:
    import pyarrow as pa  # imported when written: the CLI's start-up stays fast
    import pyarrow.parquet as pq

    def kind(column: str) -> pa.DataType:
        if column in _INT_COLUMNS:
            return pa.int64()
        return pa.float64() if column in _FLOAT_COLUMNS else pa.string()

    schema = pa.schema([(c, kind(c)) for c in CLAIM_COLUMNS])
    columns: dict[str, list[Any]] = {c: [] for c in CLAIM_COLUMNS}
    for row in rows:
        for column in CLAIM_COLUMNS:
            columns[column].append(_typed(row.get(column), column))
    pq.write_table(pa.table(columns, schema=schema), path)


def _typed(value: Any, column: str) -> Any:
    """A value of the column's Arrow type, or None (never an overflow)."""
    if value is None:
        return None
    if column in _INT_COLUMNS:
        return value if isinstance(value, int) and value in _INT64 else None
    if column in _FLOAT_COLUMNS:
        return float(value) if isinstance(value, int | float) else None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def write_files(out: Path, report: Mapping[str, Any], html: Callable[[], str] | None = None,
                ) -> None:
    """Every CONTRACT.md file of ``out`` from one report dict, all or none of them.

    ``report`` holds the rows of each file (``documents``, ``claims``, ``entities``,
    ``timeline``, ``comparisons``, ``framing``, ``errors``, ``events``, and ``story_rows``
    for stories.jsonl when present); ``html`` renders report.html. The exports claims.csv,
    claims.parquet, events.geojson and places.geojson are made from the same rows. Raises
    ``RecoupeError('output_unwritable')``.
    """
    with Staged(out) as staged:
        for name in ("documents", "claims", "entities", "timeline", "comparisons", "framing",
                     "errors"):
            with staged.open(f"{name}.jsonl", encoding="utf-8") as fh:
                _write_jsonl(fh, report.get(name) or ())
        events = list(report.get("events") or ())
        with staged.open("events.csv", encoding="utf-8", newline="") as fh:
            _write_csv(fh, EVENT_COLUMNS, events)
        write_exports(staged, report, events)
        if "story_rows" in report:
            with staged.open("stories.jsonl", encoding="utf-8") as fh:
                _write_jsonl(fh, report["story_rows"])
        if html is not None:
            with staged.open("report.html", encoding="utf-8") as fh:
                fh.write(html())


def write_exports(staged: Staged, report: Mapping[str, Any],
                  events: list[Mapping[str, Any]]) -> None:
    """claims.csv, claims.parquet, events.geojson and places.geojson (issue #18.6)."""
    claims = list(report.get("claims") or ())
    with staged.open("claims.csv", encoding="utf-8", newline="") as fh:
        _write_csv(fh, CLAIM_COLUMNS, claims_flat(claims))
    _write_parquet(staged.path("claims.parquet"), claims_flat(claims))
    with staged.open("events.geojson", encoding="utf-8") as fh:
        _write_json(fh, events_geojson(events))
    with staged.open("places.geojson", encoding="utf-8") as fh:
        _write_json(fh, places_geojson(report.get("entities") or (), claims))
