"""Issue 14, offline and installable: a manifest per language with icons; a service worker that keeps
the agenda after one visit so it opens with the network off; and a new build with a changed agenda
replaces what was kept (no stale agenda), deleting the older cache."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from conftest import PROJECT, SOURCE_DATE_EPOCH, build_site

from tests.e2e.gates import serve

NEW = "Pembukaan forum (judul diubah)"


def title_of(source: Path) -> str:
    line = next(x for x in source.read_text(encoding="utf-8").splitlines() if x.startswith("title:"))
    return line.removeprefix("title:").strip().strip('"')


def test_manifests_and_icons(site_dir: Path) -> None:
    from PIL import Image

    for home in ("", "en/"):
        manifest = json.loads((site_dir / home / "manifest.webmanifest").read_text(encoding="utf-8"))
        assert manifest["start_url"] == "/" + home and manifest["scope"] == "/"
        assert manifest["display"] == "standalone" and manifest["short_name"] == "CCC 2025"
        sizes = set()
        for entry in manifest["icons"]:
            with Image.open(site_dir / entry["src"].lstrip("/")) as img:
                assert f"{img.width}x{img.height}" == entry["sizes"]
                sizes.add(img.width)
        assert {192, 512} <= sizes
        assert (
            f'<link rel="manifest" href="/{home}manifest.webmanifest">' in (site_dir / home / "index.html").read_text()
        )


def _cache_state(page: Any) -> Any:
    return page.evaluate(
        """async () => { const names = (await caches.keys()).filter(n => n.startsWith('handbill:'));
        const out = {};
        for (const n of names) { const c = await caches.open(n); const r = await c.match('/agenda/');
          out[n] = r ? await r.text() : null; }
        return out; }"""
    )


def test_agenda_offline_after_one_visit_and_replaced_by_a_new_build(browser: Any, tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy2(PROJECT / "site.yaml", root / "site.yaml")
    shutil.copytree(PROJECT / "content", root / "content")
    source = root / "content" / "sessions" / "pembukaan.md"
    old = title_of(source)
    out = build_site(tmp_path / "site", SOURCE_DATE_EPOCH, root=root)
    with serve(out) as served:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(served.url("agenda/"))
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            page.wait_for_function("navigator.serviceWorker.controller !== null")
            context.set_offline(True)
            page.reload()
            assert page.locator(".agenda-grid").first.is_visible()
            assert page.get_by_text(old).first.is_visible()
            page.goto(served.url("agenda/?track=kebijakan"))  # the same page, with a filter, offline
            assert page.get_by_text(old).first.is_visible()
            context.set_offline(False)

            # a new build changes the agenda: online, the page is the new one at once …
            source.write_text(source.read_text(encoding="utf-8").replace(old, NEW, 1), encoding="utf-8")
            build_site(out, SOURCE_DATE_EPOCH, root=root)
            page.goto(served.url("agenda/"))
            assert page.get_by_text(NEW).first.is_visible()
            # … and the new worker replaces the cache: one cache left, the new build's, holding the new
            # agenda.  (The old worker also refreshes its own cache from the network, so "one cache with
            # the new agenda" alone can be the old one, just before the new worker installs its own.)
            version = re.search(r'"version": "([0-9a-f]+)"', (out / "sw.js").read_text(encoding="utf-8"))
            assert version is not None
            page.wait_for_function(
                """async (version) => { const names = (await caches.keys()).filter(n => n.startsWith('handbill:'));
                if (names.length !== 1 || !names[0].endsWith(':' + version)) return false;
                const r = await (await caches.open(names[0])).match('/agenda/');
                return r !== undefined && (await r.text()).includes('judul diubah'); }""",
                arg=version.group(1),
                timeout=15000,
            )
            state = _cache_state(page)
            assert len(state) == 1 and NEW in next(iter(state.values())), list(state)
            context.set_offline(True)
            page.reload()
            assert page.get_by_text(NEW).first.is_visible() and page.get_by_text(old).count() == 0
        finally:
            context.close()
