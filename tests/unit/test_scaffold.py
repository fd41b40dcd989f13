"""`build.py new`: every field, commented; builds once the required placeholders are filled; never overwrites."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.schema import KIND_MODELS, description_id, translatable_fields
from tests.conftest import run_cli

KINDS = {
    "speaker": "speakers",
    "session": "sessions",
    "booth": "booths",
    "city": "cities",
    "news": "news",
    "page": "pages",
}
PLACEHOLDER = '""  # <- isi / fill in'
FILLED = {"number": '"07"', "province": "Jawa Barat"}


def _fill(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for field, value in FILLED.items():
        text = text.replace(f"{field}: {PLACEHOLDER}", f"{field}: {value}")
    assert PLACEHOLDER not in text, text
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_scaffold_lists_every_field_and_builds_once_placeholders_are_filled(
    make_site: Callable[..., Path], kind: str
) -> None:
    root = make_site()
    result = run_cli("new", kind, "contoh-baru", "--title", "Contoh Baru", "--root", root)
    assert result.returncode == 0, result.stderr
    path = root / "content" / KINDS[kind] / "contoh-baru.md"
    assert result.stdout.strip() == f"created {path}"
    text = path.read_text(encoding="utf-8")
    for field in KIND_MODELS[KINDS[kind]].model_fields:
        assert re.search(rf"^(# )?{field}:", text, re.M), f"{field} missing from\n{text}"
    assert "WAJIB / REQUIRED" in text
    for field, info in KIND_MODELS[KINDS[kind]].model_fields.items():
        # Each field: the Indonesian description with the marks, then the English one, then the field.
        comment = re.search(rf"^# (.*) \(.*\)\n#   (.*)\n(?:# contoh / example:\n)?(# )?{field}:", text, re.M)
        assert comment and comment.groups()[:2] == (description_id(info), info.description), f"{field}\n{text}"
    _fill(path)
    check = run_cli("check", "--root", root, "--format", "json")
    errors = [p for p in json.loads(check.stdout) if p["severity"] == "error"]
    assert errors == [] and check.returncode == 0, check.stdout + check.stderr
    build = run_cli("build", "--root", root)
    assert build.returncode == 0, build.stderr


def test_unfilled_placeholder_is_a_clear_error_on_its_line(make_site: Callable[..., Path]) -> None:
    root = make_site()
    assert run_cli("new", "city", "kota-baru", "--root", root).returncode == 0
    path = root / "content/cities/kota-baru.md"
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("province:"))
    result = run_cli("check", "--root", root)
    assert result.returncode == 1
    assert f"content/cities/kota-baru.md:{line}:" in result.stderr


def test_translation_has_only_translated_fields_and_builds(make_site: Callable[..., Path]) -> None:
    root = make_site()
    assert run_cli("new", "session", "sesi-baru", "--root", root).returncode == 0
    result = run_cli("new", "session", "sesi-baru", "--lang", "en", "--title", "New Session", "--root", root)
    assert result.returncode == 0, result.stderr
    text = (root / "content/sessions/sesi-baru.en.md").read_text()
    active = {m.group(1) for m in re.finditer(r"^([a-z_]+):", text, re.M)}
    assert active == {"title"}
    assert active | {m.group(1) for m in re.finditer(r"^# ([a-z_]+):", text, re.M)} == set(
        translatable_fields(KIND_MODELS["sessions"])
    )
    assert 'title: "New Session"' in text
    check = run_cli("check", "--root", root)
    assert check.returncode == 0, check.stderr


def test_never_overwrites(make_site: Callable[..., Path]) -> None:
    root = make_site({"content/speakers/ayu.md": "---\nname: Ayu\n---\nmine\n"})
    result = run_cli("new", "speaker", "ayu", "--root", root)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: content/speakers/ayu.md already exists; nothing was changed"
    assert (root / "content/speakers/ayu.md").read_text() == "---\nname: Ayu\n---\nmine\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["speaker", "Ayu_Lestari"], "error: 'Ayu_Lestari' cannot be used as a file name: use only lowercase"),
        (["speaker", "../evil"], "error: '../evil' cannot be used as a file name"),
        (["sponsor", "abc"], "error: unknown kind 'sponsor' (use one of: booth, city, news, page, session, speaker)"),
        (["speaker", "abc", "--lang", "fr"], "error: unknown language 'fr' (site.yaml lists: id, en)"),
        (["speaker", "abc", "--lang", "en"], "error: content/speakers/abc.md does not exist yet; create the original"),
    ],
)
def test_refusals_are_one_line_exit_2(make_site: Callable[..., Path], args: list[str], message: str) -> None:
    root = make_site()
    result = run_cli("new", *args, "--root", root)
    assert result.returncode == 2
    assert result.stderr.startswith(message), result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert not list((root / "content").rglob("*.md"))


def test_region_is_an_alias_of_city(make_site: Callable[..., Path]) -> None:
    root = make_site()
    assert run_cli("new", "region", "kota-baru", "--root", root).returncode == 0
    assert (root / "content/cities/kota-baru.md").is_file()


def test_check_writes_nothing_and_json_lists_problems(make_site: Callable[..., Path]) -> None:
    root = make_site(
        {"content/sessions/a.md": "---\ntitle: A\nstart: 2025-12-11 09:00\nend: 2025-12-11 10:00\nroom: aula\n---\n"}
    )
    result = run_cli("check", "--root", root, "--format", "json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert [(p["file"], p["line"], p["severity"]) for p in problems] == [("content/sessions/a.md", 5, "error")]
    assert set(problems[0]) == {"file", "line", "col", "severity", "message", "hint", "code"}
    assert "aula" in problems[0]["message"]
    assert not (root / "_site").exists()
    ok = run_cli("check", "--root", make_site(name="ok"), "--format", "json")
    assert ok.returncode == 0 and json.loads(ok.stdout) == []
