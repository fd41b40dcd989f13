"""The page cache never serves a stale page: after each kind of change, a build that reuses the
cache gives exactly the output of a build from scratch (and reuses pages when nothing changed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from handbill import PROJECT_DIR
from handbill.pipeline import Options, build
from tests.conftest import tree_bytes

FILES = {
    "content/cities/kota-bandung.md": "---\nname: Kota Bandung\ntype: kota\nprovince: Jawa Barat\n---\nKota desain.\n",
    "content/speakers/ani.md": "---\nname: Ani Lestari\nrole: Kurator\ncity: kota-bandung\n---\nAni menulis.\n",
    "content/speakers/ani.en.md": "---\nrole: Curator\n---\nAni writes.\n",
    "content/sessions/pembukaan.md": (
        "---\ntitle: Pembukaan\nstart: 2025-12-11 09:00\nend: 2025-12-11 10:00\nroom: ballroom\n"
        "speakers: [ani]\n---\nLihat [Ani](../speakers/ani.md) dan [agenda](/agenda/).\n"
    ),
    "content/pages/tentang.md": "---\ntitle: Tentang\nmenu: 1\n---\nTentang acara.\n",
    **{f"content/pages/p{i}.md": f"---\ntitle: Halaman {i}\n---\nIsi halaman {i}.\n" for i in range(5)},
}


def outputs(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(build with the cache, build from scratch without it), both into their own folders."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    cached = build(root, Options(out=root / "_site"))
    assert cached.ok, [p.format() for p in cached.problems]
    monkeypatch.setenv("HANDBILL_CACHE", "0")
    fresh = build(root, Options(out=root / "_fresh"))
    monkeypatch.delenv("HANDBILL_CACHE")
    assert fresh.ok
    return tree_bytes(root / "_site"), tree_bytes(root / "_fresh")


def check_same(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    with_cache, from_scratch = outputs(root, monkeypatch)
    assert with_cache.keys() == from_scratch.keys()
    stale = [path for path in with_cache if with_cache[path] != from_scratch[path]]
    assert stale == []
    return with_cache


@pytest.fixture
def site(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site(FILES)
    check_same(root, monkeypatch)  # fills the cache
    return root


def test_no_change_reuses_pages_by_link(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (site / "_site" / "p0" / "index.html").stat().st_ino
    check_same(site, monkeypatch)
    assert (site / "_site" / "p0" / "index.html").stat().st_ino == before  # linked, not rewritten


def test_changed_body(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "content/pages/p1.md").write_text("---\ntitle: Halaman 1\n---\nIsi baru.\n")
    out = check_same(site, monkeypatch)
    assert b"Isi baru." in out["p1/index.html"]


def test_referenced_entity_changes(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = site / "content/speakers/ani.md"
    path.write_text(path.read_text().replace("Ani Lestari", "Ani Wulandari"))
    out = check_same(site, monkeypatch)
    assert b"Ani Wulandari" in out["agenda/pembukaan/index.html"]
    city = site / "content/cities/kota-bandung.md"
    city.write_text(city.read_text().replace("name: Kota Bandung", "name: Kota Kembang"))
    check_same(site, monkeypatch)


def test_menu_page_title_changes_every_page(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "content/pages/tentang.md").write_text("---\ntitle: Tentang Kami\nmenu: 1\n---\nTentang acara.\n")
    out = check_same(site, monkeypatch)
    assert b"Tentang Kami" in out["p3/index.html"]


def test_added_and_removed_entries(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "content/pages/baru.md").write_text("---\ntitle: Baru\nmenu: 2\n---\nBaru.\n")
    check_same(site, monkeypatch)
    (site / "content/pages/baru.md").unlink()
    (site / "content/speakers/ani.en.md").unlink()
    check_same(site, monkeypatch)


def test_template_change(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "templates").mkdir()
    text = (PROJECT_DIR / "templates" / "page.html").read_text()
    (site / "templates" / "page.html").write_text(text.replace("{% block main %}", "{% block main %}<!--T2-->", 1))
    out = check_same(site, monkeypatch)
    assert b"<!--T2-->" in out["p2/index.html"]


def test_site_yaml_change(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = site / "site.yaml"
    path.write_text(path.read_text().replace("name: Acara Uji", "name: Acara Baru"))
    out = check_same(site, monkeypatch)
    assert b"Acara Baru" in out["p2/index.html"]


def test_strings_change(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    i18n = site / "templates" / "i18n"
    i18n.mkdir(parents=True)
    for lang in ("id", "en"):
        text = (PROJECT_DIR / "templates" / "i18n" / f"{lang}.yaml").read_text()
        (i18n / f"{lang}.yaml").write_text(text.replace("skip: ", "skip: Lompat ", 1))
    out = check_same(site, monkeypatch)
    assert b"Lompat" in out["p2/index.html"]


def test_asset_change(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    css = site / "assets" / "css" / "site.css"
    css.parent.mkdir(parents=True)
    css.write_text((PROJECT_DIR / "assets" / "css" / "site.css").read_text() + "\n/* changed */\n")
    check_same(site, monkeypatch)


def test_output_edited_by_hand_is_not_reused(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = site / "_site" / "p4" / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- hand edit -->")
    out = check_same(site, monkeypatch)
    assert b"hand edit" not in out["p4/index.html"]


def test_body_warnings_are_reported_again(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site({"content/pages/x.md": "---\ntitle: X\n---\n[klik](javascript:alert(1))\n"})
    first = build(root, Options())
    second = build(root, Options())
    assert first.ok and second.ok
    assert sorted(p.format() for p in first.problems) == sorted(p.format() for p in second.problems)
    assert any("javascript" in p.message for p in second.problems)
