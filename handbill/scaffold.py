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

from .load import BODY_PLACEHOLDER, CONTENT_DIR
from .messages import t
from .schema import KIND_MODELS, description_id, translatable_fields
from .text import bad_character, check_slug

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
    "booths": ["booths: [nama-stan]"],
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


def _known_value(
    name: str, kind: str, title: str, day: dt.date, room: str, given: dict[str, str] | None = None
) -> str | None:
    """A valid value the generator can fill in, or None."""
    if given and name in given:
        return given[name]
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


def scaffold_text(
    kind: str,
    title: str,
    day: dt.date,
    translation: bool = False,
    room: str = "ballroom",
    given: dict[str, str] | None = None,
) -> str:
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
        known = _known_value(name, kind, title, day, room, given)
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
    lines += ["---", "", BODY_PLACEHOLDER, ""]
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
    given: dict[str, str] | None = None,
) -> Path:
    """Write the new file.  `given`: values chosen for this site (free_values), by field name."""
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in KIND_MODELS:
        choices = ", ".join(sorted({"speaker", "session", "booth", "city", "news", "page"}))
        raise ScaffoldError(t("new.unknown-kind", kind=kind, choices=choices))
    why = check_slug(slug)
    if why:
        raise ScaffoldError(t("new.bad-slug", slug=slug, why=why))
    if lang and lang not in languages:
        raise ScaffoldError(t("new.unknown-language", lang=lang, languages=", ".join(languages)))
    translation = bool(lang) and lang != languages[0]
    folder = root / CONTENT_DIR / kind
    path = folder / (f"{slug}.{lang}.md" if translation else f"{slug}.md")
    if translation and not (folder / f"{slug}.md").exists():
        raise ScaffoldError(t("new.no-original", path=f"{CONTENT_DIR}/{kind}/{slug}.md", kind=kind, slug=slug))
    if path.exists():
        raise ScaffoldError(t("new.exists", path=path.relative_to(root).as_posix()))
    if title is not None and bad_character(title):
        # A title typed in another encoding arrives as lone surrogates (os.fsdecode): it cannot be
        # written as UTF-8, so refuse it before any file exists.
        raise ScaffoldError(t("new.bad-title"))

    text = scaffold_text(kind, title or slug.replace("-", " ").title(), day, translation, room, given)
    data = text.encode("utf-8")  # before the file exists: a failure leaves nothing behind
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as fh:  # "x": never overwrite, even in a race
        fh.write(data)
    return path


def first_room(config: Any) -> str:
    rooms = getattr(config.front, "rooms", [])
    return str(rooms[0].id) if rooms else "ballroom"


def _front(path: Path) -> dict[str, Any]:
    """The front matter of an existing entry, or {} when it cannot be read (the build reports it)."""
    from .inputs import InputError, read_regular
    from .yamlsafe import parse_yaml

    try:
        text = read_regular(path, 1_000_000).decode("utf-8")
    except (InputError, OSError, UnicodeDecodeError):
        return {}
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in {"---", "..."}), None)
    if end is None:
        return {}
    data = parse_yaml("\n".join(lines[1:end])).data
    return data if isinstance(data, dict) else {}


def _others(root: Path, kind: str) -> list[dict[str, Any]]:
    folder = root / CONTENT_DIR / kind
    if not folder.is_dir():
        return []
    return [_front(p) for p in sorted(folder.glob("*.md")) if p.name.count(".") == 1]


def _when(value: Any, day_of: dt.date | None = None) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("T", " ")).replace(tzinfo=None)
        except ValueError:
            return None
    return None


#: The hours a new session may be put at, in order of preference.
SLOT_HOURS = tuple(range(9, 18))


def free_values(root: Path, kind: str, config: Any) -> dict[str, str]:
    """Values that make a new entry build as it is, beside the entries already there (issue 13):
    a session gets a day, an hour and a room that no session uses yet; a booth the next unused number."""
    if kind == "sessions":
        taken: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
        for front in _others(root, "sessions"):
            start, end = _when(front.get("start")), _when(front.get("end"))
            if start is not None and end is not None and isinstance(front.get("room"), str):
                taken.setdefault(front["room"], []).append((start, end))
        rooms = [str(r.id) for r in getattr(config.front, "rooms", [])] or ["ballroom"]
        for day in config.days:
            for hour in SLOT_HOURS:
                start = dt.datetime.combine(day, dt.time(hour))
                end = start + dt.timedelta(hours=1)
                for room in rooms:
                    if all(end <= a or start >= b for a, b in taken.get(room, [])):
                        return {
                            "start": f"{start:%Y-%m-%d %H:%M}",
                            "end": f"{end:%Y-%m-%d %H:%M}",
                            "room": room,
                        }
        return {}
    if kind == "booths":
        numbers = {str(front.get("number")) for front in _others(root, "booths")}
        n = 1
        while f"{n:02d}" in numbers:
            n += 1
        return {"number": f'"{n:02d}"'}
    return {}
