"""Which files a test opened in a folder *beside* the repository, where a user's clone has nothing.

An audit hook (PEP 578) sees every `open`, `os.listdir`, `os.scandir` and `glob.glob` of this process;
tests/conftest.py fails the test during which one of them reached into what lay beside the repository
when the session started (project notes, a sibling checkout).  What tests make during the session
(temporary folders, even when the clone sits right in /tmp), hidden folders (a home directory's caches,
when the clone sits in one), pytest's temporary root and the Python installation do not count.
Subprocesses are not seen: tests/unit/test_self_contained.py checks their source.
Imported as `tests.readwatch` only, so the hook is installed once however many conftests load.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path

OUTSIDE: list[str] = []
_READS = frozenset({"open", "os.listdir", "os.scandir", "glob.glob"})
_installed: list[Path] = []


def siblings(project: Path) -> frozenset[str]:
    """The names beside the repository that a read must not reach."""
    try:
        names = set(os.listdir(project.parent))
    except OSError:
        return frozenset()
    python = {
        os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, *sysconfig.get_paths().values())
    }
    return frozenset(
        name
        for name in names
        if name != project.name
        and not name.startswith((".", "pytest-of-"))
        and not any(
            p == str(project.parent / name) or p.startswith(str(project.parent / name) + os.sep) for p in python
        )
    )


def install(project: Path) -> None:
    if _installed:
        return
    _installed.append(project)
    beside = os.path.join(str(project.parent), "")
    watched = siblings(project)

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event not in _READS or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        try:
            path = os.path.abspath(os.fsdecode(args[0]))
        except (TypeError, ValueError):
            return
        if path.startswith(beside) and path[len(beside) :].split(os.sep, 1)[0] in watched:
            OUTSIDE.append(path)

    if watched:
        sys.addaudithook(hook)
