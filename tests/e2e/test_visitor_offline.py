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


def default_site_built(tmp_path: Path) -> tuple[Path, Path, str, Path]:
    """A copy of the default site, built: (its root, the opening session's file, that session's title,
    the output folder), so a test can change the agenda and build again into the same folder."""
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy2(PROJECT / "site.yaml", root / "site.yaml")
    shutil.copytree(PROJECT / "content", root / "content")
    source = root / "content" / "sessions" / "pembukaan.md"
    return root, source, title_of(source), build_site(tmp_path / "site", SOURCE_DATE_EPOCH, root=root)


def agenda_under_worker(context: Any, url: str) -> Any:
    """A new page on the agenda, once the site's service worker is installed and controls it."""
    page = context.new_page()
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    return page


def test_agenda_offline_after_one_visit_and_replaced_by_a_new_build(browser: Any, tmp_path: Path) -> None:
    root, source, old, out = default_site_built(tmp_path)
    with serve(out) as served:
        context = browser.new_context()
        try:
            page = agenda_under_worker(context, served.url("agenda/"))
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
            one_new_cache = """async (version) => {
                const names = (await caches.keys()).filter(n => n.startsWith('handbill:'));
                if (names.length !== 1 || !names[0].endsWith(':' + version)) return false;
                const r = await caches.match('/agenda/', { cacheName: names[0] });
                return r !== undefined && (await r.text()).includes('judul diubah'); }"""
            page.wait_for_function(one_new_cache, arg=version.group(1), timeout=15000)
            # … and stays so: a write the old worker finishes after the takeover must not bring its cache
            # back (CI stop 26 caught one that did, by chance, between two looks).  Look again once the
            # page has settled; a cache that came back and stayed fails here.
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)
            try:
                page.wait_for_function(one_new_cache, arg=version.group(1), timeout=5000)
            except Exception as err:
                raise AssertionError(f"more than the new build's cache: {list(_cache_state(page))}") from err
            context.set_offline(True)
            page.reload()
            assert page.get_by_text(NEW).first.is_visible() and page.get_by_text(old).count() == 0
        finally:
            context.close()


def test_a_fetch_the_old_worker_finishes_after_the_new_one_took_over_leaves_no_stale_cache(
    browser: Any, tmp_path: Path
) -> None:
    """The old worker keeps each page it fetches.  A write it finished after a new build's worker had
    taken over could open its deleted cache again: a stale cache beside the new one until the next build
    (CI stop 26 saw two caches, by chance, in the test above).  Here a fetch is held by the server while
    the new build's worker installs; Chromium waits for it before the takeover, so this part does not
    force the race, it checks the update with a fetch in flight.  The guard itself is then driven in the
    new worker, which is told it was superseded during a write and before one."""
    root, source, old, out = default_site_built(tmp_path)
    slow: dict[str, float] = {}
    with serve(out, slow=slow) as served:
        context = browser.new_context()
        try:
            page = agenda_under_worker(context, served.url("agenda/"))
            first = page.evaluate("caches.keys()")
            (worker,) = context.service_workers
            # the guard needs the worker to know itself; without it the worker writes as before
            assert worker.evaluate("self.serviceWorker === self.registration.active")
            slow["/manifest.webmanifest"] = 4.0
            # the old worker takes this fetch and waits for the network …
            page.evaluate("window.late = fetch('/manifest.webmanifest').then(r => r.status)")
            # … while a new build lands and its worker installs, activates and deletes the old cache
            source.write_text(source.read_text(encoding="utf-8").replace(old, NEW, 1), encoding="utf-8")
            build_site(out, SOURCE_DATE_EPOCH, root=root)
            version = re.search(r'"version": "([0-9a-f]+)"', (out / "sw.js").read_text(encoding="utf-8"))
            assert version is not None
            page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
            page.wait_for_function(
                """async (version) => { const names = (await caches.keys()).filter(n => n.startsWith('handbill:'));
                return names.length === 1 && names[0].endsWith(':' + version); }""",
                arg=version.group(1),
                timeout=15000,
            )
            assert page.evaluate("window.late") == 200  # the late answer has reached the old worker
            page.wait_for_timeout(1500)  # time for what it does with it (it does not tell when it is done)
            names = [n for n in page.evaluate("caches.keys()") if n.startswith("handbill:")]
            assert names == [f"handbill:/:{version.group(1)}"], (first, names)
            # The old worker is stopped once the new one has taken over, so what it might still write cannot
            # be driven from here; the guard is tried in the new one instead, made to believe it was
            # superseded during a write and then before one: its cache goes, and does not come back.
            current = next(w for w in context.service_workers if w.evaluate("CONFIG.version") == version.group(1))
            gone = current.evaluate(
                """async () => {
                let active = self.registration.active;
                Object.defineProperty(self.registration, 'active', { configurable: true, get: () => active });
                await store(c => { active = {}; return c.put('/late', new Response('late')); });
                const during = await caches.has(CACHE);
                await store(c => c.put('/later', new Response('later')));
                return [during, await caches.has(CACHE)]; }"""
            )
            assert gone == [False, False]
        finally:
            context.close()
