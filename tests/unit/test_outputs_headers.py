"""`_headers`: the policy it carries, at the domain root and under a sub-path (the browser half of the
check is tests/e2e/test_gates.py, which serves the built site with these headers in Chromium)."""

from __future__ import annotations

import re

from handbill.formats.headers import CSP, IMMUTABLE, SECURITY, headers_file, nginx_snippet
from tests.unit.test_outputs_site import build_absolute, build_relative


def directives() -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in CSP.split("; ")}


def test_policy_allows_no_inline_script_and_no_other_origin() -> None:
    policy = directives()
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert "script-src-attr" not in policy and "script-src-elem" not in policy  # both fall back to script-src
    for name, sources in policy.items():
        for source in sources:
            assert source in ("'self'", "'none'", "'unsafe-inline'", "'wasm-unsafe-eval'"), f"{name} allows {source}"
            if source == "'wasm-unsafe-eval'":  # WebAssembly only (Pagefind's search), never eval() of text
                assert name == "script-src", f"{name} allows {source}"
            if source == "'unsafe-inline'":
                assert name in ("style-src", "style-src-attr"), f"{name} allows inline code"
    assert policy["style-src-elem"] == ["'self'"]  # no <style> element in a current browser


def test_headers_file_at_the_root() -> None:
    text = headers_file("/", ["assets/css/site.0123456789.css"])
    assert text.splitlines()[1:] == [
        "/*",
        *[f"  {name}: {value}" for name, value in SECURITY],
        "/assets/css/site.0123456789.css",
        f"  {IMMUTABLE[0]}: {IMMUTABLE[1]}",
    ]


def test_built_sites_carry_headers_for_their_base_path() -> None:
    absolute = (build_absolute() / "_headers").read_text()
    relative = (build_relative() / "_headers").read_text()
    assert "\n/ccc/*\n" in absolute and "\n/*\n" not in absolute
    assert "\n/*\n" in relative and "/ccc/" not in relative
    for text in (absolute, relative):
        hashed = re.findall(r"^(\S+)\n  Cache-Control: ", text, re.M)
        assert hashed and all(re.search(r"/assets/(css|js)/[\w-]+\.[0-9a-f]{10}\.(css|js)$", p) for p in hashed)


def test_nginx_snippet_sends_the_same_headers_and_hides_the_file() -> None:
    snippet = nginx_snippet("/ccc/")
    for name, value in SECURITY:
        assert snippet.count(f'add_header {name} "{value}" always;') == 2  # server level and the asset location
    assert "location ~ ^/ccc/assets/" in snippet and "location = /ccc/_headers {\n    return 404;" in snippet
