"""The style sheet (docs/gaya-bahasa.md) enforced on the Indonesian text: content, interface strings
(templates/i18n/id.yaml), site.yaml, the schema's Indonesian field descriptions and PANDUAN-EDITOR.md.

Each rule is a function that returns what it finds wrong in a text; the tests run it over the
project's files and, to show it can fail, over a bad sample.  Addresses, file names and code (URL
segments such as `/booth/`, ids such as `ballroom`, `kind: keynote`, code spans) are not prose and
are left out before any rule runs."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import PROJECT

# --- where the Indonesian text is -------------------------------------------------------------

#: Front-matter fields that hold text a reader sees.
TEXT_FIELDS = ("title", "name", "summary", "description", "role", "organisation", "known_for", "area", "products")
FENCE = re.compile(r"^```.*?^```[^\n]*$", re.M | re.S)
CODE_SPAN = re.compile(r"``.+?``|`[^`\n]+`")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
COMMENT = re.compile(r"<!--.*?-->", re.S)
BARE_URL = re.compile(r"(?:https?://|/)[\w./#?=&%-]+")


def prose(markdown: str) -> str:
    """Markdown with code, link targets, comments and addresses taken out: only what is read."""
    for pattern in (FENCE, COMMENT, CODE_SPAN, LINK_TARGET):
        markdown = pattern.sub(" ", markdown)
    return BARE_URL.sub(" ", markdown)


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    if not text.startswith("---\n"):
        return {}, text
    head, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(head) or {}, body


def front_texts(front: dict[str, object]) -> Iterator[tuple[str, str]]:
    for key in TEXT_FIELDS:
        value = front.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                yield key, item


def content_files() -> list[Path]:
    return sorted(p for p in (PROJECT / "content").glob("*/*.md") if not p.name.endswith(".en.md"))


def flatten(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from flatten(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from flatten(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def interface_strings() -> list[tuple[str, str]]:
    """templates/i18n/id.yaml, without `path` (URL segments) and `format` (date patterns)."""
    data = yaml.safe_load((PROJECT / "templates/i18n/id.yaml").read_text(encoding="utf-8"))
    return [(k, v) for k, v in flatten(data) if not k.startswith(("path.", "format."))]


def site_yaml_texts() -> list[tuple[str, str]]:
    """Every Indonesian text of site.yaml: the `id:` of each {id: ..., en: ...} (not an `id:` that is a slug)."""
    found: list[tuple[str, str]] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str) and "en" in node:
                found.append((f"{path}.id", node["id"]))
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")

    walk(yaml.safe_load((PROJECT / "site.yaml").read_text(encoding="utf-8")), "")
    return found


def schema_descriptions() -> list[tuple[str, str]]:
    """The Indonesian description (second argument) of every described()/translatable() field."""
    tree = ast.parse((PROJECT / "handbill/schema.py").read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("described", "translatable"):
            if len(node.args) >= 2:
                parts = [
                    n.value for n in ast.walk(node.args[1]) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                ]
                found.append((f"schema.py:{node.lineno}", " ".join(parts)))
    return found


def guide_text() -> str:
    return prose((PROJECT / "PANDUAN-EDITOR.md").read_text(encoding="utf-8"))


def all_texts() -> list[tuple[str, str]]:
    """(where, text) for every piece of Indonesian prose the style sheet covers."""
    texts: list[tuple[str, str]] = []
    for path in content_files():
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        name = str(path.relative_to(PROJECT))
        texts += [(f"{name}: {key}", value) for key, value in front_texts(front)]
        texts.append((name, prose(body)))
    texts += [(f"id.yaml: {k}", v) for k, v in interface_strings()]
    texts += [(f"site.yaml: {k}", v) for k, v in site_yaml_texts()]
    texts += schema_descriptions()
    texts.append(("PANDUAN-EDITOR.md", guide_text()))
    return texts


# --- the rules --------------------------------------------------------------------------------

#: Banned in Indonesian text, with the word to use (docs/gaya-bahasa.md, section 1).
BANNED: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?i)\bbooth(?!s\b)"), "stan"),
    (re.compile(r"(?i)\bkeynote\b(?! \(pidato kunci\))"), "pidato kunci"),
    (re.compile(r"(?i)(?<!Thamrin Nine )\bballroom\b"), "Ruang Utama (only 'Thamrin Nine Ballroom' is a name)"),
    (re.compile(r"(?i)(?<!\*)\bUNESCO Creative Cit(y|ies)\b"), "Kota Kreatif UNESCO / Jejaring Kota Kreatif UNESCO"),
    (re.compile(r"(?i)\bJaringan Kota Kreatif\b"), "Jejaring Kota Kreatif UNESCO"),
    (re.compile(r"(?i)\bjalur tema\b"), "topik"),
    (re.compile(r"(?i)\bmuatan ulang\b"), "muat ulang"),
    (re.compile(r"(?i)\bberita acara\b"), "berita forum ('berita acara' means official minutes)"),
    (re.compile(r"(?i)\bsitus resmi\b"), "situs informasi"),
    (re.compile(r"\bGoogle Calendar\b"), "Google Kalender"),
    (re.compile(r"(?i)\btalk show\b(?!\*)"), "gelar wicara (or *talk show* in italics)"),
    (re.compile(r"(?i)\bLangganan /"), "one verb per button: Tambahkan ke kalender"),
    (re.compile(r"\bId\b"), "ID (an abbreviation is written in capitals)"),
]


def banned_terms(text: str) -> list[str]:
    return [f"'{m.group(0)}' (use: {use})" for pattern, use in BANNED for m in pattern.finditer(text)]


#: "a, b dan c": a list of short items (one to three words) with no comma before dan/atau.
LIST_ITEM = r"[\w/()'.-]+(?: [\w/()'.-]+){0,2}"
MISSING_SERIAL_COMMA = re.compile(rf"(?<![\w-])({LIST_ITEM}), ({LIST_ITEM}) (dan|atau) (?=\w)")


#: A second "item" that starts a clause rather than a list: a function word, an example, a verb.
CLAUSE_WORDS = frozenset("misalnya yaitu seperti lalu kemudian juga ini itu".split())
VERB = re.compile(r"(?i)^(?:di|me|ber|ter)[a-z]{4,}$")


def missing_serial_comma(text: str) -> list[str]:
    found = []
    for m in MISSING_SERIAL_COMMA.finditer(" ".join(text.split())):
        words = m.group(2).split()
        if any(w.lower() in FUNCTION_WORDS | CLAUSE_WORDS or VERB.match(w) for w in words):
            continue
        found.append(f"'{m.group(0).strip()} …' needs a comma before '{m.group(3)}'")
    return found


#: EYD V: in a title every word is capitalised except function words that are not first.
FUNCTION_WORDS = frozenset(
    "di ke dari dan yang untuk bagi pada dengan atau oleh serta tentang dalam sebagai antara kepada terhadap "
    "melalui tanpa per sejak hingga sampai demi karena agar bahwa daripada si sang".split()
)
#: Headline verbs without me-: the ministry writes them with it ("Menteri Membuka …").
BARE_VERBS = frozenset(
    "buka kunjungi luncurkan tetapkan resmikan hadiri dorong ajak perkuat bahas serahkan umumkan tinjau "
    "apresiasi minta sebut dukung".split()
)


def title_case_problems(title: str) -> list[str]:
    found = []
    start = True
    for word in title.split():
        core = word.strip("*_\"'()[]“”‘’,.;!?")
        if core and core[0].isalpha():
            lower = core.lower()
            if lower in BARE_VERBS:
                found.append(f"'{core}': write the verb with me- (e.g. buka → Membuka)")
            elif start and not core[0].isupper():
                found.append(f"'{core}': the first word of a title is capitalised")
            elif not start and lower in FUNCTION_WORDS and core != lower:
                found.append(f"'{core}': a function word inside a title is lowercase")
            elif not start and lower not in FUNCTION_WORDS and not core[0].isupper():
                found.append(f"'{core}': capitalise every word of a title (EYD V)")
        start = word.endswith(":")
    return found


MONTHS = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"
HYPHEN_RANGE = re.compile(rf"\b\d{{1,2}}\.\d{{2}}-\d{{1,2}}\.\d{{2}}\b|\b\d{{1,2}}-\d{{1,2}} (?:{MONTHS})\b")


def hyphen_ranges(text: str) -> list[str]:
    return [f"'{m.group(0)}': a range takes the en dash (–)" for m in HYPHEN_RANGE.finditer(text)]


CAPITAL_BAHASA = re.compile(r"(\S+) (Bahasa (?:Indonesia|Inggris))\b")


def capital_bahasa(text: str) -> list[str]:
    """'Bahasa' after a lowercase word is inside a sentence (after a capitalised one it may be a title)."""
    return [
        f"'{m.group(0)}': 'bahasa' is lowercase inside a sentence"
        for m in CAPITAL_BAHASA.finditer(text)
        if m.group(1)[0].islower() or m.group(1).endswith(",")
    ]


def roman_hexahelix(text: str) -> list[str]:
    return [
        f"'{m.group(0)}': a foreign word in italics: *hexahelix*"
        for m in re.finditer(r"(?<![*\w-])[Hh]exahelix(?![*\w-])", text)
    ]


# --- the rules fail on bad samples ------------------------------------------------------------

RULE_SAMPLES: list[tuple[Callable[[str], list[str]], str, str]] = [
    (banned_terms, "Boothnya ada di Ballroom Utama.", "Stannya ada di Ruang Utama, Thamrin Nine Ballroom."),
    (banned_terms, "Dalam keynote-nya, Menteri …", "Dalam pidato kuncinya, Menteri … (keynote (pidato kunci))"),
    (banned_terms, "UNESCO Creative City bidang Desain", "anggota *UNESCO Creative Cities Network*"),
    (banned_terms, "Baca berita acara", "Baca berita forum"),
    (banned_terms, "Id ruang tidak ada", "ID ruang tidak ada; misalnya id atau en"),
    (banned_terms, "booth-booth itu", "stan-stan itu; kolom booths: dan bagian booths"),
    (missing_serial_comma, "tanggal, tempat, penyelenggara dan kunjungan ke stan", "tanggal, tempat, dan kunjungan"),
    (missing_serial_comma, "huruf kecil, angka dan tanda hubung", "huruf kecil, angka, dan tanda hubung"),
    (
        missing_serial_comma,
        "Google Kalender, Outlook atau Kalender Apple",
        "Google Kalender, Outlook, atau Kalender Apple",
    ),
    (
        title_case_problems,
        "Menteri kunjungi booth tujuh Kota Kreatif UNESCO",
        "Menteri Mengunjungi Stan Tujuh Kota Kreatif UNESCO",
    ),
    (title_case_problems, "Menteri Ekonomi Kreatif buka forum", "Menteri Ekonomi Kreatif Membuka Forum"),
    (title_case_problems, "Enam daerah Ditetapkan Sebagai KaTa Kreatif", "Enam Daerah Ditetapkan sebagai KaTa Kreatif"),
    (hyphen_ranges, "pukul 09.20-10.15 WIB, 11-12 Desember 2025", "pukul 09.20–10.15 WIB, 11–12 Desember 2025"),
    (capital_bahasa, "ditulis dalam Bahasa Indonesia", "Bahasa Indonesia (label); ditulis dalam bahasa Indonesia"),
    (roman_hexahelix, "kolaborasi hexahelix", "kolaborasi *hexahelix*"),
]


@pytest.mark.parametrize(("rule", "bad", "good"), RULE_SAMPLES)
def test_each_rule_fails_on_a_bad_sample_and_passes_a_good_one(
    rule: Callable[[str], list[str]], bad: str, good: str
) -> None:
    assert rule(bad), f"{rule.__name__} does not flag {bad!r}"
    assert rule(good) == [], f"{rule.__name__} flags {good!r}: {rule(good)}"


def test_prose_leaves_out_addresses_code_and_link_targets() -> None:
    sample = "Lihat [stan](/booth/) dan [sesi](../sessions/kunjungan-booth.md); `booths: [a]`\n```\nbooth\n```\n"
    assert banned_terms(prose(sample)) == []


# --- the rules over the project ---------------------------------------------------------------


def report(problems: list[str]) -> str:
    return "see docs/gaya-bahasa.md:\n" + "\n".join(problems[:40])


def test_no_banned_term_in_indonesian_text() -> None:
    problems = [f"{where}: {p}" for where, text in all_texts() for p in banned_terms(text)]
    assert problems == [], report(problems)


def test_the_english_name_of_the_network_appears_once_in_italics_on_the_about_page() -> None:
    seen = [where for where, text in all_texts() if "UNESCO Creative Cities Network" in text]
    assert seen == ["content/pages/tentang.md"], seen


def test_serial_comma_in_interface_strings_site_yaml_schema_and_guide() -> None:
    texts = [(f"id.yaml: {k}", v) for k, v in interface_strings()]
    texts += [(f"site.yaml: {k}", v) for k, v in site_yaml_texts()]
    texts += schema_descriptions() + [("PANDUAN-EDITOR.md", guide_text())]
    problems = [f"{where}: {p}" for where, text in texts for p in missing_serial_comma(text)]
    assert problems == [], report(problems)


def test_titles_of_news_sessions_and_pages_are_in_eyd_title_case() -> None:
    problems = []
    for path in content_files():
        if path.parent.name in ("news", "sessions", "pages"):
            front, body = split_front_matter(path.read_text(encoding="utf-8"))
            where = str(path.relative_to(PROJECT))
            problems += [f"{where}: title: {p}" for p in title_case_problems(str(front.get("title", "")))]
            for heading in re.findall(r"^#{2,4} (.+)$", body, re.M):
                problems += [f"{where}: heading '{heading}': {p}" for p in title_case_problems(heading)]
    assert problems == [], report(problems)


def test_ranges_take_the_en_dash() -> None:
    problems = [f"{where}: {p}" for where, text in all_texts() for p in hyphen_ranges(text)]
    assert problems == [], report(problems)


def test_bahasa_is_lowercase_inside_a_sentence() -> None:
    problems = [f"{where}: {p}" for where, text in all_texts() for p in capital_bahasa(text)]
    assert problems == [], report(problems)


def test_hexahelix_is_in_italics_in_content_bodies() -> None:
    problems = []
    for path in content_files():
        _, body = split_front_matter(path.read_text(encoding="utf-8"))
        problems += [f"{path.relative_to(PROJECT)}: {p}" for p in roman_hexahelix(prose(body))]
    assert problems == [], report(problems)


def test_the_style_sheet_is_in_the_repository_and_linked_from_the_guide() -> None:
    sheet = PROJECT / "docs" / "gaya-bahasa.md"
    assert sheet.is_file()
    assert "docs/gaya-bahasa.md" in (PROJECT / "PANDUAN-EDITOR.md").read_text(encoding="utf-8")
    for term in ("stan", "pidato kunci", "gelar wicara", "Kota Kreatif UNESCO", "konten", "koma"):
        assert term in sheet.read_text(encoding="utf-8"), term


# --- the editor's messages (handbill/messages/id.yaml, docs/gaya-bahasa.md section 6) -----------

#: Only in messages: a place in a line is "posisi karakter ke-12", never "kolom 12" (a kolom is a
#: front-matter field); content ("isi" as a noun) is "konten".
MESSAGE_BANNED: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?i)\bkolom (?:ke-)?(?:\d|\{col)"), "posisi karakter ke-…"),
    (re.compile(r"(?i)\b(?:berkas|folder|teks) isi\b"), "konten"),
]


def message_texts() -> list[tuple[str, str]]:
    """Each Indonesian message, without code spans (command words such as `booth`)."""
    data = yaml.safe_load((PROJECT / "handbill/messages/id.yaml").read_text(encoding="utf-8"))
    return [(f"messages/id.yaml: {k}", CODE_SPAN.sub(" ", str(v))) for k, v in data.items()]


def test_the_editors_messages_follow_the_style_sheet() -> None:
    problems = []
    for where, text in message_texts():
        found = banned_terms(text) + missing_serial_comma(text) + capital_bahasa(text) + hyphen_ranges(text)
        found += [f"'{m.group(0)}' (use: {use})" for pattern, use in MESSAGE_BANNED for m in pattern.finditer(text)]
        problems += [f"{where}: {p}" for p in found]
    assert problems == [], report(problems)


def test_the_message_rules_fail_on_a_bad_sample() -> None:
    bad = {"x": "stan bertumpuk dengan booth lain (baris 3, kolom 12); periksa indentasi, titik dua dan kutip"}
    texts = [(k, v) for k, v in bad.items()]
    found = [p for _, text in texts for p in banned_terms(text) + missing_serial_comma(text)]
    found += [m.group(0) for _, text in texts for pattern, _use in MESSAGE_BANNED for m in pattern.finditer(text)]
    assert len(found) == 3, found
