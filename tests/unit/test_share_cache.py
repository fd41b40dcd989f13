"""Share images and calendar events kept in the build cache (store.py): a rebuild makes again exactly
the cards whose texts, strings or fonts changed, and its output is byte for byte a build's from
scratch; a damaged cache file is a miss; entries no longer made leave the cache."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from handbill import PROJECT_DIR, parallel, pipeline
from handbill.formats import calendar, share
from handbill.incremental.store import Memory, Table
from handbill.pipeline import Options, build
from handbill.render import BuildContext
from handbill.write import Artifact
from tests.conftest import tree_bytes
from tests.unit.test_cache import FILES as PAGE_FILES
from tests.unit.test_cache import check_same
from tests.unit.test_outputs_site import BASE
from tests.unit.test_outputs_site import FILES as RICH_FILES
from tests.unit.test_outputs_site import SITE_YAML as RICH_SITE_YAML

FILES: dict[str, str | bytes] = {
    **PAGE_FILES,
    "content/speakers/budi.md": "---\nname: Budi Santoso\norganisation: Studio Budi\n---\nBudi.\n",
    "content/sessions/diskusi.md": (
        "---\ntitle: Diskusi Panel\nstart: 2025-12-12 13:00\nend: 2025-12-12 14:00\nroom: studio\n"
        "speakers: [budi]\n---\nDiskusi.\n"
    ),
}
SITE_TITLE = "Acara Uji"  # the site's own card shows the event's name
CARDS = {SITE_TITLE, "Pembukaan", "Diskusi Panel", "Ani Lestari", "Budi Santoso"}


@pytest.fixture(autouse=True)
def no_memory(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Builds without the disk cache keep cards in memory (for the preview): not here, so that the
    build from scratch in check_same really draws every card."""
    monkeypatch.setattr(share, "_MEMORY", Memory(0))
    monkeypatch.setattr(calendar, "_MEMORY", Memory(0))
    monkeypatch.setenv("HANDBILL_JOBS", "1")  # draws counted in this process
    yield


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The title of every card drawn, in order."""
    titles: list[str] = []
    real = share.paint

    def paint(painter: share.Painter, card: share.Card) -> bytes:
        titles.append(card.title)
        return real(painter, card)

    monkeypatch.setattr(share, "paint", paint)
    return titles


@pytest.fixture
def events_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The summary of every VEVENT serialised, in order."""
    made: list[str] = []
    real = calendar.event_component

    def event_component(f: calendar.EventFields) -> object:
        made.append(f.summary)
        return real(f)

    monkeypatch.setattr(calendar, "event_component", event_component)
    return made


def rebuild(root: Path, monkeypatch: pytest.MonkeyPatch, drawn: list[str]) -> list[str]:
    """Build with the cache and return the titles drawn, sorted; then check that the output is
    exactly a build's from scratch (which draws every card again: the cache is off there)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    drawn.clear()
    # Without the build memo (memo.py), which skips a build whose inputs did not change: these
    # tests change only the cache, or need the formats to run.
    result = build(root, Options(out=root / "_site", memo=False))
    assert result.ok, [p.format() for p in result.problems]
    titles = sorted(drawn)
    drawn.clear()
    check_same(root, monkeypatch)  # the same cached build again (draws nothing), then from scratch
    assert len(drawn) == len(share_files(root))  # from scratch: every card; the cache: one file each
    return titles


def share_files(root: Path) -> set[str]:
    return {p.name for p in (root / ".handbill-cache" / "share").iterdir()}


@pytest.fixture
def site(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, drawn: list[str]) -> Path:
    root = make_site(FILES)
    assert sorted(rebuild(root, monkeypatch, drawn)) == sorted(CARDS)  # an empty cache: every card
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_no_change_draws_nothing_and_serialises_no_event(
    site: Path, monkeypatch: pytest.MonkeyPatch, drawn: list[str], events_made: list[str]
) -> None:
    assert rebuild(site, monkeypatch, drawn) == []
    events_made.clear()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    assert build(site, Options(out=site / "_site", memo=False)).ok
    assert events_made == []


def test_session_title_redraws_that_session_only(
    site: Path, monkeypatch: pytest.MonkeyPatch, drawn: list[str], events_made: list[str]
) -> None:
    edit(site / "content/sessions/pembukaan.md", "title: Pembukaan", "title: Pembukaan Resmi")
    events_made.clear()
    assert rebuild(site, monkeypatch, drawn) == ["Pembukaan Resmi"]
    # Its VEVENT in each language (the English page falls back to the Indonesian text): the other
    # session's came from the cache.  Then the build from scratch's four.
    assert events_made[:2] == ["Pembukaan Resmi", "Pembukaan Resmi"]
    assert len(events_made) == 2 + 4


def test_speaker_name_redraws_the_speaker_and_their_sessions(
    site: Path, monkeypatch: pytest.MonkeyPatch, drawn: list[str]
) -> None:
    edit(site / "content/speakers/budi.md", "name: Budi Santoso", "name: Budi Hartono")
    assert rebuild(site, monkeypatch, drawn) == ["Budi Hartono", "Diskusi Panel"]


def test_speaker_role_in_another_language_draws_nothing(
    site: Path, monkeypatch: pytest.MonkeyPatch, drawn: list[str]
) -> None:
    # Cards are drawn in the default language: an English-only change does not touch them.
    edit(site / "content/speakers/ani.en.md", "role: Curator", "role: Chief Curator")
    assert rebuild(site, monkeypatch, drawn) == []


def test_interface_string_redraws_the_cards_that_show_it(
    site: Path, monkeypatch: pytest.MonkeyPatch, drawn: list[str]
) -> None:
    i18n = site / "templates" / "i18n"
    i18n.mkdir(parents=True)
    for lang in ("id", "en"):
        (i18n / f"{lang}.yaml").write_text((PROJECT_DIR / "templates" / "i18n" / f"{lang}.yaml").read_text())
    assert rebuild(site, monkeypatch, drawn) == []  # the same strings from another file: nothing
    # The full date is on session cards only (the others show the long date, in the kicker).
    edit(i18n / "id.yaml", 'date_full: "EEEE, d MMMM y"', 'date_full: "EEEE d MMMM y"')
    assert rebuild(site, monkeypatch, drawn) == ["Diskusi Panel", "Pembukaan"]
    edit(i18n / "id.yaml", 'date_long: "d MMMM y"', 'date_long: "d MMM y"')
    assert rebuild(site, monkeypatch, drawn) == sorted(CARDS)
    # An English string is on no card (they are in the default language).
    edit(i18n / "en.yaml", 'date_full: "', 'date_full: "EEE, ')
    assert rebuild(site, monkeypatch, drawn) == []


def test_font_change_redraws_every_card(site: Path, monkeypatch: pytest.MonkeyPatch, drawn: list[str]) -> None:
    fonts = site / "assets" / "fonts"
    fonts.mkdir(parents=True)
    bold = (PROJECT_DIR / "handbill" / "fonts" / "DejaVuSans-Bold.ttf").read_bytes()
    (fonts / "DejaVuSans-Bold.ttf").write_bytes(bold)
    assert rebuild(site, monkeypatch, drawn) == []  # the same font from the site's folder: same cards
    (fonts / "DejaVuSans-Bold.ttf").write_bytes((PROJECT_DIR / "handbill" / "fonts" / "DejaVuSans.ttf").read_bytes())
    assert rebuild(site, monkeypatch, drawn) == sorted(CARDS)


def test_site_yaml_change_redraws_the_cards_that_show_it(
    site: Path, monkeypatch: pytest.MonkeyPatch, drawn: list[str]
) -> None:
    # The room is on its sessions' cards only; the event's name is on every card.
    edit(site / "site.yaml", "{id: Studio, en: Studio}", "{id: Studio Dua, en: Studio Two}")
    assert rebuild(site, monkeypatch, drawn) == ["Diskusi Panel"]
    edit(site / "site.yaml", "name: Acara Uji", "name: Acara Besar")
    assert rebuild(site, monkeypatch, drawn) == sorted(CARDS - {SITE_TITLE} | {"Acara Besar"})


def test_damaged_cache_files_are_misses(
    site: Path, monkeypatch: pytest.MonkeyPatch, drawn: list[str], events_made: list[str]
) -> None:
    cache = site / ".handbill-cache"
    names = sorted(share_files(site))
    truncated, garbled, emptied = (cache / "share" / n for n in names[:3])
    truncated.write_bytes(truncated.read_bytes()[:-100])
    data = bytearray(garbled.read_bytes())
    data[-50] ^= 0xFF
    garbled.write_bytes(bytes(data))
    emptied.write_bytes(b"")
    (cache / "calendar.json").write_bytes(b"\x80\x05not json")
    events_made.clear()
    assert len(rebuild(site, monkeypatch, drawn)) == 3
    assert share_files(site) == set(names)  # written again, under the same names
    # The damaged calendar cache: every VEVENT made again (2 sessions × 2 languages), then the build
    # from scratch's four.
    assert sorted(events_made[:4]) == sorted(["Diskusi Panel", "Pembukaan"] * 2)
    assert len(events_made) == 4 + 4
    assert rebuild(site, monkeypatch, drawn) == []


def test_a_card_file_under_another_name_is_a_miss(
    site: Path, monkeypatch: pytest.MonkeyPatch, drawn: list[str]
) -> None:
    folder = site / ".handbill-cache" / "share"
    first, second = sorted(folder.iterdir())[:2]
    first.write_bytes(second.read_bytes())
    assert len(rebuild(site, monkeypatch, drawn)) == 1


def test_cards_no_longer_made_leave_the_cache(site: Path, monkeypatch: pytest.MonkeyPatch, drawn: list[str]) -> None:
    before = share_files(site)
    assert len(before) == len(CARDS)
    folder = site / ".handbill-cache" / "share"
    (folder / "stale.png.tmp-12345").write_bytes(b"left by a killed build")
    (site / "content/sessions/diskusi.md").unlink()
    assert rebuild(site, monkeypatch, drawn) == []  # nothing else changed
    after = share_files(site)
    assert after < before and len(before - after) == 1
    # A changed card replaces its old file: the folder keeps one file per card.
    edit(site / "content/speakers/budi.md", "organisation: Studio Budi", "organisation: Studio Baru")
    assert rebuild(site, monkeypatch, drawn) == ["Budi Santoso"]
    assert len(share_files(site)) == len(CARDS) - 1
    # The calendar cache holds this build's texts only.
    stored = json.loads((site / ".handbill-cache" / "calendar.json").read_text("utf-8"))["entries"]
    entries = {k: base64.b64decode(v) for k, v in stored.items()}
    assert any(b"Pembukaan" in text for text in entries.values())
    assert not any(b"Diskusi Panel" in text for text in entries.values())


def test_without_the_cache_nothing_is_kept(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site(FILES)
    monkeypatch.setenv("HANDBILL_CACHE", "0")
    assert build(root, Options()).ok
    assert not (root / ".handbill-cache" / "share").exists()
    assert not (root / ".handbill-cache" / "calendar.json").exists()


def test_cards_drawn_in_workers_are_the_same(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = make_site(FILES)
    pids = tmp_path / "pids"
    real = share.paint

    def paint(painter: share.Painter, card: share.Card) -> bytes:
        with open(pids, "a") as fh:  # a file: the workers' own lists would not come back
            fh.write(f"{os.getpid()}\n")
        return real(painter, card)

    monkeypatch.setattr(share, "paint", paint)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    monkeypatch.setenv("HANDBILL_CACHE", "0")
    trees = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("HANDBILL_JOBS", jobs)  # 2: in workers, however few the cards
        assert build(root, Options(out=root / f"_out{jobs}")).ok
        trees.append(tree_bytes(root / f"_out{jobs}"))
    assert trees[0] == trees[1]
    drawers = pids.read_text().split()
    assert len(drawers) == 2 * len(CARDS)
    if parallel.jobs(len(CARDS)) > 1:  # not when another thread runs (forking is then avoided)
        assert set(drawers[len(CARDS) :]) - {str(os.getpid())}


# --- the calendars: put together from stored texts, exactly what icalendar gives -------------------


def test_calendars_are_what_icalendar_gives(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Every .ics equals the whole calendar built and serialised by icalendar (calendar.calendar):
    with a URL, coordinates, a description and a tagline; from an empty cache and from a full one."""
    root = make_site(RICH_FILES, site_yaml=RICH_SITE_YAML)
    compared: list[str] = []
    real = calendar.render_calendars

    def checked(ctx: BuildContext) -> list[Artifact]:
        out = real(ctx)
        by_path = {a.path: a.data for a in out}
        tz = calendar.timezone_component(ctx)
        name = ctx.config.front.event.name
        for lang, site in ctx.sites.items():
            sessions = site.sessions_sorted()
            prefix = "" if lang == ctx.config.default_language else f"{lang}/"
            assert by_path[f"{prefix}agenda.ics"] == calendar.calendar(ctx, site, sessions, name, tz)
            for s in sessions:
                path = next(p for p in by_path if p.startswith(prefix) and p.endswith(f"/{s.slug}.ics"))
                assert by_path[path] == calendar.calendar(ctx, site, [s], f"{s.title} · {name}", tz)
                compared.append(path)
        return out

    formats = tuple((n, checked if f is real else f) for n, f in pipeline.FORMATS)
    monkeypatch.setattr(pipeline, "FORMATS", formats)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    for _ in range(2):
        assert build(root, Options(base_url=BASE, memo=False)).ok
    assert len(compared) == 2 * 2 * 2  # two builds, two languages, two sessions


def test_table_of_another_version_is_empty(tmp_path: Path) -> None:
    file = tmp_path / ".handbill-cache" / "t.json"
    old = Table(file, "v1")
    old.put("k", b"text")
    assert old.save()
    assert Table(file, "v1").get("k") == b"text"
    assert Table(file, "v2").get("k") is None
    same = Table(file, "v1")
    assert same.get("k") == b"text" and not same.save()  # nothing new: not written again
