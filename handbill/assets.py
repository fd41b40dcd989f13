"""Static files under assets/: what gets copied, and under which name.

CSS and JS are published under content-hashed names (`css/site.3f2a1b9c.css`) so hosts can cache
them forever; templates ask `asset('css/site.css')` for the current name.  Other files keep their
names, because content refers to images by path.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .inputs import MAX_ASSET_BYTES, read_regular
from .links import AssetIndex

HASHED = (".css", ".js")


@dataclass(frozen=True)
class Asset:
    source: Path
    output: str  # path relative to the output folder: 'assets/css/site.3f2a1b9c.css'
    data: bytes | None  # read once when hashed; None means copy from source when writing


def plan_assets(index: AssetIndex) -> dict[str, Asset]:
    """rel (as written in templates and content) → Asset."""
    out: dict[str, Asset] = {}
    for rel, source in sorted(index.files.items()):
        if rel.endswith(HASHED):
            data = read_regular(source, MAX_ASSET_BYTES)  # checked by AssetIndex: a regular file
            digest = hashlib.sha256(data).hexdigest()[:10]
            stem, dot, ext = rel.rpartition(".")
            out[rel] = Asset(source, f"assets/{stem}.{digest}.{ext}", data)
        else:
            out[rel] = Asset(source, f"assets/{rel}", None)
    return out
