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

Large sites (issue 10): Pagefind has no incremental mode, and on a 4,000-page site it was 60 % of a
one-page change. Above `search_shard_pages` pages in a language (site.yaml, 1,000 unless set), that
language's pages are split into shards (at most MAX_SHARDS) by a digest of their address (so a page
stays in its shard as the site grows, until the number of shards changes); each shard is indexed on
its own and kept in the build cache under the digest of its pages' bytes, so a rebuild indexes again
only the shards whose pages changed. The browser merges them into one search (Pagefind's
`mergeIndex`; the WebAssembly is loaded once, by the main bundle): `pagefind/` holds each language's
first shard, `pagefind/shard/<lang>-<n>/` the others, listed in `pagefind/shards.json`; pages say
`data-search-shards` when their language is split. The same pages always make the same shards, so a
rebuild publishes what a clean build would.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any

from ..incremental.store import Blobs, digest, note_damaged, source_of
from ..messages import t
from ..render import BuildContext
from ..write import Artifact, artifact_bytes, discard

#: Pagefind's own UI bundles: the site has its own small search box (assets/js/visitor.js).
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
OUTPUT = "pagefind"
ENTRY = "pagefind-entry.json"
TIMEOUT = 600  # seconds: a 10,000-page site takes a few
#: At most this many shards.  Each search term costs the visitor one index chunk per shard (about 20 KB
#: each: a 4,000-page site in 8 shards loaded 170 KB per term instead of 31 KB); each shard costs a
#: rebuild one Pagefind run over its pages.  Pages per shard: site.yaml's `search_shard_pages`
#: (1,000 unless set; schema.py), or HANDBILL_SEARCH_SHARD=N.
MAX_SHARDS = 8
SHARDS = "shards.json"
SHARD_DIR = "shard"
#: What a merged shard needs: its entry, metadata and index files (the main bundle brings the code).
_SHARD_FILES = re.compile(r"(pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|(fragment|index|filter)/[^/]+)")
_LANG = re.compile(rb"<html[^>]*?\slang=\"([^\"]*)\"")
_CODE = source_of(__file__)


def enabled() -> bool:
    return os.environ.get("HANDBILL_SEARCH", "1") != "0"


def shard_size(ctx: BuildContext) -> int:
    """Pages per shard: site.yaml's `search_shard_pages` (0: never split), or HANDBILL_SEARCH_SHARD
    (tests and benchmarks)."""
    raw = os.environ.get("HANDBILL_SEARCH_SHARD", "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return ctx.config.front.search_shard_pages


def shard_counts(ctx: BuildContext) -> dict[str, int]:
    """How many shards each language's pages are split into, from the number of its pages: known
    before any page is rendered, so pages can say whether their language's search is split."""
    size = shard_size(ctx)
    pages = Counter(r.lang for r in ctx.graph.routes if r.kind != "error")
    if size <= 0:
        return {lang: 1 for lang in sorted(pages)}
    return {lang: min(MAX_SHARDS, max(1, -(-n // size))) for lang, n in sorted(pages.items())}


def helpers(ctx: BuildContext) -> dict[str, Any]:
    """`search_shards(lang)`: the number of shards of `lang`'s search (1: one bundle, nothing to merge)."""
    counts = shard_counts(ctx)
    return {"search_shards": lambda lang: counts.get(lang, 1)}


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


def render_search(
    ctx: BuildContext, artifacts: list[Artifact], trash: Path | None = None, cache: Path | None = None
) -> list[Artifact]:
    """The search bundle's files, or none (with a warning) when Pagefind cannot run here.

    Pagefind's command-line program indexes a folder of pages: the pages are hard-linked into a
    staging folder (404 pages left out), and its bundle is read back as this build's files.  The
    staging folder is then moved into `trash` (the build cache's) and deleted in the background, as a
    replaced output is: deleting 4,000 links took half a second of every build.  `cache`: the
    folder of the shards of a large site (module docstring); None: no shard is kept."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return _warn(ctx, t("search.not-installed"))
    exe = get_executable()
    if exe is None:
        return _warn(ctx, t("search.no-program"))
    counts = shard_counts(ctx)
    stage = _staging(ctx)
    try:
        if all(n == 1 for n in counts.values()):
            return _index(ctx, artifacts, exe, stage)
        blobs = Blobs(cache, ".shard")
        try:
            return _sharded(ctx, artifacts, exe, stage, counts, blobs)
        finally:
            blobs.prune()
    finally:
        discard(stage, trash)


def _index(ctx: BuildContext, artifacts: list[Artifact], exe: Path, stage: Path) -> list[Artifact]:
    bundle = stage / OUTPUT
    # Pagefind writes its bundle straight into the build's temporary folder: writing its 4,000 files
    # a second time (from the staging folder) took about half a second of a 4,000-page build.  The
    # files are read back all the same (the page cache keeps their digests) and marked as written.
    if ctx.write_dir is not None and not (ctx.write_dir / OUTPUT).exists():
        bundle = ctx.write_dir / OUTPUT
    direct = bundle != stage / OUTPUT
    pages = [a for a in artifacts if a.path.endswith(".html") and not a.path.endswith("404.html")]
    found = _run_bundle(ctx, pages, True, exe, stage / "site", bundle)
    if isinstance(found, str):
        return _failed(ctx, bundle, direct, found)
    return [Artifact(f"{OUTPUT}/{rel}", data, written=direct) for rel, data in sorted(found.items())]


def _pagefind(exe: Path, site: Path, bundle: Path) -> str | None:
    """Pagefind's program over the pages in `site`, its bundle written into `bundle`: None, or why it
    failed (in the editor's language)."""
    try:
        proc = subprocess.run(
            [str(exe), "--site", str(site), "--output-path", str(bundle), "--silent"],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return t("search.did-not-run", why=type(exc).__name__)
    if proc.returncode != 0:
        detail = " ".join(proc.stdout.decode("utf-8", "replace").split())[-200:]
        return t("search.failed", code=proc.returncode, detail=": " + detail if detail else "")
    return None


def _failed(ctx: BuildContext, bundle: Path, direct: bool, why: str) -> list[Artifact]:
    """No search: whatever Pagefind wrote of its bundle into the build's folder goes too."""
    if direct:
        shutil.rmtree(bundle, ignore_errors=True)
    return _warn(ctx, why)


# --- shards of a large site (module docstring) ------------------------------------------------------


class _Shard:
    """The pages of one shard, and where its bundle goes in the output."""

    def __init__(self, name: str, primary: bool) -> None:
        self.name = name  # "" for the main bundle, else "<lang>-<n>"
        self.primary = primary
        self.pages: dict[str, tuple[Artifact, bytes]] = {}

    @property
    def output(self) -> str:
        return OUTPUT if self.primary else f"{OUTPUT}/{SHARD_DIR}/{self.name}"

    def key(self, exe: Path) -> str:
        try:
            st = exe.stat()
            program: tuple[object, ...] = (str(exe), st.st_size, st.st_mtime_ns)
        except OSError:
            program = (str(exe),)
        pages = sorted((path, hashlib.sha256(data).hexdigest()) for path, (_a, data) in self.pages.items())
        return digest("search-shard", _CODE, program, self.primary, pages)


def _bucket(path: str, count: int) -> int:
    return int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:4], "big") % count


def plan_shards(ctx: BuildContext, artifacts: list[Artifact], counts: dict[str, int]) -> list[_Shard]:
    """The shards: each language's pages by a digest of their address; the main bundle holds each
    language's first non-empty shard.  Only pages Pagefind would index go in (those marked
    `data-pagefind-body` when any page is; Pagefind decides this per run, so per shard it could not)."""
    pages: dict[str, tuple[Artifact, bytes]] = {}
    for a in artifacts:
        if a.path.endswith(".html") and not a.path.endswith("404.html"):
            pages[a.path] = (a, artifact_bytes(a, ctx.write_dir))
    if any(b"data-pagefind-body" in data for _a, data in pages.values()):
        pages = {path: page for path, page in pages.items() if b"data-pagefind-body" in page[1]}
    buckets: dict[tuple[str, int], dict[str, tuple[Artifact, bytes]]] = {}
    for path, page in sorted(pages.items()):
        found = _LANG.search(page[1][:4096])
        lang = found.group(1).decode("utf-8", "replace") if found else ""
        buckets.setdefault((lang, _bucket(path, counts.get(lang, 1))), {})[path] = page
    main = _Shard("", True)
    shards = [main]
    first: set[str] = set()
    for (lang, n), members in sorted(buckets.items()):
        if lang not in first:
            first.add(lang)
            main.pages.update(members)
        else:
            shard = _Shard(f"{lang or 'unknown'}-{n}", False)
            shard.pages = members
            shards.append(shard)
    return shards


def _pack(files: dict[str, bytes]) -> bytes:
    return json.dumps({rel: base64.b64encode(data).decode("ascii") for rel, data in sorted(files.items())}).encode()


def _unpack(raw: bytes, primary: bool) -> dict[str, bytes] | None:
    """A cached shard's files, or None when it is not one (damaged, foreign): every name checked."""
    try:
        found = json.loads(raw)
        if not isinstance(found, dict):
            return None
        files = {}
        for rel, text in found.items():
            if not isinstance(rel, str) or not isinstance(text, str) or not _safe_name(rel, primary):
                return None
            files[rel] = base64.b64decode(text, validate=True)
        return files if ENTRY in files else None
    except (ValueError, TypeError, RecursionError):
        return None


def _safe_name(rel: str, primary: bool) -> bool:
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not re.fullmatch(r"[A-Za-z0-9_.][A-Za-z0-9_./-]*", rel):
        return False
    if rel.startswith((f"{SHARD_DIR}/", SHARDS, *UNUSED)):
        return False
    return primary or bool(_SHARD_FILES.fullmatch(rel))


def _run_bundle(
    ctx: BuildContext, pages: Iterable[Artifact], primary: bool, exe: Path, site: Path, bundle: Path
) -> dict[str, bytes] | str:
    """Pagefind over `pages` (linked into `site`), its bundle written into `bundle`: the bundle's files
    (Pagefind's own search UI, and what a merged shard does not need, removed), or why it failed."""
    for artifact in pages:
        _place(ctx, artifact, site / artifact.path)
    why = _pagefind(exe, site, bundle)
    if why is not None:
        return why
    files = {}
    for path in sorted(bundle.rglob("*")):
        rel = path.relative_to(bundle).as_posix()
        if primary and rel.startswith(f"{SHARD_DIR}/"):
            continue  # the other shards, written beside it by runs of their own
        if not path.is_file():
            continue
        if not _safe_name(rel, primary):
            path.unlink()
            continue
        data = path.read_bytes()
        if rel == ENTRY:
            data = stable_entry(data)
            path.write_bytes(data)
        files[rel] = data
    return files


def _sharded(
    ctx: BuildContext, artifacts: list[Artifact], exe: Path, stage: Path, counts: dict[str, int], blobs: Blobs
) -> list[Artifact]:
    shards = plan_shards(ctx, artifacts, counts)
    # Pagefind writes straight into the build's folder (as _index does), unless a page is in its place.
    direct = ctx.write_dir is not None and not (ctx.write_dir / OUTPUT).exists()
    base = ctx.write_dir if direct and ctx.write_dir is not None else stage / "bundles"
    keys = [shard.key(exe) for shard in shards]
    made: dict[int, dict[str, bytes] | str] = {}
    cached: set[int] = set()
    for i, (shard, key) in enumerate(zip(shards, keys, strict=True)):
        raw = blobs.get(key)
        kept = _unpack(raw, shard.primary) if raw is not None else None
        if raw is not None and kept is None and blobs.folder is not None:
            note_damaged(blobs.folder / f"{key}{blobs.suffix}")
        if kept is not None:
            made[i] = kept
            cached.add(i)
    missing = [i for i in range(len(shards)) if i not in cached]

    def run(i: int) -> dict[str, bytes] | str:
        pages = [artifact for artifact, _data in shards[i].pages.values()]
        return _run_bundle(ctx, pages, shards[i].primary, exe, stage / f"site-{i}", base / shards[i].output)

    # One Pagefind run more than there are cores: a run keeps about three quarters of a core busy (it
    # also waits on its files), and with as many runs as cores the last of an odd number of shards ran
    # alone (the generic 4,000 has five); three runs on two cores finished five shards sooner in each
    # of four alternated rounds.  A run over 800 pages takes about 90 MB.
    with ThreadPoolExecutor(max(1, min(len(missing), (os.cpu_count() or 1) + 1))) as pool:
        for i, result in zip(missing, pool.map(run, missing), strict=True):
            made[i] = result
    failed = next((why for why in made.values() if isinstance(why, str)), None)
    if failed is not None:
        if direct:
            shutil.rmtree(base / OUTPUT, ignore_errors=True)
        return _warn(ctx, failed)
    listing: dict[str, list[str]] = {}
    out: list[Artifact] = []
    for i, shard in enumerate(shards):
        files = made[i]
        assert isinstance(files, dict)
        if i not in cached:
            blobs.put(keys[i], _pack(files))
        if not shard.primary:
            listing.setdefault(shard.name.rsplit("-", 1)[0], []).append(f"{SHARD_DIR}/{shard.name}/")
        written = direct and i not in cached
        out.extend(Artifact(f"{shard.output}/{rel}", data, written=written) for rel, data in sorted(files.items()))
    shards_json = json.dumps(dict(sorted(listing.items())), separators=(",", ":"), sort_keys=True)
    out.append(Artifact(f"{OUTPUT}/{SHARDS}", shards_json.encode("utf-8")))
    return out
