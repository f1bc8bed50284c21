"""The server's HTML pages, from the report's templates (one set for the file and here)
and serve's own (``serve/templates``: the paged report and document list).

Every page shows a bounded amount: the report opens on a page of stories, each with its
first articles, key figures and comparisons (the first claims of each), and links to
the listings that page through the rest (issue 19: a 1,000-article store with an
800 kB article must not make a 10 MB front page).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2

from recoupe.records import Document, Entity
from recoupe.report import layout
from recoupe.report.html import base_context, page_context, served_assets, served_links
from recoupe.report.templating import Strings, environment, strings, ui_lang_for
from recoupe.report.views import document_view
from recoupe.serve.data import ClaimQuery, Snapshot
from recoupe.store import claim_from_json, document_from_json

LINKS = served_links()
_OWN = resources.files("recoupe.serve") / "templates"
# How much of each list the report page shows (the rest: the links under each list).
STORY_DOCUMENTS = 20
STORY_FIGURES = 20
COMPARISON_CLAIMS = 5
TIMELINE_ENTRIES = 100
TOLL_CHARTS = 12
ENTITIES = 50
DOCUMENTS = 50
ERRORS = 100
OPEN_STORIES = 3


@cache
def _environment() -> jinja2.Environment:
    """serve's templates first, then the report's (base, macros, sections), with the
    report environment's filters and settings (autoescape on)."""
    report = environment()
    env = report.overlay(loader=jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(_OWN)), report.loader]))  # type: ignore[list-item]
    return env


class Words:
    """serve's own words in one interface language (``w.key`` and ``w.fmt`` in templates)."""

    def __init__(self, words: Mapping[str, str]) -> None:
        self._words = dict(words)

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        return self._words.get(key, key)

    def fmt(self, key: str, **values: Any) -> str:
        return self.__getattr__(key).format(**values)


@cache
def words(lang: str) -> Words:
    table = tomllib.loads((_OWN / "words.toml").read_text(encoding="utf-8"))
    return Words({**table["en"], **table.get(lang, {})})


def ui_strings(snapshot: Snapshot, requested: str | None) -> tuple[str, Strings]:
    lang = ui_lang_for(requested, snapshot.report["overview"].get("languages"))
    return lang, strings(lang)


def nav(s: Strings) -> list[tuple[str, str]]:
    return [("/", s.nav_stories), ("/#map", s.nav_map), ("/claims", s.nav_browse),
            ("/add", s.nav_add), ("/docs", s.nav_api)]


def _render(name: str, context: dict[str, Any], with_map: bool = False) -> str:
    return _environment().get_template(name).render(
        **context, assets=served_assets(with_map), csp=None)


# --------------------------------------------------------------------------- paging


@dataclass(frozen=True)
class Paged:
    """One page of a list, and the links to the pages beside it."""

    items: list[Any]
    total: int
    offset: int
    limit: int
    prev_href: str | None
    next_href: str | None
    json_href: str = ""
    csv_href: str = ""

    @property
    def first(self) -> int:
        return self.offset + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.offset + len(self.items)


def paged(rows: Sequence[Any], offset: int, limit: int,
          href: Callable[[int], str]) -> Paged:
    """``rows[offset:offset + limit]`` with the links to the previous and next pages."""
    return Paged(
        items=list(rows[offset: offset + limit]), total=len(rows), offset=offset, limit=limit,
        prev_href=href(max(0, offset - limit)) if offset > 0 else None,
        next_href=href(offset + limit) if offset + limit < len(rows) else None)


def _query_href(path: str, params: Mapping[str, Any]) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


# --------------------------------------------------------------------------- the report


def index_page(snapshot: Snapshot, requested: str | None, flash: str | None = None,
               offset: int = 0, limit: int = 10, added: str | None = None) -> str:
    """The report over the whole store, one page of stories at a time; rendered once per
    store change, language and page. After an article was ``added``, the flash message
    and the comparisons its claims joined (its claims first) open the page, rendered each
    time (they are small)."""
    lang, _ = ui_strings(snapshot, requested)
    ui = requested if requested == lang else None  # kept in the links when asked for
    if flash is not None:
        return _index(snapshot, lang, ui, flash, offset, limit, added)
    return snapshot.pages.get(("index", lang, ui, offset, limit),
                              lambda: _index(snapshot, lang, ui, None, offset, limit))


def _index(snapshot: Snapshot, lang: str, ui: str | None, flash: str | None, offset: int,
           limit: int, added: str | None = None) -> str:
    whole = snapshot.memo.get(("index_context", lang), lambda: _report_context(snapshot, lang))
    stories = paged(whole["stories"], offset, limit, lambda at: _query_href(
        "/", {"offset": at or None, "limit": limit if limit != 10 else None, "ui": ui}))
    stories = Paged([_story(st, at < OPEN_STORIES) for at, st in enumerate(
        stories.items, offset)], stories.total, offset, limit, stories.prev_href,
        stories.next_href)
    timeline = whole["timeline"]
    documents = paged(snapshot.documents, 0, DOCUMENTS,
                      lambda _: _query_href("/documents", {"ui": ui}))
    context = {
        **whole, "flash": flash, "stories": stories, "documents": documents,
        "timeline": {**timeline, "entries": timeline["entries"][:TIMELINE_ENTRIES]},
        "timeline_total": len(timeline["entries"]),
        "toll_charts": whole["toll_charts"][:TOLL_CHARTS],
        "entities": whole["report"]["entity_table"][:ENTITIES],
        "entities_total": len(whole["report"]["entity_table"]),
        "errors": whole["errors"][:ERRORS],
        "added": _joined(snapshot, whole["report"]["comparison_views"], added),
        # The headline data for tools that read the page: the key figures it shows.
        "data_blocks": [("recoupe-data", {
            "overview": whole["report"]["overview"],
            "key_figures": [r for st in stories.items for r in st["key_figures"]]}),
            *(block for block in whole["data_blocks"] if block[0] != "recoupe-data")],
    }
    return _render("index.html", context, with_map=bool(whole["map"]["leaflet"]))


def _report_context(snapshot: Snapshot, lang: str) -> dict[str, Any]:
    """What the report page lays out, for every page of it (computed once per snapshot)."""
    context = page_context(snapshot.report, LINKS, lang, nav=nav(strings(lang)))
    context.update(served=True, w=words(lang))
    return context


def _story(st: Mapping[str, Any], open_: bool) -> dict[str, Any]:
    """A story cut to what its section shows: its first articles, its first key figures
    and their comparisons, the first claims of each; the totals and where the rest is."""
    figures = list(st["key_figures"][:STORY_FIGURES])
    shown = {r["index"] for r in figures}
    by_index = {v["index"]: v for v in st["comparisons"]}
    comparisons = [_comparison(by_index[r["index"]]) for r in figures if r["index"] in by_index]
    comparisons += [_comparison(v) for v in st["comparisons"][:STORY_FIGURES]
                    if v["index"] not in shown and len(comparisons) < STORY_FIGURES]
    documents = st["documents"]
    story_id = st["id"]
    return {
        **st, "open": open_, "documents": documents[:STORY_DOCUMENTS],
        "documents_total": len(documents),
        "documents_href": _query_href("/documents", {"story": story_id})
        if len(documents) > STORY_DOCUMENTS and story_id else None,
        "key_figures": figures, "comparisons": comparisons,
        "comparisons_total": len(st["comparisons"]),
        "claims_href": _query_href("/claims", {"story": story_id}) if story_id else "/claims",
    }


def _joined(snapshot: Snapshot, views: Sequence[Mapping[str, Any]], doc_id: str | None
            ) -> list[dict[str, Any]]:
    """The comparisons a document's claims are part of, its own claims shown first."""
    if not doc_id:
        return []
    joined = []
    indexes = sorted({snapshot.rows[n]["comparison"] for n in snapshot.claims_of(doc_id)
                      if snapshot.rows[n]["comparison"] is not None})
    for index in indexes[:STORY_FIGURES]:
        view = views[index]
        claims = sorted(view["claims"], key=lambda c: c["doc"] != doc_id)  # stable
        joined.append(_comparison({**view, "claims": claims}))
    return joined


def _comparison(view: Mapping[str, Any]) -> dict[str, Any]:
    return {**view, "claims": view["claims"][:COMPARISON_CLAIMS],
            "claims_total": len(view["claims"]),
            "claims_href": f"/claims?comparison={view['index']}"}


# --------------------------------------------------------------------------- listings


def _docs(snapshot: Snapshot) -> dict[str, dict[str, Any]]:
    return snapshot.memo.get("document_labels",
                             lambda: layout.document_labels(snapshot.documents))


def browse_page(snapshot: Snapshot, requested: str | None, query: ClaimQuery,
                rows: Sequence[Mapping[str, Any]], facets: Mapping[str, list[tuple[str, int]]],
                limit: int, offset: int, doc_hits: Sequence[Mapping[str, Any]]) -> str:
    lang, s = ui_strings(snapshot, requested)
    params = _params(query)
    docs = _docs(snapshot)
    story_names = snapshot.memo.get(("story_names", lang), lambda: {
        st["id"]: st["label"] for st in layout.story_views(snapshot.report, docs, s)})

    def href(path: str = "/claims", **change: Any) -> str:
        merged = {**params, **{k: v for k, v in change.items() if v is not None}}
        return _query_href(path, merged)

    def facet_href(name: str, value: str) -> str:
        on = query.values.get(name) == value
        return href(**{name: "" if on else value, "offset": ""})

    def facet_label(name: str, value: str) -> str:
        if name in ("kind", "group", "status"):
            return s.value(value)
        if name == "story":
            return story_names.get(value, value)
        return value

    total = len(rows)
    items = list(rows[offset: offset + limit])
    context = base_context(s, lang, s.browse, nav(s), docs)
    context.update(
        links=LINKS, query={"q": query.q, "values": query.values,
                            "hidden": [(k, v) for k, v in params.items() if k != "q"]},
        facets=facets, facet_href=facet_href, facet_label=facet_label, items=items,
        total=total, offset=offset, doc_hits=doc_hits,
        prev_href=href(offset=max(0, offset - limit), limit=limit) if offset > 0 else None,
        next_href=href(offset=offset + limit, limit=limit) if offset + limit < total else None,
        csv_href=href("/api/claims", format="csv", limit=limit, offset=offset),
        json_href=href("/api/claims", limit=limit, offset=offset),
    )
    return _render("browse.html", context)


def _params(query: ClaimQuery) -> dict[str, str]:
    params = dict(query.values)
    for name in ("source", "entity", "doc", "since", "until", "q"):
        value = getattr(query, name)
        if value:
            params[name] = value
    if query.comparison is not None:
        params["comparison"] = str(query.comparison)
    return params


def documents_page(snapshot: Snapshot, requested: str | None, rows: Sequence[Mapping[str, Any]],
                   offset: int, limit: int, story: str | None) -> str:
    """One page of the documents (of one story when ``story``), with their claim counts."""
    lang, s = ui_strings(snapshot, requested)
    params: dict[str, Any] = {"story": story, "limit": limit if limit != 100 else None,
                              "ui": requested}
    page = paged(rows, offset, limit,
                 lambda at: _query_href("/documents", {**params, "offset": at or None}))
    page = Paged(page.items, page.total, offset, limit, page.prev_href, page.next_href,
                 json_href=_query_href("/api/documents", {"story": story, "offset": offset,
                                                          "limit": limit}),
                 csv_href=_query_href("/api/documents", {"story": story, "offset": offset,
                                                         "limit": limit, "format": "csv"}))
    heading = s.documents_title + (f" · {s.story} {story}" if story else "")
    context = base_context(s, lang, heading, nav(s), _docs(snapshot))
    context.update(links=LINKS, page=page, heading=heading, w=words(lang))
    return _render("documents.html", context)


def entity_page(snapshot: Snapshot, requested: str | None, entity: Entity,
                claims: Sequence[Mapping[str, Any]]) -> str:
    lang, s = ui_strings(snapshot, requested)
    context = base_context(s, lang, f"{entity.canonical}", nav(s), _docs(snapshot))
    context.update(links=LINKS, entity=entity, claims=claims[:500], claims_total=len(claims))
    return _render("entity.html", context)


def document_page(snapshot: Snapshot, requested: str | None, view: Mapping[str, Any],
                  token: str) -> str:
    from recoupe.report.html import runs_html

    lang, s = ui_strings(snapshot, requested)
    context = base_context(s, lang, view["title"] or view["id"], nav(s), _docs(snapshot))
    context.update(links=LINKS, view={**view, "runs_html": runs_html(view)}, token=token,
                   doc_path=quote(view["id"], safe=""))
    return _render("document.html", context)


def add_page(snapshot: Snapshot | None, requested: str | None, token: str, allow_fetch: bool,
             message: str = "") -> str:
    lang = ui_lang_for(requested, snapshot.report["overview"].get("languages")
                       if snapshot else None)
    s = strings(lang)
    context = base_context(s, lang, s.add_title, nav(s))
    context.update(token=token, allow_fetch=allow_fetch, message=message)
    return _render("add.html", context)


def error_page(requested: str | None, status: int, message: str,
               allowed: Sequence[str] | None = None,
               languages: Mapping[str, int] | None = None) -> str:
    lang = ui_lang_for(requested, dict(languages or {}))
    s = strings(lang)
    context = base_context(s, lang, f"{s.error} {status}", nav(s))
    context.update(status=status, message=message, allowed=list(allowed or []))
    return _render("error.html", context)


# --------------------------------------------------------------------------- one document


def read_document(store_path: Path, doc_id: str) -> dict[str, Any] | None:
    """One document's view (text runs and claims), reading that document only."""
    uri = store_path.resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        row = conn.execute("SELECT record FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        document: Document = document_from_json(json.loads(row[0]))
        claims = [claim_from_json(json.loads(r)) for (r,) in conn.execute(
            "SELECT coalesce(linked, record) FROM claims WHERE doc = ? ORDER BY seq", (doc_id,))]
    finally:
        conn.close()
    return document_view(document, claims)


def document_key(snapshot: Snapshot, doc_id: str) -> tuple[Any, ...] | None:
    """What a document's view is made of in this snapshot: its text (by hash) and its
    claims as stored. Views and pages keyed by it live on from one snapshot to the next
    while the document is unchanged (None: the snapshot does not hold the document)."""
    def make() -> tuple[Any, ...] | None:
        record = snapshot.record(doc_id)
        if record is None:
            return None
        return (doc_id, snapshot.hashes.get(doc_id), tuple(snapshot.claim_json[n]
                                           for n in snapshot.claims_of(doc_id)))

    return snapshot.memo.get(("document_key", doc_id), make)


def cached_document(snapshot: Snapshot, store_path: Path, doc_id: str) -> dict[str, Any] | None:
    """One document's view from the snapshot's decoded claims and the document's text (the
    one row read), made once while the document is unchanged; a document the snapshot
    does not hold yet is read from the store."""
    key = document_key(snapshot, doc_id)
    record = snapshot.record(doc_id)
    if key is None or record is None:
        return read_document(store_path, doc_id)

    def make() -> dict[str, Any] | None:
        text = _text(store_path, doc_id, snapshot.hashes.get(doc_id, ""))
        if text is None:  # the store holds another version by now: read that one
            return read_document(store_path, doc_id)
        claims = [snapshot.result.claims[n] for n in snapshot.claims_of(doc_id)]
        return document_view(dataclasses.replace(record, text=text), claims)

    return snapshot.shared.get(("document_view", key), make)


def _text(store_path: Path, doc_id: str, content_hash: str) -> str | None:
    uri = store_path.resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        row = conn.execute("SELECT record FROM documents WHERE id = ? AND hash = ?",
                           (doc_id, content_hash)).fetchone()
    finally:
        conn.close()
    return None if row is None else str(json.loads(row[0]).get("text", ""))
