"""Share images never draw a character with the font's .notdef glyph (an empty box, "tofu"): an emoji
or a script the bundled DejaVu Sans lacks is left out, and the rest wraps as if it had never been
there (handbill/formats/share.py, Painter.drawable)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import ImageFont

from handbill.formats import share
from tests.conftest import PROJECT

FONTS = PROJECT / "handbill/fonts"
PARTY = "\U0001f389"  # 🎉


@pytest.fixture(scope="module")
def painter() -> share.Painter:
    return share.Painter(FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf")


def card(
    painter: share.Painter, title: str, kicker: str = "Creative Cities Connect 2025", details: tuple[str, ...] = ()
) -> bytes:
    return share.draw_card(painter, kicker, title, list(details or ("Jumat, 12 Desember 2025 · Aula",)), share.ACCENT)


def test_the_emoji_is_a_box_in_dejavu() -> None:
    """Why the filter exists: DejaVu has no glyph for 🎉, so Pillow draws .notdef, the same box as for
    a character no font has."""
    font = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 68)
    notdef = font.getmask("\U0010ffff")
    emoji = font.getmask(PARTY)
    assert emoji.getbbox() == notdef.getbbox() and emoji.getbbox() is not None
    assert bytes(emoji) == bytes(notdef)


@pytest.mark.parametrize(
    "title",
    [
        f"Pesta Penutupan {PARTY}",
        f"{PARTY} Pesta Penutupan",
        f"Pesta {PARTY}{PARTY} Penutupan",
        f"Pesta Penutupan {PARTY}\ufe0f",  # with the emoji variation selector
        "Pesta Penutupan \U0001f44d\U0001f3fd",  # a thumbs-up with a skin tone
        "Pesta Penutupan 中文",  # CJK: not in DejaVu either
    ],
)
def test_a_title_with_characters_the_font_lacks_draws_as_if_they_were_not_there(
    painter: share.Painter, title: str
) -> None:
    clean = "Pesta Penutupan"
    assert card(painter, title) == card(painter, clean)


def test_a_long_title_with_emoji_wraps_like_the_same_title_without(painter: share.Painter) -> None:
    words = "Lokakarya ekonomi kreatif untuk kota dan kabupaten di seluruh Indonesia bersama jejaring"
    with_emoji = words.replace("kreatif", f"kreatif {PARTY}").replace("Indonesia", f"Indonesia {PARTY}{PARTY}")
    assert card(painter, with_emoji) == card(painter, words)
    # The kicker and the details too (drawn in the regular face).
    assert card(painter, words, kicker=f"CCC 2025 {PARTY}", details=(f"Aula {PARTY} Utama",)) == card(
        painter, words, kicker="CCC 2025", details=("Aula Utama",)
    )


def test_what_the_font_has_is_kept(painter: share.Painter) -> None:
    text = "Kota Bandung · Żółć Ελλάδα Россия €5 — “ok” ✓ ½"
    assert painter.drawable(text, True) == text
    assert painter.drawable(text, False) == text


def test_coverage_reads_the_bundled_fonts() -> None:
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        covered = share.coverage(FONTS / name)
        assert covered is not None and ord("A") in covered and 0x20AC in covered and ord(PARTY) not in covered
    assert share.coverage(Path(os.devnull)) is None  # not a font: nothing is filtered


def test_emoji_cards_are_reproducible(painter: share.Painter) -> None:
    fresh = share.Painter(FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf")
    assert card(painter, f"Pesta {PARTY}") == card(fresh, f"Pesta {PARTY}")
