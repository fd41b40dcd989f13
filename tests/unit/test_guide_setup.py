"""The editors' first steps stay true (PANDUAN-EDITOR.md and EDITOR-GUIDE.md, section 0 "Persiapan" /
"Setup"): the setup section comes before section 1, its install command is README.md's own (so the two
never drift), its preview address is the CLI's default, and every `python build.py …` either guide
quotes is a command the real command line (handbill.cli.parser) accepts.

Each check is a function that returns what it finds wrong; the tests run it over the guides and, to
show it can fail, over wrong samples."""

from __future__ import annotations

import contextlib
import io
import re
import shlex

import pytest

from handbill import cli
from handbill.scaffold import KIND_ALIASES
from handbill.schema import KIND_MODELS
from tests.conftest import PROJECT

GUIDES = ("PANDUAN-EDITOR.md", "EDITOR-GUIDE.md")

#: A fenced block, also indented inside a list item; group 1 is its text.
FENCE = re.compile(r"^[ \t]*```[^\n]*\n(.*?)^[ \t]*```[ \t]*$", re.M | re.S)
#: A code span (fences taken out first); it may wrap onto the next line.
CODE_SPAN = re.compile(r"`([^`]+)`")
HEADING = re.compile(r"^## (\d+)\. (.+)$", re.M)
BUILD_COMMAND = re.compile(r"^python build\.py\b")


def read(name: str) -> str:
    return (PROJECT / name).read_text(encoding="utf-8")


def without_fences(markdown: str) -> str:
    return FENCE.sub("\n", markdown)


def sections(markdown: str) -> list[tuple[int, str, str]]:
    """(number, title, body) of every `## N. Title` section, in the order they appear."""
    text = without_fences(markdown)  # a `## ` line inside a code block is not a heading
    found = list(HEADING.finditer(text))
    ends = [m.start() for m in found[1:]] + [len(text)]
    return [(int(m.group(1)), m.group(2).strip(), text[m.end() : end]) for m, end in zip(found, ends, strict=True)]


def section_source(markdown: str, number: int) -> str:
    """The raw Markdown (fences included) from `## <number>.` to the next `## ` heading."""
    start = re.search(rf"^## {number}\. ", markdown, re.M)
    assert start, f"no section {number}"
    following = re.search(r"^## ", markdown[start.end() :], re.M)
    return markdown[start.start() : start.end() + following.start() if following else len(markdown)]


def commands(markdown: str) -> list[str]:
    """Every command the text quotes: each line of a fenced block, each code span, whitespace folded."""
    found = [line.strip() for block in FENCE.findall(markdown) for line in block.splitlines() if line.strip()]
    found += [" ".join(span.split()) for span in CODE_SPAN.findall(without_fences(markdown))]
    return found


def build_commands(markdown: str) -> list[str]:
    return [c for c in commands(markdown) if BUILD_COMMAND.match(c)]


# --- the checks ---------------------------------------------------------------------------------


def cli_problem(command: str) -> str | None:
    """Why the real CLI would refuse `python build.py …`, or None when it parses (as main() does)."""
    argv = shlex.split(command)[2:]
    if not argv or argv[0].startswith("-") and argv[0] not in {"-h", "--help", "--version"}:
        argv.insert(0, "build")  # what main() does: `python build.py` alone is a build
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            args = cli.parser("en").parse_args(argv)
    except cli.UsageError as exc:  # what main() turns into its one-line usage message
        return exc.message
    except SystemExit as exc:
        if exc.code in (0, None):
            return None
        return err.getvalue().strip().splitlines()[-1] if err.getvalue().strip() else f"exit {exc.code}"
    if args.command == "new" and KIND_ALIASES.get(args.kind, args.kind) not in KIND_MODELS:
        return f"unknown kind {args.kind!r} for new"
    return None


def readme_install_command() -> str:
    """The install step of README.md's first code block: its first line, before `&&`."""
    block = FENCE.search(read("README.md"))
    assert block, "README.md has no code block"
    command = block.group(1).strip().splitlines()[0].split("&&")[0].strip()
    assert command.startswith("pip install "), command
    return command


def install_problems(markdown: str, expected: str) -> list[str]:
    """Section 0's install commands must be exactly README's (or it run as `python -m pip`)."""
    quoted = [c for c in commands(section_source(markdown, 0)) if re.match(r"^(python -m )?pip install\b", c)]
    problems = [f"{c!r} is not README's {expected!r}" for c in quoted if c not in (expected, f"python -m {expected}")]
    fenced = [line.strip() for block in FENCE.findall(section_source(markdown, 0)) for line in block.splitlines()]
    if expected not in fenced:
        problems.append(f"section 0 has no code block with README's install command {expected!r}")
    return problems


def order_problems(markdown: str) -> list[str]:
    numbers = [n for n, _, _ in sections(markdown)]
    problems = []
    if not numbers or numbers[0] != 0:
        problems.append(f"the first section is {numbers[:1]}, not the setup section 0")
    if numbers != list(range(len(numbers))):
        problems.append(f"sections out of order: {numbers}")
    return problems


def slug(heading: str) -> str:
    """GitHub's heading anchor: lowercase, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def toc_problems(markdown: str) -> list[str]:
    """The table of contents (the list before section 0) names every section and links to it."""
    toc = markdown[: markdown.index("\n## ")]
    links = re.findall(r"^(\d+)\. \[[^\]]+\]\(#([^)]+)\)$", toc, re.M)
    anchors = {slug(f"{n}. {title}"): n for n, title, _ in sections(markdown)}
    problems = [f"TOC item {n}: #{a} is no heading" for n, a in links if anchors.get(a) != int(n)]
    listed = sorted(int(n) for n, _ in links)
    if listed != sorted(anchors.values()):
        problems.append(f"the TOC lists sections {listed}, the guide has {sorted(anchors.values())}")
    return problems


# --- over the guides -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", GUIDES)
def test_the_setup_section_exists_and_comes_before_section_1(name: str) -> None:
    assert order_problems(read(name)) == []
    assert sections(read(name))[1][0] == 1


@pytest.mark.parametrize("name", GUIDES)
def test_the_table_of_contents_links_every_section(name: str) -> None:
    assert toc_problems(read(name)) == []


@pytest.mark.parametrize("name", GUIDES)
def test_the_install_command_is_the_one_in_readme(name: str) -> None:
    assert install_problems(read(name), readme_install_command()) == []


@pytest.mark.parametrize("name", GUIDES)
def test_every_build_command_in_the_guide_parses_with_the_real_cli(name: str) -> None:
    quoted = build_commands(read(name))
    assert len(quoted) >= 15, quoted  # the extraction found the guide's commands, not nothing
    problems = [f"{c!r}: {p}" for c in quoted if (p := cli_problem(c))]
    assert problems == []


@pytest.mark.parametrize("name", GUIDES)
def test_setup_covers_windows_macos_and_linux_and_ends_at_the_clis_preview_address(name: str) -> None:
    setup = section_source(read(name), 0)
    for needed in (
        "Add python.exe to PATH",
        "sudo apt install python3 python3-venv",
        "py -m venv .venv",
        r".venv\Scripts\activate",
        "python3 -m venv .venv",
        "source .venv/bin/activate",
        "git clone",
        "Download ZIP",
        "Ctrl + C",
        "--port 8001",
    ):
        assert needed in setup, needed
    serve = cli.parser("en").parse_args(["serve"])
    assert f"http://{serve.host}:{serve.port}/" in setup
    # The preview command of the setup is the one section 1 teaches.
    first = build_commands(section_source(read(name), 1))[0]
    assert first == "python build.py serve" and first in build_commands(setup)


@pytest.mark.parametrize(
    ("name", "title", "terms"),
    [
        ("PANDUAN-EDITOR.md", "Istilah", ("Build", "CI", "Commit", "Push", "Front matter", "JSON", "YAML", "Terminal")),
        ("EDITOR-GUIDE.md", "Glossary", ("Build", "CI", "Commit", "Push", "Front matter", "JSON", "YAML", "Terminal")),
    ],
)
def test_the_last_section_is_a_glossary_of_the_jargon(name: str, title: str, terms: tuple[str, ...]) -> None:
    _, last_title, body = sections(read(name))[-1]
    assert last_title == title
    for term in terms:
        assert re.search(rf"^- \*\*{re.escape(term)}\*\*", body, re.M), term


# --- the checks fail on wrong samples -------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "python build.py biuld",
        "python build.py serve --prot 8001",
        "python build.py serve --port delapan",
        "python build.py check --messages fr",
        "python build.py new session",
        "python build.py new speker ayu-lestari",
        "python build.py build --base",
    ],
)
def test_a_wrong_build_command_is_refused(command: str) -> None:
    assert cli_problem(command)


def test_a_wrong_command_in_a_guide_is_found() -> None:
    sample = "Run:\n\n   ```\n   python build.py serve\n   python build.py serv\n   ```\n\nor `python build.py\ncheck --strikt`.\n"
    assert build_commands(sample) == ["python build.py serve", "python build.py serv", "python build.py check --strikt"]
    assert [c for c in build_commands(sample) if cli_problem(c)] == [
        "python build.py serv",
        "python build.py check --strikt",
    ]


def test_a_drifted_install_command_or_a_late_setup_section_is_found() -> None:
    readme = readme_install_command()
    good = f"intro\n\n## 0. Setup\n\n7. Install:\n\n   ```\n   {readme}\n   ```\n\n## 1. Preview\n"
    assert install_problems(good, readme) == [] and order_problems(good) == []
    drifted = good.replace(readme, "pip install -e .")
    assert len(install_problems(drifted, readme)) == 2
    inline = good.replace("## 1. Preview", "Or `pip install -r requirements.txt`.\n\n## 1. Preview")
    assert install_problems(inline, readme) == [f"'pip install -r requirements.txt' is not README's {readme!r}"]
    late = "intro\n\n## 1. Preview\n\n## 0. Setup\n"
    assert order_problems(late)
    assert order_problems("intro\n\n## 1. Preview\n")


def test_a_table_of_contents_link_to_no_heading_is_found() -> None:
    guide = "Intro\n\n0. [Setup](#0-setup)\n1. [Preview](#1-preview-while-you-edit)\n\n## 0. Setup\n\n## 1. Preview\n"
    assert toc_problems(guide) == ["TOC item 1: #1-preview-while-you-edit is no heading"]
    assert toc_problems(guide.replace("0. [Setup](#0-setup)\n", "")) == [
        "TOC item 1: #1-preview-while-you-edit is no heading",
        "the TOC lists sections [1], the guide has [0, 1]",
    ]
