#!/usr/bin/env python3
"""Screenshots of the default site's key pages at phone and desktop widths.

    python scripts/screenshots.py                      build the site into a temporary folder, then shoot
    python scripts/screenshots.py --site _site         shoot an already-built site
    python scripts/screenshots.py --out screenshots --pages home,agenda --widths 390,1280 [--dark]

Writes <page>-<width>[-dark].png into --out (default: screenshots/).  Chromium is /usr/bin/chromium
(or $CHROMIUM); no request leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - scripts/ is on sys.path when run

SOURCE_DATE_EPOCH = "1765584000"  # 2025-12-13 07:00 WIB: the day after the event
DEFAULT_PAGES = {
    "home": "",
    "agenda": "agenda/",
    "speaker": "pembicara/teuku-riefky-harsya/",
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build(out: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)}
    subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--out", str(out)], check=True, env=env)


def shoot(
    site: Path, out: Path, pages: dict[str, str], widths: list[int], full: bool = True, dark: bool = False
) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width in widths:
                context = browser.new_context(
                    viewport={"width": width, "height": 900 if width > 600 else 844},
                    device_scale_factor=1,
                    color_scheme="dark" if dark else "light",
                )
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(base + path, wait_until="load")
                    target = out / f"{name}-{width}{'-dark' if dark else ''}.png"
                    page.screenshot(path=str(target), full_page=full)
                    written.append(target)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an already-built site folder (default: build one)")
    parser.add_argument("--out", type=Path, default=PROJECT / "screenshots")
    parser.add_argument("--widths", default="390,1280")
    parser.add_argument("--pages", default=",".join(DEFAULT_PAGES), help="names from: " + ", ".join(DEFAULT_PAGES))
    parser.add_argument("--path", action="append", default=[], help="extra NAME=PATH pages")
    parser.add_argument("--viewport-only", action="store_true", help="not the full page")
    parser.add_argument("--dark", action="store_true", help="prefers-color-scheme: dark")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"error: Chromium not found at {CHROMIUM} (set $CHROMIUM)", file=sys.stderr)
        return 2
    unknown = [name for name in args.pages.split(",") if name and name not in DEFAULT_PAGES]
    if unknown:
        parser.error(f"--pages: unknown '{unknown[0]}' (known: {', '.join(DEFAULT_PAGES)}; others: --path NAME=PATH)")
    pages = {name: DEFAULT_PAGES[name] for name in args.pages.split(",") if name}
    for extra in args.path:
        name, _, path = extra.partition("=")
        pages[name] = path.lstrip("/")
    widths = [int(w) for w in args.widths.split(",")]
    with tempfile.TemporaryDirectory(prefix="handbill-shots-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(site)
        for path in shoot(site, args.out, pages, widths, full=not args.viewport_only, dark=args.dark):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
