"""Every page passes axe-core in real Chromium, in light and (for one page of each kind) dark mode,
and no page asks any host but the local server for anything."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from conftest import Crawl, Served, axe_source, describe_violations, run_axe


def test_every_page_passes_axe(crawl: Crawl) -> None:
    assert len(crawl.pages) > 20, crawl.pages
    assert not crawl.violations, "axe-core violations:\n" + describe_violations(crawl.violations)


def test_no_request_leaves_the_local_server(crawl: Crawl, served: Served) -> None:
    local = urlsplit(served.base).netloc
    foreign = [(page, url) for page, url in crawl.requests if urlsplit(url).netloc != local and not url.startswith("data:")]
    assert not foreign, "requests to other hosts:\n" + "\n".join(f"/{p}: {u}" for p, u in foreign[:20])
    assert len(crawl.requests) >= len(crawl.pages)


def test_no_script_errors(crawl: Crawl) -> None:
    assert not crawl.errors, crawl.errors[:10]


def one_page_per_kind(served: Served) -> list[str]:
    seen: dict[tuple[str, ...], str] = {}
    for rel in served.html_files():
        parts = [p for p in rel.split("/") if p]
        key = tuple(parts[:-1]) if len(parts) > 1 and not rel.endswith(".html") else tuple(parts)
        # /pembicara/x/ and /pembicara/y/ share a key: the section plus "entry"
        if len(parts) >= 2 and not rel.endswith(".html"):
            key = (*parts[:-1], "*")
        seen.setdefault(key, rel)
    return sorted(seen.values())


def test_dark_mode_passes_axe(served: Served, browser: Any) -> None:
    source = axe_source()
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        for rel in one_page_per_kind(served):
            page.goto(served.url(rel), wait_until="load")
            violations = run_axe(page, source)
            if violations:
                found[rel] = violations
    finally:
        context.close()
    assert not found, "axe-core violations in dark mode at 390 px:\n" + describe_violations(found)
