"""Stage 4: every route of the site — URL, output file, template, object, language alternates.

The default language lives at the root and every other under `/<lang>/`; section names come from
the interface strings (`path.speakers` → `pembicara` / `speakers`), slugs are shared.  Two routes
that would write one file (also when they differ only by letter case or Unicode form) are an
error naming every source that claims it.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .i18n import Strings
from .messages import t as msg
from .model import Entry, Site
from .problems import Problems
from .text import check_slug

SECTIONS = ("agenda", "speakers", "booths", "cities", "news")
#: Sections a site may not have at all (a conference without an exhibition or regions): made only when
#: they have an entry or site.yaml's navigation names them.
OPTIONAL_SECTIONS = ("booths", "cities")
SECTION_OF_KIND = {"sessions": "agenda", "speakers": "speakers", "booths": "booths", "cities": "cities", "news": "news"}
TEMPLATE_OF_KIND = {
    "sessions": "session.html",
    "speakers": "speaker.html",
    "booths": "booth.html",
    "cities": "city.html",
    "news": "news_item.html",
    "pages": "page.html",
}


@dataclass(frozen=True, eq=False)
class Route:
    path: str  # relative to the base URL: '' for the home page, 'agenda/pembukaan/', '404.html'
    template: str
    lang: str
    kind: str  # 'home', 'section', 'entry', 'page', 'error'
    obj: Any = None  # an Entry, or a section name
    source: str = ""  # what claims this route, for collision messages
    alternates: dict[str, str] = field(default_factory=dict)  # lang → path of the same page

    @property
    def output(self) -> str:
        return self.path if self.path.endswith(".html") else self.path + "index.html"


@dataclass
class Graph:
    routes: list[Route]
    by_key: dict[tuple[str, Any], Route]  # (lang, key) → route; key is (kind, slug) or a section name

    def path_of(self, lang: str, key: Any) -> str | None:
        route = self.by_key.get((lang, key))
        return route.path if route else None

    def paths(self) -> set[str]:
        return {r.path for r in self.routes}


def lang_prefix(site: Site) -> str:
    return "" if site.lang == site.config.default_language else f"{site.lang}/"


def build_graph(sites: dict[str, Site], strings: dict[str, Strings], problems: Problems) -> Graph:
    routes: list[Route] = []
    keys: dict[tuple[str, Any], Route] = {}
    alternates: dict[Any, dict[str, str]] = defaultdict(dict)

    def add(site: Site, key: Any, path: str, template: str, kind: str, obj: Any, source: str) -> None:
        route = Route(path, template, site.lang, kind, obj, source, alternates[key])
        routes.append(route)
        keys[(site.lang, key)] = route
        alternates[key][site.lang] = path

    for lang, site in sites.items():
        s = strings[lang].table
        pre = lang_prefix(site)
        add(site, "home", pre, "home.html", "home", "home", msg("graph.home"))
        add(site, "404", f"{pre}404.html", "404.html", "error", "404", msg("graph.error-page"))
        for section in SECTIONS:
            if section in OPTIONAL_SECTIONS and not has_section(sites, section):
                continue
            sec = s.get(f"path.{section}", section)
            why = check_slug(sec)
            if why:
                # Section names become folder names: they obey the same rules as file names.
                problems.add(
                    f"templates/i18n/{lang}.yaml",
                    0,
                    0,
                    msg("graph.bad-section", section=section, name=sec),
                    why,
                    code="bad-section-name",
                )
                s = {**s, f"path.{section}": section}
            add(
                site,
                section,
                f"{pre}{sec}/",
                f"{section}.html",
                "section",
                section,
                msg("graph.section", section=section, lang=lang),
            )
        for kind, section in SECTION_OF_KIND.items():
            sec = s.get(f"path.{section}", section)
            entry: Entry
            for entry in site.kind(kind).values():
                add(
                    site,
                    (kind, entry.slug),
                    f"{pre}{sec}/{entry.slug}/",
                    TEMPLATE_OF_KIND[kind],
                    "entry",
                    entry,
                    entry.source,
                )
        for page in site.pages.values():
            add(site, ("pages", page.slug), f"{pre}{page.slug}/", TEMPLATE_OF_KIND["pages"], "page", page, page.source)
    # (kind, '') names a kind's section, so that a body link to `../sessions/` reaches the agenda.
    for (lang, key), route in list(keys.items()):
        for kind, section in SECTION_OF_KIND.items():
            if key == section:
                keys[(lang, (kind, ""))] = route
    check_collisions(routes, problems)
    return Graph(routes, keys)


def has_section(sites: dict[str, Site], section: str) -> bool:
    """Whether the site has this section: always, or for an optional one, an entry or a menu item."""
    if section not in OPTIONAL_SECTIONS:
        return True
    site = next(iter(sites.values()))
    named = any(item.section == section for item in site.config.front.navigation)
    return named or any(site.kind(section) for site in sites.values())


def _fold(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()


def check_collisions(routes: list[Route], problems: Problems) -> None:
    claims: dict[str, list[Route]] = defaultdict(list)
    for r in routes:
        claims[_fold(r.output)].append(r)
    for _output, claimants in sorted(claims.items()):
        sources = sorted({c.source for c in claimants})
        if len(sources) < 2:
            continue
        url = "/" + claimants[0].path
        for c in claimants:
            if not c.source.startswith("content/"):
                continue
            others = ", ".join(s for s in sources if s != c.source)
            problems.add(
                c.source,
                1,
                1,
                msg("graph.collision", url=url, others=others),
                msg("graph.collision.hint"),
                code="route-collision",
            )
        if not any(c.source.startswith("content/") for c in claimants):
            problems.add(
                "site.yaml",
                0,
                0,
                msg("graph.collision-sections", url=url, sources=", ".join(sources)),
                msg("graph.collision-sections.hint"),
                code="route-collision",
            )


# --- addresses of the machine-readable outputs (formats/ writes them, templates link to them) ---


def ics_path(site: Site, strings: Strings, session: Entry | None = None) -> str:
    """'agenda.ics' / 'en/agenda.ics' for the whole agenda; 'agenda/<slug>.ics' for one session."""
    pre = lang_prefix(site)
    if session is None:
        return f"{pre}agenda.ics"
    return f"{pre}{strings.table.get('path.agenda', 'agenda')}/{session.slug}.ics"


def feed_path(site: Site) -> str:
    return f"{lang_prefix(site)}feed.xml"


def share_image_path(entry: Entry | None) -> str:
    """The 1200×630 PNG shown when a link is shared; one per session and speaker, one for the site."""
    if entry is None or entry.kind not in {"sessions", "speakers"}:
        return "share/site.png"
    return f"share/{entry.kind}/{entry.slug}.png"
