"""`handbill import`: frab/pretalx/Indico schedule.xml and schedule.json, Sessionize JSON → content files.

The schedules written for these tests are in tests/data/import/; the C3VOC DemoCon example and the
schemas are the vendored copies in tests/schemas/ (READMEs there).  Sites are made in tmp_path; the import runs in this process through the CLI.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from handbill.importers import frab
from handbill.importers.apply import STATE_FILE
from handbill.importers.html import plain, to_markdown
from handbill.importers.schedule import Schedule
from handbill.pipeline import Options, build
from handbill.yamlsafe import parse_yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
C3VOC = Path(__file__).resolve().parent.parent / "schemas" / "c3voc"  # the vendored schemas and DemoCon example
Cli = Callable[..., tuple[int, str, str]]
UTC = dt.UTC

SITE = """\
# The site's own comment, which the import must keep.
title: Test Conference
languages: [{languages}]
event:
  name: Test Conference
  start: {start}
  end: {end}
  timezone: {tz}
  venue:
    name: Test Venue
{extra}"""


def make(
    tmp_path: Path, start: str, end: str, tz: str, languages: str = "en", extra: str = "", name: str = "s"
) -> Path:
    root = tmp_path / name
    (root / "content").mkdir(parents=True)
    (root / "site.yaml").write_text(SITE.format(start=start, end=end, tz=tz, languages=languages, extra=extra))
    return root


def kiez_site(tmp_path: Path, extra: str = "") -> Path:
    return make(tmp_path, "2026-06-10", "2026-06-12", "Europe/Berlin", extra=extra)


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def talks(schedule: Schedule) -> set[tuple[str, str, dt.datetime, dt.datetime, tuple[str, ...]]]:
    """Each event as (title, room, start, end, persons): what a round trip must keep."""
    return {
        (
            t.title,
            schedule.rooms[t.room].name,
            t.start.astimezone(UTC),
            t.end.astimezone(UTC),
            tuple(sorted(schedule.persons[k].name for k in t.persons)),
        )
        for t in schedule.talks
    }


def built(root: Path, out: Path) -> Path:
    result = build(root, Options(out=out, base_url="https://example.org/conf/", strict=True))
    assert result.ok, [p.format() for p in result.problems]
    assert [p.format() for p in result.problems] == []
    return out


# --- round trips ----------------------------------------------------------------------------------


def test_schedule_xml_round_trip(tmp_path: Path, build_cli: Cli) -> None:
    """pretalx schedule.xml → content → our schedule.xml: the same events, rooms, times and persons."""
    root = kiez_site(tmp_path)
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    assert code == 0, err
    site = built(root, tmp_path / "out")
    source = frab.read_xml(DATA / "kiez-2026.xml", "in", UTC)
    again = frab.read_xml(site / "schedule.xml", "out", UTC)
    assert len(source.talks) == 9
    assert talks(again) == talks(source)
    assert {r.name for r in again.rooms.values()} == {"Saal Eins", "Saal Zwei", "Werkstatt", "Kino"}
    assert {t.name for t in again.tracks.values()} >= {"Open Data", "Community", "Stadt & Raum"}
    xsd = etree.XMLSchema(etree.parse(str(C3VOC / "schedule.xml.xsd")))
    assert xsd.validate(etree.parse(str(site / "schedule.xml"))), xsd.error_log


def test_schedule_json_round_trip_with_the_c3voc_example(tmp_path: Path, build_cli: Cli) -> None:
    root = make(tmp_path, "2020-12-14", "2020-12-16", "Europe/Berlin")
    code, out, err = build_cli("import", C3VOC / "example-pretalx-democon.json", "--root", root)
    assert code == 0, err
    assert "36 sessions, 27 speakers" in out
    result = build(root, Options(out=tmp_path / "out", base_url="https://example.org/demo/"))
    assert result.ok, [p.format() for p in result.problems]
    source = frab.read_json_file(C3VOC / "example-pretalx-democon.json", "in", UTC)
    again = frab.read_json_file(tmp_path / "out" / "schedule.json", "out", UTC)
    assert len(source.talks) == 36
    assert talks(again) == talks(source)
    # The two rooms share one GUID in the example: they are still two rooms.
    assert sorted(r.name for r in again.rooms.values()) == ["Gray Room", "Tan Room"]


# --- what is written --------------------------------------------------------------------------------


def test_sessions_speakers_rooms_and_tracks_are_written(tmp_path: Path, build_cli: Cli) -> None:
    root = kiez_site(tmp_path)
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    assert code == 0
    assert "sessions: 9 new" in out and "speakers: 6 new" in out
    assert "4 rooms added" in out and "3 tracks added" in out  # 'Hof' has no event: not added
    text = (root / "content/sessions/open-data-in-the-neighbourhood.md").read_text()
    front = parse_yaml(text.split("---")[1]).data
    assert front == {
        "title": "Open Data in the Neighbourhood",
        "summary": "Data a district already has, & how to share it.",
        "start": "2026-06-10 10:15",
        "end": "2026-06-10 11:00",
        "room": "saal-eins",
        "track": "open-data",
        "kind": "talk",
        "language": "en",
        "speakers": ["chidi-okafor-beispiel"],
    }
    body = text.split("---", 2)[2]
    assert "[published data](https://example.org/data)" in body and "- Trees" in body
    assert "javascript" not in body and "<" not in body and "alert" not in body
    # Two sessions with one title: the later one gets its own file.
    second = (root / "content/sessions/open-data-in-the-neighbourhood-2.md").read_text()
    assert "start: 2026-06-12 11:00" in second
    # After midnight, on the first day's programme: its own date.
    assert "start: 2026-06-11 01:00" in (root / "content/sessions/night-session-lightning-talks.md").read_text()
    assert "kind: workshop" in (root / "content/sessions/mapping-trees-together.md").read_text()
    assert "kind: panel" in (root / "content/sessions/panel-who-owns-the-street.md").read_text()
    assert "kind: ceremony" in (root / "content/sessions/eroffnung.md").read_text()
    assert sorted(p.name for p in (root / "content/speakers").iterdir()) == [
        "ada-beispiel.md",
        "bodo-muster.md",
        "chidi-okafor-beispiel.md",
        "dewi-contoh.md",
        "eleni-paradeigma.md",
        "farid-esempio.md",
    ]
    assert "kiez-2026.xml:63:21: warning: event 102 (line 45): a person without a name was left out" in err
    for what in ("<img>", "<script>", "unsafe link"):
        assert f"removed from the texts: 1 × {what}" in err


def test_site_yaml_keeps_its_comments_and_layout(tmp_path: Path, build_cli: Cli) -> None:
    extra = """\
rooms:
  # Our main room, named by us.
  - id: saal-1
    name: {en: Saal Eins}
tracks: []

# A comment at the end.
"""
    root = kiez_site(tmp_path, extra)
    before = (root / "site.yaml").read_text().splitlines()
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    assert code == 0, err
    after = (root / "site.yaml").read_text().splitlines()
    # Every line the editor wrote is still there, in order; the import only inserted lines.
    it = iter(after)
    assert all(any(line == other for other in it) for line in before if line != "tracks: []")
    assert "  - {id: saal-zwei, name: Saal Zwei}" in after
    assert after[after.index("tracks:") + 1] == '  - {id: community, name: Community, color: "#7b2d8b"}'
    # A room the site already has, by name, is used rather than added.
    assert "room: saal-1" in (root / "content/sessions/closing.md").read_text()
    assert "saal-eins" not in "\n".join(after)


def test_a_room_renamed_in_site_yaml_stays_renamed(tmp_path: Path, build_cli: Cli) -> None:
    root = kiez_site(tmp_path)
    assert build_cli("import", DATA / "kiez-2026.xml", "--root", root)[0] == 0
    site = root / "site.yaml"
    site.write_text(site.read_text().replace("{id: kino, name: Kino}", "{id: kino, name: Kino am Hof}"))
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    assert code == 0 and "rooms added" not in out
    assert "Kino am Hof" in site.read_text()


def test_flow_style_lists_in_site_yaml_are_not_rewritten(tmp_path: Path, build_cli: Cli) -> None:
    root = kiez_site(tmp_path, "rooms: [{id: aula, name: Aula}]\n")
    before = files(root)
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    assert code == 1
    assert "site.yaml:11:1: error: rooms is written on one line, so new rooms cannot be added to it" in err
    assert "nothing was written" in err
    assert files(root) == before


def test_schedule_outside_the_event_days_is_refused(tmp_path: Path, build_cli: Cli) -> None:
    root = make(tmp_path, "2026-06-11", "2026-06-11", "Europe/Berlin")
    before = files(root)
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    assert code == 1
    assert (
        "site.yaml: error: the schedule runs from 2026-06-10 to 2026-06-12 (in Europe/Berlin), outside the event's "
        "days in site.yaml (2026-06-11 to 2026-06-11) (set event.start: 2026-06-10 and event.end: 2026-06-12 in "
        "site.yaml (and event.timezone if the event is elsewhere), then import again)"
    ) in err
    assert files(root) == before


def test_times_move_to_the_sites_time_zone(tmp_path: Path, build_cli: Cli) -> None:
    root = make(tmp_path, "2026-06-10", "2026-06-13", "Asia/Makassar")
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    assert code == 0, err
    assert "times were converted from the schedule's Europe/Berlin to site.yaml's Asia/Makassar" in out
    # 09:30 in Berlin (UTC+2) is 15:30 in Makassar (UTC+8).
    assert "start: 2026-06-10 15:30" in (root / "content/sessions/eroffnung.md").read_text()


def test_pentabarf_style_without_dates_or_time_zone(tmp_path: Path, build_cli: Cli) -> None:
    root = make(tmp_path, "2026-08-20", "2026-08-21", "America/Sao_Paulo")
    code, out, err = build_cli("import", DATA / "pentabarf-2026.xml", "--root", root)
    assert code == 0, err
    assert "read in site.yaml's (America/Sao_Paulo)" in out
    welcome = (root / "content/sessions/boas-vindas-e-keynote.md").read_text()
    assert "start: 2026-08-20 09:00" in welcome and "end: 2026-08-20 09:50" in welcome
    assert "kind: keynote" in welcome and "Segunda parte com [o programa](https://example.org/programa)." in welcome
    # 02:30 is before the day change (05:00): the night after the first day.
    assert "start: 2026-08-21 02:30" in (root / "content/sessions/madrugada-hacker.md").read_text()
    assert "end: 2026-08-21 15:30" in (root / "content/sessions/oficina-de-mapas.md").read_text()
    name = str(DATA / "pentabarf-2026.xml")
    for line in (
        f"{name}:16:3: warning: <break> in a <day> is not imported",
        f"{name}:38:7: warning: event 2002: duration '45min' is not a length of time; the event was left out",
        f"{name}:75:7: warning: event 2005: no usable start time",
        f"{name}:97:11: warning: event 2006 (line 86): a person without a name was left out",
    ):
        assert line in err
    assert not (root / "content/sessions/broken-duration.md").exists()


def test_sessionize_all_data(tmp_path: Path, build_cli: Cli) -> None:
    root = make(tmp_path, "2026-09-15", "2026-09-16", "Asia/Makassar", languages="id, en")
    code, out, err = build_cli("import", DATA / "sessionize-all.json", "--root", root)
    assert code == 0, err
    assert "(sessionize): 7 sessions, 4 speakers" in out
    assert "categories not imported (only Track and Format are): Level" in out
    assert "2 speaker photo(s) are in Sessionize and were not downloaded" in out
    sessions = root / "content/sessions"
    assert "kind: break" in (sessions / "registration-coffee.md").read_text()
    assert "kind: break" in (sessions / "lunch.md").read_text()
    assert "kind: workshop" in (sessions / "hands-on-offline-first.md").read_text()
    assert "kind: keynote" in (sessions / "keynote-the-archipelago-web.md").read_text()
    slow = (sessions / "designing-for-slow-networks.md").read_text()
    assert "track: web" in slow and "start: 2026-09-15 09:00" in slow and "language: id" in slow
    assert "[the notes](https://example.org/notes)" in slow and "javascript" not in slow
    assert not (sessions / "not-scheduled-yet.md").exists()
    putu = (root / "content/speakers/putu-contoh.md").read_text()
    assert "role: Web developer" in putu and "https://example.org/putu" in putu and "javascript" not in putu
    assert "not scheduled yet (no time); left out" in err
    assert "speaker '6f1c0a00-0000-4000-8000-00000000dead' is not in the speakers list; left out" in err
    assert "a speaker without a name was left out" in err


def test_many_rooms_and_days_in_another_time_zone(tmp_path: Path, build_cli: Cli) -> None:
    """A generated, XSD-valid schedule: 4 days × 10 rooms × 3 events in America/Sao_Paulo, into a site
    in Asia/Jayapura (12 hours ahead): every event arrives, on the right local day, and the site builds."""
    path = tmp_path / "big.xml"
    path.write_text(big_schedule(days=4, rooms=10, per_room=3))
    xsd = etree.XMLSchema(etree.parse(str(C3VOC / "schedule.xml.xsd")))
    assert xsd.validate(etree.parse(str(path))), xsd.error_log
    root = make(tmp_path, "2026-10-05", "2026-10-09", "Asia/Jayapura", languages="id")
    code, out, err = build_cli("import", path, "--root", root)
    assert code == 0, err
    assert "120 sessions" in out and "10 rooms added" in out
    assert len(list((root / "content/sessions").glob("*.md"))) == 120
    first = (root / "content/sessions/session-1-1-1.md").read_text()
    assert "start: 2026-10-05 21:00" in first  # 09:00 in São Paulo (UTC−3) is 21:00 in Jayapura (UTC+9)
    result = build(root, Options(write=False, strict=True))
    assert result.ok and list(result.problems) == [], [p.format() for p in result.problems][:5]


def big_schedule(days: int, rooms: int, per_room: int) -> str:
    out = [
        "<?xml version='1.0' encoding='utf-8' ?>",
        "<schedule><version>1</version><conference><acronym>bigconf</acronym><title>Big Conference</title>"
        "<time_zone_name>America/Sao_Paulo</time_zone_name></conference>",
    ]
    n = 0
    for d in range(1, days + 1):
        date = f"2026-10-0{4 + d}"
        out.append(f"<day index='{d}' date='{date}' start='{date}T04:00:00-03:00' end='{date}T23:59:00-03:00'>")
        for r in range(1, rooms + 1):
            out.append(f"<room name='Room {r}'>")
            for e in range(1, per_room + 1):
                n += 1
                hour = 8 + e
                out.append(
                    f"<event id='{n}' guid='00000000-0000-4000-8000-{n:012d}'><date>{date}T{hour:02d}:00:00-03:00</date>"
                    f"<start>{hour:02d}:00</start><duration>00:50</duration><room>Room {r}</room>"
                    f"<title>Session {d}.{r}.{e}</title><type>Talk</type><track>Track {r % 3}</track>"
                    f"<abstract>Abstract {n}.</abstract><persons><person id='{n}'>Person {n}</person></persons>"
                    "</event>"
                )
            out.append("</room>")
        out.append("</day>")
    out.append("</schedule>")
    return "\n".join(out)


# --- re-importing ------------------------------------------------------------------------------------


def test_a_second_import_of_the_same_file_changes_nothing(tmp_path: Path, build_cli: Cli) -> None:
    root = kiez_site(tmp_path)
    build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    before = files(root)
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    assert code == 0
    assert "sessions: 9 unchanged" in out and "speakers: 6 unchanged" in out and "wrote 0 files" in out
    assert files(root) == before


def edited_schedule(tmp_path: Path, change: Callable[[str], str]) -> Path:
    path = tmp_path / "kiez-next.xml"
    path.write_text(change((DATA / "kiez-2026.xml").read_text()))
    return path


def test_hand_edits_survive_a_reimport(tmp_path: Path, build_cli: Cli) -> None:
    root = kiez_site(tmp_path)
    build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    film = root / "content/sessions/film-night.md"
    repair = root / "content/sessions/repair-cafe.md"
    # By hand: a new title for Film Night, a field the import does not own, a comment; a new body for Repair Café.
    film.write_text(
        film.read_text()
        .replace("title: Film Night", "title: Movie Night  # our title")
        .replace("room: kino", "room: kino\n# seats are limited\ncapacity: 80")
    )
    repair.write_text(
        repair.read_text().split("---\n", 2)[0]
        + "---\n"
        + repair.read_text().split("---\n", 2)[1]
        + "---\nOur own description.\n"
    )
    # Meanwhile, in the conference tool: both titles change, Film Night moves, Repair Café's abstract changes.
    schedule = edited_schedule(
        tmp_path,
        lambda t: (
            t.replace("<title>Film Night</title>", "<title>Film Night!</title>")
            .replace("2026-06-11T20:00:00+02:00", "2026-06-11T20:30:00+02:00")
            .replace("<title>Repair Café</title>", "<title>Repair Café (bring tools)</title>")
            .replace("Bring what is broken.", "Bring what is broken, and tools.")
        ),
    )
    code, out, err = build_cli("import", schedule, "--root", root)
    assert code == 0, err
    text = film.read_text()
    assert "title: Movie Night  # our title" in text  # kept: changed by hand
    assert "start: 2026-06-11 20:30" in text and "end: 2026-06-11 22:15" in text  # not edited: updated
    assert "# seats are limited\ncapacity: 80" in text  # not the import's: untouched
    assert (
        "content/sessions/film-night.md:3:1: warning: title: changed by hand and in the schedule; your value is kept "
        '(the schedule now says "Film Night!") (to follow the schedule again, delete this line and import again)'
    ) in err
    text = repair.read_text()
    assert "title: Repair Café (bring tools)" in text and text.endswith("---\nOur own description.\n")
    assert "content/sessions/repair-cafe.md:1:1: warning: the text below the front matter was changed by hand" in err
    # Third import, same schedule: nothing more to say, nothing to change.
    before = files(root)
    code, out, err = build_cli("import", schedule, "--root", root)
    assert (code, err.count("import.conflict"), "conflicts" in out) == (0, 0, False)
    assert files(root) == before
    # Deleting the line hands the field back to the schedule.
    film.write_text(film.read_text().replace("title: Movie Night  # our title\n", ""))
    assert build_cli("import", schedule, "--root", root)[0] == 0
    assert 'title: "Film Night!"' in film.read_text()


def test_gone_from_the_schedule(tmp_path: Path, build_cli: Cli) -> None:
    root = kiez_site(tmp_path)
    build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    closing = root / "content/sessions/closing.md"
    closing.write_text(closing.read_text() + "\nA note of ours.\n")

    def drop(text: str) -> str:
        for ident in ("107", "109", "106"):
            text = re.sub(rf"<event guid='[^']+' id='{ident}'.*?</event>", "", text, flags=re.S)
        return text

    code, out, err = build_cli("import", edited_schedule(tmp_path, drop), "--root", root)
    assert code == 0, err
    assert not (root / "content/sessions/film-night.md").exists()  # untouched: removed
    assert not (root / "content/sessions/repair-cafe.md").exists()
    assert not (root / "content/speakers/farid-esempio.md").exists()  # only spoke at Repair Café
    assert closing.exists()  # edited by hand: kept
    assert (
        "content/sessions/closing.md:1:1: warning: no longer in the schedule; kept because it was edited by hand" in err
    )
    assert (root / "content/speakers/ada-beispiel.md").exists()  # still speaks elsewhere
    state = json.loads((root / STATE_FILE).read_text())
    assert "sessions/film-night" not in state["entries"] and "sessions/closing" in state["entries"]


def test_a_file_deleted_by_hand_stays_deleted(tmp_path: Path, build_cli: Cli) -> None:
    root = kiez_site(tmp_path)
    build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    (root / "content/speakers/bodo-muster.md").unlink()
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    assert code == 0, err
    assert not (root / "content/speakers/bodo-muster.md").exists()
    opening = (root / "content/sessions/eroffnung.md").read_text()
    assert "speakers: [ada-beispiel]" in opening  # the deleted speaker is no longer named
    assert "check: the site builds" in out


def test_hand_made_files_are_never_changed(tmp_path: Path, build_cli: Cli) -> None:
    root = kiez_site(tmp_path)
    speaker = root / "content/speakers/ada-beispiel.md"
    session = root / "content/sessions/closing.md"
    speaker.parent.mkdir(parents=True)
    session.parent.mkdir(parents=True)
    speaker.write_text("---\nname: Ada Beispiel\nrole: Our own words\n---\nWritten by us.\n")
    session.write_text("---\ntitle: Closing\nstart: 2026-06-12 18:00\nend: 2026-06-12 18:30\nroom: kino\n---\n")
    (root / "site.yaml").write_text((root / "site.yaml").read_text() + "rooms:\n  - {id: kino, name: Kino}\n")
    mine = files(root)
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    assert code == 0, err
    assert speaker.read_text() == mine["content/speakers/ada-beispiel.md"]
    assert session.read_text() == mine["content/sessions/closing.md"]
    assert "speakers: 1 adopted, 5 new" in out  # linked to the editor's file, which stays theirs
    assert "speakers: [ada-beispiel]" in (root / "content/sessions/closing-2.md").read_text()
    assert "content/sessions/closing.md already exists and was not imported, so this session is closing-2.md" in err


def test_two_schedules_in_one_site_keep_to_their_own_files(tmp_path: Path, build_cli: Cli) -> None:
    root = make(tmp_path, "2026-06-10", "2026-09-16", "Europe/Berlin")
    assert build_cli("import", DATA / "kiez-2026.xml", "--root", root)[0] == 0
    assert build_cli("import", DATA / "sessionize-all.json", "--root", root)[0] == 0
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    assert "removed" not in out and (root / "content/sessions/lunch.md").exists()
    assert (root / "content/sessions/film-night.md").exists()


def test_dry_run_and_strict_write_nothing(tmp_path: Path, build_cli: Cli) -> None:
    root = kiez_site(tmp_path)
    before = files(root)
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root, "--dry-run")
    assert code == 0 and "files would change; nothing was written" in out
    assert files(root) == before
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root, "--strict")
    assert code == 1 and "nothing was written" in err  # a person without a name was left out
    assert files(root) == before


# --- files that cannot be imported ----------------------------------------------------------------------

BAD = {
    "truncated.xml": (
        (DATA / "kiez-2026.xml").read_text()[:3000],
        "truncated.xml:55:17: error: not well-formed XML: unclosed token",
    ),
    "bomb.xml": (
        '<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<schedule>&b;</schedule>',
        "bomb.xml:2:13: error: the file declares a document type or entities, which are not accepted",
    ),
    "other.xml": (
        "<rss version='2.0'><channel/></rss>",
        "other.xml:1:1: error: <rss> is not a frab schedule",
    ),
    "broken.json": ('{"schedule": {"conference": ', "broken.json:1:29: error: not valid JSON: Expecting value"),
    "grouped.json": (
        '[{"groupId": null, "groupName": "All", "sessions": []}]',
        "grouped.json:1:1: error: this is Sessionize's grouped 'Sessions' view",
    ),
    "other.json": (
        '{"hello": "world"}',
        "other.json:1:1: error: no 'sessions' list: this is not Sessionize's All data",
    ),
    "noconf.json": ('{"schedule": {"version": "1"}}', "noconf.json:1:1: error: schedule.conference is missing"),
    "empty.xml": ("", "empty.xml:1:1: error: neither XML nor JSON"),
    "binary.pdf": ("%PDF-1.4 \x00\x01", "binary.pdf:1:1: error: neither XML nor JSON"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_file_that_cannot_be_imported_is_one_plain_line(tmp_path: Path, build_cli: Cli, name: str) -> None:
    root = kiez_site(tmp_path)
    text, line = BAD[name]
    (tmp_path / name).write_text(text)
    before = files(root)
    code, out, err = build_cli("import", tmp_path / name, "--root", root)
    assert code == 1
    assert err.splitlines()[0].startswith(str(tmp_path / name)) and line.split(":", 1)[1] in err.splitlines()[0], err
    assert err.splitlines()[1:] == ["1 error in 1 file", "nothing was imported"]
    assert "Traceback" not in err and out == ""
    assert files(root) == before


def test_a_missing_file_is_a_usage_error(tmp_path: Path, build_cli: Cli) -> None:
    root = kiez_site(tmp_path)
    code, out, err = build_cli("import", tmp_path / "nope.xml", "--root", root)
    assert code == 2 and f"{tmp_path / 'nope.xml'}: error: no such file (check the path)" in err


def test_a_damaged_state_file_stops_the_import(tmp_path: Path, build_cli: Cli) -> None:
    root = kiez_site(tmp_path)
    (root / STATE_FILE).write_text("{not json")
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    assert code == 2 and err.startswith("import-state.json: error: cannot be read")


def test_copying_a_site_keeps_what_the_import_owns(tmp_path: Path, build_cli: Cli) -> None:
    """The state lives in the site (import-state.json): a copy of the site (a git clone) re-imports cleanly."""
    root = kiez_site(tmp_path)
    build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    code, out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", copy)
    assert code == 0 and "9 unchanged" in out


# --- texts -----------------------------------------------------------------------------------------------


def test_html_becomes_markdown_without_anything_active() -> None:
    text = (
        '<p>Hello <b>world</b> &amp; <a href="https://x.org/a?b=1">more</a> <a href="javascript:alert(1)">x</a></p>'
        "<script>alert(1)</script><style>p{}</style><iframe src='https://evil'></iframe>"
        "<ul><li>one</li><li>two_three</li></ul><p>1. not a list</p><p># not a heading</p>"
    )
    assert to_markdown(text) == (
        "Hello **world** & [more](https://x.org/a?b=1) x\n\n- one\n- two\\_three\n\n1\\. not a list\n\n\\# not a heading"
    )


def test_markdown_stays_markdown_but_loses_unsafe_links() -> None:
    assert to_markdown("A *b* [c](https://c.org) [d](javascript:alert(1)) [e]( JavaScript:x)") == (
        "A *b* [c](https://c.org) [d] [e]"
    )


def test_plain_text_for_titles_and_summaries() -> None:
    assert plain("<p>Data &amp; <em>maps</em></p>\n<script>x()</script> ") == "Data & maps"
    assert plain("  Plain   & simple  ") == "Plain & simple"


def test_an_empty_schedule_removes_nothing(tmp_path: Path, build_cli: Cli) -> None:
    """A schedule unpublished for a moment exports no event: that must not delete every imported session."""
    root = kiez_site(tmp_path)
    build_cli("import", DATA / "kiez-2026.xml", "--root", root)
    before = files(root)
    empty = edited_schedule(tmp_path, lambda t: re.sub(r"<day .*</day>", "", t, flags=re.S))
    code, out, err = build_cli("import", empty, "--root", root)
    assert code == 1
    assert f"{empty}: error: the file holds no session that can be imported; nothing was changed" in err
    assert files(root) == before


def test_two_events_with_one_guid(tmp_path: Path, build_cli: Cli) -> None:
    root = kiez_site(tmp_path)
    twice = edited_schedule(
        tmp_path,
        lambda t: t.replace(
            "guid='0b7d5b0e-1111-4a6b-8f51-000000000009'", "guid='0b7d5b0e-1111-4a6b-8f51-000000000008'"
        ),
    )
    code, out, err = build_cli("import", twice, "--root", root)
    assert code == 0, err
    assert "event 109 (line 216): the same identity as event 108 (line 194)" in err
    assert not (root / "content/sessions/closing.md").exists()


def test_a_site_dated_apart_from_the_schedule_is_told_the_schedules_days(tmp_path: Path, build_cli: Cli) -> None:
    """Before: a site dated 2027-01-02 to 03 (as `init` leaves it) was told to set event.start: 2026-06-10
    and event.end: 2027-01-03, an event of seven months; the days are the schedule's own."""
    root = make(tmp_path, "2027-01-02", "2027-01-03", "Europe/Berlin")
    code, _out, err = build_cli("import", DATA / "kiez-2026.xml", "--root", root, "--dry-run")
    assert code == 1
    assert "(set event.start: 2026-06-10 and event.end: 2026-06-12 in site.yaml" in err
