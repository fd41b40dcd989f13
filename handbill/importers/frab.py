"""frab-style schedules: `schedule.xml` (frab, pretalx, Indico, pentabarf) and `schedule.json` (frab, pretalx).

    <schedule>
      <conference> title, acronym, start, end, time_zone_name, <track name= color=> ... </conference>
      <day index= date= start= end=>
        <room name= guid=>
          <event id= guid=> date (ISO, with offset), start (HH:MM), duration (H:MM), room, title,
            subtitle, track, type, language, abstract, description, <persons><person id= guid=>Name</...>,
            <links><link href=>Title</link></links>

A time comes from an event's `<date>` when it has one (it carries the offset); otherwise from the
day's date and `<start>`, in the conference's `time_zone_name`, moved to the next day when it falls
before the day's own start (events after midnight belong to the day before in frab), and in the
site's time zone when the file names none.  The JSON is the same data (the C3VOC schema), events
listed per day and room.

XML is parsed with expat directly (positions for every element); a document type declaration or an
entity is refused, so no external file is ever read and no entity expands.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..messages import t
from ..problems import Problem
from .schedule import (
    Person,
    ReadError,
    Room,
    Schedule,
    Talk,
    Track,
    duration_of,
    kind_of,
    language_of,
    person_key,
)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    col: int
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()

    def find(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def child_text(self, tag: str) -> str:
        found = self.find(tag)
        return found.text if found is not None else ""


class _Refused(Exception):
    pass


def parse_xml(data: bytes, rel: str) -> Node:
    """The document as Nodes; ReadError with the line and column of the first mistake."""
    parser = expat.ParserCreate()
    stack: list[Node] = []
    root: list[Node] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, attrs, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        (stack[-1].children if stack else root).append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def chars(text: str) -> None:
        if stack:
            stack[-1].parts.append(text)

    def refuse(*args: Any) -> None:
        raise _Refused()

    def refuse_external(context: str, base: str | None, system: str | None, public: str | None) -> int:
        raise _Refused()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse_external
    try:
        parser.Parse(data, True)
    except _Refused:
        raise ReadError(
            [
                Problem(
                    rel,
                    parser.CurrentLineNumber,
                    parser.CurrentColumnNumber + 1,
                    "error",
                    t("import.xml-dtd"),
                    t("import.xml-dtd.hint"),
                    "import.xml-dtd",
                )
            ]
        ) from None
    except expat.ExpatError as exc:
        raise ReadError(
            [
                Problem(
                    rel,
                    exc.lineno,
                    exc.offset + 1,
                    "error",
                    t("import.xml-bad", why=expat.ErrorString(exc.code)),
                    t("import.damaged.hint"),
                    "import.xml",
                )
            ]
        ) from None
    if not root:
        raise ReadError([Problem(rel, 1, 1, "error", t("import.xml-empty"), t("import.xml-empty.hint"), "import.xml")])
    return root[0]


def _zone(name: str) -> dt.tzinfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _instant(text: str) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value


class _Reader:
    """Shared by the XML and the JSON reader: turns one event's fields into a Talk."""

    def __init__(self, schedule: Schedule, rel: str, site_tz: dt.tzinfo) -> None:
        self.s = schedule
        self.rel = rel
        self.site_tz = site_tz
        self.zone: dt.tzinfo | None = None
        self.zone_from_site = False
        self.nameless = 0
        self.day_change = dt.timedelta(0)  # the conference's <day_change>: earlier times belong to the day before

    def warn(self, line: int, col: int, message: str, hint: str, code: str) -> None:
        self.s.problems.warn(self.rel, line, col, message, hint, code=code)

    def set_zone(self, name: str, line: int = 0) -> None:
        self.s.timezone = name.strip()
        self.zone = _zone(self.s.timezone)
        if self.s.timezone and self.zone is None:
            self.warn(
                line,
                0,
                t("import.timezone", tz=self.s.timezone),
                t("import.timezone.hint"),
                "import.timezone",
            )

    def local_zone(self) -> dt.tzinfo:
        if self.zone is not None:
            return self.zone
        self.zone_from_site = True
        return self.site_tz

    def room(self, name: str, guid: str = "", capacity: int | None = None) -> str:
        key = f"guid:{guid.lower()}" if guid else "name:" + " ".join(name.split()).casefold()
        # pretalx gives every room of the democon example the same GUID: the name then tells them apart.
        for existing in self.s.rooms.values():
            if existing.key == key and " ".join(existing.name.split()) != " ".join(name.split()):
                key = "name:" + " ".join(name.split()).casefold()
                break
        if key not in self.s.rooms:
            self.s.rooms[key] = Room(key, " ".join(name.split()), capacity)
        return key

    def track(self, name: str, color: str | None = None) -> str | None:
        name = " ".join(name.split())
        if not name:
            return None
        key = "name:" + name.casefold()
        if key not in self.s.tracks:
            self.s.tracks[key] = Track(key, name, color)
        elif color and not self.s.tracks[key].color:
            self.s.tracks[key].color = color
        return key

    def person(self, name: str, where: tuple[int, int], what: str, **ids: str) -> str | None:
        name = " ".join(name.split())
        if not name:
            self.nameless += 1
            self.warn(
                *where,
                t("import.person-name", what=what),
                t("import.person-name.hint"),
                "import.person-name",
            )
            return None
        key = person_key(name=name, **ids)
        if key not in self.s.persons:
            self.s.persons[key] = Person(key, name)
        return key

    def talk(self, fields: dict[str, Any], where: tuple[int, int], day_date: str, day_start: str) -> Talk | None:
        """`fields`: the event's texts by frab name (date, start, duration, room, title, ...)."""
        ident = str(fields.get("guid") or fields.get("id") or "").strip()
        what = t("import.event", id=str(fields.get("id") or ident or fields.get("title", ""))).strip()
        title = " ".join(str(fields.get("title") or "").split())
        if not title:
            self.warn(*where, t("import.no-title", what=what), t("import.no-title.hint"), "import.title")
            return None
        start = self.start_of(fields, day_date, day_start, where, what)
        length = duration_of(str(fields.get("duration") or ""))
        if start is None:
            return None
        if length is None or length <= dt.timedelta(0):
            self.warn(
                *where,
                t("import.bad-duration", what=what, value=fields.get("duration", "")),
                t("import.bad-duration.hint"),
                "import.duration",
            )
            return None
        room_name = " ".join(str(fields.get("room") or "").split())
        if not room_name:
            self.warn(*where, t("import.no-room", what=what), t("import.no-room.hint"), "import.room")
            return None
        room = self.room(room_name, str(fields.get("room_guid") or ""))
        guid = str(fields.get("guid") or "").strip().lower()
        key = f"guid:{guid}" if guid else f"id:{ident or title}"
        return Talk(
            key=key,
            title=title,
            start=start,
            end=start + length,
            room=room,
            where=t("import.event-at", what=what, line=where[0]) if where[0] else what,
            track=self.track(str(fields.get("track") or "")),
            kind=kind_of(str(fields.get("type") or "")),
            language=language_of(str(fields.get("language") or "")),
            subtitle=str(fields.get("subtitle") or ""),
            abstract=str(fields.get("abstract") or ""),
            description=str(fields.get("description") or ""),
            links=list(fields.get("links") or []),
        )

    def start_of(
        self, fields: dict[str, Any], day_date: str, day_start: str, where: tuple[int, int], what: str
    ) -> dt.datetime | None:
        date_text = str(fields.get("date") or "").strip()
        if date_text:
            moment = _instant(date_text)
            if moment is not None and moment.tzinfo is not None:
                return moment
            if moment is not None:
                return moment.replace(tzinfo=self.local_zone())
        hhmm = str(fields.get("start") or "").strip()
        clock = duration_of(hhmm)
        try:
            day = dt.date.fromisoformat(day_date.strip()[:10])
        except ValueError:
            day = None
        if clock is None or day is None or clock >= dt.timedelta(days=1):
            self.warn(
                *where,
                t("import.no-start", what=what, date=date_text, start=hhmm),
                t("import.no-start.hint"),
                "import.start",
            )
            return None
        zone = self.local_zone()
        moment = dt.datetime.combine(day, dt.time(0, 0)) + clock
        opens = _instant(day_start) if day_start else None
        change = dt.timedelta(hours=opens.hour, minutes=opens.minute) if opens is not None else self.day_change
        if clock < change:
            moment += dt.timedelta(days=1)  # after midnight: still the previous day's programme in frab
        return moment.replace(tzinfo=zone)


def read_xml(path: Path, rel: str, site_tz: dt.tzinfo) -> Schedule:
    root = parse_xml(path.read_bytes(), rel)
    if root.tag != "schedule":
        raise ReadError(
            [
                Problem(
                    rel,
                    root.line,
                    root.col,
                    "error",
                    t("import.not-frab", tag=root.tag),
                    t("import.not-frab.hint"),
                    "import.not-schedule",
                )
            ]
        )
    conf = root.find("conference")
    title = conf.child_text("title") if conf is not None else ""
    acronym = conf.child_text("acronym") if conf is not None else ""
    schedule = Schedule("frab-xml", f"frab:{acronym or title or rel}", title)
    reader = _Reader(schedule, rel, site_tz)
    if conf is not None:
        tz = conf.find("time_zone_name")
        reader.set_zone(tz.text if tz is not None else "", tz.line if tz is not None else 0)
        reader.day_change = duration_of(conf.child_text("day_change")) or dt.timedelta(0)
        for tr in conf.all("track"):
            reader.track(tr.attrs.get("name") or tr.text, tr.attrs.get("color"))
    days = root.all("day")
    if not days:
        reader.warn(
            root.line,
            root.col,
            t("import.no-day"),
            t("import.no-day.hint"),
            "import.empty",
        )
    for day in days:
        for room in day.all("room"):
            room_name = room.attrs.get("name", "")
            reader.room(room_name, room.attrs.get("guid", ""))
            for ev in room.all("event"):
                fields: dict[str, Any] = {c.tag: c.text for c in ev.children if not c.children}
                fields.update(id=ev.attrs.get("id", ""), guid=ev.attrs.get("guid", ""))
                fields["room"] = fields.get("room") or room_name
                fields["room_guid"] = room.attrs.get("guid", "") if fields["room"] == room_name else ""
                links = ev.find("links")
                fields["links"] = [
                    (ln.text or ln.attrs.get("href", ""), ln.attrs.get("href", ""))
                    for ln in (links.all("link") if links is not None else [])
                ]
                talk = reader.talk(fields, (ev.line, ev.col), day.attrs.get("date", ""), day.attrs.get("start", ""))
                if talk is None:
                    continue
                persons = ev.find("persons")
                for p in persons.all("person") if persons is not None else []:
                    key = reader.person(
                        p.text,
                        (p.line, p.col),
                        talk.where,
                        guid=p.attrs.get("guid", ""),
                        code=p.attrs.get("code", ""),
                        ident=p.attrs.get("id", ""),
                    )
                    if key is not None and key not in talk.persons:
                        talk.persons.append(key)
                schedule.talks.append(talk)
        for unknown in sorted({c.tag for c in day.children} - {"room"}):
            reader.warn(day.line, day.col, t("import.day-unknown", tag=unknown), "", "import.unsupported")
    _zone_note(reader)
    return schedule


def read_json(data: Any, rel: str, site_tz: dt.tzinfo) -> Schedule:
    """The C3VOC/frab/pretalx schedule.json (`{"schedule": {"conference": {... "days": [...]}}}`)."""
    conf = (data.get("schedule") or {}).get("conference") if isinstance(data.get("schedule"), dict) else None
    if not isinstance(conf, dict):
        raise ReadError(
            [
                Problem(
                    rel,
                    1,
                    1,
                    "error",
                    t("import.no-conference"),
                    t("import.no-conference.hint"),
                    "import.not-schedule",
                )
            ]
        )
    title, acronym = str(conf.get("title") or ""), str(conf.get("acronym") or "")
    schedule = Schedule("frab-json", f"frab:{acronym or title or rel}", title)
    reader = _Reader(schedule, rel, site_tz)
    reader.set_zone(str(conf.get("time_zone_name") or ""))
    for tr in conf.get("tracks") or []:
        if isinstance(tr, dict):
            reader.track(str(tr.get("name") or ""), tr.get("color"))
    guids: dict[str, str] = {}
    for r in conf.get("rooms") or []:
        if isinstance(r, dict) and r.get("name"):
            cap = r.get("capacity")
            reader.room(str(r["name"]), str(r.get("guid") or ""), cap if isinstance(cap, int) and cap > 0 else None)
            guids[str(r["name"])] = str(r.get("guid") or "")
    people: dict[str, dict[str, Any]] = {}
    days = conf.get("days")
    if not isinstance(days, list) or not days:
        reader.warn(0, 0, t("import.no-days"), t("import.no-days.hint"), "import.empty")
        days = []
    for d, day in enumerate(days):
        rooms = day.get("rooms") if isinstance(day, dict) else None
        if not isinstance(rooms, dict):
            reader.warn(0, 0, t("import.day-no-rooms", day=d), "", "import.unsupported")
            continue
        for room_name, events in rooms.items():
            for e, ev in enumerate(events if isinstance(events, list) else []):
                where = f"days[{d}].rooms[{room_name!r}][{e}]"
                if not isinstance(ev, dict):
                    reader.warn(0, 0, t("import.not-event", where=where), "", "import.unsupported")
                    continue
                fields: dict[str, Any] = {k: v for k, v in ev.items() if isinstance(v, str | int)}
                fields["id"] = str(ev.get("id") or "")
                fields["room"] = str(ev.get("room") or room_name)
                fields["room_guid"] = guids.get(fields["room"], "")
                fields["links"] = [
                    (str(x.get("title") or x.get("url")), str(x.get("url")))
                    for x in ev.get("links") or []
                    if isinstance(x, dict) and x.get("url")
                ]
                talk = reader.talk(fields, (0, 0), str(day.get("date") or ""), str(day.get("day_start") or ""))
                if talk is None:
                    continue
                for p in ev.get("persons") or []:
                    if not isinstance(p, dict):
                        continue
                    name = str(p.get("public_name") or p.get("name") or "")
                    key = reader.person(
                        name,
                        (0, 0),
                        talk.where,
                        guid=str(p.get("guid") or ""),
                        code=str(p.get("code") or ""),
                        ident=str(p.get("id") or ""),
                    )
                    if key is not None:
                        people.setdefault(key, p)
                        if key not in talk.persons:
                            talk.persons.append(key)
                schedule.talks.append(talk)
    for key, p in people.items():
        person = schedule.persons[key]
        person.biography = str(p.get("biography") or "")
        person.links = [
            (str(x.get("title") or x.get("url")), str(x.get("url")))
            for x in p.get("links") or []
            if isinstance(x, dict) and x.get("url")
        ]
    _zone_note(reader)
    return schedule


def _zone_note(reader: _Reader) -> None:
    if reader.zone_from_site:
        reader.s.notes.append(t("import.zone-from-site", tz=reader.site_tz))


def read_json_file(path: Path, rel: str, site_tz: dt.tzinfo) -> Schedule:
    try:
        data = json.loads(path.read_bytes())
    except json.JSONDecodeError as exc:
        raise ReadError(
            [
                Problem(
                    rel,
                    exc.lineno,
                    exc.colno,
                    "error",
                    t("import.json-bad", why=exc.msg),
                    t("import.damaged.hint"),
                    "import.json",
                )
            ]
        ) from None
    if not isinstance(data, dict):
        raise ReadError(
            [
                Problem(
                    rel, 1, 1, "error", t("import.not-schedule"), t("import.not-schedule.hint"), "import.not-schedule"
                )
            ]
        )

    return read_json(data, rel, site_tz)
