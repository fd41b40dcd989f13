"""requirements/constraints.txt agrees with pyproject.toml: every direct dependency is pinned, each pin
is within the range pyproject.toml declares, and everything that shapes the output or judges the code
is pinned.  After adding or changing a dependency: `pip install -e '.[test]' && python scripts/lock.py`."""

from __future__ import annotations

import importlib.metadata as md
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from handbill.incremental.memo import LIBRARIES
from scripts.lock import LOCK, REGENERATE, closure, direct_requirements, disagreements, read_lock, render
from tests.conftest import PROJECT

FIX = f"regenerate the lock: {REGENERATE}"
#: Besides the libraries that shape the output (memo.LIBRARIES): the preview server and the code judges.
ALSO_PINNED = ("livereload", "tornado", "ruff", "mypy", "pytest")


@pytest.fixture(scope="module")
def pins() -> dict[str, str]:
    return read_lock()


def test_every_direct_dependency_is_pinned_within_its_range(pins: dict[str, str]) -> None:
    problems = disagreements(direct_requirements(), pins)
    assert not problems, "\n".join(problems) + f"\n{FIX}"


def test_what_shapes_the_output_and_judges_the_code_is_pinned(pins: dict[str, str]) -> None:
    missing = [name for name in (*LIBRARIES, *ALSO_PINNED) if canonicalize_name(name) not in pins]
    assert not missing, f"not pinned: {missing}; {FIX}"


def test_markupsafe_is_a_direct_dependency() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "markupsafe" in {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}


def test_the_lock_file_is_well_formed() -> None:
    text = LOCK.read_text(encoding="utf-8")
    names = [line.split("==")[0] for line in text.splitlines() if line and not line.startswith("#")]
    assert names == sorted(names) and len(names) == len(set(names)), "sorted, one line per package"
    assert "handbill" not in names
    assert REGENERATE in text  # the file says how to remake it


def test_the_output_libraries_installed_here_are_the_locked_ones(pins: dict[str, str]) -> None:
    """The golden files and the byte-for-byte promise hold for the locked versions: an environment with
    others is not the one the README's commands make."""
    differ = []
    for name in LIBRARIES:
        installed = md.version(name)
        if installed != pins[canonicalize_name(name)]:
            differ.append(f"{name} {installed} installed, {pins[canonicalize_name(name)]} locked")
    assert not differ, (
        "\n".join(differ) + "\ninstall the locked versions: pip install -c requirements/constraints.txt -e '.[test]'"
        f" (or, to move to these versions, {REGENERATE})"
    )


def test_a_lock_that_disagrees_is_reported(tmp_path: Path) -> None:
    """The checks above can fail: a pin below pyproject.toml's floor, a dependency missing, a range."""
    requirements = [Requirement("jinja2>=3.1.4"), Requirement("Markdown>=3.6")]
    assert disagreements(requirements, {"jinja2": "3.0.0"}) == [
        "jinja2: constraints.txt pins 3.0.0, outside '>=3.1.4' in pyproject.toml",
        "Markdown (Markdown>=3.6) is not in constraints.txt",
    ]
    assert disagreements(requirements, {"jinja2": "3.1.6", "markdown": "3.11.3"}) == []
    bad = tmp_path / "constraints.txt"
    bad.write_text("jinja2==3.1.6\nmarkdown>=3\n")
    with pytest.raises(ValueError, match="'markdown>=3' is not name==version"):
        read_lock(bad)


def test_closure_follows_extras_and_markers() -> None:
    found = closure([Requirement("jsonschema[format-nongpl]"), Requirement("nonexistent-pkg; python_version < '3'")])
    assert {"jsonschema", "referencing", "rfc3339-validator"} <= set(found)  # the extra's own dependencies
    assert "nonexistent-pkg" not in found
    assert render({"b": "1", "a": "2"}).splitlines()[-2:] == ["a==2", "b==1"]
