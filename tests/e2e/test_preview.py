"""The editing loop in a real browser: save → reload with the change; break a reference → overlay with
file and line; fix it → overlay gone.  Drives `build.py serve` in a subprocess with headless Chromium
(the session's one, from conftest.py: a second Playwright in the same thread cannot start)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import session_md
from tests.unit.test_serve_http import SPEAKER, PreviewProcess

CONNECTED = "() => !!(window.LiveReload && window.LiveReload.connector && window.LiveReload.connector.protocol > 0)"


def test_edit_reload_overlay_and_recovery(make_site: Callable[..., Path], browser: Any) -> None:
    root = make_site(
        {
            "content/sessions/pembukaan.md": session_md(extra="speakers: [ayu]\n", body="Isi pertama."),
            "content/speakers/ayu.md": SPEAKER,
        }
    )
    session = root / "content/sessions/pembukaan.md"
    server = PreviewProcess(root, "--messages", "id")  # the editor's language (issue 13)
    try:
        page = browser.new_page()
        page.goto(f"{server.base}/agenda/pembukaan/")
        assert "Isi pertama." in page.inner_text("body")
        page.wait_for_function(CONNECTED, timeout=10_000)

        # 1. A saved edit reloads the page with the change.
        session.write_text(session_md(extra="speakers: [ayu]\n", body="Isi kedua, disunting."), encoding="utf-8")
        page.wait_for_function(
            "() => !!document.body && document.body.innerText.includes('Isi kedua, disunting.')", timeout=15_000
        )
        page.wait_for_function(CONNECTED, timeout=10_000)

        # 2. A broken reference: the last good page stays, with the overlay naming file and line.
        session.write_text(session_md(extra="speakers: [ayu-lestari]\n", body="Rusak."), encoding="utf-8")
        overlay = page.wait_for_selector("#handbill-overlay", timeout=15_000)
        assert overlay is not None
        text = overlay.inner_text()
        assert "Perubahan terakhir belum bisa ditampilkan" in text
        assert "content/sessions/pembukaan.md (baris 6, posisi karakter ke-12)" in text
        assert "pembicara 'ayu-lestari' tidak dikenal" in text
        assert "Isi kedua, disunting." in page.inner_text("body")  # the last good build
        assert overlay.is_visible()
        page.wait_for_function(CONNECTED, timeout=10_000)

        # 3. Fixing it removes the overlay.
        session.write_text(session_md(extra="speakers: [ayu]\n", body="Isi ketiga, diperbaiki."), encoding="utf-8")
        page.wait_for_function(
            "() => !!document.body && document.body.innerText.includes('Isi ketiga, diperbaiki.')", timeout=15_000
        )
        assert page.query_selector("#handbill-overlay") is None

        # The English page shows the panel in the editor's language too.
        page.wait_for_function(CONNECTED, timeout=10_000)
        page.goto(f"{server.base}/en/agenda/pembukaan/")
        session.write_text(session_md(extra="speakers: [ayu-lestari]\n"), encoding="utf-8")
        overlay = page.wait_for_selector("#handbill-overlay", timeout=15_000)
        assert overlay is not None
        assert "Perubahan terakhir belum bisa ditampilkan" in overlay.inner_text()
        assert "content/sessions/pembukaan.md (baris 6, posisi karakter ke-12)" in overlay.inner_text()
    finally:
        server.stop()
    assert "pembicara 'ayu-lestari' tidak dikenal" in server.output()  # the terminal shows the same problem
