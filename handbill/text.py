"""Reading source text: UTF-8 only, one newline convention, no control characters.

A BOM and CRLF / lone CR line endings are normalised away so that such a file gives exactly the
output of the plain LF file.  Everything else that is not clean text is refused with its position.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .inputs import InputError, read_regular
from .messages import t

if TYPE_CHECKING:  # problems.py imports this module (terminal_safe): no import back at run time
    from .problems import Problems

# C0 controls except tab and newline, DEL, the C1 block, and the noncharacters U+FFFE/U+FFFF: none
# belongs in a text file, and several break YAML, XML outputs (feeds, sitemaps: a body's U+FFFF made
# feed.xml ill-formed, found by the fuzz test) or terminals.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

#: Larger files are refused before parsing so that a pasted 10 MB blob cannot stall a build.
MAX_SOURCE_BYTES = 1_000_000


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def decode(data: bytes, rel: str, problems: Problems) -> str | None:
    """Bytes of a source file → normalised text, or None after recording why not."""
    if len(data) > MAX_SOURCE_BYTES:
        problems.add(
            rel,
            0,
            0,
            t("input.too-large", size=f"{len(data) // 1024} KB", limit=f"{MAX_SOURCE_BYTES // 1000} KB"),
            t("input.too-large.hint"),
            code="too-large",
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        line, col = line_col(good, len(good))
        problems.add(
            rel,
            line,
            col,
            t("text.not-utf8", byte=f"0x{data[exc.start]:02x}"),
            t("text.not-utf8.hint"),
            code="encoding",
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        line, col = line_col(text, bad.start())
        problems.add(
            rel,
            line,
            col,
            t("text.control-char", char=f"U+{ord(bad.group()):04X}"),
            t("text.control-char.hint"),
            code="control-char",
        )
        return None
    return text


def read_source(path: Path, rel: str, problems: Problems) -> str | None:
    """A source file's normalised text; a FIFO, device, socket or oversized file is refused unread."""
    try:
        data = read_regular(path, MAX_SOURCE_BYTES)
    except InputError as exc:
        problems.add(rel, 0, 0, exc.why, exc.hint, code=exc.code)
        return None
    return decode(data, rel, problems)


# --- values after YAML parsing -----------------------------------------------------------------

#: Refused in any string value, wherever it came from (a YAML escape such as "\x1b" or "\u2028"
#: gets past the file check above): C0 controls but tab and newline, DEL, the C1 block, the line and
#: paragraph separators (line breaks in JavaScript and some readers), lone surrogates (not text:
#: they cannot even be written as UTF-8) and the noncharacters U+FFFE/U+FFFF (invalid in XML).
_BAD_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")

#: Dates outside these years are typing mistakes (`1025-12-11`), and at the edges of what Python's
#: dates can hold (year 1 or 9999) any time-zone arithmetic overflows.
MIN_YEAR, MAX_YEAR = 1900, 2199
#: A value that is a date or a date and time as a whole ('2025-12-11 09:00'): the schema parses these.
_DATE_TEXT = re.compile(
    r"\s*([0-9]{4})-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]*)?)?)?"
    r"\s*(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?\s*"
)


def bad_character(value: str) -> str | None:
    """'U+001B' for the first character no text value may hold, or None."""
    found = _BAD_VALUE.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def year_problem(value: object) -> str | None:
    """Why a date (a YAML date, or text that starts like one) is out of range, or None."""
    if isinstance(value, dt.date):
        year = value.year
    elif isinstance(value, str):
        match = _DATE_TEXT.fullmatch(value)
        if match is None:
            return None
        year = int(match.group(1))
    else:
        return None
    if MIN_YEAR <= year <= MAX_YEAR:
        return None
    return t("text.year-range", year=year, min=MIN_YEAR, max=MAX_YEAR)


def check_values(
    data: Any, positions: dict[Any, Any], rel: str, problems: Problems, start: tuple[int, int] = (1, 1)
) -> bool:
    """The one sanitiser of parsed values: every string (keys too) and every date of `data`, at the
    position `positions` records for it.  False when it found something (each reported once)."""
    found = False

    def at(path: tuple[Any, ...]) -> tuple[int, int]:
        while path:
            pos = positions.get(path)
            if pos is not None:
                return pos.line, pos.col
            path = path[:-1]
        return start

    def name(path: tuple[Any, ...]) -> str:
        text = ""
        for part in path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
        return text or "value"

    def visit(value: Any, path: tuple[Any, ...]) -> None:
        nonlocal found
        if isinstance(value, dict):
            for key, item in value.items():
                key_text = str(key)
                char = bad_character(key_text)
                if char:
                    line, col = at((*path, key))
                    problems.add(
                        rel,
                        line,
                        col,
                        t("text.control-char-key", char=char),
                        t("text.control-char-key.hint"),
                        code="control-char",
                    )
                    found = True
                    continue
                visit(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                visit(item, (*path, i))
        elif isinstance(value, str):
            char = bad_character(value)
            if char:
                line, col = at(path)
                problems.add(
                    rel,
                    line,
                    col,
                    t("text.control-char-value", name=name(path), char=char),
                    t("text.control-char-value.hint"),
                    code="control-char",
                )
                found = True
                return
            why = year_problem(value)
            if why:
                line, col = at(path)
                problems.add(
                    rel,
                    line,
                    col,
                    t("text.field-why", name=name(path), why=why),
                    t("text.date-range.hint"),
                    code="date-range",
                )
                found = True
        elif isinstance(value, dt.date):
            why = year_problem(value)
            if why:
                line, col = at(path)
                problems.add(
                    rel,
                    line,
                    col,
                    t("text.field-why", name=name(path), why=why),
                    t("text.date-range.hint"),
                    code="date-range",
                )
                found = True

    visit(data, ())
    return not found


# --- what the terminal shows -------------------------------------------------------------------


def _escaped(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def terminal_safe(text: str) -> str:
    """`text` with every character a terminal would not show as itself written as an escape: controls
    (a newline would start a forged message line, ESC starts colour codes and cursor moves, C1 0x9B
    is ESC [ on some terminals), the bidirectional overrides that reorder what is shown, invisible
    format characters and unusual spaces, line separators, and lone surrogates (a file name that is
    not UTF-8: printing it would fail).  Shown as `\\x1b`, `\\x0a`, `\\u202e`, `\\xff`.  Idempotent:
    the escapes are plain ASCII."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escaped(ch) for ch in text)


# --- ids: what a file name or a reference may be (load.py, fields.py, validate.py, importers) ------------

#: An id: lowercase letters and digits in words joined by single hyphens (schema.py checks references
#: with it too).
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names Windows and some hosts refuse as file names, whatever the extension.
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_SLUG = 80


def check_slug(slug: str) -> str | None:
    """Why `slug` cannot become part of a URL, or None when it can."""
    if not SLUG_RE.match(slug):
        return t("load.slug-chars")
    if slug in RESERVED:
        return t("load.slug-reserved")
    if len(slug) > MAX_SLUG:
        return t("load.slug-long", max=MAX_SLUG)
    return None


def slugged(name: str) -> str:
    """'Lokakarya Batik', 'Kafé_Kota', 'a--b' → 'lokakarya-batik', 'kafe-kota', 'a-b': the id an editor
    most likely meant; only case, accents, spaces, underscores and doubled hyphens are changed, so
    anything else (a dot, a percent sign, a control character) stays and the result is no valid id."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return re.sub(r"-{2,}", "-", re.sub(r"[ _]+", "-", plain.lower())).strip("-")
