"""End-to-end fixtures: the default site built once into a temporary folder, served on 127.0.0.1,
and one headless Chromium for the whole session.

Missing tools are failures, not skips: CI must not go green because Chromium or Java is absent.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS

PROJECT = Path(__file__).resolve().parents[2]
# 2025-12-13 07:00 WIB: the day after the event (the site is a public record now).
SOURCE_DATE_EPOCH = "1765584000"


def build_site(out: Path, epoch: str = SOURCE_DATE_EPOCH, *extra: str) -> Path:
    """`python build.py build --out OUT` with a fixed SOURCE_DATE_EPOCH; fails the test on errors."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "TZ": "UTC"}
    proc = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "build", "--out", str(out), *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT,
        timeout=300,
    )
    if proc.returncode != 0:
        pytest.fail(f"the default site does not build (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


@dataclass(frozen=True)
class Served:
    root: Path  # the built site
    base: str  # http://127.0.0.1:PORT/

    def html_files(self) -> list[str]:
        """Every HTML page, as a path relative to the site root ('', 'agenda/', '404.html')."""
        out = []
        for p in sorted(self.root.rglob("*.html")):
            rel = p.relative_to(self.root).as_posix()
            out.append(rel.removesuffix("index.html"))
        return out

    def url(self, rel: str) -> str:
        return self.base + rel.lstrip("/")


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("e2e") / "site")


@pytest.fixture(scope="session")
def served(site_dir: Path) -> Iterator[Served]:
    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="e2e-http", daemon=True)
    thread.start()
    try:
        yield Served(site_dir, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium is required for the e2e tests and was not found at {CHROMIUM} (set $CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.fail("the Python package 'playwright' is required: pip install -e '.[test]'")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def java() -> str:
    found = shutil.which("java")
    if found is None:
        pytest.fail("Java is required to run the W3C Nu HTML validator (vnu.jar) and was not found on PATH")
    return found


def axe_source() -> str:
    try:
        import axe_playwright_python
    except ImportError:
        pytest.fail("the Python package 'axe-playwright-python' (bundles axe-core) is required: pip install -e '.[test]'")
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@dataclass
class Crawl:
    """What one visit of every page with JavaScript on found: axe violations, requests, script errors."""

    violations: dict[str, list[dict[str, Any]]]
    requests: list[tuple[str, str]]  # (page, requested URL)
    errors: list[tuple[str, str]]  # (page, uncaught script error)
    pages: list[str]


AXE_OPTIONS = {"resultTypes": ["violations"]}


def run_axe(page: Any, source: str) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    result: dict[str, Any] = page.evaluate("async (opts) => await window.axe.run(document, opts)", AXE_OPTIONS)
    return list(result["violations"])


@pytest.fixture(scope="session")
def crawl(served: Served, browser: Any) -> Crawl:
    """Visit every page once (light scheme), running axe-core and recording every request."""
    source = axe_source()
    found = Crawl({}, [], [], served.html_files())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    current = {"page": ""}
    context.on("request", lambda req: found.requests.append((current["page"], req.url)))
    context.add_init_script(script=source)  # compiled per page either way; no request is made
    page = context.new_page()
    page.on("pageerror", lambda exc: found.errors.append((current["page"], str(exc))))
    try:
        for rel in found.pages:
            current["page"] = rel
            page.goto(served.url(rel), wait_until="load")
            violations = run_axe(page, source)
            if violations:
                found.violations[rel] = violations
    finally:
        context.close()
    return found


def describe_violations(violations: dict[str, list[dict[str, Any]]], limit: int = 30) -> str:
    lines = []
    for rel, items in violations.items():
        for v in items:
            targets = "; ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                                for n in v["nodes"][:3])
            lines.append(f"/{rel}: {v['id']} ({v.get('impact')}): {v['help']} — {targets}")
    more = f"\n… and {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more
