"""Interface strings: `templates/i18n/<lang>.yaml`, one key per string, nested keys joined by dots.

Every language must have every key of the default language (checked with line numbers), so a
missing English label is a build error rather than a page that silently mixes languages.  The
section names of URLs (`path.speakers: pembicara`) and date patterns live here too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .inputs import MAX_TEMPLATE_BYTES, InputError, check_regular
from .load import is_debris
from .messages import t
from .problems import Problems
from .text import check_values, read_source
from .yamlsafe import Pos, parse_yaml

I18N_DIR = "i18n"


@dataclass(frozen=True)
class Strings:
    lang: str
    table: dict[str, str]

    def get(self, key: str) -> str:
        return self.table[key]


def _flatten(
    data: Any, prefix: str, out: dict[str, str], positions: dict[str, Pos], ypos: dict[Any, Pos], path: tuple[Any, ...]
) -> list[tuple[str, Pos]]:
    bad: list[tuple[str, Pos]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            bad += _flatten(value, name, out, positions, ypos, (*path, key))
    elif isinstance(data, str):
        out[prefix] = data
        positions[prefix] = ypos.get(path, Pos(1, 1))
    else:
        bad.append((prefix, ypos.get(path, Pos(1, 1))))
    return bad


def load_strings(
    template_dirs: list[Path], languages: tuple[str, ...], problems: Problems, root: Path
) -> dict[str, Strings]:
    """Load each language's file from the first template folder that has it."""
    check_templates(template_dirs, problems, root)
    tables: dict[str, dict[str, str]] = {}
    where: dict[str, tuple[str, dict[str, Pos]]] = {}
    for lang in languages:
        path = next(
            (d / I18N_DIR / f"{lang}.yaml" for d in template_dirs if os.path.lexists(d / I18N_DIR / f"{lang}.yaml")),
            None,
        )
        if path is None:
            problems.add(
                f"templates/{I18N_DIR}/{lang}.yaml",
                0,
                0,
                t("i18n.no-file", lang=lang),
                t("i18n.no-file.hint", dir=I18N_DIR, default=languages[0]),
                code="i18n.no-file",
            )
            continue
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = f"templates/{I18N_DIR}/{lang}.yaml"
        text = read_source(path, rel, problems)
        if text is None:
            continue
        parsed = parse_yaml(text)
        for line, col, message, hint in parsed.errors:
            problems.add(rel, line, col, message, hint, code="yaml")
        if parsed.errors or not isinstance(parsed.data, dict):
            continue
        if not check_values(parsed.data, dict(parsed.positions), rel, problems):
            continue
        table: dict[str, str] = {}
        positions: dict[str, Pos] = {}
        for key, pos in _flatten(parsed.data, "", table, positions, dict(parsed.positions), ()):
            problems.add(
                rel, pos.line, pos.col, t("i18n.not-text", key=key), t("i18n.not-text.hint"), code="i18n.not-text"
            )
        tables[lang] = table
        where[lang] = (rel, positions)
    default = languages[0]
    if default in tables:
        for lang in languages[1:]:
            if lang not in tables:
                continue
            rel, _ = where[lang]
            for key in sorted(set(tables[default]) - set(tables[lang])):
                pos = where[default][1][key]
                problems.add(
                    rel,
                    0,
                    0,
                    t("i18n.missing", key=key),
                    t("i18n.missing.hint", line=pos.line, file=where[default][0]),
                    code="i18n.missing",
                )
    return {lang: Strings(lang, table) for lang, table in tables.items()}


def check_templates(template_dirs: list[Path], problems: Problems, root: Path) -> None:
    """Every file under the template folders is one Jinja or this module may open: a FIFO, a device,
    a socket (or a link to one) or an oversized file there would hang or exhaust the build."""
    for folder in template_dirs:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            dirnames[:] = [d for d in dirnames if not is_debris(d)]
            for name in sorted(filenames):
                if is_debris(name):  # never read (an editor's lock file may be a dangling link)
                    continue
                full = Path(dirpath) / name
                try:
                    check_regular(full, MAX_TEMPLATE_BYTES)
                except InputError as exc:
                    try:
                        rel = full.relative_to(root).as_posix()
                    except ValueError:
                        rel = f"templates/{full.relative_to(folder).as_posix()}"
                    problems.add(rel, 0, 0, exc.why, exc.hint, code=exc.code)
