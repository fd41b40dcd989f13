"""Issue 14, share previews: with the publishing address known (an absolute base_url), every page of
every kind names its share picture for Open Graph and Twitter, and the picture exists; with a relative
base_url, `check` says what is missing and how to give it."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import run_cli
from tests.unit.test_outputs_site import BASE, build_absolute, make_example


class Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        key = a.get("property") or a.get("name")
        if tag == "meta" and key and a.get("content") is not None:
            self.values.setdefault(key, a["content"] or "")


def meta_of(path: Path) -> dict[str, str]:
    parser = Meta()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.values


def test_every_page_kind_has_its_share_picture() -> None:
    out = build_absolute()
    pages = [p for p in sorted(out.rglob("*.html")) if not p.name == "404.html"]
    kinds = {p.relative_to(out).parts[0] if len(p.relative_to(out).parts) > 1 else "home" for p in pages}
    assert len(kinds) >= 5
    for page in pages:
        meta = meta_of(page)
        image = meta.get("og:image", "")
        assert image.startswith(BASE) and image.endswith(".png"), page
        assert (out / image.removeprefix(BASE)).is_file(), image
        assert meta.get("twitter:image") == image and meta.get("twitter:card") == "summary_large_image"
        assert meta.get("og:image:width") == "1200" and meta.get("og:image:height") == "630"


def test_check_says_a_relative_base_url_has_no_share_pictures() -> None:
    root = make_example("check-relative")
    result = run_cli("check", "--root", root)
    assert result.returncode == 0, result.stderr
    assert "no share picture (og:image)" in result.stdout and "--base-url https://" in result.stdout
