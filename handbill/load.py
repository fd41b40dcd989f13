"""Stage 2: content/ → SourceFile.  Kind, slug and language come from the path; the front matter is
split off and parsed as safe YAML with the position of every field.

    content/<kind>/<slug>.md        the entry in the default language
    content/<kind>/<slug>.<lang>.md its translation

Nothing outside content/ is read: symbolic links are refused, dotfiles and editor debris skipped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .messages import t
from .problems import CURRENT, Problems, did_you_mean
from .schema import KIND_MODELS
from .text import check_slug, check_values, read_source
from .text import slugged as _slugged
from .yamlsafe import Path_, Pos, parse_yaml

if TYPE_CHECKING:  # the pipeline hands it in; the incremental machinery comes later in the order
    from .incremental.yamlcache import YamlCache

CONTENT_DIR = "content"
#: The body `build.py new` writes (scaffold.py); a published entry that still has it gets a warning.
BODY_PLACEHOLDER = "Tulis teks di sini dalam Markdown. / Write the body here in Markdown."


#: A name that means a content file but does not end in ".md": pembukaan.MD, .markdown, .md.txt
_MARKDOWN_NAME = re.compile(r"(?P<stem>.+?)\.(?i:md|markdown|mdown|mkd)(?:\.(?i:txt))?")
_IMAGE_NAME = re.compile(r"(?i)\.(jpe?g|png|gif|webp|avif|svg|heic|tiff?)$")
#: what a translation's suffix looks like (en, id, jv, ace): a code, not a typo of one
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
#: language names editors write instead of the code
_LANGUAGE_NAMES = {
    "english": "en",
    "inggris": "en",
    "eng": "en",
    "indonesia": "id",
    "indonesian": "id",
    "ind": "id",
    "bahasa": "id",
}

_DEBRIS = re.compile(r"(^\.|^#.*#$|~$|\.sw[a-p]$|\.tmp$|\.bak$|\.orig$|^4913$)")


@dataclass
class SourceFile:
    kind: str
    slug: str
    lang: str
    rel: str  # path relative to the site root, '/'-separated, as messages show it
    path: Path
    data: dict[str, Any] = field(default_factory=dict)
    positions: dict[Path_, Pos] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    text: str = ""  # the whole normalised text, for the content hash


def is_debris(name: str) -> bool:
    """Dotfiles, editor swap/backup files: never content, never published."""
    return bool(_DEBRIS.search(name))


def split_front_matter(text: str, rel: str, problems: Problems) -> tuple[str, str, int] | None:
    """(yaml text, body, body start line) or None.  The YAML starts on line 2 of the file."""
    lines = text.split("\n")
    if not text.strip():
        problems.add(
            rel,
            1,
            1,
            t("load.empty"),
            t("load.empty.hint"),
            code="no-front-matter",
        )
        return None
    if not lines or lines[0].rstrip() != "---":
        problems.add(
            rel,
            1,
            1,
            t("load.no-front-matter"),
            t("load.no-front-matter.hint"),
            code="no-front-matter",
        )
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in {"---", "..."}:
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    problems.add(
        rel,
        1,
        1,
        t("load.unclosed"),
        t("load.unclosed.hint"),
        code="unclosed-front-matter",
    )
    return None


def parse_source(
    path: Path, rel: str, kind: str, slug: str, lang: str, problems: Problems, cache: YamlCache | None = None
) -> SourceFile | None:
    text = read_source(path, rel, problems)
    if text is None:
        return None
    split = split_front_matter(text, rel, problems)
    if split is None:
        return None
    yaml_text, body, body_line = split
    parsed = cache.parse(yaml_text, 1) if cache is not None else parse_yaml(yaml_text, line_offset=1)
    for line, col, message, hint in parsed.errors:
        problems.add(rel, line, col, message, hint, code="yaml")
    if parsed.errors:
        return None
    data = parsed.data
    if data is None or data == {}:
        data = {}
    if not isinstance(data, dict):
        problems.add(
            rel,
            2,
            1,
            t("load.not-mapping"),
            t("load.not-mapping.hint"),
            code="not-mapping",
        )
        return None
    # Escapes in quoted YAML ("\x1b", "\u2028") make characters the file check could not see.
    if not check_values(data, parsed.positions, rel, problems, start=(2, 1)):
        return None
    return SourceFile(kind, slug, lang, rel, path, data, parsed.positions, body, body_line, text)


def _entries(directory: Path) -> Iterator[os.DirEntry[str]]:
    with os.scandir(directory) as it:
        # Sorted so that messages and outputs never depend on directory order.
        yield from sorted(it, key=lambda e: e.name)


def load_content(
    root: Path,
    languages: tuple[str, ...],
    problems: Problems,
    broken: set[tuple[str, str]] | None = None,
    cache: YamlCache | None = None,
) -> list[SourceFile]:
    """Every content file, parsed.  Files that fail are reported and their (kind, slug) added to `broken`,
    so that later stages do not report references to them a second time."""
    content = root / CONTENT_DIR
    sources: list[SourceFile] = []
    missing: dict[str, list[str]] = {}  # a language code not in site.yaml → the files named with it
    if not content.is_dir():
        problems.warn(CONTENT_DIR, 0, 0, t("load.no-content"), t("load.no-content.hint"), code="no-content")
        return sources
    default = languages[0]
    for kind_entry in _entries(content):
        if is_debris(kind_entry.name):
            continue
        kind_rel = f"{CONTENT_DIR}/{kind_entry.name}"
        if kind_entry.is_symlink():
            problems.add(kind_rel, 0, 0, t("load.symlink"), t("load.symlink.folder-hint"), code="symlink")
            continue
        if not kind_entry.is_dir():
            problems.warn(kind_rel, 0, 0, t("load.loose-file"), t("load.loose-file.hint"), code="ignored")
            continue
        if kind_entry.name not in KIND_MODELS:
            problems.add(
                kind_rel,
                0,
                0,
                t("load.unknown-kind", kind=kind_entry.name),
                did_you_mean(kind_entry.name, KIND_MODELS),
                code="unknown-kind",
            )
            continue
        entries = list(_entries(Path(kind_entry.path)))
        in_folder = {e.name for e in entries}
        for entry in entries:
            name = entry.name
            rel = f"{kind_rel}/{name}"
            if is_debris(name):
                continue
            if entry.is_symlink():
                problems.add(rel, 0, 0, t("load.symlink"), t("load.symlink.file-hint"), code="symlink")
                continue
            if entry.is_dir():
                problems.warn(rel, 0, 0, t("load.subfolder"), t("load.subfolder.hint"), code="ignored")
                continue
            if not name.endswith(".md"):
                meant = _MARKDOWN_NAME.fullmatch(name)
                if meant is None:
                    hint = t("load.not-md.hint") if _IMAGE_NAME.search(name) else t("load.not-md.other-hint")
                    problems.warn(rel, 0, 0, t("load.not-md"), hint, code="ignored")
                    continue
                # pembukaan.MD, .markdown, .md.txt: content the build would silently leave out.
                fixed = f"{meant['stem']}.md"
                problems.add(rel, 0, 0, t("load.md-name"), t("load.rename", name=fixed), code="not-md")
                _meant(broken, kind_entry.name, meant["stem"].partition(".")[0])
                continue
            stem = name[:-3]
            if stem.lower().endswith((".md", ".markdown")):  # pembukaan.en.md.md: the extension typed twice
                fixed = _strip_md(stem)
                if f"{fixed}.md" in in_folder:  # pembukaan.md.md beside pembukaan.md: a rename would overwrite it
                    hint = t("load.translation-name.exists-hint", name=f"{fixed}.md")
                else:
                    hint = t("load.rename", name=f"{fixed}.md")
                problems.add(rel, 0, 0, t("load.md-twice"), hint, code="not-md")
                _meant(broken, kind_entry.name, fixed.partition(".")[0])
                continue
            translation = _translation_meant(stem, languages, in_folder)
            if translation is not None:  # pembukaan-en.md, pembukaan_en.md, 'pembukaan en.md'
                if translation in in_folder:  # a copy beside the real translation: renaming would overwrite it
                    hint = t("load.translation-name.exists-hint", name=translation)
                else:
                    hint = t("load.rename", name=translation)
                problems.add(rel, 0, 0, t("load.translation-name"), hint, code="translation-name")
                _meant(broken, kind_entry.name, stem)
                continue
            slug, _, lang = stem.partition(".")
            if lang:
                if lang == default:
                    problems.add(
                        rel,
                        0,
                        0,
                        t("load.default-suffix", lang=lang),
                        t("load.rename", name=f"{slug}.md"),
                        code="unknown-language",
                    )
                    _meant(broken, kind_entry.name, slug)
                    continue
                if lang not in languages:
                    fix = _LANGUAGE_NAMES.get(lang.lower(), lang.lower())
                    if fix in languages and fix != default:
                        hint = t("load.rename", name=f"{slug}.{fix}.md")
                    elif _LANGUAGE_CODE.fullmatch(lang):
                        # A whole language's files (a language taken out of site.yaml): one line for all.
                        missing.setdefault(lang, []).append(rel)
                        continue
                    else:
                        names = ", ".join(languages)
                        hint = t("load.unknown-language.hint", languages=names, default=default, slug=slug)
                    problems.add(rel, 0, 0, t("load.unknown-language", lang=lang), hint, code="unknown-language")
                    continue
            else:
                lang = default
            why = check_slug(slug)
            if why:
                fixed = _slugged(slug)
                if fixed and fixed != slug and check_slug(fixed) is None:
                    why = f"{why}; " + t("load.rename", name=f"{fixed}{name[len(slug) :]}")
                problems.add(rel, 0, 0, t("load.bad-slug", slug=slug), why, code="bad-slug")
                _meant(broken, kind_entry.name, slug)
                continue
            CURRENT.set(rel)
            source = parse_source(Path(entry.path), rel, kind_entry.name, slug, lang, problems, cache)
            if source is not None:
                sources.append(source)
            elif broken is not None:
                broken.add((kind_entry.name, slug))
    for lang, files in sorted(missing.items()):
        if len(files) == 1:  # one file: more likely a slip in its name than a language left out
            slug = files[0].rsplit("/", 1)[-1].split(".")[0]
            hint = t("load.unknown-language.hint", languages=", ".join(languages), default=default, slug=slug)
            problems.add(files[0], 0, 0, t("load.unknown-language", lang=lang), hint, code="unknown-language")
            continue
        problems.add(
            files[0],
            0,
            0,
            t("load.language-not-in-site", lang=lang, n=len(files)),
            t("load.language-not-in-site.hint", lang=lang, languages=", ".join(languages)),
            code="unknown-language",
        )
    return sources


def _meant(broken: set[tuple[str, str]] | None, kind: str, name: str) -> None:
    """A file refused for its name still stands for the entry its editor meant (`Pembukaan.md`,
    `pembukaan.id.md`): references and links to that entry are not reported a second time."""
    if broken is None:
        return
    broken.add((kind, name))
    broken.add((kind, _slugged(name)))


#: `pembukaan-en`, `pembukaan_en`, `pembukaan en`, `pembukaan-english`: a translation named like an entry
_SUFFIXED = re.compile(r"(?P<slug>.+)[-_ ](?P<lang>[A-Za-z]{2,10})")


def _translation_meant(stem: str, languages: tuple[str, ...], names: set[str]) -> str | None:
    """The name `pembukaan-en.md` was meant to have (`pembukaan.en.md`): when the stem ends in a language
    of the site other than the default, joined by '-', '_' or a space, and `pembukaan.md` is in the same
    folder.  None otherwise (`diskusi-en.md` without `diskusi.md` may be an entry of its own)."""
    found = _SUFFIXED.fullmatch(stem)
    if found is None:
        return None
    code = _LANGUAGE_NAMES.get(found["lang"].lower(), found["lang"].lower())
    if code not in languages[1:]:
        return None
    for base in (found["slug"], _slugged(found["slug"])):
        if f"{base}.md" in names:
            return f"{base}.{code}.md"
    return None


def _strip_md(stem: str) -> str:
    """'pembukaan.en.md' (of pembukaan.en.md.md) → 'pembukaan.en'."""
    while True:
        lower = stem.lower()
        if lower.endswith(".md"):
            stem = stem[:-3]
        elif lower.endswith(".markdown"):
            stem = stem[:-9]
        else:
            return stem
