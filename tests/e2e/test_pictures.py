"""The regions map, the venue page and the floor plan in real Chromium at 390 and 1280 px: every label
rendered, none overlapping another, text large enough to read, booth names reachable on phones; the
screenshots are kept for a person to look at (HANDBILL_SCREENSHOTS=DIR)."""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.gates import Served

WIDTHS = (390, 1280)


def shoot(page: Any, name: str, width: int) -> None:
    folder = os.environ.get("HANDBILL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"] - 0.5
        and b["x"] < a["x"] + a["width"] - 0.5
        and a["y"] < b["y"] + b["height"] - 0.5
        and b["y"] < a["y"] + a["height"] - 0.5
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("rel", ["daerah/", "en/regions/"])
def test_regions_map_labels_are_readable_and_apart(served: Served, browser: Any, width: int, rel: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(served.url(rel))
        for svg in page.locator("svg.map-svg").all():
            labels = svg.locator("a text")
            boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
            assert boxes and all(b is not None and b["width"] > 0 for b in boxes)
            for a, b in itertools.combinations(boxes, 2):
                assert not overlap(a, b), (a, b)  # type: ignore[arg-type]
            sizes = labels.evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
            assert min(sizes) >= 10, sizes  # about 11 px text or more, even on a phone
        links = page.locator("svg.map-svg a")
        assert links.count() == 13
        names = links.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
        assert all(names)
        shoot(page, rel.strip("/").replace("/", "-") or "home", width)
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_venue_page_has_address_map_transport_and_plan(served: Served, browser: Any, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(served.url("lokasi/"))
        assert "Jl. M.H. Thamrin No. 10" in page.locator("address").inner_text()
        assert page.locator("a[href^='geo:-6.1986,106.823']").is_visible()
        assert page.locator("a[href^='https://www.openstreetmap.org/']").is_visible()
        assert page.locator("svg.map-venue").is_visible()
        assert page.locator(".transport dt").count() == 3
        assert page.locator(".plan-key a").count() == 7
        shoot(page, "lokasi", width)
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_booth_names_stay_readable_on_the_plan_pages(served: Served, browser: Any, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(served.url("booth/"))
        key = page.locator(".plan-key a")
        assert key.count() == 7
        for i in range(key.count()):
            assert key.nth(i).is_visible()
            assert key.nth(i).evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 14
        shoot(page, "booth", width)
        page.goto(served.url("booth/kota-bandung/"))
        assert page.locator(".plan-booth.is-current").count() == 1
        assert page.locator(".plan-key .is-current").count() == 1
        shoot(page, "booth-kota-bandung", width)
    finally:
        context.close()
