"""Inline SVG charts for the report: the map of places and the timeline, drawn offline.

The SVG map (an equirectangular projection of the points' own box with a graticule) is
the fallback when the Leaflet map's assets are not built. Every label is escaped: a place
name is untrusted text. Labels are placed greedily and dropped (the tooltip keeps them)
where they would overlap another.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from html import escape
from typing import Any

from recoupe.partial_date import PartialDate

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
    """Dated happenings on one axis, one dot each, stacked when they share a day; each
    stack labelled with its first happening where the label has room (else its tooltip)."""
    days = [date.fromisoformat(e["day"]) for e in entries]
    if not days:
        return ""
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    stacks: dict[date, int] = {}
    dots, labels = [], Placer()
    for entry, day in sorted(zip(entries, days, strict=True), key=lambda t: t[1]):
        level = stacks.get(day, 0)
        stacks[day] = level + 1
        x = 45 + (width - 90) * (day - first).days / span
        y = 92 - 11 * min(level, 4)
        dots.append(f"<circle class='ev' cx='{_fmt(x)}' cy='{y}' r='5'><title>"
                    f"{esc(entry['date'])}: {esc(entry['summary'])}</title></circle>")
        if level == 0:
            text = _short(entry["summary"], 22)
            for row in range(3):
                ly = 14 + 13 * row
                if labels.take(x - 3, ly - 10, x - 3 + 5.6 * len(text), ly + 2, width):
                    dots.append(f"<line class='tick' x1='{_fmt(x)}' y1='{ly + 2}' "
                                f"x2='{_fmt(x)}' y2='{y - 6}' stroke-dasharray='2 2'/>"
                                f"<text class='evl' x='{_fmt(x - 3)}' y='{ly}'>{esc(text)}"
                                "</text>")
                    break
    ticks = _date_ticks(first, last, width, 102)
    return (f"<svg class='chart' viewBox='0 0 {width} 124' role='img' aria-label='timeline' "
            f"xmlns='http://www.w3.org/2000/svg'><line class='axis' x1='45' y1='102' "
            f"x2='{width - 45}' y2='102'/>{ticks}{''.join(dots)}</svg>")


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


class Placer:
    """Greedy label placement: a box is taken only when it meets no box already taken."""

    def __init__(self) -> None:
        self.boxes: list[tuple[float, float, float, float]] = []

    def take(self, x0: float, y0: float, x1: float, y1: float, width: float = 1e9) -> bool:
        if x0 < 0 or x1 > width:
            return False
        if any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in self.boxes):
            return False
        self.boxes.append((x0, y0, x1, y1))
        return True


def _date_ticks(first: date, last: date, width: int, axis_y: int = 62) -> str:
    """Date labels along the axis, as many as fit without touching (about 70 px each)."""
    span = max((last - first).days, 1)
    room = max(1, min(span, (width - 90) // 70))
    same_year = first.year == last.year
    out, placer = [], Placer()
    for i in range(room + 1):
        day = date.fromordinal(first.toordinal() + round(span * i / room))
        x = 45 + (width - 90) * (day - first).days / span
        text = day.isoformat()[5:] if same_year else day.isoformat()
        if not placer.take(x - 3.2 * len(text), 0, x + 3.2 * len(text), 1):
            continue
        out.append(f"<line class='tick' x1='{_fmt(x)}' y1='{axis_y - 2}' x2='{_fmt(x)}' "
                   f"y2='{axis_y + 4}'/><text class='gl' x='{_fmt(x)}' y='{axis_y + 16}' "
                   f"text-anchor='middle'>{text}</text>")
    return "".join(out)


SERIES_COLOURS = ("#a93226", "#1f3a5f", "#1b6e3c", "#8a5300", "#6c3483", "#117a8b")


def toll_svg(series: Sequence[dict[str, Any]], width: int = 360, height: int = 150) -> str:
    """One toll over time, one step line per source line (lineage): the headline's line
    solid and thick, disputing lines dashed; each point has a tooltip, values are written
    where they do not collide, dates along the axis where they fit."""
    dated = [(s, [(d, p) for p in s["points"] if (d := _day(p["date"])) is not None])
             for s in series]
    dated = [(s, pts) for s, pts in dated if pts]
    days = [d for _, pts in dated for d, _ in pts]
    if len(set(days)) < 2:
        return ""
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    top = max(p["value"] for _, pts in dated for _, p in pts) or 1
    plot_h = height - 50

    def xy(day: date, value: int) -> tuple[float, float]:
        return 40 + (width - 70) * (day - first).days / span, 20 + plot_h * (1 - value / top)

    lines, marks, placer = [], [], Placer()
    for index, (s, pts) in enumerate(dated):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        coords = [xy(d, p["value"]) for d, p in sorted(pts, key=lambda t: t[0])]
        dash = " stroke-dasharray='5 3'" if s.get("disputes") else ""
        thick = " stroke-width='3'" if s.get("headline") else ""
        if len(coords) > 1:
            lines.append(f"<polyline class='tl' stroke='{colour}'{dash}{thick} points='"
                         + " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in _steps(coords)) + "'/>")
        for (x, y), (d, p) in zip(coords, sorted(pts, key=lambda t: t[0]), strict=True):
            value = f"{p['value']:,}".replace(",", "\u202f")
            tip = f"{s['name']} · {d.isoformat()} · {value}"
            # A disputing figure is a hollow ring, dashed like its line.
            look = (f"r='4' fill='#fff' stroke='{colour}' stroke-width='2'{dash}"
                    if s.get("disputes") else f"r='3.5' fill='{colour}'")
            marks.append(f"<circle cx='{_fmt(x)}' cy='{_fmt(y)}' {look}>"
                         f"<title>{esc(tip)}</title></circle>")
            w = 6.2 * len(value)
            for dy in (-7, 14):
                if placer.take(x - w / 2, y + dy - 10, x + w / 2, y + dy + 1):
                    marks.append(f"<text class='tv' x='{_fmt(x)}' y='{_fmt(y + dy)}' "
                                 f"text-anchor='middle' fill='{colour}'>{value}</text>")
                    break
    axis = (f"<line class='axis' x1='40' y1='{height - 28}' x2='{width - 30}' "
            f"y2='{height - 28}'/>")
    return (f"<svg class='toll' viewBox='0 0 {width} {height}' role='img' "
            f"xmlns='http://www.w3.org/2000/svg'>{axis}"
            + _date_ticks_in(first, last, width, height - 28) + "".join(lines)
            + "".join(marks) + "</svg>")


def _steps(coords: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """A figure holds until the next one is said: horizontal then vertical segments."""
    out = [coords[0]]
    for x, y in coords[1:]:
        out += [(x, out[-1][1]), (x, y)]
    return out


def _date_ticks_in(first: date, last: date, width: int, axis_y: int) -> str:
    span = max((last - first).days, 1)
    room = max(1, min(span, (width - 70) // 60))
    same_year = first.year == last.year
    out, placer = [], Placer()
    for i in range(room + 1):
        day = date.fromordinal(first.toordinal() + round(span * i / room))
        x = 40 + (width - 70) * (day - first).days / span
        text = day.isoformat()[5:] if same_year else day.isoformat()
        if placer.take(x - 3.3 * len(text), 0, x + 3.3 * len(text), 1):
            out.append(f"<text class='gl' x='{_fmt(x)}' y='{axis_y + 14}' "
                       f"text-anchor='middle'>{text}</text>")
    return "".join(out)


def _day(text: str | None) -> date | None:
    """A day-precise date, else None: a month or a year is no point on a day axis."""
    parsed = PartialDate.read(text)
    return parsed.start if parsed and parsed.precision == "day" else None
