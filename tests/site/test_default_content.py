"""The default site tells the truth: no invented people, both languages complete, strict build clean."""

from __future__ import annotations

import re

import pytest

from handbill.pipeline import Options, build
from tests.conftest import PROJECT

#: The verified facts, with a source for each, that editors can re-check (copied from the project notes).
FACTS = PROJECT / "docs" / "sources.md"


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return build(PROJECT, Options(write=False, strict=True))


def test_default_site_passes_strict_check(result) -> None:  # type: ignore[no-untyped-def]
    assert result.ok, [p.format() for p in result.problems]
    assert list(result.problems) == []


def test_every_speaker_is_a_verified_person_or_a_role(result) -> None:  # type: ignore[no-untyped-def]
    """A named person must appear verbatim in docs/sources.md; everyone else is a role."""
    assert FACTS.is_file(), f"{FACTS} is missing: the facts file is the reference for names"
    facts = FACTS.read_text()
    speakers = result.sites["id"].speakers.values()
    assert speakers
    for speaker in speakers:
        if speaker.type == "person":
            assert speaker.name in facts, f"{speaker.source}: '{speaker.name}' is not a verified person"
        else:
            assert speaker.type == "role", speaker.source
            # A role names a function or a group, not a person: it contains a role word.
            assert re.search(
                r"(?i)delegasi|perwakilan|fasilitator|narasumber|pembicara|tim|panitia|wakil|peserta", speaker.name
            ), f"{speaker.source}: '{speaker.name}' does not read as a role"


def test_every_entry_is_translated(result) -> None:  # type: ignore[no-untyped-def]
    for entry in result.sites["en"].all_entries():
        assert not entry.fallback, f"{entry.source} has no complete English translation"


def test_site_says_the_agenda_is_illustrative() -> None:
    import yaml

    notice = yaml.safe_load((PROJECT / "site.yaml").read_text())["notice"]
    assert "ilustratif" in notice["id"] and "illustrative" in notice["en"]


def test_event_facts_in_site_yaml() -> None:
    import yaml

    event = yaml.safe_load((PROJECT / "site.yaml").read_text())["event"]
    assert (str(event["start"]), str(event["end"])) == ("2025-12-11", "2025-12-12")
    assert event["timezone"] == "Asia/Jakarta"
    assert event["venue"]["name"] == "Thamrin Nine Ballroom"
