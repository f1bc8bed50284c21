"""What a person sees, computed as plain data: every figure of the report is made here.

The renderers (:mod:`recoupe.report.html` for the file, :mod:`recoupe.serve` for the web
pages) only lay these dicts out; they never count, sort by value or pick a figure
(datasette's "data first, render second"). Every function is pure: records in, dicts out.
A comparison's typed fields (``story``, ``headline``, ``by_date``) may be empty (a
comparison read from an older store): each has a computed fallback.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from recoupe.partial_date import first_day
from recoupe.records import (
    KINDS,
    Claim,
    Comparison,
    DatedReading,
    Document,
    Entity,
    TimelineEntry,
)

STATUS_ORDER = {"conflict": 0, "update": 1, "agree": 2, "single": 3}
# Kinds whose figures size the map points: a count of people hurt or held.
TOLL_KINDS = ("killed", "injured", "missing", "arrested", "displaced", "affected")
_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def anchor(*parts: str) -> str:
    """An HTML id made only of safe characters, from untrusted parts (doc ids, claim ids)."""
    return "-".join(_ANCHOR_UNSAFE.sub("_", p) for p in parts)


def claim_anchor(claim_doc: str, claim_id: str) -> str:
    return anchor("c", claim_doc, claim_id)


def doc_anchor(doc_id: str) -> str:
    return anchor("doc", doc_id)


def figure(claim: Claim) -> int | None:
    """The conservative reading of one claim: its low end, else its high end."""
    return claim.low if claim.low is not None else claim.high


def as_of(claim: Claim, documents: Mapping[str, Document]) -> str | None:
    """The date a figure speaks for: its period's end, else its start, else publication."""
    period = claim.period
    if period is not None and (period.end or period.start):
        return period.end or period.start
    doc = documents.get(claim.doc)
    return doc.published if doc else None


def sentence_parts(claim: Claim) -> dict[str, str]:
    """The claim's sentence cut around its quantity: before, quantity, after."""
    sentence = claim.sentence or ""
    start = claim.span[0] - claim.sentence_span[0] if claim.sentence_span else -1
    end = start + (claim.span[1] - claim.span[0])
    if not (0 <= start <= end <= len(sentence)):
        # No usable offsets: fall back on the first place the quantity is written.
        start = sentence.find(claim.quantity_text) if claim.quantity_text else -1
        end = start + len(claim.quantity_text)
    if start < 0:
        return {"before": sentence, "quantity": "", "after": ""}
    return {"before": sentence[:start], "quantity": sentence[start:end], "after": sentence[end:]}


# --------------------------------------------------------------------------- overview


def overview(
    documents: Sequence[Document], claims: Sequence[Claim], stories: Mapping[str, str],
    comparisons: Sequence[Comparison],
) -> dict[str, Any]:
    """Counts and spans a reader checks first."""
    story_ids = set(stories.values()) | {c.story for c in comparisons if c.story}
    published = sorted(d.published for d in documents if d.published)
    return {
        "stories": len(story_ids) or None,
        "documents": len(documents),
        "claims": len(claims),
        "comparisons": len(comparisons),
        "outlets": sorted({d.outlet for d in documents if d.outlet}),
        "languages": dict(Counter(d.lang or "?" for d in documents).most_common()),
        "date_span": [published[0], published[-1]] if published else None,
        "statuses": dict(Counter(c.status for c in comparisons)),
    }


# --------------------------------------------------------------------------- comparisons


def _headline(comparison: Comparison) -> int | None:
    if comparison.headline is not None:
        return comparison.headline
    return comparison.low if comparison.low is not None else comparison.high


def _source_key(claim: Claim) -> str:
    """Who vouches for a figure: the quoted source, else the outlet, else the document."""
    if claim.source is not None and claim.source.name:
        return claim.source.name
    return claim.outlet or claim.doc


def claim_view(claim: Claim, documents: Mapping[str, Document]) -> dict[str, Any]:
    doc = documents.get(claim.doc)
    return {
        "id": claim.id,
        "doc": claim.doc,
        "doc_title": doc.title if doc else None,
        "anchor": claim_anchor(claim.doc, claim.id),
        "outlet": claim.outlet or (doc.outlet if doc else None),
        "source": claim.source.name if claim.source else None,
        "source_text": claim.source.text if claim.source else None,
        "as_of": as_of(claim, documents),
        "kind": claim.kind,
        "group": claim.group,
        "group_label": claim.group_label,
        "place": claim.place.name if claim.place else None,
        "low": claim.low,
        "high": claim.high,
        "figure": figure(claim),
        "qualifier": claim.qualifier,
        "quantity_text": claim.quantity_text,
        "sentence": sentence_parts(claim),
        "url": doc.url if doc else None,
    }


def comparison_views(
    comparisons: Sequence[Comparison], claims: Mapping[str, Claim],
    documents: Mapping[str, Document],
) -> list[dict[str, Any]]:
    """Each comparison with its claims side by side, oldest figure first."""
    return [comparison_view(index, comparison, comparison_members(comparison, claims),
                            documents)
            for index, comparison in enumerate(comparisons)]


def comparison_members(comparison: Comparison, claims: Mapping[str, Claim]) -> list[Claim]:
    """The comparison's claims that ``claims`` holds, in the comparison's order."""
    return [claims[i] for i in comparison.claims if i in claims]


def comparison_view(index: int, comparison: Comparison, members: Sequence[Claim],
                    documents: Mapping[str, Document]) -> dict[str, Any]:
    """One comparison (the ``index``-th of its run) with its claims side by side, oldest
    figure first: a pure function of its arguments, so a caller may keep it while they
    are unchanged (recoupe serve does)."""
    rows = sorted((claim_view(c, documents) for c in members),
                  key=lambda r: (r["as_of"] or "9999", r["figure"] or 0))
    period = comparison.period or {}
    return {
        "index": index,
        "anchor": anchor("cmp", str(index)),
        "kind": comparison.kind,
        "group": comparison.group,
        "place": comparison.place,
        "period": period.get("text") or _span_text(period.get("start"), period.get("end")),
        "status": comparison.status,
        "value": _headline(comparison),
        "low": comparison.low,
        "high": comparison.high,
        "note": comparison.note,
        "story": comparison.story or None,
        "headline_lineage": comparison.headline_lineage,
        "lineages": [{"lineage": s.lineage, "as_of": s.as_of, "headline": s.headline,
                      "low": s.low, "high": s.high, "status": s.status}
                     for s in comparison.lineages],
        "components": [{"place": p.place, "status": p.status, "headline": p.headline}
                       for p in comparison.components],
        "component_of": comparison.component_of.place if comparison.component_of else None,
        "values": sorted({r["figure"] for r in rows if r["figure"] is not None}),
        "sources": len({_source_key(c) for c in members}),
        "documents": len({c.doc for c in members}),
        "claims": rows,
    }


def _span_text(start: str | None, end: str | None) -> str | None:
    if start and end and start != end:
        return f"{start} → {end}"
    return start or end


def key_figures(views: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per comparison (kind × group × place): the figure to quote and its status."""
    kind_rank = {k: i for i, k in enumerate(KINDS)}
    rows = [{key: v[key] for key in (
        "index", "anchor", "kind", "group", "place", "period", "status", "value", "low", "high",
        "values", "sources", "documents", "note",
    )} for v in views]
    return sorted(rows, key=lambda r: (
        kind_rank.get(r["kind"], len(KINDS)), STATUS_ORDER.get(r["status"], 9),
        -(r["value"] or 0), r["group"], r["place"] or "",
    ))


def tolls(views: Sequence[dict[str, Any]], comparisons: Sequence[Comparison]) -> list[dict]:
    """How each toll moved over time: dated points of the comparisons that hold two dates."""
    out = []
    for view, comparison in zip(views, comparisons, strict=True):
        points = _by_date(comparison.by_date) or _points(view["claims"])
        if len({p["date"] for p in points}) < 2:
            continue
        out.append({
            "anchor": view["anchor"], "kind": view["kind"], "group": view["group"],
            "place": view["place"], "status": view["status"], "points": points,
        })
    return out


def _by_date(readings: Sequence[DatedReading]) -> list[dict[str, Any]]:
    """The conservative figure of each as-of date of a comparison, oldest first."""
    points = [{"date": r.as_of, "value": r.headline} for r in readings
              if r.as_of and r.headline is not None]
    return sorted(points, key=lambda p: p["date"])


def _points(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per date, the largest conservative figure the sources gave that day."""
    best: dict[str, int] = {}
    for r in rows:
        if r["as_of"] and r["figure"] is not None:
            best[r["as_of"]] = max(best.get(r["as_of"], r["figure"]), r["figure"])
    return [{"date": d, "value": v} for d, v in sorted(best.items())]


# --------------------------------------------------------------------------- timeline


def timeline_view(entries: Sequence[TimelineEntry], documents: Sequence[Document]) -> dict:
    """The dated happenings, and the window of the chart: the crisis, not the backstory.

    A year-precision aside ("ministre en 1998") would squash the chart; the window keeps
    day and month entries within a year of the articles' median publication date.
    """
    rows = [{
        "date": e.date, "precision": e.precision, "summary": e.summary,
        "mentions": [{"doc": m.doc, "text": m.text, "span": list(m.span)} for m in e.mentions],
    } for e in entries]
    published = sorted(d for doc in documents if (d := first_day(doc.published)))
    centre = published[len(published) // 2] if published else None
    charted = []
    for row in rows:
        day = first_day(str(row["date"]))
        if day is None or row["precision"] == "year":
            continue
        if centre is None or abs((day - centre).days) <= 366:
            charted.append({**row, "day": day.isoformat()})
    return {"entries": rows, "charted": charted}


# --------------------------------------------------------------------------- map


def map_points(entities: Sequence[Entity], claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """Geocoded places with how many claims name them and the largest toll said there."""
    by_entity: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.place is not None and c.place.entity:
            by_entity[c.place.entity].append(c)
    points = []
    for e in entities:
        if e.type != "LOC" or e.geo is None:
            continue
        if not (math.isfinite(e.geo.lat) and math.isfinite(e.geo.lon)):
            continue
        here = by_entity.get(e.id, [])
        tolls_here = [f for c in here if c.kind in TOLL_KINDS and (f := figure(c)) is not None]
        points.append({
            "id": e.id, "name": e.canonical, "lat": e.geo.lat, "lon": e.geo.lon,
            "country": e.geo.country, "feature": e.geo.feature,
            "mentions": len(e.mentions), "claims": len(here),
            "figure": max(tolls_here) if tolls_here else None,
        })
    return sorted(points, key=lambda p: (-(p["figure"] or 0), -p["mentions"], p["name"]))


# --------------------------------------------------------------------------- tables


def entity_table(entities: Sequence[Entity]) -> list[dict[str, Any]]:
    """Every canonical entity with its variant spellings, most mentioned first."""
    rows = [{
        "id": e.id, "anchor": anchor("ent", e.id), "canonical": e.canonical, "type": e.type,
        "forms": sorted(set(e.forms) - {e.canonical}),
        "mentions": len(e.mentions), "documents": len({m.doc for m in e.mentions}),
        "geo": None if e.geo is None else {"lat": e.geo.lat, "lon": e.geo.lon,
                                           "country": e.geo.country},
    } for e in entities]
    return sorted(rows, key=lambda r: (-r["mentions"], r["canonical"]))


def framing_table(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The framing rows as columns and cells (the columns are whatever the rows hold)."""
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    cells = [[_cell(row.get(col)) for col in columns] for row in rows]
    return {"columns": columns, "rows": cells}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    return str(value)


# --------------------------------------------------------------------------- documents


def document_view(document: Document, claims: Sequence[Claim]) -> dict[str, Any]:
    """A document's text cut into runs that share one look (header, boilerplate, claim).

    Each run says which claims' sentences it belongs to (``sentence``) and which claims'
    quantity it is (``quantity``); ``anchors`` are the claims whose sentence starts there.
    """
    text = document.text
    size = len(text)

    def clamp(span: tuple[int, int]) -> tuple[int, int]:
        return max(0, min(span[0], size)), max(0, min(span[1], size))

    sentences = {c.id: clamp(c.sentence_span or c.span) for c in claims}
    quantities = {c.id: clamp(c.span) for c in claims}
    cuts = {0, size, min(document.body_start, size)}
    for start, end in [*document.boilerplate, *sentences.values(), *quantities.values()]:
        cuts.update(clamp((start, end)))
    ordered = sorted(cuts)
    starts = ordered[:-1]
    # One sweep per kind of span, not a scan of every claim per run (issue 19: a dense
    # article has thousands of both).
    boilerplate = _covering(dict(enumerate(clamp(b) for b in document.boilerplate)), starts)
    in_sentence = _covering(sentences, starts)
    in_quantity = _covering(quantities, starts)
    anchors: dict[int, list[str]] = defaultdict(list)
    for i, (s, _) in sentences.items():
        anchors[s].append(i)
    runs: list[dict[str, Any]] = []
    for n, (start, end) in enumerate(zip(ordered, ordered[1:], strict=False)):
        run = {
            "header": start < document.body_start,
            "boilerplate": bool(boilerplate[n]),
            "sentence": in_sentence[n],
            "quantity": in_quantity[n],
            "anchors": anchors.get(start, []),
        }
        if runs and not run["anchors"] and all(runs[-1][k] == run[k] for k in (
                "header", "boilerplate", "sentence", "quantity")):
            runs[-1]["text"] += text[start:end]
            continue
        runs.append({"text": text[start:end], **run})
    return {
        "id": document.id, "anchor": doc_anchor(document.id), "title": document.title,
        "outlet": document.outlet, "url": document.url, "published": document.published,
        "lang": document.lang, "chars": size, "claims": len(claims),
        "claim_anchors": {c.id: claim_anchor(c.doc, c.id) for c in claims},
        "runs": runs,
    }


def _covering(spans: Mapping[Any, tuple[int, int]], starts: Sequence[int]) -> list[list[Any]]:
    """For each run start, the keys of the spans that hold the whole run, in ``spans``' order.

    ``starts`` are ascending cuts that include both ends of every span, so a run
    ``[start, next cut)`` lies inside a span exactly when ``s <= start < e``.
    """
    order = {key: n for n, key in enumerate(spans)}
    by_start = sorted(spans.items(), key=lambda item: item[1][0])
    active: dict[Any, int] = {}
    ending: list[tuple[int, int, Any]] = []  # (end, order, key): the next span to end first
    covering: list[list[Any]] = []
    cursor = 0
    for start in starts:
        while cursor < len(by_start) and by_start[cursor][1][0] <= start:
            key, (_, end) = by_start[cursor]
            active[key] = end
            heapq.heappush(ending, (end, order[key], key))
            cursor += 1
        while ending and ending[0][0] <= start:
            del active[heapq.heappop(ending)[2]]
        covering.append(sorted(active, key=order.__getitem__) if len(active) > 1
                        else list(active))
    return covering


def run_views(result: Any, documents: list, claims: list, stories: Mapping[str, str],
              comparisons: list, compared: list[dict[str, Any]], framing: list[dict]
              ) -> dict[str, Any]:
    """The views of a run the report and `recoupe serve` both lay out: the overview, key
    figures, comparisons, tolls, timeline, map, entities and framing."""
    return {
        "overview": overview(documents, claims, stories, comparisons),
        "key_figures": key_figures(compared),
        "comparison_views": compared,
        "tolls": tolls(compared, comparisons),
        "timeline_view": timeline_view(list(result.timeline), documents),
        "map_points": map_points(list(result.entities), claims),
        "entity_table": entity_table(list(result.entities)),
        "framing_table": framing_table(framing),
    }
