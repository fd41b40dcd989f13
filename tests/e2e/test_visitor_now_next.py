"""Issue 14, now and next: on the home page and the agenda, what runs now and what starts next is
computed in the event's time zone (WIB) whatever zone the device is in, at a fixed clock; the page
built at a moment says the right thing without JavaScript (evening, overnight)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Served, build_site

WIB = dt.timezone(dt.timedelta(hours=7))
ZONES = ["America/New_York", "Pacific/Auckland"]  # the device is far from Jakarta, on either side

# moment (WIB) → (visible box, heading state, "now" titles start with…, next time)
CASES: dict[str, tuple[dt.datetime, str, str | None, list[str], str | None]] = {
    "during": (
        dt.datetime(2025, 12, 11, 13, 10, tzinfo=WIB),
        "during:2025-12-11",
        "live",
        ["Berbagi", "Lokakarya"],
        "14.30",
    ),
    "between": (dt.datetime(2025, 12, 12, 14, 35, tzinfo=WIB), "during:2025-12-12", "live", [], "14.45"),
    "evening": (dt.datetime(2025, 12, 11, 22, 0, tzinfo=WIB), "during:2025-12-11", "done", [], None),
    "overnight": (dt.datetime(2025, 12, 12, 2, 0, tzinfo=WIB), "during:2025-12-12", "soon", [], "09.00"),
    "before": (dt.datetime(2025, 12, 1, 9, 0, tzinfo=WIB), "before", None, [], None),
    "after": (dt.datetime(2025, 12, 13, 9, 0, tzinfo=WIB), "after", None, [], None),
}

STATE_JS = """() => {
  const box = [...document.querySelectorAll('[data-phase]')].filter(e => !e.hidden);
  const b = box[0];
  const name = b.dataset.phase === 'during' ? 'during:' + b.dataset.start.slice(0, 10) : b.dataset.phase;
  const when = [...b.querySelectorAll('h2[data-when]')].filter(e => !e.hidden).map(e => e.dataset.when);
  const now = b.querySelector('[data-nn="now"]'), next = b.querySelector('[data-nn="next"]');
  return {boxes: box.length, name, when,
    now: now && !now.hidden ? [...now.querySelectorAll('a')].map(a => a.textContent) : [],
    next: next && !next.hidden ? next.querySelector('[data-nn-time]').textContent : null};
}"""


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("case", list(CASES))
def test_home_now_next_in_the_events_zone(browser: Any, served: Served, case: str, zone: str) -> None:
    moment, box, when, now, nxt = CASES[case]
    context = browser.new_context(timezone_id=zone)
    try:
        page = context.new_page()
        page.clock.set_fixed_time(moment)
        page.goto(served.url(""))
        got = page.evaluate(STATE_JS)
        assert got["boxes"] == 1 and got["name"] == box, got
        if when:
            assert got["when"] == [when], got
            assert [t.split()[0].rstrip(":") for t in got["now"]] == now, got
            assert got["next"] == nxt, got
    finally:
        context.close()


@pytest.mark.parametrize("case", ["during", "between", "evening", "after"])
def test_agenda_now_line(browser: Any, served: Served, case: str) -> None:
    moment = CASES[case][0]
    context = browser.new_context(timezone_id="America/New_York", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.clock.set_fixed_time(moment)
        page.goto(served.url("agenda/"))
        lines = page.locator("[data-now-line]")
        if case in ("during", "between"):
            assert lines.count() == 1
            label = lines.first.inner_text()
            assert label == f"Sekarang {moment:%H.%M}", label
            day = lines.first.evaluate("e => e.closest('section.day').id")
            assert day == ("day-1" if moment.day == 11 else "day-2")
            # the line sits between what has started and what has not
            ok = lines.first.evaluate(
                """l => { const t = Date.now(); const g = l.parentElement; const items = [...g.children];
                const i = items.indexOf(l);
                return items.slice(i + 1).filter(e => e.dataset.start).every(e => Date.parse(e.dataset.start) > t); }"""
            )
            assert ok
            # and never between a time heading and its sessions (the phone list reads top to bottom)
            assert lines.first.evaluate("l => !(l.previousElementSibling || l).hasAttribute('data-slot-time')")
            page.set_viewport_size({"width": 360, "height": 740})
            assert lines.first.is_visible()
        else:
            assert lines.count() == 0
    finally:
        context.close()


@pytest.fixture(scope="module")
def moment_builds(tmp_path_factory: pytest.TempPathFactory, site_copy: Path) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("now-next")
    return {
        name: build_site(base / name, str(int(CASES[name][0].timestamp())), root=site_copy)
        for name in ("during", "evening", "overnight")
    }


def visible_box(html: str) -> str:
    """The one state box shown without JavaScript (a <div class="state-box"> without `hidden`)."""
    boxes = re.findall(r'(<div class="state-box[^>]*>.*?)(?=<div class="state-box|</section>)', html, re.S)
    shown = [b for b in boxes if " hidden>" not in b.split("\n", 1)[0]]
    assert len(shown) == 1, [b[:120] for b in shown]
    return shown[0]


@pytest.mark.parametrize("case", ["during", "evening", "overnight"])
def test_without_javascript_the_built_page_says_the_right_thing(moment_builds: dict[str, Path], case: str) -> None:
    html = visible_box((moment_builds[case] / "index.html").read_text(encoding="utf-8"))
    shown = re.findall(r'<h2 data-when="(\w+)">', html)
    assert shown == [CASES[case][2]], shown
    if case == "evening":
        assert "Program hari ini telah selesai" in html and "Program berlanjut Jumat, 12 Desember" in html
    en = visible_box((moment_builds[case] / "en" / "index.html").read_text(encoding="utf-8"))
    assert re.findall(r'<h2 data-when="(\w+)">', en) == shown


def test_times_also_in_the_visitors_zone(browser: Any, served: Served) -> None:
    for zone, expected in (("Europe/Amsterdam", "(03.20–04.15 waktu Anda)"), ("Asia/Jakarta", None)):
        context = browser.new_context(timezone_id=zone)
        try:
            page = context.new_page()
            page.goto(served.url("agenda/pembukaan/"))
            local = page.locator(".local-time")
            if expected is None:
                assert local.count() == 0  # the device is in the event's zone: nothing to add
            else:
                assert local.first.inner_text().strip() == expected
        finally:
            context.close()
