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


class _CountingFont:
    """A font that counts its measurements (the cost of fitting, independent of the machine's speed)."""

    def __init__(self, font: ImageFont.FreeTypeFont) -> None:
        self.font = font
        self.size = font.size
        self.calls = 0
        self.chars = 0

    def getlength(self, text: str) -> float:
        self.calls += 1
        self.chars += len(text)
        return float(self.font.getlength(text))


def test_text_fitting_is_logarithmic_not_quadratic() -> None:
    """Issue 11, case 4: trying one character after another made a 100 KB role quadratic."""
    font = _CountingFont(ImageFont.truetype(str(PROJECT / "handbill/fonts/DejaVuSans.ttf"), 32))
    for text in ("x" * 100_000, "Kurator " * 12_500):
        font.calls = font.chars = 0
        clipped = share.clip(text, font, 1040)  # type: ignore[arg-type]
        assert clipped.endswith("…") and font.getlength(clipped) <= 1040
        assert font.calls <= 40 and font.chars <= 40_000, (font.calls, font.chars)
        font.calls = font.chars = 0
        lines = share.wrap(text, font, 1040, limit=4)  # type: ignore[arg-type]
        assert len(lines) > 4  # enough to know it does not fit in four
        assert font.calls <= 400, font.calls


def test_fitting_finds_the_longest_prefix_that_fits() -> None:
    font = ImageFont.truetype(str(PROJECT / "handbill/fonts/DejaVuSans-Bold.ttf"), 44)
    for text in ("", "i", "Pembukaan dan Keynote Asta Ekraf " * 20, "W" * 500):
        n = share.fitting(text, font, 500, "…")
        assert n == 0 or font.getlength(text[:n] + "…") <= 500
        assert n == len(text) or font.getlength(text[: n + 1] + "…") > 500


def test_line_breaks_and_huge_texts_draw() -> None:
    painter = share.Painter(PROJECT / "handbill/fonts/DejaVuSans.ttf", PROJECT / "handbill/fonts/DejaVuSans-Bold.ttf")
    data = share.draw_card(painter, "a\nb", "x" * 1_000_000, ["Kurator\nSeni", "\u0301" * 100_000], (1, 2, 3))
    assert data.startswith(b"\x89PNG")
