"""Issue 14, the agenda on phones: parallel sessions under their shared start time, day tabs that stay
on screen, and filters (day, track, room, kind) with real form controls, kept in the URL and with an
announced count; without JavaScript the form is hidden and every session shows."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Served

PHONE = {"width": 360, "height": 740}

VISIBLE_SLOTS = """() => [...document.querySelectorAll('.agenda-grid > li.slot')]
  .filter(li => li.offsetParent !== null)
  .map(li => ({room: li.dataset.room, kind: li.dataset.kind, track: li.dataset.track,
               day: li.closest('section.day').id}))"""


@pytest.fixture()
def phone(browser: Any) -> Any:
    context = browser.new_context(viewport=PHONE)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_parallel_sessions_share_one_time_heading(phone: Any, served: Served) -> None:
    phone.goto(served.url("agenda/"))
    groups = phone.evaluate(
        """() => { const out = []; let cur = null;
        for (const li of document.querySelectorAll('.agenda-grid > li')) {
          if (li.hasAttribute('data-slot-time')) { cur = {t: li.querySelector('time').dateTime, n: 0,
            visible: li.offsetParent !== null}; out.push(cur); }
          else if (li.classList.contains('slot')) { if (li.dataset.start !== cur.t) return null; cur.n++; }
        } return out; }"""
    )
    assert groups, "every session follows the heading of its start time"
    assert all(g["visible"] for g in groups)
    assert len({g["t"] for g in groups}) == len(groups)  # one heading per start time and day
    assert any(g["n"] > 1 for g in groups)  # the default site has parallel sessions
    phone.set_viewport_size({"width": 1280, "height": 900})
    assert not phone.locator("[data-slot-time]").first.is_visible()  # the wide grid shows time by rows


def test_day_tabs_stay_on_screen(phone: Any, served: Served) -> None:
    phone.goto(served.url("agenda/"))
    phone.locator(".day-tabs a[href='#day-2']").click()
    # smooth scrolling takes a moment, longer on a loaded machine: wait for it to land, not a fixed time
    phone.wait_for_function(
        f"() => document.getElementById('day-2').getBoundingClientRect().top < {PHONE['height'] / 2}", timeout=10000
    )
    phone.wait_for_timeout(300)
    tabs = phone.locator(".day-tabs").bounding_box()
    assert abs(tabs["y"]) < 1 and tabs["height"] < 70, tabs
    assert phone.evaluate("document.getElementById('day-2').getBoundingClientRect().top") < PHONE["height"] / 2
    widths = phone.evaluate("[...document.querySelectorAll('.day-tabs a')].map(a => a.scrollWidth <= a.clientWidth)")
    assert all(widths)  # no clipped tab text


@pytest.mark.parametrize("path", ["agenda/", "en/agenda/"])
def test_the_folded_filter_and_the_day_tabs_take_one_row_each_on_a_phone(phone: Any, served: Served, path: str) -> None:
    # Two rows of controls before the first session cost a phone 45 px of its first screen; a day tab
    # cut at the screen's edge hides that there is another day.
    phone.goto(served.url(path))
    tops = phone.evaluate(
        "['[data-filter-more] summary', '.filter-mine'].map(s => document.querySelector(s).getBoundingClientRect().top)"
    )
    assert abs(tops[0] - tops[1]) < 8, tops
    tabs = phone.evaluate(
        "(() => { const u = document.querySelector('.day-tabs ul'); return [u.scrollWidth, u.clientWidth]; })()"
    )
    assert tabs[0] <= tabs[1], tabs  # the default site's two days fit without scrolling


def test_filters_follow_the_url_and_announce_the_count(phone: Any, served: Served) -> None:
    phone.goto(served.url("agenda/"))
    everything = phone.evaluate(VISIBLE_SLOTS)
    assert phone.locator("[data-agenda-filter]").is_visible()
    # folded by default, so that on a phone the first session is on the first screen
    assert phone.evaluate("document.querySelector('[data-filter-more]').open") is False
    first = phone.evaluate("document.querySelector('li.slot').getBoundingClientRect().top")
    assert first < PHONE["height"], first
    phone.locator("[data-filter-more] summary").click()
    room = everything[-1]["room"]
    phone.select_option("#f-room", room)
    shown = phone.evaluate(VISIBLE_SLOTS)
    assert shown and all(s["room"] == room for s in shown)
    assert len(shown) == sum(s["room"] == room for s in everything)
    assert f"room={room}" in phone.url
    status = phone.locator("[data-filter-count]")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == f"{len(shown)} dari {len(everything)} sesi ditampilkan"

    kind = shown[0]["kind"]
    phone.select_option("#f-kind", kind)
    phone.select_option("#f-day", "2")
    both = phone.evaluate(VISIBLE_SLOTS)
    assert all(s["room"] == room and s["kind"] == kind and s["day"] == "day-2" for s in both)
    url = phone.url

    # the URL is shareable: opened afresh, it shows the same selection with the same controls set
    phone.goto("about:blank")
    phone.goto(url)
    assert phone.evaluate(VISIBLE_SLOTS) == both
    assert phone.locator("#f-room").input_value() == room and phone.locator("#f-day").input_value() == "2"
    assert phone.evaluate("document.querySelector('[data-filter-more]').open") is True  # a filtered link shows why
    assert phone.locator("section#day-1").is_hidden() or not both

    phone.locator("[data-agenda-filter] button[type=reset]").click()
    phone.wait_for_function(f"() => ({VISIBLE_SLOTS})().length === {len(everything)}", timeout=10000)
    assert len(phone.evaluate(VISIBLE_SLOTS)) == len(everything)
    assert "?" not in phone.url


def test_tracks_filter_in_english(phone: Any, served: Served) -> None:
    phone.goto(served.url("en/agenda/"))
    track = phone.locator("#f-track option").nth(1).get_attribute("value")
    phone.goto(served.url(f"en/agenda/?track={track}"))
    shown = phone.evaluate(VISIBLE_SLOTS)
    assert shown and all(s["track"] == track for s in shown)
    assert "sessions shown" in phone.locator("[data-filter-count]").inner_text()


def test_without_javascript_no_filter_form(browser: Any, served: Served) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url("agenda/?room=ballroom"))
        assert page.locator("[data-agenda-filter]").is_hidden()
        assert page.evaluate(VISIBLE_SLOTS) and len(page.evaluate(VISIBLE_SLOTS)) == page.locator("li.slot").count()
    finally:
        context.close()
