"""Contract groups 3, 4, 5, 6, 7: front matter shape, references and event logic, time, encoding, slugs.

Messages are contracts: most tests assert the whole report text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import session_md

SPEAKER = "---\nname: Teuku Riefky Harsya\nrole: Menteri\n---\nBio.\n"


def check(build_cli: Callable[..., tuple[int, str, str]], root: Path, *extra: str) -> tuple[int, str]:
    code, _out, err = build_cli("check", "--root", root, *extra)
    return code, err


def test_valid_minimal_site_builds(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site({"content/sessions/pembukaan.md": session_md(), "content/speakers/a.md": SPEAKER})
    code, out, err = build_cli("build", "--root", root)
    assert (code, err) == (0, "")
    assert out.startswith("built ") and " pages (" in out and " s into " in out
    assert (root / "_site/agenda/pembukaan/index.html").is_file()
    assert (root / "_site/en/agenda/pembukaan/index.html").is_file()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "no front matter\n",
            "content/pages/p.md:1:1: error: the file does not start with front matter (the first line must be '---', then the fields, then another '---')",
        ),
        (
            "---\ntitle: x\n",
            "content/pages/p.md:1:1: error: the front matter is not closed (add a line '---' after the last field)",
        ),
        ("", "content/pages/p.md:1:1: error: the file is empty (start it with '---', the fields, '---', or delete it)"),
        (
            " \n\n",
            "content/pages/p.md:1:1: error: the file is empty (start it with '---', the fields, '---', or delete it)",
        ),
        (
            "---\n- a\n- b\n---\n",
            "content/pages/p.md:2:1: error: the front matter must be a set of 'field: value' lines (write one field per line, such as 'title: ...')",
        ),
        ("---\ntitle: a\n---\nb: c\n---\n", None),
        (
            "---\ntitle:\n---\n",
            "content/pages/p.md:2:7: error: title is empty (fill it in, or remove the line if the field is optional)",
        ),
        (
            "---\nmenu: 1\n---\n",
            "content/pages/p.md:2:1: error: required field 'title' is missing (add a line 'title: ...')",
        ),
        ("---\ntitle: x\nmenu: satu\n---\n", "content/pages/p.md:3:7: error: menu: expected a whole number, got satu"),
        (
            "---\ntitle: NO\n---\n",
            "content/pages/p.md:2:8: error: title: YAML reads 'NO' as false, but text is expected (put it in quotes: \"NO\")",
        ),
        (
            "---\ntitle: 2025-12-11\n---\n",
            "content/pages/p.md:2:8: error: title: YAML reads '2025-12-11' as the date 2025-12-11, but text is expected (put it in quotes: \"2025-12-11\")",
        ),
    ],
)
def test_front_matter_shape(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]], text: str, expected: str | None
) -> None:
    root = make_site({"content/pages/p.md": text})
    code, err = check(build_cli, root)
    if expected is None:  # a second '---' block is just body text (a thematic break), not an error
        assert code == 0
        return
    assert code == 1
    assert err.splitlines()[0] == expected
    assert err.splitlines()[1] == "1 error in 1 file"


def test_unknown_field_is_a_warning_with_did_you_mean(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site({"content/pages/p.md": "---\ntitle: x\ndescripton: y\n---\n"})
    code, err = check(build_cli, root)
    assert code == 0
    assert err == (
        "content/pages/p.md:3:1: warning: unknown field 'descripton' (did you mean 'description'? "
        "Until it is fixed, this value is not shown on the site)\n"
        "0 errors, 1 warning in 1 file\n"
    )
    code, err = check(build_cli, root, "--strict")
    assert code == 1
    assert err.splitlines()[0].startswith("content/pages/p.md:3:1: error: unknown field 'descripton'")


def test_references_and_event_logic_all_reported_in_one_run(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site(
        {
            "content/speakers/teuku-riefky-harsya.md": SPEAKER,
            "content/cities/kota-bandung.md": "---\nname: Kota Bandung\ntype: kota\nprovince: Jawa Barat\n---\n",
            "content/sessions/a.md": session_md(
                "a", extra="speakers: [teuku-riefky-harsya, riefky]\ntrack: kebijakn\n"
            ),
            "content/sessions/b.md": session_md(
                "b", start="2025-12-11 09:30", end="2025-12-11 09:45", extra="speakers: [teuku-riefky-harsya]\n"
            ),
            "content/sessions/c.md": session_md("c", start="2025-12-11 12:00", end="2025-12-11 11:00"),
            "content/sessions/d.md": session_md("d", start="2025-12-14 09:00", end="2025-12-14 10:00"),
            "content/sessions/e.md": session_md("e", room="aula"),
            "content/booths/b1.md": '---\nname: Booth\nnumber: "01"\ncity: kota-bandng\nsubsectors: [kriya, musik]\n---\n',
        }
    )
    code, err = check(build_cli, root)
    assert code == 1
    assert err == (
        "content/booths/b1.md:4:7: error: city: unknown region 'kota-bandng' (did you mean 'kota-bandung'?)\n"
        "content/booths/b1.md:5:21: error: subsectors[1]: unknown subsector 'musik' (known values: 'kriya')\n"
        "content/sessions/a.md:6:33: error: speakers[1]: unknown speaker 'riefky' (did you mean 'teuku-riefky-harsya'?)\n"
        "content/sessions/a.md:7:8: error: track: unknown track 'kebijakn' (did you mean 'kebijakan'?)\n"
        "content/sessions/b.md:3:8: error: overlaps 'a' (content/sessions/a.md) in room 'ballroom' (09:00-10:00) "
        "(move one of them to another time or room)\n"
        "content/sessions/b.md:6:11: warning: speaker 'teuku-riefky-harsya' is also in 'a' (content/sessions/a.md) "
        "at the same time (check the speaker's schedule)\n"
        "content/sessions/c.md:4:6: error: end (2025-12-11 11:00) is not after start (2025-12-11 12:00) (check the times)\n"
        "content/sessions/d.md:3:8: error: the session is outside the event's days (2025-12-11 to 2025-12-12) "
        "(check the date, or event.start / event.end in site.yaml)\n"
        "content/sessions/e.md:5:7: error: room: unknown room 'aula' (known values: 'ballroom', 'studio')\n"
        "8 errors, 1 warning in 6 files\n"
    )


def test_times_read_in_site_timezone_and_offsets_kept(make_site: Callable[..., Path]) -> None:
    from handbill.pipeline import Options, build

    root = make_site(
        {
            "content/sessions/a.md": session_md("a"),
            "content/sessions/b.md": session_md("b", start="2025-12-11T03:00:00+00:00", end="2025-12-11 11:00"),
        }
    )
    result = build(root, Options(write=False))
    assert result.ok, list(result.problems)
    sessions = result.sites["id"].sessions
    assert sessions["a"].start.isoformat() == "2025-12-11T09:00:00+07:00"
    assert sessions["b"].start.isoformat() == "2025-12-11T10:00:00+07:00"  # 03:00 UTC, shown in WIB


def test_unknown_timezone_is_a_configuration_error(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    from tests.conftest import MINIMAL_SITE_YAML

    root = make_site(site_yaml=MINIMAL_SITE_YAML.replace("Asia/Jakarta", "Asia/Djakarta"))
    code, err = check(build_cli, root)
    assert code == 2
    assert err.splitlines()[0] == (
        "site.yaml:8:13: error: unknown timezone 'Asia/Djakarta' (use an IANA name such as 'Asia/Jakarta')"
    )


def test_invalid_session_date(make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]) -> None:
    root = make_site({"content/sessions/a.md": session_md("a", start="2025-13-45 09:00")})
    code, err = check(build_cli, root)
    assert code == 1
    assert err.splitlines()[0] == (
        "content/sessions/a.md:3:8: error: start: '2025-13-45 09:00' is not a date and time; "
        "write it as YYYY-MM-DD HH:MM"
    )


def test_translation_rules(make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]) -> None:
    root = make_site(
        {
            "content/sessions/a.md": session_md("a"),
            "content/sessions/a.en.md": "---\ntitle: Opening\nroom: studio\n---\nEnglish.\n",
            "content/sessions/ghost.en.md": "---\ntitle: Ghost\n---\n",
            "content/sessions/b.fr.md": "---\ntitle: Bonjour\n---\n",
        }
    )
    code, err = check(build_cli, root)
    assert code == 1
    assert err == (
        "content/sessions/a.en.md:3:1: error: 'room' cannot be set in a translation "
        "(set it in a.md; a translation carries only: summary, title)\n"
        "content/sessions/b.fr.md: error: unknown language 'fr' in the file name "
        "(languages are id, en; the id text is plain b.md)\n"
        "content/sessions/ghost.en.md:1:1: error: translation without an original: there is no ghost.md "
        "(create content/sessions/ghost.md in the default language (id), or rename this file)\n"
        "3 errors in 3 files\n"
    )


def test_missing_translation_falls_back_marked(make_site: Callable[..., Path]) -> None:
    from handbill.pipeline import Options, build

    root = make_site(
        {
            "content/sessions/a.md": session_md("a", body="Teks Indonesia."),
            "content/sessions/b.md": session_md("b", start="2025-12-11 11:00", end="2025-12-11 12:00"),
            "content/sessions/b.en.md": "---\ntitle: English title\n---\nEnglish text.\n",
        }
    )
    result = build(root, Options(write=False))
    en = result.sites["en"].sessions
    assert (en["a"].fallback, en["a"].lang, en["a"].title) == (True, "id", "Sesi a")
    assert (en["b"].fallback, en["b"].lang, en["b"].title) == (False, "en", "English title")
    assert en["b"].start == result.sites["id"].sessions["b"].start  # structure shared across languages


def test_encoding_bom_crlf_give_identical_output(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    from tests.conftest import tree_bytes

    text = session_md("a", body="Baris satu.\n\nBaris dua.")
    roots = []
    for name, data in [
        ("lf", text.encode()),
        ("crlf", text.replace("\n", "\r\n").encode()),
        ("cr", text.replace("\n", "\r").encode()),
        ("bom", b"\xef\xbb\xbf" + text.encode()),
    ]:
        root = make_site({"content/sessions/a.md": data}, name=name)
        assert build_cli("build", "--root", root)[0] == 0
        roots.append(root)
    trees = [tree_bytes(r / "_site") for r in roots]
    assert all(t == trees[0] for t in trees[1:])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"---\ntitle: caf\xe9\n---\n",
            "content/pages/p.md:2:11: error: the file is not UTF-8 text (byte 0xe9) (save it as UTF-8 in your editor)",
        ),
        (
            b"---\ntitle: a\x00b\n---\n",
            "content/pages/p.md:2:9: error: control character U+0000 is not allowed in text (delete it; it is often pasted in invisibly from another program)",
        ),
        (
            b"---\ntitle: ok\n---\nline\x1b[31m\n",
            "content/pages/p.md:4:5: error: control character U+001B is not allowed in text (delete it; it is often pasted in invisibly from another program)",
        ),
    ],
)
def test_bad_encoding_and_control_characters(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]], data: bytes, expected: str
) -> None:
    root = make_site({"content/pages/p.md": data})
    code, err = check(build_cli, root)
    assert code == 1
    assert err.splitlines()[0] == expected


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("Bandung.md", "use only lowercase letters a-z, digits and single hyphens; rename it to bandung.md"),
        ("kota bandung.md", "use only lowercase letters a-z, digits and single hyphens; rename it to kota-bandung.md"),
        ("caf\u00e9.md", "use only lowercase letters a-z, digits and single hyphens; rename it to cafe.md"),
        ("con.md", "this name is reserved by some operating systems; choose another"),
        ("a--b.md", "use only lowercase letters a-z, digits and single hyphens; rename it to a-b.md"),
        ("%2e%2e.md", "use only lowercase letters a-z, digits and single hyphens"),  # nothing an editor meant can be guessed: no name offered
    ],
)
def test_bad_slugs_fail(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]], name: str, why: str
) -> None:
    root = make_site({f"content/pages/{name}": "---\ntitle: x\n---\n"})
    code, err = check(build_cli, root)
    assert code == 1
    assert err.splitlines()[0] == f"content/pages/{name}: error: '{name[:-3]}' cannot be used as a file name ({why})"


def test_route_collision_names_every_source(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site({"content/pages/agenda.md": "---\ntitle: Agenda lain\n---\n"})
    code, err = check(build_cli, root)
    assert code == 1
    assert err.splitlines()[0] == (
        "content/pages/agenda.md:1:1: error: the address /agenda/ is also claimed by the agenda section "
        "('path.agenda' in templates/i18n/id.yaml) (rename this file so that each page has its own address)"
    )


def test_unknown_kind_folder_and_debris(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site(
        {
            "content/speaker/a.md": SPEAKER,
            "content/pages/.p.md.swp": "junk",
            "content/pages/p.md~": "junk",
            "content/pages/#p.md#": "junk",
            "content/.DS_Store": "junk",
        }
    )
    code, err = check(build_cli, root)
    assert code == 1
    assert err == (
        "content/speaker: error: unknown content kind 'speaker' (did you mean 'speakers'?)\n1 error in 1 file\n"
    )
