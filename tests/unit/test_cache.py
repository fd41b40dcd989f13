"""The page cache never serves a stale page: after each kind of change, a build that reuses the
cache gives exactly the output of a build from scratch (and reuses pages when nothing changed)."""

from __future__ import annotations

import os
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


# --- nothing changed: nothing written; anything else: the whole folder again ---------------------


def test_no_change_writes_nothing(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (site / "_site").stat().st_ino
    check_same(site, monkeypatch)
    assert (site / "_site").stat().st_ino == before  # the folder was not replaced
    assert [p.name for p in site.iterdir() if p.name.startswith(".")] == [".handbill-cache"]


def test_files_added_to_the_output_by_hand_are_removed(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "_site" / "extra.html").write_text("stale")
    (site / "_site" / "p0" / "notes.txt").write_text("stale")
    out = check_same(site, monkeypatch)
    assert "extra.html" not in out and "p0/notes.txt" not in out


@pytest.mark.parametrize("victim", ["feed.xml", "p0/index.html", "robots.txt", "agenda.ics"])
def test_output_removed_or_edited_by_hand_is_restored(site: Path, monkeypatch: pytest.MonkeyPatch, victim: str) -> None:
    (site / "_site" / victim).unlink()
    assert victim in check_same(site, monkeypatch)
    path = site / "_site" / victim
    path.write_bytes(path.read_bytes() + b"<!-- hand edit -->")
    assert b"hand edit" not in check_same(site, monkeypatch)[victim]


def test_asset_removed_by_hand_is_restored(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    css = next((site / "_site" / "assets").rglob("*.css"))
    css.unlink()
    assert css.relative_to(site / "_site").as_posix() in check_same(site, monkeypatch)


def test_output_of_a_previous_build_without_the_cache_is_replaced(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "content/pages/p1.md").write_text("---\ntitle: Halaman 1\n---\nIsi lain.\n")
    monkeypatch.setenv("HANDBILL_CACHE", "0")
    assert build(site, Options(out=site / "_site")).ok  # the manifest now describes an older output
    monkeypatch.delenv("HANDBILL_CACHE")
    (site / "content/pages/p1.md").write_text("---\ntitle: Halaman 1\n---\nIsi halaman 1.\n")
    out = check_same(site, monkeypatch)
    assert b"Isi halaman 1." in out["p1/index.html"]


# --- the cache of parsed front matter ------------------------------------------------------------


def test_front_matter_edit_of_same_size_and_time_is_seen(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = site / "content/pages/p1.md"
    st = path.stat()
    path.write_text(path.read_text().replace("Halaman 1", "Halaman 9"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    out = check_same(site, monkeypatch)
    assert b"Halaman 9" in out["p1/index.html"]


def test_front_matter_that_breaks_is_reported_then_recovers(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = site / "content/pages/p2.md"
    good = path.read_text()
    path.write_text(good.replace("title: Halaman 2", "title: [Halaman 2"))
    broken = build(site, Options(out=site / "_site"))
    assert not broken.ok and any(p.code == "yaml" for p in broken.problems)
    path.write_text(good.replace("title: Halaman 2", "title: Halaman Dua"))
    out = check_same(site, monkeypatch)
    assert b"Halaman Dua" in out["p2/index.html"]
    path.write_text(good)
    assert b"Halaman 2" in check_same(site, monkeypatch)["p2/index.html"]


def test_front_matter_cache_entries_are_copies(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from handbill.incremental.yamlcache import YamlCache

    cache = YamlCache(site / ".handbill-cache" / "frontmatter.json")
    text = "title: X\ntags: [a, b]\n"
    first = cache.parse(text, 1)
    first.data["tags"].append("changed")
    cache.save()
    again = YamlCache(site / ".handbill-cache" / "frontmatter.json").parse(text, 1)
    assert again.data == {"title": "X", "tags": ["a", "b"]}
    assert again.positions == cache.parse(text, 1).positions


def test_front_matter_cache_key_covers_the_parser_and_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """A change to yamlsafe.py (the parser) or to yamlcache.py (the codec) starts afresh."""
    from handbill.incremental import yamlcache

    read: list[str] = []
    real = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    yamlcache._code_key()
    assert sorted(read) == ["yamlcache.py", "yamlsafe.py"]


# --- bodies of earlier builds, reused by pages that are rendered again ---------------------------


def test_bodies_are_reused_only_while_their_links_resolve_the_same(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "content/pages/p3.md").write_text(
        "---\ntitle: Halaman 3\n---\nLihat [p4](p4.md) dan [tentang](/tentang/).\n"
    )
    check_same(site, monkeypatch)
    # Every page is rendered again (menu), the body of p3 comes from the store: still the same output.
    (site / "content/pages/tentang.md").write_text("---\ntitle: Tentang Kami\nmenu: 1\n---\nTentang acara.\n")
    check_same(site, monkeypatch)
    # The link target disappears: the stored body must not be used, the broken link is reported.
    (site / "content/pages/p4.md").unlink()
    result = build(site, Options(out=site / "_site"))
    assert not result.ok
    assert any(p.file == "content/pages/p3.md" for p in result.problems)
    (site / "content/pages/p3.md").write_text("---\ntitle: Halaman 3\n---\nLihat [tentang](/tentang/) saja.\n")
    out = check_same(site, monkeypatch)
    assert b"saja." in out["p3/index.html"] and "p4/index.html" not in out


def test_body_warnings_of_stored_bodies_are_reported(make_site: Callable[..., Path]) -> None:
    root = make_site(
        {
            "content/pages/x.md": "---\ntitle: X\n---\n[klik](javascript:alert(1))\n",
            "content/pages/y.md": "---\ntitle: Y\nmenu: 1\n---\nY.\n",
        }
    )
    first = build(root, Options())
    # The menu changes, so x's page is rendered again, with x's body from the store.
    (root / "content/pages/y.md").write_text("---\ntitle: Y2\nmenu: 1\n---\nY.\n")
    second = build(root, Options())
    assert first.ok and second.ok
    assert sorted(p.format() for p in first.problems) == sorted(p.format() for p in second.problems)
    assert any("javascript" in p.message for p in second.problems)


# --- site queries: a page depends on their answers, not on every entry of the kind --------------

QUERY_FILES = {
    **FILES,
    "content/speakers/budi.md": "---\nname: Budi Santoso\nrole: Perancang\n---\nBudi merancang.\n",
    "content/sessions/penutupan.md": (
        "---\ntitle: Penutupan\nstart: 2025-12-12 15:00\nend: 2025-12-12 16:00\nroom: ballroom\n"
        "speakers: [budi]\n---\nSampai jumpa.\n"
    ),
    "content/booths/bandung.md": "---\nname: Booth Bandung\nnumber: B1\ncity: kota-bandung\n---\nBooth.\n",
    "content/news/buka.md": "---\ntitle: Forum dibuka\ndate: 2025-12-11\nsessions: [pembukaan]\n---\nBerita.\n",
}


@pytest.fixture
def query_site(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site(QUERY_FILES)
    check_same(root, monkeypatch)
    return root


def _inode(root: Path, page: str) -> int:
    return (root / "_site" / page / "index.html").stat().st_ino


def test_editing_one_session_renders_again_only_the_pages_that_show_it(
    query_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    others = ["pembicara/budi", "en/speakers/budi", "agenda/penutupan", "p0"]
    before = {page: _inode(query_site, page) for page in [*others, "pembicara/ani"]}
    session = query_site / "content/sessions/pembukaan.md"
    session.write_text(session.read_text().replace("Pembukaan", "Pembukaan Forum"))
    out = check_same(query_site, monkeypatch)
    assert b"Pembukaan Forum" in out["pembicara/ani/index.html"]
    assert _inode(query_site, "pembicara/ani") != before["pembicara/ani"]  # it lists the session: rendered
    assert {page: _inode(query_site, page) for page in others} == {page: before[page] for page in others}


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("content/sessions/penutupan.md", "speakers: [budi]", "speakers: [budi, ani]"),  # sessions_of(ani) grows
        ("content/sessions/pembukaan.md", "speakers: [ani]\n", "speakers: [ani]\ncity: kota-bandung\n"),  # sessions_in
        ("content/sessions/pembukaan.md", "speakers: [ani]\n", "speakers: [ani]\nbooths: [bandung]\n"),  # at_booth
        ("content/sessions/penutupan.md", "2025-12-12 15:00\nend: 2025-12-12 16:00", "2025-12-11 15:00\nend: "
         "2025-12-11 16:00"),  # sessions_on(day): moves to the first day
        ("content/sessions/penutupan.md", "2025-12-12 15:00", "2025-12-12 08:00"),  # same day, other order
        ("content/speakers/budi.md", "role: Perancang\n", "role: Perancang\ncity: kota-bandung\n"),  # speakers_of
        ("content/booths/bandung.md", "city: kota-bandung\n", ""),  # booths_of shrinks
        ("content/news/buka.md", "sessions: [pembukaan]", "sessions: [penutupan]"),  # news_about moves
        ("content/speakers/budi.md", "name: Budi Santoso", "name: Aa Budi"),  # speakers_sorted order
    ],
)  # fmt: skip
def test_query_answers_that_change_render_the_pages_again(
    query_site: Path, monkeypatch: pytest.MonkeyPatch, path: str, old: str, new: str
) -> None:
    file = query_site / path
    assert old in file.read_text()
    file.write_text(file.read_text().replace(old, new))
    check_same(query_site, monkeypatch)


def test_removed_entries_leave_every_query_answer(query_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (query_site / "content/news/buka.md").unlink()
    check_same(query_site, monkeypatch)
    (query_site / "content/sessions/penutupan.md").unlink()
    out = check_same(query_site, monkeypatch)
    assert b"Penutupan" not in out["pembicara/budi/index.html"]
