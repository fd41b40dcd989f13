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
#: The narrowest map a visitor sees, in CSS px: a 360 px phone less the page's 16 px margins.
PHONE_WIDTH = 328.0
#: Label text size in user units: 28 × 328 / 720 = 12.8 px on that phone (WCAG-friendly, legible), and
#: larger on any wider screen (assets/css/site.css keeps this size below 48rem and shrinks it only
#: where the map is drawn wider).  A label that finds no free spot at this size is left out: the
#: mark is still a named link, and the list of regions under the map carries the same links.
FONT = 28.0
CHAR = 0.74  # average advance of a character, in font sizes (a wide bold sans-serif such as DejaVu Sans)
MARK = 10.0  # radius of a point's mark
PAD = 4.0


Box = tuple[float, float, float, float]


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
    label: Label | None = None  # None: no room for it (the mark is still a link with a name)


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

    def venue_label(self, text: str) -> VenueLabel | None:
        """The name of the panel's one place (a locator map's venue), centred under its mark, or above
        it when the place is in the lower half, wrapped and kept inside the picture.  The template
        passes the text (site.yaml's building name in the page's language)."""
        lines = venue_label_lines(text)
        if not lines or not self.points:
            return None
        p = self.points[0]
        w = min(max(len(line) for line in lines) * VENUE_FONT * CHAR, self.width - 2 * PAD)
        step = VENUE_FONT * 1.2
        if p.y <= self.height / 2:
            first = p.y + VENUE_RING + VENUE_FONT * 1.15
        else:
            first = p.y - VENUE_RING - VENUE_FONT * 0.45 - step * (len(lines) - 1)
        x = min(max(p.x, w / 2 + PAD), self.width - w / 2 - PAD)
        return VenueLabel(round(x, 1), round(first, 1), round(step, 1), lines)


@dataclass
class VenueLabel:
    x: float
    y: float  # the first line's baseline
    step: float  # from one line's baseline to the next
    lines: list[str]


def projector(box: tuple[float, float, float, float], width: float) -> tuple[float, Any]:
    west, south, east, north = box
    kx = math.cos(math.radians((south + north) / 2))
    scale = width / ((east - west) * kx)
    height = round((north - south) * scale, 1)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (round((lon - west) * kx * scale, 1), round((north - lat) * scale, 1))

    return height, project


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


def place_labels(
    points: list[MapPoint], width: float, height: float, font: float = FONT, obstacles: list[Box] | None = None
) -> None:
    """Each label at the first candidate spot that collides with nothing placed so far and stays inside:
    no other label, mark or obstacle (the overview's dots and inset frame) under it, no leader line
    through it, and its own leader crossing no mark, label or leader.  A point with no such spot gets
    no label (`label` None)."""
    marks: list[Box] = [(p.x - MARK - 1, p.y - MARK - 1, p.x + MARK + 1, p.y + MARK + 1) for p in points]
    taken: list[Box] = list(marks) + list(obstacles or [])
    leaders: list[tuple[float, float, float, float]] = []

    # Crowded points first: they have the fewest free spots.
    def crowd(p: MapPoint) -> float:
        return -sum(1 for q in points if q is not p and math.hypot(p.x - q.x, p.y - q.y) < 160)

    def free(cand: Label, own: Box) -> bool:
        b = cand.box
        if b[0] < PAD or b[1] < PAD or b[2] > width - PAD or b[3] > height - PAD:
            return False
        if any(overlaps(b, t) for t in taken) or any(crosses(seg, b) for seg in leaders):
            return False
        if cand.leader:
            seg = cand.leader
            if any(t is not own and crosses(seg, t) for t in taken):
                return False
            if any(segments_cross(seg, other) for other in leaders):
                return False
        return True

    for p in sorted(points, key=lambda p: (crowd(p), p.x)):
        own = marks[points.index(p)]
        w = len(p.text) * font * CHAR
        label = None
        for dist in (0, 22, 44, 66, 90, 120, 150, 190, 240):
            for angle in range(0, 360, 15 if dist else 360):
                for anchor in ("start", "end", "middle"):
                    cand = _candidate(p, w, font, dist, angle, anchor)
                    if cand is not None and free(cand, own):
                        label = cand
                        break
                if label:
                    break
            if label:
                break
        p.label = label
        if label is None:
            continue  # nowhere free: no label rather than one over another (the cards below name it)
        b = label.box
        taken.append((b[0] - 2, b[1] - 2, b[2] + 2, b[3] + 2))
        if label.leader:
            leaders.append(label.leader)


def crosses(seg: tuple[float, float, float, float], box: Box) -> bool:
    """Whether the segment passes through the box (Liang-Barsky clipping)."""
    x1, y1, x2, y2 = seg
    dx, dy = x2 - x1, y2 - y1
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x1 - box[0]), (dx, box[2] - x1), (-dy, y1 - box[1]), (dy, box[3] - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            lo = max(lo, r)
        else:
            hi = min(hi, r)
        if lo > hi:
            return False
    return True


def segments_cross(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    def side(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)

    d1 = side(b[0], b[1], b[2], b[3], a[0], a[1])
    d2 = side(b[0], b[1], b[2], b[3], a[2], a[3])
    d3 = side(a[0], a[1], a[2], a[3], b[0], b[1])
    d4 = side(a[0], a[1], a[2], a[3], b[2], b[3])
    return d1 * d2 < 0 and d3 * d4 < 0


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
        if (north - south) < (east - west) / 2.0:
            mid = (north + south) / 2
            half = (east - west) / 4.0
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
    # The overview's labels keep off the enlarged cluster's dots and frame (the inset names those).
    obstacles: list[Box] = [(x - 6, y - 6, x + 6, y + 6) for x, y in overview.dots]
    if overview.inset_frame:
        fx, fy, fw, fh = overview.inset_frame
        obstacles.append((fx - 2, fy - 2, fx + fw + 2, fy + fh + 2))
    place_labels(overview.points, WIDTH, height, obstacles=obstacles)
    return panels


VENUE_FONT = 30.0  # the venue's label: 13.7 px on a 360 px phone
VENUE_RING = 22.0  # radius of the ring around the venue's mark


def venue_label_lines(text: str, font: float = VENUE_FONT, width: float = WIDTH * 0.8) -> list[str]:
    """The venue's name in as few lines as fit `width` (by the labels' width estimate), as even as can
    be ("Chubb Square / (d/h UOB Plaza)", not "Chubb Square (d/h UOB / Plaza)")."""

    def greedy(limit: int) -> list[str]:
        lines: list[str] = []
        for word in text.split():
            if lines and len(lines[-1]) + 1 + len(word) <= limit:
                lines[-1] += " " + word
            else:
                lines.append(word)
        return lines

    widest = max(1, int(width / (font * CHAR)))
    fewest = len(greedy(widest))
    limit = widest
    while limit > 1 and len(greedy(limit - 1)) == fewest:
        limit -= 1
    return greedy(limit)


def locator_map(lat: float, lon: float, span: float = 3.0) -> Panel:
    """A small map around one place (the venue): land and the place; `Panel.venue_label` places its name."""
    box = (lon - span, lat - span * 0.55, lon + span, lat + span * 0.55)
    height, project = projector(box, WIDTH)
    p = MapPoint(None, "", lat, lon, 0)
    p.x, p.y = project(lon, lat)
    return Panel(box, WIDTH, height, land_paths(box, project, WIDTH, height), [p])
