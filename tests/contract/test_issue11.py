"""The adversarial review's cases (issue 11, cases 4-7 and links): hangs, crashes, injection, the
environment.  Each asserts the exact exit code and report, the previous output byte for byte and
nothing beside the site changed.  Cases that could hang run in a real process with a timeout (and a
memory limit: a regression reading /dev/zero must not take the machine with it)."""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import icalendar
import pytest
from lxml import etree

from tests.conftest import MINIMAL_SITE_YAML, PROJECT, session_md
from tests.contract.cases import Change, check, config_end, params, site_yaml, stopped
from tests.contract.conftest import Case, Outcome, tree_hashes

S = "content/sessions/x.md"
SP = "content/speakers/x.md"
PG = "content/pages/x.md"
SPECIAL = "this is {kind}, not a file that can be read (only ordinary files are read; remove it or replace it with a real file)"


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def run_guarded(case: Case, *args: str, timeout: float = 60) -> Outcome:
    """A real process, bounded in time and memory: a hang or a read of /dev/zero fails the test."""
    case.snapshot()
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), *args, "--root", str(case.root)],
        capture_output=True,
        text=True,
        errors="replace",
        cwd=PROJECT,
        timeout=timeout,
        preexec_fn=_limits,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    return Outcome(result.returncode, result.stdout, result.stderr)


# --- case 4: no hang ----------------------------------------------------------------------------


def _fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to("/dev/zero")


def _socket(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()


SPECIAL_FILES = [
    ("fifo-in-content", "content/sessions/x.md", _fifo, "a named pipe (FIFO)", "load"),
    ("socket-in-content", "content/sessions/x.md", _socket, "a socket", "load"),
    ("fifo-in-templates", "templates/home.html", _fifo, "a named pipe (FIFO)", "config"),
    ("fifo-in-i18n", "templates/i18n/id.yaml", _fifo, "a named pipe (FIFO)", "config"),
    ("fifo-in-assets", "assets/css/x.css", _fifo, "a named pipe (FIFO)", "validate"),
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize(("name", "rel", "make", "kind", "stage"), SPECIAL_FILES, ids=[s[0] for s in SPECIAL_FILES])
def test_4_special_files_are_an_error_at_their_path_never_a_hang(
    case: Case, command: str, name: str, rel: str, make: object, kind: str, stage: str
) -> None:
    make(case.root / rel)  # type: ignore[operator]
    # In this process (fast): a regression blocks in open(), and the watchdog's alarm ends the test.
    outcome = case.run(command)
    tail = stopped(stage) if command == "build" else ["1 error in 1 file"]
    case.expect(outcome, 1, [f"{rel}: error: {SPECIAL.format(kind=kind)}", *tail])


def test_4_dev_zero_in_templates_is_refused_unread(case: Case) -> None:
    _zero(case.root / "templates/extra.html")
    outcome = run_guarded(case, "build")  # a real process with a memory limit: /dev/zero never ends
    case.expect(outcome, 1, [f"templates/extra.html: error: {SPECIAL.format(kind='a device')}", *stopped("config")])


def test_4_dev_zero_linked_from_content_is_refused_unread(case: Case) -> None:
    _zero(case.root / "content/sessions/x.md")
    outcome = run_guarded(case, "build")
    case.expect(
        outcome,
        1,
        [
            "content/sessions/x.md: error: symbolic links are not followed (copy the file here instead)",
            *stopped("load"),
        ],
    )


def test_4_dev_zero_linked_from_assets_is_refused_unread(case: Case) -> None:
    _zero(case.root / "assets/img/z.png")
    outcome = run_guarded(case, "build")
    case.expect(
        outcome,
        1,
        [
            "assets/img/z.png: error: the symbolic link points outside assets/ and is not published "
            "(copy the file into assets/ instead)",
            *stopped("validate"),
        ],
    )


def test_4_site_yaml_fifo_is_a_configuration_error(case: Case) -> None:
    (case.root / "site.yaml").unlink()
    _fifo(case.root / "site.yaml")
    outcome = run_guarded(case, "build")
    case.expect(outcome, 2, [f"site.yaml: error: {SPECIAL.format(kind='a named pipe (FIFO)')}", *config_end()])


YEAR_HINT = "(check the date for a typing mistake)"


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "change",
    params(
        [
            Change(
                "4-event-date-typo",
                {},
                2,
                [f"site.yaml:6:3: error: event.start: the year 1025 is outside 1900-2199 {YEAR_HINT}", *config_end()],
                args=("check",),
                site_yaml=site_yaml("start: 2025-12-11", "start: 1025-12-11"),
            ),
            Change(
                "4-event-of-five-years",
                {},
                2,
                [
                    "site.yaml:7:8: error: the event lasts 1828 days (at most 366) (check event.start and event.end "
                    "for a typing mistake)",
                    *config_end(),
                ],
                args=("check",),
                site_yaml=site_yaml("start: 2025-12-11", "start: 2020-12-11"),
            ),
            Change(
                "4-session-date-typo",
                {S: session_md("x", start="1025-12-11 13:00", end="1025-12-11 14:00")},
                1,
                [
                    f"{S}:3:1: error: start: the year 1025 is outside 1900-2199 {YEAR_HINT}",
                    f"{S}:4:1: error: end: the year 1025 is outside 1900-2199 {YEAR_HINT}",
                    "2 errors in 1 file",
                ],
                args=("check",),
            ),
        ]
    ),
)
def test_4_dates_outside_a_sane_range_are_errors_at_their_line(case: Case, change: Change) -> None:
    check(case, change)


def test_4_share_image_fitting_is_not_quadratic(case: Case) -> None:
    case.write({SP: "---\nname: Ayu\nrole: " + "x" * 100_000 + "\n---\n"})
    started = time.monotonic()
    outcome = run_guarded(case, "build", timeout=60)
    assert outcome.code == 0, outcome.err
    print(f"a 100 KB role without spaces: {time.monotonic() - started:.2f} s")


# --- case 5: no crash ----------------------------------------------------------------------------


def test_5_title_with_a_line_break_gives_valid_calendars(case: Case) -> None:
    case.write(
        {
            S: session_md("x", start="2025-12-11 13:00", end="2025-12-11 14:00").replace(
                "title: Sesi x", 'title: "Baris satu\\nbaris dua"'
            )
        }
    )
    outcome = case.run("build")
    assert outcome.code == 0, outcome.err
    for name in ("agenda.ics", "agenda/x.ics"):
        data = (case.out / name).read_bytes()
        cal = icalendar.Calendar.from_ical(data)
        titles = [str(ev.get("summary")) for ev in cal.walk("VEVENT")]
        assert "Baris satu\nbaris dua" in titles, (name, titles)


def test_5_line_break_in_a_speaker_role_draws_its_card(case: Case) -> None:
    """Found by the fuzzer: Pillow's text layout fails on a line break (internal error, exit 1)."""
    case.write({SP: '---\nname: Ayu\nrole: "Kurator\\nSeni"\n---\n'})
    outcome = case.run("build")
    assert (outcome.code, outcome.err) == (0, "")
    assert (case.out / "share/speakers/x.png").is_file()


def test_5_non_utf8_asset_name_fails_before_anything_is_written(case: Case) -> None:
    folder = os.fsencode(case.root / "assets/img")
    with open(folder + b"/\xff\xfe.png", "wb") as fh:
        fh.write(b"x")
    outcome = case.run("build")
    case.expect(
        outcome,
        1,
        [
            "assets/img/\\xff\\xfe.png: error: the file name is not plain UTF-8 text (or holds control characters or "
            "a backslash) (rename the file using letters, digits, hyphens and dots)",
            *stopped("validate"),
        ],
    )


@pytest.mark.parametrize(
    "change",
    params(
        [
            Change(
                "5-session-in-year-9999",
                {S: session_md("x", start="9999-12-31 23:00", end="9999-12-31 23:59")},
                1,
                [
                    f"{S}:3:1: error: start: the year 9999 is outside 1900-2199 {YEAR_HINT}",
                    f"{S}:4:1: error: end: the year 9999 is outside 1900-2199 {YEAR_HINT}",
                    *stopped("load", errors=2),
                ],
            ),
            Change(
                "5-news-in-year-1",
                {"content/news/x.md": "---\ntitle: X\ndate: 0001-01-01\n---\n"},
                1,
                [f"content/news/x.md:3:1: error: date: the year 1 is outside 1900-2199 {YEAR_HINT}", *stopped("load")],
            ),
            Change(
                "5-event-at-the-end-of-time",
                {},
                2,
                [
                    f"site.yaml:6:3: error: event.start: the year 9999 is outside 1900-2199 {YEAR_HINT}",
                    f"site.yaml:7:3: error: event.end: the year 9999 is outside 1900-2199 {YEAR_HINT}",
                    *config_end(2),
                ],
                site_yaml=site_yaml("start: 2025-12-11\n  end: 2025-12-12", "start: 9999-12-30\n  end: 9999-12-31"),
            ),
            Change(
                "5-timezone-names-a-folder",
                {},
                2,
                [
                    "site.yaml:8:13: error: unknown timezone 'Asia' (use an IANA name such as 'Asia/Jakarta')",
                    *config_end(),
                ],
                site_yaml=site_yaml("Asia/Jakarta", "Asia"),
            ),
            Change(
                "5-language-babel-does-not-know",
                {"templates/i18n/qq.yaml": (PROJECT / "templates/i18n/en.yaml").read_text(encoding="utf-8")},
                2,
                [
                    "site.yaml:3:17: error: language 'qq' is not known to the date and number formats (Babel) "
                    "(use an ISO 639 code such as id, en, ms or jv)",
                    *config_end(),
                ],
                site_yaml=site_yaml("[id, en]", "[id, qq]"),
            ),
        ]
    ),
)
def test_5_extreme_values_are_one_line_with_the_right_exit_code(case: Case, change: Change) -> None:
    check(case, change)


def test_5_new_with_a_title_that_is_not_utf8_leaves_no_file(case: Case) -> None:
    case.snapshot()
    result = subprocess.run(
        [
            sys.executable,
            str(PROJECT / "build.py"),
            "new",
            "session",
            "abc",
            "--root",
            str(case.root),
            "--title",
            "\udcff",
        ],
        capture_output=True,
        cwd=PROJECT,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "error: the title is not plain UTF-8 text (or holds control characters); set your terminal to UTF-8 or type "
        "the title in the file afterwards\n"
    )
    case.assert_untouched()  # no empty content/sessions/abc.md left behind


# --- case 6: injection and output validity --------------------------------------------------------


def test_6_echoed_values_cannot_forge_lines_or_send_colours(case: Case) -> None:
    # U+202E (right-to-left override) passes the value sanitiser (it is text) but is escaped on echo.
    case.write({S: session_md("x", start="2025-12-11 13:00", end="2025-12-11 14:00", room='"aula\\u202e"')})
    outcome = case.run("build")
    case.expect(
        outcome,
        1,
        [
            f"{S}:5:7: error: room: 'aula\\u202e' is not a valid id (lowercase letters, digits and hyphens)",
            *stopped("validate"),
        ],
    )


def test_6_file_names_cannot_forge_lines_or_send_colours(case: Case) -> None:
    name = "a\x1b[31m\nforged: error: x.md"
    (case.root / "content/speakers" / name).write_text("---\nname: A\n---\n", encoding="utf-8")
    outcome = case.run("build")
    shown = "a\\x1b[31m\\x0aforged: error: x.md"
    case.expect(
        outcome,
        1,
        [
            f"content/speakers/{shown}: error: '{shown[:-3]}' cannot be used as a file name (use only lowercase "
            "letters a-z, digits and single hyphens)",
            *stopped("load"),
        ],
    )


@pytest.mark.parametrize(("rel", "field"), [("content/news/x.md", "title"), (S, "title")], ids=["feed", "schedule"])
@pytest.mark.parametrize("escape", ["\\x1b", "\\x0b", "\\u2028", "\\x7f"])
def test_6_control_characters_never_reach_xml_outputs(case: Case, rel: str, field: str, escape: str) -> None:
    text = (
        f'---\ntitle: "Berita{escape}"\ndate: 2025-11-02\n---\n'
        if rel.startswith("content/news")
        else session_md("x", start="2025-12-11 13:00", end="2025-12-11 14:00").replace(
            "title: Sesi x", f'title: "Sesi{escape}"'
        )
    )
    case.write({rel: text})
    outcome = case.run("build")
    code = f"{ord(escape.encode().decode('unicode_escape')):04X}"
    case.expect(
        outcome,
        1,
        [
            f"{rel}:2:1: error: title: control character U+{code} is not allowed in text (remove it; in quotes, a "
            "YAML escape such as \\x1b or \\u2028 writes one)",
            *stopped("load"),
        ],
    )
    for xml in ("feed.xml", "schedule.xml"):  # the previous output is still well-formed
        etree.parse(str(case.out / xml))


@pytest.mark.parametrize("char", ["\ufffe", "\uffff"], ids=["U+FFFE", "U+FFFF"])
def test_6_noncharacters_in_a_body_never_reach_xml_outputs(case: Case, char: str) -> None:
    """U+FFFE and U+FFFF are valid UTF-8 but not XML: a news item's body carrying one (the fuzz test found
    '\uffff') made feed.xml ill-formed.  They are refused in the file, with their position, like a control
    character; the previous output stays."""
    rel = "content/news/x.md"
    case.write({rel: f"---\ntitle: Berita\ndate: 2025-11-02\n---\nIsi{char} berita.\n"})
    outcome = case.run("build")
    case.expect(
        outcome,
        1,
        [
            f"{rel}:5:4: error: control character U+{ord(char):04X} is not allowed in text (delete it; it is often "
            "pasted in invisibly from another program)",
            *stopped("load"),
        ],
    )
    for xml in ("feed.xml", "schedule.xml"):  # the previous output is still well-formed
        etree.parse(str(case.out / xml))


# --- links as browsers read them -------------------------------------------------------------------

LINK_HINT = "(use an https:// address or a link to another .md file)"
LEAVES = "the address leads to another website (it starts with //, /\\ or \\\\)"
SPELLINGS = [
    ("java\tscript:alert(1)", "javascript:alert(1)", "links starting with 'javascript:' are not allowed"),
    ("JaVaScRiPt:alert(1)", "JaVaScRiPt:alert(1)", "links starting with 'javascript:' are not allowed"),
    ("&#106;avascript:alert(1)", "javascript:alert(1)", "links starting with 'javascript:' are not allowed"),
    ("&#x6A;avascript&colon;alert(1)", "javascript:alert(1)", "links starting with 'javascript:' are not allowed"),
    ("%6aavascript:alert(1)", "%6aavascript:alert(1)", "links starting with 'javascript:' are not allowed"),
    ("vbscript:msgbox(1)", "vbscript:msgbox(1)", "links starting with 'vbscript:' are not allowed"),
    (
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:text/html;base64,PHNjcmlwdD4=",
        "links starting with 'data:' are not allowed",
    ),
    ("/\\evil.example/", "/\\evil.example/", LEAVES),
    ("\\\\\\\\evil.example/", "\\\\evil.example/", LEAVES),  # Markdown reads \\\\ as \\
    ("//evil.example/", "//evil.example/", LEAVES),
]


@pytest.mark.parametrize(
    ("href", "shown", "why"), SPELLINGS, ids=[s[0].encode("unicode_escape").decode() for s in SPELLINGS]
)
def test_links_in_bodies_are_judged_as_browsers_read_them(case: Case, href: str, shown: str, why: str) -> None:
    case.write({PG: f"---\ntitle: A\n---\n[klik](<{href}>)\n"})
    outcome = case.run("build", "--strict")
    # The column is where the address as read (`shown`) is found in the line: two characters into
    # `\\\\evil` for the escaped backslashes; none when the text never spells it (a tab inside).
    where = {"\\\\\\\\evil.example/": "4:11", "java\tscript:alert(1)": "4"}.get(href, "4:9")
    case.expect(outcome, 1, [f"{PG}:{where}: error: link '{shown}' removed: {why} {LINK_HINT}", *stopped("render")])


@pytest.mark.parametrize("url", ["/\\evil.example", "\\\\evil.example", " //evil.example"])
def test_link_fields_that_leave_the_site_are_refused(case: Case, url: str) -> None:
    case.write({SP: f"---\nname: A\nlinks:\n  - url: '{url}'\n---\n"})
    outcome = case.run("build")
    case.expect(
        outcome, 1, [f"{SP}:4:10: error: links[0].url: {LEAVES} (use an https:// address)", *stopped("validate")]
    )


def test_configuration_links_are_judged_too(case: Case) -> None:
    yaml = MINIMAL_SITE_YAML.replace("  venue:", '  organizer: {name: X, url: "java\\tscript:alert(1)"}\n  venue:')
    case.write({"site.yaml": yaml})
    outcome = case.run("build")
    case.expect(
        outcome,
        2,
        [
            "site.yaml:10:29: error: event.organizer.url: links starting with 'javascript:' are not allowed "
            "(use an https:// address)",
            *config_end(),
        ],
    )


# --- case 7: the environment (what is not the write phase) -----------------------------------------


@pytest.mark.parametrize("command", [("build",), ("check", "--format", "json")], ids=["build", "check-json"])
def test_7_closed_stdout_is_one_line_and_exit_2(case: Case, command: tuple[str, ...]) -> None:
    case.snapshot()
    proc = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), *command, "--root", str(case.root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT), "HANDBILL_CACHE": "0"},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # `| true`: the reader is gone before anything is printed
    err = proc.stderr.read().decode()
    assert proc.wait(60) == 2
    assert err == "error: the standard output was closed before the report was written (a pipe ended early)\n"
    case.assert_untouched()


@pytest.mark.parametrize("port", ["-1", "65536", "99999999999999999999"])
def test_7_port_outside_the_range_is_one_line_and_exit_2(case: Case, port: str) -> None:
    outcome = case.run("serve", "--port", port)
    case.expect(outcome, 2, [f"error: --port {port} is not a port number; use one from 1 to 65535, e.g. --port 8000"])


# --- fault injection: interrupted builds -----------------------------------------------------------


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of 1,000 news items (the build says how it is going from 1,000 files on), built once."""
    root = tmp_path_factory.mktemp("interrupt") / "site"
    (root / "content/news").mkdir(parents=True)
    (root / "site.yaml").write_text(MINIMAL_SITE_YAML, encoding="utf-8")
    for i in range(1000):
        (root / f"content/news/n{i}.md").write_text(f"---\ntitle: Berita {i}\ndate: 2025-11-01\n---\nIsi {i}.\n")
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize(
    ("sig", "code", "said"), [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")]
)
def test_signal_mid_build_keeps_the_previous_output(big_site: Path, sig: int, code: int, said: str) -> None:
    (big_site / "content/news/n0.md").write_text(f"---\ntitle: Berita baru {sig}\ndate: 2025-11-01\n---\nIsi.\n")
    before = tree_hashes(big_site / "_site")
    parent_before = sorted(os.listdir(big_site))
    proc = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "build", "--root", str(big_site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT), "HANDBILL_CACHE": "0"},
    )
    assert proc.stderr is not None
    first = proc.stderr.readline()  # "read 1000 content files (...)": the build is under way
    assert first.startswith("read 1000 content files"), first
    proc.send_signal(sig)
    rest = proc.stderr.read()
    assert proc.wait(120) == code, rest
    assert rest.splitlines()[-1] == f"{said}; the previous output is unchanged"
    assert tree_hashes(big_site / "_site") == before
    assert sorted(os.listdir(big_site)) == parent_before  # no temporary folder left behind
