"""View helpers for templates: computations that would be awkward in Jinja (event state, agenda
grid, floor-plan geometry, avatars).  `helpers(ctx)` returns the globals added to the environment.

    event_phase(now=None)        'before' | 'during' | 'after' at the build date (or `now`)
    event_day(now=None)          the event day `now` falls on, or None
    day_bounds(day)              (start, end) ISO instants of a day in the event's timezone, for the JS
    event_bounds()               (start, end) ISO instants of the whole event
    date_range(start, end)       '11–12 Desember 2025' in the page's language
    agenda_grid(sessions, rooms) an AgendaGrid: rows of 5 minutes, one column per room used
    floor_plan(booths)           a FloorPlan: viewBox and one rectangle per booth that has a position
    avatar_of(name)              an Avatar: initials and a palette index, deterministic from the name
    category_index(site, cat)    a region category's position in site.yaml (its shape on the map)
    region_groups(site)          [(category, cities)] in site.yaml's order, then (None, the rest)
    taking_part(groups)          the regions of those groups that took part (not `participants: false`)
    highlights(sessions, n)      the n sessions worth showing on the home page, in time order
    track_index(site, track)     position of a track in site.yaml (picks its pattern)
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import jinja2
from babel.dates import format_date

from .graph import ics_path
from .model import Booth, City, RegionCategory, Room, Session, Site, Track

if TYPE_CHECKING:
    from .config import SiteConfig
    from .render import BuildContext

SLOT_MINUTES = 5
AVATAR_COLOURS = 6  # .av-0 … .av-5 in site.css, each with ≥ 4.5:1 contrast for white initials
KIND_WEIGHT = {"keynote": 0, "panel": 1, "performance": 2, "tour": 2, "workshop": 3, "talk": 3, "ceremony": 4}


@dataclass(frozen=True)
class GridItem:
    session: Session
    column: int  # 2 … n+1 (column 1 holds the times)
    row_start: int  # grid lines, 2-based (row 1 holds the room names)
    row_end: int


@dataclass(frozen=True)
class GridTick:
    time: dt.datetime
    row: int


@dataclass(frozen=True)
class AgendaGrid:
    rooms: tuple[Room, ...]
    items: tuple[GridItem, ...]
    ticks: tuple[GridTick, ...]  # one per full hour
    rows: int  # number of 5-minute rows


@dataclass(frozen=True)
class PlanBooth:
    booth: Booth
    x: int
    y: int
    w: int
    h: int

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True)
class FloorPlan:
    view_box: str
    width: int
    height: int
    booths: tuple[PlanBooth, ...]
    font_size: int
    areas: tuple[Any, ...] = ()  # schema.PlanArea from site.yaml floor_plan.areas
    x0: int = 0
    y0: int = 0


@dataclass(frozen=True)
class Avatar:
    initials: str
    colour: int  # index into the avatar palette


def phase_at(now: dt.datetime, start: dt.datetime, end: dt.datetime) -> str:
    """'before', 'during' or 'after' the half-open interval [start, end)."""
    if now < start:
        return "before"
    if now < end:
        return "during"
    return "after"


def day_span(day: dt.date, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """Midnight to midnight of `day` in the event's timezone."""
    start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=tz)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz)


@dataclass(frozen=True)
class NowNext:
    """One day of the programme at one moment (issue 14): 'soon' before its first session, 'live' from
    the first start to the last end, 'done' after it; what runs now and what starts next."""

    state: str
    now: tuple[Session, ...]
    next: tuple[Session, ...]
    past: tuple[Session, ...]


def now_next(sessions: Sequence[Session], moment: dt.datetime) -> NowNext:
    if not sessions:
        return NowNext("done", (), (), ())
    running = tuple(s for s in sessions if s.start <= moment < s.end)
    later = [s for s in sessions if s.start > moment]
    first_later = min((s.start for s in later), default=None)
    upcoming = tuple(s for s in later if s.start == first_later)
    if moment < min(s.start for s in sessions):
        state = "soon"
    elif moment < max(s.end for s in sessions):
        state = "live"
    else:
        state = "done"
    return NowNext(state, running, upcoming, tuple(s for s in sessions if s.end <= moment))


GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"


def google_calendar_url(
    title: str, start: dt.datetime, end: dt.datetime, details: str, where: str, timezone: str
) -> str:
    """An "Add to Google Calendar" link (issue 14): a page the visitor opens, never a request the site
    makes.  Android's Google Calendar cannot open a downloaded .ics; this link works there.  Times in
    UTC (the trailing Z), `ctz` shows them in the event's zone."""

    def utc(t: dt.datetime) -> str:
        return t.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")

    query = {
        "action": "TEMPLATE",
        "text": " ".join(title.split()),
        "dates": f"{utc(start)}/{utc(end)}",
        "details": details[:1500],
        "location": where,
        "ctz": timezone,
    }
    return f"{GOOGLE_CALENDAR}?{urlencode(query)}"


def webcal_url(https_url: str) -> str:
    """`webcal://…` for an absolute http(s) address of a calendar: calendar apps subscribe to it."""
    scheme, _, rest = https_url.partition("://")
    if scheme not in ("http", "https") or not rest:
        raise ValueError(f"not an absolute web address: {https_url!r}")
    return "webcal://" + rest


def session_location(config: SiteConfig, session: Session) -> str:
    """Where a session is, as one line in its language: its room, the venue, the building, the city
    (no repeats)."""
    venue = config.front.event.venue
    lang = session.lang
    building, city = config.text(venue.building, lang), config.text(venue.address.locality, lang)
    parts = [session.room.name, venue.name, building, city]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return ", ".join(seen)


def build_grid(sessions: Sequence[Session], rooms: Iterable[Room]) -> AgendaGrid:
    """Place sessions on a time × room grid: one column per room that has a session that day,
    rows of SLOT_MINUTES from the first full hour to the last end."""
    if not sessions:
        return AgendaGrid((), (), (), 0)
    used = {s.room.id for s in sessions}
    columns = tuple(r for r in rooms if r.id in used)
    extra = tuple({s.room.id: s.room for s in sessions if s.room.id not in {r.id for r in columns}}.values())
    columns += extra
    col_of = {r.id: i + 2 for i, r in enumerate(columns)}
    first = min(s.start for s in sessions).replace(minute=0, second=0, microsecond=0)
    last = max(s.end for s in sessions)

    def row(t: dt.datetime) -> int:
        return int((t - first).total_seconds() // 60) // SLOT_MINUTES + 2

    items = tuple(GridItem(s, col_of[s.room.id], row(s.start), max(row(s.end), row(s.start) + 1)) for s in sessions)
    ticks = []
    t = first
    while t < last:
        ticks.append(GridTick(t, row(t)))
        t += dt.timedelta(hours=1)
    return AgendaGrid(columns, items, tuple(ticks), row(last) - 2)


def build_plan(booths: Iterable[Booth], margin: int = 30, areas: Iterable[Any] = ()) -> FloorPlan:
    """The floor plan's geometry: booths with a position and site.yaml's areas, in a viewBox cropped to them."""
    placed = [
        PlanBooth(b, b.position.x, b.position.y, b.position.w, b.position.h) for b in booths if b.position is not None
    ]
    if not placed:
        return FloorPlan("0 0 1000 1000", 1000, 1000, (), 24)
    zones = tuple(areas)
    boxes = [(p.x, p.y, p.w, p.h) for p in placed] + [(a.x, a.y, a.w, a.h) for a in zones]
    x0 = max(0, min(b[0] for b in boxes) - margin)
    y0 = max(0, min(b[1] for b in boxes) - margin)
    x1 = min(1000, max(b[0] + b[2] for b in boxes) + margin)
    y1 = min(1000, max(b[1] + b[3] for b in boxes) + margin)
    smallest = min(min(p.w, p.h) for p in placed)
    font = max(14, min(48, smallest // 5))
    return FloorPlan(f"{x0} {y0} {x1 - x0} {y1 - y0}", x1 - x0, y1 - y0, tuple(placed), font, zones, x0, y0)


def make_avatar(name: str) -> Avatar:
    words = [w for w in name.replace("/", " ").split() if w[:1].isalpha()]
    initials = "".join(w[0] for w in words[:2]).upper() or "?"
    colour = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16) % AVATAR_COLOURS
    return Avatar(initials, colour)


def category_index(site: Site, category: RegionCategory) -> int:
    """The position of a region category in site.yaml (0, 1, 2...): its shape on the map and its tags."""
    return list(site.region_categories).index(category.id) if category.id in site.region_categories else 0


def region_groups(site: Site) -> list[tuple[RegionCategory | None, list[City]]]:
    """Regions by the first of their categories, in site.yaml's order; those with none last (category None).
    Within a group: by year when the members have one, then by name."""
    groups: dict[str | None, list[City]] = {cid: [] for cid in site.region_categories}
    groups[None] = []
    for city in site.cities_sorted():
        groups[city.categories[0].category.id if city.categories else None].append(city)

    def year(city: City) -> int:
        return next((m.year or 0 for m in city.categories), 0)

    out: list[tuple[RegionCategory | None, list[City]]] = []
    for cid, cities in groups.items():
        if cities:
            ordered = sorted(cities, key=lambda c: (year(c), c.name.casefold(), c.slug))
            out.append((site.region_categories[cid] if cid is not None else None, ordered))
    return out


def taking_part(groups: list[tuple[RegionCategory | None, list[City]]]) -> list[City]:
    """The regions the home page counts as taking part: those of a category that took part, and
    those with no category; a group marked `participants: false` in site.yaml (say, the network's
    other members, shown on the map) is not counted."""
    return [city for category, cities in groups if category is None or category.participants for city in cities]


def pick_highlights(sessions: Sequence[Session], n: int = 4) -> list[Session]:
    candidates = [s for s in sessions if s.type in KIND_WEIGHT]
    chosen = sorted(candidates, key=lambda s: (KIND_WEIGHT[s.type], -len(s.speakers), s.start))[:n]
    return sorted(chosen, key=lambda s: (s.start, s.room.id))


def helpers(ctx: BuildContext) -> dict[str, Any]:
    tz = ctx.config.tz
    front = ctx.config.front.event
    event_start = day_span(front.start, tz)[0]
    event_end = day_span(front.end, tz)[1]

    def event_phase(now: dt.datetime | None = None) -> str:
        return phase_at(now or ctx.build_date, event_start, event_end)

    def event_day(now: dt.datetime | None = None) -> dt.date | None:
        moment = (now or ctx.build_date).astimezone(tz)
        day = moment.date()
        return day if day in ctx.config.days else None

    def day_bounds(day: dt.date) -> tuple[str, str]:
        a, b = day_span(day, tz)
        return a.isoformat(), b.isoformat()

    def day_now_next(sessions: Sequence[Session], now: dt.datetime | None = None) -> NowNext:
        return now_next(sessions, now or ctx.build_date)

    @jinja2.pass_context
    def gcal_url(jctx: Any, session: Session) -> str:
        lines = [session.summary] if session.summary else []
        if ctx.config.front.illustrative:  # as in the .ics: said first, a calendar shows the start of it
            lines.insert(0, ctx.strings[str(jctx["lang"])].table["agenda.illustrative_times"])
        if ctx.config.absolute:
            lines.append(ctx.abs_url(str(jctx["lang"]), session))
        where = session_location(ctx.config, session)
        zone = ctx.config.front.event.timezone
        return google_calendar_url(session.title, session.start, session.end, "\n\n".join(lines), where, zone)

    @jinja2.pass_context
    def webcal(jctx: Any) -> str | None:
        """The `webcal:` address of this language's agenda.ics, or None with a relative base_url."""
        if not ctx.config.absolute:
            return None
        lang = str(jctx["lang"])
        return webcal_url(ctx.config.base_url + ics_path(ctx.sites[lang], ctx.strings[lang]))

    def event_bounds() -> tuple[str, str]:
        return event_start.isoformat(), event_end.isoformat()

    ranges: dict[tuple[str, dt.date, dt.date], str] = {}

    @jinja2.pass_context
    def date_range(jctx: Any, start: dt.date, end: dt.date) -> str:
        # Every page shows the event's dates twice; Babel takes ~0.05 ms a call, so remember them.
        lang = str(jctx["lang"])
        key = (lang, start, end)
        if key not in ranges:
            long = ctx.strings[lang].table.get("format.date_long", "d MMMM y")
            if start == end:
                text = format_date(start, long, locale=lang)
            elif (start.year, start.month) == (end.year, end.month):
                text = f"{format_date(start, 'd', locale=lang)}–{format_date(end, long, locale=lang)}"
            else:
                text = f"{format_date(start, long, locale=lang)} – {format_date(end, long, locale=lang)}"
            ranges[key] = text
        return ranges[key]

    def track_index(site: Site, track: Track | None) -> int:
        if track is None:
            return 0
        ids = list(site.tracks)
        return ids.index(track.id) % 4 if track.id in ids else 0

    return {
        "event_phase": event_phase,
        "event_day": event_day,
        "day_bounds": day_bounds,
        "event_bounds": event_bounds,
        "day_now_next": day_now_next,
        "gcal_url": gcal_url,
        "webcal_url": webcal,
        "date_range": date_range,
        "agenda_grid": build_grid,
        "floor_plan": build_plan,
        "avatar_of": make_avatar,
        "category_index": category_index,
        "region_groups": region_groups,
        "taking_part": taking_part,
        "highlights": pick_highlights,
        "track_index": track_index,
    }
