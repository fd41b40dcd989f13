"""Stage 5: the Jinja environment and everything a template can call.

Autoescape everywhere and `StrictUndefined`, so a typo in a template fails the build instead of
printing nothing.  Filters and globals (documented in templates/README.md):

    t(key, **values)      interface string in the page's language ('nav.agenda')
    url(target)           address of an entry, a section ('agenda', 'home') or a site path
    abs_url(target)       the same, absolute (needs an absolute base_url)
    asset(path)           published name of a file under assets/ (hashed for CSS/JS)
    date(d, 'full')       Babel, pattern from the strings ('format.date_full')
    time(dt)              local time, pattern 'format.time'
    body(entry)           the entry's Markdown body as safe HTML, links resolved for this language
    text(value)           a site.yaml text ({id: ..., en: ...} or plain) in the page's language
    text_lang(value)      the language of text(value) when it is not the page's (the default language's text
                          standing in for a missing translation), else '': for lang="…" on its element
    text_lang_attr(value) ' lang="xx"' for the element holding exactly text(value) when it stands in, else ''
    local_text(value)     text(value), in a <span lang="xx"> when it stands in (where no element holds it alone)
    lang_attr_of(code)    ' lang="xx"' when code (a name_lang, label_lang… of model.py: a room's, track's or
                          region group's text standing in) is not empty, else ''
    in_lang(shown, code)  shown in a <span lang="xx"> when code is not empty, else shown
    ics_url(session=None) the agenda's (or one session's) .ics;  feed_url() the Atom feed
    share_image_url(entry=None)  the share image (PNG) of a session or speaker, or the site's
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date, format_datetime
from markupsafe import Markup

from . import jsonld, view
from .assets import Asset
from .config import SiteConfig
from .graph import TEMPLATE_OF_KIND as SECTION_KINDS
from .graph import Graph, Route, feed_path, ics_path, share_image_path
from .i18n import Strings
from .incremental.compiled import MemoEnvironment
from .incremental.tracking import Dep, current, entry_dep, paused
from .markdown import LinkContext, MarkdownRenderer, heading_ids
from .messages import t as msg
from .model import Entry, Site
from .problems import Problem, Problems


@dataclass
class BuildContext:
    """What every output format gets."""

    root: Path
    config: SiteConfig
    sites: dict[str, Site]
    strings: dict[str, Strings]
    graph: Graph
    assets: dict[str, Asset]
    markdown: MarkdownRenderer
    problems: Problems
    template_dirs: list[Path]
    build_date: dt.datetime  # from SOURCE_DATE_EPOCH or the content, never the clock
    body_cache: dict[tuple[str, str, str], str] = field(default_factory=dict)
    #: Problems found in each body, reported once per build however many pages show it.
    body_problems: dict[tuple[str, str, str], list[Problem]] = field(default_factory=dict)
    reported_bodies: set[tuple[str, str, str]] = field(default_factory=set)
    #: What each body's links looked up (tracking.py), added to the reads of every page that shows it.
    body_deps: dict[tuple[str, str, str], set[Dep]] = field(default_factory=dict)
    page_cache: Any = None  # cache.PageCache, set by the pipeline; None renders every page
    #: Runs fn over chunks of route indexes, results in chunk order (parallel.run_chunks); None: here, serially.
    run_chunks: Callable[[Callable[[list[int]], Any], list[int]], Iterable[Any]] | None = None
    #: The build's temporary output folder: pages are written into it as they are rendered (by the
    #: workers too), so their bytes never travel back to, or wait in, the main process.  None: returned.
    write_dir: Path | None = None
    #: incremental.snapshot.TemplateSnapshot: the templates as this build read them once (Jinja loads
    #: from it, and the page cache's key is its digest); None: from the template folders.
    templates: Any = None
    _paths: set[str] | None = None
    #: (kind, slug) of entries whose file failed (issue 13): links to them are not reported again.
    failed: set[tuple[str, str]] = field(default_factory=set)
    #: (kind, slug) of entries left out as drafts: a link to one says so, not that the file is missing.
    drafts: set[tuple[str, str]] = field(default_factory=set)
    #: Photos (formats/images.py prepare): source path under assets/ → renditions, and their output files.
    pictures: dict[str, Any] = field(default_factory=dict)
    photo_files: dict[str, bytes] = field(default_factory=dict)
    image_cache: Any = None
    #: What formats/ adds to rendering, set by the pipeline (this module must not import formats/,
    #: which imports it): the filter that turns a body's photos into <picture> and the template
    #: globals for photos and maps (formats/images.py).
    body_filter: Callable[[BuildContext, str], str] | None = None
    template_globals: list[Callable[[BuildContext], dict[str, Any]]] = field(default_factory=list)

    def url(self, lang: str, target: Any) -> str:
        path = self.path_of(lang, target)
        if path is None:
            raise jinja2.TemplateRuntimeError(msg("template.no-page", fn="url", target=repr(target)))
        return self.config.base_path + path

    def abs_url(self, lang: str, target: Any) -> str:
        path = self.path_of(lang, target)
        if path is None:
            raise jinja2.TemplateRuntimeError(msg("template.no-page", fn="abs_url", target=repr(target)))
        return self.config.base_url + path if self.config.absolute else self.config.base_path + path

    def path_of(self, lang: str, target: Any) -> str | None:
        if isinstance(target, Entry):
            return self.graph.path_of(lang, target.key)
        if isinstance(target, Route):
            return target.path
        if isinstance(target, tuple):
            return self.graph.path_of(lang, target)
        if isinstance(target, str):
            if target.startswith("/") or target.endswith((".xml", ".ics", ".json", ".txt")):
                return target.lstrip("/")
            return self.graph.path_of(lang, target)
        return None

    def site_path(self, lang: str) -> Callable[[str], str | None]:
        if self._paths is None:  # once per build: asked for every body, it must not cost O(routes) each time
            self._paths = self.graph.paths()
        paths = self._paths

        def check(path: str) -> str | None:
            clean = path.lstrip("/")
            if clean in paths or clean + "/" in paths or clean.removesuffix("index.html") in paths:
                return self.config.base_path + (clean if clean in paths or clean.endswith(".html") else clean + "/")
            if clean.startswith("assets/") and self.markdown.assets.check(clean) is None:
                return self.config.base_path + clean
            return None

        return check

    def body(self, entry: Entry, lang: str) -> str:
        """The entry's body as HTML for a page in `lang` (cached: indexes and pages both ask).

        Its problems are reported once per build; while a page render is being recorded, the entry
        and every link look-up of the body are added to the page's reads."""
        key = (lang, entry.kind, entry.slug)
        cached = self.body_cache.get(key)
        if cached is None and self.page_cache is not None:
            with paused():
                stored = self.page_cache.stored_body(key, entry_dep(entry))
            if stored is not None:
                cached, self.body_problems[key], self.body_deps[key] = stored
                self.body_cache[key] = cached
        if cached is None:
            deps: set[Dep] = set()
            site_path = self.site_path(lang)

            def resolve(kind: str, slug: str) -> str | None:
                deps.add(("r", lang, kind, slug))
                p = self.graph.path_of(lang, (kind, slug))
                return self.config.base_path + p if p is not None else None

            def check(path: str) -> str | None:
                deps.add(("p", lang, path))
                return site_path(path)

            def anchors(kind: str, slug: str) -> set[str] | None:
                target = self.sites[lang].kind(kind).get(slug) if kind in SECTION_KINDS else None
                if target is None:
                    return None
                deps.add(entry_dep(target))  # the link is right only while the target keeps that heading
                return heading_ids(target.body_md)

            def draft(kind: str, slug: str) -> bool:
                deps.add(("e", kind, slug))  # its files: deleted, or published, the message changes
                return (kind, slug) in self.drafts

            found = Problems()
            ctx = LinkContext(
                source=entry.source,
                body=entry.body_md,
                body_line=entry.body_line,
                resolve=resolve,
                site_path=check,
                anchors=anchors,
                failed=lambda kind, slug: (kind, slug) in self.failed,
                draft=draft,
                known=lambda kind: sorted(self.sites[lang].kind(kind)) if kind in SECTION_KINDS else [],
                problems=found,
                # A fallback body is the same text for every language: report its problems once.
                report=lang == self.config.default_language or not entry.fallback,
            )
            cached = self.markdown.convert(entry.body_md, ctx)
            self.body_cache[key] = cached
            self.body_problems[key] = list(found)
            self.body_deps[key] = deps
        if key not in self.reported_bodies:
            self.reported_bodies.add(key)
            self.problems.extend(self.body_problems[key])
        recorder = current()
        if recorder is not None:
            recorder.bodies.append(key)
            recorder.reads.add(entry_dep(entry))
            recorder.reads.update(self.body_deps[key])
        return cached


def make_environment(ctx: BuildContext) -> jinja2.Environment:
    upgrade_body = ctx.body_filter or (lambda _ctx, html: html)
    loader: jinja2.BaseLoader
    if ctx.templates is not None:
        from .incremental.snapshot import SnapshotLoader

        loader = SnapshotLoader(ctx.templates)
    else:
        loader = jinja2.FileSystemLoader([str(d) for d in ctx.template_dirs])
    env = MemoEnvironment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )

    def lang_of(jctx: Any) -> str:
        return str(jctx["lang"])

    @jinja2.pass_context
    def t(jctx: Any, key: str, **values: Any) -> str:
        table = ctx.strings[lang_of(jctx)].table
        if key not in table:
            raise jinja2.TemplateRuntimeError(msg("template.no-string", key=key, lang=lang_of(jctx)))
        text = table[key]
        return text.format(**values) if values else text

    @jinja2.pass_context
    def url(jctx: Any, target: Any, lang: str | None = None) -> str:
        return ctx.url(lang or lang_of(jctx), target)

    @jinja2.pass_context
    def abs_url(jctx: Any, target: Any, lang: str | None = None) -> str:
        return ctx.abs_url(lang or lang_of(jctx), target)

    # Takes the context only so that Jinja never folds it at compile time (incremental/compiled.py).
    @jinja2.pass_context
    def asset(_jctx: Any, path: str) -> str:
        found = ctx.assets.get(path)
        if found is None:
            raise jinja2.TemplateRuntimeError(msg("template.no-asset", path=path))
        return ctx.config.base_path + found.output

    @jinja2.pass_context
    def date(jctx: Any, value: dt.date, fmt: str = "full") -> str:
        lang = lang_of(jctx)
        pattern = ctx.strings[lang].table.get(f"format.date_{fmt}")
        if pattern is None:
            raise jinja2.TemplateRuntimeError(msg("template.no-date-format", fmt=fmt, lang=lang))
        if isinstance(value, dt.datetime):
            return format_datetime(value, pattern, tzinfo=ctx.config.tz, locale=lang)
        return format_date(value, pattern, locale=lang)

    times: dict[tuple[str, dt.datetime], str] = {}

    @jinja2.pass_context
    def time(jctx: Any, value: dt.datetime) -> str:
        # Agenda pages show hundreds of times, most of them many times over; Babel is slow to ask.
        lang = lang_of(jctx)
        key = (lang, value)
        if key not in times:
            pattern = ctx.strings[lang].table.get("format.time", "HH:mm")
            times[key] = format_datetime(value, pattern, tzinfo=ctx.config.tz, locale=lang)
        return times[key]

    @jinja2.pass_context
    def body(jctx: Any, entry: Entry) -> Markup:
        html = upgrade_body(ctx, ctx.body(entry, lang_of(jctx)))  # photos as <picture>: formats/images.py
        return Markup(html)  # noqa: S704 - produced by the sanitising Markdown stage

    @jinja2.pass_context
    def text(jctx: Any, value: Any) -> str:
        return ctx.config.text(value, lang_of(jctx))

    @jinja2.pass_context
    def text_lang(jctx: Any, value: Any) -> str:
        page = lang_of(jctx)
        found = ctx.config.text_lang(value, page)
        return "" if found == page else found

    # Functions, not template macros: base.html shows site.yaml texts on every page, and importing the
    # macros there "with context" built their module again for each page (8 % more CPU for the pages).
    @jinja2.pass_context
    def text_lang_attr(jctx: Any, value: Any) -> Markup:
        found = text_lang(jctx, value)
        return Markup(' lang="{}"').format(found) if found else Markup("")

    @jinja2.pass_context
    def local_text(jctx: Any, value: Any) -> Markup | str:
        shown = ctx.config.text(value, lang_of(jctx))
        found = text_lang(jctx, value)
        return Markup('<span lang="{}">{}</span>').format(found, shown) if found else shown

    # Room, track and region-group names are plain strings by the time templates see them, each with its
    # language beside it ('name_lang': "" when it is the page's, model.py); these two mark one cheaply, for
    # every session card of the agenda, where a macro called with context would cost its own frame each time.
    def lang_attr_of(code: str) -> Markup:
        """' lang="xx"' for the element holding exactly a text in `code` (a `*_lang` of model.py), else ''."""
        return Markup(' lang="{}"').format(code) if code else Markup("")

    def in_lang(shown: str, code: str) -> Markup | str:
        """`shown` in a <span lang="xx"> when its language `code` is not the page's (non-empty), else as it is."""
        return Markup('<span lang="{}">{}</span>').format(code, shown) if code else shown

    @jinja2.pass_context
    def ics_url(jctx: Any, session: Entry | None = None) -> str:
        lang = lang_of(jctx)
        return ctx.config.base_path + ics_path(ctx.sites[lang], ctx.strings[lang], session)

    @jinja2.pass_context
    def feed_url(jctx: Any) -> str:
        return ctx.config.base_path + feed_path(ctx.sites[lang_of(jctx)])

    def share_image_url(entry: Entry | None = None) -> str:
        base = ctx.config.base_url if ctx.config.absolute else ctx.config.base_path
        return base + share_image_path(entry)

    env.filters.update(t=t, url=url, abs_url=abs_url, date=date, time=time, body=body, text=text, asset=asset)
    env.globals.update(view.helpers(ctx))
    env.globals.update(jsonld.helpers(ctx))  # jsonld(route), head_meta(route): templates/_head_meta.html

    for make_globals in ctx.template_globals:
        env.globals.update(make_globals(ctx))
    env.globals.update(ics_url=ics_url, feed_url=feed_url, share_image_url=share_image_url)
    env.globals.update(
        t=t,
        url=url,
        abs_url=abs_url,
        asset=asset,
        body=body,
        text=text,
        text_lang=text_lang,
        text_lang_attr=text_lang_attr,
        local_text=local_text,
        lang_attr_of=lang_attr_of,
        in_lang=in_lang,
        config=ctx.config,
        event=ctx.config.front.event,
        languages=ctx.config.languages,
        build_date=ctx.build_date,
        strings_of=lambda lang: ctx.strings[lang].table,
    )
    return env
