"""The command line leaves with os._exit after main() (cli.entry): no teardown of the build's objects.
What a real process prints, exits with and writes must stay what main() gives in-process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.cli import main
from tests.conftest import PROJECT, run_cli, session_md, tree_bytes

BROKEN = "---\ntitle: Tanpa waktu\nstart: jam sembilan\n---\n"


def test_a_real_process_exits_and_reports_as_main_does(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PYTHONUNBUFFERED", raising=False)  # as on a user's machine: stdout to a pipe is buffered
    root = make_site({"content/sessions/a.md": BROKEN, "content/sessions/b.md": BROKEN})
    args = ("check", "--root", str(root), "--format", "json", "--messages", "en")
    code, out, err = build_cli(*args)
    proc = run_cli(*args)
    assert code == 1 and (proc.returncode, proc.stdout, proc.stderr) == (code, out, err)
    assert len(json.loads(proc.stdout)) >= 2  # the whole report, flushed before the exit


def test_python_m_handbill_and_version() -> None:
    from handbill import __version__

    proc = subprocess.run(
        [sys.executable, "-m", "handbill", "--version"], capture_output=True, text=True, cwd=PROJECT, timeout=60
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"handbill {__version__}\n", "")


def test_the_output_a_real_process_leaves_is_the_in_process_builds(
    make_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDBILL_CACHE", "0")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765411200")
    root = make_site({"content/sessions/pembukaan.md": session_md()})
    assert main(["build", "--root", str(root), "--out", str(tmp_path / "a")]) == 0
    proc = run_cli("build", "--root", root, "--out", tmp_path / "b")
    assert proc.returncode == 0, proc.stderr
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")


def test_a_reader_that_went_away_is_one_line_and_exit_2(make_site: Callable[..., Path]) -> None:
    """`check --format json | true`: the report is still buffered when main() returns, so the flush at
    the exit is the one that fails.  Python's own exit said "Exception ignored … BrokenPipeError" and
    exited 120; entry() says it as main() does: one line, exit 2."""
    root = make_site({"content/sessions/a.md": BROKEN})
    read, write = os.pipe()
    os.close(read)  # no reader: the first write to stdout fails
    try:
        proc = subprocess.run(
            [sys.executable, str(PROJECT / "build.py"), "check", "--root", str(root), "--format", "json"],
            stdout=write,
            stderr=subprocess.PIPE,
            env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},  # buffered, as for a user
            text=True,
            cwd=PROJECT,
            timeout=60,
        )
    finally:
        os.close(write)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
