"""The report dict laid out as HTML: the self-contained report.html and the served pages.

Nothing here computes a figure (see :mod:`recoupe.report.views`). Everything that comes
from an article — text, titles, outlet and place names, URLs, ids — is untrusted: it
reaches the page only through :func:`esc` (text and attributes), :func:`safe_href`
(links: http and https only) or :func:`script_json` (inline JSON). A Content-Security-
Policy allowing only this module's own script is a second line of defence.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from recoupe.report import svg
from recoupe.report.views import doc_anchor

_CSS = """
:root{--ink:#1d2228;--muted:#6b7280;--line:#e3e5e8;--hl:#ffe27a;--tg:#fff4c2}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--ink);
background:#fafafa}
header.top{background:#1f3a5f;color:#fff;padding:.8rem 1.5rem;position:sticky;top:0;z-index:5}
header.top h1{font-size:1.2rem;margin:0 1.5rem 0 0;display:inline-block}
header.top nav{display:inline}
header.top a{color:#dce7f5;margin-right:1rem;text-decoration:none;font-size:.92rem}
main{max-width:1150px;margin:0 auto;padding:1rem 1.5rem 4rem}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:1rem 1.2rem;
margin:1.2rem 0}
h2{font-size:1.15rem;margin:.2rem 0 .8rem}h3{font-size:1rem;margin:.6rem 0}
table{border-collapse:collapse;width:100%;margin:.4rem 0;font-size:.93rem}
th,td{border-bottom:1px solid var(--line);padding:.32rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f4f6;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:var(--muted)}.small{font-size:.85rem}
.cards{display:flex;flex-wrap:wrap;gap:.6rem}
.card{border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem;min-width:9rem}
.card b{display:block;font-size:1.3rem}
.badge{display:inline-block;border-radius:999px;padding:0 .55rem;font-size:.8rem;
font-weight:600;color:#fff;background:#6b7280}
.st-conflict{background:#c0392b}.st-update{background:#d68910}.st-agree{background:#1e8449}
.st-single{background:#7f8c8d}
mark.q,.q{background:var(--hl);font-weight:600;padding:0 .1rem;border-radius:2px}
.cmp{border-top:1px solid var(--line);padding:.6rem 0}
.cmp .claims{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:.6rem}
.claim{border:1px solid var(--line);border-left:4px solid #1f3a5f;border-radius:4px;
padding:.45rem .6rem;font-size:.92rem}
.claim .meta{color:var(--muted);font-size:.82rem}
a.claim-link{color:inherit;text-decoration:none}a.claim-link:hover{text-decoration:underline}
.doc{border-top:2px solid var(--line);padding-top:.6rem;margin-top:1rem}
.text{white-space:pre-wrap;font-family:Georgia,serif;font-size:.98rem;line-height:1.6}
.bp{color:#a3a8b0}.hd{color:#8a6d3b}
.s{background:#eef4fb}.s.target{background:var(--tg);outline:2px solid #e0b400}
svg{max-width:100%;height:auto;display:block}
svg .sea{fill:#eef4f8}svg .grid{stroke:#c9d6e2;stroke-width:.6}
svg .gl{font-size:10px;fill:#7b8794}svg .pt circle{fill:#c0392b;fill-opacity:.55;stroke:#7b241c}
svg .pt text{font-size:12px;fill:#1d2228}svg .axis,svg .tick{stroke:#7b8794}
svg .ev{fill:#1f3a5f;fill-opacity:.7}svg .tl{fill:none;stroke:#c0392b;stroke-width:2}
svg .tp{fill:#c0392b}svg .tv{font-size:11px;font-weight:600}
.tolls{display:flex;flex-wrap:wrap;gap:1rem}.tolls figure{margin:0;width:360px}
form.inline{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
form label{display:flex;flex-direction:column;font-size:.85rem}
textarea{width:100%;min-height:9rem;font:inherit}
.flash{background:#e8f6ee;border:1px solid #1e8449;padding:.5rem .8rem;border-radius:4px}
.error{background:#fdecea;border:1px solid #c0392b;padding:.5rem .8rem;border-radius:4px}
"""

# Brings a claim's whole sentence into view and colours it when its anchor is the target.
_JS = """
function recoupeFocus(){
  var id=decodeURIComponent(location.hash.slice(1));
  document.querySelectorAll('.s.target').forEach(function(e){e.classList.remove('target');});
  var a=id&&document.getElementById(id);
  if(!a||!a.dataset.claim){return;}
  document.querySelectorAll('[data-s~="'+a.dataset.claim+'"]').forEach(function(e){
    e.classList.add('target');});
  a.scrollIntoView({block:'center'});
}
window.addEventListener('hashchange',recoupeFocus);
document.addEventListener('DOMContentLoaded',recoupeFocus);
"""
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_JS.encode()).digest()).decode()
CSP = (f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
       f"script-src '{SCRIPT_HASH}'; form-action 'self'; base-uri 'none'")

_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def esc(value: Any) -> str:
    """Escape anything for HTML text and quoted attribute positions."""
    return html.escape("" if value is None else str(value), quote=True)


def safe_href(url: str | None) -> str | None:
    """The URL when it is a plain http(s) address, else None (javascript:, data:… dropped).

    Browsers ignore control characters and spaces inside a scheme ("java\\tscript:"), so
    they are stripped before the scheme is read.
    """
    if not url:
        return None
    cleaned = _CONTROL.sub("", url)
    parts = urlsplit(cleaned)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return cleaned


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no "</script>", no "<!--", no line separators."""
    text = json.dumps(data, ensure_ascii=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def num(value: int | float | None) -> str:
    """A figure written the French way, with thin spaces between thousands."""
    if value is None:
        return "—"
    return f"{value:,}".replace(",", "\u202f")


def span_text(low: int | None, high: int | None) -> str:
    """A range as a reader says it: "120", "120 – 450", "≥ 120" (no upper bound)."""
    if high is None:
        return f"≥ {num(low)}" if low is not None else "—"
    if low is None or low == high:
        return num(high)
    return f"{num(low)} – {num(high)}"


@dataclass(frozen=True)
class Links:
    """Where links point: anchors inside the report file, or routes of ``recoupe serve``."""

    doc: Callable[[str, str | None], str]
    entity: Callable[[str], str]


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
    )


# --------------------------------------------------------------------------- page


def page(title: str, body: str, nav: Sequence[tuple[str, str]] = (), data: Any = None) -> str:
    """A whole HTML page: inline style and script, a CSP, and optional inline JSON data."""
    links = "".join(f"<a href='{esc(href)}'>{esc(label)}</a>" for href, label in nav)
    blob = (f"<script type='application/json' id='recoupe-data'>{script_json(data)}</script>"
            if data is not None else "")
    return (
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{esc(title)}</title><style>{_CSS}</style><script>{_JS}</script></head>"
        f"<body><header class='top'><h1>{esc(title)}</h1><nav>{links}</nav></header>"
        f"<main>{body}</main>{blob}</body></html>"
    )


NAV = (("#overview", "Overview"), ("#key-figures", "Key figures"),
       ("#comparisons", "Comparisons"), ("#timeline", "Timeline"), ("#map", "Map"),
       ("#entities", "Entities"), ("#framing", "Framing"), ("#documents", "Documents"))


def render(report: dict[str, Any], links: Links = FILE_LINKS) -> str:
    """The report dict as one self-contained HTML page (report.html)."""
    body = "".join((
        overview_section(report["overview"]),
        key_figures_section(report["key_figures"]),
        comparisons_section(report["comparison_views"], links),
        timeline_section(report["timeline_view"], report["tolls"], links),
        map_section(report["map_points"], links),
        entities_section(report["entity_table"], links),
        framing_section(report["framing_table"]),
        *(abridged_sections(a) if (a := report.get("abridged")) else (
            claims_section(report["claim_views"], links),
            documents_section(report["document_views"]))),
        errors_section(report["errors"]),
    ))
    return page("recoupe report", body, NAV, data={
        "overview": report["overview"], "key_figures": report["key_figures"],
    })


# --------------------------------------------------------------------------- sections


def section(sid: str, title: str, inner: str) -> str:
    return f"<section id='{esc(sid)}'><h2>{esc(title)}</h2>{inner}</section>"


def table(headers: Sequence[str], rows: Sequence[str], cls: str = "") -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    return f"<table class='{esc(cls)}'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}" \
           "</tbody></table>"


def badge(status: str) -> str:
    return f"<span class='badge st-{esc(status)}'>{esc(status)}</span>"


def overview_section(o: dict[str, Any]) -> str:
    span = " → ".join(o["date_span"]) if o["date_span"] else "—"
    languages = ", ".join(f"{k} ({v})" for k, v in o["languages"].items()) or "—"
    statuses = ", ".join(f"{v} {k}" for k, v in o["statuses"].items()) or "—"
    cards = [("stories", num(o["stories"])), ("documents", num(o["documents"])),
             ("claims", num(o["claims"])), ("comparisons", num(o["comparisons"])),
             ("outlets", num(len(o["outlets"])))]
    inner = "<div class='cards'>" + "".join(
        f"<div class='card'><b>{v}</b>{esc(k)}</div>" for k, v in cards) + "</div>"
    inner += (f"<p><b>Outlets:</b> {esc(', '.join(o['outlets']) or '—')}<br>"
              f"<b>Languages:</b> {esc(languages)}<br><b>Published:</b> {esc(span)}<br>"
              f"<b>Comparisons:</b> {esc(statuses)}</p>")
    return section("overview", "Overview", inner)


def key_figures_section(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return section("key-figures", "Key figures",
                       "<p class='muted'>No comparison: no figure was found in two sources."
                       "</p>")
    body = [
        f"<tr class='kf' data-kind='{esc(r['kind'])}' "
        f"data-status='{esc(r['status'])}' data-values='{esc(' '.join(map(str, r['values'])))}'>"
        f"<td>{esc(r['kind'])}</td><td>{esc(r['group'])}</td><td>{esc(r['place'] or '—')}</td>"
        f"<td class='n'><b>{num(r['value'])}</b></td>"
        f"<td class='n'>{span_text(r['low'], r['high'])}</td>"
        f"<td class='n'>{esc(' / '.join(num(v) for v in r['values']))}</td>"
        f"<td>{badge(r['status'])}</td><td class='n'>{r['sources']}</td>"
        f"<td><a href='#{esc(r['anchor'])}'>see claims</a></td></tr>"
        for r in rows
    ]
    return section("key-figures", "Key figures", table(
        ("kind", "group", "place", "figure", "range", "values said", "status", "sources", ""),
        body, "key-figures"))


def claim_card(c: dict[str, Any], links: Links) -> str:
    s = c["sentence"]
    source = c["source"] or "—"
    outlet = c["outlet"] or c["doc"]
    return (
        f"<div class='claim' data-claim='{esc(c['id'])}'>"
        f"<div class='meta'><b>{esc(outlet)}</b> · source: {esc(source)} · as of "
        f"{esc(c['as_of'] or '?')} · {esc(c['qualifier'])}</div>"
        f"<div><a class='claim-link' href='{esc(links.doc(c['doc'], c['anchor']))}'>"
        f"{esc(s['before'])}<mark class='q'>{esc(s['quantity'])}</mark>{esc(s['after'])}"
        "</a></div></div>"
    )


def comparisons_section(views: Sequence[dict[str, Any]], links: Links) -> str:
    if not views:
        return section("comparisons", "Comparisons", "<p class='muted'>None.</p>")
    blocks = []
    for v in views:
        place = f" · {esc(v['place'])}" if v["place"] else ""
        period = f" · {esc(v['period'])}" if v["period"] else ""
        blocks.append(
            f"<div class='cmp' id='{esc(v['anchor'])}'><h3>{badge(v['status'])} "
            f"{esc(v['kind'])} · {esc(v['group'])}{place}{period} — "
            f"<span class='q'>{num(v['value'])}</span> "
            f"<span class='muted small'>(range {span_text(v['low'], v['high'])}, "
            f"{v['sources']} sources)</span></h3>"
            f"<p class='small muted'>{esc(v['note'])}</p><div class='claims'>"
            + "".join(claim_card(c, links) for c in v["claims"]) + "</div></div>"
        )
    return section("comparisons", "Comparisons: the claims side by side", "".join(blocks))


def timeline_section(tl: dict[str, Any], tolls: Sequence[dict[str, Any]], links: Links) -> str:
    chart = svg.timeline_svg(tl["charted"])
    figures = "".join(
        f"<figure><figcaption><a href='#{esc(t['anchor'])}'>{esc(t['kind'])} · "
        f"{esc(t['group'])}{' · ' + esc(t['place']) if t['place'] else ''}</a> "
        f"{badge(t['status'])}</figcaption>{svg.toll_svg(t['points'])}</figure>"
        for t in tolls
    )
    rows = [
        f"<tr><td>{esc(e['date'])}</td><td>{esc(e['summary'])}</td><td class='small'>"
        + ", ".join(f"<a href='{esc(links.doc(m['doc'], None))}'>{esc(m['doc'])}</a>"
                    for m in e["mentions"][:6])
        + "</td></tr>"
        for e in tl["entries"]
    ]
    inner = chart
    if figures:
        inner += f"<h3>How the tolls moved</h3><div class='tolls'>{figures}</div>"
    inner += "<details><summary>All dated happenings</summary>" + table(
        ("date", "what", "documents"), rows) + "</details>"
    return section("timeline", "Timeline", inner)


def map_section(points: Sequence[dict[str, Any]], links: Links) -> str:
    inner = svg.map_svg(points, links.entity)
    inner += ("<p class='small muted'>Circle area follows the largest toll reported at a place;"
              " small dots are places named without a toll.</p>")
    return section("map", "Map", inner)


def entities_section(rows: Sequence[dict[str, Any]], links: Links) -> str:
    body = [
        f"<tr id='{esc(r['anchor'])}'><td><a href='{esc(links.entity(r['id']))}'>"
        f"{esc(r['canonical'])}</a></td><td>{esc(r['type'])}</td>"
        f"<td>{esc(', '.join(r['forms']))}</td><td class='n'>{r['mentions']}</td>"
        f"<td class='n'>{r['documents']}</td></tr>"
        for r in rows
    ]
    return section("entities", "Entities", table(
        ("name", "type", "other spellings", "mentions", "documents"), body))


def framing_section(framing: dict[str, Any]) -> str:
    if not framing["rows"]:
        return section("framing", "Framing", "<p class='muted'>No framing data.</p>")
    body = ["<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>"
            for row in framing["rows"]]
    return section("framing", "Framing: who calls them what", table(framing["columns"], body))


def claims_section(claims: Sequence[dict[str, Any]], links: Links, open_: bool = False) -> str:
    body = [
        f"<tr><td>{esc(c['kind'])}</td><td>{esc(c['group'])}</td>"
        f"<td class='n'>{num(c['figure'])}</td><td>{esc(c['quantity_text'])}</td>"
        f"<td>{esc(c['place'] or '')}</td><td>{esc(c['source'] or '')}</td>"
        f"<td>{esc(c['outlet'] or '')}</td><td>{esc(c['as_of'] or '')}</td>"
        f"<td><a class='claim-link' href='{esc(links.doc(c['doc'], c['anchor']))}'>"
        f"{esc(c['sentence']['before'][-60:])}<mark class='q'>{esc(c['sentence']['quantity'])}"
        f"</mark>{esc(c['sentence']['after'][:60])}</a></td></tr>"
        for c in claims
    ]
    inner = (f"<details{' open' if open_ else ''}><summary>{len(claims)} claims</summary>"
             + table(("kind", "group", "figure", "as written", "place", "source", "outlet",
                      "as of", "sentence"), body, "claims") + "</details>")
    return section("claims", "Every claim", inner)


def document_block(d: dict[str, Any]) -> str:
    href = safe_href(d["url"])
    link = (f" · <a href='{esc(href)}' rel='noopener noreferrer nofollow'>{esc(href)}</a>"
            if href else "")
    return (
        f"<div class='doc' id='{esc(d['anchor'])}'><h3>{esc(d['title'] or d['id'])}</h3>"
        f"<p class='small muted'>{esc(d['id'])} · {esc(d['outlet'] or 'outlet unknown')} · "
        f"{esc(d['published'] or 'date unknown')} · {esc(d['lang'] or '?')} · "
        f"{d['claims']} claims{link}</p><div class='text'>{runs_html(d)}</div></div>"
    )


def runs_html(d: dict[str, Any]) -> str:
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
    return "".join(out)


def abridged_sections(a: dict[str, Any]) -> tuple[str, str]:
    """What stands for the claim list and the article texts of a run too large to show."""
    note = (f"<p>{num(a['documents'])} documents and {num(a['claims'])} claims: more than "
            f"the {num(a['texts_up_to'])} documents this page shows in full. Every claim is "
            "in <code>claims.jsonl</code>, every document in <code>documents.jsonl</code>; "
            "<code>recoupe serve</code> browses them with filters.</p>")
    return section("claims", "Every claim", note), section("documents", "Documents", note)


def documents_section(docs: Sequence[dict[str, Any]]) -> str:
    inner = ("<p class='small muted'>Grey: boilerplate left out of the analysis. Tinted: "
             "sentences a figure was read from; yellow: the figure.</p>"
             + "".join(document_block(d) for d in docs))
    return section("documents", "Documents", inner)


def errors_section(errors: Sequence[dict[str, Any]]) -> str:
    if not errors:
        return ""
    body = [f"<tr><td>{esc(e['input'])}</td><td>{esc(e['code'])}</td><td>{esc(e['reason'])}"
            "</td></tr>" for e in errors]
    return section("errors", "Inputs not analysed", table(("input", "code", "reason"), body))
