"""The publishing gates (gates.py) on the real site, and each gate failing on a deliberately broken copy
of it with a message that names the page: a broken internal link or fragment, a page over the weight
budget, an inline script (and an inline event handler, an inline <style>), an external script."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import SUB_PATH_URL

from handbill.formats.headers import CSP, nginx_snippet
from tests.e2e.gates import (
    BUDGET,
    Served,
    all_pages,
    check_budget,
    check_links,
    crawl,
    describe,
    parse_headers_file,
    serve,
    unapplied_policy,
)

HOMES = ["index.html", "en/index.html"]


# ----------------------------------------------------------------------------- the real site


def test_every_internal_link_and_fragment_resolves_at_the_domain_root(site_dir: Path) -> None:
    assert len(all_pages(site_dir)) > 20
    problems = check_links(site_dir, "/")
    assert not problems, "broken links:\n" + "\n".join(problems[:40])


def test_every_internal_link_and_fragment_resolves_under_a_sub_path(sub_path_site: Path) -> None:
    html = (sub_path_site / "index.html").read_text(encoding="utf-8")
    assert 'href="/ccc/agenda/"' in html  # the links really carry the sub-path
    problems = check_links(sub_path_site, SUB_PATH_URL)
    assert not problems, "broken links:\n" + "\n".join(problems[:40])


def test_home_pages_are_within_the_weight_budget(site_dir: Path) -> None:
    assert not check_budget(site_dir, HOMES), check_budget(site_dir, HOMES)


def test_every_page_works_under_the_shipped_policy(served: Served, browser: Any, visited: list[str]) -> None:
    found = crawl(browser, served, visited, {"width": 390, "height": 844})
    assert not unapplied_policy(found), f"the local host did not send the policy on {unapplied_policy(found)}"
    assert not found.csp, "Content-Security-Policy violations:\n" + describe(found.csp)
    assert not found.errors, "script errors under the policy:\n" + describe(found.errors)
    assert not found.foreign, "requests to other origins:\n" + describe(found.foreign)


def test_headers_file_under_a_sub_path(sub_path_site: Path) -> None:
    rules = dict(parse_headers_file((sub_path_site / "_headers").read_text(encoding="utf-8")))
    assert dict(rules["/ccc/*"])["Content-Security-Policy"] == CSP
    hashed = sorted(p.relative_to(sub_path_site).as_posix() for p in (sub_path_site / "assets").rglob("*.*.*"))
    assert hashed and all(p.endswith((".css", ".js")) for p in hashed), hashed
    for path in hashed:  # exactly the hashed files are cached for a year, under the sub-path
        assert rules[f"/ccc/{path}"] == [("Cache-Control", "public, max-age=31536000, immutable")]
    assert set(rules) == {"/ccc/*"} | {f"/ccc/{p}" for p in hashed}


def test_nginx_snippet_matches_the_hashed_names(site_dir: Path) -> None:
    """The nginx location for long-cached files matches every hashed asset and nothing else."""
    location = re.search(r"location ~ (\S+) \{", nginx_snippet("/"))
    assert location
    pattern = re.compile(location.group(1))
    files = ["/" + p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()]
    hashed = {f for f in files if pattern.search(f)}
    assert hashed and all(re.search(r"\.[0-9a-f]{10}\.(css|js)$", f) for f in hashed), hashed
    assert "/assets/img/logo.svg" in files and "/assets/img/logo.svg" not in hashed


# ----------------------------------------------------------------------------- broken copies


@pytest.fixture
def broken(site_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "broken"
    shutil.copytree(site_dir, copy)
    return copy


def insert(site: Path, rel: str, html: str) -> None:
    """Put `html` at the start of the page's <main>."""
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert '<main id="main"' in text, rel
    path.write_text(re.sub(r'(<main id="main"[^>]*>)', lambda m: m.group(1) + html, text, count=1), encoding="utf-8")


def test_link_gate_names_the_page_with_a_broken_link(broken: Path) -> None:
    insert(broken, "pembicara/index.html", '<a href="/pembicara/tidak-ada/">x</a>')
    insert(broken, "en/booths/index.html", '<a href="/en/agenda/#no-such-id">x</a>')
    insert(broken, "agenda/index.html", '<a href="/agenda">x</a><img src="../assets/img/missing.png" alt="">')
    problems = check_links(broken, "/")
    assert problems == [
        "agenda/index.html: <a href> '/agenda' names a folder without its trailing '/'",
        "agenda/index.html: <img src> '../assets/img/missing.png': no such file assets/img/missing.png",
        "en/booths/index.html: <a href> '/en/agenda/#no-such-id': en/agenda/index.html has no element with id 'no-such-id'",
        "pembicara/index.html: <a href> '/pembicara/tidak-ada/': no such file pembicara/tidak-ada/index.html",
    ]


def test_link_gate_names_a_page_that_leaves_the_sub_path(sub_path_site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ccc"
    shutil.copytree(sub_path_site, copy)
    insert(copy, "en/index.html", '<a href="/en/agenda/">x</a><a href="https://example.org/ccc/nope/">y</a>')
    assert check_links(copy, SUB_PATH_URL) == [
        "en/index.html: <a href> '/en/agenda/' is outside the site's base path /ccc/",
        "en/index.html: <a href> 'https://example.org/ccc/nope/': no such file nope/index.html",
    ]


def test_budget_gate_names_the_page_over_it(broken: Path) -> None:
    noise = random.Random(12).randbytes(40 * 1024).hex()  # incompressible: about 40 KB gzipped
    insert(broken, "en/index.html", f'<p hidden="">{noise}</p>')
    problems = check_budget(broken, HOMES)
    assert len(problems) == 1 and problems[0].startswith("en/index.html: "), problems
    assert f"over the {BUDGET // 1024} KB budget" in problems[0] and "assets/css/site." in problems[0]


def test_csp_gate_names_the_pages_with_inline_script_handler_and_style(broken: Path, browser: Any) -> None:
    insert(broken, "agenda/index.html", "<script>document.title = 'inline';</script>")
    insert(broken, "en/speakers/index.html", '<img src="../../assets/img/logo.svg" alt="" onload="void 0">')
    insert(broken, "booth/index.html", "<style>main { color: red }</style>")
    with serve(broken) as served:
        found = crawl(browser, served, ["", "agenda/", "en/speakers/", "booth/"])
    refused = sorted({page for page, _what in found.csp})
    assert refused == ["agenda/", "booth/", "en/speakers/"], describe(found.csp)
    text = describe(found.csp)
    assert "/agenda/: script-src-elem refused inline" in text
    assert "/en/speakers/: script-src-attr refused inline" in text
    assert "/booth/: style-src-elem refused inline" in text
    assert not unapplied_policy(found)


def test_request_gate_names_the_page_with_an_external_script(broken: Path, browser: Any) -> None:
    insert(broken, "berita/index.html", '<script src="https://cdn.example.com/x.js"></script>')
    insert(broken, "en/news/index.html", '<img src="https://images.example.net/a.png" alt="">')
    # served without the policy: the request gate must hold on its own, not only through the CSP
    with serve(broken, headers=False) as served:
        found = crawl(browser, served, ["", "berita/", "en/news/"])
    assert found.foreign == [
        ("berita/", "https://cdn.example.com/x.js"),
        ("en/news/", "https://images.example.net/a.png"),
    ]
    with serve(broken) as served:  # with the policy the browser refuses them before asking
        found = crawl(browser, served, ["berita/"])
    assert [page for page, _what in found.csp] and {page for page, _w in found.csp} == {"berita/"}
