"""The build memo: a build whose inputs are exactly those of the last successful build, into an
output folder still exactly as that build left it, has nothing to do.

The output is a function of the inputs alone (the build date comes from SOURCE_DATE_EPOCH or the
content, never the clock), so it is enough to know that nothing changed:

* inputs: every file of site.yaml, content/, the site's and the project's templates/ and assets/,
  and the generator itself (handbill/: code and fonts) — each by path, bytes, size, modification
  time and inode — plus the versions of Python and of the libraries that shape the output, and the
  build's settings (base URL, drafts, strict, output folder, SOURCE_DATE_EPOCH).  Bytes catch an
  edit that kept size and time; times catch an edit undone while a build was reading (the revert is
  a later write), so a build that read a passing state is never taken for one of the state before.
* output: every file it holds, by size and modification time, and by bytes for the files written
  within the file system's timestamp precision of the end of the build (racy.py explains why:
  such a file could be written again without its time changing).

A hit replays the build's warnings and writes nothing.  Anything else — a changed byte, a touched
file, a new or removed file anywhere in those folders, a hand edit in the output — is a miss, and
the build runs as usual (with its page cache).  The memo is written only after a successful
build whose inputs did not change while it ran (every input's size, time and inode the same after the
build as when its digest was taken before it).

Standard library only: the command line checks it before importing the rest of the generator.
Deleting .handbill-cache/ is always safe.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import PACKAGE_DIR, THEME_DIR, __version__, messages
from ..inputs import is_regular_input
from ..problems import Problem
from .racy import output_files, racy_window
from .store import CACHE_DIR, Digest, code_unchanged, file_digest, note_damaged, read_json, write_json

FORMAT = 1
#: Libraries whose version can change a byte of the output (also part of the page cache's key).
LIBRARIES = (
    "jinja2",
    "markdown",
    "markupsafe",
    "pyyaml",
    "babel",
    "pydantic",
    "pydantic-core",
    "nh3",
    "pillow",
    "icalendar",
    "tzdata",
    "pagefind",
    "pagefind-bin",
)


def input_folders(root: Path) -> list[Path]:
    """Every folder whose files the build may read, the site's before the project's."""
    folders = [root / "content"]
    for name in ("templates", "assets"):
        folders += [root / name, THEME_DIR / name]
    folders.append(PACKAGE_DIR)
    unique: list[Path] = []
    for folder in folders:
        if folder.is_dir() and folder.resolve() not in {u.resolve() for u in unique}:
            unique.append(folder)
    return unique


def library_versions() -> list[tuple[str, str]]:
    """(name, version) of every library in LIBRARIES; "" for one not installed."""
    found = []
    for name in LIBRARIES:
        try:
            found.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            found.append((name, ""))
    return found


def usable(write: bool, cache: bool, drafts: bool) -> bool:
    """Builds that may use the memo: writing ones with the cache on, without drafts (the preview
    builds with drafts and wants every build's model).  HANDBILL_MEMO=0 turns it off (benchmarks)."""
    env = os.environ
    return write and cache and not drafts and env.get("HANDBILL_CACHE", "1") != "0" and env.get("HANDBILL_MEMO") != "0"


def settings(out: Path, base_url: str | None, drafts: bool, strict: bool) -> tuple[object, ...]:
    """The build's settings that can change its output or its outcome."""
    env = os.environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    search = (env.get("HANDBILL_SEARCH", ""), env.get("HANDBILL_SEARCH_SHARD", ""), env.get("PAGEFIND_BINARY_PATH", ""))
    # Warnings are stored worded (messages.choice); search: on or off, its shards' size, its program.
    return (str(out.absolute()), base_url, drafts, strict, epoch, messages.choice(), search)


def _input_files(root: Path) -> list[tuple[str, str]]:
    """(label, path) of every input file, in a fixed order."""
    files = [("site.yaml", str(root / "site.yaml"))]
    for folder in input_folders(root):
        files.append(("folder", str(folder.resolve())))
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            rel = os.path.relpath(dirpath, folder)
            files += [(f"{rel}/{name}", os.path.join(dirpath, name)) for name in sorted(filenames)]
    return files


def input_stats(root: Path) -> list[tuple[str, int, int, int]]:
    """Every input file's size, time and inode, without reading it: compared before and after a
    build to know that nothing was written while it read (cheaper than a second digest)."""
    found = []
    for label, path in _input_files(root):
        try:
            st = os.stat(path)
            found.append((label, st.st_size, st.st_mtime_ns, st.st_ino))
        except OSError:
            found.append((label, -1, 0, 0))
    return found


#: The last digest `input_digest` made and every input's size, time and inode as it found them (before
#: reading each file): `save` records a build under that digest only if its inputs are still those.
#: The command line digests before importing the generator, the pipeline takes its own `before` later;
#: a save between the two would otherwise put a build of the new inputs under the old ones' digest.
_digested: tuple[str, list[tuple[str, int, int, int]]] | None = None


def input_digest(root: Path, settings: object) -> str:
    """The digest of everything the build reads (module docstring)."""
    global _digested
    h = Digest()
    add = h.add
    add(FORMAT, __version__, sys.version, library_versions(), settings)
    stats: list[tuple[str, int, int, int]] = []

    def add_file(label: str, path: str, st: os.stat_result | None) -> None:
        if not is_regular_input(path):  # a FIFO blocks open(), /dev/zero never ends: the build reports them
            return add(label, "special")
        if st is None:
            return add(label, "unreadable", "stat")
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            add(label, "unreadable", type(exc).__name__)
            return
        add(label, st.st_size, st.st_mtime_ns, st.st_ino, data)

    for label, path in _input_files(root):
        try:
            st: os.stat_result | None = os.stat(path)  # before the read: a save after it shows in `input_stats`
        except OSError:
            st = None
        stats.append((label, st.st_size, st.st_mtime_ns, st.st_ino) if st is not None else (label, -1, 0, 0))
        if label == "folder":
            add(label, path)
            continue
        if os.path.islink(path):
            add("link", label, os.readlink(path))
        add_file(label, path, st)
    found = h.hexdigest()
    _digested = (found, stats)
    return found


@dataclass
class Memo:
    """What a successful build left: its input digest, its counts, its warnings, its output files."""

    inputs: str
    pages: int
    files: int
    warnings: list[Problem]
    output: dict[str, list[object]]  # relative path → [size, mtime_ns] or [size, mtime_ns, digest]


def memo_file(root: Path, out: Path) -> Path:
    name = hashlib.blake2b(str(out.absolute()).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return root / CACHE_DIR / f"memo-{name}.json"


def _problem(raw: object) -> Problem:
    fields = {"file": str, "line": int, "col": int, "severity": str, "message": str, "hint": str, "code": str}
    if not isinstance(raw, dict) or set(raw) != set(fields) or raw["severity"] not in ("error", "warning"):
        raise ValueError("not a problem")
    if any(type(raw[k]) is not t for k, t in fields.items()):
        raise ValueError("not a problem")
    return Problem(**raw)


def load(root: Path, out: Path) -> Memo | None:
    file = memo_file(root, out)
    raw = read_json(file)  # never through a link, size-capped; damaged: noted (one warning)
    if raw is None:
        return None
    try:
        if raw.get("format") != FORMAT:
            return None
        return Memo(
            inputs=str(raw["inputs"]),
            pages=int(raw["pages"]),
            files=int(raw["files"]),
            warnings=[_problem(p) for p in raw["warnings"]],
            output={str(k): list(v) for k, v in raw["output"].items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        note_damaged(file)
        return None  # one this version cannot read: the build runs


def fresh(root: Path, out: Path, inputs: str) -> Memo | None:
    """The memo of the last successful build when its inputs were `inputs` and its output folder is
    still exactly as it left it; otherwise None."""
    memo = load(root, out)
    if memo is None or memo.inputs != inputs or out.is_symlink() or not out.is_dir():
        return None
    files = output_files(out)
    if files is None or set(files) != set(memo.output):
        return None
    for rel, (size, mtime_ns) in files.items():
        record = memo.output[rel]
        if record[0] != size or record[1] != mtime_ns:
            return None
        if len(record) > 2 and file_digest(out / rel) != record[2]:
            return None
    return memo


def save(
    root: Path,
    out: Path,
    inputs: str,
    pages: int,
    files: int,
    warnings: list[Problem],
    written: dict[str, tuple[int, int]] | None = None,
) -> None:
    """After a successful build (and its swap): record it.  `written`: every file of the output with
    its size and time as the build wrote it, when known (otherwise the folder is walked).  A memo
    that cannot be written only costs the next build its shortcut.

    Not recorded when the inputs are no longer those `inputs` was computed from (a save after the
    command line's digest), nor when the generator's files are no longer the code this process
    loaded (store.code_unchanged): the output would then be stored under inputs it was not built from."""
    if not code_unchanged():
        return
    if _digested is not None and _digested[0] == inputs and input_stats(root) != _digested[1]:
        return
    found = written if written is not None else output_files(out)
    if found is None:
        return
    times = [t for _size, t in found.values()]
    newest = max(times, default=0)
    window = racy_window(times)
    output: dict[str, list[object]] = {}
    for rel, (size, mtime_ns) in sorted(found.items()):
        record: list[object] = [size, mtime_ns]
        if mtime_ns > newest - window:
            record.append(file_digest(out / rel))
        output[rel] = record
    data = {
        "format": FORMAT,
        "inputs": inputs,
        "pages": pages,
        "files": files,
        "warnings": [asdict(p) for p in warnings],
        "output": output,
    }
    write_json(memo_file(root, out), data)
