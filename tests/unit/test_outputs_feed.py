"""Atom feeds of the news, read back with feedparser (bozo must be 0) and lxml."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid

import feedparser
from lxml import etree

from tests.unit.test_outputs_site import BASE, EVENT_KEY, XSS, build_absolute, build_relative

ATOM = "{http://www.w3.org/2005/Atom}"


def parsed(path: str, relative: bool = False) -> feedparser.FeedParserDict:
    out = build_relative() if relative else build_absolute()
    data = feedparser.parse((out / path).read_bytes())
    assert data.bozo == 0, data.get("bozo_exception")
    return data


def utc(d: dt.datetime) -> int:
    return calendar.timegm(d.utctimetuple())


def test_feed_field_by_field() -> None:
    data = parsed("feed.xml")
    assert data.version == "atom10"
    assert data.feed.title == "Acara Uji 2025 · Berita"
    assert data.feed.language == "id"
    assert data.feed.id == "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"handbill:{EVENT_KEY}:feed:id"))
    links = {link.rel: link.href for link in data.feed.links}
    assert links == {"self": BASE + "feed.xml", "alternate": BASE + "berita/"}
    assert data.feed.author == "Direktorat Uji"
    # updated is the newest news date (00:00 in Jakarta), not the build's clock
    assert calendar.timegm(data.feed.updated_parsed) == utc(dt.datetime(2025, 11, 30, 17, 0, tzinfo=dt.UTC))
    assert [e.link for e in data.entries] == [BASE + "berita/kabar-xss/", BASE + "berita/kabar-pertama/"]
    first = data.entries[1]
    assert first.title == "Kabar pertama"
    assert first.summary == "Pendaftaran dibuka."
    assert first.content[0].value == "<p>Isi kabar.</p>"
    assert first.published == "2025-11-20T00:00:00+07:00"
    assert first.updated == "2025-11-20T00:00:00+07:00"
    assert first.id == "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"handbill:{EVENT_KEY}:news:id:kabar-pertama"))


def test_english_feed_marks_untranslated_entries_with_their_language() -> None:
    data = parsed("en/feed.xml")
    assert data.feed.title == "Acara Uji 2025 · News"
    assert {link.rel: link.href for link in data.feed.links}["alternate"] == BASE + "en/news/"
    tree = etree.parse(str(build_absolute() / "en/feed.xml"))
    langs = [e.get("{http://www.w3.org/XML/1998/namespace}lang") for e in tree.iter(f"{ATOM}entry")]
    assert langs == ["id", "id"]  # no English text was written: the Indonesian one stands in, marked


def test_script_title_is_text_in_the_feed() -> None:
    entry = parsed("feed.xml").entries[0]
    assert entry.title == XSS
    assert entry.title_detail.type == "text/plain"
    assert entry.summary == XSS + " summary"
    raw = (build_absolute() / "feed.xml").read_bytes()
    assert b"<script>" not in raw
    content = etree.parse(str(build_absolute() / "feed.xml")).find(f"{ATOM}entry/{ATOM}content")
    assert content is not None and content.get("type") == "html"
    assert "<script>" not in (content.text or "")  # the HTML inside is the escaped body
    assert "&lt;script&gt;" in (content.text or "")


def test_entry_ids_do_not_depend_on_base_url() -> None:
    absolute = [e.id for e in parsed("feed.xml").entries]
    relative_data = parsed("feed.xml", relative=True)
    assert [e.id for e in relative_data.entries] == absolute
    assert relative_data.entries[0].link == "/berita/kabar-xss/"
