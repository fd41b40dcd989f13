"""Outputs that are slow to make, kept across builds by the digest of everything they depend on.

The share images (PNG encoding is most of an event site's rebuild) and the calendars' events are
pure functions of a few strings, so a build that finds the digest of those strings here reuses the
bytes instead of making them again.  Whoever computes a key must put into it everything the output
depends on (the texts, the code's version, the libraries' versions, the fonts): an entry is never
checked against anything else.

Two shapes, both under ROOT/.handbill-cache/ and both safe to delete at any time:

* `Blobs`: one file per entry in a folder (share images: tens of KB each, so one changed card
  writes one file, not the whole set);
* `Table`: one JSON file of small entries (calendar events: a few hundred bytes each).

The cache is untrusted input (a site tree from someone else may carry one): nothing read back can
run code (JSON and raw bytes only, never pickle or bytecode), every entry is validated when read,
and every path is confined to the cache folder — a symbolic link or a special file anywhere on the
way is refused (`confined`), so the cache never reads, writes or deletes anything outside it.

Each build marks the entries it used; `prune` / `save` drop the others, so the cache holds what the
last build made and no more.  Writes go to a temporary file renamed into place; anything unreadable
(truncated, corrupt, another format) is a miss, never an error, and a cache that cannot be written
only costs time.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import zlib
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from .. import CODE_AT_LOAD, code_stats

MAGIC = b"handbill-blob-1\n"
_CHECK = 12  # bytes after MAGIC: the payload's length and a CRC-32


def source_of(module_file: str) -> bytes:
    """A module's own text, read when it is imported: the code that makes an output is part of every
    entry's key (a long-running preview must not pair an edited file with the code it loaded before)."""
    try:
        return Path(module_file).read_bytes()
    except OSError:
        return b""


# --- the generator's own files as this process loaded them ------------------------------------
#
# A process loads its modules once (some later, on first use) and runs them for its whole life: the
# preview for hours, a build for a second.  A key computed from handbill/'s files on disk names the
# code that runs only while those files are still what the process loaded.  A file saved after the
# process imported it (a developer's edit, `git pull`, `pip install -U handbill` under an existing
# cache, while a build or the preview runs) would otherwise put the old code's output under the new
# code's key, in caches the next build (new code) trusts: the page cache, the front matter, the memo.
#
# So every file's size, time and inode is taken when the package is first imported
# (handbill/__init__.py, before any module of the generator, whoever imports it: the command line or a
# test), and whoever reads the code's bytes for a key reads them first and then asks
# `code_unchanged()`: bytes read after an edit are never taken for the loaded code.  When the files
# changed, the key is `never_key()` and nothing is kept.


def code_unchanged() -> bool:
    """Are the generator's files still exactly those this process found when it began loading them?"""
    return code_stats() == CODE_AT_LOAD


def never_key() -> str:
    """A key that no stored one equals (a new one each call): for code that is not on disk any more."""
    return "code-changed-" + os.urandom(16).hex()


class Digest:
    """Parts fed one by one into one blake2b, each length-prefixed (reprs, bytes as they are), so that
    no two different sequences of parts give the same input.  The one digest scheme of every cache:
    store entries, the page cache, front matter, the build memo."""

    def __init__(self, *parts: object) -> None:
        self._h = hashlib.blake2b(digest_size=20)
        self.add(*parts)

    def add(self, *parts: object) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
            self._h.update(len(data).to_bytes(8, "little"))
            self._h.update(data)

    def hexdigest(self) -> str:
        return self._h.hexdigest()


def digest(*parts: object) -> str:
    """The digest of these parts (`Digest`)."""
    return Digest(*parts).hexdigest()


def file_digest(path: Path) -> str:
    """`digest` of a file's bytes, or '' (never a stored digest) when it cannot be read."""
    try:
        return digest(path.read_bytes())
    except OSError:
        return ""


def _check(key: str, data: bytes) -> bytes:
    """Catches a truncated or damaged file (the threat is a crash or a full disk, not an attacker:
    the digest in the name already ties the content to its inputs), at CRC speed: every cached card
    is checked on every build.  The key is part of it: a file copied to another key's name is a miss."""
    crc = zlib.crc32(data, zlib.crc32(key.encode() + b"\0"))
    return len(data).to_bytes(8, "little") + crc.to_bytes(4, "little")


CACHE_DIR = ".handbill-cache"
#: No cache file is read past this size (the largest, a 50,000-page manifest, is a few tens of MB).
MAX_CACHE_BYTES = 512_000_000

#: Cache files found damaged, foreign or unsafe during this build (relative to the site root): the
#: pipeline turns each into one warning.  None outside a build.
_damaged: ContextVar[list[str] | None] = ContextVar("handbill_damaged_cache", default=None)


def start_notes() -> list[str]:
    notes: list[str] = []
    _damaged.set(notes)
    return notes


def note_damaged(path: Path) -> None:
    notes = _damaged.get()
    if notes is None:
        return
    parts = path.parts
    name = "/".join(parts[parts.index(CACHE_DIR) :]) if CACHE_DIR in parts else path.name
    if name not in notes:
        notes.append(name)


def confined(path: Path) -> bool:
    """Is every existing part of `path` from the cache folder (.handbill-cache) down a real folder
    (the last part: a real folder or a regular file), no symbolic link, no FIFO, no device?  A path
    that does not name the cache folder is refused."""
    parts = path.parts
    if CACHE_DIR not in parts:
        return False
    top = parts.index(CACHE_DIR)
    current = Path(*parts[:top])
    for i, part in enumerate(parts[top:]):
        current = current / part
        try:
            st = os.lstat(current)
        except FileNotFoundError:
            return True  # the rest does not exist yet: made by `make_folder` / `write_file`
        except OSError:
            return False
        last = top + i == len(parts) - 1
        if stat.S_ISDIR(st.st_mode) or (last and stat.S_ISREG(st.st_mode)):
            continue
        return False
    return True


def make_folder(folder: Path) -> bool:
    """Make a folder of the cache (and its parents in it); False when it cannot be made safely."""
    if not confined(folder):
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return confined(folder)


#: What earlier versions kept in the cache folder: pickles and Jinja bytecode, never read again.
OLD_FORMATS = ("frontmatter.pickle", "calendar.pickle", "pages-*.pickle", "bodies-*.pickle", "*.pickle.tmp-*")


def remove_old_formats(folder: Path) -> None:
    """Delete the files of earlier cache formats (regular files and real folders only)."""
    if not confined(folder):
        return
    import shutil

    for pattern in (*OLD_FORMATS, "jinja-*"):
        for path in folder.glob(pattern):
            try:
                st = os.lstat(path)
                if stat.S_ISREG(st.st_mode):
                    path.unlink()
                elif stat.S_ISDIR(st.st_mode):
                    shutil.rmtree(path, ignore_errors=True)
            except OSError:
                pass


def read_file(path: Path, cap: int = MAX_CACHE_BYTES) -> bytes | None:
    """A cache file's bytes, or None when it is absent; an unsafe or unreadable one is noted (one
    warning) and read as absent.  Never follows a link, never blocks on a FIFO, never reads past `cap`."""
    if not confined(path):
        note_damaged(path)
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except OSError:
        note_damaged(path)
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > cap:
            note_damaged(path)
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(cap + 1)[:cap]
    except OSError:
        note_damaged(path)
        return None
    finally:
        os.close(fd)


def read_json(path: Path) -> Any:
    """A cache file's JSON, or None when absent; damaged or unsafe: noted, and None."""
    raw = read_file(path)
    if raw is None:
        return None
    return parse_json(path, raw)


def parse_json(path: Path, raw: bytes) -> Any:
    """`raw`, the bytes of the cache file `path`, as JSON; damaged: noted, and None."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        note_damaged(path)
        return None


def write_json(path: Path, data: object) -> bytes | None:
    """Write `data` as JSON; the bytes written, or None when it could not be (only costs time)."""
    try:
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError):
        return None
    try:
        _replace(path, raw)
    except OSError:
        return None
    return raw


def _replace(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a new temporary file beside it (never through a link: O_EXCL,
    O_NOFOLLOW), renamed over it: a reader sees the old file or the new one."""
    if not make_folder(path.parent) or not confined(path):
        raise OSError(f"unsafe cache path {path}")
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{os.urandom(4).hex()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


class Memory:
    """Entries kept by this process, for builds without a disk cache (the preview server builds
    again and again in one process); the oldest are dropped past `size`."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.items.get(key)

    def put(self, key: str, data: bytes) -> None:
        if self.size <= 0:
            return
        if key not in self.items and len(self.items) >= self.size:
            self.items.pop(next(iter(self.items)))
        self.items[key] = data


class Blobs:
    """A folder of files named `<key><suffix>`; with `folder=None`, `memory` instead (or nothing)."""

    def __init__(self, folder: Path | None, suffix: str, memory: Memory | None = None) -> None:
        self.folder = folder
        self.suffix = suffix
        # Only one of the two: an entry found in memory would never be written to the folder.
        self.memory = memory if folder is None else None
        self.used: set[str] = set()
        self.hits = 0
        self.written = 0

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        found: bytes | None = None
        if self.memory is not None:
            found = self.memory.get(key)
        elif self.folder is not None:
            raw = read_file(self.folder / f"{key}{self.suffix}") or b""
            head = len(MAGIC) + _CHECK
            if raw.startswith(MAGIC) and len(raw) >= head and raw[len(MAGIC) : head] == _check(key, raw[head:]):
                found = raw[head:]
        if found is not None:
            self.hits += 1
        return found

    def put(self, key: str, data: bytes) -> None:
        self.used.add(key)
        if self.memory is not None:
            self.memory.put(key, data)
        if self.folder is None:
            return
        try:
            _replace(self.folder / f"{key}{self.suffix}", MAGIC + _check(key, data) + data)
            self.written += 1
        except OSError:
            pass  # not cached: made again next time

    def prune(self) -> int:
        """Remove every file of the folder that this build did not use (entries no longer made,
        temporary files of an interrupted build); the number removed."""
        if self.folder is None or not confined(self.folder) or not self.folder.is_dir():
            return 0  # a link in its place: whatever it points to is not the cache's to delete
        keep = {f"{key}{self.suffix}" for key in self.used}
        try:
            with os.scandir(self.folder) as it:
                # Regular files only: a link is never followed (unlinking removes the link itself).
                names = [e.name for e in it if e.name not in keep and (e.is_symlink() or e.is_file())]
        except OSError:
            return 0
        removed = 0
        for name in names:
            try:
                (self.folder / name).unlink()
                removed += 1
            except OSError:
                pass  # a folder, or a file that another build removed first: left alone
        return removed


class Table:
    """Small entries in one JSON file (bytes as base64), valid only under the same `version`; with
    `file=None`, `memory` instead (or nothing)."""

    def __init__(self, file: Path | None, version: str, memory: Memory | None = None) -> None:
        self.file = file
        self.version = version
        self.memory = memory if file is None else None
        self.hits = 0
        self._stored: dict[str, bytes] | None = None
        self._used: dict[str, bytes] = {}  # what this build used or made: the file's next content
        self._added = False

    def _load(self) -> dict[str, bytes]:
        if self._stored is None:
            self._stored = {}
            if self.file is not None:
                raw = read_json(self.file)
                if raw is not None:
                    self._stored = self._validate(raw)
        return self._stored

    def _validate(self, raw: Any) -> dict[str, bytes]:
        """The stored entries, or {} (noted as damaged unless it is only another version's)."""
        if isinstance(raw, dict) and raw.get("version") != self.version and isinstance(raw.get("version"), str):
            return {}  # another version of the code: a plain miss
        try:
            if not isinstance(raw, dict) or not isinstance(raw.get("entries"), dict):
                raise ValueError
            entries = {}
            for k, v in raw["entries"].items():
                if not isinstance(k, str) or not isinstance(v, str):
                    raise ValueError
                entries[k] = base64.b64decode(v, validate=True)
            return entries
        except ValueError:
            assert self.file is not None
            note_damaged(self.file)
            return {}

    def get(self, key: str) -> bytes | None:
        found = self._used.get(key)
        if found is None:
            found = self.memory.get(key) if self.memory is not None else self._load().get(key)
            if found is not None:
                self._used[key] = found
        if found is not None:
            self.hits += 1
        return found

    def put(self, key: str, data: bytes) -> None:
        self._used[key] = data
        self._added = True
        if self.memory is not None:
            self.memory.put(key, data)

    def save(self) -> bool:
        """Write the entries this build used, unless the file holds exactly those already."""
        if self.file is None or (not self._added and self._load().keys() == self._used.keys()):
            return False
        entries = {k: base64.b64encode(v).decode("ascii") for k, v in sorted(self._used.items())}
        return write_json(self.file, {"version": self.version, "entries": entries}) is not None
