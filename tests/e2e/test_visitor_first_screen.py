"""Issue 14, the phone first screen: at 360×740 the menu is one row, the site-wide notice is one line
that opens (<details>) and can be dismissed (remembered in localStorage), and on the home page and the
agenda the content (<main>) starts in the first third of the screen."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Served

PHONE = {"width": 360, "height": 740}
PAGES = ["", "agenda/", "en/", "en/agenda/"]


@pytest.fixture()
def phone(browser: Any) -> Any:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_content_starts_in_the_first_third(phone: Any, served: Served, path: str) -> None:
    phone.goto(served.url(path))
    box = phone.evaluate(
        """() => {
        const r = (s) => document.querySelector(s).getBoundingClientRect();
        const items = [...document.querySelectorAll('.menu li')].map((li) => li.getBoundingClientRect().top);
        return {main: r('main').top, menuRows: new Set(items.map(Math.round)).size, notice: r('.notice').height};
    }"""
    )
    assert box["menuRows"] == 1, box
    assert box["notice"] < 48, box  # one line
    assert box["main"] <= PHONE["height"] / 3, box


def test_the_notice_opens_and_is_dismissed_for_good(phone: Any, served: Served) -> None:
    phone.goto(served.url(""))
    notice = phone.locator("[data-notice]")
    closed = notice.bounding_box()["height"]
    phone.locator(".notice summary").click()
    assert notice.bounding_box()["height"] > 2 * closed  # the whole text, wrapped
    phone.locator("[data-notice-close]").click()
    assert notice.is_hidden()
    phone.goto(served.url("agenda/"))
    assert phone.locator("[data-notice]").is_hidden()


def test_without_javascript_the_notice_has_no_dead_button(browser: Any, served: Served) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url(""))
        assert page.locator("[data-notice]").is_visible()
        assert page.locator("[data-notice-close]").is_hidden()
        page.locator(".notice summary").click()
        assert "ilustratif" in page.locator(".notice-text").inner_text()
    finally:
        context.close()
