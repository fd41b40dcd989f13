"""The regions map (handbill/geo, templates/_map.html): drawn from the shipped outline, every region a
link with an accessible name, categories told apart by shape, labels that never overlap."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from handbill import geo
from handbill.pipeline import Options, build
from tests.conftest import PROJECT

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "_site"
    result = build(PROJECT, Options(out=out, cache=False, memo=False))
    assert result.ok, [p.format() for p in result.problems]
    return out


def svgs(html: str) -> list[ET.Element]:
    found = re.findall(r"<svg class=\"map-svg.*?</svg>", html, re.S)
    # Inline SVG in HTML has no namespace declaration: add it to parse it as XML.
    return [ET.fromstring(s.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)) for s in found]


@pytest.mark.parametrize("page", ["daerah/index.html", "en/regions/index.html"])
def test_every_region_is_a_named_link_on_valid_svg(default_site: Path, page: str) -> None:
    html = (default_site / page).read_text(encoding="utf-8")
    panels = svgs(html)
    assert len(panels) == 2  # the country, and the crowded part of Java enlarged
    links = [a for svg in panels for a in svg.iter(f"{SVG}a")]
    assert len(links) == 13  # each of the thirteen regions once
    for a in links:
        href = a.get("href") or ""
        assert (default_site / href.lstrip("/") / "index.html").is_file(), href
        name = a.get("aria-label") or ""
        assert name and a.find(f"{SVG}text") is not None
    names = {a.get("aria-label") for a in links}
    assert any(n and n.startswith("Kota Bandung, ") for n in names) or any(
        n and n.startswith("Bandung City, ") for n in names
    )
    # The two categories are drawn as two different shapes, and the legend shows both.
    shapes = {next(iter(a.iter())).tag for a in links} | {
        el.get("class") for a in links for el in a if "mark" in (el.get("class") or "")
    }
    assert {"mark m0", "mark m1"} <= shapes
    assert html.count('<ul class="map-legend">') == 1
    # Nothing fetched: no tile, no other origin.
    assert "http://" not in "".join(re.findall(r"<svg class=\"map-svg.*?</svg>", html, re.S)).replace(
        "http://www.w3.org", ""
    )


def test_labels_never_overlap_and_stay_inside() -> None:
    points = [
        geo.MapPoint(i, name, lat, lon, i % 2)
        for i, (name, lat, lon) in enumerate(
            [
                ("Pekalongan", -6.883, 109.667),
                ("Bandung", -6.912, 107.610),
                ("Ambon", -3.700, 128.167),
                ("Jakarta", -6.200, 106.817),
                ("Surakarta", -7.567, 110.817),
                ("Ponorogo", -7.869, 111.463),
                ("Malang", -7.980, 112.620),
                ("Banjarmasin", -3.320, 114.593),
                ("Buton Tengah", -5.317, 122.333),
                ("Cilacap", -7.733, 109.000),
                ("Manado", 1.493, 124.841),
                ("Pati", -6.767, 111.100),
                ("Trenggalek", -8.050, 111.717),
            ]
        )
    ]
    panels = geo.region_map(points)
    placed = sum(len(p.points) for p in panels)
    assert placed == 13
    for panel in panels:
        boxes = [p.label.box for p in panel.points if p.label]
        assert len(boxes) == len(panel.points)
        for a, b in itertools.combinations(boxes, 2):
            assert not geo.overlaps(a, b), (a, b)
        for p in panel.points:
            b = p.label.box  # type: ignore[union-attr]
            assert 0 <= b[0] and b[2] <= panel.width and 0 <= b[1] and b[3] <= panel.height
            for q in panel.points:  # no label covers a mark
                mark = (q.x - geo.MARK, q.y - geo.MARK, q.x + geo.MARK, q.y + geo.MARK)
                assert not geo.overlaps(b, mark), (p.text, q.text)
    # Readable on a 360 px phone: the labels are at least 11 px there.
    assert geo.FONT * 360 / geo.WIDTH >= 11


def test_outline_is_shipped_with_its_source() -> None:
    data = geo.outline()
    assert "Natural Earth" in data["source"] and "world-atlas 2.0.2" in data["source"]
    assert "ID" in data["countries"]
    assert (PROJECT / "scripts" / "make_outline.py").is_file()
    sources = (PROJECT / "docs" / "sources.md").read_text(encoding="utf-8")
    assert "world-atlas" in sources and "public domain" in sources


def test_a_site_without_coordinates_has_no_map(make_site: Callable[..., Path]) -> None:
    root = make_site({"content/cities/a.md": "---\nname: Kota A\ntype: kota\nprovince: P\n---\n"})
    assert build(root, Options(cache=False)).ok
    assert "map-svg" not in (root / "_site" / "daerah" / "index.html").read_text(encoding="utf-8")
