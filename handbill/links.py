"""Which link targets are safe to publish, and which asset paths exist (with their exact case)."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

from ada_url import URL

from .inputs import MAX_ASSET_BYTES, InputError, check_regular
from .messages import t
from .problems import Problem
from .text import bad_character

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")

#: The page a link is judged from: any host of ours would do, this one is reserved (RFC 6761).
_HERE = "https://handbill.invalid/a/b/"
_HERE_HOST = "handbill.invalid"


def normalise_url(url: str) -> str:
    """What a browser would see: entities decoded, invisible characters and whitespace removed."""
    previous = None
    while previous != url:  # decode nested entities such as &amp;#106;
        previous, url = url, html.unescape(url)
    return _INVISIBLE.sub("", url)


def split_url(url: str) -> SplitResult | None:
    """urlsplit, or None for an address it refuses (it raises on an unbalanced '[' in the host)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


@dataclass(frozen=True)
class BrowserView:
    """How a browser reads an address written in a page (the WHATWG URL standard, by ada-url): leading
    and trailing controls and spaces stripped, tabs and newlines removed anywhere, backslashes read
    as slashes in http(s), scheme letters in any case."""

    absolute: bool  # it names its own scheme
    scheme: str  # 'https', 'mailto', ...; for a relative address the page's
    host: str  # '' when the scheme has none
    valid: bool


def browser_view(url: str) -> BrowserView:
    """`url` as written in an attribute (entities already decoded) read the way browsers read it."""
    try:
        parsed = URL(url)  # succeeds only for an absolute address
        absolute = True
    except ValueError:
        try:
            parsed = URL(url, _HERE)
        except ValueError:
            return BrowserView(False, "", "", False)
        absolute = False
    return BrowserView(absolute, parsed.protocol.rstrip(":").lower(), parsed.hostname, True)


def link_problem(url: str) -> str | None:
    """Why `url` may not be published as a link, or None when it may.

    Judged twice, and refused when either refuses: as a browser reads it (browser_view: `java\tscript:`,
    `/\\evil.example`, `\\\\evil.example` and `JaVaScRiPt:` are what they look like to a browser), with
    the HTML entities of the attribute decoded first; and after also removing invisible characters and
    percent-decoding, so that spellings a browser would not run (`java%0ascript:`) are not published
    either."""
    clean = normalise_url(url)
    if not clean:
        return t("link.empty")
    decoded_once = url
    previous = None
    while previous != decoded_once:
        previous, decoded_once = decoded_once, html.unescape(decoded_once)
    view = browser_view(decoded_once)
    if not view.valid:
        return t("link.invalid")
    if view.absolute and view.scheme not in SAFE_SCHEMES:
        return t("link.scheme", scheme=view.scheme)
    if not view.absolute and view.host != _HERE_HOST:
        return t("link.other-site")
    # Percent-encoded invisible characters too: "java%0ascript:" must not slip through.
    decoded = _INVISIBLE.sub("", unquote(clean))
    scheme_part = decoded.split(":", 1)
    if ":" in decoded and _SCHEME.fullmatch(scheme_part[0]):
        if scheme_part[0].lower() not in SAFE_SCHEMES:
            return t("link.scheme", scheme=scheme_part[0].lower())
        parts = split_url(clean)
        if parts is None:
            return t("link.brackets")
        if scheme_part[0].lower() in {"http", "https"} and not (parts.netloc or view.host):
            return t("link.no-host")
        return None
    if clean.startswith("//") or decoded.startswith("//"):
        return t("link.protocol-relative")
    return None


def leaves_site(url: str) -> bool:
    """True when a browser would fetch `url` (an image's src) from another host or with a scheme."""
    view = browser_view(normalise_url(url) if "&" in url else url)
    return not view.valid or view.absolute or view.host != _HERE_HOST


class AssetIndex:
    """Every file under assets/, so that 'does this image exist, with this exact case?' is a look-up.

    Files that can never be published are left out and reported in `problems` (the validator adds
    them to the build's report, so the build stops before anything is written): names that are not
    UTF-8 or hold control characters, FIFOs, devices, sockets, oversized files, and symbolic links
    whose target is not inside the same assets/ folder."""

    def __init__(self, roots: list[Path]) -> None:
        self.files: dict[str, Path] = {}
        self.problems: list[Problem] = []
        for root in roots:
            if not root.is_dir():
                continue
            real_root = root.resolve()
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") or d == ".well-known")
                for name in sorted(filenames):
                    if name.startswith("."):
                        continue
                    full = Path(dirpath) / name
                    rel = full.relative_to(root).as_posix()
                    if rel in self.files:
                        continue  # the site's own assets win over the project's
                    why = self._refuse(full, rel, real_root)
                    if why is not None:
                        self.problems.append(Problem(f"assets/{rel}", 0, 0, "error", why[0], why[1], why[2]))
                        continue
                    self.files[rel] = full
        self._folded = {k.casefold(): k for k in self.files}

    @staticmethod
    def _refuse(full: Path, rel: str, real_root: Path) -> tuple[str, str, str] | None:
        """(message, hint, code) when the file may not be published, else None."""
        if bad_character(rel) or "\\" in rel:
            return (
                t("asset.bad-name"),
                t("asset.bad-name.hint"),
                "asset.bad-name",
            )
        if full.is_symlink():
            try:
                target = full.resolve(strict=True)
            except (OSError, RuntimeError):
                return (t("asset.dangling"), t("asset.dangling.hint"), "asset.symlink")
            if real_root not in target.parents:
                return (
                    t("asset.outside"),
                    t("asset.outside.hint"),
                    "asset.symlink",
                )
        try:
            check_regular(full, MAX_ASSET_BYTES)
        except InputError as exc:
            return exc.why, exc.hint, exc.code
        return None

    def check(self, path: str) -> str | None:
        """None when `path` (relative to assets/) exists; otherwise why not, with a hint."""
        clean = path.lstrip("/").removeprefix("assets/")
        if clean in self.files:
            return None
        near = self._folded.get(clean.casefold())
        if near:
            return t("asset.case", name=near)
        return t("asset.none")
