"""Front-matter mistakes editors make, through the real command line: one line each, in plain
Indonesian by default (English with --messages en), at the line and column of the mistake, with a
fix that works for the field in question (handbill/yamlsafe.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_cli, session_md

SESSION = "content/sessions/pembukaan.md"
BOOTH = "content/booths/stan.md"

Check = Callable[[dict[str, str]], tuple[int, list[str], list[str]]]


@pytest.fixture
def check(make_site: Callable[..., Path]) -> Check:
    """`python build.py check` on a site with these files: (exit code, Indonesian lines, English lines),
    each list the problem lines only (no summary, no notes)."""

    def run(files: dict[str, str]) -> tuple[int, list[str], list[str]]:
        root = make_site(files)
        said: dict[str, list[str]] = {}
        codes = set()
        for lang in ("id", "en"):
            proc = run_cli("check", "--root", root, "--messages", lang, env={"HANDBILL_MESSAGES": lang})
            codes.add(proc.returncode)
            lines = (proc.stdout + proc.stderr).splitlines()
            said[lang] = [line for line in lines if line.startswith("content/")]
        assert len(codes) == 1, codes
        return codes.pop(), said["id"], said["en"]

    return run


def session(title: str = "Sesi pembukaan", extra: str = "", room: str = "room: ballroom\n") -> str:
    """A session file written line by line, so that a test can break any one line."""
    return f"---\ntitle: {title}\nstart: 2025-12-11 09:00\nend: 2025-12-11 10:00\n{room}{extra}---\nIsi sesi.\n"


# --- 1. ' #' in a plain value is a comment: the text after it silently disappeared -----------------


@pytest.mark.parametrize(
    ("title", "col", "quoted"),
    [
        ("Pembukaan #Ekraf2025", 18, '"Pembukaan #Ekraf2025"'),
        ("Sesi #1: Pembukaan", 13, '"Sesi #1: Pembukaan"'),
    ],
)
def test_hash_after_one_space_in_a_plain_value_is_an_error_at_the_hash(
    check: Check, title: str, col: int, quoted: str
) -> None:
    code, id_, en = check({SESSION: session(title)})
    assert code == 1
    assert id_ == [
        f"{SESSION}:2:{col}: kesalahan: title: teks setelah ' #' dibaca sebagai komentar dan tidak ikut tampil "
        f"(beri tanda kutip pada seluruh nilainya: title: {quoted}; "
        "komentar yang disengaja ditulis dengan dua spasi sebelum '#')"
    ]
    assert en == [
        f"{SESSION}:2:{col}: error: title: the text after ' #' is read as a comment and does not appear "
        f"(put the whole value in quotes: title: {quoted}; a comment meant as one has two spaces before the '#')"
    ]


def test_hash_in_a_list_item_names_the_item(check: Check) -> None:
    extra = "speakers:\n  - budi #1\n"
    code, id_, en = check({SESSION: session(extra=extra), "content/speakers/budi.md": "---\nname: Budi\n---\n"})
    assert code == 1
    assert id_ == [
        f"{SESSION}:7:10: kesalahan: speakers[0]: teks setelah ' #' dibaca sebagai komentar dan tidak ikut tampil "
        '(beri tanda kutip pada seluruh nilainya: - "budi #1"; '
        "komentar yang disengaja ditulis dengan dua spasi sebelum '#')"
    ]
    assert en[0].startswith(f"{SESSION}:7:10: error: speakers[0]: the text after ' #' is read as a comment")


@pytest.mark.parametrize(
    "title",
    [
        '"Pembukaan #Ekraf2025"',  # in quotes: all of it is the title
        "'Sesi #1: Pembukaan'",
        "Pembukaan  # ganti nanti",  # two spaces: a comment meant as one (as `new` writes them)
        '"Pembukaan"  # <- isi / fill in',
        "Pembukaan#2025",  # no space before '#': part of the text
    ],
)
def test_quoted_values_and_comments_after_two_spaces_build(check: Check, title: str) -> None:
    code, id_, en = check({SESSION: session(title, extra="# komentar satu baris penuh\n")})
    assert (code, id_, en) == (0, [], [])


def test_what_new_writes_still_builds_after_filling_in_a_value_and_keeping_its_comment(
    make_site: Callable[..., Path],
) -> None:
    root = make_site()
    assert run_cli("new", "city", "kota-x", "--root", root).returncode == 0
    path = root / "content/cities/kota-x.md"
    text = path.read_text(encoding="utf-8")
    assert 'province: ""  # <- isi / fill in' in text  # two spaces before the scaffold's comment
    path.write_text(text.replace('province: ""', "province: Jawa Barat", 1), encoding="utf-8")
    proc = run_cli("check", "--root", root, "--messages", "id")
    assert "komentar" not in proc.stdout + proc.stderr
    assert "province" not in proc.stdout + proc.stderr


# --- 2. a missing colon: one Indonesian line at the line of the key --------------------------------


def test_missing_colon_before_more_fields_is_reported_at_the_key(check: Check) -> None:
    code, id_, en = check({SESSION: session(room="room ballroom\n", extra="kind: keynote\n")})
    assert code == 1
    assert id_ == [
        f"{SESSION}:5:5: kesalahan: tidak ada titik dua setelah nama kolom 'room' "
        "(tambahkan ':' setelah nama kolom: room: ballroom)"
    ]
    assert en == [
        f"{SESSION}:5:5: error: there is no colon after the field name 'room' (add ':' after the field name: room: ballroom)"
    ]


def test_missing_colon_on_the_last_line_of_the_front_matter(check: Check) -> None:
    code, id_, en = check({SESSION: session(room="room ballroom\n")})
    assert code == 1
    assert id_ == [
        f"{SESSION}:5:5: kesalahan: tidak ada titik dua setelah nama kolom 'room' "
        "(tambahkan ':' setelah nama kolom: room: ballroom)"
    ]
    assert en == [
        f"{SESSION}:5:5: error: there is no colon after the field name 'room' (add ':' after the field name: room: ballroom)"
    ]


def test_missing_colon_on_the_first_line_of_the_front_matter(check: Check) -> None:
    text = session().replace("title: Sesi pembukaan", "title Sesi pembukaan")
    code, id_, en = check({SESSION: text})
    assert code == 1
    assert id_ == [
        f"{SESSION}:2:6: kesalahan: tidak ada titik dua setelah nama kolom 'title' "
        "(tambahkan ':' setelah nama kolom: title: Sesi pembukaan)"
    ]
    assert en == [
        f"{SESSION}:2:6: error: there is no colon after the field name 'title' "
        "(add ':' after the field name: title: Sesi pembukaan)"
    ]


@pytest.mark.parametrize(
    ("room", "where", "id_line", "en_line"),
    [
        (
            "- ballroom\n",
            "5:1",
            "butir daftar '- ' ini tidak berada di bawah kolom daftar (tulis butir daftar tepat di bawah kolom yang "
            "nilainya dikosongkan, misalnya 'products:', atau hapus baris ini)",
            "this '- ' list item is not under a list field (put list items right below a field whose value is "
            "left empty, such as 'products:', or delete this line)",
        ),
        (
            "room: @ballroom\n",
            "5:7",
            "nilai 'room' diawali '@', yang punya arti khusus di YAML (beri tanda kutip pada nilainya: "
            'room: "@ballroom")',
            "the value of 'room' starts with '@', which has a special meaning in YAML (put the value in quotes: "
            'room: "@ballroom")',
        ),
        (
            "room: `ballroom`\n",
            "5:7",
            "nilai 'room' diawali '`', yang punya arti khusus di YAML (beri tanda kutip pada nilainya: "
            'room: "`ballroom`")',
            "the value of 'room' starts with '`', which has a special meaning in YAML (put the value in quotes: "
            'room: "`ballroom`")',
        ),
        (
            "@room: ballroom\n",
            "5:1",
            "baris ini diawali '@', padahal nama kolom ditulis dengan huruf "
            "(hapus '@', atau beri tanda kutip jika ini bagian dari nilai)",
            "this line starts with '@', but field names are written with letters "
            "(remove the '@', or use quotes if it is part of a value)",
        ),
        (
            "room: ballroom\nsummary: *Penting* sekali\n",
            "6:10",
            "nilai 'summary' diawali '*', yang punya arti khusus di YAML (beri tanda kutip pada nilainya: "
            'summary: "*Penting* sekali")',
            "the value of 'summary' starts with '*', which has a special meaning in YAML (put the value in quotes: "
            'summary: "*Penting* sekali")',
        ),
        (
            "room: ballroom\nsummary: 'Jum'at pagi'\n",
            "6:15",
            "nilai 'summary': ada teks setelah tanda kutip penutup "
            "(tanda ' di dalam nilai menutup kutipnya terlalu awal; tulis: summary: \"Jum'at pagi\")",
            "value of 'summary': there is text after the closing quote "
            "(a ' inside the value closes the quotes too early; write: summary: \"Jum'at pagi\")",
        ),
        (
            "room: ballroom\nsummary: - pagi\n",
            "6:10",
            "nilai 'summary' diawali '-', yang punya arti khusus di YAML (beri tanda kutip pada nilainya: "
            'summary: "- pagi")',
            "the value of 'summary' starts with '-', which has a special meaning in YAML (put the value in quotes: "
            'summary: "- pagi")',
        ),
    ],
)
def test_common_yaml_mistakes_are_worded_without_the_parsers_english(
    check: Check, room: str, where: str, id_line: str, en_line: str
) -> None:
    code, id_, en = check({SESSION: session(room=room, extra="kind: keynote\n")})
    assert code == 1
    assert id_ == [f"{SESSION}:{where}: kesalahan: {id_line}"]
    assert en == [f"{SESSION}:{where}: error: {en_line}"]


@pytest.mark.parametrize(
    ("room", "where"),
    [
        ("room: ballroom\nspeakers: [a, b\n", "6:11"),  # a bracket never closed
        ("room:ballroom\n", "5:6"),  # no space after the colon
        ('room: "ballroom\n', "5:7"),  # a quote never closed, running over the next lines
    ],
)
def test_the_other_common_mistakes_keep_their_own_words(check: Check, room: str, where: str) -> None:
    code, id_, _en = check({SESSION: session(room=room, extra="kind: keynote\n")})
    assert code == 1
    assert len(id_) == 1 and id_[0].startswith(f"{SESSION}:{where}: kesalahan: ")
    for english in ("could not", "expected", "found", "while", "YAML tidak sah"):
        assert english not in id_[0]


# --- 3. a leading zero: advice that works for the field --------------------------------------------


def booth(number: str) -> str:
    return f"---\nname: Stan\nnumber: {number}\n---\n"


def test_leading_zero_hint_does_not_send_a_text_field_to_a_plain_number(check: Check) -> None:
    code, id_, en = check({BOOTH: booth("07")})
    assert code == 1
    assert id_ == [
        f"{BOOTH}:3:9: kesalahan: YAML membaca '07' sebagai angka 7 (jika kolom ini berisi teks, seperti nomor stan, "
        'beri tanda kutip: "07"; jika berisi bilangan, tulis tanpa nol di depan: 7)'
    ]
    assert en == [
        f"{BOOTH}:3:9: error: YAML reads '07' as the number 7 (if this field holds text, such as a booth number, "
        'put it in quotes: "07"; if it holds a number, write it without the leading zero: 7)'
    ]
    # The advice for a text field works: the number in quotes builds.
    assert check({BOOTH: booth('"07"')}) == (0, [], [])


def test_leading_zero_in_a_number_field_names_the_number_it_means(check: Check) -> None:
    code, id_, _en = check({SESSION: session_md(extra="capacity: 050\n")})
    assert code == 1
    assert id_ == [
        f"{SESSION}:6:11: kesalahan: YAML membaca '050' sebagai angka 40 (jika kolom ini berisi teks, seperti nomor "
        'stan, beri tanda kutip: "050"; jika berisi bilangan, tulis tanpa nol di depan: 50)'
    ]
    # The advice for a number field works: 50, not the 40 YAML made of 050.
    assert check({SESSION: session_md(extra="capacity: 50\n")}) == (0, [], [])


def test_other_surprising_numbers_get_only_the_quoting_advice(check: Check) -> None:
    code, id_, en = check({BOOTH: booth("0x1F")})
    assert code == 1
    assert id_ == [
        f"{BOOTH}:3:9: kesalahan: YAML membaca '0x1F' sebagai angka 31 (beri tanda kutip jika ini teks: \"0x1F\")"
    ]
    assert en == [f"{BOOTH}:3:9: error: YAML reads '0x1F' as the number 31 (put it in quotes if it is text: \"0x1F\")"]
