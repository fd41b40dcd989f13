"""The maps read on a 360 px phone (WCAG 2.2 AA, phones first): the regions map's labels and the venue
map's label are at least 12 CSS px as drawn, after the SVG is scaled down from its 720-unit viewBox to
the page's width, no two labels overlap, and every region stays a named link.  The venue's mark has a
visible label (the building, from site.yaml, in each language) and the map an accessible name."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from handbill import geo
from handbill.pipeline import Options, build
from tests.conftest import PROJECT

SVG = "{http://www.w3.org/2000/svg}"
#: The map's width on a 360 px phone: the page's side margins are --gap = clamp(1rem, 3vw, 1.5rem) = 16 px.
PHONE = 360 - 2 * 16
MIN_PX = 12.0


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("maps") / "site"
    result = build(PROJECT, Options(out=out, cache=False, memo=False))
    assert result.ok, [p.format() for p in result.problems]
    return out


def css_outside_media(site: Path) -> str:
    """The site's stylesheet without its @media blocks (the rules that apply on a phone, in light mode)."""
    (css,) = (site / "assets/css").glob("site.*.css")
    text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", text)


def font_size(css: str, selector: str) -> float:
    rules = re.findall(r"(?:^|})\s*" + re.escape(selector) + r"\{([^}]*)\}", css)
    sizes = [float(m) for rule in rules for m in re.findall(r"font-size:([\d.]+)px", rule)]
    assert sizes, selector
    return sizes[-1]


def svgs(html: str, cls: str) -> list[ET.Element]:
    found = re.findall(r'<svg class="' + cls + r".*?</svg>", html, re.S)
    return [ET.fromstring(s.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)) for s in found]


def view_width(svg: ET.Element) -> float:
    return float((svg.get("viewBox") or "").split()[2])


@pytest.mark.parametrize("page", ["daerah/index.html", "en/regions/index.html"])
def test_region_labels_are_legible_on_a_phone_and_never_overlap(site: Path, page: str) -> None:
    html = (site / page).read_text(encoding="utf-8")
    size = font_size(css_outside_media(site), ".map-svg text")
    panels = svgs(html, "map-svg")
    assert panels
    labelled = 0
    for svg in panels:
        width = view_width(svg)
        height = float((svg.get("viewBox") or "").split()[3])
        shown = size * PHONE / width
        assert shown >= MIN_PX, f"map labels are {shown:.1f} px on a 360 px phone"
        boxes = []
        marks = []
        for a in svg.iter(f"{SVG}a"):
            assert a.get("aria-label") and a.get("href"), "every region stays a named link"
            for el in a:
                if "mark" in (el.get("class") or ""):
                    if el.tag == f"{SVG}circle":
                        x, y = float(el.get("cx") or 0), float(el.get("cy") or 0)
                    else:
                        pts = [float(v) for v in re.split(r"[ ,]", el.get("points") or "") if v] or [
                            float(el.get("x") or 0) + float(el.get("width") or 0) / 2,
                            float(el.get("y") or 0) + float(el.get("height") or 0) / 2,
                        ]
                        x, y = sum(pts[0::2]) / len(pts[0::2]), sum(pts[1::2]) / len(pts[1::2])
                    marks.append((x - geo.MARK, y - geo.MARK, x + geo.MARK, y + geo.MARK))
            text = a.find(f"{SVG}text")
            if text is None:
                continue
            labelled += 1
            label = geo.Label(
                float(text.get("x") or 0),
                float(text.get("y") or 0),
                len(text.text or "") * size * geo.CHAR,
                size,
                text.get("text-anchor") or "start",
            )
            box = label.box
            assert 0 <= box[0] and box[2] <= width and 0 <= box[1] and box[3] <= height, (text.text, box)
            boxes.append((text.text, box))
        for (na, a_box), (nb, b_box) in itertools.combinations(boxes, 2):
            assert not geo.overlaps(a_box, b_box), (na, nb)
        for name, box in boxes:
            assert not any(geo.overlaps(box, m) for m in marks), name
    assert labelled == 13  # the default site's thirteen regions all have room for their name


@pytest.mark.parametrize(
    ("page", "building"),
    [
        ("lokasi/index.html", "Chubb Square (d/h UOB Plaza)"),
        ("en/lokasi/index.html", "Chubb Square (formerly UOB Plaza)"),
    ],
)
def test_the_venue_mark_has_a_label_and_the_map_a_name(site: Path, page: str, building: str) -> None:
    html = (site / page).read_text(encoding="utf-8")
    (svg,) = svgs(html, "map-svg map-venue")
    assert svg.get("role") == "img"
    name = svg.get("aria-label") or ""
    assert "Thamrin Nine Ballroom" in name and building in name
    texts = list(svg.iter(f"{SVG}text"))
    assert len(texts) == 1
    shown = " ".join(tspan.text or "" for tspan in texts[0].iter(f"{SVG}tspan"))
    assert shown == " ".join(building.split())
    size = font_size(css_outside_media(site), ".map-svg .venue-label")
    assert size * PHONE / view_width(svg) >= MIN_PX
    # Above or below the mark, inside the picture.
    height = float((svg.get("viewBox") or "").split()[3])
    for tspan in texts[0].iter(f"{SVG}tspan"):
        assert 0 < float(tspan.get("x") or 0) < view_width(svg)
    assert 0 < float(texts[0].get("y") or 0) < height
