"""Where points crowd too much to name them all at a legible size, the regions map leaves a label out
rather than draw it over another (handbill/geo.place_labels); the mark stays a named link, and the
note under the map says the list below names every region (templates/_map.html)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from handbill import geo
from handbill.pipeline import Options, build


def crowd() -> list[geo.MapPoint]:
    # Twelve long names packed into a small panel: there is not room for all of them.
    points = [geo.MapPoint(i, f"Kabupaten Panjang Sekali {i}", 0.0, 0.0, 0) for i in range(12)]
    for i, p in enumerate(points):
        p.x, p.y = 300 + (i % 4) * 30, 100 + (i // 4) * 30
    return points


def test_crowded_labels_are_left_out_never_overlapping() -> None:
    points = crowd()
    geo.place_labels(points, 720, 260)
    placed = [p for p in points if p.label]
    assert placed and len(placed) < len(points)
    for a, b in itertools.combinations(placed, 2):
        assert not geo.overlaps(a.label.box, b.label.box), (a.text, b.text)  # type: ignore[union-attr]
    for p in placed:
        box = p.label.box  # type: ignore[union-attr]
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= 720 and box[3] <= 260
        for q in points:
            assert not geo.overlaps(box, (q.x - geo.MARK, q.y - geo.MARK, q.x + geo.MARK, q.y + geo.MARK))


def test_leaders_cross_no_mark_and_no_other_leader() -> None:
    points = crowd()
    geo.place_labels(points, 720, 260)
    leaders = [(p, p.label.leader) for p in points if p.label and p.label.leader]
    for (_, a), (_, b) in itertools.combinations(leaders, 2):
        assert not geo.segments_cross(a, b)
    for p, seg in leaders:
        for q in points:
            if q is not p:
                assert not geo.crosses(seg, (q.x - geo.MARK, q.y - geo.MARK, q.x + geo.MARK, q.y + geo.MARK))


def test_a_region_without_room_for_its_name_is_still_a_named_link(make_site: Callable[..., Path]) -> None:
    # Six regions within a few kilometres of each other, with long names: some cannot be labelled.
    files = {
        f"content/cities/k{i}.md": (
            f"---\nname: Kabupaten Dengan Nama Panjang {i}\ntype: kabupaten\nprovince: P\n"
            f"coordinates: {{lat: {-6.2 - i * 0.01:.2f}, lon: {106.8 + i * 0.01:.2f}}}\n---\n"
        )
        for i in range(6)
    }
    root = make_site(files)
    assert build(root, Options(cache=False)).ok
    html = (root / "_site" / "daerah" / "index.html").read_text(encoding="utf-8")
    links = html.count('class="pt"')
    assert links == 6
    texts = html.count("<text ")
    assert texts < links  # at least one left without a label...
    for i in range(6):  # ...but every region is a link named after it, and a card below
        assert f'aria-label="Kabupaten Dengan Nama Panjang {i}' in html
    assert html.count('href="/daerah/k0/"') >= 2 or html.count("/daerah/k0/") >= 2
    assert "daftar di bawah" in html
