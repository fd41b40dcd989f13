"""The command line: exit codes, usage errors, one line for an internal error, sub-path builds."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.problems import REPORT_CAP, Problem, format_report
from tests.conftest import run_cli, session_md


def test_usage_errors_exit_2(build_cli: Callable[..., tuple[int, str, str]]) -> None:
    assert build_cli("frobnicate")[0] == 2
    assert build_cli("build", "--no-such-flag")[0] == 2
    assert build_cli("--help")[0] == 0


def test_version(build_cli: Callable[..., tuple[int, str, str]]) -> None:
    from handbill import __version__

    code, out, _err = build_cli("--version")
    assert (code, out) == (0, f"handbill {__version__}\n")


def test_missing_site_yaml_exits_2(tmp_path: Path, build_cli: Callable[..., tuple[int, str, str]]) -> None:
    code, _out, err = build_cli("build", "--root", tmp_path)
    assert code == 2
    assert (
        err
        == f"site.yaml: error: site.yaml is missing in {tmp_path} (create it, or point --root at a site folder)\n1 error in 1 file\n"
    )


def test_bad_base_url_exits_2(make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]) -> None:
    root = make_site()
    code, _out, err = build_cli("build", "--root", root, "--base-url", "ftp://x/")
    assert code == 2
    assert "--base-url: error: --base-url 'ftp://x/' is not a usable address" in err


def test_default_command_is_build(make_site: Callable[..., Path]) -> None:
    root = make_site({"content/sessions/a.md": session_md("a")})
    result = run_cli("--root", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built ")
    assert (root / "_site/index.html").exists()


def test_check_writes_nothing_and_json_format(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site({"content/sessions/a.md": session_md("a", room="aula")})
    code, out, _err = build_cli("check", "--root", root, "--format", "json")
    assert code == 1
    assert json.loads(out) == [
        {
            "file": "content/sessions/a.md",
            "line": 5,
            "col": 7,
            "severity": "error",
            "message": "room: unknown room 'aula'",
            "hint": "known values: 'ballroom', 'studio'",
            "code": "reference",
        }
    ]
    assert not (root / "_site").exists()


def test_internal_error_is_one_line_naming_the_file(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    import handbill.validate

    def boom(*_args: object, **_kw: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(handbill.validate, "check_schedule", boom)
    root = make_site({"content/sessions/a.md": session_md("a")})
    code, _out, err = build_cli("build", "--root", root)
    assert code == 1
    assert err == (
        "content/sessions/a.md: error: internal error (RuntimeError: simulated bug); the previous output is "
        "unchanged (run again with --debug and report it)\n"
    )
    code, _out, err = build_cli("build", "--root", root, "--debug")
    assert code == 1 and "Traceback" in err


def test_base_url_subpath_prefixes_every_link(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    import re

    root = make_site(
        {"content/sessions/a.md": session_md("a"), "content/pages/p.md": "---\ntitle: P\n---\n[a](../sessions/a.md)\n"}
    )
    code, _out, err = build_cli("build", "--root", root, "--base-url", "https://example.org/ccc")
    assert code == 0, err
    for page in (root / "_site").rglob("*.html"):
        for url in re.findall(r'(?:href|src)="([^"#]*)', page.read_text()):
            if url.startswith(("http://", "https://", "webcal://", "mailto:", "tel:")) or not url:
                continue
            assert url.startswith("/ccc/"), (page, url)
            target = root / "_site" / url.removeprefix("/ccc/")
            assert target.exists() or (target / "index.html").exists(), (page, url)


def test_report_is_sorted_and_capped() -> None:
    problems = [Problem(f"content/pages/p{i:03d}.md", 2, 1, "error", "bad") for i in range(REPORT_CAP + 7)]
    problems.append(Problem("content/a.md", 1, 1, "warning", "meh"))
    lines = format_report(reversed(problems)).splitlines()
    assert lines[0] == "content/a.md:1:1: warning: meh"
    assert lines[1].startswith("content/pages/p000.md:2:1: error: bad")
    assert len(lines) == REPORT_CAP + 2
    assert lines[-2] == "... and 8 more"
    assert lines[-1] == f"{REPORT_CAP + 7} errors, 1 warning in {REPORT_CAP + 8} files"


def test_new_scaffolds_and_refuses_to_overwrite(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site()
    code, out, _err = build_cli("new", "speaker", "ibu-contoh", "--root", root)
    assert code == 0 and "ibu-contoh.md" in out
    assert (root / "content/speakers/ibu-contoh.md").exists()
    code, _out, err = build_cli("new", "speaker", "ibu-contoh", "--root", root)
    assert code == 2 and "already exists" in err


def test_huge_file_fails_cleanly(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site({"content/pages/big.md": "---\ntitle: Big\n---\n" + "kata " * 2_100_000})
    code, _out, err = build_cli("check", "--root", root)
    assert code == 1
    assert err.splitlines()[0] == (
        "content/pages/big.md: error: file is too large (10253 KB; the limit is 1000 KB) "
        "(split it into several pages or move data out of it)"
    )


@pytest.mark.parametrize(
    "body",
    ["".join("    " * i + "- a\n" for i in range(400)), "> " * 500 + "x", "[" * 5000, "*" * 20000 + "x" + "*" * 20000],
)
def test_pathological_markdown_renders_with_a_warning(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]], body: str
) -> None:
    root = make_site({"content/pages/p.md": "---\ntitle: P\n---\n" + body})
    code, _out, err = build_cli("build", "--root", root)
    assert code == 0
    assert err.splitlines()[0].startswith("content/pages/p.md:4: warning: the text ")
    assert "<pre>" in (root / "_site/p/index.html").read_text()


def test_large_builds_report_progress_small_ones_do_not(make_site: Callable[..., Path]) -> None:
    from handbill.pipeline import PROGRESS_FROM

    pages = {f"content/pages/p{i:04d}.md": f"---\ntitle: Halaman {i}\n---\nTeks.\n" for i in range(PROGRESS_FROM)}
    root = make_site(pages)
    result = run_cli("build", "--root", root)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"read {PROGRESS_FROM} content files (")
    assert lines[1].startswith(f"checked {2 * PROGRESS_FROM} entries; ")
    assert any(line.startswith("made pages (") for line in lines)
    small = make_site({"content/pages/p.md": "---\ntitle: P\n---\n"}, name="small")
    assert run_cli("build", "--root", small).stderr == ""


def test_timings_show_where_the_time_goes(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    """`--timings`: one line per stage that took time, in the editor's language, adding up to the total."""
    root = make_site({"content/sessions/a.md": session_md("a")})
    code, out, err = build_cli("build", "--root", root, "--timings", "--messages", "en")
    assert code == 0 and out.startswith("built "), err
    lines = err.splitlines()
    assert lines[0] == "time by stage (seconds, share of the whole command):"
    rows = {line[:-12].strip(): float(line[-12:].split()[0]) for line in lines[1:-1]}
    from handbill.messages import catalog

    labels = {text for code, text in catalog("en").items() if code.startswith("timing.")}
    assert "pages" in rows and set(rows) <= labels, lines  # stages under 5 ms are summed into "other"
    total = float(lines[-1].split()[-1])
    assert lines[-1].split()[0] == "total"
    assert abs(sum(rows.values()) - total) <= 0.01 * len(rows)  # each row is rounded to 0.01 s
    # Nothing changed: the build memo answers, and says so.
    code, out, err = build_cli("build", "--root", root, "--timings", "--messages", "id")
    assert code == 0, err
    assert err.splitlines()[0] == "waktu per tahap (detik, bagian dari seluruh perintah):"
    assert "mencari perubahan (memo build)" in err and "jumlah" in err
    # `check --format json` keeps its standard output JSON.
    code, out, err = build_cli("check", "--root", root, "--timings", "--format", "json", "--messages", "en")
    assert code == 0 and json.loads(out) == []
    assert "\n  pages " in err
    # Without the flag: not a word.
    assert build_cli("build", "--root", root, "--messages", "en")[2] == ""


def test_a_command_runs_with_fewer_full_collections_and_restores_them(
    build_cli: Callable[..., tuple[int, str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long-lived preview made 15 full collections in six rebuilds with Python's thresholds (cli.py):
    commands run with higher ones, and main() gives the caller its own back (tests call it in-process)."""
    import gc

    from handbill import cli

    seen: list[tuple[int, ...]] = []
    monkeypatch.setattr(cli, "run", lambda args: seen.append(gc.get_threshold()) or 0)
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        assert build_cli("check") == (0, "", "")
        assert seen == [cli.GC_THRESHOLDS]
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)
