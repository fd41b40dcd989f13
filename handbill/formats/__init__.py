"""Output formats: each a function `(BuildContext) -> list[Artifact]`, listed once in FORMATS.

Adding a format is one module and one entry here.  Only `pages` uses templates; machine outputs
are built from the model with libraries that escape by construction.
"""

from __future__ import annotations

from collections.abc import Callable

from ..render import BuildContext
from ..write import Artifact
from . import calendar, feed, headers, images, offline, pages, robots, schedule, share, sitemap

Format = Callable[[BuildContext], list[Artifact]]

FORMATS: tuple[tuple[str, Format], ...] = (
    ("pages", pages.render_pages),
    ("robots", robots.render_robots),
    ("calendar", calendar.render_calendars),
    ("schedule", schedule.render_schedules),
    ("feed", feed.render_feeds),
    ("sitemap", sitemap.render_sitemap),
    ("share", share.render_share_images),
    ("images", images.render_images),
    ("headers", headers.render_headers),
    ("manifest", offline.render_manifests),
)
