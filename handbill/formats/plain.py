"""Plain text from the sanitised body HTML, for outputs that carry text, not markup (schedules)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "table", "ul", "ol"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


def plain_text(html: str) -> str:
    """Text of the body HTML this generator makes (Python-Markdown's serialiser escapes '<' and '>'
    in text and attributes, nh3 drops comments), with blank lines between blocks.  A tag-splitting
    pass: the HTMLParser version (`plain_text_parsed`, kept as the reference that tests compare
    with) took half of a rebuild's schedule export."""
    parts: list[str] = []
    pieces = _TAG.split(html)
    for i in range(0, len(pieces), 3):
        if pieces[i]:
            parts.append(unescape(pieces[i]))
        if i + 2 < len(pieces):
            tag = pieces[i + 2].lower()
            if tag in _BLOCKS:
                parts.append("\n\n")
            elif tag == "br" and not pieces[i + 1]:
                parts.append("\n")
    return _tidy("".join(parts))


def plain_text_parsed(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return _tidy("".join(parser.parts))


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
