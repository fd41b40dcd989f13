"""axe-core in real Chromium on one page of every kind in both languages, at phone and desktop widths,
in light and dark mode (every page with --all-pages or HANDBILL_E2E_ALL_PAGES=1); no page asks another
origin for anything, and no script fails."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.gates import VIEWS, Crawl, Served, crawl, describe, describe_violations


@pytest.fixture(scope="module")
def crawls(served: Served, browser: Any, visited: list[str]) -> dict[str, Crawl]:
    return {name: crawl(browser, served, visited, viewport, scheme, axe=True) for name, viewport, scheme in VIEWS}


def test_the_pages_cover_every_kind_in_both_languages(visited: list[str]) -> None:
    for must in ("", "en/", "404.html", "en/404.html", "agenda/", "en/agenda/", "pembicara/", "en/speakers/"):
        assert must in visited, visited
    assert any(p.startswith("agenda/") and p != "agenda/" for p in visited), visited
    assert any(p.startswith("en/agenda/") and p != "en/agenda/" for p in visited), visited


@pytest.mark.parametrize("view", [name for name, _v, _s in VIEWS])
def test_pages_pass_axe(crawls: dict[str, Crawl], view: str) -> None:
    found = crawls[view]
    assert found.requests >= len(found.pages)
    assert not found.violations, f"axe-core violations ({view}):\n" + describe_violations(found.violations)


def test_no_request_leaves_the_site(crawls: dict[str, Crawl]) -> None:
    foreign = [hit for found in crawls.values() for hit in found.foreign]
    assert not foreign, "requests to other origins:\n" + describe(foreign)


def test_no_script_errors(crawls: dict[str, Crawl]) -> None:
    errors = [hit for found in crawls.values() for hit in found.errors]
    assert not errors, "script errors:\n" + describe(errors)
