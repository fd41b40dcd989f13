"""A read schedule → content files and site.yaml entries, updating what an earlier import wrote.

Ownership, and how a re-import keeps hand edits
------------------------------------------------
The import owns some fields of the files it creates — sessions: title, summary, start, end, room,
track, kind, language, speakers and the body; speakers: name, role, links and the body — and never
touches any other field (city, booths, photo, featured, capacity, draft, ...), nor any file it did not
create.  `import-state.json` at the site's root records, per file, the source's identity of the thing
and a digest of each owned value as the import last wrote it.  On the next import, for each owned field:

* the file's value still has the recorded digest (nobody changed it), or its line was deleted: it
  takes the schedule's value (so deleting a line, or the whole text, hands it back to the schedule;
  to keep a value empty, write it empty: `summary: ""`);
* the file's value was changed by hand: it is kept; when the schedule changed that field too since
  the last import, the report says so (a conflict: `import.conflict`, file and line), once;
* a file deleted by hand stays deleted (its speakers are dropped from the imported sessions), until
  its line is removed from import-state.json.

A thing gone from the schedule is deleted when its file is exactly as imported and nothing else
refers to it; otherwise it is kept and reported.  Rooms and tracks are added to site.yaml (each item
appended to its list as one line, so the editor's comments and layout stay); the state maps each
source room and track to its id, and site.yaml's entries are the editor's from then on: renaming a
room there is safe.  Several schedules may be imported into one site: each keeps to its own files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import SITE_FILE, SiteConfig, load_config
from ..formats.ids import slugify
from ..load import CONTENT_DIR, split_front_matter
from ..messages import t as msg
from ..problems import ConfigError, Problem, Problems
from ..text import check_slug
from ..yamlsafe import parse_yaml
from ..yamlwrite import field_lines, flow
from . import html
from .schedule import Schedule, Talk
from .textedit import Edits, FlowList, add_items, spans

STATE_FILE = "import-state.json"
STATE_FORMAT = 1
OWNED = {
    "sessions": ("title", "summary", "start", "end", "room", "track", "kind", "language", "speakers"),
    "speakers": ("name", "role", "links"),
}
BODY = "(body)"
MAX_SLUG = 60
PALETTE = ("#1f5f8b", "#8a3b12", "#2e6b34", "#7a2e6e", "#5b4a12", "#0f5e5e", "#8b1f4a", "#3d3d8f")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: Front-matter fields that refer to entries of a kind: what must be checked before deleting one.
REFERENCES = {"sessions": ("sessions",), "speakers": ("speakers",)}


def digest(value: Any) -> str:
    """A stable digest of a parsed value (the same value written with other quoting has the same one)."""
    text = json.dumps(normal(value), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def normal(value: Any) -> Any:
    """Empty values are absent; times are compared as they are written (YYYY-MM-DD HH:MM)."""
    if value in ("", [], {}, None):
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [normal(v) for v in value]
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items()}
    return value


def body_digest(text: str) -> str:
    return digest("\n".join(line.rstrip() for line in text.strip().split("\n")))


@dataclass
class Wanted:
    """What the import wants one file to hold."""

    kind: str
    key: str
    slug: str
    fields: dict[str, Any]
    body: str


@dataclass
class Outcome:
    """Everything one import would do; `writes` are applied only when there is no error."""

    writes: dict[str, str | None] = field(default_factory=dict)  # site-relative path → text (None: delete)
    state: dict[str, Any] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    added: dict[str, list[str]] = field(default_factory=dict)  # 'rooms' / 'tracks' → ids added to site.yaml
    problems: Problems = field(default_factory=Problems)
    notes: list[str] = field(default_factory=list)


def load_state(root: Path) -> dict[str, Any]:
    path = root / STATE_FILE
    if not path.is_file():
        return {"format": STATE_FORMAT, "rooms": {}, "tracks": {}, "entries": {}}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(
            [
                Problem(
                    STATE_FILE,
                    0,
                    0,
                    "error",
                    msg("import.state-unreadable", why=exc),
                    msg("import.state-unreadable.hint"),
                    "import.state",
                )
            ]
        ) from None
    if not isinstance(state, dict) or state.get("format") != STATE_FORMAT or not isinstance(state.get("entries"), dict):
        raise ConfigError(
            [
                Problem(
                    STATE_FILE,
                    0,
                    0,
                    "error",
                    msg("import.state-unknown"),
                    msg("import.state-unknown.hint"),
                    "import.state",
                )
            ]
        )
    state.setdefault("rooms", {})
    state.setdefault("tracks", {})
    return state


def _text_names(value: Any) -> set[str]:
    if isinstance(value, dict):
        return {" ".join(str(v).split()).casefold() for v in value.values()}
    return {" ".join(str(value).split()).casefold()}


class Importer:
    def __init__(self, root: Path, config: SiteConfig, schedule: Schedule, rel: str) -> None:
        self.root = root
        self.config = config
        self.s = schedule
        self.rel = rel  # the imported file, as messages name it
        self.state = load_state(root)
        self.out = Outcome(state=self.state)
        self.problems = self.out.problems
        self.taken: dict[str, set[str]] = {}
        self.claimed: dict[str, set[str]] = {}  # hand-made files adopted in this run
        self.dropped: Counter[str] = Counter()

    # -- site.yaml: rooms and tracks ---------------------------------------------------------

    def ids_for(self, group: str, things: dict[str, Any], used: set[str]) -> dict[str, str]:
        """Source key → site.yaml id for every `used` room or track, adding the missing ones."""
        existing = {item.id: item for item in getattr(self.config.front, group)}
        mapping: dict[str, str] = self.state[group]
        out: dict[str, str] = {}
        new: list[dict[str, Any]] = []
        ids = set(existing)
        for key in sorted(used, key=lambda k: things[k].name.casefold()):
            thing = things[key]
            known = mapping.get(key)
            if known is not None and known in existing:
                out[key] = known
                continue
            same = next((i for i, item in existing.items() if thing.name.casefold() in _text_names(item.name)), None)
            if same is not None:
                out[key] = mapping[key] = same
                continue
            base = known or slugify(thing.name)[:MAX_SLUG].strip("-") or group[:-1]
            ident = _unique(base, ids)
            ids.add(ident)
            out[key] = mapping[key] = ident
            item: dict[str, Any] = {"id": ident, "name": thing.name}
            if group == "rooms" and thing.capacity:
                item["capacity"] = thing.capacity
            if group == "tracks":
                item["color"] = (
                    thing.color
                    if thing.color and _COLOR.match(thing.color)
                    else PALETTE[(len(existing) + len(new)) % len(PALETTE)]
                )
            new.append(item)
        if new:
            self.out.added[group] = [flow(item) for item in new]
        return out

    def site_yaml(self) -> None:
        if not self.out.added:
            return
        text = (self.root / SITE_FILE).read_text(encoding="utf-8")
        lines = text.split("\n")
        parsed = parse_yaml(text)
        found = spans(lines, parsed.positions)
        edits = Edits(lines)
        for group in ("rooms", "tracks"):
            if group in self.out.added:
                try:
                    add_items(lines, found.get(group), group, self.out.added[group], edits)
                except FlowList:
                    pos = parsed.positions.get((group,))
                    self.problems.add(
                        SITE_FILE,
                        pos.line if pos else 0,
                        1,
                        msg("import.site-yaml-flow", group=group),
                        msg("import.site-yaml-flow.hint"),
                        code="import.site-yaml-flow",
                    )
                    return
        self.out.writes[SITE_FILE] = "\n".join(edits.result())

    # -- content files --------------------------------------------------------------------------

    def slug_for(self, kind: str, key: str, name: str, adopt: bool = False) -> tuple[str, str | None]:
        """(slug, a hand-made file that took the natural slug, if any).  With `adopt`, a hand-made file
        with the natural slug is the thing itself (a speaker the editor had already written)."""
        for path, entry in self.state["entries"].items():
            if entry.get("key") == key and path.startswith(f"{kind}/"):
                return path.split("/", 1)[1], None
        taken = self.taken_slugs(kind)
        base = slugify(name)[:MAX_SLUG].rstrip("-") or kind[:-1]
        if check_slug(base):
            base = f"{kind[:-1]}-{base}"[:MAX_SLUG].rstrip("-")
        hand_made = (
            (self.root / CONTENT_DIR / kind / f"{base}.md").exists()
            and f"{kind}/{base}" not in self.state["entries"]
            and base not in self.claimed.setdefault(kind, set())
        )
        if adopt and hand_made:
            self.claimed[kind].add(base)
            return base, None
        slug = _unique(base, taken)
        taken.add(slug)
        return slug, (f"{CONTENT_DIR}/{kind}/{base}.md" if slug != base and hand_made else None)

    def taken_slugs(self, kind: str) -> set[str]:
        if kind not in self.taken:
            folder = self.root / CONTENT_DIR / kind
            names = {p.name[:-3].split(".")[0] for p in folder.glob("*.md")} if folder.is_dir() else set()
            names |= {p.split("/", 1)[1] for p in self.state["entries"] if p.startswith(f"{kind}/")}
            self.taken[kind] = names
        return self.taken[kind]

    def local(self, moment: dt.datetime) -> dt.datetime:
        """The time as the site reads it: local to site.yaml's time zone, written without an offset."""
        return moment.astimezone(self.config.tz).replace(tzinfo=None, second=0, microsecond=0)

    def wanted_talk(
        self, talk: Talk, slug: str, rooms: dict[str, str], tracks: dict[str, str], speakers: list[str]
    ) -> Wanted:
        description = html.to_markdown(talk.description, self.dropped)
        abstract_md = html.to_markdown(talk.abstract, self.dropped)
        body_parts = []
        if talk.subtitle.strip():
            body_parts.append(f"*{html.plain(talk.subtitle)}*")
        body_parts.append(description or abstract_md)
        links = [
            f"- [{html.plain(label) or url}]({url})" for label, url in talk.links if re.match(r"(?i)^https?://", url)
        ]
        if links:
            body_parts.append("\n".join(links))
        fields = {
            "title": html.plain(talk.title),
            "summary": html.plain(talk.abstract) if description else "",
            "start": self.local(talk.start),
            "end": self.local(talk.end),
            "room": rooms[talk.room],
            "track": tracks.get(talk.track) if talk.track else None,
            "kind": talk.kind,
            "language": talk.language or self.config.default_language,
            "speakers": speakers,
        }
        return Wanted("sessions", talk.key, slug, fields, "\n\n".join(p for p in body_parts if p).strip())

    def apply(self, wanted: Wanted, adopt: bool) -> None:
        """Create or update one file (see the module docstring)."""
        path = f"{wanted.kind}/{wanted.slug}"
        rel = f"{CONTENT_DIR}/{path}.md"
        file = self.root / rel
        entry = self.state["entries"].get(path)
        if entry is None and file.exists():
            if adopt:  # a speaker the editor wrote by hand: linked, never changed
                self.state["entries"][path] = {"key": wanted.key, "source": self.s.source, "adopted": True}
                self.out.counts[f"{wanted.kind} adopted"] += 1
                return
            raise AssertionError(f"{rel} exists and is not the import's")  # slug_for gives such a slug only to adopt
        if entry is None:
            self.out.writes[rel] = new_file(wanted, self.rel)
            self.state["entries"][path] = {
                "key": wanted.key,
                "source": self.s.source,
                "fields": {name: digest(wanted.fields.get(name)) for name in OWNED[wanted.kind]},
                "body": body_digest(wanted.body),
            }
            self.out.counts[f"{wanted.kind} new"] += 1
            return
        if entry.get("adopted"):
            return
        if not file.exists():
            self.out.counts[f"{wanted.kind} deleted by hand"] += 1
            return
        self.update(wanted, rel, file, entry)

    def update(self, wanted: Wanted, rel: str, file: Path, entry: dict[str, Any]) -> None:
        text = file.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        scratch = Problems()
        split = split_front_matter(text, rel, scratch)
        parsed = parse_yaml(split[0], line_offset=1) if split else None
        if split is None or parsed is None or parsed.errors or not isinstance(parsed.data, dict):
            self.problems.add(
                rel,
                1,
                1,
                msg("import.unreadable"),
                msg("import.unreadable.hint"),
                code="import.unreadable",
            )
            return
        yaml_text, body, _ = split
        lines = yaml_text.split("\n")
        current: dict[str, Any] = parsed.data
        found = spans(lines, parsed.positions, line_offset=1)
        edits = Edits(lines)
        digests: dict[str, str] = entry.setdefault("fields", {})
        changed = False
        for name in OWNED[wanted.kind]:
            new = wanted.fields.get(name)
            cur = current.get(name)
            recorded = digests.get(name, digest(None))
            if name not in current or digest(cur) == recorded:  # untouched, or deleted to follow the schedule
                if digest(new) != digest(cur):
                    lines_new = field_lines(name, new) if normal(new) is not None else []
                    if name in found:
                        edits.replace(found[name], lines_new)
                    elif lines_new:
                        edits.insert(_end_of(lines), lines_new)
                    changed = True
            elif digest(new) != digest(cur) and digest(new) != recorded:
                pos = parsed.positions.get((name,))
                shown = flow(new) if normal(new) is not None else msg("import.nothing-value")
                self.problems.warn(
                    rel,
                    pos.line if pos else 1,
                    pos.col if pos else 1,
                    msg("import.conflict", name=name, value=shown[:120]),
                    msg("import.conflict.hint"),
                    code="import.conflict",
                )
                self.out.counts[f"{wanted.kind} conflicts"] += 1
            digests[name] = digest(new)
        new_body = body
        recorded_body = entry.get("body", body_digest(""))
        if not body.strip() or body_digest(body) == recorded_body:
            if body_digest(wanted.body) != body_digest(body):
                new_body = wanted.body + "\n"
                changed = True
        elif body_digest(wanted.body) not in (body_digest(body), recorded_body):
            self.problems.warn(
                rel,
                1,
                1,
                msg("import.conflict-body"),
                msg("import.conflict-body.hint"),
                code="import.conflict",
            )
            self.out.counts[f"{wanted.kind} conflicts"] += 1
        entry["body"] = body_digest(wanted.body)
        entry["source"] = self.s.source
        if changed:
            self.out.writes[rel] = "---\n" + "\n".join(edits.result()) + "\n---\n" + new_body.lstrip("\n")
            self.out.counts[f"{wanted.kind} updated"] += 1
        else:
            self.out.counts[f"{wanted.kind} unchanged"] += 1

    def untouched(self, path: str) -> bool:
        """The file is exactly as the import last wrote it (every owned field and the body)."""
        entry = self.state["entries"][path]
        kind = path.split("/", 1)[0]
        file = self.root / CONTENT_DIR / f"{path}.md"
        text = file.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        split = split_front_matter(text, path, Problems())
        parsed = parse_yaml(split[0], line_offset=1) if split else None
        if split is None or parsed is None or not isinstance(parsed.data, dict):
            return False
        extra = set(parsed.data) - set(OWNED[kind])
        if extra:
            return False  # the editor added fields: their work would be lost
        fields = entry.get("fields", {})
        same = all(digest(parsed.data.get(name)) == fields.get(name) for name in OWNED[kind])
        return same and body_digest(split[1]) == entry.get("body")

    def referenced(self, kind: str, slug: str) -> list[str]:
        """Content files outside this import's writes that refer to `slug` of `kind`."""
        found = []
        for file in sorted((self.root / CONTENT_DIR).glob("*/*.md")):
            rel = file.relative_to(self.root).as_posix()
            if rel in self.out.writes:
                text = self.out.writes[rel]
                if text is None:
                    continue
            else:
                text = file.read_text(encoding="utf-8-sig", errors="replace")
            split = split_front_matter(text.replace("\r\n", "\n"), rel, Problems())
            data = parse_yaml(split[0]).data if split else None
            if not isinstance(data, dict):
                continue
            for name in REFERENCES[kind]:
                value = data.get(name)
                if value == slug or (isinstance(value, list) and slug in value):
                    found.append(rel)
        return found

    def remove_gone(self, present: set[str]) -> None:
        """Files of this source whose thing left the schedule: sessions first, then speakers."""
        for kind in ("sessions", "speakers"):
            for path, entry in sorted(self.state["entries"].items()):
                if not path.startswith(f"{kind}/") or entry.get("source") != self.s.source or path in present:
                    continue
                rel = f"{CONTENT_DIR}/{path}.md"
                if entry.get("adopted") or not (self.root / rel).exists():
                    del self.state["entries"][path]
                    continue
                slug = path.split("/", 1)[1]
                users = self.referenced(kind, slug)
                if self.untouched(path) and not users:
                    self.out.writes[rel] = None
                    del self.state["entries"][path]
                    self.out.counts[f"{kind} removed"] += 1
                    continue
                why = msg("import.gone.used", users=", ".join(users)) if users else msg("import.gone.edited")
                self.problems.warn(
                    rel,
                    1,
                    1,
                    msg("import.gone", why=why),
                    msg("import.gone.hint"),
                    code="import.gone",
                )
                self.out.counts[f"{kind} kept"] += 1

    # -- the whole import ---------------------------------------------------------------------------

    def run(self) -> Outcome:
        s = self.s
        talks = self.distinct(sorted(s.talks, key=lambda t: (t.start, t.room, t.title)))
        if not talks:
            # An empty export (a schedule unpublished for a moment) would otherwise remove every session.
            self.problems.add(
                self.rel,
                0,
                0,
                msg("import.empty"),
                msg("import.empty.hint"),
                code="import.empty",
            )
            return self.out
        self.check_dates(talks)
        if self.problems.errors:
            return self.out
        if s.timezone and s.timezone != self.config.front.event.timezone:
            self.out.notes.append(msg("import.converted", tz=s.timezone, site_tz=self.config.front.event.timezone))
        rooms = self.ids_for("rooms", s.rooms, {t.room for t in talks})
        tracks = self.ids_for("tracks", s.tracks, {t.track for t in talks if t.track})
        present: set[str] = set()
        speaker_slug: dict[str, str | None] = {}
        for key in dict.fromkeys(k for t in talks for k in t.persons):
            person = s.persons[key]
            slug, _ = self.slug_for("speakers", key, person.name, adopt=True)
            path = f"speakers/{slug}"
            wanted = Wanted(
                "speakers",
                key,
                slug,
                {
                    "name": person.name,
                    "role": person.role,
                    "links": [
                        {"label": html.plain(label)[:80] or url, "url": url}
                        for label, url in person.links
                        if re.match(r"(?i)^https?://", url)
                    ],
                },
                html.to_markdown(person.biography, self.dropped),
            )
            self.apply(wanted, adopt=True)
            present.add(path)
            speaker_slug[key] = (
                slug
                if (self.root / CONTENT_DIR / f"{path}.md").exists() or f"{CONTENT_DIR}/{path}.md" in self.out.writes
                else None
            )
        for talk in talks:
            slug, clash = self.slug_for("sessions", talk.key, talk.title)
            if clash:
                self.problems.warn(
                    f"{CONTENT_DIR}/sessions/{slug}.md",
                    0,
                    0,
                    msg("import.slug-taken", where=talk.where, clash=clash, slug=slug),
                    msg("import.slug-taken.hint"),
                    code="import.slug-taken",
                )
            speakers = [x for k in talk.persons if (x := speaker_slug.get(k))]
            self.apply(self.wanted_talk(talk, slug, rooms, tracks, speakers), adopt=False)
            present.add(f"sessions/{slug}")
        self.remove_gone(present)
        self.site_yaml()
        for what, n in sorted(self.dropped.items()):
            self.problems.warn(
                self.rel,
                0,
                0,
                msg("import.sanitised", n=n, what=msg("import.unsafe-link") if what == "unsafe link" else what),
                msg("import.sanitised.hint"),
                code="import.sanitised",
            )
        return self.out

    def distinct(self, talks: list[Talk]) -> list[Talk]:
        """One talk per identity: a second event with the same GUID (or id) is left out with a line."""
        seen: dict[str, Talk] = {}
        for talk in talks:
            first = seen.setdefault(talk.key, talk)
            if first is not talk:
                self.problems.warn(
                    self.rel,
                    0,
                    0,
                    msg("import.duplicate", where=talk.where, first=first.where, key=talk.key),
                    msg("import.duplicate.hint"),
                    code="import.duplicate",
                )
        return list(seen.values())

    def check_dates(self, talks: list[Talk]) -> None:
        if not talks:
            return
        days = {t.start.astimezone(self.config.tz).date() for t in talks}
        days |= {(t.end - dt.timedelta(minutes=1)).astimezone(self.config.tz).date() for t in talks}
        first, last = min(days), max(days)
        event = self.config.front.event
        if first < event.start or last > event.end:
            if last < event.start or first > event.end:
                # No day in common (a site made by `init`, dated before the schedule was known): the
                # schedule's own days, not a span from one to the other (months, for a two-day event).
                start, end = first, last
            else:
                start, end = min(first, event.start), max(last, event.end)
            self.problems.add(
                SITE_FILE,
                0,
                0,
                msg(
                    "import.dates",
                    first=first,
                    last=last,
                    tz=event.timezone,
                    start=event.start,
                    end=event.end,
                ),
                msg("import.dates.hint", start=start, end=end),
                code="import.dates",
            )


def new_file(wanted: Wanted, source: str) -> str:
    lines = [
        "---",
        f"# Diimpor dari / imported from {Path(source).name}: handbill import memperbarui kolom yang ditulisnya, "
        "kecuali yang Anda ubah / updates the fields it wrote unless you change them.",
    ]
    for name in OWNED[wanted.kind]:
        value = wanted.fields.get(name)
        if normal(value) is not None:
            lines += field_lines(name, value)
    lines += ["---", wanted.body, ""] if wanted.body else ["---", ""]
    return "\n".join(lines)


def _end_of(lines: list[str]) -> int:
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    return end


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def write(root: Path, outcome: Outcome) -> None:
    """Each file through a temporary file renamed into place; site.yaml is checked before it is replaced;
    the state last, so that it never records a file that was not written."""
    if SITE_FILE in outcome.writes:
        text = outcome.writes[SITE_FILE]
        assert text is not None
        _check_site_yaml(root, text)
    for rel, text in sorted(outcome.writes.items()):
        path = root / rel
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic(path, text)
    outcome.state["format"] = STATE_FORMAT
    outcome.state["note"] = (
        "Written by handbill import: what each import wrote, so that the next one updates "
        "only what was not changed by hand.  Keep it with the site; do not edit it."
    )
    _atomic(root / STATE_FILE, json.dumps(outcome.state, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def _atomic(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.handbill-tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def _check_site_yaml(root: Path, text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory(prefix=".handbill-import-") as folder:
        Path(folder, SITE_FILE).write_text(text, encoding="utf-8")
        load_config(Path(folder))  # raises ConfigError: the edit would break site.yaml
