"""Stage 1: site.yaml → SiteConfig.  Any problem here is a configuration error (exit code 2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel

from . import fields
from .links import link_problem
from .messages import join_list, set_site_language, t
from .messages import language as message_language
from .problems import ConfigError, Problem, Problems
from .schema import LocalText, SiteFront
from .text import check_values, read_source
from .yamlsafe import Path_, Pos, parse_yaml

SITE_FILE = "site.yaml"
#: An event longer than this is a typing mistake in a date (every day gets its own agenda part).
MAX_EVENT_DAYS = 366


@dataclass(frozen=True)
class SiteConfig:
    front: SiteFront
    tz: ZoneInfo
    base_url: str  # always ends with '/'
    base_path: str  # the path part of base_url: '/' or '/ccc/'
    languages: tuple[str, ...]
    days: tuple[dt.date, ...]
    raw: dict[str, object]  # the parsed mapping, for the build fingerprint
    warnings: tuple[Problem, ...] = ()

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def text(self, value: LocalText, lang: str) -> str:
        """A site.yaml text in `lang`, falling back to the default language."""
        if isinstance(value, str):
            return value
        return value.get(lang) or value.get(self.default_language) or ""

    def text_lang(self, value: LocalText, lang: str) -> str:
        """The language of what `text(value, lang)` gives: `lang` when the text has it (or is one plain
        text for every language, or is empty), else the default language, whose text stands in."""
        if isinstance(value, str) or value.get(lang) or not value.get(self.default_language):
            return lang
        return self.default_language

    @property
    def absolute(self) -> bool:
        return bool(urlsplit(self.base_url).scheme)


def normalise_base_url(url: str) -> tuple[str, str] | None:
    """('https://x.org/ccc/', '/ccc/') from any spelling, or None when it is not usable."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced '[' in the host
        return None
    if parts.scheme and parts.scheme not in {"http", "https"}:
        return None
    if parts.scheme and not parts.netloc:
        return None
    if parts.query or parts.fragment or ".." in parts.path.split("/"):
        return None
    path = parts.path or "/"
    if not path.startswith("/"):
        return None
    if not path.endswith("/"):
        path += "/"
    base = f"{parts.scheme}://{parts.netloc}{path}" if parts.scheme else path
    return base, path


def load_config(root: Path, base_url: str | None = None) -> SiteConfig:
    problems = Problems()
    path = root / SITE_FILE
    if not path.exists() and not path.is_symlink():
        raise ConfigError([_p(t("config.missing", file=SITE_FILE, root=root), t("config.missing.hint"))])
    text = read_source(path, SITE_FILE, problems)
    if text is None:
        raise ConfigError(problems.sorted())
    parsed = parse_yaml(text)
    for line, col, message, hint in parsed.errors:
        problems.add(SITE_FILE, line, col, message, hint, code="yaml")
    if problems.errors:
        raise ConfigError(problems.sorted())
    check_values(parsed.data, parsed.positions, SITE_FILE, problems)
    if problems.errors:
        raise ConfigError(problems.sorted())
    set_site_language(_default_language(parsed.data))
    front = fields.validate(
        SiteFront, parsed.data, parsed.positions, SITE_FILE, problems, start=Pos(1, 1), what="site settings"
    )
    if front is None or problems.errors:
        raise ConfigError(problems.sorted())

    def at(*key: str | int) -> Pos:
        return fields.position(parsed.positions, key, Pos(1, 1))

    try:
        tz = zone(front.event.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pos = at("event", "timezone")
        problems.add(
            SITE_FILE,
            pos.line,
            pos.col,
            t("config.timezone", tz=front.event.timezone),
            t("config.timezone.hint"),
            code="config.timezone",
        )
        tz = ZoneInfo("UTC")
    base = normalise_base_url(base_url if base_url is not None else front.base_url)
    if base is None and base_url is not None:  # given on the command line: site.yaml is not to blame
        problems.add(
            "--base-url",
            0,
            0,
            t("config.base-url-option", url=base_url),
            t("config.base-url.hint"),
            code="config.base-url",
        )
        base = ("/", "/")
    elif base is None:
        pos = at("base_url")
        problems.add(
            SITE_FILE,
            pos.line,
            pos.col,
            t("config.base-url", url=front.base_url),
            t("config.base-url.hint"),
            code="config.base-url",
        )
        base = ("/", "/")
    if front.event.end < front.event.start:
        pos = at("event", "end")
        problems.add(
            SITE_FILE,
            pos.line,
            pos.col,
            t("config.end-before-start"),
            t("config.end-before-start.hint"),
            code="config.end-before-start",
        )
    elif (front.event.end - front.event.start).days >= MAX_EVENT_DAYS:
        pos = at("event", "end")
        problems.add(
            SITE_FILE,
            pos.line,
            pos.col,
            t("config.event-length", days=(front.event.end - front.event.start).days + 1, max=MAX_EVENT_DAYS),
            t("config.event-length.hint"),
            code="config.event-length",
        )
    if not front.languages or len(set(front.languages)) != len(front.languages):
        pos = at("languages")
        problems.add(
            SITE_FILE, pos.line, pos.col, t("config.languages"), t("config.languages.hint"), code="config.languages"
        )
    for i, lang in enumerate(front.languages):
        if not known_locale(lang):
            pos = at("languages", i)
            problems.add(
                SITE_FILE,
                pos.line,
                pos.col,
                t("config.unknown-language", lang=lang),
                t("config.unknown-language.hint"),
                code="config.unknown-language",
            )
    for key, url in site_links(front):
        why = link_problem(url)
        if why:
            pos = at(*key)
            problems.add(
                SITE_FILE,
                pos.line,
                pos.col,
                t("text.field-why", name=".".join(map(str, key)), why=why),
                t("link.use-https"),
                code="config.unsafe-link",
            )
    for group in ("rooms", "tracks", "subsectors", "region_categories"):
        ids: dict[str, int] = {}
        for i, item in enumerate(getattr(front, group)):
            if item.id in ids:
                pos = at(group, i)
                problems.add(
                    SITE_FILE,
                    pos.line,
                    pos.col,
                    t("config.id-twice", group=group, id=item.id),
                    t("config.id-twice.hint"),
                    code="config.id-twice",
                )
            ids[item.id] = i
    if problems.errors:
        raise ConfigError(problems.sorted())
    untranslated_texts(front, parsed.positions, problems)
    days = tuple(
        front.event.start + dt.timedelta(days=n) for n in range((front.event.end - front.event.start).days + 1)
    )
    return SiteConfig(
        front=front,
        tz=tz,
        base_url=base[0],
        base_path=base[1],
        languages=tuple(front.languages),
        days=days,
        raw=parsed.data if isinstance(parsed.data, dict) else {},
        warnings=tuple(problems.warnings),
    )


def zone(name: str) -> ZoneInfo:
    """The IANA zone `name`; ZoneInfoNotFoundError for anything that is not one (a folder of the
    database such as 'Asia', a path, an empty name), whatever the file system holds."""
    if not name or name != name.strip() or name.startswith("/") or ".." in name.split("/"):
        raise ZoneInfoNotFoundError(name)
    return ZoneInfo(name)


def known_locale(lang: str) -> bool:
    try:
        Locale.parse(lang)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def site_links(front: SiteFront) -> list[tuple[tuple[str | int, ...], str]]:
    """Every address site.yaml gives that the site may publish, with its key path."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    for name in ("organizer", "host"):
        org = getattr(front.event, name)
        if org is not None and org.url:
            found.append((("event", name, "url"), org.url))
    for i, partner in enumerate(front.partners):
        if partner.url:
            found.append((("partners", i, "url"), partner.url))
    return found


def local_texts(model: BaseModel, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], LocalText]]:
    """Every text of site.yaml that may be written per language ({id: ..., en: ...}), with its key path."""
    found: list[tuple[tuple[str | int, ...], LocalText]] = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if info.annotation == LocalText:
            found.append(((*path, name), value))
        elif isinstance(value, BaseModel):
            found += local_texts(value, (*path, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    found += local_texts(item, (*path, name, i))
    return found


def untranslated_texts(front: SiteFront, positions: dict[Path_, Pos], problems: Problems) -> None:
    """A warning for each text written per language that lacks one the site's pages are in, where
    site.yaml has texts in that language (a language none of its texts is written in yet is
    untranslated as a whole, like a content file without its translation: its pages show the
    default language's text, marked with its language, and need no warning per text).  A text
    without the default language's is always reported: its pages show nothing there."""
    texts = local_texts(front)
    default = front.languages[0]
    written = {default} | {lang for _, value in texts if isinstance(value, dict) for lang, v in value.items() if v}
    for key, value in texts:
        if not isinstance(value, dict) or not any(value.values()):
            continue  # one text for every language, or none at all
        missing = [lang for lang in front.languages if lang in written and not value.get(lang)]
        if not missing:
            continue
        pos = positions.get(key) or fields.position(positions, key, Pos(1, 1))  # the key's line: 'title:'
        shown = default if value.get(default) else ""
        names = join_list([f"{language_name(lang)} ({lang})" for lang in missing])
        add = join_list([f"'{lang}: …'" for lang in missing])
        field = fields.loc_text(key)
        if shown:
            message = t("config.text-untranslated", field=field, missing=names, shown=language_name(shown))
        else:
            message = t("config.text-missing", field=field, missing=names)
        problems.warn(
            SITE_FILE,
            pos.line,
            pos.col,
            message,
            t("config.text-untranslated.hint", field=field, add=add),
            code="config.text-untranslated",
        )


def language_name(lang: str) -> str:
    """'Dutch' / 'Belanda': the language's name in the language of the messages."""
    try:
        return Locale.parse(lang).get_display_name(message_language()) or lang
    except (UnknownLocaleError, ValueError, TypeError):
        return lang


def _default_language(data: object) -> str | None:
    """site.yaml's first language, read before validation so that its own problems are worded in it."""
    langs = data.get("languages") if isinstance(data, dict) else None
    return langs[0] if isinstance(langs, list) and langs and isinstance(langs[0], str) else None


def _p(message: str, hint: str) -> Problem:
    return Problem(SITE_FILE, 0, 0, "error", message, hint, "config.missing")
