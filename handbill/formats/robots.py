"""robots.txt: allow everything, point at the sitemap when the site knows its absolute address."""

from __future__ import annotations

from ..render import BuildContext
from ..write import Artifact


def render_robots(ctx: BuildContext) -> list[Artifact]:
    lines = ["User-agent: *", "Allow: /"]
    if ctx.config.absolute:
        lines.append(f"Sitemap: {ctx.config.base_url}sitemap.xml")
    return [Artifact("robots.txt", ("\n".join(lines) + "\n").encode())]
