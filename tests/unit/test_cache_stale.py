"""No stale page survives a file that keeps its size and time (issue #6).

The page cache proves that the output folder still holds what its manifest describes by each file's
size and modification time.  File systems keep times in ticks (a few ms on ext4, 1 s on HFS+, 2 s on
FAT), so a file written again with the same size in the same tick looks untouched: here that tick is
forced with os.utime.  Files written that close to the end of their build are checked by content;
here every file counts as that close (`racy_window`), so the tests do not depend on how long a
build takes on this machine.  The build memo (memo.py, which would skip these builds by its own
same-tick rule) is off: these tests are about the page cache.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.incremental import cache
from handbill.pipeline import Options, build
from tests.unit.test_cache import FILES, check_same

PAGE = "p1/index.html"
ORIGINAL = "---\ntitle: Halaman 1\n---\nIsi halaman 1.\n"
SAME_SIZE = "---\ntitle: Halaman 1\n---\nIsi halaman X.\n"


def _window(monkeypatch: pytest.MonkeyPatch, ns: int) -> None:
    monkeypatch.setenv("HANDBILL_MEMO", "0")
    monkeypatch.setattr(cache, "racy_window", lambda mtimes: ns)


@pytest.fixture
def site(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    _window(monkeypatch, 10**18)  # every file counts as written in the last tick of its build
    root = make_site(FILES)
    check_same(root, monkeypatch)  # fills the cache
    return root


def _same_size_and_time(path: Path, data: bytes, mtime_ns: int) -> None:
    """Give `path` other bytes of the same length, keeping its modification time."""
    assert len(data) == path.stat().st_size
    path.write_bytes(data)
    os.utime(path, ns=(path.stat().st_atime_ns, mtime_ns))


def _interrupted_build(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cached build stopped after its output was swapped in, before its manifest was saved."""

    def stop(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(cache.PageCache, "save", stop)
        with pytest.raises(KeyboardInterrupt):
            build(root, Options(out=root / "_site"))


def _uncached_build(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setenv("HANDBILL_CACHE", "0")
        assert build(root, Options(out=root / "_site")).ok


@pytest.mark.parametrize("unrecorded", [_uncached_build, _interrupted_build], ids=["uncached", "interrupted"])
def test_page_written_again_in_the_same_tick_is_not_reused(
    site: Path, monkeypatch: pytest.MonkeyPatch, unrecorded: Callable[[Path, pytest.MonkeyPatch], None]
) -> None:
    """A build that did not save its manifest rewrote a page with the same size in the tick of the
    manifest's record; the source then goes back to what the manifest saw.  The page must be
    rendered again, not taken from the output."""
    page = site / "_site" / PAGE
    recorded = page.stat().st_mtime_ns
    source = site / "content/pages/p1.md"
    source.write_text(SAME_SIZE)
    unrecorded(site, monkeypatch)
    assert b"Isi halaman X." in page.read_bytes()
    os.utime(page, ns=(page.stat().st_atime_ns, recorded))  # same size, same tick
    source.write_text(ORIGINAL)
    out = check_same(site, monkeypatch)
    assert b"Isi halaman 1." in out[PAGE]


@pytest.mark.parametrize("victim", [PAGE, "feed.xml", "agenda.ics"])
def test_output_edited_with_the_same_size_and_time_is_restored(
    site: Path, monkeypatch: pytest.MonkeyPatch, victim: str
) -> None:
    """The no-change shortcut (`PageCache.unchanged`) and page reuse both look at the file's bytes
    when its time is too close to its build's end to tell a rewrite apart."""
    path = site / "_site" / victim
    data = path.read_bytes()
    middle = len(data) // 2
    edited = data[:middle] + (b"#" if data[middle : middle + 1] != b"#" else b"%") + data[middle + 1 :]
    _same_size_and_time(path, edited, path.stat().st_mtime_ns)
    assert check_same(site, monkeypatch)[victim] == data


def test_files_written_long_before_the_end_of_their_build_are_trusted_by_size_and_time(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The content check costs a read: files that cannot have been rewritten unseen are not read."""
    _window(monkeypatch, 0)  # no file was written in the last tick of its build
    site = make_site(FILES)
    check_same(site, monkeypatch)
    reads: list[Path] = []

    def digest(path: Path) -> str:
        reads.append(path)
        return ""

    monkeypatch.setattr(cache, "file_digest", digest)
    before = (site / "_site" / PAGE).stat().st_ino
    check_same(site, monkeypatch)
    assert (site / "_site" / PAGE).stat().st_ino == before  # reused by link
    assert reads == []
