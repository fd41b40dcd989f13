"""Issue 13 in a real browser: the preview's panel shows the one Indonesian line of a mistake, with its
column, and the warnings of a good build in a panel that leaves the page usable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import session_md
from tests.unit.test_serve_http import SPEAKER, PreviewProcess

CONNECTED = "() => !!(window.LiveReload && window.LiveReload.connector && window.LiveReload.connector.protocol > 0)"
BODY_HAS = "(text) => !!document.body && document.body.innerText.includes(text)"


def test_panel_shows_one_indonesian_line_then_visible_warnings(make_site: Callable[..., Path], browser: Any) -> None:
    root = make_site(
        {
            "content/sessions/pembukaan.md": session_md(extra="speakers: [ayu]\n", body="Isi pertama."),
            "content/speakers/ayu.md": SPEAKER,
        }
    )
    speaker = root / "content/speakers/ayu.md"
    good = speaker.read_text(encoding="utf-8")
    assert "\nrole: " in good
    server = PreviewProcess(root, "--messages", "id")
    try:
        page = browser.new_page()
        page.goto(f"{server.base}/agenda/pembukaan/")
        page.wait_for_function(CONNECTED, timeout=10_000)

        # A tab: one line, in Indonesian, with its column; nothing about the session that names her.
        speaker.write_text(good.replace("\nrole: ", "\n\trole: "), encoding="utf-8")
        overlay = page.wait_for_selector("#handbill-overlay", timeout=15_000)
        assert overlay is not None
        items = [li.inner_text() for li in overlay.query_selector_all("li")]
        assert len(items) == 1, items
        assert items[0].startswith("content/speakers/ayu.md (baris 3, posisi karakter ke-1) kesalahan: ")
        assert "baris ini diberi indentasi dengan tab" in items[0] and "pakai spasi, bukan tab" in items[0]
        page.wait_for_function(CONNECTED, timeout=10_000)

        # rol: for role builds, and says so where the editor looks.
        speaker.write_text(good.replace("\nrole: ", "\nrol: "), encoding="utf-8")
        panel = page.wait_for_selector("#handbill-warnings", timeout=15_000)
        assert panel is not None and panel.is_visible()
        assert page.query_selector("#handbill-overlay") is None
        text = panel.inner_text()
        assert "content/speakers/ayu.md (baris 3, posisi karakter ke-1) peringatan: kolom 'rol' tidak dikenal" in text
        assert "maksud Anda 'role'?" in text
        assert "Isi pertama." in page.inner_text("body")  # the page itself is the new build
    finally:
        server.stop()
