"""Maps drawn at build time from the coastline in outline.json (scripts/make_outline.py; docs/sources.md).

`region_map(points)` → a `MapView`: land as SVG path data, each point projected, its label placed where
it collides with no other label, no mark and stays inside the picture (with a leader line when it had
to move away), and, when points crowd together (a cluster too dense to label at country scale), an
inset panel that enlarges the cluster.  Templates draw it (`templates/_map.html`): the geometry is
here, every text comes from content and the interface strings.  No tiles, nothing fetched.

Projection: equirectangular, x scaled by cos(middle latitude) — right for a country near the equator.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OUTLINE = Path(__file__).with_name("outline.json")
#: Width of every map in SVG user units; the height follows from the box.
WIDTH = 720.0
#: Label text size in user units: 11 px when the map is 360 px wide (templates may shrink it on wider screens).
FONT = 22.0
CHAR = 0.74  # average advance of a character, in font sizes (a wide bold sans-serif such as DejaVu Sans)
MARK = 10.0  # radius of a point's mark
PAD = 4.0


@functools.cache
def outline() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(OUTLINE.read_text(encoding="utf-8"))
    return data


@dataclass
class Label:
    x: float
    y: float  # baseline
    w: float
    h: float
    anchor: str  # start, middle, end
    leader: tuple[float, float, float, float] | None = None

    @property
    def box(self) -> tuple[float, float, float, float]:
        left = self.x - (self.w if self.anchor == "end" else self.w / 2 if self.anchor == "middle" else 0)
        return (left, self.y - self.h * 1.1, left + self.w, self.y + self.h * 0.45)


@dataclass
class MapPoint:
    item: Any  # what the template links to (a City, the venue)
    text: str
    lat: float
    lon: float
    shape: int = 0  # 0 circle, 1 square, 2 triangle, 3 diamond; -1 a plain small dot
    x: float = 0.0
    y: float = 0.0
    label: Label | None = None


@dataclass
class Panel:
    box: tuple[float, float, float, float]  # west, south, east, north
    width: float
    height: float
    land: list[tuple[str, str]]  # (country code, path d)
    points: list[MapPoint]
    dots: list[tuple[float, float]] = field(default_factory=list)  # points shown enlarged in an inset
    inset_frame: tuple[float, float, float, float] | None = None  # x, y, w, h of the inset's area here
    home: str = "ID"

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


def projector(box: tuple[float, float, float, float], width: float) -> tuple[float, Any]:
    west, south, east, north = box
    kx = math.cos(math.radians((south + north) / 2))
    scale = width / ((east - west) * kx)
    height = round((north - south) * scale, 1)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (round((lon - west) * kx * scale, 1), round((north - lat) * scale, 1))

    return height, project


Box = tuple[float, float, float, float]


def land_paths(box: Box, project: Any, width: float, height: float) -> list[tuple[str, str]]:
    out = []
    west, south, east, north = box
    for code, rings in sorted(outline()["countries"].items()):
        parts = []
        for ring in rings:
            if not any(west - 1 <= x <= east + 1 and south - 1 <= y <= north + 1 for x, y in ring):
                continue
            pts = [project(x, y) for x, y in ring]
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            if max(xs) - min(xs) < 1.5 and max(ys) - min(ys) < 1.5:
                continue  # smaller than a pixel or so at this scale
            d = "M" + "L".join(f"{x:g} {y:g}" for x, y in _dedupe(pts)) + "Z"
            parts.append(d)
        if parts:
            out.append((code, "".join(parts)))
    return out


def _dedupe(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for p in points:
        if not out or (abs(p[0] - out[-1][0]) + abs(p[1] - out[-1][1])) >= 1.0:
            out.append(p)
    return out


def clusters(points: list[MapPoint], reach: float) -> list[list[MapPoint]]:
    """Single-linkage groups of points closer than `reach` degrees."""
    groups: list[list[MapPoint]] = []
    for p in sorted(points, key=lambda p: (p.lon, p.lat)):
        near = [g for g in groups if any(math.hypot(p.lon - q.lon, p.lat - q.lat) < reach for q in g)]
        merged = [p]
        for g in near:
            merged.extend(g)
            groups.remove(g)
        groups.append(merged)
    return groups


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(points: list[MapPoint], width: float, height: float, font: float = FONT) -> None:
    """Each label at the first candidate spot that collides with nothing placed so far and stays inside."""
    taken: list[tuple[float, float, float, float]] = [
        (p.x - MARK - 1, p.y - MARK - 1, p.x + MARK + 1, p.y + MARK + 1) for p in points
    ]

    # Crowded points first: they have the fewest free spots.
    def crowd(p: MapPoint) -> float:
        return -sum(1 for q in points if q is not p and math.hypot(p.x - q.x, p.y - q.y) < 160)

    for p in sorted(points, key=lambda p: (crowd(p), p.x)):
        w = len(p.text) * font * CHAR
        label = None
        for dist in (0, 22, 44, 66, 90, 120, 150, 190):
            for angle in range(0, 360, 30 if dist else 360):
                for anchor in ("start", "end", "middle"):
                    cand = _candidate(p, w, font, dist, angle, anchor)
                    if cand is None:
                        continue
                    b = cand.box
                    if b[0] < PAD or b[1] < PAD or b[2] > width - PAD or b[3] > height - PAD:
                        continue
                    if any(overlaps(b, t) for t in taken):
                        continue
                    label = cand
                    break
                if label:
                    break
            if label:
                break
        if label is None:  # nowhere free: beside the point, as a last resort
            label = Label(p.x + MARK + 4, p.y + font * 0.35, w, font, "start")
        p.label = label
        b = label.box
        taken.append((b[0] - 2, b[1] - 2, b[2] + 2, b[3] + 2))
        if label.leader:
            x1, y1, x2, y2 = label.leader
            taken.append((min(x1, x2) - 1, min(y1, y2) - 1, max(x1, x2) + 1, max(y1, y2) + 1))


def _candidate(p: MapPoint, w: float, font: float, dist: float, angle: int, anchor: str) -> Label | None:
    if dist == 0:
        # Right or left of the mark, on its line.
        if anchor == "middle":
            return Label(p.x, p.y - MARK - 5, w, font, "middle")
        dx = MARK + 5 if anchor == "start" else -(MARK + 5)
        return Label(p.x + dx, p.y + font * 0.35, w, font, anchor)
    rad = math.radians(angle)
    cx, cy = p.x + math.cos(rad) * dist, p.y - math.sin(rad) * dist
    # The anchor must face the point, so the leader meets the label's near edge.
    facing = "start" if math.cos(rad) > 0.3 else "end" if math.cos(rad) < -0.3 else "middle"
    if anchor != facing:
        return None
    y = cy + font * 0.35
    gap = 3 if anchor != "middle" else 0
    tx = cx + (gap if anchor == "start" else -gap if anchor == "end" else 0)
    ey = cy if anchor != "middle" else (cy + font * 0.5 if math.sin(rad) > 0 else cy - font * 0.9)
    lx = p.x + math.cos(rad) * (MARK + 1)
    ly = p.y - math.sin(rad) * (MARK + 1)
    return Label(tx, y, w, font, anchor, (round(lx, 1), round(ly, 1), round(cx, 1), round(ey, 1)))


def _box_around(points: list[MapPoint], margin: float) -> tuple[float, float, float, float]:
    lons = [p.lon for p in points]
    lats = [p.lat for p in points]
    return (min(lons) - margin, min(lats) - margin, max(lons) + margin, max(lats) + margin)


def region_map(points: list[MapPoint], box: tuple[float, float, float, float] | None = None) -> list[Panel]:
    """The overview panel, then an inset for the densest cluster when the overview cannot label it."""
    if box is None:
        w, s, e, n = outline()["box"]
        box = (float(w), float(s), float(e), float(n))
    height, project = projector(box, WIDTH)
    for p in points:
        p.x, p.y = project(p.lon, p.lat)
    overview = Panel(box, WIDTH, height, land_paths(box, project, WIDTH, height), [])
    panels = [overview]
    degrees_per_unit = (box[2] - box[0]) / WIDTH
    # Points closer than two label heights cannot all be labelled at this scale: enlarge them.
    dense = [g for g in clusters(points, FONT * 2.2 * degrees_per_unit) if len(g) >= 3]
    inset_points: list[MapPoint] = max(dense, key=len) if dense else []
    for p in points:
        if p in inset_points:
            overview.dots.append((p.x, p.y))
        else:
            overview.points.append(p)
    if inset_points:
        ibox = _box_around(inset_points, 0.55)
        # Wide enough for the labels: at least a third as tall as wide.
        west, south, east, north = ibox
        if (north - south) < (east - west) / 2.6:
            mid = (north + south) / 2
            half = (east - west) / 5.2
            ibox = (west, mid - half, east, mid + half)
        x0, y0 = project(ibox[0], ibox[3])
        x1, y1 = project(ibox[2], ibox[1])
        overview.inset_frame = (x0, y0, round(x1 - x0, 1), round(y1 - y0, 1))
        iheight, iproject = projector(ibox, WIDTH)
        enlarged = [MapPoint(p.item, p.text, p.lat, p.lon, p.shape) for p in inset_points]
        for p in enlarged:
            p.x, p.y = iproject(p.lon, p.lat)
        place_labels(enlarged, WIDTH, iheight)
        panels.append(Panel(ibox, WIDTH, iheight, land_paths(ibox, iproject, WIDTH, iheight), enlarged))
    place_labels(overview.points, WIDTH, height)
    return panels


def locator_map(lat: float, lon: float, span: float = 3.0) -> Panel:
    """A small map around one place (the venue): land and the place, no label (the page says the name)."""
    box = (lon - span, lat - span * 0.55, lon + span, lat + span * 0.55)
    height, project = projector(box, WIDTH)
    p = MapPoint(None, "", lat, lon, 0)
    p.x, p.y = project(lon, lat)
    return Panel(box, WIDTH, height, land_paths(box, project, WIDTH, height), [p])
