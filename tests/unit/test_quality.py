"""ruff and mypy --strict on the package are part of the test command; modules import only upward."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT

# The pipeline order (DESIGN.md): a module may import only modules listed before it.
ORDER = [
    "inputs",
    "text",
    "problems",
    "store",
    "yamlsafe",
    "yamlwrite",
    "fields",
    "schema",
    "links",
    "config",
    "load",
    "images",
    "model",
    "checks",
    "validate",
    "i18n",
    "graph",
    "assets",
    "markdown",
    "write",
    "tracking",
    "incremental",
    "view",
    "jsonld",
    "render",
    "formats",
    "memo",
    "cache",
    "parallel",
    "pipeline",
    "scaffold",
    "starter",
    "init",
    "importers",
    "docs",
    "serve",
    "cli",
    "__main__",
]


def test_ruff_passes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "handbill", "tests", "build.py"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "handbill"], cwd=PROJECT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _type_only(tree: ast.Module) -> set[int]:
    """ids of import nodes under `if TYPE_CHECKING:` (annotations only, no run-time dependency)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            out.update(id(child) for child in ast.walk(node))
    return out


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    skip = _type_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            base = (node.module or "").split(".")[0]
            if path.parent.name in {"formats", "importers"} and node.level == 1:
                continue  # formats/ (importers/) modules importing each other
            if base:
                found.add(base)
            else:
                found.update(alias.name for alias in node.names)
    return found


def test_modules_import_only_earlier_stages() -> None:
    package = PROJECT / "handbill"
    wrong = []
    for path in sorted(package.rglob("*.py")):
        name = path.parent.name if path.parent.name in {"formats", "importers"} else path.stem
        if name == "__init__" or name not in ORDER:
            continue
        for imported in _imports(path):
            if imported in ORDER and ORDER.index(imported) >= ORDER.index(name) and imported != name:
                wrong.append(f"{path.relative_to(PROJECT)} imports {imported}")
    assert wrong == []


def test_every_module_is_placed_in_the_order() -> None:
    package = PROJECT / "handbill"
    names = {p.stem for p in package.glob("*.py")} - {"__init__"}
    assert sorted(names - set(ORDER)) == [], "add new modules to ORDER in tests/unit/test_quality.py"
