"""HTML pages: one per route, through the route's template."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2

from .. import THEME_DIR
from ..graph import Route
from ..incremental.tracking import Dep, Recording, paused, recording, tracing, unattributed
from ..messages import t
from ..problems import CURRENT, Problem, Problems
from ..render import BuildContext, make_environment
from ..write import Artifact, write_file


def shown_path(name: str, root: Path) -> str:
    """A template's path as messages show it: relative to the site, or to the project for shared templates."""
    for base in (root, THEME_DIR):
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


@dataclass
class Rendered:
    """One route rendered (in this process or a worker): its HTML or the problem that stopped it."""

    index: int
    html: bytes | None
    error: Problem | None
    reads: set[Dep]
    bodies: list[tuple[str, str, str]]
    written: bool = False  # the HTML is in ctx.write_dir already (html is then None)


def render_one(ctx: BuildContext, env: jinja2.Environment, index: int, route: Route) -> Rendered:
    CURRENT.set(route.source if route.source.startswith("content/") else f"templates/{route.template}")
    rec = Recording()
    error: Problem | None = None
    html: bytes | None = None
    try:
        with recording(rec):
            template = env.get_template(route.template)
            html = template.render(page_context(ctx, route)).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        rel = shown_path(exc.filename, ctx.root) if exc.filename else f"templates/{route.template}"
        error = Problem(
            rel.replace(os.sep, "/"),
            exc.lineno,
            0,
            "error",
            t("template.syntax", why=exc.message),
            t("template.syntax.hint"),
            "template",
        )
    except jinja2.TemplateNotFound as exc:
        error = Problem(
            f"templates/{route.template}",
            0,
            0,
            "error",
            t("template.not-found", name=exc.name),
            t("template.not-found.hint"),
            "template",
        )
    except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError) as exc:
        file, line = template_position(exc.__traceback__, ctx.template_dirs, ctx.root)
        error = Problem(
            file or f"templates/{route.template}",
            line,
            0,
            "error",
            t("template.render", path=route.path, why=exc),
            t("template.render.hint"),
            "template",
        )
    return Rendered(index, html, error, rec.reads, rec.bodies)


BodyOut = dict[tuple[str, str, str], tuple[str, list[Problem], set[Dep]]]


def render_chunk(ctx: BuildContext, env: jinja2.Environment, chunk: list[int]) -> tuple[list[Rendered], BodyOut, int]:
    """Render routes (by index), in order; a template that failed is not tried again in this chunk.
    Body problems are collected per body, not reported: the caller reports them in route order.
    Also returns how many reads of content no page's recording saw (tracking.py: fail closed)."""
    routes = ctx.graph.routes
    known = set(ctx.body_cache)
    saved = ctx.problems, ctx.reported_bodies
    ctx.problems, ctx.reported_bodies = Problems(), set()
    out: list[Rendered] = []
    failed: set[str] = set()
    try:
        for i in chunk:
            if routes[i].template in failed:
                continue
            done = render_one(ctx, env, i, routes[i])
            if done.error is not None:
                failed.add(routes[i].template)
            elif ctx.write_dir is not None and done.html is not None:
                write_file(ctx.write_dir, routes[i].output, done.html)
                done.html, done.written = None, True
            out.append(done)
    finally:
        ctx.problems, ctx.reported_bodies = saved
    bodies = {k: (ctx.body_cache[k], ctx.body_problems[k], ctx.body_deps[k]) for k in ctx.body_cache if k not in known}
    return out, bodies, unattributed()


def render_pages(ctx: BuildContext) -> list[Artifact]:
    """Every route through its template, in route order.  Pages whose reads are unchanged since the
    last build are linked from the previous output (cache.py); the rest are rendered, in worker
    processes when there are many (parallel.py).  Problems are reported in route order either way,
    so the report and the output are the same in serial and parallel builds."""
    env = make_environment(ctx)
    routes = ctx.graph.routes
    cache = ctx.page_cache
    hits: dict[int, Any] = {}  # index → cache.PageRecord
    blind = 0  # reads of content that no page's recording saw
    with tracing():
        if cache is not None:
            with paused():
                for i, route in enumerate(routes):
                    found = cache.reusable(route.output, route.template)
                    if found is not None:
                        hits[i] = found
        todo = [i for i in range(len(routes)) if i not in hits]
        for name in sorted({routes[i].template for i in todo}):
            try:
                env.get_template(name)  # compiled once, before any worker process starts
            except jinja2.TemplateError:
                pass  # reported by the route that uses it
        rendered: dict[int, Rendered] = {}
        run = ctx.run_chunks or (lambda fn, items: [fn(items)])
        results = run(lambda chunk: render_chunk(ctx, env, chunk), todo)
        try:
            for chunk_done, bodies, unseen in results:
                blind += unseen
                rendered.update((r.index, r) for r in chunk_done)
                for key, (html, body_found, deps) in bodies.items():
                    ctx.body_cache.setdefault(key, html)
                    ctx.body_problems.setdefault(key, body_found)
                    ctx.body_deps.setdefault(key, deps)
        finally:
            # Stop the workers now, not when the traceback lets go of them: the caller removes the
            # folder they write into.
            close = getattr(results, "close", None)
            if close is not None:
                close()
        blind += unattributed()
    if cache is not None and blind:
        cache.attributed = False  # some page may depend on more than it recorded: keep none of them
    out: list[Artifact] = []
    failed: set[str] = set()
    for i, route in enumerate(routes):
        if route.template in failed:
            continue
        hit = hits.get(i)
        if hit is not None:
            _report_bodies(ctx, hit.bodies, hit.body_problems)
            out.append(Artifact(route.output, b"", link=cache.out / route.output if cache else None))
            if cache is not None:
                cache.keep(route.output, hit)
            continue
        done = rendered.get(i)
        if done is None:
            continue
        _report_bodies(ctx, done.bodies, ctx.body_problems)
        if done.error is not None or (done.html is None and not done.written):
            failed.add(route.template)
            if done.error is not None:
                ctx.problems.extend([done.error])
            continue
        out.append(Artifact(route.output, done.html or b"", written=done.written))
        if cache is not None:
            cache.record(route.output, route.template, done.reads, done.bodies, ctx.body_problems)
    return out


def _report_bodies(
    ctx: BuildContext, bodies: list[tuple[str, str, str]], problems: dict[tuple[str, str, str], list[Problem]]
) -> None:
    for key in bodies:
        if key not in ctx.reported_bodies:
            ctx.reported_bodies.add(key)
            ctx.problems.extend(problems.get(key, []))
