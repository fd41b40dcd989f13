"""Search (issue 14): a Pagefind index of the site, made at build time and published with it under
`pagefind/`, so the search runs in the visitor's browser against our own origin.

Pagefind (the `pagefind` Python package with its `pagefind_bin` program) indexes the pages just
made; what a page offers to search is marked in the templates (`data-pagefind-body` on <main> of
entry pages, free pages and the home page; `data-pagefind-meta="kind:…"` names the kind of a hit).
Pagefind splits the index by the page's `lang`, so each language searches its own pages.

The build never needs the network for this and never depends on it: when Pagefind is not installed
or fails, the site is built without search and a warning says so (the search box stays hidden, the
pages do not change).  The preview (`serve`), builds with drafts and `check` make no index.
HANDBILL_SEARCH=0 turns it off.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..messages import t
from ..render import BuildContext
from ..write import Artifact, discard

#: Pagefind's own UI bundles: the site has its own small search box (assets/js/visitor.js).
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
OUTPUT = "pagefind"
ENTRY = "pagefind-entry.json"
TIMEOUT = 600  # seconds: a 10,000-page site takes a few


def enabled() -> bool:
    return os.environ.get("HANDBILL_SEARCH", "1") != "0"


def stable_entry(data: bytes) -> bytes:
    """pagefind-entry.json lists the languages in a different order from run to run: sorted here, so
    the output stays byte for byte reproducible."""
    entry = json.loads(data)
    if isinstance(entry, dict) and isinstance(entry.get("languages"), dict):
        entry["languages"] = dict(sorted(entry["languages"].items()))
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _place(ctx: BuildContext, artifact: Artifact, dest: Path) -> None:
    """The page's HTML at `dest`: a hard link to the file already made when there is one."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    source = None
    if artifact.written and ctx.write_dir is not None:
        source = Path(ctx.write_dir) / artifact.path
    elif artifact.link is not None:
        source = artifact.link
    if source is not None:
        try:
            os.link(source, dest)
            return
        except OSError:
            dest.write_bytes(source.read_bytes())
            return
    dest.write_bytes(artifact.data)


def _warn(ctx: BuildContext, why: str) -> list[Artifact]:
    ctx.problems.warn(
        "pyproject.toml",
        0,
        0,
        t("search.missing", why=why),
        t("search.missing.hint"),
        code="search",
    )
    return []


def _staging(ctx: BuildContext) -> Path:
    """A fresh folder for Pagefind's input and output: beside the build's temporary folder when there
    is one (the same file system, so pages are hard-linked rather than copied; its name carries the
    build's process id, so a killed build's leftover is removed by the next one, write.clean_stale),
    else in the system's temporary folder."""
    if ctx.write_dir is not None:
        stage = ctx.write_dir.with_name(ctx.write_dir.name + "-search")
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir()
        return stage
    return Path(tempfile.mkdtemp(prefix="handbill-search-"))


def render_search(ctx: BuildContext, artifacts: list[Artifact], trash: Path | None = None) -> list[Artifact]:
    """The search bundle's files, or none (with a warning) when Pagefind cannot run here.

    Pagefind's command-line program indexes a folder of pages: the pages are hard-linked into a
    staging folder (404 pages left out), and its bundle is read back as this build's files.  The
    staging folder is then moved into `trash` (the build cache's) and deleted in the background, as a
    replaced output is: deleting 4,000 links took half a second of every build."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return _warn(ctx, t("search.not-installed"))
    exe = get_executable()
    if exe is None:
        return _warn(ctx, t("search.no-program"))
    stage = _staging(ctx)
    try:
        return _index(ctx, artifacts, exe, stage)
    finally:
        discard(stage, trash)


def _index(ctx: BuildContext, artifacts: list[Artifact], exe: Path, stage: Path) -> list[Artifact]:
    site, bundle = stage / "site", stage / OUTPUT
    # Pagefind writes its bundle straight into the build's temporary folder: writing its 4,000 files
    # a second time (from the staging folder) took about half a second of a 4,000-page build.  The
    # files are read back all the same (the page cache keeps their digests) and marked as written.
    if ctx.write_dir is not None and not (ctx.write_dir / OUTPUT).exists():
        bundle = ctx.write_dir / OUTPUT
    direct = bundle != stage / OUTPUT
    for a in artifacts:
        if a.path.endswith(".html") and not a.path.endswith("404.html"):
            _place(ctx, a, site / a.path)
    try:
        proc = subprocess.run(
            [str(exe), "--site", str(site), "--output-path", str(bundle), "--silent"],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return _failed(ctx, bundle, direct, t("search.did-not-run", why=type(exc).__name__))
    if proc.returncode != 0:
        detail = " ".join(proc.stdout.decode("utf-8", "replace").split())[-200:]
        why = t("search.failed", code=proc.returncode, detail=": " + detail if detail else "")
        return _failed(ctx, bundle, direct, why)

    out = []
    for path in sorted(bundle.rglob("*")):
        rel = path.relative_to(bundle).as_posix()
        if not path.is_file():
            continue
        if rel.startswith(UNUSED):
            if direct:
                path.unlink()
            continue
        data = path.read_bytes()
        if rel == ENTRY:
            data = stable_entry(data)
            if direct:
                path.write_bytes(data)
        out.append(Artifact(f"{OUTPUT}/{rel}", data, written=direct))
    return out


def _failed(ctx: BuildContext, bundle: Path, direct: bool, why: str) -> list[Artifact]:
    """No search: whatever Pagefind wrote of its bundle into the build's folder goes too."""
    if direct:
        shutil.rmtree(bundle, ignore_errors=True)
    return _warn(ctx, why)
