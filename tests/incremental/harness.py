"""The differential harness of issue #10: random edit sequences on a small two-language site; after
every step the incremental rebuild (caches and memo on, same output folder) must equal a build from
scratch (a fresh copy, no cache, a new output folder): the whole tree byte for byte, the exit status
and the report.  The same through the preview's rebuild (serve.Preview.rebuild, no HTTP).

Seeded (random.Random(seed)); a failure names the seed and the steps that led to it, so that a
divergence becomes a regression test by adding its seed to tests/incremental/test_differential.py."""

from __future__ import annotations

import io
import os
import re
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from handbill import THEME_DIR
from handbill.formats import calendar, share
from handbill.pipeline import Options, build
from handbill.problems import ConfigError, format_report

SITE_YAML = """\
title: {id: Acara Uji, en: Test Event}
base_url: /
languages: [id, en]
event:
  name: Acara Uji
  start: 2025-12-11
  end: 2025-12-12
  timezone: Asia/Jakarta
  timezone_label: WIB
  venue:
    name: Gedung Uji
rooms:
  - {id: ballroom, name: {id: Ballroom, en: Ballroom}}
  - {id: studio, name: {id: Studio, en: Studio}}
tracks:
  - {id: kebijakan, name: {id: Kebijakan, en: Policy}, color: "#8a3b12"}
subsectors:
  - {id: kriya, name: {id: Kriya, en: Crafts}}
navigation:
  - section: agenda
  - section: speakers
  - section: news
"""

FILES = {
    "content/speakers/ani-wulan.md": "---\nname: Ani Wulan\nrole: Kurator\ncity: kota-bandung\n---\nAni adalah kurator.\n",
    "content/speakers/ani-wulan.en.md": "---\nrole: Curator\n---\nAni is a curator.\n",
    "content/speakers/budi-santo.md": "---\nname: Budi Santo\nrole: Perajin\n---\nBudi membuat tenun.\n",
    "content/sessions/sesi-buka.md": (
        "---\ntitle: Pembukaan\nstart: 2025-12-11 09:00\nend: 2025-12-11 10:00\nroom: ballroom\n"
        "track: kebijakan\nspeakers: [ani-wulan]\ncity: kota-bandung\nbooths: [booth-kopi]\n---\n"
        "Sambutan. Lihat [Bandung](../cities/kota-bandung.md).\n"
    ),
    "content/sessions/sesi-buka.en.md": "---\ntitle: Opening\n---\nWelcome. See [Bandung](../cities/kota-bandung.md).\n",
    "content/sessions/sesi-diskusi.md": (
        "---\ntitle: Diskusi Kriya\nstart: 2025-12-11 11:00\nend: 2025-12-11 12:00\nroom: studio\n"
        "speakers: [budi-santo, ani-wulan]\n---\nDiskusi tentang kriya.\n\n## Bagian\n\nLanjutan.\n"
    ),
    "content/sessions/sesi-diskusi.en.md": "---\ntitle: Crafts Talk\n---\n",
    "content/booths/booth-kopi.md": '---\nname: Kopi Nusantara\nnumber: "01"\ncity: kota-bandung\n---\nKopi.\n',
    "content/cities/kota-bandung.md": "---\nname: Kota Bandung\ntype: kota\nprovince: Jawa Barat\n---\nKota desain.\n",
    "content/cities/kota-bandung.en.md": "---\nname: Bandung City\n---\nA city of design.\n",
    "content/news/kabar-satu.md": (
        "---\ntitle: Kabar Pertama\ndate: 2025-12-01\nsessions: [sesi-buka]\ncities: [kota-bandung]\n---\n"
        "Baca [sesi](../sessions/sesi-diskusi.md#bagian).\n"
    ),
    "content/pages/tentang.md": "---\ntitle: Tentang\nmenu: 1\n---\nTentang acara.\n",
    "content/pages/tentang.en.md": "---\ntitle: About\n---\nAbout the event.\n",
}

#: Theme files the site overrides (so that the harness may edit them): an extended template, an
#: included one, the interface strings, the stylesheet.
OVERRIDES = ("templates/base.html", "templates/_macros.html", "templates/i18n/en.yaml", "assets/css/site.css")


# A tiny valid PNG (1×1), and a second one.
def _photo(n: int) -> bytes:
    """A 400×300 photo (wide enough for the photo pipeline), colour n of three."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (400, 300), ((40, 90, 160), (200, 120, 30), (30, 140, 60))[n]).save(buf, "PNG")
    return buf.getvalue()


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)


def make_fixture(root: Path) -> None:
    root.mkdir(parents=True)
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel in OVERRIDES:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(THEME_DIR / rel, path)


def tree(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Outcome:
    status: int
    report: str
    files: dict[str, bytes]


def run_build(root: Path, out: Path, options: Options) -> Outcome:
    try:
        result = build(root, options)
    except ConfigError as exc:
        return Outcome(2, format_report(exc.problems), tree(out))
    status = 0 if result.ok else 1
    return Outcome(status, format_report(result.problems, strict=options.strict), tree(out))


def clean_build(root: Path, scratch: Path, drafts: bool = False, base_url: str | None = None) -> Outcome:
    """From scratch: a fresh copy of the inputs, no cache at all (nor the in-process memories), a
    new output folder."""
    if scratch.exists():
        shutil.rmtree(scratch)
    copy = scratch / "site"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".handbill-cache", "_site", "_preview"), symlinks=True)
    share._MEMORY.items.clear()
    calendar._MEMORY.items.clear()
    out = scratch / "out"
    return run_build(copy, out, Options(out=out, cache=False, memo=False, drafts=drafts, base_url=base_url))


# ---------------------------------------------------------------- edits


def _read(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _content(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "content").rglob("*.md"))


def _originals(root: Path) -> list[str]:
    return [rel for rel in _content(root) if rel.count(".") == 1]


def _split(text: str) -> tuple[str, str]:
    parts = text.split("---\n", 2)
    if len(parts) == 3 and parts[0] == "":
        return parts[1], parts[2]
    return "", text


class _Skip(Exception):
    """An edit that does not apply to the site as it is now."""


TITLE_FIELD = {"speakers": "name", "booths": "name", "cities": "name"}


@dataclass
class Editor:
    root: Path
    rng: Random
    counter: int = 0
    history: dict[str, list[str]] = field(default_factory=dict)  # rel → earlier texts
    broken: dict[str, str] = field(default_factory=dict)  # rel → its text before it was broken

    def pick(self, items: list[str]) -> str:
        """A random one of `items`; an empty list (every file deleted) raises _Skip: the edit does not apply."""
        if not items:
            raise _Skip
        return self.rng.choice(items)

    def word(self) -> str:
        self.counter += 1
        return f"v{self.counter}"

    def save(self, rel: str, text: str) -> None:
        path = self.root / rel
        if path.is_file():
            self.history.setdefault(rel, []).append(path.read_text(encoding="utf-8"))
        _write(self.root, rel, text)

    # each edit returns a description, or None when it does not apply now
    def add_translation(self) -> str | None:
        missing = [o for o in _originals(self.root) if not (self.root / o.replace(".md", ".en.md")).exists()]
        if not missing:
            return None
        rel = self.rng.choice(missing)
        kind = rel.split("/")[1]
        key = TITLE_FIELD.get(kind, "title")
        body = self.rng.choice(["", f"English text {self.word()}.\n"])
        self.save(rel.replace(".md", ".en.md"), f"---\n{key}: English {self.word()}\n---\n{body}")
        return f"add translation of {rel} ({'with' if body else 'without'} body)"

    def edit_front(self) -> str | None:
        rel = self.pick(_content(self.root))
        front, body = _split(_read(self.root, rel))
        kind = rel.split("/")[1]
        key = TITLE_FIELD.get(kind, "title")
        if not re.search(rf"^{key}: ", front, re.M):
            front += f"{key}: Added {self.word()}\n"
        else:
            front = re.sub(rf"^{key}: .*$", f"{key}: Edited {self.word()}", front, count=1, flags=re.M)
        self.save(rel, f"---\n{front}---\n{body}")
        return f"front matter of {rel}"

    def edit_body(self) -> str | None:
        rel = self.pick(_content(self.root))
        front, body = _split(_read(self.root, rel))
        body = self.rng.choice(["", body + f"More {self.word()}.\n", f"Only {self.word()}.\n"])
        self.save(rel, f"---\n{front}---\n{body}")
        return f"body of {rel}"

    def delete_translation(self) -> str | None:
        found = [r for r in _content(self.root) if r.endswith(".en.md")]
        if not found:
            return None
        rel = self.rng.choice(found)
        self.history.setdefault(rel, []).append(_read(self.root, rel))
        (self.root / rel).unlink()
        return f"delete {rel}"

    def add_entry(self) -> str | None:
        kind = self.rng.choice(["sessions", "speakers", "news", "pages"])
        slug = f"baru-{self.word()}"
        text = {
            "sessions": f"---\ntitle: Sesi {slug}\nstart: 2025-12-12 09:00\nend: 2025-12-12 10:00\nroom: studio\n"
            "speakers: [budi-santo]\n---\nIsi.\n",
            "speakers": f"---\nname: Orang {slug}\n---\nBio.\n",
            "news": f"---\ntitle: Kabar {slug}\ndate: 2025-12-0{self.rng.randint(1, 9)}\n---\nIsi.\n",
            "pages": f"---\ntitle: Halaman {slug}\nmenu: {self.rng.randint(1, 3)}\n---\nIsi.\n",
        }[kind]
        self.save(f"content/{kind}/{slug}.md", text)
        return f"add content/{kind}/{slug}.md"

    def delete_entry(self) -> str | None:
        rel = self.pick(_originals(self.root))
        for path in (self.root / rel, self.root / rel.replace(".md", ".en.md")):
            if path.exists():
                self.history.setdefault(path.relative_to(self.root).as_posix(), []).append(path.read_text("utf-8"))
                path.unlink()
        return f"delete entry {rel} (references to it may break)"

    def rename_entry(self) -> str | None:
        rel = self.pick(_originals(self.root))
        kind, name = rel.split("/")[1:]
        old = name[:-3]
        new = f"{old.split('-r')[0]}-r{self.word()}"
        for path in list((self.root / "content").rglob("*.md")):
            text = path.read_text("utf-8")
            moved = path.name in (f"{old}.md", f"{old}.en.md") and path.parent.name == kind
            changed = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, text)
            if moved:
                path.unlink()
                path = path.with_name(path.name.replace(old, new, 1))
            if changed != text or moved:
                path.write_text(changed, encoding="utf-8")
        return f"rename {rel} → {new} (references updated)"

    def restore(self) -> str | None:
        candidates = [rel for rel, texts in self.history.items() if texts]
        if not candidates:
            return None
        rel = self.rng.choice(sorted(candidates))
        text = self.rng.choice(self.history[rel])
        _write(self.root, rel, text)
        return f"restore {rel} to an earlier content"

    def referenced_field(self) -> str | None:
        choice = self.rng.choice(["speaker", "city", "room", "track"])
        w = self.word()
        if choice == "room":
            text = _read(self.root, "site.yaml").replace("en: Studio", f"en: Studio {w}", 1)
            text = re.sub(r"en: Studio v\d+", f"en: Studio {w}", text)
            self.save("site.yaml", text)
            return "room name in site.yaml"
        if choice == "track":
            self.save("site.yaml", re.sub(r"en: Policy[^}]*", f"en: Policy {w}", _read(self.root, "site.yaml")))
            return "track name in site.yaml"
        kind = "speakers" if choice == "speaker" else "cities"
        found = [r for r in _originals(self.root) if r.split("/")[1] == kind]
        if not found:
            return None
        rel = self.rng.choice(found)
        self.save(rel, re.sub(r"^name: .*$", f"name: Nama {w}", _read(self.root, rel), count=1, flags=re.M))
        return f"name of {rel}"

    def toggle_draft(self) -> str | None:
        rel = self.pick(_originals(self.root))
        front, body = _split(_read(self.root, rel))
        if "draft: true\n" in front:
            front = front.replace("draft: true\n", "")
        else:
            front += "draft: true\n"
        self.save(rel, f"---\n{front}---\n{body}")
        return f"draft flag of {rel}"

    def edit_site_yaml(self) -> str | None:
        text = _read(self.root, "site.yaml")
        self.save("site.yaml", re.sub(r"en: Test Event[^}]*", f"en: Test Event {self.word()}", text))
        return "site title in site.yaml"

    def edit_strings(self) -> str | None:
        rel = "templates/i18n/en.yaml"
        text = _read(self.root, rel)
        if self.rng.random() < 0.3:
            text = re.sub(r"^  news: .*$", f"  news: news-{self.word()}", text, count=1, flags=re.M)
            what = "a path in the interface strings"
        else:
            text = re.sub(r"^  footer: .*$", f"  footer: Official event site {self.word()}", text, count=1, flags=re.M)
            what = "an interface string"
        self.save(rel, text)
        return what

    def edit_template(self) -> str | None:
        rel = self.rng.choice(["templates/base.html", "templates/_macros.html"])
        text = _read(self.root, rel)
        w = self.word()
        text = re.sub(r'data-v="v\d+" ', "", text)
        idx = self.rng.choice([m.start() for m in re.finditer(r'class="', text)] or [0])
        self.save(rel, text[:idx] + f'data-v="{w}" ' + text[idx:])
        return f"template {rel}"

    def edit_asset(self) -> str | None:
        rel = "assets/css/site.css"
        self.save(rel, _read(self.root, rel) + f"\n/* {self.word()} */\n")
        return "stylesheet"

    def add_image(self) -> str | None:
        path = self.root / "assets" / "img" / "foto.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        # A real photo in one of three colours (so that A→B→A happens; the photo pipeline makes its
        # renditions and keeps them in its cache, issue 15), or a 1×1 one (too small: an error line).
        choice = self.rng.randrange(4)
        path.write_bytes(
            _photo(choice)
            if choice < 3
            else (PNG if path.read_bytes() != PNG else PNG + b"\0")
            if path.exists()
            else PNG
        )
        rel = "content/speakers/budi-santo.md"
        if (self.root / rel).exists():
            text = _read(self.root, rel)
            if "photo:" not in text:
                self.save(rel, text.replace("---\n", "---\nphoto: img/foto.png\nphoto_alt: Foto\n", 1))
        return "image added or changed"

    def same_size_same_time(self) -> str | None:
        rel = self.pick(_content(self.root))
        path = self.root / rel
        st = path.stat()
        text = _read(self.root, rel)
        m = re.search(r"[a-z]", _split(text)[1])
        if m is None:
            return None
        start = len(text) - len(_split(text)[1]) + m.start()
        swapped = "x" if text[start] != "x" else "y"
        self.save(rel, text[:start] + swapped + text[start + 1 :])
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        return f"same-size edit of {rel} keeping its time"

    def break_file(self) -> str | None:
        if self.broken:
            rel, text = self.broken.popitem()
            _write(self.root, rel, text)
            return f"fix {rel}"
        rel = self.rng.choice(_content(self.root) + ["site.yaml"])
        self.broken[rel] = _read(self.root, rel)
        bad = self.rng.choice(["title: [unclosed\n", "start: tomorrow\n", "\tbad: tab\n"])
        if rel == "site.yaml":
            _write(self.root, rel, self.broken[rel] + "languages: [\n")
        else:
            front, body = _split(self.broken[rel])
            _write(self.root, rel, f"---\n{front}{bad}---\n{body}")
        return f"break {rel}"

    def rename_file(self) -> str | None:
        rel = self.pick(_content(self.root))
        path = self.root / rel
        tmp = path.with_name(path.name + ".tmp~")
        os.rename(path, tmp)
        os.rename(tmp, path)  # a new inode: what editors that save by renaming do
        return f"rename {rel} away and back"

    def touch(self) -> str | None:
        rel = self.rng.choice(_content(self.root) + ["site.yaml"])
        os.utime(self.root / rel)
        return f"touch {rel}"

    def edits(self) -> list[tuple[str, Callable[[], str | None], int]]:
        return [
            ("add_translation", self.add_translation, 4),
            ("edit_front", self.edit_front, 4),
            ("edit_body", self.edit_body, 3),
            ("delete_translation", self.delete_translation, 2),
            ("add_entry", self.add_entry, 2),
            ("delete_entry", self.delete_entry, 1),
            ("rename_entry", self.rename_entry, 1),
            ("restore", self.restore, 2),
            ("referenced_field", self.referenced_field, 2),
            ("toggle_draft", self.toggle_draft, 1),
            ("edit_site_yaml", self.edit_site_yaml, 1),
            ("edit_strings", self.edit_strings, 1),
            ("edit_template", self.edit_template, 1),
            ("edit_asset", self.edit_asset, 1),
            ("add_image", self.add_image, 1),
            ("same_size_same_time", self.same_size_same_time, 2),
            ("break_file", self.break_file, 2),
            ("rename_file", self.rename_file, 1),
            ("touch", self.touch, 1),
        ]

    def step(self) -> str:
        edits = self.edits()
        while True:
            name, fn, _w = self.rng.choices(edits, weights=[w for *_x, w in edits])[0]
            try:
                done = fn()
            except _Skip:
                continue
            if done is not None:
                return f"{name}: {done}"


# ---------------------------------------------------------------- the property


def diff(expected: Outcome, got: Outcome) -> str:
    lines = []
    if expected.status != got.status:
        lines.append(f"exit status {got.status}, from scratch {expected.status}")
    if expected.report != got.report:
        lines.append(
            f"report:\n{textwrap.indent(got.report, '  ')}\nfrom scratch:\n{textwrap.indent(expected.report, '  ')}"
        )
    if expected.status == 0 or got.status == 0:
        a, b = expected.files, got.files
        only_a = sorted(set(a) - set(b))
        only_b = sorted(set(b) - set(a))
        differ = sorted(k for k in set(a) & set(b) if a[k] != b[k])
        if only_a or only_b or differ:
            lines.append(f"tree: missing {only_a[:5]}, extra {only_b[:5]}, different {differ[:8]}")
    return "\n".join(lines)


HOOKS = ("build_sites", "build_graph", "write_site")


def saved_during_build(root: Path, out: Path, editor: Editor, hook: str) -> str:
    from handbill import pipeline

    original = getattr(pipeline, hook)
    said: list[str] = []

    def wrapped(*args: object, **kwargs: object) -> object:
        if not said:
            said.append(editor.step())
        return original(*args, **kwargs)

    setattr(pipeline, hook, wrapped)
    try:
        run_build(root, out, Options(out=out))
    finally:
        setattr(pipeline, hook, original)
    return f"{said[0] if said else 'nothing'} (at {hook})"


def empty_content(root: Path) -> None:
    """Every content file deleted: the state a long sequence of deletions reaches (seed 3018 did, at
    its 100th step), where an edit that needs an entry does not apply."""
    for path in sorted((root / "content").rglob("*.md")):
        path.unlink()


def run_sequence(
    tmp: Path,
    seed: int,
    steps: int,
    preview: bool = True,
    log: Callable[[str], None] = print,
    start: Callable[[Path], None] | None = None,
) -> None:
    """Apply `steps` random edits; after each, compare (AssertionError naming the seed on a divergence).
    `start` changes the fixture before the first build (e.g. empty_content)."""
    from handbill.serve import Preview

    rng = Random(seed)
    root = tmp / f"site-{seed}"
    make_fixture(root)
    if start is not None:
        start(root)
    editor = Editor(root, rng)
    out = root / "_site"
    viewer = Preview(root, root / "_preview", "127.0.0.1", 0, stream=io.StringIO()) if preview else None
    done: list[str] = []
    for step in range(steps + 1):
        if step and rng.random() < 0.1:
            # A file saved while a build runs: the edit happens inside the build (after the content
            # was read, or after the pages were rendered); that build may show either state, the
            # next one must be exact.
            done.append("during a build: " + saved_during_build(root, out, editor, rng.choice(HOOKS)))
        elif step:
            done.append(editor.step())
        got = run_build(root, out, Options(out=out))
        # An output that failed keeps the previous one: compare with what a clean build leaves, which
        # is no folder at all only when no build ever succeeded; so compare trees only on success.
        expected = clean_build(root, tmp / "scratch")
        problem = diff(expected, got)
        if not problem and viewer is not None:
            state = viewer.rebuild()
            shown = Outcome(0 if state.ok else 1, format_report(state.problems), tree(root / "_preview"))
            wanted = clean_build(root, tmp / "scratch-preview", drafts=True, base_url="/")
            if wanted.status == 2:
                wanted.status = 1  # the preview reports a configuration error as problems, keeps serving
            problem = diff(wanted, shown)
            if problem:
                problem = "preview: " + problem
        if problem:
            steps_text = "\n".join(f"  {i + 1}. {d}" for i, d in enumerate(done))
            raise AssertionError(f"seed {seed}, after step {step}:\n{steps_text}\n{problem}")
    log(f"seed {seed}: {steps} steps, no divergence")
