"""iCalendar outputs, read back with `icalendar` and with a second, independent parser (`vobject`)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from handbill.formats.calendar import google_calendar_url, webcal_url
from tests.unit.test_outputs_site import (
    BASE,
    EPOCH_DT,
    EVENT_KEY,
    SESSIONS,
    WIB,
    XSS,
    build_absolute,
    build_relative,
)

JAKARTA = ZoneInfo("Asia/Jakarta")


def events_of(path: Path) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def test_agenda_ics_field_by_field() -> None:
    out = build_absolute()
    cal = icalendar.Calendar.from_ical((out / "agenda.ics").read_bytes())
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Jakarta"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Jakarta"]
    events = {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}
    assert sorted(events) == sorted(f"{slug}@{EVENT_KEY}" for slug in SESSIONS)

    opening = events[f"pembukaan@{EVENT_KEY}"]
    assert str(opening["SUMMARY"]) == "Pembukaan Forum"
    assert opening["DTSTART"].params["TZID"] == "Asia/Jakarta"
    assert opening.decoded("DTSTART") == dt.datetime(2025, 12, 11, 9, 0, tzinfo=WIB)
    assert opening.decoded("DTEND") == dt.datetime(2025, 12, 11, 10, 0, tzinfo=WIB)
    assert opening.decoded("DTSTART").utcoffset() == dt.timedelta(hours=7)
    assert opening.decoded("DTSTAMP") == EPOCH_DT  # SOURCE_DATE_EPOCH, not the clock
    assert str(opening["LOCATION"]) == "Ruang Utama, Gedung Uji, Menara Uji, Jakarta"
    assert str(opening["DESCRIPTION"]) == "Menteri membuka forum.\n\nPembicara: Ani Wijaya"
    assert str(opening["URL"]) == BASE + "agenda/pembukaan/"
    assert opening["GEO"].latitude == -6.1935 and opening["GEO"].longitude == 106.8227
    assert [str(c) for c in opening["CATEGORIES"].cats] == ["Pidato kunci", "Kebijakan"]


def test_english_agenda_has_english_text_and_the_same_uids() -> None:
    out = build_absolute()
    en = events_of(out / "en/agenda.ics")
    idn = events_of(out / "agenda.ics")
    assert sorted(en) == sorted(idn)
    opening = en[f"pembukaan@{EVENT_KEY}"]
    assert str(opening["SUMMARY"]) == "Opening of the Forum"
    assert str(opening["LOCATION"]).startswith("Main Hall, Gedung Uji")
    assert str(opening["URL"]) == BASE + "en/agenda/pembukaan/"


def test_one_ics_per_session_in_each_language() -> None:
    out = build_absolute()
    for prefix in ("", "en/"):
        agenda = events_of(out / f"{prefix}agenda.ics")
        for slug in SESSIONS:
            single = events_of(out / f"{prefix}agenda/{slug}.ics")
            uid = f"{slug}@{EVENT_KEY}"
            assert list(single) == [uid]
            assert single[uid].to_ical() == agenda[uid].to_ical()


def test_script_title_is_intact_text() -> None:
    out = build_absolute()
    raw = (out / "agenda/uji-xss.ics").read_bytes()
    ev = events_of(out / "agenda/uji-xss.ics")[f"uji-xss@{EVENT_KEY}"]
    assert str(ev["SUMMARY"]) == XSS
    assert str(ev["DESCRIPTION"]).startswith(XSS + " summary")
    assert b'SUMMARY;LANGUAGE=id:<script>alert(1)</script> & "quotes"\r\n' in raw  # TEXT, nothing to run


def test_second_parser_vobject_reads_the_same_events() -> None:
    out = build_absolute()
    cal = vobject.readOne((out / "agenda.ics").read_text(encoding="utf-8"))
    events = {ev.uid.value: ev for ev in cal.vevent_list}
    assert sorted(events) == sorted(f"{slug}@{EVENT_KEY}" for slug in SESSIONS)
    opening = events[f"pembukaan@{EVENT_KEY}"]
    assert opening.summary.value == "Pembukaan Forum"
    assert opening.dtstart.value == dt.datetime(2025, 12, 11, 2, 0, tzinfo=dt.UTC)
    assert opening.dtstart.value.utcoffset() == dt.timedelta(hours=7)
    assert opening.dtend.value - opening.dtstart.value == dt.timedelta(hours=1)
    assert opening.location.value == "Ruang Utama, Gedung Uji, Menara Uji, Jakarta"
    assert opening.url.value == BASE + "agenda/pembukaan/"
    assert events[f"uji-xss@{EVENT_KEY}"].summary.value == XSS
    assert events[f"uji-xss@{EVENT_KEY}"].dtstart.value == dt.datetime(2025, 12, 12, 13, 0, tzinfo=JAKARTA)


def test_uids_do_not_depend_on_base_url_and_url_needs_an_absolute_base() -> None:
    absolute = events_of(build_absolute() / "agenda.ics")
    relative = events_of(build_relative() / "agenda.ics")
    assert sorted(absolute) == sorted(relative)
    for ev in relative.values():
        assert "URL" not in ev  # RFC 5545 wants an absolute URI; a site path would mislead apps
    assert (build_relative() / "agenda.ics").read_bytes().replace(b"\r\n", b"\n").count(b"BEGIN:VEVENT") == 2


# Issue 14: calendars that work everywhere (Google Calendar link, webcal: subscription, every .ics parses).


def _links(html: str, marker: str) -> list[str]:
    return [html_lib.unescape(h) for h in re.findall(r'<a[^>]*href="([^"]+)"[^>]*' + marker, html)]


def test_every_ics_file_parses_with_icalendar() -> None:
    for out in (build_absolute(), build_relative()):
        files = sorted(out.rglob("*.ics"))
        assert len(files) == 2 * (1 + len(SESSIONS))  # agenda + one per session, in both languages
        for path in files:
            cal = icalendar.Calendar.from_ical(path.read_bytes())
            assert cal.walk("VEVENT"), path


def test_google_calendar_link_per_session_matches_the_ics() -> None:
    out = build_absolute()
    for page, ics, lang_base in (
        ("agenda/pembukaan/index.html", "agenda/pembukaan.ics", BASE),
        ("en/agenda/pembukaan/index.html", "en/agenda/pembukaan.ics", BASE + "en/"),
    ):
        (link,) = _links((out / page).read_text(encoding="utf-8"), "data-gcal")
        parts = urlsplit(link)
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "calendar.google.com", "/calendar/render")
        q = {k: v[0] for k, v in parse_qs(parts.query).items()}
        ev = events_of(out / ics)[f"pembukaan@{EVENT_KEY}"]
        start = ev.decoded("DTSTART").astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        end = ev.decoded("DTEND").astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        assert q["action"] == "TEMPLATE"
        assert q["dates"] == f"{start}/{end}" == "20251211T020000Z/20251211T030000Z"
        assert q["text"] == str(ev["SUMMARY"])
        assert q["location"] == str(ev["LOCATION"])
        assert q["ctz"] == "Asia/Jakarta"
        assert q["details"].endswith(lang_base + "agenda/pembukaan/")


def test_webcal_subscription_only_with_an_absolute_base_url() -> None:
    absolute = (build_absolute() / "agenda/index.html").read_text(encoding="utf-8")
    assert _links(absolute, "data-webcal") == ["webcal://example.org/ccc/agenda.ics"]
    en = (build_absolute() / "en/agenda/index.html").read_text(encoding="utf-8")
    assert _links(en, "data-webcal") == ["webcal://example.org/ccc/en/agenda.ics"]
    relative = (build_relative() / "agenda/index.html").read_text(encoding="utf-8")
    assert "webcal:" not in relative
    assert 'href="/agenda.ics"' in relative  # the download is always there


def test_google_calendar_url_and_webcal_url_helpers() -> None:
    start = dt.datetime(2025, 12, 11, 9, 0, tzinfo=WIB)
    url = google_calendar_url("A\nB & C", start, start + dt.timedelta(hours=1), "x", "Here", "Asia/Jakarta")
    assert "text=A+B+%26+C" in url and "dates=20251211T020000Z%2F20251211T030000Z" in url
    assert webcal_url("http://example.org/a.ics") == "webcal://example.org/a.ics"
    with pytest.raises(ValueError):
        webcal_url("/agenda.ics")
