"""Table-driven cases: a change to the base site, the command, and the exact report it must give."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.conftest import MINIMAL_SITE_YAML
from tests.contract.conftest import Case


@dataclass(frozen=True)
class Change:
    """`files` written into the site (site.yaml replaced by `site_yaml` when given), then `args` run;
    the exit code must be `code` and stderr exactly `lines`."""

    id: str
    files: dict[str, str | bytes]
    code: int
    lines: list[str]
    args: tuple[str, ...] = ("build",)
    site_yaml: str | None = None
    skip_untouched: bool = field(default=False)


def stopped(stage: str, errors: int = 1, files: int = 1) -> list[str]:
    """The two closing lines of a build that stopped with errors."""
    return [
        f"{errors} error{'s' if errors != 1 else ''} in {files} file{'s' if files != 1 else ''}",
        f"build stopped at the {stage} stage; the previous output is unchanged",
    ]


def config_end(errors: int = 1) -> list[str]:
    return [f"{errors} error{'s' if errors != 1 else ''} in 1 file"]


def site_yaml(old: str, new: str) -> str:
    assert old in MINIMAL_SITE_YAML, old
    return MINIMAL_SITE_YAML.replace(old, new)


def params(changes: list[Change]) -> list[object]:
    return [pytest.param(c, id=c.id) for c in changes]


def check(case: Case, change: Change) -> None:
    if change.site_yaml is not None:
        case.write({"site.yaml": change.site_yaml})
    case.write(change.files)
    outcome = case.run(*change.args)
    case.expect(outcome, change.code, change.lines)
