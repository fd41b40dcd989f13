"""Issue #10's property, tested as a property: after any sequence of edits, the rebuild (caches and
memo on, same output folder) equals a build from scratch — tree, exit status, report — and so does
the preview's rebuild.  harness.py has the edits.

A short run is part of the suite; the long one: HANDBILL_DIFF_STEPS=5000 (spread over seeds of
HANDBILL_DIFF_SEEDS, default 20).  A seed that once diverged stays in REGRESSIONS."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.incremental.harness import Editor, _Skip, empty_content, make_fixture, run_sequence

#: Seeds (with their step counts) of divergences found and fixed: each must stay exact.
#: (2, 2): the issue's own bug (a translation added after its original left pages stale), found on the
#: code before the fix at its second step.
#: Seed 3018 deleted every content file by its 100th step and the harness itself failed there: that
#: state is now the start of test_an_emptied_site_rebuilds_exactly (100 steps to reach it took 2 minutes).
REGRESSIONS: list[tuple[int, int]] = [(2, 3)]

SHORT_SEEDS = [1, 2, 3]
SHORT_STEPS = 10


@pytest.mark.parametrize("seed", SHORT_SEEDS)
def test_random_edit_sequences_rebuild_exactly(tmp_path: Path, seed: int) -> None:
    run_sequence(tmp_path, seed, SHORT_STEPS)


def test_random_edits_rebuild_exactly_with_a_sharded_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Search in shards of 6 pages (a large site's, formats/search.py): shards kept in the cache and
    indexed again only when their pages change still give what a clean build gives."""
    monkeypatch.setenv("HANDBILL_SEARCH_SHARD", "6")
    run_sequence(tmp_path, 4, SHORT_STEPS, preview=False)


@pytest.mark.parametrize(("seed", "steps"), REGRESSIONS)
def test_divergences_found_before_stay_fixed(tmp_path: Path, seed: int, steps: int) -> None:
    run_sequence(tmp_path, seed, steps)


def test_every_edit_applies_or_is_skipped_on_an_emptied_site(tmp_path: Path) -> None:
    root = tmp_path / "site"
    make_fixture(root)
    empty_content(root)
    editor = Editor(root, random.Random(3018))
    applied = []
    for name, edit, _weight in editor.edits():
        try:
            if edit() is not None:
                applied.append(name)
        except _Skip:
            pass
    assert "add_entry" in applied and "edit_front" not in applied, applied


def test_an_emptied_site_rebuilds_exactly(tmp_path: Path) -> None:
    run_sequence(tmp_path, 3018, 8, start=empty_content)


@pytest.mark.skipif(not os.environ.get("HANDBILL_DIFF_STEPS"), reason="long run: HANDBILL_DIFF_STEPS=5000")
@pytest.mark.timeout(0)
def test_long_run(tmp_path: Path) -> None:
    total = int(os.environ["HANDBILL_DIFF_STEPS"])
    seeds = int(os.environ.get("HANDBILL_DIFF_SEEDS", "20"))
    first = int(os.environ.get("HANDBILL_DIFF_SEED", str(random.SystemRandom().randrange(10**6))))
    print(f"long run: {total} steps over seeds {first}..{first + seeds - 1}")
    for i in range(seeds):
        # Every third seed renders in worker processes (HANDBILL_JOBS=2), as large sites do; another
        # third splits the search index into shards of 6 pages, as large sites' is.
        if i % 3 == 2:
            os.environ["HANDBILL_JOBS"] = "2"
        if i % 3 == 1:
            os.environ["HANDBILL_SEARCH_SHARD"] = "6"
        try:
            run_sequence(tmp_path / str(i), first + i, max(1, total // seeds), preview=i % 2 == 0)
        finally:
            os.environ.pop("HANDBILL_JOBS", None)
            os.environ.pop("HANDBILL_SEARCH_SHARD", None)
