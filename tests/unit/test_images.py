"""The photo pipeline (handbill/images.py, formats/images.py): renditions, formats, no metadata,
srcset/sizes, cache reuse, and one clear line for every photo that cannot be used.  Every image is
made here: the default content has no photographs."""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, TiffImagePlugin

from handbill import images
from handbill.pipeline import Options, build

SPEAKER = "---\nname: Contoh Pembicara\ntype: role\nphoto: {photo}\nphoto_alt: Panggung kosong\n{extra}---\nTeks.\n"


def jpeg_with_gps(size: tuple[int, int] = (1600, 1000)) -> bytes:
    img = Image.new("RGB", size, (180, 90, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "S", 2: (6.0, 12.0, 0.0), 3: "E", 4: (106.0, 49.0, 0.0)}
    exif[0x8825] = gps
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif, quality=90)
    return buf.getvalue()


def encoded(img: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims `width` × `height` (a decompression bomb's header)."""
    data = encoded(Image.new("L", (400, 10)), "PNG")
    ihdr = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + ihdr
    return data[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]


def site_with(make_site: Callable[..., Path], photo: bytes, name: str = "foto.jpg", extra: str = "") -> Path:
    return make_site(
        {
            f"assets/img/{name}": photo,
            "content/speakers/contoh.md": SPEAKER.format(photo=f"img/{name}", extra=extra),
        }
    )


def output_images(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "assets" / "photos").glob("*"))}


def test_renditions_formats_and_no_metadata(make_site: Callable[..., Path]) -> None:
    root = site_with(make_site, jpeg_with_gps(), extra="photo_credit: Tim Dokumentasi\nphoto_licence: CC BY 4.0\n")
    result = build(root, Options(cache=False))
    assert result.ok, [p.format() for p in result.problems]
    files = output_images(root / "_site")
    formats = {"webp", "jpg"} | ({"avif"} if images.AVIF else set())
    for width in (320, 640, 960, 1280):
        for ext in formats:
            name = next(n for n in files if n.endswith(f".{width}.{ext}"))
            img = Image.open(io.BytesIO(files[name]))
            assert img.width == width and img.height == round(1000 * width / 1600)
            assert not img.getexif(), name  # no EXIF, so no GPS
            assert b"PhoneMaker" not in files[name]
    assert not any(".1600." in n for n in files)  # never wider than the largest width
    html = (root / "_site" / "pembicara" / "contoh" / "index.html").read_text()
    pic = re.search(r"<figure class=\"pic[^>]*>.*?</figure>", html, re.S)
    assert pic, html
    block = pic.group(0)
    assert '<source type="image/webp" srcset="/assets/photos/foto.' in block
    assert re.search(
        r'srcset="[^"]*\.320\.jpg 320w, [^"]*\.640\.jpg 640w, [^"]*\.960\.jpg 960w, [^"]*\.1280\.jpg 1280w"', block
    )
    assert 'sizes="(min-width: 40em) 320px, 60vw"' in block
    assert 'width="1280" height="800"' in block
    assert "Tim Dokumentasi" in block and "CC BY 4.0" in block
    assert 'alt="Panggung kosong"' in block
    # The original is published without its metadata too.
    original = (root / "_site" / "assets" / "img" / "foto.jpg").read_bytes()
    assert b"PhoneMaker" not in original and not Image.open(io.BytesIO(original)).getexif()
    # Every srcset URL exists.
    for url in re.findall(r"(/assets/photos/[^ \"]+)", html):
        assert (root / "_site" / url.lstrip("/")).is_file(), url


def test_lazy_in_lists_focus_as_object_position(make_site: Callable[..., Path]) -> None:
    root = site_with(make_site, jpeg_with_gps((900, 900)), extra='photo_focus: "30% 20%"\n')
    result = build(root, Options(cache=False))
    assert result.ok, [p.format() for p in result.problems]
    listing = (root / "_site" / "pembicara" / "index.html").read_text()
    avatar = re.search(r'<picture class="avatar[^"]*">.*?</picture>', listing, re.S)
    assert avatar and 'loading="lazy"' in avatar.group(0) and "object-position:30% 20%" in avatar.group(0)
    page = (root / "_site" / "pembicara" / "contoh" / "index.html").read_text()
    figure = re.search(r"<figure class=\"pic.*?</figure>", page, re.S)
    assert figure and 'loading="lazy"' not in figure.group(0)  # the page's own photo is above the fold
    assert 'width="900" height="900"' in figure.group(0)  # smaller than 1280: its own width is the largest


@pytest.mark.parametrize(
    "kind",
    ["cmyk", "png16", "gif", "rgba", "wide"],
)
def test_unusual_images_become_ordinary_renditions(make_site: Callable[..., Path], kind: str) -> None:
    if kind == "cmyk":
        data, name = encoded(Image.new("CMYK", (700, 500), (0, 120, 200, 10)), "JPEG"), "a.jpg"
    elif kind == "png16":
        data, name = encoded(Image.new("I;16", (700, 500), 40000), "PNG"), "a.png"
    elif kind == "gif":
        frames = [Image.new("P", (640, 400), i) for i in range(3)]
        data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
        name = "a.gif"
    elif kind == "rgba":
        data, name = encoded(Image.new("RGBA", (700, 500), (0, 0, 0, 0)), "PNG"), "a.png"
    else:  # a 12,000-pixel-wide panorama
        data, name = encoded(Image.new("RGB", (12000, 400), (10, 200, 10)), "JPEG"), "a.jpg"
    root = site_with(make_site, data, name)
    result = build(root, Options(cache=False))
    assert result.ok, [p.format() for p in result.problems]
    files = output_images(root / "_site")
    fallback = "png" if kind == "rgba" else "jpg"
    assert any(n.endswith(f".{fallback}") for n in files) and any(n.endswith(".webp") for n in files)
    for n, blob in files.items():
        img = Image.open(io.BytesIO(blob))
        assert img.mode in ("RGB", "RGBA", "L", "P"), (n, img.mode)
        assert getattr(img, "n_frames", 1) == 1
        assert img.width <= 1280
    if kind == "png16":
        img = Image.open(io.BytesIO(next(b for n, b in files.items() if n.endswith(".jpg"))))
        assert 140 < img.convert("L").getpixel((5, 5)) < 175  # 40000/65535 of white, not clipped to white


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("tiny", "the image is only 1 × 1 pixels; photos must be at least 320 pixels wide (use a larger original)"),
        ("truncated", "the image file is truncated (save or export it again as JPEG, PNG or WebP)"),
        ("garbage", "the file is not a readable image (save or export it again as JPEG, PNG or WebP)"),
        ("bomb", "the image is too large to process safely (a decompression bomb?) (save a smaller copy)"),
        ("huge", "the image is 9000 × 8000 pixels, too large to process safely (at most 60 MP)"),
    ],
)
def test_unusable_photo_is_one_line_at_its_front_matter_line(
    make_site: Callable[..., Path], kind: str, message: str
) -> None:
    if kind == "tiny":
        data = encoded(Image.new("RGB", (1, 1)), "PNG")
    elif kind == "truncated":
        data = jpeg_with_gps()[:3000]
    elif kind == "garbage":
        data = b"not an image at all\n" * 50
    elif kind == "bomb":
        data = png_claiming(30000, 30000)
    else:
        data = png_claiming(9000, 8000)
    root = site_with(make_site, data, "rusak.png")
    result = build(root, Options(cache=False))
    assert not result.ok
    lines = [p.format() for p in result.problems]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"content/speakers/contoh.md:4:8: error: photo: 'img/rusak.png': {message}"), lines


def test_missing_photo_names_its_line(make_site: Callable[..., Path]) -> None:
    root = make_site({"content/speakers/contoh.md": SPEAKER.format(photo="img/tidak-ada.jpg", extra="")})
    result = build(root, Options(cache=False))
    lines = [p.format() for p in result.problems]
    assert len(lines) == 1 and lines[0].startswith("content/speakers/contoh.md:4:8: error: photo: image"), lines


def test_cache_reuses_renditions_by_digest(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = site_with(make_site, jpeg_with_gps((1000, 700)))
    monkeypatch.setenv("HANDBILL_MEMO", "0")
    assert build(root, Options()).ok
    first = output_images(root / "_site")
    calls: list[int] = []
    real = images.render
    monkeypatch.setattr(images, "render", lambda data: calls.append(1) or real(data))
    (root / "content" / "speakers" / "contoh.md").write_text(SPEAKER.format(photo="img/foto.jpg", extra="order: 3\n"))
    assert build(root, Options(memo=False)).ok
    assert calls == [] and output_images(root / "_site") == first  # from the cache, byte for byte
    # A tampered cache file is a miss, not published.
    cached = next((root / ".handbill-cache" / "images").glob("*/320.webp"))
    cached.write_bytes(b"tampered")
    assert build(root, Options(memo=False)).ok
    assert calls == [1] and output_images(root / "_site") == first
    # A changed photo is a new name.
    (root / "assets" / "img" / "foto.jpg").write_bytes(jpeg_with_gps((1000, 600)))
    assert build(root, Options(memo=False)).ok
    assert set(output_images(root / "_site")).isdisjoint(first)


def test_exif_orientation_is_applied_before_it_is_dropped() -> None:
    img = Image.new("RGB", (800, 400), (1, 2, 3))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    made = images.render(encoded(img, "JPEG", exif=exif))
    assert {(v.width, v.height) for v, _ in made if v.format == "jpeg"} == {(320, 640), (400, 800)}
    assert TiffImagePlugin  # the EXIF writer was available


def test_markdown_images_become_pictures_too(make_site: Callable[..., Path]) -> None:
    root = make_site(
        {
            "assets/img/panggung.jpg": jpeg_with_gps((1400, 900)),
            "assets/img/ikon.png": encoded(Image.new("RGB", (40, 40)), "PNG"),
            "content/pages/galeri.md": "---\ntitle: Galeri\n---\n![Panggung kosong](/assets/img/panggung.jpg)\n\n"
            "![Ikon](/assets/img/ikon.png)\n",
        }
    )
    result = build(root, Options(cache=False))
    assert result.ok, [p.format() for p in result.problems]
    html = (root / "_site" / "galeri" / "index.html").read_text()
    pic = re.search(r"<picture>.*?</picture>", html, re.S)
    assert pic and 'alt="Panggung kosong"' in pic.group(0) and 'width="1280" height="823"' in pic.group(0)
    assert 'loading="lazy"' in pic.group(0) and 'type="image/webp"' in pic.group(0)
    # Too small for renditions: stays a plain image, published without metadata.
    assert '<img alt="Ikon" src="/assets/img/ikon.png"' in html or 'src="/assets/img/ikon.png"' in html
    assert not Image.open(root / "_site" / "assets" / "img" / "panggung.jpg").getexif()
