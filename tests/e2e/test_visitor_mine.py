"""Issue 14, my agenda: a star on each session (kept in the browser), surviving a reload; the "my agenda"
view on the agenda (a real checkbox, in the URL); the starred sessions exported as one .ics made in the
browser (read back with icalendar); the selection shared as a link that opens on another device."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import icalendar
from conftest import Served

SHOWN = """() => [...document.querySelectorAll('.agenda-grid > li.slot')]
  .filter(li => li.offsetParent !== null).map(li => li.querySelector('[data-session]').dataset.session)"""


def test_star_reload_view_export_and_share(browser: Any, served: Served, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(served.url("agenda/"))
        slugs = page.eval_on_selector_all("[data-session]", "els => els.map(e => e.dataset.session)")
        chosen = [slugs[1], slugs[-1]]
        for slug in chosen:
            page.locator(f"[data-star-for='{slug}']").click()
        assert page.locator(f"[data-star-for='{chosen[0]}']").get_attribute("aria-pressed") == "true"
        page.reload()
        pressed = page.eval_on_selector_all(
            "[data-star-for][aria-pressed=true]", "els => els.map(e => e.dataset.starFor)"
        )
        assert sorted(pressed) == sorted(chosen)
        assert page.locator("[data-mine-count]").inner_text() == "2"

        # the session page shows the same star, labelled
        page.goto(served.url(f"agenda/{chosen[0]}/"))
        star = page.locator(f"[data-star-for='{chosen[0]}']")
        assert star.get_attribute("aria-pressed") == "true"
        assert star.inner_text().strip().endswith("Tersimpan di agenda saya")  # the visible label says so
        star.click()
        assert star.get_attribute("aria-pressed") == "false"
        assert star.inner_text().strip().endswith("Simpan ke agenda saya")
        star.click()

        page.goto(served.url("agenda/"))
        page.locator("input[name=mine]").check()
        assert sorted(page.evaluate(SHOWN)) == sorted(chosen)
        assert "mine=1" in page.url
        page.goto(page.url)  # the view is a URL
        assert sorted(page.evaluate(SHOWN)) == sorted(chosen)

        with page.expect_download() as info:
            page.locator("[data-mine-ics]").click()
        path = tmp_path / "mine.ics"
        info.value.save_as(path)
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        uids = sorted(str(ev["UID"]).split("@")[0] for ev in cal.walk("VEVENT"))
        assert uids == sorted(chosen)
        assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Jakarta"]

        page.locator("[data-mine-share]").click()
        link = page.locator("#mine-link").input_value()
        assert "sel=" in link
    finally:
        context.close()

    other = browser.new_context(viewport={"width": 360, "height": 740})  # another device: nothing stored
    try:
        page = other.new_page()
        page.goto(link)
        assert sorted(page.evaluate(SHOWN)) == sorted(chosen)
        page.locator("[data-sel-adopt] button").click()
        assert page.locator("[data-mine-count]").inner_text() == "2"
    finally:
        other.close()


def test_no_stars_without_javascript(browser: Any, served: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url("agenda/"))
        assert page.locator(".star").count() == 0 and page.locator("[data-mine-tools]").is_hidden()
    finally:
        context.close()
