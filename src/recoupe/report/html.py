"""The self-contained report.html: one report dict rendered, every text escaped."""

from __future__ import annotations

import html
import json
from typing import Any

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}.q{background:#fff3b0;font-weight:600}.muted{color:#777}
"""


def esc(value: Any) -> str:
    """Escape anything for HTML text and attribute positions."""
    return html.escape("" if value is None else str(value), quote=True)


def render(report: dict[str, Any]) -> str:
    """The report dict as one HTML page with no external resource."""
    rows = []
    for c in report.get("claims", []):
        sentence = c["sentence"]
        s0 = c["span"][0] - (c.get("sentence_span") or [c["span"][0]])[0]
        s1 = s0 + (c["span"][1] - c["span"][0])
        highlighted = (esc(sentence[:s0]) + '<span class="q">' + esc(sentence[s0:s1])
                       + "</span>" + esc(sentence[s1:])) if 0 <= s0 <= s1 <= len(sentence) \
            else esc(sentence)
        rows.append(
            "<tr>" + "".join(f"<td>{esc(v)}</td>" for v in (
                c["doc"], c["kind"], c["group"], c["qualifier"], c["low"], c["high"],
                (c.get("place") or {}).get("name"), (c.get("source") or {}).get("name"),
                c.get("outlet"),
            )) + f"<td>{highlighted}</td></tr>"
        )
    docs = "".join(
        f"<tr><td>{esc(d['id'])}</td><td>{esc(d.get('outlet'))}</td><td>{esc(d.get('title'))}"
        f"</td><td>{esc(d.get('published'))}</td><td>{esc(d.get('lang'))}</td></tr>"
        for d in report.get("documents", [])
    )
    data = json.dumps(report.get("summary", {}), ensure_ascii=False).replace("<", "\\u003c")
    return (
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
        "<title>recoupe report</title>"
        f"<style>{_CSS}</style></head><body><h1>recoupe report</h1>"
        f"<h2>Documents</h2><table><tr><th>id</th><th>outlet</th><th>title</th>"
        f"<th>published</th><th>lang</th></tr>{docs}</table>"
        "<h2>Claims</h2><table><tr><th>doc</th><th>kind</th><th>group</th><th>qualifier</th>"
        "<th>low</th><th>high</th><th>place</th><th>source</th><th>outlet</th>"
        f"<th>sentence</th></tr>{''.join(rows)}</table>"
        f"<script type='application/json' id='summary'>{data}</script></body></html>"
    )
