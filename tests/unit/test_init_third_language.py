"""`handbill init DIR --languages id,en,nl`: a third language gets what the second gets.

Interface strings: the default theme has Dutch ones (taken from examples/festival-tiga-bahasa), so a new
Dutch site shows Dutch menus and labels at once.  Example texts exist only in Indonesian and English: a
language without them falls back (its pages say so), and init says, in one line, which files to translate.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from handbill import PROJECT_DIR
from handbill.init import create, plan
from handbill.pipeline import Options, build

LANGS = ("id", "en", "nl")


def new_site(tmp_path: Path, languages: str) -> Path:
    folder = tmp_path / "site"
    create(plan(folder, languages=languages, start="2026-03-10", end="2026-03-11"))
    return folder


def strict_build(root: Path, out: Path) -> None:
    result = build(root, Options(out=out, strict=True))
    assert result.ok and not list(result.problems), [p.format() for p in result.problems]


def keys(data: object, prefix: str = "") -> set[str]:
    if not isinstance(data, dict):
        return {prefix}
    return {k for key, value in data.items() for k in keys(value, f"{prefix}.{key}" if prefix else str(key))}


def test_the_default_theme_has_the_same_interface_strings_in_its_three_languages() -> None:
    # Whichever of them is a site's first language, the others must have each of its keys (i18n.py).
    i18n = PROJECT_DIR / "templates" / "i18n"
    found = {lang: keys(yaml.safe_load((i18n / f"{lang}.yaml").read_text(encoding="utf-8"))) for lang in LANGS}
    assert found["nl"] == found["id"] and found["en"] == found["id"], {
        lang: sorted(found[lang] ^ found["id"]) for lang in LANGS
    }
    assert {"language.id", "language.en", "language.nl"} <= found["id"]


def test_a_dutch_third_language_gets_dutch_interface_strings(tmp_path: Path) -> None:
    root = new_site(tmp_path, "id,en,nl")
    assert not (root / "templates").exists()  # like id and en: the theme's own strings, nothing to translate
    out = tmp_path / "out"
    strict_build(root, out)
    session = (out / "nl" / "programma" / "pembukaan" / "index.html").read_text(encoding="utf-8")
    assert "Naar de inhoud" in session and "Gesproken taal" in session
    # The Indonesian example text stands in for the missing Dutch one, marked as such.
    assert "Deze tekst is nog niet vertaald en staat hier in de oorspronkelijke taal." in session
    assert 'lang="id"' in session


def test_dutch_first_then_english(tmp_path: Path) -> None:
    # No Dutch example texts: `<slug>.md` holds the English ones for now, and English gets its own file
    # too, so that its pages are English, not English marked as an untranslated Dutch original.
    root = new_site(tmp_path, "nl,en")
    assert "title: Opening" in (root / "content/sessions/opening.md").read_text(encoding="utf-8")
    assert "title: Opening" in (root / "content/sessions/opening.en.md").read_text(encoding="utf-8")
    assert not (root / "templates").exists()
    out = tmp_path / "out"
    strict_build(root, out)
    english = (out / "en" / "agenda" / "opening" / "index.html").read_text(encoding="utf-8")
    assert 'class="fallback"' not in english
    assert "Naar de inhoud" in (out / "programma" / "opening" / "index.html").read_text(encoding="utf-8")

