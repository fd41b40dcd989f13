"""The one place that says how headless Chromium is started here (scripts and browser tests share it).

Debian's /usr/bin/chromium (or $CHROMIUM); the background-networking flags keep it from trying to reach
Google's hosts, which this machine's closed network refuses.
"""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
