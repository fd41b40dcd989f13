"""The typed objects templates see.  One `Site` per language; references are objects, not slugs.

Every entry carries `lang` (the language its text is in) and `fallback` (True when the page's
language had no translation and the default language's text is shown, so templates can mark it and
put `lang` on it).  Back-references are queries on `Site`, answered from indexes built once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .config import SiteConfig
from .schema import Link, Position


@dataclass(frozen=True, eq=False)
class Entry:
    kind: str
    slug: str
    lang: str  # the language of the text shown
    fallback: bool  # True when this is the default language's text standing in for a missing translation
    source: str  # the file the entry comes from, for messages
    body_md: str
    body_line: int
    draft: bool
    untranslated: tuple[str, ...] = ()  # fields shown in base_lang because the translation lacks them ('*': all)
    base_lang: str = ""

    def lang_of(self, field: str) -> str:
        """The language a field's text is in, for `lang` attributes: partial translations mix two."""
        if "*" in self.untranslated or field in self.untranslated:
            return self.base_lang
        return self.lang

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.slug)

    def __hash__(self) -> int:
        return hash(self.key)


@dataclass(frozen=True, eq=False)
class Room:
    id: str
    name: str
    capacity: int | None = None
    #: The language of `name` when it is not the page's (site.yaml has no text in the page's language and
    #: the default language's stands in), else "": the HTML marks it with lang= (WCAG 3.1.2).
    name_lang: str = ""


@dataclass(frozen=True, eq=False)
class Track:
    id: str
    name: str
    color: str
    name_lang: str = ""  # as Room.name_lang


@dataclass(frozen=True, eq=False)
class Subsector:
    id: str
    name: str
    name_lang: str = ""  # as Room.name_lang


@dataclass(frozen=True, eq=False)
class RegionCategory:
    """A group of regions from site.yaml (a network, a designation), its texts in one language."""

    id: str
    name: str
    intro: str = ""
    label: str = ""  # a pattern with {field} and {year}, or ""
    fields: dict[str, str] = field(default_factory=dict)  # field id → name
    participants: bool = True  # false: its regions did not take part (not listed or counted as such)
    # The language of each text when the default language's stands in for the page's, else "" (as
    # Room.name_lang): the HTML marks it with lang= (WCAG 3.1.2).
    name_lang: str = ""
    intro_lang: str = ""
    label_lang: str = ""
    field_langs: dict[str, str] = field(default_factory=dict)  # field id → language, as name_lang


@dataclass(frozen=True, eq=False)
class Membership:
    """A region's place in a category: which field, since which year (both optional)."""

    category: RegionCategory
    field: str = ""  # the field's name, in the page's language
    field_id: str = ""
    year: int | None = None

    @property
    def label(self) -> str:
        """The category's label with the field and year filled in; its name when a value is missing."""
        pattern = self.category.label or self.category.name
        if ("{field}" in pattern and not self.field) or ("{year}" in pattern and not self.year):
            return self.category.name
        return pattern.replace("{field}", self.field).replace("{year}", str(self.year or ""))

    @property
    def label_lang(self) -> str:
        """The language of `label` when it is not the page's, else "" (for lang=).  A label whose {field}
        is in another language than its own words takes its words' language: one lang= cannot mark both."""
        pattern = self.category.label
        if not pattern or ("{field}" in pattern and not self.field) or ("{year}" in pattern and not self.year):
            return self.category.name_lang  # `label` shows the name
        return self.category.label_lang

    @property
    def field_lang(self) -> str:
        """The language of `field` when it is not the page's, else ""."""
        return self.category.field_langs.get(self.field_id, "")


@dataclass(frozen=True, eq=False)
class City(Entry):
    name: str = ""
    type: str = ""
    province: str = ""
    lat: float | None = None
    lon: float | None = None
    categories: tuple[Membership, ...] = ()
    flagship: Subsector | None = None
    map_label: str = ""
    photo: str = ""
    photo_alt: str = ""
    photo_credit: str = ""
    photo_licence: str = ""
    photo_focus: str = "50% 50%"
    known_for: str = ""
    summary: str = ""


@dataclass(frozen=True, eq=False)
class Speaker(Entry):
    name: str = ""
    type: str = "person"
    role: str = ""
    organisation: str = ""
    photo: str = ""
    photo_alt: str = ""
    photo_credit: str = ""
    photo_licence: str = ""
    photo_focus: str = "50% 50%"
    links: tuple[Link, ...] = ()
    featured: bool = False
    order: int = 100
    city: City | None = None

    @property
    def initials(self) -> str:
        words = [w for w in self.name.replace("/", " ").split() if w[:1].isalpha()]
        return "".join(w[0] for w in words[:2]).upper() or "?"


@dataclass(frozen=True, eq=False)
class Demo:
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True, eq=False)
class Booth(Entry):
    name: str = ""
    number: str = ""
    area: str = ""
    position: Position | None = None
    subsectors: tuple[Subsector, ...] = ()
    products: tuple[str, ...] = ()
    demos: tuple[Demo, ...] = ()
    photo: str = ""
    photo_alt: str = ""
    photo_credit: str = ""
    photo_licence: str = ""
    photo_focus: str = "50% 50%"
    city: City | None = None
    summary: str = ""


@dataclass(frozen=True, eq=False)
class Session(Entry):
    title: str = ""
    summary: str = ""
    start: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    end: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    room: Room = field(default_factory=lambda: Room("", ""))
    track: Track | None = None
    type: str = "talk"  # `kind` in the front matter; Entry.kind is the content kind
    language: str = "id"
    capacity: int | None = None
    speakers: tuple[Speaker, ...] = ()
    city: City | None = None
    booths: tuple[Booth, ...] = ()

    @property
    def day(self) -> dt.date:
        return self.start.date()

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True, eq=False)
class NewsItem(Entry):
    title: str = ""
    date: dt.date = dt.date(2000, 1, 1)
    summary: str = ""
    image: str = ""
    image_alt: str = ""
    image_credit: str = ""
    image_licence: str = ""
    image_focus: str = "50% 50%"
    sessions: tuple[Session, ...] = ()
    cities: tuple[City, ...] = ()


@dataclass(frozen=True, eq=False)
class Page(Entry):
    title: str = ""
    description: str = ""
    menu: int | None = None
    date: dt.date | None = None
    tags: tuple[str, ...] = ()
    layout: str = "page"


@dataclass
class Site:
    """Everything one language's pages can show."""

    lang: str
    config: SiteConfig
    rooms: dict[str, Room]
    tracks: dict[str, Track]
    subsectors: dict[str, Subsector]
    region_categories: dict[str, RegionCategory] = field(default_factory=dict)
    cities: dict[str, City] = field(default_factory=dict)
    speakers: dict[str, Speaker] = field(default_factory=dict)
    booths: dict[str, Booth] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    news: dict[str, NewsItem] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    _index: dict[str, dict[Any, list[Any]]] = field(default_factory=dict, repr=False)
    _memo: dict[Any, list[Any]] = field(default_factory=dict, repr=False)

    @property
    def event(self) -> Any:
        return self.config.front.event

    @property
    def days(self) -> tuple[dt.date, ...]:
        return self.config.days

    def kind(self, name: str) -> dict[str, Any]:
        mapping: dict[str, Any] = getattr(self, name)
        return mapping

    def all_entries(self) -> list[Entry]:
        out: list[Entry] = []
        for name in ("cities", "speakers", "booths", "sessions", "news", "pages"):
            out.extend(self.kind(name).values())
        return out

    def build_indexes(self) -> None:
        """Back-reference indexes, built once so that every query is a dictionary look-up."""
        self._memo = {}
        idx: dict[str, dict[Any, list[Any]]] = {
            name: defaultdict(list)
            for name in ("sessions_of", "sessions_in", "speakers_of", "booths_of", "news_about", "sessions_at_booth")
        }
        for s in self.sessions_sorted():
            for sp in s.speakers:
                idx["sessions_of"][sp.slug].append(s)
            if s.city:
                idx["sessions_in"][s.city.slug].append(s)
            for b in s.booths:
                idx["sessions_at_booth"][b.slug].append(s)
        for sp in self.speakers_sorted():
            if sp.city:
                idx["speakers_of"][sp.city.slug].append(sp)
        for b in self.booths_sorted():
            if b.city:
                idx["booths_of"][b.city.slug].append(b)
        for n in self.news_sorted():
            for c in n.cities:
                idx["news_about"][("cities", c.slug)].append(n)
            for s in n.sessions:
                idx["news_about"][("sessions", s.slug)].append(n)
        self._index = idx

    def _q(self, name: str, key: Any) -> list[Any]:
        if not self._index:
            self.build_indexes()
        return list(self._index[name].get(key, ()))

    # --- queries templates use (each answered once per build: every page may ask) ---
    def _sorted(self, key: Any, make: Any) -> list[Any]:
        if key not in self._memo:
            self._memo[key] = make()
        return list(self._memo[key])

    def sessions_sorted(self) -> list[Session]:
        return self._sorted(
            "sessions", lambda: sorted(self.sessions.values(), key=lambda s: (s.start, s.room.id, s.slug))
        )

    def sessions_on(self, day: dt.date) -> list[Session]:
        return self._sorted(("day", day), lambda: [s for s in self.sessions_sorted() if s.day == day])

    def speakers_sorted(self) -> list[Speaker]:
        return self._sorted(
            "speakers", lambda: sorted(self.speakers.values(), key=lambda s: (s.order, s.name.casefold(), s.slug))
        )

    def booths_sorted(self) -> list[Booth]:
        return self._sorted("booths", lambda: sorted(self.booths.values(), key=lambda b: (b.number, b.slug)))

    def cities_sorted(self) -> list[City]:
        return self._sorted("cities", lambda: sorted(self.cities.values(), key=lambda c: (c.name.casefold(), c.slug)))

    def news_sorted(self) -> list[NewsItem]:
        return self._sorted("news", lambda: sorted(self.news.values(), key=lambda n: (n.date, n.slug), reverse=True))

    def menu_pages(self) -> list[Page]:
        return self._sorted(
            "menu",
            lambda: sorted((p for p in self.pages.values() if p.menu is not None), key=lambda p: (p.menu, p.slug)),
        )

    def sessions_of(self, speaker: Speaker) -> list[Session]:
        return self._q("sessions_of", speaker.slug)

    def sessions_in(self, city: City) -> list[Session]:
        return self._q("sessions_in", city.slug)

    def sessions_at_booth(self, booth: Booth) -> list[Session]:
        return self._q("sessions_at_booth", booth.slug)

    def speakers_of(self, city: City) -> list[Speaker]:
        return self._q("speakers_of", city.slug)

    def booths_of(self, city: City) -> list[Booth]:
        return self._q("booths_of", city.slug)

    def news_about(self, entry: Entry) -> list[NewsItem]:
        return self._q("news_about", (entry.kind, entry.slug))
