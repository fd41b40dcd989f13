"""Stage 6: artifacts and assets → a temporary folder beside the output → swapped into place.

Writes are a transaction.  Nothing touches the output folder until every artifact has been
written; any failure (an error, Ctrl-C, SIGTERM, a full disk) removes the temporary folder and
leaves the previous output byte for byte as it was.  A path is written once and never outside the
temporary folder.  The output folder must be one this tool created (it holds a marker file) or
absent or empty: the project root, content/ or a foreign folder is refused before anything is
deleted.  Temporary folders left by a killed build are removed by the next one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .messages import t as msg
from .problems import ConfigError, Problem

if TYPE_CHECKING:  # annotations only: the build memo imports this module with the standard library alone
    from .assets import Asset

MARKER = ".handbill-output"
TMP_TAG = ".handbill-tmp-"
OLD_TAG = ".handbill-old-"


@dataclass(frozen=True)
class Artifact:
    path: str  # relative to the output folder, '/'-separated
    data: bytes
    link: Path | None = None  # an unchanged file of the previous output: hard-linked, `data` unused
    written: bool = False  # already in the temporary folder (a page written by a worker), `data` unused


def artifact_bytes(artifact: Artifact, write_dir: Path | None) -> bytes:
    """An artifact's bytes, wherever they are: in the build's folder (`written`), in the previous
    output (`link`), or in memory."""
    if artifact.written and write_dir is not None:
        return (write_dir / artifact.path).read_bytes()
    if artifact.link is not None:
        return artifact.link.read_bytes()
    return artifact.data


class WriteError(Exception):
    """A write failed; the message names the path.  The previous output is untouched."""


def _refuse(out: Path, why: str, hint: str, **args: str) -> ConfigError:
    """`why` and `hint` are catalog codes (write.refuse.*)."""
    message = msg("write.refuse", out=out, why=msg(why, **args))
    return ConfigError([Problem(str(out), 0, 0, "error", message, msg(hint), "output-folder")])


def check_output_dir(root: Path, out: Path) -> None:
    """Refuse output folders whose replacement would destroy something that is not a build."""
    root_r = root.resolve()
    out_r = out.resolve()
    if out_r == root_r or out_r in root_r.parents:
        raise _refuse(out, "write.refuse.site-folder", "write.refuse.use-site.hint")
    for name in ("content", "templates", "assets", "handbill", "tests", ".git"):
        protected = root_r / name
        if out_r == protected or protected in out_r.parents:
            raise _refuse(out, "write.refuse.inside", "write.refuse.use-site.hint", name=name)
    if out_r == Path(out_r.anchor) or out_r == Path.home().resolve():
        raise _refuse(out, "write.refuse.system", "write.refuse.use-site.hint")
    if out.is_symlink():
        raise _refuse(out, "write.refuse.symlink", "write.refuse.symlink.hint")
    if out.exists():
        if not out.is_dir():
            raise _refuse(out, "write.refuse.file", "write.refuse.file.hint")
        if not (out / MARKER).is_file() and any(out.iterdir()):
            raise _refuse(out, "write.refuse.not-ours", "write.refuse.not-ours.hint")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _complete(folder: Path) -> bool:
    """A whole output: a real folder holding the marker, which `write_site` writes last."""
    return folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file()


def recover(out: Path) -> bool:
    """After a build killed between the two renames of its swap (kill -9, power loss) the output path
    is empty while the previous output (`.NAME.handbill-old-PID`) or the complete new one
    (`.NAME.handbill-tmp-PID`, its marker written) lies beside it: put one back (the previous output
    first) before anything else runs, so that no build ever deletes the only good copy.  True when
    it did."""
    out = out.absolute()
    if os.path.lexists(out) or not out.parent.is_dir():
        return False
    prefix = f".{out.name}"
    found: list[tuple[int, str, Path]] = []
    for entry in out.parent.iterdir():
        name = entry.name
        for rank, tag in enumerate((OLD_TAG, TMP_TAG)):
            if name.startswith(prefix + tag):
                pid = name[len(prefix + tag) :].split("-")[0]
                alive = pid.isdigit() and int(pid) != os.getpid() and _pid_alive(int(pid))
                if not alive and _complete(entry):
                    found.append((rank, name, entry))
    for _rank, _name, entry in sorted(found):
        try:
            os.rename(entry, out)
            return True
        except OSError:
            continue
    return False


def clean_stale(out: Path) -> None:
    """Remove temporary folders of builds that no longer run (a build killed with kill -9) — only
    while the output itself is in place (`recover` runs first): never the only good copy."""
    parent = out.parent
    if (
        not parent.is_dir()
        or not _complete(out)
        and any(e.name.startswith(f".{out.name}{OLD_TAG}") for e in parent.iterdir())
    ):
        return
    prefix = f".{out.name}"
    for entry in parent.iterdir():
        name = entry.name
        for tag in (TMP_TAG, OLD_TAG):
            if name.startswith(prefix + tag):
                pid = name[len(prefix + tag) :].split("-")[0]
                if not pid.isdigit() or int(pid) == os.getpid() or not _pid_alive(int(pid)):
                    shutil.rmtree(entry, ignore_errors=True)


def safe_join(base: Path, rel: str) -> Path:
    """base/rel, refusing anything that could land outside base."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or not rel or ".." in pure.parts or "\\" in rel or "\x00" in rel:
        raise WriteError(f"unsafe output path '{rel}'")
    target = base.joinpath(*pure.parts)
    if base.resolve() not in target.resolve().parents:
        raise WriteError(f"output path '{rel}' leaves the output folder")
    return target


def temporary_folder(out: Path) -> Path:
    """Where this build's temporary folder beside `out` goes (stale ones of killed builds removed; not
    made yet).  The caller holds on to the path, then makes the folder inside the `try` whose `finally`
    removes it, so that no moment exists at which an interrupted build leaves it behind.  Pages may
    be written into it while they are rendered (`write_file`, from worker processes too);
    `write_site` completes it and swaps it in."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out)
    tmp = out.parent.resolve() / f".{out.name}{TMP_TAG}{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    return tmp


def write_file(base: Path, rel: str, data: bytes) -> None:
    """One file into a fresh temporary folder, refusing any path that could leave it and any path
    written before (`open(..., 'x')`): what `write_site` checks, for writers in other processes."""
    target = _inside(base, rel)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        with open(target, "xb") as fh:
            fh.write(data)
    except FileExistsError:
        raise WriteError(f"'{rel}' would be written twice") from None


def write_site(
    out: Path,
    artifacts: Iterable[Artifact],
    assets: Iterable[Asset],
    stats: dict[str, tuple[int, int]] | None = None,
    trash: Path | None = None,
    tmp: Path | None = None,
) -> int:
    """Write everything into a temporary folder, then swap it in.  Returns the number of files.

    An artifact with `link` is hard-linked from the previous output (copied where links are not
    possible): the new folder is complete before the swap, and the previous one is never modified.
    An artifact marked `written` is already in `tmp` (from `temporary_folder`).
    `stats`, when given, receives each file's (size, mtime_ns) as written: artifacts, assets, marker.
    `trash`, when given, is a folder on the same file system (the build cache's) where the replaced
    output is moved after the swap and deleted by a background process the build does not wait for."""
    out = out.absolute()
    old = out.parent / f".{out.name}{OLD_TAG}{os.getpid()}"
    written: set[str] = set()
    try:
        if tmp is None:
            tmp = temporary_folder(out)
            tmp.mkdir()
        base = tmp.resolve()
        # Every path is claimed here, in order (so a clash is found the same way every time); the
        # file-system work (mkdir, link, write, stat) then runs on a few threads, since those calls
        # wait on the kernel and release the interpreter: 4,000 links take a third of the time.
        jobs: list[_Job] = []
        for art in sorted(artifacts, key=lambda a: a.path):
            target = _claim(base, art.path, written)
            jobs.append(_Job(art.path, target, None if art.written else art.data, art.link, None, art.written))
        for asset in sorted(assets, key=lambda a: a.output):
            target = _claim(base, asset.output, written)
            jobs.append(_Job(asset.output, target, asset.data, None, asset.source if asset.data is None else None))
        for path, size, mtime_ns in _run_jobs(jobs):
            if stats is not None:
                stats[path] = (size, mtime_ns)
        (tmp / MARKER).write_text("This folder is written by handbill (build.py); it is replaced on every build.\n")
        if stats is not None:
            st = os.stat(tmp / MARKER)
            stats[MARKER] = (st.st_size, st.st_mtime_ns)
        _swap_point(1)
        if out.exists():
            os.replace(out, old)
        _swap_point(2)
        os.replace(tmp, out)
        _swap_point(3)
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out.exists():
            os.replace(old, out)  # put the previous build back
        raise
    discard(old, trash)
    _swap_point(4)
    return len(written)


def _swap_point(step: int) -> None:
    """Tests kill the build here (HANDBILL_TEST_KILL_AT_SWAP=N: SIGKILL at step N of the swap) to
    prove that every instant of it leaves an output that the next build keeps or recovers."""
    if os.environ.get("HANDBILL_TEST_KILL_AT_SWAP") == str(step):
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def update_in_place(
    out: Path,
    artifacts: Iterable[Artifact],
    assets: Iterable[Asset],
    stats: dict[str, tuple[int, int]] | None = None,
) -> int:
    """The preview's own folder brought up to date file by file, instead of replaced as a whole.

    Only for a folder nobody else reads but the preview server (the published output is always
    swapped in whole by `write_site`): each changed file is written beside its place and renamed
    over it, so no request ever gets half a file; unchanged files (same bytes, or the page cache's
    link to this very file) are not touched; files the build no longer makes are removed.  At 2,000
    pages this skips 1,000 folders and 2,000 links per rebuild.  A failure part-way leaves a mix of
    old and new files, each whole; the page cache sees the changed sizes and times and the next
    build writes them again.  Returns the number of files."""
    out = out.absolute()
    base = out.resolve()
    written: set[str] = set()
    keep = {MARKER}
    jobs: list[tuple[str, str, bytes | None, Path | None]] = []
    for art in sorted(artifacts, key=lambda a: a.path):
        target = _claim(base, art.path, written)
        keep.add(art.path)
        if art.link is not None and os.path.abspath(art.link) == _inside(out, art.path):
            jobs.append((art.path, target, None, None))  # reused where it is
        else:
            jobs.append((art.path, target, None if art.link is not None else art.data, art.link))
    for asset in sorted(assets, key=lambda a: a.output):
        target = _claim(base, asset.output, written)
        keep.add(asset.output)
        jobs.append((asset.output, target, asset.data if asset.data is not None else asset.source.read_bytes(), None))
    for rel, target, data, link in jobs:
        if link is not None:
            data = link.read_bytes()
        if data is not None and not _holds(target, data):
            folder, name = os.path.split(target)
            os.makedirs(folder, exist_ok=True)
            part = os.path.join(folder, f".{name}{TMP_TAG}{os.getpid()}")
            with open(part, "wb") as fh:
                fh.write(data)
            os.replace(part, target)
        if stats is not None:
            st = os.stat(target)
            stats[rel] = (st.st_size, st.st_mtime_ns)
    marker = out / MARKER
    if not marker.is_file():
        marker.write_text("This folder is written by handbill (build.py); it is replaced on every build.\n")
    if stats is not None:
        st = os.stat(marker)
        stats[MARKER] = (st.st_size, st.st_mtime_ns)
    # Bottom up: a folder is removed when none of its files is kept and each of its folders was
    # removed (counted from the walk's own listing: a second listing of every folder cost as much).
    removed: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(out, topdown=False):
        rel_dir = os.path.relpath(dirpath, out)
        left = sum(1 for name in dirnames if os.path.join(dirpath, name) not in removed)
        for name in filenames:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/")
            if rel not in keep:
                os.unlink(os.path.join(dirpath, name))
            else:
                left += 1
        if dirpath != str(out) and not left:
            os.rmdir(dirpath)
            removed.add(dirpath)
    return len(written)


def _holds(path: str, data: bytes) -> bool:
    """Does the file at `path` already have exactly these bytes?"""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as fh:
            return fh.read() == data
    except OSError:
        return False


def discard(folder: Path, trash: Path | None) -> None:
    """Remove a replaced output: moved into `trash` and deleted there in the background (a large
    site's old folder takes as long to delete as to write), or here when that is not possible.
    Whatever a killed deleter leaves in `trash` is deleted by the next one."""
    if not folder.exists():
        return
    if trash is not None and not os.path.islink(trash):
        try:
            trash.mkdir(parents=True, exist_ok=True)
            if os.path.islink(trash) or not trash.is_dir():
                raise OSError("the trash folder is not a folder")
            os.replace(folder, trash / f"{folder.name}-{time.time_ns()}")
            subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _DELETER, str(trash)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                close_fds=True,
            )
            return
        except OSError:
            pass  # another file system, no process to spare: delete it here
    shutil.rmtree(folder, ignore_errors=True)


_DELETER = """\
import os, shutil, sys
top = sys.argv[1]
if not os.path.islink(top) and os.path.isdir(top):
    for name in os.listdir(top):
        path = os.path.join(top, name)
        if not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
"""


def _inside(base: Path, rel: str) -> str:
    """base/rel for a freshly made `base` (resolved, holding no links): the checks of `safe_join`
    without resolving every file, since only '..', absolute or odd names could leave it.  A string:
    a build makes one for every file, and pathlib's parsing was a quarter of writing a rebuild's
    4,000 links."""
    parts = [part for part in rel.split("/") if part and part != "."]
    if (
        not parts
        or rel.startswith("/")
        or ".." in parts
        or "\\" in rel
        or "\x00" in rel
        or (os.name == "nt" and ":" in rel)  # a drive ("C:x") would leave `base` on Windows
    ):
        raise WriteError(f"unsafe output path '{rel}'")
    return os.path.join(base, *parts)


@dataclass(frozen=True)
class _Job:
    path: str
    target: str
    data: bytes | None
    link: Path | None = None
    source: Path | None = None  # an asset copied from its file
    done: bool = False  # already written (a page from a worker): only its size and time are wanted


WRITE_THREADS = 4
_JOBS_PER_CHUNK = 128


def _do(chunk: list[_Job]) -> list[tuple[str, int, int]]:
    out = []
    made = ""  # the folder the last file went into: jobs come sorted, so most share it with the next
    for job in chunk:
        if not job.done:
            folder = os.path.dirname(job.target)
            if folder != made:
                os.makedirs(folder, exist_ok=True)
                made = folder
            _put(job)
        st = os.stat(job.target)
        out.append((job.path, st.st_size, st.st_mtime_ns))
    return out


def _put(job: _Job) -> None:
    """One file at `job.target`, whose folder exists."""
    data = job.data
    if job.link is not None:
        try:
            os.link(job.link, job.target)
            return
        except OSError:
            data = job.link.read_bytes()
    if job.source is not None:
        data = job.source.read_bytes()
    with open(job.target, "xb") as fh:
        fh.write(data or b"")


def _run_jobs(jobs: list[_Job]) -> list[tuple[str, int, int]]:
    chunks = [jobs[i : i + _JOBS_PER_CHUNK] for i in range(0, len(jobs), _JOBS_PER_CHUNK)]
    if sum(1 for job in jobs if not job.done) < 2 * _JOBS_PER_CHUNK:
        # Only a stat each (pages the workers wrote) or little to do: threads would only pass the
        # interpreter lock back and forth.
        return [row for chunk in chunks for row in _do(chunk)]
    pool = ThreadPoolExecutor(WRITE_THREADS)
    try:
        futures = [pool.submit(_do, chunk) for chunk in chunks]
        return [row for future in futures for row in future.result()]
    finally:
        # On an error or an interrupt, wait for the running chunks: the caller removes the folder next.
        pool.shutdown(wait=True, cancel_futures=True)


def _claim(base: Path, rel: str, written: set[str]) -> str:
    key = rel.casefold()
    if key in written:
        raise WriteError(f"'{rel}' would be written twice")
    written.add(key)
    return _inside(base, rel)
