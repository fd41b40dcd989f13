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
    "incremental",
    "view",
    "jsonld",
    "render",
    "formats",
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
#: The subpackages, each one stage of ORDER; a module in one of them may import its own earlier
#: modules (listed here when the order among them matters) and the stages before the subpackage.
SUBPACKAGES = {
    "formats": [],
    "importers": [],
    # The incremental machinery (INVARIANTS.md).
    "incremental": ["racy", "store", "resident", "tracking", "snapshot", "compiled", "yamlcache", "memo", "cache"],
}


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


def _imports(path: Path, own: bool = False) -> set[str]:
    """The package's modules (stages) that `path` imports at run time; with `own`, instead the
    modules of its own subpackage that it imports."""
    tree = ast.parse(path.read_text())
    skip = _type_only(tree)
    inside = path.parent.name in SUBPACKAGES
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            if own != (inside and node.level == 1):
                continue  # a subpackage's modules importing each other: checked apart, with `own`
            base = (node.module or "").split(".")[0]
            if base:
                found.add(base)
            else:
                found.update(alias.name for alias in node.names)
    return found


def test_modules_import_only_earlier_stages() -> None:
    package = PROJECT / "handbill"
    wrong = []
    for path in sorted(package.rglob("*.py")):
        sub = path.parent.name if path.parent.name in SUBPACKAGES else None
        name = sub or path.stem
        if name == "__init__" or name not in ORDER:
            continue
        for imported in _imports(path):
            if imported in ORDER and ORDER.index(imported) >= ORDER.index(name) and imported != name:
                wrong.append(f"{path.relative_to(PROJECT)} imports {imported}")
        inner = SUBPACKAGES.get(sub or "", [])
        if path.stem in inner:
            for imported in _imports(path, own=True) & set(inner):
                if inner.index(imported) >= inner.index(path.stem):
                    wrong.append(f"{path.relative_to(PROJECT)} imports {sub}.{imported}")
    assert wrong == []


def test_every_module_is_placed_in_the_order() -> None:
    package = PROJECT / "handbill"
    names = {p.stem for p in package.glob("*.py")} - {"__init__"}
    assert sorted(names - set(ORDER)) == [], "add new modules to ORDER in tests/unit/test_quality.py"
    for sub, inner in SUBPACKAGES.items():
        if inner:
            names = {p.stem for p in (package / sub).glob("*.py")} - {"__init__"}
            assert sorted(names ^ set(inner)) == [], f"list {sub}/'s modules in SUBPACKAGES (test_quality.py)"


def test_the_command_line_reaches_the_memo_with_the_standard_library_only() -> None:
    """cli.py asks incremental/memo.py whether anything changed before it imports the generator: no
    third-party library may be imported on the way (a no-change build is then a few milliseconds)."""
    code = (
        "import sys\n"
        "before = set(sys.modules)  # what the interpreter's start-up (.pth files) imported\n"
        "import handbill.cli, handbill.incremental.memo\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(' '.join(sorted(new - set(sys.stdlib_module_names))))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["handbill"]
