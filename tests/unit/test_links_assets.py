"""Contract groups 8 and 11: links between content files, images, symlinks, dotfiles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.links import browser_view, leaves_site, link_problem
from tests.conftest import session_md


def test_md_links_are_rewritten_per_language(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site(
        {
            "content/cities/kota-bandung.md": "---\nname: Kota Bandung\ntype: kota\nprovince: Jawa Barat\n---\n## Sejarah\n",
            "content/pages/p.md": "---\ntitle: P\n---\nLihat [Bandung](../cities/kota-bandung.md#sejarah) dan "
            "[agenda](/agenda/).\n",
            "content/pages/p.en.md": "---\ntitle: P\n---\nSee [Bandung](../cities/kota-bandung.md).\n",
        }
    )
    code, _out, err = build_cli("build", "--root", root, "--base-url", "https://example.org/ccc/")
    assert code == 0, err
    id_html = (root / "_site/p/index.html").read_text()
    en_html = (root / "_site/en/p/index.html").read_text()
    assert 'href="/ccc/daerah/kota-bandung/#sejarah"' in id_html
    assert 'href="/ccc/agenda/"' in id_html
    assert 'href="/ccc/en/regions/kota-bandung/"' in en_html


def test_broken_links_fail_at_their_line(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site(
        {
            "content/pages/p.md": "---\ntitle: P\n---\nSatu.\n\nDua [x](../cities/nowhere.md).\n\n"
            "Tiga [y](/no-such-page/).\n"
        }
    )
    code, _out, err = build_cli("build", "--root", root)
    assert code == 1
    assert err.splitlines()[:3] == [
        "content/pages/p.md:6:9: error: broken link '../cities/nowhere.md': there is no content/cities/nowhere.md "
        "(check the file name; links to other entries look like ../pages/p.md)",  # an entry of this site
        "content/pages/p.md:8:10: error: broken link '/no-such-page/': no page has this address "
        "(link to the .md file instead, e.g. ../pages/tentang.md)",
        "2 errors in 1 file",
    ]


def test_images_missing_case_mismatch_and_third_party(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site(
        {
            "assets/img/Logo.png": b"\x89PNG fake",
            "content/speakers/s.md": "---\nname: S\nphoto: img/logo.png\n---\n",
            "content/pages/p.md": "---\ntitle: P\n---\n![a](/assets/img/Logo.png)\n\n![b](../../assets/img/none.png)\n\n"
            "![c](https://cdn.example.com/x.png)\n",
        }
    )
    code, _out, err = build_cli("build", "--root", root)
    assert code == 1
    assert err.splitlines()[:4] == [
        "content/pages/p.md:6:6: error: image '../../assets/img/none.png' not found (there is no such file under assets/)",
        "content/pages/p.md:8:6: error: image 'https://cdn.example.com/x.png' is on another website (save the image "
        "under assets/img/ and link to it there; the site makes no third-party requests)",
        "content/speakers/s.md:3:8: error: photo: image 'img/logo.png' not found (the file is named 'img/Logo.png' "
        "(letter case differs; web servers treat them as different))",
        "3 errors in 2 files",
    ]


def test_symlinks_out_of_the_project_are_refused_and_not_copied(
    make_site: Callable[..., Path], tmp_path: Path, build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: secret\n---\nTOP SECRET\n")
    root = make_site({"content/sessions/a.md": session_md("a")})
    (root / "content/pages").mkdir()
    (root / "content/pages/leak.md").symlink_to(secret)
    code, _out, err = build_cli("build", "--root", root)
    assert code == 1
    assert err.splitlines()[0] == (
        "content/pages/leak.md: error: symbolic links are not followed (copy the file here instead)"
    )


def test_dotfiles_never_published_but_well_known_is(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site(
        {
            "content/sessions/a.md": session_md("a"),
            "assets/.env": "SECRET=1",
            "assets/img/.hidden.png": b"x",
            "assets/img/ok.png": b"x",
            "assets/.well-known/security.txt": "Contact: mailto:a@b.id\n",
        }
    )
    assert build_cli("build", "--root", root)[0] == 0
    published = {p.relative_to(root / "_site").as_posix() for p in (root / "_site").rglob("*") if p.is_file()}
    assert "assets/img/ok.png" in published
    assert "assets/.well-known/security.txt" in published
    assert not any(
        name.split("/")[-1].startswith(".") and ".well-known" not in name and name != ".handbill-output"
        for name in published
    )


def test_section_links_reach_the_section_in_each_language(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site(
        {
            "content/sessions/a.md": session_md("a"),
            # A site has a regions section once it has a region (graph.OPTIONAL_SECTIONS).
            "content/cities/k.md": "---\nname: Kota K\ntype: kota\nprovince: P\n---\n",
            "content/pages/p.md": "---\ntitle: P\n---\n[agenda](../sessions/) [daerah](../cities/#unesco)\n",
            "content/pages/p.en.md": "---\ntitle: P\n---\n[agenda](../sessions/)\n\n[bad](../pages/)\n",
        }
    )
    code, _out, err = build_cli("build", "--root", root)
    assert code == 1
    assert err.splitlines()[0] == (
        "content/pages/p.en.md:6:7: error: broken link '../pages/': content/pages/ has no page "
        "of its own (sections are ../sessions/, ../speakers/, ../booths/, ../cities/ and ../news/)"
    )
    (root / "content/pages/p.en.md").write_text("---\ntitle: P\n---\n[agenda](../sessions/)\n")
    code, _out, err = build_cli("build", "--root", root)
    assert code == 0, err
    assert 'href="/agenda/"' in (root / "_site/p/index.html").read_text()
    assert 'href="/daerah/#unesco"' in (root / "_site/p/index.html").read_text()
    assert 'href="/en/agenda/"' in (root / "_site/en/p/index.html").read_text()


def test_partial_translation_falls_back_field_by_field_with_a_warning(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    from handbill.pipeline import Options, build

    root = make_site(
        {
            "content/cities/kota-ambon.md": "---\nname: Kota Ambon\ntype: kota\nprovince: Maluku\nsummary: Kota Musik.\n---\nTeks.\n",
            "content/cities/kota-ambon.en.md": "---\nname: Ambon City\n---\n",
        }
    )
    code, _out, err = build_cli("check", "--root", root)
    assert code == 0
    assert err.splitlines()[0] == (
        "content/cities/kota-ambon.en.md:1:1: warning: not translated: summary, body; the id "
        "text is shown instead (translate them here, or delete this file to show the whole "
        "page untranslated)"
    )
    city = build(root, Options(write=False)).sites["en"].cities["kota-ambon"]
    assert (city.name, city.summary, city.body_md.strip(), city.fallback) == (
        "Ambon City",
        "Kota Musik.",
        "Teks.",
        True,
    )
    assert (city.lang_of("name"), city.lang_of("summary"), city.lang_of("body")) == ("en", "id", "id")


def test_booth_numbers_and_floor_plan_are_checked(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site(
        {
            "content/booths/a.md": "---\nname: A\nnumber: '01'\nposition: {x: 100, y: 100, w: 200, h: 200}\n---\n",
            "content/booths/b.md": "---\nname: B\nnumber: '01'\nposition: {x: 250, y: 150, w: 100, h: 100}\n---\n",
            "content/booths/c.md": "---\nname: C\nnumber: '03'\nposition: {x: 950, y: 0, w: 200, h: 100}\n---\n",
        }
    )
    code, _out, err = build_cli("check", "--root", root)
    assert code == 1
    assert err == (
        'content/booths/b.md:3:9: error: booth number "01" is also used by content/booths/a.md (give each booth its own number)\n'
        "content/booths/b.md:4:11: error: position: the booth overlaps 'a' (content/booths/a.md) on the plan (move one of them)\n"
        "content/booths/c.md:4:11: error: position: the booth reaches past the edge of the plan (x+w = 1150, y+h = 100; "
        "the plan is 1000 × 1000) (make it smaller or move it)\n"
        "3 errors in 2 files\n"
    )


def test_heading_ids_match_what_markdown_renders() -> None:
    import re

    from handbill.links import AssetIndex
    from handbill.markdown import LinkContext, MarkdownRenderer, heading_ids

    body = (
        "## Sejarah Kota\n\ntext\n\n### *Batik* & [Tenun](https://x.org)\n\n## Sejarah Kota\n\n```\n## not a heading\n```\n"
        "\n## Café «Kopi» 2025 ##\n\n#### Kota Ambon: City of Music\n"
    )
    html = MarkdownRenderer("/", AssetIndex([])).convert(body, LinkContext())
    rendered = set(re.findall(r'<h\d id="([^"]+)"', html))
    assert heading_ids(body) == rendered
    assert len(rendered) == 5


def test_heading_ids_are_those_of_the_toc_extension() -> None:
    """handbill gives headings ids itself (toc's table of contents cost a tenth of every conversion):
    they must stay the ids Python-Markdown's toc extension gives, which links and readers rely on."""
    import re

    import markdown

    from handbill.links import AssetIndex
    from handbill.markdown import EXTENSIONS, LinkContext, MarkdownRenderer

    bodies = [
        "# Judul\n\n## Judul\n\n## Judul_1\n\n## Judul\n",
        "## *Batik* & [Tenun](https://x.org) `kode`\n\n### Café «Kopi» 2025 ##\n\n#### &amp; &lt;b&gt;\n",
        "## Catatan[^1]\n\n[^1]: kaki\n\n## \n\n## !!!\n\n## 2025\n",
        "Setext\n======\n\nSub\n---\n\n## Kota: Ambon / City of Music\n",
    ]
    ours = MarkdownRenderer("/", AssetIndex([]))
    toc = markdown.Markdown(extensions=[*EXTENSIONS, "toc"], output_format="html")
    for body in bodies:
        toc.reset()
        expected = re.findall(r'<h\d id="([^"]*)"', toc.convert(body))
        assert re.findall(r'<h\d id="([^"]*)"', ours.convert(body, LinkContext(body=body))) == expected, body
        assert len(expected) >= 3


def test_links_to_missing_headings_fail(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site(
        {
            "content/cities/kota-ambon.md": "---\nname: Kota Ambon\ntype: kota\nprovince: Maluku\n---\n## Sejarah\n\n## Musik\n",
            "content/pages/p.md": "---\ntitle: P\n---\n[a](../cities/kota-ambon.md#musik)\n\n[b](../cities/kota-ambon.md#kuliner)\n",
        }
    )
    code, _out, err = build_cli("check", "--root", root)
    assert code == 1
    assert err.splitlines()[0] == (
        "content/pages/p.md:6:5: error: broken link '../cities/kota-ambon.md#kuliner': "
        "content/cities/kota-ambon.md has no heading '#kuliner' (its headings are: musik, sejarah)"
    )


def test_renaming_a_heading_is_caught_on_a_cached_rebuild(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    """The page cache must not reuse a page whose link target lost its heading."""
    city = "---\nname: Kota Ambon\ntype: kota\nprovince: Maluku\n---\n## {}\n"
    root = make_site(
        {
            "content/cities/kota-ambon.md": city.format("Musik"),
            "content/pages/p.md": "---\ntitle: P\n---\n[a](../cities/kota-ambon.md#musik)\n",
        }
    )
    assert build_cli("build", "--root", root)[0] == 0
    assert build_cli("build", "--root", root)[0] == 0  # warm cache
    (root / "content/cities/kota-ambon.md").write_text(city.format("Sejarah"))
    code, _out, err = build_cli("build", "--root", root)
    assert code == 1
    assert "has no heading '#musik'" in err


# --- links as browsers read them (WHATWG, ada-url) ---------------------------------------------------


LEAVES = "the address leads to another website (it starts with //, /\\ or \\\\)"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("java\tscript:alert(1)", "links starting with 'javascript:' are not allowed"),
        ("java\nscript:alert(1)", "links starting with 'javascript:' are not allowed"),
        ("\x01 javascript:alert(1)", "links starting with 'javascript:' are not allowed"),
        ("JaVaScRiPt:alert(1)", "links starting with 'javascript:' are not allowed"),
        ("&#106;avascript:alert(1)", "links starting with 'javascript:' are not allowed"),
        ("&#x6A&#x61vascript:alert(1)", "links starting with 'javascript:' are not allowed"),
        ("javascript&colon;alert(1)", "links starting with 'javascript:' are not allowed"),
        ("%6Aavascript:alert(1)", "links starting with 'javascript:' are not allowed"),
        ("vbscript:msgbox(1)", "links starting with 'vbscript:' are not allowed"),
        ("data:text/html;base64,PHNjcmlwdD4=", "links starting with 'data:' are not allowed"),
        ("//evil.example/", LEAVES),
        ("/\\evil.example/", LEAVES),
        ("\\\\evil.example/", LEAVES),
        ("\\/evil.example/", LEAVES),
        (" \t//evil.example/", LEAVES),
        ("/\t/evil.example/", LEAVES),
        ("&#47;&#47;evil.example/", LEAVES),
        ("https://", "the web address is not valid"),
        ("https://[::1", "the web address is not valid"),
        ("", "the address is empty"),
    ],
)
def test_link_spellings_are_judged_as_browsers_read_them(url: str, why: str) -> None:
    assert link_problem(url) == why


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b#c",
        "HTTPS://EXAMPLE.ORG/",
        "mailto:info@example.org",
        "tel:+62215550100",
        "/agenda/",
        "../cities/kota-bandung.md",
        "#program",
        "?q=1",
        "agenda/",
    ],
)
def test_ordinary_links_pass(url: str) -> None:
    assert link_problem(url) is None


def test_browser_view_is_the_whatwg_reading() -> None:
    assert browser_view("/\\evil.example/x").host == "evil.example"
    assert browser_view("java\tscript:x").scheme == "javascript"
    assert browser_view("/agenda/").host == "handbill.invalid" and not browser_view("/agenda/").absolute


@pytest.mark.parametrize(
    ("src", "leaves"),
    [
        ("/assets/img/a.png", False),
        ("img/a.png", False),
        ("https://x.example/a.png", True),
        ("//x.example/a.png", True),
        ("/\\x.example/a.png", True),
        ("\\\\x.example\\a.png", True),
        ("data:image/png;base64,AA", True),
    ],
)
def test_images_from_other_hosts_are_told_apart(src: str, leaves: bool) -> None:
    assert leaves_site(src) is leaves


def test_asset_index_refuses_what_can_never_be_published(tmp_path: Path) -> None:
    import os

    from handbill.links import AssetIndex

    assets = tmp_path / "assets"
    (assets / "img").mkdir(parents=True)
    (assets / "img/ok.png").write_bytes(b"x")
    (assets / "img/inside.png").symlink_to(assets / "img/ok.png")
    (assets / "img/outside.txt").symlink_to("/etc/hostname")
    (assets / "img/nowhere.png").symlink_to(tmp_path / "missing")
    os.mkfifo(assets / "img/pipe.css")
    with open(os.fsencode(assets / "img") + b"/\xff.png", "wb") as fh:
        fh.write(b"x")
    index = AssetIndex([assets])
    assert sorted(index.files) == ["img/inside.png", "img/ok.png"]
    assert sorted((p.file, p.code) for p in index.problems) == [
        ("assets/img/nowhere.png", "asset.symlink"),
        ("assets/img/outside.txt", "asset.symlink"),
        ("assets/img/pipe.css", "input.special"),
        ("assets/img/\udcff.png", "asset.bad-name"),
    ]
