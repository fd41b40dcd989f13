"""Stable identities for the machine outputs: derived from the event and a slug, never random.

Calendars, schedules and feeds must give the same session the same identifier in every build, so
that a calendar app updates an event instead of adding a copy and a feed reader does not show old
news as new.  Nothing here depends on base_url: moving the site keeps every identifier.
"""

from __future__ import annotations

import re
import unicodedata
import uuid

from ..config import SiteConfig

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _NON_ALNUM.sub("-", ascii_text).strip("-") or "event"


def event_key(config: SiteConfig) -> str:
    """'creative-cities-connect-2025-20251211': the event's name and first day."""
    event = config.front.event
    return f"{slugify(event.name)}-{event.start:%Y%m%d}"


def acronym(config: SiteConfig) -> str:
    """'ccc2025': initials of the event's words, numbers kept whole (frab/c3voc `acronym`)."""
    words = slugify(config.front.event.name).split("-")
    short = "".join(w if w.isdigit() else w[0] for w in words if w)
    if not any(w.isdigit() for w in words):
        short += f"{config.front.event.start:%Y}"
    return short if len(short) >= 4 else short + "event"


def guid(config: SiteConfig, *parts: str) -> str:
    """A UUID (version 5) named by the event and `parts`, e.g. guid(config, 'session', slug)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "handbill:" + ":".join((event_key(config), *parts))))


def ical_uid(config: SiteConfig, slug: str) -> str:
    """'pembukaan@creative-cities-connect-2025-20251211': one UID per session, in every language."""
    return f"{slug}@{event_key(config)}"


def absolute(config: SiteConfig, path: str) -> str | None:
    """The absolute URL of a site path, or None when the site's base_url is relative."""
    return config.base_url + path.lstrip("/") if config.absolute else None
