"""HTML pages: one per route, through the route's template."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

import jinja2

from .. import PROJECT_DIR
from ..graph import Route
from ..problems import CURRENT
from ..render import BuildContext, make_environment
from ..write import Artifact


def shown_path(name: str, root: Path) -> str:
    """A template's path as messages show it: relative to the site, or to the project for shared templates."""
    for base in (root, PROJECT_DIR):
        try:
            return Path(name).resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return name


def template_position(tb: TracebackType | None, template_dirs: list[Path], root: Path) -> tuple[str, int]:
    """The innermost template file and line in a traceback (Jinja maps frames to template lines)."""
    found = ("", 0)
    dirs = [str(d) for d in template_dirs]
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt")) and any(name.startswith(d) for d in dirs):
            try:
                rel = shown_path(name, root)
            except ValueError:
                rel = name
            found = (rel.replace(os.sep, "/"), tb.tb_lineno)
        tb = tb.tb_next
    return found


def page_context(ctx: BuildContext, route: Route) -> dict[str, object]:
    site = ctx.sites[route.lang]
    return {
        "lang": route.lang,
        "site": site,
        "route": route,
        "page": route.obj,
        "strings": ctx.strings[route.lang].table,
    }


def render_pages(ctx: BuildContext) -> list[Artifact]:
    env = make_environment(ctx)
    out: list[Artifact] = []
    failed: set[str] = set()
    for route in ctx.graph.routes:
        if route.template in failed:
            continue
        CURRENT.set(route.source if route.source.startswith("content/") else f"templates/{route.template}")
        try:
            template = env.get_template(route.template)
            html = template.render(page_context(ctx, route))
        except jinja2.TemplateSyntaxError as exc:
            failed.add(route.template)
            rel = shown_path(exc.filename, ctx.root) if exc.filename else f"templates/{route.template}"
            ctx.problems.add(
                rel.replace(os.sep, "/"),
                exc.lineno,
                0,
                f"template syntax: {exc.message}",
                "fix the template",
                code="template",
            )
            continue
        except jinja2.TemplateNotFound as exc:
            failed.add(route.template)
            ctx.problems.add(
                f"templates/{route.template}",
                0,
                0,
                f"template '{exc.name}' not found",
                "add it to templates/",
                code="template",
            )
            continue
        except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError) as exc:
            failed.add(route.template)
            file, line = template_position(exc.__traceback__, ctx.template_dirs, ctx.root)
            ctx.problems.add(
                file or f"templates/{route.template}",
                line,
                0,
                f"while rendering /{route.path}: {exc}",
                "check the names used in the template",
                code="template",
            )
            continue
        out.append(Artifact(route.output, html.encode("utf-8")))
    return out
