"""Content files parsed in worker processes (a clean build of a large site, load._parse_all) give
exactly what parsing them one by one here gives: the sources, the problems in the same order, the
entries refused (`broken`) and what the front-matter cache learns and saves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handbill.incremental.yamlcache import YamlCache
from handbill.load import MIN_PARALLEL_PARSE, load_content
from handbill.problems import Problems


def _site(root: Path) -> None:
    sessions = root / "content" / "sessions"
    speakers = root / "content" / "speakers"
    sessions.mkdir(parents=True)
    speakers.mkdir(parents=True)
    for i in range(MIN_PARALLEL_PARSE + 60):
        name = f"sesi-{i:04d}"
        title = f'"Sesi {i}: Kota Kreatif"'
        (sessions / f"{name}.md").write_text(f"---\ntitle: {title}\nstart: 2025-12-11 09:00\n---\nIsi {i}.\n")
        if i % 7 == 0:
            (sessions / f"{name}.en.md").write_text(f"---\ntitle: Session {i}\n---\nBody {i}.\n")
        if i % 50 == 3:  # broken YAML: an error at its line, the entry refused; a refused name just before it
            (sessions / f"{name}.md").write_text("---\ntitle: [unclosed\n---\nIsi.\n")
            (sessions / f"{name}-en.md").write_text("---\ntitle: x\n---\n")
        if i % 50 == 11:  # no front matter
            (sessions / f"{name}.md").write_text("Hanya teks.\n")
        if i % 50 == 17:  # a name the loader refuses before parsing: its problem sits between files
            (sessions / f"{name}-en.md").write_text("---\ntitle: x\n---\n")
        if i % 50 == 23:  # a language not in the site
            (sessions / f"{name}.fr.md").write_text("---\ntitle: x\n---\n")
        if i % 90 == 5:
            (speakers / f"orang-{i}.md").write_text(f'---\nname: Orang {i}\nrole: "\\x1b[31m"\n---\n')
    (speakers / "Bad Name.md").write_text("---\nname: x\n---\n")


def _load(root: Path, cache_file: Path | None) -> tuple[list[object], list[object], set[tuple[str, str]], object]:
    problems = Problems()
    broken: set[tuple[str, str]] = set()
    cache = YamlCache(cache_file) if cache_file is not None else None
    sources = load_content(root, ("id", "en"), problems, broken, cache)
    saved = None
    if cache is not None and cache_file is not None:
        learned = (dict(cache.used), cache.misses)
        cache.save()
        saved = (learned, json.loads(cache_file.read_text()))
    flat = [(s.kind, s.slug, s.lang, s.rel, s.data, s.positions, s.body, s.body_line, s.text) for s in sources]
    return flat, list(problems.items), broken, saved


@pytest.mark.parametrize("with_cache", [False, True])
def test_parsing_in_workers_gives_what_parsing_here_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_cache: bool
) -> None:
    root = tmp_path / "site"
    _site(root)
    results = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("HANDBILL_JOBS", jobs)
        cache_file = tmp_path / f"site-{jobs}" / ".handbill-cache" / "frontmatter.json" if with_cache else None
        results.append(_load(root, cache_file))
    here, workers = results
    assert len(here[0]) > MIN_PARALLEL_PARSE  # enough files that the workers were used
    assert any(p.code == "yaml" for p in here[1]) and any(p.code == "translation-name" for p in here[1])
    assert workers[0] == here[0]
    assert workers[1] == here[1]  # the same problems in the same order, not only the same set
    # ... and that order is a file-by-file loop's: each file's problems where the file is (a language
    # left out of site.yaml is one line for all its files, at the end)
    files = [p.file for p in here[1] if p.code != "unknown-language"]
    assert files == sorted(files)
    assert workers[2] == here[2]
    assert workers[3] == here[3]
    if with_cache:
        assert here[3] is not None and len(here[3][1]["entries"]) > MIN_PARALLEL_PARSE  # what was learned was saved


def test_workers_really_ran(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above means something only if the second load did not run here."""
    root = tmp_path / "site"
    _site(root)
    monkeypatch.setenv("HANDBILL_JOBS", "2")
    seen: list[int] = []
    import handbill.parallel as parallel  # load.py imports it where it is used

    original = parallel.ordered_map

    def spy(fn, chunks, processes):  # type: ignore[no-untyped-def]
        seen.append(processes)
        return original(fn, chunks, processes)

    monkeypatch.setattr(parallel, "ordered_map", spy)
    load_content(root, ("id", "en"), Problems(), set(), None)
    assert seen == [2]
