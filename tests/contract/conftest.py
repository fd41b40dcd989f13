"""The contract's harness: a site that has been built once, a failing change, and proof that nothing
else moved.

Every case copies a site built once per session (its `_site/` and build cache included) into a
folder of its own, beside a sibling folder that no build may touch, changes the site, runs the
command line, and then asserts:

* the exact exit code and the exact problem lines;
* the previous output tree, byte for byte (hashes of every file, before and after);
* the site's own files other than the change, the sibling folder and the parent folder's listing:
  unchanged (nothing written or deleted outside the site root and its output).

Commands run in this process (`cli.main`, output through capsys), which is fast, unless a case
needs a real process (signals, pipes, hangs).  pytest-timeout is the watchdog: a hang fails the test instead of blocking CI.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_SITE_YAML, PROJECT, session_md, write_files

SPEAKER = "---\nname: Ayu Lestari\nrole: Kurator\ncity: kota-bandung\n---\nBiografi singkat.\n"
CITY = "---\nname: Kota Bandung\ntype: kota\nprovince: Jawa Barat\n---\nKota desain.\n"
NEWS = (
    "---\ntitle: Pendaftaran dibuka\ndate: 2025-11-01\nsummary: Daftar sekarang.\n---\nLihat [agenda](../sessions/).\n"
)
PAGE = "---\ntitle: Tentang\n---\nTentang acara ini. ![Logo](/assets/img/logo.png)\n"
#: The smallest valid PNG (1×1), for the site's one image.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)

BASE_FILES: dict[str, str | bytes] = {
    "content/sessions/pembukaan.md": session_md(extra="speakers: [ayu]\n"),
    "content/sessions/pembukaan.en.md": "---\ntitle: Opening\n---\nThe opening.\n",
    "content/speakers/ayu.md": SPEAKER,
    "content/cities/kota-bandung.md": CITY,
    "content/news/pendaftaran.md": NEWS,
    "content/pages/tentang.md": PAGE,
    "assets/img/logo.png": PNG,
}


def tree_hashes(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every entry under `folder` → the hash of its bytes (files), its target (links) or its kind."""
    found: dict[str, str] = {}
    if not folder.exists():
        return found
    for dirpath, dirnames, filenames in os.walk(folder):
        rel_dir = os.path.relpath(dirpath, folder)
        dirnames[:] = sorted(d for d in dirnames if os.path.normpath(os.path.join(rel_dir, d)) not in skip)
        for name in dirnames:
            found[os.path.normpath(os.path.join(rel_dir, name)) + "/"] = "dir"
        for name in sorted(filenames):
            rel = os.path.normpath(os.path.join(rel_dir, name))
            if rel in skip:
                continue
            full = os.path.join(dirpath, name)
            if os.path.islink(full):
                found[rel] = "link:" + os.readlink(full)
            elif os.path.isfile(full):
                found[rel] = hashlib.sha256(Path(full).read_bytes()).hexdigest()
            else:
                found[rel] = "special"
    return found


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.err.splitlines()


@dataclass
class Case:
    """One site, its sibling, and the snapshots taken before the command."""

    root: Path
    sibling: Path
    parent: Path
    changed: set[str] = field(default_factory=set)  # site files the case itself wrote
    before_out: dict[str, str] = field(default_factory=dict)
    before_sibling: dict[str, str] = field(default_factory=dict)
    before_site: dict[str, str] = field(default_factory=dict)
    before_parent: list[str] = field(default_factory=list)
    capsys: pytest.CaptureFixture[str] | None = None

    @property
    def out(self) -> Path:
        return self.root / "_site"

    def write(self, files: dict[str, str | bytes]) -> None:
        write_files(self.root, files)
        self.changed |= set(files)

    def snapshot(self) -> None:
        """Called right before the command: what must be the same after it."""
        self.before_out = tree_hashes(self.out)
        self.before_sibling = tree_hashes(self.sibling)
        self.before_site = tree_hashes(self.root, skip=("_site", ".handbill-cache"))
        self.before_parent = sorted(os.listdir(self.parent))

    def run(self, *args: str | Path) -> Outcome:
        """`build.py ARGS` in this process, with --root added; snapshots first."""
        from handbill.cli import main

        assert self.capsys is not None
        self.snapshot()
        self.capsys.readouterr()
        code = main([str(a) for a in (*args, "--root", self.root)])
        out, err = self.capsys.readouterr()
        return Outcome(code, out, err)

    def run_process(self, *args: str | Path, timeout: float = 60, stdin: int | None = None) -> Outcome:
        """`python build.py ARGS --root ROOT` in a real process."""
        self.snapshot()
        result = subprocess.run(
            [sys.executable, str(PROJECT / "build.py"), *map(str, args), "--root", str(self.root)],
            capture_output=True,
            text=True,
            errors="replace",
            cwd=PROJECT,
            timeout=timeout,
            env={**os.environ, "PYTHONPATH": str(PROJECT)},
        )
        return Outcome(result.returncode, result.stdout, result.stderr)

    def assert_untouched(self) -> None:
        """The previous output byte for byte; nothing outside the site and its output changed."""
        assert tree_hashes(self.out) == self.before_out, "the previous output changed"
        assert tree_hashes(self.sibling) == self.before_sibling, "a folder beside the site changed"
        assert sorted(os.listdir(self.parent)) == self.before_parent, "the site's parent folder changed"
        after_site = tree_hashes(self.root, skip=("_site", ".handbill-cache"))
        assert after_site == self.before_site, "the site's own files changed"

    def expect(self, outcome: Outcome, code: int, lines: list[str]) -> None:
        """Exact exit code, exact problem lines (stderr), previous output and surroundings intact."""
        assert (outcome.code, outcome.lines) == (code, lines), outcome.err
        self.assert_untouched()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base site, built once: its `_site/` is the previous output every case must keep."""
    root = tmp_path_factory.mktemp("contract-base") / "site"
    root.mkdir()
    (root / "site.yaml").write_text(MINIMAL_SITE_YAML, encoding="utf-8")
    write_files(root, BASE_FILES)
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def case(built_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Case]:
    parent = tmp_path / "work"
    parent.mkdir()
    root = parent / "site"
    # Not the cache's trash: the base build's background deleter may still be emptying it.
    shutil.copytree(built_site, root, symlinks=True, ignore=shutil.ignore_patterns("trash"))
    sibling = parent / "sibling"
    write_files(sibling, {"keep.txt": "not part of any site\n", "nested/data.md": "---\ntitle: x\n---\n"})
    yield Case(root, sibling, parent, capsys=capsys)


Run = Callable[..., Outcome]
