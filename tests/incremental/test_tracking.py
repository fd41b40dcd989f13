"""tracking.py: nestable, private to its thread, and failing closed."""

from __future__ import annotations

import threading
from pathlib import Path

from handbill.incremental.tracking import Recording, paused, recording, tracing, unattributed
from handbill.model import Entry, Site
from handbill.pipeline import Options, build
from tests.incremental.harness import make_fixture


def _site(tmp_path: Path) -> dict[str, Site]:
    root = tmp_path / "site"
    make_fixture(root)
    result = build(root, Options(write=False))
    assert result.ok
    return result.sites


def test_tracing_nests_and_restores(tmp_path: Path) -> None:
    sites = _site(tmp_path)
    site = sites["id"]
    outer, inner = Recording(), Recording()
    with tracing():
        with recording(outer):
            site.sessions.get("sesi-buka")
            with tracing():
                with recording(inner):
                    site.speakers.get("ani-wulan")
            site.cities.get("kota-bandung")
        assert "__getattribute__" in Entry.__dict__  # still patched: the outer block runs
    assert "__getattribute__" not in Entry.__dict__
    assert ("has", "speakers", "id", "ani-wulan") in inner.reads
    assert ("has", "speakers", "id", "ani-wulan") not in outer.reads
    assert ("has", "cities", "id", "kota-bandung") in outer.reads


def test_a_read_no_recording_sees_is_counted(tmp_path: Path) -> None:
    site = _site(tmp_path)["id"]
    entry = site.sessions["sesi-buka"]
    with tracing():
        with paused():
            _ = entry.title
        assert unattributed() == 0
        _ = entry.title
        assert unattributed() == 1


def test_another_thread_does_not_record_into_this_one(tmp_path: Path) -> None:
    site = _site(tmp_path)["id"]
    entry = site.sessions["sesi-buka"]
    rec = Recording()
    seen: list[int] = []

    def other() -> None:
        _ = entry.title  # not tracing in this thread: nothing recorded, nothing counted
        seen.append(unattributed())

    with tracing(), recording(rec):
        t = threading.Thread(target=other)
        t.start()
        t.join()
    assert seen == [0]
    assert rec.reads == set()


def test_unattributed_reads_keep_no_page_cache(tmp_path: Path, monkeypatch: object) -> None:
    """A page render that reads content outside its recording: the build keeps nothing to reuse."""
    import handbill.formats.pages as pages

    root = tmp_path / "site"
    make_fixture(root)
    assert build(root, Options()).ok
    stored = list((root / ".handbill-cache").glob("pages-*"))
    assert stored
    original = pages.render_one

    def leaky(ctx, env, index, route):  # type: ignore[no-untyped-def]
        _ = ctx.sites["id"].sessions  # a read outside the page's recording
        return original(ctx, env, index, route)

    pages.render_one = leaky
    try:
        (root / "content/pages/tentang.md").write_text("---\ntitle: Tentang lagi\nmenu: 1\n---\nIsi.\n", "utf-8")
        assert build(root, Options()).ok
    finally:
        pages.render_one = original
    assert not list((root / ".handbill-cache").glob("pages-*"))
