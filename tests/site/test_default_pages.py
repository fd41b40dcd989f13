"""The default site as a visitor reads it: each language speaks its own, and an illustrative agenda says
so wherever it is shown (a visitor may have closed the site's notice; a calendar app shows no notice)."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from handbill.pipeline import Options, build
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("default") / "site"
    result = build(PROJECT, Options(out=out, strict=True, cache=False, memo=False))
    assert result.ok, [p.format() for p in result.problems]
    return out


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """What a reader sees and hears: the text, the alt texts and the labels, without markup."""
    shown = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    attrs = " ".join(re.findall(r'(?:alt|aria-label|title|content)="([^"]*)"', shown))
    return unescape(re.sub(r"<[^>]+>", " ", shown) + " " + attrs)


def english_pages(site: Path) -> list[Path]:
    return sorted((site / "en").rglob("*.html"))


def test_english_pages_name_the_venue_in_english(site: Path) -> None:
    pages = english_pages(site)
    assert len(pages) > 40
    for page in pages:
        seen = text_of(page.read_text(encoding="utf-8"))
        assert "Jakarta Pusat" not in seen and "d/h " not in seen, page
    home = text_of(read(site, "en/index.html"))
    assert "Central Jakarta" in home and "Chubb Square (formerly UOB Plaza)" in home
    assert "Jakarta Pusat" in text_of(read(site, "index.html"))
    assert "Chubb Square (d/h UOB Plaza)" in text_of(read(site, "index.html"))


def test_structured_data_and_calendars_give_the_address_in_the_page_language(site: Path) -> None:
    def locality(rel: str) -> set[str]:
        found = set()
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', read(site, rel), re.S):
            found |= set(re.findall(r'"addressLocality":\s*"([^"]*)"', block))
        return found

    assert locality("en/index.html") == {"Central Jakarta"}
    assert locality("index.html") == {"Jakarta Pusat"}
    english = (site / "en" / "agenda.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "Central Jakarta" in english and "Jakarta Pusat" not in english


def test_english_region_pages_give_the_province_in_english(site: Path) -> None:
    assert "North Sulawesi" in text_of(read(site, "en/regions/kota-manado/index.html"))
    assert "Sulawesi Utara" in text_of(read(site, "daerah/kota-manado/index.html"))
    regions = text_of(read(site, "en/regions/index.html"))
    assert "Jawa Tengah" not in regions and "Central Java" in regions


def test_the_agenda_and_the_home_highlights_say_the_times_are_illustrative(site: Path) -> None:
    for rel, words in (
        ("agenda/index.html", "ilustratif"),
        ("en/agenda/index.html", "illustrative"),
        ("index.html", "ilustratif"),
        ("en/index.html", "illustrative"),
    ):
        html = read(site, rel)
        # outside the site-wide notice, which a visitor can close for good
        without_notice = re.sub(r"<aside class=\"notice\".*?</aside>", "", html, flags=re.S)
        notes = re.findall(r'<p class="illustrative-note">(.*?)</p>', without_notice)
        assert len(notes) == 1 and words in notes[0], rel


def test_google_calendar_links_carry_the_illustrative_caveat_first(site: Path) -> None:
    for rel, words in (
        ("agenda/pembukaan/index.html", "ilustratif"),
        ("en/agenda/pembukaan/index.html", "illustrative"),
    ):
        links = re.findall(r'href="(https://calendar\.google\.com/[^"]+)"', read(site, rel))
        assert links, rel
        details = parse_qs(urlsplit(unescape(links[0])).query)["details"][0]
        assert words in details.split("\n")[0], details


def test_no_page_points_visitors_at_files_of_the_repository(site: Path) -> None:
    for page in sorted(site.rglob("*.html")):
        assert "docs/sources.md" not in text_of(page.read_text(encoding="utf-8")), page


def test_the_about_page_gives_no_new_total_of_kata_kreatif_places(site: Path) -> None:
    """event-facts: whether the 41 include the six designated on 19 December 2025 is unclear."""
    assert not re.search(r"enam daerah lagi|six more", text_of(read(site, "tentang/index.html")))
    assert not re.search(r"six more", text_of(read(site, "en/tentang/index.html")))
    assert "41" in text_of(read(site, "en/tentang/index.html"))


def test_track_and_kind_tags_are_separate_words(site: Path) -> None:
    """Search snippets and screen readers read the tags as text: 'Peningkatan KapasitasLokakarya' was one word."""
    html = read(site, "agenda/index.html")
    assert '</span><span class="tag kind' not in html
    assert re.search(r'</span> <span class="tag kind', html)


def test_a_membership_without_field_or_year_reads_as_a_status(site: Path) -> None:
    for rel, label in (
        ("daerah/kota-manado/index.html", "KaTa Kreatif (ditetapkan 19 Desember 2025)"),
        ("en/regions/kota-manado/index.html", "KaTa Kreatif (designated 19 December 2025)"),
    ):
        facts = re.search(r'<dl class="facts-list">(.*?)</dl>', read(site, rel), re.S)
        assert facts is not None
        rows = [tuple(unescape(x) for x in row) for row in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", facts[1])]
        assert ("Status", label) in rows, rows
        assert all(dd not in ("anggota", "member") for _dt, dd in rows), rows


def test_structured_data_still_parses(site: Path) -> None:
    for rel in ("index.html", "en/index.html", "en/lokasi/index.html"):
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', read(site, rel), re.S):
            json.loads(block)
