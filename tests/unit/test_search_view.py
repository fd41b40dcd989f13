"""Pagefind is given each page's search view (formats/search.py `search_view`): the <html> start tag, the
<title> and the <main> marked `data-pagefind-body`.  That is only a speed-up if Pagefind makes the same
bundle from the views as from the whole pages, so that is what is tested: Pagefind runs over both, and
the bundles are compared byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbill.formats.search import search_view, stable_entry
from handbill.pipeline import Options, build
from tests.conftest import PROJECT


def pagefind_exe() -> Path:
    from pagefind.service import get_executable

    exe = get_executable()
    assert exe is not None, "the pagefind package is a test requirement"
    return Path(exe)


def bundle(exe: Path, site: Path, out: Path) -> dict[str, bytes]:
    import subprocess

    subprocess.run([str(exe), "--site", str(site), "--output-path", str(out), "--silent"], check=True)
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    files["pagefind-entry.json"] = stable_entry(files["pagefind-entry.json"])
    return files


def test_pagefind_makes_the_same_bundle_from_the_views_as_from_the_whole_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDBILL_SEARCH", "0")  # the test runs Pagefind itself, twice
    out = tmp_path / "site"
    result = build(PROJECT, Options(out=out, strict=True, cache=False, memo=False))
    assert result.ok, [p.format() for p in result.problems]
    whole, views = tmp_path / "whole", tmp_path / "views"
    viewed = marked = 0
    for page in sorted(out.rglob("*.html")):
        if page.name == "404.html":
            continue  # as formats/search.py leaves them out
        rel = page.relative_to(out)
        data = page.read_bytes()
        view = search_view(data)
        marked += b"data-pagefind-body" in data
        viewed += view is not None
        for folder, content in ((whole, data), (views, view if view is not None else data)):
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(content)
    # the default site marks its entry pages, free pages and home page; every one of them gets a view
    assert marked > 60 and viewed == marked, (viewed, marked)
    exe = pagefind_exe()
    assert bundle(exe, views, tmp_path / "b-views") == bundle(exe, whole, tmp_path / "b-whole")


PAGE = (
    '<!doctype html>\n<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n<title>A &amp; B</title>\n'
    '<link rel="stylesheet" href="/x.css">\n</head>\n<body>\n<header><nav>menu</nav></header>\n'
    '<main id="main" data-pagefind-body data-pagefind-meta="kind:Page">\n<h1>A</h1><p>text</p>\n</main>\n'
    "<footer>foot</footer>\n</body>\n</html>\n"
)


def test_the_view_keeps_the_language_the_title_and_the_marked_main() -> None:
    view = search_view(PAGE.encode())
    assert view == (
        b'<!doctype html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8"><title>A &amp; B</title></head>'
        b'<body><main id="main" data-pagefind-body data-pagefind-meta="kind:Page">\n<h1>A</h1><p>text</p>\n</main>'
        b"</body></html>\n"
    )


@pytest.mark.parametrize(
    "page",
    [
        PAGE.replace(" data-pagefind-body", ""),  # nothing marked: Pagefind reads the whole body
        PAGE.replace("<footer>", '<footer data-pagefind-ignore="all">'),  # an attribute outside <main>
        PAGE.replace("<title>", '<meta data-pagefind-meta="image:/x.png"><title>'),  # one in the head
        PAGE.replace('<main id="main" data-pagefind-body', '<main id="main"><article data-pagefind-body'),
        PAGE.replace("<h1>A</h1>", "<h1>A</h1><main>inner</main>"),  # not one plain <main>
        PAGE.replace("<main ", "<main-x ").replace("</main>", "</main-x>"),  # another element
    ],
    ids=["unmarked", "attribute-after", "attribute-before", "not-on-main", "nested-main", "custom-element"],
)
def test_a_page_whose_search_content_is_not_one_marked_main_is_given_whole(page: str) -> None:
    assert search_view(page.encode()) is None
