"""The report dict laid out as HTML: the self-contained report.html and the served pages.

Pages come from the Jinja2 templates of ``report/templates/`` with autoescaping on: every
value from an article — text, titles, outlet and place names, URLs, ids — is escaped by
the template engine; links go through :func:`safe_href` (http and https only) and inline
JSON through :func:`script_json`. The few fragments built here (the article text with
its highlights, the SVG charts) escape every value themselves and are marked safe. A
Content-Security-Policy allowing only the page's own scripts is a second line of defence.

Nothing here computes a figure (see :mod:`recoupe.report.views`); :mod:`.layout` groups
and labels what the views hold.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from recoupe.report import layout, svg
from recoupe.report.map import borders_around
from recoupe.report.templating import (
    SERVED_CSP,
    Asset,
    Strings,
    inline_csp,
    num,
    render_template,
    safe_href,
    script_json,
    span_text,
    static_text,
    strings,
    ui_lang_for,
    vendor_text,
)
from recoupe.report.views import doc_anchor

__all__ = [
    "FILE_LINKS", "SERVED_CSP", "Links", "esc", "num", "page_context", "render",
    "runs_html", "safe_href", "script_json", "served_assets", "served_links", "span_text",
]  # fmt: skip

OPEN_STORIES = 3  # stories shown unfolded; the others open on a click (a large run stays short)


def esc(value: Any) -> str:
    """Escape anything for HTML text and quoted attribute positions."""
    return html.escape("" if value is None else str(value), quote=True)


@dataclass(frozen=True)
class Links:
    """Where links point: anchors inside the report file, or routes of ``recoupe serve``."""

    doc: Callable[[str, str | None], str]
    entity: Callable[[str], str]
    served: bool = False


FILE_LINKS = Links(
    doc=lambda doc_id, target: "#" + (target or doc_anchor(doc_id)),
    entity=lambda entity_id: "#" + "ent-" + re.sub(r"[^A-Za-z0-9_-]", "_", entity_id),
)


def served_links(prefix: str = "") -> Links:
    """Links for the web app: one page per document and per entity."""
    return Links(
        doc=lambda doc_id, target: f"{prefix}/documents/{quote(doc_id, safe='')}"
        + (f"#{target}" if target else ""),
        entity=lambda entity_id: f"{prefix}/entities/{quote(entity_id, safe='')}",
        served=True,
    )


# --------------------------------------------------------------------------- assets


def _file_assets(with_map: bool) -> list[Asset]:
    """Everything inline: report.html opens from a file URL with the network cut."""
    assets = [Asset("style", static_text("recoupe.css")),
              Asset("script", static_text("recoupe.js"))]
    leaflet_js, leaflet_css = vendor_text("leaflet.js"), vendor_text("leaflet.css")
    if with_map and leaflet_js and leaflet_css:
        assets += [Asset("style", leaflet_css), Asset("script", leaflet_js),
                   Asset("script", static_text("map.js"))]
    return assets


def served_assets(with_map: bool) -> list[Asset]:
    """The same files, linked: the server sends them once and browsers cache them."""
    assets = [Asset("style", src="/static/recoupe.css"), Asset("script", src="/static/recoupe.js")]
    if with_map and vendor_text("leaflet.js") is not None:
        assets += [Asset("style", src="/static/vendor/leaflet.css"),
                   Asset("script", src="/static/vendor/leaflet.js"),
                   Asset("script", src="/static/map.js")]
    return assets


# --------------------------------------------------------------------------- pages


def render(report: dict[str, Any], links: Links = FILE_LINKS, ui_lang: str | None = None) -> str:
    """The report dict as one self-contained HTML page (report.html)."""
    context = page_context(report, links, ui_lang)
    assets = _file_assets(bool(context["map"]["leaflet"]))
    return render_template("report.html", **context, assets=assets, csp=inline_csp(assets))


def base_context(s: Strings, ui_lang: str, title: str, nav: Sequence[tuple[str, str]],
                 docs: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """What every template reads: words, language, title, navigation, helpers."""
    docs = docs or {}
    return {
        "s": s, "ui_lang": ui_lang, "title": title, "nav": list(nav), "data_blocks": [],
        "docs": docs, "flash": None, "served": False,
        "outlet_name": lambda outlet, doc, d=docs: layout.outlet_name(outlet, doc, d),
        "doc_title": lambda doc_id, d=docs: d.get(doc_id, {}).get("title") or doc_id,
        "colours": svg.SERIES_COLOURS,
    }


def report_nav(s: Strings) -> list[tuple[str, str]]:
    return [("#stories", s.nav_stories), ("#timeline", s.nav_timeline), ("#map", s.nav_map),
            ("#entities", s.nav_entities), ("#framing", s.nav_framing),
            ("#claims", s.nav_claims), ("#documents", s.nav_documents)]


def page_context(report: dict[str, Any], links: Links, ui_lang: str | None = None,
                 nav: Sequence[tuple[str, str]] | None = None) -> dict[str, Any]:
    """Everything report.html lays out, from the report dict (the server reuses it)."""
    lang = ui_lang_for(ui_lang, report["overview"].get("languages"))
    s = strings(lang)
    docs = layout.document_labels(report["documents"])
    context = base_context(s, lang, s.report_title, nav or report_nav(s), docs)
    map_data = _map_context(report, links, s)
    document_views = report.get("document_views")
    context.update(
        report=report, links=links, stories=layout.story_views(report, docs, s),
        open_stories=OPEN_STORIES, map=map_data,
        timeline=_timeline(report["timeline_view"]),
        toll_charts=_toll_charts(report, docs),
        framing=layout.framing_rows(report["framing"], docs, s),
        errors=[{"cells": [e["input"], e["code"], e["reason"]]} for e in report["errors"]],
        document_views=None if document_views is None else [
            {**d, "runs_html": runs_html(d)} for d in document_views],
    )
    # The headline data as JSON for tools that read the page (figures as computed).
    context["data_blocks"].append(("recoupe-data", {
        "overview": report["overview"], "key_figures": report["key_figures"]}))
    if map_data["leaflet"]:
        context["data_blocks"].append(("recoupe-map", map_data["json"]))
    return context


def _timeline(tl: Mapping[str, Any]) -> dict[str, Any]:
    chart = svg.timeline_svg(tl["charted"])
    return {"chart": Markup(chart) if chart else None, "entries": tl["entries"]}  # noqa: S704


def _toll_charts(report: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]]
                 ) -> list[dict[str, Any]]:
    by_anchor = {v["anchor"]: v for v in report["comparison_views"]}
    charts = []
    for toll in report["tolls"]:
        view = by_anchor.get(toll["anchor"])
        series = layout.toll_series(view, docs) if view else []
        drawn = svg.toll_svg(series) if series else ""
        if not drawn:
            drawn = svg.toll_svg([{"name": "", "points": toll["points"], "headline": True}])
        if drawn:
            charts.append({**toll, "series": series, "svg": Markup(drawn)})  # noqa: S704
    return charts


def _map_context(report: Mapping[str, Any], links: Links, s: Strings) -> dict[str, Any]:
    points = report["map_points"]
    places, kinds = layout.map_places(points, report["comparison_views"])
    kind = layout.map_kind(kinds)
    borders = borders_around(points) if points else None
    leaflet = bool(points) and borders is not None and vendor_text("leaflet.js") is not None
    comparisons_page = "/" if links.served else ""
    for place in places:
        place["href"] = links.entity(place["id"])
        for toll in place["tolls"].values():
            toll["href"] = f"{comparisons_page}#{toll['anchor']}"
    fallback = "" if leaflet or not points else svg.map_svg(points, links.entity)
    return {
        "places": places, "kinds": kinds, "kind": kind, "leaflet": leaflet,
        "svg": Markup(fallback),  # noqa: S704 (svg.map_svg escapes every label)
        "json": {"places": places, "kind": kind, "borders": borders} if leaflet else None,
    }


def runs_html(d: Mapping[str, Any]) -> Markup:
    """A document's text with boilerplate greyed, claim sentences tinted, figures marked."""
    anchors = d["claim_anchors"]
    out = []
    for run in d["runs"]:
        marks = "".join(f"<a class='anchor' id='{esc(anchors[i])}' "
                        f"data-claim='{esc(anchors[i])}'></a>" for i in run["anchors"])
        text = esc(run["text"])
        if run["quantity"]:
            text = f"<mark class='q'>{text}</mark>"
        classes = [c for c, on in (("hd", run["header"]), ("bp", run["boilerplate"]),
                                   ("s", bool(run["sentence"]))) if on]
        if classes:
            data = (f" data-s='{esc(' '.join(anchors[i] for i in run['sentence']))}'"
                    if run["sentence"] else "")
            text = f"<span class='{' '.join(classes)}'{data}>{text}</span>"
        out.append(marks + text)
    return Markup("".join(out))  # noqa: S704 (every piece escaped above)
