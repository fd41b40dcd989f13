"""The issue's transcript: a translation added after its original shows at once, in build and serve."""

from __future__ import annotations

import io
from pathlib import Path

from tests.conftest import run_cli
from tests.incremental.harness import make_fixture


def test_translation_added_after_its_original_is_shown(tmp_path: Path) -> None:
    root = tmp_path / "site"
    make_fixture(root)
    assert run_cli("new", "page", "kontak", "--title", "Kontak kami", "--root", root).returncode == 0
    assert run_cli("build", "--root", root).returncode == 0
    assert run_cli("new", "page", "kontak", "--lang", "en", "--title", "Contact us", "--root", root).returncode == 0
    r = run_cli("build", "--root", root)
    assert r.returncode == 0, r.stderr
    assert "<title>Contact us" in (root / "_site/en/kontak/index.html").read_text("utf-8")


def test_translation_added_after_its_original_is_shown_in_the_preview(tmp_path: Path) -> None:
    from handbill.serve import Preview

    root = tmp_path / "site"
    make_fixture(root)
    preview = Preview(root, root / "_preview", "127.0.0.1", 0, stream=io.StringIO())
    (root / "content/pages/kontak.md").write_text("---\ntitle: Kontak kami\n---\nIsi.\n", "utf-8")
    assert preview.rebuild().ok
    (root / "content/pages/kontak.en.md").write_text("---\ntitle: Contact us\n---\n", "utf-8")
    assert preview.rebuild().ok
    assert "<title>Contact us" in (root / "_preview/en/kontak/index.html").read_text("utf-8")


def test_front_matter_of_a_bodyless_translation_reaches_other_pages(tmp_path: Path) -> None:
    root = tmp_path / "site"
    make_fixture(root)
    assert run_cli("build", "--root", root).returncode == 0
    (root / "content/sessions/sesi-diskusi.en.md").write_text("---\ntitle: Crafts Conversation\n---\n", "utf-8")
    assert run_cli("build", "--root", root).returncode == 0
    agenda = (root / "_site/en/agenda/index.html").read_text("utf-8")
    assert "Crafts Conversation" in agenda
