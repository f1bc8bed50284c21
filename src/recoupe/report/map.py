"""Country borders and coastlines for the map, from Natural Earth (npm ``world-atlas``).

``make vendor`` copies world-atlas's ``countries-50m.json`` (TopoJSON, public domain
Natural Earth data) into the package. Here it is decoded to GeoJSON and cut down to the
countries around the places shown, coordinates rounded to about a kilometre, so that
report.html carries a few tens of kB of borders instead of the whole world.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import Any

from recoupe.report.templating import vendor_text

BORDERS_FILE = "countries-50m.json"
_MARGIN_DEG = 12.0  # countries this far around the places are drawn too (neighbours)
_DIGITS = 2


@cache
def world() -> tuple[dict[str, Any], ...] | None:
    """Every country as a GeoJSON feature with its bounding box (None when not built)."""
    text = vendor_text(BORDERS_FILE)
    if text is None:
        return None
    topo = json.loads(text)
    arcs = _decode_arcs(topo)
    objects = topo["objects"]["countries"]["geometries"]
    return tuple(f for g in objects if (f := _feature(g, arcs)) is not None)


def _decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs (delta-encoded, quantized) as lists of lon/lat points."""
    transform = topo.get("transform")
    out = []
    for arc in topo["arcs"]:
        if transform is None:
            out.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(indexes: Sequence[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)  # arcs share their end points
    return [[round(x, _DIGITS), round(y, _DIGITS)] for x, y in points]


def _feature(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]
             ) -> dict[str, Any] | None:
    """A country as its polygons, each with its own box (so an overseas part can go)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [[_ring(r, arcs) for r in geometry["arcs"]]]
    elif kind == "MultiPolygon":
        polygons = [[_ring(r, arcs) for r in poly] for poly in geometry["arcs"]]
    else:
        return None
    return {"name": (geometry.get("properties") or {}).get("name", ""),
            "parts": [(_box(poly[0]), poly) for poly in polygons if poly and poly[0]]}


def _box(ring: list[list[float]]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _thin(ring: list[list[float]], step: float) -> list[list[float]]:
    """Drop points closer than ``step`` degrees to the last kept one (ends kept)."""
    kept = [ring[0]]
    for point in ring[1:-1]:
        if abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= step:
            kept.append(point)
    kept.append(ring[-1])
    return kept if len(kept) >= 4 else ring


def borders_around(points: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The country polygons meeting the places' box widened by a margin, as GeoJSON,
    thinned to the detail a map of that extent can show."""
    features = world()
    if features is None:
        return None
    if not points:
        return {"type": "FeatureCollection", "features": []}
    lon0 = min(p["lon"] for p in points) - _MARGIN_DEG
    lon1 = max(p["lon"] for p in points) + _MARGIN_DEG
    lat0 = min(p["lat"] for p in points) - _MARGIN_DEG
    lat1 = max(p["lat"] for p in points) + _MARGIN_DEG
    step = max(lon1 - lon0, lat1 - lat0) / 400  # about one point per 2 px across 800 px
    kept = []
    for country in features:
        # A part wider than half the world runs along the antimeridian (Fiji, Chukotka,
        # Antarctica cut at ±180°): drawn on a flat map it is a band across the page.
        parts = [[_thin(ring, step) for ring in poly] for (x0, y0, x1, y1), poly
                 in country["parts"] if x0 <= lon1 and x1 >= lon0 and y0 <= lat1
                 and y1 >= lat0 and x1 - x0 < 180]
        if parts:
            kept.append({"type": "Feature", "properties": {"name": country["name"]},
                         "geometry": {"type": "MultiPolygon", "coordinates": parts}})
    return {"type": "FeatureCollection", "features": kept}
