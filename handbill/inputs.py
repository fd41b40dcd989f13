"""Reading an input file without hanging: only regular files, and never more than a cap.

A FIFO in content/ blocks `open()` until someone writes to it; `/dev/zero` never ends; a socket or a
device is no text either.  Every file the build reads (site.yaml, content/, templates/, assets/)
goes through `read_regular`, which looks at what the path is before opening it, opens it without
blocking, checks again on the open file (the path may have been swapped in between), and reads at
most `cap + 1` bytes, so a file that grows while it is read is still refused.

Standard library only: the build memo (memo.py) uses `is_regular_input` before the generator is
imported.
"""

from __future__ import annotations

import os
import stat

from .messages import t

#: Templates are small; a larger file is a mistake (a video saved into templates/).
MAX_TEMPLATE_BYTES = 2_000_000
#: Assets are copied as they are; CSS and JS are read whole (hashed names).
MAX_ASSET_BYTES = 200_000_000


class InputError(Exception):
    """A path the build may not read: `why` is the plain reason, `code` a stable code."""

    def __init__(self, why: str, hint: str, code: str) -> None:
        super().__init__(why)
        self.why = why
        self.hint = hint
        self.code = code


def special_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return t("input.kind.folder")
    if stat.S_ISFIFO(mode):
        return t("input.kind.fifo")
    if stat.S_ISSOCK(mode):
        return t("input.kind.socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return t("input.kind.device")
    return t("input.kind.other")


def is_regular_input(path: str | os.PathLike[str]) -> bool:
    """True when `path` (its target, for a symbolic link) is a regular file: safe to open and read."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):  # ValueError: a NUL in the path
        return False


def _not_regular(kind: str) -> InputError:
    return InputError(
        t("input.special", kind=kind),
        t("input.special.hint"),
        "input.special",
    )


def too_large(size: int, cap: int) -> InputError:
    shown = f"{size // 1024} KB"
    limit = f"{cap // 1000} KB" if cap < 10_000_000 else f"{cap // 1_000_000} MB"
    return InputError(
        t("input.too-large", size=shown, limit=limit),
        t("input.too-large.hint"),
        "too-large",
    )


def check_regular(path: str | os.PathLike[str], cap: int) -> os.stat_result:
    """The file's stat when it is a regular file of at most `cap` bytes; InputError otherwise."""
    try:
        st = os.stat(path)
    except (OSError, ValueError) as exc:
        raise InputError(t("input.io", why=getattr(exc, "strerror", None) or exc), t("input.io.hint"), "io") from None
    kind = special_kind(st.st_mode)
    if kind is not None:
        raise _not_regular(kind)
    if st.st_size > cap:
        raise too_large(st.st_size, cap)
    return st


def read_regular(path: str | os.PathLike[str], cap: int) -> bytes:
    """The bytes of a regular file of at most `cap` bytes; InputError for anything else."""
    check_regular(path, cap)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(t("input.io", why=exc.strerror or exc), t("input.io.hint"), "io") from None
    try:
        kind = special_kind(os.fstat(fd).st_mode)  # the path may have been replaced since the stat
        if kind is not None:
            raise _not_regular(kind)
        chunks: list[bytes] = []
        size = 0
        while size <= cap:
            chunk = os.read(fd, min(1 << 20, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(t("input.io", why=exc.strerror or exc), t("input.io.hint"), "io") from None
    finally:
        os.close(fd)
    if size > cap:
        raise too_large(size, cap)
    return b"".join(chunks)
