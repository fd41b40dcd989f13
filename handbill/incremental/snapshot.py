"""The templates as this build read them, once: Jinja loads from this snapshot and the page cache's
key is computed from it, so a template saved during a build can never pair old pages with a new key
(or new pages with an old one)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from ..inputs import MAX_TEMPLATE_BYTES, InputError, read_regular
from ..load import is_debris


class TemplateSnapshot:
    """Every file under the template folders (the site's first), read once as bytes."""

    def __init__(self, dirs: list[Path]) -> None:
        self.dirs = [str(d) for d in dirs]
        self.files: list[dict[str, bytes | None]] = []
        for folder in self.dirs:
            found: dict[str, bytes | None] = {}
            for dirpath, dirnames, filenames in os.walk(folder):
                dirnames[:] = sorted(d for d in dirnames if not is_debris(d) and d != "__pycache__")
                for name in sorted(filenames):
                    if is_debris(name):
                        continue
                    full = os.path.join(dirpath, name)
                    rel = os.path.relpath(full, folder).replace(os.sep, "/")
                    try:
                        found[rel] = read_regular(full, MAX_TEMPLATE_BYTES)
                    except (OSError, InputError):
                        found[rel] = None  # reported by i18n.check_templates; never loaded
            self.files.append(found)

    def digest_parts(self) -> list[tuple[str, list[tuple[str, bytes | None]]]]:
        return [(folder, sorted(files.items())) for folder, files in zip(self.dirs, self.files, strict=True)]


class SnapshotLoader(jinja2.BaseLoader):
    """A FileSystemLoader over the snapshot: same search order, same file names in tracebacks."""

    def __init__(self, snapshot: TemplateSnapshot) -> None:
        self.snapshot = snapshot

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        rel = "/".join(split_template_path(template))
        for folder, files in zip(self.snapshot.dirs, self.snapshot.files, strict=True):
            if rel in files:
                data = files[rel]
                if data is None:
                    raise jinja2.TemplateNotFound(template)
                return data.decode("utf-8"), os.path.normpath(os.path.join(folder, rel)), lambda: True
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        return sorted({rel for files in self.snapshot.files for rel in files})
