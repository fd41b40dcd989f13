"""Issue #11, item 3: kill -9 at every step of the output swap leaves the previous output or the new
one; the next build recovers it (and says so), never deletes the only good copy, and says "the
previous output is unchanged" only when there is one.  The kill is injected deterministically:
HANDBILL_TEST_KILL_AT_SWAP=N makes write.write_site SIGKILL its own process at step N."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.conftest import run_cli, tree_bytes
from tests.incremental.harness import make_fixture

STEPS = [1, 2, 3, 4]  # before the first rename, between the two, after the second, after the discard


def _edit(root: Path, title: str) -> None:
    (root / "content/pages/tentang.md").write_text(f"---\ntitle: {title}\nmenu: 1\n---\nIsi.\n", "utf-8")


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("cache", ["1", "0"])
def test_kill_at_every_step_of_the_swap_then_the_next_build_recovers(tmp_path: Path, step: int, cache: str) -> None:
    root = tmp_path / "site"
    make_fixture(root)
    out = root / "_site"
    env = {"HANDBILL_CACHE": cache}
    assert run_cli("build", "--root", root, env=env).returncode == 0
    old = tree_bytes(out)
    _edit(root, "Tentang Baru")
    killed = run_cli("build", "--root", root, env={**env, "HANDBILL_TEST_KILL_AT_SWAP": str(step)})
    assert killed.returncode == -signal.SIGKILL
    siblings = sorted(p.name for p in tmp_path.iterdir() if p.name != "site") + sorted(
        p.name for p in root.iterdir() if p.name.startswith("._site")
    )
    # Either output is whole at the path, or a whole one lies beside it for the next build.
    if out.is_dir():
        assert (out / ".handbill-output").is_file()
    else:
        assert step == 2, siblings
    # A failing build next: the output is back (or never left), and the message is true.
    (root / "content/pages/rusak.md").write_text("---\ntitle: [\n---\n", "utf-8")
    failed = run_cli("build", "--root", root, env=env)
    assert failed.returncode == 1
    assert out.is_dir() and (out / ".handbill-output").is_file()
    recovered = tree_bytes(out)
    assert recovered in (old, _new_tree(tmp_path, root))
    if step == 2:
        assert "output of an interrupted build recovered" in failed.stderr
    assert "the previous output is unchanged" in failed.stderr
    # A good build then: exactly a clean build's output, no leftovers beside it.
    (root / "content/pages/rusak.md").unlink()
    good = run_cli("build", "--root", root, env=env)
    assert good.returncode == 0, good.stderr
    assert tree_bytes(out) == _new_tree(tmp_path, root)
    assert [p.name for p in root.iterdir() if p.name.startswith("._site")] == []


def _new_tree(tmp_path: Path, root: Path) -> dict[str, bytes]:
    import shutil

    copy, out = tmp_path / "clean-copy", tmp_path / "clean-out"
    if not out.exists():
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".handbill-cache", "_site", "._site*", "rusak.md"))
        assert run_cli("build", "--root", copy, "--out", out, env={"HANDBILL_CACHE": "0"}).returncode == 0
    return tree_bytes(out)


def test_without_any_output_a_failing_build_does_not_claim_one(tmp_path: Path) -> None:
    root = tmp_path / "site"
    make_fixture(root)
    (root / "content/pages/rusak.md").write_text("---\ntitle: [\n---\n", "utf-8")
    r = run_cli("build", "--root", root)
    assert r.returncode == 1
    assert "the previous output is unchanged" not in r.stderr
    assert not (root / "_site").exists()
