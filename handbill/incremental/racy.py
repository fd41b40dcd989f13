"""Timestamp windows: when a file's size and modification time are not enough to trust it.

The page cache and the build memo trust a file of the previous output by its size and time.  File
systems keep modification times in ticks (ns on ext4, XFS, Btrfs, APFS, NTFS; 10 ms on exFAT; 1 s on
HFS+ and ext3; 2 s on FAT, possibly rounded up).  A file written again with the same size in the
tick of the recorded time looks untouched: by a build that did not save its record
(`HANDBILL_CACHE=0`, a build stopped between swapping its output in and saving), or by hand.  Its
stale bytes would be reused.  Only a file whose recorded time lies within two ticks of the end of its
build's writing can be hit that way — any later write gets a later tick — so those files, and only
those, are also compared by content.  That is the few pages the preview's last rebuild wrote, not a
large site's untouched pages.

Standard library only (the build memo uses it before the generator is imported).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

#: How close to the end of a build's writing a file's time must be for the file to be suspect: two
#: ticks where the file system gives whole seconds (FAT's 2 s ticks may round up), a generous 0.1 s
#: where it gives finer times.
RACY_NS = 4_000_000_000
FINE_RACY_NS = 100_000_000


def racy_window(mtimes: Iterable[int]) -> int:
    """RACY_NS unless the file system gave times finer than a second (then it keeps them finer)."""
    return FINE_RACY_NS if any(t % 1_000_000_000 for t in mtimes) else RACY_NS


def output_files(top: Path) -> dict[str, tuple[int, int]] | None:
    """Every file below `top` ('/'-separated, relative) with its size and time, or None if the folder
    holds anything but files and folders (a symbolic link, a socket) or cannot be read."""
    found: dict[str, tuple[int, int]] = {}
    stack = [("", str(top))]
    try:
        while stack:
            prefix, folder = stack.pop()
            with os.scandir(folder) as it:
                for entry in it:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((prefix + entry.name + "/", entry.path))
                    elif entry.is_file(follow_symlinks=False):
                        st = entry.stat(follow_symlinks=False)
                        found[prefix + entry.name] = (st.st_size, st.st_mtime_ns)
                    else:
                        return None
    except OSError:
        return None
    return found
