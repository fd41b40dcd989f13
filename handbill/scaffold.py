"""`build.py new KIND SLUG`: a content file with every field, commented, generated from the schema.

Every field of the kind's model (handbill/schema.py) gets a comment: what it is in Indonesian, with
whether it is required and whether it is translated in the `.en.md` file, and below it, indented, the
same description in English.  Values the generator can know are
filled in and valid (the title, the first event day, the first room of site.yaml), so the file
builds as soon as the remaining `""` placeholders marked WAJIB / REQUIRED are filled.  Optional
fields are present with their default value; structured ones (links, floor-plan position, demo
times, coordinates, region categories) come with a commented example to copy.  A translation
(`--lang en`) lists only the translated fields, commented out apart from the title, so that an
empty translation never hides the original text.  An existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .load import CONTENT_DIR, check_slug
from .schema import KIND_MODELS, description_id, translatable_fields
from .text import bad_character

#: Singular names people type, to the folder they mean.
KIND_ALIASES = {
    "speaker": "speakers",
    "session": "sessions",
    "booth": "booths",
    "city": "cities",
    "region": "cities",
    "daerah": "cities",
    "news": "news",
    "page": "pages",
}

#: Commented examples for fields whose value is a structure rather than one word.
EXAMPLES = {
    "links": ["links:", "  - label: Instagram", "    url: https://www.instagram.com/nama_akun"],
    "position": ["position: {x: 100, y: 200, w: 60, h: 40}"],
    "demos": ["demos:", "  - start: {day} 13:00", "    end: {day} 14:00"],
    "coordinates": ["coordinates: {lat: -6.2, lon: 106.8}"],
    "categories": ["categories: [nama-kelompok, {id: kelompok-lain, field: desain, year: 2015}]"],
    "speakers": ["speakers: [nama-pembicara, nama-pembicara-lain]"],
    "booths": ["booths: [nama-booth]"],
    "subsectors": ["subsectors: [kriya, kuliner]"],
    "products": ["products: [Batik tulis, Tenun]"],
    "sessions": ["sessions: [pembukaan]"],
    "cities": ["cities: [kota-bandung]"],
    "tags": ["tags: [pengumuman]"],
}

#: Words YAML 1.1 reads as something else than text.
YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}

REQUIRED_MARK = "WAJIB / REQUIRED"
OPTIONAL_MARK = "boleh dikosongkan / optional"
TRANSLATED_MARK = "diterjemahkan di .en.md / translated"


class ScaffoldError(Exception):
    pass


def _quote(text: str) -> str:
    if re.fullmatch(r"[a-z][a-z0-9-]*", text) and text not in YAML_WORDS:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _known_value(name: str, kind: str, title: str, day: dt.date, room: str) -> str | None:
    """A valid value the generator can fill in, or None."""
    if name in {"title", "name"}:
        return _quote(title)
    if kind == "sessions" and name == "start":
        return f"{day.isoformat()} 09:00"
    if kind == "sessions" and name == "end":
        return f"{day.isoformat()} 10:00"
    if kind == "sessions" and name == "room":
        return room
    if kind == "news" and name == "date":
        return day.isoformat()
    if kind == "cities" and name == "type":
        return "kota"
    return None


def _default(info: FieldInfo) -> str:
    """The field's default as YAML: what leaving the line as it is means."""
    value = info.default
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, list | tuple) and not value:
        return "[]"
    return ""


def _comment(info: FieldInfo, translated: bool) -> list[str]:
    """'# Indonesian description (marks)', then '#   English description' when it differs."""
    marks = [REQUIRED_MARK if info.is_required() else OPTIONAL_MARK]
    if translated:
        marks.append(TRANSLATED_MARK)
    desc_id = description_id(info).strip()
    desc_en = (info.description or "").strip()
    lines = [f"# {desc_id} ({'; '.join(marks)})" if desc_id else f"# ({'; '.join(marks)})"]
    if desc_en and desc_en != desc_id:
        lines.append(f"#   {desc_en}")
    return lines


def scaffold_text(kind: str, title: str, day: dt.date, translation: bool = False, room: str = "ballroom") -> str:
    model: type[BaseModel] = KIND_MODELS[kind]
    allowed = translatable_fields(model)
    lines = ["---"]
    if translation:
        lines.append("# Terjemahan: hanya kolom yang diterjemahkan. / Translation: translated fields only.")
    fields = sorted(model.model_fields.items(), key=lambda item: item[0] == "draft")  # draft last
    for name, info in fields:
        if translation and name not in allowed:
            continue
        lines += _comment(info, name in allowed)
        known = _known_value(name, kind, title, day, room)
        example = [line.replace("{day}", day.isoformat()) for line in EXAMPLES.get(name, [])]
        if known is not None:
            lines.append(f"{name}: {known}")
        elif info.is_required():
            lines.append(f'{name}: ""  # <- isi / fill in')
        elif translation:
            lines.append(f"# {name}: {_default(info)}".rstrip())
        else:
            default = _default(info)
            if default or not example:
                lines.append(f"{name}: {default}".rstrip())
        if example:
            lines.append("# contoh / example:")
            lines += [f"# {line}" for line in example]
    lines += ["---", "", "Tulis isi di sini dalam Markdown. / Write the body here in Markdown.", ""]
    return "\n".join(lines)


def new_entry(
    root: Path,
    kind: str,
    slug: str,
    title: str | None,
    lang: str | None,
    languages: tuple[str, ...],
    day: dt.date,
    room: str = "ballroom",
) -> Path:
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in KIND_MODELS:
        choices = ", ".join(sorted({"speaker", "session", "booth", "city", "news", "page"}))
        raise ScaffoldError(f"unknown kind '{kind}' (use one of: {choices})")
    why = check_slug(slug)
    if why:
        raise ScaffoldError(f"'{slug}' cannot be used as a file name: {why}")
    if lang and lang not in languages:
        raise ScaffoldError(f"unknown language '{lang}' (site.yaml lists: {', '.join(languages)})")
    translation = bool(lang) and lang != languages[0]
    folder = root / CONTENT_DIR / kind
    path = folder / (f"{slug}.{lang}.md" if translation else f"{slug}.md")
    if translation and not (folder / f"{slug}.md").exists():
        raise ScaffoldError(
            f"{CONTENT_DIR}/{kind}/{slug}.md does not exist yet; create the original first "
            f"(python build.py new {kind} {slug})"
        )
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} already exists; nothing was changed")
    if title is not None and bad_character(title):
        # A title typed in another encoding arrives as lone surrogates (os.fsdecode): it cannot be
        # written as UTF-8, so refuse it before any file exists.
        raise ScaffoldError(
            "the title is not plain UTF-8 text (or holds control characters); "
            "set your terminal to UTF-8 or type the title in the file afterwards"
        )
    text = scaffold_text(kind, title or slug.replace("-", " ").title(), day, translation, room)
    data = text.encode("utf-8")  # before the file exists: a failure leaves nothing behind
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as fh:  # "x": never overwrite, even in a race
        fh.write(data)
    return path


def first_room(config: Any) -> str:
    rooms = getattr(config.front, "rooms", [])
    return str(rooms[0].id) if rooms else "ballroom"
