"""Outputs that are slow to make, kept across builds by the digest of everything they depend on.

The share images (PNG encoding is most of an event site's rebuild) and the calendars' events are
pure functions of a few strings, so a build that finds the digest of those strings here reuses the
bytes instead of making them again.  Whoever computes a key must put into it everything the output
depends on (the texts, the code's version, the libraries' versions, the fonts): an entry is never
checked against anything else.

Two shapes, both under ROOT/.handbill-cache/ and both safe to delete at any time:

* `Blobs`: one file per entry in a folder (share images: tens of KB each, so one changed card
  writes one file, not the whole set);
* `Table`: one pickle of small entries (calendar events: a few hundred bytes each).

Each build marks the entries it used; `prune` / `save` drop the others, so the cache holds what the
last build made and no more.  Writes go to a temporary file renamed into place; anything unreadable
(truncated, corrupt, another format) is a miss, never an error, and a cache that cannot be written
only costs time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import zlib
from pathlib import Path

MAGIC = b"handbill-blob-1\n"
_CHECK = 12  # bytes after MAGIC: the payload's length and a CRC-32


def source_of(module_file: str) -> bytes:
    """A module's own text, read when it is imported: the code that makes an output is part of every
    entry's key (a long-running preview must not pair an edited file with the code it loaded before)."""
    try:
        return Path(module_file).read_bytes()
    except OSError:
        return b""


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


def _replace(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file: a reader sees the old file or the new one."""
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
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
            try:
                raw = (self.folder / f"{key}{self.suffix}").read_bytes()
            except OSError:
                raw = b""
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
            self.folder.mkdir(parents=True, exist_ok=True)
            _replace(self.folder / f"{key}{self.suffix}", MAGIC + _check(key, data) + data)
            self.written += 1
        except OSError:
            pass  # not cached: made again next time

    def prune(self) -> int:
        """Remove every file of the folder that this build did not use (entries no longer made,
        temporary files of an interrupted build); the number removed."""
        if self.folder is None:
            return 0
        keep = {f"{key}{self.suffix}" for key in self.used}
        try:
            with os.scandir(self.folder) as it:
                names = [entry.name for entry in it if entry.name not in keep]
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
    """Small entries in one pickle file, valid only under the same `version`; with `file=None`,
    `memory` instead (or nothing)."""

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
                try:
                    with open(self.file, "rb") as fh:
                        version, entries = pickle.load(fh)
                    if version == self.version and isinstance(entries, dict):
                        self._stored = {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, bytes)}
                except Exception:
                    pass  # whatever is wrong with the file, it only means nothing is stored
        return self._stored

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
        entries = dict(sorted(self._used.items()))
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            _replace(self.file, pickle.dumps((self.version, entries), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            return False
        return True
