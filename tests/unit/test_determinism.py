"""Contract group 12: two builds of the same input are byte-identical whatever the hash seed, TZ,
locale or directory order (the issue's acceptance test, on the default site)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import PROJECT, run_cli, tree_bytes


def test_default_site_builds_byte_identical_under_different_environments(tmp_path: Path) -> None:
    out_a, out_b = tmp_path / "a", tmp_path / "b"
    env_a = {"TZ": "UTC", "PYTHONHASHSEED": "1", "LC_ALL": "C", "LANG": "C", "SOURCE_DATE_EPOCH": "1765411200"}
    env_b = {
        "TZ": "America/Los_Angeles",
        "PYTHONHASHSEED": "987",
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
        "SOURCE_DATE_EPOCH": "1765411200",
    }
    ra = run_cli("build", "--out", out_a, env=env_a)
    rb = run_cli("build", "--out", out_b, env=env_b)
    assert ra.returncode == 0, ra.stderr
    assert rb.returncode == 0, rb.stderr
    a, b = tree_bytes(out_a), tree_bytes(out_b)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []
    assert len(a) > 20


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
