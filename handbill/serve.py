"""Stage 7: the preview.  Build, serve the last good build on 127.0.0.1, reload the browser on a save.

    serve(root, host, port)   bind first (a port in use: one line, exit 2), build, watch, serve
    Preview.rebuild()         build into a private preview folder (drafts shown, base URL '/'),
                              with the page cache (only the pages an edit touches are rendered);
                              the pipeline's transactional write means only complete builds are
                              served; the terminal shows the same problem lines as `build`, and
                              says "built" once the new build's state is what responses show
    Files                     tornado's StaticFileHandler on the preview folder, behind `Guard`:
                              unknown Host, `..` in any encoding, backslashes, control characters
                              and broken percent-encoding are refused with 400 before any file is
                              looked up; symlinks leaving the folder are refused (tornado >= 6.5.9
                              does not follow them, and `validate_absolute_path` checks again)
    inject()                  HTML responses get the live-reload script, the draft banner and,
                              after a failed rebuild, the problem overlay in the page's language;
                              all of it is added to responses only, never written to a file
    Reload                    livereload's websocket handler, refusing cross-origin connections
    Rebuilder                 polls snapshots of the sources (site.yaml, content/, templates/,
                              assets/; never the output folder, editor debris left out); after a
                              change it waits until the files are quiet for `debounce` seconds,
                              then builds.  The snapshot a build starts from is taken before it
                              reads anything, so a save during a build gives one more build.
                              Files saved in the last few seconds are also compared by content:
                              a same-size save within one timestamp tick keeps size and time.

The browser side is livereload's own `livereload.js`: it connects to /livereload and reloads the
page when told.  livereload's `Server` class is not used: it accepts any Origin and Host, and its
three-second "ignore" window after a reload would drop a quick second edit.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import errno
import html
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import unquote_to_bytes, urlsplit

import tornado
import tornado.ioloop
import tornado.netutil
import tornado.web
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler  # type: ignore[import-untyped]
from tornado.httpserver import HTTPServer

from . import THEME_DIR
from .config import load_config
from .graph import build_graph
from .i18n import load_strings
from .incremental import store
from .incremental.racy import RACY_NS  # a file this close to a scan is compared by content too
from .incremental.store import file_digest
from .load import is_debris
from .messages import language
from .messages import t as msg
from .pipeline import Options, build, layered
from .problems import CURRENT, ConfigError, Problem, Problems, format_report
from .text import terminal_safe

#: Tornado stopped following symlinks out of a StaticFileHandler's root in 6.5.9.
MIN_TORNADO = (6, 5, 9)

#: How many problems the overlay lists (the terminal shows the rest).
OVERLAY_CAP = 20

#: Interface strings of the preview; templates/i18n/<lang>.yaml `serve:` overrides them per language.
DEFAULT_STRINGS = {
    "serve.overlay_title": "The last change could not be built",
    "serve.overlay_intro": (
        "This preview still shows the last version that worked. Fix the problems below and save the file; "
        "this page reloads by itself."
    ),
    "serve.line": "line",
    "serve.hint": "How to fix",
    "serve.error": "error",
    "serve.warning": "warning",
    "serve.more": "and {count} more: see the terminal",
    "serve.draft_banner": "Draft: this page appears only in the preview; it is not published.",
    "serve.no_build": "No version of the site has been built yet.",
}

PREVIEW_CSS = b"""
#handbill-overlay{position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;z-index:2147483647;
background:#fff7f5;color:#1a1a1a;border-top:6px solid #b3261e;box-shadow:0 -4px 24px rgba(0,0,0,.3);
font:16px/1.5 system-ui,sans-serif;padding:1rem 1.5rem;text-align:left}
#handbill-overlay summary{cursor:pointer;font-size:1.25rem;font-weight:700;color:#b3261e}
#handbill-overlay ol{padding-left:1.5rem;margin:.5rem 0}
#handbill-overlay li{margin:.5rem 0}
#handbill-overlay code{font:600 .95rem ui-monospace,monospace;background:#fde7e4;padding:0 .25rem}
#handbill-overlay .hb-hint{display:block;color:#444}
#handbill-warnings{position:fixed;right:1rem;bottom:1rem;max-width:min(40rem,90vw);max-height:50vh;overflow:auto;
z-index:2147483646;background:#fffbea;color:#1a1a1a;border:2px solid #b58900;border-radius:6px;
font:15px/1.45 system-ui,sans-serif;padding:.5rem 1rem;text-align:left;box-shadow:0 2px 12px rgba(0,0,0,.2)}
#handbill-warnings summary{cursor:pointer;font-weight:700;color:#7a5c00}
#handbill-warnings ol{padding-left:1.25rem;margin:.25rem 0}
#handbill-warnings code{font:600 .9rem ui-monospace,monospace;background:#fff1b8;padding:0 .25rem}
#handbill-warnings .hb-hint{display:block;color:#444}
#handbill-draft{position:sticky;top:0;z-index:2147483646;background:#ffe08a;color:#1a1a1a;
font:600 15px/1.4 system-ui,sans-serif;padding:.4rem 1rem;text-align:center;border-bottom:2px solid #b58900}
"""

_HEAD_END = re.compile(rb"</head\s*>", re.I)
_BODY_START = re.compile(rb"<body\b[^>]*>", re.I)
_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang=[\"']?([A-Za-z-]+)", re.I)


# --- watching ----------------------------------------------------------------------------------

#: What editors write beside a file while saving it (beyond load.is_debris: dotfiles, ~, #x#, .swp,
#: .tmp, 4913): JetBrains' safe-write copies, Kate's swap, Chrome's .crswap, numbered temp files.
_MORE_DEBRIS = re.compile(r"(___jb_(tmp|old)___$|\.kate-swp$|\.crswap$|\.tmp[.\-]?\w*$|\.swx$|\.part$)")

#: path → (mtime_ns, size, inode, ctime_ns).  The change time is there for saves that put an old
#: modification time back (`cp -p` of a backup, `touch -r`, some editors' undo): the system sets a
#: file's change time to now whatever the modification time says, and no program can set it back.
#: (On Windows st_ctime is the creation time: no help there, and no harm.)
Snapshot = dict[str, tuple[int, int, int, int]]


def ignored(name: str) -> bool:
    """True for names that are never sources: editor swap and backup files, dotfiles."""
    return is_debris(name) or bool(_MORE_DEBRIS.search(name))


def snapshot(paths: Iterable[Path], exclude: Iterable[Path] = ()) -> Snapshot:
    """Every file under `paths` (files or folders) that is not debris → (mtime_ns, size, inode, ctime_ns)."""
    skip = {os.path.abspath(p) for p in exclude}
    found: Snapshot = {}

    def visit(path: str) -> None:
        try:
            with os.scandir(path) as entries:
                items = list(entries)
        except OSError:
            return
        for entry in items:
            if ignored(entry.name) or entry.path in skip:
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path)
                elif entry.is_file():
                    st = entry.stat()
                    found[entry.path] = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
            except OSError:
                continue

    for p in paths:
        text = os.path.abspath(p)
        if text in skip:
            continue
        if os.path.isdir(text):
            visit(text)
        elif os.path.isfile(text):
            st = os.stat(text)
            found[text] = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
    return found


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """Paths added, removed or modified between two snapshots, sorted."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def _content(path: str) -> str:
    return file_digest(Path(path))  # '' when gone or unreadable: the next scan's time and size tell


@dataclass
class Rebuilder:
    """Polls `paths`; calls `rebuild(changed_paths)` once the files have been quiet for `debounce` s.

    Runs in its own thread (`start`/`stop`); `poll_once` is the whole logic, for tests.
    """

    paths: list[Path]
    rebuild: Callable[[list[str]], object]
    exclude: list[Path] = field(default_factory=list)
    poll: float = 0.05
    debounce: float = 0.05
    _last: Snapshot = field(default_factory=dict)
    #: Content digests of the files that were racy (RACY_NS) at the last scan.
    _digests: dict[str, str] = field(default_factory=dict)
    _pending: set[str] = field(default_factory=set)
    _quiet_since: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _scan_seconds: float = 0.0

    def prime(self) -> None:
        """Take the first snapshot: what the initial build reads."""
        self._last, _same_time = self._scan()

    def _scan(self) -> tuple[Snapshot, list[str]]:
        """A snapshot, and the files whose time and size did not change but whose content did.

        A file can only change without its change time changing if that time was within one tick of
        the scan that last saw it (RACY_NS before that scan started): those files' contents are kept
        and compared once more at the next scan, so a quick same-size save is never missed."""
        started = time.perf_counter()
        wall = time.time_ns()  # before any stat: a file saved after this gets a later (or this) tick
        snap = snapshot(self.paths, self.exclude)
        digests: dict[str, str] = {}
        same_time: list[str] = []
        for path, (mtime, _size, _ino, ctime) in snap.items():
            # The change time too: a `cp -p` in the same tick as a scan keeps every other field.
            racy = mtime > wall - RACY_NS or ctime > wall - RACY_NS
            if racy or path in self._digests:
                digest = _content(path)
                if path in self._digests and self._last.get(path) == snap[path] and self._digests[path] != digest:
                    same_time.append(path)
                if racy:
                    digests[path] = digest
        self._digests = digests
        self._scan_seconds = time.perf_counter() - started
        return snap, same_time

    def poll_once(self, now: float | None = None) -> bool:
        """One poll; True when it ran a rebuild."""
        now = time.monotonic() if now is None else now
        current, same_time = self._scan()
        diff = sorted(set(changed(self._last, current)) | set(same_time))
        self._last = current
        if diff:
            self._pending.update(diff)
            self._quiet_since = now
            return False
        if self._pending and now - self._quiet_since >= self.debounce:
            paths = sorted(self._pending)
            self._pending.clear()
            # self._last was scanned before the build starts reading, so a save during the build
            # differs from it at the next poll and schedules one more build.
            self.rebuild(paths)
            return True
        return False

    def _run(self) -> None:
        while not self._stop.is_set():
            self.poll_once()
            # A scan of a very large site should not take more than a tenth of the time; but once a
            # save is seen, the next scans only wait for it to be quiet (the debounce), not for the
            # tenth: on 4,000 files that was another half second between a save and its rebuild.
            idle = max(self.poll, self._scan_seconds * 10)
            self._stop.wait(min(idle, max(self.poll, self.debounce)) if self._pending else idle)

    def start(self) -> None:
        """Poll in a thread, comparing with the snapshot `prime` took."""
        self._thread = threading.Thread(target=self._run, name="handbill-watch", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop polling; waits for a running build to finish so it can clean up after itself."""
        self._stop.set()
        # Not alive: never started (a SIGTERM inside `start`), or already done.  A thread that starts
        # after this sees `_stop` and ends without polling.
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout)


# --- requests ---------------------------------------------------------------------------------


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers the preview answers: loopback names and the bound address, with the port."""
    names = {"localhost", "127.0.0.1", "[::1]"}
    if is_wildcard(host):
        names |= _local_names()
    elif host:
        names.add(f"[{host}]" if ":" in host else host)
    hosts = {f"{n.lower()}:{port}" for n in names}
    if port == 80:
        hosts |= {n.lower() for n in names}
    return frozenset(hosts)


def is_wildcard(host: str) -> bool:
    return host in ("", "0.0.0.0", "::", "[::]")


def is_loopback(host: str) -> bool:
    return host in ("localhost", "::1", "[::1]") or host.startswith("127.")


def _local_names() -> set[str]:
    """This machine's name and addresses, for a preview bound to every interface."""
    names: set[str] = set()
    try:
        hostname = socket.gethostname()
        names |= {hostname, socket.getfqdn()}
        for info in socket.getaddrinfo(hostname, None):
            address = str(info[4][0])
            names.add(f"[{address}]" if ":" in address else address)
    except OSError:
        pass
    return names


def unsafe_path(raw: str) -> str | None:
    """Why a request path (as sent, still percent-encoded) is refused, or None when it may be served."""
    if not raw.startswith("/"):  # absolute-form (http://host/...), '*', or a bare name
        return "the path does not start with /"
    if not raw.isascii():  # browsers percent-encode everything else; raw bytes are a crafted request
        return "the path is not ASCII"
    if "\\" in raw or "%5c" in raw.lower():
        return "backslash in the path"
    if raw.startswith("//"):
        return "path starts with //"
    try:
        decoded = unquote_to_bytes(raw).decode("utf-8", errors="strict")  # overlong UTF-8 fails here
    except UnicodeDecodeError:
        return "the path is not valid UTF-8"
    if "%" in decoded:
        return "the path is encoded twice"
    if any(ord(c) < 32 or ord(c) == 127 for c in decoded) or "\\" in decoded:
        return "control character or backslash in the path"
    if any(part in (".", "..") for part in decoded.split("/")):
        return "'.' or '..' in the path"
    return None


class Guard:
    """Checks every request (pages and the websocket) before anything else happens."""

    preview: Preview
    request: Any

    def prepare(self) -> None:
        host = self.request.headers.get("Host", "")
        if host.lower() not in self.preview.hosts:
            raise tornado.web.HTTPError(400, reason="Unknown Host")
        why = unsafe_path(self.request.path)
        if why:
            raise tornado.web.HTTPError(400, reason="Bad Path")


class Files(Guard, tornado.web.StaticFileHandler):
    """The preview folder; HTML pages pass through `inject`."""

    def initialize(
        self,
        path: str,
        default_filename: str | None = None,
        allowed_symlink_directory: str | list[str] | None = None,
        preview: Preview | None = None,
    ) -> None:
        super().initialize(path, default_filename, allowed_symlink_directory)
        assert preview is not None
        self.preview = preview

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")

    def should_return_304(self) -> bool:
        return False

    def compute_etag(self) -> str | None:
        return None

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        result = super().validate_absolute_path(root, absolute_path)
        if result is not None:  # belt and braces: the file really is inside the preview folder
            real, base = Path(result).resolve(), Path(root).resolve()
            if base not in real.parents:
                raise tornado.web.HTTPError(403)
        return result

    async def get(self, path: str, include_body: bool = True) -> None:
        self.path = self.parse_url_path(path)
        absolute = self.validate_absolute_path(self.root, self.get_absolute_path(self.root, self.path))
        self.absolute_path = absolute
        if absolute is None:
            return
        if not absolute.endswith(".html"):
            await super().get(path, include_body)
            return
        data = Path(absolute).read_bytes()
        rel = Path(absolute).relative_to(Path(self.root).resolve()).as_posix()
        self._send_html(self.preview.inject(data, rel), include_body)

    def _send_html(self, body: bytes, include_body: bool = True) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        if include_body:
            self.write(body)
        else:
            self.set_header("Content-Length", str(len(body)))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.clear_header("Content-Type")
        if status_code == 404 and self.request.method in ("GET", "HEAD"):
            page = Path(self.root) / "404.html"
            data = page.read_bytes() if page.is_file() else self.preview.placeholder()
            self._send_html(self.preview.inject(data, "404.html"), self.request.method == "GET")
            return
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")


class Plain(Guard, tornado.web.RequestHandler):
    """Whatever no route takes (an absolute-form or '*' request line): refused by the guard, 4xx."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")


class Script(Guard, LiveReloadJSHandler):  # type: ignore[misc]
    """livereload's browser script (it finds the server from its own URL, so it lives at /livereload.js)."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")


class Stylesheet(Plain):
    def get(self) -> None:
        self.set_header("Content-Type", "text/css; charset=utf-8")
        self.write(PREVIEW_CSS)


class Reload(Guard, LiveReloadHandler):  # type: ignore[misc]
    """livereload's websocket protocol; only pages of this preview may connect."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def check_origin(self, origin: str) -> bool:
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and parts.netloc.lower() in self.preview.hosts

    def open(self, *args: Any, **kwargs: Any) -> None:
        self.preview.waiters.add(self)

    def on_close(self) -> None:
        self.preview.waiters.discard(self)

    def on_message(self, message: str | bytes) -> None:
        try:
            super().on_message(message)
        except Exception:  # a client speaking something else: close it, keep serving
            self.close(1003, "unsupported message")


# --- the preview --------------------------------------------------------------------------------


@dataclass
class State:
    """What the last rebuild left: shown by every response until the next one."""

    ok: bool = False
    problems: list[Problem] = field(default_factory=list)
    drafts: frozenset[str] = frozenset()  # output paths of pages marked draft
    strings: dict[str, dict[str, str]] = field(default_factory=dict)
    default_lang: str = "id"
    builds: int = 0
    pages: int = 0  # pages of a good build
    seconds: float = 0.0  # how long the rebuild took


class Preview:
    def __init__(self, root: Path, out: Path, host: str, port: int, stream: TextIO = sys.stdout, debug: bool = False):
        self.root = root.absolute()
        self.out = out.absolute()
        self.host = host
        self.port = port
        self.stream = stream
        self.debug = debug
        self.hosts = allowed_hosts(host, port)
        self.state = State()
        self.waiters: set[Any] = set()
        self.loop: tornado.ioloop.IOLoop | None = None
        self._lock = threading.Lock()
        self._told_code = False  # "the generator's code changed: restart" is said once

    def say(self, text: str) -> None:
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        for line in text.splitlines():
            print(f"[{stamp}] {terminal_safe(line)}", file=self.stream, flush=True)

    # -- building

    def sources(self) -> list[Path]:
        """What the build reads: site.yaml, content/, and the site's and project's templates/ and assets/."""
        return [
            self.root / "site.yaml",
            self.root / "content",
            *layered(self.root, "templates"),
            *layered(self.root, "assets"),
        ]

    def rebuild(self, changed: Iterable[str] = ()) -> State:
        with self._lock:
            names = [self._rel(p) for p in changed]
            if names:
                shown = ", ".join(names[:3])
                if len(names) > 3:
                    shown = msg("serve.changed-more", names=shown, n=len(names) - 3)
                self.say(msg("serve.changed", names=shown))
            state = self._build()
            # Published before it is announced: whoever reads "built" in the terminal (an editor, the
            # tests) and then asks for a page must get this build's state with it, not the overlay
            # of the build before (the files on disk were already swapped in by the build).
            self.state = state
            if state.ok:
                self.say(msg("serve.built", pages=state.pages, seconds=f"{state.seconds:.2f}"))
                warnings = [p for p in state.problems if p.severity == "warning"]
                if warnings:
                    self.say(format_report(warnings))
            else:
                self.say(format_report(state.problems))
                self.say(msg("serve.kept"))
            if not self._told_code and not store.code_unchanged():
                # This process runs the code it loaded; a saved handbill/ file (a git pull, an upgrade)
                # only takes effect in a new preview.  Meanwhile nothing is reused (INVARIANTS rule 10).
                self._told_code = True
                self.say(msg("serve.code-changed"))
            if self.loop is not None:
                self.loop.add_callback(self.reload_browsers)
            return state

    def _build(self) -> State:
        started = time.perf_counter()
        state = State(builds=self.state.builds + 1, strings=self.state.strings, default_lang=self.state.default_lang)
        try:
            result = build(self.root, Options(out=self.out, base_url="/", drafts=True, in_place=True))
            state.problems = sorted(set(result.problems))
            state.ok = result.ok
            if result.ok:
                state.drafts = self._draft_pages(result.sites)
                state.pages = result.pages
        except ConfigError as exc:
            state.problems = list(exc.problems)
        except Exception as exc:  # a bug in the generator: still one line, still keep serving
            if self.debug:
                traceback.print_exc()
            where = CURRENT.get() or "<build>"
            state.problems = [
                Problem(
                    where,
                    0,
                    0,
                    "error",
                    msg("serve.internal", error=f"{type(exc).__name__}: {exc}"),
                    msg("serve.internal.hint"),
                )
            ]
        self._load_strings(state)
        state.seconds = time.perf_counter() - started
        return state

    def _load_strings(self, state: State) -> None:
        try:
            config = load_config(self.root, "/")
            tables = load_strings(layered(self.root, "templates"), config.languages, Problems(), self.root)
        except Exception:  # site.yaml or a strings file is broken: keep the strings of the last build
            return
        state.default_lang = config.default_language
        state.strings = {lang: strings.table for lang, strings in tables.items()}

    def _draft_pages(self, sites: dict[str, Any]) -> frozenset[str]:
        if not any(e.draft for site in sites.values() for e in site.all_entries()):
            return frozenset()
        config = load_config(self.root, "/")
        strings = load_strings(layered(self.root, "templates"), config.languages, Problems(), self.root)
        graph = build_graph(sites, strings, Problems())
        return frozenset(r.output for r in graph.routes if r.kind in ("entry", "page") and r.obj.draft)

    def _rel(self, path: str) -> str:
        for base in (self.root, THEME_DIR):
            try:
                return Path(path).relative_to(base).as_posix()
            except ValueError:
                continue
        return path

    # -- responses

    def reload_browsers(self) -> None:
        message = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}
        for waiter in list(self.waiters):
            try:
                waiter.write_message(message)
            except Exception:
                self.waiters.discard(waiter)

    def text(self, lang: str, key: str) -> str:
        table = self.state.strings.get(lang) or self.state.strings.get(self.state.default_lang) or {}
        return table.get(key) or DEFAULT_STRINGS[key]

    def inject(self, page: bytes, rel: str) -> bytes:
        """The page as the browser gets it: reload script, draft banner, overlay.  Files stay as built."""
        state = self.state
        found = _HTML_LANG.search(page[:4096])
        lang = found.group(1).decode("ascii").lower() if found else state.default_lang
        head = b'<link rel="stylesheet" href="/__handbill__/preview.css"><script src="/livereload.js"></script>'
        body = ""
        if rel in state.drafts:
            body += f'<div id="handbill-draft" role="note">{html.escape(self.text(lang, "serve.draft_banner"))}</div>'
        if state.builds and (not state.ok or state.problems):
            body += self.overlay(lang)  # errors block; warnings of a good build are listed unobtrusively
        return insert(page, head, body.encode("utf-8"))

    def overlay(self, lang: str) -> str:
        """The problem panel, in the editor's message language (handbill/messages), like the terminal:
        a blocking red panel when the last change could not be built, else a quiet one listing the
        warnings of a good build (an unknown field, a partial translation), which does not cover the page."""
        del lang  # the panel speaks the editor's language, whatever the page's language
        problems = self.state.problems
        blocking = not self.state.ok

        def m(code: str, **args: Any) -> str:
            return html.escape(msg(code, **args))

        items = []
        for p in problems[:OVERLAY_CAP]:
            where = html.escape(p.file or "<build>")
            if p.line and p.col:
                where += " " + m("panel.line-col", line=p.line, col=p.col)
            elif p.line:
                where += " " + m("panel.line", line=p.line)
            severity = m(f"severity.{p.severity}")
            hint = f'<span class="hb-hint">{m("panel.hint")}: {html.escape(p.hint)}</span>' if p.hint else ""
            items.append(
                f'<li class="hb-{p.severity}" data-code="{html.escape(p.code)}"><code>{where}</code> '
                f"{severity}: {html.escape(p.message)}{hint}</li>"
            )
        rest = len(problems) - OVERLAY_CAP
        if rest > 0:
            items.append(f"<li>{m('panel.more', count=rest)}</li>")
        if blocking:
            title, intro, ident, role, open_ = m("panel.title"), m("panel.intro"), "handbill-overlay", "alert", " open"
        else:
            title, intro, ident, role, open_ = (
                m("panel.warnings-title", count=len(problems)),
                m("panel.warnings-intro"),
                "handbill-warnings",
                "status",
                " open",
            )
        return (
            f'<div id="{ident}" role="{role}" lang="{html.escape(language())}"><details{open_}>'
            f"<summary>{title}</summary><p>{intro}</p>"
            f"<ol>{''.join(items)}</ol></details></div>"
        )

    def placeholder(self) -> bytes:
        lang = self.state.default_lang
        text = html.escape(self.text(lang, "serve.no_build"))
        return (
            f'<!doctype html><html lang="{html.escape(lang)}"><head><meta charset="utf-8"><title>{text}</title>'
            f"</head><body><p>{text}</p></body></html>"
        ).encode()

    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """Quiet terminal: only refused requests and server faults are worth an editor's attention."""
        status = handler.get_status()
        if status in (400, 403, 405) or status >= 500:
            request = handler.request
            path = request.path if len(request.path) < 200 else request.path[:200] + "..."
            code = "serve.refused" if status < 500 else "serve.failed"
            self.say(
                msg(
                    code,
                    method=request.method,
                    path=repr(path),
                    ip=request.remote_ip,
                    status=status,
                    reason=handler._reason,
                )
            )

    def application(self) -> tornado.web.Application:
        extra = {"preview": self}
        return tornado.web.Application(
            [
                (r"/livereload", Reload, extra),
                (r"/livereload\.js", Script, extra),
                (r"/__handbill__/preview\.css", Stylesheet, extra),
                (r"/(.*)", Files, {"path": str(self.out), "default_filename": "index.html", **extra}),
            ],
            default_handler_class=Plain,
            default_handler_args=extra,
            log_function=self.log_request,
            websocket_ping_interval=20,
        )


def insert(page: bytes, head: bytes, body: bytes) -> bytes:
    """`head` before </head>, `body` right after <body ...>; either at the start when missing."""
    match = _HEAD_END.search(page)
    page = page[: match.start()] + head + page[match.start() :] if match else head + page
    match = _BODY_START.search(page)
    return page[: match.end()] + body + page[match.end() :] if match else page + body


# --- the command --------------------------------------------------------------------------------


def bind(host: str, port: int) -> list[socket.socket]:
    return tornado.netutil.bind_sockets(port, address=host or None)


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, debug: bool = False) -> int:
    """`build.py serve`: returns the exit code (2 when the port or address cannot be used)."""
    if tornado.version_info[:3] < MIN_TORNADO:
        wanted = ".".join(map(str, MIN_TORNADO))
        print(_error(msg("serve.tornado", wanted=wanted, version=tornado.version)), file=sys.stderr)
        return 2
    if not 0 <= port <= 65535:
        print(_error(msg("serve.bad-port", port=port)), file=sys.stderr)
        return 2
    root = root.absolute()
    if not (root / "site.yaml").is_file():
        print(_error(msg("serve.no-site", root=root)), file=sys.stderr)
        return 2
    try:
        sockets = bind(host, port)
    except OSError as exc:
        print(_error(bind_error(exc, host, port)), file=sys.stderr)
        return 2
    port = sockets[0].getsockname()[1]
    workdir = Path(tempfile.mkdtemp(prefix="handbill-preview-"))
    preview = Preview(root, workdir / "site", host, port, debug=debug)
    if not is_loopback(host):
        preview.say(msg("serve.open-host", host=host or "0.0.0.0", warning=msg("severity.warning")))
    watcher = Rebuilder(preview.sources(), preview.rebuild, exclude=[workdir])
    on_term = signal.getsignal(signal.SIGTERM)  # the command line's (cli.py): exit 143, cleaned up
    terminated = False
    try:
        watcher.prime()  # before the first build reads anything: a save during it is not lost
        preview.rebuild()
        shown = f"[{host}]" if ":" in host else (host if not is_wildcard(host) else "127.0.0.1")
        serving = msg("serve.serving", address=f"http://{shown}:{port}/")
        terminated = asyncio.run(_run(preview, sockets, watcher, serving))
    finally:
        if on_term is not None:
            signal.signal(signal.SIGTERM, on_term)  # the event loop's own handler is gone with it
        watcher.stop()
        preview.loop = None
        for sock in sockets:
            sock.close()
        shutil.rmtree(workdir, ignore_errors=True)
    if terminated:
        if callable(on_term):
            on_term(signal.SIGTERM, None)
        signal.raise_signal(signal.SIGTERM)  # no handler of Python's: end as that process would
    return 0


async def _run(preview: Preview, sockets: list[socket.socket], watcher: Rebuilder, serving: str) -> bool:
    """Serve until SIGTERM (True) or Ctrl-C (KeyboardInterrupt)."""
    # A SIGTERM is taken by the event loop, not by the command line's handler: that one raises an
    # exception, which asyncio swallows when it lands in a callback (`Handle._run` re-raises only
    # KeyboardInterrupt and SystemExit) — the server went on running (one SIGTERM in 40 was lost).
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    except (NotImplementedError, RuntimeError):
        pass  # no signal handlers in this loop (Windows): the command line's handler stays
    preview.loop = tornado.ioloop.IOLoop.current()
    httpd = HTTPServer(preview.application(), max_header_size=16 * 1024, max_body_size=64 * 1024)
    httpd.add_sockets(sockets)
    watcher.start()
    preview.say(serving)  # only now: a SIGTERM from here on is the loop's
    try:
        await stop.wait()
    finally:
        httpd.stop()
    return True


def _error(text: str) -> str:
    return f"{msg('severity.error')}: {text}"


def bind_error(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return msg("serve.port-in-use", port=port, host=host or msg("serve.this-computer"), next=port + 1)
    if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
        return msg("serve.no-address", host=host)
    if exc.errno == errno.EACCES:
        return msg("serve.port-denied", port=port)
    return msg("serve.cannot-listen", host=host, port=port, why=exc.strerror or exc)
