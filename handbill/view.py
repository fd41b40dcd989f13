"""View helpers for templates: computations that would be awkward in Jinja (event state, agenda
grid, floor-plan geometry, avatars).  `helpers(ctx)` returns the globals added to the environment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .render import BuildContext


def helpers(ctx: BuildContext) -> dict[str, Any]:
    return {}
