"""The build memo (memo.py): a build with nothing changed does nothing and says so; any change to
an input, a setting or the output folder makes it build, with the result a build from scratch gives."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.incremental import cache, memo
from handbill.pipeline import Options, build
from tests.conftest import tree_bytes

SITE = {
    "content/pages/tentang.md": "---\ntitle: Tentang\n---\nIsi halaman.\n\n[klik](javascript:x)\n",
    "content/pages/lain.md": "---\ntitle: Lain\n---\nHalaman lain.\n",
}
Builder = Callable[..., tuple[int, str, str]]

REMEMBERED = "(nothing changed since the last build)"


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    monkeypatch.delenv("HANDBILL_CACHE", raising=False)
    monkeypatch.delenv("HANDBILL_MEMO", raising=False)


def scratch(root: Path, tmp_path: Path, *args: str) -> dict[str, bytes]:
    """The output of a build of the same site from scratch (fresh copy, no cache)."""
    copy = tmp_path / "scratch"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("_site", ".handbill-cache"))
    assert build(copy, Options(cache=False)).ok
    return tree_bytes(copy / "_site")


def test_second_build_is_remembered_with_its_warnings(make_site: Callable[..., Path], build_cli: Builder) -> None:
    root = make_site(SITE)
    first = build(root, Options(cache=False))
    code, out1, err1 = build_cli("build", "--root", root)
    assert code == 0 and REMEMBERED not in out1 and "javascript" in err1
    before = tree_bytes(root / "_site")
    code, out2, err2 = build_cli("build", "--root", root)
    assert code == 0 and REMEMBERED in out2
    assert err2 == err1  # the same warnings, replayed
    assert tree_bytes(root / "_site") == before
    result = build(root)  # the API says so too
    assert result.ok and result.remembered and result.pages == first.pages and result.files == first.files
    assert [p.message for p in result.problems] == [p.message for p in first.problems]


@pytest.mark.parametrize(
    "change",
    ["same_size_same_time", "touch", "new_file", "removed_file", "template", "site_yaml", "asset"],
)
def test_any_input_change_builds(make_site: Callable[..., Path], tmp_path: Path, change: str) -> None:
    root = make_site(SITE)
    assert build(root).ok
    page = root / "content/pages/lain.md"
    if change == "same_size_same_time":
        st = page.stat()
        page.write_text(page.read_text().replace("Halaman lain", "Halaman LAIN"))
        os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert page.stat().st_size == st.st_size
    elif change == "touch":
        os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1_000_000))
    elif change == "new_file":
        (root / "content/pages/baru.md").write_text("---\ntitle: Baru\n---\nBaru.\n")
    elif change == "removed_file":
        page.unlink()
    elif change == "template":
        (root / "templates").mkdir()
        (root / "templates/page.html").write_text(
            '{% extends "base.html" %}{% block main %}<p>ganti</p>{{ body(page) }}{% endblock %}'
        )
    elif change == "site_yaml":
        yaml = root / "site.yaml"
        yaml.write_text(yaml.read_text().replace("Acara Uji", "Acara Ujian"))
    elif change == "asset":
        (root / "assets/img").mkdir(parents=True)
        (root / "assets/img/x.png").write_bytes(b"\x89PNG not really")
    result = build(root)
    assert result.ok and not result.remembered
    assert tree_bytes(root / "_site") == scratch(root, tmp_path)
    assert build(root).remembered  # and the next one is remembered again


@pytest.mark.parametrize("edit", ["content", "same_size_same_time", "added", "removed"])
def test_output_edited_by_hand_builds(
    make_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    # Every file counts as written in the build's last timestamp tick (only such files can be rewritten
    # with the same size and time unseen): otherwise on a loaded machine the page may be written more
    # than 0.1 s before the end and, by design, be trusted by its size and time.
    monkeypatch.setattr(memo, "racy_window", lambda mtimes: 10**18)
    monkeypatch.setattr(cache, "racy_window", lambda mtimes: 10**18)  # the page cache's rule is the same
    root = make_site(SITE)
    assert build(root).ok
    page = root / "_site/tentang/index.html"
    if edit == "content":
        page.write_bytes(page.read_bytes() + b"<!-- hand -->")
    elif edit == "same_size_same_time":
        st = page.stat()
        data = page.read_bytes()
        page.write_bytes(data.replace(b"Tentang", b"TENTANG", 1))
        os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    elif edit == "added":
        (root / "_site/extra.html").write_text("x")
    elif edit == "removed":
        page.unlink()
    result = build(root)
    assert result.ok and not result.remembered
    assert tree_bytes(root / "_site") == scratch(root, tmp_path)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({}, {"base_url": "https://example.org/ccc/"}),
        ({}, {"strict": True}),
        ({}, {"out": "other"}),
    ],
)
def test_other_settings_build(
    make_site: Callable[..., Path], first: dict[str, object], second: dict[str, object]
) -> None:
    root = make_site({"content/pages/lain.md": SITE["content/pages/lain.md"]})

    def options(kw: dict[str, object]) -> Options:
        out = root / str(kw["out"]) if "out" in kw else None
        return Options(out=out, base_url=kw.get("base_url"), strict=bool(kw.get("strict", False)))  # type: ignore[arg-type]

    assert build(root, options(first)).ok
    assert not build(root, options(second)).remembered
    assert build(root, options(second)).remembered


def test_source_date_epoch_is_a_setting(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site(SITE)
    assert build(root).ok
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765100000")
    assert not build(root).remembered


def test_never_with_cache_off_drafts_or_check(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site(SITE)
    assert build(root).ok
    assert not build(root, Options(drafts=True)).remembered
    assert not build(root, Options(write=False)).remembered
    assert not build(root, Options(cache=False)).remembered
    monkeypatch.setenv("HANDBILL_MEMO", "0")
    assert not build(root).remembered
    monkeypatch.delenv("HANDBILL_MEMO")
    monkeypatch.setenv("HANDBILL_CACHE", "0")
    assert not build(root).remembered


def test_inputs_changed_during_the_build_are_not_remembered(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The memo is saved only when every input has the size, time and inode after the build that it
    had before: a file saved while the build read may not be remembered as built."""
    root = make_site(SITE)
    real = memo.input_stats
    page = root / "content/pages/lain.md"

    def saved_during_the_build(root_: Path) -> list[tuple[str, int, int, int]]:
        found = real(root_)
        page.write_text(page.read_text() + "x")  # a save after each look: the first one lands mid-build
        return found

    monkeypatch.setattr(memo, "input_stats", saved_during_the_build)
    assert build(root).ok
    assert not memo.memo_file(root, root / "_site").exists()
    monkeypatch.setattr(memo, "input_stats", real)
    assert build(root).ok
    assert build(root).remembered


def test_failed_build_keeps_the_memo_of_the_last_good_one(make_site: Callable[..., Path]) -> None:
    root = make_site(SITE)
    assert build(root).ok
    good = tree_bytes(root / "_site")
    page = root / "content/pages/lain.md"
    text = page.read_text()
    page.write_text("---\ntitle: [rusak\n---\n")
    assert not build(root).ok
    page.write_text(text)  # back as it was (a later write: not taken for the remembered state)
    result = build(root)
    assert result.ok and not result.remembered
    assert tree_bytes(root / "_site") == good


def test_corrupt_memo_is_ignored(make_site: Callable[..., Path]) -> None:
    root = make_site(SITE)
    assert build(root).ok
    memo.memo_file(root, root / "_site").write_text("{not json")
    result = build(root)
    assert result.ok and not result.remembered
    assert build(root).remembered
