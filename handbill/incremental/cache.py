"""The page cache: reuse a page of the previous build when nothing it showed has changed.

Kept in ROOT/.handbill-cache/ (one manifest per output folder), written only after a build that
succeeded.  A cached page is reused when

* the cache key is the same: the code, library versions, every template and interface-strings
  file, site.yaml, the asset names (CSS/JS names carry a content hash), the build options and the
  build date — whatever any page may see without it being an entry;
* every dependency the page recorded while it was rendered (tracking.py: the entries it read,
  whole kinds it listed, body links it resolved) still has the same digest;
* the previous output still holds the file exactly as written: same size and modification time,
  and, for a file written within racy.py's window of the end of its build's writing, the same
  bytes.

When every page is reused and every other file (feeds, calendars, assets, ...) would be written with
the same bytes, and the output folder holds exactly those files as written, the build does not
write at all (`PageCache.unchanged`): the previous output already is the new one.

A reused page is hard-linked from the previous output into the new temporary folder (write.py), so
the output folder is still replaced as a whole and the previous output stays untouched until the
swap.  Problems that a reused page's bodies produced are stored with it and reported again.  A page that
is rendered again reuses the HTML of each body (bodies-*.json) whose entry and link look-ups are
unchanged, with its problems.
Deleting the folder is always safe: the next build renders everything.

A file whose recorded time lies within that window of the end of its build's writing
(`Manifest.written_ns`) is also compared by content (`PageRecord.digest`, `Manifest.files`);
racy.py explains why size and time are not enough for it.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import PACKAGE_DIR, messages
from ..assets import Asset
from ..model import Site
from ..problems import Problem
from ..write import MARKER, Artifact
from . import resident
from .memo import library_versions
from .racy import RACY_NS, output_files, racy_window
from .store import (
    CACHE_DIR,
    code_unchanged,
    digest,
    file_digest,
    never_key,
    note_damaged,
    parse_json,
    read_file,
    read_json,
    write_json,
)
from .tracking import Dep, query_answer

FORMAT = 4

BodyKey = tuple[str, str, str]
#: entry dependency, its digest, HTML, problems, link look-ups → digests
StoredBody = tuple[Dep, str, str, list[Problem], dict[Dep, str]]


@dataclass
class PageRecord:
    """What is stored about one page: its reads (with digests), the bodies it showed, its file."""

    template: str
    reads: dict[Dep, str]
    bodies: list[BodyKey]
    body_problems: dict[BodyKey, list[Problem]]
    size: int = 0
    mtime_ns: int = 0
    digest: str = ""  # of the file's bytes: kept for files written close to the end of the build


@dataclass
class Manifest:
    key: str
    pages: dict[str, PageRecord] = field(default_factory=dict)  # output path → record
    files: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # other outputs → size, mtime, digest
    #: The newest modification time of the files of the build (the end of its writing, on the output
    #: file system's clock) and how close to it a file's time makes it suspect (module docstring).
    written_ns: int = 0
    racy_ns: int = RACY_NS

    def racy(self, mtime_ns: int) -> bool:
        """Could a file with this recorded time have been written again without its time changing?"""
        return mtime_ns > self.written_ns - self.racy_ns


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _tree_digest(folders: Iterable[Path]) -> list[tuple[str, str]]:
    out = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                out.append((path.as_posix(), digest(path.read_bytes())))
    return out


def cache_key(templates: object, config: object, strings: object, settings: object) -> str:
    """Everything any page may see that is not content (see the module docstring), from what this
    build parsed and loaded — never read again from disk, where it may have changed since.  The code
    is the code this process runs: its files are read here, and used only while they are still what
    the process found when it began loading them (store.code_unchanged); otherwise the key matches nothing."""
    code: object = _tree_digest([PACKAGE_DIR])  # read first, then: is it still the code this process loaded?
    if not code_unchanged():
        code = never_key()  # this process runs code older than the files: reuse nothing, keep nothing usable
    return digest(
        FORMAT,
        sys.version,
        library_versions(),
        code,
        templates,
        config,
        strings,
        settings,
        messages.language(),  # body problems are stored worded: another message language starts afresh
    )


class PageCache:
    """Answers 'can this page be reused?' for one build, and records the pages it renders."""

    def __init__(
        self, root: Path, out: Path, key: str, texts: dict[str, str], sites: dict[str, Site], checks: dict[str, Any]
    ) -> None:
        self.dir = root / CACHE_DIR
        self.file = self.dir / f"pages-{digest(str(out.absolute()))[:16]}.json"
        self.out = out
        self.key = key
        self.texts = texts  # source rel → text
        self.languages = tuple(sites)
        self.sites = sites
        self.checks = checks  # 'r' / 'p' → callables answering body-link look-ups now
        self.bodies_file = self.dir / f"bodies-{digest(str(out.absolute()))[:16]}.json"
        self.previous = self._load()
        self.current = Manifest(key)
        self._values: dict[Dep, str] = {}
        self._bodies: dict[BodyKey, StoredBody] | None = None
        self.body_hits = 0
        #: False when some read during rendering was seen by no page's recording (tracking.py): then
        #: nothing of this build is kept (`forget`), since a page may depend on more than it recorded.
        self.attributed = True
        # What a dependency that cannot be computed now is worth: equal to nothing ever stored.
        self._never = os.urandom(16).hex()

    def _load(self) -> Manifest | None:
        data = read_file(self.file)
        if data is None:
            return None
        kept = resident.recall(self.file, data)  # the preview: the manifest its last build wrote
        if isinstance(kept, Manifest):
            return kept if kept.key == self.key else None
        raw = parse_json(self.file, data)
        if raw is None:
            return None
        if isinstance(raw, dict) and raw.get("format") == FORMAT and isinstance(raw.get("key"), str):
            if raw["key"] != self.key:
                return None  # another build's settings: a plain miss
            try:
                manifest = manifest_from_json(raw)
            except (ValueError, TypeError, KeyError, AttributeError):
                pass
            else:
                resident.keep(self.file, data, manifest)
                return manifest
        elif isinstance(raw, dict) and isinstance(raw.get("format"), int) and raw.get("format") != FORMAT:
            return None  # another version's: a plain miss
        note_damaged(self.file)
        return None

    # --- digests of what a page may depend on ---
    def value(self, dep: Dep) -> str:
        found = self._values.get(dep)
        if found is None:
            found = self._values[dep] = self._compute(dep)
        return found

    def _entry(self, kind: str, slug: str) -> str:
        """Every language file of the entry, existing or not: a translation added, edited or removed
        changes what every language's pages show of it (its title, its fallback, its alternates)."""
        base = f"content/{kind}/{slug}"
        return digest(
            self.texts.get(f"{base}.md"), [(lang, self.texts.get(f"{base}.{lang}.md")) for lang in self.languages]
        )

    def _compute(self, dep: Dep) -> str:
        tag = dep[0]
        if tag == "e" and len(dep) == 3:
            return self._entry(dep[1], dep[2])
        if tag == "k":
            site = self.sites.get(dep[2])
            if site is None:
                return ""
            entries = site.kind(dep[1])
            return digest(sorted((slug, self._entry(e.kind, e.slug)) for slug, e in entries.items()))
        if tag == "has":
            site = self.sites.get(dep[2])
            return "1" if site is not None and dep[3] in site.kind(dep[1]) else "0"
        if tag == "q":
            site = self.sites.get(dep[2])
            try:
                answer = query_answer(site, dep) if site is not None else None
            except (ValueError, TypeError, AttributeError, KeyError):
                answer = None
            return digest(answer) if answer is not None else self._never
        if tag == "menu":
            site = self.sites.get(dep[1])
            return digest(sorted((p.slug, p.menu) for p in site.pages.values() if p.menu is not None) if site else None)
        if tag == "w":
            return digest(sorted(self.texts.items()))
        if tag == "r":
            return digest(self.checks["r"](dep[1], dep[2], dep[3]))
        if tag == "p":
            return digest(self.checks["p"](dep[1], dep[2]))
        return self._never  # unknown: never equal to a stored value

    # --- reuse and record ---
    def reusable(self, output: str, template: str) -> PageRecord | None:
        if self.previous is None:
            return None
        rec = self.previous.pages.get(output)
        if rec is None or rec.template != template:
            return None
        for dep, stored in rec.reads.items():
            if self.value(dep) != stored:
                return None
        try:
            st = os.stat(self.out / output)
        except OSError:
            return None
        if st.st_size != rec.size or st.st_mtime_ns != rec.mtime_ns:
            return None
        if self.previous.racy(rec.mtime_ns) and (not rec.digest or file_digest(self.out / output) != rec.digest):
            return None  # possibly written again in the same tick: only its bytes can tell
        return rec

    # --- bodies (Markdown → HTML) of earlier builds, for the pages that are rendered again ---
    def _stored_bodies(self) -> dict[BodyKey, StoredBody]:
        if self._bodies is None:
            self._bodies = {}
            if self.previous is not None:
                raw = read_json(self.bodies_file)
                if isinstance(raw, dict) and raw.get("format") == FORMAT and raw.get("key") == self.key:
                    try:
                        self._bodies = bodies_from_json(raw["bodies"])
                    except (ValueError, TypeError, KeyError, AttributeError):
                        note_damaged(self.bodies_file)
                elif raw is not None and not (isinstance(raw, dict) and isinstance(raw.get("key"), str)):
                    note_damaged(self.bodies_file)
        return self._bodies

    def stored_body(self, key: BodyKey, entry: Dep) -> tuple[str, list[Problem], set[Dep]] | None:
        """A body of an earlier build when its entry and every link look-up it made are unchanged."""
        found = self._stored_bodies().get(key)
        if found is None or found[0] != entry or self.value(entry) != found[1]:
            return None
        if any(self.value(dep) != digest for dep, digest in found[4].items()):
            return None
        self.body_hits += 1
        return found[2], list(found[3]), set(found[4])

    def save_bodies(
        self,
        html: dict[BodyKey, str],
        problems: dict[BodyKey, list[Problem]],
        deps: dict[BodyKey, set[Dep]],
    ) -> None:
        """After a successful write: store the bodies of this build (skipped when all were stored)."""
        if self.body_hits == len(html) and html.keys() == self._stored_bodies().keys():
            return
        bodies: dict[BodyKey, StoredBody] = {}
        for key, text in html.items():
            lang, kind, slug = key
            site = self.sites.get(lang)
            entry = site.kind(kind).get(slug) if site is not None else None
            if entry is None:
                continue
            edep = ("e", entry.kind, entry.slug)
            found = deps.get(key, set())
            bodies[key] = (edep, self.value(edep), text, problems.get(key, []), {d: self.value(d) for d in found})
        write_json(self.bodies_file, {"format": FORMAT, "key": self.key, "bodies": bodies_to_json(bodies)})

    def forget(self) -> None:
        """Remove the stored pages and bodies: this build cannot vouch for what it read."""
        for file in (self.file, self.bodies_file):
            resident.keep(file, None, None)
            try:
                file.unlink()
            except OSError:
                pass

    def keep(self, output: str, rec: PageRecord) -> None:
        # A copy: `save` sets its size and time, and the previous manifest may be kept in memory
        # (resident.py), where it must stay what its bytes say.
        self.current.pages[output] = dataclasses.replace(rec)

    def record(
        self,
        output: str,
        template: str,
        reads: Iterable[Dep],
        bodies: list[BodyKey],
        body_problems: dict[BodyKey, list[Problem]],
    ) -> None:
        self.current.pages[output] = PageRecord(
            template,
            {dep: self.value(dep) for dep in sorted(reads)},
            bodies,
            {k: body_problems.get(k, []) for k in dict.fromkeys(bodies)},
        )

    def unchanged(self, artifacts: list[Artifact], assets: Iterable[Asset]) -> bool:
        """True when the previous output already is exactly what this build would write: every page
        reused, every other file the same bytes, and no other file in the folder."""
        prev = self.previous
        if prev is None or not prev.files:
            return False
        expected = {MARKER}
        for art in artifacts:
            expected.add(art.path)
            if art.link is None and not self._same_file(art.path, art.data, prev):
                return False
        for asset in assets:
            expected.add(asset.output)
            data = asset.data if asset.data is not None else _read(asset.source)
            if data is None or not self._same_file(asset.output, data, prev):
                return False
        files = output_files(self.out)
        return files is not None and set(files) == expected

    def _same_file(self, path: str, data: bytes, prev: Manifest) -> bool:
        rec = prev.files.get(path)
        if rec is None or rec[0] != len(data) or rec[2] != digest(data):
            return False
        try:
            st = os.stat(self.out / path, follow_symlinks=False)
        except OSError:
            return False
        if (st.st_size, st.st_mtime_ns) != rec[:2]:
            return False
        # Possibly written again in the same tick (by hand, by a build without the cache): the bytes tell.
        return not prev.racy(rec[1]) or file_digest(self.out / path) == rec[2]

    def save(
        self, stats: dict[str, tuple[int, int]], artifacts: Iterable[Artifact] = (), assets: Iterable[Asset] = ()
    ) -> None:
        """After a successful write: store each file's size and time (and the digest of those that
        are not pages, and of the pages written close to the end of the build), then the manifest."""
        manifest = self.current
        if stats:
            manifest.written_ns = max(mtime for _size, mtime in stats.values())
            manifest.racy_ns = racy_window(mtime for _size, mtime in stats.values())
        for output, rec in list(manifest.pages.items()):
            st = stats.get(output)
            if st is None:
                del manifest.pages[output]
                continue
            if (rec.size, rec.mtime_ns) != st:
                rec.digest = ""  # a new file (a reused page's file is linked: same size and time)
            rec.size, rec.mtime_ns = st
            if manifest.racy(rec.mtime_ns) and not rec.digest:
                # Pages may be written by worker processes, so their bytes are read back here; only
                # the few pages written in the build's last moments are.
                rec.digest = file_digest(self.out / output)
        others: list[tuple[str, bytes | None]] = [
            (a.path, a.data) for a in artifacts if a.link is None and a.path not in self.current.pages
        ]
        others += [(a.output, a.data if a.data is not None else _read(a.source)) for a in assets]
        for path, data in others:
            st = stats.get(path)
            if st is not None and data is not None:
                manifest.files[path] = (st[0], st[1], digest(data))
        resident.keep(self.file, write_json(self.file, manifest_to_json(manifest)), manifest)


# --- the cache files as JSON: data only, validated field by field when read (store.py) ---------


def _strs(value: object, n: int | None = None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or (n is not None and len(value) != n):
        raise ValueError("not a list of strings")
    return tuple(value)


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("not an integer")
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def _problem_to_json(p: Problem) -> list[object]:
    return [p.file, p.line, p.col, p.severity, p.message, p.hint, p.code]


def _problem_from_json(raw: object) -> Problem:
    if not isinstance(raw, list) or len(raw) != 7:
        raise ValueError("not a problem")
    file, line, col, severity, message, hint, code = raw
    if severity not in ("error", "warning"):
        raise ValueError("not a severity")
    return Problem(_str(file), _int(line), _int(col), severity, _str(message), _str(hint), _str(code))


def _body_key(raw: object) -> BodyKey:
    a, b, c = _strs(raw, 3)
    return (a, b, c)


def manifest_to_json(m: Manifest) -> dict[str, object]:
    return {
        "format": FORMAT,
        "key": m.key,
        "written_ns": m.written_ns,
        "racy_ns": m.racy_ns,
        "files": {path: list(rec) for path, rec in m.files.items()},
        "pages": {
            out: {
                "template": r.template,
                "reads": [[list(dep), d] for dep, d in r.reads.items()],
                "bodies": [list(b) for b in r.bodies],
                "problems": [[list(k), [_problem_to_json(p) for p in ps]] for k, ps in r.body_problems.items()],
                "size": r.size,
                "mtime_ns": r.mtime_ns,
                "digest": r.digest,
            }
            for out, r in m.pages.items()
        },
    }


def manifest_from_json(raw: dict[str, object]) -> Manifest:
    m = Manifest(_str(raw["key"]), written_ns=_int(raw["written_ns"]), racy_ns=_int(raw["racy_ns"]))
    files = raw["files"]
    pages = raw["pages"]
    if not isinstance(files, dict) or not isinstance(pages, dict):
        raise ValueError("not a manifest")
    for path, rec in files.items():
        if not isinstance(rec, list) or len(rec) != 3:
            raise ValueError("not a file record")
        m.files[_str(path)] = (_int(rec[0]), _int(rec[1]), _str(rec[2]))
    for out, page in pages.items():
        if not isinstance(page, dict):
            raise ValueError("not a page record")
        reads: dict[Dep, str] = {}
        for item in page["reads"]:
            if not isinstance(item, list) or len(item) != 2:
                raise ValueError("not a read")
            reads[_strs(item[0])] = _str(item[1])
        problems: dict[BodyKey, list[Problem]] = {}
        for item in page["problems"]:
            if not isinstance(item, list) or len(item) != 2 or not isinstance(item[1], list):
                raise ValueError("not body problems")
            problems[_body_key(item[0])] = [_problem_from_json(p) for p in item[1]]
        bodies = page["bodies"]
        if not isinstance(bodies, list):
            raise ValueError("not bodies")
        m.pages[_str(out)] = PageRecord(
            _str(page["template"]),
            reads,
            [_body_key(b) for b in bodies],
            problems,
            _int(page["size"]),
            _int(page["mtime_ns"]),
            _str(page["digest"]),
        )
    return m


def bodies_to_json(bodies: dict[BodyKey, StoredBody]) -> list[object]:
    return [
        [
            list(key),
            list(edep),
            d,
            html,
            [_problem_to_json(p) for p in problems],
            [[list(k), v] for k, v in deps.items()],
        ]
        for key, (edep, d, html, problems, deps) in bodies.items()
    ]


def bodies_from_json(raw: object) -> dict[BodyKey, StoredBody]:
    if not isinstance(raw, list):
        raise ValueError("not bodies")
    out: dict[BodyKey, StoredBody] = {}
    for item in raw:
        if not isinstance(item, list) or len(item) != 6 or not all(isinstance(x, list) for x in item[4:]):
            raise ValueError("not a body")
        deps: dict[Dep, str] = {}
        for dep in item[5]:
            if not isinstance(dep, list) or len(dep) != 2:
                raise ValueError("not a dependency")
            deps[_strs(dep[0])] = _str(dep[1])
        out[_body_key(item[0])] = (
            _strs(item[1]),
            _str(item[2]),
            _str(item[3]),
            [_problem_from_json(p) for p in item[4]],
            deps,
        )
    return out
