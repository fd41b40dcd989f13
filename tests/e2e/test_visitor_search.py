"""Issue 14, search: Pagefind's index is built with the site and served from it; the search box (shown
only with JavaScript) finds a speaker in Indonesian and in English and names the kind of each hit,
under the site's Content-Security-Policy (WebAssembly allowed, nothing from another origin)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Served


def search(browser: Any, served: Served, path: str, query: str) -> tuple[list[dict[str, str]], list[str]]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: None if r.url.startswith(served.base) else errors.append("foreign: " + r.url))
        page.goto(served.url(path))
        page.locator("[data-search-toggle]").click()
        page.locator("#search-q").fill(query)
        page.locator("[data-search-results] li").first.wait_for(timeout=10000)
        hits = page.eval_on_selector_all(
            "[data-search-results] li",
            "els => els.map(li => ({kind: li.querySelector('.search-kind').textContent,"
            " href: li.querySelector('a').getAttribute('href'), title: li.querySelector('a').textContent}))",
        )
        return hits, errors
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "kind", "href"),
    [("", "Pembicara", "/pembicara/cecep-rukendi/"), ("en/", "Speaker", "/en/speakers/cecep-rukendi/")],
)
def test_search_finds_a_speaker_in_both_languages(
    browser: Any, served: Served, path: str, kind: str, href: str
) -> None:
    hits, errors = search(browser, served, path, "Cecep Rukendi")
    assert not errors, errors
    assert hits[0]["href"] == href and hits[0]["kind"] == kind, hits
    assert all(h["href"].startswith("/" + path) for h in hits)  # each language searches its own pages


def test_search_names_the_kind_of_sessions_too(browser: Any, served: Served) -> None:
    hits, errors = search(browser, served, "", "lokakarya")
    assert not errors, errors
    assert "Sesi" in {h["kind"] for h in hits}, hits


def test_the_index_is_part_of_the_output(served: Served) -> None:
    bundle = served.root / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    assert not list(bundle.glob("pagefind-ui*"))  # the site has its own small search box


def test_without_javascript_no_search_box(browser: Any, served: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url(""))
        assert page.locator("[data-search-toggle]").is_hidden() and page.locator("[data-search]").is_hidden()
    finally:
        context.close()
