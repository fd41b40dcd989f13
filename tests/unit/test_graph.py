"""Routes: localised sections, alternates, collisions (also by case and Unicode form), section names."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from handbill.graph import Route, check_collisions
from handbill.pipeline import Options, build
from handbill.problems import Problems
from tests.conftest import PROJECT, session_md


def test_every_route_knows_its_alternates(make_site: Callable[..., Path]) -> None:
    root = make_site({"content/sessions/a.md": session_md("a"), "content/pages/tentang.md": "---\ntitle: T\n---\n"})
    result = build(root, Options(write=False))
    assert result.ok
    from handbill.graph import build_graph
    from handbill.i18n import load_strings

    strings = load_strings([PROJECT / "templates"], ("id", "en"), Problems(), root)
    graph = build_graph(result.sites, strings, Problems())
    by_path = {r.path: r for r in graph.routes}
    assert by_path["agenda/a/"].alternates == {"id": "agenda/a/", "en": "en/agenda/a/"}
    assert by_path["en/speakers/"].alternates == {"id": "pembicara/", "en": "en/speakers/"}
    assert by_path["tentang/"].alternates == {"id": "tentang/", "en": "en/tentang/"}
    assert by_path[""].alternates == {"id": "", "en": "en/"}


def test_collisions_by_case_and_unicode_form_name_every_source() -> None:
    nfc = unicodedata.normalize("NFC", "café/")
    nfd = unicodedata.normalize("NFD", "café/")
    routes = [
        Route(nfc, "page.html", "id", "page", source="content/pages/one.md"),
        Route(nfd, "page.html", "id", "page", source="content/pages/two.md"),
        Route("Agenda/", "page.html", "id", "page", source="content/pages/three.md"),
        Route("agenda/", "agenda.html", "id", "section", source="the agenda section"),
    ]
    problems = Problems()
    check_collisions(routes, problems)
    assert [p.format() for p in problems.sorted()] == [
        "content/pages/one.md:1:1: error: the address /café/ is also claimed by content/pages/two.md "
        "(rename this file so that each page has its own address)",
        "content/pages/three.md:1:1: error: the address /Agenda/ is also claimed by the agenda section "
        "(rename this file so that each page has its own address)",
        "content/pages/two.md:1:1: error: the address /café/ is also claimed by content/pages/one.md "
        "(rename this file so that each page has its own address)",
    ]


def test_unsafe_section_name_in_strings_is_an_error(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site({"content/sessions/a.md": session_md("a")})
    (root / "templates/i18n").mkdir(parents=True)
    for lang in ("id", "en"):
        text = (PROJECT / f"templates/i18n/{lang}.yaml").read_text()
        if lang == "id":
            text = text.replace("  agenda: agenda\n", "  agenda: ../../etc\n", 1)
        (root / f"templates/i18n/{lang}.yaml").write_text(text)
    code, _out, err = build_cli("check", "--root", root)
    assert code == 1
    assert err.splitlines()[0] == (
        "templates/i18n/id.yaml: error: path.agenda: '../../etc' cannot be used in an address "
        "(use only lowercase letters a-z, digits and single hyphens)"
    )
