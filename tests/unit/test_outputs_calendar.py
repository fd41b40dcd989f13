"""iCalendar outputs, read back with `icalendar` and with a second, independent parser (`vobject`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import vobject

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
