"""Problems found in content or configuration, and the one place that words how they are shown.

Every stage appends `Problem`s to a `Problems` collector and returns; the pipeline decides at the
end of a stage whether to go on.  A problem is one line, like a compiler's:

    content/sessions/pembukaan.md:4:13: error: speakers[1]: unknown speaker 'riefky' (did you mean ...?)

Errors that end a run early (configuration, unsafe output folder) are raised as `ConfigError` /
`BuildAbort`, both carrying problems, so the CLI prints them the same way.
"""

from __future__ import annotations

import contextvars
import difflib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Literal

from .messages import t
from .text import terminal_safe

Severity = Literal["error", "warning"]

#: The file being processed, so that even an unexpected exception names it (set by each stage's loop).
CURRENT: contextvars.ContextVar[str] = contextvars.ContextVar("handbill_current_file", default="")

#: How many problem lines a report shows before it summarises the rest.
REPORT_CAP = 50


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place.  `file` is relative to the site root, with `/` separators."""

    file: str
    line: int = 0
    col: int = 0
    severity: Severity = "error"
    message: str = ""
    hint: str = ""
    code: str = ""

    def format(self) -> str:
        where = self.file or "<build>"
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        text = f"{where}: {t('severity.' + self.severity)}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return terminal_safe(text)  # values and file names in it cannot forge a line or send colours

    def as_dict(self) -> dict[str, object]:
        return {k: terminal_safe(v) if isinstance(v, str) else v for k, v in asdict(self).items()}


@dataclass
class Problems:
    """Collects problems from every stage; sorted and capped only when shown."""

    items: list[Problem] = field(default_factory=list)

    def add(
        self,
        file: str,
        line: int,
        col: int,
        message: str,
        hint: str = "",
        *,
        code: str = "",
        severity: Severity = "error",
    ) -> None:
        self.items.append(Problem(file, line, col, severity, message, hint, code))

    def warn(self, file: str, line: int, col: int, message: str, hint: str = "", *, code: str = "") -> None:
        self.add(file, line, col, message, hint, code=code, severity="warning")

    def extend(self, other: Iterable[Problem]) -> None:
        self.items.extend(other)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def has_errors(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Problem]:
        # Deduplicate: two stages may notice the same thing at the same place.
        return sorted(set(self.items))


class ConfigError(Exception):
    """site.yaml, the command line or the output folder is unusable: exit code 2."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = problems


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A hint naming the closest valid choice, or listing a few when none is close."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if close:
        return t("hint.did-you-mean", value=close[0])
    if not options:
        return ""
    shown = ", ".join(f"'{o}'" for o in options[:8])
    if len(options) > 8:
        return t("hint.known-values-more", values=shown, more=len(options) - 8)
    return t("hint.known-values", values=shown)


def close_match(value: str, choices: Iterable[str]) -> str | None:
    """The closest valid choice, or None when none is close."""
    close = difflib.get_close_matches(value, sorted(set(choices)), n=1, cutoff=0.6)
    return close[0] if close else None


def summary_line(problems: list[Problem], strict: bool = False) -> str:
    errors = sum(1 for p in problems if p.severity == "error" or strict)
    warnings = len(problems) - errors
    files = len({p.file for p in problems})
    parts = [t("summary.errors" if errors != 1 else "summary.error", n=errors)]
    if warnings:
        parts.append(t("summary.warnings" if warnings != 1 else "summary.warning", n=warnings))
    return t("summary.in-files" if files != 1 else "summary.in-file", counts=", ".join(parts), n=files)


def format_report(problems: Iterable[Problem], strict: bool = False, cap: int = REPORT_CAP) -> str:
    """The whole report: sorted lines, capped, then the summary.  Under --strict warnings count as errors."""
    items = sorted(set(problems))
    if strict:
        items = [Problem(p.file, p.line, p.col, "error", p.message, p.hint, p.code) for p in items]
    lines = [p.format() for p in items[:cap]]
    if len(items) > cap:
        lines.append(t("summary.more", n=len(items) - cap))
    lines.append(summary_line(items, strict))
    return "\n".join(lines)


def format_json(problems: Iterable[Problem]) -> str:
    return json.dumps([p.as_dict() for p in sorted(set(problems))], ensure_ascii=False, indent=2)
