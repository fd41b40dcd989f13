"""The default site (Creative Cities Connect 2025): every machine output parses and validates.

Nothing here depends on particular content beyond the site's existence: each output found is
read with its real reader and checked against its schema.
"""

from __future__ import annotations

import functools
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import extruct
import feedparser
import icalendar
import jsonschema
import pytest
import vobject
from lxml import etree
from PIL import Image

from tests.conftest import PROJECT, run_cli
from tests.unit.test_outputs_jsonld import assert_google_event
from tests.unit.test_outputs_site import BASE, _work, schemas_dir
from tests.unit.test_outputs_sitemap import sitemap_schema


@functools.cache
def default_site() -> Path:
    out = _work / "default-out"
    result = run_cli("build", "--root", PROJECT, "--out", out, "--base-url", BASE)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_calendars_parse_with_both_readers() -> None:
    out = default_site()
    calendars = sorted(out.rglob("*.ics"))
    assert (out / "agenda.ics") in calendars and (out / "en/agenda.ics") in calendars
    for path in calendars:
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        events = cal.walk("VEVENT")
        uids = [str(e["UID"]) for e in events]
        assert len(uids) == len(set(uids)), path
        for ev in events:
            assert ev.decoded("DTSTART").utcoffset() is not None
            assert str(ev["URL"]).startswith(BASE)
        other = vobject.readOne(path.read_text(encoding="utf-8"))
        assert sorted(e.uid.value for e in getattr(other, "vevent_list", [])) == sorted(uids), path


def test_schedules_are_valid() -> None:
    out = default_site()
    schema = json.loads((schemas_dir() / "c3voc/schedule.schema.json").read_text())
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker())
    xsd = etree.XMLSchema(etree.parse(str(schemas_dir() / "c3voc/schedule.xml.xsd")))
    for prefix in ("", "en/"):
        data = json.loads((out / f"{prefix}schedule.json").read_text())
        assert [e.message for e in validator.iter_errors(data)] == []
        doc = etree.parse(str(out / f"{prefix}schedule.xml"))
        assert xsd.validate(doc), xsd.error_log


def test_feeds_parse_cleanly() -> None:
    for prefix in ("", "en/"):
        data = feedparser.parse((default_site() / f"{prefix}feed.xml").read_bytes())
        assert data.bozo == 0, data.get("bozo_exception")
        assert all(e.id.startswith("urn:uuid:") for e in data.entries)


def test_sitemap_is_valid(tmp_path: Path) -> None:
    schema = sitemap_schema(tmp_path)
    assert schema.validate(etree.parse(str(default_site() / "sitemap.xml"))), schema.error_log


def pages() -> list[Path]:
    return sorted(p for p in default_site().rglob("*.html") if p.name != "404.html")


def jsonld_of(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    url = BASE + path.relative_to(default_site()).as_posix().removesuffix("index.html")
    found: list[dict[str, Any]] = extruct.extract(text, base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]
    return found


def test_every_event_in_jsonld_meets_googles_event_fields() -> None:
    events = 0
    for path in pages():
        for node in jsonld_of(path):
            assert node["@context"] == "https://schema.org"
            if node["@type"] == "Event":
                # The default agenda is illustrative: the event's dates, no invented times.
                assert_google_event(node, dates_only=True)
                assert (node["startDate"], node["endDate"]) == ("2025-12-11", "2025-12-12")
                events += 1
    assert events == 2  # the two home pages; no session page presents its illustrative times


def test_the_illustrative_agenda_is_not_presented_as_fact() -> None:
    site = default_site()
    for prefix, first_line in (("", "Jam dan ruang sesi ini hanya gambaran"), ("en/", "This session's time and room")):
        cal = icalendar.Calendar.from_ical((site / f"{prefix}agenda.ics").read_bytes())
        events = list(cal.walk("VEVENT"))
        assert events and all(str(ev["STATUS"]) == "TENTATIVE" for ev in events)
        assert all(str(ev["DESCRIPTION"]).startswith(first_line) for ev in events)
    home = (site / "index.html").read_text(encoding="utf-8")
    facts = home[home.index('<ul class="facts">') : home.index("</ul>", home.index('<ul class="facts">'))]
    assert "sesi</li>" not in facts and "stan</li>" not in facts  # illustrative counts are not facts
    assert "7</strong> Kota Kreatif UNESCO" in facts and "13" not in facts


AFTER_THE_FORUM = (
    "kota-banjarmasin",
    "kabupaten-buton-tengah",
    "kabupaten-cilacap",
    "kota-manado",
    "kabupaten-pati",
    "kabupaten-trenggalek",
)


def test_regions_designated_after_the_forum_are_not_participants() -> None:
    site = default_site()
    home = (site / "index.html").read_text(encoding="utf-8")
    band = home[home.index('class="band regions-band"') :]
    band = band[: band.index("</section>")]
    assert "kota-bandung/" in band  # a UNESCO Creative City took part
    assert not [slug for slug in AFTER_THE_FORUM if f"{slug}/" in band]
    regions = (site / "daerah/index.html").read_text(encoding="utf-8")
    assert "KaTa Kreatif yang ditetapkan setelah forum" in regions
    assert all(f"daerah/{slug}/" in regions for slug in AFTER_THE_FORUM)  # still on the regions page


def test_share_images_are_1200_by_630() -> None:
    images = sorted((default_site() / "share").rglob("*.png"))
    assert default_site() / "share/site.png" in images
    for path in images:
        with Image.open(path) as im:
            assert im.size == (1200, 630)


@pytest.mark.parametrize("relative", ["index.html", "en/index.html"])
def test_home_pages_carry_the_sharing_tags(relative: str) -> None:
    text = (default_site() / relative).read_text(encoding="utf-8")
    for pattern in (
        r'<link rel="canonical" href="https://example\.org/ccc/',
        r'<link rel="alternate" hreflang="x-default" href="https://example\.org/ccc/"',
        r'<link rel="alternate" type="application/atom\+xml"',
        r'<meta property="og:image" content="https://example\.org/ccc/share/site\.png"',
        r'<meta name="twitter:card" content="summary_large_image"',
        r'<script type="application/ld\+json">',
    ):
        assert re.search(pattern, text), pattern


def test_default_site_builds_with_its_relative_base_url() -> None:
    out = Path(tempfile.mkdtemp(dir=_work))
    result = run_cli("build", "--root", PROJECT, "--out", out / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / "site/agenda.ics").is_file() and not (out / "site/sitemap.xml").exists()


def test_no_page_repeats_a_section_heading() -> None:
    """A body's own "Speakers" section above the page's speaker cards read as the same heading twice
    (screen readers list headings: two "Pembicara" in a row); no session page has two equal h2
    headings, and a session's body does not name a section the page itself adds.  (The home page's
    alternative now/next panels repeat headings on purpose: one of them is shown.)"""
    site = default_site()
    speakers_words = {"pembicara", "speakers", "narasumber"}
    pages = sorted([*site.glob("agenda/*/index.html"), *site.glob("en/agenda/*/index.html")])
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        heads = [re.sub(r"<[^>]+>", "", h).strip().casefold() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
        assert len(heads) == len(set(heads)), (page, heads)
        if 'id="sp-title"' in html:
            body = html[: html.index('id="sp-title"')]
            body_heads = re.findall(r"<h2 id=\"(?!sp-title)[^\"]*\">(.*?)</h2>", body, re.S)
            assert not speakers_words & {h.strip().casefold() for h in body_heads}, (page, body_heads)
