"""`build.py new KIND SLUG`: a content file with every field, commented, generated from the schema."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .load import CONTENT_DIR, check_slug
from .schema import KIND_MODELS, translatable_fields

#: Singular names people type, to the folder they mean.
KIND_ALIASES = {
    "speaker": "speakers",
    "session": "sessions",
    "booth": "booths",
    "city": "cities",
    "region": "cities",
    "news": "news",
    "page": "pages",
}


class ScaffoldError(Exception):
    pass


def _example(name: str, info: Any, title: str, day: dt.date) -> str:
    ann = str(info.annotation)
    if name in {"title", "name"}:
        return _quote(title)
    if name == "start":
        return f"{day.isoformat()} 09:00"
    if name == "end":
        return f"{day.isoformat()} 10:00"
    if name == "date":
        return day.isoformat()
    if name == "room":
        return "ruang-utama"
    if name == "number":
        return '"01"'
    if name == "type" and "kota" in ann:
        return "kota"
    if name == "province":
        return '""'
    if "tuple" in ann:
        return "[]"
    if info.default is None or info.is_required():
        return ""
    if isinstance(info.default, bool):
        return "true" if info.default else "false"
    if isinstance(info.default, int | str):
        return _quote(str(info.default)) if isinstance(info.default, str) else str(info.default)
    return ""


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scaffold_text(kind: str, title: str, day: dt.date, translation: bool = False) -> str:
    model: type[BaseModel] = KIND_MODELS[kind]
    allowed = translatable_fields(model)
    lines = ["---"]
    for name, info in model.model_fields.items():
        if translation and name not in allowed:
            continue
        required = info.is_required()
        desc = info.description or ""
        flag = "wajib / required" if required else "boleh dikosongkan / optional"
        lines.append(f"# {desc} ({flag})" if desc else f"# ({flag})")
        value = _example(name, info, title, day)
        if required or value not in ("", '""', "[]") or name in {"summary", "description"}:
            lines.append(f"{name}: {value}".rstrip())
        else:
            lines.append(f"# {name}: {value}".rstrip())
    lines += ["---", "", "Tulis isi di sini dalam Markdown. / Write the body here in Markdown.", ""]
    return "\n".join(lines)


def new_entry(
    root: Path, kind: str, slug: str, title: str | None, lang: str | None, languages: tuple[str, ...], day: dt.date
) -> Path:
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in KIND_MODELS:
        raise ScaffoldError(f"unknown kind '{kind}' (use one of: {', '.join(sorted(KIND_ALIASES))})")
    why = check_slug(slug)
    if why:
        raise ScaffoldError(f"'{slug}' cannot be used as a file name: {why}")
    translation = bool(lang) and lang != languages[0]
    if lang and lang not in languages:
        raise ScaffoldError(f"unknown language '{lang}' (site.yaml lists: {', '.join(languages)})")
    folder = root / CONTENT_DIR / kind
    path = folder / (f"{slug}.{lang}.md" if translation else f"{slug}.md")
    if translation and not (folder / f"{slug}.md").exists():
        raise ScaffoldError(f"{CONTENT_DIR}/{kind}/{slug}.md does not exist yet; create the original first")
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root)} already exists; nothing was changed")
    folder.mkdir(parents=True, exist_ok=True)
    text = scaffold_text(kind, title or slug.replace("-", " ").title(), day, translation)
    with open(path, "x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
        fh.write(text)
    return path
