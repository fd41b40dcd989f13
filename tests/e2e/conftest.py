"""End-to-end fixtures: the default site built once per test session into a temporary folder (at the
domain root, and under a sub-path), served on 127.0.0.1 with the security headers it ships
(`_headers`), and one headless Chromium for the whole session.

Browser checks visit one page of every kind (home, each section's list, one entry of each section, a
free page, 404) in both languages, at a phone and a desktop width; `--all-pages` (or
HANDBILL_E2E_ALL_PAGES=1, which the deploy workflow sets) adds every page of the site.

Missing tools are failures, not skips: CI must not go green because Chromium or Java is absent.
Everything here is per process (temporary folders, free ports, Playwright's own Chromium profile), so
the tests can run under pytest-xdist.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.gates import Served, all_pages, page_kinds, serve

__all__ = ["PROJECT", "Served", "build_site"]

PROJECT = Path(__file__).resolve().parents[2]
# 2025-12-13 07:00 WIB: the day after the event (the site is a public record now).
SOURCE_DATE_EPOCH = "1765584000"
SUB_PATH_URL = "https://example.org/ccc/"


def build_site(
    out: Path, epoch: str = SOURCE_DATE_EPOCH, *extra: str, root: Path | None = None, env: dict[str, str] | None = None
) -> Path:
    """`python build.py build --out OUT` with a fixed SOURCE_DATE_EPOCH; fails the test on errors.
    With `root` (a copy of the site made by `site_copy`), its cache is that copy's own; `env`: more
    environment variables."""
    env = {**os.environ, **(env or {}), "SOURCE_DATE_EPOCH": epoch, "TZ": "UTC"}
    args = ["--root", str(root)] if root is not None else []
    if root is None:
        env["HANDBILL_CACHE"] = "0"  # never the developer's .handbill-cache (and safe beside other processes)
    proc = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "build", "--out", str(out), *args, *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT,
        timeout=300,
    )
    if proc.returncode != 0:
        pytest.fail(f"the default site does not build (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return out


@pytest.fixture(scope="session")
def site_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default site's site.yaml and content/ in a folder of this test session (templates and assets
    come from the project): its .handbill-cache serves every build of this session and no one else."""
    root = tmp_path_factory.mktemp("default-site")
    shutil.copy2(PROJECT / "site.yaml", root / "site.yaml")
    shutil.copytree(PROJECT / "content", root / "content")
    return root


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, site_copy: Path) -> Path:
    return build_site(tmp_path_factory.mktemp("e2e") / "site", SOURCE_DATE_EPOCH, root=site_copy)


@pytest.fixture(scope="session")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory, site_copy: Path) -> Path:
    """The same site built for https://example.org/ccc/."""
    out = tmp_path_factory.mktemp("e2e-ccc") / "site"
    return build_site(out, SOURCE_DATE_EPOCH, "--base-url", SUB_PATH_URL, root=site_copy)


@pytest.fixture(scope="session")
def served(site_dir: Path) -> Iterator[Served]:
    """The site at http://127.0.0.1:PORT/ with the headers of its own `_headers` file."""
    with serve(site_dir) as server:
        yield server


@pytest.fixture(scope="session")
def every_page(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--all-pages")) or os.environ.get("HANDBILL_E2E_ALL_PAGES") == "1"


@pytest.fixture(scope="session")
def visited(served: Served, every_page: bool) -> list[str]:
    """The pages the browser checks visit: one of every kind in every language, or all of them."""
    return all_pages(served.root) if every_page else page_kinds(served.root)


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
