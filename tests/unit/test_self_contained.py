"""The repository stands alone: no test, script, benchmark, CI file or package module reads outside it.

A user's clone has nothing beside it (the project notes' `../shared/` exists only where the project is
developed), so a test that reads there passes here and fails everywhere else.  Two nets:
- this static check, over every file that runs: Python paths that climb above the repository root
  (`Path(__file__).parents[k]` or `ROOT.parent` one level too far, `ROOT / ".."`), and any mention of
  a sibling `shared/` folder or of an absolute path of this machine;
- tests/conftest.py's audit hook, which fails a test that opened a file in a folder beside the
  repository while it ran (what the static check cannot see: a path from an environment variable).
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from tests.conftest import PROJECT

#: Where code that runs lives (the site's content and templates cannot read files).
CODE = ("build.py", "pyproject.toml", "handbill", "scripts", "bench", "tests", ".ci", ".github")
SUFFIXES = {".py", ".sh", ".toml", ".yml", ".yaml", ".cfg", ".ini", ""}
#: The project notes' folder beside the repository, or a path of the machine the project is made on.
FOREIGN = re.compile(
    r"\.\./+shared\b|['\"/]shared/(?:event-facts|schemas|bench|DESIGN|CONTRACT)|/\s*['\"]shared['\"]|/work/(?:main|shared|wt)\b"
)


def code_files(root: Path = PROJECT) -> list[Path]:
    found: list[Path] = []
    for top in CODE:
        path = root / top
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            for folder, dirs, files in os.walk(path):
                # Folders named _x are generated (bench/_work holds a benchmark's node_modules, 300,000
                # files): pruned here rather than walked and filtered.
                dirs[:] = [d for d in dirs if not d.startswith("_")]
                found += [Path(folder) / f for f in files if Path(f).suffix in SUFFIXES]
    return sorted(found)


def _level(node: ast.expr, names: dict[str, int], depth: int) -> int | None:
    """How many folders below the repository root `node` points, if it is a path derived from
    `Path(__file__)` or from a name that is; None when it is not such a path."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("Path", "PurePath") and len(node.args) == 1:
            arg = node.args[0]
            if isinstance(arg, ast.Name) and arg.id == "__file__":
                return depth
            return _level(arg, names, depth)
        if isinstance(func, ast.Attribute) and func.attr in ("resolve", "absolute") and not node.args:
            return _level(func.value, names, depth)
        return None
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute) and node.attr == "parent":
        inner = _level(node.value, names, depth)
        return None if inner is None else inner - 1
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "parents":
        inner = _level(node.value.value, names, depth)
        index = node.slice
        if inner is None or not (isinstance(index, ast.Constant) and isinstance(index.value, int)):
            return None
        return inner - 1 - index.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        inner = _level(node.left, names, depth)
        right = node.right
        if inner is None:
            return None
        if isinstance(right, ast.Constant) and isinstance(right.value, str):
            for part in right.value.split("/"):
                inner += -1 if part == ".." else 0 if part in ("", ".") else 1
                if inner < 0:
                    return inner  # it climbed out on the way, whatever it names after
        else:
            inner += 1
        return inner
    return None


def _module_file(root: Path, module: str, beside: Path) -> Path | None:
    """The repository file of an imported module (`tests.conftest`, or `conftest` beside the importer)."""
    for base in (root, beside):
        candidate = base / (module.replace(".", "/") + ".py")
        if candidate.is_file():
            return candidate
    return None


def path_names(root: Path, path: Path, seen: tuple[Path, ...] = ()) -> dict[str, int]:
    """Module-level names of a Python file that hold repository paths → their level below the root,
    following `from tests.conftest import PROJECT` into the files it names."""
    rel = path.relative_to(root).as_posix()
    depth = rel.count("/") + 1  # Path(__file__) of 'tests/unit/x.py' is 3 levels below the root
    names: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and path not in seen:
            source = _module_file(root, node.module, path.parent)
            if source is not None:
                theirs = path_names(root, source, (*seen, path))
                names.update({a.asname or a.name: theirs[a.name] for a in node.names if a.name in theirs})
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            level = _level(node.value, names, depth)
            if level is not None:
                names[node.targets[0].id] = level
    return names


def climbs_out(root: Path, path: Path) -> list[str]:
    """The lines of a Python file that make a path above the repository root."""
    rel = path.relative_to(root).as_posix()
    depth = rel.count("/") + 1
    names = path_names(root, path)
    problems: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.expr):
            level = _level(node, names, depth)
            if level is not None and level < 0:
                problems.append(f"{rel}:{node.lineno}: {ast.unparse(node)} is outside the repository")
    return sorted(set(problems))


def foreign_mentions(text: str, rel: str) -> list[str]:
    return [f"{rel}:{n}: {line.strip()}" for n, line in enumerate(text.splitlines(), 1) if FOREIGN.search(line)]


def outside_reads(root: Path = PROJECT) -> list[str]:
    problems: list[str] = []
    for path in code_files(root):
        rel = path.relative_to(root).as_posix()
        if rel == "tests/unit/test_self_contained.py":
            continue  # names the patterns it looks for
        text = path.read_text(encoding="utf-8", errors="replace")
        problems += foreign_mentions(text, rel)
        if path.suffix == ".py":
            problems += climbs_out(root, path)
    return problems


def test_nothing_reads_outside_the_repository() -> None:
    files = code_files()
    assert any(p.name == "conftest.py" for p in files) and any(p.parent.name == "handbill" for p in files)
    problems = outside_reads()
    assert not problems, (
        "these read outside the repository, which a user's clone does not have; copy what they need into "
        "the repository (tests/schemas/, docs/sources.md) and read it there:\n" + "\n".join(problems)
    )


@pytest.mark.parametrize(
    ("rel", "source", "found"),
    [
        ("tests/site/x.py", 'FACTS = PROJECT.parent / "shared" / "event-facts.md"\n', True),
        (
            "tests/site/x.py",
            "from tests.conftest import PROJECT\nFACTS = PROJECT.parent / 'notes' / 'facts.md'\n",
            True,
        ),
        ("tests/site/x.py", "PROJECT = Path(__file__).resolve().parents[2]\nx = PROJECT.parent / 'y'\n", True),
        ("tests/site/x.py", "PROJECT = Path(__file__).resolve().parents[2]\nx = PROJECT / '../other/y'\n", True),
        ("tests/site/x.py", "HERE = Path(__file__).parent\nROOT = HERE.parent.parent\nx = ROOT.parent\n", True),
        ("bench/x.py", "x = Path(__file__).resolve().parent.parent.parent\n", True),
        ("scripts/x.py", "schemas = '/work/shared/schemas'\n", True),
        (".ci/run", "cp -r ../shared/schemas tests/\n", True),
        (
            "tests/site/x.py",
            "PROJECT = Path(__file__).resolve().parents[2]\nx = PROJECT / 'docs' / 'sources.md'\n",
            False,
        ),
        ("bench/x.py", "BENCH = Path(__file__).resolve().parent\nPROJECT = BENCH.parent\n", False),
        ("tests/site/x.py", "link = '[Bandung](../cities/kota-bandung.md)'\n", False),
        (".ci/run", 'cd "$(dirname "$0")/.."\n', False),
    ],
)
def test_the_check_finds_reads_outside(tmp_path: Path, rel: str, source: str, found: bool) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests/conftest.py").write_text("PROJECT = Path(__file__).resolve().parent.parent\n")
    (tmp_path / rel).parent.mkdir(parents=True)
    (tmp_path / rel).write_text(source)
    problems = outside_reads(tmp_path)
    assert bool(problems) == found, problems
    if found:
        assert problems[0].startswith(f"{rel}:"), problems


def test_a_read_beside_the_repository_fails_the_test(pytester: pytest.Pytester) -> None:
    """The audit hook of tests/readwatch.py, for a stand-in repository with a notes folder beside it:
    a test that opens a file there fails, one that opens its own files passes."""
    repo, notes = pytester.path / "work" / "repo", pytester.path / "work" / "shared"  # pytest's own files: beside "work"
    (repo / "tests").mkdir(parents=True)
    notes.mkdir()
    (notes / "facts.md").write_text("facts")
    (repo / "README.md").write_text("readme")
    (repo / "tests" / "conftest.py").write_text(
        f"import sys\nsys.path.insert(0, {str(PROJECT)!r})\nfrom pathlib import Path\nfrom tests import readwatch\n"
        "readwatch.install(Path(__file__).resolve().parent.parent)\n"
        "from tests.conftest import _reads_stay_in_the_repository  # noqa: F401\n"
    )
    (repo / "tests" / "test_reads.py").write_text(
        "from pathlib import Path\nREPO = Path(__file__).resolve().parent.parent\n\n"
        "def test_reads_beside():\n    (REPO.parent / 'shared' / 'facts.md').read_text()\n\n"
        "def test_lists_beside():\n    list((REPO.parent / 'shared').iterdir())\n\n"
        "def test_reads_inside(tmp_path):\n    (REPO / 'README.md').read_text()\n    (tmp_path / 'x').write_text('x')\n"
    )
    result = pytester.runpytest_subprocess(str(repo / "tests"), "-p", "no:cacheprovider", "-p", "no:xdist")
    result.assert_outcomes(passed=3, errors=2)
    result.stdout.fnmatch_lines(["*read outside the repository*", f"*{notes / 'facts.md'}*"])
