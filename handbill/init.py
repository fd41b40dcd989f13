"""`handbill init DIR`: a new event site that builds at once, with every setting explained.

site.yaml is generated from the schema (handbill/schema.py): every setting, nested ones included, gets
its Indonesian and English description as a comment, so the file never falls behind the schema;
settings the new site does not use yet are present as commented examples.  Content is one example of
each kind (starter.py), in the site's first language with translations where a text exists.  The
default theme has interface strings for id, en and nl; any other language gets a copy of the English
strings to translate (templates/i18n/<lang>.yaml), named and flagged in the file's first line.

Everything is written into a temporary folder beside DIR and checked with a strict build first, so a
failed init leaves nothing behind, and DIR appears only complete.  A folder that is not empty is
refused: init never mixes its files with somebody else's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import string
import tempfile
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import THEME_DIR
from .config import language_name
from .i18n import I18N_DIR
from .messages import t as msg
from .problems import Problem
from .scaffold import _comment, _default
from .schema import LANG_RE, SiteFront, description_id
from .starter import EXAMPLES, GITIGNORE, README, SITE_IDS, SITE_TEXTS, TEXT_LANGUAGES
from .yamlwrite import flow, scalar

#: Time zones of Indonesia with the abbreviations people read next to times.
INDONESIAN_ZONES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
DEFAULT_LANGUAGES = ("id", "en")
DEFAULT_TIMEZONE = "Asia/Jakarta"
MAX_DAYS = 31

#: Commented examples for settings the new site leaves unset (keyed by their dotted path).
SETTING_EXAMPLES: dict[str, list[str]] = {
    "event.venue.building": ['building: "Nama gedung / name of the building"'],
    "event.venue.coordinates": ["coordinates: {lat: -6.2, lon: 106.8}"],
    "event.organizer": ["organizer:", "  name: $organizer", "  url: https://example.org/"],
    "event.host": ["host:", "  name: $host", "  url: https://example.org/"],
    "subsectors": ["subsectors:", "  - {id: kriya, name: {id: Kriya, en: Crafts}}"],
    "region_categories": [
        "region_categories:",
        "  - id: jaringan",
        "    name: {id: Nama jaringan, en: Name of the network}",
        '    label: {id: "Anggota bidang {field} ({year})", en: "Member for {field} ({year})"}',
        "    fields:",
        "      - {id: desain, name: {id: Desain, en: Design}}",
    ],
    "partners": ["partners:", "  - {name: Nama mitra, url: https://example.org/}"],
    "copyright": ['copyright: "© $year $name"'],
}


class InitError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Plan:
    """What init was asked for, checked."""

    folder: Path
    name: str
    languages: tuple[str, ...]
    timezone: str
    start: dt.date
    end: dt.date

    @property
    def text_language(self) -> str:
        """The language the example texts of `<slug>.md` are written in."""
        first = self.languages[0]
        return first if first in TEXT_LANGUAGES else "en"


def _error(where: str, message: str, hint: str, code: str) -> InitError:
    return InitError([Problem(where, 0, 0, "error", message, hint, code)])


def plan(
    folder: Path,
    languages: str | None = None,
    timezone: str | None = None,
    start: str | None = None,
    end: str | None = None,
    name: str | None = None,
    today: dt.date | None = None,
) -> Plan:
    """Check the options; raise InitError with one problem per mistake."""
    problems: list[Problem] = []
    shown = str(folder)
    if folder.exists() and not folder.is_dir():
        problems.append(
            Problem(shown, 0, 0, "error", msg("init.not-a-folder"), msg("init.not-a-folder.hint"), "init.not-a-folder")
        )
    elif folder.is_dir() and any(folder.iterdir()):
        problems.append(
            Problem(
                shown,
                0,
                0,
                "error",
                msg("init.not-empty"),
                msg("init.not-empty.hint"),
                "init.not-empty",
            )
        )
    langs = tuple(x.strip() for x in (languages or ",".join(DEFAULT_LANGUAGES)).split(",") if x.strip())
    for lang in langs:
        if not LANG_RE.match(lang):
            problems.append(
                Problem(
                    "--languages",
                    0,
                    0,
                    "error",
                    msg("init.not-language-code", lang=lang),
                    msg("init.not-language-code.hint"),
                    "init.language",
                )
            )
            continue
        try:
            Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            problems.append(
                Problem(
                    "--languages",
                    0,
                    0,
                    "error",
                    msg("init.unknown-language", lang=lang),
                    msg("init.unknown-language.hint"),
                    "init.language",
                )
            )
    if not langs or len(set(langs)) != len(langs):
        problems.append(
            Problem(
                "--languages",
                0,
                0,
                "error",
                msg("init.languages"),
                msg("init.languages.hint"),
                "init.language",
            )
        )
    tz = timezone or DEFAULT_TIMEZONE
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(
            Problem(
                "--timezone",
                0,
                0,
                "error",
                msg("init.timezone", tz=tz),
                msg("init.timezone.hint"),
                "init.timezone",
            )
        )
    first = last = None
    try:
        first = dt.date.fromisoformat(start) if start else (today or dt.date.today()) + dt.timedelta(days=30)
    except ValueError:
        problems.append(
            Problem("--start", 0, 0, "error", msg("init.not-date", value=start), msg("init.not-date.hint"), "init.date")
        )
    try:
        last = dt.date.fromisoformat(end) if end else (first + dt.timedelta(days=1) if first else None)
    except ValueError:
        problems.append(
            Problem("--end", 0, 0, "error", msg("init.not-date", value=end), msg("init.not-date.hint"), "init.date")
        )
    if first and last and last < first:
        problems.append(
            Problem(
                "--end",
                0,
                0,
                "error",
                msg("init.end-before-start", last=last, first=first),
                msg("init.end-before-start.hint"),
                "init.date",
            )
        )
    elif first and last and (last - first).days >= MAX_DAYS:
        problems.append(
            Problem("--end", 0, 0, "error", msg("init.too-long", max=MAX_DAYS), msg("init.too-long.hint"), "init.date")
        )
    if problems or first is None or last is None:
        raise InitError(problems)
    title = (name or folder.absolute().name.replace("-", " ").replace("_", " ").strip().title() or "Event").strip()
    return Plan(folder, title, langs, tz, first, last)


# --- site.yaml, generated from the schema -------------------------------------------------------


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The schema model a field holds (also when optional), or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _item_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a list's items (list[Room] → Room), or None."""
    if typing.get_origin(annotation) is list:
        args = typing.get_args(annotation)
        return _model_of(args[0]) if args else None
    return None


def _item_comments(
    model: type[BaseModel], pad: str, header: str = "Setiap butir / each item", depth: int = 1
) -> list[str]:
    lines = [f"{pad}# {header}:"] if header else []
    inset = "  " * depth
    for name, info in model.model_fields.items():
        lines.append(f"{pad}#{inset} {name}: {description_id(info)}")
        if info.description and info.description != description_id(info):
            lines.append(f"{pad}#{inset} {' ' * len(name)}  {info.description}")
        nested = _item_model(info.annotation) or _model_of(info.annotation)
        if nested is not None:
            lines += _item_comments(nested, pad, "", depth + 2)
    return lines


def _render(
    model: type[BaseModel], values: dict[str, Any], indent: int, path: tuple[str, ...], fill: dict[str, str]
) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for name, info in model.model_fields.items():
        if indent == 0 and lines:
            lines.append("")
        lines += [pad + c for c in _comment(info, False)]
        sub, item = _model_of(info.annotation), _item_model(info.annotation)
        dotted = ".".join((*path, name))
        if name in values:
            value = values[name]
            if sub is not None and item is None and isinstance(value, dict):
                lines.append(f"{pad}{name}:")
                lines += _render(sub, value, indent + 2, (*path, name), fill)
            elif item is not None and isinstance(value, list):
                lines += _item_comments(item, pad)
                lines.append(f"{pad}{name}:" if value else f"{pad}{name}: []")
                lines += [f"{pad}  - {flow(v)}" for v in value]
            elif isinstance(value, dict):  # a text per language
                lines.append(f"{pad}{name}:")
                lines += [f"{pad}  {k}: {scalar(v)}" for k, v in value.items()]
            elif isinstance(value, list):
                lines.append(f"{pad}{name}: {flow(value)}")
            else:
                lines.append(f"{pad}{name}: {scalar(value)}")
        else:
            if item is not None:
                lines += _item_comments(item, pad)
            elif sub is not None:
                lines += _item_comments(sub, pad, "Isinya / its fields")
            example = SETTING_EXAMPLES.get(dotted)
            if example:
                lines.append(f"{pad}# contoh / example:")
                lines += [f"{pad}# {string.Template(x).safe_substitute(fill)}" for x in example]
            else:
                lines.append(f"{pad}# {name}: {_default(info) or ('[]' if item is not None else '')}".rstrip())
    return lines


def timezone_label(tz: str, day: dt.date) -> str:
    """WIB / WITA / WIT in Indonesia; elsewhere the zone's own abbreviation (CET) or its offset (UTC−3)."""
    if tz in INDONESIAN_ZONES:
        return INDONESIAN_ZONES[tz]
    moment = dt.datetime.combine(day, dt.time(12, 0), tzinfo=ZoneInfo(tz))
    name = moment.tzname() or ""
    if name.isalpha():
        return name
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _local(p: Plan, texts: dict[str, str]) -> dict[str, str] | str:
    """A text in each language that has one (the first language always has one); one string when single."""
    out = {lang: texts[lang] for lang in p.languages if lang in texts}
    if p.languages[0] not in out:
        out = {p.languages[0]: texts[p.text_language], **out}
    return next(iter(out.values())) if len(out) == 1 else out


def _id(p: Plan, key: str) -> str:
    return SITE_IDS[key][p.text_language]


def site_values(p: Plan) -> dict[str, Any]:
    t = SITE_TEXTS
    pages_slug = next(e.slugs[p.text_language] for e in EXAMPLES if e.kind == "pages")
    return {
        "title": _local(p, {lang: p.name for lang in TEXT_LANGUAGES}),
        "base_url": "/",
        "languages": list(p.languages),
        "event": {
            "name": p.name,
            "tagline": _local(p, t["tagline"]),
            "description": _local(p, t["description"]),
            "start": p.start,
            "end": p.end,
            "timezone": p.timezone,
            "timezone_label": timezone_label(p.timezone, p.start),
            "venue": {
                "name": t["venue"][p.text_language],
                "address": {"locality": t["locality"][p.text_language]},
                "directions": _local(p, t["directions"]),
            },
        },
        "rooms": [
            {"id": _id(p, "room1"), "name": _local(p, t["room1"])},
            {"id": _id(p, "room2"), "name": _local(p, t["room2"])},
        ],
        "tracks": [{"id": _id(p, "track"), "name": _local(p, t["track"]), "color": "#1f5f8b"}],
        "navigation": [
            *({"section": s} for s in ("agenda", "speakers", "booths", "cities", "news")),
            {"page": pages_slug},
        ],
        "notice": _local(p, t["notice"]),
    }


HEADER = """\
# Pengaturan situs dan acara.  Setiap pengaturan dijelaskan dalam bahasa Indonesia, lalu dalam bahasa
# Inggris.  Baris yang diawali # hanyalah keterangan; hapus # di depan sebuah contoh untuk memakainya.
# Settings of the site and the event.  Each setting is explained in Indonesian, then in English.
# Lines starting with # are only comments; remove the # before an example to use it.
# Teks {id: ..., en: ...} tampil dalam bahasa halamannya / such texts are shown in the page's language.
"""


def site_yaml(p: Plan) -> str:
    fill = {
        "year": str(p.start.year),
        "name": p.name,
        "organizer": flow(_local(p, {"id": "Nama unit penyelenggara", "en": "Name of the organising unit"})),
        "host": flow(_local(p, {"id": "Nama lembaga tuan rumah", "en": "Name of the host institution"})),
    }
    return HEADER + "\n" + "\n".join(_render(SiteFront, site_values(p), 0, (), fill)) + "\n"


# --- content and the rest --------------------------------------------------------------------------


def _slug_map(p: Plan) -> dict[str, str]:
    return {e.kind: e.slugs[p.text_language] for e in EXAMPLES}


def content_files(p: Plan) -> dict[str, str]:
    """Relative path → text of every example content file."""
    slugs = _slug_map(p)
    fill = {
        **slugs,
        "province": SITE_TEXTS["province"][p.text_language],
        "day1": p.start.isoformat(),
        "news_date": (p.start - dt.timedelta(days=14)).isoformat(),
        "room": _id(p, "room1"),
        "track": _id(p, "track"),
        "language": p.languages[0],
    }
    files: dict[str, str] = {}
    for example in EXAMPLES:
        slug = slugs[example.kind]
        base = string.Template(example.texts[p.text_language] + example.fields).substitute(fill)
        body = string.Template(example.bodies.get(p.text_language, "")).substitute(fill)
        files[f"content/{example.kind}/{slug}.md"] = f"---\n{base}---\n{body}"
        for lang in p.languages[1:]:
            # English too when `<slug>.md` holds the English text for a first language without texts
            # (nl,en): without its own file the English pages would call their English text untranslated.
            if lang in example.texts:
                text = string.Template(example.texts[lang]).substitute(fill)
                tbody = string.Template(example.bodies.get(lang, "")).substitute(fill)
                files[f"content/{example.kind}/{slug}.{lang}.md"] = f"---\n{text}---\n{tbody}"
    return files


def strings_files(p: Plan) -> dict[str, str]:
    """templates/i18n/<lang>.yaml for each language the default theme has no strings for: a copy of the
    English strings with the language's own name, to translate."""
    files: dict[str, str] = {}
    source = THEME_DIR / "templates" / I18N_DIR / "en.yaml"
    for lang in p.languages:
        if (THEME_DIR / "templates" / I18N_DIR / f"{lang}.yaml").is_file():
            continue
        locale = Locale.parse(lang)
        native = locale.get_display_name(lang) or lang
        text = source.read_text(encoding="utf-8")
        named = f"\\1 {json.dumps(native, ensure_ascii=False)}"
        text = re.sub(r"(?m)^(\s*language_name:).*$", named, text, count=1)
        # The editor reads this file's first lines: in the editor's language, like every message.
        header = msg("init.strings-header", lang=lang, name=language_name(lang))
        head = f"# {header}\n# {msg('init.strings-header.how')}\n"
        files[f"templates/{I18N_DIR}/{lang}.yaml"] = head + text
    return files


def untranslated(p: Plan) -> tuple[str, ...]:
    """The site's languages that starter.py has no example texts for (it has id and en), first one first."""
    return tuple(lang for lang in p.languages if lang not in TEXT_LANGUAGES)


def notes(p: Plan, files: list[str]) -> list[str]:
    """What init tells the editor to translate, one line each: interface strings copied from English,
    then, per language without example texts, the example files (and site.yaml's texts) to translate."""
    lines = [msg("cli.init-translate", path=p.folder / rel) for rel in files if rel.startswith("templates/")]
    slug = _slug_map(p)["sessions"]
    text = language_name(p.text_language)
    for lang in untranslated(p):
        shown = {"lang": lang, "name": language_name(lang), "n": len(EXAMPLES), "text": text}
        if lang == p.languages[0]:
            example = p.folder / "content" / "sessions" / f"{slug}.md"
            lines.append(msg("cli.init-untranslated-first", example=example, **shown))
        else:
            example = p.folder / "content" / "sessions" / f"{slug}.{lang}.md"
            lines.append(msg("cli.init-untranslated", example=example, **shown))
    return lines


def all_files(p: Plan) -> dict[str, str]:
    files = {
        "site.yaml": site_yaml(p),
        "README.md": string.Template(README).substitute(name=p.name),
        ".gitignore": GITIGNORE,
    }
    files.update(content_files(p))
    files.update(strings_files(p))
    return files


def create(p: Plan, check: bool = True) -> list[str]:
    """Write the new site into p.folder (through a temporary folder beside it); return the files written.

    With `check`, the new site is first built strictly in memory: a problem there is a bug of init."""
    target = p.folder.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.handbill-init-", dir=target.parent))
    try:
        files = all_files(p)
        for rel, text in files.items():
            path = temp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if check:
            from .pipeline import Options, build

            result = build(temp, Options(write=False, strict=True))
            if not result.ok or list(result.problems):
                found = [q.format() for q in result.problems] or [msg("init.does-not-build")]
                raise InitError(
                    [
                        Problem(
                            str(p.folder),
                            0,
                            0,
                            "error",
                            msg("init.self-check", line=line),
                            msg("init.self-check.hint"),
                            "init.self-check",
                        )
                        for line in found
                    ]
                )
        if target.is_dir():
            target.rmdir()  # empty (checked by plan): its place is taken by the finished folder
        os.replace(temp, target)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
    return sorted(files)


def field_paths(model: type[BaseModel] = SiteFront, prefix: str = "") -> list[tuple[str, FieldInfo]]:
    """Every setting of `model`, nested ones as dotted paths (items of lists included): for the tests."""
    out: list[tuple[str, FieldInfo]] = []
    for name, info in model.model_fields.items():
        dotted = f"{prefix}{name}"
        out.append((dotted, info))
        sub = _item_model(info.annotation) or _model_of(info.annotation)
        if sub is not None:
            out += field_paths(sub, dotted + ".")
    return out
