"""Contract: the previous output is untouched on every failure; writes never leave the output folder;
output folders that this tool did not create are refused (groups 7, 8 and 'what every failing build does')."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.problems import ConfigError
from handbill.write import MARKER, Artifact, WriteError, check_output_dir, clean_stale, safe_join, write_site
from tests.conftest import PROJECT, run_cli, session_md, tree_bytes


def test_write_is_a_swap_and_replaces_previous(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    write_site(out, [Artifact("a/index.html", b"one"), Artifact("old.txt", b"x")], [])
    write_site(out, [Artifact("a/index.html", b"two")], [])
    assert tree_bytes(out) == {"a/index.html": b"two", MARKER: (out / MARKER).read_bytes()}
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]  # no temporary folders left


@pytest.mark.parametrize("bad", ["../evil.html", "/etc/passwd", "a/../../x", "a\\..\\x", "", "a/\x00", ".", "./"])
def test_unsafe_paths_are_refused_and_previous_output_kept(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "_site"
    write_site(out, [Artifact("index.html", b"good")], [])
    before = tree_bytes(out)
    with pytest.raises(WriteError):
        write_site(out, [Artifact("index.html", b"new"), Artifact(bad, b"evil")], [])
    assert tree_bytes(out) == before
    assert not (tmp_path / "evil.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


def test_same_path_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="written twice"):
        write_site(tmp_path / "_site", [Artifact("a.html", b"1"), Artifact("A.html", b"2")], [])


def test_safe_join_refuses_symlink_escape(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    (base / "link").symlink_to(tmp_path)
    with pytest.raises(WriteError):
        safe_join(base, "link/escape.html")


@pytest.mark.parametrize("target", [".", "content", "content/pages", "templates", ".."])
def test_dangerous_output_folders_are_refused(tmp_path: Path, target: str) -> None:
    root = tmp_path / "site"
    (root / "content/pages").mkdir(parents=True)
    (root / "templates").mkdir()
    with pytest.raises(ConfigError):
        check_output_dir(root, root / target)


def test_foreign_non_empty_folder_is_refused_before_anything_is_deleted(make_site: Callable[..., Path]) -> None:
    root = make_site({"content/sessions/a.md": session_md("a")})
    foreign = root / "mine"
    foreign.mkdir()
    (foreign / "thesis.docx").write_bytes(b"precious")
    result = run_cli("build", "--root", root, "--out", foreign)
    assert result.returncode == 2
    assert "refusing to use" in result.stderr and "not empty and was not made by this tool" in result.stderr
    assert (foreign / "thesis.docx").read_bytes() == b"precious"
    assert "Traceback" not in result.stderr


def test_stale_temporary_folders_are_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    stale = tmp_path / "._site.handbill-tmp-999999999"
    stale.mkdir()
    (stale / "half.html").write_text("half")
    clean_stale(out)
    assert not stale.exists()


def test_failing_build_leaves_previous_output_byte_identical(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site({"content/sessions/a.md": session_md("a")})
    assert build_cli("build", "--root", root)[0] == 0
    before = tree_bytes(root / "_site")
    (root / "content/sessions/a.md").write_text(session_md("a", room="nowhere"))
    code, _out, err = build_cli("build", "--root", root)
    assert code == 1
    assert "the previous output is unchanged" in err
    assert tree_bytes(root / "_site") == before
    assert sorted(p.name for p in root.iterdir() if p.name != ".handbill-cache") == ["_site", "content", "site.yaml"]


def test_ten_mistakes_ten_lines_one_run(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    """The issue's acceptance test: ten different mistakes, ten error lines, exit 1, _site untouched."""
    root = make_site({"content/sessions/ok.md": session_md("ok")})
    assert build_cli("build", "--root", root)[0] == 0
    before = tree_bytes(root / "_site")
    mistakes = {
        "content/pages/no-front.md": "just text\n",  # 1 no front matter
        "content/pages/unclosed.md": "---\ntitle: x\n",  # 2 unclosed
        "content/pages/Upper.md": "---\ntitle: x\n---\n",  # 3 bad slug
        "content/pages/python.md": "---\ntitle: !!python/object/apply:os.system [ls]\n---\n",  # 4 code in YAML
        "content/pages/dup.md": "---\ntitle: a\ntitle: b\n---\n",  # 5 duplicate key
        "content/booths/b.md": "---\nname: B\nnumber: 017\n---\n",  # 6 YAML 1.1 octal
        "content/sessions/ref.md": session_md(
            "ref", start="2025-12-12 09:00", end="2025-12-12 10:00", extra="speakers: [nobody]\n"
        ),  # 7 unknown speaker
        "content/sessions/late.md": session_md("late", start="2025-12-20 09:00", end="2025-12-20 10:00"),  # 8 outside
        "content/sessions/back.md": session_md("back", start="2025-12-12 15:00", end="2025-12-12 14:00"),  # 9
        "content/pages/link.md": "---\ntitle: L\n---\nSee [x](../cities/nowhere.md).\n",  # 10 broken link
    }
    for rel, text in mistakes.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    code, _out, err = build_cli("build", "--root", root)
    lines = err.splitlines()
    assert code == 1
    assert lines[-2] == "10 errors in 10 files", err
    assert len([line for line in lines if ": error: " in line]) == 10
    assert tree_bytes(root / "_site") == before


def _signal_during_write(root: Path, sig: int) -> subprocess.CompletedProcess[str]:
    """Start a build and send `sig` as soon as its temporary folder appears (i.e. while it writes)."""
    for _attempt in range(5):
        proc = subprocess.Popen(
            [sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if any(".handbill-tmp-" in p.name for p in root.iterdir()):
                proc.send_signal(sig)
                break
            time.sleep(0.0005)
        out, err = proc.communicate(timeout=60)
        if proc.returncode != 0:
            return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    pytest.fail("every build finished before the signal could be sent; make the site bigger")


def big_site(make_site: Callable[..., Path]) -> Path:
    return make_site({f"content/pages/p{i}.md": f"---\ntitle: Page {i}\n---\n" + "Text. " * 500 for i in range(1500)})


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_during_write_keeps_previous_output(make_site: Callable[..., Path], sig: int, code: int) -> None:
    """Ctrl-C or SIGTERM while writing: exit 130/143, no traceback, temporary folder gone, old output intact."""
    root = big_site(make_site)
    assert run_cli("build", "--root", root).returncode == 0
    before = tree_bytes(root / "_site")
    for n in range(200):
        (root / f"content/pages/p{n}.md").write_text(f"---\ntitle: Changed {n}\n---\nNew.\n")
    result = _signal_during_write(root, sig)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert tree_bytes(root / "_site") == before
    assert sorted(p.name for p in root.iterdir() if p.name != ".handbill-cache") == ["_site", "content", "site.yaml"]


def test_unwritable_parent_is_a_clear_error(make_site: Callable[..., Path], tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root ignores permissions; use a path under a file instead, which fails for everyone
        blocker = tmp_path / "file"
        blocker.write_text("x")
        out = blocker / "_site"
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        out = locked / "_site"
    root = make_site({"content/sessions/a.md": session_md("a")})
    result = run_cli("build", "--root", root, "--out", out)
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
