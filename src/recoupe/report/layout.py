"""How the report's data is arranged on a page: grouped by story, labelled for people.

Nothing here computes a figure: it partitions the views of :mod:`recoupe.report.views`
by story, picks which already-computed value goes where (the map's circle for a kind is
the headline of that place's comparison) and turns codes and records into words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from recoupe.report.templating import Strings

NO_STORY = ""
# Which comparison of a place sizes its map circle when several groups give the kind.
_GROUP_PREFERENCE = ("all", "civilians", "protesters", "security_forces", "foreign_forces",
                     "other")
MAP_KIND_DEFAULT = "killed"
_TITLE_MAX = 70  # an untitled outlet is named by its article's title, cut to this


def document_labels(documents: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Document id → what names it for a person: title, outlet, date (never the bare id
    when anything better exists)."""
    out = {}
    for d in documents:
        out[str(d["id"])] = {"id": d["id"], "title": d.get("title") or d["id"],
                             "outlet": d.get("outlet"), "published": d.get("published"),
                             "lang": d.get("lang")}
    return out


def outlet_label(outlet: str | None, doc_id: str, docs: Mapping[str, Mapping[str, Any]],
                 s: Strings) -> str:
    """The outlet's name; unknown, the article's title and the words "outlet unknown"."""
    if outlet and outlet not in docs:
        return outlet
    return f"{outlet_name(None, doc_id, docs)} ({s.outlet_unknown})"


def story_views(report: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]],
                s: Strings) -> list[dict[str, Any]]:
    """One entry per story: its articles, its key figures and its comparisons.

    Stories come largest first; comparisons without a story form a last group. A run
    with no story data (an older store) is one group holding everything.
    """
    doc_story: Mapping[str, str] = report.get("stories") or {}
    views = report["comparison_views"]
    by_index = {v["index"]: v for v in views}
    members: dict[str, list[str]] = {}
    for doc_id, story in doc_story.items():
        members.setdefault(story, []).append(doc_id)
    why = {r["doc"]: r.get("why") for r in report.get("story_rows") or ()}
    groups: dict[str, dict[str, Any]] = {
        story: _story(story, ids, docs, why) for story, ids in members.items()}
    for row in report["key_figures"]:
        view = by_index[row["index"]]
        _group(groups, view.get("story"), docs)["key_figures"].append(row)
    for view in views:
        _group(groups, view.get("story"), docs)["comparisons"].append(view)
    ordered = sorted(groups.values(), key=lambda g: (g["id"] == NO_STORY, -len(g["documents"]),
                                                     g["first"] or "9999", g["id"]))
    for number, group in enumerate(ordered, 1):
        group["number"] = number
        group["label"] = _story_label(group, s)
    return [g for g in ordered if g["documents"] or g["comparisons"]]


def _story(story: str, ids: Sequence[str], docs: Mapping[str, Mapping[str, Any]],
           why: Mapping[str, str | None] | None = None) -> dict:
    """A story's view; each article says why it is in the story (``why``)."""
    articles = sorted(({**docs[i], "why": (why or {}).get(i)} for i in ids if i in docs),
                      key=lambda d: (d.get("published") or "9999", d["id"]))
    dates = [d["published"] for d in articles if d.get("published")]
    return {"id": story, "anchor": "story-" + _safe(story or "other"), "documents": articles,
            "first": min(dates) if dates else None, "last": max(dates) if dates else None,
            "key_figures": [], "comparisons": []}


def _group(groups: dict[str, dict[str, Any]], story: str | None,
           docs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    key = story or NO_STORY
    if key not in groups:
        groups[key] = _story(key, [], docs)
    return groups[key]


def _story_label(group: Mapping[str, Any], s: Strings) -> str:
    """A story named by its leading key figure's place and its dates."""
    if group["id"] == NO_STORY:
        return s.story_other
    place = next((r["place"] for r in group["key_figures"] if r.get("place")), None)
    title = place or (_cut(str(group["documents"][0]["title"]))
                      if group["documents"] else s.story)
    span = group["first"] if group["first"] == group["last"] else (
        f"{group['first']} → {group['last']}" if group["first"] else "")
    return f"{s.story} {group['number']} · {title}" + (f" · {span}" if span else "")


def _cut(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)


# --------------------------------------------------------------------------- framing


def framing_rows(rows: Sequence[Mapping[str, Any]], docs: Mapping[str, Mapping[str, Any]],
                 s: Strings) -> tuple[list[str], list[list[str]]]:
    """The framing table in words: outlets by name, groups and booleans translated,
    sources as "name (count)"."""
    columns = [s.outlet, s.group, s.claims_col, s.sources, s.unattributed, s.labels]
    out = []
    for row in rows:
        outlet = str(row.get("outlet") or "")
        known = row.get("outlet_known", True)
        first_doc = next(iter(row.get("documents") or []), outlet)
        name = outlet if known and outlet else outlet_label(None, str(first_doc), docs, s)
        out.append([
            name, s.value(row.get("group")), cell(row.get("claims"), s),
            cell(row.get("sources"), s), cell(row.get("unattributed"), s),
            cell(row.get("labels"), s),
        ])
    return columns, out


def cell(value: Any, s: Strings) -> str:
    """Any framing value as words: yes/no, "name (count)", lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return s.yes if value else s.no
    if isinstance(value, Mapping):
        named = next((value[k] for k in ("name", "label", "text") if k in value), None)
        if named is not None:
            count = value.get("count")
            return f"{named} ({count})" if count is not None else str(named)
        return "; ".join(f"{k} {cell(v, s)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(cell(v, s) for v in value)
    return str(value)


# --------------------------------------------------------------------------- map


def map_places(points: Sequence[Mapping[str, Any]], views: Sequence[Mapping[str, Any]]
               ) -> tuple[list[dict[str, Any]], list[str]]:
    """Each geocoded place with, per kind, the headline of its comparison (and where that
    comparison is on the page), and the kinds that have one somewhere, in KINDS order."""
    by_place: dict[tuple[str, str], Mapping[str, Any]] = {}
    rank = {g: i for i, g in enumerate(_GROUP_PREFERENCE)}
    for v in views:
        if not v.get("place") or v.get("value") is None:
            continue
        key = (str(v["place"]), str(v["kind"]))
        held = by_place.get(key)
        if held is None or rank.get(v["group"], 99) < rank.get(held["group"], 99):
            by_place[key] = v
    places, kinds = [], []
    for p in points:
        tolls = {kind: {"value": v["value"], "anchor": v["anchor"], "status": v["status"]}
                 for (place, kind), v in by_place.items() if place == p["name"]}
        kinds += [k for k in tolls if k not in kinds]
        places.append({"id": p["id"], "name": p["name"], "lat": round(p["lat"], 4),
                       "lon": round(p["lon"], 4), "claims": p["claims"],
                       "mentions": p["mentions"], "tolls": tolls})
    return places, kinds


def map_kind(kinds: Sequence[str], chosen: str | None = None) -> str | None:
    """The kind sizing the circles: the one chosen, else killed, else the first present."""
    if chosen in kinds:
        return chosen
    if MAP_KIND_DEFAULT in kinds:
        return MAP_KIND_DEFAULT
    return kinds[0] if kinds else None


# --------------------------------------------------------------------------- charts


def toll_series(view: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]]
                ) -> list[dict[str, Any]]:
    """A comparison's dated claims as one series per source line (lineage when the data
    names it, else the quoted source, else the outlet): the headline's line first."""
    lineage_of = {cid: str(line["lineage"]) for line in view.get("lineages") or []
                  for cid in line.get("claims") or []}
    series: dict[str, dict[str, Any]] = {}
    for claim in view["claims"]:
        if not claim.get("as_of") or claim.get("figure") is None:
            continue
        name = (lineage_of.get(claim["id"]) or claim.get("source")
                or outlet_name(claim.get("outlet"), claim["doc"], docs))
        entry = series.setdefault(name, {"name": name, "points": []})
        entry["points"].append({"date": claim["as_of"], "value": claim["figure"]})
    headline = view.get("headline_lineage")
    disputed = view.get("status") == "conflict"
    for entry in series.values():
        entry["headline"] = entry["name"] == headline
        entry["disputes"] = disputed and headline is not None and entry["name"] != headline
    return sorted(series.values(), key=lambda e: (not e["headline"], e["name"]))


def outlet_name(outlet: str | None, doc_id: str, docs: Mapping[str, Mapping[str, Any]]) -> str:
    """An outlet's name, or its article's title when the outlet is unknown (never an id)."""
    if outlet and outlet not in docs:
        return outlet
    title = str(docs.get(doc_id, {}).get("title") or doc_id)
    return title if len(title) <= _TITLE_MAX else title[: _TITLE_MAX - 1].rstrip() + "…"
