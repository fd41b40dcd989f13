"""The agenda without JavaScript, the event state before/during/after (build time and in the
browser), and the screenshots script."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT, Served, build_site

WIB = dt.timezone(dt.timedelta(hours=7))
MOMENTS = {  # SOURCE_DATE_EPOCH → the state the home page must show
    "before": dt.datetime(2025, 12, 1, 9, 0, tzinfo=WIB),
    "day-1": dt.datetime(2025, 12, 11, 10, 0, tzinfo=WIB),
    "day-2": dt.datetime(2025, 12, 12, 23, 59, tzinfo=WIB),
    "after": dt.datetime(2025, 12, 13, 0, 0, tzinfo=WIB),
}


class States(HTMLParser):
    """The home page's state boxes: (phase, data-start) → visible without JavaScript."""

    def __init__(self) -> None:
        super().__init__()
        self.boxes: list[tuple[str, str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "data-phase" in a:
            self.boxes.append((a["data-phase"] or "", a.get("data-start") or "", "hidden" not in a))


def visible_states(html: str) -> list[str]:
    parser = States()
    parser.feed(html)
    return [f"{phase}:{start[:10]}" if phase == "during" else phase for phase, start, shown in parser.boxes if shown]


def expected(name: str) -> list[str]:
    return {
        "before": ["before"],
        "day-1": ["during:2025-12-11"],
        "day-2": ["during:2025-12-12"],
        "after": ["after"],
    }[name]


@pytest.fixture(scope="module")
def state_builds(tmp_path_factory: pytest.TempPathFactory, site_copy: Path) -> dict[str, Path]:
    """One build per moment, sharing the session copy's cache: only what shows the date is made again."""
    base = tmp_path_factory.mktemp("states")
    return {
        name: build_site(base / name, str(int(moment.timestamp())), root=site_copy) for name, moment in MOMENTS.items()
    }


@pytest.mark.parametrize("name", list(MOMENTS))
def test_event_state_at_build_time(state_builds: dict[str, Path], name: str) -> None:
    for home in ("index.html", "en/index.html"):
        html = (state_builds[name] / home).read_text(encoding="utf-8")
        assert visible_states(html) == expected(name), (name, home)
        # every state's text is in the page, so the script only toggles `hidden`
        phases = {p for p, _s, _v in _boxes(html)}
        assert phases == {"before", "during", "after"}, phases


def _boxes(html: str) -> list[tuple[str, str, bool]]:
    parser = States()
    parser.feed(html)
    return parser.boxes


@pytest.mark.parametrize("name", ["before", "day-2", "after"])
def test_event_state_follows_the_visitors_clock(served: Served, browser: Any, name: str) -> None:
    """A page built after the event (the session build) still shows the right state on any day."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.clock.set_fixed_time(MOMENTS[name])
        for rel in ("", "en/"):
            page.goto(served.url(rel))
            shown = page.eval_on_selector_all(
                "[data-phase]",
                "els => els.filter(e => !e.hidden).map(e => e.dataset.phase === 'during'"
                " ? 'during:' + e.dataset.start.slice(0, 10) : e.dataset.phase)",
            )
            assert shown == expected(name), (name, rel, shown)
    finally:
        context.close()


def test_agenda_shows_every_session_without_javascript(served: Served, browser: Any) -> None:
    sessions = {p.parent.name for p in (served.root / "agenda").glob("*/index.html")}
    assert sessions, "the default site has no sessions"
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for rel, prefix in (("agenda/", "/agenda/"), ("en/agenda/", "/en/agenda/")):
            page.goto(served.url(rel))
            links = page.locator(".agenda-grid .session .card-title a")
            hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
            assert {h.removeprefix(prefix).strip("/") for h in hrefs} == sessions, rel
            for i in range(links.count()):
                assert links.nth(i).is_visible(), (rel, hrefs[i])
            assert page.locator("a[href$='.ics']").first.is_visible()
    finally:
        context.close()


def test_agenda_is_a_time_grid_on_wide_screens(served: Served, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(served.url("agenda/"))
        grid = page.locator(".agenda-grid").first
        assert grid.evaluate("e => getComputedStyle(e).display") == "grid"
        assert page.locator(".agenda-grid .gh").first.is_visible()  # room columns
        page.set_viewport_size({"width": 390, "height": 844})
        assert grid.evaluate("e => getComputedStyle(e).display") != "grid"
        assert not page.locator(".agenda-grid .gh").first.is_visible()
    finally:
        context.close()


def test_screenshots_script(served: Served, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "screenshots.py"), "--site", str(served.root), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    from PIL import Image

    shots = sorted(tmp_path.glob("*.png"))
    assert [p.name for p in shots] == sorted(f"{n}-{w}.png" for n in ("home", "agenda", "speaker") for w in (390, 1280))
    for shot in shots:
        width = int(re.search(r"-(\d+)\.png$", shot.name).group(1))  # type: ignore[union-attr]
        with Image.open(shot) as im:
            assert im.width == width and im.height > 600, shot.name
