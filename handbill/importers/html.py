"""Texts from conference tools, made safe for content files: HTML → Markdown, and plain one-liners.

frab and Indico abstracts are often HTML; pretalx and Sessionize write Markdown or plain text.  A
body that contains HTML tags becomes Markdown that says the same (paragraphs, line breaks, lists,
emphasis, code, links), never raw HTML: scripts, styles, frames and images are dropped, links keep
only http(s) and mailto addresses.  Markdown text is kept as it is, except links to `javascript:`,
`data:` and `vbscript:` addresses, which lose their address.  Each removal is counted so the import
can say what it dropped.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser

_TAG = re.compile(
    r"</?(p|br|a|ul|ol|li|em|strong|b|i|u|h[1-6]|div|span|code|pre|blockquote|script|style|iframe|img|table"
    r"|tr|td|th|hr|object|embed|svg|font|sup|sub|small)\b[^>]*>",
    re.I,
)
_DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript", "head"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "ul", "ol", "hr"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")
_BAD_MD_LINK = re.compile(r"\]\(\s*<?\s*(?:javascript|data|vbscript):(?:[^()]|\([^()]*\))*\)", re.I)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_ITEM = "\x00"  # marks the list items this module writes, which must not be escaped


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


class _ToMarkdown(HTMLParser):
    def __init__(self, dropped: Counter[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.dropped = dropped
        self.skip = 0  # inside an element whose content is dropped
        self.links: list[str | None] = []  # the href of each open <a>, None when dropped
        self.lists: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_CONTENT:
            self.skip += 1
            self.dropped[f"<{tag}>"] += 1
            return
        if self.skip:
            return
        if tag in _BLOCK:
            self.out.append("\n\n")
        if tag == "br":
            self.out.append("\n")
        elif tag in {"ul", "ol"}:
            self.lists.append(tag)
        elif tag == "li":
            bullet = "1. " if self.lists[-1:] == ["ol"] else "- "
            self.out.append("\n" + _ITEM + "  " * max(0, len(self.lists) - 1) + bullet)
        elif tag in {"strong", "b"}:
            self.out.append("**")
        elif tag in {"em", "i"}:
            self.out.append("*")
        elif tag == "code":
            self.out.append("`")
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            safe = href if re.match(r"(?i)^(https?://|mailto:)", href) else None
            if href and safe is None:
                self.dropped["unsafe link"] += 1
            self.links.append(safe)
            if safe:
                self.out.append("[")
        elif tag == "img":
            self.dropped["<img>"] += 1
            alt = dict(attrs).get("alt") or ""
            if alt:
                self.out.append(_escape(alt))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_CONTENT:
            self.dropped[f"<{tag}>"] += 1
            return
        self.handle_starttag(tag, attrs)
        if tag in {"ul", "ol"} and self.lists:
            self.lists.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_CONTENT:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in {"strong", "b"}:
            self.out.append("**")
        elif tag in {"em", "i"}:
            self.out.append("*")
        elif tag == "code":
            self.out.append("`")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.out.append(f"]({href})")
        elif tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
        if tag in _BLOCK:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(_escape(_SPACES.sub(" ", data.replace("\n", " "))))


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _tidy(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        if line.lstrip(" ").startswith(_ITEM):
            lines.append(line.lstrip(" ").replace(_ITEM, "").rstrip())
            continue
        line = line.strip()
        # Text that starts like a heading or a numbered list would become one in Markdown.
        line = re.sub(r"^(\d+)\.(?=\s)", r"\1\\.", line)
        lines.append(re.sub(r"^(#+|[-+>])(?=\s)", r"\\\1", line))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def to_markdown(text: str, dropped: Counter[str] | None = None) -> str:
    """A body for a content file: Markdown without raw HTML or unsafe links."""
    dropped = dropped if dropped is not None else Counter()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_html(text):
        parser = _ToMarkdown(dropped)
        parser.feed(text)
        parser.close()
        return _tidy("".join(parser.out))
    found = len(_BAD_MD_LINK.findall(text))
    if found:
        dropped["unsafe link"] += found
        text = _BAD_MD_LINK.sub("]", text)
    if "<" in text:  # a stray tag-like text in Markdown would be shown escaped anyway; keep the words
        text = re.sub(r"<(/?[A-Za-z][^>]*)>", r"&lt;\1&gt;", text)
    return text.strip()


def plain(text: str) -> str:
    """One line of plain text: tags removed, entities decoded, white space collapsed."""
    if looks_like_html(text):
        text = re.sub(r"(?is)<(script|style|iframe|svg|object)\b.*?</\1\s*>", " ", text)
        text = re.sub(r"<[^>]*>", " ", text)
        text = html.unescape(text)
    return " ".join(text.split())
