"""Issue 14: the site's own JavaScript stays small (≤ 20 KB gzipped in total, no framework)."""

from __future__ import annotations

from scripts.weight import own_js


def test_our_javascript_is_at_most_20_kb_gzipped() -> None:
    sizes = own_js()
    assert "visitor.js" in sizes
    assert sum(sizes.values()) <= 20 * 1024, sizes
