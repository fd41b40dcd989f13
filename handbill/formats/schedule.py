"""schedule.json and schedule.xml: the agenda for conference apps (c3voc / frab format).

One pair per language (`schedule.json`, `en/schedule.json`, ...), built from the model with `json`
and `xml.etree`, which escape by construction.  Valid against the C3VOC schema (schedule 1 JSON)
and the frab XSD: events carry a UUID `guid` and a positive integer `id`, both derived from the
event and the slug; persons are pretalx style (`name`, `guid`); rooms are listed in
`conference.rooms`.  URLs are absolute when base_url is; with a relative base_url they are
site-relative paths, which the schemas' `uri` formats do not accept (build with --base-url for a
fully valid file), and the XML leaves its optional URL elements out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import xml.etree.ElementTree as ET
import zlib
from typing import Any

from .. import __version__
from ..graph import lang_prefix
from ..model import Session, Site
from ..render import BuildContext
from ..write import Artifact
from . import ids
from .plain import plain_text

SCHEMA_ID = "https://c3voc.de/schedule/schema.json"
VOC_SLUG = re.compile(r"[a-z0-9_]{4,}-[a-z0-9\-_]{4,}")


def schedule_path(site: Site, ext: str) -> str:
    return f"{lang_prefix(site)}schedule.{ext}"


def hhmm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def event_ids(sessions: list[Session]) -> dict[str, int]:
    """A positive integer per session from its slug (CRC-32), moved on deterministically on a clash."""
    taken: set[int] = set()
    out: dict[str, int] = {}
    for slug in sorted(s.slug for s in sessions):
        n = zlib.crc32(slug.encode()) % 2_000_000_000 + 1
        while n in taken:
            n = n % 2_000_000_000 + 1
        taken.add(n)
        out[slug] = n
    return out


def timeslot(sessions: list[Session]) -> str:
    """The largest slot that every start and duration is a multiple of (at most an hour)."""
    step = 60
    for s in sessions:
        step = math.gcd(step, s.start.minute, s.minutes)
    return f"00:{max(step, 5):02d}"


class Schedule:
    """The schedule of one language, as plain data; `json()` and `xml()` write it out."""

    def __init__(self, ctx: BuildContext, site: Site) -> None:
        self.ctx = ctx
        self.site = site
        self.config = ctx.config
        self.tz = ctx.config.tz
        self.sessions = site.sessions_sorted()
        self.ids = event_ids(self.sessions)
        self.acronym = ids.acronym(ctx.config)

    def url(self, target: Any) -> str:
        return self.ctx.abs_url(self.site.lang, target)

    def day_bounds(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        todays = [s for s in self.sessions if s.start.astimezone(self.tz).date() == day]
        if todays:
            return min(s.start for s in todays).astimezone(self.tz), max(s.end for s in todays).astimezone(self.tz)
        start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=self.tz)
        return start, start + dt.timedelta(hours=23, minutes=59)

    def person(self, sp: Any) -> dict[str, Any]:
        # pretalx style (`name`); `public_name` too, for older frab clients, but no integer `id`: with
        # one the person would match both styles of the schema's oneOf.
        person: dict[str, Any] = {
            "name": sp.name,
            "public_name": sp.name,
            "guid": ids.guid(self.config, "speaker", sp.slug),
        }
        if self.config.absolute:
            person["url"] = self.url(sp)
        bio = " · ".join(p for p in (sp.role, sp.organisation) if p)
        if bio:
            person["biography"] = bio
        links = [
            {"type": "web", "url": link.url, "title": link.label or link.url}
            for link in sp.links
            if link.url.startswith(("http://", "https://"))
        ]
        if links:
            person["links"] = links
        return person

    def event(self, s: Session) -> dict[str, Any]:
        start = s.start.astimezone(self.tz)
        return {
            "guid": ids.guid(self.config, "session", s.slug),
            "id": self.ids[s.slug],
            "date": start.isoformat(),
            "start": f"{start:%H:%M}",
            "end": s.end.astimezone(self.tz).isoformat(),
            "duration": hhmm(s.minutes),
            "room": s.room.name,
            "slug": f"{self.acronym}-{s.slug}",
            "url": self.url(s),
            "title": s.title,
            "subtitle": "",
            "track": s.track.name if s.track else None,
            "type": s.type,
            "language": s.language,
            "abstract": s.summary,
            "description": plain_text(self.ctx.body(s, self.site.lang)),
            "persons": [self.person(sp) for sp in s.speakers],
            "links": [],
        }

    def data(self) -> dict[str, Any]:
        event = self.config.front.event
        lang = self.site.lang
        rooms = list(self.site.rooms.values())
        days = []
        for index, day in enumerate(self.site.days, start=1):
            day_start, day_end = self.day_bounds(day)
            days.append(
                {
                    "index": index,
                    "date": day.isoformat(),
                    "day_start": day_start.isoformat(),
                    "day_end": day_end.isoformat(),
                    "rooms": {
                        room.name: [self.event(s) for s in self.sessions if s.day == day and s.room.id == room.id]
                        for room in rooms
                    },
                }
            )
        conference: dict[str, Any] = {
            "acronym": self.acronym,
            "title": event.name,
            "start": event.start.isoformat(),
            "end": event.end.isoformat(),
            "daysCount": len(self.site.days),
            "timeslot_duration": timeslot(self.sessions),
            "time_zone_name": event.timezone,
        }
        description = self.config.text(event.description, lang)
        if description:
            conference["description"] = description
        if self.config.absolute:
            conference["url"] = self.url("home")
        conference["tracks"] = [{"name": t.name, "slug": t.id, "color": t.color} for t in self.site.tracks.values()]
        conference["rooms"] = [self.room(r) for r in rooms]
        conference["days"] = days
        schedule: dict[str, Any] = {"version": version(days), "conference": conference}
        if self.config.absolute:
            schedule["base_url"] = self.config.base_url
        return {
            "$schema": SCHEMA_ID,
            "generator": {"name": "handbill", "version": __version__},
            "schedule": schedule,
        }

    def room(self, room: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"name": room.name, "slug": room.id, "guid": ids.guid(self.config, "room", room.id)}
        if room.capacity:
            out["capacity"] = room.capacity
        return out


def version(days: list[dict[str, Any]]) -> str:
    """Changes exactly when the agenda does (apps compare it to decide whether to reload)."""
    digest = hashlib.sha256(json.dumps(days, sort_keys=True).encode()).hexdigest()
    return f"1.0-{digest[:10]}"


def to_json(data: dict[str, Any]) -> bytes:
    # Compact: with `indent` the json module falls back to its pure-Python encoder (a tenth of a
    # 2,000-page preview rebuild), and conference apps, not people, read this file.
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrib)
    if text is not None:
        el.text = text
    return el


def to_xml(data: dict[str, Any], schedule_url: str | None) -> bytes:
    """The frab schedule.xml of the same data (element order as the XSD wants it)."""
    sched = data["schedule"]
    conf = sched["conference"]
    root = ET.Element("schedule")
    _sub(root, "generator", name="handbill", version=__version__)
    if schedule_url:
        _sub(root, "url", schedule_url)
    _sub(root, "version", sched["version"])
    c = _sub(root, "conference")
    for key in ("title", "acronym", "start", "end"):
        _sub(c, key, str(conf[key]))
    _sub(c, "days", str(conf["daysCount"]))
    _sub(c, "timeslot_duration", conf["timeslot_duration"])
    if "base_url" in sched:
        _sub(c, "base_url", sched["base_url"])
    if "url" in conf:
        _sub(c, "url", conf["url"])
    _sub(c, "time_zone_name", conf["time_zone_name"])
    for track in conf["tracks"]:
        _sub(c, "track", track["name"], name=track["name"], color=track["color"], slug=track["slug"])
    room_guid = {r["name"]: r["guid"] for r in conf["rooms"]}
    for day in conf["days"]:
        d = _sub(root, "day", index=str(day["index"]), date=day["date"], start=day["day_start"], end=day["day_end"])
        for room_name, events in day["rooms"].items():
            r = _sub(d, "room", name=room_name, guid=room_guid[room_name])
            for ev in events:
                e = _sub(r, "event", id=str(ev["id"]), guid=ev["guid"])
                _sub(e, "room", ev["room"])
                _sub(e, "title", ev["title"])
                _sub(e, "subtitle", ev["subtitle"])
                _sub(e, "type", ev["type"])
                _sub(e, "date", ev["date"])
                _sub(e, "start", ev["start"])
                _sub(e, "duration", ev["duration"])
                _sub(e, "abstract", ev["abstract"])
                if VOC_SLUG.fullmatch(ev["slug"]):  # optional in the XML, and stricter there than in JSON
                    _sub(e, "slug", ev["slug"])
                _sub(e, "track", ev["track"] or "")
                persons = _sub(e, "persons")
                for p in ev["persons"]:
                    _sub(persons, "person", p["name"], guid=p["guid"])
                _sub(e, "language", ev["language"])
                _sub(e, "description", ev["description"])
                _sub(e, "links")
                if ev["url"].startswith(("http://", "https://")):
                    _sub(e, "url", ev["url"])
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n").encode("utf-8")


def render_schedules(ctx: BuildContext) -> list[Artifact]:
    out: list[Artifact] = []
    for site in ctx.sites.values():
        data = Schedule(ctx, site).data()
        xml_url = ids.absolute(ctx.config, schedule_path(site, "xml"))
        out.append(Artifact(schedule_path(site, "json"), to_json(data)))
        out.append(Artifact(schedule_path(site, "xml"), to_xml(data, xml_url)))
    return out
