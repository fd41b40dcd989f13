"""A site.yaml text without the page's language (WCAG 2.2 SC 3.1.2, Language of Parts).

`text(value)` then shows the default language's text, which a page in another language must mark
with its own `lang` (on the element that holds exactly the text, or a `<span lang>` where none does),
as an untranslated content entry is marked; attributes (`<meta content>`, `<title>`) cannot carry a
language and stay as they are.  `check` and `build` say so once per text, with site.yaml's line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.config import load_config
from handbill.pipeline import Options, build
from tests.conftest import PROJECT, session_md

Cli = Callable[..., tuple[int, str, str]]

TAGLINE_ID = "Forum kriya dari pesisir"
NOTICE_ID = "Pendaftaran ditutup 1 Desember."
HOST_ID = "Dinas Kebudayaan"

# The tagline, the notice and the host's name have no English text; everything else has both.
SITE_YAML = f"""\
title: {{id: Acara Uji, en: Test Event}}
base_url: /
languages: [id, en]
event:
  name: Acara Uji
  tagline:
    id: {TAGLINE_ID}
  description: {{id: Acara uji untuk handbill., en: A test event for handbill.}}
  start: 2025-12-11
  end: 2025-12-12
  timezone: Asia/Jakarta
  timezone_label: WIB
  venue:
    name: Gedung Uji
    address:
      locality: {{id: Jakarta Pusat, en: Central Jakarta}}
  host:
    name: {{id: {HOST_ID}}}
rooms:
  - {{id: ballroom, name: {{id: Ballroom, en: Ballroom}}}}
navigation:
  - section: agenda
notice:
  id: {NOTICE_ID}
"""


def site(make_site: Callable[..., Path], site_yaml: str = SITE_YAML) -> Path:
    return make_site({"content/sessions/pembukaan.md": session_md()}, site_yaml=site_yaml)


def line_of(root: Path, start: str) -> int:
    lines = (root / "site.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


def test_config_names_the_language_a_text_comes_from(make_site: Callable[..., Path]) -> None:
    config = load_config(site(make_site))
    tagline = config.front.event.tagline
    assert (config.text(tagline, "en"), config.text_lang(tagline, "en")) == (TAGLINE_ID, "id")
    assert config.text_lang(tagline, "id") == "id"
    assert config.text_lang(config.front.event.description, "en") == "en"
    assert config.text_lang("Gedung Uji", "en") == "en"  # one plain text for every language: not a stand-in


def test_the_english_page_marks_the_indonesian_stand_ins_and_leaves_attributes(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = build(site(make_site), Options(out=out, cache=False))
    assert result.ok, [p.format() for p in result.problems]
    en = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in en
    # An element holding exactly the text gets the attribute; inside a line of other text, a <span lang>.
    assert f'<p class="eyebrow" lang="id">{TAGLINE_ID}</p>' in en
    assert f'<span class="notice-text" lang="id">{NOTICE_ID}</span>' in en
    assert f'<dd lang="id">{HOST_ID}</dd>' in en
    assert f'<br><span lang="id">{TAGLINE_ID}</span></p>' in en  # the footer
    assert f': <span lang="id">{HOST_ID}</span></p>' in en  # the footer's host
    # Attributes cannot carry a language: the text stays as it is there.
    assert f'<meta name="description" content="{TAGLINE_ID}">' in en
    # Texts that have English are not marked, whether per language or one plain text.
    assert '<p class="lead">A test event for handbill.</p>' in en
    assert "Central Jakarta" in en and '<span lang="id">Jakarta Pusat' not in en
    assert '<span lang="id">Gedung Uji' not in en

    idn = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="id">' in idn
    assert f'<p class="eyebrow">{TAGLINE_ID}</p>' in idn
    assert f'<span class="notice-text">{NOTICE_ID}</span>' in idn
    assert f"<dd>{HOST_ID}</dd>" in idn
    assert f"<br>{TAGLINE_ID}</p>" in idn
    assert f'<meta name="description" content="{TAGLINE_ID}">' in idn
    assert 'lang="id"' not in idn.split("<body", 1)[1]  # nothing on the Indonesian page says so again

    agenda = (out / "en" / "agenda" / "index.html").read_text(encoding="utf-8")
    assert f'<br><span lang="id">{TAGLINE_ID}</span></p>' in agenda  # every page's footer


def test_the_warning_names_the_line_and_the_field_once(make_site: Callable[..., Path], tmp_path: Path) -> None:
    root = site(make_site)
    result = build(root, Options(out=tmp_path / "out", cache=False))
    found = [p for p in result.problems if p.code == "config.text-untranslated"]
    assert [(p.file, p.line, p.severity) for p in found] == [
        ("site.yaml", line_of(root, "  tagline:"), "warning"),
        ("site.yaml", line_of(root, "  host:") + 1, "warning"),
        ("site.yaml", line_of(root, "notice:"), "warning"),
    ]
    assert found[0].format() == (
        f"site.yaml:{line_of(root, '  tagline:')}:3: warning: event.tagline has no text in English (en): the"
        " Indonesian text is shown in its place (add 'en: …' to event.tagline, beside its other languages)"
    )


def test_check_reports_each_text_once_in_both_message_languages(
    make_site: Callable[..., Path], build_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site(make_site)
    code, out, err = build_cli("check", "--root", root)
    assert code == 0
    assert err.count("event.tagline has no text in English (en)") == 1  # once, not once per page
    assert err.count("warning: ") == 3
    assert build_cli("check", "--root", root, "--strict")[0] == 1
    monkeypatch.setenv("HANDBILL_MESSAGES", "id")
    code, out, err = build_cli("check", "--root", root)
    assert code == 0
    assert (
        err.count(
            "event.tagline belum punya teks bahasa Inggris (en): teks bahasa Indonesia yang ditampilkan sebagai"
            " gantinya (tambahkan 'en: …' pada event.tagline, di samping bahasa lainnya)"
        )
        == 1
    )


def test_a_text_without_the_default_language_says_nothing_is_shown(make_site: Callable[..., Path]) -> None:
    root = site(make_site, SITE_YAML.replace(f"  tagline:\n    id: {TAGLINE_ID}\n", "  tagline:\n    en: Crafts\n"))
    config = load_config(root)
    messages = [p.message for p in config.warnings if p.code == "config.text-untranslated"]
    assert "event.tagline has no text in Indonesian (id): nothing is shown there in Indonesian (id)" in messages


def test_a_language_no_text_is_written_in_yet_is_marked_without_a_warning_per_text(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    # Like a content file without its .nl.md, a language that site.yaml has no text in at all (a site
    # just given a third language, as `init --languages id,en,nl` makes) is untranslated as a whole:
    # no warning per text (a strict build passes), but its pages still mark the stand-ins.
    dutch = SITE_YAML.replace("languages: [id, en]", "languages: [id, en, nl]")
    for missing in (f"    id: {TAGLINE_ID}\n", f"  id: {NOTICE_ID}\n"):
        dutch = dutch.replace(missing, missing + missing.replace("id:", "en:"))
    dutch = dutch.replace(f"{{id: {HOST_ID}}}", f"{{id: {HOST_ID}, en: Culture Office}}")
    root = site(make_site, dutch)
    out = tmp_path / "out"
    result = build(root, Options(out=out, cache=False, strict=True))
    assert result.ok and not list(result.problems), [p.format() for p in result.problems]
    nl = (out / "nl" / "index.html").read_text(encoding="utf-8")
    assert f'<p class="eyebrow" lang="id">{TAGLINE_ID}</p>' in nl
    assert '<p class="lead" lang="id">Acara uji untuk handbill.</p>' in nl
    assert '<span lang="id">Jakarta Pusat</span>' in nl


@pytest.mark.parametrize(("guide", "lang"), [("EDITOR-GUIDE.md", "en"), ("PANDUAN-EDITOR.md", "id")])
def test_the_guides_quote_the_warning_as_check_words_it(
    make_site: Callable[..., Path], build_cli: Cli, monkeypatch: pytest.MonkeyPatch, guide: str, lang: str
) -> None:
    monkeypatch.setenv("HANDBILL_MESSAGES", lang)
    err = build_cli("check", "--root", site(make_site))[2]
    line = next(x for x in err.splitlines() if "event.tagline" in x)
    message = line.split(": ", 2)[2].split(" (", 2)
    quoted = message[0] + " (" + message[1]  # up to the hint: "… English (en): the Indonesian text …"
    assert f"| `{quoted}` (" in (PROJECT / guide).read_text(encoding="utf-8")


def test_several_missing_languages_are_one_list_in_each_message_language(
    make_site: Callable[..., Path], build_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Three languages written elsewhere in site.yaml, the tagline in one of them: two are missing,
    # and the list reads as a sentence ('… dan …', '… and …'), not as bare commas.
    three = SITE_YAML.replace("languages: [id, en]", "languages: [id, en, nl]").replace(
        "title: {id: Acara Uji, en: Test Event}", "title: {id: Acara Uji, en: Test Event, nl: Testevenement}"
    )
    root = site(make_site, three)
    code, _out, err = build_cli("check", "--root", root, "--messages", "en")
    assert code == 0
    assert "event.tagline has no text in English (en) and Dutch (nl): the Indonesian text is shown" in err
    assert "(add 'en: …' and 'nl: …' to event.tagline," in err
    monkeypatch.setenv("HANDBILL_MESSAGES", "id")
    code, _out, err = build_cli("check", "--root", root)
    assert "event.tagline belum punya teks bahasa Inggris (en) dan Belanda (nl): teks bahasa Indonesia" in err
    assert "(tambahkan 'en: …' dan 'nl: …' pada event.tagline," in err
