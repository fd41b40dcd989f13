"""Every page exists in every language, and the language switcher lands on the same page."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from conftest import Served

LANGS = ("id", "en")


class Head(HTMLParser):
    """The page's lang, its hreflang alternates and its language-switcher links."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.alternates: dict[str, str] = {}
        self.switch: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang", "x-default") != "x-default":
            self.alternates[a["hreflang"]] = a["href"]
        elif tag == "a" and "data-lang-switch" in a:
            self.switch[a.get("hreflang", "")] = a["href"]


def parse(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def file_of(site: Path, href: str) -> Path:
    rel = href.split("://", 1)[-1].split("/", 1)[1] if "://" in href else href.lstrip("/")
    target = site / rel
    return target / "index.html" if rel.endswith("/") or rel == "" else target


def test_every_page_exists_in_both_languages(site_dir: Path) -> None:
    pages = sorted(site_dir.rglob("*.html"))
    by_lang: dict[str, int] = {lang: 0 for lang in LANGS}
    problems = []
    for path in pages:
        head = parse(path)
        rel = path.relative_to(site_dir).as_posix()
        by_lang[head.lang] = by_lang.get(head.lang, 0) + 1
        if set(head.alternates) != set(LANGS):
            problems.append(f"{rel}: alternates {sorted(head.alternates)}")
            continue
        for lang, href in head.alternates.items():
            target = file_of(site_dir, href)
            if not target.is_file():
                problems.append(f"{rel}: the {lang} version {href} does not exist")
            elif parse(target).lang != lang:
                problems.append(f"{rel}: {href} is not in {lang}")
        other = [lang for lang in LANGS if lang != head.lang]
        for lang in other:
            if file_of(site_dir, head.switch.get(lang, "/missing")) != file_of(site_dir, head.alternates[lang]):
                problems.append(f"{rel}: the switcher to {lang} goes to {head.switch.get(lang)}")
    assert not problems, "\n".join(problems[:30])
    assert by_lang["id"] == by_lang["en"], by_lang


def test_switcher_lands_on_the_same_page(served: Served, browser: Any) -> None:
    # one page of each kind, Indonesian → English → back
    samples = ["", "agenda/", "pembicara/", "booth/", "daerah/", "berita/", "404.html"]
    for section in ("agenda", "pembicara", "booth", "daerah", "berita"):
        entries = sorted(p.parent.name for p in (served.root / section).glob("*/index.html"))
        if entries:
            samples.append(f"{section}/{entries[0]}/")
    context = browser.new_context()
    page = context.new_page()
    try:
        for rel in samples:
            page.goto(served.url(rel))
            # wait for the new document: the click returns once navigation commits,
            # before the next page has a root element
            with page.expect_navigation(wait_until="load"):
                page.click("a[data-lang-switch][hreflang=en]")
            assert page.evaluate("document.documentElement.lang") == "en", rel
            english = page.url
            assert english.startswith(served.base + "en/"), (rel, english)
            with page.expect_navigation(wait_until="load"):
                page.click("a[data-lang-switch][hreflang=id]")
            assert page.url == served.url(rel), (rel, english, page.url)
    finally:
        context.close()


def test_switcher_keeps_the_agendas_view(served: Served, browser: Any) -> None:
    """A filtered or shared agenda (?track=…, ?sel=…, #day-2) stays so in the other language."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(served.url("agenda/"))
        slugs = page.eval_on_selector_all("[data-session]", "els => els.map(e => e.dataset.session)")
        query = "?sel=" + ",".join(slugs[:2]) + "#day-2"
        page.goto(served.url("agenda/" + query))
        with page.expect_navigation(wait_until="load"):
            page.click("a[data-lang-switch][hreflang=en]")
        got = urlsplit(page.url)  # the agenda's script may re-encode the query (%2C for ",")
        assert got.path.endswith("/en/agenda/"), page.url
        assert parse_qs(got.query)["sel"] == [",".join(slugs[:2])] and got.fragment == "day-2", page.url
    finally:
        context.close()
