"""Edits to YAML text that keep everything else as the editor wrote it: comments, order, quoting.

A top-level field spans from its key's line to the line before the next top-level key, less the
blank and comment lines just before that key (they introduce it).  Replacing a field rewrites only
its span; adding one appends it; items are added to a block list after its last item.  Nothing here
reformats a line it was not asked to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..yamlsafe import Path_, Pos


@dataclass(frozen=True)
class Span:
    start: int  # index of the key's line
    end: int  # index after the field's last line


def spans(lines: list[str], positions: dict[Path_, Pos], line_offset: int = 0) -> dict[str, Span]:
    """Top-level key → its span in `lines` (`line_offset`: what positions add to an index + 1)."""
    keys = sorted(
        (
            (pos.line - line_offset - 1, key[0])
            for key, pos in positions.items()
            if len(key) == 1 and isinstance(key[0], str)
        ),
    )
    out: dict[str, Span] = {}
    for i, (start, key) in enumerate(keys):
        end = keys[i + 1][0] if i + 1 < len(keys) else len(lines)
        while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        out[key] = Span(start, end)
    return out


class Edits:
    """Replacements collected against one text, applied bottom-up so that spans stay valid."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.changes: list[tuple[int, int, list[str]]] = []

    def replace(self, span: Span, new: list[str]) -> None:
        self.changes.append((span.start, span.end, new))

    def insert(self, at: int, new: list[str]) -> None:
        self.changes.append((at, at, new))

    def result(self) -> list[str]:
        lines = list(self.lines)
        # Bottom-up; of two insertions at one place, the one asked for first must end up first.
        order = sorted(range(len(self.changes)), key=lambda i: (*self.changes[i][:2], i), reverse=True)
        for i in order:
            start, end, new = self.changes[i]
            lines[start:end] = new
        return lines


class FlowList(Exception):
    """A list written on one line ([a, b]) cannot be added to without rewriting it."""


def add_items(lines: list[str], span: Span | None, key: str, items: list[str], edits: Edits) -> None:
    """Add `- item` lines to the block list `key` (appended at the end of the text when missing)."""
    if span is None:
        at = len(lines)
        while at > 0 and not lines[at - 1].strip():
            at -= 1
        edits.insert(at, ["", f"{key}:", *(f"  - {item}" for item in items)])
        return
    head = lines[span.start]
    value = head.split(":", 1)[1].split(" #", 1)[0].strip() if ":" in head else ""
    if value in {"[]", "[ ]"}:
        edits.replace(Span(span.start, span.start + 1), [f"{key}:", *(f"  - {item}" for item in items)])
        return
    if value:
        raise FlowList(key)
    indent = "  "
    for line in lines[span.start + 1 : span.end]:
        m = re.match(r"^(\s*)- ", line)
        if m:
            indent = m.group(1)
            break
    edits.insert(span.end, [f"{indent}- {item}" for item in items])
