"""Print the gzipped weight of the site's own JavaScript and CSS, and of a built site's home page and
agenda (HTML + CSS + JS) and search bundle (issue 14 asks for ≤ 20 KB compressed of our own JS).

    python scripts/weight.py [--site _site]
"""

from __future__ import annotations

import argparse
import gzip
import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def own_js() -> dict[str, int]:
    return {p.name: gz(p.read_bytes()) for p in sorted((PROJECT / "assets" / "js").glob("*.js"))}


def page_weight(site: Path, rel: str) -> int:
    html = (site / rel).read_bytes()
    total = gz(html)
    for ref in re.findall(rb'(?:href|src)="/?([^"]+\.(?:css|js))"', html):
        path = site / ref.decode()
        if path.is_file():
            total += gz(path.read_bytes())
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path)
    args = parser.parse_args()
    js = own_js()
    for name, size in js.items():
        print(f"assets/js/{name}: {size / 1024:.1f} KB gzipped")
    print(f"our JavaScript in total: {sum(js.values()) / 1024:.1f} KB gzipped")
    if args.site:
        for rel in ("index.html", "agenda/index.html"):
            print(f"{rel}: {page_weight(args.site, rel) / 1024:.1f} KB gzipped with its CSS and JS")
        bundle = args.site / "pagefind"
        if bundle.is_dir():
            files = [p for p in bundle.rglob("*") if p.is_file()]
            raw = sum(p.stat().st_size for p in files)
            print(f"search bundle: {len(files)} files, {raw / 1024:.0f} KB on disk")
            core = gz((bundle / "pagefind.js").read_bytes()) / 1024
            print(f"pagefind.js: {core:.1f} KB gzipped (loaded on first search)")


if __name__ == "__main__":
    main()
