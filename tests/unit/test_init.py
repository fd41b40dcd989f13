"""`handbill init DIR`: a new site that builds strictly at once, with every setting explained."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.config import load_config
from handbill.init import InitError, create, field_paths, plan, site_yaml, timezone_label
from handbill.pipeline import Options, build
from handbill.schema import description_id

Cli = Callable[..., tuple[int, str, str]]


def new_site(tmp_path: Path, folder_name: str = "festival-kriya-2026", **options: str) -> Path:
    folder = tmp_path / folder_name
    create(plan(folder, start="2026-03-10", end="2026-03-12", **options))
    return folder


def strict_build(root: Path, out: Path | None = None) -> list[str]:
    result = build(root, Options(out=out, write=out is not None, strict=True))
    assert result.ok, [p.format() for p in result.problems]
    return [p.format() for p in result.problems]


def test_default_site_builds_strictly_with_no_problem(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    assert strict_build(root, tmp_path / "out") == []
    config = load_config(root)
    assert config.languages == ("id", "en")
    assert config.front.event.name == "Festival Kriya 2026"
    assert (config.front.event.timezone, config.front.event.timezone_label) == ("Asia/Jakarta", "WIB")
    assert [d.isoformat() for d in config.days] == ["2026-03-10", "2026-03-11", "2026-03-12"]
    for kind in ("speakers", "sessions", "booths", "cities", "news", "pages"):
        base = sorted((root / "content" / kind).glob("*.md"))
        assert len(base) == 2, kind  # one example, with its English translation
    assert (root / "README.md").read_text().count("handbill serve --root .") == 2  # Indonesian and English
    assert (tmp_path / "out" / "en" / "agenda" / "index.html").is_file()
    assert not list(tmp_path.glob(".*handbill-init-*"))  # the temporary folder is gone


def test_every_setting_is_explained_in_both_languages(tmp_path: Path) -> None:
    text = site_yaml(plan(tmp_path / "x", start="2026-03-10"))
    missing = []
    for dotted, info in field_paths():
        name = dotted.rsplit(".", 1)[-1]
        if f"{name}:" not in text:
            missing.append(f"{dotted}: no line")
        for words in (description_id(info), info.description or ""):
            if words and words not in text:
                missing.append(f"{dotted}: '{words}' is not in a comment")
    assert missing == []
    assert len(field_paths()) > 40


def test_the_site_passes_its_own_check_through_the_command_line(tmp_path: Path, build_cli: Cli) -> None:
    code, out, err = build_cli("init", tmp_path / "acara", "--start", "2026-03-10")
    assert (code, err) == (0, "")
    assert "created" in out and "serve --root" in out
    code, out, err = build_cli("check", "--root", tmp_path / "acara", "--strict")
    assert (code, err) == (0, ""), err
    code, out, err = build_cli("build", "--root", tmp_path / "acara", "--strict")
    assert (code, err) == (0, ""), err


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path, build_cli: Cli) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    code, out, err = build_cli("init", folder)
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{folder}: error: the folder is not empty; init writes only into a new or empty folder "
        "(choose a new folder name, or empty this one)",
        "1 error in 1 file",
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    with pytest.raises(InitError) as info:
        plan(folder)
    assert [p.code for p in info.value.problems] == ["init.not-empty"]


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    create(plan(folder, start="2026-03-10"))
    assert (folder / "site.yaml").is_file()


@pytest.mark.parametrize(
    ("options", "codes"),
    [
        ({"languages": "id,EN"}, ["init.language"]),
        ({"languages": "id,qq"}, ["init.language"]),
        ({"languages": "id,id"}, ["init.language"]),
        ({"timezone": "Asia/Atlantis"}, ["init.timezone"]),
        ({"start": "2026-13-01"}, ["init.date"]),
        ({"start": "2026-03-10", "end": "2026-03-01"}, ["init.date"]),
        ({"start": "2026-01-01", "end": "2026-06-01"}, ["init.date"]),
        ({"languages": "xx-yy", "timezone": "Nowhere/Else"}, ["init.language", "init.timezone"]),
    ],
)
def test_bad_options_are_named_each_with_a_code(tmp_path: Path, options: dict[str, str], codes: list[str]) -> None:
    with pytest.raises(InitError) as info:
        plan(tmp_path / "x", **options)
    assert [p.code for p in info.value.problems] == codes
    assert all(p.hint for p in info.value.problems)
    assert not (tmp_path / "x").exists()


def test_bad_option_on_the_command_line_is_one_plain_line(tmp_path: Path, build_cli: Cli) -> None:
    code, out, err = build_cli("init", tmp_path / "x", "--timezone", "Mars/Olympus")
    assert code == 2
    assert err.splitlines()[0] == (
        "--timezone: error: unknown time zone 'Mars/Olympus' (use an IANA name such as Asia/Jakarta, "
        "Asia/Makassar or Europe/Berlin)"
    )
    assert "Traceback" not in err


def test_a_file_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(InitError) as info:
        plan(tmp_path / "f")
    assert [p.code for p in info.value.problems] == ["init.not-a-folder"]


def test_english_only_site_in_another_time_zone(tmp_path: Path) -> None:
    root = new_site(tmp_path, "open-data-days", languages="en", timezone="Europe/Berlin", name="Open Data Days")
    assert not list(root.rglob("*.en.md")) and not list(root.rglob("*.id.md"))
    session = (root / "content/sessions/opening.md").read_text()
    assert "start: 2026-03-10 09:00" in session and "title: Opening" in session
    config = load_config(root)
    assert config.languages == ("en",) and config.front.title == "Open Data Days"
    assert (config.front.event.timezone, config.front.event.timezone_label) == ("Europe/Berlin", "CET")
    assert strict_build(root, tmp_path / "out") == []
    out = tmp_path / "out"
    assert not (out / "en").exists()
    assert (out / "agenda" / "opening" / "index.html").is_file()


def test_english_first_then_indonesian(tmp_path: Path) -> None:
    root = new_site(tmp_path, "conf", languages="en,id")
    assert (root / "content/sessions/opening.md").read_text().count("title: Opening") == 1
    assert "title: Pembukaan" in (root / "content/sessions/opening.id.md").read_text()
    assert strict_build(root) == []


def test_a_third_language_gets_strings_to_translate(tmp_path: Path) -> None:
    # Javanese: the default theme has no strings for it (Dutch it has: test_init_third_language.py).
    root = new_site(tmp_path, "tiga", languages="id,en,jv")
    strings = root / "templates/i18n/jv.yaml"
    assert strings.read_text().startswith("# TRANSLATE: interface strings for 'jv' (Javanese)")
    assert 'language_name: "Jawa"' in strings.read_text()
    assert not list(root.rglob("*.jv.md"))  # no Javanese example text: the pages say so
    assert strict_build(root, tmp_path / "out") == []
    home = (tmp_path / "out" / "jv" / "index.html").read_text()
    assert 'hreflang="jv"' in home and 'lang="jv"' in home


def test_the_strings_to_translate_say_so_in_the_editors_language(tmp_path: Path) -> None:
    """The file's first lines are for the editor: from the message catalogs, like every message."""
    from handbill import messages

    messages.set_language("id")
    try:
        root = new_site(tmp_path, "tiga", languages="id,en,jv")
    finally:
        messages.set_language(None)
    head = (root / "templates/i18n/jv.yaml").read_text().splitlines()[:2]
    assert head == [
        "# TERJEMAHKAN: teks antarmuka untuk 'jv' (Jawa), disalin dari teks bahasa Inggris oleh handbill init.",
        "# Terjemahkan setiap teks; biarkan kuncinya, dan {placeholder} seperti {name}, apa adanya.",
    ]


def test_time_zone_labels() -> None:
    import datetime as dt

    day = dt.date(2026, 1, 15)
    assert timezone_label("Asia/Makassar", day) == "WITA"
    assert timezone_label("Asia/Jayapura", day) == "WIT"
    assert timezone_label("Europe/Berlin", day) == "CET"
    assert timezone_label("America/Sao_Paulo", day) == "UTC−3"
    assert timezone_label("Asia/Kolkata", day) == "IST"
    assert timezone_label("Asia/Kathmandu", day) == "UTC+5:45"


def test_site_yaml_texts_read_back_as_written(tmp_path: Path) -> None:
    root = new_site(tmp_path, "quotes", name='Festival "Kata": 2026 #1')
    config = load_config(root)
    assert config.front.event.name == 'Festival "Kata": 2026 #1'
    assert json.loads(json.dumps(config.raw, default=str))["languages"] == ["id", "en"]
