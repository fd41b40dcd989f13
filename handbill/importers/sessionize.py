"""Sessionize "All data" JSON (API / Embed → JSON → All): sessions, speakers, categories and rooms.

    {"sessions": [{"id", "title", "description", "startsAt", "endsAt", "isServiceSession",
                   "speakers": [speaker ids], "categoryItems": [item ids], "roomId"}, ...],
     "speakers": [{"id", "firstName", "lastName", "fullName", "bio", "tagLine", "profilePicture",
                   "links": [{"title", "url", "linkType"}]}, ...],
     "categories": [{"id", "title", "items": [{"id", "name"}]}, ...],
     "rooms": [{"id", "name"}, ...]}

Sessionize writes local times without an offset: they are read in site.yaml's time zone.  The
category whose title says "track" gives the tracks; one that says "format" or "type" gives the kind
of session; other categories are not imported (the report names them).  Sessions not scheduled yet
(no time or no room) are left out with a line each.  Photos are not downloaded.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..messages import t
from ..problems import Problem
from .schedule import Person, ReadError, Room, Schedule, Talk, Track, kind_of


def _local(text: Any, tz: dt.tzinfo) -> dt.datetime | None:
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def read(data: Any, rel: str, site_tz: dt.tzinfo) -> Schedule:
    if isinstance(data, list) and data and isinstance(data[0], dict) and "groupName" in data[0]:
        raise ReadError(
            [
                Problem(
                    rel,
                    1,
                    1,
                    "error",
                    t("import.sessionize-view"),
                    t("import.sessionize-view.hint"),
                    "import.sessionize-view",
                )
            ]
        )
    if not isinstance(data, dict) or not isinstance(data.get("sessions"), list):
        raise ReadError(
            [
                Problem(
                    rel,
                    1,
                    1,
                    "error",
                    t("import.sessionize-not-all"),
                    t("import.sessionize-not-all.hint"),
                    "import.not-schedule",
                )
            ]
        )
    s = Schedule("sessionize", "sessionize")
    problems = s.problems

    def warn(where: str, message: str, hint: str, code: str) -> None:
        problems.warn(rel, 0, 0, f"{where}: {message}", hint, code=code)

    rooms = {str(r.get("id")): str(r.get("name") or "").strip() for r in data.get("rooms") or [] if isinstance(r, dict)}
    for rid, name in rooms.items():
        if name:
            s.rooms[f"sessionize-room:{rid}"] = Room(f"sessionize-room:{rid}", " ".join(name.split()))
    track_of: dict[int, str] = {}
    kind_of_item: dict[int, str] = {}
    ignored: list[str] = []
    for c in data.get("categories") or []:
        if not isinstance(c, dict):
            continue
        title = str(c.get("title") or "")
        items = [i for i in c.get("items") or [] if isinstance(i, dict) and i.get("name")]
        if re.search(r"(?i)\btrack|jalur", title):
            for item in items:
                key = f"sessionize-item:{item.get('id')}"
                s.tracks[key] = Track(key, " ".join(str(item["name"]).split()))
                track_of[item.get("id")] = key  # type: ignore[index]
        elif re.search(r"(?i)\bformat|\btype|jenis", title):
            for item in items:
                kind_of_item[item.get("id")] = kind_of(str(item["name"]))  # type: ignore[index]
        elif title:
            ignored.append(title)
    if ignored:
        s.notes.append(t("import.categories-ignored", names=", ".join(sorted(ignored))))
    speakers = {str(p.get("id")): p for p in data.get("speakers") or [] if isinstance(p, dict)}
    photos = 0
    used: set[str] = set()
    for i, ses in enumerate(data["sessions"]):
        if not isinstance(ses, dict):
            warn(f"sessions[{i}]", t("import.not-session"), "", "import.unsupported")
            continue
        what = t("import.session", id=str(ses.get("id")), title=" ".join(str(ses.get("title") or "").split()))
        title = " ".join(str(ses.get("title") or "").split())
        start, end = _local(ses.get("startsAt"), site_tz), _local(ses.get("endsAt"), site_tz)
        room = f"sessionize-room:{ses.get('roomId')}"
        if not title:
            warn(
                f"sessions[{i}]", t("import.sessionize-no-title"), t("import.sessionize-no-title.hint"), "import.title"
            )
            continue
        if start is None or end is None:
            warn(what, t("import.not-scheduled"), t("import.not-scheduled.hint"), "import.start")
            continue
        if end <= start:
            warn(what, t("import.ends-before"), t("import.ends-before.hint"), "import.duration")
            continue
        if room not in s.rooms:
            warn(what, t("import.sessionize-no-room"), t("import.sessionize-no-room.hint"), "import.room")
            continue
        chosen = [x for x in ses.get("categoryItems") or [] if isinstance(x, int)]
        track = next((track_of[x] for x in chosen if x in track_of), None)
        service = bool(ses.get("isServiceSession"))
        kind = next((kind_of_item[x] for x in chosen if x in kind_of_item), None)
        talk = Talk(
            key=f"sessionize:{ses.get('id')}",
            title=title,
            start=start,
            end=end,
            room=room,
            where=what,
            track=track,
            kind=kind or (kind_of(title, default="break") if service else "talk"),
            description=str(ses.get("description") or ""),
        )
        for sid in ses.get("speakers") or []:
            sid = str(sid.get("id") if isinstance(sid, dict) else sid)
            sp = speakers.get(sid)
            if sp is None:
                warn(what, t("import.speaker-unknown", id=sid), "", "import.person")
                continue
            name = " ".join(
                str(sp.get("fullName") or f"{sp.get('firstName') or ''} {sp.get('lastName') or ''}").split()
            )
            if not name:
                warn(what, t("import.speaker-no-name"), t("import.speaker-no-name.hint"), "import.person-name")
                continue
            key = f"sessionize-speaker:{sid}"
            if key not in s.persons:
                links = [
                    (str(x.get("title") or x.get("linkType") or x.get("url")), str(x.get("url")))
                    for x in sp.get("links") or []
                    if isinstance(x, dict) and x.get("url")
                ]
                s.persons[key] = Person(
                    key,
                    name,
                    str(sp.get("bio") or ""),
                    " ".join(str(sp.get("tagLine") or "").split()),
                    links,
                    str(sp.get("profilePicture") or ""),
                )
                photos += bool(sp.get("profilePicture"))
            if key not in talk.persons:
                talk.persons.append(key)
            used.add(key)
        s.talks.append(talk)
    if photos:
        s.notes.append(t("import.photos", n=photos))
    s.notes.append(t("import.sessionize-local", tz=site_tz))

    return s
