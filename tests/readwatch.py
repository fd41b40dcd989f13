"""Which files a test opened in a folder *beside* the repository, where a user's clone has nothing.

An audit hook (PEP 578) sees every `open`, `os.listdir`, `os.scandir` and `glob.glob` of this process;
tests/conftest.py fails the test during which one of them reached beside the repository.  The Python
installation and hidden folders (a home directory's caches, when the clone sits in one) do not count,
nor, when the repository sits right in the temporary folder (`/tmp/clone`), what tests make there.
Subprocesses are not seen: tests/unit/test_self_contained.py checks their source.
Imported as `tests.readwatch` only, so the hook is installed once however many conftests load.
"""

from __future__ import annotations

import os
import sys
import sysconfig
import tempfile
from pathlib import Path

OUTSIDE: list[str] = []
_READS = frozenset({"open", "os.listdir", "os.scandir", "glob.glob"})
_installed: list[Path] = []


#: What tests make in the temporary folder, when the repository itself sits right in it (`/tmp/clone`):
#: pytest's and tempfile's folders, Playwright's.  Anywhere else the temporary folder is not beside it.
_TEMPORARY = ("pytest-of-", "tmp", "playwright")


def _allowed_prefixes() -> tuple[str, ...]:
    places = {sys.prefix, sys.base_prefix, sys.exec_prefix, *sysconfig.get_paths().values()}
    return tuple(os.path.join(os.path.realpath(p), "") for p in places if p)


def install(project: Path) -> None:
    if _installed:
        return
    _installed.append(project)
    beside = os.path.join(str(project.parent), "")
    inside = os.path.join(str(project), "")
    allowed = _allowed_prefixes()
    temporary = (".", *_TEMPORARY) if os.path.realpath(tempfile.gettempdir()) == str(project.parent) else (".",)

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event not in _READS or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        try:
            path = os.path.abspath(os.fsdecode(args[0]))
        except (TypeError, ValueError):
            return
        if (
            path.startswith(beside)
            and not (path + os.sep).startswith(inside)
            and not path[len(beside) :].startswith(temporary)
            and not (path + os.sep).startswith(allowed)
        ):
            OUTSIDE.append(path)

    sys.addaudithook(hook)
