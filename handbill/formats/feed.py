"""Atom feed of the news, one per language (graph.feed_path: feed.xml, en/feed.xml).

Built with xml.etree, which escapes by construction.  Ids are `urn:uuid:` names derived from the
event, the language and the slug (ids.guid), so they survive a change of base_url or of a title;
`updated` comes from the news dates (the build date only when there is no news).  Links are
absolute when base_url is absolute (and `xml:base` is set for links inside the content); with a
relative base_url they are site paths, which feed readers resolve against the feed's own address.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from .. import __version__
from ..graph import feed_path
from ..model import NewsItem, Site
from ..render import BuildContext
from ..write import Artifact
from . import ids

ATOM = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def _el(parent: ET.Element | None, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    el = ET.Element(tag, {"xmlns": ATOM, **attrib}) if parent is None else ET.SubElement(parent, tag, attrib)
    if text is not None:
        el.text = text
    return el


def stamp(ctx: BuildContext, day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=ctx.config.tz).isoformat()


def entry(ctx: BuildContext, site: Site, feed: ET.Element, news: NewsItem) -> None:
    e = _el(feed, "entry")
    if news.lang != site.lang:
        e.set(f"{{{XML_NS}}}lang", news.lang)
    _el(e, "id", "urn:uuid:" + ids.guid(ctx.config, "news", site.lang, news.slug))
    _el(e, "title", news.title, type="text")
    _el(e, "link", rel="alternate", type="text/html", href=ctx.abs_url(site.lang, news))
    _el(e, "published", stamp(ctx, news.date))
    _el(e, "updated", stamp(ctx, news.date))
    if news.summary:
        _el(e, "summary", news.summary, type="text")
    _el(e, "content", ctx.body(news, site.lang), type="html")


def render_feed(ctx: BuildContext, site: Site) -> bytes:
    config = ctx.config
    event = config.front.event
    lang = site.lang
    table = ctx.strings[lang].table
    news = site.news_sorted()
    feed = _el(None, "feed")
    feed.set(f"{{{XML_NS}}}lang", lang)
    if config.absolute:
        feed.set(f"{{{XML_NS}}}base", config.base_url)
    _el(feed, "id", "urn:uuid:" + ids.guid(config, "feed", lang))
    _el(feed, "title", f"{event.name} · {table.get('nav.news', 'News')}", type="text")
    tagline = config.text(event.tagline, lang)
    if tagline:
        _el(feed, "subtitle", tagline, type="text")
    updated = stamp(ctx, max(n.date for n in news)) if news else ctx.build_date.isoformat()
    _el(feed, "updated", updated)
    _el(feed, "link", rel="self", type="application/atom+xml", href=ctx.abs_url(lang, feed_path(site)))
    _el(feed, "link", rel="alternate", type="text/html", hreflang=lang, href=ctx.abs_url(lang, "news"))
    author = _el(feed, "author")
    organizer = event.organizer or event.host
    _el(author, "name", config.text(organizer.name, lang) if organizer else event.name)
    if organizer and organizer.url.startswith(("http://", "https://")):
        _el(author, "uri", organizer.url)
    _el(feed, "generator", "handbill", version=__version__)
    for item in news:
        entry(ctx, site, feed, item)
    ET.indent(feed)
    text = ET.tostring(feed, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n").encode("utf-8")


def render_feeds(ctx: BuildContext) -> list[Artifact]:
    return [Artifact(feed_path(site), render_feed(ctx, site)) for site in ctx.sites.values()]
