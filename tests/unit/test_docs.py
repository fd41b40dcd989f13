"""The guides' field reference and the JSON Schemas are generated from handbill/schema.py and committed:
these tests fail when the committed copies differ from what `python -m handbill.docs` generates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from handbill.docs import BEGIN, END, GUIDES, _models, all_schemas, expected_files, reference, with_reference
from handbill.schema import KIND_MODELS, description_id, translatable_fields
from handbill.yamlsafe import parse_yaml
from tests.conftest import MINIMAL_SITE_YAML, PROJECT

REFRESH = "out of date: run `python -m handbill.docs` and commit the result"


@pytest.mark.parametrize("name", sorted(GUIDES))
def test_committed_guide_reference_matches_the_model(name: str) -> None:
    path = PROJECT / name
    assert path.read_text(encoding="utf-8") == expected_files()[path], f"{name}: {REFRESH}"


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_committed_schema_matches_the_model(name: str) -> None:
    path = PROJECT / "schemas" / name
    assert path.read_text(encoding="utf-8") == all_schemas()[name], f"schemas/{name}: {REFRESH}"


def test_check_command_reports_stale_files(tmp_path: Path) -> None:
    ok = subprocess.run([sys.executable, "-m", "handbill.docs", "--check"], cwd=PROJECT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr


@pytest.mark.parametrize(("lang", "yes"), [("en", "yes"), ("id", "ya")])
def test_reference_lists_every_field_with_required_and_translated(lang: str, yes: str) -> None:
    text = reference(lang)
    for kind, model in KIND_MODELS.items():
        assert f"`content/{kind}/`" in text
        section = text.split(f"`content/{kind}/`", 1)[1].split("###", 1)[0]
        translated = translatable_fields(model)
        for name, info in model.model_fields.items():
            row = next(line for line in section.splitlines() if line.startswith(f"| `{name}` |"))
            cells = [c.strip() for c in row.strip("|").split("|")]
            assert cells[2] == (yes if info.is_required() else "—"), row
            assert cells[3] == (yes if name in translated else "—"), row
            desc = description_id(info) if lang == "id" else info.description or ""
            assert cells[4] == desc.replace("|", "\\|"), row


def test_every_field_has_an_english_and_an_indonesian_description() -> None:
    """Editors read the Indonesian one (guide, `build.py new`, editor hovers); without it they get English."""
    missing = []
    for model_name, model in sorted(_models().items()):
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            if not (info.description or "").strip():
                missing.append(f"{model_name}.{name}: description")
            if not str(extra.get("description_id") or "").strip():
                missing.append(f"{model_name}.{name}: description_id")
    assert missing == []
    assert {"Link", "Position", "Demo", "Coordinates", "RegionCategory", "SiteFront", "Venue"} <= set(_models())


def test_indonesian_guide_shows_indonesian_descriptions() -> None:
    text = reference("id")
    assert "Nama lengkap, atau nama peran seperti 'Perwakilan Pemerintah Kota Ambon'" in text
    assert "Full name" not in text
    schema = json.loads(all_schemas()["speakers.schema.json"])
    name = schema["properties"]["name"]
    assert name["description"].startswith("Full name") and name["description_id"].startswith("Nama lengkap")
    assert name["markdownDescription"] == f"{name['description_id']}\n\n{name['description']}"


def test_replacing_the_reference_keeps_the_rest_of_the_guide() -> None:
    text = f"intro\n{BEGIN}\nstale reference\n{END}\noutro\n"
    out = with_reference(text, "id")
    assert out.startswith(f"intro\n{BEGIN}\n") and out.endswith(f"{END}\noutro\n") and "stale reference" not in out
    with pytest.raises(ValueError):
        with_reference("no markers", "id")


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((PROJECT / "schemas" / f"{kind}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _yaml(text: str) -> Any:
    parsed = parse_yaml(text)
    assert not parsed.errors
    # As an editor's YAML tool sees it: dates and times are text.
    return json.loads(json.dumps(parsed.data, default=lambda v: str(v)[:16]))


def test_site_schema_accepts_the_default_and_test_sites() -> None:
    validator = _validator("site")
    for text in ((PROJECT / "site.yaml").read_text(), MINIMAL_SITE_YAML):
        errors = [e.message for e in validator.iter_errors(_yaml(text))]
        assert errors == []


def test_content_schemas_accept_valid_and_flag_invalid_front_matter() -> None:
    validator = _validator("sessions")
    good = {"title": "A", "start": "2025-12-11 09:00", "end": "2025-12-11 10:00", "room": "ballroom"}
    assert list(validator.iter_errors(good)) == []
    bad = {**good, "room": "Aula Besar", "kind": "concert", "tittle": "x", "start": "11 Des"}
    messages = sorted(e.json_path for e in validator.iter_errors(bad))
    assert messages == ["$", "$.kind", "$.room", "$.start"]
    for kind in KIND_MODELS:
        _validator(kind)
