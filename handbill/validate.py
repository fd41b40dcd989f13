"""Stage 3: SourceFile → one `Site` per language.

Types (through the schema models), translations (overlay of translatable fields, field by field),
references (slugs become objects), and the schedule's logic (end after start, inside the event's
days, no two sessions in one room at once; a speaker in two places at once is a warning).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from . import fields
from .checks import check_booths, check_schedule
from .config import SiteConfig
from .images import is_raster, probe_photo
from .links import AssetIndex, link_problem
from .load import BODY_PLACEHOLDER, SourceFile
from .messages import t
from .model import (
    Booth,
    City,
    Demo,
    Membership,
    NewsItem,
    Page,
    RegionCategory,
    Room,
    Session,
    Site,
    Speaker,
    Subsector,
    Track,
)
from .problems import Problems, close_match, did_you_mean
from .schema import KIND_MODELS, Front, LocalText, translatable_fields
from .text import slugged as _slugged
from .yamlsafe import Path_, Pos

KIND_WORD = {
    "speakers": "speaker",
    "sessions": "session",
    "booths": "booth",
    "cities": "region",
    "news": "news item",
    "pages": "page",
    "rooms": "room",
    "tracks": "track",
    "subsectors": "subsector",
}


@dataclass
class Parsed:
    """One entry: its validated front matter per language, and where each came from."""

    kind: str
    slug: str
    front: dict[str, Front]  # lang → validated (translation already overlaid)
    source: dict[str, SourceFile]  # lang → file whose text is shown (the base file when falling back)
    base: SourceFile
    untranslated: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang → fields shown in the default


#: what a `links:` address must start with: a scheme (link_problem allowed it), a site path or a fragment
_FULL_OR_SITE = re.compile(r"(?i)([a-z][a-z0-9+.-]*:|/|#)")


def _start(source: SourceFile) -> Pos:
    return Pos(2, 1)


def parse_entries(
    sources: list[SourceFile],
    config: SiteConfig,
    problems: Problems,
    drafts: bool,
    broken: set[tuple[str, str]],
    hidden: set[tuple[str, str]],
) -> dict[tuple[str, str], Parsed]:
    """Validate every entry; entries that fail are added to `broken` (their problems are reported)."""
    default = config.default_language
    groups: dict[tuple[str, str], dict[str, SourceFile]] = defaultdict(dict)
    for s in sources:
        groups[(s.kind, s.slug)][s.lang] = s
    context = {"tz": config.tz}
    out: dict[tuple[str, str], Parsed] = {}
    for (kind, slug), by_lang in sorted(groups.items()):
        model = KIND_MODELS[kind]
        base = by_lang.get(default)
        if base is None:
            if (kind, slug) in broken:
                continue  # the original exists but failed: its own error is the one line about it
            for src in by_lang.values():
                problems.add(
                    src.rel,
                    1,
                    1,
                    t("validate.orphan", slug=slug),
                    t("validate.orphan.hint", kind=kind, slug=slug, default=default),
                    code="orphan-translation",
                )
            continue
        front = fields.validate(
            model, base.data, base.positions, base.rel, problems, start=_start(base), context=context
        )
        if front is None:
            broken.add((kind, slug))
            continue
        if front.draft and not drafts:
            hidden.add((kind, slug))
            continue
        for src in by_lang.values():
            at = src.body.find(BODY_PLACEHOLDER)
            if at >= 0:  # `new`'s example text, about to be published
                line = src.body_line + src.body.count("\n", 0, at)
                hint = t("validate.placeholder.hint")
                problems.warn(src.rel, line, 1, t("validate.placeholder"), hint, code="placeholder")
        parsed = Parsed(kind, slug, {default: front}, {default: base}, base)
        allowed = translatable_fields(model)
        clean = {k: v for k, v in base.data.items() if k in model.model_fields}
        for lang in config.languages[1:]:
            tr = by_lang.get(lang)
            if tr is None:
                parsed.front[lang] = front
                parsed.source[lang] = base
                continue
            overlay: dict[str, Any] = {}
            for key, value in tr.data.items():
                pos = tr.positions.get((key,), _start(tr))
                if key in allowed:
                    overlay[key] = value
                elif key in model.model_fields:
                    problems.add(
                        tr.rel,
                        pos.line,
                        pos.col,
                        t("validate.structural", key=key),
                        t("validate.structural.hint", slug=slug, allowed=", ".join(sorted(allowed))),
                        code="structural-in-translation",
                    )
                else:
                    problems.warn(
                        tr.rel,
                        pos.line,
                        pos.col,
                        fields.unknown_field_message(key, allowed, tr.data),
                        fields.unknown_field_hint(key, allowed, tr.data),
                        code="unknown-field",
                    )
            # Positions of the overlaid keys point into the translation; others were checked already.
            merged = fields.validate(
                model,
                {**clean, **overlay},
                tr.positions,
                tr.rel,
                problems,
                start=_start(tr),
                context=context,
            )
            if merged is not None:
                parsed.front[lang] = merged
                parsed.source[lang] = tr
                # A partial translation falls back field by field; say so, since readers see two languages.
                # Names (and a region's province: "Maluku", "Bali") are often the same in every language,
                # so leaving them out is not a gap.
                # `judul:` in a translation already has its own line saying to rename it to `title:`.
                renamed = {fields.field_alias(k, allowed) for k in tr.data if k not in model.model_fields}
                renamed -= set(tr.data)
                missing = [
                    k
                    for k in sorted(allowed - {"name", "province"})
                    if clean.get(k) and k not in overlay and k not in renamed
                ]
                if base.body.strip() and not tr.body.strip():
                    missing.append("body")
                if missing:
                    parsed.untranslated[lang] = tuple(missing)
                    problems.warn(
                        tr.rel,
                        1,
                        1,
                        t("validate.partial", missing=", ".join(missing), default=default),
                        t("validate.partial.hint"),
                        code="partial-translation",
                    )
        out[(kind, slug)] = parsed
    return out


def nearest_id(value: str, ids: list[str]) -> str | None:
    """The id an unknown one most likely meant: 'Kota Malang' or 'kota_malang' → 'kota-malang' (only
    case and separators differ), 'malang' or 'buton' → the one id with those words ('kota-malang',
    'kabupaten-buton-tengah'), else the closest spelling ('balroom' → 'ballroom'); None when none is near."""
    known = sorted(set(ids))
    slugged = _slugged(value)
    if slugged in known:
        return slugged
    having = _having(value, known)
    if len(having) == 1:
        return having[0]
    return close_match(value, known)


def _having(value: str, ids: list[str]) -> list[str]:
    """The ids in which the words of `value` stand together: 'buton' → ['kabupaten-buton-tengah']."""
    words = [w for w in _slugged(value).split("-") if w]
    n = len(words)
    return sorted({i for i in ids if n and any(i.split("-")[j : j + n] == words for j in range(i.count("-") + 1))})


def kind_word(kind: str) -> str:
    """'speaker', 'session', ... in the current message language."""
    return t(f"kind.{kind}") if kind in KIND_WORD else kind


class Resolver:
    """Turns validated front matter into model objects for one language, resolving references."""

    def __init__(
        self,
        config: SiteConfig,
        lang: str,
        parsed: dict[tuple[str, str], Parsed],
        problems: Problems,
        assets: AssetIndex,
        report: bool,
        broken: set[tuple[str, str]] | None = None,
        drafts: set[tuple[str, str]] | None = None,
    ) -> None:
        self.broken = broken or set()  # entries whose own problems are reported: no second message
        self.drafts = drafts or set()  # entries left out because they are drafts
        self.config = config
        self.lang = lang
        self.parsed = parsed
        self.problems = problems
        self.assets = assets
        self.report = report  # references are the same in every language: report them once
        front = config.front

        def stand_in(value: LocalText) -> str:
            # These names become plain strings here, so their language is worked out here too, once per
            # language, for the templates' lang= (WCAG 3.1.2): "" when the text is in the page's language.
            found = config.text_lang(value, lang)
            return "" if found == lang else found

        self.site = Site(
            lang=lang,
            config=config,
            rooms={r.id: Room(r.id, config.text(r.name, lang), r.capacity, stand_in(r.name)) for r in front.rooms},
            tracks={t.id: Track(t.id, config.text(t.name, lang), t.color, stand_in(t.name)) for t in front.tracks},
            subsectors={s.id: Subsector(s.id, config.text(s.name, lang), stand_in(s.name)) for s in front.subsectors},
            region_categories={
                c.id: RegionCategory(
                    c.id,
                    config.text(c.name, lang),
                    config.text(c.intro, lang),
                    config.text(c.label, lang),
                    {f.id: config.text(f.name, lang) for f in c.fields},
                    c.participants,
                    name_lang=stand_in(c.name),
                    intro_lang=stand_in(c.intro),
                    label_lang=stand_in(c.label),
                    field_langs={f.id: stand_in(f.name) for f in c.fields},
                )
                for c in front.region_categories
            },
        )

    def error(
        self,
        src: SourceFile,
        path: tuple[str | int, ...],
        message: str,
        hint: str = "",
        *,
        code: str = "reference",
        warning: bool = False,
    ) -> None:
        if not self.report:
            return
        pos = fields.position(src.positions, path, Pos(2, 1))
        if warning:
            self.problems.warn(src.rel, pos.line, pos.col, message, hint, code=code)
        else:
            self.problems.add(src.rel, pos.line, pos.col, message, hint, code=code)

    def ref(
        self, src: SourceFile, path: tuple[str | int, ...], kind: str, slug: str | None, table: dict[str, Any]
    ) -> Any:
        if slug is None:
            return None
        found = table.get(slug)
        if found is None and (kind, slug) in self.broken:
            return None
        if found is None and (kind, slug) in self.drafts:
            self.error(
                src,
                path,
                t("validate.ref-draft", name=fields.loc_text(path), what=kind_word(kind), slug=slug),
                t("validate.ref-draft.hint"),
            )
            return None
        if found is None:
            # Entries that failed validation are still real names the editor may have meant.
            ids = [*table, *(s for k, s in self.broken if k == kind)]
            near = nearest_id(slug, ids)
            # 'kota': the ids with that word ('kota-ambon', 'kota-bandung', …) before all of them
            hint = t("hint.did-you-mean", value=near) if near else did_you_mean(slug, _having(slug, ids) or ids)
            self.error(
                src, path, t("validate.ref-unknown", name=fields.loc_text(path), what=kind_word(kind), slug=slug), hint
            )
        return found

    def refs(self, src: SourceFile, name: str, kind: str, slugs: list[str], table: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for i, slug in enumerate(slugs):
            obj = self.ref(src, (name, i), kind, slug, table)
            if obj is not None:
                out.append(obj)
        return tuple(out)

    def check_photo(self, src: SourceFile, name: str, path: str, alt: str, subject: str) -> None:
        """A photo that is there, and its description for screen readers (`photo_alt`): without one the
        page can only say "photo", so a warning with the line to write."""
        if not self.check_asset(src, name, path) or not path or alt.strip():
            return
        example = t(f"validate.no-alt.example.{src.kind}", name=subject)
        self.error(
            src,
            (name,),
            t("validate.no-alt", name=name, alt=f"{name}_alt"),
            t("validate.no-alt.hint", alt=f"{name}_alt", example=example),
            code="no-alt",
            warning=True,
        )

    def check_asset(self, src: SourceFile, name: str, path: str) -> bool:
        """False when a problem with the file at `path` was reported."""
        if path and path.lstrip("/").startswith("assets/"):
            fixed = path.lstrip("/").removeprefix("assets/")
            self.error(
                src,
                (name,),
                t("validate.asset-prefix", name=name),
                t("validate.asset-prefix.hint", name=name, fixed=fixed),
                code="asset-prefix",
            )
            return False
        if path:
            why = self.assets.check(path)
            if why:
                self.error(src, (name,), t("validate.asset-missing", name=name, path=path), why, code="missing-asset")
                return False
            if is_raster(path):
                problem = probe_photo(self.assets.files[path.lstrip("/").removeprefix("assets/")])
                if problem is not None:
                    self.error(
                        src,
                        (name,),
                        t("validate.bad-image", name=name, path=path, problem=problem.message),
                        problem.hint,
                        code="bad-image",
                    )
                    return False
        return True

    def check_links(self, src: SourceFile, links: list[Any]) -> None:
        for i, link in enumerate(links):
            why = link_problem(link.url)
            if why:
                self.error(
                    src,
                    ("links", i, "url"),
                    t("text.field-why", name=f"links[{i}].url", why=why),
                    t("link.use-https"),
                    code="unsafe-link",
                )
            elif not _FULL_OR_SITE.match(link.url.strip()):
                # "instagram.com/x" would be published as a path under this page: a broken link.
                self.error(
                    src,
                    ("links", i, "url"),
                    t("validate.link-not-full", name=f"links[{i}].url", url=link.url.strip()),
                    t("validate.link-not-full.hint", fixed="https://" + link.url.strip()),
                    code="relative-link",
                )

    def memberships(self, src: SourceFile, given: list[Any]) -> tuple[Membership, ...]:
        """A region's categories, checked against site.yaml's region_categories and their fields."""
        out = []
        known = self.site.region_categories
        for i, m in enumerate(given):
            category = known.get(m.id)
            if category is None:
                hint = did_you_mean(m.id, known) or t("validate.no-categories.hint")
                self.error(src, ("categories", i), t("validate.unknown-category", i=i, id=m.id), hint)
                continue
            if m.field is not None and m.field not in category.fields:
                hint = did_you_mean(m.field, category.fields) or t("validate.no-category-fields.hint", id=m.id)
                message = t("validate.not-category-field", i=i, field=m.field, id=m.id)
                self.error(src, ("categories", i, "field"), message, hint)
                continue
            out.append(Membership(category, category.fields.get(m.field or "", ""), m.field or "", m.year))
        return tuple(out)

    def common(self, p: Parsed) -> dict[str, Any]:
        src = p.source[self.lang]
        untranslated = p.untranslated.get(self.lang, ())
        body_src = p.base if "body" in untranslated else src
        return {
            "kind": p.kind,
            "slug": p.slug,
            "lang": src.lang,
            "fallback": src.lang != self.lang or bool(untranslated),
            "source": body_src.rel,
            "body_md": body_src.body,
            "body_line": body_src.body_line,
            "draft": p.front[self.lang].draft,
            "untranslated": untranslated if src.lang == self.lang else ("*",),
            "base_lang": self.config.default_language,
        }

    def entries(self, kind: str) -> list[Parsed]:
        return [p for (k, _), p in sorted(self.parsed.items()) if k == kind]

    def resolve(self) -> Site:
        site = self.site
        ss = site.subsectors
        for p in self.entries("cities"):
            f: Any = p.front[self.lang]
            flagship = self.ref(p.base, ("flagship",), "subsectors", f.flagship, ss)
            self.check_photo(p.base, "photo", f.photo, f.photo_alt, f.name)
            site.cities[p.slug] = City(
                **self.common(p),
                name=f.name,
                type=f.type,
                province=f.province,
                lat=f.coordinates.lat if f.coordinates else None,
                lon=f.coordinates.lon if f.coordinates else None,
                categories=self.memberships(p.base, f.categories),
                flagship=flagship,
                map_label=f.map_label,
                photo=f.photo,
                photo_alt=f.photo_alt,
                photo_credit=f.photo_credit,
                photo_licence=f.photo_licence,
                photo_focus=f.photo_focus,
                known_for=f.known_for,
                summary=f.summary,
            )
        for p in self.entries("speakers"):
            f = p.front[self.lang]
            self.check_photo(p.base, "photo", f.photo, f.photo_alt, f.name)
            self.check_links(p.base, f.links)
            site.speakers[p.slug] = Speaker(
                **self.common(p),
                name=f.name,
                type=f.type,
                role=f.role,
                organisation=f.organisation,
                photo=f.photo,
                photo_alt=f.photo_alt,
                photo_credit=f.photo_credit,
                photo_licence=f.photo_licence,
                photo_focus=f.photo_focus,
                links=tuple(f.links),
                featured=f.featured,
                order=f.order,
                city=self.ref(p.base, ("city",), "cities", f.city, site.cities),
            )
        for p in self.entries("booths"):
            f = p.front[self.lang]
            self.check_photo(p.base, "photo", f.photo, f.photo_alt, f.name)
            demos = []
            for i, d in enumerate(f.demos):
                if d.end <= d.start:
                    self.error(
                        p.base, ("demos", i, "end"), t("validate.demo-end", i=i), t("check.end-before-start.hint")
                    )
                demos.append(Demo(d.start, d.end))
            site.booths[p.slug] = Booth(
                **self.common(p),
                name=f.name,
                number=f.number,
                area=f.area,
                position=f.position,
                subsectors=self.refs(p.base, "subsectors", "subsectors", f.subsectors, ss),
                products=tuple(f.products),
                demos=tuple(demos),
                photo=f.photo,
                photo_alt=f.photo_alt,
                photo_credit=f.photo_credit,
                photo_licence=f.photo_licence,
                photo_focus=f.photo_focus,
                city=self.ref(p.base, ("city",), "cities", f.city, site.cities),
                summary=f.summary,
            )
        for p in self.entries("sessions"):
            f = p.front[self.lang]
            room = self.ref(p.base, ("room",), "rooms", f.room, site.rooms)
            site.sessions[p.slug] = Session(
                **self.common(p),
                title=f.title,
                summary=f.summary,
                start=f.start,
                end=f.end,
                room=room or Room(f.room, f.room),
                track=self.ref(p.base, ("track",), "tracks", f.track, site.tracks),
                type=f.kind,
                language=f.language,
                capacity=f.capacity,
                speakers=self.refs(p.base, "speakers", "speakers", f.speakers, site.speakers),
                city=self.ref(p.base, ("city",), "cities", f.city, site.cities),
                booths=self.refs(p.base, "booths", "booths", f.booths, site.booths),
            )
        for p in self.entries("news"):
            f = p.front[self.lang]
            self.check_photo(p.base, "image", f.image, f.image_alt, f.title)
            site.news[p.slug] = NewsItem(
                **self.common(p),
                title=f.title,
                date=f.date,
                summary=f.summary,
                image=f.image,
                image_alt=f.image_alt,
                image_credit=f.image_credit,
                image_licence=f.image_licence,
                image_focus=f.image_focus,
                sessions=self.refs(p.base, "sessions", "sessions", f.sessions, site.sessions),
                cities=self.refs(p.base, "cities", "cities", f.cities, site.cities),
            )
        for p in self.entries("pages"):
            f = p.front[self.lang]
            site.pages[p.slug] = Page(
                **self.common(p),
                title=f.title,
                description=f.description,
                menu=f.menu,
                date=f.date,
                tags=tuple(f.tags),
                layout=f.layout,
            )
        site.build_indexes()
        return site


def build_sites(
    sources: list[SourceFile],
    config: SiteConfig,
    problems: Problems,
    assets: AssetIndex,
    drafts: bool = False,
    broken: set[tuple[str, str]] | None = None,
    hidden: set[tuple[str, str]] | None = None,
) -> tuple[dict[str, Site], dict[tuple[str, str], Parsed]]:
    """`broken`: entries that failed to load (their problems are already reported).  `hidden`, filled
    in place: the (kind, slug) of entries left out because they are drafts (links to them say so)."""
    broken = broken if broken is not None else set()  # in place: later stages skip what failed here
    problems.extend(assets.problems)  # files under assets/ that can never be published (links.AssetIndex)
    hidden = hidden if hidden is not None else set()
    parsed = parse_entries(sources, config, problems, drafts, broken, hidden)
    sites: dict[str, Site] = {}
    for i, lang in enumerate(config.languages):
        resolver = Resolver(config, lang, parsed, problems, assets, report=(i == 0), broken=broken, drafts=hidden)
        sites[lang] = resolver.resolve()
    # Event logic is the same in every language: checked once, on the default language's sessions.
    positions = {key: p.base.positions for key, p in parsed.items()}
    default_site = sites[config.default_language]
    outside = outside_event(default_site, positions, problems)
    # A session outside the event's days has its one line; it is no room's clash with every other one.
    if outside:
        kept = {k: s for k, s in default_site.sessions.items() if k not in outside}
        check_schedule(replace(default_site, sessions=kept, _memo={}, _index={}), positions, problems)
    else:
        check_schedule(default_site, positions, problems)
    check_booths(default_site, positions, problems)
    return sites, parsed


def outside_event(site: Site, positions: dict[tuple[str, str], dict[Path_, Pos]], problems: Problems) -> set[str]:
    """Sessions (that end after they start) on a day the event does not have, each reported at the
    field that is off: `end: 2025-12-19 12:00` of a session starting 2025-12-11 points at `end`."""
    days = set(site.days)
    span = t("check.span", first=site.days[0], last=site.days[-1]) if site.days else t("body.none")
    out = set()
    for s in site.sessions_sorted():
        if s.end <= s.start or (s.start.date() in days and s.end.date() in days):
            continue
        out.add(s.slug)
        at = positions[("sessions", s.slug)]
        if s.start.date() in days:  # only the end is off: most likely its date was mistyped
            pos = fields.position(at, ("end",), Pos(2, 1))
            same_day = s.start.replace(hour=s.end.hour, minute=s.end.minute)
            hint = (
                t("validate.end-after-event.hint", end=f"{same_day:%Y-%m-%d %H:%M}")
                if same_day > s.start
                else t("check.outside-event.hint")
            )
            message = t("validate.end-after-event", end=f"{s.end:%Y-%m-%d %H:%M}", span=span)
        else:
            pos = fields.position(at, ("start",), Pos(2, 1))
            message, hint = t("check.outside-event", span=span), t("check.outside-event.hint")
        problems.add(s.source, pos.line, pos.col, message, hint, code="outside-event")
    return out
