"""Issue 13: every editor message comes from handbill/messages/{id,en}.yaml by code, in the editor's
language; one mistake gives one line, at the value's column, in plain words."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from handbill import messages
from handbill.messages import catalog, placeholders
from tests.conftest import PROJECT, session_md

PACKAGE = PROJECT / "handbill"

# --- the catalogs ---------------------------------------------------------------------------------


def test_both_catalogs_have_the_same_codes_and_placeholders() -> None:
    en, id_ = catalog("en"), catalog("id")
    assert sorted(set(en) ^ set(id_)) == []
    assert [code for code in en if placeholders(en[code]) != placeholders(id_[code])] == []
    assert [code for code in id_ if not id_[code].strip()] == []


def _calls(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def test_every_code_used_exists_in_both_catalogs() -> None:
    used: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if _name(call) in {"t", "msg", "h", "MessageError"} and call.args:
                first = call.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    used[first.value] = path.relative_to(PROJECT).as_posix()
    assert len(used) > 150
    missing = {code: where for code, where in used.items() if code not in catalog("en") or code not in catalog("id")}
    assert missing == {}


#: Modules whose problems, notes and terminal lines are worded by the catalog.  Templates word their
#: own errors for template authors; pipeline.py's --progress lines (`told`) have their codes
#: (pipeline.read, pipeline.checked, pipeline.made, pipeline.made-search) but not yet their calls.
WORDED = [
    "problems.py",
    "inputs.py",
    "text.py",
    "yamlsafe.py",
    "fields.py",
    "schema.py",
    "links.py",
    "config.py",
    "load.py",
    "checks.py",
    "validate.py",
    "i18n.py",
    "markdown.py",
    "serve.py",
    "cli.py",
    "pipeline.py",
    "images.py",
    "importers/apply.py",
    "importers/frab.py",
    "importers/run.py",
    "importers/sessionize.py",
    "scaffold.py",
    "init.py",
    "graph.py",
    "write.py",
    *sorted(p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "formats").glob("*.py")),
]

#: Calls that carry a problem's message or hint, or a line the terminal shows.
CARRIERS = {
    "add",
    "warn",
    "_warn",
    "Problem",
    "error",
    "InputError",
    "MessageError",
    "ScaffoldError",
    "_p",
    "print",
    "say",
    "told",
}


def _prose(node: ast.expr) -> bool:
    """A literal text with a space in it: words, which must come from the catalog."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and " " in node.value.strip()
    if isinstance(node, ast.JoinedStr):
        return any(_prose(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _prose(node.left) or _prose(node.right)
    return False


def test_no_problem_is_given_a_literal_text() -> None:
    found = []
    for name in WORDED:
        path = PACKAGE / name
        for call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if _name(call) in CARRIERS:
                args = [*call.args, *(k.value for k in call.keywords if k.arg in {"message", "hint"})]
                found += [f"{name}:{call.lineno}" for a in args if _prose(a)]
    assert found == []


def test_unknown_language_falls_back_to_english_and_the_order_of_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(messages.ENV, raising=False)
    try:
        messages.set_site_language("nl")
        assert messages.language() == "en"
        messages.set_site_language("id")
        assert messages.language() == "id"
        monkeypatch.setenv(messages.ENV, "en")
        assert messages.language() == "en"
        messages.set_language("id")
        assert messages.language() == "id"
    finally:
        messages.set_language(None)
        messages.set_site_language(None)


# --- the table, through `check`, in Indonesian and in English ---------------------------

SPEAKER = "---\nname: Ayu Lestari\nrole: Kurator\nfeatured: true\n---\nKurator tekstil.\n"
TRANSLATION = "---\nname: Ayu Lestari\nrole: Curator\n---\nTextile curator.\n"
BASE = {
    "content/speakers/ayu.md": SPEAKER,
    "content/speakers/ayu.en.md": TRANSLATION,
    "content/sessions/pembukaan.md": session_md(extra="speakers: [ayu]\n", body="Bersama [Ayu](../speakers/ayu.md)."),
    "content/pages/tentang.md": "---\ntitle: Tentang\n---\nLihat [Ayu](../speakers/ayu.md) dan [sesi](../sessions/pembukaan.md).\n",
}
SP = "content/speakers/ayu.md"
SE = "content/sessions/pembukaan.md"

#: (case, changed files, the one Indonesian line, the one English line)
TABLE = [
    (
        "tab",
        {SP: SPEAKER.replace("role:", "\trole:")},
        f"{SP}:3:1: kesalahan: baris ini diberi indentasi dengan tab (pakai spasi, bukan tab)",
        f"{SP}:3:1: error: this line is indented with a tab (use spaces instead of the tab)",
    ),
    (
        "windows-1252",
        {SP: SPEAKER.replace("Kurator", "Kurat\xe9r").encode("cp1252")},
        f"{SP}:3:12: kesalahan: berkas ini bukan teks UTF-8 (bita 0xe9) "
        "(simpan sebagai UTF-8 di editor Anda, misalnya lewat menu Save with Encoding → UTF-8)",
        f"{SP}:3:12: error: the file is not UTF-8 text (byte 0xe9) (save it as UTF-8 in your editor)",
    ),
    (
        "featured-ya",
        {SP: SPEAKER.replace("featured: true", "featured: ya")},
        f"{SP}:4:11: kesalahan: featured: 'ya' bukan true atau false "
        "(tulis 'featured: true' atau 'featured: false' (bukan ya/tidak))",
        f"{SP}:4:11: error: featured: 'ya' is not true or false (write 'featured: true' or 'featured: false')",
    ),
    (
        "time-with-a-dot",
        {SE: BASE[SE].replace("2025-12-11 09:00", "2025-12-11 9.30")},
        f"{SE}:3:8: kesalahan: start: '2025-12-11 9.30' bukan tanggal dan jam yang sah "
        "(tulis jamnya dengan titik dua: 2025-12-11 09:30)",
        f"{SE}:3:8: error: start: '2025-12-11 9.30' is not a date and time (write the time with a colon: 2025-12-11 09:30)",
    ),
    (
        "colon-in-title",
        {SE: BASE[SE].replace("title: Sesi pembukaan", "title: Ekraf: Masa Depan")},
        f"{SE}:2:8: kesalahan: nilai 'title' mengandung titik dua yang diikuti spasi "
        '(beri tanda kutip pada nilainya: title: "Ekraf: Masa Depan")',
        f"{SE}:2:8: error: the value of 'title' contains a colon followed by a space "
        '(put the value in quotes: title: "Ekraf: Masa Depan")',
    ),
    (
        "unclosed-quote",
        {SP: SPEAKER.replace("role: Kurator", 'role: "Kurator')},
        f"{SP}:3:7: kesalahan: tanda kutip yang dibuka di sini tidak pernah ditutup "
        '(akhiri nilainya dengan tanda kutip yang sama: ")',
        f'{SP}:3:7: error: the quote opened here is never closed (end the value with the same quote mark: ")',
    ),
    (
        "no-space-after-colon",
        {SP: SPEAKER.replace("role: Kurator", "role:Kurator")},
        f"{SP}:3:6: kesalahan: tidak ada spasi setelah titik dua (tulis begini: role: Kurator)",
        f"{SP}:3:6: error: a space is missing after the colon (write it as: role: Kurator)",
    ),
    (
        "broken-link",
        {"content/pages/tentang.md": "---\ntitle: Tentang\n---\nLihat [sesi](../sessions/pembukan.md).\n"},
        "content/pages/tentang.md:4:14: kesalahan: tautan rusak '../sessions/pembukan.md': "
        "content/sessions/pembukan.md tidak ada (maksud Anda '../sessions/pembukaan.md'?)",
        "content/pages/tentang.md:4:14: error: broken link '../sessions/pembukan.md': "
        "there is no content/sessions/pembukan.md (did you mean '../sessions/pembukaan.md'?)",
    ),
    (
        "photo-with-assets",
        {SP: SPEAKER.replace("featured: true", "photo: assets/img/logo.svg")},
        f"{SP}:4:8: kesalahan: photo: tulis jalurnya tanpa 'assets/' (photo: img/logo.svg)",
        f"{SP}:4:8: error: photo: write the path without 'assets/' (photo: img/logo.svg)",
    ),
]


@pytest.mark.parametrize(("case", "files", "indonesian", "english"), TABLE, ids=[c[0] for c in TABLE])
def test_one_mistake_one_line_in_the_editors_language(
    make_site: Callable[..., Path],
    build_cli: Callable[..., tuple[int, str, str]],
    case: str,
    files: dict[str, str | bytes],
    indonesian: str,
    english: str,
) -> None:
    root = make_site({**BASE, **files})
    (root / "assets/img").mkdir(parents=True)
    (root / "assets/img/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    code, _out, err = build_cli("check", "--root", root, "--messages", "id")
    assert code == 1
    assert err.splitlines() == [indonesian, "1 kesalahan di 1 berkas"]
    code, _out, err = build_cli("check", "--root", root, "--messages", "en")
    assert err.splitlines() == [english, "1 error in 1 file"]


def test_an_unknown_field_is_a_visible_warning_with_did_you_mean(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site({**BASE, SP: SPEAKER.replace("role:", "rol:")})
    code, out, err = build_cli("check", "--root", root, "--messages", "id")
    assert code == 0
    assert err.splitlines() == [
        f"{SP}:3:1: peringatan: kolom 'rol' tidak dikenal "
        "(maksud Anda 'role'? Selama belum diperbaiki, nilai ini tidak tampil di situs)",
        "0 kesalahan, 1 peringatan di 1 berkas",
    ]
    assert out.startswith("ok: ") and "halaman diperiksa" in out


def test_the_site_default_language_chooses_without_flag_or_environment(make_site: Callable[..., Path]) -> None:
    root = make_site({**BASE, SP: SPEAKER.replace("featured: true", "featured: ya")})
    env = {k: v for k, v in os.environ.items() if k != messages.ENV}
    run = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "check", "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 1
    assert "kesalahan: featured: 'ya' bukan true atau false" in run.stderr
    english = run.stderr  # and the environment variable overrides it
    run = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "check", "--root", str(root)],
        capture_output=True,
        text=True,
        env={**env, messages.ENV: "en"},
        timeout=120,
    )
    assert "error: featured: 'ya' is not true or false" in run.stderr and run.stderr != english


def test_json_carries_a_stable_code_per_problem(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site({**BASE, SP: SPEAKER.replace("role:", "\trole:")})
    code, out, _err = build_cli("check", "--root", root, "--format", "json", "--messages", "id")
    assert code == 1
    [problem] = json.loads(out)
    assert problem["code"] == "yaml" and problem["line"] == 3 and problem["message"].startswith("baris ini")


# --- one mistake, one line ------------------------------------------------------------------------


@pytest.mark.parametrize("mistake", ["\trole: Kurator\n", "role: Kurator\nfeatured: ya\n"])
def test_a_failed_entry_still_exists_for_links_references_and_translations(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]], mistake: str
) -> None:
    """The speaker fails; the session's `speakers: [ayu]`, two body links to it and its .en.md are
    not reported again: the file's own error is the only line."""
    broken = "---\nname: Ayu Lestari\n" + mistake + "---\nKurator.\n"
    root = make_site({**BASE, SP: broken})
    code, _out, err = build_cli("build", "--root", root)
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 3 and lines[0].startswith(f"{SP}:") and lines[1] == "1 error in 1 file", err


# --- new KIND writes a file that builds ----------------------------------------------------------


def test_new_session_twice_then_the_site_builds(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site(BASE)
    for slug in ("x", "y", "z"):
        code, _out, err = build_cli("new", "session", slug, "--root", root)
        assert code == 0, err
    code, _out, err = build_cli("new", "booth", "b", "--root", root)
    assert code == 0, err
    texts = [(root / f"content/sessions/{s}.md").read_text() for s in ("x", "y", "z")]
    slots = {next(line for line in t.splitlines() if line.startswith("start:")) for t in texts}
    assert len(slots) >= 1
    code, _out, err = build_cli("build", "--root", root)
    assert code == 0, err
    assert 'number: "01"' in (root / "content/booths/b.md").read_text()


# --- the preview's panel --------------------------------------------------------------------------


def test_preview_lists_warnings_in_a_panel_that_does_not_block(make_site: Callable[..., Path], tmp_path: Path) -> None:
    import io

    from handbill.serve import Preview

    root = make_site({**BASE, SP: SPEAKER.replace("role:", "rol:")})
    preview = Preview(root, tmp_path / "out", "127.0.0.1", 8000, stream=io.StringIO())
    messages.set_language("id")
    try:
        state = preview.rebuild()
        page = b'<html lang="en"><head></head><body></body></html>'
        out = preview.inject(page, "index.html").decode()
    finally:
        messages.set_language(None)
    assert state.ok
    assert 'id="handbill-warnings"' in out and 'id="handbill-overlay"' not in out
    assert "Peringatan: 1" in out
    assert f"{SP} (baris 3, posisi karakter ke-1)" in out
    assert "kolom &#x27;rol&#x27; tidak dikenal" in out


def test_the_guides_message_table_is_generated_from_the_catalogs() -> None:
    text = (PROJECT / messages.DOC_FILE).read_text(encoding="utf-8")
    block = text[text.index(messages.BEGIN) + len(messages.BEGIN) : text.index(messages.END)]
    assert block.strip() == messages.markdown_table(), "run `python -m handbill.messages`"


def test_links_to_headings_are_checked_against_the_rendered_ids(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    """`## Pakai api_key` has the id pakai-api_key and setext headings have ids: no false broken link."""
    root = make_site(
        {
            "content/pages/kunci.md": "---\ntitle: Kunci\n---\n## Pakai api_key\n\nTeks.\n\nBagian Dua\n----------\n",
            "content/pages/p.md": "---\ntitle: P\n---\n[a](kunci.md#pakai-api_key) [b](kunci.md#bagian-dua) "
            "[c](kunci.md#pakai-apikey)\n",
        }
    )
    code, _out, err = build_cli("check", "--root", root, "--messages", "id")
    assert code == 1
    assert err.splitlines() == [
        "content/pages/p.md:4:58: kesalahan: tautan rusak 'kunci.md#pakai-apikey': content/pages/kunci.md tidak "
        "punya judul bagian '#pakai-apikey' (maksud Anda '#pakai-api_key'?)",
        "1 kesalahan di 1 berkas",
    ]


# --- import, new and the preview's terminal speak the editor's language too ----------------------


def test_import_new_and_the_preview_terminal_speak_the_editors_language(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    import errno

    from handbill.serve import bind_error

    root = make_site(BASE)
    schedule = PROJECT / "tests/data/import/sessionize-all.json"
    code, out, err = build_cli("import", schedule, "--root", root, "--dry-run", "--messages", "id")
    assert code == 1
    assert out.splitlines()[0].endswith("(sessionize): 7 sesi, 4 pembicara")
    assert "catatan: 2 foto pembicara ada di Sessionize dan tidak diunduh" in out
    assert "peringatan: sesi 501006 'Not Scheduled Yet': belum dijadwalkan (tidak ada jam); tidak diimpor" in err
    assert err.splitlines()[-1] == "tidak ada yang ditulis"
    code, _out, err = build_cli("new", "sponsor", "x", "--root", root, "--messages", "id")
    assert err.strip() == (
        "kesalahan: jenis 'sponsor' tidak dikenal (pakai salah satu dari: booth, city, news, page, session, speaker)"
    )
    messages.set_language("id")
    try:
        line = bind_error(OSError(errno.EADDRINUSE, "in use"), "127.0.0.1", 8000)
    finally:
        messages.set_language(None)
    assert line.startswith("port 8000 sudah dipakai di 127.0.0.1 (apakah pratinjau lain sedang berjalan?)")


def test_help_texts_follow_the_message_language(build_cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _err = build_cli("new", "--help", "--messages", "id")
    assert code == 0 and "buat terjemahannya dalam bahasa ini" in out
    code, out, _err = build_cli("new", "--help", "--messages", "en")
    assert code == 0 and "create the translation in this language" in out


def test_usage_errors_follow_the_message_language(build_cli: Callable[..., tuple[int, str, str]]) -> None:
    code, _out, err = build_cli("serve", "--port", "abc", "--messages", "id")
    assert code == 2 and err.splitlines()[0].endswith("serve: kesalahan: --port 'abc' tidak bisa dipakai" + PORT_ID)
    code, _out, err = build_cli("serve", "--port", "abc", "--messages", "en")
    assert code == 2 and err.splitlines()[0].endswith("serve: error: --port 'abc' cannot be used" + PORT_EN)


PORT_ID = " (tulis nomor port dari 1 sampai 65535, misalnya --port 8000)"
PORT_EN = " (write a port number from 1 to 65535, e.g. --port 8000)"


@pytest.mark.parametrize(
    ("call", "id_text", "en_text"),
    [
        (
            "asset('tidak-ada.css')",
            "asset(): tidak ada berkas assets/tidak-ada.css",
            "asset(): no file assets/tidak-ada.css",
        ),
        (
            "t('tidak.ada')",
            "t(): teks antarmuka 'tidak.ada' tidak ada di templates/i18n/",
            "t(): no string 'tidak.ada' in",
        ),
        ("url('tidak-ada')", "url(): tidak ada halaman untuk 'tidak-ada'", "url(): no page for 'tidak-ada'"),
    ],
)
def test_template_mistakes_speak_the_editors_language(
    make_site: Callable[..., Path], call: str, id_text: str, en_text: str
) -> None:
    # A site's own template (templates/ overrides the theme file by file) that asks for what does not exist.
    root = make_site(
        {"content/pages/a.md": "---\ntitle: A\n---\nIsi.\n", "templates/page.html": "{{ " + call + " }}\n"}
    )
    for lang, text in (("id", id_text), ("en", en_text)):
        r = subprocess.run(
            [sys.executable, str(PROJECT / "build.py"), "check", "--root", str(root), "--messages", lang],
            capture_output=True,
            text=True,
            env={**os.environ, "HANDBILL_CACHE": "0"},
        )
        assert r.returncode == 1 and text in r.stderr + r.stdout, r.stderr + r.stdout
        assert "Traceback" not in r.stderr
