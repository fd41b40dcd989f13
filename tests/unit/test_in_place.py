"""The preview's folder is updated file by file (write.update_in_place): after any series of edits
it holds exactly what a build from scratch writes, and files that did not change are not touched."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.pipeline import Options, build
from tests.conftest import preview_from_scratch, tree_bytes

SITE = {
    "content/pages/satu.md": "---\ntitle: Satu\n---\nIsi satu. [dua](dua.md)\n",
    "content/pages/dua.md": "---\ntitle: Dua\n---\nIsi dua.\n",
    "content/pages/tiga.md": "---\ntitle: Tiga\n---\nIsi tiga.\n",
}


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    monkeypatch.delenv("HANDBILL_CACHE", raising=False)


def preview(root: Path) -> None:
    result = build(root, Options(out=root / "_preview", drafts=True, in_place=True))
    assert result.ok, [p.format() for p in result.problems]


def test_in_place_updates_match_a_build_from_scratch(make_site: Callable[..., Path], tmp_path: Path) -> None:
    root = make_site(SITE)
    preview(root)  # no folder yet: written whole
    assert tree_bytes(root / "_preview") == preview_from_scratch(root, tmp_path)
    edits: list[Callable[[], object]] = [
        lambda: (root / "content/pages/dua.md").write_text("---\ntitle: Dua baru\n---\nIsi dua, baru.\n"),
        lambda: (root / "content/pages/empat.md").write_text("---\ntitle: Empat\n---\nBaru.\n"),
        lambda: (root / "content/pages/tiga.md").unlink(),
        lambda: (root / "content/pages/satu.md").write_text("---\ntitle: Satu\ndraft: true\n---\nDraf.\n"),
    ]
    for edit in edits:
        edit()
        preview(root)
        assert tree_bytes(root / "_preview") == preview_from_scratch(root, tmp_path)
    assert not (root / "_preview/tiga").exists()  # removed page: file and folder gone
    assert not [p for p in (root / "_preview").rglob(".*") if p.name != ".handbill-output"]  # no temporary files


def test_unchanged_files_are_not_touched(make_site: Callable[..., Path]) -> None:
    root = make_site(SITE)
    preview(root)
    out = root / "_preview"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    (root / "content/pages/tiga.md").write_text("---\ntitle: Tiga\n---\nIsi tiga, diubah.\n")
    preview(root)
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    changed = sorted(p.relative_to(out).as_posix() for p in after if after[p] != before.get(p))
    # The page in both languages (English falls back to the Indonesian body); not the other pages,
    # nor the feeds, calendars, schedules and sitemap, which came out with the same bytes.
    assert changed == ["en/tiga/index.html", "tiga/index.html"]


def test_published_builds_are_swapped_whole(make_site: Callable[..., Path]) -> None:
    """Without in_place (every build but the preview's) the folder is replaced: new inode for the folder."""
    root = make_site(SITE)
    assert build(root, Options(memo=False)).ok
    first = os.stat(root / "_site").st_ino
    (root / "content/pages/tiga.md").write_text("---\ntitle: Tiga\n---\nIsi tiga, diubah.\n")
    assert build(root, Options(memo=False)).ok
    assert os.stat(root / "_site").st_ino != first


def test_folders_left_empty_are_removed_and_no_other(tmp_path: Path) -> None:
    """The clean-up after an in-place update counts what each folder keeps (files, and folders it did not
    remove) instead of listing it again: nested folders emptied bottom up go, a folder that keeps one
    file or one folder stays."""
    from handbill.write import MARKER, Artifact, update_in_place

    out = tmp_path / "_preview"
    for rel in ["a/index.html", "a/b/index.html", "c/d/index.html", "c/keep.txt", "e/f/g/index.html", "k/l/m.txt"]:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(b"old")
    (out / "h").mkdir()
    (out / MARKER).write_text("x")
    kept = [Artifact("a/index.html", b"new"), Artifact("c/keep.txt", b"old"), Artifact("k/l/m.txt", b"old")]
    update_in_place(out, kept, [])
    folders = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir())
    assert folders == ["a", "c", "k", "k/l"]
    assert tree_bytes(out) == {"a/index.html": b"new", "c/keep.txt": b"old", "k/l/m.txt": b"old", MARKER: b"x"}
