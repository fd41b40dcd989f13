"""The gates a built site must pass before it is published, as functions over a built output folder,
so that the real site and deliberately broken copies of it (test_gates.py) go through the same code:

- `check_links`: every internal link, stylesheet, script, image and fragment resolves to a file of the
  site (and an id in it), at the domain root or under a sub-path;
- `check_budget`: a page's HTML with the CSS and JS it loads stays within a gzip budget;
- `crawl`: Chromium visits pages, intercepting every request (one to another origin is recorded and
  refused), with optional axe-core, and collects Content-Security-Policy violations and script errors.

`serve` is a tiny local host that applies the site's own `_headers` rules (what Netlify and Cloudflare
Pages do), so the browser checks see the policy the site ships with.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import posixpath
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest

from handbill.formats.headers import CSP

BUDGET = 50 * 1024  # bytes, gzip-compressed: a page's HTML plus the CSS and JS it loads
ORIGIN = "https://site.invalid"  # a stand-in origin for sites built with a relative base_url
#: (name, viewport, colour scheme) of the browser checks' visits.
VIEWS: tuple[tuple[str, dict[str, int], str], ...] = (
    ("phone", {"width": 390, "height": 844}, "light"),
    ("desktop", {"width": 1280, "height": 900}, "light"),
    ("phone-dark", {"width": 390, "height": 844}, "dark"),
)


# ----------------------------------------------------------------------------- the local host


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """`_headers` (Netlify / Cloudflare Pages) → [(path pattern, [(name, value)])]."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace():
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
        else:
            rules.append((line.strip(), []))
    return rules


def rule_matches(pattern: str, path: str) -> bool:
    if pattern.endswith("*"):
        return path.startswith(pattern[:-1])
    return path == pattern


@dataclass(frozen=True)
class Served:
    root: Path  # the built site
    base: str  # http://127.0.0.1:PORT/ plus the base path

    def url(self, rel: str) -> str:
        return self.base + rel.lstrip("/")

    def html_files(self) -> list[str]:
        return all_pages(self.root)


class _Host(http.server.BaseHTTPRequestHandler):
    """GET and HEAD of the files under `root` at `base_path`, with the `_headers` rules that match."""

    root: Path
    base_path: str
    rules: list[tuple[str, list[tuple[str, str]]]]
    slow: dict[str, float]  # path -> seconds to wait before answering (a slow network, for races)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._answer(body=True)

    def _file(self, path: str) -> Path | None:
        if not path.startswith(self.base_path):
            return None
        rel = posixpath.normpath(unquote(path[len(self.base_path) :]) or ".")
        if rel.startswith(".."):
            return None
        target = self.root / rel
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def _answer(self, body: bool) -> None:
        path = urlsplit(self.path).path
        if self.slow.get(path):
            time.sleep(self.slow[path])
        target = self._file(path)
        status = 200
        if target is not None and (self.root / path[len(self.base_path) :]).is_dir() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.end_headers()
            return
        if target is None:
            status, target = 404, self.root / "404.html"
        data = target.read_bytes() if target.is_file() else b"not found"
        self.send_response(status)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(data)))
        for pattern, headers in self.rules:
            if rule_matches(pattern, path):
                for name, value in headers:
                    self.send_header(name, value)
        self.end_headers()
        if body:
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser went on before the body was sent (a prefetch, a cancelled load): not an error


@contextmanager
def serve(
    root: Path, base_path: str = "/", headers: bool = True, slow: dict[str, float] | None = None
) -> Iterator[Served]:
    """Serve a built site on 127.0.0.1 (a free port) at `base_path`, applying its `_headers`; the paths in
    `slow` (a dict the caller may change while serving) are answered that many seconds late."""
    rules = parse_headers_file((root / "_headers").read_text(encoding="utf-8")) if headers else []
    attrs = {"root": root, "base_path": base_path, "rules": rules, "slow": slow if slow is not None else {}}
    handler = type("Host", (_Host,), attrs)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="e2e-http", daemon=True)
    thread.start()
    try:
        yield Served(root, f"http://127.0.0.1:{server.server_address[1]}{base_path}")
    finally:
        server.shutdown()
        server.server_close()


# ----------------------------------------------------------------------------- which pages


def all_pages(root: Path) -> list[str]:
    """Every HTML page, as a path relative to the site root ('', 'agenda/', '404.html')."""
    return sorted(p.relative_to(root).as_posix().removesuffix("index.html") for p in root.rglob("*.html"))


def languages_of(root: Path) -> list[str]:
    """The prefixes of the languages other than the default ('en/'), from the folders holding a home page."""
    return sorted(p.parent.name + "/" for p in root.glob("*/index.html") if (p.parent / "404.html").is_file())


def page_kinds(root: Path) -> list[str]:
    """One page of each kind in each language: the home page, 404, each section's list, the largest
    entry of each section (it shows the most of its template), and the largest free page."""
    prefixes = languages_of(root)
    kinds: dict[tuple[str, str], str] = {}
    sizes: dict[str, int] = {}
    for rel in all_pages(root):
        prefix = next((p for p in prefixes if rel.startswith(p)), "")
        parts = [p for p in rel[len(prefix) :].split("/") if p]
        file = root / (rel + "index.html" if rel.endswith("/") or rel == "" else rel)
        sizes[rel] = file.stat().st_size
        if not parts or rel.endswith(".html"):
            kind = "/".join(parts) or "home"
        elif len(parts) == 1:
            has_entries = any((file.parent / child).is_dir() for child in _children(file.parent))
            kind = parts[0] if has_entries else "page"
        else:
            kind = parts[0] + "/*"
        key = (prefix, kind)
        if key not in kinds or sizes[rel] > sizes[kinds[key]]:
            kinds[key] = rel
    return sorted(kinds.values())


def _children(folder: Path) -> list[str]:
    return [c.name for c in folder.iterdir() if c.is_dir() and (c / "index.html").is_file()]


# ----------------------------------------------------------------------------- links


@dataclass
class _Page:
    ids: set[str]
    refs: list[tuple[str, str]]  # (element, URL as written)


URL_ATTRIBUTES = (
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("iframe", "src"),
    ("form", "action"),
    ("use", "href"),
)


def _read_page(path: Path) -> _Page:
    tree = lxml.html.fromstring(path.read_bytes())
    ids = {el.get("id") for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}
    ids |= {el.get("name") for el in tree.iter("a") if el.get("name")}
    refs: list[tuple[str, str]] = []
    for tag, attr in URL_ATTRIBUTES:
        for el in tree.iter(tag):
            value = el.get(attr)
            if value is not None and not (tag == "link" and el.get("rel") in ("preconnect", "dns-prefetch")):
                refs.append((f"<{tag} {attr}>", value.strip()))
    for el in tree.iter("img", "source"):
        for candidate in (el.get("srcset") or "").split(","):
            if candidate.strip():
                refs.append((f"<{el.tag} srcset>", candidate.split()[0]))
    for el in tree.iter("meta"):
        if el.get("property") in ("og:url", "og:image") and el.get("content"):
            refs.append((f"<meta {el.get('property')}>", el.get("content").strip()))
    return _Page({i for i in ids if i}, refs)


def check_links(root: Path, base_url: str) -> list[str]:
    """Every reference from an HTML page to the site itself resolves: the file exists (a folder
    address ends in '/' and has an index.html) and a fragment names an id in it.  `base_url` is what
    the site was built for ('/' or 'https://example.org/ccc/'); a reference to the site's origin
    outside its base path is broken too.  Returns one line per problem, naming the page."""
    base = base_url if urlsplit(base_url).scheme else ORIGIN + base_url
    origin, base_path = f"{urlsplit(base).scheme}://{urlsplit(base).netloc}", urlsplit(base).path
    pages: dict[str, _Page] = {}
    problems: list[str] = []

    def page(rel: str) -> _Page:
        if rel not in pages:
            pages[rel] = _read_page(root / rel)
        return pages[rel]

    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root).as_posix()
        page_url = base + rel.removesuffix("index.html")
        for element, written in page(rel).refs:
            url = urljoin(page_url, written)
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != origin:
                continue  # mailto:, tel:, data:, another site: not this check's business
            where = f"{rel}: {element} {written!r}"
            if not parts.path.startswith(base_path):
                problems.append(f"{where} is outside the site's base path {base_path}")
                continue
            target_rel = unquote(parts.path[len(base_path) :])
            target = root / target_rel
            if target_rel in ("", ".") or target_rel.endswith("/"):
                target = target / "index.html"
                target_rel = (target_rel + "index.html").lstrip("/")
            elif target.is_dir():
                problems.append(f"{where} names a folder without its trailing '/'")
                continue
            if not target.is_file():
                problems.append(f"{where}: no such file {target_rel}")
                continue
            if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in page(target_rel).ids:
                problems.append(f"{where}: {target_rel} has no element with id '{unquote(parts.fragment)}'")
    return problems


# ----------------------------------------------------------------------------- page weight


def check_budget(root: Path, pages: list[str], budget: int = BUDGET) -> list[str]:
    """A page's HTML plus the stylesheets and scripts it loads from the site, each gzip-compressed
    (level 6, what hosts commonly use), within `budget` bytes.  One line per page over it."""
    problems = []
    for rel in pages:
        html_path = root / rel
        tree = lxml.html.fromstring(html_path.read_bytes())
        files = [html_path]
        for el in tree.iter("link", "script"):
            ref = el.get("src") if el.tag == "script" else el.get("href") if el.get("rel") == "stylesheet" else None
            if ref and not urlsplit(ref).scheme:
                files.append(_local(root, html_path, ref))
        sizes = {f: len(gzip.compress(f.read_bytes(), compresslevel=6, mtime=0)) for f in files if f.is_file()}
        total = sum(sizes.values())
        if total > budget:
            detail = ", ".join(f"{f.relative_to(root).as_posix()} {n / 1024:.1f} KB" for f, n in sizes.items())
            problems.append(
                f"{rel}: {total / 1024:.1f} KB compressed, over the {budget / 1024:.0f} KB budget ({detail})"
            )
    return problems


def _local(root: Path, page: Path, ref: str) -> Path:
    path = unquote(urlsplit(ref).path)
    if path.startswith("/"):
        # the base path is the first folders of the address that the output does not have
        parts = [p for p in path.split("/") if p]
        for i in range(len(parts)):
            candidate = root.joinpath(*parts[i:])
            if candidate.is_file():
                return candidate
        return root / path.lstrip("/")
    return (page.parent / path).resolve()


# ----------------------------------------------------------------------------- the browser


@dataclass
class Crawl:
    """What visiting pages in Chromium found, each entry naming the page."""

    pages: list[str]
    violations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # axe-core
    foreign: list[tuple[str, str]] = field(default_factory=list)  # (page, URL of another origin)
    csp: list[tuple[str, str]] = field(default_factory=list)  # (page, what the policy refused)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (page, uncaught script error)
    policies: dict[str, str | None] = field(default_factory=dict)  # page → its Content-Security-Policy header
    requests: int = 0


CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.effectiveDirective} refused ${e.blockedURI || 'inline'}` +
  (e.sourceFile ? ` (${e.sourceFile.split('/').pop()}:${e.lineNumber})` : '')));
"""
AXE_OPTIONS = {"resultTypes": ["violations"]}


def axe_source() -> str:
    try:
        import axe_playwright_python
    except ImportError:
        pytest.fail(
            "the Python package 'axe-playwright-python' (bundles axe-core) is required: pip install -e '.[test]'"
        )
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def crawl(
    browser: Any,
    served: Served,
    pages: list[str],
    viewport: dict[str, int] | None = None,
    color_scheme: str = "light",
    axe: bool = False,
) -> Crawl:
    """Visit `pages` of `served` in one browser context.  Every request is intercepted: one to another
    origin is recorded and refused (this machine could not answer it anyway; CI's could).  With `axe`,
    axe-core runs on each page (injected by the browser's debugging protocol, not as a page script, so
    the site's policy does not apply to it)."""
    found = Crawl(list(pages))
    local = urlsplit(served.base).netloc
    current = {"page": ""}
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, color_scheme=color_scheme)

    def route(r: Any) -> None:
        found.requests += 1
        url = r.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).netloc == local:
            r.continue_()
        else:
            found.foreign.append((current["page"], url))
            r.abort()

    context.route("**/*", route)
    context.add_init_script(script=CSP_LISTENER)
    if axe:
        context.add_init_script(script=axe_source())
    page = context.new_page()
    page.on("pageerror", lambda exc: found.errors.append((current["page"], str(exc))))
    page.on(
        "console",
        lambda msg: (
            found.csp.append((current["page"], msg.text.split(". ")[0]))
            if "Content Security Policy" in msg.text or "Permissions-Policy" in msg.text
            else None
        ),
    )
    try:
        for rel in pages:
            current["page"] = rel
            response = page.goto(served.url(rel), wait_until="load")
            found.policies[rel] = response.headers.get("content-security-policy") if response else None
            found.csp += [(rel, v) for v in page.evaluate("() => window.__cspViolations || []")]
            if axe:
                result = page.evaluate("async (opts) => await window.axe.run(document, opts)", AXE_OPTIONS)
                if result["violations"]:
                    found.violations[rel] = list(result["violations"])
    finally:
        context.close()
    return found


def describe_violations(violations: dict[str, list[dict[str, Any]]], limit: int = 30) -> str:
    lines = []
    for rel, items in violations.items():
        for v in items:
            targets = "; ".join(
                " ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"]) for n in v["nodes"][:3]
            )
            lines.append(f"/{rel}: {v['id']} ({v.get('impact')}): {v['help']} — {targets}")
    more = f"\n… and {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


def describe(found: list[tuple[str, str]], limit: int = 30) -> str:
    lines = [f"/{page}: {what}" for page, what in found]
    more = f"\n… and {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


def unapplied_policy(crawl: Crawl) -> list[str]:
    """Pages whose response did not carry the site's policy (the check would prove nothing there)."""
    return [rel for rel, policy in crawl.policies.items() if policy != CSP]
