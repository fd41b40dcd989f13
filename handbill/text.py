"""Reading source text: UTF-8 only, one newline convention, no control characters.

A BOM and CRLF / lone CR line endings are normalised away so that such a file gives exactly the
output of the plain LF file.  Everything else that is not clean text is refused with its position.
"""

from __future__ import annotations

import re
from pathlib import Path

from .problems import Problems

# C0 controls except tab and newline, DEL, and the C1 block: none belongs in a text file, and
# several break YAML, XML outputs (feeds, sitemaps) or terminals.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

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
            f"file is too large ({len(data) // 1024} KB; the limit is {MAX_SOURCE_BYTES // 1000} KB)",
            "split it into several pages or move data out of it",
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
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
            "save it as UTF-8 in your editor",
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
            f"control character U+{ord(bad.group()):04X} is not allowed in text",
            "delete it; it is often pasted in invisibly from another program",
            code="control-char",
        )
        return None
    return text


def read_source(path: Path, rel: str, problems: Problems) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(rel, 0, 0, f"cannot read the file: {exc.strerror}", "check its permissions", code="io")
        return None
    return decode(data, rel, problems)
