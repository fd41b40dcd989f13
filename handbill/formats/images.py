"""Photo renditions (handbill/images.py) as output files, and the `picture()` template global.

`prepare(ctx)` runs before any page is rendered (the pipeline calls it, so forked page workers
inherit the result): every photo front matter names is rendered or taken from the cache, and every
raster file under assets/ is replaced in the output by a copy without metadata.
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import re
from typing import Any

import jinja2

from ..assets import Asset
from ..images import ImageCache, ImageProblem, Picture, is_raster, output_name
from ..incremental.store import CACHE_DIR
from ..inputs import MAX_ASSET_BYTES, InputError, read_regular
from ..messages import t
from ..render import BuildContext
from ..write import Artifact

#: The front-matter fields that name a photo, by entry kind.
PHOTO_FIELDS = {"speakers": "photo", "booths": "photo", "cities": "photo", "news": "image"}


def photo_paths(ctx: BuildContext) -> list[str]:
    found: set[str] = set()
    for site in ctx.sites.values():
        for entry in site.all_entries():
            name = PHOTO_FIELDS.get(entry.kind)
            value = getattr(entry, name, "") if name else ""
            if value and is_raster(value):
                found.add(value.lstrip("/").removeprefix("assets/"))
    return sorted(found)


def prepare(ctx: BuildContext, caching: bool) -> None:
    cache = ImageCache(ctx.root / CACHE_DIR / "images" if caching else None)
    ctx.image_cache = cache
    files: dict[str, bytes] = {}
    pictures: dict[str, Picture] = {}
    named = set(photo_paths(ctx))
    # Photos named in front matter (checked by the validator: a problem here is reported), and every
    # other raster file under assets/, which Markdown may show (left as a plain <img> when unusable).
    for rel in sorted(named | {r for r in ctx.assets if is_raster(r)}):
        asset = ctx.assets.get(rel)
        if asset is None:
            continue  # reported by the validator
        try:
            data = read_regular(asset.source, MAX_ASSET_BYTES)
            key, made = cache.renditions(data)
        except InputError as exc:
            if rel in named:
                ctx.problems.add(f"assets/{rel}", 0, 0, exc.why, exc.hint)
            continue
        except ImageProblem as exc:
            if rel in named:
                ctx.problems.add(f"assets/{rel}", 0, 0, exc.message, exc.hint)
            continue
        variants = []
        for v, blob in made:
            renamed = dataclasses.replace(v, name=output_name(rel, key, v))
            files[f"assets/photos/{renamed.name}"] = blob
            variants.append(renamed)
        largest = max(variants, key=lambda v: v.width)
        pictures[rel] = Picture(rel, largest.width, largest.height, tuple(variants), ctx.config.base_path)
    # Originals published as they are (Markdown images, templates) lose their metadata too.
    for rel, asset in list(ctx.assets.items()):
        if is_raster(rel) and asset.data is None:
            try:
                data = read_regular(asset.source, MAX_ASSET_BYTES)
                ctx.assets[rel] = Asset(asset.source, asset.output, cache.stripped(data))
            except (InputError, ImageProblem):
                continue  # published as it is: a file the validator did not need to read
    ctx.pictures = pictures
    ctx.photo_files = files


def render_images(ctx: BuildContext) -> list[Artifact]:
    return [Artifact(path, data) for path, data in sorted(ctx.photo_files.items())]


_IMG = re.compile(r"<img ([^>]*?)/?>")
_ATTR = re.compile(r'([a-z-]+)="([^"]*)"')
#: Markdown images fill the text column at most.
BODY_SIZES = "(min-width: 48rem) 46rem, 100vw"


def upgrade_body(ctx: BuildContext, html: str) -> str:
    """Markdown's <img> of a photo under assets/ → <picture> with its renditions (width/height, lazy)."""
    if not ctx.pictures or "<img " not in html:
        return html
    prefix = f"{ctx.config.base_path}assets/"

    def swap(m: re.Match[str]) -> str:
        attrs = dict(_ATTR.findall(m.group(1)))
        src = html_lib.unescape(attrs.get("src", ""))
        pic = ctx.pictures.get(src.removeprefix(prefix)) if src.startswith(prefix) else None
        if pic is None:
            return m.group(0)
        sizes = BODY_SIZES
        sources = "".join(f'<source type="{t}" srcset="{s}" sizes="{sizes}">' for t, s in pic.sources)
        extra = "".join(f' {k}="{v}"' for k, v in attrs.items() if k in ("alt", "title"))
        return (
            f'<picture>{sources}<img src="{pic.src}" srcset="{pic.fallback_srcset}" sizes="{sizes}"'
            f' width="{pic.width}" height="{pic.height}"{extra} loading="lazy" decoding="async"></picture>'
        )

    return _IMG.sub(swap, html)


def helpers(ctx: BuildContext) -> dict[str, Any]:
    def picture(path: str) -> Picture:
        rel = path.lstrip("/").removeprefix("assets/")
        found: Picture | None = ctx.pictures.get(rel)
        if found is None:
            raise jinja2.TemplateRuntimeError(t("template.no-photo", path=rel))

        return found

    def has_picture(path: str) -> bool:
        return bool(path) and path.lstrip("/").removeprefix("assets/") in ctx.pictures

    return {"picture_of": picture, "has_picture": has_picture}


def map_helpers(ctx: BuildContext) -> dict[str, Any]:
    """`region_map_of(site)`: the regions map's panels (handbill/geo), `venue_panel()`: the venue's."""
    from .. import geo  # noqa: PLC0415 - only sites that draw a map load the outline
    from ..view import category_index  # noqa: PLC0415

    made: dict[str, list[geo.Panel]] = {}

    def region_map_of(site: Any) -> list[geo.Panel]:
        if site.lang not in made:
            points = [
                geo.MapPoint(
                    c,
                    c.map_label or c.name,
                    c.lat,
                    c.lon,
                    category_index(site, c.categories[0].category) if c.categories else -1,
                )
                for c in site.cities_sorted()
                if c.lat is not None and c.lon is not None
            ]
            made[site.lang] = geo.region_map(points) if points else []
        return made[site.lang]

    def venue_map() -> geo.Panel | None:
        where = ctx.config.front.event.venue.coordinates
        return geo.locator_map(where.lat, where.lon) if where is not None else None

    return {"region_map_of": region_map_of, "venue_panel": venue_map}
