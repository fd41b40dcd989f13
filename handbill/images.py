"""Photos: checked at validation, resized to a few widths, re-encoded without metadata, cached by digest.

A photo named in front matter (`photo:`, `image:`) is a raster file under assets/.  The build

* checks it while validating (`probe`): unreadable, truncated, a decompression bomb or narrower than
  the smallest width is one line naming the front-matter line, never a traceback;
* renders it (`render`) to WIDTHS no wider than the original, as AVIF (when Pillow here can), WebP
  and a JPEG fallback (PNG when the photo has transparency); EXIF, GPS, ICC and comments are dropped
  (phone photos carry where they were taken), the EXIF orientation is applied first; the first frame
  of an animation; CMYK and 16-bit images become 8-bit RGB;
* keeps the results in `.handbill-cache/images/<digest>/` keyed by the SHA-256 of the source bytes
  and the pipeline's version: data files and a JSON manifest, nothing executable, no symlink followed.

Templates get a `Picture` (its `sources`, fallback `src`, `width`, `height`) from the `picture()`
global; `templates/_macros.html` has the `picture` macro that writes `<picture>` with srcset/sizes.
Originals are published only through here: the raster files under assets/ are replaced in the
output by a metadata-free copy (`stripped`).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageOps, features

from .inputs import MAX_ASSET_BYTES, InputError, read_regular
from .messages import language, t

#: Bump when the output of `render` changes, so cached renditions are redone.  The cache's key also
#: covers this module's own text and the image library's version (_MAKER): a change of either redoes
#: them, bumped or not (a WebP quality changed in the code was replayed from the cache before).
VERSION = "1"
WIDTHS = (320, 640, 960, 1280)
MIN_WIDTH = WIDTHS[0]
#: More pixels than this is refused before decoding (a 12,000 × 4,000 photo is 48 MP).
MAX_PIXELS = 60_000_000
RASTER = (".jpg", ".jpeg", ".png", ".gif", ".webp")
AVIF = features.check("avif") is True
# Read once, at import: the key names the code that runs (a save after the import is a later build's).
_MAKER = hashlib.sha256(
    b"\0".join(
        [
            Path(__file__).read_bytes(),
            PIL.__version__.encode(),
            repr([(name, features.version(name)) for name in ("avif", "webp", "jpg", "zlib", "littlecms2")]).encode(),
        ]
    )
).digest()
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
EXT = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}


def is_raster(path: str) -> bool:
    return path.lower().endswith(RASTER)


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    format: str  # avif, webp, jpeg, png
    name: str  # file name inside the digest's cache folder and under assets/photos/
    sha256: str


@dataclass(frozen=True)
class Picture:
    """One photo's renditions; what templates need to write <picture>."""

    rel: str  # the source's path under assets/
    width: int  # of the largest rendition
    height: int
    variants: tuple[Variant, ...]
    base: str = "/"  # the site's base path, for URLs

    def url(self, v: Variant) -> str:
        return f"{self.base}assets/photos/{v.name}"

    def srcset(self, fmt: str) -> str:
        return ", ".join(f"{self.url(v)} {v.width}w" for v in self.variants if v.format == fmt)

    @property
    def sources(self) -> list[tuple[str, str]]:
        """(MIME type, srcset) for each modern format, best first; the fallback is `src`/`fallback_srcset`."""
        return [(MIME[f], self.srcset(f)) for f in ("avif", "webp") if any(v.format == f for v in self.variants)]

    @property
    def fallback(self) -> str:
        return next(v.format for v in self.variants if v.format in ("jpeg", "png"))

    @property
    def fallback_srcset(self) -> str:
        return self.srcset(self.fallback)

    @property
    def src(self) -> str:
        largest = [v for v in self.variants if v.format == self.fallback][-1]
        return self.url(largest)


class ImageProblem(Exception):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def _open(data: bytes) -> Image.Image:
    """The image, decoded, or ImageProblem; never more than MAX_PIXELS decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise ImageProblem(
                    t("images.too-many-pixels", width=w, height=h, max=MAX_PIXELS // 1_000_000),
                    t("images.too-many-pixels.hint"),
                )
            img.seek(0)
            img.load()
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(t("images.bomb"), t("images.bomb.hint")) from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        truncated = "truncated" in str(exc)
        raise ImageProblem(
            t("images.truncated") if truncated else t("images.unreadable"), t("images.unreadable.hint")
        ) from None
    return img


def probe(path: Path) -> ImageProblem | None:
    """Why the photo at `path` cannot be used, or None."""
    try:
        data = read_regular(path, MAX_ASSET_BYTES)
        img = _open(data)
    except InputError as exc:
        return ImageProblem(exc.why, exc.hint)
    except ImageProblem as exc:
        return exc
    w, h = ImageOps.exif_transpose(img).size if _has_orientation(img) else img.size
    if w < MIN_WIDTH:
        return ImageProblem(t("images.too-small", width=w, height=h, min=MIN_WIDTH), t("images.too-small.hint"))
    return None


_probed: dict[tuple[str, int, int, str], ImageProblem | None] = {}


def probe_photo(path: Path) -> ImageProblem | None:
    """`probe`, once per file and version of it in a build (each language's entry names it)."""
    try:
        st = os.stat(path)
    except OSError:
        return probe(path)
    key = (str(path), st.st_mtime_ns, st.st_size, language())  # the message is in the editor's language
    if key not in _probed:
        if len(_probed) > 4096:
            _probed.clear()
        _probed[key] = probe(path)
    return _probed[key]


def _has_orientation(img: Image.Image) -> bool:
    try:
        return bool(img.getexif().get(0x0112, 1) != 1)
    except Exception:  # noqa: BLE001 - a broken EXIF block is dropped anyway
        return False


def _normalise(img: Image.Image) -> Image.Image:
    """8-bit RGB, or RGBA when the image has transparency; orientation applied; no metadata."""
    if _has_orientation(img):
        img = ImageOps.exif_transpose(img)
    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        img = img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
    img = img.convert("RGBA" if alpha else "RGB")
    img.info = {}
    return img


def render(data: bytes) -> list[tuple[Variant, bytes]]:
    """Every rendition of the photo in `data` (ImageProblem when it cannot be used)."""
    img = _normalise(_open(data))
    if img.width < MIN_WIDTH:
        raise ImageProblem(
            t("images.too-small", width=img.width, height=img.height, min=MIN_WIDTH), t("images.too-small.hint")
        )
    widths = sorted({w for w in WIDTHS if w < img.width} | {min(img.width, WIDTHS[-1])})
    alpha = img.mode == "RGBA"
    formats = (["avif"] if AVIF else []) + ["webp", "png" if alpha else "jpeg"]
    out: list[tuple[Variant, bytes]] = []
    for w in widths:
        h = max(1, round(img.height * w / img.width))
        scaled = img if w == img.width else img.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
        scaled.info = {}
        for fmt in formats:
            buf = io.BytesIO()
            if fmt == "avif":
                scaled.save(buf, "AVIF", quality=55, speed=8)
            elif fmt == "webp":
                scaled.save(buf, "WEBP", quality=78, method=4)
            elif fmt == "jpeg":
                scaled.save(buf, "JPEG", quality=80, optimize=True, progressive=True)
            else:
                scaled.save(buf, "PNG", optimize=True)
            blob = buf.getvalue()
            digest = hashlib.sha256(blob).hexdigest()
            out.append((Variant(w, h, fmt, f"{w}.{EXT[fmt]}", digest), blob))
    return out


def stripped(data: bytes) -> bytes:
    """The same picture without metadata, for an original published as it is (Markdown images)."""
    img = _open(data)
    fmt = (img.format or "PNG").upper()
    img = _normalise(img)
    buf = io.BytesIO()
    if fmt in ("JPEG", "MPO"):
        img.convert("RGB").save(buf, "JPEG", quality=90)
    elif fmt == "WEBP":
        img.save(buf, "WEBP", quality=90)
    elif fmt == "GIF":
        img.save(buf, "GIF")
    else:
        img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


class ImageCache:
    """`.handbill-cache/images/<digest>/`: the renditions and `manifest.json`.  Data only; a folder or
    file that is a symbolic link, or a file whose bytes do not match the manifest, is a miss."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(data: bytes) -> str:
        return hashlib.sha256(VERSION.encode() + b"\0" + _MAKER + b"\0" + data).hexdigest()

    def _safe_dir(self, key: str) -> Path | None:
        if self.folder is None:
            return None
        for p in (self.folder.parent, self.folder, self.folder / key):
            if p.is_symlink():
                return None
        return self.folder / key

    def get(self, key: str) -> list[tuple[Variant, bytes]] | None:
        d = self._safe_dir(key)
        if d is None or not d.is_dir():
            return None
        try:
            manifest = json.loads(read_regular(d / "manifest.json", 1 << 20))
            out = []
            for item in manifest["variants"]:
                v = Variant(
                    int(item["width"]), int(item["height"]), str(item["format"]), str(item["name"]), str(item["sha256"])
                )
                if "/" in v.name or v.name.startswith(".") or v.format not in EXT:
                    return None
                path = d / v.name
                if path.is_symlink():
                    return None
                blob = read_regular(path, MAX_ASSET_BYTES)
                if hashlib.sha256(blob).hexdigest() != v.sha256:
                    return None
                out.append((v, blob))
        except (OSError, InputError, ValueError, KeyError, TypeError):
            return None
        return out or None

    def put(self, key: str, variants: list[tuple[Variant, bytes]]) -> None:
        d = self._safe_dir(key)
        if d is None:
            return
        try:
            d.mkdir(parents=True, exist_ok=True)
            if d.is_symlink():
                return
            for v, blob in variants:
                _write(d / v.name, blob)
            manifest = {"version": VERSION, "variants": [v.__dict__ for v, _ in variants]}
            _write(d / "manifest.json", json.dumps(manifest, sort_keys=True).encode())
        except OSError:
            return  # a cache that cannot be written only costs time

    def stripped(self, data: bytes) -> bytes:
        """`stripped(data)`, from the cache when it was made before."""
        key = self.key(data)
        d = self._safe_dir(key)
        if d is not None and (d / "original").is_file() and not (d / "original").is_symlink():
            try:
                blob = read_regular(d / "original", MAX_ASSET_BYTES)
                digest = read_regular(d / "original.sha256", 100).decode()
                if hashlib.sha256(blob).hexdigest() == digest:
                    self.hits += 1
                    return blob
            except (OSError, InputError, UnicodeDecodeError):
                pass
        self.misses += 1
        blob = stripped(data)
        if d is not None:
            try:
                d.mkdir(parents=True, exist_ok=True)
                _write(d / "original", blob)
                _write(d / "original.sha256", hashlib.sha256(blob).hexdigest().encode())
            except OSError:
                pass
        return blob

    def renditions(self, data: bytes) -> tuple[str, list[tuple[Variant, bytes]]]:
        key = self.key(data)
        cached = self.get(key)
        if cached is not None:
            self.hits += 1
            return key, cached
        self.misses += 1
        made = render(data)
        self.put(key, made)
        return key, made


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def output_name(rel: str, key: str, v: Variant) -> str:
    """`<stem>.<digest10>.<width>.<ext>`: a new photo is a new name, so hosts may cache it for ever."""
    stem = Path(rel).stem.lower()
    stem = "".join(c if c.isalnum() or c == "-" else "-" for c in stem).strip("-") or "photo"
    return f"{stem}.{key[:10]}.{v.name}"
