"""The server's HTML pages, from the report's templates (one set for the file and here)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from recoupe.records import Document, Entity
from recoupe.report import layout
from recoupe.report.html import base_context, page_context, served_assets, served_links
from recoupe.report.templating import Strings, render_template, strings, ui_lang_for
from recoupe.report.views import document_view
from recoupe.serve.data import ClaimQuery, Snapshot
from recoupe.store import claim_from_json, document_from_json

LINKS = served_links()


def ui_strings(snapshot: Snapshot, requested: str | None) -> tuple[str, Strings]:
    lang = ui_lang_for(requested, snapshot.report["overview"].get("languages"))
    return lang, strings(lang)


def nav(s: Strings) -> list[tuple[str, str]]:
    return [("/", s.nav_stories), ("/#map", s.nav_map), ("/claims", s.nav_browse),
            ("/add", s.nav_add), ("/docs", s.nav_api)]


def _render(name: str, context: dict[str, Any], with_map: bool = False) -> str:
    return render_template(name, **context, assets=served_assets(with_map), csp=None)


def index_page(snapshot: Snapshot, requested: str | None, flash: str | None = None) -> str:
    """The report over the whole store; rendered once per store change and language."""
    lang, s = ui_strings(snapshot, requested)
    key = f"index:{lang}"
    if flash is None and key in snapshot.pages:
        return snapshot.pages[key]
    context = page_context(snapshot.report, LINKS, lang, nav=nav(s))
    context.update(served=True, flash=flash)
    html = _render("report.html", context, with_map=bool(context["map"]["leaflet"]))
    if flash is None:
        snapshot.pages[key] = html
    return html


def _docs(snapshot: Snapshot) -> dict[str, dict[str, Any]]:
    return layout.document_labels(snapshot.documents)


def browse_page(snapshot: Snapshot, requested: str | None, query: ClaimQuery,
                rows: Sequence[Mapping[str, Any]], facets: Mapping[str, list[tuple[str, int]]],
                limit: int, offset: int, doc_hits: Sequence[Mapping[str, Any]]) -> str:
    lang, s = ui_strings(snapshot, requested)
    params = _params(query)
    docs = _docs(snapshot)
    story_names = {st["id"]: st["label"] for st in layout.story_views(snapshot.report, docs, s)}

    def href(path: str = "/claims", **change: Any) -> str:
        merged = {**params, **{k: v for k, v in change.items() if v is not None}}
        merged = {k: v for k, v in merged.items() if v not in (None, "")}
        return path + ("?" + urlencode(merged) if merged else "")

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
    return params


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
