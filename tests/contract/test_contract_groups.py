"""At least one case per rule of the error contract, groups 1-12 (group 13, the preview, is in
test_contract_preview.py).  Each asserts the exact exit code and report, that the previous output is
byte for byte the same, and that nothing beside the site changed (conftest.Case.expect)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_SITE_YAML, PROJECT, session_md
from tests.contract.cases import Change, check, config_end, params, site_yaml, stopped
from tests.contract.conftest import Case, tree_hashes

S = "content/sessions/x.md"
SP = "content/speakers/x.md"
PG = "content/pages/x.md"


def later(**kw: str) -> str:
    """A session in the afternoon (no overlap with the base site's morning session)."""
    return session_md("x", start="2025-12-11 13:00", end="2025-12-11 14:00", **kw)


TAG_ERROR = "is not allowed (remove the tag; only plain data is read)"

# 1. YAML is data, never code.
GROUP_1 = [
    Change(
        "1-python-tag",
        {SP: '---\nname: !!python/object/apply:os.system ["touch pwned"]\n---\n'},
        1,
        [
            f"{SP}:2:7: error: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' {TAG_ERROR}",
            *stopped("load"),
        ],
    ),
    Change(
        "1-alias-bomb",
        {SP: "---\nname: Ayu\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n---\n"},
        1,
        [
            f"{SP}:3:4: error: anchors and aliases (& and *) are not supported (write the value out in full)",
            *stopped("load"),
        ],
    ),
    Change(
        "1-deep-nesting",
        {SP: "---\nname: " + "[" * 5000 + "]" * 5000 + "\n---\n"},
        1,
        [f"{SP}:2:1: error: the data is nested more than 20 levels deep (flatten it)", *stopped("load")],
    ),
    Change(
        "1-huge-front-matter",
        {SP: '---\nname: Ayu\nrole: "' + "a" * 600_000 + '"\n---\n'},
        1,
        [f"{SP}:2:1: error: the front matter is too large (move long text into the body)", *stopped("load")],
    ),
    Change(
        "1-invalid-date",
        {"content/news/x.md": "---\ntitle: X\ndate: 2025-13-45\n---\n"},
        1,
        [
            "content/news/x.md:3:7: error: date: '2025-13-45' is not a valid value: month must be in 1..12 "
            "(write a date that exists, as YYYY-MM-DD, e.g. 2025-12-11)",
            *stopped("load"),
        ],
    ),
    Change(
        "1-python-tag-in-site-yaml",
        {},
        2,
        [
            f"site.yaml:21:9: error: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' {TAG_ERROR}",
            *config_end(),
        ],
        site_yaml=MINIMAL_SITE_YAML + 'notice: !!python/object/apply:os.system ["touch pwned"]\n',
    ),
]

# 2. YAML 1.1 surprises are errors, not silent changes.
GROUP_2 = [
    Change(
        "2-norway-problem",
        {"content/cities/x.md": "---\nname: X\ntype: kota\nprovince: NO\n---\n"},
        1,
        [
            "content/cities/x.md:4:11: error: province: YAML reads 'NO' as false, but text is expected "
            '(put it in quotes: "NO")',
            *stopped("validate"),
        ],
    ),
    Change(
        "2-octal",
        {"content/booths/x.md": "---\nname: X\nnumber: 017\n---\n"},
        1,
        [
            "content/booths/x.md:3:9: error: YAML reads '017' as the number 15 (if this field holds text, such as a"
            ' booth number, put it in quotes: "017"; if it holds a number, write it without the leading zero: 17)',
            *stopped("load"),
        ],
    ),
    Change(
        "2-sexagesimal",
        {S: later(extra="capacity: 1:30\n")},
        1,
        [
            f"{S}:6:11: error: YAML reads '1:30' as the number 90 (put it in quotes if it is text: "
            '"1:30")',
            *stopped("load"),
        ],
    ),
    Change(
        "2-duplicate-key",
        {SP: "---\nname: A\nname: B\n---\n"},
        1,
        [f"{SP}:3:1: error: field 'name' is set twice (first set on line 2) (keep one of them)", *stopped("load")],
    ),
]

# 3. Front matter shape.
GROUP_3 = [
    Change(
        "3-missing",
        {SP: "name: A\n"},
        1,
        [
            f"{SP}:1:1: error: the file does not start with front matter (the first line must be '---', then the "
            "fields, then another '---')",
            *stopped("load"),
        ],
    ),
    Change(
        "3-unclosed",
        {SP: "---\nname: A\n"},
        1,
        [f"{SP}:1:1: error: the front matter is not closed (add a line '---' after the last field)", *stopped("load")],
    ),
    Change(
        "3-not-a-mapping",
        {SP: "---\n- a\n- b\n---\n"},
        1,
        [
            f"{SP}:2:1: error: the front matter must be a set of 'field: value' lines (write one field per line, "
            "such as 'title: ...')",
            *stopped("load"),
        ],
    ),
    Change(
        "3-unknown-field-strict",
        {SP: "---\nname: A\nrol: B\n---\n"},
        1,
        [
            f"{SP}:3:1: error: unknown field 'rol' (did you mean 'role'? Until it is fixed, this value is not shown "
            "on the site)",
            *stopped("validate"),
        ],
        args=("build", "--strict"),
    ),
    Change(
        "3-wrong-type",
        {SP: "---\nname: [A]\n---\n"},
        1,
        [f"{SP}:2:7: error: name: expected text, got ['A']", *stopped("validate")],
    ),
    Change(
        "3-required-empty",
        {SP: '---\nname: ""\n---\n'},
        1,
        [
            f"{SP}:2:7: error: name is empty (fill it in, or remove the line if the field is optional)",
            *stopped("validate"),
        ],
    ),
    Change(
        "3-empty-file",
        {SP: ""},
        1,
        [
            f"{SP}:1:1: error: the file is empty (start it with '---', the fields, '---', or delete it)",
            *stopped("load"),
        ],
    ),
]

# 4. References and event logic.
GROUP_4 = [
    Change(
        "4-unknown-speaker",
        {S: later(extra="speakers: [ayu-lestari]\n")},
        1,
        [f"{S}:6:12: error: speakers[0]: unknown speaker 'ayu-lestari' (known values: 'ayu')", *stopped("validate")],
    ),
    Change(
        "4-unknown-room",
        {S: session_md("x", start="2025-12-11 13:00", end="2025-12-11 14:00", room="aula")},
        1,
        [f"{S}:5:7: error: room: unknown room 'aula' (known values: 'ballroom', 'studio')", *stopped("validate")],
    ),
    Change(
        "4-unknown-track",
        {S: later(extra="track: musik\n")},
        1,
        [f"{S}:6:8: error: track: unknown track 'musik' (known values: 'kebijakan')", *stopped("validate")],
    ),
    Change(
        "4-unknown-city",
        {"content/booths/x.md": '---\nname: X\nnumber: "1"\ncity: kota-bandun\n---\n'},
        1,
        [
            "content/booths/x.md:4:7: error: city: unknown region 'kota-bandun' (did you mean 'kota-bandung'?)",
            *stopped("validate"),
        ],
    ),
    Change(
        "4-end-before-start",
        {S: session_md("x", start="2025-12-11 13:00", end="2025-12-11 12:00")},
        1,
        [
            f"{S}:4:6: error: end (2025-12-11 12:00) is not after start (2025-12-11 13:00) (check the times)",
            *stopped("validate"),
        ],
    ),
    Change(
        "4-overlap-in-room",
        {S: session_md("x", start="2025-12-11 09:30", end="2025-12-11 10:30")},
        1,
        [
            f"{S}:3:8: error: overlaps 'pembukaan' (content/sessions/pembukaan.md) in room 'ballroom' (09:00-10:00) "
            "(move one of them to another time or room)",
            *stopped("validate"),
        ],
    ),
    Change(
        "4-outside-event-days",
        {S: session_md("x", start="2025-12-14 09:30", end="2025-12-14 10:30")},
        1,
        [
            f"{S}:3:8: error: the session is outside the event's days (2025-12-11 to 2025-12-12) (check the date, or "
            "event.start / event.end in site.yaml)",
            *stopped("validate"),
        ],
    ),
    Change(
        "4-speaker-twice-warning-strict",
        {
            S: session_md(
                "x", start="2025-12-11 09:30", end="2025-12-11 10:30", room="studio", extra="speakers: [ayu]\n"
            )
        },
        1,
        [
            f"{S}:6:11: error: speaker 'ayu' is also in 'pembukaan' (content/sessions/pembukaan.md) at the same time "
            "(check the speaker's schedule)",
            *stopped("validate"),
        ],
        args=("build", "--strict"),
    ),
]

TZ_HINT = "(use an IANA name such as 'Asia/Jakarta')"

# 5. Time.
GROUP_5 = [
    Change(
        f"5-timezone-{name}",
        {},
        2,
        [f"site.yaml:8:13: error: unknown timezone '{value}' {TZ_HINT}", *config_end()],
        site_yaml=site_yaml("Asia/Jakarta", value),
    )
    for name, value in [
        ("typo", "Asia/Jakartaa"),
        ("folder", "Asia"),
        ("relative-path", "../../../../etc/passwd"),
        ("absolute-path", "/etc/localtime"),
    ]
]

CONTROL_HINT = "(remove it; in quotes, a YAML escape such as \\x1b or \\u2028 writes one)"

# 6. Text encoding.
GROUP_6 = [
    Change(
        "6-not-utf8",
        {SP: b"---\nname: Ayu \xff\n---\n"},
        1,
        [
            f"{SP}:2:11: error: the file is not UTF-8 text (byte 0xff) (save it as UTF-8 in your editor)",
            *stopped("load"),
        ],
    ),
    Change(
        "6-control-character",
        {SP: "---\nname: Ayu\x07\n---\n"},
        1,
        [
            f"{SP}:2:10: error: control character U+0007 is not allowed in text (delete it; it is often pasted in "
            "invisibly from another program)",
            *stopped("load"),
        ],
    ),
    *[
        Change(
            f"6-yaml-escape-{code}",
            {SP: f'---\nname: "Ayu{escape}"\n---\n'},
            1,
            [
                f"{SP}:2:1: error: name: control character U+{code} is not allowed in text {CONTROL_HINT}",
                *stopped("load"),
            ],
        )
        for escape, code in [
            ("\\x1b[31m", "001B"),
            ("\\e", "001B"),
            ("\\x0b", "000B"),
            ("\\u2028", "2028"),
            ("\\x00", "0000"),
            ("\\r", "000D"),
            ("\\x85", "0085"),
            ("\\uffff", "FFFF"),
        ]
    ],
    Change(
        "6-yaml-escape-in-site-yaml",
        {},
        2,
        [
            f"site.yaml:13:27: error: rooms[0].name.id: control character U+001B is not allowed in text {CONTROL_HINT}",
            *config_end(),
        ],
        site_yaml=site_yaml("{id: Ballroom, en: Ballroom}", '{id: "Ball\\x1b[31mroom", en: Ballroom}'),
    ),
]

# 7. Slugs and paths.
GROUP_7 = [
    Change(
        "7-uppercase-slug",
        {"content/speakers/Ayu2.md": "---\nname: A\n---\n"},
        1,
        [
            "content/speakers/Ayu2.md: error: 'Ayu2' cannot be used as a file name (use only lowercase letters a-z, "
            "digits and single hyphens; rename it to ayu2.md)",
            *stopped("load"),
        ],
    ),
    Change(
        "7-reserved-name",
        {"content/speakers/con.md": "---\nname: A\n---\n"},
        1,
        [
            "content/speakers/con.md: error: 'con' cannot be used as a file name (this name is reserved by some "
            "operating systems; choose another)",
            *stopped("load"),
        ],
    ),
    Change(
        "7-encoded-dot-dot",
        {"content/speakers/%2e%2e.md": "---\nname: A\n---\n"},
        1,
        [
            "content/speakers/%2e%2e.md: error: '%2e%2e' cannot be used as a file name (use only lowercase letters "
            "a-z, digits and single hyphens)",
            *stopped("load"),
        ],
    ),
    Change(
        "7-dot-dot-in-a-path-field",
        {SP: "---\nname: A\nphoto: ../../../etc/passwd\n---\n"},
        1,
        [
            f"{SP}:3:8: error: photo: image '../../../etc/passwd' not found (there is no such file under assets/)",
            *stopped("validate"),
        ],
    ),
    Change(
        "7-two-sources-one-url",
        {"content/pages/agenda.md": "---\ntitle: A\n---\n"},
        1,
        [
            "content/pages/agenda.md:1:1: error: the address /agenda/ is also claimed by the agenda section "
            "('path.agenda' in templates/i18n/id.yaml) (rename this file so that each page has its own address)",
            "content/pages/agenda.md:1:1: error: the address /en/agenda/ is also claimed by the agenda section "
            "('path.agenda' in templates/i18n/en.yaml) (rename this file so that each page has its own address)",
            *stopped("graph", errors=2),
        ],
    ),
]

# 9. HTML injection.
GROUP_9 = [
    Change(
        "9-javascript-body-link-strict",
        {PG: "---\ntitle: A\n---\n[a](javascript:alert(1))\n"},
        1,
        [
            f"{PG}:4:5: error: link 'javascript:alert(1)' removed: links starting with 'javascript:' are not allowed "
            "(use an https:// address or a link to another .md file)",
            *stopped("render"),
        ],
        args=("build", "--strict"),
    ),
    Change(
        "9-javascript-link-field",
        {SP: '---\nname: A\nlinks:\n  - url: "java\\tscript:alert(1)"\n---\n'},
        1,
        [
            f"{SP}:4:10: error: links[0].url: links starting with 'javascript:' are not allowed (use an https:// address)",
            *stopped("validate"),
        ],
    ),
    Change(
        "9-colour-injection",
        {},
        2,
        [
            "site.yaml:16:63: error: tracks[0].color: 'red;background:url(x)' is not a colour; write it as #rrggbb",
            *config_end(),
        ],
        site_yaml=site_yaml('color: "#8a3b12"', 'color: "red;background:url(x)"'),
    ),
    Change(
        "9-raw-html-image-from-another-host",
        {PG: '---\ntitle: A\n---\n<img src="https://evil.example/t.png">\n'},
        1,
        [
            f"{PG}:4:11: error: image 'https://evil.example/t.png' removed: it is on another website or not a file of this "
            "site (save the image under assets/img/ and link to it there; the site makes no third-party requests)",
            *stopped("render"),
        ],
        args=("build", "--strict"),
        site_yaml=MINIMAL_SITE_YAML + "allow_raw_html: true\n",
    ),
]

# 10. Size.
GROUP_10 = [
    Change(
        "10-ten-megabytes",
        {PG: "---\ntitle: A\n---\n" + "a" * 10_500_000},
        1,
        [
            f"{PG}: error: file is too large (10253 KB; the limit is 1000 KB) (split it into several pages or move data "
            "out of it)",
            *stopped("load"),
        ],
    ),
    Change(
        "10-deep-nesting-warns-strict",
        {PG: "---\ntitle: A\n---\n" + "".join("    " * i + "- x\n" for i in range(40))},
        1,
        [
            f"{PG}:4: error: the text is nested more than 32 levels deep (lists or quotes) (it is shown as plain text; "
            "reduce the indentation)",
            *stopped("render"),
        ],
        args=("build", "--strict"),
    ),
]

# 11. Links and assets.
GROUP_11 = [
    Change(
        "11-missing-image",
        {PG: "---\ntitle: A\n---\n![a](/assets/img/nope.png)\n"},
        1,
        [
            f"{PG}:4:6: error: image '/assets/img/nope.png' not found (there is no such file under assets/)",
            *stopped("render"),
        ],
    ),
    Change(
        "11-case-mismatched-image",
        {PG: "---\ntitle: A\n---\n![a](/assets/img/Logo.png)\n"},
        1,
        [
            f"{PG}:4:6: error: image '/assets/img/Logo.png' not found (the file is named 'img/logo.png' (letter case "
            "differs; web servers treat them as different))",
            *stopped("render"),
        ],
    ),
    Change(
        "11-broken-body-link",
        {PG: "---\ntitle: A\n---\n[a](../speakers/nobody.md)\n"},
        1,
        [
            f"{PG}:4:5: error: broken link '../speakers/nobody.md': there is no content/speakers/nobody.md (check the file "
            "name; links to other entries look like ../speakers/ayu.md)",
            *stopped("render"),
        ],
    ),
    Change(
        "11-missing-front-matter-image",
        {SP: "---\nname: A\nphoto: img/nope.jpg\n---\n"},
        1,
        [
            f"{SP}:3:8: error: photo: image 'img/nope.jpg' not found (there is no such file under assets/)",
            *stopped("validate"),
        ],
    ),
]

ALL = GROUP_1 + GROUP_2 + GROUP_3 + GROUP_4 + GROUP_5 + GROUP_6 + GROUP_7 + GROUP_9 + GROUP_10 + GROUP_11


@pytest.mark.parametrize("change", params(ALL))
def test_failing_change(case: Case, change: Change) -> None:
    check(case, change)


# 5 and 12: the same output whatever TZ, locale, hash seed (a real process each).
@pytest.mark.parametrize(
    "env",
    [
        {"TZ": "America/Los_Angeles", "PYTHONHASHSEED": "1", "LC_ALL": "C"},
        {"TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "4242", "LC_ALL": "C.UTF-8"},
    ],
    ids=["tz-west", "tz-east"],
)
def test_5_12_output_identical_under_any_tz_seed_locale(case: Case, env: dict[str, str]) -> None:
    case.snapshot()
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "build", "--root", str(case.root)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(PROJECT), "HANDBILL_CACHE": "0", **env},
    )
    assert result.returncode == 0, result.stderr
    case.assert_untouched()  # the new output is byte for byte the previous one


# 6: BOM and CRLF give the output of the plain LF file: byte for byte the previous output.
@pytest.mark.parametrize("style", ["bom-crlf", "lone-cr"])
def test_6_bom_and_line_endings_change_nothing(case: Case, style: str) -> None:
    path = case.root / "content/sessions/pembukaan.md"
    text = path.read_text(encoding="utf-8")
    data = ("\ufeff" + text.replace("\n", "\r\n")) if style == "bom-crlf" else text.replace("\n", "\r")
    path.write_bytes(data.encode("utf-8"))
    outcome = case.run("build")
    assert outcome.code == 0, outcome.err
    assert tree_hashes(case.out) == case.before_out


# 7 and 8: output folders that are not the tool's are refused before anything is deleted.
@pytest.mark.parametrize(
    ("out", "why", "hint"),
    [
        (".", "it is the site folder or contains it", "use a folder such as _site"),
        ("content", "it is inside content/", "use a folder such as _site"),
        ("..", "it is the site folder or contains it", "use a folder such as _site"),
    ],
    ids=["root", "content", "parent"],
)
def test_7_8_output_folder_that_is_not_ours_is_refused(case: Case, out: str, why: str, hint: str) -> None:
    target = (case.root / out).resolve()
    outcome = case.run("build", "--out", target)
    case.expect(
        outcome,
        2,
        [f"{target}: error: refusing to use {target} as the output folder: {why} ({hint})", "1 error in 1 file"],
    )


def test_8_foreign_non_empty_output_folder_is_refused(case: Case) -> None:
    foreign = case.sibling
    outcome = case.run("build", "--out", foreign)
    case.expect(
        outcome,
        2,
        [
            f"{foreign}: error: refusing to use {foreign} as the output folder: it is not empty and was not made by "
            "this tool (empty it yourself or choose another folder)",
            "1 error in 1 file",
        ],
    )


def test_8_symlink_leaving_the_project_fails_and_is_not_copied(case: Case) -> None:
    (case.root / "content/speakers/leak.md").symlink_to("/etc/passwd")
    (case.root / "assets/img/leak.png").symlink_to("/etc/passwd")
    outcome = case.run("build")
    case.expect(
        outcome,
        1,
        [
            "assets/img/leak.png: error: the symbolic link points outside assets/ and is not published "
            "(copy the file into assets/ instead)",
            "content/speakers/leak.md: error: symbolic links are not followed (copy the file here instead)",
            *stopped("load", errors=2, files=2),
        ],
    )


def test_8_dotfiles_and_debris_are_never_published(case: Case) -> None:
    case.write(
        {"assets/img/.DS_Store": "junk", "content/speakers/.ayu.md.swp": "junk", "content/speakers/ayu.md~": "x"}
    )
    outcome = case.run("build")
    assert outcome.code == 0, outcome.err
    assert tree_hashes(case.out) == case.before_out  # nothing new published


# 9: <script> in every field lands escaped (the build succeeds; its output is checked instead).
def test_9_script_in_fields_is_escaped_everywhere(case: Case) -> None:
    evil = "</script><script>alert(1)</script>"
    case.write({S: later().replace("title: Sesi x", f'title: "{evil}"')})
    outcome = case.run("build")
    assert outcome.code == 0, outcome.err
    # Markup outputs escape it; JSON and iCalendar carry it as data, encoded by their libraries.
    for path in case.out.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml"}:
            assert b"<script>alert(1)" not in path.read_bytes(), path
    page = (case.out / "agenda/x/index.html").read_text(encoding="utf-8")
    assert "<\\/script>" in page or "\\u003c/script\\u003e" in page  # JSON-LD keeps it escaped


# 10: a long speaker role must not make the share image quadratic (issue 11, case 4).
def test_10_long_role_builds_quickly(case: Case) -> None:
    case.write({SP: "---\nname: Ayu\nrole: " + "Kurator " * 12_500 + "\n---\n"})
    started = time.monotonic()
    outcome = case.run("build")
    assert outcome.code == 0, outcome.err
    print(f"100 KB role: {time.monotonic() - started:.2f} s")  # a figure, not a pass/fail


def test_output_tree_helper_sees_changes(tmp_path: Path) -> None:
    """The harness itself: a changed byte, a new file, a removed one are all seen."""
    (tmp_path / "a").write_bytes(b"1")
    before = tree_hashes(tmp_path)
    (tmp_path / "a").write_bytes(b"2")
    assert tree_hashes(tmp_path) != before
