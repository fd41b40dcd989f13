"""Property-based fuzzing (Hypothesis): whatever comes in, the only outcomes are success or problems
in the contract's format, within a time bound, and every output a success writes is valid.

    the front-matter loader     arbitrary bytes, and front matter made of arbitrary YAML structures
    the validator               arbitrary structures under every kind's field names
    the Markdown renderer       arbitrary text, with and without allow_raw_html: the HTML parses, holds
                                no script, and every link and image it keeps is one the contract allows
    every output format         sites with arbitrary texts: XML parses (lxml), .ics parses (icalendar),
                                schedule.json validates against the C3VOC schema, HTML parses
    the preview's requests      arbitrary request paths (unsafe_path: what it lets through stays inside
                                the folder) and arbitrary raw request lines against a real server

A short run is part of the suite.  HANDBILL_FUZZ_EXAMPLES=20000 sets the number of examples for a
long run (divided by 20 for whole-site builds and by 4 for requests to the server):
`HANDBILL_FUZZ_EXAMPLES=20000 python -m pytest tests/contract/test_fuzz.py --hypothesis-show-statistics`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import icalendar
import jsonschema
import lxml.html
import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from handbill.config import load_config
from handbill.links import AssetIndex, leaves_site, link_problem
from handbill.load import parse_source
from handbill.markdown import LinkContext, MarkdownRenderer
from handbill.pipeline import Options, build
from handbill.problems import Problem, Problems
from handbill.schema import KIND_MODELS
from handbill.serve import unsafe_path
from handbill.validate import build_sites
from tests.conftest import MINIMAL_SITE_YAML, PROJECT, write_files

LONG = int(os.environ.get("HANDBILL_FUZZ_EXAMPLES", "0"))


def examples(short: int, cost: int = 1) -> int:
    """`short` in the suite; in a long run HANDBILL_FUZZ_EXAMPLES, divided by how many times dearer
    than a loader example one example of this test is (a whole site build: about 20 times)."""
    return max(short, LONG // cost) if LONG else short


#: Seconds one example may take, however hostile its input (the machine is shared: generous).
BOUND = 10.0
LINE = re.compile(r"^[^\n]*?(:\d+(:\d+)?)?: (error|warning): [^\n]+$")
COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}


def assert_contract(problems: list[Problem]) -> None:
    """Each problem is one printable line in the contract's shape, naming a file."""
    for p in problems:
        line = p.format()
        assert LINE.match(line), line
        assert line.isprintable(), line
        assert p.file, line


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="handbill-fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def config(scratch: Path) -> Any:
    root = scratch / "config-site"
    root.mkdir()
    (root / "site.yaml").write_text(MINIMAL_SITE_YAML, encoding="utf-8")
    return load_config(root)


# --- values ---------------------------------------------------------------------------------------

#: Text with everything that has broken something somewhere: controls, separators, surrogates'
#: neighbours, bidi overrides, markup, entities, YAML and Markdown syntax.
NASTY = st.sampled_from(
    [
        "\x00",
        "\x1b[31m",
        "\x0b",
        "\r",
        "\n",
        "\t",
        "\x7f",
        "\x85",
        "\u2028",
        "\u202e",
        "\ufeff",
        "\uffff",
        "</script>",
        "<script>alert(1)</script>",
        "&#106;",
        "]]>",
        "---",
        "{{ x }}",
        "{% x %}",
        "&",
        "<",
        '"',
        "'",
        ":",
        "#",
        "- ",
        "*",
        "[",
        "](javascript:alert(1))",
        "\\",
        "é",
        "😀",
        "\u0301",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=20), NASTY), max_size=8).map("".join)
SCALARS = st.one_of(
    TEXT,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
)
STRUCTURES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4), max_leaves=12
)
FIELDS = sorted({name for model in KIND_MODELS.values() for name in model.model_fields})
FRONT = st.dictionaries(st.one_of(st.sampled_from(FIELDS), TEXT), STRUCTURES, max_size=8)


def dump(front: dict[Any, Any]) -> str | None:
    try:
        return yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError, TypeError):
        return None


# --- the loader and the validator ------------------------------------------------------------------


@settings(max_examples=examples(80), **COMMON)
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.builds(lambda y, b: ("---\n" + y + "\n---\n" + b).encode("utf-8", "surrogatepass"), TEXT, TEXT),
        FRONT.map(lambda f: ("---\n" + (dump(f) or "") + "---\nIsi.\n").encode("utf-8", "surrogatepass")),
    )
)
def test_fuzz_front_matter_loader(scratch: Path, data: bytes) -> None:
    path = scratch / "loader.md"
    path.write_bytes(data)
    problems = Problems()
    started = time.monotonic()
    source = parse_source(path, "content/speakers/x.md", "speakers", "x", "id", problems)
    assert time.monotonic() - started < BOUND
    assert (source is not None) or problems.errors
    assert_contract(list(problems))
    event("parsed" if source is not None else "refused with problems")
    if source is not None:
        assert isinstance(source.data, dict)


@settings(max_examples=examples(60), **COMMON)
@given(kind=st.sampled_from(sorted(KIND_MODELS)), front=FRONT)
def test_fuzz_validator(scratch: Path, config: Any, kind: str, front: dict[Any, Any]) -> None:
    text = dump(front)
    if text is None:
        return
    path = scratch / "validator.md"
    path.write_text("---\n" + text + "---\nIsi.\n", encoding="utf-8", errors="surrogatepass")
    problems = Problems()
    started = time.monotonic()
    source = parse_source(path, f"content/{kind}/x.md", kind, "x", "id", problems)
    if source is not None:
        build_sites([source], config, problems, AssetIndex([]))
    assert time.monotonic() - started < BOUND
    event("valid" if source is not None and not problems.errors else "refused with problems")
    assert_contract(list(problems))


# --- the Markdown renderer --------------------------------------------------------------------------

MARKDOWN = st.lists(
    st.one_of(
        TEXT,
        st.sampled_from(
            [
                "[a](",
                ")",
                "![i](",
                "<",
                ">",
                "<img src=",
                "<a href=",
                '"',
                "//evil.example/x.png",
                "/\\evil.example",
                "\\\\\\\\evil.example",
                "java\tscript:alert(1)",
                "JaVaScRiPt:alert(1)",
                "&#x6A;avascript:alert(1)",
                "data:text/html,x",
                "https://example.org/",
                "/assets/img/logo.png",
                "../speakers/ayu.md",
                "\n\n",
                "    ",
                "> ",
                "```",
                "<script>",
                "<iframe src=x>",
                "<svg onload=alert(1)>",
                "<style>",
                "<!--",
                "-->",
            ]
        ),
    ),
    max_size=24,
).map("".join)


@settings(max_examples=examples(200), **COMMON)
@given(text=MARKDOWN, raw=st.booleans())
def test_fuzz_markdown_renderer(text: str, raw: bool) -> None:
    renderer = MarkdownRenderer("/", AssetIndex([PROJECT / "assets"]), allow_raw_html=raw)
    problems = Problems()
    ctx = LinkContext(
        source="content/pages/x.md",
        body=text,
        resolve=lambda kind, slug: f"/{kind}/{slug}/" if slug == "ayu" or not slug else None,
        site_path=lambda path: path if path in {"/", "/agenda/"} else None,
        problems=problems,
    )
    started = time.monotonic()
    html = renderer.convert(text, ctx)
    assert time.monotonic() - started < BOUND
    assert_contract(list(problems))
    if not html.strip():
        return
    for el in lxml.html.fragments_fromstring(html, no_leading_text=False)[0:]:
        if isinstance(el, str):
            continue
        for node in el.iter():
            if not isinstance(node.tag, str):
                continue
            assert node.tag not in {"script", "iframe", "style", "svg", "object", "embed"}, html
            assert not any(name.lower().startswith("on") for name in node.attrib), html
            href = node.attrib.get("href")
            if href is not None:
                assert link_problem(href) is None, (href, html)
            src = node.attrib.get("src")
            if src is not None:
                assert not leaves_site(src), (src, html)


# --- every output format ---------------------------------------------------------------------------


def _c3voc() -> jsonschema.Draft6Validator:
    schema = json.loads((PROJECT / "tests/schemas/c3voc/schedule.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker())


#: Text a build accepts (no control characters) but that is hostile everywhere it lands.
PRINTABLE_NASTY = st.sampled_from(
    [
        "</script>",
        "<script>alert(1)</script>",
        "]]>",
        "&amp;",
        "&",
        "<",
        ">",
        '"',
        "'",
        "\u202e",
        "\ufeff",
        "\u0301",
        "😀",
        "\\",
        "{{ x }}",
        ";",
        ",",
        "\t",
        "\n",
        "--",
        "é",
    ]
)
PRINTABLE = st.lists(
    st.one_of(
        st.text(
            st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029\ufffe\uffff\x85"),
            max_size=12,
        ),
        PRINTABLE_NASTY,
    ),
    min_size=1,
    max_size=6,
).map("".join)
# Mostly text a build accepts (so that outputs are made and checked), sometimes anything at all.
FIELD_TEXT = st.integers(0, 14).flatmap(
    lambda n: TEXT if n == 0 else PRINTABLE.map(lambda t: t if t.strip() else "x" + t)
)
ENTRY = st.fixed_dictionaries(
    {
        "title": FIELD_TEXT,
        "summary": FIELD_TEXT,
        "body": st.integers(0, 3).flatmap(lambda n: MARKDOWN if n == 0 else PRINTABLE),
        "name": FIELD_TEXT,
        "role": FIELD_TEXT,
    }
)


def _quoted(text: str) -> str:
    # A YAML double-quoted scalar: JSON's escapes are YAML's (controls as \\u001b, which YAML reads as the
    # character itself, so the value sanitiser sees them).
    return json.dumps(text, ensure_ascii=False)


@settings(max_examples=examples(12, cost=20), **COMMON)
@given(entries=st.lists(ENTRY, min_size=1, max_size=3), minutes=st.integers(min_value=-90, max_value=600))
@example(entries=[{"title": "0", "summary": "", "body": "\uffff", "name": "x", "role": ""}], minutes=0)  # feed.xml
def test_fuzz_every_output_format(scratch: Path, entries: list[dict[str, str]], minutes: int) -> None:
    root = scratch / "outputs"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    (root / "site.yaml").write_text(MINIMAL_SITE_YAML, encoding="utf-8")
    files: dict[str, str | bytes] = {}
    start = dt.datetime(2025, 12, 11, 8, 0) + dt.timedelta(minutes=max(minutes, 0))
    for i, e in enumerate(entries):
        s = start + dt.timedelta(hours=2 * i)
        files[f"content/speakers/s{i}.md"] = (
            f"---\nname: {_quoted(e['name'])}\nrole: {_quoted(e['role'])}\n---\n{e['body']}\n"
        ).encode("utf-8", "surrogatepass")
        files[f"content/sessions/x{i}.md"] = (
            f"---\ntitle: {_quoted(e['title'])}\nstart: {s:%Y-%m-%d %H:%M}\nend: "
            f"{s + dt.timedelta(minutes=abs(minutes) % 120 + 15):%Y-%m-%d %H:%M}\nroom: ballroom\n"
            f"speakers: [s{i}]\nsummary: {_quoted(e['summary'])}\n---\n{e['body']}\n"
        ).encode("utf-8", "surrogatepass")
        files[f"content/news/n{i}.md"] = (
            f"---\ntitle: {_quoted(e['title'])}\ndate: 2025-11-0{i + 1}\nsummary: {_quoted(e['summary'])}\n---\n"
            f"{e['body']}\n"
        ).encode("utf-8", "surrogatepass")
    write_files(root, files)
    started = time.monotonic()
    result = build(root, Options(out=root / "_site", base_url="https://example.org/ccc/", cache=False, memo=False))
    assert time.monotonic() - started < 6 * BOUND
    assert_contract(list(result.problems))
    event("built" if result.ok else "refused: " + ",".join(sorted({p.message[:50] for p in result.problems.errors})))
    if not result.ok:
        assert result.problems.errors
        assert not (root / "_site").exists()  # nothing written
        return
    out = root / "_site"
    for path in sorted(out.rglob("*")):
        if path.suffix == ".xml":
            etree.parse(str(path))  # raises on anything that is not well-formed
        elif path.suffix == ".ics":
            cal = icalendar.Calendar.from_ical(path.read_bytes())
            assert cal.walk("VCALENDAR")
        elif path.suffix == ".html":
            lxml.html.document_fromstring(path.read_bytes())
    for path in out.rglob("schedule.json"):
        errors = sorted(_c3voc().iter_errors(json.loads(path.read_text(encoding="utf-8"))), key=str)
        assert not errors, [e.message for e in errors[:3]]


# --- the preview's request handling ------------------------------------------------------------------

PATHS = st.lists(
    st.one_of(
        st.text(max_size=8),
        st.sampled_from(
            [
                "/",
                "..",
                ".",
                "%2e",
                "%2E",
                "%252e",
                "%c0%ae",
                "%e0%80%ae",
                "%2f",
                "%5c",
                "\\",
                "%00",
                "\x00",
                "//",
                "%",
                "~",
            ]
        ),
    ),
    max_size=10,
).map(lambda parts: "/" + "".join(parts))


@settings(max_examples=examples(300), **COMMON)
@given(raw=st.one_of(PATHS, st.text(max_size=40)))
def test_fuzz_request_paths_never_leave_the_folder(raw: str) -> None:
    if unsafe_path(raw) is not None:
        return
    # What tornado does next: decode once, join to the folder.  It must stay inside.
    decoded = unquote(raw)
    assert "\x00" not in decoded and "\\" not in decoded
    norm = posixpath.normpath("/root/" + decoded.lstrip("/"))
    assert norm == "/root" or norm.startswith("/root/"), norm
    assert ".." not in decoded.split("/")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from tests.unit.test_serve_http import PREVIEW_FILES, PreviewProcess

    root = tmp_path_factory.mktemp("fuzz-preview") / "site"
    root.mkdir()
    (root / "site.yaml").write_text(MINIMAL_SITE_YAML, encoding="utf-8")
    write_files(root, PREVIEW_FILES)
    process = PreviewProcess(root)
    try:
        yield process
    finally:
        process.stop()


REQUEST_TARGETS = st.one_of(
    PATHS.map(lambda p: p.encode("utf-8", "surrogatepass")),
    st.binary(max_size=60),
    st.sampled_from([b"*", b"http://evil.example/", b"http://127.0.0.1:1/../", b"", b" ", b"\r", b"/\r/"]),
)


@settings(max_examples=examples(60, cost=4), **COMMON)
@given(
    method=st.sampled_from([b"GET", b"HEAD", b"POST", b"OPTIONS", b"get", b"X" * 40]),
    target=REQUEST_TARGETS,
    version=st.sampled_from([b"HTTP/1.1", b"HTTP/1.0", b"HTTP/2", b""]),
)
def test_fuzz_preview_request_lines(server: Any, method: bytes, target: bytes, version: bytes) -> None:
    mark = len(server.lines)
    host = f"127.0.0.1:{server.port}".encode()
    answer = server.raw(
        method + b" " + target + b" " + version + b"\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n", timeout=3
    )
    status = int(answer[9:12]) if answer.startswith(b"HTTP/1.") and answer[9:12].isdigit() else 0
    assert status == 0 or status < 500, answer[:200]  # no answer (unparsable) is tornado's choice; never a 5xx
    if status == 200 and method.upper() in (b"GET", b"HEAD"):
        assert b"root:" not in answer
    assert server.proc.poll() is None
    assert not any("Traceback" in line for line in server.lines[mark:]), server.output()
