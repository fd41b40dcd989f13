"""Cache files this process wrote or decoded, kept decoded in memory by the digest of their bytes.

The preview builds again after every save in one process, and each build reads back the page cache's
manifest and the front-matter cache (1.7 MB and 2.8 MB of JSON at 4,000 pages: ~0.25 s of decoding
and checking).  Most of the time those are the very bytes this process wrote a moment before, from an
object it still holds.  So a file's bytes are still read every time — the file on disk is what counts:
deleted, damaged or replaced by another process, it is read as before — but when their digest is the
one kept here, the object kept with it is answered instead of decoding them again.

A kept object is the one its bytes were made from (`write`) or decoded into (`read`), so it is what a
read of those bytes stands for.  Callers never change a kept object: `PageCache.keep` copies a record
before the new manifest's `save` updates its size and time.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .store import digest

_kept: dict[str, tuple[str, object]] = {}  # path → digest of its bytes, object
_lock = threading.Lock()  # the preview builds in a thread of its own


def recall(path: Path, raw: bytes) -> object | None:
    """The object kept for exactly these bytes of `path`, if any."""
    key = str(path)
    with _lock:
        found = _kept.get(key)
    if found is None or found[0] != digest(raw):
        return None
    return found[1]


def keep(path: Path, raw: bytes | None, value: object) -> None:
    """`value` is what `raw`, the bytes now in `path`, stand for; None: nothing is known of `path`."""
    key = str(path)
    found = digest(raw) if raw is not None else None
    with _lock:
        if found is None:
            _kept.pop(key, None)
        else:
            _kept[key] = (found, value)


def forget() -> None:
    """Keep nothing (tests)."""
    with _lock:
        _kept.clear()
