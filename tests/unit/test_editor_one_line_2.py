"""One mistake, one line, second walkthrough: each content mistake below gives exactly one problem, at
the line it is about, with the fix in the editor's words (and its code, for `check --format json`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_SITE_YAML, session_md

Cli = Callable[..., tuple[int, str, str]]

SPEAKER = "---\nname: Dewi\ntype: person\n---\nNarasumber.\n"


def site_files() -> dict[str, str | bytes]:
    return {
        "content/speakers/dewi.md": SPEAKER,
        "content/sessions/pembukaan.md": session_md(extra="speakers: [dewi]\n"),
        "content/sessions/pembukaan.en.md": "---\ntitle: Opening\n---\nOpening session.\n",
        "content/pages/tentang.md": "---\ntitle: Tentang\n---\nLihat [pembukaan](../sessions/pembukaan.md).\n",
    }


def check(build_cli: Cli, root: Path, lang: str = "id") -> tuple[int, list[str], list[tuple[str, str, int]]]:
    """(exit code, the problem lines as shown, (code, file, line) of each problem)."""
    code, out, err = build_cli("check", "--root", root, "--messages", lang)
    marks = (": kesalahan: ", ": peringatan: ", ": error: ", ": warning: ")
    lines = [line for line in (out + err).splitlines() if any(m in line for m in marks)]
    json_code, json_out, _ = build_cli("check", "--root", root, "--messages", lang, "--format", "json")
    assert json_code == code
    found = [(p["code"], p["file"], p["line"]) for p in json.loads(json_out)]
    return code, lines, found


def test_the_fixture_site_is_clean(make_site: Callable[..., Path], build_cli: Cli) -> None:
    code, lines, _ = check(build_cli, make_site(site_files()))
    assert (code, lines) == (0, [])


# --- 1. a field written under its Indonesian name ---------------------------------------------------


def test_a_required_field_under_its_indonesian_name_is_one_line(make_site: Callable[..., Path], build_cli: Cli) -> None:
    """Before: 'kolom wajib 'title' tidak ada' and 'kolom 'judul' tidak dikenal (maksud Anda 'title'? …)'."""
    files = site_files()
    files["content/sessions/pembukaan.md"] = session_md(extra="speakers: [dewi]\n").replace("title:", "judul:")
    root = make_site(files)
    code, lines, found = check(build_cli, root)
    assert (code, lines, found) == (
        1,
        [
            "content/sessions/pembukaan.md:2:1: kesalahan: kolom 'judul' seharusnya bernama 'title'"
            " (ganti 'judul:' menjadi 'title:')"
        ],
        [("field-alias", "content/sessions/pembukaan.md", 2)],
    )
    code, lines, _ = check(build_cli, root, "en")
    assert (code, lines) == (
        1,
        [
            "content/sessions/pembukaan.md:2:1: error: the field 'judul' should be named 'title'"
            " (rename 'judul:' to 'title:')"
        ],
    )


@pytest.mark.parametrize(
    ("written", "meant", "line"),
    [("mulai", "start", 3), ("selesai", "end", 4), ("ruang", "room", 5), ("ruangan", "room", 5)],
)
def test_every_required_alias_is_one_line(
    make_site: Callable[..., Path], build_cli: Cli, written: str, meant: str, line: int
) -> None:
    files = site_files()
    files["content/sessions/pembukaan.md"] = session_md(extra="speakers: [dewi]\n").replace(
        f"\n{meant}:", f"\n{written}:"
    )
    code, lines, found = check(build_cli, make_site(files))
    assert (code, found) == (1, [("field-alias", "content/sessions/pembukaan.md", line)])
    assert lines == [
        f"content/sessions/pembukaan.md:{line}:1: kesalahan: kolom '{written}' seharusnya bernama '{meant}'"
        f" (ganti '{written}:' menjadi '{meant}:')"
    ]


@pytest.mark.parametrize(
    ("path", "text", "line", "written", "meant"),
    [
        (
            "content/speakers/dewi.md",
            "---\nname: Dewi\ntype: person\njabatan: Kurator\n---\nX.\n",
            4,
            "jabatan",
            "role",
        ),
        ("content/sessions/pembukaan.md", session_md(extra="pembicara: [dewi]\n"), 6, "pembicara", "speakers"),
        ("content/sessions/pembukaan.en.md", "---\njudul: Opening\n---\nOpening session.\n", 2, "judul", "title"),
    ],
)
def test_an_optional_or_translated_alias_is_one_warning_saying_to_rename(
    make_site: Callable[..., Path], build_cli: Cli, path: str, text: str, line: int, written: str, meant: str
) -> None:
    """Before: 'tidak dikenal (maksud Anda …?)'; a translation's `judul:` also gave 'belum diterjemahkan: title'."""
    files = site_files()
    files[path] = text
    code, lines, found = check(build_cli, make_site(files))
    assert (code, found) == (0, [("unknown-field", path, line)])
    assert lines == [
        f"{path}:{line}:1: peringatan: kolom '{written}' seharusnya bernama '{meant}'"
        f" (ganti '{written}:' menjadi '{meant}:'; selama belum diganti, nilainya tidak tampil di situs)"
    ]


# --- 2. a translation named like an entry of its own -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("pembukaan-en.md", "translation-name", "terjemahan diberi nama dengan titik sebelum kode bahasa"),
        ("pembukaan_en.md", "translation-name", "terjemahan diberi nama dengan titik sebelum kode bahasa"),
        ("pembukaan en.md", "translation-name", "terjemahan diberi nama dengan titik sebelum kode bahasa"),
        ("pembukaan-english.md", "translation-name", "terjemahan diberi nama dengan titik sebelum kode bahasa"),
        ("Pembukaan-EN.md", "translation-name", "terjemahan diberi nama dengan titik sebelum kode bahasa"),
        ("pembukaan.en.md.md", "not-md", "nama berkas berakhiran .md dua kali"),
    ],
)
def test_a_translation_named_otherwise_says_its_name(
    make_site: Callable[..., Path], build_cli: Cli, name: str, code: str, message: str
) -> None:
    """Before: 'pembukaan-en.md' gave three 'kolom wajib … tidak ada' lines (read as a session of its own),
    'pembukaan_en.md' the hint to rename it to 'pembukaan-en.md', '.en.md.md' "bahasa 'en.md' tidak dikenal"."""
    root = make_site(site_files())
    (root / "content/sessions/pembukaan.en.md").rename(root / "content/sessions" / name)
    exit_code, lines, found = check(build_cli, root)
    assert (exit_code, found) == (1, [(code, f"content/sessions/{name}", 0)])
    assert lines == [
        f"content/sessions/{name}: kesalahan: {message}; berkas ini tidak dibaca"
        " (ganti namanya menjadi pembukaan.en.md)"
    ]


def test_a_hyphenated_language_without_its_original_is_an_entry_of_its_own(
    make_site: Callable[..., Path], build_cli: Cli
) -> None:
    """`diskusi-en.md` without `diskusi.md` is a session named diskusi-en, not a misnamed translation."""
    files = site_files()
    files["content/sessions/diskusi-en.md"] = session_md("diskusi-en", room="studio")
    code, lines, _ = check(build_cli, make_site(files))
    assert (code, lines) == (0, [])


def test_a_language_the_site_does_not_have_is_no_translation(make_site: Callable[..., Path], build_cli: Cli) -> None:
    files = site_files()
    root = make_site(files, site_yaml=MINIMAL_SITE_YAML.replace("languages: [id, en]", "languages: [id]"))
    (root / "content/sessions/pembukaan.en.md").unlink()
    (root / "content/sessions/pembukaan-en.md").write_text(session_md("pembukaan-en", room="studio"), "utf-8")
    code, lines, _ = check(build_cli, root)
    assert (code, lines) == (0, [])


# --- 4. a YAML anchor (&name) or alias (*name) in a value -------------------------------------------


@pytest.mark.parametrize(
    ("extra", "line", "col", "expected"),
    [
        (
            "summary: &Penting teks\n",
            6,
            10,
            "nilai 'summary' diawali '&', yang punya arti khusus di YAML"
            ' (beri tanda kutip pada nilainya: summary: "&Penting teks")',
        ),
        (
            "summary: &a teks\nlanguage: *a\n",
            6,
            10,
            "nilai 'summary' diawali '&', yang punya arti khusus di YAML"
            ' (beri tanda kutip pada nilainya: summary: "&a teks")',
        ),
        (
            "summary: *x\n",
            6,
            10,
            "nilai 'summary' diawali '*', yang punya arti khusus di YAML"
            ' (beri tanda kutip pada nilainya: summary: "*x")',
        ),
        (
            "speakers: &s [dewi]\n",
            6,
            11,
            "anchor dan alias (& dan *) tidak didukung (tulis nilainya secara lengkap)",
        ),
    ],
)
def test_an_anchor_or_alias_in_a_value_is_an_error_with_the_quoted_fix(
    make_site: Callable[..., Path], build_cli: Cli, extra: str, line: int, col: int, expected: str
) -> None:
    """Before: `summary: &Penting teks` was published as 'teks', `*a` repeated another field's value,
    both without a word."""
    files = site_files()
    files["content/sessions/pembukaan.md"] = session_md(extra=extra)
    code, lines, found = check(build_cli, make_site(files))
    assert (code, found) == (1, [("yaml", "content/sessions/pembukaan.md", line)])
    assert lines == [f"content/sessions/pembukaan.md:{line}:{col}: kesalahan: {expected}"]


# --- 5. smaller points ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (
            "content/sessions/pembukaan.md",
            session_md(start="2025-02-30 09:00"),
            "3:8: kesalahan: start: '2025-02-30 09:00' bukan tanggal dan jam; tulis sebagai YYYY-MM-DD HH:MM",
        ),
        (
            "content/pages/tentang.md",
            "---\ntitle: Tentang\ndate: 2025-02-30\n---\nIsi.\n",
            "3:7: kesalahan: date: '2025-02-30' bukan nilai yang sah: tanggal itu tidak ada di bulan tersebut"
            " (tulis tanggal yang ada, sebagai YYYY-MM-DD, misalnya 2025-12-11)",
        ),
    ],
)
def test_a_date_that_does_not_exist_names_its_field(
    make_site: Callable[..., Path], build_cli: Cli, path: str, text: str, expected: str
) -> None:
    """Before: "'2025-02-30' bukan nilai yang sah: …" without the field's name."""
    files = site_files()
    files[path] = text
    code, lines, found = check(build_cli, make_site(files))
    assert code == 1 and len(found) == 1 and found[0][1:] == (path, int(expected.split(":")[0]))
    assert lines == [f"{path}:{expected}"]


# --- 3. usage mistakes on the command line ----------------------------------------------------------

PORT = "nomor port dari 1 sampai 65535, misalnya --port 8000"


@pytest.mark.parametrize(
    ("args", "command", "expected"),
    [
        (["serve", "--port", "abc"], "serve", f"--port 'abc' tidak bisa dipakai (tulis {PORT})"),
        (["serve", "--port"], "serve", f"--port perlu nilai (tulis {PORT})"),
        (["serve", "--host"], "serve", "--host perlu nilai (tulis alamat jaringan, misalnya --host 127.0.0.1)"),
        (
            ["check", "--format", "xml"],
            "check",
            "--format 'xml' tidak bisa dipakai (tulis text atau json, misalnya --format json)",
        ),
        (
            ["build", "--messages", "fr"],
            "build",
            "--messages 'fr' tidak bisa dipakai (tulis id atau en, misalnya --messages en)",
        ),
        (
            ["check", "--root"],
            "check",
            "--root perlu nilai (tulis folder situs, tempat site.yaml berada, misalnya --root .)",
        ),
        (["build", "--out"], "build", "--out perlu nilai (tulis folder hasil, misalnya --out _site)"),
        (
            ["build", "--base-url"],
            "build",
            "--base-url perlu nilai (tulis alamat tempat situs diterbitkan, misalnya --base-url https://example.org/)",
        ),
        (
            ["new", "session", "x", "--title"],
            "new",
            '--title perlu nilai (tulis judulnya dalam tanda kutip, misalnya --title "Lokakarya Batik")',
        ),
        (["new", "session", "x", "--lang"], "new", "--lang perlu nilai (tulis kode bahasa situs, misalnya --lang en)"),
        (
            ["init", "x", "--languages"],
            "init",
            "--languages perlu nilai (tulis kode bahasa dipisah koma, bahasa utama lebih dulu,"
            " misalnya --languages id,en)",
        ),
        (
            ["init", "x", "--timezone"],
            "init",
            "--timezone perlu nilai (tulis zona waktu, misalnya --timezone Asia/Jakarta)",
        ),
        (
            ["init", "x", "--start"],
            "init",
            "--start perlu nilai (tulis tanggal hari pertama sebagai YYYY-MM-DD, misalnya --start 2026-03-10)",
        ),
        (
            ["init", "x", "--end"],
            "init",
            "--end perlu nilai (tulis tanggal hari terakhir sebagai YYYY-MM-DD, misalnya --end 2026-03-11)",
        ),
        (
            ["init", "x", "--name"],
            "init",
            '--name perlu nilai (tulis nama acara dalam tanda kutip, misalnya --name "Festival Kota Kreatif")',
        ),
        (
            ["new", "session"],
            "new",
            "belum ditulis: nama berkas entri tanpa .md (contoh: {prog} new session lokakarya-batik)",
        ),
        (["init"], "init", "belum ditulis: folder situs baru (contoh: {prog} init acara-saya)"),
        (
            ["import"],
            "import",
            "belum ditulis: berkas jadwal (schedule.xml, schedule.json, atau JSON Sessionize)"
            " (contoh: {prog} import schedule.xml)",
        ),
        (["build", "--strct"], "build", "'--strct' tidak dikenal oleh perintah ini (maksud Anda '--strict'?)"),
        (
            ["build", "--port", "8000"],
            "build",
            "'--port' tidak dikenal oleh perintah ini (--port dipakai dengan perintah serve)",
        ),
        (["buil"], "", "perintah 'buil' tidak dikenal (maksud Anda 'build'?)"),
    ],
)
def test_a_usage_mistake_is_one_plain_line_and_where_the_options_are(
    build_cli: Cli, args: list[str], command: str, expected: str
) -> None:
    """Before: argparse's usage block, then 'argumen --port: nilai int tidak sah: 'abc'' (or 'perlu satu
    nilai', 'pilihan tidak sah', 'argumen berikut wajib ada: slug'): its jargon, no value to write."""
    from handbill.cli import _prog

    prog = _prog()
    full = f"{prog} {command}".strip()
    code, out, err = build_cli(*args, "--messages", "id")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{full}: kesalahan: " + expected.format(prog=prog),
        f"lihat semua pilihannya: {full} --help",
    ]


def test_a_usage_mistake_is_english_with_messages_en(build_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from handbill.cli import _prog

    monkeypatch.setenv("HANDBILL_MESSAGES", "en")
    code, _out, err = build_cli("serve", "--port", "abc")
    assert code == 2
    assert err.splitlines() == [
        f"{_prog()} serve: error: --port 'abc' cannot be used (write a port number from 1 to 65535, e.g. --port 8000)",
        f"see every option: {_prog()} serve --help",
    ]


def test_a_session_ending_after_the_event_points_at_end_and_clashes_with_nothing(
    make_site: Callable[..., Path], build_cli: Cli
) -> None:
    """Before: 'sesi ini di luar hari acara' at the start line (whose date is right), and every session in
    its room until the end's date was reported as a clash with it."""
    files = site_files()
    files["content/sessions/pembukaan.md"] = session_md(end="2025-12-19 10:00", extra="speakers: [dewi]\n")
    files["content/sessions/kedua.md"] = session_md("kedua", start="2025-12-12 09:00", end="2025-12-12 10:00")
    code, lines, found = check(build_cli, make_site(files))
    assert (code, found) == (1, [("outside-event", "content/sessions/pembukaan.md", 4)])
    assert lines == [
        "content/sessions/pembukaan.md:4:6: kesalahan: sesi ini berakhir (2025-12-19 10:00) sesudah hari-hari acara"
        " (2025-12-11 sampai 2025-12-12) (jika sesi selesai di hari yang sama, tulis end: 2025-12-11 10:00)"
    ]


@pytest.mark.parametrize(
    ("room", "hint"),
    [
        ("studi", "maksud Anda 'studio'?"),  # a typo (as before)
        ("Ball Room", "tulis ID-nya dengan huruf kecil dan tanda hubung: ball-room"),
        ("aula", "nilai yang dikenal: 'ballroom', 'studio'"),  # nothing near: the ids (as before)
    ],
)
def test_an_unknown_room_suggests_the_nearest_id(
    make_site: Callable[..., Path], build_cli: Cli, room: str, hint: str
) -> None:
    files = site_files()
    files["content/sessions/pembukaan.md"] = session_md(room=room, extra="speakers: [dewi]\n")
    code, lines, _ = check(build_cli, make_site(files))
    assert code == 1 and len(lines) == 1 and lines[0].startswith("content/sessions/pembukaan.md:5:7: kesalahan: room:")
    assert lines[0].endswith(f"({hint})"), lines


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        ("malang", "daerah 'malang' tidak dikenal (maksud Anda 'kota-malang'?)"),
        ("buton", "daerah 'buton' tidak dikenal (maksud Anda 'kabupaten-buton-tengah'?)"),
        ("kota", "daerah 'kota' tidak dikenal (nilai yang dikenal: 'kota-ambon', 'kota-malang')"),
        (
            "Kota Malang",
            "'Kota Malang' bukan ID yang sah (huruf kecil, angka, dan tanda hubung)"
            " (tulis ID-nya dengan huruf kecil dan tanda hubung: kota-malang)",
        ),
    ],
)
def test_an_unknown_city_suggests_the_id_with_its_words(
    make_site: Callable[..., Path], build_cli: Cli, city: str, expected: str
) -> None:
    """Before: 'malang' and 'buton' listed the first eight ids (alphabetically: kabupaten-…), 'Kota Malang'
    said only that it is no id."""
    files = site_files()
    for slug, name in [
        ("kota-malang", "Kota Malang"),
        ("kota-ambon", "Kota Ambon"),
        ("kabupaten-buton-tengah", "Kabupaten Buton Tengah"),
        *[(f"kabupaten-{n}", f"Kabupaten {n}") for n in ("aceh", "bantul", "cilacap", "demak", "garut", "jepara")],
    ]:
        files[f"content/cities/{slug}.md"] = f"---\nname: {name}\ntype: kota\nprovince: Jawa Timur\n---\nX.\n"
    files["content/speakers/dewi.md"] = SPEAKER.replace("type: person\n", f"type: person\ncity: {city}\n")
    code, lines, found = check(build_cli, make_site(files))
    assert (code, [f[1:] for f in found]) == (1, [("content/speakers/dewi.md", 4)])
    assert lines == [f"content/speakers/dewi.md:4:7: kesalahan: city: {expected}"]


def test_a_photo_without_its_description_says_what_to_write(make_site: Callable[..., Path], build_cli: Cli) -> None:
    """Before: nothing; the page showed the photo with an empty description for screen readers."""
    from PIL import Image

    files = site_files()
    files["content/speakers/dewi.md"] = "---\nname: Dewi Lestari\ntype: person\nphoto: img/dewi.jpg\n---\nX.\n"
    root = make_site(files)
    (root / "assets/img").mkdir(parents=True)
    Image.new("RGB", (600, 600), (120, 80, 40)).save(root / "assets/img/dewi.jpg")
    code, lines, found = check(build_cli, root)
    assert (code, found) == (0, [("no-alt", "content/speakers/dewi.md", 4)])
    assert lines == [
        "content/speakers/dewi.md:4:8: peringatan: photo tanpa photo_alt: pembaca layar tidak bisa menyebut apa yang"
        " tampak di foto (tambahkan baris 'photo_alt: ...' yang menyebut apa yang tampak di foto, misalnya"
        " photo_alt: Dewi Lestari berbicara di panggung)"
    ]
    text = files["content/speakers/dewi.md"]
    assert isinstance(text, str)
    (root / "content/speakers/dewi.md").write_text(text.replace("---\nX", "photo_alt: Dewi di panggung\n---\nX"))
    assert check(build_cli, root)[:2] == (0, [])


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (
            "content/sessions/pembukaan.md",
            session_md(extra="speakers: dewi\n"),
            "6:11: kesalahan: speakers: seharusnya daftar, misalnya [a, b], tertulis dewi"
            " (tulis sebagai daftar: speakers: [dewi])",
        ),
        (
            "content/sessions/pembukaan.md",
            session_md(extra="speakers: dewi, ayu\n"),
            "6:11: kesalahan: speakers: seharusnya daftar, misalnya [a, b], tertulis dewi, ayu"
            " (tulis sebagai daftar: speakers: [dewi, ayu])",
        ),
        (
            "content/speakers/dewi.md",
            "---\nname: Dewi\ntype: person\nlinks: instagram.com/dewi\n---\nX.\n",
            "4:8: kesalahan: links: seharusnya daftar, misalnya [a, b], tertulis instagram.com/dewi"
            ' (tulis sebagai daftar: links: [{label: Situs web, url: "https://instagram.com/dewi"}])',
        ),
    ],
)
def test_one_value_where_a_list_is_asked_for_gets_the_line_to_write(
    make_site: Callable[..., Path], build_cli: Cli, path: str, text: str, expected: str
) -> None:
    """Before: 'seharusnya daftar, misalnya [a, b]' and no line to write (for links: the [a, b] example is wrong)."""
    files = site_files()
    files[path] = text
    code, lines, found = check(build_cli, make_site(files))
    assert (code, [f[1:] for f in found]) == (1, [(path, int(expected.split(":")[0]))])
    assert lines == [f"{path}:{expected}"]


def test_the_suggested_links_line_is_valid(make_site: Callable[..., Path], build_cli: Cli) -> None:
    files = site_files()
    files["content/speakers/dewi.md"] = (
        '---\nname: Dewi\ntype: person\nlinks: [{label: Situs web, url: "https://instagram.com/dewi"}]\n---\nX.\n'
    )
    assert check(build_cli, make_site(files))[:2] == (0, [])


def test_a_translation_copy_beside_the_translation_is_not_to_be_renamed_onto_it(
    make_site: Callable[..., Path], build_cli: Cli
) -> None:
    root = make_site(site_files())
    (root / "content/sessions/pembukaan-en.md").write_text("---\ntitle: Opening\n---\nCopy.\n", "utf-8")
    code, lines, found = check(build_cli, root)
    assert (code, found) == (1, [("translation-name", "content/sessions/pembukaan-en.md", 0)])
    assert lines == [
        "content/sessions/pembukaan-en.md: kesalahan: terjemahan diberi nama dengan titik sebelum kode bahasa;"
        " berkas ini tidak dibaca (pembukaan.en.md sudah ada: pindahkan isi yang masih perlu ke sana, lalu hapus"
        " berkas ini)"
    ]


def test_the_help_line_says_what_to_type(build_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run as `python build.py`, the pointer to --help is the whole command an editor types (the guides
    quote it so); before, it said `build.py serve --help`, which a terminal does not run."""
    monkeypatch.setattr("sys.argv", ["build.py"])
    code, _out, err = build_cli("serve", "--port", "abc", "--messages", "id")
    assert code == 2
    assert err.splitlines()[-1] == "lihat semua pilihannya: python build.py serve --help"
    assert err.splitlines()[0].startswith("build.py serve: kesalahan: --port 'abc'")


def test_the_md_typed_twice_beside_the_file_it_would_become_says_not_to_overwrite_it(
    make_site: Callable[..., Path], build_cli: Cli
) -> None:
    """Before: 'pembukaan.md.md' beside 'pembukaan.md' said to rename it to pembukaan.md, which would
    overwrite the session."""
    root = make_site(site_files())
    (root / "content/sessions/pembukaan.md.md").write_text(session_md(), "utf-8")
    exit_code, lines, found = check(build_cli, root)
    assert (exit_code, found) == (1, [("not-md", "content/sessions/pembukaan.md.md", 0)])
    assert lines == [
        "content/sessions/pembukaan.md.md: kesalahan: nama berkas berakhiran .md dua kali; berkas ini tidak dibaca"
        " (pembukaan.md sudah ada: pindahkan isi yang masih perlu ke sana, lalu hapus berkas ini)"
    ]


def test_init_names_the_next_command_as_it_is_typed(
    build_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: 'berikutnya: build.py serve --root …', which a terminal does not run."""
    monkeypatch.setattr("sys.argv", ["build.py"])
    code, out, _err = build_cli("init", tmp_path / "acara", "--messages", "id")
    assert code == 0
    assert f"berikutnya: python build.py serve --root {tmp_path / 'acara'}" in out
