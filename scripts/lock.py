"""Write requirements/constraints.txt: the exact version of every package that handbill and its test
tools install, read from the environment they are installed in.

    pip install -e '.[test]' && python scripts/lock.py      after adding or changing a dependency
    python scripts/lock.py --check                         exit 1 if the file is not this environment's

The README's commands and CI install with `pip install -c requirements/constraints.txt ...`, so every
machine builds with the same Markdown, Jinja2, Babel, Pillow... and the output is the same byte for
byte.  The set is the closure of pyproject.toml's dependencies and its `test` extra (markers evaluated
for this interpreter and platform), so a package another tool left in the environment is not locked.
tests/unit/test_lock.py fails when the file and pyproject.toml disagree.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import platform
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = Path(__file__).resolve().parent.parent
LOCK = PROJECT / "requirements" / "constraints.txt"
EXTRAS = ("test",)
REGENERATE = "pip install -e '.[test]' && python scripts/lock.py"


def direct_requirements(pyproject: Path = PROJECT / "pyproject.toml") -> list[Requirement]:
    """pyproject.toml's runtime dependencies and those of the extras in EXTRAS."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    found = [Requirement(r) for r in project.get("dependencies", [])]
    for extra in EXTRAS:
        found += [Requirement(r) for r in project.get("optional-dependencies", {}).get(extra, [])]
    return found


def read_lock(path: Path = LOCK) -> dict[str, str]:
    """canonical name → exact version, from `name==version` lines (comments and blank lines skipped)."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            if not sep or not version or any(c in version for c in " ;<>=!~,"):
                raise ValueError(f"{path.name}: '{line}' is not name==version")
            pins[canonicalize_name(name)] = version
    return pins


def disagreements(requirements: list[Requirement], pins: dict[str, str]) -> list[str]:
    """How the lock and pyproject.toml disagree: a direct dependency not pinned, or pinned outside its range."""
    problems = []
    for req in requirements:
        name = canonicalize_name(req.name)
        if name not in pins:
            problems.append(f"{req.name} ({req}) is not in {LOCK.name}")
        elif not req.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{req.name}: {LOCK.name} pins {pins[name]}, outside '{req.specifier}' in pyproject.toml")
    return problems


def closure(requirements: list[Requirement]) -> dict[str, str]:
    """canonical name → installed version of every package the requirements pull in."""
    pins: dict[str, str] = {}
    todo: list[tuple[Requirement, frozenset[str]]] = [(r, frozenset({""})) for r in requirements]
    done: set[tuple[str, frozenset[str]]] = set()
    while todo:
        req, parent_extras = todo.pop()
        if req.marker is not None and not any(req.marker.evaluate({"extra": e}) for e in parent_extras):
            continue
        name = canonicalize_name(req.name)
        key = (name, frozenset(req.extras))
        if key in done:
            continue
        done.add(key)
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            raise SystemExit(f"{req.name} is required but not installed here: {REGENERATE}") from None
        pins[name] = dist.version
        extras = frozenset({"", *req.extras})
        todo += [(Requirement(r), extras) for r in dist.requires or []]
    pins.pop(canonicalize_name("handbill"), None)
    return pins


def render(pins: dict[str, str]) -> str:
    head = [
        "# Exact versions of handbill's dependencies and test tools, so that every machine builds the same bytes.",
        f"# Made by scripts/lock.py from a working environment (Python {platform.python_version()},"
        f" {platform.system()}); regenerate after changing pyproject.toml:",
        f"#   {REGENERATE}",
        "# Used as: pip install -c requirements/constraints.txt -e '.[test]'",
    ]
    return "\n".join(head + [f"{name}=={version}" for name, version in sorted(pins.items())]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the lock differs from this environment")
    args = parser.parse_args(argv)
    pins = closure(direct_requirements())
    if args.check:
        locked = read_lock() if LOCK.is_file() else {}
        differ = sorted(
            f"{n}: locked {locked.get(n, '-')}, installed {pins.get(n, '-')}"
            for n in set(pins) | set(locked)
            if pins.get(n) != locked.get(n)
        )
        print("\n".join(differ) or f"{LOCK.relative_to(PROJECT)} is this environment's")
        return 1 if differ else 0
    LOCK.parent.mkdir(exist_ok=True)
    LOCK.write_text(render(pins), encoding="utf-8")
    print(f"wrote {LOCK.relative_to(PROJECT)}: {len(pins)} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
