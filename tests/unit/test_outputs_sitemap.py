"""sitemap.xml against the sitemaps.org XSD, with tests/schemas/xhtml-link.xsd for the hreflang links."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import PROJECT
from tests.unit.test_outputs_site import BASE, SESSIONS, SPEAKERS, build_absolute, build_relative, schemas_dir

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def sitemap_schema(tmp_path: Path) -> etree.XMLSchema:
    """A driver schema importing the sitemaps.org XSD and our xhtml:link declaration side by side."""
    driver = tmp_path / "driver.xsd"
    driver.write_text(
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n'
        '<xsd:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'schemaLocation="{(schemas_dir() / "sitemaps/sitemap.xsd").as_uri()}"/>\n'
        '<xsd:import namespace="http://www.w3.org/1999/xhtml" '
        f'schemaLocation="{(PROJECT / "tests/schemas/xhtml-link.xsd").as_uri()}"/>\n'
        "</xsd:schema>\n"
    )
    return etree.XMLSchema(etree.parse(str(driver)))


def test_sitemap_is_valid(tmp_path: Path) -> None:
    schema = sitemap_schema(tmp_path)
    doc = etree.parse(str(build_absolute() / "sitemap.xml"))
    assert schema.validate(doc), schema.error_log


def test_the_schema_really_checks_the_xhtml_links(tmp_path: Path) -> None:
    schema = sitemap_schema(tmp_path)
    text = (build_absolute() / "sitemap.xml").read_text()
    for broken in (
        text.replace('hreflang="x-default"', 'hreflang="not a language"', 1),
        text.replace("<xhtml:link ", "<xhtml:meta ", 1),
        text.replace(f"<loc>{BASE}", "<loc>/", 1),
    ):
        assert not schema.validate(etree.fromstring(broken.encode()))


def html_pages(out: Path) -> set[str]:
    pages = set()
    for page in out.rglob("*.html"):
        rel = page.relative_to(out).as_posix()
        if rel.endswith("404.html"):
            continue
        pages.add(BASE + rel.removesuffix("index.html"))
    return pages


def test_every_html_page_is_listed_with_its_alternates() -> None:
    out = build_absolute()
    tree = etree.parse(str(out / "sitemap.xml"))
    urls = {u.findtext(f"{SM}loc"): u for u in tree.iter(f"{SM}url")}
    assert set(urls) == html_pages(out)
    session = urls[BASE + "agenda/pembukaan/"]
    links = {link.get("hreflang"): link.get("href") for link in session.iter(f"{XHTML}link")}
    assert links == {
        "id": BASE + "agenda/pembukaan/",
        "en": BASE + "en/agenda/pembukaan/",
        "x-default": BASE + "agenda/pembukaan/",
    }
    english = urls[BASE + "en/pembicara/ani-wijaya/".replace("pembicara", "speakers")]
    assert {link.get("hreflang") for link in english.iter(f"{XHTML}link")} == {"id", "en", "x-default"}
    assert urls[BASE + "berita/kabar-pertama/"].findtext(f"{SM}lastmod") == "2025-11-20"
    assert urls[BASE].findtext(f"{SM}lastmod") is None  # no date in the content: none invented


@pytest.mark.parametrize("page", ["index.html", "en/agenda/index.html"])
def test_sitemap_urls_are_the_pages_canonical_urls(page: str) -> None:
    html = (build_absolute() / page).read_text()
    loc = BASE + page.removesuffix("index.html")
    assert f'<link rel="canonical" href="{loc}">' in html


def test_example_site_builds_every_machine_output() -> None:
    out = build_absolute()
    for lang_prefix in ("", "en/"):
        for name in ("agenda.ics", "schedule.json", "schedule.xml", "feed.xml"):
            assert (out / lang_prefix / name).is_file(), lang_prefix + name
        for slug in SESSIONS:
            assert (out / f"{lang_prefix}agenda/{slug}.ics").is_file()
    assert (out / "sitemap.xml").is_file()
    assert (out / "share/site.png").is_file()
    for slug in SESSIONS:
        assert (out / f"share/sessions/{slug}.png").is_file()
    for slug in SPEAKERS:
        assert (out / f"share/speakers/{slug}.png").is_file()


def test_robots_names_the_sitemap_only_with_an_absolute_base() -> None:
    assert (build_absolute() / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n"
    relative = build_relative()
    assert "Sitemap" not in (relative / "robots.txt").read_text()
    assert not (relative / "sitemap.xml").exists()
