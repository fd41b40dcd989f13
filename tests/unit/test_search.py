"""Search (issue 14, formats/search.py): the Pagefind bundle is part of the output, reproducible byte for
byte, and a build where Pagefind cannot run still succeeds, without search and with a warning."""

from __future__ import annotations

import base64
import gzip
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.unit.test_outputs_site import EPOCH, make_example

ENV = {"SOURCE_DATE_EPOCH": str(EPOCH), "HANDBILL_CACHE": "0"}


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_bundle_is_in_the_output_and_reproducible(tmp_path: Path) -> None:
    root = make_example("search")
    outs = []
    for n in range(2):
        out = tmp_path / f"out{n}"
        result = run_cli("build", "--root", root, "--out", out, "--strict", env=ENV)
        assert result.returncode == 0, result.stdout + result.stderr
        outs.append(tree(out / "pagefind"))
    assert outs[0] == outs[1]
    entry = json.loads(outs[0]["pagefind-entry.json"])
    assert list(entry["languages"]) == sorted(entry["languages"]) == ["en", "id"]
    assert "pagefind.js" in outs[0] and not any(name.startswith("pagefind-ui") for name in outs[0])


@pytest.mark.parametrize("shards", ["", "2"], ids=["one-bundle", "in-shards"])
def test_when_pagefind_fails_the_build_succeeds_and_warns(tmp_path: Path, shards: str) -> None:
    root = make_example(f"no-search{shards}")
    out = tmp_path / "out"
    # a program that fails stands for a broken installation; it fails after writing part of its
    # bundle (into the build's own folder, where Pagefind writes): none of that may be published
    broken = tmp_path / "pagefind"
    script = 'out=""; while [ $# -gt 0 ]; do [ "$1" = --output-path ] && out="$2"; shift; done\n'
    script += 'mkdir -p "$out/fragment" && echo half > "$out/fragment/x.pf_fragment"\n'
    runs = tmp_path / "runs.log"
    script += f'echo run >> "{runs}"\n'
    broken.write_text("#!/bin/sh\n" + script + "echo 'cannot run here' >&2\nexit 3\n")
    broken.chmod(0o755)
    env = {**ENV, "PAGEFIND_BINARY_PATH": str(broken), "HANDBILL_SEARCH_SHARD": shards}
    result = run_cli("build", "--root", root, "--out", out, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "built without search" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert (out / "index.html").is_file() and not (out / "pagefind").exists()
    # one run for one bundle; with shards, one per shard (several at a time), every one failing, one warning
    count = len(runs.read_text().split())
    assert count == 1 if not shards else count > 1, count
    assert (result.stderr + result.stdout).count("built without search") == 1
    strict = run_cli("build", "--root", root, "--out", tmp_path / "strict", "--strict", env=env)
    assert strict.returncode == 1  # --strict: a warning is an error, as for every other warning


def test_switched_off(tmp_path: Path) -> None:
    root = make_example("search-off")
    out = tmp_path / "out"
    result = run_cli("build", "--root", root, "--out", out, "--strict", env={**ENV, "HANDBILL_SEARCH": "0"})
    assert result.returncode == 0 and not (out / "pagefind").exists()


def _logging_pagefind(tmp_path: Path) -> tuple[Path, Path]:
    """The real Pagefind behind a wrapper that logs each run's --site folder: which shards were indexed."""
    from pagefind.service import get_executable

    real = get_executable()
    assert real is not None
    log = tmp_path / "runs.log"
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(f'#!/bin/sh\necho "$2" >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper, log


def _fragments(bundle: Path) -> list[str]:
    """The page address of every fragment of a bundle and of its shards (one per indexed page)."""
    urls = []
    for path in sorted(bundle.rglob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        urls.append(json.loads(data[data.index(b"{") :])["url"])
    return urls


def test_a_large_sites_index_comes_in_shards_and_only_changed_ones_are_indexed_again(tmp_path: Path) -> None:
    shutil.copytree(make_example("shards"), tmp_path / "site")
    root = tmp_path / "site"
    wrapper, log = _logging_pagefind(tmp_path)
    env = {"SOURCE_DATE_EPOCH": str(EPOCH), "HANDBILL_SEARCH_SHARD": "2", "PAGEFIND_BINARY_PATH": str(wrapper)}
    out = tmp_path / "out"
    result = run_cli("build", "--root", root, "--out", out, "--strict", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    shards = json.loads((out / "pagefind/shards.json").read_text())
    assert set(shards) == {"en", "id"} and all(shards.values()), shards
    for paths in shards.values():
        for path in paths:
            assert (out / "pagefind" / path / "pagefind-entry.json").is_file()
            assert not (out / "pagefind" / path / "pagefind.js").exists()  # the main bundle brings the code
    # Every page that offers itself to search is in exactly one shard.
    indexed = sorted(_fragments(out / "pagefind"))
    offered = sorted(
        "/" + p.relative_to(out).as_posix().removesuffix("index.html")
        for p in out.rglob("*.html")
        if "data-pagefind-body" in p.read_text(encoding="utf-8") and p.name != "404.html"
    )
    assert indexed == offered
    assert "data-search-shards hidden" in (out / "index.html").read_text(encoding="utf-8")
    runs = len(log.read_text().splitlines())
    assert runs == 1 + sum(len(paths) for paths in shards.values())

    # One news item edited (its page, and the English page that shows it untranslated): the shards
    # of those pages alone are indexed again, and the output is what a clean build makes.
    def bundles() -> dict[str, dict[str, bytes]]:
        found = {name: tree(out / "pagefind" / name) for name in ["", *sum(shards.values(), [])]}
        found[""] = {rel: data for rel, data in found[""].items() if not rel.startswith("shard/")}
        return found

    before = bundles()
    news = root / "content/news/kabar-pertama.md"
    news.write_text(news.read_text(encoding="utf-8") + "\nKata yang baru: zebracross.\n", encoding="utf-8")
    result = run_cli("build", "--root", root, "--out", out, "--strict", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    after = bundles()
    changed = [name for name in before if before[name] != after[name]]
    assert 1 <= len(changed) < len(before), changed
    assert len(log.read_text().splitlines()) == runs + len(changed)
    assert "/berita/kabar-pertama/" in _fragments(out / "pagefind" / changed[-1]) or "" in changed
    clean = tmp_path / "clean"
    result = run_cli("build", "--root", root, "--out", clean, "--strict", env={**env, "HANDBILL_CACHE": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree(out) == tree(clean)


def test_a_cached_shard_that_is_not_one_is_not_used(tmp_path: Path) -> None:
    """The cache is untrusted (issue 11): a shard whose file names leave the bundle, or that is not a
    bundle, is one warning and indexed again; nothing lands outside the output."""
    from handbill.incremental.store import MAGIC, _check

    shutil.copytree(make_example("shards-damaged"), tmp_path / "site")
    root, out = tmp_path / "site", tmp_path / "out"
    env = {"SOURCE_DATE_EPOCH": str(EPOCH), "HANDBILL_SEARCH_SHARD": "2", "HANDBILL_MESSAGES": "en"}
    assert run_cli("build", "--root", root, "--out", out, env=env).returncode == 0
    good = tree(out)
    blobs = sorted((root / ".handbill-cache/search").glob("*.shard"))
    assert len(blobs) > 2
    evil = json.dumps({"../../evil.txt": base64.b64encode(b"x").decode(), "pagefind-entry.json": ""}).encode()
    for blob in blobs[:2]:
        key = blob.name.removesuffix(".shard")
        blob.write_bytes(MAGIC + _check(key, evil) + evil)
    blobs[2].write_bytes(b"not a shard")
    (root / "content/news/kabar-xss.md").touch()  # the build memo would answer otherwise
    result = run_cli("build", "--root", root, "--out", out, env={**env, "HANDBILL_MEMO": "0"})
    assert result.returncode == 0, result.stderr
    assert "damaged or unsafe build cache ignored" in result.stderr
    assert tree(out) == good
    assert not (tmp_path / "evil.txt").exists() and not (root / "evil.txt").exists()


def test_site_yaml_chooses_the_shards(tmp_path: Path) -> None:
    """`search_shard_pages` in site.yaml: a small number splits even a small site's index; 0 never splits."""
    shutil.copytree(make_example("shards-yaml"), tmp_path / "site")
    root = tmp_path / "site"
    site_yaml = (root / "site.yaml").read_text(encoding="utf-8")
    for pages, split in (("2", True), ("0", False)):
        (root / "site.yaml").write_text(site_yaml + f"search_shard_pages: {pages}\n", encoding="utf-8")
        out = tmp_path / f"out-{pages}"
        result = run_cli("build", "--root", root, "--out", out, "--strict", env=ENV)
        assert result.returncode == 0, result.stdout + result.stderr
        assert (out / "pagefind/shards.json").exists() == split
        assert ("data-search-shards" in (out / "index.html").read_text(encoding="utf-8")) == split
        assert (out / "pagefind/pagefind.js").is_file()
    (root / "site.yaml").write_text(site_yaml + "search_shard_pages: -1\n", encoding="utf-8")
    result = run_cli("build", "--root", root, "--out", tmp_path / "bad", env={**ENV, "HANDBILL_MESSAGES": "en"})
    assert result.returncode == 2 and "search_shard_pages" in result.stderr


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="needs a RAM file system (/dev/shm), where a folder lists its files in the order they were made")
def test_the_index_does_not_depend_on_the_order_the_pages_were_written(tmp_path: Path) -> None:
    """Pagefind numbers the pages in the order it finds them, which is the order their folder lists them;
    on a RAM file system (and in ext4's small folders) that is the order they were made.  A rebuild
    makes them in another order than a clean build (reused pages first, worker processes racing), so
    each run reads a staging folder filled in sorted order.  Session 13 tried Pagefind over the build's
    own folder instead, picking the pages by a glob: this test, a rebuild in RAM against a clean build,
    failed on it (every shard's index files differed)."""
    import tempfile

    with tempfile.TemporaryDirectory(dir="/dev/shm") as ram:
        work = Path(ram)
        root = work / "site"
        shutil.copytree(make_example("shards-order"), root)
        env = {"SOURCE_DATE_EPOCH": str(EPOCH), "HANDBILL_SEARCH_SHARD": "2", "HANDBILL_JOBS": "2"}
        out = work / "out"
        assert run_cli("build", "--root", root, "--out", out, env=env).returncode == 0
        for name in ("kabar-pertama", "kabar-xss"):
            news = root / f"content/news/{name}.md"
            news.write_text(news.read_text(encoding="utf-8") + "\nKata yang baru: zebracross.\n", encoding="utf-8")
            result = run_cli("build", "--root", root, "--out", out, env=env)
            assert result.returncode == 0, result.stdout + result.stderr
        clean = work / "clean"
        assert run_cli("build", "--root", root, "--out", clean, env={**env, "HANDBILL_CACHE": "0"}).returncode == 0
        assert tree(out / "pagefind") == tree(clean / "pagefind")
        assert tree(out) == tree(clean)
