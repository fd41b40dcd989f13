"""`_headers`: the site's security headers and cache lifetimes, for hosts that read that file
(Netlify, Cloudflare Pages); `nginx_snippet()` gives the same rules for nginx (docs/deploy.md).

The policy allows no inline script, no inline event handler and nothing from another origin: every
script, style, image and font comes from the site itself.  Style *attributes* are allowed
(`style-src-attr 'unsafe-inline'`): templates set a track's colour and an agenda slot's grid cell that
way, from validated site.yaml colours and integers, while Markdown and raw HTML in content lose every
style attribute to the sanitiser.  `style-src` itself also says 'unsafe-inline' only for browsers that
predate `style-src-elem` / `style-src-attr` (Safari before 15.4, Firefox before 108), which would
otherwise lose those colours and the agenda grid; every current browser uses `style-src-elem 'self'`
and so refuses any inline `<style>` element or stylesheet from elsewhere.

Paths carry the base path (`/ccc/*` for `--base-url https://example.org/ccc/`): the rules name the
addresses the site is served at.  CSS and JS are published under content-hashed names
(assets.py), so exactly those files are cached for a year; every other file keeps the host's default.
"""

from __future__ import annotations

import re

from ..assets import HASHED
from ..render import BuildContext
from ..write import Artifact

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",  # Pagefind's search runs as WebAssembly (formats/search.py)
        "style-src 'self' 'unsafe-inline'",
        "style-src-elem 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    )
)
PERMISSIONS = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)
#: Sent with every file.
SECURITY: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", PERMISSIONS),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
#: Sent with content-hashed files only: a changed file gets a new name, so a copy never goes stale.
IMMUTABLE = ("Cache-Control", "public, max-age=31536000, immutable")
#: How assets.py names a hashed file: `site.` + the first 10 hex digits of its SHA-256 + `.css`.
HASHED_NAME = r"\.[0-9a-f]{10}\.(?:" + "|".join(ext.lstrip(".") for ext in HASHED) + ")$"


def render_headers(ctx: BuildContext) -> list[Artifact]:
    base = ctx.config.base_path
    hashed = sorted(a.output for rel, a in ctx.assets.items() if rel.endswith(HASHED))
    return [Artifact("_headers", headers_file(base, hashed).encode("utf-8"))]


def headers_file(base_path: str, hashed: list[str]) -> str:
    """The `_headers` text: every path gets SECURITY, each hashed asset also IMMUTABLE."""
    lines = ["# Security headers and cache lifetimes (Netlify, Cloudflare Pages); made by handbill.", f"{base_path}*"]
    lines += [f"  {name}: {value}" for name, value in SECURITY]
    for path in hashed:
        lines += [f"{base_path}{path}", f"  {IMMUTABLE[0]}: {IMMUTABLE[1]}"]
    return "\n".join(lines) + "\n"


def nginx_snippet(base_path: str = "/") -> str:
    """The same rules for an nginx `server` block.  nginx drops inherited `add_header`s in a location
    that has its own, so the hashed-asset location repeats them; `_headers` itself is not served."""
    security = [f'add_header {name} "{value}" always;' for name, value in SECURITY]
    inner = "\n".join(f"    {line}" for line in security)
    hashed = f"^{re.escape(base_path)}assets/.+{HASHED_NAME}"
    return (
        "\n".join(
            [
                "# handbill: security headers and cache lifetimes (handbill/formats/headers.py)",
                *security,
                f"location ~ {hashed} {{",
                inner,
                f'    add_header {IMMUTABLE[0]} "{IMMUTABLE[1]}" always;',
                "}",
                f"location = {base_path}_headers {{",
                "    return 404;",
                "}",
            ]
        )
        + "\n"
    )
