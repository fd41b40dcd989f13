"""JSON-LD and sharing tags in the built HTML, read with extruct (as search engines' tools do)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import extruct
from lxml import html as lxml_html

from tests.unit.test_outputs_site import BASE, XSS, build_absolute, build_relative

# Google's Event rich result: required, and recommended (offers left out: no ticket data exists).
GOOGLE_EVENT_REQUIRED = ("name", "startDate", "location")
GOOGLE_EVENT_RECOMMENDED = ("description", "endDate", "eventStatus", "eventAttendanceMode", "image", "organizer")
OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def page(path: str, relative: bool = False) -> tuple[str, dict[str, Any]]:
    out = build_relative() if relative else build_absolute()
    text = (out / path / "index.html").read_text(encoding="utf-8")
    data = extruct.extract(text, base_url=BASE + path, syntaxes=["json-ld", "opengraph"], uniform=True)
    return text, data


def the_jsonld(path: str) -> dict[str, Any]:
    _html, data = page(path)
    assert len(data["json-ld"]) == 1, data["json-ld"]
    node: dict[str, Any] = data["json-ld"][0]
    assert node["@context"] == "https://schema.org"
    return node


def assert_google_event(ev: dict[str, Any], dates_only: bool = False) -> None:
    """Google's required and recommended Event fields; `dates_only`: start and end are dates (a site
    whose agenda is illustrative gives no times, site.yaml `illustrative`)."""
    for key in GOOGLE_EVENT_REQUIRED + GOOGLE_EVENT_RECOMMENDED:
        assert ev.get(key), f"Event lacks {key}"
    when = DATE if dates_only else OFFSET
    assert when.match(ev["startDate"]) and when.match(ev["endDate"]), (ev["startDate"], ev["endDate"])
    assert ev["eventStatus"] == "https://schema.org/EventScheduled"
    assert ev["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    location = ev["location"]
    assert location["@type"] == "Place" and location["name"]
    assert location["address"]["@type"] == "PostalAddress"
    for org in ev["organizer"]:
        assert org["@type"] == "Organization" and org["name"]
    for image in ev["image"]:
        assert image.startswith(BASE) and image.endswith(".png")


def test_home_page_event() -> None:
    ev = the_jsonld("")
    assert_google_event(ev)
    assert ev["@type"] == "Event"
    assert ev["@id"] == BASE + "#event"
    assert ev["name"] == "Acara Uji 2025"
    assert ev["description"] == "Forum nasional untuk menguji keluaran mesin."
    assert (ev["startDate"], ev["endDate"]) == ("2025-12-11T09:00:00+07:00", "2025-12-12T14:30:00+07:00")
    assert ev["location"] == {
        "@type": "Place",
        "name": "Gedung Uji",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Jl. M.H. Thamrin 9",
            "addressLocality": "Jakarta",
            "addressRegion": "DKI Jakarta",
            "postalCode": "10230",
            "addressCountry": "ID",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": -6.1935, "longitude": 106.8227},
    }
    assert ev["organizer"] == [
        {"@type": "Organization", "name": "Direktorat Uji", "url": "https://example.org/direktorat/"},
        {"@type": "Organization", "name": "Kementerian Uji"},
    ]
    assert ev["image"] == [BASE + "share/site.png"]
    assert [p["name"] for p in ev["performer"]] == ["Ani Wijaya"]  # the featured speakers
    assert the_jsonld("en/")["description"] == "A national forum to test machine outputs."


def test_session_event_points_at_the_whole_event() -> None:
    ev = the_jsonld("agenda/pembukaan/")
    assert_google_event(ev)
    assert ev["name"] == "Pembukaan Forum"
    assert (ev["startDate"], ev["endDate"]) == ("2025-12-11T09:00:00+07:00", "2025-12-11T10:00:00+07:00")
    assert ev["superEvent"]["@id"] == BASE + "#event"
    assert ev["location"]["name"] == "Ruang Utama, Gedung Uji"
    assert ev["location"]["containedInPlace"]["name"] == "Gedung Uji"
    assert ev["performer"] == [
        {
            "@type": "Person",
            "@id": BASE + "pembicara/ani-wijaya/#person",
            "name": "Ani Wijaya",
            "url": BASE + "pembicara/ani-wijaya/",
        }
    ]
    assert ev["image"] == [BASE + "share/sessions/pembukaan.png"]
    english = the_jsonld("en/agenda/pembukaan/")
    assert english["name"] == "Opening of the Forum"
    assert english["superEvent"]["@id"] == BASE + "en/#event"


def test_speakers_people_and_roles() -> None:
    person = the_jsonld("pembicara/ani-wijaya/")
    assert person["@type"] == "Person"
    assert (person["name"], person["jobTitle"]) == ("Ani Wijaya", "Direktur Uji")
    assert person["worksFor"] == {"@type": "Organization", "name": "Kementerian Uji"}
    assert person["sameAs"] == ["https://example.org/ani"]
    assert person["homeLocation"]["@id"] == BASE + "daerah/kota-ambon/#place"
    role = the_jsonld("pembicara/perwakilan-ambon/")
    assert role["@type"] == "Organization"  # a delegation, not a person with an invented name
    assert role["name"] == "Perwakilan Pemerintah Kota Ambon"
    assert role["parentOrganization"] == {"@type": "Organization", "name": "Pemerintah Kota Ambon"}
    session = the_jsonld("agenda/uji-xss/")
    assert [p["@type"] for p in session["performer"]] == ["Organization"]


def test_region_place_and_news_article() -> None:
    place = the_jsonld("daerah/kota-ambon/")
    assert place["@type"] == "Place"
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": -3.6954, "longitude": 128.1814}
    assert place["address"]["addressRegion"] == "Maluku"
    article = the_jsonld("berita/kabar-pertama/")
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "Kabar pertama"
    assert article["datePublished"] == "2025-11-20T00:00:00+07:00"
    assert [a["@id"] for a in article["about"]] == [BASE + "agenda/pembukaan/#event", BASE + "daerah/kota-ambon/#place"]


def test_script_title_is_inert_in_jsonld_and_meta() -> None:
    text, data = page("agenda/uji-xss/")
    assert data["json-ld"][0]["name"] == XSS
    assert data["opengraph"][0]["og:title"] == XSS
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, flags=re.S)
    assert scripts and all("<" not in s for s in scripts)  # tojson wrote < as \u003c: nothing closes the script
    assert XSS not in text
    news_text, news = page("berita/kabar-xss/")
    assert news["json-ld"][0]["headline"] == XSS
    assert XSS not in news_text


def head(path: str, relative: bool = False) -> Any:
    out = build_relative() if relative else build_absolute()
    return lxml_html.fromstring((out / path / "index.html").read_bytes()).find("head")


def meta(doc: Any, key: str) -> list[str]:
    return [m.get("content") for m in doc.iter("meta") if key in (m.get("property"), m.get("name"))]


def test_sharing_tags_with_an_absolute_base() -> None:
    doc = head("agenda/pembukaan/")
    links = [(lk.get("rel"), lk.get("hreflang"), lk.get("type"), lk.get("href")) for lk in doc.iter("link")]
    assert ("canonical", None, None, BASE + "agenda/pembukaan/") in links
    assert ("alternate", "x-default", None, BASE + "agenda/pembukaan/") in links
    assert ("alternate", None, "application/atom+xml", BASE + "feed.xml") in links
    assert ("alternate", None, "text/calendar", BASE + "agenda/pembukaan.ics") in links
    assert meta(doc, "og:url") == [BASE + "agenda/pembukaan/"]
    assert meta(doc, "og:title") == ["Pembukaan Forum"]
    assert meta(doc, "og:description") == ["Menteri membuka forum."]
    assert meta(doc, "og:image") == [BASE + "share/sessions/pembukaan.png"]
    assert meta(doc, "og:image:width") == ["1200"] and meta(doc, "og:image:height") == ["630"]
    assert meta(doc, "og:locale") == ["id_ID"] and meta(doc, "og:locale:alternate") == ["en_US"]
    assert meta(doc, "twitter:card") == ["summary_large_image"]
    assert meta(doc, "twitter:image") == [BASE + "share/sessions/pembukaan.png"]
    assert meta(doc, "og:type") == ["website"]
    assert meta(head("pembicara/ani-wijaya/"), "og:type") == ["profile"]
    assert meta(head("pembicara/ani-wijaya/"), "og:image") == [BASE + "share/speakers/ani-wijaya.png"]
    assert meta(head("berita/kabar-pertama/"), "og:image") == [BASE + "share/site.png"]
    english = head("en/agenda/pembukaan/")
    assert meta(english, "og:locale") == ["en_US"]
    assert meta(english, "og:title") == ["Opening of the Forum"]
    assert [lk.get("href") for lk in english.iter("link") if lk.get("hreflang") == "x-default"] == [
        BASE + "agenda/pembukaan/"
    ]
    for image in (BASE + "share/sessions/pembukaan.png", BASE + "share/speakers/ani-wijaya.png"):
        assert (build_absolute() / image.removeprefix(BASE)).is_file()


def test_relative_base_keeps_only_what_needs_no_absolute_url() -> None:
    doc = head("agenda/pembukaan/", relative=True)
    assert meta(doc, "og:url") == [] and meta(doc, "og:image") == []  # Open Graph wants absolute URLs
    assert meta(doc, "twitter:card") == ["summary"]
    assert [lk.get("href") for lk in doc.iter("link") if lk.get("rel") == "canonical"] == ["/agenda/pembukaan/"]
    assert meta(doc, "og:title") == ["Pembukaan Forum"]


def test_error_page_is_not_indexed_and_has_no_canonical() -> None:
    out: Path = build_absolute()
    doc = lxml_html.fromstring((out / "404.html").read_bytes()).find("head")
    assert meta(doc, "robots") == ["noindex"]
    assert not [lk for lk in doc.iter("link") if lk.get("rel") == "canonical"]
