"""Issue 14, search: Pagefind's index is built with the site and served from it; the search box (shown
only with JavaScript) finds a speaker in Indonesian and in English and names the kind of each hit,
under the site's Content-Security-Policy (WebAssembly allowed, nothing from another origin)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Served, build_site

from tests.e2e.gates import serve


def search(
    browser: Any, served: Served, path: str, query: str, requests: list[str] | None = None
) -> tuple[list[dict[str, str]], list[str]]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: None if r.url.startswith(served.base) else errors.append("foreign: " + r.url))
        page.on("request", lambda r: requests.append(r.url[len(served.base) :]) if requests is not None else None)
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


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The default site with its search split into shards of 20 pages, as a large site's is."""
    out = build_site(tmp_path_factory.mktemp("sharded") / "site", env={"HANDBILL_SEARCH_SHARD": "20"})
    with serve(out) as server:
        yield server


@pytest.mark.parametrize(
    ("path", "query", "href"),
    [
        ("", "Cecep Rukendi", "/pembicara/cecep-rukendi/"),
        ("en/", "Cecep Rukendi", "/en/speakers/cecep-rukendi/"),
        ("", "lokakarya", None),
    ],
)
def test_a_sharded_index_is_searched_as_one(
    browser: Any, served: Served, sharded: Served, path: str, query: str, href: str | None
) -> None:
    """A large site's index comes in shards; the browser merges its language's shards and finds what
    the single index of the same site finds, loading the WebAssembly once."""
    shards = (Path(sharded.root) / "pagefind/shard").iterdir()
    assert len(list(shards)) >= 4
    requests: list[str] = []
    hits, errors = search(browser, sharded, path, query, requests)
    assert not errors, errors
    if href is not None:
        assert hits[0]["href"] == href, hits
    single, _errors = search(browser, served, path, query)
    assert sorted(h["href"] for h in hits) == sorted(h["href"] for h in single)
    lang = "en" if path else "id"
    assert sum(1 for r in requests if r.endswith(f"wasm.{lang}.pagefind")) == 1, requests
    assert any("/shard/" in r and r.endswith(".pf_meta") for r in requests), requests
    assert not any(f"/shard/{'id' if lang == 'en' else 'en'}-" in r for r in requests)  # its language's only
