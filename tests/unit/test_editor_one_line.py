"""One mistake, one line, and the right one: a file refused for its name stands for the entry its editor
meant (no follow-on "unknown session" or "broken link" lines about it), a link to a draft says it is a
draft, and a language taken out of site.yaml is one line, not one per translation file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import session_md

SPEAKER = "---\nname: Dewi\ntype: person\n---\nNarasumber.\n"
SPEAKER_EN = "---\nname: Dewi\n---\nSpeaker.\n"


def site_files() -> dict[str, str | bytes]:
    """A session with a speaker; a page and a translation that link to the session; the session's
    own translation."""
    return {
        "content/speakers/dewi.md": SPEAKER,
        "content/speakers/dewi.en.md": SPEAKER_EN,
        "content/sessions/pembukaan.md": session_md(
            extra="speakers: [dewi]\n", body="Bersama [Dewi](../speakers/dewi.md)."
        ),
        "content/sessions/pembukaan.en.md": "---\ntitle: Opening\n---\nWith [Dewi](../speakers/dewi.md).\n",
        "content/pages/tentang.md": "---\ntitle: Tentang\n---\nLihat [pembukaan](../sessions/pembukaan.md).\n",
        "content/pages/tentang.en.md": "---\ntitle: About\n---\nSee [the opening](../sessions/pembukaan.md).\n",
    }


def check(build_cli: Callable[..., tuple[int, str, str]], root: Path) -> tuple[int, list[str]]:
    code, out, err = build_cli("check", "--root", root, "--messages", "id")
    lines = [line for line in (out + err).splitlines() if ": kesalahan: " in line or ": peringatan: " in line]
    return code, lines


def test_the_fixture_site_is_clean(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    code, lines = check(build_cli, make_site(site_files()))
    assert (code, lines) == (0, [])


@pytest.mark.parametrize(
    ("new_name", "expected"),
    [
        (
            "Pembukaan.md",
            "content/sessions/Pembukaan.md: kesalahan: 'Pembukaan' tidak bisa dipakai sebagai nama berkas (pakai hanya"
            " huruf kecil a-z, angka, dan satu tanda hubung di antaranya; ganti namanya menjadi pembukaan.md)",
        ),
        (
            "pembukaan.id.md",
            "content/sessions/pembukaan.id.md: kesalahan: '.id' tidak dipakai untuk bahasa utama"
            " (ganti namanya menjadi pembukaan.md)",
        ),
        (
            "pembukaan.MD",
            "content/sessions/pembukaan.MD: kesalahan: berkas konten harus berakhiran .md (huruf kecil); berkas ini"
            " tidak dibaca (ganti namanya menjadi pembukaan.md)",
        ),
        (
            "pembukaan.md.txt",
            "content/sessions/pembukaan.md.txt: kesalahan: berkas konten harus berakhiran .md (huruf kecil); berkas"
            " ini tidak dibaca (ganti namanya menjadi pembukaan.md)",
        ),
    ],
)
def test_a_file_refused_for_its_name_is_the_one_line(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]], new_name: str, expected: str
) -> None:
    """Before: 'Pembukaan.md' gave 11 lines in 10 files (unknown session, broken links, a translation
    without its original), and '.MD' only a warning beside them."""
    root = make_site(site_files())
    (root / "content/sessions/pembukaan.md").rename(root / "content/sessions" / new_name)
    code, lines = check(build_cli, root)
    assert (code, lines) == (1, [expected])


@pytest.mark.parametrize(
    ("new_name", "fixed"), [("pembukaan.EN.md", "pembukaan.en.md"), ("pembukaan.english.md", "pembukaan.en.md")]
)
def test_a_language_suffix_spelled_otherwise_gets_the_right_name(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]], new_name: str, fixed: str
) -> None:
    root = make_site(site_files())
    (root / "content/sessions/pembukaan.en.md").rename(root / "content/sessions" / new_name)
    code, lines = check(build_cli, root)
    lang = new_name.split(".")[1]
    assert (code, lines) == (
        1,
        [
            f"content/sessions/{new_name}: kesalahan: bahasa '{lang}' pada nama berkas tidak dikenal"
            f" (ganti namanya menjadi {fixed})"
        ],
    )


def test_a_link_to_a_draft_says_it_is_a_draft(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    """Before: 'content/speakers/dewi.md tidak ada' (the file is right there) for every link."""
    files = site_files()
    files["content/speakers/dewi.md"] = "---\nname: Dewi\ntype: person\ndraft: true\n---\nNarasumber.\n"
    code, lines = check(build_cli, make_site(files))
    link = "tautan '../speakers/dewi.md': content/speakers/dewi.md masih draf, jadi tidak diterbitkan"
    hint = "(terbitkan (draft: false) atau hapus rujukannya)"
    assert code == 1
    assert lines == [
        f"content/sessions/pembukaan.en.md:4:13: kesalahan: {link} {hint}",
        f"content/sessions/pembukaan.md:6:12: kesalahan: speakers[0]: pembicara 'dewi' masih draf {hint}",
        f"content/sessions/pembukaan.md:8:16: kesalahan: {link} {hint}",
    ]


def test_a_language_taken_out_of_site_yaml_is_one_line(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    """Before: one line per .en.md file (58 on the default site) and nothing about site.yaml."""
    from tests.conftest import MINIMAL_SITE_YAML

    root = make_site(site_files(), site_yaml=MINIMAL_SITE_YAML.replace("languages: [id, en]", "languages: [id]"))
    code, lines = check(build_cli, root)
    assert (code, lines) == (
        1,
        [
            "content/pages/tentang.en.md: kesalahan: bahasa 'en' tidak ada di languages pada site.yaml, padahal ada"
            " 3 berkas .en.md (tambahkan en ke languages di site.yaml (sekarang: id), atau hapus berkas-berkas .en.md)"
        ],
    )


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("foto.jpg", "gambar disimpan di assets/"),
        (
            "catatan.pdf",
            "pindahkan berkas ini keluar dari content/; jika ini teks halaman, namanya harus berakhiran .md",
        ),
    ],
)
def test_other_files_are_a_warning_with_a_hint_for_their_kind(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]], name: str, hint: str
) -> None:
    files = site_files()
    files[f"content/pages/{name}"] = b"\x00"
    code, lines = check(build_cli, make_site(files))
    assert (code, lines) == (0, [f"content/pages/{name}: peringatan: di sini hanya berkas .md yang dibaca ({hint})"])


def test_a_link_field_without_https_is_an_error_with_the_full_address(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    """Before: published as href="instagram.com/kemenekraf", a path under the page (a broken link)."""
    files = site_files()
    files["content/speakers/dewi.md"] = (
        "---\nname: Dewi\ntype: person\nlinks:\n  - label: Instagram\n    url: instagram.com/kemenekraf\n"
        "  - label: Situs\n    url: https://example.org/\n  - label: Tentang\n    url: /tentang/\n---\nNarasumber.\n"
    )
    code, lines = check(build_cli, make_site(files))
    assert (code, lines) == (
        1,
        [
            "content/speakers/dewi.md:6:10: kesalahan: links[0].url: 'instagram.com/kemenekraf' bukan alamat"
            " lengkap, jadi tautannya rusak di situs (tulis alamat lengkapnya, misalnya https://instagram.com/kemenekraf)"
        ],
    )


def test_the_example_text_of_new_is_a_warning_until_replaced(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    """Before: `new`'s "Tulis teks di sini…" line was published (with --strict too) on the page and in schedule.json."""
    root = make_site(site_files())
    code, _out, _err = build_cli(
        "new", "session", "lokakarya-batik", "--root", root, "--title", "Lokakarya Batik", "--messages", "id"
    )
    assert code == 0
    made = root / "content/sessions/lokakarya-batik.md"
    text = made.read_text(encoding="utf-8")
    line = text.splitlines().index("Tulis teks di sini dalam Markdown. / Write the body here in Markdown.") + 1
    code, lines = check(build_cli, root)
    assert (code, lines) == (
        0,
        [
            f"content/sessions/lokakarya-batik.md:{line}:1: peringatan: teks contoh dari 'build.py new' belum"
            " diganti dan akan tampil di situs (ganti baris itu dengan teks entri ini, atau hapus)"
        ],
    )
    made.write_text(text.replace("Tulis teks di sini dalam Markdown. / Write the body here in Markdown.", "Isi."))
    assert check(build_cli, root) == (0, [])


def test_a_link_to_an_entry_of_another_kind_suggests_it(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    """Before: 'tentang.md' written in a session suggested '../sessions/pembukaan.md' (the closest session)."""
    files = site_files()
    files["content/sessions/pembukaan.md"] = session_md(extra="speakers: [dewi]\n", body="Lihat [Tentang](tentang.md).")
    code, lines = check(build_cli, make_site(files))
    assert (code, lines) == (
        1,
        [
            "content/sessions/pembukaan.md:8:17: kesalahan: tautan rusak 'tentang.md': content/sessions/tentang.md"
            " tidak ada (maksud Anda '../pages/tentang.md'?)"
        ],
    )


def test_a_bad_base_url_option_is_blamed_on_the_option(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    """Before: 'site.yaml:2:11: … base_url 'alamat-situs' …' for a value typed on the command line."""
    root = make_site(site_files())
    code, out, err = build_cli("build", "--root", root, "--base-url", "alamat-situs", "--messages", "id")
    assert code == 2
    assert (
        "--base-url: kesalahan: --base-url 'alamat-situs' bukan alamat yang bisa dipakai"
        " (tulis seperti https://example.org/ atau /sub-path/)"
    ) in (out + err).splitlines()
    assert "site.yaml" not in out + err


@pytest.mark.parametrize(("written", "meant"), [("judul", "title"), ("pembicara", "speakers"), ("speaker", "speakers")])
def test_a_field_written_in_indonesian_suggests_the_field(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]], written: str, meant: str
) -> None:
    """Before: 'kolom 'judul' tidak dikenal (hapus, atau periksa ejaannya …)' with no name to write instead."""
    files = site_files()
    files["content/sessions/pembukaan.md"] = session_md(extra=f"{written}: x\n")
    _code, lines = check(build_cli, make_site(files))
    # beside the field itself (`title:` is in session_md): a leftover, not a name to change
    twice = f"kolom '{written}' tidak dikenal ('{meant}' sudah ditulis; hapus baris '{written}:' ini"
    renamed = f"kolom '{written}' seharusnya bernama '{meant}' (ganti '{written}:' menjadi '{meant}:'"
    assert any(twice in line or renamed in line for line in lines), lines


@pytest.mark.parametrize(
    ("body", "extra", "said"),
    [
        ("Isi.", "speakers: [nobody]\n", "build berhenti saat memeriksa konten; tidak ada yang ditulis"),
        ("Lihat [x](../pages/nothing.md).", "", "build berhenti saat membuat halaman; tidak ada yang ditulis"),
    ],
)
def test_the_stage_a_build_stopped_at_is_said_in_the_editors_words(
    make_site: Callable[..., Path],
    build_cli: Callable[..., tuple[int, str, str]],
    tmp_path: Path,
    body: str,
    extra: str,
    said: str,
) -> None:
    """Before: 'build berhenti di tahap validate' (the code's name for the stage)."""
    files = site_files()
    files["content/sessions/pembukaan.md"] = session_md(extra=extra or "speakers: [dewi]\n", body=body)
    root = make_site(files)
    code, _out, err = build_cli("build", "--root", root, "--out", tmp_path / "out", "--messages", "id")
    assert code == 1
    assert err.splitlines()[-1] == said
