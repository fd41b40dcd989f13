"""What an editor may write: the front matter of each content kind, and site.yaml.

These pydantic models are the single source of truth for fields: validation, the JSON Schemas for
editors' tools and the field reference in the editor guide are all generated from them.  Strict
mode, so YAML 1.1 surprises (`NO` → false) are type errors instead of silent changes; unknown fields
are caught before validation (a warning with "did you mean").

A field marked `translatable` may appear in a `slug.en.md` translation; any other field there is an
error, because times, rooms and references must not differ between languages.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
LANG_RE = re.compile(r"^[a-z]{2,3}$")

SESSION_KINDS = ("keynote", "talk", "panel", "workshop", "performance", "ceremony", "tour", "break")
UNESCO_FIELDS = (
    "crafts-folk-art",
    "design",
    "film",
    "gastronomy",
    "literature",
    "media-arts",
    "music",
    "architecture",
)


def translatable(description: str, **kw: Any) -> Any:
    return Field(description=description, json_schema_extra={"translatable": True}, **kw)


def _parse_datetime(value: Any, info: ValidationInfo) -> Any:
    """'2025-12-11 09:00' → aware datetime in the site's timezone (from the validation context)."""
    tz = (info.context or {}).get("tz")
    if isinstance(value, str):
        text = value.strip().replace("T", " ")
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{value}' is not a date and time; write it as YYYY-MM-DD HH:MM") from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            if tz is None:
                raise ValueError("no timezone is configured")
            value = value.replace(tzinfo=tz)
        return value.astimezone(tz) if tz is not None else value
    if isinstance(value, dt.date):
        raise ValueError(f"'{value}' has a date but no time; write it as YYYY-MM-DD HH:MM")
    return value


def _parse_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD") from None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _slug(value: Any) -> Any:
    if isinstance(value, str) and not SLUG_RE.match(value):
        raise ValueError(f"'{value}' is not a valid id (lowercase letters, digits and hyphens)")
    return value


def _color(value: Any) -> Any:
    if isinstance(value, str) and not COLOR_RE.match(value):
        raise ValueError(f"'{value}' is not a colour; write it as #rrggbb")
    return value


LocalDateTime = Annotated[dt.datetime, BeforeValidator(_parse_datetime)]
Date = Annotated[dt.date, BeforeValidator(_parse_date)]
Slug = Annotated[str, BeforeValidator(_slug)]
Color = Annotated[str, BeforeValidator(_color)]
NonEmpty = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Link(Strict):
    label: str = Field("", description="What the link shows, e.g. 'Instagram'")
    url: NonEmpty = Field(description="http(s), mailto: or tel: address, or a site path starting with /")


class Front(Strict):
    """Fields every kind has."""

    draft: bool = Field(False, description="true keeps the entry out of the site unless built with --drafts")


class SpeakerFront(Front):
    name: NonEmpty = translatable("Full name, or a role such as 'Perwakilan Pemerintah Kota Ambon'")
    type: Literal["person", "role"] = Field(
        "person", description="'person' for a named, verified person; 'role' for a delegation or role"
    )
    role: str = translatable("Position or title", default="")
    organisation: str = translatable("Organisation", default="")
    photo: str = Field("", description="Image path under assets/, e.g. img/speakers/name.jpg")
    photo_alt: str = translatable("Description of the photo for screen readers", default="")
    links: list[Link] = Field([], description="Web pages and social accounts")
    featured: bool = Field(False, description="Show on the home page")
    order: int = Field(100, description="Sort position in lists (smaller first)")
    city: Slug | None = Field(None, description="Region id (a file name in content/cities)")


class SessionFront(Front):
    title: NonEmpty = translatable("Session title")
    summary: str = translatable("One or two sentences for lists and previews", default="")
    start: LocalDateTime = Field(description="YYYY-MM-DD HH:MM, in the event's timezone")
    end: LocalDateTime = Field(description="YYYY-MM-DD HH:MM, after start")
    room: Slug = Field(description="A room id from site.yaml")
    track: Slug | None = Field(None, description="A track id from site.yaml")
    kind: Literal[SESSION_KINDS] = Field("talk", description="One of: " + ", ".join(SESSION_KINDS))  # type: ignore[valid-type]
    language: Annotated[str, Field(pattern=LANG_RE.pattern)] = Field("id", description="Spoken language code")
    capacity: int | None = Field(None, ge=1, description="Seats, if limited")
    speakers: list[Slug] = Field([], description="Speaker ids (file names in content/speakers)")
    city: Slug | None = Field(None, description="Related region id")
    booths: list[Slug] = Field([], description="Related booth ids")


class Position(Strict):
    x: int = Field(ge=0, le=1000, description="Left edge on the floor plan (0-1000)")
    y: int = Field(ge=0, le=1000, description="Top edge on the floor plan (0-1000)")
    w: int = Field(60, ge=1, le=1000, description="Width")
    h: int = Field(40, ge=1, le=1000, description="Height")


class Demo(Strict):
    start: LocalDateTime = Field(description="YYYY-MM-DD HH:MM")
    end: LocalDateTime = Field(description="YYYY-MM-DD HH:MM")


class BoothFront(Front):
    name: NonEmpty = translatable("Booth name")
    number: NonEmpty = Field(description='Booth number as printed on the floor, in quotes: "07"')
    area: str = translatable("Hall or area", default="")
    position: Position | None = Field(None, description="Place on the floor plan")
    subsectors: list[Slug] = Field([], description="Creative subsector ids from site.yaml")
    products: list[str] = translatable("Products shown", default=[])
    demos: list[Demo] = Field([], description="Demonstration times")
    photo: str = Field("", description="Image path under assets/")
    photo_alt: str = translatable("Description of the photo", default="")
    city: Slug | None = Field(None, description="Region id")
    summary: str = translatable("One sentence for lists", default="")


class Coordinates(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Unesco(Strict):
    field: Literal[UNESCO_FIELDS] = Field(description="UNESCO creative field: " + ", ".join(UNESCO_FIELDS))  # type: ignore[valid-type]
    year: int = Field(ge=2004, le=2100, description="Year of designation")


class CityFront(Front):
    name: NonEmpty = translatable("Official name, e.g. 'Kota Bandung'")
    type: Literal["kota", "kabupaten", "provinsi"] = Field(description="kota, kabupaten or provinsi")
    province: NonEmpty = Field(description="Province")
    coordinates: Coordinates | None = None
    unesco: Unesco | None = Field(None, description="UNESCO Creative City membership")
    katakreatif: bool = Field(False, description="Designated KaTa Kreatif")
    flagship: Slug | None = Field(None, description="Flagship subsector id (subsektor unggulan)")
    known_for: str = translatable("A short phrase: what the place is known for", default="")
    summary: str = translatable("One or two sentences for lists", default="")


class NewsFront(Front):
    title: NonEmpty = translatable("Headline")
    date: Date = Field(description="YYYY-MM-DD")
    summary: str = translatable("One or two sentences", default="")
    image: str = Field("", description="Image path under assets/")
    image_alt: str = translatable("Description of the image", default="")
    sessions: list[Slug] = Field([], description="Related session ids")
    cities: list[Slug] = Field([], description="Related region ids")


class PageFront(Front):
    title: NonEmpty = translatable("Page title")
    description: str = translatable("One sentence for search engines and previews", default="")
    menu: int | None = Field(None, description="Position in the main menu; leave out to keep it off the menu")
    date: Date | None = None
    tags: list[str] = []


KIND_MODELS: dict[str, type[Front]] = {
    "speakers": SpeakerFront,
    "sessions": SessionFront,
    "booths": BoothFront,
    "cities": CityFront,
    "news": NewsFront,
    "pages": PageFront,
}


def translatable_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("translatable")
    )


# --- site.yaml ---------------------------------------------------------------------------------

LocalText = dict[str, str] | str


class Room(Strict):
    id: Slug
    name: LocalText
    capacity: int | None = Field(None, ge=1)


class Track(Strict):
    id: Slug
    name: LocalText
    color: Color = "#666666"


class Subsector(Strict):
    id: Slug
    name: LocalText


class Address(Strict):
    street: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = "ID"


class Venue(Strict):
    name: NonEmpty
    building: str = ""
    address: Address = Address()
    coordinates: Coordinates | None = None
    directions: LocalText = ""


class Organizer(Strict):
    name: LocalText
    url: str = ""


class EventSettings(Strict):
    name: NonEmpty
    tagline: LocalText = ""
    description: LocalText = ""
    start: Date
    end: Date
    timezone: NonEmpty = "UTC"
    timezone_label: str = ""
    venue: Venue
    organizer: Organizer | None = None
    host: Organizer | None = None


class NavItem(Strict):
    section: Literal["home", "agenda", "speakers", "booths", "cities", "news"] | None = None
    page: Slug | None = None


class Partner(Strict):
    name: NonEmpty
    url: str = ""


class SiteFront(Strict):
    title: LocalText
    base_url: NonEmpty = "/"
    languages: list[Annotated[str, Field(pattern=LANG_RE.pattern)]] = ["id"]
    event: EventSettings
    rooms: list[Room] = []
    tracks: list[Track] = []
    subsectors: list[Subsector] = []
    navigation: list[NavItem] = []
    notice: LocalText = ""
    partners: list[Partner] = []
    allow_raw_html: bool = False
    copyright: LocalText = ""
