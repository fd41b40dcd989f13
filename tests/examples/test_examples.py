"""The sites in examples/ build with the gates of the default site: strict build with no warning, valid
HTML (Nu), no broken internal link, feeds, calendars, schedules and the sitemap valid; and their
languages are right (one language: no switcher and no /en/; three: every page in each, everywhere).

    examples/civic-data-week      English only, Europe/Berlin, 3 days, 5 rooms, no booths, no regions
    examples/festival-tiga-bahasa id + en + nl (the theme's Dutch interface strings), Asia/Makassar
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import icalendar
import jsonschema
import pytest
import vobject
from lxml import etree

from handbill.config import load_config
from handbill.pipeline import Options, build
from tests.conftest import PROJECT
from tests.e2e.test_site_html import vnu_jar

EXAMPLES = PROJECT / "examples"
BASE = "https://example.org/site/"
EPOCH = "1767225600"  # 2026-01-01: before both events
NAMES = ("civic-data-week", "festival-tiga-bahasa")
_work = Path(tempfile.mkdtemp(prefix="handbill-examples-"))
SCHEMAS = PROJECT / "tests" / "schemas"  # the C3VOC and sitemaps.org schemas (README there)


def sitemap_schema(tmp_path: Path) -> etree.XMLSchema:
    """sitemaps.org's XSD with tests/schemas/xhtml-link.xsd for the hreflang links (as test_outputs_sitemap)."""
    driver = tmp_path / "driver.xsd"
    driver.write_text(
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n'
        '<xsd:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'schemaLocation="{(SCHEMAS / "sitemaps" / "sitemap.xsd").as_uri()}"/>\n'
        '<xsd:import namespace="http://www.w3.org/1999/xhtml" '
        f'schemaLocation="{(PROJECT / "tests/schemas/xhtml-link.xsd").as_uri()}"/>\n'
        "</xsd:schema>\n"
    )
    return etree.XMLSchema(etree.parse(str(driver)))


@functools.cache
def built(name: str) -> Path:
    out = _work / name
    import os

    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        result = build(EXAMPLES / name, Options(out=out, base_url=BASE, strict=True, cache=False))
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    assert result.ok, [p.format() for p in result.problems]
    assert [p.format() for p in result.problems] == []
    return out


def test_the_examples_are_the_ones_described() -> None:
    assert sorted(p.name for p in EXAMPLES.iterdir() if (p / "site.yaml").is_file()) == sorted(NAMES)
    berlin = load_config(EXAMPLES / "civic-data-week")
    assert (berlin.languages, berlin.front.event.timezone, len(berlin.days)) == (("en",), "Europe/Berlin", 3)
    assert len(berlin.front.rooms) == 5 and not (EXAMPLES / "civic-data-week/content/booths").exists()
    three = load_config(EXAMPLES / "festival-tiga-bahasa")
    assert (three.languages, three.front.event.timezone) == (("id", "en", "nl"), "Asia/Makassar")


@pytest.mark.parametrize("name", NAMES)
def test_builds_strictly_without_a_warning(name: str) -> None:
    assert (built(name) / "index.html").is_file()


def test_every_page_is_valid_html() -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is required to run the W3C Nu HTML validator (vnu.jar) and was not found on PATH")
    files = sorted(str(p) for name in NAMES for p in built(name).rglob("*.html"))
    assert len(files) > 60
    proc = subprocess.run(
        [java, "-Xss4m", "-jar", str(vnu_jar()), "--format", "json", "--also-check-svg", *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
    problems = [m for m in report["messages"] if m.get("type") == "error" or m.get("subType") == "fatal"]
    lines = [
        f"{m.get('url', '').removeprefix('file:' + str(_work))}:{m.get('lastLine')}: {m.get('message')}"
        for m in problems
    ]
    assert not problems, "\n".join(lines[:40])


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.lang = ""
        self.alternates: dict[str, str] = {}
        self.switch: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang", "")
        for key in ("href", "src"):
            if key in a and tag != "link" or (tag == "link" and key == "href" and a.get("rel") != "alternate"):
                if key in a:
                    self.urls.append(a[key])
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang") not in (None, "x-default"):
            self.alternates[a["hreflang"]] = a["href"]
        if tag == "a" and "data-lang-switch" in a:
            self.switch[a.get("hreflang", "")] = a["href"]


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def target(site: Path, url: str) -> Path | None:
    """The file a link reaches in the built site, or None for links leaving it."""
    parts = urlsplit(url)
    path = parts.path
    if parts.scheme in ("http", "https") and url.startswith(BASE):
        path = "/site/" + url[len(BASE) :].split("#")[0]
    elif parts.scheme or parts.netloc or not path.startswith("/site/"):
        return None
    rel = path.removeprefix("/site/")
    found = site / rel
    return found / "index.html" if rel == "" or rel.endswith("/") else found


@pytest.mark.parametrize("name", NAMES)
def test_no_internal_link_is_broken(name: str) -> None:
    site = built(name)
    broken = []
    for page in sorted(site.rglob("*.html")):
        links = parse(page)
        for url in links.urls:
            found = target(site, url)
            if found is not None and not found.is_file():
                broken.append(f"{page.relative_to(site)}: {url}")
            fragment = urlsplit(url).fragment
            if found is not None and found.is_file() and fragment and found.suffix == ".html":
                if fragment not in parse(found).ids:
                    broken.append(f"{page.relative_to(site)}: {url} (no #{fragment})")
    assert broken == []


@pytest.mark.parametrize("name", NAMES)
def test_feeds_calendars_schedules_and_sitemap_are_valid(name: str, tmp_path: Path) -> None:
    site = built(name)
    config = load_config(EXAMPLES / name)
    prefixes = ["" if lang == config.default_language else f"{lang}/" for lang in config.languages]
    schema = json.loads((SCHEMAS / "c3voc" / "schedule.schema.json").read_text())
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker())
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / "c3voc" / "schedule.xml.xsd")))
    for prefix in prefixes:
        feed = feedparser.parse((site / f"{prefix}feed.xml").read_bytes())
        assert feed.bozo == 0 and feed.entries, prefix
        cal_path = site / f"{prefix}agenda.ics"
        cal = icalendar.Calendar.from_ical(cal_path.read_bytes())
        events = cal.walk("VEVENT")
        sessions = [p for p in (EXAMPLES / name / "content/sessions").glob("*.md") if p.name.count(".") == 1]
        assert len(events) == len(sessions) > 5
        for ev in events:
            start = ev.decoded("DTSTART")
            assert str(start.tzinfo) == config.front.event.timezone, ev["SUMMARY"]
        assert len(vobject.readOne(cal_path.read_text()).vevent_list) == len(events)
        data = json.loads((site / f"{prefix}schedule.json").read_text())
        assert [e.message for e in validator.iter_errors(data)] == []
        assert data["schedule"]["conference"]["time_zone_name"] == config.front.event.timezone
        assert xsd.validate(etree.parse(str(site / f"{prefix}schedule.xml"))), xsd.error_log
    assert sitemap_schema(tmp_path).validate(etree.parse(str(site / "sitemap.xml")))


def test_one_language_has_no_switcher_and_no_language_tree() -> None:
    site = built("civic-data-week")
    assert not (site / "en").exists() and not (site / "id").exists()
    for page in sorted(site.rglob("*.html")):
        links = parse(page)
        assert links.lang == "en"
        assert links.switch == {}, page
        assert 'class="langs"' not in page.read_text(), page
        assert set(links.alternates) <= {"en"}, page
    # No exhibition and no regions: no such sections, and nothing links to them.
    assert not (site / "booths").exists() and not (site / "regions").exists()
    assert "/site/regions/" not in (site / "404.html").read_text()


def test_times_carry_the_events_own_time_zone() -> None:
    agenda = (built("civic-data-week") / "agenda" / "index.html").read_text()
    assert "CEST" in agenda and "WIB" not in agenda
    festival = (built("festival-tiga-bahasa") / "nl" / "programma" / "index.html").read_text()
    assert "WITA" in festival and "WIB" not in festival


def test_three_languages_everywhere() -> None:
    site = built("festival-tiga-bahasa")
    langs = {"id", "en", "nl"}
    counts = {lang: 0 for lang in langs}
    problems = []
    for page in sorted(site.rglob("*.html")):
        links = parse(page)
        counts[links.lang] += 1
        rel = page.relative_to(site).as_posix()
        if set(links.alternates) != langs:
            problems.append(f"{rel}: alternates {sorted(links.alternates)}")
            continue
        for lang, href in links.alternates.items():
            other = target(site, href)
            if other is None or not other.is_file() or parse(other).lang != lang:
                problems.append(f"{rel}: {lang} → {href}")
        if set(links.switch) != langs - {links.lang}:
            problems.append(f"{rel}: switcher {sorted(links.switch)}")
    assert problems == []
    assert counts["id"] == counts["en"] == counts["nl"] > 20
    nl = (site / "nl" / "index.html").read_text()
    assert "Kustcreativiteitsweek 2026" in nl and "Programma" in nl
    assert (site / "nl/programma/konser-sore/index.html").is_file()
    assert "Middagconcert" in (site / "nl/programma/konser-sore/index.html").read_text()
    assert (site / "nl/programma/konser-sore.ics").is_file()
    assert "Middagconcert" in (site / "nl/agenda.ics").read_text()
    assert "Het programma is bekend" in (site / "nl/feed.xml").read_text()
    rooms = json.loads((site / "nl/schedule.json").read_text())["schedule"]["conference"]["rooms"]
    assert {r["name"] for r in rooms} == {"Grote zaal", "Leslokaal", "Openluchtpodium"}
    sitemap = (site / "sitemap.xml").read_text()
    assert 'hreflang="nl" href="https://example.org/site/nl/programma/konser-sore/"' in sitemap


def test_a_section_without_entries_is_made_only_when_the_menu_names_it(make_site: Callable[..., Path]) -> None:
    from tests.conftest import MINIMAL_SITE_YAML

    plain = make_site({}, name="plain")
    named = make_site({}, MINIMAL_SITE_YAML + "  - section: booths\n", name="named")
    for root in (plain, named):
        assert build(root, Options()).ok
    assert not (plain / "_site/booth").exists() and not (plain / "_site/daerah").exists()
    assert (named / "_site/booth/index.html").is_file() and (named / "_site/en/booths/index.html").is_file()
    assert (plain / "_site/agenda/index.html").is_file() and (plain / "_site/pembicara/index.html").is_file()
