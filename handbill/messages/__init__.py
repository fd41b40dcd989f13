"""Every text an editor reads about a problem, in the editor's language, by a stable code.

The catalog is `handbill/messages/<lang>.yaml` (one per message language: id, en), one key per code,
each a template with `{placeholders}` (str.format).  Code never words a problem itself: it calls
`t(code, name=value, ...)`; tests/unit/test_messages.py holds both catalogs to the same codes and
placeholders and checks that no Problem is given a literal text.

The language is, in order: `set_language()` (the CLI's `--messages id|en`), the environment variable
HANDBILL_MESSAGES, the default language of site.yaml (`set_site_language()`), Indonesian.  A language
without a catalog (a site in `nl`) is shown English.
"""

from __future__ import annotations

import os
import string
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("id", "en")
FALLBACK = "en"
DEFAULT = "id"
ENV = "HANDBILL_MESSAGES"

_DIR = Path(__file__).parent
_override: str | None = None
_site: str | None = None


def _usable(lang: str | None) -> str | None:
    if not lang:
        return None
    lang = lang.strip().lower()
    return lang if lang in LANGUAGES else FALLBACK


def set_language(lang: str | None) -> None:
    """The explicit choice (`--messages`); None clears it."""
    global _override
    _override = _usable(lang)


def set_site_language(lang: str | None) -> None:
    """The site's default language, used when nothing more explicit is set."""
    global _site
    _site = _usable(lang)


def language() -> str:
    return _override or _usable(os.environ.get(ENV)) or _site or DEFAULT


@cache
def catalog(lang: str) -> dict[str, str]:
    with open(_DIR / f"{lang}.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), f"{lang}.yaml must be a mapping"
    return {str(k): str(v) for k, v in data.items()}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def t(code: str, lang: str | None = None, /, **args: Any) -> str:
    """The message `code` in `lang` (default: the current language) with its placeholders filled."""
    table = catalog(lang or language())
    template = table.get(code)
    if template is None:
        template = catalog(FALLBACK)[code]  # a KeyError here is a bug: test_messages catches it
    return template.format(**args)


def has(code: str) -> bool:
    return code in catalog(FALLBACK)


class MessageError(ValueError):
    """A ValueError worded by the catalog: raised by schema validators so that pydantic's error
    carries a code and its values (handbill/fields.py words it in the current language)."""

    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(t(code, "en", **args))
        self.code = code
        self.args_ = args
