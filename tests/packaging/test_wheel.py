"""The wheel, installed in a fresh virtual environment, makes and serves a site with no file of this
repository: `handbill init`, `build`, `check`, `serve` (one HTTP request) and `python -m handbill`.

Slow (a wheel build and a `pip install` of every dependency from PyPI, about a minute and a half):
it runs only with HANDBILL_WHEEL_TEST=1.  It prints each step's time.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import PROJECT

pytestmark = pytest.mark.skipif(
    os.environ.get("HANDBILL_WHEEL_TEST") != "1",
    reason="slow: set HANDBILL_WHEEL_TEST=1 to build and install the wheel",
)


def run(*args: str | Path, cwd: Path, env: dict[str, str], timeout: float = 900) -> str:
    started = time.perf_counter()
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    shown = " ".join(str(a) for a in args)
    print(f"[{time.perf_counter() - started:6.1f} s] {shown}", file=sys.stderr)
    assert proc.returncode == 0, f"{shown} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout + proc.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_wheel_works_in_a_fresh_venv(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    # Build from a copy of what the wheel is made of, so that the build leaves nothing in the repository.
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy2(PROJECT / "pyproject.toml", source)
    for folder in ("handbill", "templates", "assets"):
        shutil.copytree(PROJECT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", source, cwd=tmp_path, env=env)
    wheel = next((tmp_path / "dist").glob("handbill-*.whl"))
    run(sys.executable, "-m", "venv", tmp_path / "venv", cwd=tmp_path, env=env)
    bin_dir = tmp_path / "venv" / "bin"
    run(bin_dir / "python", "-m", "pip", "install", "-q", wheel, cwd=tmp_path, env=env)
    work = tmp_path / "work"
    work.mkdir()
    where = run(
        bin_dir / "python", "-c", "import handbill; print(handbill.__file__, handbill.THEME_DIR)", cwd=work, env=env
    )
    package, theme = where.split()
    assert str(tmp_path / "venv") in package and theme.endswith("site-packages/handbill/theme"), where
    handbill = bin_dir / "handbill"
    run(handbill, "init", "mysite", "--start", "2026-03-10", "--end", "2026-03-11", cwd=work, env=env)
    run(handbill, "build", "--root", "mysite", "--strict", cwd=work, env=env)
    assert (work / "mysite/_site/en/agenda/index.html").is_file()
    assert (work / "mysite/_site/share/site.png").is_file()  # the fonts came with the wheel
    run(handbill, "check", "--root", "mysite", "--strict", cwd=work, env=env)
    assert "usage:" in run(bin_dir / "python", "-m", "handbill", "--help", cwd=work, env=env)
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(handbill), "serve", "--root", "mysite", "--port", str(port)],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        body = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    body = response.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.3)
        assert "<h1" in body and "Mysite" in body, body[:500]
        print(
            f"[{time.perf_counter() - started:6.1f} s] handbill serve --root mysite: GET / answered 200",
            file=sys.stderr,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
