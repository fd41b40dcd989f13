"""schedule.json against the C3VOC JSON Schema (full FormatChecker), schedule.xml against the frab XSD."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import etree

from tests.unit.test_outputs_site import BASE, EVENT_KEY, XSS, build_absolute, build_relative, schemas_dir


def validator() -> jsonschema.Draft6Validator:
    checker = jsonschema.FormatChecker()
    missing = {"uri", "uuid", "date", "date-time", "color"} - set(checker.checkers)
    assert not missing, f"jsonschema cannot check formats {sorted(missing)}: install jsonschema[format-nongpl]"
    schema = json.loads((schemas_dir() / "c3voc/schedule.schema.json").read_text())
    return jsonschema.Draft6Validator(schema, format_checker=checker)


def xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(schemas_dir() / "c3voc/schedule.xml.xsd")))


def errors(data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(data)]


def events(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    days = data["schedule"]["conference"]["days"]
    return {ev["slug"]: ev for day in days for room in day["rooms"].values() for ev in room}


def guid(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "handbill:" + ":".join((EVENT_KEY, *parts))))


def test_the_validator_is_strict_enough_to_reject_the_invalid_example() -> None:
    example = json.loads((schemas_dir() / "c3voc/example-invalid.json").read_text())
    assert len(errors(example)) == 5
    assert errors(json.loads((schemas_dir() / "c3voc/example-pretalx-democon.json").read_text())) == []


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_schedule_json_is_valid(prefix: str) -> None:
    data = json.loads((build_absolute() / f"{prefix}schedule.json").read_text())
    assert errors(data) == []


def test_schedule_json_field_by_field() -> None:
    data = json.loads((build_absolute() / "schedule.json").read_text())
    conf = data["schedule"]["conference"]
    assert data["$schema"] == "https://c3voc.de/schedule/schema.json"
    assert data["schedule"]["base_url"] == BASE
    assert (conf["acronym"], conf["title"], conf["time_zone_name"]) == ("au2025", "Acara Uji 2025", "Asia/Jakarta")
    assert (conf["start"], conf["end"], conf["daysCount"]) == ("2025-12-11", "2025-12-12", 2)
    assert conf["url"] == BASE
    assert [(r["name"], r["slug"], r["guid"]) for r in conf["rooms"]] == [
        ("Ruang Utama", "ballroom", guid("room", "ballroom")),
        ("Studio", "studio", guid("room", "studio")),
    ]
    assert conf["tracks"] == [{"name": "Kebijakan", "slug": "kebijakan", "color": "#8a3b12"}]
    assert [(d["index"], d["date"]) for d in conf["days"]] == [(1, "2025-12-11"), (2, "2025-12-12")]
    assert conf["days"][0]["day_start"] == "2025-12-11T09:00:00+07:00"

    ev = events(data)["au2025-pembukaan"]
    assert ev["guid"] == guid("session", "pembukaan")
    assert isinstance(ev["id"], int) and ev["id"] >= 1
    assert ev["date"] == "2025-12-11T09:00:00+07:00"
    assert (ev["start"], ev["duration"], ev["end"]) == ("09:00", "1:00", "2025-12-11T10:00:00+07:00")
    assert (ev["room"], ev["track"], ev["type"], ev["language"]) == ("Ruang Utama", "Kebijakan", "keynote", "id")
    assert (ev["title"], ev["abstract"]) == ("Pembukaan Forum", "Menteri membuka forum.")
    assert ev["description"] == "Sambutan pembukaan."
    assert ev["url"] == BASE + "agenda/pembukaan/"
    assert ev["persons"] == [
        {
            "name": "Ani Wijaya",
            "public_name": "Ani Wijaya",
            "guid": guid("speaker", "ani-wijaya"),
            "url": BASE + "pembicara/ani-wijaya/",
            "biography": "Direktur Uji · Kementerian Uji",
            "links": [{"type": "web", "url": "https://example.org/ani", "title": "Web"}],
        }
    ]
    assert conf["days"][0]["rooms"]["Studio"] == []


def test_english_schedule_has_english_text_and_the_same_guids() -> None:
    en = json.loads((build_absolute() / "en/schedule.json").read_text())
    idn = json.loads((build_absolute() / "schedule.json").read_text())
    assert {k: v["guid"] for k, v in events(en).items()} == {k: v["guid"] for k, v in events(idn).items()}
    ev = events(en)["au2025-pembukaan"]
    assert (ev["title"], ev["room"], ev["url"]) == ("Opening of the Forum", "Main Hall", BASE + "en/agenda/pembukaan/")


def test_script_title_survives_json_and_xml_as_text() -> None:
    out = build_absolute()
    ev = events(json.loads((out / "schedule.json").read_text()))["au2025-uji-xss"]
    assert ev["title"] == XSS
    assert ev["description"] == f"Body {XSS}."
    assert ev["persons"][0]["name"] == "Perwakilan Pemerintah Kota Ambon"
    raw = (out / "schedule.xml").read_bytes()
    assert b"<script>" not in raw
    tree = etree.fromstring(raw)
    (title,) = tree.xpath("//event[slug='au2025-uji-xss']/title/text()")
    assert title == XSS


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_schedule_xml_is_valid_against_the_frab_xsd(prefix: str) -> None:
    schema = xsd()
    doc = etree.parse(str(build_absolute() / f"{prefix}schedule.xml"))
    assert schema.validate(doc), schema.error_log


def test_schedule_xml_matches_the_json() -> None:
    out = build_absolute()
    data = json.loads((out / "schedule.json").read_text())
    tree = etree.parse(str(out / "schedule.xml"))
    assert tree.findtext("version") == data["schedule"]["version"]
    assert tree.findtext("conference/acronym") == "au2025"
    assert tree.findtext("conference/time_zone_name") == "Asia/Jakarta"
    assert tree.findtext("url") == BASE + "schedule.xml"
    for slug, ev in events(data).items():
        (node,) = tree.xpath(f"//event[@guid='{ev['guid']}']")
        assert node.get("id") == str(ev["id"])
        assert node.findtext("slug") == slug
        for key in ("title", "date", "start", "duration", "room", "type", "language", "url", "abstract"):
            assert node.findtext(key) == ev[key], key
        assert [p.text for p in node.iterfind("persons/person")] == [p["name"] for p in ev["persons"]]
        assert node.getparent().get("name") == ev["room"]


def test_relative_base_url_only_breaks_the_uri_formats(tmp_path: Path) -> None:
    """With base_url '/' the files are written with site paths; only the `uri` format complains."""
    out = build_relative()
    data = json.loads((out / "schedule.json").read_text())
    found = list(validator().iter_errors(data))
    assert found, "expected the relative URLs to fail the uri format"
    assert {(e.validator, e.validator_value) for e in found} == {("format", "uri")}
    assert all(e.instance.startswith("/") for e in found)
    schema = xsd()
    assert schema.validate(etree.parse(str(out / "schedule.xml"))), schema.error_log
