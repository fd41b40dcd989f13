"""Share images: 1200×630 PNG, deterministic bytes (no metadata chunks), wrapped titles, readable colours."""

from __future__ import annotations

import struct
from pathlib import Path

from PIL import Image, ImageFont

from handbill.formats import share
from tests.conftest import PROJECT
from tests.unit.test_outputs_site import SESSIONS, SPEAKERS, build_absolute, build_relative

FONTS = PROJECT / "handbill/fonts"


def chunks(data: bytes) -> list[str]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    names, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        names.append(data[pos + 4 : pos + 8].decode("ascii"))
        pos += 12 + length
    return names


def images(out: Path) -> list[Path]:
    return sorted((out / "share").rglob("*.png"))


def test_one_image_per_session_and_speaker_and_one_for_the_site() -> None:
    names = [p.relative_to(build_absolute() / "share").as_posix() for p in images(build_absolute())]
    assert names == sorted(
        ["site.png"] + [f"sessions/{s}.png" for s in SESSIONS] + [f"speakers/{s}.png" for s in SPEAKERS]
    )


def test_images_are_1200_by_630_png_without_metadata() -> None:
    for path in images(build_absolute()):
        with Image.open(path) as im:
            assert (im.format, im.size, im.mode) == ("PNG", (1200, 630), "RGB")
        assert set(chunks(path.read_bytes())) == {"IHDR", "IDAT", "IEND"}, path  # no tIME, tEXt, ...


def test_images_do_not_depend_on_base_url_or_build() -> None:
    absolute = {p.name: p.read_bytes() for p in images(build_absolute())}
    relative = {p.name: p.read_bytes() for p in images(build_relative())}
    assert absolute == relative


def test_image_has_text_drawn_in_the_upper_and_lower_parts() -> None:
    with Image.open(build_absolute() / "share/sessions/pembukaan.png") as im:
        rgb = im.convert("RGB")
        title_band = rgb.crop((80, 130, 1120, 260)).getcolors(1_000_000) or []
        assert any(colour == share.TEXT for _n, colour in title_band)
        details_band = rgb.crop((80, 400, 1120, 600)).getcolors(1_000_000) or []
        assert any(colour == share.MUTED for _n, colour in details_band)


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_text_colours_are_readable() -> None:
    assert contrast(share.TEXT, share.BACKGROUND) >= 7  # WCAG AAA
    assert contrast(share.MUTED, share.BACKGROUND) >= 7


def test_long_titles_wrap_within_the_width_and_end_with_an_ellipsis() -> None:
    font = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 60)
    title = "Penguatan Ekosistem Ekonomi Kreatif Daerah melalui Kolaborasi Hexahelix " * 3
    lines = share.wrap(title, font, 1040)
    assert len(lines) > 4
    assert all(font.getlength(line) <= 1040 for line in lines)
    assert " ".join(lines) == " ".join(title.split())
    painter = share.Painter(FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf")
    fitted_font, fitted = share.fit(painter, title, 1040, 4, (68, 60, 54, 48, 44))
    assert len(fitted) == 4 and fitted[-1].endswith("…")
    assert all(fitted_font.getlength(line) <= 1040 for line in fitted)
    short_font, short = share.fit(painter, "Pembukaan", 1040, 4, (68, 60))
    assert short == ["Pembukaan"] and short_font.size == 68
    unbroken = share.wrap("x" * 200, font, 300)
    assert all(font.getlength(line) <= 300 for line in unbroken) and "".join(unbroken) == "x" * 200


def test_the_font_ships_with_its_licence() -> None:
    assert (FONTS / "DejaVuSans.ttf").is_file() and (FONTS / "DejaVuSans-Bold.ttf").is_file()
    licence = (FONTS / "LICENSE-DejaVu.txt").read_text()
    assert "Bitstream" in licence and "Permission is hereby granted" in licence
