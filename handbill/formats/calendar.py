"""iCalendar: the whole agenda per language (agenda.ics, en/agenda.ics) and one .ics per session.

Built with the `icalendar` library, which escapes every TEXT value by construction.  Times carry
the site's time zone (TZID=Asia/Jakarta with its VTIMEZONE); UIDs come from the event and the slug
(ids.ical_uid), so a session keeps its UID in every build and in both languages; DTSTAMP is the
build date (SOURCE_DATE_EPOCH or the newest content date), never the clock.  URL is written only
when base_url is absolute: RFC 5545 wants an absolute URI there.

Serialising is the slow part (icalendar folds every line in Python), and a session's VEVENT is the
same text in the agenda and in the session's own file, build after build.  So each VEVENT and each
calendar header is made once from plain values (EventFields, HeaderFields), kept in the build cache
(ROOT/.handbill-cache/calendar.json, store.Table) under the digest of those values, and every
calendar is put together from those texts and the VTIMEZONE's (made once per build).  The result
is byte for byte what icalendar gives for the whole calendar (`calendar`, kept as the reference):
a calendar's text is its lines, each folded on its own and ended by CRLF, components one after
another.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import icalendar

from .. import __version__
from ..graph import ics_path
from ..incremental.store import Memory, Table, digest, source_of
from ..model import Session, Site
from ..render import BuildContext
from ..view import google_calendar_url, session_location, webcal_url
from ..write import Artifact
from . import ids

__all__ = ["google_calendar_url", "location", "render_calendars", "webcal_url"]

#: Part of the cache's key with this file's text and icalendar's version; raise it when the text
#: of a VEVENT or header changes without this file changing.
FORMAT_VERSION = 1
CACHE_FILE = "calendar.json"  # under the build cache folder (ROOT/.handbill-cache/)
END = b"END:VCALENDAR\r\n"
_MEMORY = Memory(16384)  # for builds without the disk cache (the preview)


#: This file's text as imported: the code that writes a VEVENT is part of every entry's key.
_SOURCE = source_of(__file__)


class EventFields(NamedTuple):
    """Every value a session's VEVENT shows: its text is a function of these alone."""

    uid: str
    dtstamp: dt.datetime
    start: dt.datetime
    end: dt.datetime
    summary: str
    lang: str
    description: str
    location: str
    geo: tuple[float, float] | None
    categories: tuple[str, ...]
    url: str | None
    status: str  # TENTATIVE when the agenda is illustrative (site.yaml `illustrative`), else CONFIRMED


class HeaderFields(NamedTuple):
    """Every value of a calendar's own properties (its name, time zone, description)."""

    prodid: str
    name: str
    timezone: str
    description: str


def location(ctx: BuildContext, session: Session) -> str:
    return session_location(ctx.config, session)


def description(ctx: BuildContext, site: Site, session: Session) -> str:
    table = ctx.strings[site.lang].table
    lines = [session.summary] if session.summary else []
    if ctx.config.front.illustrative:  # said first: a calendar app shows only the start of a description
        lines.insert(0, table["agenda.illustrative_times"])
    if session.speakers:
        names = ", ".join(sp.name for sp in session.speakers)
        lines.append(f"{table.get('label.speakers', 'Speakers')}: {names}")
    return "\n\n".join(lines)


def event_fields(ctx: BuildContext, site: Site, session: Session) -> EventFields:
    table = ctx.strings[site.lang].table
    coords = ctx.config.front.event.venue.coordinates
    categories = [table.get(f"kind.{session.type}", session.type)]
    if session.track is not None:
        categories.append(session.track.name)
    return EventFields(
        uid=ids.ical_uid(ctx.config, session.slug),
        dtstamp=ctx.build_date.astimezone(dt.UTC),
        start=session.start.astimezone(ctx.config.tz),
        end=session.end.astimezone(ctx.config.tz),
        summary=session.title,
        lang=session.lang,
        description=description(ctx, site, session),
        location=location(ctx, session),
        geo=(coords.lat, coords.lon) if coords is not None else None,
        categories=tuple(categories),
        url=ctx.abs_url(site.lang, session) if ctx.config.absolute else None,
        status="TENTATIVE" if ctx.config.front.illustrative else "CONFIRMED",
    )


def event_component(f: EventFields) -> icalendar.Event:
    ev = icalendar.Event()
    ev.add("uid", f.uid)
    ev.add("dtstamp", f.dtstamp)
    ev.add("dtstart", f.start)
    ev.add("dtend", f.end)
    ev.add("summary", f.summary, parameters={"LANGUAGE": f.lang})
    if f.description:
        ev.add("description", f.description, parameters={"LANGUAGE": f.lang})
    ev.add("location", f.location)
    if f.geo is not None:
        ev.add("geo", f.geo)
    ev.add("categories", list(f.categories))
    if f.url is not None:
        ev.add("url", f.url)
    ev.add("status", f.status)
    ev.add("transp", "OPAQUE")
    ev.add("sequence", 0)
    return ev


def vevent(ctx: BuildContext, site: Site, session: Session) -> icalendar.Event:
    return event_component(event_fields(ctx, site, session))


def timezone_component(ctx: BuildContext) -> icalendar.Timezone:
    """The VTIMEZONE, computed once per build (it is the slowest part of a calendar to make)."""
    event = ctx.config.front.event
    return icalendar.Timezone.from_tzid(
        event.timezone, first_date=dt.date(event.start.year, 1, 1), last_date=dt.date(event.end.year + 1, 1, 1)
    )


def header_fields(ctx: BuildContext, site: Site, name: str) -> HeaderFields:
    event = ctx.config.front.event
    return HeaderFields(
        prodid=f"-//handbill//handbill {__version__}//EN",
        name=name,
        timezone=event.timezone,
        description=ctx.config.text(event.tagline, site.lang),
    )


def calendar_component(f: HeaderFields) -> icalendar.Calendar:
    """The VCALENDAR with its own properties and no component yet."""
    cal = icalendar.Calendar()
    cal.add("prodid", f.prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # As TEXT, escaped: icalendar gives these properties no type and asserts on a line break.  A
    # calendar's name is one line in every app, so line breaks in a title become spaces.
    cal.add("name", icalendar.vText(one_line(f.name)))
    cal.add("x-wr-calname", icalendar.vText(one_line(f.name)))
    cal.add("x-wr-timezone", icalendar.vText(f.timezone))
    if f.description:
        cal.add("x-wr-caldesc", icalendar.vText(one_line(f.description)))
    return cal


def one_line(text: str) -> str:
    return " ".join(text.split())


def calendar(
    ctx: BuildContext, site: Site, sessions: list[Session], name: str, tz: icalendar.Timezone | None = None
) -> bytes:
    """The whole calendar through icalendar: what render_calendars's texts must add up to."""
    cal = calendar_component(header_fields(ctx, site, name))
    # The VTIMEZONE first, always: RFC 5545 wants at least one component, also in an empty agenda.
    cal.add_component(tz if tz is not None else timezone_component(ctx))
    for session in sessions:
        cal.add_component(vevent(ctx, site, session))
    return bytes(cal.to_ical())


class Texts:
    """The VEVENT and header texts of one build, from the cache or made and stored."""

    def __init__(self, ctx: BuildContext) -> None:
        cache = ctx.page_cache  # set by the pipeline exactly when the build cache is on
        file = Path(cache.dir) / CACHE_FILE if cache is not None else None
        self.table = Table(file, digest(FORMAT_VERSION, _SOURCE, icalendar.__version__), _MEMORY)

    def event(self, f: EventFields) -> bytes:
        key = digest("VEVENT", f)
        found = self.table.get(key)
        if found is None:
            found = bytes(event_component(f).to_ical())
            self.table.put(key, found)
        return found

    def header(self, f: HeaderFields) -> bytes:
        """The VCALENDAR's lines before its components (without END:VCALENDAR)."""
        key = digest("VCALENDAR", f)
        found = self.table.get(key)
        if found is None:
            whole = bytes(calendar_component(f).to_ical())
            if not whole.endswith(END):
                raise ValueError("icalendar: a calendar that does not end with END:VCALENDAR")
            found = whole[: -len(END)]
            self.table.put(key, found)
        return found


def render_calendars(ctx: BuildContext) -> list[Artifact]:
    out: list[Artifact] = []
    name = ctx.config.front.event.name
    texts = Texts(ctx)
    # The VTIMEZONE first, always: RFC 5545 wants at least one component, also in an empty agenda.
    tz = bytes(timezone_component(ctx).to_ical())
    for lang, site in ctx.sites.items():
        strings = ctx.strings[lang]
        sessions = site.sessions_sorted()
        events = [texts.event(event_fields(ctx, site, session)) for session in sessions]
        agenda = texts.header(header_fields(ctx, site, name)) + tz + b"".join(events) + END
        out.append(Artifact(ics_path(site, strings), agenda))
        for session, text in zip(sessions, events, strict=True):
            header = texts.header(header_fields(ctx, site, f"{session.title} · {name}"))
            out.append(Artifact(ics_path(site, strings, session), header + tz + text + END))
    texts.table.save()
    return out
