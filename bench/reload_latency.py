"""Reload latency of the preview: from saving a session file to the reloaded page, through the real server.

    python bench/reload_latency.py [--runs 9] [--browser] [--root DIR]

Copies a site (site.yaml, content/, and its own templates/ and assets/ if it has them; by default
the project's own site) to bench/_work/reload-<name>, so the original is never edited, starts
`build.py serve` on a free port, connects as a browser does (livereload's websocket handshake, same Origin), then
for each run appends a marker to a session's text and measures
    save → reload message   (detect + debounce + rebuild + notify)
    save → page served      (… + fetching the page and finding the marker in it)
and, with --browser, save → marker visible in headless Chromium.  Prints the median of the runs.

`--root bench/_work/event-1000` measures a large site (about 2,000 pages); make it first with
`python bench/run.py --sizes 1000 --corpora event --runs 1 --no-peers` (or bench/make_event_corpus.py).
A site without sessions (`--root bench/_work/generic-4000`, bench/run.py's corpora) has a free page edited.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

PROJECT = Path(__file__).resolve().parent.parent
WORK = PROJECT / "bench" / "_work"


def copy_site(source: Path) -> Path:
    """A private copy of the site at `source` (its sources only: no output, no build cache)."""
    source = source.resolve()
    work = WORK / ("reload-site" if source == PROJECT else f"reload-{source.name}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copy2(source / "site.yaml", work / "site.yaml")
    shutil.copytree(source / "content", work / "content")
    if source != PROJECT:  # the project's own templates and assets are used by every site anyway
        for name in ("templates", "assets"):
            if (source / name).is_dir():
                shutil.copytree(source / name, work / name)
    return work


def start_server(root: Path) -> tuple[subprocess.Popen[str], int, list[str]]:
    proc = subprocess.Popen(
        # English terminal lines: the patterns below read them (the site's own language may be id).
        [
            sys.executable,
            "-u",
            str(PROJECT / "build.py"),
            "serve",
            "--root",
            str(root),
            "--port",
            "0",
            "--messages",
            "en",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()
    port: list[int] = []

    def drain() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip())
            found = re.search(r"Serving the preview on http://[^:]+:(\d+)/", line)
            if found:
                port.append(int(found.group(1)))
                ready.set()

    threading.Thread(target=drain, daemon=True).start()
    if not ready.wait(120):
        proc.kill()
        raise SystemExit("the preview did not start:\n" + "\n".join(lines))
    return proc, port[0], lines


async def measure(port: int, session: Path, url_path: str, runs: int, browser: bool) -> dict[str, list[float]]:
    base = f"http://127.0.0.1:{port}"
    ws = await websocket_connect(HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers={"Origin": base}))
    await ws.write_message(
        json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})
    )
    await ws.read_message()
    await ws.write_message(json.dumps({"command": "info", "url": base + url_path}))
    client = AsyncHTTPClient()
    page = None
    if browser:
        from playwright.async_api import async_playwright

        pw = await async_playwright().start()
        chromium = await pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )  # fmt: skip
        page = await chromium.new_page()
        await page.goto(base + url_path)
    original = session.read_text(encoding="utf-8")
    results: dict[str, list[float]] = {"reload message": [], "page served": [], "browser shows change": []}
    try:
        for run in range(runs):
            await asyncio.sleep(0.6)  # let the previous run settle (and the debounce window pass)
            marker = f"Penanda-uji-{run}-{time.monotonic_ns()}"
            started = time.perf_counter()
            session.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
            while True:
                message = await asyncio.wait_for(ws.read_message(), 300)  # a large site without caches is slow
                if message and json.loads(message).get("command") == "reload":
                    break
            results["reload message"].append(time.perf_counter() - started)
            response = await client.fetch(base + url_path, headers={"Host": f"127.0.0.1:{port}"})
            assert marker.encode() in response.body, "the reloaded page does not show the edit"
            results["page served"].append(time.perf_counter() - started)
            if page is not None:
                await page.wait_for_function(
                    f"() => !!document.body && document.body.innerText.includes({marker!r})", timeout=30_000
                )
                results["browser shows change"].append(time.perf_counter() - started)
    finally:
        session.write_text(original, encoding="utf-8")
        ws.close()
        if page is not None:
            await chromium.close()
            await pw.stop()
    return {k: v for k, v in results.items() if v}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--browser", action="store_true", help="also measure until Chromium shows the change")
    parser.add_argument(
        "--root", type=Path, default=PROJECT, help="the site to measure (copied first; default: the project's own)"
    )
    args = parser.parse_args()
    if not (args.root / "site.yaml").is_file() or not (args.root / "content").is_dir():
        parser.error(f"{args.root} has no site.yaml and content/ (see the module docstring for the large site)")
    root = copy_site(args.root)
    # A session's page (event sites); a free page where there are no sessions (bench/run.py's corpora).
    sessions = [p for p in sorted((root / "content" / "sessions").glob("*.md")) if p.name.count(".") == 1]
    pages = [p for p in sorted((root / "content" / "pages").glob("*.md")) if p.name.count(".") == 1]
    if not sessions and not pages:
        parser.error(f"{args.root} has no content/sessions/*.md or content/pages/*.md to edit")
    session = sessions[0] if sessions else pages[len(pages) // 2]
    url_path = f"/agenda/{session.stem}/" if sessions else f"/{session.stem}/"
    proc, port, lines = start_server(root)
    try:
        if any(re.search(r"\d+ errors? in \d+ file", line) for line in lines):
            print("warning: the default site does not build; latencies are those of showing the overlay")
        results = asyncio.run(measure(port, session, url_path, args.runs, args.browser))
    finally:
        proc.terminate()
        proc.wait(30)
        shutil.rmtree(root, ignore_errors=True)
    built = [m for line in lines if (m := re.search(r"built (\d+) pages in ([\d.]+) s", line))]
    builds = [float(m.group(2)) for m in built]
    site = "the default site" if args.root.resolve() == PROJECT else str(args.root)
    pages = f", {built[0].group(1)} pages" if built else ""
    print(f"reload latency on {site}{pages}, {args.runs} runs, file {session.relative_to(root)} → {url_path}")
    for name, values in results.items():
        ms = sorted(v * 1000 for v in values)
        print(f"  save → {name:<21} median {statistics.median(ms):6.0f} ms   min {ms[0]:6.0f}   max {ms[-1]:6.0f}")
    if builds[1:]:
        print(f"  of which rebuild (server log)   median {statistics.median(builds[1:]) * 1000:6.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
