"""Offline and installable (issue 14): a web app manifest per language with its icons, and a service
worker (`sw.js` at the base path) that keeps the home page, the agenda, the site's CSS and JS, the
visitor's starred sessions and every page visited, so the site still opens in a hall with no signal.

Pages are fetched from the network first and from the cache only when the network fails, so a visitor
online always sees the current agenda.  The worker's text carries a version, the digest of what it
precaches (the home pages and agendas, the asset names): a build that changes the agenda changes the
worker, the browser installs the new one, which precaches the new pages and deletes every older cache
of this site.  Content-hashed files (assets.py) are served from the cache first: their name changes
with their content.  The preview (`serve`), builds with drafts and `check` make no worker; the script that registers it
(assets/js/visitor.js) does nothing without one.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re

from PIL import Image, ImageDraw

from ..render import BuildContext
from ..write import Artifact, artifact_bytes

BRAND = "#0b4f6c"  # the logo's colours (assets/img/logo.svg, site.css --brand / --accent)
ACCENT = "#f3b544"
BACKGROUND = "#f7f5f0"
ICON_SIZES = (192, 512)
MANIFEST = "manifest.webmanifest"
WORKER = "sw.js"


def short_name(name: str) -> str:
    """'Creative Cities Connect 2025' → 'CCC 2025': the initials of the words, numbers kept."""
    words = name.split()
    if len(name) <= 12:
        return name
    letters = "".join(w[0] for w in words if w[:1].isalpha())
    numbers = " ".join(w for w in words if w.isdigit())
    return (letters + (" " + numbers if numbers else "")).strip() or name[:12]


@functools.cache  # no input but the size: the preview would otherwise draw it again every rebuild (25 ms)
def icon(size: int) -> bytes:
    """The logo (a rounded square with four petals) drawn at `size` pixels, as a PNG."""
    big = 512
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = big / 64
    d.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(14 * s), fill=BRAND)
    for cx, cy, rx, ry in ((32, 17, 8, 12), (32, 47, 8, 12), (17, 32, 12, 8), (47, 32, 12, 8)):
        d.ellipse(((cx - rx) * s, (cy - ry) * s, (cx + rx) * s, (cy + ry) * s), fill=ACCENT)
    d.ellipse((28 * s, 28 * s, 36 * s, 36 * s), fill=BRAND)
    if size != big:
        img = img.resize((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def render_manifests(ctx: BuildContext) -> list[Artifact]:
    event = ctx.config.front.event
    base = ctx.config.base_path
    out = [Artifact(f"assets/img/icon-{n}.png", icon(n)) for n in ICON_SIZES]
    for lang, site in ctx.sites.items():
        home = ctx.path_of(lang, "home") or ""
        manifest = {
            "name": event.name,
            "short_name": short_name(event.name),
            "description": ctx.config.text(event.tagline, lang),
            "lang": lang,
            "dir": "ltr",
            "id": base + home,
            "start_url": base + home,
            "scope": base,
            "display": "standalone",
            "background_color": BACKGROUND,
            "theme_color": BRAND,
            "icons": [
                {"src": f"{base}assets/img/icon-{n}.png", "sizes": f"{n}x{n}", "type": "image/png", "purpose": "any"}
                for n in ICON_SIZES
            ],
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        out.append(Artifact(f"{home}{MANIFEST}", text.encode("utf-8")))
        del site
    return out


WORKER_JS = """/* Offline (handbill, formats/offline.py): pages from the network first, the cache when it fails. */
"use strict";
var CONFIG = %s;
var CACHE = "handbill:" + CONFIG.base + ":" + CONFIG.version;
var HASHED = /\\.[0-9a-f]{10}\\.(css|js)$/;
function ours(name) { return name.indexOf("handbill:" + CONFIG.base + ":") === 0; }
/* A newer build's worker has taken over: this one's cache is deleted and must stay so.  caches.open
   would make it again, empty but for what is written last, beside the new one; so a write checks before
   and after, and a read never opens. */
function superseded() {
  var me = self.serviceWorker, now = self.registration.active;
  return !!(me && now && now !== me);
}
function store(write) {
  if (superseded()) return Promise.resolve();
  return caches.open(CACHE).then(write).then(function () {
    if (superseded()) return caches.delete(CACHE);
  });
}
function keep(request, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    store(function (c) { return c.put(request, copy); }).catch(function () {});
  }
  return response;
}
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE)
    .then(function (c) { return c.addAll(CONFIG.precache); })
    .then(function () { return self.skipWaiting(); }));
});
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    var old = names.filter(function (n) { return ours(n) && n !== CACHE; });
    return Promise.all(old.map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});
self.addEventListener("message", function (event) {
  var urls = event.data && Array.isArray(event.data.keep) ? event.data.keep : [];
  urls = urls.filter(function (u) { return typeof u === "string" && u.indexOf(CONFIG.base) === 0; });
  if (!urls.length) return;
  event.waitUntil(store(function (c) { return c.addAll(urls); }).catch(function () {}));
});
self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf(CONFIG.base) !== 0) return;
  function fresh(r) { return keep(request, r); }
  if (HASHED.test(url.pathname)) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request).then(fresh); }));
    return;
  }
  var page = request.mode === "navigate";
  event.respondWith(fetch(request).then(fresh).catch(function () {
    return caches.match(request, { cacheName: CACHE, ignoreSearch: page })
      .then(function (hit) { return hit || (page ? caches.match(CONFIG.precache[0]) : Response.error()); });
  }));
});
"""


def render_worker(ctx: BuildContext, artifacts: list[Artifact]) -> list[Artifact]:
    """sw.js, after every other file is made (its version is the digest of what it precaches)."""
    base = ctx.config.base_path
    pages: list[str] = []
    for lang in ctx.sites:
        for target in ("home", "agenda"):
            path = ctx.path_of(lang, target)
            if path is not None:
                pages.append(path)
    by_path = {a.path: a for a in artifacts}
    version = hashlib.sha256()
    for path in pages:
        artifact = by_path.get(path + "index.html" if path == "" or path.endswith("/") else path)
        if artifact is not None:
            version.update(path.encode() + b"\0" + hashlib.sha256(artifact_bytes(artifact, ctx.write_dir)).digest())
    assets = sorted(a.output for rel, a in ctx.assets.items() if re.search(r"\.(css|js)$", rel))
    for name in assets:
        version.update(name.encode() + b"\0")
    precache = [base + p for p in pages] + [base + a for a in assets]
    config = {"base": base, "version": version.hexdigest()[:16], "precache": precache}
    text = WORKER_JS % json.dumps(config, ensure_ascii=False, sort_keys=True)
    return [Artifact(WORKER, text.encode("utf-8"))]
