"""Share images: one 1200×630 PNG per session and per speaker, and one for the site.

Drawn with Pillow in the bundled DejaVu Sans (handbill/fonts/, its licence beside it), in the
default language (graph.share_image_path has one image per entry, not per language).  Long titles
wrap and shrink, and are cut with an ellipsis only past four lines.  The bytes are deterministic:
no timestamp or other metadata chunk in the PNG, no dependence on the clock or the machine's fonts.

Drawing (PNG encoding above all) is most of an event site's build, so each card is kept in the build
cache (ROOT/.handbill-cache/share/, store.Blobs) under the digest of everything it depends on: its
texts (in the default language, dates already formatted), the accent colour, the fonts' bytes,
Pillow's and its libraries' versions, this file's text and FORMAT_VERSION.  A rebuild draws only the
cards whose digest is new, in the worker processes when there are many (ctx.run_chunks).
"""

from __future__ import annotations

import functools
import io
import struct
from dataclasses import dataclass
from pathlib import Path

import PIL
from babel.dates import format_date, format_datetime
from PIL import Image, ImageDraw, ImageFont, features

from .. import PACKAGE_DIR
from ..graph import share_image_path
from ..incremental.store import Blobs, Memory, digest, source_of
from ..model import Session, Site, Speaker
from ..problems import CURRENT
from ..render import BuildContext
from ..write import Artifact

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = (20, 33, 61)  # deep blue: white text on it has a contrast ratio above 14:1
TEXT = (255, 255, 255)
MUTED = (214, 222, 235)  # still above 10:1 on the background
ACCENT = (138, 59, 18)
FONT_DIR = "fonts"
PNG_COMPRESSION = 6  # zlib level: 9 or optimize=True save ~5% of the bytes for twice the time
CACHE_SIZE = 4096  # cards kept in memory by a process that builds without the disk cache (the preview)
#: Part of every card's key.  The key also covers this file's text, so this is only needed when the
#: drawing changes without this file changing (a helper moved elsewhere, say).
FORMAT_VERSION = 1
CACHE_FOLDER = "share"  # under the build cache folder (ROOT/.handbill-cache/)
#: Libraries whose version changes the pixels (freetype, the text layout) or the bytes (zlib).
PIL_LIBRARIES = ("freetype2", "zlib", "raqm", "fribidi", "harfbuzz")

Font = ImageFont.FreeTypeFont
_MEMORY = Memory(CACHE_SIZE)


def font_file(ctx: BuildContext, name: str) -> Path:
    """A site may bring its own font under assets/fonts/; otherwise the generator's own (handbill/fonts/),
    which is not an asset, so that 1.4 MB of fonts no page uses is not published."""
    asset = ctx.assets.get(f"{FONT_DIR}/{name}")
    return asset.source if asset is not None else PACKAGE_DIR / FONT_DIR / name


class Painter:
    """The two fonts at every size asked for (loaded once)."""

    def __init__(self, regular: Path, bold: Path) -> None:
        self.regular = regular
        self.bold = bold
        self.cache: dict[tuple[Path, int], Font] = {}
        # What the drawing depends on besides the text: the font files' bytes (not their names or
        # times: a font replaced by another of the same size and time is still seen).
        self.identity = digest(regular.read_bytes(), bold.read_bytes())

    @classmethod
    def for_site(cls, ctx: BuildContext) -> Painter:
        return cls(font_file(ctx, "DejaVuSans.ttf"), font_file(ctx, "DejaVuSans-Bold.ttf"))

    def font(self, bold: bool, size: int) -> Font:
        key = (self.bold if bold else self.regular, size)
        if key not in self.cache:
            self.cache[key] = ImageFont.truetype(str(key[0]), size)
        return self.cache[key]

    def drawable(self, text: str, bold: bool) -> str:
        """`text` without the characters the font has no glyph for.

        Pillow draws such a character with the font's .notdef glyph, an empty box ("tofu"): an emoji in
        a session's title (🎉) showed as one.  No font is bundled for emoji or the scripts DejaVu lacks
        (a colour emoji font is 10 MB, and Pillow draws its bitmaps at one size only), so they are left
        out of the picture; the page itself still shows them in the visitor's own fonts.  The text is
        filtered before it is measured, so wrapping and fitting see exactly what is drawn."""
        covered = coverage(self.bold if bold else self.regular)
        if covered is None or all(ord(ch) in covered for ch in text):
            return text
        return "".join(ch if ord(ch) in covered or ch.isspace() else "" for ch in text)


@functools.cache
def coverage(path: Path) -> frozenset[int] | None:
    """The code points a TrueType/OpenType font maps to a glyph (its Unicode cmap, format 12 or 4);
    None when the file is not one that can be read here (then nothing is filtered)."""
    try:
        return _cmap(path.read_bytes())
    except (struct.error, ValueError, OSError):
        return None


def _cmap(data: bytes) -> frozenset[int] | None:
    tables = {}
    (count,) = struct.unpack_from(">H", data, 4)
    for i in range(count):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag] = offset
    if b"cmap" not in tables:
        return None
    base = tables[b"cmap"]
    (subtables,) = struct.unpack_from(">H", data, base + 2)
    found: dict[int, int] = {}  # format → offset of a Unicode subtable in that format
    for i in range(subtables):
        platform, encoding, offset = struct.unpack_from(">HHI", data, base + 4 + 8 * i)
        if (platform, encoding) in ((0, 3), (0, 4), (0, 6), (3, 1), (3, 10)):
            (fmt,) = struct.unpack_from(">H", data, base + offset)
            found.setdefault(fmt, base + offset)
    points: set[int] = set()
    if 12 in found:
        at = found[12]
        (groups,) = struct.unpack_from(">I", data, at + 12)
        for g in range(groups):
            start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * g)
            points.update(c for c in range(start, end + 1) if glyph + c - start)
        return frozenset(points)
    if 4 in found:
        at = found[4]
        (segx2,) = struct.unpack_from(">H", data, at + 6)
        ends = struct.unpack_from(f">{segx2 // 2}H", data, at + 14)
        starts = struct.unpack_from(f">{segx2 // 2}H", data, at + 16 + segx2)
        deltas = struct.unpack_from(f">{segx2 // 2}h", data, at + 16 + 2 * segx2)
        range_at = at + 16 + 3 * segx2
        offsets = struct.unpack_from(f">{segx2 // 2}H", data, range_at)
        for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
            for c in range(start, end + 1):
                if c == 0xFFFF:
                    continue
                if offsets[i] == 0:
                    glyph = (c + deltas[i]) & 0xFFFF
                else:
                    (glyph,) = struct.unpack_from(">H", data, range_at + 2 * i + offsets[i] + 2 * (c - start))
                    glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
                if glyph:
                    points.add(c)
        return frozenset(points)
    return None


#: A card shows at most four lines of about a hundred characters: longer text is cut before it is
#: measured (FreeType's widths overflow on strings of a million characters, which then "fit").
MAX_CHARS = 1000


def one_line(text: str) -> str:
    """Runs of whitespace as one space: a line break (a YAML block scalar ends with one) makes Pillow's
    text layout fail ("raqm_layout() failed"), and a card's lines are made here, not by the text."""
    return " ".join(text.split())


def fitting(text: str, font: Font, width: int, suffix: str = "") -> int:
    """The length of the longest prefix of `text` that, followed by `suffix`, is at most `width` wide.

    A binary search (the width of a prefix grows with its length): a few dozen measurements, however
    long the text, where trying one character after another took quadratic time (8,000 characters
    of a speaker's role: 3.9 s)."""
    # Galloping first: a line holds about a hundred characters, so the search measures short
    # prefixes, not the whole of a long text (the cost of a measurement grows with its length).
    lo, hi = 0, len(text)
    step = 64
    while step < hi:
        if font.getlength(text[:step] + suffix) > width:
            hi = step - 1
            break
        lo = step
        step *= 2
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if font.getlength(text[:mid] + suffix) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def wrap(text: str, font: Font, width: int, limit: int | None = None) -> list[str]:
    """Greedy word wrap by measured width; a word wider than the line is broken by characters.
    With `limit`, stops once it has more than `limit` lines (the caller only needs to know that)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if limit is not None and len(lines) > limit:
            break
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while len(line) > 1 and font.getlength(line) > width:
            if limit is not None and len(lines) > limit:
                break
            cut = max(1, fitting(line, font, width))
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    return lines


def fit(painter: Painter, text: str, width: int, max_lines: int, sizes: tuple[int, ...]) -> tuple[Font, list[str]]:
    """The largest size at which `text` fits in `max_lines`; at the smallest, cut with an ellipsis."""
    text = one_line(text)
    cut = len(text) > MAX_CHARS
    text = text[:MAX_CHARS]
    for size in sizes:
        font = painter.font(True, size)
        lines = wrap(text, font, width, max_lines)
        if len(lines) <= max_lines and not cut:
            return font, lines
    lines = lines[:max_lines]
    last = lines[-1]
    last = last[: fitting(last, font, width, "…")]
    lines[-1] = last.rstrip(" ,;:") + "…"  # more text follows: always mark the cut
    return font, lines


def clip(text: str, font: Font, width: int) -> str:
    """One line: the text, or as much of it as fits followed by an ellipsis."""
    text = one_line(text)
    if len(text) <= MAX_CHARS and font.getlength(text) <= width:
        return text
    text = text[:MAX_CHARS]
    return text[: fitting(text, font, width, "…")].rstrip() + "…"


@dataclass(frozen=True)
class Card:
    """One card to draw: where it goes and everything it shows."""

    path: str
    source: str  # named by an internal error while drawing; not part of the key (not drawn)
    kicker: str
    title: str
    details: tuple[str, ...]
    accent: tuple[int, int, int]


#: This file's text as imported (the code that draws is part of every card's key; read now, so that
#: a long-running preview does not pair an edited file with the code it loaded before).
_SOURCE = source_of(__file__)


def drawing_key(painter: Painter) -> str:
    """The digest of what every card depends on besides its own texts and colour."""
    versions = [(name, features.version(name)) for name in PIL_LIBRARIES]
    constants = (WIDTH, HEIGHT, MARGIN, BACKGROUND, TEXT, MUTED, PNG_COMPRESSION)
    return digest(FORMAT_VERSION, _SOURCE, constants, PIL.__version__, versions, painter.identity)


def card_key(base: str, card: Card) -> str:
    return digest(base, card.kicker, card.title, card.details, card.accent)


def paint(painter: Painter, card: Card) -> bytes:
    return draw_card(painter, card.kicker, card.title, list(card.details), card.accent)


def draw_card(painter: Painter, kicker: str, title: str, details: list[str], accent: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 16), fill=accent)
    width = WIDTH - 2 * MARGIN
    small = painter.font(False, 30)
    y = 64
    draw.text((MARGIN, y), clip(painter.drawable(kicker, False), small, width), font=small, fill=MUTED)
    y += 70
    font, lines = fit(painter, painter.drawable(title, True), width, 4, (68, 60, 54, 48, 44))
    step = int(font.size * 1.2)
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=TEXT)
        y += step
    detail_font = painter.font(False, 32)
    y = max(y + 24, HEIGHT - MARGIN - 46 * len(details))
    for text in details:
        if y + 40 > HEIGHT - 30:
            break
        draw.text((MARGIN, y), clip(painter.drawable(text, False), detail_font, width), font=detail_font, fill=MUTED)
        y += 46
    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=PNG_COMPRESSION)
    return buf.getvalue()


def hex_rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def dates(ctx: BuildContext, lang: str) -> str:
    """'11–12 Desember 2025'; the full dates on both sides when the month changes."""
    event = ctx.config.front.event
    pattern = ctx.strings[lang].table.get("format.date_long", "d MMMM y")
    end = format_date(event.end, pattern, locale=lang)
    if event.start == event.end:
        return end
    if (event.start.year, event.start.month) == (event.end.year, event.end.month) and pattern.startswith("d "):
        return f"{event.start.day}–{end}"
    return f"{format_date(event.start, pattern, locale=lang)} – {end}"


def kicker(ctx: BuildContext, lang: str, with_name: bool = True) -> str:
    event = ctx.config.front.event
    parts = (event.name if with_name else "", dates(ctx, lang), ctx.config.text(event.venue.address.locality, lang))
    return " · ".join(p for p in parts if p)


def session_card(ctx: BuildContext, site: Site, s: Session, head: str) -> Card:
    lang = site.lang
    table = ctx.strings[lang].table
    tz = ctx.config.tz
    day = format_date(s.start.astimezone(tz).date(), table.get("format.date_full", "EEEE, d MMMM y"), locale=lang)
    time_pattern = table.get("format.time", "HH:mm")
    start = format_datetime(s.start, time_pattern, tzinfo=tz, locale=lang)
    end = format_datetime(s.end, time_pattern, tzinfo=tz, locale=lang)
    label = ctx.config.front.event.timezone_label
    when = f"{day} · {start}–{end}" + (f" {label}" if label else "") + f" · {s.room.name}"
    details = [when]
    if s.speakers:
        details.insert(0, ", ".join(sp.name for sp in s.speakers))
    accent = hex_rgb(s.track.color) if s.track else ACCENT
    return Card(share_image_path(s), s.source, head, s.title, tuple(details), accent)


def speaker_card(sp: Speaker, head: str) -> Card:
    details = tuple(p for p in (sp.role, sp.organisation) if p)
    return Card(share_image_path(sp), sp.source, head, sp.name, details, ACCENT)


def site_card(ctx: BuildContext, site: Site) -> Card:
    event = ctx.config.front.event
    venue = ", ".join(p for p in (event.venue.name, ctx.config.text(event.venue.building, site.lang)) if p)
    details = tuple(p for p in (ctx.config.text(event.tagline, site.lang), venue) if p)
    head = kicker(ctx, site.lang, with_name=False)
    return Card(share_image_path(None), "site.yaml", head, event.name, details, ACCENT)


def cache_folder(ctx: BuildContext) -> Path | None:
    """The cards' folder when this build uses the build cache: the pipeline sets ctx.page_cache
    exactly then (not for `check`, with HANDBILL_CACHE=0 or Options(cache=False))."""
    cache = ctx.page_cache
    return Path(cache.dir) / CACHE_FOLDER if cache is not None else None


def render_share_images(ctx: BuildContext) -> list[Artifact]:
    painter = Painter.for_site(ctx)
    site = ctx.sites[ctx.config.default_language]
    head = kicker(ctx, site.lang)  # the same line on every session's and speaker's card
    cards = [site_card(ctx, site)]
    cards += [session_card(ctx, site, s, head) for s in site.sessions_sorted()]
    cards += [speaker_card(sp, head) for sp in site.speakers_sorted()]
    store = Blobs(cache_folder(ctx), ".png", _MEMORY)
    base = drawing_key(painter)
    keys = [card_key(base, c) for c in cards]
    found: dict[str, bytes] = {}
    todo: dict[str, int] = {}  # key → the first card with it (two speakers may have the very same card)
    for i, key in enumerate(keys):
        if key in found or key in todo:
            continue
        data = store.get(key)
        if data is None:
            todo[key] = i
        else:
            found[key] = data

    def draw_chunk(chunk: list[int]) -> list[tuple[int, bytes]]:
        # An internal error while drawing names the entry (parallel.py hands CURRENT on from a
        # worker); it is put back only on success, so that the error still sees it.
        before = CURRENT.get()
        drawn = []
        for i in chunk:
            CURRENT.set(cards[i].source)
            drawn.append((i, paint(painter, cards[i])))
        CURRENT.set(before)
        return drawn

    # The misses are drawn in the worker processes when there are enough of them; each result
    # carries its card's index, so nothing depends on how the work was split.
    run = ctx.run_chunks or (lambda fn, items: [fn(items)])
    for chunk_done in run(draw_chunk, list(todo.values())):
        for i, data in chunk_done:
            found[keys[i]] = data
            store.put(keys[i], data)
    store.prune()
    return [Artifact(c.path, found[key]) for c, key in zip(cards, keys, strict=True)]
