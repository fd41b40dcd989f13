"""Stage 5: Markdown bodies → safe HTML, with links between content files resolved to URLs.

Python-Markdown with tables, fenced code, footnotes and heading ids.  Raw HTML is escaped (the
html_block preprocessor and the inline html pattern are removed, so `<script>` is shown as text)
unless site.yaml sets `allow_raw_html`, in which case nh3 keeps only an allow-list.

Links: `[Bandung](../cities/bandung.md)` is resolved against the file it is written in and becomes
the URL of that entry in the page's language; a link to a missing file is an error at its line.
`javascript:` and other unsafe schemes are dropped with a warning; images must be under assets/.
"""

from __future__ import annotations

import functools
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape as html_escape
from html import unescape as html_unescape
from urllib.parse import unquote

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import remove_fnrefs, render_inner_html, strip_tags, unique
from markdown.extensions.toc import slugify as toc_slugify
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import AtomicString

from .links import AssetIndex, leaves_site, link_problem, normalise_url, split_url
from .messages import t
from .problems import Problems, close_match

EXTENSIONS = ["tables", "fenced_code", "footnotes", "sane_lists"]

_RAW_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}


@dataclass
class LinkContext:
    """What the tree processor needs to know about the body being converted."""

    source: str = ""  # content/sessions/x.md
    body: str = ""
    body_line: int = 1
    resolve: Callable[[str, str], str | None] = lambda kind, slug: None  # (kind, slug) → URL in this language
    site_path: Callable[[str], str | None] = lambda path: None  # '/agenda/' → URL, or None if no such page
    anchors: Callable[[str, str], set[str] | None] = lambda kind, slug: None  # heading ids of an entry's body
    problems: Problems | None = None
    report: bool = True
    searched: dict[str, int] = field(default_factory=dict)
    #: (kind, slug) of an entry whose file exists but failed (its own error is reported): no second line
    failed: Callable[[str, str], bool] = lambda kind, slug: False
    #: (kind, slug) of an entry left out of this build as a draft
    draft: Callable[[str, str], bool] = lambda kind, slug: False
    #: the ids of a kind's entries, for "did you mean" and for a hint's example
    known: Callable[[str], list[str]] = lambda kind: []

    def line_of(self, needle: str) -> int:
        return self.position_of(needle)[0]

    def position_of(self, needle: str) -> tuple[int, int]:
        """Line and column in the file of the next occurrence of `needle` in the body (links are found
        in order); column 0 when it cannot be found."""
        start = self.searched.get(needle, 0)
        at = self.body.find(needle, start) if needle else -1
        if at < 0 and needle:
            at = self.body.find(needle)
        if at < 0:
            return self.body_line, 0
        self.searched[needle] = at + 1
        return self.body_line + self.body.count("\n", 0, at), at - (self.body.rfind("\n", 0, at) + 1) + 1

    def error(self, needle: str, message: str, hint: str, warning: bool = False) -> None:
        if self.problems is None or not self.report:
            return
        line, col = self.position_of(needle)
        if warning:
            self.problems.warn(self.source, line, col, message, hint, code="body-link")
        else:
            self.problems.add(self.source, line, col, message, hint, code="body-link")


class _LinkProcessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, renderer: MarkdownRenderer) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: etree.Element) -> None:
        ctx = self.renderer.ctx
        for el in root.iter():
            if el.tag == "a" and "href" in el.attrib:
                new = self.renderer.rewrite_href(unescape_placeholders(el.attrib["href"]), ctx)
                if new is None:
                    del el.attrib["href"]
                else:
                    el.set("href", new)
            elif el.tag == "img" and "src" in el.attrib:
                new = self.renderer.rewrite_src(unescape_placeholders(el.attrib["src"]), ctx)
                if new is None:
                    el.attrib.pop("src")
                else:
                    el.set("src", new)
                el.set("loading", "lazy")
            elif el.tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and el.tag == "h1":
                el.tag = "h2"  # the page title is the only h1


_PLACEHOLDER = re.compile(f"{markdown.util.STX}([0-9]+){markdown.util.ETX}")


def unescape_placeholders(value: str) -> str:
    """An attribute as it will be written.  Python-Markdown keeps a backslash-escaped character as a
    placeholder until its last tree processor: a link written with two escaped backslashes would be
    judged as '9292evil' and then published as two backslashes, which browsers read as //evil."""
    return _PLACEHOLDER.sub(lambda m: chr(int(m.group(1))), value)


#: Inline patterns that cannot match a text without one of these characters, by name and by the
#: exact regular expression checked (Python-Markdown 3.11): a pattern whose expression differs in
#: another version is simply always tried.
_TRIGGERS: dict[str, tuple[str, str]] = {
    "backtick": ("`", r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)"),
    "escape": ("\\", r"\\(.)"),
    "footnote": ("[", r"\[\^([^\]]*)\]"),
    "reference": ("[", r"(?<!\!)\["),
    "link": ("[", r"(?<!\!)\["),
    "image_link": ("[", r"\!\["),
    "image_reference": ("[", r"\!\["),
    "short_reference": ("[", r"(?<!\!)\["),
    "short_image_ref": ("[", r"\!\["),
    "autolink": ("<", r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>"),
    "automail": ("<", r"<([^<> !]+@[^@<> ]+)>"),
    "linebreak": ("\n", r"  \n"),
    "entity": ("&", r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)"),
    "em_strong": ("*_", r"\*|_"),
}


class _TriggeredInline(InlineProcessor):
    """Python-Markdown's inline processor, skipping the patterns whose trigger character is not in
    the text.  The stock processor runs every pattern's expression over every piece of text (14
    patterns); most pieces of prose have no backtick, bracket, '<', '&' or backslash, so this saves
    about a quarter of each conversion.  Output is identical: a skipped pattern could not have
    matched (tests/unit/test_markdown_inline.py compares with the stock processor).  It overrides
    the stock method of the same (private) name and is only installed when that method exists."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        registry = md.inlinePatterns
        patterns = list(registry)  # in priority order, as the stock processor walks them
        self.triggers: list[str | None] = [None] * len(patterns)
        for name, (trigger, expression) in _TRIGGERS.items():
            if name in registry:
                index = registry.get_index_for_name(name)
                compiled = getattr(patterns[index], "compiled_re", None)
                if compiled is not None and compiled.pattern == expression and 1 <= len(trigger) <= 2:
                    self.triggers[index] = trigger
        self.inlinePatterns = patterns  # type: ignore[assignment]  # a list: indexing the Registry costs more

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        patterns, triggers = self.inlinePatterns, self.triggers
        start, count = 0, len(patterns)
        while patternIndex < count:
            trigger = triggers[patternIndex]
            # (Written out: a generator expression here cost as much as the patterns it skipped.)
            if trigger is not None and trigger[0] not in data and (len(trigger) == 1 or trigger[1] not in data):
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def _install_triggered_inline(md: markdown.Markdown) -> None:
    """Call once every extension is registered: the processor keeps the patterns as they are then."""
    if not hasattr(InlineProcessor, "_InlineProcessor__handleInline") or not hasattr(
        InlineProcessor, "_InlineProcessor__applyPattern"
    ):
        return  # another Python-Markdown: keep its own processor
    # Re-registered under its own name and priority (20 in every version so far).
    known = getattr(md.treeprocessors, "_priority", [])
    priority = next((item.priority for item in known if item.name == "inline"), 20)
    md.treeprocessors.register(_TriggeredInline(md), "inline", priority)


_HEADING = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _HeadingIds(Treeprocessor):
    """The heading ids of Python-Markdown's toc extension, and nothing else: that extension also
    builds, serialises and post-processes a table of contents for every body, which nobody reads
    here and which cost a tenth of the conversion.  Same helpers, same order, so the ids are the
    ones toc gives (tests/unit compare them with `heading_ids`)."""

    def run(self, root: etree.Element) -> None:
        used = {el.attrib["id"] for el in root.iter() if "id" in el.attrib}
        for el in root.iter():
            if el.tag in _HEADING and "id" not in el.attrib:
                name = strip_tags(render_inner_html(remove_fnrefs(el), self.md))
                el.attrib["id"] = unique(toc_slugify(html_unescape(name), "-"), used)


class _LinkExtension(Extension):
    def __init__(self, renderer: MarkdownRenderer) -> None:
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        md.treeprocessors.register(_HeadingIds(md), "handbill-heading-ids", 5)  # where toc runs
        md.treeprocessors.register(_LinkProcessor(md, self.renderer), "handbill-links", 1)


class MarkdownRenderer:
    """One Markdown instance, reused (creating one costs more than converting a page)."""

    def __init__(self, base_path: str, assets: AssetIndex, allow_raw_html: bool = False) -> None:
        self.base_path = base_path
        self.assets = assets
        self.allow_raw_html = allow_raw_html
        self.ctx = LinkContext()
        self.md = markdown.Markdown(
            extensions=[*EXTENSIONS, _LinkExtension(self)],
            output_format="html",
        )
        if not allow_raw_html:
            self.md.preprocessors.deregister("html_block")
            self.md.inlinePatterns.deregister("html")
        _install_triggered_inline(self.md)

    def convert(self, text: str, ctx: LinkContext) -> str:
        self.ctx = ctx
        self.md.reset()
        if pathological(text):
            ctx.error(
                "",
                t("body.pathological"),
                t("body.plain-repeated.hint"),
                warning=True,
            )
            return f"<pre>{html_escape(text)}</pre>"
        if nesting_depth(text) > MAX_NESTING:
            # Python-Markdown slows down steeply on deep nesting: show such text as it is, with a warning.
            ctx.error(
                "",
                t("body.too-deep", max=MAX_NESTING),
                t("body.too-deep.hint"),
                warning=True,
            )
            return f"<pre>{html_escape(text)}</pre>"
        try:
            html = self.md.convert(text)
        except RecursionError:
            self.md.reset()
            ctx.error(
                "",
                t("body.recursion"),
                t("body.plain-repeated.hint"),
                warning=True,
            )
            return f"<pre>{html_escape(text)}</pre>"
        if self.allow_raw_html:
            dropped: list[tuple[str, str]] = []

            def judge(tag: str, attribute: str, value: str) -> str | None:
                # Raw HTML never went through the tree processor: its addresses are judged here, the
                # way browsers read them.  An image (any resource) from another host is a
                # third-party request; a link must be one a Markdown link could be.
                if attribute == "src" and leaves_site(value):
                    dropped.append(("src", value))
                    return None
                if attribute == "href" and link_problem(value):
                    dropped.append(("href", value))
                    return None
                return value

            html = nh3.clean(
                html,
                tags=_RAW_TAGS,
                attributes={
                    "a": {"href", "title"},
                    "img": {"src", "alt", "title", "width", "height", "loading"},
                    "*": {"id"},
                    "td": {"align"},
                    "th": {"align"},
                },
                url_schemes={"http", "https", "mailto", "tel"},
                attribute_filter=judge,
            )
            for attribute, value in dropped:
                shown = value[:60]
                if attribute == "src":
                    ctx.error(
                        value,
                        t("body.image-removed", src=shown),
                        t("body.image-elsewhere.hint"),
                        warning=True,
                    )
                else:
                    ctx.error(
                        value,
                        t("body.link-removed", href=shown, why=link_problem(value)),
                        t("body.link-removed.hint"),
                        warning=True,
                    )
        return html

    def rewrite_href(self, href: str, ctx: LinkContext) -> str | None:
        why = link_problem(href)
        if why:
            ctx.error(
                href,
                t("body.link-removed", href=normalise_url(href)[:60], why=why),
                t("body.link-removed.hint"),
                warning=True,
            )
            return None
        parts = split_url(href)
        if parts is None:  # link_problem refuses what urlsplit cannot read; kept as a guard
            return None
        if parts.scheme or href.startswith("#"):
            return href
        path = unquote(parts.path)
        frag = f"#{parts.fragment}" if parts.fragment else ""
        if path.endswith("/") and not path.startswith("/"):
            # `../sessions/` is the section of that kind (the agenda), in the page's language.
            target = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.source), path))
            pieces = target.split("/")
            if len(pieces) == 2 and pieces[0] == "content":
                url = ctx.resolve(pieces[1], "")
                if url is not None:
                    return url + frag
                ctx.error(
                    href,
                    t("body.no-section", href=href, target=target),
                    t("body.no-section.hint"),
                )
            return href
        if path.endswith(".md"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.source), path))
            pieces = target.split("/")
            if len(pieces) == 3 and pieces[0] == "content":
                slug = pieces[2][:-3].split(".")[0]
                url = ctx.resolve(pieces[1], slug)
                if url is not None:
                    ids = ctx.anchors(pieces[1], slug) if parts.fragment else None
                    if ids is not None and parts.fragment not in ids:
                        close = close_match(parts.fragment, ids)
                        if close:
                            hint = t("hint.did-you-mean", value=f"#{close}")
                        else:
                            hint = t("body.headings.hint", known=", ".join(sorted(ids)[:6]) or t("body.none"))
                        ctx.error(href, t("body.no-heading", href=href, target=target, fragment=parts.fragment), hint)
                    return url + frag
                if ctx.failed(pieces[1], slug):
                    return href  # the file exists; its own error is the one line about it
                if ctx.draft(pieces[1], slug):
                    ctx.error(href, t("body.draft-link", href=href, target=target), t("validate.ref-draft.hint"))
                    return href
                ctx.error(href, t("body.no-entry", href=href, target=target), self._entry_hint(ctx, pieces[1], slug))
                return href
            ctx.error(href, t("body.no-entry", href=href, target=target), self._entry_hint(ctx, "", ""))
            return href
        if path.startswith("/"):
            url = ctx.site_path(path)
            if url is None:
                ctx.error(
                    href,
                    t("body.no-address", href=href),
                    t("body.no-address.hint"),
                )
                return href
            return url + frag
        return href

    @staticmethod
    def _entry_hint(ctx: LinkContext, kind: str, slug: str) -> str:
        """'did you mean' the closest id of that kind, else an example link to an entry that exists."""
        known = ctx.known(kind) if kind else []
        if slug and slug not in known:
            # `tentang.md` written from a session: the page of that name, not a session that looks like it.
            for other in ("pages", "sessions", "speakers", "cities", "news", "booths"):
                if other != kind and slug in ctx.known(other):
                    return t("hint.did-you-mean", value=f"../{other}/{slug}.md")
        close = close_match(slug, known) if slug else None
        if close:
            return t("hint.did-you-mean", value=f"../{kind}/{close}.md")
        for example_kind in (kind, "cities", "sessions", "speakers", "pages", "news", "booths"):
            ids = ctx.known(example_kind) if example_kind else []
            if ids:
                return t("body.no-entry.hint", example=f"../{example_kind}/{ids[0]}.md")
        return t("body.no-entry.hint", example="../pages/tentang.md")

    def rewrite_src(self, src: str, ctx: LinkContext) -> str | None:
        parts = split_url(src)
        if parts is None:
            ctx.error(src, t("body.image-invalid", src=src[:60]), t("body.image-invalid.hint"))
            return None
        if parts.scheme or src.startswith("//") or leaves_site(src):
            ctx.error(
                src,
                t("body.image-elsewhere", src=src[:60]),
                t("body.image-elsewhere.hint"),
            )
            return None
        path = unquote(parts.path)
        if path.startswith("/"):
            rel = path.lstrip("/")
        else:
            rel = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.source), path))
        rel = rel.removeprefix("assets/")
        why = self.assets.check(rel)
        if why:
            ctx.error(src, t("body.image-missing", src=src), why)
            return src
        return f"{self.base_path}assets/{rel}"


MAX_NESTING = 32


def nesting_depth(text: str) -> int:
    """Deepest list indentation or quote level, cheaply, before handing the text to Python-Markdown."""
    deepest = 0
    for line in text.split("\n"):
        stripped = line.lstrip(" \t>")
        prefix = line[: len(line) - len(stripped)]
        if not prefix:
            continue
        width = prefix.count(" ") + 4 * prefix.count("\t")
        deepest = max(deepest, prefix.count(">") + width // 4)
    return deepest


_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


class _IdsOnly(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        md.treeprocessors.register(_HeadingIds(md), "handbill-heading-ids", 5)


_IDS_MD: markdown.Markdown | None = None
_IDS = re.compile(r'<h[1-6]\b[^>]*?\bid="([^"]*)"')


@functools.lru_cache(maxsize=512)
def _rendered_ids(text: str) -> frozenset[str]:
    global _IDS_MD
    if _IDS_MD is None:
        _IDS_MD = markdown.Markdown(extensions=[*EXTENSIONS, _IdsOnly()], output_format="html")
    _IDS_MD.reset()
    return frozenset(html_unescape(i) for i in _IDS.findall(_IDS_MD.convert(text)))


def heading_ids(text: str) -> set[str]:
    """The ids the headings of `text` really get when it is rendered (ATX and setext headings,
    `_` and code in them, duplicates _1, _2): used to check links to `other.md#heading` (issue 13:
    a guess from the source text gave false broken links).  Text that cannot be formatted quickly is
    shown as plain text and its ids are guessed from the source."""
    if pathological(text) or nesting_depth(text) > MAX_NESTING:
        return _guessed_heading_ids(text)
    try:
        return set(_rendered_ids(text))
    except RecursionError:
        return _guessed_heading_ids(text)


def _guessed_heading_ids(text: str) -> set[str]:
    """The ids Python-Markdown's toc extension gives the ATX headings of `text`, from the source."""
    ids: set[str] = set()
    fence = ""
    for line in text.split("\n"):
        opener = _FENCE.match(line)
        if opener:
            mark = opener.group(1)
            if not fence:
                fence = mark[0] * len(mark)
            elif mark.startswith(fence):
                fence = ""
            continue
        match = None if fence else _ATX.match(line)
        if match:
            plain = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", match.group(2))
            base = toc_slugify(html_unescape(plain), "-") or "_"
            candidate, n = base, 0
            while candidate in ids:
                n += 1
                candidate = f"{base}_{n}"
            ids.add(candidate)
    return ids


_RUN = re.compile(r"([*_`\[\]])\1{300,}")


def pathological(text: str) -> bool:
    """Inputs on which Python-Markdown's inline patterns take quadratic time (measured: 3,000 unmatched
    '[' in one paragraph take seconds); real prose never looks like this."""
    if _RUN.search(text):
        return True
    return any(chunk.count("[") - chunk.count("]") > 200 for chunk in text.split("\n\n"))


def plain_text(html: str) -> str:
    """Text of an HTML fragment, for descriptions and search."""
    return nh3.clean(html, tags=set()).strip()
