"""Inline SVG charts for the report: the map of places and the timeline, drawn offline.

The map is an equirectangular projection of the points' own bounding box with a
graticule: no tile server and no country outline (no small PyPI package was found that
ships outlines in plain lat/lon). Every label is escaped: a place name is untrusted text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from html import escape
from typing import Any

MAP_W, MAP_H_MAX = 760, 460
_STEPS = (0.5, 1, 2, 5, 10, 15, 30)


def esc(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _fmt(n: float) -> str:
    return f"{n:.1f}".rstrip("0").rstrip(".")


def _bbox(points: Sequence[dict[str, Any]]) -> tuple[float, float, float, float]:
    """Lon/lat box around the points, padded, at least 8° wide so a lone city has context."""
    lons = [p["lon"] for p in points]
    lats = [p["lat"] for p in points]
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    pad_lon = max((lon1 - lon0) * 0.15, 4 - (lon1 - lon0) / 2, 1.0)
    pad_lat = max((lat1 - lat0) * 0.15, 3 - (lat1 - lat0) / 2, 1.0)
    return (max(lon0 - pad_lon, -180), min(lon1 + pad_lon, 180),
            max(lat0 - pad_lat, -85), min(lat1 + pad_lat, 85))


def map_svg(points: Sequence[dict[str, Any]], href: Callable[[str], str]) -> str:
    """Points sized by the largest toll said there (area ∝ figure), labelled, on a graticule."""
    if not points:
        return "<p class='muted'>No geocoded place.</p>"
    lon0, lon1, lat0, lat1 = _bbox(points)
    # Equirectangular with the width of a degree of longitude shrunk at the box's latitude.
    squash = math.cos(math.radians((lat0 + lat1) / 2))
    scale = MAP_W / ((lon1 - lon0) * squash)
    height = min(MAP_H_MAX, max(200, (lat1 - lat0) * scale))
    scale_y = height / (lat1 - lat0)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - lon0) * squash * scale, (lat1 - lat) * scale_y

    parts = [f"<svg class='map' viewBox='0 0 {MAP_W} {_fmt(height)}' role='img' "
             f"aria-label='map of places' xmlns='http://www.w3.org/2000/svg'>",
             f"<rect width='{MAP_W}' height='{_fmt(height)}' class='sea'/>"]
    parts += _graticule(lon0, lon1, lat0, lat1, xy, height)
    top = max((p["figure"] or 0) for p in points) or 1
    for p in sorted(points, key=lambda p: -(p["figure"] or 0)):
        x, y = xy(p["lon"], p["lat"])
        r = 3 + 17 * math.sqrt((p["figure"] or 0) / top)
        label = p["name"] + (f" ({p['figure']:,})".replace(",", "\u202f") if p["figure"] else "")
        tip = f"{p['name']}: {p['claims']} claims, {p['mentions']} mentions"
        parts.append(
            f"<a href='{esc(href(p['id']))}'><g class='pt'><circle cx='{_fmt(x)}' cy='{_fmt(y)}' "
            f"r='{_fmt(r)}'><title>{esc(tip)}</title></circle>"
            f"<text x='{_fmt(x + r + 3)}' y='{_fmt(y + 4)}'>{esc(label)}</text></g></a>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _graticule(lon0: float, lon1: float, lat0: float, lat1: float,
               xy: Callable[[float, float], tuple[float, float]], height: float) -> list[str]:
    step = next((s for s in _STEPS if (lon1 - lon0) / s <= 8), 60)
    out = []
    lon = math.ceil(lon0 / step) * step
    while lon <= lon1:
        x, _ = xy(lon, lat0)
        out.append(f"<line class='grid' x1='{_fmt(x)}' y1='0' x2='{_fmt(x)}' "
                   f"y2='{_fmt(height)}'/><text class='gl' x='{_fmt(x + 2)}' "
                   f"y='{_fmt(height - 4)}'>{_fmt(lon)}°</text>")
        lon += step
    lat = math.ceil(lat0 / step) * step
    while lat <= lat1:
        _, y = xy(lon0, lat)
        out.append(f"<line class='grid' x1='0' y1='{_fmt(y)}' x2='{MAP_W}' y2='{_fmt(y)}'/>"
                   f"<text class='gl' x='2' y='{_fmt(y - 2)}'>{_fmt(lat)}°</text>")
        lat += step
    return out


def timeline_svg(entries: Sequence[dict[str, Any]], width: int = 760) -> str:
    """Dated happenings on one axis, one dot each, stacked when they share a day."""
    days = [date.fromisoformat(e["day"]) for e in entries]
    if not days:
        return "<p class='muted'>No dated happening to chart.</p>"
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    stacks: dict[date, int] = {}
    dots = []
    for entry, day in sorted(zip(entries, days, strict=True), key=lambda t: t[1]):
        level = stacks.get(day, 0)
        stacks[day] = level + 1
        x = 45 + (width - 90) * (day - first).days / span
        y = 52 - 11 * min(level, 4)
        dots.append(f"<circle class='ev' cx='{_fmt(x)}' cy='{y}' r='5'><title>"
                    f"{esc(entry['date'])}: {esc(entry['summary'])}</title></circle>")
    ticks = _date_ticks(first, last, width)
    return (f"<svg class='chart' viewBox='0 0 {width} 84' role='img' aria-label='timeline' "
            f"xmlns='http://www.w3.org/2000/svg'><line class='axis' x1='45' y1='62' "
            f"x2='{width - 45}' y2='62'/>{ticks}{''.join(dots)}</svg>")


def _date_ticks(first: date, last: date, width: int) -> str:
    span = max((last - first).days, 1)
    out = []
    for i in range(5 if span > 4 else span + 1):
        day = date.fromordinal(first.toordinal() + round(span * i / max(4 if span > 4 else span,
                                                                        1)))
        x = 45 + (width - 90) * (day - first).days / span
        out.append(f"<line class='tick' x1='{_fmt(x)}' y1='60' x2='{_fmt(x)}' y2='66'/>"
                   f"<text class='gl' x='{_fmt(x)}' y='78' text-anchor='middle'>"
                   f"{day.isoformat()}</text>")
    return "".join(out)


def toll_svg(points: Sequence[dict[str, Any]], width: int = 360, height: int = 110) -> str:
    """One toll's figures over time: a step line through its dated values, each labelled."""
    days = [date.fromisoformat(p["date"][:10]) if len(p["date"]) >= 10 else None
            for p in points]
    dated = [(d, p["value"]) for d, p in zip(days, points, strict=True) if d is not None]
    if len(dated) < 2:
        return ""
    first, last = dated[0][0], dated[-1][0]
    span = max((last - first).days, 1)
    top = max(v for _, v in dated) or 1
    coords = [(30 + (width - 60) * (d - first).days / span, height - 25 - (height - 45) * v / top)
              for d, v in dated]
    line = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords)
    labels = "".join(
        f"<circle class='tp' cx='{_fmt(x)}' cy='{_fmt(y)}' r='3.5'/>"
        f"<text class='tv' x='{_fmt(x)}' y='{_fmt(y - 7)}' text-anchor='middle'>"
        f"{v:,}</text>".replace(",", "\u202f")
        + f"<text class='gl' x='{_fmt(x)}' y='{height - 8}' text-anchor='middle'>"
        f"{d.isoformat()[5:]}</text>"
        for (x, y), (d, v) in zip(coords, dated, strict=True)
    )
    return (f"<svg class='toll' viewBox='0 0 {width} {height}' role='img' "
            f"xmlns='http://www.w3.org/2000/svg'><polyline class='tl' points='{line}'/>"
            f"{labels}</svg>")
