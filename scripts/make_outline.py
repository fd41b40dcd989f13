"""Make handbill/geo/outline.json, the simplified coastline the regions and venue maps are drawn from.

Run once (the result is committed; the build never runs this and never fetches anything):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/make_outline.py package/countries-50m.json handbill/geo/outline.json

Source: the npm package world-atlas 2.0.2 (ISC licence, Michael Bostock), which repackages Natural
Earth 4.1.0 1:50m admin-0 countries as TopoJSON; Natural Earth is in the public domain ("No permission
is needed to use Natural Earth"; optional credit: "Made with Natural Earth").  See docs/sources.md.

What it does: decodes the TopoJSON arcs of Indonesia and its neighbours, clips every ring to the map's
box, simplifies it (Douglas-Peucker, TOLERANCE degrees), drops islands smaller than MIN_AREA square
degrees, and rounds coordinates to two decimals (about 1 km).  Output: plain JSON, longitude/latitude.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: The map's box: west, south, east, north (degrees).
BOX = (94.0, -11.8, 141.8, 7.2)
TOLERANCE = 0.06
MIN_AREA = 0.015
#: ISO 3166-1 numeric ids in world-atlas → the codes written out.
COUNTRIES = {"360": "ID", "458": "MY", "096": "BN", "626": "TL", "598": "PG", "702": "SG", "608": "PH"}

Point = tuple[float, float]


def decode_arcs(topo: dict) -> list[list[Point]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    out: list[Point] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        out.extend(points if not out else points[1:])
    return out


def clip(points: list[Point], box: tuple[float, float, float, float]) -> list[Point]:
    """Sutherland-Hodgman against the box."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _y(a, b, north)),
    ]
    for inside, cut in edges:
        if not points:
            break
        out: list[Point] = []
        prev = points[-1]
        for p in points:
            if inside(p):
                if not inside(prev):
                    out.append(cut(prev, p))
                out.append(p)
            elif inside(prev):
                out.append(cut(prev, p))
            prev = p
        points = out
    return points


def _x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points: list[Point], tol: float) -> list[Point]:
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        worst, at = 0.0, -1
        for i in range(a + 1, b):
            x0, y0 = points[i]
            d = abs(dy * x0 - dx * y0 + x2 * y1 - y2 * x1) / norm if norm else ((x0 - x1) ** 2 + (y0 - y1) ** 2) ** 0.5
            if d > worst:
                worst, at = d, i
        if worst > tol and at > 0:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(points: list[Point]) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, points[1:] + points[:1], strict=True))) / 2


def main(source: Path, target: Path) -> None:
    topo = json.loads(source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    countries: dict[str, list[list[list[float]]]] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        code = COUNTRIES.get(str(geom.get("id")))
        if code is None:
            continue
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        rings = []
        for polygon in polygons:
            outer = clip(ring(arcs, polygon[0]), BOX)  # holes (lakes) are left out at this scale
            if len(outer) < 3 or area(outer) < MIN_AREA:
                continue
            simple = simplify(outer + [outer[0]], TOLERANCE)[:-1]
            if len(simple) >= 3:
                rings.append([[round(x, 2), round(y, 2)] for x, y in simple])
        if rings:
            countries[code] = sorted(rings, key=lambda r: (-area([(p[0], p[1]) for p in r]), r[0]))
    data = {
        "source": "world-atlas 2.0.2 (npm, ISC licence) countries-50m.json: Natural Earth 4.1.0, public domain",
        "made_by": "scripts/make_outline.py",
        "box": list(BOX),
        "tolerance_degrees": TOLERANCE,
        "countries": countries,
    }
    target.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    points = sum(len(r) for rs in countries.values() for r in rs)
    print(f"{target}: {len(countries)} countries, {points} points, {target.stat().st_size} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
