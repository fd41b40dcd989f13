"""Contract group 9 (core part): autoescape, StrictUndefined, raw HTML escaped, unsafe link schemes refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.links import link_problem
from handbill.problems import Problem
from handbill.text import terminal_safe
from tests.conftest import session_md

SCRIPT = "<script>alert(1)</script>"


def test_script_in_fields_and_body_is_escaped_everywhere(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site(
        {
            "content/sessions/x.md": f'---\ntitle: "{SCRIPT} & \\"q\\""\nstart: 2025-12-11 09:00\nend: 2025-12-11 10:00\n'
            f"room: ballroom\nsummary: '{SCRIPT}'\n---\n{SCRIPT}\n\n<img src=x onerror=alert(1)>\n",
            "content/speakers/s.md": f"---\nname: '{SCRIPT}'\nrole: '<b>r</b>'\n---\nBio {SCRIPT}\n",
        }
    )
    code, _out, err = build_cli("build", "--root", root)
    assert code == 0, err
    for page in (root / "_site").rglob("*.html"):
        html = page.read_text()
        assert SCRIPT not in html, page
        assert "<img src=x" not in html, page
        assert "<b>r</b>" not in html, page
    session = (root / "_site/agenda/x/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in session


def test_raw_html_allowed_goes_through_allow_list(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    from tests.conftest import MINIMAL_SITE_YAML

    root = make_site(
        {"content/pages/p.md": f"---\ntitle: P\n---\n<mark>ok</mark> {SCRIPT} <a href='javascript:alert(1)'>x</a>\n"},
        site_yaml=MINIMAL_SITE_YAML + "allow_raw_html: true\n",
    )
    code, _out, err = build_cli("build", "--root", root)
    assert code == 0, err
    html = (root / "_site/p/index.html").read_text()
    assert "<mark>ok</mark>" in html
    assert "<script>alert" not in html and "javascript:" not in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "&amp;#106;avascript:alert(1)",
        "data:text/html,<script>",
        "vbscript:x",
        "java%0ascript:alert(1)",
        "//evil.example/x",
    ],
)
def test_unsafe_link_schemes_are_refused(url: str) -> None:
    assert link_problem(url) is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "http://x.id/a?b=c",
        "mailto:a@b.id",
        "tel:+62211234",
        "/agenda/",
        "../cities/bandung.md",
        "#top",
    ],
)
def test_safe_links_pass(url: str) -> None:
    assert link_problem(url) is None


def test_link_field_with_javascript_is_an_error(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site(
        {"content/speakers/s.md": "---\nname: S\nlinks:\n  - {label: x, url: 'JaVaScRiPt:alert(1)'}\n---\n"}
    )
    code, _out, err = build_cli("check", "--root", root)
    assert code == 1
    assert err.splitlines()[0] == (
        "content/speakers/s.md:4:21: error: links[0].url: links starting with "
        "'javascript:' are not allowed (use an https:// address)"
    )


def test_markdown_javascript_link_dropped_with_warning(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site({"content/pages/p.md": "---\ntitle: P\n---\nLine.\n\n[klik](javascript:alert(1))\n"})
    code, _out, err = build_cli("build", "--root", root)
    assert code == 0
    assert err.splitlines()[0] == (
        "content/pages/p.md:6:8: warning: link 'javascript:alert(1)' removed: links starting "
        "with 'javascript:' are not allowed (use an https:// address or a link to another "
        ".md file)"
    )
    html = (root / "_site/p/index.html").read_text()
    assert "javascript:" not in html and "klik" in html


def test_template_typo_fails_the_build(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    from tests.conftest import PROJECT

    root = make_site({"content/sessions/a.md": session_md("a")})
    (root / "templates").mkdir()
    (root / "templates/session.html").write_text(
        (PROJECT / "templates/session.html")
        .read_text()
        .replace("{% block main %}", "{% block main %}{{ page.titel }}", 1)
    )
    code, _out, err = build_cli("build", "--root", root)
    assert code == 1
    first = err.splitlines()[0]
    assert first.startswith("templates/session.html:")
    assert "while rendering /agenda/a/" in first and "titel" in first
    assert not (root / "_site").exists()


def test_content_is_never_rendered_as_a_template(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site({"content/pages/p.md": "---\ntitle: '{{ 7*7 }}'\n---\n{{ config }} {% if true %}x{% endif %}\n"})
    assert build_cli("build", "--root", root)[0] == 0
    html = (root / "_site/p/index.html").read_text()
    assert "{{ 7*7 }}" in html and "49" not in html
    assert "{% if true %}" in html


def test_unreadable_addresses_are_plain_errors_not_tracebacks(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    """urlsplit raises on an unbalanced '[' in a host (found by the inline-processor fuzz test)."""
    root = make_site(
        {
            "content/speakers/s.md": "---\nname: S\nlinks:\n  - {label: x, url: 'http://[x'}\n---\n",
            "content/pages/p.md": "---\ntitle: P\n---\n[a](http://[x) and ![i](http://[y)\n",
        }
    )
    code, _out, err = build_cli("build", "--root", root)
    assert code == 1 and "Traceback" not in err and "internal error" not in err
    lines = err.splitlines()
    assert "content/pages/p.md:4:5: warning: link 'http://[x' removed: the web address is not valid" in lines[0]
    assert lines[1].startswith("content/pages/p.md:4:25: error: image 'http://[y' has an address that is not valid")
    assert lines[2].startswith("content/speakers/s.md:4:21: error: links[0].url: the web address is not valid")


# --- messages echo values and file names escaped (issue 11, case 6) -------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\nb", "a\\x0ab"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("\x9b31m", "\\x9b31m"),
        ("left\u202eright", "left\\u202eright"),
        ("\u2028", "\\u2028"),
        ("nbsp\xa0", "nbsp\\xa0"),
        ("\udcff\udcfe.png", "\\xff\\xfe.png"),  # a file name that is not UTF-8 (os.fsdecode)
        ("plain ascii, é, 😀, 中文", "plain ascii, é, 😀, 中文"),
    ],
)
def test_terminal_safe_escapes_what_a_terminal_would_not_show(raw: str, shown: str) -> None:
    assert terminal_safe(raw) == shown
    assert terminal_safe(shown) == shown  # idempotent: the memo stores and replays messages


def test_problem_lines_and_json_escape_every_echoed_value() -> None:
    p = Problem("content/a\x1b[2J.md", 3, 1, "error", "room 'x\nforged.md:1:1: error: boom'", "hint\u202e")
    assert p.format() == "content/a\\x1b[2J.md:3:1: error: room 'x\\x0aforged.md:1:1: error: boom' (hint\\u202e)"
    assert p.as_dict()["file"] == "content/a\\x1b[2J.md"
    assert p.as_dict()["message"] == "room 'x\\x0aforged.md:1:1: error: boom'"
    assert p.as_dict()["line"] == 3
