"""`handbill init DIR --languages id,en,nl`: a third language gets what the second gets.

Interface strings: the default theme has Dutch ones (taken from examples/festival-tiga-bahasa), so a new
Dutch site shows Dutch menus and labels at once.  Example texts exist only in Indonesian and English: a
language without them falls back (its pages say so), and init says, in one line, which files to translate.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from handbill import PROJECT_DIR
from handbill.init import create, notes, plan
from handbill.pipeline import Options, build

LANGS = ("id", "en", "nl")
Cli = Callable[..., tuple[int, str, str]]


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


def test_init_names_the_files_to_translate_into_the_third_language(tmp_path: Path, build_cli: Cli) -> None:
    folder = tmp_path / "tiga"
    code, out, err = build_cli("init", folder, "--languages", "id,en,nl", "--start", "2026-03-10")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[1] == (
        "translate into Dutch (nl): the 6 example files have no Dutch text yet, so the nl pages show the"
        " Indonesian one, marked as not yet translated; beside each file add its translation, named like"
        f" {folder / 'content/sessions/pembukaan.nl.md'}, and add 'nl: …' to each text in site.yaml"
    )
    assert len(lines) == 3 and lines[2].startswith("next: ")
    assert len(list((folder / "content").rglob("*.md"))) == 12  # the note's 6 files and their English
    code, out, err = build_cli("check", "--root", folder, "--strict")
    assert (code, err) == (0, ""), err


@pytest.mark.parametrize(
    ("languages", "expected"),
    [
        ("id,en", []),
        ("en,id", []),
        (
            "id,en,nl,jv",
            [
                "translate {site}/templates/i18n/jv.yaml: it is a copy of the English interface strings",
                "translate into Dutch (nl): the 6 example files have no Dutch text yet, so the nl pages show the"
                " Indonesian one, marked as not yet translated; beside each file add its translation, named like"
                " {site}/content/sessions/pembukaan.nl.md, and add 'nl: …' to each text in site.yaml",
                "translate into Javanese (jv): the 6 example files have no Javanese text yet, so the jv pages show"
                " the Indonesian one, marked as not yet translated; beside each file add its translation, named"
                " like {site}/content/sessions/pembukaan.jv.md, and add 'jv: …' to each text in site.yaml",
            ],
        ),
        (
            "nl,en",
            [
                "translate into Dutch (nl): the 6 example files, such as {site}/content/sessions/opening.md, and"
                " the texts in site.yaml are in English for now (there are no example texts in Dutch)"
            ],
        ),
    ],
)
def test_one_line_per_language_to_translate(tmp_path: Path, languages: str, expected: list[str]) -> None:
    folder = tmp_path / "site"
    p = plan(folder, languages=languages, start="2026-03-10")
    assert notes(p, create(p)) == [line.format(site=folder) for line in expected]


def test_the_note_in_indonesian(tmp_path: Path, build_cli: Cli) -> None:
    folder = tmp_path / "tiga"
    code, out, err = build_cli("init", folder, "--languages", "id,en,nl", "--messages", "id")
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == (
        "terjemahkan ke bahasa Belanda (nl): 6 berkas contoh belum punya teks bahasa Belanda, jadi halaman nl"
        " menampilkan teks bahasa Indonesia dengan tanda belum diterjemahkan; tambahkan terjemahannya di samping"
        f" setiap berkas, bernama seperti {folder / 'content/sessions/pembukaan.nl.md'}, dan lengkapi"
        " setiap teks di site.yaml dengan 'nl: …'"
    )
