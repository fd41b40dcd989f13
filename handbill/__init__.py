"""handbill: a static event-microsite generator.  The pipeline is in `handbill.pipeline`."""

import os
from pathlib import Path

__version__ = "0.1.0"

#: The package itself (code and fonts).
PACKAGE_DIR = Path(__file__).resolve().parent
#: The source checkout the package sits in (the repository's top level); in an installed wheel this is
#: site-packages, so nothing but tests and the docs generator should look here.
PROJECT_DIR = PACKAGE_DIR.parent
#: The default theme: templates/ (with the interface strings in templates/i18n/) and assets/.  A site's
#: own templates/ and assets/ are layered over it file by file (pipeline.layered).  The repository keeps
#: them at its top level; the wheel carries them inside the package, in handbill/theme/ (pyproject.toml).
THEME_DIR = PACKAGE_DIR / "theme" if (PACKAGE_DIR / "theme" / "templates").is_dir() else PROJECT_DIR


def code_stats() -> tuple[tuple[str, int, int, int], ...]:
    """(path, size, mtime_ns, inode) of every file under handbill/ (bytecode caches left out)."""
    found: list[tuple[str, int, int, int]] = []
    for dirpath, dirnames, filenames in os.walk(PACKAGE_DIR):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                st = os.stat(path)
                found.append((path, st.st_size, st.st_mtime_ns, st.st_ino))
            except OSError:
                found.append((path, -1, 0, 0))
    return tuple(found)


#: handbill/'s files when this process began loading the generator: taken here, before any of its
#: modules, so that no module is loaded from a file saved after the snapshot (incremental/store.py).
CODE_AT_LOAD = code_stats()
