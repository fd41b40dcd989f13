"""Shared fixtures: throwaway sites built from a dict of files (MkDocs' tests/base.py idea)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests import readwatch

pytest_plugins = ["pytester"]

PROJECT = Path(__file__).resolve().parent.parent

# A suite started in the background (`pytest &` in a script, as a CI runner may) inherits SIGINT
# ignored and passes that on to every build it starts, where Python then never raises
# KeyboardInterrupt: the Ctrl-C tests (exit 130) would test the launcher, not the build.  A terminal
# never starts a build that way, so the suite puts Ctrl-C back for the processes it starts.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    except ValueError:  # not the main thread: leave it
        pass

MINIMAL_SITE_YAML = """\
title: {id: Acara Uji, en: Test Event}
base_url: /
languages: [id, en]
event:
  name: Acara Uji
  start: 2025-12-11
  end: 2025-12-12
  timezone: Asia/Jakarta
  timezone_label: WIB
  venue:
    name: Gedung Uji
rooms:
  - {id: ballroom, name: {id: Ballroom, en: Ballroom}}
  - {id: studio, name: {id: Studio, en: Studio}}
tracks:
  - {id: kebijakan, name: {id: Kebijakan, en: Policy}, color: "#8a3b12"}
subsectors:
  - {id: kriya, name: {id: Kriya, en: Crafts}}
navigation:
  - section: agenda
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files from current output")
    parser.addoption(
        "--all-pages",
        action="store_true",
        help="browser checks (axe, policy, requests) on every page of the default site, not one of each kind "
        "(also HANDBILL_E2E_ALL_PAGES=1; the deploy workflow sets it)",
    )


# The repository stands alone (tests/readwatch.py; tests/unit/test_self_contained.py is the static half).
readwatch.install(PROJECT)


@pytest.fixture(autouse=True)
def _reads_stay_in_the_repository() -> Iterator[None]:
    readwatch.OUTSIDE.clear()
    yield
    if readwatch.OUTSIDE:
        found = sorted(set(readwatch.OUTSIDE))
        readwatch.OUTSIDE.clear()
        pytest.fail(
            "read outside the repository (a user's clone has nothing beside it; copy what is needed into the "
            "repository):\n" + "\n".join(found[:10]),
            pytrace=False,
        )


#: Fewer test files than this run in one process: starting workers would cost more than it saves.
PARALLEL_FROM = 8


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """The `-n auto` of pyproject.toml (pytest-xdist, whole files per worker): one worker per core for
    the whole suite, none for a run that names a few files (`python -m pytest tests/unit/test_x.py`)."""
    files = 0
    for arg in config.args:
        path = Path(config.invocation_params.dir, arg.split("::")[0])
        files += sum(1 for _ in path.rglob("test_*.py")) if path.is_dir() else 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores if files >= PARALLEL_FROM and cores > 1 else 0


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """make_site({'content/speakers/a.md': '---\\nname: A\\n---\\n'}) → a site folder with site.yaml."""

    def make(files: dict[str, str | bytes] | None = None, site_yaml: str | None = None, name: str = "site") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        (root / "site.yaml").write_text(site_yaml if site_yaml is not None else MINIMAL_SITE_YAML, encoding="utf-8")
        (root / "content").mkdir(exist_ok=True)
        write_files(root, files or {})
        return root

    return make


def run_cli(
    *args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `python build.py ARGS` in a real process (exit codes, signals, no shared state)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), *map(str, args)],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or PROJECT,
        timeout=timeout,
    )


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path → bytes), to compare whole output trees."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def preview_from_scratch(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """What the preview's folder must hold: a from-scratch build (no cache, drafts) of a copy of `root`."""
    from handbill.pipeline import Options, build

    copy = tmp_path / "scratch"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("_preview", ".handbill-cache"))
    assert build(copy, Options(out=copy / "_out", cache=False, drafts=True)).ok
    return tree_bytes(copy / "_out")


@pytest.fixture
def build_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the CLI in this process (fast): returns (exit code, stdout, stderr)."""
    from handbill.cli import main

    def run(*args: str | Path) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def session_md(
    slug: str = "pembukaan",
    start: str = "2025-12-11 09:00",
    end: str = "2025-12-11 10:00",
    room: str = "ballroom",
    extra: str = "",
    body: str = "Isi sesi.",
) -> str:
    """A valid session file, with `extra` front-matter lines appended."""
    return f"---\ntitle: Sesi {slug}\nstart: {start}\nend: {end}\nroom: {room}\n{extra}---\n{body}\n"


# --- issue 13: editor messages ---------------------------------------------------------------------
# Problem messages follow the site's default language (Indonesian here); the existing expectations
# are English, so every test reads English unless it asks otherwise (tests/unit/test_messages.py
# sets HANDBILL_MESSAGES=id or passes --messages id).  Set at import so subprocesses inherit it.
os.environ.setdefault("HANDBILL_MESSAGES", "en")
