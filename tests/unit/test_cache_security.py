"""Issue #11, items 1 and 2: the build cache is untrusted input.  A link in it never makes the build
read, write or delete outside the site; a planted file never runs code (nothing is unpickled: the
cache is JSON and raw bytes); a damaged cache file is one warning and a rebuild, never an error."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import run_cli, tree_bytes
from tests.incremental.harness import make_fixture

CACHE = ".handbill-cache"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return tree_bytes(folder)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    make_fixture(root)
    return root


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A folder beside the site that nothing may touch: files of every kind, and subfolders."""
    folder = tmp_path / "victim"
    (folder / "sub").mkdir(parents=True)
    (folder / "notes.txt").write_text("keep me\n")
    (folder / "image.png").write_bytes(b"\x89PNG keep")
    (folder / "sub" / "deep.txt").write_text("keep me too\n")
    return folder


def _clean(site: Path, tmp_path: Path) -> dict[str, bytes]:
    for old in ("clean-copy", "clean-out"):
        shutil.rmtree(tmp_path / old, ignore_errors=True)
    copy = tmp_path / "clean-copy"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(CACHE, "_site"))
    r = run_cli("build", "--root", copy, "--out", tmp_path / "clean-out", env={"HANDBILL_CACHE": "0"})
    assert r.returncode == 0, r.stderr
    return tree_bytes(tmp_path / "clean-out")


TENTANG = "---\ntitle: Tentang kami\nmenu: 1\n---\nIsi.\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The fixture site built once (with its cache), and what a clean build gives after the edit the
    damaged-cache cases make: each case starts from a copy instead of building both again."""
    base = tmp_path_factory.mktemp("built")
    root = base / "site"
    make_fixture(root)
    assert run_cli("build", "--root", root).returncode == 0
    edited = base / "edited"
    shutil.copytree(root, edited, ignore=shutil.ignore_patterns(CACHE, "_site"))
    (edited / "content/pages/tentang.md").write_text(TENTANG)
    return root, _clean(edited, base)


def _settle() -> None:
    time.sleep(0.5)  # the background deleter of the replaced output


@pytest.mark.parametrize("name", ["share", "trash", "."])
def test_a_link_in_the_cache_never_touches_its_target(site: Path, victim: Path, tmp_path: Path, name: str) -> None:
    before = _snapshot(victim)
    cache = site / CACHE
    if name == ".":
        cache.symlink_to(victim, target_is_directory=True)
    else:
        cache.mkdir()
        (cache / name).symlink_to(victim, target_is_directory=True)
    for i in range(3):  # the second build replaces an output (trash) and draws a card again
        if i:
            speaker = site / "content/speakers/ani-wulan.md"
            speaker.write_text(speaker.read_text().replace("role: Kurator", f"role: Kurator {i}"))
        r = run_cli("build", "--root", site)
        assert r.returncode == 0, r.stderr
        assert "warning: damaged or unsafe build cache ignored" in r.stderr
    _settle()
    assert _snapshot(victim) == before
    assert sorted(p.name for p in victim.rglob("*")) == ["deep.txt", "image.png", "notes.txt", "sub"]
    assert tree_bytes(site / "_site") == _clean(site, tmp_path)


def test_a_linked_cache_file_is_never_read_or_written(site: Path, victim: Path, tmp_path: Path) -> None:
    assert run_cli("build", "--root", site).returncode == 0
    cache = site / CACHE
    for manifest in cache.glob("pages-*.json"):
        manifest.unlink()
        manifest.symlink_to(victim / "notes.txt")
    (cache / "calendar.json").unlink()
    (cache / "calendar.json").symlink_to(victim / "notes.txt")
    (site / "content/pages/tentang.md").write_text("---\ntitle: Tentang kami\nmenu: 1\n---\nIsi.\n")
    r = run_cli("build", "--root", site)
    assert r.returncode == 0, r.stderr
    _settle()
    assert (victim / "notes.txt").read_text() == "keep me\n"
    assert tree_bytes(site / "_site") == _clean(site, tmp_path)


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {os.environ.get('BOOM_FILE', '/nonexistent/boom')}",))


@pytest.mark.parametrize(
    "name", ["frontmatter.pickle", "calendar.pickle", "pages-x.pickle", "calendar.json", "pages-{out}.json"]
)
def test_a_planted_pickle_never_runs(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    boom = tmp_path / "boom"
    monkeypatch.setenv("BOOM_FILE", str(boom))
    assert run_cli("build", "--root", site).returncode == 0
    cache = site / CACHE
    if "{out}" in name:
        name = next(cache.glob("pages-*.json")).name
    (cache / name).write_bytes(pickle.dumps(_Boom()))
    for memo in cache.glob("memo-*.json"):
        memo.write_bytes(pickle.dumps(_Boom()))
    (site / "content/pages/tentang.md").write_text("---\ntitle: Tentang kami\nmenu: 1\n---\nIsi.\n")
    r = run_cli("build", "--root", site, env={"BOOM_FILE": str(boom)})
    assert r.returncode == 0, r.stderr
    assert not boom.exists()
    assert "internal error" not in r.stderr
    assert tree_bytes(site / "_site") == _clean(site, tmp_path)


def test_no_cache_file_is_a_pickle_or_bytecode(site: Path) -> None:
    assert run_cli("build", "--root", site).returncode == 0
    # trash/ holds what a background process is deleting (a replaced output, the search's staging
    # folder): never read, and not walked here either (its files vanish while a walk lists them)
    tops = [p for p in (site / CACHE).iterdir() if p.name != "trash"]
    for path in [p for top in tops for p in (top.rglob("*") if top.is_dir() else [top])]:
        if path.is_file() and path.parent.name != "share":
            assert path.suffix == ".json", path
            assert not path.read_bytes().startswith(b"\x80"), path
    assert not list((site / CACHE).glob("jinja-*"))


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{",
        b"\xff\xfe garbage",
        b"[]",
        b'{"format": 4, "key": 7}',
        b'{"format": 4, "key": "x", "pages": "no"}',
        b'{"version": 1, "entries": {"k": 5}}',
        b"null",
        b'"a string"',
        b"[" * 100000,
    ],
    ids=["empty", "brace", "bytes", "list", "key", "pages", "entries", "null", "string", "deep"],
)
def test_a_damaged_cache_file_is_one_warning_and_a_rebuild(
    built: tuple[Path, dict[str, bytes]], tmp_path: Path, damage: bytes
) -> None:
    site, expected = tmp_path / "site", built[1]
    # built, with its cache; not its trash, which a background process may still be emptying
    shutil.copytree(built[0], site, symlinks=True, ignore=shutil.ignore_patterns("trash"))
    cache = site / CACHE
    assert list(cache.glob("*.json"))
    for path in [*cache.glob("*.json")]:
        path.write_bytes(damage)
    (site / "content/pages/tentang.md").write_text(TENTANG)
    r = run_cli("build", "--root", site)
    assert r.returncode == 0, r.stderr
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr
    assert tree_bytes(site / "_site") == expected
    again = run_cli("build", "--root", site)  # the cache is whole again: no warning
    assert again.returncode == 0 and "build cache" not in again.stderr, again.stderr
    # A truncated manifest, key matching, is damaged too.
    for path in cache.glob("pages-*.json"):
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    r = run_cli("build", "--root", site, env={"HANDBILL_MEMO": "0"})
    assert r.returncode == 0 and "damaged or unsafe build cache ignored" in r.stderr, r.stderr
    assert tree_bytes(site / "_site") == expected


def test_a_fifo_in_the_cache_never_blocks(site: Path, tmp_path: Path) -> None:
    assert run_cli("build", "--root", site).returncode == 0
    cache = site / CACHE
    for path in cache.glob("pages-*.json"):
        path.unlink()
        os.mkfifo(path)
    (site / "content/pages/tentang.md").write_text("---\ntitle: Tentang kami\nmenu: 1\n---\nIsi.\n")
    r = run_cli("build", "--root", site, timeout=60)
    assert r.returncode == 0, r.stderr
    assert tree_bytes(site / "_site") == _clean(site, tmp_path)
