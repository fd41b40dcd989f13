"""The inline processor that skips patterns without their trigger character (markdown.py) gives
exactly the HTML of Python-Markdown's stock processor."""

from __future__ import annotations

import random

from markdown.treeprocessors import InlineProcessor

from handbill import PROJECT_DIR
from handbill.links import AssetIndex
from handbill.markdown import LinkContext, MarkdownRenderer

CASES = [
    "plain prose with no markup at all, in bahasa Indonesia dan English.",
    "*em* **strong** ***both*** _em_ __strong__ ___both___ * not em * a*b*c snake_case_word",
    "`code` ``co`de`` \\`not code\\` \\\\`code after escaped backslash` ` ` ```",
    "\\*not em\\* \\[not link\\] \\\\ \\_ \\# \\& &amp; &copy; &#169; &#xA9; & alone AT&T",
    "[link](https://example.org) [ref][r] [r] ![img](/assets/x.png) ![alt][r] [^1] [not closed",
    "<https://example.org/a?b=c&d=e> <mail@example.org> <not a link> a < b > c",
    "line with two spaces  \nnext line\\\nbackslash break",
    "**[bold link](https://x.org)** *`code in em`* [`code in link`](https://x.org) _[em link](#a)_",
    "mixed *em with [link](https://x.org) and `code` and &amp;* end",
    "[r]: https://example.org/ref\n\n[^1]: a footnote with *em*",
    "## heading with `code` & *em*\n\n> quote with **strong** and <https://q.org>",
    "- item *one*\n- item `two`\n    - nested [link](https://n.org)\n\n1. first\n2. second &amp; third",
    "| a | *b* |\n|---|---|\n| `c` | [d](https://d.org) |",
]


def stock(renderer: MarkdownRenderer) -> MarkdownRenderer:
    renderer.md.treeprocessors.register(InlineProcessor(renderer.md), "inline", 20)
    return renderer


def bodies() -> list[str]:
    found = list(CASES)
    for path in sorted((PROJECT_DIR / "content").rglob("*.md")):
        found.append(path.read_text(encoding="utf-8").split("---\n", 2)[-1])
    rng = random.Random(20251211)
    atoms = ["*", "**", "_", "__", "`", "``", "\\", "[", "]", "(", ")", "!", "<", ">", "&", ";", "#", "^", ":",
             "  \n", "\n", "\n\n", " ", "kota", "kreatif", "https://x.org", "a@b.org", "amp", "x", "1"]
    for _ in range(1500):
        found.append("".join(rng.choice(atoms) for _ in range(rng.randint(1, 40))))
    return found


def test_inline_processor_is_the_fast_one() -> None:
    renderer = MarkdownRenderer("/", AssetIndex([]))
    assert type(renderer.md.treeprocessors["inline"]).__name__ == "_TriggeredInline"
    assert all(t is not None for t in renderer.md.treeprocessors["inline"].triggers)  # type: ignore[attr-defined]


def test_same_html_as_stock_python_markdown() -> None:
    for raw in (False, True):
        fast = MarkdownRenderer("/", AssetIndex([]), allow_raw_html=raw)
        slow = stock(MarkdownRenderer("/", AssetIndex([]), allow_raw_html=raw))
        assert type(slow.md.treeprocessors["inline"]) is InlineProcessor
        for body in bodies():
            assert fast.convert(body, LinkContext(body=body)) == slow.convert(body, LinkContext(body=body)), body


def test_plain_text_is_what_the_html_parser_gives() -> None:
    """formats/plain.py splits tags with a regular expression; on every body the renderer makes it
    gives the text the HTMLParser version gives."""
    from handbill.formats.plain import plain_text, plain_text_parsed

    extra = ["<p>a<br>b<br/>c<br />d</p><hr><ul><li>x &amp; y &lt;z&gt; &#169;</li></ul>", "", "x", "&amp", "<p>1</p>\n\n\n<p>2</p>"]
    for raw in (False, True):
        renderer = MarkdownRenderer("/", AssetIndex([]), allow_raw_html=raw)
        htmls = [renderer.convert(body, LinkContext(body=body)) for body in bodies()] + extra
        for html in htmls:
            assert plain_text(html) == plain_text_parsed(html), html
