"""site.yaml: base_url forms, days, configuration errors exit 2 with file:line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.config import load_config, normalise_base_url
from tests.conftest import MINIMAL_SITE_YAML


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", ("/", "/")),
        ("", ("/", "/")),
        ("/ccc", ("/ccc/", "/ccc/")),
        ("https://example.org", ("https://example.org/", "/")),
        ("https://example.org/ccc", ("https://example.org/ccc/", "/ccc/")),
        ("ftp://example.org/", None),
        ("https://example.org/a/../b/", None),
        ("javascript:alert(1)", None),
        ("https://example.org/?q=1", None),
        ("ccc/", None),
    ],
)
def test_base_url_forms(url: str, expected: tuple[str, str] | None) -> None:
    assert normalise_base_url(url) == expected


def test_days_and_timezone(make_site: Callable[..., Path]) -> None:
    config = load_config(make_site())
    assert [d.isoformat() for d in config.days] == ["2025-12-11", "2025-12-12"]
    assert str(config.tz) == "Asia/Jakarta"
    assert config.languages == ("id", "en")


def test_config_errors_exit_2_with_positions(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    bad = MINIMAL_SITE_YAML.replace("end: 2025-12-12", "end: 2025-12-10").replace('color: "#8a3b12"', "color: red")
    root = make_site(site_yaml=bad)
    code, _out, err = build_cli("check", "--root", root)
    assert code == 2
    assert err == (
        "site.yaml:16:63: error: tracks[0].color: 'red' is not a colour; write it as #rrggbb\n1 error in 1 file\n"
    )
    root = make_site(site_yaml=MINIMAL_SITE_YAML.replace("end: 2025-12-12", "end: 2025-12-10"), name="s2")
    code, _out, err = build_cli("check", "--root", root)
    assert (code, err) == (
        2,
        "site.yaml:7:8: error: event.end is before event.start (swap the two dates)\n1 error in 1 file\n",
    )


def test_site_yaml_code_is_refused(
    make_site: Callable[..., Path], build_cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = make_site(site_yaml=MINIMAL_SITE_YAML + "evil: !!python/object/apply:os.system ['touch /tmp/pwned']\n")
    code, _out, err = build_cli("check", "--root", root)
    assert code == 2
    assert "the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in err
