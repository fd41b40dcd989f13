"""iCalendar: the whole agenda per language (agenda.ics, en/agenda.ics) and one .ics per session.

Built with the `icalendar` library, which escapes every TEXT value by construction.  Times carry
the site's time zone (TZID=Asia/Jakarta with its VTIMEZONE); UIDs come from the event and the slug
(ids.ical_uid), so a session keeps its UID in every build and in both languages; DTSTAMP is the
build date (SOURCE_DATE_EPOCH or the newest content date), never the clock.  URL is written only
when base_url is absolute: RFC 5545 wants an absolute URI there.
"""

from __future__ import annotations

import datetime as dt

import icalendar

from .. import __version__
from ..graph import ics_path
from ..model import Session, Site
from ..render import BuildContext
from ..write import Artifact
from . import ids


def location(ctx: BuildContext, session: Session) -> str:
    venue = ctx.config.front.event.venue
    parts = [session.room.name, venue.name, venue.building, venue.address.locality]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return ", ".join(seen)


def description(ctx: BuildContext, site: Site, session: Session) -> str:
    table = ctx.strings[site.lang].table
    lines = [session.summary] if session.summary else []
    if session.speakers:
        names = ", ".join(sp.name for sp in session.speakers)
        lines.append(f"{table.get('label.speakers', 'Speakers')}: {names}")
    return "\n\n".join(lines)


def vevent(ctx: BuildContext, site: Site, session: Session) -> icalendar.Event:
    table = ctx.strings[site.lang].table
    ev = icalendar.Event()
    ev.add("uid", ids.ical_uid(ctx.config, session.slug))
    ev.add("dtstamp", ctx.build_date.astimezone(dt.UTC))
    ev.add("dtstart", session.start.astimezone(ctx.config.tz))
    ev.add("dtend", session.end.astimezone(ctx.config.tz))
    ev.add("summary", session.title, parameters={"LANGUAGE": session.lang})
    text = description(ctx, site, session)
    if text:
        ev.add("description", text, parameters={"LANGUAGE": session.lang})
    ev.add("location", location(ctx, session))
    coords = ctx.config.front.event.venue.coordinates
    if coords is not None:
        ev.add("geo", (coords.lat, coords.lon))
    categories = [table.get(f"kind.{session.type}", session.type)]
    if session.track is not None:
        categories.append(session.track.name)
    ev.add("categories", categories)
    if ctx.config.absolute:
        ev.add("url", ctx.abs_url(site.lang, session))
    ev.add("status", "CONFIRMED")
    ev.add("transp", "OPAQUE")
    ev.add("sequence", 0)
    return ev


def timezone_component(ctx: BuildContext) -> icalendar.Timezone:
    """The VTIMEZONE, computed once per build (it is the slowest part of a calendar to make)."""
    event = ctx.config.front.event
    return icalendar.Timezone.from_tzid(
        event.timezone, first_date=dt.date(event.start.year, 1, 1), last_date=dt.date(event.end.year + 1, 1, 1)
    )


def calendar(
    ctx: BuildContext, site: Site, sessions: list[Session], name: str, tz: icalendar.Timezone | None = None
) -> bytes:
    event = ctx.config.front.event
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//handbill//handbill {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", event.timezone)
    tagline = ctx.config.text(event.tagline, site.lang)
    if tagline:
        cal.add("x-wr-caldesc", tagline)
    # The VTIMEZONE first, always: RFC 5545 wants at least one component, also in an empty agenda.
    cal.add_component(tz if tz is not None else timezone_component(ctx))
    for session in sessions:
        cal.add_component(vevent(ctx, site, session))
    return bytes(cal.to_ical())


def render_calendars(ctx: BuildContext) -> list[Artifact]:
    out: list[Artifact] = []
    name = ctx.config.front.event.name
    tz = timezone_component(ctx)
    for lang, site in ctx.sites.items():
        strings = ctx.strings[lang]
        sessions = site.sessions_sorted()
        out.append(Artifact(ics_path(site, strings), calendar(ctx, site, sessions, name, tz)))
        for session in sessions:
            data = calendar(ctx, site, [session], f"{session.title} · {name}", tz)
            out.append(Artifact(ics_path(site, strings, session), data))
    return out
