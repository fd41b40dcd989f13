"""The generator's own code changes under an existing cache (a developer's edit, `git pull`, an upgrade):
the next build must still equal a build from scratch.  A process runs the code it loaded; a file saved
after it loaded it must not make that process store old code's output under the new code's key
(store.code_unchanged), and a save between the command line's memo digest and the pipeline's own
`before` must not be remembered under the digest of the inputs before it (memo.save).

The code is edited in a copy of the project (never this checkout: other tests and people use it), run
in processes of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from handbill import PACKAGE_DIR, THEME_DIR
from handbill.incremental import memo
from tests.incremental.harness import clean_build, make_fixture, tree

#: Runs in the copy: loads the generator, then the file is saved, then this process builds.
DRIVER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    project, site, mode, rel, addition = sys.argv[1:6]
    sys.path.insert(0, project)
    import handbill
    assert handbill.__file__.startswith(project), handbill.__file__
    from handbill.incremental import memo
    from handbill.pipeline import Options, build

    def save():
        with open(os.path.join(project, rel), "a", encoding="utf-8") as fh:
            fh.write(addition)

    site = Path(site)
    if mode == "build":
        # Saved after the build imported the code, before it took its `before` (a build started a
        # moment before the save): the key it computes from the files is the new code's.
        taken = memo.input_stats
        def input_stats(root):
            if memo.input_stats is input_stats:
                memo.input_stats = taken
                save()
            return taken(root)
        memo.input_stats = input_stats
        result = build(site, Options(out=site / "_site"))
    else:
        # The preview: started before the save, it builds again (after a content save) with the
        # code it loaded; its front matter goes into the cache `build` shares with it.
        save()
        result = build(site, Options(out=site / "_preview", base_url="/", drafts=True, in_place=True))
    sys.exit(0 if result.ok else 1)
    """
)


def _project(tmp_path: Path) -> Path:
    """A copy of the generator (and the default theme) whose code the test may edit."""
    project = tmp_path / "project"
    shutil.copytree(PACKAGE_DIR, project / "handbill", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("templates", "assets"):
        shutil.copytree(THEME_DIR / name, project / name)
    (project / "driver.py").write_text(DRIVER, encoding="utf-8")
    return project


def _run(project: Path, *args: str | Path, env: dict[str, str] | None = None) -> None:
    code = f"import sys; sys.path.insert(0, {str(project)!r}); from handbill.cli import main; sys.exit(main())"
    argv = [sys.executable, "-c", code, *map(str, args)]
    if args and args[0] == "driver":
        argv = [sys.executable, str(project / "driver.py"), str(project), *map(str, args[1:])]
    result = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def _from_scratch(project: Path, site: Path, out: Path) -> dict[str, bytes]:
    _run(project, "build", "--root", site, "--out", out, env={"HANDBILL_CACHE": "0"})
    return tree(out)


def _differences(got: dict[str, bytes], wanted: dict[str, bytes]) -> list[str]:
    return sorted(k for k in got.keys() | wanted.keys() if got.get(k) != wanted.get(k))


#: Appended to handbill/view.py: every session's "add to Google Calendar" link changes.
CALENDAR = '\nGOOGLE_CALENDAR = "https://calendar.example.invalid/render"\n'

#: Appended to handbill/yamlsafe.py: every parsed title changes.
TITLES = """
_parse_yaml_before = parse_yaml


def parse_yaml(text: str, line_offset: int = 0) -> YamlResult:
    result = _parse_yaml_before(text, line_offset)
    if isinstance(result.data, dict) and isinstance(result.data.get("title"), str):
        result.data["title"] += " (v2)"
    return result
"""


@pytest.mark.timeout(300)
def test_code_saved_while_a_build_runs_is_not_paired_with_the_old_codes_pages(tmp_path: Path) -> None:
    project = _project(tmp_path)
    site = tmp_path / "site"
    make_fixture(site)
    _run(project, "build", "--root", site)
    os.utime(site / "site.yaml")  # something changed: the next build renders (memo miss)
    _run(project, "driver", site, "build", "handbill/view.py", CALENDAR)
    _run(project, "build", "--root", site)  # the new code, the cache of the build before
    wanted = _from_scratch(project, site, tmp_path / "scratch")
    assert any(b"calendar.example.invalid" in data for data in wanted.values())  # the edit shows
    assert _differences(tree(site / "_site"), wanted) == []


@pytest.mark.timeout(300)
def test_a_preview_running_older_code_does_not_fill_the_shared_cache(tmp_path: Path) -> None:
    project = _project(tmp_path)
    site = tmp_path / "site"
    make_fixture(site)
    _run(project, "build", "--root", site)
    _run(project, "driver", site, "preview", "handbill/yamlsafe.py", TITLES)
    _run(project, "build", "--root", site)
    wanted = _from_scratch(project, site, tmp_path / "scratch")
    assert any(b"(v2)" in data for data in wanted.values())
    assert _differences(tree(site / "_site"), wanted) == []


def test_a_save_after_the_memo_digest_is_not_remembered_under_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line digests the inputs before it imports the generator; the pipeline takes its
    `before` later.  A template saved in between, then put back exactly (bytes, size, time, inode:
    `cp -p` of a backup, an editor's undo on a coarse clock) must not find that build's output."""
    from handbill.cli import main

    root = tmp_path / "site"
    make_fixture(root)
    template = root / "templates/base.html"
    original = template.read_bytes()
    st = template.stat()
    edited = original.replace(b'class="', b'class="x', 1)[:-1]  # same size
    assert len(edited) == len(original) and edited != original
    taken = memo.input_stats

    def input_stats(where: Path) -> list[tuple[str, int, int, int]]:
        if memo.input_stats is input_stats:  # the pipeline's `before`: after the command line's digest
            monkeypatch.setattr(memo, "input_stats", taken)
            with open(template, "r+b") as fh:  # in place: the same inode
                fh.write(edited)
        return taken(where)

    monkeypatch.setattr(memo, "input_stats", input_stats)
    assert main(["build", "--root", str(root)]) == 0
    with open(template, "r+b") as fh:
        fh.write(original)
    os.utime(template, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert template.stat().st_ino == st.st_ino and template.read_bytes() == original
    assert main(["build", "--root", str(root)]) == 0
    wanted = clean_build(root, tmp_path / "scratch").files
    assert _differences(tree(root / "_site"), wanted) == []


@pytest.mark.timeout(300)
def test_a_photo_rendition_made_by_older_code_is_not_replayed(tmp_path: Path) -> None:
    """images.py's cache was keyed by a version number bumped by hand: a WebP quality changed in the code
    (or a new image library) replayed the old renditions, and every later build kept them."""
    from tests.incremental.harness import _photo

    project = _project(tmp_path)
    site = tmp_path / "site"
    make_fixture(site)
    (site / "assets/img").mkdir(parents=True, exist_ok=True)
    (site / "assets/img/foto.png").write_bytes(_photo(1))
    speaker = next(p for p in sorted((site / "content/speakers").glob("*.md")) if p.name.count(".") == 1)
    text = speaker.read_text(encoding="utf-8")
    speaker.write_text(text.replace("---\n", "---\nphoto: img/foto.png\nphoto_alt: Foto\n", 1), encoding="utf-8")
    _run(project, "build", "--root", site)
    code = project / "handbill/images.py"
    before = code.read_text(encoding="utf-8")
    assert before.count('"WEBP", quality=78') == 1
    code.write_text(before.replace('"WEBP", quality=78', '"WEBP", quality=40'), encoding="utf-8")
    _run(project, "build", "--root", site)
    wanted = _from_scratch(project, site, tmp_path / "scratch")
    webp = [k for k in wanted if k.endswith(".webp")]
    assert webp  # the photo was made
    assert _differences(tree(site / "_site"), wanted) == []
