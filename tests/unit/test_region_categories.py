"""Region categories: groups of regions (a network, a designation) named in site.yaml with a text per
language, instead of groups built into the generator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.pipeline import Options, build
from handbill.problems import ConfigError
from handbill.view import region_groups, taking_part
from tests.conftest import MINIMAL_SITE_YAML

CATEGORIES = """\
region_categories:
  - id: network
    name: {id: Jaringan Contoh, en: Example Network}
    intro: {id: Anggota jaringan., en: Members of the network.}
    label: {id: "Anggota bidang {field} ({year})", en: "Member for {field} ({year})"}
    fields:
      - {id: design, name: {id: Desain, en: Design}}
      - {id: music, name: {id: Musik, en: Music}}
  - id: designated
    name: Designated
"""


def city(name: str, extra: str = "") -> str:
    return f"---\nname: {name}\ntype: kota\nprovince: Contoh\n{extra}---\n"


def test_memberships_groups_and_labels(make_site: Callable[..., Path]) -> None:
    root = make_site(
        {
            "content/cities/a.md": city("Kota A", "categories: [designated]\n"),
            "content/cities/b.md": city(
                "Kota B", "categories:\n  - {id: network, field: music, year: 2019}\n  - designated\n"
            ),
            "content/cities/c.md": city("Kota C", "categories: [{id: network, field: design, year: 2015}]\n"),
            "content/cities/d.md": city("Kota D"),
            "content/cities/e.md": city("Kota E", "categories: [{id: network}]\n"),
        },
        MINIMAL_SITE_YAML + CATEGORIES,
    )
    result = build(root, Options(write=False, strict=True))
    assert result.ok and list(result.problems) == [], [p.format() for p in result.problems]
    en, id_ = result.sites["en"], result.sites["id"]
    b = en.cities["b"]
    assert [(m.category.id, m.field, m.field_id, m.year) for m in b.categories] == [
        ("network", "Music", "music", 2019),
        ("designated", "", "", None),
    ]
    assert [m.label for m in b.categories] == ["Member for Music (2019)", "Designated"]
    assert id_.cities["b"].categories[0].label == "Anggota bidang Musik (2019)"
    assert en.cities["e"].categories[0].label == "Example Network"  # no field or year: the name
    groups = [(cat.id if cat else None, [c.slug for c in cities]) for cat, cities in region_groups(en)]
    # The first category of each region decides its group; by year, then by name; the rest last.
    assert groups == [("network", ["e", "c", "b"]), ("designated", ["a"]), (None, ["d"])]
    assert region_groups(en)[0][0].intro == "Members of the network."  # type: ignore[union-attr]
    # Every group takes part unless site.yaml says `participants: false`; regions with none count.
    assert [c.slug for c in taking_part(region_groups(en))] == ["e", "c", "b", "a", "d"]


def test_a_group_that_did_not_take_part_is_not_counted_on_the_home_page(make_site: Callable[..., Path]) -> None:
    yaml = MINIMAL_SITE_YAML.replace("event:", "event:\n  description: Forum contoh.", 1)
    root = make_site(
        {
            "content/cities/a.md": city("Kota A", "categories: [designated]\n"),
            "content/cities/b.md": city("Kota B", "categories: [{id: network}]\n"),
            "content/cities/c.md": city("Kota C"),
        },
        yaml + CATEGORIES.replace("    name: Designated\n", "    name: Designated\n    participants: false\n"),
    )
    result = build(root, Options(write=False, strict=True))
    assert result.ok, [p.format() for p in result.problems]
    assert [c.slug for c in taking_part(region_groups(result.sites["en"]))] == ["b", "c"]
    build(root, Options())
    home = (root / "_site/en/index.html").read_text(encoding="utf-8")
    facts = home[home.index('<ul class="facts">') : home.index("</ul>", home.index('<ul class="facts">'))]
    assert "<strong>2</strong>" in facts, facts  # Kota B and Kota C; not Kota A


def test_unknown_category_or_field_is_an_error_at_its_line(make_site: Callable[..., Path]) -> None:
    root = make_site(
        {
            "content/cities/a.md": city("Kota A", "categories: [netwrok]\n"),
            "content/cities/b.md": city("Kota B", "categories:\n  - {id: network, field: dance}\n"),
            "content/cities/c.md": city("Kota C", "categories: [{id: designated, field: design}]\n"),
        },
        MINIMAL_SITE_YAML + CATEGORIES,
    )
    result = build(root, Options(write=False))
    assert sorted(p.format() for p in result.problems) == [
        "content/cities/a.md:5:14: error: categories[0]: unknown region category 'netwrok' (did you mean 'network'?)",
        "content/cities/b.md:6:26: error: categories[0].field: 'dance' is not a field of 'network' "
        "(known values: 'design', 'music')",
        "content/cities/c.md:5:38: error: categories[0].field: 'design' is not a field of 'designated' "
        "(site.yaml lists no fields for 'designated')",
    ]


def test_without_categories_in_site_yaml(make_site: Callable[..., Path]) -> None:
    root = make_site({"content/cities/a.md": city("Kota A", "categories: [unesco]\n")})
    result = build(root, Options(write=False))
    assert [p.format() for p in result.problems] == [
        "content/cities/a.md:5:14: error: categories[0]: unknown region category 'unesco' "
        "(site.yaml lists no region_categories yet: add it there)"
    ]


def test_a_category_id_used_twice_is_a_configuration_error(make_site: Callable[..., Path]) -> None:
    root = make_site({}, MINIMAL_SITE_YAML + CATEGORIES + "  - {id: network, name: Again}\n")
    with pytest.raises(ConfigError) as info:
        build(root, Options(write=False))
    assert [p.format() for p in info.value.problems] == [
        "site.yaml:31:5: error: region_categories: id 'network' is used twice (give each its own id)"
    ]
