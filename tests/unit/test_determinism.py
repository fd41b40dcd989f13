"""Contract group 12: two builds of the same input are byte-identical whatever the hash seed, TZ,
locale or directory order (the issue's acceptance test, on the default site)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import PROJECT, run_cli, tree_bytes

ENV_A = {"TZ": "UTC", "PYTHONHASHSEED": "1", "LC_ALL": "C", "LANG": "C", "SOURCE_DATE_EPOCH": "1765411200"}
ENV_B = {
    "TZ": "America/Los_Angeles",
    "PYTHONHASHSEED": "987",
    "LC_ALL": "C.UTF-8",
    "LANG": "C.UTF-8",
    "SOURCE_DATE_EPOCH": "1765411200",
}
NO_CACHE = {"HANDBILL_CACHE": "0"}


def _site_copy(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(PROJECT / "site.yaml", site / "site.yaml")
    shutil.copytree(PROJECT / "content", site / "content")
    return site


def _same_trees(a_dir: Path, b_dir: Path) -> None:
    a, b = tree_bytes(a_dir), tree_bytes(b_dir)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert len(a) > 20


def test_default_site_builds_byte_identical_under_different_environments(tmp_path: Path) -> None:
    """Every cache off, so that neither build can copy anything of the other's."""
    site = _site_copy(tmp_path)
    out_a, out_b = tmp_path / "a", tmp_path / "b"
    ra = run_cli("build", "--root", site, "--out", out_a, env={**ENV_A, **NO_CACHE})
    rb = run_cli("build", "--root", site, "--out", out_b, env={**ENV_B, **NO_CACHE})
    assert ra.returncode == 0, ra.stderr
    assert rb.returncode == 0, rb.stderr
    assert not (site / ".handbill-cache").exists()
    _same_trees(out_a, out_b)


def test_a_warm_cache_from_another_environment_changes_nothing(tmp_path: Path) -> None:
    """Build A fills the cache (share images, calendars, front matter, pages); build B, in another
    environment, reuses it — into the same output folder and into a new one — and both equal a clean
    build with every cache off."""
    site = _site_copy(tmp_path)
    clean, warm, again = tmp_path / "clean", tmp_path / "warm", tmp_path / "again"
    assert run_cli("build", "--root", site, "--out", clean, env={**ENV_B, **NO_CACHE}).returncode == 0
    ra = run_cli("build", "--root", site, "--out", warm, env=ENV_A)
    assert ra.returncode == 0, ra.stderr
    assert any((site / ".handbill-cache").iterdir())
    rb = run_cli("build", "--root", site, "--out", warm, env={**ENV_B, "HANDBILL_MEMO": "0"})
    rc = run_cli("build", "--root", site, "--out", again, env=ENV_B)
    assert rb.returncode == 0 and rc.returncode == 0, rb.stderr + rc.stderr
    _same_trees(clean, warm)
    _same_trees(clean, again)


def test_directory_order_does_not_matter(tmp_path: Path) -> None:
    """Copy the content in reverse file order: the output is the same."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(PROJECT / "site.yaml", site / "site.yaml")
    for kind in sorted((PROJECT / "content").iterdir(), reverse=True):
        if not kind.is_dir():
            continue
        (site / "content" / kind.name).mkdir(parents=True)
        for f in sorted(kind.iterdir(), reverse=True):
            shutil.copy(f, site / "content" / kind.name / f.name)
    env = {"SOURCE_DATE_EPOCH": "1765411200"}
    r1 = run_cli("build", "--out", tmp_path / "one", env=env)
    r2 = run_cli("build", "--root", site, "--out", tmp_path / "two", env=env)
    assert r1.returncode == 0 and r2.returncode == 0, r1.stderr + r2.stderr
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")
