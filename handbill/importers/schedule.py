"""The schedule every reader produces and the writer consumes: talks, persons, rooms and tracks.

Readers (frab.py, sessionize.py) keep each thing's identity in the source (`key`: a GUID, a code, an
id, or the name when there is nothing else) so that a second import recognises what the first one
wrote.  Times are aware datetimes; texts are as the source has them (HTML or Markdown), cleaned by
the writer.  What a reader cannot use becomes one problem line, and the rest is still imported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..problems import Problem, Problems

#: Words in a source's event type (or a title, for service sessions) → our session kinds.
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("keynote", "keynote"),
    ("workshop", "workshop"),
    ("lokakarya", "workshop"),
    ("hands-on", "workshop"),
    ("tutorial", "workshop"),
    ("panel", "panel"),
    ("podium", "panel"),
    ("discussion", "panel"),
    ("diskusi", "panel"),
    ("performance", "performance"),
    ("concert", "performance"),
    ("pertunjukan", "performance"),
    ("ceremony", "ceremony"),
    ("opening", "ceremony"),
    ("closing", "ceremony"),
    ("pembukaan", "ceremony"),
    ("penutupan", "ceremony"),
    ("tour", "tour"),
    ("break", "break"),
    ("lunch", "break"),
    ("coffee", "break"),
    ("pause", "break"),
    ("istirahat", "break"),
    ("registration", "break"),
    ("check-in", "break"),
)
_LANG = re.compile(r"^[a-z]{2,3}$")


@dataclass
class Room:
    key: str
    name: str
    capacity: int | None = None


@dataclass
class Track:
    key: str
    name: str
    color: str | None = None


@dataclass
class Person:
    key: str
    name: str
    biography: str = ""
    role: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    photo_url: str = ""


@dataclass
class Talk:
    key: str
    title: str
    start: dt.datetime
    end: dt.datetime
    room: str  # a Room key
    where: str  # how messages name it: 'event 55 (line 12)'
    track: str | None = None  # a Track key
    kind: str = "talk"
    language: str = ""
    subtitle: str = ""
    abstract: str = ""
    description: str = ""
    persons: list[str] = field(default_factory=list)  # Person keys, in order
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Schedule:
    """One conference's schedule, as read."""

    format: str  # 'frab-xml', 'frab-json', 'sessionize'
    source: str  # identity of the conference, so that two schedules in one site do not remove each other's
    title: str = ""
    timezone: str = ""  # the conference's IANA zone, when the file says
    rooms: dict[str, Room] = field(default_factory=dict)
    tracks: dict[str, Track] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    talks: list[Talk] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    notes: list[str] = field(default_factory=list)  # plain information for the report, not problems


class ReadError(Exception):
    """The file cannot be read as a schedule at all: nothing is imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = problems


def kind_of(*texts: str, default: str = "talk") -> str:
    """Our session kind for a source's type ('Long Talk', 'Workshop', 'lecture') or a title."""
    for text in texts:
        low = text.casefold()
        for word, kind in KIND_WORDS:
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", low):
                return kind
    return default


def language_of(text: str) -> str:
    """'en-US' → 'en'; '' when the source gives nothing usable."""
    code = text.strip().replace("_", "-").split("-")[0].lower()
    return code if _LANG.match(code) else ""


def duration_of(text: str) -> dt.timedelta | None:
    """'00:45', '1:30', '01:30:00' (hours, minutes[, seconds]) → a timedelta; None when unreadable."""
    parts = text.strip().split(":")
    if not 2 <= len(parts) <= 3 or not all(p.strip().isdigit() for p in parts):
        return None
    hours, minutes = int(parts[0]), int(parts[1])
    seconds = int(parts[2]) if len(parts) == 3 else 0
    if minutes >= 60 or seconds >= 60:
        return None
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def person_key(*, guid: str = "", code: str = "", ident: str = "", name: str = "") -> str:
    """The most stable identity a source gives for a person."""
    if guid.strip():
        return f"guid:{guid.strip().lower()}"
    if code.strip():
        return f"code:{code.strip()}"
    if ident.strip():
        return f"id:{ident.strip()}"
    return "name:" + " ".join(name.split()).casefold()
