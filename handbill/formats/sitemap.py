"""sitemap.xml: every HTML page, with its language versions as xhtml:link hreflang alternates.

The sitemap protocol requires absolute URLs, so the file is written only when base_url is
absolute (`--base-url https://example.org/ccc/`); robots.txt names it under the same condition.
With a relative base_url (the default site.yaml, for previews) there is no sitemap and no warning:
a warning would fail every --strict build of a site that is not yet deployed.  `lastmod` is given
only where the content has a date (news, dated pages), never from the clock.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..graph import Route
from ..model import NewsItem, Page
from ..render import BuildContext
from ..write import Artifact

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def lastmod(route: Route) -> str | None:
    obj = route.obj
    if isinstance(obj, NewsItem):
        return obj.date.isoformat()
    if isinstance(obj, Page) and obj.date is not None:
        return obj.date.isoformat()
    return None


def render_sitemap(ctx: BuildContext) -> list[Artifact]:
    if not ctx.config.absolute:
        return []
    base = ctx.config.base_url
    default = ctx.config.default_language
    urlset = ET.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
    for route in ctx.graph.routes:
        if route.kind == "error" or not route.output.endswith(".html"):
            continue
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = base + route.path
        modified = lastmod(route)
        if modified:
            ET.SubElement(url, "lastmod").text = modified
        if len(route.alternates) > 1:
            alternates = list(route.alternates.items())
            if default in route.alternates:
                alternates.append(("x-default", route.alternates[default]))
            for lang, path in alternates:
                ET.SubElement(url, "xhtml:link", rel="alternate", hreflang=lang, href=base + path)
    ET.indent(urlset)
    text = ET.tostring(urlset, encoding="unicode")
    return [Artifact("sitemap.xml", ('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n").encode("utf-8"))]
