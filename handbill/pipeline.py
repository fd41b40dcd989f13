"""build(root, options) → BuildResult: the stages in order.  Start reading here.

    1 config    site.yaml → SiteConfig                      (errors: exit 2)
    2 load      content/ → SourceFile                        (front matter, safe YAML, positions)
    3 validate  SourceFile → Site per language               (types, translations, references, schedule)
    4 graph     Site → routes                                (URLs, alternates, collisions)
    5 formats   routes → artifacts in memory                 (pages, calendars, feeds, ...)
    6 write     artifacts → temporary folder → swap          (skipped by `check`)

Each stage appends problems.  Stages 2-4 always all run (references to files that failed are not
reported twice), so one run reports every mistake; the build then stops before rendering if any
error was found (warnings too under --strict), and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import THEME_DIR
from .assets import plan_assets
from .config import SiteConfig, load_config
from .formats import FORMATS, offline, search
from .formats import images as photos
from .formats.images import prepare as prepare_images
from .graph import build_graph
from .i18n import load_strings
from .incremental import memo, store
from .incremental.cache import PageCache, cache_key
from .incremental.snapshot import TemplateSnapshot
from .incremental.store import CACHE_DIR
from .incremental.yamlcache import YamlCache
from .links import AssetIndex
from .load import SourceFile, load_content
from .markdown import MarkdownRenderer
from .messages import t
from .model import Site
from .parallel import run_chunks
from .problems import CURRENT, Problems
from .render import BuildContext
from .validate import build_sites
from .write import MARKER, check_output_dir, recover, temporary_folder, update_in_place, write_site


@dataclass(frozen=True)
class Options:
    out: Path | None = None  # default: <root>/_site
    base_url: str | None = None
    strict: bool = False
    drafts: bool = False
    write: bool = True  # False for `check`
    progress: Callable[[str], None] | None = None  # told how a large build is going, stage by stage
    cache: bool = True  # reuse unchanged pages, bodies and front matter from .handbill-cache/
    memo: bool = True  # a build with nothing changed since the last successful one does nothing (memo.py)
    #: Update an existing output folder file by file instead of swapping in a new one: only for the
    #: preview's private folder (write.update_in_place); published output is always swapped whole.
    in_place: bool = False
    inputs: str | None = None  # memo.input_digest, when the caller has just computed it


#: Builds of this many content files or more say how they are going (a 50,000-file build takes minutes).
PROGRESS_FROM = 1000


@dataclass
class BuildResult:
    problems: Problems
    ok: bool = False
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    out: Path | None = None
    stage: str = ""  # the stage that stopped the build, if any
    remembered: bool = False  # nothing changed since the last successful build (memo.py): nothing done
    sites: dict[str, Site] = field(default_factory=dict)
    #: (stage, seconds) in the order they ran, for `--timings`: where a build's time goes.
    timings: list[tuple[str, float]] = field(default_factory=list)


def layered(root: Path, name: str) -> list[Path]:
    """The site's own folder first, then the default theme's: a site may override any file."""
    dirs = [root / name, THEME_DIR / name]
    unique: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


def build_date(config: SiteConfig, sites: dict[str, Site]) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set; otherwise the newest date in the content, never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).astimezone(config.tz)
    site = sites[config.default_language]
    dates = [n.date for n in site.news.values()] + [config.front.event.start]
    return dt.datetime.combine(max(dates), dt.time(0, 0), tzinfo=config.tz)


def page_cache(ctx: BuildContext, options: Options, out: Path, sources: list[SourceFile]) -> PageCache:
    """The cache of unchanged pages (cache.py), keyed by everything a page sees besides content."""
    settings = (
        options.base_url,
        options.drafts,
        ctx.build_date.isoformat(),
        sorted((rel, a.output) for rel, a in ctx.assets.items()),
        sorted((rel, p.src) for rel, p in ctx.pictures.items()),
        search.shard_counts(ctx),  # pages say whether their language's search is split (search.py)
    )
    site_path = {lang: ctx.site_path(lang) for lang in ctx.sites}
    checks = {
        "r": lambda lang, kind, slug: ctx.graph.path_of(lang, (kind, slug)),
        "p": lambda lang, path: site_path[lang](path),
    }
    config = ctx.config
    return PageCache(
        ctx.root,
        out,
        cache_key(
            ctx.templates.digest_parts() if ctx.templates is not None else None,
            (config.raw, config.base_url, config.base_path, config.languages, config.days, str(config.tz)),
            sorted((lang, sorted(s.table.items())) for lang, s in ctx.strings.items()),
            settings,
        ),
        {s.rel: s.text for s in sources},
        ctx.sites,
        checks,
    )


def build(root: Path, options: Options = Options()) -> BuildResult:
    """One build (`_build`), then one warning per cache file found damaged, foreign or unsafe (it
    was discarded and its work done again; store.py) and for an output recovered from a killed build."""
    damaged = store.start_notes()
    recovered = False
    if options.write:
        recovered = recover((options.out or root / "_site").absolute())
    result = _build(root, options)
    # The file the build was at names an internal error raised from it (cli.py, serve.py); once the
    # build is over, an error elsewhere (the preview's server) must not blame the last file read.
    CURRENT.set("")
    for name in damaged:
        if any(name.startswith(other + "/") for other in damaged):
            continue  # inside a folder already named: one warning
        result.problems.warn(name, 0, 0, t("pipeline.cache-damaged"), t("pipeline.cache-damaged.hint"))
    if recovered:
        result.problems.warn(
            str(result.out), 0, 0, t("pipeline.recovered"), t("pipeline.recovered.hint"), code="recovered"
        )
    return result


def _build(root: Path, options: Options) -> BuildResult:
    started = time.perf_counter()
    root = root.absolute()
    out = (options.out or root / "_site").absolute()
    problems = Problems()
    result = BuildResult(problems, out=out)
    mark = [started]

    def lap(stage: str) -> None:
        now = time.perf_counter()
        result.timings.append((stage, now - mark[0]))
        mark[0] = now

    def stop(stage: str) -> bool:
        if problems.has_errors(options.strict):
            result.stage = stage
            result.seconds = time.perf_counter() - started
            return True
        return False

    if options.write:
        check_output_dir(root, out)
    inputs: str | None = None
    caching = options.write and options.cache and os.environ.get("HANDBILL_CACHE", "1") != "0"
    if caching and not store.make_folder(root / CACHE_DIR):
        # A link or a file in its place: never followed, never deleted; this build goes without.
        store.note_damaged(root / CACHE_DIR)
        caching = False
    if caching:
        store.remove_old_formats(root / CACHE_DIR)
    # Every input's size, time and inode before anything is read: a build whose inputs changed while
    # it ran saves nothing it could reuse later (page cache, memo) — it may have read a mix.
    before = memo.input_stats(root) if caching else None
    if options.memo and memo.usable(options.write, options.cache, options.drafts):
        settings = memo.settings(out, options.base_url, options.drafts, options.strict)
        inputs = options.inputs or memo.input_digest(root, settings)
        hit = memo.fresh(root, out, inputs)
        if hit is not None:
            problems.extend(hit.warnings)
            result.ok, result.remembered, result.pages, result.files = True, True, hit.pages, hit.files
            result.seconds = time.perf_counter() - started
            lap("memo")
            return result
    lap("setup")
    config = load_config(root, options.base_url)
    problems.extend(config.warnings)
    template_dirs = layered(root, "templates")
    templates = TemplateSnapshot(template_dirs)  # the one read of the templates (incremental/snapshot.py)
    asset_index = AssetIndex(layered(root, "assets"))
    strings = load_strings(template_dirs, config.languages, problems, root)
    lap("config")
    if stop("config"):
        return result
    # Load, validate and graph run even when an earlier one found problems, so that one run reports
    # every mistake; references to files that failed are not reported twice.  Nothing is rendered
    # or written once any of them has found an error.
    broken: set[tuple[str, str]] = set()
    yaml_cache = YamlCache(root / CACHE_DIR / "frontmatter.json") if caching else None
    sources = load_content(root, config.languages, problems, broken, yaml_cache)
    if yaml_cache is not None:
        yaml_cache.save()  # content-addressed: right whatever happens to this build
    lap("load")
    tell = options.progress if options.progress is not None and len(sources) >= PROGRESS_FROM else None

    def told(line: str) -> None:
        if tell is not None:
            tell(f"{line} ({time.perf_counter() - started:.1f} s)")

    told(t("pipeline.read", n=len(sources)))
    first = "load" if problems.has_errors(options.strict) else ""
    hidden: set[tuple[str, str]] = set()
    sites, _parsed = build_sites(
        sources, config, problems, asset_index, drafts=options.drafts, broken=broken, hidden=hidden
    )
    result.sites = sites
    lap("validate")
    first = first or ("validate" if problems.has_errors(options.strict) else "")
    graph = build_graph(sites, strings, problems)
    lap("graph")
    if tell is not None:
        entries = sum(len(site.all_entries()) for site in sites.values())
        told(t("pipeline.checked", entries=entries, pages=len(graph.routes)))
    ctx = BuildContext(
        root=root,
        config=config,
        sites=sites,
        strings=strings,
        graph=graph,
        assets=plan_assets(asset_index),
        markdown=MarkdownRenderer(config.base_path, asset_index, config.front.allow_raw_html),
        problems=problems,
        template_dirs=template_dirs,
        build_date=build_date(config, sites),
        templates=templates,
        failed=broken,
        drafts=hidden,
        body_filter=photos.upgrade_body,
        template_globals=[photos.helpers, photos.map_helpers, search.helpers],
    )
    if problems.has_errors(options.strict):
        # Links in bodies are checked too before giving up, so that they are in the same report.
        for lang, site in sites.items():
            for entry in site.all_entries():
                if lang == config.default_language or not entry.fallback:
                    ctx.body(entry, lang)
        stop(first or "graph")
        return result
    ctx.run_chunks = run_chunks
    prepare_images(ctx, caching)
    lap("photos")
    if stop("render"):
        return result
    if caching:
        ctx.page_cache = page_cache(ctx, options, out, sources)
        lap("cache-load")
    # Pages go straight into the temporary folder as they are rendered; it is swapped in by
    # write_site, and removed here if anything stops the build before that.
    in_place = options.write and options.in_place and (out / MARKER).is_file()
    ctx.write_dir = temporary_folder(out) if options.write and not in_place else None
    try:
        if ctx.write_dir is not None:
            ctx.write_dir.mkdir()
        artifacts = []
        for name, render in FORMATS:
            artifacts.extend(render(ctx))
            lap(f"format.{name}")
            told(t("pipeline.made", name=t(f"timing.format.{name}")))
        published = options.write and not options.in_place and not options.drafts  # not the preview
        trash = root / CACHE_DIR / "trash" if caching else None
        if trash is not None and not store.make_folder(trash):
            store.note_damaged(trash)
            trash = None  # a link in its place: what would go there is deleted here instead
        if published and search.enabled():
            shards = root / CACHE_DIR / "search" if caching else None
            artifacts.extend(search.render_search(ctx, artifacts, trash, shards))  # reads the pages just made
            lap("search")
            told(t("pipeline.made-search"))
        if published:
            artifacts.extend(offline.render_worker(ctx, artifacts))  # its version: the pages it keeps
            lap("format.worker")
        result.pages = sum(1 for a in artifacts if a.path.endswith(".html"))
        if stop("render"):
            return result
        stats: dict[str, tuple[int, int]] | None = None
        if options.write and ctx.page_cache is not None and ctx.page_cache.unchanged(artifacts, ctx.assets.values()):
            result.files = len(artifacts) + len(ctx.assets)  # the previous output is already this build's
        elif options.write:
            stats = {}
            if in_place:
                result.files = update_in_place(out, artifacts, ctx.assets.values(), stats)
            else:
                result.files = write_site(out, artifacts, ctx.assets.values(), stats, trash, ctx.write_dir)
                ctx.write_dir = None  # swapped in: it is the output now
            lap("write")
            unchanged_inputs = before is not None and memo.input_stats(root) == before
            if ctx.page_cache is not None:
                if unchanged_inputs and ctx.page_cache.attributed:
                    ctx.page_cache.save(stats, artifacts, ctx.assets.values())
                    ctx.page_cache.save_bodies(ctx.body_cache, ctx.body_problems, ctx.body_deps)
                else:
                    ctx.page_cache.forget()  # what this build read may be a mix: nothing of it is kept
        else:
            result.files = len(artifacts) + len(ctx.assets)
        if inputs is not None and memo.input_stats(root) == before:
            # Only when nothing was written while the build read: it built exactly these inputs.
            memo.save(root, out, inputs, result.pages, result.files, problems.warnings, stats)
    finally:
        if ctx.write_dir is not None:
            shutil.rmtree(ctx.write_dir, ignore_errors=True)
            ctx.write_dir = None
    if options.write:
        lap("cache-save")
    result.ok = True
    result.seconds = time.perf_counter() - started
    return result
