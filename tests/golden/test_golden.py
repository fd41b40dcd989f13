"""Golden tests: each folder here is a site (`site/`) and what building it must give — the whole
output tree (`expected/`) for a passing site, or the whole error report and exit code
(`expected.txt`) for a failing one.  `python -m pytest --update-golden` rewrites them; a reviewer
reads the diff as the behaviour change.  The environment is pinned (TZ, locale, SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli, tree_bytes

HERE = Path(__file__).parent
CASES = sorted(p.name for p in HERE.iterdir() if (p / "site").is_dir())
# HANDBILL_SEARCH=0: Pagefind's bundle (a pinned third-party program's WebAssembly and index files) is
# not part of the golden trees; tests/e2e/test_visitor_search.py and tests/unit/test_search.py cover it.
ENV = {
    "TZ": "UTC",
    "LC_ALL": "C.UTF-8",
    "LANG": "C.UTF-8",
    "PYTHONHASHSEED": "0",
    "SOURCE_DATE_EPOCH": "1765411200",
    "HANDBILL_SEARCH": "0",
}


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, tmp_path: Path, update_golden: bool) -> None:
    folder = HERE / case
    site = tmp_path / "site"
    shutil.copytree(folder / "site", site)
    out = tmp_path / "out"
    base_url = (folder / "base_url.txt").read_text().strip() if (folder / "base_url.txt").exists() else None
    args = ["build", "--root", site, "--out", out, "--strict"] + (["--base-url", base_url] if base_url else [])
    if (folder / "messages.txt").exists():  # the language of the report (issue 13); else the suite's English
        args += ["--messages", (folder / "messages.txt").read_text().strip()]
    result = run_cli(*args, env=ENV)
    report = f"exit {result.returncode}\n{result.stderr}"
    expected_tree = folder / "expected"
    expected_report = folder / "expected.txt"
    if update_golden:
        shutil.rmtree(expected_tree, ignore_errors=True)
        expected_report.unlink(missing_ok=True)
        if result.returncode == 0:
            shutil.copytree(out, expected_tree)
        else:
            expected_report.write_text(report)
        return
    if expected_report.exists():
        assert report == expected_report.read_text()
        return
    assert result.returncode == 0, result.stderr
    actual, expected = tree_bytes(out), tree_bytes(expected_tree)
    added, missing = sorted(set(actual) - set(expected)), sorted(set(expected) - set(actual))
    assert not added and not missing, f"files added {added}, missing {missing}: run pytest --update-golden and review"
    changed = [name for name in sorted(expected) if actual[name] != expected[name]]
    assert changed == [], (
        f"changed files: {changed}; run pytest --update-golden and review the diff\n"
        + first_difference(changed[0], expected[changed[0]], actual[changed[0]])
        if changed
        else ""
    )


def first_difference(name: str, expected: bytes, actual: bytes, lines: int = 30) -> str:
    """A short unified diff of one changed file (text), so a failure shows what changed without a rerun."""
    try:
        old, new = expected.decode("utf-8").splitlines(), actual.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return f"{name}: binary, {len(expected)} → {len(actual)} bytes"
    diff = list(difflib.unified_diff(old, new, f"expected/{name}", f"built/{name}", n=1, lineterm=""))
    return "\n".join(diff[:lines]) + ("\n…" if len(diff) > lines else "")
