"""Structured data and sharing metadata for the <head> of every page, built from the model.

`helpers(ctx)` gives templates two globals (templates/_head_meta.html uses both):

    jsonld(route)     schema.org data as a dict (or None), emitted with `|tojson` in a
                      <script type="application/ld+json">, so `<`, `>` and `&` in content are
                      written as \\u003c... and can never close the script element
    head_meta(route)  a HeadMeta: title, description, canonical URL, x-default alternate, share
                      image, locales: the Open Graph and Twitter card tags

What each page describes:
    home           Event: the whole event, with everything Google's Event rich result requires
                   (name, startDate, location with address) and recommends (description, endDate,
                   eventStatus, eventAttendanceMode, image, organizer, performer).  No `offers`:
                   site.yaml has no ticket or registration data, and none is invented.
    session        Event with superEvent → the home page's Event; performers are its speakers
    speaker        Person for `type: person`; for `type: role` (a delegation or an office, not a
                   named person) an Organization with the role's name, never an invented Person
    region         Place (with PostalAddress and GeoCoordinates when known)
    news           NewsArticle
Dates carry the site's offset (+07:00 for Asia/Jakarta).  URLs are absolute when base_url is, and
site paths otherwise (JSON-LD resolves them against the page; Open Graph does not, so og:url and
og:image are left out with a relative base_url).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from babel.core import get_global

from .assets import Asset
from .config import SiteConfig
from .graph import Graph, Route, feed_path, ics_path, share_image_path
from .i18n import Strings
from .model import City, Entry, NewsItem, Page, Session, Site, Speaker

SCHEMA = "https://schema.org"
SHARE_SIZE = (1200, 630)


class Context(Protocol):
    """The part of render.BuildContext used here (this module comes before render)."""

    config: SiteConfig
    sites: dict[str, Site]
    strings: dict[str, Strings]
    graph: Graph
    assets: dict[str, Asset]
    build_date: dt.datetime

    def abs_url(self, lang: str, target: Any) -> str: ...


@dataclass(frozen=True)
class HeadMeta:
    title: str
    description: str
    site_name: str
    canonical: str | None  # None on the error page
    url: str | None  # absolute, for og:url; None with a relative base_url
    x_default: str | None
    og_type: str
    locale: str
    alternate_locales: tuple[str, ...]
    image: str | None  # absolute PNG URL, or None with a relative base_url
    image_alt: str
    image_width: int
    image_height: int
    feed: str
    feed_title: str
    calendar: str  # the session's .ics on a session page, the agenda's elsewhere
    noindex: bool


def og_locale(lang: str) -> str:
    """'id' → 'id_ID', 'en' → 'en_US': the language's likely territory, as Open Graph wants it."""
    likely = str(get_global("likely_subtags").get(lang, ""))
    territory = likely.rsplit("_", 1)[-1] if "_" in likely else ""
    return f"{lang}_{territory}" if territory.isupper() else lang


class Builder:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.config = ctx.config
        self.event = ctx.config.front.event

    # --- small pieces ---
    def url(self, lang: str, target: Any) -> str:
        return self.ctx.abs_url(lang, target)

    def absolute(self, path: str) -> str | None:
        return self.config.base_url + path if self.config.absolute else None

    def share_image(self, entry: Entry | None) -> str:
        path = share_image_path(entry)
        return self.config.base_url + path if self.config.absolute else self.config.base_path + path

    def asset_url(self, rel: str) -> str | None:
        found = self.ctx.assets.get(rel)
        if not rel or found is None:
            return None
        return (self.config.base_url if self.config.absolute else self.config.base_path) + found.output

    def iso(self, value: dt.datetime) -> str:
        return value.astimezone(self.config.tz).isoformat()

    def day_start(self, day: dt.date) -> str:
        return dt.datetime.combine(day, dt.time(0, 0), tzinfo=self.config.tz).isoformat()

    def event_id(self, lang: str) -> str:
        return self.url(lang, "home") + "#event"

    def address(self, lang: str) -> dict[str, Any]:
        a = self.event.venue.address
        out: dict[str, Any] = {"@type": "PostalAddress"}
        street = a.street or self.config.text(self.event.venue.building, lang)
        for key, value in (
            ("streetAddress", street),
            ("addressLocality", self.config.text(a.locality, lang)),
            ("addressRegion", a.region),
            ("postalCode", a.postal_code),
            ("addressCountry", a.country),
        ):
            if value:
                out[key] = value
        return out

    def venue(self, lang: str) -> dict[str, Any]:
        venue = self.event.venue
        place: dict[str, Any] = {"@type": "Place", "name": venue.name, "address": self.address(lang)}
        if venue.coordinates is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": venue.coordinates.lat,
                "longitude": venue.coordinates.lon,
            }
        return place

    def organizers(self, lang: str) -> list[dict[str, Any]]:
        out = []
        for org in (self.event.organizer, self.event.host):
            if org is None:
                continue
            node: dict[str, Any] = {"@type": "Organization", "name": self.config.text(org.name, lang)}
            if org.url.startswith(("http://", "https://")):
                node["url"] = org.url
            out.append(node)
        return out

    def speaker_ref(self, lang: str, sp: Speaker) -> dict[str, Any]:
        kind = "Person" if sp.type == "person" else "Organization"
        url = self.url(lang, sp)
        return {"@type": kind, "@id": url + "#" + kind.lower(), "name": sp.name, "url": url}

    def bounds(self, site: Site) -> tuple[str, str]:
        """The event's first start and last end from the agenda; the dates alone without one, or when
        the agenda's times are illustrative (site.yaml `illustrative`: not to be presented as fact)."""
        sessions = site.sessions_sorted()
        if not sessions or self.config.front.illustrative:
            return self.event.start.isoformat(), self.event.end.isoformat()
        return self.iso(sessions[0].start), self.iso(max(s.end for s in sessions))

    def common_event(self) -> dict[str, Any]:
        return {
            "eventStatus": f"{SCHEMA}/EventScheduled",
            "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        }

    # --- one node per kind of page ---
    def home(self, site: Site) -> dict[str, Any]:
        lang = site.lang
        start, end = self.bounds(site)
        node: dict[str, Any] = {
            "@context": SCHEMA,
            "@type": "Event",
            "@id": self.event_id(lang),
            "name": self.event.name,
            "url": self.url(lang, "home"),
            "startDate": start,
            "endDate": end,
            **self.common_event(),
            "location": self.venue(lang),
            "image": [self.share_image(None)],
            "inLanguage": lang,
        }
        description = self.config.text(self.event.description, lang) or self.config.text(self.event.tagline, lang)
        if description:
            node["description"] = description
        organizers = self.organizers(lang)
        if organizers:
            node["organizer"] = organizers
        performers = [self.speaker_ref(lang, sp) for sp in site.speakers_sorted() if sp.featured]
        if performers:
            node["performer"] = performers
        return node

    def session(self, site: Site, s: Session) -> dict[str, Any]:
        lang = site.lang
        url = self.url(lang, s)
        place = self.venue(lang)
        node: dict[str, Any] = {
            "@context": SCHEMA,
            "@type": "Event",
            "@id": url + "#event",
            "name": s.title,
            "url": url,
            "startDate": self.iso(s.start),
            "endDate": self.iso(s.end),
            **self.common_event(),
            "location": {
                "@type": "Place",
                "name": f"{s.room.name}, {self.event.venue.name}",
                "address": place["address"],
                "containedInPlace": place,
            },
            "image": [self.share_image(s)],
            "inLanguage": s.language,
            "superEvent": {"@type": "Event", "@id": self.event_id(lang), "name": self.event.name},
        }
        description = s.summary or self.config.text(self.event.tagline, lang)
        if description:
            node["description"] = description
        organizers = self.organizers(lang)
        if organizers:
            node["organizer"] = organizers
        if s.speakers:
            node["performer"] = [self.speaker_ref(lang, sp) for sp in s.speakers]
        return node

    def speaker(self, site: Site, sp: Speaker) -> dict[str, Any]:
        lang = site.lang
        node = {"@context": SCHEMA, **self.speaker_ref(lang, sp)}
        if sp.type == "person":
            if sp.role:
                node["jobTitle"] = sp.role
            if sp.organisation:
                node["worksFor"] = {"@type": "Organization", "name": sp.organisation}
        else:
            # A delegation or an office ("Perwakilan Pemerintah Kota Ambon"): no person is named.
            if sp.role:
                node["description"] = sp.role
            if sp.organisation:
                node["parentOrganization"] = {"@type": "Organization", "name": sp.organisation}
        photo = self.asset_url(sp.photo)
        if photo:
            node["image"] = photo
        same_as = [link.url for link in sp.links if link.url.startswith(("http://", "https://"))]
        if same_as:
            node["sameAs"] = same_as
        if sp.city is not None:
            key = "homeLocation" if sp.type == "person" else "location"
            node[key] = {"@type": "Place", "@id": self.url(lang, sp.city) + "#place", "name": sp.city.name}
        return node

    def city(self, site: Site, c: City) -> dict[str, Any]:
        lang = site.lang
        url = self.url(lang, c)
        address: dict[str, Any] = {"@type": "PostalAddress", "addressRegion": c.province, "addressCountry": "ID"}
        if c.type == "kota":
            address["addressLocality"] = c.name
        node: dict[str, Any] = {
            "@context": SCHEMA,
            "@type": "Place",
            "@id": url + "#place",
            "name": c.name,
            "url": url,
            "address": address,
        }
        if c.lat is not None and c.lon is not None:
            node["geo"] = {"@type": "GeoCoordinates", "latitude": c.lat, "longitude": c.lon}
        if c.summary or c.known_for:
            node["description"] = c.summary or c.known_for
        return node

    def news(self, site: Site, n: NewsItem) -> dict[str, Any]:
        lang = site.lang
        url = self.url(lang, n)
        image = self.asset_url(n.image) or self.share_image(None)
        node: dict[str, Any] = {
            "@context": SCHEMA,
            "@type": "NewsArticle",
            "@id": url + "#article",
            "headline": n.title,
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": self.day_start(n.date),
            "dateModified": self.day_start(n.date),
            "image": [image],
            "inLanguage": n.lang,
        }
        if n.summary:
            node["description"] = n.summary
        organizers = self.organizers(lang)
        if organizers:
            node["author"] = organizers
            node["publisher"] = organizers[0]
        about = [{"@type": "Event", "@id": self.url(lang, s) + "#event", "name": s.title} for s in n.sessions]
        about += [{"@type": "Place", "@id": self.url(lang, c) + "#place", "name": c.name} for c in n.cities]
        if about:
            node["about"] = about
        return node

    def jsonld(self, route: Route) -> dict[str, Any] | None:
        site = self.ctx.sites[route.lang]
        obj = route.obj
        if route.kind == "home":
            return self.home(site)
        if isinstance(obj, Session):
            # Illustrative times are not given to search engines as an event's schedule.
            return None if self.config.front.illustrative else self.session(site, obj)
        if isinstance(obj, Speaker):
            return self.speaker(site, obj)
        if isinstance(obj, City):
            return self.city(site, obj)
        if isinstance(obj, NewsItem):
            return self.news(site, obj)
        return None

    # --- sharing ---
    def title_and_description(self, route: Route) -> tuple[str, str]:
        lang = route.lang
        table = self.ctx.strings[lang].table
        tagline = self.config.text(self.event.tagline, lang)
        obj = route.obj
        if route.kind == "home":
            return self.config.text(self.config.front.title, lang), (
                self.config.text(self.event.description, lang) or tagline
            )
        if route.kind == "error":
            return table.get("page.not_found_title", "404"), tagline
        if route.kind == "section":
            return table.get(f"nav.{obj}", str(obj)), tagline
        if isinstance(obj, Session):
            return obj.title, obj.summary or tagline
        if isinstance(obj, Speaker):
            return obj.name, " · ".join(p for p in (obj.role, obj.organisation) if p) or tagline
        if isinstance(obj, City):
            return obj.name, obj.summary or obj.known_for or tagline
        if isinstance(obj, NewsItem):
            return obj.title, obj.summary or tagline
        if isinstance(obj, Page):
            return obj.title, obj.description or tagline
        title = getattr(obj, "name", "") or getattr(obj, "title", "") or self.event.name
        return str(title), str(getattr(obj, "summary", "") or tagline)

    def head_meta(self, route: Route) -> HeadMeta:
        lang = route.lang
        site = self.ctx.sites[lang]
        title, description = self.title_and_description(route)
        error = route.kind == "error"
        default = self.config.default_language
        x_default = None
        if not error and default in route.alternates and len(route.alternates) > 1:
            x_default = self.url(default, "/" + route.alternates[default])
        entry = route.obj if isinstance(route.obj, Session | Speaker) else None
        image = share_image_path(entry)
        og_type = "website"
        if isinstance(route.obj, NewsItem):
            og_type = "article"
        elif isinstance(route.obj, Speaker) and route.obj.type == "person":
            og_type = "profile"
        table = self.ctx.strings[lang].table
        return HeadMeta(
            title=title,
            description=description,
            site_name=self.config.text(self.config.front.title, lang),
            canonical=None if error else self.url(lang, route),
            url=None if error else self.absolute(route.path),
            x_default=x_default,
            og_type=og_type,
            locale=og_locale(lang),
            alternate_locales=tuple(og_locale(other) for other in route.alternates if other != lang),
            image=self.absolute(image),
            image_alt=title,
            image_width=SHARE_SIZE[0],
            image_height=SHARE_SIZE[1],
            feed=self.url(lang, feed_path(site)),
            feed_title=f"{self.event.name} · {table.get('nav.news', 'News')}",
            calendar=self.url(
                lang, ics_path(site, self.ctx.strings[lang], route.obj if isinstance(route.obj, Session) else None)
            ),
            noindex=error,
        )


def helpers(ctx: Context) -> dict[str, Callable[[Route], Any]]:
    builder = Builder(ctx)
    return {"jsonld": builder.jsonld, "head_meta": builder.head_meta}
